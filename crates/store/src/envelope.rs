//! Envelope encryption of the store key, so that a team's runners need no copy of it: the
//! store's data key (the [`StoreKey`] that encrypts secrets and journal payloads) is kept in
//! the store's `meta` rows encrypted ("wrapped") by a key wrapper — AWS KMS, in
//! `escrot-rotation` — and whoever may use the wrapping key unwraps it when opening.
//!
//! Backend-neutral: everything here reads and writes `meta` rows through [`MetaRows`] (at
//! open) or the [`Store`] trait (for `escrot store key`), so every backend opens and rekeys
//! the same way. The store crate knows no KMS: a [`KeyWrapper`] is passed in.
//!
//! Where the key comes from when opening, in order:
//! 1. `ESCROT_KEY`, when set: explicit, so it wins; still checked against the key check
//!    (a key the store has retired is refused and the message says to unset it).
//! 2. The wrapped key, when the store has one: unwrapped by the wrapper. The key file
//!    beside the database is then never read: a leftover copy must not silently stand in
//!    for the access control and audit trail the wrapping key gives, and after a data key
//!    rotation it holds a retired key.
//! 3. Else the key file (created on the first writable open of a new store).
//!
//! Meta rows: `key_check` (a constant sealed with the current data key, which detects a
//! wrong key), `store_id` (random; part of the wrapping's encryption context, so a wrapped
//! key cannot be moved to another store and unwrapped there unnoticed),
//! `wrapped_key_provider`, `wrapped_key_id` (the wrapping key as the wrapper names it: a
//! KMS key ARN), `wrapped_key` (the ciphertext), and `retired_keys`: every data key that
//! `escrot store key rotate` replaced, sealed with the current data key, so that old
//! revisions (which are never rewritten) and files still decrypt.

use std::path::Path;

use zeroize::Zeroizing;

use crate::error::{KeyError, StoreError};
use crate::key::{AAD_KEY_CHECK, AAD_RETIRED_KEYS, KEY_CHECK_PLAINTEXT, KEY_ENV_VAR, KEY_LEN, KeySource, StoreKey};
use crate::name::EnvName;
use crate::store::Store;

pub(crate) const META_KEY_CHECK: &str = "key_check";
const META_STORE_ID: &str = "store_id";
const META_WRAP_PROVIDER: &str = "wrapped_key_provider";
pub(crate) const META_WRAP_KEY_ID: &str = "wrapped_key_id";
pub(crate) const META_WRAPPED_KEY: &str = "wrapped_key";
const META_RETIRED_KEYS: &str = "retired_keys";

/// Encrypts and decrypts a data key under a wrapping key held elsewhere (a KMS key).
/// Errors are the wrapper's own messages (KMS's code and message), never key material.
pub trait KeyWrapper: Send + Sync {
    /// What it is, as recorded in the store (`aws-kms`).
    fn provider(&self) -> &'static str;

    /// Encrypts `data_key` under the wrapping key `key_id`, binding `context`. The result
    /// names the wrapping key as the wrapper canonically does (KMS answers with the ARN).
    fn wrap(&self, key_id: &str, data_key: &[u8], context: &[(&str, &str)]) -> Result<WrappedKey, String>;

    /// Decrypts what [`wrap`](Self::wrap) made, with the same `context`.
    fn unwrap(&self, wrapped: &WrappedKey, context: &[(&str, &str)]) -> Result<Zeroizing<Vec<u8>>, String>;
}

/// A data key encrypted under a wrapping key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrappedKey {
    pub key_id: String,
    pub ciphertext: Vec<u8>,
}

/// The store's `meta` rows as opening a store reads them (before a [`Store`] exists).
pub trait MetaRows {
    fn meta(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError>;

    /// Inserts `value` under `name` unless the row exists, and returns the row's value
    /// (another process may have written it first). Only a writable open calls it.
    fn insert_meta_if_absent(&mut self, name: &str, value: &[u8]) -> Result<Vec<u8>, StoreError>;
}

/// How opening finds the key (see the module documentation for the order).
pub struct KeyOptions<'a> {
    pub source: &'a KeySource,
    /// The key file [`KeySource::BesideDatabase`] means, when the backend has one.
    pub key_file: Option<&'a Path>,
    pub wrapper: Option<&'a dyn KeyWrapper>,
    /// A writable open may create the key file and the key check of a new store.
    pub writable: bool,
    /// Where the store is, for messages.
    pub store: &'a str,
}

/// The wrapped key as the store keeps it.
struct StoredWrap {
    provider: String,
    store_id: String,
    wrapped: WrappedKey,
}

/// The encryption context of a store's wrapped key: it names escrot and the store.
fn context(store_id: &str) -> [(&'static str, &str); 2] {
    [("application", "escrot"), ("escrot:store", store_id)]
}

fn meta_text<R: MetaRows + ?Sized>(rows: &R, name: &str) -> Result<String, StoreError> {
    rows.meta(name)?
        .and_then(|v| String::from_utf8(v).ok())
        .ok_or_else(|| KeyError::DamagedWrap(format!("its {name} row is missing or not text")).into())
}

fn read_wrap<R: MetaRows + ?Sized>(rows: &R) -> Result<Option<StoredWrap>, StoreError> {
    let Some(ciphertext) = rows.meta(META_WRAPPED_KEY)? else { return Ok(None) };
    Ok(Some(StoredWrap {
        provider: meta_text(rows, META_WRAP_PROVIDER)?,
        store_id: meta_text(rows, META_STORE_ID)?,
        wrapped: WrappedKey { key_id: meta_text(rows, META_WRAP_KEY_ID)?, ciphertext },
    }))
}

/// The store key, found as the module documentation says, checked against the store's key
/// check (created by a writable open of a new store), with the retired data keys.
pub fn open_key(rows: &mut dyn MetaRows, opts: &KeyOptions<'_>) -> Result<StoreKey, StoreError> {
    let check = rows.meta(META_KEY_CHECK)?;
    let wrap = read_wrap(&*rows)?;
    let create = opts.writable && check.is_none();
    let key = match (opts.source, &wrap) {
        (KeySource::Base64(text), _) => StoreKey::from_base64(text, KEY_ENV_VAR)?,
        (_, Some(wrap)) => unwrap_key(wrap, opts.wrapper)?,
        (KeySource::File(path), None) => StoreKey::read_or_create_file(path, create)?,
        (KeySource::BesideDatabase, None) => match opts.key_file {
            Some(path) => StoreKey::read_or_create_file(path, create)?,
            None => return Err(KeyError::Required { store: opts.store.to_owned() }.into()),
        },
    };
    let check = match check {
        Some(check) => check,
        None if opts.writable => {
            rows.insert_meta_if_absent(META_KEY_CHECK, &key.seal(AAD_KEY_CHECK, KEY_CHECK_PLAINTEXT)?)?
        }
        // A store nothing was ever written to: nothing to check the key against.
        None => return Ok(key),
    };
    if key.open_current(AAD_KEY_CHECK, &check).is_err() {
        return Err(match (&wrap, opts.source) {
            (Some(wrap), KeySource::Base64(_)) => {
                KeyError::MismatchWrapped { origin: KEY_ENV_VAR.into(), key_id: wrap.wrapped.key_id.clone() }
            }
            _ => KeyError::Mismatch { origin: key.origin().to_owned() },
        }
        .into());
    }
    with_retired_keys(key, &*rows)
}

fn unwrap_key(wrap: &StoredWrap, wrapper: Option<&dyn KeyWrapper>) -> Result<StoreKey, StoreError> {
    let key_id = &wrap.wrapped.key_id;
    let Some(wrapper) = wrapper.filter(|w| w.provider() == wrap.provider) else {
        return Err(KeyError::NoWrapper { provider: wrap.provider.clone(), key_id: key_id.clone() }.into());
    };
    let plain = wrapper.unwrap(&wrap.wrapped, &context(&wrap.store_id)).map_err(|reason| KeyError::Wrapper {
        action: "unwrap",
        key_id: key_id.clone(),
        reason,
    })?;
    Ok(StoreKey::from_slice(&plain, format!("KMS key {key_id}"))?)
}

fn with_retired_keys(key: StoreKey, rows: &dyn MetaRows) -> Result<StoreKey, StoreError> {
    let Some(sealed) = rows.meta(META_RETIRED_KEYS)? else { return Ok(key) };
    let plain = key
        .open_current(AAD_RETIRED_KEYS, &sealed)
        .map_err(|_| KeyError::DamagedWrap("the retired data keys do not decrypt with the current one".into()))?;
    if plain.len() % KEY_LEN != 0 {
        return Err(KeyError::DamagedWrap("the retired data keys have an odd length".into()).into());
    }
    let retired = plain
        .chunks(KEY_LEN)
        .map(|chunk| {
            let mut k = Zeroizing::new([0u8; KEY_LEN]);
            k.copy_from_slice(chunk);
            k
        })
        .collect();
    Ok(key.with_retired(retired))
}

impl<S: Store + ?Sized> MetaRows for S {
    fn meta(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Store::meta(self, name)
    }

    fn insert_meta_if_absent(&mut self, _name: &str, _value: &[u8]) -> Result<Vec<u8>, StoreError> {
        Err(StoreError::Corrupt("meta rows are written through a key change".into()))
    }
}

/// What an `escrot store key` command commits, in one transaction
/// ([`Store::commit_key_change`]): `meta` rows, and for a new data key the latest revision
/// of every environment re-encrypted with it. `Debug` shows row names only.
pub struct KeyChange {
    /// The key check the change was computed from: the commit fails with
    /// [`StoreError::KeyChanged`] unless it is still the store's.
    pub(crate) expected_check: Vec<u8>,
    /// The wrapped key the change was computed from (so that a re-wrap committed meanwhile
    /// is not overwritten): fails the same way unless it is still the store's.
    pub(crate) expected_wrapped: Option<Vec<u8>>,
    pub(crate) meta: Vec<(&'static str, Vec<u8>)>,
    pub revisions: Vec<Reencrypted>,
    pub(crate) new_key: Option<StoreKey>,
    wrapping_key: String,
}

impl std::fmt::Debug for KeyChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rows: Vec<&str> = self.meta.iter().map(|(name, _)| *name).collect();
        f.debug_struct("KeyChange").field("meta", &rows).field("revisions", &self.revisions.len()).finish()
    }
}

/// An environment's latest revision with its secrets re-encrypted with a new data key,
/// committed as its next revision if `expected_latest` is still its latest.
#[derive(Debug)]
pub struct Reencrypted {
    pub env: EnvName,
    pub expected_latest: u64,
    pub yaml: String,
}

impl KeyChange {
    /// The new data key (with every key it retires), to re-encrypt with; `None` when the
    /// change only re-wraps the data key.
    pub fn new_key(&self) -> Option<&StoreKey> {
        self.new_key.as_ref()
    }

    /// The wrapping key after the change, as the wrapper names it (the KMS key ARN).
    pub fn wrapping_key(&self) -> &str {
        &self.wrapping_key
    }
}

fn current_check(store: &dyn Store) -> Result<Vec<u8>, StoreError> {
    store.meta(META_KEY_CHECK)?.ok_or_else(|| StoreError::Corrupt("the store has no key check".into()))
}

/// Wraps `data_key` and unwraps the result again, so that a wrapping key this principal may
/// encrypt with but not decrypt with is refused before the store depends on it.
fn wrap_checked(
    wrapper: &dyn KeyWrapper,
    key_id: &str,
    data_key: &[u8],
    store_id: &str,
) -> Result<WrappedKey, StoreError> {
    let ctx = context(store_id);
    let fail = |action, key_id: &str, reason| KeyError::Wrapper { action, key_id: key_id.to_owned(), reason };
    let wrapped = wrapper.wrap(key_id, data_key, &ctx).map_err(|r| fail("wrap", key_id, r))?;
    let back = wrapper.unwrap(&wrapped, &ctx).map_err(|r| fail("unwrap (to check the wrap)", &wrapped.key_id, r))?;
    if back.as_slice() != data_key {
        return Err(fail("unwrap (to check the wrap)", &wrapped.key_id, "it returned another key".into()).into());
    }
    Ok(wrapped)
}

fn wrap_rows(provider: &'static str, store_id: &str, wrapped: WrappedKey) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (META_STORE_ID, store_id.as_bytes().to_vec()),
        (META_WRAP_PROVIDER, provider.as_bytes().to_vec()),
        (META_WRAP_KEY_ID, wrapped.key_id.into_bytes()),
        (META_WRAPPED_KEY, wrapped.ciphertext),
    ]
}

/// Wraps the store's data key (`key`, as the store was opened with) with the wrapping key
/// `key_id`: the first wrap (`rewrap` false: refused if the store is wrapped already) or a
/// re-wrap under another key, or under the same key's newest material (`rewrap` true:
/// refused unless the store is wrapped). The data key does not change.
pub fn wrap_change(
    store: &dyn Store,
    key: &StoreKey,
    wrapper: &dyn KeyWrapper,
    key_id: &str,
    rewrap: bool,
) -> Result<KeyChange, StoreError> {
    let expected_check = current_check(store)?;
    let wrap = read_wrap(store)?;
    let store_id = match (&wrap, rewrap) {
        (Some(w), false) => return Err(KeyError::AlreadyWrapped { key_id: w.wrapped.key_id.clone() }.into()),
        (None, true) => return Err(KeyError::NotWrapped { origin: key.origin().to_owned() }.into()),
        (Some(w), true) => w.store_id.clone(),
        (None, false) => new_store_id()?,
    };
    let wrapped = wrap_checked(wrapper, key_id, key.bytes(), &store_id)?;
    let wrapping_key = wrapped.key_id.clone();
    let meta = wrap_rows(wrapper.provider(), &store_id, wrapped);
    let expected_wrapped = wrap.map(|w| w.wrapped.ciphertext);
    Ok(KeyChange { expected_check, expected_wrapped, meta, revisions: Vec::new(), new_key: None, wrapping_key })
}

/// A new data key, wrapped with the store's wrapping key, with a key check made with it and
/// every data key it replaces (`key` and the ones `key` retired) sealed with it. The caller
/// adds each environment's latest revision re-encrypted with [`KeyChange::new_key`].
pub fn new_data_key_change(
    store: &dyn Store,
    key: &StoreKey,
    wrapper: &dyn KeyWrapper,
) -> Result<KeyChange, StoreError> {
    let expected_check = current_check(store)?;
    let Some(wrap) = read_wrap(store)? else {
        return Err(KeyError::NotWrapped { origin: key.origin().to_owned() }.into());
    };
    let new = StoreKey::generate(format!("KMS key {}", wrap.wrapped.key_id))?;
    let wrapped = wrap_checked(wrapper, &wrap.wrapped.key_id, new.bytes(), &wrap.store_id)?;
    let wrapping_key = wrapped.key_id.clone();
    let mut retired = vec![Zeroizing::new(*key.bytes())];
    retired.extend(key.retired().iter().cloned());
    let mut sealed_plain = Zeroizing::new(Vec::with_capacity(retired.len() * KEY_LEN));
    for k in &retired {
        sealed_plain.extend_from_slice(&k[..]);
    }
    let mut meta = wrap_rows(wrapper.provider(), &wrap.store_id, wrapped);
    meta.push((META_KEY_CHECK, new.seal(AAD_KEY_CHECK, KEY_CHECK_PLAINTEXT)?));
    meta.push((META_RETIRED_KEYS, new.seal(AAD_RETIRED_KEYS, &sealed_plain)?));
    let new_key = Some(new.with_retired(retired));
    let expected_wrapped = Some(wrap.wrapped.ciphertext);
    Ok(KeyChange { expected_check, expected_wrapped, meta, revisions: Vec::new(), new_key, wrapping_key })
}

/// The key envelope of `source` (its wrapped key, store id and retired keys) for
/// `destination`, a copy of it holding the same data key (`escrot store copy`): the copy
/// then opens through KMS as the source does, and its older revisions stay readable.
/// `None` when the source's key is not wrapped.
pub fn copy_envelope(source: &dyn Store, destination: &dyn Store) -> Result<Option<KeyChange>, StoreError> {
    let Some(wrap) = read_wrap(source)? else { return Ok(None) };
    let wrapping_key = wrap.wrapped.key_id.clone();
    let provider = source.meta(META_WRAP_PROVIDER)?.unwrap_or_default();
    let mut meta = vec![
        (META_STORE_ID, wrap.store_id.into_bytes()),
        (META_WRAP_PROVIDER, provider),
        (META_WRAP_KEY_ID, wrap.wrapped.key_id.into_bytes()),
        (META_WRAPPED_KEY, wrap.wrapped.ciphertext),
    ];
    if let Some(retired) = source.meta(META_RETIRED_KEYS)? {
        meta.push((META_RETIRED_KEYS, retired));
    }
    Ok(Some(KeyChange {
        expected_check: current_check(destination)?,
        expected_wrapped: destination.meta(META_WRAPPED_KEY)?,
        meta,
        revisions: Vec::new(),
        new_key: None,
        wrapping_key,
    }))
}

fn new_store_id() -> Result<String, StoreError> {
    let mut id = [0u8; 16];
    getrandom::fill(&mut id).map_err(|e| KeyError::Random(e.to_string()))?;
    Ok(hex::encode(id))
}

/// What `escrot store key status` shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyStatus {
    /// The wrapper and wrapping key, when the data key is wrapped.
    pub wrapped: Option<(String, String)>,
    /// How many data keys `escrot store key rotate` has replaced (kept to read history).
    pub retired_keys: usize,
}

/// The store's key status (`key` as the store was opened with).
pub fn key_status(store: &dyn Store, key: &StoreKey) -> Result<KeyStatus, StoreError> {
    let wrapped = read_wrap(store)?.map(|w| (w.provider, w.wrapped.key_id));
    Ok(KeyStatus { wrapped, retired_keys: key.retired().len() })
}
