//! The rotation log and the rotation journal of a PostgreSQL store. Journal payloads are
//! sealed with the store key, bound to their entry (environment, attempt, path, rotator),
//! exactly as in SQLite, so that `store copy` carries them over unchanged.

use std::sync::Arc;

use super::client::{PgClient, Tx};

use super::revisions::{RowLock, env_id, read_tx};
use super::{to_i64, to_u64};
use crate::error::StoreError;
use crate::id::{AttemptId, JournalId};
use crate::journal::{JournalEntry, JournalStep, RotationLogEntry, RotationResult, journal_aad};
use crate::key::StoreKey;
use crate::name::EnvName;
use crate::store::{JournalSync, JournalWrite};
use crate::time::now_rfc3339;

pub(super) async fn insert_log(tx: &Tx<'_>, env_id: i64, e: &RotationLogEntry) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO rotation_log (attempt_id, env_id, revision_before, revision_after, path, rotator, result, error, \
         started_at, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        &[
            &e.attempt.0,
            &env_id,
            &e.revision_before.map(to_i64).transpose()?,
            &e.revision_after.map(to_i64).transpose()?,
            &e.path,
            &e.rotator,
            &e.result.as_str(),
            &e.error,
            &e.started_at,
            &to_i64(e.duration_ms)?,
        ],
    )
    .await?;
    Ok(())
}

/// A journal row's identity, as needed to check it and re-encrypt its payload.
pub(super) struct JournalRow {
    pub(super) env: EnvName,
    pub(super) env_id: i64,
    pub(super) attempt: AttemptId,
    pub(super) path: String,
    pub(super) rotator: String,
    pub(super) done: bool,
}

/// The entry `id`, its row locked for the rest of the transaction.
pub(super) async fn journal_row(tx: &Tx<'_>, id: JournalId) -> Result<JournalRow, StoreError> {
    let row = tx
        .query_opt(
            "SELECT e.org, e.project, e.name, j.env_id, j.attempt_id, j.path, j.rotator, j.done \
             FROM rotation_journal j JOIN environments e ON e.id = j.env_id WHERE j.id = $1 FOR UPDATE OF j",
            &[&id.0],
        )
        .await?
        .ok_or(StoreError::JournalEntryNotFound(id))?;
    Ok(JournalRow {
        env: EnvName { org: row.get(0), project: row.get(1), env: row.get(2) },
        env_id: row.get(3),
        attempt: AttemptId(row.get(4)),
        path: row.get(5),
        rotator: row.get(6),
        done: row.get(7),
    })
}

pub(super) async fn set_journal_step(
    tx: &Tx<'_>,
    id: JournalId,
    step: JournalStep,
    payload: Option<&[u8]>,
) -> Result<(), StoreError> {
    let now = now_rfc3339();
    match payload {
        Some(p) => {
            tx.execute(
                "UPDATE rotation_journal SET step = $2, payload = $3, updated_at = $4 WHERE id = $1",
                &[&id.0, &step.as_str(), &p, &now],
            )
            .await?
        }
        None => {
            tx.execute(
                "UPDATE rotation_journal SET step = $2, updated_at = $3 WHERE id = $1",
                &[&id.0, &step.as_str(), &now],
            )
            .await?
        }
    };
    Ok(())
}

pub(super) async fn finish_journal(tx: &Tx<'_>, id: JournalId) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE rotation_journal SET done = TRUE, payload = ''::bytea, updated_at = $2 WHERE id = $1",
        &[&id.0, &now_rfc3339()],
    )
    .await?;
    Ok(())
}

pub(super) async fn append_rotation_log(
    client: &mut PgClient,
    name: EnvName,
    entries: Vec<RotationLogEntry>,
) -> Result<(), StoreError> {
    let tx = client.transaction().await?;
    let id = env_id(&tx, &name, RowLock::Share).await?;
    for e in &entries {
        insert_log(&tx, id, e).await?;
    }
    tx.commit().await?;
    Ok(())
}

pub(super) fn log_entry(r: &tokio_postgres::Row) -> Result<RotationLogEntry, StoreError> {
    let result: String = r.get(5);
    Ok(RotationLogEntry {
        attempt: AttemptId(r.get(0)),
        revision_before: r.get::<_, Option<i64>>(1).map(to_u64).transpose()?,
        revision_after: r.get::<_, Option<i64>>(2).map(to_u64).transpose()?,
        path: r.get(3),
        rotator: r.get(4),
        result: RotationResult::from_db(&result)?,
        error: r.get(6),
        started_at: r.get(7),
        duration_ms: to_u64(r.get(8))?,
    })
}

/// The columns [`log_entry`] reads, in its order.
pub(super) const LOG_COLUMNS: &str =
    "attempt_id, revision_before, revision_after, path, rotator, result, error, started_at, duration_ms";

pub(super) async fn rotation_log(client: &mut PgClient, name: EnvName) -> Result<Vec<RotationLogEntry>, StoreError> {
    let tx = read_tx(client).await?;
    let id = env_id(&tx, &name, RowLock::None).await?;
    let sql = format!("SELECT {LOG_COLUMNS} FROM rotation_log WHERE env_id = $1 ORDER BY id DESC");
    tx.query(sql.as_str(), &[&id]).await?.iter().map(log_entry).collect()
}

/// A journal entry to begin.
pub(super) struct Begin {
    pub(super) name: EnvName,
    pub(super) attempt: AttemptId,
    pub(super) path: String,
    pub(super) rotator: String,
    pub(super) payload: zeroize::Zeroizing<Vec<u8>>,
}

pub(super) async fn journal_begin(
    client: &mut PgClient,
    key: Arc<StoreKey>,
    b: Begin,
) -> Result<JournalId, StoreError> {
    let tx = client.transaction().await?;
    super::meta::ensure_current_key(&tx, &key).await?;
    let env = env_id(&tx, &b.name, RowLock::Share).await?;
    let id = insert_entry(&tx, &key, (env, &b.name), &b.attempt, &b.path, &b.rotator, JournalStep::Planned, &b.payload)
        .await?;
    tx.commit().await?;
    Ok(id)
}

pub(super) async fn journal_update(
    client: &mut PgClient,
    key: Arc<StoreKey>,
    id: JournalId,
    step: JournalStep,
    payload: zeroize::Zeroizing<Vec<u8>>,
) -> Result<(), StoreError> {
    let tx = client.transaction().await?;
    super::meta::ensure_current_key(&tx, &key).await?;
    update_entry(&tx, &key, id, step, &payload).await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn journal_finish(client: &mut PgClient, id: JournalId) -> Result<(), StoreError> {
    let tx = client.transaction().await?;
    finish_entry(&tx, id).await?;
    tx.commit().await?;
    Ok(())
}

/// A new entry of environment row `env` (named `env.1`, which its payload is sealed to).
#[allow(clippy::too_many_arguments)]
async fn insert_entry(
    tx: &Tx<'_>,
    key: &StoreKey,
    env: (i64, &EnvName),
    attempt: &AttemptId,
    path: &str,
    rotator: &str,
    step: JournalStep,
    payload: &[u8],
) -> Result<JournalId, StoreError> {
    let sealed = key.seal(&journal_aad(env.1, attempt, path, rotator), payload)?;
    let row = tx
        .query_one(
            "INSERT INTO rotation_journal (env_id, attempt_id, path, rotator, step, payload, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
            &[&env.0, &attempt.0, &path, &rotator, &step.as_str(), &sealed, &now_rfc3339()],
        )
        .await?;
    Ok(JournalId(row.get(0)))
}

/// Entry `id` moved to `step` with a new payload; refused once the entry is finished.
async fn update_entry(
    tx: &Tx<'_>,
    key: &StoreKey,
    id: JournalId,
    step: JournalStep,
    payload: &[u8],
) -> Result<(), StoreError> {
    let row = journal_row(tx, id).await?;
    if row.done {
        return Err(StoreError::JournalEntryFinished(id));
    }
    let sealed = key.seal(&journal_aad(&row.env, &row.attempt, &row.path, &row.rotator), payload)?;
    set_journal_step(tx, id, step, Some(&sealed)).await
}

/// Entry `id` finished (it must exist).
async fn finish_entry(tx: &Tx<'_>, id: JournalId) -> Result<(), StoreError> {
    journal_row(tx, id).await?;
    finish_journal(tx, id).await
}

/// The journal writes of one batch in one transaction; see [`Store::journal_write`]. A
/// deferred batch is committed with `synchronous_commit = off`: the server answers before
/// its WAL is flushed, and flushes it with the next synchronous commit (or within
/// `wal_writer_delay`), in order.
///
/// [`Store::journal_write`]: crate::Store::journal_write
pub(super) async fn journal_write(
    client: &mut PgClient,
    key: Arc<StoreKey>,
    name: EnvName,
    writes: Vec<JournalWrite>,
    sync: JournalSync,
) -> Result<Vec<JournalId>, StoreError> {
    let tx = client.transaction().await?;
    if sync == JournalSync::Deferred {
        tx.batch_execute("SET LOCAL synchronous_commit TO OFF").await?;
    }
    if writes.iter().any(|w| !matches!(w, JournalWrite::Finish(_))) {
        super::meta::ensure_current_key(&tx, &key).await?;
    }
    let mut env = None;
    let mut ids = Vec::with_capacity(writes.len());
    for write in &writes {
        ids.push(match write {
            JournalWrite::Begin { attempt, path, rotator, step, payload } => {
                let env_id = match env {
                    Some(id) => id,
                    None => *env.insert(env_id(&tx, &name, RowLock::Share).await?),
                };
                insert_entry(&tx, &key, (env_id, &name), attempt, path, rotator, *step, payload).await?
            }
            JournalWrite::Update { id, step, payload } => {
                update_entry(&tx, &key, *id, *step, payload).await?;
                *id
            }
            JournalWrite::Finish(id) => {
                finish_entry(&tx, *id).await?;
                *id
            }
        });
    }
    tx.commit().await?;
    Ok(ids)
}

/// The unfinished entries, of environment `name` only if given, oldest first.
pub(super) async fn pending(
    client: &mut PgClient,
    key: Arc<StoreKey>,
    name: Option<EnvName>,
) -> Result<Vec<JournalEntry>, StoreError> {
    let tx = read_tx(client).await?;
    let env = match &name {
        Some(n) => Some(env_id(&tx, n, RowLock::None).await?),
        None => None,
    };
    let rows = tx
        .query(
            "SELECT j.id, e.org, e.project, e.name, j.attempt_id, j.path, j.rotator, j.step, j.payload, j.created_at, \
             j.updated_at FROM rotation_journal j JOIN environments e ON e.id = j.env_id \
             WHERE NOT j.done AND ($1::bigint IS NULL OR j.env_id = $1) ORDER BY j.id",
            &[&env],
        )
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let env = EnvName { org: r.get(1), project: r.get(2), env: r.get(3) };
        let attempt = AttemptId(r.get(4));
        let (path, rotator): (String, String) = (r.get(5), r.get(6));
        let sealed: Vec<u8> = r.get(8);
        let payload = key.open(&journal_aad(&env, &attempt, &path, &rotator), &sealed)?;
        let step: String = r.get(7);
        out.push(JournalEntry {
            id: JournalId(r.get(0)),
            env,
            attempt,
            path,
            rotator,
            step: JournalStep::from_db(&step)?,
            payload,
            created_at: r.get(9),
            updated_at: r.get(10),
        });
    }
    Ok(out)
}
