//! The `meta` rows of a PostgreSQL store: read at open (the key check, the wrapped data
//! key), and written by `escrot store key` changes in one transaction with the
//! re-encrypted revisions. Writes that carry ciphertexts hold the key check's row
//! `FOR SHARE` and a key change holds it `FOR UPDATE`, so none of them commits under a data
//! key that a concurrent key change retires.

use super::client::{PgClient, Tx};

use super::revisions::{RowLock, env_id, insert_revision, latest_number, new_revision};
use super::to_u64;
use super::worker::Connection;
use crate::envelope::{KeyChange, META_KEY_CHECK, META_WRAPPED_KEY, MetaRows};
use crate::error::StoreError;
use crate::key::{AAD_KEY_CHECK, StoreKey};
use crate::model::RevisionKind;
use crate::name::EnvName;

/// A connection's `meta` rows, as opening reads them.
pub(super) struct PgMeta<'a>(pub &'a Connection);

impl MetaRows for PgMeta<'_> {
    fn meta(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let name = name.to_owned();
        self.0.run(move |c| {
            Box::pin(async move {
                let row = c.query_opt("SELECT value FROM meta WHERE name = $1", &[&name]).await?;
                Ok(row.map(|r| r.get(0)))
            })
        })
    }

    fn insert_meta_if_absent(&mut self, name: &str, value: &[u8]) -> Result<Vec<u8>, StoreError> {
        let (row, value) = (name.to_owned(), value.to_vec());
        self.0.run(move |c| {
            Box::pin(async move {
                c.execute(
                    "INSERT INTO meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
                    &[&row, &value],
                )
                .await?;
                Ok(())
            })
        })?;
        self.meta(name)?.ok_or_else(|| StoreError::Corrupt(format!("the meta row {name} vanished")))
    }
}

/// Fails with [`StoreError::KeyChanged`] unless `key` is still the store's current key,
/// holding the key check's row (`FOR SHARE`) until the transaction ends.
pub(super) async fn ensure_current_key(tx: &Tx<'_>, key: &StoreKey) -> Result<(), StoreError> {
    let row = tx.query_opt("SELECT value FROM meta WHERE name = $1 FOR SHARE", &[&META_KEY_CHECK]).await?;
    match row.map(|r| r.get::<_, Vec<u8>>(0)) {
        Some(check) if key.open_current(AAD_KEY_CHECK, &check).is_err() => Err(StoreError::KeyChanged),
        _ => Ok(()),
    }
}

/// What a [`KeyChange`] writes, owned, for the connection's thread.
pub(super) struct KeyChangeRows {
    expected_check: Vec<u8>,
    expected_wrapped: Option<Vec<u8>>,
    new_data_key: bool,
    meta: Vec<(String, Vec<u8>)>,
    revisions: Vec<(EnvName, u64, String)>,
    author: String,
}

impl KeyChangeRows {
    pub(super) fn of(change: &KeyChange, author: &str) -> KeyChangeRows {
        KeyChangeRows {
            expected_check: change.expected_check.clone(),
            expected_wrapped: change.expected_wrapped.clone(),
            new_data_key: change.new_key().is_some(),
            meta: change.meta.iter().map(|(n, v)| ((*n).to_owned(), v.clone())).collect(),
            revisions: change.revisions.iter().map(|r| (r.env.clone(), r.expected_latest, r.yaml.clone())).collect(),
            author: author.to_owned(),
        }
    }
}

async fn meta_for_update(tx: &Tx<'_>, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
    let row = tx.query_opt("SELECT value FROM meta WHERE name = $1 FOR UPDATE", &[&name]).await?;
    Ok(row.map(|r| r.get(0)))
}

pub(super) async fn commit_key_change(
    client: &mut PgClient,
    c: KeyChangeRows,
) -> Result<Vec<(EnvName, u64)>, StoreError> {
    let tx = client.transaction().await?;
    if meta_for_update(&tx, META_KEY_CHECK).await?.as_deref() != Some(c.expected_check.as_slice())
        || meta_for_update(&tx, META_WRAPPED_KEY).await? != c.expected_wrapped
    {
        return Err(StoreError::KeyChanged);
    }
    if c.new_data_key {
        refuse_pending_journal(&tx).await?;
    }
    let mut committed = Vec::with_capacity(c.revisions.len());
    for (env, expected, yaml) in c.revisions {
        let id = env_id(&tx, &env, RowLock::Update).await?;
        let latest = latest_number(&tx, id).await?;
        if latest != expected {
            return Err(StoreError::Conflict { env, expected, actual: latest });
        }
        insert_revision(&tx, id, &new_revision(latest + 1, yaml, RevisionKind::Edit, c.author.clone())).await?;
        committed.push((env, latest + 1));
    }
    for (name, value) in &c.meta {
        tx.execute(
            "INSERT INTO meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value",
            &[name, value],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(committed)
}

/// As the SQLite store: a new data key while a rotation is in flight is refused.
async fn refuse_pending_journal(tx: &Tx<'_>) -> Result<(), StoreError> {
    let rows = tx
        .query(
            "SELECT e.org || '/' || e.project || '/' || e.name, COUNT(*) FROM rotation_journal j \
             JOIN environments e ON e.id = j.env_id WHERE NOT j.done GROUP BY 1 ORDER BY 1",
            &[],
        )
        .await?;
    let mut envs = Vec::new();
    let mut count = 0;
    for row in rows {
        envs.push(row.get::<_, String>(0));
        count += to_u64(row.get::<_, i64>(1))?;
    }
    if count > 0 {
        return Err(StoreError::PendingKeyChange { count, envs: envs.join(", ") });
    }
    Ok(())
}
