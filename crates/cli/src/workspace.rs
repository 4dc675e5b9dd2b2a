//! What store-backed commands share: the store (from `--store` / `ESCROT_STORE`), the
//! default organization (`--org` / `ESCROT_ORG`), environment names, the loader that
//! resolves imports to other environments of the store, and the store key as the
//! evaluator's decrypter and encrypter: `ESCROT_KEY`, else the store's key wrapped with AWS
//! KMS (unwrapped through the standard AWS credential chain), else the key file.

use std::sync::{Arc, Mutex};

use crate::CliError;
use escrot_esc::provider::{Decrypter, EnvironmentLoader, Error};
use escrot_rotation::aws::kms::KmsKeyWrapper;
use escrot_store::{
    EnvName, EnvRef, KeySource, PostgresStore, SqliteStore, Store, StoreError, StoreKey, StoreLocation,
};

/// The variable that sets the default organization.
pub const ORG_ENV_VAR: &str = "ESCROT_ORG";
/// The variable that names the author of revisions (default: the OS user).
pub const ACTOR_ENV_VAR: &str = "ESCROT_ACTOR";

/// An open store and the settings commands need with it.
pub struct Workspace {
    pub store: Arc<Mutex<dyn Store>>,
    pub key: Arc<StoreKey>,
    pub org: String,
}

impl Workspace {
    /// Opens the store named by `--store` (or `ESCROT_STORE`, or the default location),
    /// creating (SQLite) or migrating it if needed.
    pub fn open(store_flag: Option<&str>, org_flag: Option<&str>) -> Result<Workspace, CliError> {
        let location = StoreLocation::resolve(store_flag).map_err(store_error)?;
        Workspace::open_at(&location, org_flag).map_err(store_error)
    }

    /// Opens the store at `location`, whichever its backend.
    pub fn open_at(location: &StoreLocation, org_flag: Option<&str>) -> Result<Workspace, StoreError> {
        let keys = KeySource::from_env();
        let wrapper = KmsKeyWrapper::default();
        Ok(match location {
            StoreLocation::Sqlite(_) => {
                Workspace::with_store(SqliteStore::open_with_wrapper(location, &keys, Some(&wrapper))?, org_flag)
            }
            StoreLocation::Postgres(pg) => {
                Workspace::with_store(PostgresStore::open_with_wrapper(pg, &keys, Some(&wrapper))?, org_flag)
            }
        })
    }

    /// Opens the existing store named by `--store` (as [`open`](Self::open) does) read-only,
    /// for commands that only read it.
    pub fn open_read_only(store_flag: Option<&str>, org_flag: Option<&str>) -> Result<Workspace, CliError> {
        let location = StoreLocation::resolve(store_flag).map_err(store_error)?;
        Workspace::open_read_only_at(&location, org_flag).map_err(store_error)
    }

    /// Opens the existing store at `location` read-only (for PostgreSQL: every transaction
    /// read-only, nothing migrated).
    pub fn open_read_only_at(location: &StoreLocation, org_flag: Option<&str>) -> Result<Workspace, StoreError> {
        let keys = KeySource::from_env();
        let wrapper = KmsKeyWrapper::default();
        Ok(match location {
            StoreLocation::Sqlite(_) => Workspace::with_store(
                SqliteStore::open_read_only_with_wrapper(location, &keys, Some(&wrapper))?,
                org_flag,
            ),
            StoreLocation::Postgres(pg) => {
                Workspace::with_store(PostgresStore::open_read_only_with_wrapper(pg, &keys, Some(&wrapper))?, org_flag)
            }
        })
    }

    fn with_store(store: impl Store + 'static, org_flag: Option<&str>) -> Workspace {
        let key = store.key();
        Workspace { store: Arc::new(Mutex::new(store)), key, org: default_org(org_flag) }
    }

    pub fn lock(&self) -> std::sync::MutexGuard<'_, dyn Store + 'static> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Parses `org/project/env` or `project/env` (with the default organization).
    pub fn name(&self, input: &str) -> Result<EnvName, CliError> {
        EnvName::parse(input, &self.org).map_err(|e| CliError::invalid(e.to_string()))
    }

    /// Parses a name with an optional `@REVISION` or `@TAG`.
    pub fn reference(&self, input: &str) -> Result<EnvRef, CliError> {
        EnvRef::parse(input, &self.org).map_err(|e| CliError::invalid(e.to_string()))
    }

    /// The loader for imports of environment `env`: `project/env` names resolve in its
    /// organization, single names in its project (as in ESC).
    pub fn loader(&self, env: &EnvName) -> StoreEnvironmentLoader {
        StoreEnvironmentLoader::for_store(self.store.clone(), self.key.clone(), env)
    }
}

/// The store key, when one exists (`ESCROT_KEY`, the store's key wrapped with KMS, or the
/// key file of the store named by `--store`/`ESCROT_STORE`/the default location), without
/// creating anything: plain files rotated with `rotate --file` hold ciphertexts made with it.
pub fn existing_key(store_flag: Option<&str>) -> Option<Arc<StoreKey>> {
    find_key(store_flag).ok().flatten()
}

/// The store key, when one exists, as [`existing_key`] (in the order opening the store
/// follows); a key that exists but cannot be used (invalid `ESCROT_KEY`, a key file others
/// may read, KMS refusing to unwrap) is an error.
pub fn find_key(store_flag: Option<&str>) -> Result<Option<Arc<StoreKey>>, CliError> {
    if let KeySource::Base64(text) = KeySource::from_env() {
        return Ok(Some(Arc::new(StoreKey::from_base64(&text, "ESCROT_KEY").map_err(|e| store_error(e.into()))?)));
    }
    let location = StoreLocation::resolve(store_flag).map_err(store_error)?;
    if location.sqlite_path().is_some_and(|db| db.exists() && SqliteStore::wrapping_key_of(db).is_some()) {
        return Ok(Some(Workspace::open_read_only(store_flag, None)?.key));
    }
    let Some(path) = key_file(store_flag)? else { return Ok(None) };
    match StoreKey::read_file(&path) {
        Ok(key) => Ok(Some(Arc::new(key))),
        Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(store_error(e)),
    }
}

/// The key file of the store named by `--store`/`ESCROT_STORE`/the default location.
pub fn key_file(store_flag: Option<&str>) -> Result<Option<std::path::PathBuf>, CliError> {
    let location = StoreLocation::resolve(store_flag).map_err(store_error)?;
    Ok(location.sqlite_path().map(|db| db.with_extension("key")))
}

/// The organization of names given without one: `--org`, else `ESCROT_ORG`, else `default`.
pub fn default_org(org_flag: Option<&str>) -> String {
    org_flag
        .map(str::to_owned)
        .or_else(|| escrot_vars::get(ORG_ENV_VAR))
        .unwrap_or_else(|| escrot_store::DEFAULT_ORG.to_owned())
}

/// The author recorded on revisions: `ESCROT_ACTOR`, else the OS user.
pub fn author() -> String {
    escrot_vars::get(ACTOR_ENV_VAR)
        .or_else(|| escrot_vars::get("USER"))
        .or_else(|| escrot_vars::get("LOGNAME"))
        .or_else(|| escrot_vars::get("USERNAME"))
        .or_else(os_user)
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The name of the process's user from the system's account database (for shells and
/// containers that set no `USER`).
fn os_user() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status.lines().find_map(|l| l.strip_prefix("Uid:"))?.split_whitespace().next()?.to_owned();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let mut fields = l.split(':');
        let name = fields.next()?;
        (fields.nth(1)? == uid).then(|| name.to_owned())
    })
}

/// Store errors are configuration problems (exit 2), except a lost race (a commit, or a
/// data key rotation committed meanwhile) or a rotation that another one kept waiting too
/// long (exit 1).
pub fn store_error(e: StoreError) -> CliError {
    match e {
        StoreError::Conflict { .. } | StoreError::LockTimeout { .. } | StoreError::KeyChanged => {
            CliError::failed(e.to_string())
        }
        _ => CliError::invalid(e.to_string()),
    }
}

/// Resolves imports to the latest revisions of other environments of the store.
pub struct StoreEnvironmentLoader {
    store: Arc<Mutex<dyn Store>>,
    key: Arc<StoreKey>,
    of: EnvName,
}

impl StoreEnvironmentLoader {
    /// A loader for imports of `env` from `store`.
    pub fn for_store(store: Arc<Mutex<dyn Store>>, key: Arc<StoreKey>, env: &EnvName) -> StoreEnvironmentLoader {
        StoreEnvironmentLoader { store, key, of: env.clone() }
    }

    /// The environment an import names, relative to the importing one.
    pub fn resolve(&self, name: &str) -> Result<EnvName, Error> {
        let full = match name.split('/').count() {
            1 => format!("{}/{}/{}", self.of.org, self.of.project, name),
            2 => format!("{}/{}", self.of.org, name),
            _ => name.to_owned(),
        };
        EnvName::parse(&full, &self.of.org).map_err(|e| e.to_string().into())
    }
}

impl EnvironmentLoader for StoreEnvironmentLoader {
    fn load_environment(&self, name: &str) -> Result<(String, Arc<dyn Decrypter>), Error> {
        let env = self.resolve(name)?;
        let store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        match store.latest(&env) {
            Ok(rev) => Ok((rev.yaml, self.key.clone() as Arc<dyn Decrypter>)),
            Err(StoreError::EnvironmentNotFound(_)) => Err(format!("environment \"{env}\" not found").into()),
            Err(e) => Err(e.to_string().into()),
        }
    }
}
