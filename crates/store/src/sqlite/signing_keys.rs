//! The signing keys of an SQLite store (`signing_keys`, see [`crate::signing_key`]). Every
//! write runs under `BEGIN IMMEDIATE`, so writers take turns and "insert if none" cannot
//! race; writes that seal a private half check the key check first (nothing new under a
//! retired data key).

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::{keyed_write_tx, to_u64, write_tx};
use crate::error::StoreError;
use crate::key::StoreKey;
use crate::signing_key::{
    CurrentSigningKey, NewSigningKey, SigningKeyCopy, SigningKeyRecord, SigningKeyState, signing_key_aad,
};
use crate::time::now_rfc3339;

/// A key's public facts and its sealed private half (`None` once retired).
type Stored = (SigningKeyRecord, Option<Vec<u8>>);

const COLUMNS: &str = "kid, algorithm, public_jwk, state, created_at, retired_at, private_key";

fn record(r: &Row<'_>) -> rusqlite::Result<(SigningKeyRecord, String, Option<Vec<u8>>)> {
    let record = SigningKeyRecord {
        kid: r.get(0)?,
        algorithm: r.get(1)?,
        public_jwk: r.get(2)?,
        state: SigningKeyState::Current,
        created_at: r.get(4)?,
        retired_at: r.get(5)?,
    };
    Ok((record, r.get(3)?, r.get(6)?))
}

/// Every key, oldest first, with its sealed private half (if it still has one).
fn all(conn: &Connection) -> Result<Vec<Stored>, StoreError> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM signing_keys ORDER BY created_at, id"))?;
    let rows = stmt.query_map([], record)?;
    let mut out = Vec::new();
    for row in rows {
        let (mut record, state, sealed) = row?;
        record.state = SigningKeyState::from_db(&state)?;
        out.push((record, sealed));
    }
    Ok(out)
}

pub(super) fn list(conn: &Connection) -> Result<Vec<SigningKeyRecord>, StoreError> {
    Ok(all(conn)?.into_iter().map(|(record, _)| record).collect())
}

pub(super) fn current(conn: &Connection, key: &StoreKey) -> Result<Option<CurrentSigningKey>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM signing_keys WHERE state = 'current'");
    let Some((record, _, sealed)) = conn.query_row(&sql, [], record).optional()? else {
        return Ok(None);
    };
    let sealed = sealed.ok_or_else(|| StoreError::Corrupt("the current signing key has no private key".into()))?;
    let private_key = key.open(&signing_key_aad(&record.kid), &sealed)?;
    Ok(Some(CurrentSigningKey { record, private_key }))
}

fn insert_current(tx: &Transaction<'_>, key: &StoreKey, new: &NewSigningKey) -> Result<(), StoreError> {
    let sealed = key.seal(&signing_key_aad(&new.kid), &new.private_key)?;
    tx.execute(
        "INSERT INTO signing_keys (kid, algorithm, public_jwk, private_key, state, created_at) \
         VALUES (?1, ?2, ?3, ?4, 'current', ?5)",
        params![new.kid, new.algorithm, new.public_jwk, sealed, now_rfc3339()],
    )?;
    Ok(())
}

fn current_kid(tx: &Transaction<'_>) -> Result<Option<String>, StoreError> {
    Ok(tx.query_row("SELECT kid FROM signing_keys WHERE state = 'current'", [], |r| r.get(0)).optional()?)
}

pub(super) fn create_first(conn: &mut Connection, key: &StoreKey, new: &NewSigningKey) -> Result<bool, StoreError> {
    let tx = keyed_write_tx(conn, key)?;
    if current_kid(&tx)?.is_some() {
        return Ok(false);
    }
    insert_current(&tx, key, new)?;
    tx.commit()?;
    Ok(true)
}

pub(super) fn rotate(conn: &mut Connection, key: &StoreKey, new: &NewSigningKey) -> Result<Option<String>, StoreError> {
    let tx = keyed_write_tx(conn, key)?;
    let retired = current_kid(&tx)?;
    tx.execute(
        "UPDATE signing_keys SET state = 'retired', private_key = NULL, retired_at = ?1 WHERE state = 'current'",
        [now_rfc3339()],
    )?;
    insert_current(&tx, key, new)?;
    tx.commit()?;
    Ok(retired)
}

pub(super) fn drop_key(conn: &mut Connection, kid: &str) -> Result<(), StoreError> {
    let tx = write_tx(conn)?;
    let state: Option<String> =
        tx.query_row("SELECT state FROM signing_keys WHERE kid = ?1", [kid], |r| r.get(0)).optional()?;
    match state.as_deref().map(SigningKeyState::from_db).transpose()? {
        None => return Err(StoreError::SigningKeyNotFound(kid.to_owned())),
        Some(SigningKeyState::Current) => return Err(StoreError::SigningKeyIsCurrent(kid.to_owned())),
        Some(SigningKeyState::Retired) => {}
    }
    tx.execute("DELETE FROM signing_keys WHERE kid = ?1", [kid])?;
    tx.commit()?;
    Ok(())
}

pub(super) fn export(conn: &Connection, key: &StoreKey) -> Result<Vec<SigningKeyCopy>, StoreError> {
    let tx = conn.unchecked_transaction()?;
    let mut out = Vec::new();
    for (record, sealed) in all(&tx)? {
        let private_key = sealed.map(|s| key.open(&signing_key_aad(&record.kid), &s)).transpose()?;
        out.push(SigningKeyCopy { record, private_key });
    }
    Ok(out)
}

pub(super) fn import(
    conn: &mut Connection,
    key: &StoreKey,
    store: String,
    keys: &[SigningKeyCopy],
) -> Result<(), StoreError> {
    let tx = keyed_write_tx(conn, key)?;
    let count: i64 = tx.query_row("SELECT COUNT(*) FROM signing_keys", [], |r| r.get(0))?;
    if count > 0 {
        return Err(StoreError::DestinationHasSigningKeys { store, count: to_u64(count)? });
    }
    for copy in keys {
        let r = &copy.record;
        let sealed = copy.private_key.as_ref().map(|p| key.seal(&signing_key_aad(&r.kid), p)).transpose()?;
        tx.execute(
            "INSERT INTO signing_keys (kid, algorithm, public_jwk, private_key, state, created_at, retired_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![r.kid, r.algorithm, r.public_jwk, sealed, r.state.as_str(), r.created_at, r.retired_at],
        )?;
    }
    tx.commit()?;
    Ok(())
}
