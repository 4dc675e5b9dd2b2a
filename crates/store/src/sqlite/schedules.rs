//! Rotation schedules of an SQLite store: the schedules, their leases and their run history.
//!
//! Claims are one `BEGIN IMMEDIATE` transaction (the write lock is taken up front, so two
//! runners' claims are serialized and never see the same free schedule); the same SELECT
//! with `FOR UPDATE SKIP LOCKED` does it on PostgreSQL.

use std::time::Duration;

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::revisions::env_id;
use super::{to_i64, to_u64, write_tx};
use crate::error::StoreError;
use crate::id::AttemptId;
use crate::name::EnvName;
use crate::schedule::{
    Claim, LastRun, Lease, RunFinish, ScheduleChange, ScheduleDue, ScheduleId, ScheduleRecord, ScheduleRun,
    ScheduleRunResult, ScheduleSpec, lease_end, lease_expiry,
};
use crate::time::{format_timestamp, now_rfc3339};

const COLUMNS: &str = "s.id, e.org, e.project, e.name, s.paths, s.kind, s.expression, s.window_seconds, s.time_zone, \
     s.anchor_at, s.due_at, s.occurrence_at, s.last_run_at, s.last_result, s.last_revision, s.last_attempt_id, \
     s.consecutive_failures, s.paused, s.lease_owner, s.lease_expires_at, s.lease_attempt_id, s.created_at, \
     s.modified_at FROM schedules s JOIN environments e ON e.id = s.env_id";

fn paths_json(paths: &[String]) -> String {
    serde_json::to_string(paths).unwrap_or_else(|_| "[]".to_owned())
}

fn read_record(r: &Row<'_>) -> rusqlite::Result<Result<ScheduleRecord, StoreError>> {
    let paths: String = r.get(4)?;
    let window: Option<i64> = r.get(7)?;
    let (due_at, occurrence_at): (Option<String>, Option<String>) = (r.get(10)?, r.get(11)?);
    let (last_at, last_result): (Option<String>, Option<String>) = (r.get(12)?, r.get(13)?);
    let last_revision: Option<i64> = r.get(14)?;
    let last_attempt: Option<String> = r.get(15)?;
    let failures: i64 = r.get(16)?;
    let (owner, expires, attempt): (Option<String>, Option<String>, Option<String>) =
        (r.get(18)?, r.get(19)?, r.get(20)?);
    let record = (|| -> Result<ScheduleRecord, StoreError> {
        let paths: Vec<String> = serde_json::from_str(&paths)
            .map_err(|_| StoreError::Corrupt(format!("a schedule's paths are not a JSON list: {paths}")))?;
        let last_run = match (last_at, last_result) {
            (Some(at), Some(result)) => Some(LastRun {
                at,
                result: ScheduleRunResult::from_db(&result)?,
                revision: last_revision.map(to_u64).transpose()?,
                attempt: last_attempt.map(AttemptId),
            }),
            _ => None,
        };
        Ok(ScheduleRecord {
            id: ScheduleId(r.get(0)?),
            env: EnvName { org: r.get(1)?, project: r.get(2)?, env: r.get(3)? },
            paths,
            spec: ScheduleSpec {
                kind: r.get(5)?,
                expression: r.get(6)?,
                window_seconds: window.map(to_u64).transpose()?,
                time_zone: r.get(8)?,
                anchor_at: r.get(9)?,
            },
            due: due_at.map(|at| ScheduleDue { occurrence: occurrence_at.unwrap_or_else(|| at.clone()), at }),
            last_run,
            consecutive_failures: u32::try_from(failures).unwrap_or(u32::MAX),
            paused: r.get::<_, i64>(17)? != 0,
            lease: match (owner, expires, attempt) {
                (Some(owner), Some(expires_at), Some(attempt)) => {
                    Some(Lease { owner, expires_at, attempt: AttemptId(attempt) })
                }
                _ => None,
            },
            created_at: r.get(21)?,
            modified_at: r.get(22)?,
        })
    })();
    Ok(record)
}

fn query_records(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<ScheduleRecord>, StoreError> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(params, read_record)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

fn record_by_id(conn: &Connection, name: &EnvName, id: ScheduleId) -> Result<ScheduleRecord, StoreError> {
    let env = env_id(conn, name)?;
    let sql = format!("SELECT {COLUMNS} WHERE s.id = ?1 AND s.env_id = ?2");
    query_records(conn, &sql, params![id.0, env])?
        .pop()
        .ok_or_else(|| StoreError::ScheduleNotFound { env: name.clone(), id })
}

pub(super) fn create_schedule(
    conn: &mut Connection,
    name: &EnvName,
    paths: &[String],
    spec: &ScheduleSpec,
    due: Option<&ScheduleDue>,
) -> Result<ScheduleRecord, StoreError> {
    let tx = write_tx(conn)?;
    let env = env_id(&tx, name)?;
    let now = now_rfc3339();
    tx.execute(
        "INSERT INTO schedules (env_id, paths, kind, expression, window_seconds, time_zone, anchor_at, due_at, \
         occurrence_at, created_at, modified_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        params![
            env,
            paths_json(paths),
            spec.kind,
            spec.expression,
            spec.window_seconds.map(to_i64).transpose()?,
            spec.time_zone,
            spec.anchor_at,
            due.map(|d| &d.at),
            due.map(|d| &d.occurrence),
            now,
        ],
    )?;
    let id = ScheduleId(tx.last_insert_rowid());
    let record = record_by_id(&tx, name, id)?;
    tx.commit()?;
    Ok(record)
}

pub(super) fn list_schedules(
    conn: &Connection,
    name: Option<&EnvName>,
    org: Option<&str>,
) -> Result<Vec<ScheduleRecord>, StoreError> {
    let tx = conn.unchecked_transaction()?;
    let env = name.map(|n| env_id(&tx, n)).transpose()?;
    let sql = format!(
        "SELECT {COLUMNS} WHERE e.deleted = 0 AND (?1 IS NULL OR s.env_id = ?1) AND (?2 IS NULL OR e.org = ?2) \
         ORDER BY e.org, e.project, e.name, s.id"
    );
    query_records(&tx, &sql, params![env, org])
}

pub(super) fn schedule(conn: &Connection, name: &EnvName, id: ScheduleId) -> Result<ScheduleRecord, StoreError> {
    let tx = conn.unchecked_transaction()?;
    record_by_id(&tx, name, id)
}

pub(super) fn update_schedule(
    conn: &mut Connection,
    name: &EnvName,
    id: ScheduleId,
    change: &ScheduleChange,
) -> Result<ScheduleRecord, StoreError> {
    let tx = write_tx(conn)?;
    record_by_id(&tx, name, id)?;
    let now = now_rfc3339();
    if let Some(paths) = &change.paths {
        tx.execute("UPDATE schedules SET paths = ?2 WHERE id = ?1", params![id.0, paths_json(paths)])?;
    }
    if let Some((spec, due)) = &change.spec {
        tx.execute(
            "UPDATE schedules SET kind = ?2, expression = ?3, window_seconds = ?4, time_zone = ?5, anchor_at = ?6, \
             due_at = ?7, occurrence_at = ?8, consecutive_failures = 0 WHERE id = ?1",
            params![
                id.0,
                spec.kind,
                spec.expression,
                spec.window_seconds.map(to_i64).transpose()?,
                spec.time_zone,
                spec.anchor_at,
                due.as_ref().map(|d| &d.at),
                due.as_ref().map(|d| &d.occurrence),
            ],
        )?;
    }
    if let Some(paused) = change.paused {
        tx.execute("UPDATE schedules SET paused = ?2 WHERE id = ?1", params![id.0, i64::from(paused)])?;
    }
    tx.execute("UPDATE schedules SET modified_at = ?2 WHERE id = ?1", params![id.0, now])?;
    let record = record_by_id(&tx, name, id)?;
    tx.commit()?;
    Ok(record)
}

pub(super) fn delete_schedule(conn: &mut Connection, name: &EnvName, id: ScheduleId) -> Result<(), StoreError> {
    let tx = write_tx(conn)?;
    record_by_id(&tx, name, id)?;
    tx.execute("DELETE FROM schedule_runs WHERE schedule_id = ?1", [id.0])?;
    tx.execute("DELETE FROM schedules WHERE id = ?1", [id.0])?;
    tx.commit()?;
    Ok(())
}

pub(super) fn schedule_history(
    conn: &Connection,
    name: &EnvName,
    id: Option<ScheduleId>,
) -> Result<Vec<ScheduleRun>, StoreError> {
    let tx = conn.unchecked_transaction()?;
    if let Some(id) = id {
        record_by_id(&tx, name, id)?;
    }
    let env = env_id(&tx, name)?;
    query_runs(
        &tx,
        &format!("{RUN_COLUMNS} WHERE env_id = ?1 AND (?2 IS NULL OR schedule_id = ?2) ORDER BY id DESC"),
        params![env, id.map(|i| i.0)],
    )
}

/// The columns [`query_runs`] reads, before a `WHERE` clause.
const RUN_COLUMNS: &str = "SELECT schedule_id, occurrence_at, started_at, duration_ms, result, revision, attempt_id, error, runner FROM \
     schedule_runs";

/// The schedule runs `sql` (starting with [`RUN_COLUMNS`]) selects.
fn query_runs(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<Vec<ScheduleRun>, StoreError> {
    let mut stmt = conn.prepare(sql)?;
    type Raw = (i64, String, String, i64, String, Option<i64>, Option<String>, Option<String>, String);
    let rows = stmt.query_map(params, |r| -> rusqlite::Result<Raw> {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (schedule, occurrence_at, started_at, duration, result, revision, attempt, error, runner) = row?;
        out.push(ScheduleRun {
            schedule: ScheduleId(schedule),
            occurrence_at,
            started_at,
            duration_ms: to_u64(duration)?,
            result: ScheduleRunResult::from_db(&result)?,
            revision: revision.map(to_u64).transpose()?,
            attempt: attempt.map(AttemptId),
            error,
            runner,
        });
    }
    Ok(out)
}

/// The claim's query, written so that PostgreSQL runs the same with `FOR UPDATE OF s SKIP
/// LOCKED` appended (SQLite's `BEGIN IMMEDIATE` already excludes every other writer).
pub const CLAIM_SQL: &str = "SELECT s.id, s.lease_attempt_id FROM schedules s JOIN environments e ON e.id = s.env_id \
     WHERE s.paused = 0 AND s.due_at IS NOT NULL AND s.due_at <= ?1 \
     AND (s.lease_owner IS NULL OR s.lease_expires_at <= ?1) AND e.deleted = 0 AND (?2 IS NULL OR e.org = ?2) \
     ORDER BY s.due_at, s.id LIMIT ?3";

pub(super) fn claim_due(
    conn: &mut Connection,
    now: Timestamp,
    owner: &str,
    lease: Duration,
    limit: usize,
    org: Option<&str>,
) -> Result<Vec<Claim>, StoreError> {
    let tx = write_tx(conn)?;
    let now_text = format_timestamp(now);
    let expires = lease_end(now, lease);
    let due: Vec<(i64, Option<String>)> = {
        let mut stmt = tx.prepare(CLAIM_SQL)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![now_text, org, limit], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut claims = Vec::with_capacity(due.len());
    for (id, previous) in due {
        let attempt = AttemptId::generate()?;
        tx.execute(
            "UPDATE schedules SET lease_owner = ?2, lease_expires_at = ?3, lease_attempt_id = ?4 WHERE id = ?1",
            params![id, owner, expires, attempt.0],
        )?;
        let sql = format!("SELECT {COLUMNS} WHERE s.id = ?1");
        let schedule = query_records(&tx, &sql, [id])?
            .pop()
            .ok_or_else(|| StoreError::Corrupt("a claimed schedule vanished".into()))?;
        claims.push(Claim { schedule, attempt, previous_attempt: previous.map(AttemptId) });
    }
    tx.commit()?;
    Ok(claims)
}

fn holds_lease(tx: &Transaction<'_>, id: ScheduleId, owner: &str, attempt: &AttemptId) -> Result<bool, StoreError> {
    let held: Option<i64> = tx
        .query_row(
            "SELECT 1 FROM schedules WHERE id = ?1 AND lease_owner = ?2 AND lease_attempt_id = ?3",
            params![id.0, owner, attempt.0],
            |r| r.get(0),
        )
        .optional()?;
    Ok(held.is_some())
}

pub(super) fn renew_lease(
    conn: &mut Connection,
    id: ScheduleId,
    owner: &str,
    attempt: &AttemptId,
    expires_at: Timestamp,
) -> Result<bool, StoreError> {
    let tx = write_tx(conn)?;
    if !holds_lease(&tx, id, owner, attempt)? {
        return Ok(false);
    }
    tx.execute("UPDATE schedules SET lease_expires_at = ?2 WHERE id = ?1", params![id.0, lease_expiry(expires_at)])?;
    tx.commit()?;
    Ok(true)
}

pub(super) fn finish_run(
    conn: &mut Connection,
    owner: &str,
    attempt: &AttemptId,
    finish: &RunFinish,
) -> Result<bool, StoreError> {
    let tx = write_tx(conn)?;
    let run = &finish.run;
    let env: i64 = tx
        .query_row("SELECT env_id FROM schedules WHERE id = ?1", [run.schedule.0], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::Corrupt(format!("schedule {} vanished while it ran", run.schedule)))?;
    tx.execute(
        "INSERT INTO schedule_runs (schedule_id, env_id, occurrence_at, started_at, duration_ms, result, revision, \
         attempt_id, error, runner) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            run.schedule.0,
            env,
            run.occurrence_at,
            run.started_at,
            to_i64(run.duration_ms)?,
            run.result.as_str(),
            run.revision.map(to_i64).transpose()?,
            run.attempt.as_ref().map(|a| &a.0),
            run.error,
            run.runner,
        ],
    )?;
    let held = holds_lease(&tx, run.schedule, owner, attempt)?;
    if held {
        tx.execute(
            "UPDATE schedules SET last_run_at = ?2, last_result = ?3, last_revision = ?4, last_attempt_id = ?5, \
             consecutive_failures = ?6, due_at = ?7, occurrence_at = ?8, lease_owner = NULL, \
             lease_expires_at = NULL, lease_attempt_id = NULL WHERE id = ?1",
            params![
                run.schedule.0,
                run.started_at,
                run.result.as_str(),
                run.revision.map(to_i64).transpose()?,
                run.attempt.as_ref().map(|a| &a.0),
                i64::from(finish.consecutive_failures),
                finish.next_due.as_ref().map(|d| &d.at),
                finish.next_due.as_ref().map(|d| &d.occurrence),
            ],
        )?;
    }
    tx.commit()?;
    Ok(held)
}

/// Schedule `record` of the environment `env` as a copy: the same fields but the lease (see
/// [`crate::EnvironmentRecord`]); returns its id in this store.
pub(super) fn insert_copy(tx: &Transaction<'_>, env: i64, record: &ScheduleRecord) -> Result<i64, StoreError> {
    let (spec, due, last) = (&record.spec, record.due.as_ref(), record.last_run.as_ref());
    tx.execute(
        "INSERT INTO schedules (env_id, paths, kind, expression, window_seconds, time_zone, anchor_at, due_at, \
         occurrence_at, last_run_at, last_result, last_revision, last_attempt_id, consecutive_failures, paused, \
         created_at, modified_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![
            env,
            paths_json(&record.paths),
            spec.kind,
            spec.expression,
            spec.window_seconds.map(to_i64).transpose()?,
            spec.time_zone,
            spec.anchor_at,
            due.map(|d| &d.at),
            due.map(|d| &d.occurrence),
            last.map(|l| &l.at),
            last.map(|l| l.result.as_str()),
            last.and_then(|l| l.revision).map(to_i64).transpose()?,
            last.and_then(|l| l.attempt.as_ref()).map(|a| &a.0),
            i64::from(record.consecutive_failures),
            i64::from(record.paused),
            record.created_at,
            record.modified_at,
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// A run of the copied schedule `schedule` (this store's id).
pub(super) fn insert_run_copy(
    tx: &Transaction<'_>,
    env: i64,
    schedule: i64,
    run: &ScheduleRun,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO schedule_runs (schedule_id, env_id, occurrence_at, started_at, duration_ms, result, revision, \
         attempt_id, error, runner) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            schedule,
            env,
            run.occurrence_at,
            run.started_at,
            to_i64(run.duration_ms)?,
            run.result.as_str(),
            run.revision.map(to_i64).transpose()?,
            run.attempt.as_ref().map(|a| &a.0),
            run.error,
            run.runner,
        ],
    )?;
    Ok(())
}

/// The schedules of environment row `env` (deleted or not) without their leases, and
/// their runs, oldest first.
pub(super) fn export_env(conn: &Connection, env: i64) -> Result<(Vec<ScheduleRecord>, Vec<ScheduleRun>), StoreError> {
    let sql = format!("SELECT {COLUMNS} WHERE s.env_id = ?1 ORDER BY s.id");
    let mut schedules = query_records(conn, &sql, [env])?;
    for s in &mut schedules {
        s.lease = None;
    }
    let runs = query_runs(conn, &format!("{RUN_COLUMNS} WHERE env_id = ?1 ORDER BY id"), [env])?;
    Ok((schedules, runs))
}
