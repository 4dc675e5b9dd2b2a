//! Opening a store only to read it (`ls`, `get`, `open`, `diff`, `version history`…):
//! nothing is created, migrated or written, so a store on a read-only file system, in a
//! read-only directory or in a file only readable by this user can still be read.
//!
//! SQLite reads a WAL database through its shared-memory file (`-shm`), which a reader
//! creates when it is missing; in a read-only directory it cannot. When no unfinished
//! write-ahead log (`-wal`) exists there is nothing that file would index, so the database
//! is then read as `immutable` (no locks, no shared memory): the directory is read-only,
//! so no writer can be adding a log meanwhile.

use std::path::Path;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension};

use super::{BUSY_TIMEOUT, SqliteStore, wait_until_initialized};
use crate::error::{KeyError, StoreError};
use crate::key::{AAD_KEY_CHECK, KEY_ENV_VAR, KeySource, StoreKey};
use crate::location::StoreLocation;
use crate::schema::SCHEMA_VERSION;

impl SqliteStore {
    /// Opens the existing store at `location` read-only, with its key from `key_source`
    /// (which must exist: a key is never created to read).
    pub fn open_read_only(location: &StoreLocation, key_source: &KeySource) -> Result<SqliteStore, StoreError> {
        match location {
            StoreLocation::Sqlite(path) => SqliteStore::open_path_read_only(path, key_source),
            StoreLocation::Postgres(_) => Err(super::not_sqlite(location)),
        }
    }

    /// Opens the existing SQLite database at `path` read-only (see the module documentation).
    pub fn open_path_read_only(path: &Path, key_source: &KeySource) -> Result<SqliteStore, StoreError> {
        wait_until_initialized(path)?;
        let (conn, check) = match connect(path, false).and_then(|c| read_check(&c, path).map(|k| (c, k))) {
            Ok(found) => found,
            Err(e) if cannot_share_memory(&e) && !has_unfinished_log(path) => {
                let conn = connect(path, true)?;
                let check = read_check(&conn, path)?;
                (conn, check)
            }
            Err(e) if cannot_share_memory(&e) => return Err(StoreError::Unreadable { path: path.to_owned() }),
            Err(e) => return Err(e),
        };
        let key = match key_source {
            KeySource::Base64(text) => StoreKey::from_base64(text, KEY_ENV_VAR)?,
            KeySource::File(p) => existing_key_file(p)?,
            KeySource::BesideDatabase => existing_key_file(&path.with_extension("key"))?,
        };
        if let Some(check) = check
            && key.open(AAD_KEY_CHECK, &check).is_err()
        {
            return Err(KeyError::Mismatch { origin: key.origin().to_owned() }.into());
        }
        Ok(SqliteStore::from_parts(conn, path, key))
    }
}

/// A read-only connection; `immutable` also takes no locks and uses no shared memory.
fn connect(path: &Path, immutable: bool) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let uri = format!("file:{}?mode=ro{}", uri_path(path), if immutable { "&immutable=1" } else { "" });
    let conn = Connection::open_with_flags(uri, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

/// Checks the schema version and reads the key check value (the first read of the
/// database, which is where a missing shared memory shows).
fn read_check(conn: &Connection, path: &Path) -> Result<Option<Vec<u8>>, StoreError> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew { path: path.to_owned(), found: version, supported: SCHEMA_VERSION });
    }
    if version == 0 {
        return Err(StoreError::NotAStore { path: path.to_owned() });
    }
    if version < SCHEMA_VERSION {
        return Err(StoreError::SchemaTooOld { path: path.to_owned(), found: version, supported: SCHEMA_VERSION });
    }
    Ok(conn.query_row("SELECT value FROM meta WHERE name = 'key_check'", [], |r| r.get(0)).optional()?)
}

/// Whether SQLite could not set up the shared memory a WAL reader needs (a read-only
/// directory without the `-shm` file).
fn cannot_share_memory(e: &StoreError) -> bool {
    matches!(e, StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _))
        if matches!(f.code, ErrorCode::ReadOnly | ErrorCode::CannotOpen))
}

/// Whether the database has a write-ahead log with content (changes not yet copied into
/// the database file, which an `immutable` read would not see).
fn has_unfinished_log(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(wal).is_ok_and(|m| m.len() > 0)
}

/// The key file, which must exist.
fn existing_key_file(path: &Path) -> Result<StoreKey, StoreError> {
    match StoreKey::read_file(path) {
        Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Err(KeyError::Missing { path: path.to_owned() }.into())
        }
        other => other,
    }
}

/// A path as the path of a `file:` URI: every byte but unreserved ones and `/`
/// percent-encoded (`?`, `#` and `%` would otherwise be read as URI syntax).
fn uri_path(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'-' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_paths_escape_uri_syntax() {
        assert_eq!(uri_path(Path::new("/tmp/a b/x?y#z%.db")), "/tmp/a%20b/x%3Fy%23z%25.db");
    }
}
