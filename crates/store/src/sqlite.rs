//! The embedded store: one SQLite database file (see [`schema`](super::schema) for the
//! tables).
//!
//! Many processes may use one database at once (two `escrot rotate` runs, a scheduled run
//! and an operator). Safety rests on SQLite's own locking: every write is one transaction
//! started with `BEGIN IMMEDIATE` (it takes the write lock up front, so a transaction never
//! fails half-way on a lock upgrade), `busy_timeout` makes a writer wait for another instead
//! of failing, and commits re-check the latest revision under that lock (optimistic
//! concurrency). WAL mode lets readers proceed while a writer writes.
//!
//! Writes take `&mut self`, so one `SqliteStore` cannot nest transactions; share one across
//! threads behind a `Mutex`, or open one per thread (each opens its own connection).

use std::fmt;
use std::fs::{DirBuilder, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use super::error::{KeyError, StoreError};
use super::id::{AttemptId, JournalId};
use super::journal::{JournalEntry, JournalStep, RotationLogEntry, RotationResult};
use super::key::{AAD_JOURNAL, AAD_KEY_CHECK, KeySource, StoreKey};
use super::location::StoreLocation;
use super::model::{EnvSummary, Revision, RevisionKind, RevisionMeta, Tag};
use super::name::{EnvName, EnvRef, Version, validate_tag};
use super::schema::{MIGRATIONS, SCHEMA_VERSION};
use super::time::now_rfc3339;

/// How long a writer waits for another process's transaction before giving up. Rotations
/// hold the write lock only for the commit itself (never across network calls), so waits
/// are short; this bound only matters when something is stuck.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The plaintext of the key check value (see the `meta` table).
const KEY_CHECK_PLAINTEXT: &[u8] = b"escrot store key check";

/// A change to a journal entry made in the same transaction as a rotation's commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JournalChange {
    /// Moves the entry to `step`, keeping its payload: typically `Committed`, when the
    /// credential two generations old is still to be retired after the commit.
    Step(JournalId, JournalStep),
    /// Finishes the entry: it leaves the pending list and its payload is wiped.
    Finish(JournalId),
}

/// An SQLite store. See the module documentation for the concurrency model.
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
    key: Arc<StoreKey>,
}

impl fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteStore").field("path", &self.path).field("key", &self.key).finish()
    }
}

fn to_i64(n: u64) -> Result<i64, StoreError> {
    i64::try_from(n).map_err(|_| StoreError::Corrupt(format!("number {n} is out of range")))
}

fn to_u64(n: i64) -> Result<u64, StoreError> {
    u64::try_from(n).map_err(|_| StoreError::Corrupt(format!("negative number {n}")))
}

/// The associated data of a journal payload: binds it to its entry's environment, attempt,
/// path and rotator, so a payload copied into another entry does not decrypt.
fn journal_aad(env: &EnvName, attempt: &AttemptId, path: &str, rotator: &str) -> Vec<u8> {
    let mut aad = AAD_JOURNAL.to_vec();
    for part in [env.to_string().as_str(), attempt.0.as_str(), path, rotator] {
        aad.push(0);
        aad.extend_from_slice(part.as_bytes());
    }
    aad
}

/// The id of the live environment `name`.
fn env_id(conn: &Connection, name: &EnvName) -> Result<i64, StoreError> {
    conn.query_row(
        "SELECT id FROM environments WHERE org = ?1 AND project = ?2 AND name = ?3 AND deleted = 0",
        params![name.org, name.project, name.env],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| StoreError::EnvironmentNotFound(name.clone()))
}

fn latest_number(conn: &Connection, env_id: i64) -> Result<u64, StoreError> {
    let n: Option<i64> =
        conn.query_row("SELECT MAX(number) FROM revisions WHERE env_id = ?1", [env_id], |r| r.get(0))?;
    match n {
        Some(n) => to_u64(n),
        None => Err(StoreError::Corrupt("an environment has no revision".into())),
    }
}

fn read_revision(conn: &Connection, env_id: i64, number: u64) -> Result<Option<Revision>, StoreError> {
    let row = conn
        .query_row(
            "SELECT yaml, author, created_at, kind FROM revisions WHERE env_id = ?1 AND number = ?2",
            params![env_id, to_i64(number)?],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)),
        )
        .optional()?;
    row.map(|(yaml, author, created_at, kind)| {
        Ok(Revision { number, yaml, author, created_at, kind: RevisionKind::from_db(&kind)? })
    })
    .transpose()
}

fn insert_revision(
    tx: &Transaction<'_>,
    env_id: i64,
    number: u64,
    yaml: &str,
    kind: RevisionKind,
    author: &str,
) -> Result<Revision, StoreError> {
    let created_at = now_rfc3339();
    tx.execute(
        "INSERT INTO revisions (env_id, number, yaml, author, created_at, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![env_id, to_i64(number)?, yaml, author, created_at, kind.as_str()],
    )?;
    Ok(Revision { number, yaml: yaml.to_owned(), author: author.to_owned(), created_at, kind })
}

fn insert_log(tx: &Transaction<'_>, env_id: i64, e: &RotationLogEntry) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO rotation_log (attempt_id, env_id, revision_before, revision_after, path, rotator, result, error, \
         started_at, duration_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            e.attempt.0,
            env_id,
            e.revision_before.map(to_i64).transpose()?,
            e.revision_after.map(to_i64).transpose()?,
            e.path,
            e.rotator,
            e.result.as_str(),
            e.error,
            e.started_at,
            to_i64(e.duration_ms)?,
        ],
    )?;
    Ok(())
}

/// A journal row's identity, as needed to re-encrypt its payload.
struct JournalRow {
    env: EnvName,
    env_id: i64,
    attempt: AttemptId,
    path: String,
    rotator: String,
    done: bool,
}

fn journal_row(conn: &Connection, id: JournalId) -> Result<JournalRow, StoreError> {
    conn.query_row(
        "SELECT e.org, e.project, e.name, j.env_id, j.attempt_id, j.path, j.rotator, j.done \
         FROM rotation_journal j JOIN environments e ON e.id = j.env_id WHERE j.id = ?1",
        [id.0],
        |r| {
            Ok(JournalRow {
                env: EnvName { org: r.get(0)?, project: r.get(1)?, env: r.get(2)? },
                env_id: r.get(3)?,
                attempt: AttemptId(r.get(4)?),
                path: r.get(5)?,
                rotator: r.get(6)?,
                done: r.get::<_, i64>(7)? != 0,
            })
        },
    )
    .optional()?
    .ok_or(StoreError::JournalEntryNotFound(id))
}

fn set_journal_step(
    conn: &Connection,
    id: JournalId,
    step: JournalStep,
    payload: Option<&[u8]>,
) -> Result<(), StoreError> {
    let now = now_rfc3339();
    match payload {
        Some(p) => conn.execute(
            "UPDATE rotation_journal SET step = ?2, payload = ?3, updated_at = ?4 WHERE id = ?1",
            params![id.0, step.as_str(), p, now],
        )?,
        None => conn.execute(
            "UPDATE rotation_journal SET step = ?2, updated_at = ?3 WHERE id = ?1",
            params![id.0, step.as_str(), now],
        )?,
    };
    Ok(())
}

fn finish_journal(conn: &Connection, id: JournalId) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE rotation_journal SET done = 1, payload = x'', updated_at = ?2 WHERE id = ?1",
        params![id.0, now_rfc3339()],
    )?;
    Ok(())
}

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
pub(super) fn wait_until_initialized(path: &Path) -> Result<(), StoreError> {
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

impl SqliteStore {
    /// Opens (creating if needed) the store at `location`, with its key from `key_source`.
    pub fn open(location: &StoreLocation, key_source: &KeySource) -> Result<SqliteStore, StoreError> {
        match location {
            StoreLocation::Sqlite(path) => SqliteStore::open_path(path, key_source),
        }
    }

    /// Opens (creating if needed) the SQLite database at `path`: creates its directory
    /// (0700) and file (0600), configures the connection, applies migrations, then loads
    /// the key and checks it against the store's key check value. A store that already has
    /// a key check never gets a new key file made for it.
    pub fn open_path(path: &Path, key_source: &KeySource) -> Result<SqliteStore, StoreError> {
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
        // FULL: a committed rotation survives a power loss (in WAL mode NORMAL could lose the
        // last commits, and with them the only record of a credential just created).
        conn.pragma_update(None, "synchronous", "FULL")?;
        // Freed pages are overwritten, so wiped journal payloads do not linger in the file.
        conn.pragma_update(None, "secure_delete", "ON")?;
        migrate(&mut conn, path)?;

        let check: Option<Vec<u8>> =
            conn.query_row("SELECT value FROM meta WHERE name = 'key_check'", [], |r| r.get(0)).optional()?;
        let key = match key_source {
            KeySource::Base64(text) => StoreKey::from_base64(text, super::key::KEY_ENV_VAR)?,
            KeySource::File(p) => StoreKey::read_or_create_file(p, check.is_none())?,
            KeySource::BesideDatabase => StoreKey::read_or_create_file(&path.with_extension("key"), check.is_none())?,
        };
        let check = match check {
            Some(c) => c,
            None => {
                let sealed = key.seal(AAD_KEY_CHECK, KEY_CHECK_PLAINTEXT)?;
                // Another process may have written its check first: keep theirs and compare.
                conn.execute("INSERT OR IGNORE INTO meta (name, value) VALUES ('key_check', ?1)", [&sealed])?;
                conn.query_row("SELECT value FROM meta WHERE name = 'key_check'", [], |r| r.get(0))?
            }
        };
        if key.open(AAD_KEY_CHECK, &check).is_err() {
            return Err(KeyError::Mismatch { origin: key.origin().to_owned() }.into());
        }
        Ok(SqliteStore::from_parts(conn, path, key))
    }

    pub(super) fn from_parts(conn: Connection, path: &Path, key: StoreKey) -> SqliteStore {
        SqliteStore { conn, path: path.to_owned(), key: Arc::new(key) }
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The store key, for the language core's `fn::secret` encryption
    /// (`Arc<dyn Encrypter>`/`Arc<dyn Decrypter>`).
    pub fn key(&self) -> Arc<StoreKey> {
        Arc::clone(&self.key)
    }

    fn write_tx(&mut self) -> Result<Transaction<'_>, StoreError> {
        Ok(self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    // ---- environments ----

    /// Creates an environment with `yaml` as revision 1 (kind `create`).
    pub fn create_environment(&mut self, name: &EnvName, yaml: &str, author: &str) -> Result<Revision, StoreError> {
        let tx = self.write_tx()?;
        match env_id(&tx, name) {
            Ok(_) => return Err(StoreError::AlreadyExists(name.clone())),
            Err(StoreError::EnvironmentNotFound(_)) => {}
            Err(e) => return Err(e),
        }
        tx.execute(
            "INSERT INTO environments (org, project, name, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name.org, name.project, name.env, now_rfc3339()],
        )?;
        let id = tx.last_insert_rowid();
        let rev = insert_revision(&tx, id, 1, yaml, RevisionKind::Create, author)?;
        tx.commit()?;
        Ok(rev)
    }

    /// The live environments, in `org` only if given, sorted by name.
    pub fn list_environments(&self, org: Option<&str>) -> Result<Vec<EnvSummary>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT e.org, e.project, e.name, e.created_at, r.number, r.created_at \
             FROM environments e JOIN revisions r ON r.env_id = e.id \
               AND r.number = (SELECT MAX(number) FROM revisions WHERE env_id = e.id) \
             WHERE e.deleted = 0 AND (?1 IS NULL OR e.org = ?1) \
             ORDER BY e.org, e.project, e.name",
        )?;
        let rows = stmt.query_map([org], |r| {
            Ok((
                EnvName { org: r.get(0)?, project: r.get(1)?, env: r.get(2)? },
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (name, created_at, latest, modified_at) = row?;
            out.push(EnvSummary { name, latest_revision: to_u64(latest)?, created_at, modified_at });
        }
        Ok(out)
    }

    /// Deletes an environment: it disappears from listings and lookups, and its schedules are
    /// removed; its history stays in the database. Refused while it has unfinished journal
    /// entries, which may stand for credentials that exist only there.
    pub fn delete_environment(&mut self, name: &EnvName) -> Result<(), StoreError> {
        let tx = self.write_tx()?;
        let id = env_id(&tx, name)?;
        let pending: i64 =
            tx.query_row("SELECT COUNT(*) FROM rotation_journal WHERE env_id = ?1 AND done = 0", [id], |r| r.get(0))?;
        if pending > 0 {
            return Err(StoreError::PendingRotation { env: name.clone(), count: to_u64(pending)? });
        }
        tx.execute("UPDATE environments SET deleted = 1, deleted_at = ?2 WHERE id = ?1", params![id, now_rfc3339()])?;
        tx.execute("DELETE FROM schedules WHERE env_id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }

    // ---- revisions ----

    /// The latest revision.
    pub fn latest(&self, name: &EnvName) -> Result<Revision, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let id = env_id(&tx, name)?;
        let n = latest_number(&tx, id)?;
        read_revision(&tx, id, n)?.ok_or_else(|| StoreError::Corrupt("the latest revision vanished".into()))
    }

    /// Revision `number`.
    pub fn revision(&self, name: &EnvName, number: u64) -> Result<Revision, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let id = env_id(&tx, name)?;
        match read_revision(&tx, id, number)? {
            Some(r) => Ok(r),
            None => Err(StoreError::RevisionNotFound {
                env: name.clone(),
                revision: number,
                latest: latest_number(&tx, id)?,
            }),
        }
    }

    /// The revision a reference designates (`@latest`, `@N`, `@TAG`).
    pub fn resolve(&self, r: &EnvRef) -> Result<Revision, StoreError> {
        match &r.version {
            Version::Latest => self.latest(&r.name),
            Version::Number(n) => self.revision(&r.name, *n),
            Version::Tag(tag) => {
                let tx = self.conn.unchecked_transaction()?;
                let id = env_id(&tx, &r.name)?;
                let n: i64 = tx
                    .query_row("SELECT revision FROM tags WHERE env_id = ?1 AND name = ?2", params![id, tag], |r| {
                        r.get(0)
                    })
                    .optional()?
                    .ok_or_else(|| StoreError::TagNotFound { env: r.name.clone(), tag: tag.clone() })?;
                read_revision(&tx, id, to_u64(n)?)?
                    .ok_or_else(|| StoreError::Corrupt(format!("tag '{tag}' points at a missing revision")))
            }
        }
    }

    /// All revisions without their text, newest first, each with the tags pointing at it.
    pub fn list_revisions(&self, name: &EnvName) -> Result<Vec<RevisionMeta>, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let id = env_id(&tx, name)?;
        let mut out = Vec::new();
        {
            let mut stmt = tx.prepare(
                "SELECT number, author, created_at, kind FROM revisions WHERE env_id = ?1 ORDER BY number DESC",
            )?;
            let rows = stmt.query_map([id], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
            })?;
            for row in rows {
                let (number, author, created_at, kind) = row?;
                out.push(RevisionMeta {
                    number: to_u64(number)?,
                    author,
                    created_at,
                    kind: RevisionKind::from_db(&kind)?,
                    tags: Vec::new(),
                });
            }
            let mut stmt = tx.prepare("SELECT name, revision FROM tags WHERE env_id = ?1 ORDER BY name")?;
            let rows = stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            for row in rows {
                let (tag, rev) = row?;
                let rev = to_u64(rev)?;
                if let Some(m) = out.iter_mut().find(|m| m.number == rev) {
                    m.tags.push(tag);
                }
            }
        }
        Ok(out)
    }

    /// Commits `yaml` as the next revision if the latest revision is still
    /// `expected_latest`; otherwise fails with [`StoreError::Conflict`] and writes nothing.
    /// The check and the write are one `BEGIN IMMEDIATE` transaction, so of two writers that
    /// started from the same revision exactly one wins. `kind` is recorded as given
    /// (`Edit`, `Rollback`, or `Rotation` for a rotation without log or journal changes);
    /// `Create` belongs to revision 1, which [`create_environment`](Self::create_environment) makes.
    pub fn commit_revision(
        &mut self,
        name: &EnvName,
        expected_latest: u64,
        yaml: &str,
        kind: RevisionKind,
        author: &str,
    ) -> Result<Revision, StoreError> {
        self.commit(name, expected_latest, yaml, kind, author, &[], &[])
    }

    /// Commits a rotation atomically: the new revision (kind `rotation`), the rotation-log
    /// entries of the attempt, and the journal changes, in one transaction, with the same
    /// conflict check as [`commit_revision`](Self::commit_revision). In `log`, a missing
    /// `revision_before` is set to `expected_latest`, and a missing `revision_after` of a
    /// succeeded path to the new revision. A journal id of another environment, or of a
    /// finished entry, fails the whole commit.
    pub fn commit_rotation(
        &mut self,
        name: &EnvName,
        expected_latest: u64,
        yaml: &str,
        author: &str,
        log: &[RotationLogEntry],
        journal: &[JournalChange],
    ) -> Result<Revision, StoreError> {
        self.commit(name, expected_latest, yaml, RevisionKind::Rotation, author, log, journal)
    }

    #[allow(clippy::too_many_arguments)]
    fn commit(
        &mut self,
        name: &EnvName,
        expected_latest: u64,
        yaml: &str,
        kind: RevisionKind,
        author: &str,
        log: &[RotationLogEntry],
        journal: &[JournalChange],
    ) -> Result<Revision, StoreError> {
        let tx = self.write_tx()?;
        let id = env_id(&tx, name)?;
        let actual = latest_number(&tx, id)?;
        if actual != expected_latest {
            return Err(StoreError::Conflict { env: name.clone(), expected: expected_latest, actual });
        }
        let rev = insert_revision(&tx, id, actual + 1, yaml, kind, author)?;
        for entry in log {
            let mut e = entry.clone();
            e.revision_before = e.revision_before.or(Some(expected_latest));
            if e.result == RotationResult::Succeeded {
                e.revision_after = e.revision_after.or(Some(rev.number));
            }
            insert_log(&tx, id, &e)?;
        }
        for change in journal {
            let jid = match change {
                JournalChange::Step(j, _) | JournalChange::Finish(j) => *j,
            };
            let row = journal_row(&tx, jid)?;
            if row.env_id != id {
                return Err(StoreError::JournalEntryNotFound(jid));
            }
            if row.done {
                return Err(StoreError::JournalEntryFinished(jid));
            }
            match change {
                JournalChange::Step(_, step) => set_journal_step(&tx, jid, *step, None)?,
                JournalChange::Finish(_) => finish_journal(&tx, jid)?,
            }
        }
        tx.commit()?;
        Ok(rev)
    }

    // ---- tags ----

    /// Points `tag` at revision `revision`, creating or moving it.
    pub fn set_tag(&mut self, name: &EnvName, tag: &str, revision: u64) -> Result<Tag, StoreError> {
        validate_tag(tag)?;
        let tx = self.write_tx()?;
        let id = env_id(&tx, name)?;
        if read_revision(&tx, id, revision)?.is_none() {
            return Err(StoreError::RevisionNotFound { env: name.clone(), revision, latest: latest_number(&tx, id)? });
        }
        let now = now_rfc3339();
        tx.execute(
            "INSERT INTO tags (env_id, name, revision, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4) \
             ON CONFLICT (env_id, name) DO UPDATE SET revision = excluded.revision, updated_at = excluded.updated_at",
            params![id, tag, to_i64(revision)?, now],
        )?;
        let t = tx.query_row(
            "SELECT created_at, updated_at FROM tags WHERE env_id = ?1 AND name = ?2",
            params![id, tag],
            |r| Ok(Tag { name: tag.to_owned(), revision, created_at: r.get(0)?, updated_at: r.get(1)? }),
        )?;
        tx.commit()?;
        Ok(t)
    }

    /// Deletes `tag`.
    pub fn delete_tag(&mut self, name: &EnvName, tag: &str) -> Result<(), StoreError> {
        let tx = self.write_tx()?;
        let id = env_id(&tx, name)?;
        if tx.execute("DELETE FROM tags WHERE env_id = ?1 AND name = ?2", params![id, tag])? == 0 {
            return Err(StoreError::TagNotFound { env: name.clone(), tag: tag.to_owned() });
        }
        tx.commit()?;
        Ok(())
    }

    /// The environment's tags, sorted by name.
    pub fn list_tags(&self, name: &EnvName) -> Result<Vec<Tag>, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let id = env_id(&tx, name)?;
        let mut stmt =
            tx.prepare("SELECT name, revision, created_at, updated_at FROM tags WHERE env_id = ?1 ORDER BY name")?;
        let rows = stmt.query_map([id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (name, revision, created_at, updated_at) = row?;
            out.push(Tag { name, revision: to_u64(revision)?, created_at, updated_at });
        }
        Ok(out)
    }

    // ---- rotation log ----

    /// Appends entries to the rotation log (for attempts that commit no revision; a
    /// committing attempt passes its entries to [`commit_rotation`](Self::commit_rotation)).
    pub fn append_rotation_log(&mut self, name: &EnvName, entries: &[RotationLogEntry]) -> Result<(), StoreError> {
        let tx = self.write_tx()?;
        let id = env_id(&tx, name)?;
        for e in entries {
            insert_log(&tx, id, e)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The environment's rotation log, newest first.
    pub fn rotation_log(&self, name: &EnvName) -> Result<Vec<RotationLogEntry>, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let id = env_id(&tx, name)?;
        let mut stmt = tx.prepare(
            "SELECT attempt_id, revision_before, revision_after, path, rotator, result, error, started_at, duration_ms \
             FROM rotation_log WHERE env_id = ?1 ORDER BY id DESC",
        )?;
        type Row = (String, Option<i64>, Option<i64>, String, String, String, Option<String>, String, i64);
        let rows = stmt.query_map([id], |r| -> rusqlite::Result<Row> {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (attempt, before, after, path, rotator, result, error, started_at, duration) = row?;
            out.push(RotationLogEntry {
                attempt: AttemptId(attempt),
                revision_before: before.map(to_u64).transpose()?,
                revision_after: after.map(to_u64).transpose()?,
                path,
                rotator,
                result: RotationResult::from_db(&result)?,
                error,
                started_at,
                duration_ms: to_u64(duration)?,
            });
        }
        Ok(out)
    }

    // ---- rotation journal ----

    /// Records the intent to rotate `path` (step `planned`) before any side effect. The
    /// payload is encrypted with the store key.
    pub fn journal_begin(
        &mut self,
        name: &EnvName,
        attempt: &AttemptId,
        path: &str,
        rotator: &str,
        payload: &[u8],
    ) -> Result<JournalId, StoreError> {
        let sealed = self.key.seal(&journal_aad(name, attempt, path, rotator), payload)?;
        let tx = self.write_tx()?;
        let id = env_id(&tx, name)?;
        let now = now_rfc3339();
        tx.execute(
            "INSERT INTO rotation_journal (env_id, attempt_id, path, rotator, step, payload, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            params![id, attempt.0, path, rotator, JournalStep::Planned.as_str(), sealed, now],
        )?;
        let jid = JournalId(tx.last_insert_rowid());
        tx.commit()?;
        Ok(jid)
    }

    /// Moves an unfinished entry to `step` with a new payload (encrypted with the store key).
    pub fn journal_update(&mut self, id: JournalId, step: JournalStep, payload: &[u8]) -> Result<(), StoreError> {
        let key = Arc::clone(&self.key);
        let tx = self.write_tx()?;
        let row = journal_row(&tx, id)?;
        if row.done {
            return Err(StoreError::JournalEntryFinished(id));
        }
        let sealed = key.seal(&journal_aad(&row.env, &row.attempt, &row.path, &row.rotator), payload)?;
        set_journal_step(&tx, id, step, Some(&sealed))?;
        tx.commit()?;
        Ok(())
    }

    /// Finishes an entry: it leaves the pending list and its payload is wiped. Finishing a
    /// finished entry is not an error (a resumed run may repeat the last step).
    pub fn journal_finish(&mut self, id: JournalId) -> Result<(), StoreError> {
        let tx = self.write_tx()?;
        journal_row(&tx, id)?;
        finish_journal(&tx, id)?;
        tx.commit()?;
        Ok(())
    }

    /// The environment's unfinished journal entries, oldest first, payloads decrypted.
    pub fn journal_pending(&self, name: &EnvName) -> Result<Vec<JournalEntry>, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let id = env_id(&tx, name)?;
        self.pending(&tx, Some(id))
    }

    /// Every unfinished journal entry in the store, oldest first, payloads decrypted: what a
    /// run must look at before starting new rotations.
    pub fn journal_pending_all(&self) -> Result<Vec<JournalEntry>, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        self.pending(&tx, None)
    }

    fn pending(&self, conn: &Connection, env_id: Option<i64>) -> Result<Vec<JournalEntry>, StoreError> {
        let mut stmt = conn.prepare(
            "SELECT j.id, e.org, e.project, e.name, j.attempt_id, j.path, j.rotator, j.step, j.payload, j.created_at, \
             j.updated_at FROM rotation_journal j JOIN environments e ON e.id = j.env_id \
             WHERE j.done = 0 AND (?1 IS NULL OR j.env_id = ?1) ORDER BY j.id",
        )?;
        type Row = (i64, EnvName, String, String, String, String, Vec<u8>, String, String);
        let rows = stmt.query_map([env_id], |r| -> rusqlite::Result<Row> {
            Ok((
                r.get(0)?,
                EnvName { org: r.get(1)?, project: r.get(2)?, env: r.get(3)? },
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, env, attempt, path, rotator, step, sealed, created_at, updated_at) = row?;
            let attempt = AttemptId(attempt);
            let payload = self.key.open(&journal_aad(&env, &attempt, &path, &rotator), &sealed)?;
            out.push(JournalEntry {
                id: JournalId(id),
                env,
                attempt,
                path,
                rotator,
                step: JournalStep::from_db(&step)?,
                payload,
                created_at,
                updated_at,
            });
        }
        Ok(out)
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
