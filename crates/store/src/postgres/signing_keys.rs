//! The signing keys of a PostgreSQL store, as SQLite's (`sqlite/signing_keys.rs`). Every
//! write first takes `LOCK TABLE signing_keys IN SHARE ROW EXCLUSIVE MODE`: writers of
//! signing keys take turns (so "insert if none" and "retire the current, insert a new one"
//! cannot interleave), readers are never blocked. Writes that seal a private half hold the
//! key check's row as every keyed write does (`ensure_current_key`).

use std::sync::Arc;

use tokio_postgres::Row;

use super::client::{PgClient, Tx};
use super::meta::ensure_current_key;
use super::revisions::read_tx;
use super::to_u64;
use crate::error::StoreError;
use crate::key::StoreKey;
use crate::signing_key::{
    CurrentSigningKey, NewSigningKey, SigningKeyCopy, SigningKeyRecord, SigningKeyState, signing_key_aad,
};
use crate::time::now_rfc3339;

/// A key's public facts and its sealed private half (`None` once retired).
type Stored = (SigningKeyRecord, Option<Vec<u8>>);

const COLUMNS: &str = "kid, algorithm, public_jwk, state, created_at, retired_at, private_key";

fn record(r: &Row) -> Result<Stored, StoreError> {
    let state: String = r.get(3);
    let record = SigningKeyRecord {
        kid: r.get(0),
        algorithm: r.get(1),
        public_jwk: r.get(2),
        state: SigningKeyState::from_db(&state)?,
        created_at: r.get(4),
        retired_at: r.get(5),
    };
    Ok((record, r.get(6)))
}

async fn all(tx: &Tx<'_>) -> Result<Vec<Stored>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM signing_keys ORDER BY created_at, id");
    tx.query(sql.as_str(), &[]).await?.iter().map(record).collect()
}

/// A write transaction on the signing keys, writers one at a time.
async fn write_tx(client: &mut PgClient) -> Result<Tx<'_>, StoreError> {
    let tx = client.transaction().await?;
    tx.batch_execute("LOCK TABLE signing_keys IN SHARE ROW EXCLUSIVE MODE").await?;
    Ok(tx)
}

pub(super) async fn list(client: &mut PgClient) -> Result<Vec<SigningKeyRecord>, StoreError> {
    let tx = read_tx(client).await?;
    Ok(all(&tx).await?.into_iter().map(|(record, _)| record).collect())
}

pub(super) async fn current(
    client: &mut PgClient,
    key: Arc<StoreKey>,
) -> Result<Option<CurrentSigningKey>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM signing_keys WHERE state = 'current'");
    let Some(row) = client.query_opt(sql.as_str(), &[]).await? else {
        return Ok(None);
    };
    let (record, sealed) = record(&row)?;
    let sealed = sealed.ok_or_else(|| StoreError::Corrupt("the current signing key has no private key".into()))?;
    let private_key = key.open(&signing_key_aad(&record.kid), &sealed)?;
    Ok(Some(CurrentSigningKey { record, private_key }))
}

async fn insert_current(tx: &Tx<'_>, key: &StoreKey, new: &NewSigningKey) -> Result<(), StoreError> {
    let sealed = key.seal(&signing_key_aad(&new.kid), &new.private_key)?;
    tx.execute(
        "INSERT INTO signing_keys (kid, algorithm, public_jwk, private_key, state, created_at) \
         VALUES ($1, $2, $3, $4, 'current', $5)",
        &[&new.kid, &new.algorithm, &new.public_jwk, &sealed, &now_rfc3339()],
    )
    .await?;
    Ok(())
}

async fn current_kid(tx: &Tx<'_>) -> Result<Option<String>, StoreError> {
    Ok(tx.query_opt("SELECT kid FROM signing_keys WHERE state = 'current'", &[]).await?.map(|r| r.get(0)))
}

pub(super) async fn create_first(
    client: &mut PgClient,
    key: Arc<StoreKey>,
    new: NewSigningKey,
) -> Result<bool, StoreError> {
    let tx = write_tx(client).await?;
    ensure_current_key(&tx, &key).await?;
    if current_kid(&tx).await?.is_some() {
        return Ok(false);
    }
    insert_current(&tx, &key, &new).await?;
    tx.commit().await?;
    Ok(true)
}

pub(super) async fn rotate(
    client: &mut PgClient,
    key: Arc<StoreKey>,
    new: NewSigningKey,
) -> Result<Option<String>, StoreError> {
    let tx = write_tx(client).await?;
    ensure_current_key(&tx, &key).await?;
    let retired = current_kid(&tx).await?;
    tx.execute(
        "UPDATE signing_keys SET state = 'retired', private_key = NULL, retired_at = $1 WHERE state = 'current'",
        &[&now_rfc3339()],
    )
    .await?;
    insert_current(&tx, &key, &new).await?;
    tx.commit().await?;
    Ok(retired)
}

pub(super) async fn drop_key(client: &mut PgClient, kid: String) -> Result<(), StoreError> {
    let tx = write_tx(client).await?;
    let state = tx.query_opt("SELECT state FROM signing_keys WHERE kid = $1", &[&kid]).await?;
    match state.map(|r| SigningKeyState::from_db(&r.get::<_, String>(0))).transpose()? {
        None => return Err(StoreError::SigningKeyNotFound(kid)),
        Some(SigningKeyState::Current) => return Err(StoreError::SigningKeyIsCurrent(kid)),
        Some(SigningKeyState::Retired) => {}
    }
    tx.execute("DELETE FROM signing_keys WHERE kid = $1", &[&kid]).await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn export(client: &mut PgClient, key: Arc<StoreKey>) -> Result<Vec<SigningKeyCopy>, StoreError> {
    let tx = read_tx(client).await?;
    let mut out = Vec::new();
    for (record, sealed) in all(&tx).await? {
        let private_key = sealed.map(|s| key.open(&signing_key_aad(&record.kid), &s)).transpose()?;
        out.push(SigningKeyCopy { record, private_key });
    }
    Ok(out)
}

pub(super) async fn import(
    client: &mut PgClient,
    key: Arc<StoreKey>,
    store: String,
    keys: Vec<SigningKeyCopy>,
) -> Result<(), StoreError> {
    let tx = write_tx(client).await?;
    ensure_current_key(&tx, &key).await?;
    let count: i64 = tx.query_one("SELECT COUNT(*) FROM signing_keys", &[]).await?.get(0);
    if count > 0 {
        return Err(StoreError::DestinationHasSigningKeys { store, count: to_u64(count)? });
    }
    for copy in &keys {
        let r = &copy.record;
        let sealed = copy.private_key.as_ref().map(|p| key.seal(&signing_key_aad(&r.kid), p)).transpose()?;
        tx.execute(
            "INSERT INTO signing_keys (kid, algorithm, public_jwk, private_key, state, created_at, retired_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[&r.kid, &r.algorithm, &r.public_jwk, &sealed, &r.state.as_str(), &r.created_at, &r.retired_at],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
