//! The rotation log and the rotation journal of an SQLite store. Journal payloads are
//! sealed with the store key, bound to their entry (environment, attempt, path, rotator).

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::open::SYNCHRONOUS;
use super::revisions::env_id;
use super::{keyed_write_tx, to_i64, to_u64, write_tx};
use crate::error::StoreError;
use crate::id::{AttemptId, JournalId};
use crate::journal::{JournalEntry, JournalStep, RotationLogEntry, RotationResult, journal_aad};
use crate::key::StoreKey;
use crate::name::EnvName;
use crate::store::{JournalSync, JournalWrite};
use crate::time::now_rfc3339;

pub(super) fn insert_log(tx: &Transaction<'_>, env_id: i64, e: &RotationLogEntry) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO rotation_log (attempt_id, env_id, revision_before, revision_after, path, rotator, result, error, \
         started_at, duration_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            e.attempt.0,
            env_id,
            e.revision_before.map(to_i64).transpose()?,
            e.revision_after.map(to_i64).transpose()?,
            e.path,
            e.rotator,
            e.result.as_str(),
            e.error,
            e.started_at,
            to_i64(e.duration_ms)?,
        ],
    )?;
    Ok(())
}

/// A journal row's identity, as needed to re-encrypt its payload.
pub(super) struct JournalRow {
    pub(super) env: EnvName,
    pub(super) env_id: i64,
    pub(super) attempt: AttemptId,
    pub(super) path: String,
    pub(super) rotator: String,
    pub(super) done: bool,
}

pub(super) fn journal_row(conn: &Connection, id: JournalId) -> Result<JournalRow, StoreError> {
    conn.query_row(
        "SELECT e.org, e.project, e.name, j.env_id, j.attempt_id, j.path, j.rotator, j.done \
         FROM rotation_journal j JOIN environments e ON e.id = j.env_id WHERE j.id = ?1",
        [id.0],
        |r| {
            Ok(JournalRow {
                env: EnvName { org: r.get(0)?, project: r.get(1)?, env: r.get(2)? },
                env_id: r.get(3)?,
                attempt: AttemptId(r.get(4)?),
                path: r.get(5)?,
                rotator: r.get(6)?,
                done: r.get::<_, i64>(7)? != 0,
            })
        },
    )
    .optional()?
    .ok_or(StoreError::JournalEntryNotFound(id))
}

pub(super) fn set_journal_step(
    conn: &Connection,
    id: JournalId,
    step: JournalStep,
    payload: Option<&[u8]>,
) -> Result<(), StoreError> {
    let now = now_rfc3339();
    match payload {
        Some(p) => conn.execute(
            "UPDATE rotation_journal SET step = ?2, payload = ?3, updated_at = ?4 WHERE id = ?1",
            params![id.0, step.as_str(), p, now],
        )?,
        None => conn.execute(
            "UPDATE rotation_journal SET step = ?2, updated_at = ?3 WHERE id = ?1",
            params![id.0, step.as_str(), now],
        )?,
    };
    Ok(())
}

pub(super) fn finish_journal(conn: &Connection, id: JournalId) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE rotation_journal SET done = 1, payload = x'', updated_at = ?2 WHERE id = ?1",
        params![id.0, now_rfc3339()],
    )?;
    Ok(())
}

pub(super) fn append_rotation_log(
    conn: &mut Connection,
    name: &EnvName,
    entries: &[RotationLogEntry],
) -> Result<(), StoreError> {
    let tx = write_tx(conn)?;
    let id = env_id(&tx, name)?;
    for e in entries {
        insert_log(&tx, id, e)?;
    }
    tx.commit()?;
    Ok(())
}

pub(super) fn rotation_log(conn: &Connection, name: &EnvName) -> Result<Vec<RotationLogEntry>, StoreError> {
    let tx = conn.unchecked_transaction()?;
    let id = env_id(&tx, name)?;
    log_of(&tx, id, true)
}

/// The rotation log of environment row `env`, newest or oldest first.
pub(super) fn log_of(conn: &Connection, env: i64, newest_first: bool) -> Result<Vec<RotationLogEntry>, StoreError> {
    let order = if newest_first { "DESC" } else { "ASC" };
    let mut stmt = conn.prepare(&format!(
        "SELECT attempt_id, revision_before, revision_after, path, rotator, result, error, started_at, duration_ms \
         FROM rotation_log WHERE env_id = ?1 ORDER BY id {order}"
    ))?;
    type Row = (String, Option<i64>, Option<i64>, String, String, String, Option<String>, String, i64);
    let rows = stmt.query_map([env], |r| -> rusqlite::Result<Row> {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (attempt, before, after, path, rotator, result, error, started_at, duration) = row?;
        out.push(RotationLogEntry {
            attempt: AttemptId(attempt),
            revision_before: before.map(to_u64).transpose()?,
            revision_after: after.map(to_u64).transpose()?,
            path,
            rotator,
            result: RotationResult::from_db(&result)?,
            error,
            started_at,
            duration_ms: to_u64(duration)?,
        });
    }
    Ok(out)
}

pub(super) fn journal_begin(
    conn: &mut Connection,
    key: &StoreKey,
    name: &EnvName,
    attempt: &AttemptId,
    path: &str,
    rotator: &str,
    payload: &[u8],
) -> Result<JournalId, StoreError> {
    let tx = keyed_write_tx(conn, key)?;
    let env = env_id(&tx, name)?;
    let id = insert_entry(&tx, key, (env, name), attempt, path, rotator, JournalStep::Planned, payload)?;
    tx.commit()?;
    Ok(id)
}

pub(super) fn journal_update(
    conn: &mut Connection,
    key: &StoreKey,
    id: JournalId,
    step: JournalStep,
    payload: &[u8],
) -> Result<(), StoreError> {
    let tx = keyed_write_tx(conn, key)?;
    update_entry(&tx, key, id, step, payload)?;
    tx.commit()?;
    Ok(())
}

pub(super) fn journal_finish(conn: &mut Connection, id: JournalId) -> Result<(), StoreError> {
    let tx = write_tx(conn)?;
    finish_entry(&tx, id)?;
    tx.commit()?;
    Ok(())
}

/// A new entry of environment row `env` (named `env.1`, which its payload is sealed to).
#[allow(clippy::too_many_arguments)]
fn insert_entry(
    conn: &Connection,
    key: &StoreKey,
    env: (i64, &EnvName),
    attempt: &AttemptId,
    path: &str,
    rotator: &str,
    step: JournalStep,
    payload: &[u8],
) -> Result<JournalId, StoreError> {
    let sealed = key.seal(&journal_aad(env.1, attempt, path, rotator), payload)?;
    conn.execute(
        "INSERT INTO rotation_journal (env_id, attempt_id, path, rotator, step, payload, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![env.0, attempt.0, path, rotator, step.as_str(), sealed, now_rfc3339()],
    )?;
    Ok(JournalId(conn.last_insert_rowid()))
}

/// Entry `id` moved to `step` with a new payload; refused once the entry is finished.
fn update_entry(
    conn: &Connection,
    key: &StoreKey,
    id: JournalId,
    step: JournalStep,
    payload: &[u8],
) -> Result<(), StoreError> {
    let row = journal_row(conn, id)?;
    if row.done {
        return Err(StoreError::JournalEntryFinished(id));
    }
    let sealed = key.seal(&journal_aad(&row.env, &row.attempt, &row.path, &row.rotator), payload)?;
    set_journal_step(conn, id, step, Some(&sealed))
}

/// Entry `id` finished (it must exist).
fn finish_entry(conn: &Connection, id: JournalId) -> Result<(), StoreError> {
    journal_row(conn, id)?;
    finish_journal(conn, id)
}

/// The journal writes of one batch in one transaction; see [`Store::journal_write`].
/// A deferred batch is committed with `synchronous = NORMAL`, which in WAL mode appends it
/// to the log without an fsync: the next `FULL` commit (or checkpoint) syncs it with
/// everything before it.
///
/// [`Store::journal_write`]: crate::Store::journal_write
pub(super) fn journal_write(
    conn: &mut Connection,
    key: &StoreKey,
    name: &EnvName,
    writes: &[JournalWrite],
    sync: JournalSync,
) -> Result<Vec<JournalId>, StoreError> {
    if sync == JournalSync::Now {
        return write_batch(conn, key, name, writes);
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    let written = write_batch(conn, key, name, writes);
    // Back to the store's setting before anything else is written on this connection.
    conn.pragma_update(None, "synchronous", SYNCHRONOUS)?;
    written
}

fn write_batch(
    conn: &mut Connection,
    key: &StoreKey,
    name: &EnvName,
    writes: &[JournalWrite],
) -> Result<Vec<JournalId>, StoreError> {
    let carries_payload = writes.iter().any(|w| !matches!(w, JournalWrite::Finish(_)));
    let tx = if carries_payload { keyed_write_tx(conn, key)? } else { write_tx(conn)? };
    let mut env = None;
    let mut ids = Vec::with_capacity(writes.len());
    for write in writes {
        ids.push(match write {
            JournalWrite::Begin { attempt, path, rotator, step, payload } => {
                let env_id = match env {
                    Some(id) => id,
                    None => *env.insert(env_id(&tx, name)?),
                };
                insert_entry(&tx, key, (env_id, name), attempt, path, rotator, *step, payload)?
            }
            JournalWrite::Update { id, step, payload } => {
                update_entry(&tx, key, *id, *step, payload)?;
                *id
            }
            JournalWrite::Finish(id) => {
                finish_entry(&tx, *id)?;
                *id
            }
        });
    }
    tx.commit()?;
    Ok(ids)
}

pub(super) fn journal_pending(
    conn: &Connection,
    key: &StoreKey,
    name: &EnvName,
) -> Result<Vec<JournalEntry>, StoreError> {
    let tx = conn.unchecked_transaction()?;
    let id = env_id(&tx, name)?;
    pending(&tx, key, Some(id))
}

pub(super) fn journal_pending_all(conn: &Connection, key: &StoreKey) -> Result<Vec<JournalEntry>, StoreError> {
    let tx = conn.unchecked_transaction()?;
    pending(&tx, key, None)
}

fn pending(conn: &Connection, key: &StoreKey, env_id: Option<i64>) -> Result<Vec<JournalEntry>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT j.id, e.org, e.project, e.name, j.attempt_id, j.path, j.rotator, j.step, j.payload, j.created_at, \
         j.updated_at FROM rotation_journal j JOIN environments e ON e.id = j.env_id \
         WHERE j.done = 0 AND (?1 IS NULL OR j.env_id = ?1) ORDER BY j.id",
    )?;
    type Row = (i64, EnvName, String, String, String, String, Vec<u8>, String, String);
    let rows = stmt.query_map([env_id], |r| -> rusqlite::Result<Row> {
        Ok((
            r.get(0)?,
            EnvName { org: r.get(1)?, project: r.get(2)?, env: r.get(3)? },
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
            r.get(10)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, env, attempt, path, rotator, step, sealed, created_at, updated_at) = row?;
        let attempt = AttemptId(attempt);
        let payload = key.open(&journal_aad(&env, &attempt, &path, &rotator), &sealed)?;
        out.push(JournalEntry {
            id: JournalId(id),
            env,
            attempt,
            path,
            rotator,
            step: JournalStep::from_db(&step)?,
            payload,
            created_at,
            updated_at,
        });
    }
    Ok(out)
}
