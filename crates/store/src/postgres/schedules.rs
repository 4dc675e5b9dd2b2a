//! Rotation schedules of a PostgreSQL store: the schedules, their leases and their run
//! history, with the semantics of SQLite's (`sqlite/schedules.rs`).
//!
//! A claim selects the due schedules with `FOR UPDATE OF s SKIP LOCKED` and writes their
//! leases in the same transaction: runners claiming at once skip each other's rows instead
//! of waiting for them, and each due schedule goes to exactly one of them.

use std::time::Duration;

use jiff::Timestamp;
use tokio_postgres::Row;

use super::client::{PgClient, Tx};

use super::revisions::{RowLock, env_id, read_tx};
use super::{to_i64, to_u64};
use crate::error::StoreError;
use crate::id::AttemptId;
use crate::name::EnvName;
use crate::schedule::{
    Claim, LastRun, Lease, RunFinish, ScheduleChange, ScheduleDue, ScheduleId, ScheduleRecord, ScheduleRun,
    ScheduleRunResult, ScheduleSpec, lease_end, lease_expiry,
};
use crate::time::{format_timestamp, now_rfc3339};

/// The columns [`read_record`] reads, in its order, of a schedule `s` and its environment `e`.
macro_rules! record_columns {
    () => {
        "s.id, e.org, e.project, e.name, s.paths, s.kind, s.expression, s.window_seconds, s.time_zone, \
         s.anchor_at, s.due_at, s.occurrence_at, s.last_run_at, s.last_result, s.last_revision, s.last_attempt_id, \
         s.consecutive_failures, s.paused, s.lease_owner, s.lease_expires_at, s.lease_attempt_id, s.created_at, \
         s.modified_at"
    };
}

const COLUMNS: &str = concat!(record_columns!(), " FROM schedules s JOIN environments e ON e.id = s.env_id");

/// The claim, in one statement (so in one transaction, and one round trip): the due,
/// unpaused schedules without a live lease, oldest due first, skipping the rows another
/// runner's claim has locked (`locked`), each leased with the next of the attempt ids `$6`
/// (`claimed`); returns their records as leased, and the attempt of the lease each replaced.
const CLAIM_SQL: &str = concat!(
    "WITH locked AS (SELECT s.id, s.due_at, s.lease_attempt_id FROM schedules s \
     JOIN environments e ON e.id = s.env_id \
     WHERE NOT s.paused AND s.due_at IS NOT NULL AND s.due_at <= $1 \
     AND (s.lease_owner IS NULL OR s.lease_expires_at <= $1) AND NOT e.deleted AND ($2::text IS NULL OR e.org = $2) \
     ORDER BY s.due_at, s.id LIMIT $3 FOR UPDATE OF s SKIP LOCKED), \
     numbered AS (SELECT id, lease_attempt_id AS previous, row_number() OVER (ORDER BY due_at, id) AS n FROM locked), \
     claimed AS (UPDATE schedules s SET lease_owner = $4, lease_expires_at = $5, \
     lease_attempt_id = ($6::text[])[numbered.n] FROM numbered WHERE s.id = numbered.id \
     RETURNING s.*, numbered.previous, numbered.n) \
     SELECT ",
    record_columns!(),
    ", s.previous FROM claimed s JOIN environments e ON e.id = s.env_id ORDER BY s.n"
);

/// At most this many schedules per claim (each needs an attempt id made beforehand); a
/// runner claims in rounds of its concurrency anyway.
const CLAIM_MAX: usize = 1000;

fn paths_json(paths: &[String]) -> String {
    serde_json::to_string(paths).unwrap_or_else(|_| "[]".to_owned())
}

pub(super) fn read_record(r: &Row) -> Result<ScheduleRecord, StoreError> {
    let paths: String = r.get(4);
    let paths: Vec<String> = serde_json::from_str(&paths)
        .map_err(|_| StoreError::Corrupt(format!("a schedule's paths are not a JSON list: {paths}")))?;
    let (due_at, occurrence_at): (Option<String>, Option<String>) = (r.get(10), r.get(11));
    let (last_at, last_result): (Option<String>, Option<String>) = (r.get(12), r.get(13));
    let last_run = match (last_at, last_result) {
        (Some(at), Some(result)) => Some(LastRun {
            at,
            result: ScheduleRunResult::from_db(&result)?,
            revision: r.get::<_, Option<i64>>(14).map(to_u64).transpose()?,
            attempt: r.get::<_, Option<String>>(15).map(AttemptId),
        }),
        _ => None,
    };
    let lease = match (r.get::<_, Option<String>>(18), r.get::<_, Option<String>>(19), r.get::<_, Option<String>>(20)) {
        (Some(owner), Some(expires_at), Some(attempt)) => {
            Some(Lease { owner, expires_at, attempt: AttemptId(attempt) })
        }
        _ => None,
    };
    Ok(ScheduleRecord {
        id: ScheduleId(r.get(0)),
        env: EnvName { org: r.get(1), project: r.get(2), env: r.get(3) },
        paths,
        spec: ScheduleSpec {
            kind: r.get(5),
            expression: r.get(6),
            window_seconds: r.get::<_, Option<i64>>(7).map(to_u64).transpose()?,
            time_zone: r.get(8),
            anchor_at: r.get(9),
        },
        due: due_at.map(|at| ScheduleDue { occurrence: occurrence_at.unwrap_or_else(|| at.clone()), at }),
        last_run,
        consecutive_failures: u32::try_from(r.get::<_, i64>(16)).unwrap_or(u32::MAX),
        paused: r.get(17),
        lease,
        created_at: r.get(21),
        modified_at: r.get(22),
    })
}

async fn record_by_id(tx: &Tx<'_>, name: &EnvName, id: ScheduleId) -> Result<ScheduleRecord, StoreError> {
    let env = env_id(tx, name, RowLock::None).await?;
    let sql = format!("SELECT {COLUMNS} WHERE s.id = $1 AND s.env_id = $2");
    let row = tx.query_opt(sql.as_str(), &[&id.0, &env]).await?;
    row.as_ref().map(read_record).transpose()?.ok_or_else(|| StoreError::ScheduleNotFound { env: name.clone(), id })
}

pub(super) struct NewSchedule {
    pub(super) name: EnvName,
    pub(super) paths: Vec<String>,
    pub(super) spec: ScheduleSpec,
    pub(super) due: Option<ScheduleDue>,
}

pub(super) async fn create(client: &mut PgClient, new: NewSchedule) -> Result<ScheduleRecord, StoreError> {
    let tx = client.transaction().await?;
    let env = env_id(&tx, &new.name, RowLock::Share).await?;
    let (spec, due) = (&new.spec, new.due.as_ref());
    let row = tx
        .query_one(
            "INSERT INTO schedules (env_id, paths, kind, expression, window_seconds, time_zone, anchor_at, due_at, \
             occurrence_at, created_at, modified_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
            &[
                &env,
                &paths_json(&new.paths),
                &spec.kind,
                &spec.expression,
                &spec.window_seconds.map(to_i64).transpose()?,
                &spec.time_zone,
                &spec.anchor_at,
                &due.map(|d| &d.at),
                &due.map(|d| &d.occurrence),
                &now_rfc3339(),
            ],
        )
        .await?;
    let record = record_by_id(&tx, &new.name, ScheduleId(row.get(0))).await?;
    tx.commit().await?;
    Ok(record)
}

pub(super) async fn list(
    client: &mut PgClient,
    name: Option<EnvName>,
    org: Option<String>,
) -> Result<Vec<ScheduleRecord>, StoreError> {
    let tx = read_tx(client).await?;
    let env = match &name {
        Some(n) => Some(env_id(&tx, n, RowLock::None).await?),
        None => None,
    };
    let sql = format!(
        "SELECT {COLUMNS} WHERE NOT e.deleted AND ($1::bigint IS NULL OR s.env_id = $1) \
         AND ($2::text IS NULL OR e.org = $2) \
         ORDER BY e.org COLLATE \"C\", e.project COLLATE \"C\", e.name COLLATE \"C\", s.id"
    );
    tx.query(sql.as_str(), &[&env, &org]).await?.iter().map(read_record).collect()
}

pub(super) async fn get(client: &mut PgClient, name: EnvName, id: ScheduleId) -> Result<ScheduleRecord, StoreError> {
    let tx = read_tx(client).await?;
    record_by_id(&tx, &name, id).await
}

pub(super) async fn update(
    client: &mut PgClient,
    name: EnvName,
    id: ScheduleId,
    change: ScheduleChange,
) -> Result<ScheduleRecord, StoreError> {
    let tx = client.transaction().await?;
    record_by_id(&tx, &name, id).await?;
    if let Some(paths) = &change.paths {
        tx.execute("UPDATE schedules SET paths = $2 WHERE id = $1", &[&id.0, &paths_json(paths)]).await?;
    }
    if let Some((spec, due)) = &change.spec {
        tx.execute(
            "UPDATE schedules SET kind = $2, expression = $3, window_seconds = $4, time_zone = $5, anchor_at = $6, \
             due_at = $7, occurrence_at = $8, consecutive_failures = 0 WHERE id = $1",
            &[
                &id.0,
                &spec.kind,
                &spec.expression,
                &spec.window_seconds.map(to_i64).transpose()?,
                &spec.time_zone,
                &spec.anchor_at,
                &due.as_ref().map(|d| &d.at),
                &due.as_ref().map(|d| &d.occurrence),
            ],
        )
        .await?;
    }
    if let Some(paused) = change.paused {
        tx.execute("UPDATE schedules SET paused = $2 WHERE id = $1", &[&id.0, &paused]).await?;
    }
    tx.execute("UPDATE schedules SET modified_at = $2 WHERE id = $1", &[&id.0, &now_rfc3339()]).await?;
    let record = record_by_id(&tx, &name, id).await?;
    tx.commit().await?;
    Ok(record)
}

pub(super) async fn delete(client: &mut PgClient, name: EnvName, id: ScheduleId) -> Result<(), StoreError> {
    let tx = client.transaction().await?;
    record_by_id(&tx, &name, id).await?;
    tx.execute("DELETE FROM schedule_runs WHERE schedule_id = $1", &[&id.0]).await?;
    tx.execute("DELETE FROM schedules WHERE id = $1", &[&id.0]).await?;
    tx.commit().await?;
    Ok(())
}

/// The columns [`read_run`] reads, in its order.
pub(super) const RUN_COLUMNS: &str =
    "schedule_id, occurrence_at, started_at, duration_ms, result, revision, attempt_id, error, runner";

pub(super) fn read_run(r: &Row) -> Result<ScheduleRun, StoreError> {
    let result: String = r.get(4);
    Ok(ScheduleRun {
        schedule: ScheduleId(r.get(0)),
        occurrence_at: r.get(1),
        started_at: r.get(2),
        duration_ms: to_u64(r.get(3))?,
        result: ScheduleRunResult::from_db(&result)?,
        revision: r.get::<_, Option<i64>>(5).map(to_u64).transpose()?,
        attempt: r.get::<_, Option<String>>(6).map(AttemptId),
        error: r.get(7),
        runner: r.get(8),
    })
}

pub(super) async fn history(
    client: &mut PgClient,
    name: EnvName,
    id: Option<ScheduleId>,
) -> Result<Vec<ScheduleRun>, StoreError> {
    let tx = read_tx(client).await?;
    if let Some(id) = id {
        record_by_id(&tx, &name, id).await?;
    }
    let env = env_id(&tx, &name, RowLock::None).await?;
    let sql = format!(
        "SELECT {RUN_COLUMNS} FROM schedule_runs WHERE env_id = $1 AND ($2::bigint IS NULL OR schedule_id = $2) \
         ORDER BY id DESC"
    );
    tx.query(sql.as_str(), &[&env, &id.map(|i| i.0)]).await?.iter().map(read_run).collect()
}

/// Who claims, when, for how long, how many, where.
pub(super) struct ClaimRequest {
    pub(super) now: Timestamp,
    pub(super) owner: String,
    pub(super) lease: Duration,
    pub(super) limit: usize,
    pub(super) org: Option<String>,
}

pub(super) async fn claim_due(client: &mut PgClient, req: ClaimRequest) -> Result<Vec<Claim>, StoreError> {
    let now = format_timestamp(req.now);
    let expires = lease_end(req.now, req.lease);
    let count = req.limit.min(CLAIM_MAX);
    let attempts = (0..count).map(|_| AttemptId::generate().map(|a| a.0)).collect::<Result<Vec<_>, _>>()?;
    let limit = to_i64(count as u64)?;
    let rows = client.query(CLAIM_SQL, &[&now, &req.org, &limit, &req.owner, &expires, &attempts]).await?;
    rows.iter()
        .map(|row| {
            let schedule = read_record(row)?;
            let attempt = schedule.lease.as_ref().map(|l| l.attempt.clone());
            let attempt = attempt.ok_or_else(|| StoreError::Corrupt("a claimed schedule has no lease".into()))?;
            let previous: Option<String> = row.get(23);
            Ok(Claim { schedule, attempt, previous_attempt: previous.map(AttemptId) })
        })
        .collect()
}

/// Renews the lease if `owner` still holds it with `attempt` (one statement: the update
/// locks the row, and a lease that changed hands matches nothing).
pub(super) async fn renew_lease(
    client: &mut PgClient,
    id: ScheduleId,
    owner: String,
    attempt: AttemptId,
    expires_at: Timestamp,
) -> Result<bool, StoreError> {
    let renewed = client
        .execute(
            "UPDATE schedules SET lease_expires_at = $4 WHERE id = $1 AND lease_owner = $2 AND lease_attempt_id = $3",
            &[&id.0, &owner, &attempt.0, &lease_expiry(expires_at)],
        )
        .await?;
    Ok(renewed == 1)
}

pub(super) async fn insert_run(tx: &Tx<'_>, env: i64, run: &ScheduleRun) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO schedule_runs (schedule_id, env_id, occurrence_at, started_at, duration_ms, result, revision, \
         attempt_id, error, runner) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        &[
            &run.schedule.0,
            &env,
            &run.occurrence_at,
            &run.started_at,
            &to_i64(run.duration_ms)?,
            &run.result.as_str(),
            &run.revision.map(to_i64).transpose()?,
            &run.attempt.as_ref().map(|a| &a.0),
            &run.error,
            &run.runner,
        ],
    )
    .await?;
    Ok(())
}

/// Records a run (one statement): the run always (`run`), the schedule's new state only if
/// `owner` still holds the lease with `attempt` (`moved`: the update locks the row first,
/// and a lease that changed hands matches nothing). Returns whether it held the lease.
const FINISH_SQL: &str = "WITH moved AS (UPDATE schedules SET last_run_at = $3, last_result = $5, \
     last_revision = $6, last_attempt_id = $7, consecutive_failures = $10, due_at = $11, occurrence_at = $12, \
     lease_owner = NULL, lease_expires_at = NULL, lease_attempt_id = NULL \
     WHERE id = $1 AND lease_owner = $13 AND lease_attempt_id = $14 RETURNING id), \
     run AS (INSERT INTO schedule_runs (schedule_id, env_id, occurrence_at, started_at, duration_ms, result, revision, \
     attempt_id, error, runner) SELECT id, env_id, $2, $3, $4, $5, $6, $7, $8, $9 FROM schedules WHERE id = $1 \
     RETURNING id) \
     SELECT (SELECT COUNT(*) FROM run), (SELECT COUNT(*) FROM moved)";

pub(super) async fn finish_run(
    client: &mut PgClient,
    owner: String,
    attempt: AttemptId,
    finish: RunFinish,
) -> Result<bool, StoreError> {
    let run = &finish.run;
    let next = finish.next_due.as_ref();
    let row = client
        .query_one(
            FINISH_SQL,
            &[
                &run.schedule.0,
                &run.occurrence_at,
                &run.started_at,
                &to_i64(run.duration_ms)?,
                &run.result.as_str(),
                &run.revision.map(to_i64).transpose()?,
                &run.attempt.as_ref().map(|a| &a.0),
                &run.error,
                &run.runner,
                &i64::from(finish.consecutive_failures),
                &next.map(|d| &d.at),
                &next.map(|d| &d.occurrence),
                &owner,
                &attempt.0,
            ],
        )
        .await?;
    let (recorded, moved): (i64, i64) = (row.get(0), row.get(1));
    if recorded == 0 {
        return Err(StoreError::Corrupt(format!("schedule {} vanished while it ran", run.schedule)));
    }
    Ok(moved == 1)
}

/// Schedule `record` of the environment row `env` as a copy: the same fields but the lease
/// (see [`crate::EnvironmentRecord`]); returns its id in this store.
pub(super) async fn insert_copy(tx: &Tx<'_>, env: i64, record: &ScheduleRecord) -> Result<i64, StoreError> {
    let (spec, due, last) = (&record.spec, record.due.as_ref(), record.last_run.as_ref());
    let row = tx
        .query_one(
            "INSERT INTO schedules (env_id, paths, kind, expression, window_seconds, time_zone, anchor_at, due_at, \
             occurrence_at, last_run_at, last_result, last_revision, last_attempt_id, consecutive_failures, paused, \
             created_at, modified_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
            &[
                &env,
                &paths_json(&record.paths),
                &spec.kind,
                &spec.expression,
                &spec.window_seconds.map(to_i64).transpose()?,
                &spec.time_zone,
                &spec.anchor_at,
                &due.map(|d| &d.at),
                &due.map(|d| &d.occurrence),
                &last.map(|l| &l.at),
                &last.map(|l| l.result.as_str()),
                &last.and_then(|l| l.revision).map(to_i64).transpose()?,
                &last.and_then(|l| l.attempt.as_ref()).map(|a| &a.0),
                &i64::from(record.consecutive_failures),
                &record.paused,
                &record.created_at,
                &record.modified_at,
            ],
        )
        .await?;
    Ok(row.get(0))
}

/// The schedules of environment row `env` without their leases, and their runs, oldest
/// first.
pub(super) async fn export_env(tx: &Tx<'_>, env: i64) -> Result<(Vec<ScheduleRecord>, Vec<ScheduleRun>), StoreError> {
    let sql = format!("SELECT {COLUMNS} WHERE s.env_id = $1 ORDER BY s.id");
    let mut schedules: Vec<ScheduleRecord> =
        tx.query(sql.as_str(), &[&env]).await?.iter().map(read_record).collect::<Result<_, _>>()?;
    for s in &mut schedules {
        s.lease = None;
    }
    let sql = format!("SELECT {RUN_COLUMNS} FROM schedule_runs WHERE env_id = $1 ORDER BY id");
    let runs = tx.query(sql.as_str(), &[&env]).await?.iter().map(read_run).collect::<Result<_, _>>()?;
    Ok((schedules, runs))
}
