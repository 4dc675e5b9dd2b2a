//! The store for teams: one PostgreSQL database (`--store postgres://…`) that any number of
//! escrot processes on any number of machines share, with the semantics of the SQLite store
//! (same tables, see [`schema`]).
//!
//! Concurrency: every write is one transaction that first locks the environment's row
//! (`SELECT … FOR UPDATE`), and a commit checks the latest revision under that lock, so of
//! two writers that started from the same revision exactly one wins
//! ([`StoreError::Conflict`] for the other). The per-environment rotation lock is a session
//! advisory lock on a session of its own, kept for the next lock once released
//! (`lock.rs`). Reads run in read-only `REPEATABLE READ` transactions, so each sees one
//! snapshot.
//!
//! The store key comes from `ESCROT_KEY` (there is no file beside a database server); the
//! first open with a key writes the key check, later opens compare with it.
//!
//! `url.rs`: the location (URL and `PG*` variables, the password never shown); `worker.rs`:
//! the connection's thread (store methods are synchronous and may be called from inside
//! tokio); `schema.rs`: migrations; `revisions.rs`: environments, revisions, tags and the
//! commit; `journal.rs`: the rotation log and journal; `lock.rs`: the rotation lock;
//! `copy.rs`: export and import for `store copy`; `webhooks.rs`: webhooks and their deliveries;
//! `signing_keys.rs`: the keys of `fn::rotate::external`'s JWTs.

mod client;
mod copy;
mod journal;
mod lock;
mod meta;
mod revisions;
mod schedules;
mod schema;
mod signing_keys;
mod url;
mod webhooks;
mod worker;

use std::fmt;
use std::sync::Arc;

use zeroize::Zeroizing;

use crate::copy::EnvironmentRecord;
use crate::envelope::{KeyChange, KeyOptions, KeyWrapper, MetaRows, open_key};
use crate::error::StoreError;
use crate::id::{AttemptId, JournalId};
use crate::journal::{JournalEntry, JournalStep, RotationLogEntry};
use crate::key::{KeySource, StoreKey};
use crate::model::{EnvSummary, Revision, RevisionKind, RevisionMeta, Tag};
use crate::name::{EnvName, EnvRef, Version};
use crate::schedule::{
    Claim, RunFinish, ScheduleChange, ScheduleDue, ScheduleId, ScheduleRecord, ScheduleRun, ScheduleSpec,
};
use crate::schema::SCHEMA_VERSION;
use crate::signing_key::{CurrentSigningKey, NewSigningKey, SigningKeyCopy, SigningKeyRecord};
use crate::store::{JournalChange, JournalSync, JournalWrite, LockRequest, Store};
use crate::webhook::{
    ClaimedDelivery, DeliveryId, DeliveryOutcome, DeliveryRecord, NewDelivery, NewWebhook, WebhookExport,
    WebhookFilter, WebhookId, WebhookRecord, WebhookScope,
};

use meta::{KeyChangeRows, PgMeta};
pub use url::{PostgresLocation, SslMode};
use worker::{Connection, Session};

/// A PostgreSQL store. See the module documentation for the concurrency model.
pub struct PostgresStore {
    conn: Connection,
    location: PostgresLocation,
    key: Arc<StoreKey>,
    /// Sessions of released rotation locks, for the next ones.
    lock_sessions: lock::IdleSessions,
}

impl fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresStore").field("location", &self.location).field("key", &self.key).finish()
    }
}

fn to_i64(n: u64) -> Result<i64, StoreError> {
    i64::try_from(n).map_err(|_| StoreError::Corrupt(format!("number {n} is out of range")))
}

fn to_u64(n: i64) -> Result<u64, StoreError> {
    u64::try_from(n).map_err(|_| StoreError::Corrupt(format!("negative number {n}")))
}

impl PostgresStore {
    /// Opens the store at `location`, applying missing migrations first, with its key from
    /// `key_source` (`ESCROT_KEY`; a key file if one is named). The first open with a key
    /// records the key check; a different key is refused.
    pub fn open(location: &PostgresLocation, key_source: &KeySource) -> Result<PostgresStore, StoreError> {
        PostgresStore::open_with_wrapper(location, key_source, None)
    }

    /// [`open`](Self::open), unwrapping a wrapped store key with `wrapper` (see
    /// [`envelope`](crate::envelope): then no `ESCROT_KEY` is needed).
    pub fn open_with_wrapper(
        location: &PostgresLocation,
        key_source: &KeySource,
        wrapper: Option<&dyn KeyWrapper>,
    ) -> Result<PostgresStore, StoreError> {
        let conn = Connection::open(location, Session::ReadWrite)?;
        let store = location.to_string();
        conn.run(move |c| Box::pin(schema::migrate(c, store)))?;
        let key = open_store_key(&conn, location, key_source, wrapper, true)?;
        Ok(PostgresStore { conn, location: location.clone(), key: Arc::new(key), lock_sessions: Default::default() })
    }

    /// Opens the existing store at `location` to read it: nothing is created, migrated or
    /// written (every transaction is read-only).
    pub fn open_read_only(location: &PostgresLocation, key_source: &KeySource) -> Result<PostgresStore, StoreError> {
        PostgresStore::open_read_only_with_wrapper(location, key_source, None)
    }

    /// [`open_read_only`](Self::open_read_only), unwrapping a wrapped store key with `wrapper`.
    pub fn open_read_only_with_wrapper(
        location: &PostgresLocation,
        key_source: &KeySource,
        wrapper: Option<&dyn KeyWrapper>,
    ) -> Result<PostgresStore, StoreError> {
        let conn = Connection::open(location, Session::ReadOnly)?;
        let found = conn.run(|c| Box::pin(async move { schema::version(c).await }))?;
        let store = location.to_string();
        if found == 0 {
            return Err(StoreError::NoStoreYet { store });
        }
        if found > SCHEMA_VERSION {
            return Err(StoreError::StoreSchemaTooNew { store, found, supported: SCHEMA_VERSION });
        }
        if found < SCHEMA_VERSION {
            return Err(StoreError::StoreSchemaTooOld { store, found, supported: SCHEMA_VERSION });
        }
        let key = open_store_key(&conn, location, key_source, wrapper, false)?;
        Ok(PostgresStore { conn, location: location.clone(), key: Arc::new(key), lock_sessions: Default::default() })
    }

    /// Applies missing migrations (no key needed: `escrot store migrate`) and returns the
    /// schema version.
    pub fn migrate(location: &PostgresLocation) -> Result<i64, StoreError> {
        let conn = Connection::open(location, Session::ReadWrite)?;
        let store = location.to_string();
        conn.run(move |c| Box::pin(schema::migrate(c, store)))
    }

    /// Where the store is.
    pub fn location(&self) -> &PostgresLocation {
        &self.location
    }
}

/// The store key as [`open_key`] finds it: `ESCROT_KEY`, the wrapped key, or a key file
/// named explicitly (there is none beside a database server).
fn open_store_key(
    conn: &Connection,
    location: &PostgresLocation,
    key_source: &KeySource,
    wrapper: Option<&dyn KeyWrapper>,
    writable: bool,
) -> Result<StoreKey, StoreError> {
    let store = location.to_string();
    let opts = KeyOptions { source: key_source, key_file: None, wrapper, writable, store: &store };
    open_key(&mut PgMeta(conn), &opts)
}

impl Store for PostgresStore {
    fn describe(&self) -> String {
        self.location.to_string()
    }

    fn key(&self) -> Arc<StoreKey> {
        Arc::clone(&self.key)
    }

    fn create_environment(&mut self, name: &EnvName, yaml: &str, author: &str) -> Result<Revision, StoreError> {
        let (name, yaml, author) = (name.clone(), yaml.to_owned(), author.to_owned());
        let key = Arc::clone(&self.key);
        self.conn.run(move |c| Box::pin(revisions::create_environment(c, key, name, yaml, author)))
    }

    fn list_environments(&self, org: Option<&str>) -> Result<Vec<EnvSummary>, StoreError> {
        let org = org.map(str::to_owned);
        self.conn.run(move |c| Box::pin(revisions::list_environments(c, org)))
    }

    fn delete_environment(&mut self, name: &EnvName) -> Result<(), StoreError> {
        let name = name.clone();
        self.conn.run(move |c| Box::pin(revisions::delete_environment(c, name)))
    }

    fn latest(&self, name: &EnvName) -> Result<Revision, StoreError> {
        self.resolve(&EnvRef { name: name.clone(), version: Version::Latest })
    }

    fn revision(&self, name: &EnvName, number: u64) -> Result<Revision, StoreError> {
        self.resolve(&EnvRef { name: name.clone(), version: Version::Number(number) })
    }

    fn resolve(&self, r: &EnvRef) -> Result<Revision, StoreError> {
        let r = r.clone();
        self.conn.run(move |c| Box::pin(revisions::resolve(c, r)))
    }

    fn list_revisions(&self, name: &EnvName) -> Result<Vec<RevisionMeta>, StoreError> {
        let name = name.clone();
        self.conn.run(move |c| Box::pin(revisions::list_revisions(c, name)))
    }

    fn commit_revision(
        &mut self,
        name: &EnvName,
        expected_latest: u64,
        yaml: &str,
        kind: RevisionKind,
        author: &str,
    ) -> Result<Revision, StoreError> {
        let commit = revisions::Commit {
            name: name.clone(),
            expected_latest,
            yaml: yaml.to_owned(),
            kind,
            author: author.to_owned(),
            log: Vec::new(),
            journal: Vec::new(),
            key: Arc::clone(&self.key),
        };
        self.conn.run(move |c| Box::pin(revisions::commit(c, commit)))
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
        let commit = revisions::Commit {
            name: name.clone(),
            expected_latest,
            yaml: yaml.to_owned(),
            kind: RevisionKind::Rotation,
            author: author.to_owned(),
            log: log.to_vec(),
            journal: journal.to_vec(),
            key: Arc::clone(&self.key),
        };
        self.conn.run(move |c| Box::pin(revisions::commit(c, commit)))
    }

    fn set_tag(&mut self, name: &EnvName, tag: &str, revision: u64) -> Result<Tag, StoreError> {
        let (name, tag) = (name.clone(), tag.to_owned());
        self.conn.run(move |c| Box::pin(revisions::set_tag(c, name, tag, revision)))
    }

    fn delete_tag(&mut self, name: &EnvName, tag: &str) -> Result<(), StoreError> {
        let (name, tag) = (name.clone(), tag.to_owned());
        self.conn.run(move |c| Box::pin(revisions::delete_tag(c, name, tag)))
    }

    fn list_tags(&self, name: &EnvName) -> Result<Vec<Tag>, StoreError> {
        let name = name.clone();
        self.conn.run(move |c| Box::pin(revisions::list_tags(c, name)))
    }

    fn append_rotation_log(&mut self, name: &EnvName, entries: &[RotationLogEntry]) -> Result<(), StoreError> {
        let (name, entries) = (name.clone(), entries.to_vec());
        self.conn.run(move |c| Box::pin(journal::append_rotation_log(c, name, entries)))
    }

    fn rotation_log(&self, name: &EnvName) -> Result<Vec<RotationLogEntry>, StoreError> {
        let name = name.clone();
        self.conn.run(move |c| Box::pin(journal::rotation_log(c, name)))
    }

    fn journal_begin(
        &mut self,
        name: &EnvName,
        attempt: &AttemptId,
        path: &str,
        rotator: &str,
        payload: &[u8],
    ) -> Result<JournalId, StoreError> {
        let begin = journal::Begin {
            name: name.clone(),
            attempt: attempt.clone(),
            path: path.to_owned(),
            rotator: rotator.to_owned(),
            payload: Zeroizing::new(payload.to_vec()),
        };
        let key = Arc::clone(&self.key);
        self.conn.run(move |c| Box::pin(journal::journal_begin(c, key, begin)))
    }

    fn journal_update(&mut self, id: JournalId, step: JournalStep, payload: &[u8]) -> Result<(), StoreError> {
        let (key, payload) = (Arc::clone(&self.key), Zeroizing::new(payload.to_vec()));
        self.conn.run(move |c| Box::pin(journal::journal_update(c, key, id, step, payload)))
    }

    fn journal_finish(&mut self, id: JournalId) -> Result<(), StoreError> {
        self.conn.run(move |c| Box::pin(journal::journal_finish(c, id)))
    }

    fn journal_write(
        &mut self,
        name: &EnvName,
        writes: &[JournalWrite],
        sync: JournalSync,
    ) -> Result<Vec<JournalId>, StoreError> {
        let (key, name, writes) = (Arc::clone(&self.key), name.clone(), writes.to_vec());
        self.conn.run(move |c| Box::pin(journal::journal_write(c, key, name, writes, sync)))
    }

    fn journal_pending(&self, name: &EnvName) -> Result<Vec<JournalEntry>, StoreError> {
        let (key, name) = (Arc::clone(&self.key), name.clone());
        self.conn.run(move |c| Box::pin(journal::pending(c, key, Some(name))))
    }

    fn journal_pending_all(&self) -> Result<Vec<JournalEntry>, StoreError> {
        let key = Arc::clone(&self.key);
        self.conn.run(move |c| Box::pin(journal::pending(c, key, None)))
    }

    fn export_environments(&self) -> Result<Vec<EnvironmentRecord>, StoreError> {
        self.conn.run(|c| Box::pin(copy::export(c)))
    }

    fn import_environments(&mut self, environments: &[EnvironmentRecord]) -> Result<(), StoreError> {
        let (store, envs) = (self.location.to_string(), environments.to_vec());
        self.conn.run(move |c| Box::pin(copy::import(c, store, envs)))
    }

    /// A session advisory lock on a connection of its own (see `lock.rs`); taking it needs
    /// only the location and the idle sessions, so the store itself is not held while waiting.
    fn rotation_lock(&self, name: &EnvName) -> LockRequest {
        let (location, idle, name) = (self.location.clone(), self.lock_sessions.clone(), name.clone());
        LockRequest::new(move |wait| lock::take(&location, &idle, &name, wait))
    }

    fn meta(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        PgMeta(&self.conn).meta(name)
    }

    fn commit_key_change(&mut self, change: &KeyChange, author: &str) -> Result<Vec<(EnvName, u64)>, StoreError> {
        let rows = KeyChangeRows::of(change, author);
        self.conn.run(move |c| Box::pin(meta::commit_key_change(c, rows)))
    }

    fn create_schedule(
        &mut self,
        name: &EnvName,
        paths: &[String],
        spec: &ScheduleSpec,
        due: Option<&ScheduleDue>,
    ) -> Result<ScheduleRecord, StoreError> {
        let new =
            schedules::NewSchedule { name: name.clone(), paths: paths.to_vec(), spec: spec.clone(), due: due.cloned() };
        self.conn.run(move |c| Box::pin(schedules::create(c, new)))
    }

    fn list_schedules(&self, name: Option<&EnvName>, org: Option<&str>) -> Result<Vec<ScheduleRecord>, StoreError> {
        let (name, org) = (name.cloned(), org.map(str::to_owned));
        self.conn.run(move |c| Box::pin(schedules::list(c, name, org)))
    }

    fn schedule(&self, name: &EnvName, id: ScheduleId) -> Result<ScheduleRecord, StoreError> {
        let name = name.clone();
        self.conn.run(move |c| Box::pin(schedules::get(c, name, id)))
    }

    fn update_schedule(
        &mut self,
        name: &EnvName,
        id: ScheduleId,
        change: &ScheduleChange,
    ) -> Result<ScheduleRecord, StoreError> {
        let (name, change) = (name.clone(), change.clone());
        self.conn.run(move |c| Box::pin(schedules::update(c, name, id, change)))
    }

    fn delete_schedule(&mut self, name: &EnvName, id: ScheduleId) -> Result<(), StoreError> {
        let name = name.clone();
        self.conn.run(move |c| Box::pin(schedules::delete(c, name, id)))
    }

    fn schedule_history(&self, name: &EnvName, id: Option<ScheduleId>) -> Result<Vec<ScheduleRun>, StoreError> {
        let name = name.clone();
        self.conn.run(move |c| Box::pin(schedules::history(c, name, id)))
    }

    fn claim_due_schedules(
        &mut self,
        now: jiff::Timestamp,
        owner: &str,
        lease: std::time::Duration,
        limit: usize,
        org: Option<&str>,
    ) -> Result<Vec<Claim>, StoreError> {
        let req = schedules::ClaimRequest { now, owner: owner.to_owned(), lease, limit, org: org.map(str::to_owned) };
        self.conn.run(move |c| Box::pin(schedules::claim_due(c, req)))
    }

    fn renew_schedule_lease(
        &mut self,
        id: ScheduleId,
        owner: &str,
        attempt: &AttemptId,
        expires_at: jiff::Timestamp,
    ) -> Result<bool, StoreError> {
        let (owner, attempt) = (owner.to_owned(), attempt.clone());
        self.conn.run(move |c| Box::pin(schedules::renew_lease(c, id, owner, attempt, expires_at)))
    }

    fn finish_schedule_run(
        &mut self,
        owner: &str,
        attempt: &AttemptId,
        finish: &RunFinish,
    ) -> Result<bool, StoreError> {
        let (owner, attempt, finish) = (owner.to_owned(), attempt.clone(), finish.clone());
        self.conn.run(move |c| Box::pin(schedules::finish_run(c, owner, attempt, finish)))
    }

    fn create_webhook(&mut self, new: &NewWebhook) -> Result<WebhookRecord, StoreError> {
        let (key, new) = (Arc::clone(&self.key), new.clone());
        self.conn.run(move |c| Box::pin(webhooks::create(c, key, new)))
    }

    fn list_webhooks(&self, filter: WebhookFilter<'_>) -> Result<Vec<WebhookRecord>, StoreError> {
        let (scope, applies_to, org) = webhooks::filter_parts(filter);
        self.conn.run(move |c| Box::pin(webhooks::list(c, scope, applies_to, org)))
    }

    fn webhook(&self, scope: &WebhookScope, id: WebhookId) -> Result<WebhookRecord, StoreError> {
        let scope = scope.clone();
        self.conn.run(move |c| Box::pin(webhooks::get(c, scope, id)))
    }

    fn delete_webhook(&mut self, scope: &WebhookScope, id: WebhookId) -> Result<(), StoreError> {
        let scope = scope.clone();
        self.conn.run(move |c| Box::pin(webhooks::delete(c, scope, id)))
    }

    fn enqueue_deliveries(
        &mut self,
        deliveries: &[NewDelivery],
        owner: &str,
        lease_until: jiff::Timestamp,
    ) -> Result<Vec<DeliveryId>, StoreError> {
        let (deliveries, owner) = (deliveries.to_vec(), owner.to_owned());
        self.conn.run(move |c| Box::pin(webhooks::enqueue(c, deliveries, owner, lease_until)))
    }

    fn claim_deliveries(
        &mut self,
        owner: &str,
        now: jiff::Timestamp,
        lease_until: jiff::Timestamp,
        limit: usize,
    ) -> Result<Vec<ClaimedDelivery>, StoreError> {
        let key = Arc::clone(&self.key);
        let req = webhooks::ClaimRequest { owner: owner.to_owned(), now, lease_until, limit };
        self.conn.run(move |c| Box::pin(webhooks::claim(c, key, req)))
    }

    fn finish_delivery(&mut self, id: DeliveryId, outcome: &DeliveryOutcome) -> Result<(), StoreError> {
        let outcome = outcome.clone();
        self.conn.run(move |c| Box::pin(webhooks::finish(c, id, outcome)))
    }

    fn list_deliveries(&self, id: WebhookId, limit: usize) -> Result<Vec<DeliveryRecord>, StoreError> {
        self.conn.run(move |c| Box::pin(webhooks::deliveries(c, id, limit)))
    }

    fn export_webhooks(&self) -> Result<Vec<WebhookExport>, StoreError> {
        self.conn.run(|c| Box::pin(webhooks::export(c)))
    }

    fn import_webhooks(&mut self, webhooks: &[WebhookExport]) -> Result<(), StoreError> {
        let (key, webhooks) = (Arc::clone(&self.key), webhooks.to_vec());
        self.conn.run(move |c| Box::pin(webhooks::import(c, key, webhooks)))
    }

    fn list_signing_keys(&self) -> Result<Vec<SigningKeyRecord>, StoreError> {
        self.conn.run(|c| Box::pin(signing_keys::list(c)))
    }

    fn current_signing_key(&self) -> Result<Option<CurrentSigningKey>, StoreError> {
        let key = Arc::clone(&self.key);
        self.conn.run(move |c| Box::pin(signing_keys::current(c, key)))
    }

    fn create_first_signing_key(&mut self, key: &NewSigningKey) -> Result<bool, StoreError> {
        let (store_key, new) = (Arc::clone(&self.key), key.clone());
        self.conn.run(move |c| Box::pin(signing_keys::create_first(c, store_key, new)))
    }

    fn rotate_signing_key(&mut self, key: &NewSigningKey) -> Result<Option<String>, StoreError> {
        let (store_key, new) = (Arc::clone(&self.key), key.clone());
        self.conn.run(move |c| Box::pin(signing_keys::rotate(c, store_key, new)))
    }

    fn drop_signing_key(&mut self, kid: &str) -> Result<(), StoreError> {
        let kid = kid.to_owned();
        self.conn.run(move |c| Box::pin(signing_keys::drop_key(c, kid)))
    }

    fn export_signing_keys(&self) -> Result<Vec<SigningKeyCopy>, StoreError> {
        let key = Arc::clone(&self.key);
        self.conn.run(move |c| Box::pin(signing_keys::export(c, key)))
    }

    fn import_signing_keys(&mut self, keys: &[SigningKeyCopy]) -> Result<(), StoreError> {
        let (key, store, keys) = (Arc::clone(&self.key), self.location.to_string(), keys.to_vec());
        self.conn.run(move |c| Box::pin(signing_keys::import(c, key, store, keys)))
    }
}
