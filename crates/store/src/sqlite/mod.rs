//! The embedded store: one SQLite database file (see [`schema`](crate::schema) for the
//! tables), the [`Store`] implementation escrot ships.
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
//!
//! `open.rs`: creating and opening the database, migrations, the key check; `readonly.rs`:
//! the read-only open; `revisions.rs`: environments, revisions, tags and the commit;
//! `journal.rs`: the rotation log and journal; `lock.rs`: the per-environment rotation lock;
//! `copy.rs`: export and import for `store copy`; `schedules.rs`: rotation schedules, their
//! leases and run history; `webhooks.rs`: webhooks and their deliveries; `signing_keys.rs`:
//! the keys of `fn::rotate::external`'s JWTs.

mod copy;
mod journal;
mod lock;
mod meta;
mod open;
mod readonly;
mod revisions;
mod schedules;
mod signing_keys;
mod webhooks;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::copy::EnvironmentRecord;
use crate::envelope::{KeyChange, KeyWrapper};
use crate::error::StoreError;
use crate::id::{AttemptId, JournalId};
use crate::journal::{JournalEntry, JournalStep, RotationLogEntry};
use crate::key::{KeySource, StoreKey};
use crate::location::StoreLocation;
use crate::model::{EnvSummary, Revision, RevisionKind, RevisionMeta, Tag};
use crate::name::{EnvName, EnvRef};
use crate::schedule::{
    Claim, RunFinish, ScheduleChange, ScheduleDue, ScheduleId, ScheduleRecord, ScheduleRun, ScheduleSpec,
};
use crate::signing_key::{CurrentSigningKey, NewSigningKey, SigningKeyCopy, SigningKeyRecord};
use crate::store::{JournalChange, JournalSync, JournalWrite, LockRequest, Store};
use crate::webhook::{
    ClaimedDelivery, DeliveryId, DeliveryOutcome, DeliveryRecord, NewDelivery, NewWebhook, WebhookExport,
    WebhookFilter, WebhookId, WebhookRecord, WebhookScope,
};

pub use schedules::CLAIM_SQL;

pub(crate) use open::wait_until_initialized;

/// How long a writer waits for another process's transaction before giving up. Rotations
/// hold the write lock only for the commit itself (never across network calls), so waits
/// are short; this bound only matters when something is stuck.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

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

/// The error for a location that is not an SQLite database.
fn not_sqlite(location: &StoreLocation) -> StoreError {
    StoreError::InvalidLocation { location: location.to_string(), reason: "not an SQLite store".into() }
}

fn to_i64(n: u64) -> Result<i64, StoreError> {
    i64::try_from(n).map_err(|_| StoreError::Corrupt(format!("number {n} is out of range")))
}

fn to_u64(n: i64) -> Result<u64, StoreError> {
    u64::try_from(n).map_err(|_| StoreError::Corrupt(format!("negative number {n}")))
}

fn write_tx(conn: &mut Connection) -> Result<Transaction<'_>, StoreError> {
    Ok(conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
}

/// A write transaction for what `key` encrypts (a definition's secrets, a journal
/// payload): refused with [`StoreError::KeyChanged`] when a data key rotation committed
/// since this store was opened, so nothing new is written under a retired key.
fn keyed_write_tx<'c>(conn: &'c mut Connection, key: &StoreKey) -> Result<Transaction<'c>, StoreError> {
    let tx = write_tx(conn)?;
    meta::ensure_current_key(&tx, key)?;
    Ok(tx)
}

impl SqliteStore {
    /// Opens (creating if needed) the store at `location`, with its key from `key_source`.
    pub fn open(location: &StoreLocation, key_source: &KeySource) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_with_wrapper(location, key_source, None)
    }

    /// [`open`](Self::open), unwrapping a wrapped store key with `wrapper` (see
    /// [`envelope`](crate::envelope)).
    pub fn open_with_wrapper(
        location: &StoreLocation,
        key_source: &KeySource,
        wrapper: Option<&dyn KeyWrapper>,
    ) -> Result<SqliteStore, StoreError> {
        match location {
            StoreLocation::Sqlite(path) => SqliteStore::open_path_with_wrapper(path, key_source, wrapper),
            StoreLocation::Postgres(_) => Err(not_sqlite(location)),
        }
    }

    fn from_parts(conn: Connection, path: &Path, key: StoreKey) -> SqliteStore {
        SqliteStore { conn, path: path.to_owned(), key: Arc::new(key) }
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Store for SqliteStore {
    fn describe(&self) -> String {
        self.path.display().to_string()
    }

    fn key(&self) -> Arc<StoreKey> {
        Arc::clone(&self.key)
    }

    fn create_environment(&mut self, name: &EnvName, yaml: &str, author: &str) -> Result<Revision, StoreError> {
        revisions::create_environment(&mut self.conn, &self.key, name, yaml, author)
    }

    fn list_environments(&self, org: Option<&str>) -> Result<Vec<EnvSummary>, StoreError> {
        revisions::list_environments(&self.conn, org)
    }

    fn delete_environment(&mut self, name: &EnvName) -> Result<(), StoreError> {
        revisions::delete_environment(&mut self.conn, name)
    }

    fn latest(&self, name: &EnvName) -> Result<Revision, StoreError> {
        revisions::latest(&self.conn, name)
    }

    fn revision(&self, name: &EnvName, number: u64) -> Result<Revision, StoreError> {
        revisions::revision(&self.conn, name, number)
    }

    fn resolve(&self, r: &EnvRef) -> Result<Revision, StoreError> {
        revisions::resolve(&self.conn, r)
    }

    fn list_revisions(&self, name: &EnvName) -> Result<Vec<RevisionMeta>, StoreError> {
        revisions::list_revisions(&self.conn, name)
    }

    fn commit_revision(
        &mut self,
        name: &EnvName,
        expected_latest: u64,
        yaml: &str,
        kind: RevisionKind,
        author: &str,
    ) -> Result<Revision, StoreError> {
        revisions::commit(&mut self.conn, &self.key, name, expected_latest, yaml, kind, author, &[], &[])
    }

    fn commit_rotation(
        &mut self,
        name: &EnvName,
        expected_latest: u64,
        yaml: &str,
        author: &str,
        log: &[RotationLogEntry],
        journal: &[JournalChange],
    ) -> Result<Revision, StoreError> {
        let kind = RevisionKind::Rotation;
        revisions::commit(&mut self.conn, &self.key, name, expected_latest, yaml, kind, author, log, journal)
    }

    fn set_tag(&mut self, name: &EnvName, tag: &str, revision: u64) -> Result<Tag, StoreError> {
        revisions::set_tag(&mut self.conn, name, tag, revision)
    }

    fn delete_tag(&mut self, name: &EnvName, tag: &str) -> Result<(), StoreError> {
        revisions::delete_tag(&mut self.conn, name, tag)
    }

    fn list_tags(&self, name: &EnvName) -> Result<Vec<Tag>, StoreError> {
        revisions::list_tags(&self.conn, name)
    }

    fn append_rotation_log(&mut self, name: &EnvName, entries: &[RotationLogEntry]) -> Result<(), StoreError> {
        journal::append_rotation_log(&mut self.conn, name, entries)
    }

    fn rotation_log(&self, name: &EnvName) -> Result<Vec<RotationLogEntry>, StoreError> {
        journal::rotation_log(&self.conn, name)
    }

    fn journal_begin(
        &mut self,
        name: &EnvName,
        attempt: &AttemptId,
        path: &str,
        rotator: &str,
        payload: &[u8],
    ) -> Result<JournalId, StoreError> {
        journal::journal_begin(&mut self.conn, &self.key, name, attempt, path, rotator, payload)
    }

    fn journal_update(&mut self, id: JournalId, step: JournalStep, payload: &[u8]) -> Result<(), StoreError> {
        journal::journal_update(&mut self.conn, &self.key, id, step, payload)
    }

    fn journal_finish(&mut self, id: JournalId) -> Result<(), StoreError> {
        journal::journal_finish(&mut self.conn, id)
    }

    fn journal_write(
        &mut self,
        name: &EnvName,
        writes: &[JournalWrite],
        sync: JournalSync,
    ) -> Result<Vec<JournalId>, StoreError> {
        journal::journal_write(&mut self.conn, &self.key, name, writes, sync)
    }

    fn journal_pending(&self, name: &EnvName) -> Result<Vec<JournalEntry>, StoreError> {
        journal::journal_pending(&self.conn, &self.key, name)
    }

    fn journal_pending_all(&self) -> Result<Vec<JournalEntry>, StoreError> {
        journal::journal_pending_all(&self.conn, &self.key)
    }

    fn export_environments(&self) -> Result<Vec<EnvironmentRecord>, StoreError> {
        copy::export(&self.conn)
    }

    fn import_environments(&mut self, environments: &[EnvironmentRecord]) -> Result<(), StoreError> {
        let store = self.describe();
        copy::import(&mut self.conn, store, environments)
    }

    /// An OS file lock per environment beside the database (see `lock.rs`); taking it needs
    /// only the path, so the store itself is not held while waiting.
    fn rotation_lock(&self, name: &EnvName) -> LockRequest {
        let path = lock::lock_path(&self.path, name);
        let what = name.to_string();
        LockRequest::new(move |wait| crate::lock::lock_file(&path, &what, wait))
    }

    fn meta(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        meta::read_meta(&self.conn, name)
    }

    fn commit_key_change(&mut self, change: &KeyChange, author: &str) -> Result<Vec<(EnvName, u64)>, StoreError> {
        meta::commit_key_change(&mut self.conn, change, author)
    }

    fn create_schedule(
        &mut self,
        name: &EnvName,
        paths: &[String],
        spec: &ScheduleSpec,
        due: Option<&ScheduleDue>,
    ) -> Result<ScheduleRecord, StoreError> {
        schedules::create_schedule(&mut self.conn, name, paths, spec, due)
    }

    fn list_schedules(&self, name: Option<&EnvName>, org: Option<&str>) -> Result<Vec<ScheduleRecord>, StoreError> {
        schedules::list_schedules(&self.conn, name, org)
    }

    fn schedule(&self, name: &EnvName, id: ScheduleId) -> Result<ScheduleRecord, StoreError> {
        schedules::schedule(&self.conn, name, id)
    }

    fn update_schedule(
        &mut self,
        name: &EnvName,
        id: ScheduleId,
        change: &ScheduleChange,
    ) -> Result<ScheduleRecord, StoreError> {
        schedules::update_schedule(&mut self.conn, name, id, change)
    }

    fn delete_schedule(&mut self, name: &EnvName, id: ScheduleId) -> Result<(), StoreError> {
        schedules::delete_schedule(&mut self.conn, name, id)
    }

    fn schedule_history(&self, name: &EnvName, id: Option<ScheduleId>) -> Result<Vec<ScheduleRun>, StoreError> {
        schedules::schedule_history(&self.conn, name, id)
    }

    fn claim_due_schedules(
        &mut self,
        now: jiff::Timestamp,
        owner: &str,
        lease: Duration,
        limit: usize,
        org: Option<&str>,
    ) -> Result<Vec<Claim>, StoreError> {
        schedules::claim_due(&mut self.conn, now, owner, lease, limit, org)
    }

    fn renew_schedule_lease(
        &mut self,
        id: ScheduleId,
        owner: &str,
        attempt: &AttemptId,
        expires_at: jiff::Timestamp,
    ) -> Result<bool, StoreError> {
        schedules::renew_lease(&mut self.conn, id, owner, attempt, expires_at)
    }

    fn finish_schedule_run(
        &mut self,
        owner: &str,
        attempt: &AttemptId,
        finish: &RunFinish,
    ) -> Result<bool, StoreError> {
        schedules::finish_run(&mut self.conn, owner, attempt, finish)
    }

    fn create_webhook(&mut self, new: &NewWebhook) -> Result<WebhookRecord, StoreError> {
        webhooks::create(&mut self.conn, &self.key, new)
    }

    fn list_webhooks(&self, filter: WebhookFilter<'_>) -> Result<Vec<WebhookRecord>, StoreError> {
        webhooks::list(&self.conn, filter)
    }

    fn webhook(&self, scope: &WebhookScope, id: WebhookId) -> Result<WebhookRecord, StoreError> {
        webhooks::get(&self.conn, scope, id)
    }

    fn delete_webhook(&mut self, scope: &WebhookScope, id: WebhookId) -> Result<(), StoreError> {
        webhooks::delete(&mut self.conn, scope, id)
    }

    fn enqueue_deliveries(
        &mut self,
        deliveries: &[NewDelivery],
        owner: &str,
        lease_until: jiff::Timestamp,
    ) -> Result<Vec<DeliveryId>, StoreError> {
        webhooks::enqueue(&mut self.conn, deliveries, owner, lease_until)
    }

    fn claim_deliveries(
        &mut self,
        owner: &str,
        now: jiff::Timestamp,
        lease_until: jiff::Timestamp,
        limit: usize,
    ) -> Result<Vec<ClaimedDelivery>, StoreError> {
        webhooks::claim(&mut self.conn, &self.key, owner, now, lease_until, limit)
    }

    fn finish_delivery(&mut self, id: DeliveryId, outcome: &DeliveryOutcome) -> Result<(), StoreError> {
        webhooks::finish(&mut self.conn, id, outcome)
    }

    fn list_deliveries(&self, id: WebhookId, limit: usize) -> Result<Vec<DeliveryRecord>, StoreError> {
        webhooks::deliveries(&self.conn, id, limit)
    }

    fn export_webhooks(&self) -> Result<Vec<WebhookExport>, StoreError> {
        webhooks::export(&self.conn)
    }

    fn import_webhooks(&mut self, webhooks: &[WebhookExport]) -> Result<(), StoreError> {
        webhooks::import(&mut self.conn, &self.key, webhooks)
    }

    fn list_signing_keys(&self) -> Result<Vec<SigningKeyRecord>, StoreError> {
        signing_keys::list(&self.conn)
    }

    fn current_signing_key(&self) -> Result<Option<CurrentSigningKey>, StoreError> {
        signing_keys::current(&self.conn, &self.key)
    }

    fn create_first_signing_key(&mut self, key: &NewSigningKey) -> Result<bool, StoreError> {
        signing_keys::create_first(&mut self.conn, &self.key, key)
    }

    fn rotate_signing_key(&mut self, key: &NewSigningKey) -> Result<Option<String>, StoreError> {
        signing_keys::rotate(&mut self.conn, &self.key, key)
    }

    fn drop_signing_key(&mut self, kid: &str) -> Result<(), StoreError> {
        signing_keys::drop_key(&mut self.conn, kid)
    }

    fn export_signing_keys(&self) -> Result<Vec<SigningKeyCopy>, StoreError> {
        signing_keys::export(&self.conn, &self.key)
    }

    fn import_signing_keys(&mut self, keys: &[SigningKeyCopy]) -> Result<(), StoreError> {
        let store = self.describe();
        signing_keys::import(&mut self.conn, &self.key, store, keys)
    }
}
