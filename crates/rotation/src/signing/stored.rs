//! The signing keys as the store keeps them (see `escrot_store::SigningKeyRecord`): the
//! current key, created on first use; a rotation that keeps the old public key published;
//! the public JWKS of every key the store holds.

use escrot_store::{NewSigningKey, SigningKeyRecord, Store, StoreError};
use serde_json::Value;

use super::{SigningError, SigningKey, jwks};

/// Why a stored signing key could not be read, made or used. No variant carries key material.
#[derive(Debug, thiserror::Error)]
pub enum StoredKeyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Signing(#[from] SigningError),
    /// A row whose public JWK is not JSON, or whose private half is another key's.
    #[error("the store's signing key '{kid}' is damaged: {reason}")]
    Damaged { kid: String, reason: String },
}

/// The key that signs `fn::rotate::external` requests: the store's current signing key,
/// created (RSA-2048) and stored if it has none yet.
pub fn current_key(store: &mut dyn Store) -> Result<SigningKey, StoredKeyError> {
    Ok(current_key_or_create(store)?.0)
}

/// [`current_key`], and whether this call created it (`escrot jwks` says so). Of processes
/// creating the first key at once, one stores its key and every one returns that key: the
/// insert happens only if the store has no current key, and the key is then read back.
pub fn current_key_or_create(store: &mut dyn Store) -> Result<(SigningKey, bool), StoredKeyError> {
    if let Some(key) = read_current(&*store)? {
        return Ok((key, false));
    }
    let created = store.create_first_signing_key(&to_new(&SigningKey::generate()?))?;
    let key = read_current(&*store)?
        .ok_or_else(|| StoreError::Corrupt("the signing key just stored is not the current one".into()))?;
    Ok((key, created))
}

/// Makes a new current signing key; the one it replaces is retired (it stays in the JWKS,
/// so adapters keep trusting tokens it signed, until `escrot jwks drop`). Returns the new
/// key and the kid retired.
pub fn rotate_key(store: &mut dyn Store) -> Result<(SigningKey, Option<String>), StoredKeyError> {
    let key = SigningKey::generate()?;
    let retired = store.rotate_signing_key(&to_new(&key))?;
    Ok((key, retired))
}

/// The JWKS of every key the store holds, current and retired: what adapters trust.
pub fn store_jwks(store: &dyn Store) -> Result<Value, StoredKeyError> {
    let keys = store.list_signing_keys()?;
    Ok(jwks(&keys.iter().map(public_jwk).collect::<Result<Vec<_>, _>>()?))
}

/// The public JWK a store record holds.
pub fn public_jwk(record: &SigningKeyRecord) -> Result<Value, StoredKeyError> {
    serde_json::from_str(&record.public_jwk)
        .map_err(|e| StoredKeyError::Damaged { kid: record.kid.clone(), reason: format!("its public JWK: {e}") })
}

/// The store's current signing key, if it has one: [`current_key`] without creating it,
/// for a store opened read-only.
pub fn existing_key(store: &dyn Store) -> Result<Option<SigningKey>, StoredKeyError> {
    read_current(store)
}

fn read_current(store: &dyn Store) -> Result<Option<SigningKey>, StoredKeyError> {
    let Some(current) = store.current_signing_key()? else { return Ok(None) };
    let key = SigningKey::from_pkcs8(&current.private_key)?;
    if key.kid() != current.record.kid {
        let reason = format!("its private key is the one of kid '{}'", key.kid());
        return Err(StoredKeyError::Damaged { kid: current.record.kid, reason });
    }
    Ok(Some(key))
}

fn to_new(key: &SigningKey) -> NewSigningKey {
    NewSigningKey {
        kid: key.kid().to_owned(),
        algorithm: "RS256".to_owned(),
        public_jwk: key.public_jwk().to_string(),
        private_key: key.to_pkcs8(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Barrier;

    use escrot_store::{KeySource, SigningKeyState, SqliteStore, StoreLocation};

    use super::*;

    fn open(dir: &std::path::Path) -> SqliteStore {
        SqliteStore::open(&StoreLocation::Sqlite(dir.join("escrot.db")), &KeySource::BesideDatabase).unwrap()
    }

    #[test]
    fn the_first_use_creates_the_key_and_later_ones_read_it() {
        let dir = tempfile::tempdir().unwrap();
        let (first, created) = current_key_or_create(&mut open(dir.path())).unwrap();
        assert!(created);
        let (again, created) = current_key_or_create(&mut open(dir.path())).unwrap();
        assert!(!created);
        assert_eq!(again.kid(), first.kid());
        assert_eq!(store_jwks(&open(dir.path())).unwrap(), jwks(&[first.public_jwk()]));
    }

    #[test]
    fn processes_racing_for_the_first_key_all_get_the_same_one() {
        let dir = tempfile::tempdir().unwrap();
        let barrier = Barrier::new(4);
        let kids: Vec<String> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| {
                    let (dir, barrier) = (dir.path(), &barrier);
                    scope.spawn(move || {
                        let mut store = open(dir);
                        barrier.wait();
                        current_key(&mut store).unwrap().kid().to_owned()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(kids.iter().all(|k| *k == kids[0]), "{kids:?}");
        assert_eq!(open(dir.path()).list_signing_keys().unwrap().len(), 1);
    }

    #[test]
    fn a_rotation_keeps_the_old_public_key_in_the_jwks() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        let old = current_key(&mut store).unwrap();
        let (new, retired) = rotate_key(&mut store).unwrap();
        assert_eq!(retired.as_deref(), Some(old.kid()));
        assert_eq!(current_key(&mut store).unwrap().kid(), new.kid());
        assert_eq!(store_jwks(&store).unwrap(), jwks(&[old.public_jwk(), new.public_jwk()]));
        let states: Vec<_> = store.list_signing_keys().unwrap().into_iter().map(|k| k.state).collect();
        assert_eq!(states, [SigningKeyState::Retired, SigningKeyState::Current]);
    }
}
