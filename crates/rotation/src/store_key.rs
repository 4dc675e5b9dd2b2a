//! `escrot store key rotate` without `--kms`: a new data key for the store. Every
//! environment's latest revision is re-encrypted with it ([`definitions::reencrypt`]) and
//! committed as a new revision, with the new wrapped key, key check and retired keys, in
//! one transaction. Older revisions are never rewritten: they stay readable through the
//! retired keys, which the store keeps sealed under the new key (see
//! [`escrot_store::envelope`]).

use std::sync::Mutex;

use escrot_store::envelope::{Reencrypted, new_data_key_change};
use escrot_store::{EnvName, KeyWrapper, Store, StoreError, StoreKey};

use crate::definitions::{WriteError, reencrypt};

/// How often the re-encryption starts over when another writer commits meanwhile.
const ATTEMPTS: usize = 3;

/// What a new data key committed.
#[derive(Debug)]
pub struct DataKeyRotation {
    /// Each environment and its new revision.
    pub revisions: Vec<(EnvName, u64)>,
    /// The wrapping key the new data key is wrapped with.
    pub wrapping_key: String,
}

/// Replaces the data key of `store` (opened with `key`, which must be wrapped).
pub fn rotate_data_key(
    store: &Mutex<dyn Store>,
    key: &StoreKey,
    wrapper: &dyn KeyWrapper,
    author: &str,
) -> Result<DataKeyRotation, WriteError> {
    let mut store = store.lock().unwrap_or_else(|e| e.into_inner());
    refuse_pending(&*store).map_err(WriteError::Store)?;
    let mut change = new_data_key_change(&*store, key, wrapper).map_err(WriteError::Store)?;
    let mut attempt = 1;
    loop {
        let new = change.new_key().ok_or_else(no_new_key)?;
        let mut revisions = Vec::new();
        for env in store.list_environments(None).map_err(WriteError::Store)? {
            let latest = store.latest(&env.name).map_err(WriteError::Store)?;
            let yaml = reencrypt(&env.name, &latest.yaml, key, new)?;
            revisions.push(Reencrypted { env: env.name, expected_latest: latest.number, yaml });
        }
        change.revisions = revisions;
        match store.commit_key_change(&change, author) {
            Ok(revisions) => return Ok(DataKeyRotation { revisions, wrapping_key: change.wrapping_key().to_owned() }),
            Err(StoreError::Conflict { .. } | StoreError::EnvironmentNotFound(_)) if attempt < ATTEMPTS => attempt += 1,
            Err(e) => return Err(WriteError::Store(e)),
        }
    }
}

/// [`new_data_key_change`] always makes a new key; this keeps that a typed error.
fn no_new_key() -> WriteError {
    WriteError::Store(StoreError::Corrupt("a new data key change without its key".into()))
}

/// The commit refuses too; refusing first spares the KMS calls and the re-encryption.
fn refuse_pending(store: &dyn Store) -> Result<(), StoreError> {
    let pending = store.journal_pending_all()?;
    if pending.is_empty() {
        return Ok(());
    }
    let mut envs: Vec<String> = pending.iter().map(|e| e.env.to_string()).collect();
    envs.sort();
    envs.dedup();
    Err(StoreError::PendingKeyChange { count: pending.len() as u64, envs: envs.join(", ") })
}
