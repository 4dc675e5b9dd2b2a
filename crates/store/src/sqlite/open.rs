//! Opening an SQLite store for writing: its directory (0700) and file (0600), the
//! connection's settings (WAL, `synchronous = FULL`, `secure_delete`), the migrations, and
//! the store key checked against the database's key check value.

use std::fs::{DirBuilder, OpenOptions};
use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, TransactionBehavior};

use super::meta::ConnMeta;
use super::{BUSY_TIMEOUT, SqliteStore};
use crate::envelope::{KeyOptions, KeyWrapper, open_key};
use crate::error::StoreError;
use crate::key::KeySource;
use crate::schema::{MIGRATIONS, SCHEMA_VERSION};

/// Creates `path` (and missing parents) readable by its owner only; an existing directory is
/// left as it is.
fn create_private_dir(path: &Path) -> io::Result<()> {
    let mut b = DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(path)
}

/// Creates the database file with mode 0600 if it does not exist yet, so that SQLite (which
/// gives its `-wal` and `-shm` files the database's mode) never makes it world-readable.
/// Returns whether it created it.
fn create_private_file(path: &Path) -> io::Result<bool> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

/// How long a database file may stay empty while the process that created it initializes
/// it (which takes milliseconds: its first write is the WAL header).
const INITIALIZATION_GRACE: Duration = Duration::from_secs(2);

/// Refuses an empty database file that this process did not create: SQLite would take it
/// for a new database, and a store truncated to 0 bytes would silently start over (with a
/// new key). A file created within [`INITIALIZATION_GRACE`] may belong to a concurrent
/// first open, so it is waited for.
pub(crate) fn wait_until_initialized(path: &Path) -> Result<(), StoreError> {
    loop {
        let meta = std::fs::metadata(path)
            .map_err(|e| StoreError::io(format!("cannot open the store database {}", path.display()), e))?;
        if meta.len() > 0 {
            return Ok(());
        }
        let age = meta.modified().ok().and_then(|m| m.elapsed().ok()).unwrap_or(INITIALIZATION_GRACE);
        if age >= INITIALIZATION_GRACE {
            return Err(StoreError::EmptyDatabase { path: path.to_owned() });
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// FULL: a committed write survives a power loss (in WAL mode NORMAL could lose the last
/// commits, and with them the only record of a credential just created). The one
/// exception is the journal's deferred writes (`JournalSync::Deferred`), committed with
/// NORMAL: those whose loss leaves what recovery finds correct (ARCHITECTURE.md, "Durable
/// writes").
pub(super) const SYNCHRONOUS: &str = "FULL";

impl SqliteStore {
    /// Opens (creating if needed) the SQLite database at `path`: creates its directory
    /// (0700) and file (0600), configures the connection, applies migrations, then loads
    /// the key and checks it against the store's key check value. A store that already has
    /// a key check never gets a new key file made for it. A wrapped key (see
    /// [`envelope`](crate::envelope)) is unwrapped with `wrapper`.
    pub fn open_path(path: &Path, key_source: &KeySource) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_path_with_wrapper(path, key_source, None)
    }

    /// [`open_path`](Self::open_path), unwrapping a wrapped store key with `wrapper`.
    pub fn open_path_with_wrapper(
        path: &Path,
        key_source: &KeySource,
        wrapper: Option<&dyn KeyWrapper>,
    ) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir)
                .map_err(|e| StoreError::io(format!("cannot create the store directory {}", dir.display()), e))?;
        }
        let created = create_private_file(path)
            .map_err(|e| StoreError::io(format!("cannot create the store database {}", path.display()), e))?;
        if !created {
            wait_until_initialized(path)?;
        }
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mode = enable_wal(&conn)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Corrupt(format!("cannot put the database in WAL mode (it is in {mode} mode)")));
        }
        conn.pragma_update(None, "synchronous", SYNCHRONOUS)?;
        // Freed pages are overwritten, so wiped journal payloads do not linger in the file.
        conn.pragma_update(None, "secure_delete", "ON")?;
        migrate(&mut conn, path)?;

        let key_file = path.with_extension("key");
        let store = path.display().to_string();
        let opts = KeyOptions { source: key_source, key_file: Some(&key_file), wrapper, writable: true, store: &store };
        let key = open_key(&mut ConnMeta(&conn), &opts)?;
        Ok(SqliteStore::from_parts(conn, path, key))
    }
}

/// Puts the database in WAL mode (a persistent setting, so this is a no-op after the first
/// open). The switch needs an exclusive lock and SQLite reports contention on it as
/// `SQLITE_BUSY` without consulting the busy handler, so when several processes open a new
/// store at once the losers retry here, within [`BUSY_TIMEOUT`].
fn enable_wal(conn: &Connection) -> Result<String, StoreError> {
    let start = Instant::now();
    let mut pause = Duration::from_millis(2);
    loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0)) {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy && start.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            other => return Ok(other?),
        }
    }
}

/// Brings the database to [`SCHEMA_VERSION`], under the write lock so that two processes
/// opening a new store at once do not both migrate it.
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let too_new = |found| StoreError::SchemaTooNew { path: path.to_owned(), found, supported: SCHEMA_VERSION };
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(too_new(version));
    }
    if version == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(too_new(version));
    }
    while let Some(sql) = usize::try_from(version).ok().and_then(|v| MIGRATIONS.get(v)) {
        tx.execute_batch(sql)?;
        version += 1;
    }
    tx.pragma_update(None, "user_version", version)?;
    tx.commit()?;
    Ok(())
}
