//! The `meta` rows of an SQLite store: read at open (the key check, the wrapped data key),
//! and written by `escrot store key` changes in one transaction with the re-encrypted
//! revisions.

use rusqlite::{Connection, OptionalExtension, params};

use super::revisions::{env_id, insert_revision, latest_number};
use super::{to_u64, write_tx};
use crate::envelope::{KeyChange, META_KEY_CHECK, META_WRAPPED_KEY, MetaRows};
use crate::error::StoreError;
use crate::key::{AAD_KEY_CHECK, StoreKey};
use crate::model::RevisionKind;
use crate::name::EnvName;

/// A connection's `meta` rows, as opening reads them.
pub(super) struct ConnMeta<'a>(pub &'a Connection);

pub(super) fn read_meta(conn: &Connection, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(conn.query_row("SELECT value FROM meta WHERE name = ?1", [name], |r| r.get(0)).optional()?)
}

impl MetaRows for ConnMeta<'_> {
    fn meta(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        read_meta(self.0, name)
    }

    fn insert_meta_if_absent(&mut self, name: &str, value: &[u8]) -> Result<Vec<u8>, StoreError> {
        self.0.execute("INSERT OR IGNORE INTO meta (name, value) VALUES (?1, ?2)", params![name, value])?;
        read_meta(self.0, name)?.ok_or_else(|| StoreError::Corrupt(format!("the meta row {name} vanished")))
    }
}

pub(super) fn commit_key_change(
    conn: &mut Connection,
    change: &KeyChange,
    author: &str,
) -> Result<Vec<(EnvName, u64)>, StoreError> {
    let tx = write_tx(conn)?;
    if read_meta(&tx, META_KEY_CHECK)?.as_deref() != Some(change.expected_check.as_slice())
        || read_meta(&tx, META_WRAPPED_KEY)? != change.expected_wrapped
    {
        return Err(StoreError::KeyChanged);
    }
    if change.new_key().is_some() {
        refuse_pending_journal(&tx)?;
    }
    let mut committed = Vec::with_capacity(change.revisions.len());
    for r in &change.revisions {
        let id = env_id(&tx, &r.env)?;
        let latest = latest_number(&tx, id)?;
        if latest != r.expected_latest {
            return Err(StoreError::Conflict { env: r.env.clone(), expected: r.expected_latest, actual: latest });
        }
        insert_revision(&tx, id, latest + 1, &r.yaml, RevisionKind::Edit, author)?;
        committed.push((r.env.clone(), latest + 1));
    }
    for (name, value) in &change.meta {
        tx.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?1, ?2)", params![name, value])?;
    }
    tx.commit()?;
    Ok(committed)
}

/// Fails with [`StoreError::KeyChanged`] unless `key` is still the store's current key.
pub(super) fn ensure_current_key(conn: &Connection, key: &StoreKey) -> Result<(), StoreError> {
    match read_meta(conn, META_KEY_CHECK)? {
        Some(check) if key.open_current(AAD_KEY_CHECK, &check).is_err() => Err(StoreError::KeyChanged),
        _ => Ok(()),
    }
}

/// A new data key while a rotation is in flight would leave its journal payloads (new
/// credentials) under the retired key and its recovery depending on it: refused.
fn refuse_pending_journal(conn: &Connection) -> Result<(), StoreError> {
    let mut stmt = conn.prepare(
        "SELECT e.org || '/' || e.project || '/' || e.name, COUNT(*) FROM rotation_journal j \
         JOIN environments e ON e.id = j.env_id WHERE j.done = 0 GROUP BY j.env_id ORDER BY 1",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut envs = Vec::new();
    let mut count = 0;
    for row in rows {
        let (env, n) = row?;
        envs.push(env);
        count += to_u64(n)?;
    }
    if count > 0 {
        return Err(StoreError::PendingKeyChange { count, envs: envs.join(", ") });
    }
    Ok(())
}
