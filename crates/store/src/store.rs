//! What every store backend offers: the [`Store`] trait, implemented by
//! [`SqliteStore`](crate::SqliteStore) and [`PostgresStore`](crate::PostgresStore). The
//! commands and the rotation engine use `dyn Store`, so that they do not know which one they
//! have; the whole store test suite runs against both.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use zeroize::Zeroizing;

use crate::copy::EnvironmentRecord;
use crate::envelope::KeyChange;
use crate::error::StoreError;
use crate::id::{AttemptId, JournalId};
use crate::journal::{JournalEntry, JournalStep, RotationLogEntry};
use crate::key::StoreKey;
use crate::lock::LockWait;
use crate::model::{EnvSummary, Revision, RevisionKind, RevisionMeta, Tag};
use crate::name::{EnvName, EnvRef};
use crate::schedule::{
    Claim, RunFinish, ScheduleChange, ScheduleDue, ScheduleId, ScheduleRecord, ScheduleRun, ScheduleSpec,
};
use crate::signing_key::{CurrentSigningKey, NewSigningKey, SigningKeyCopy, SigningKeyRecord};
use crate::webhook::{
    ClaimedDelivery, DeliveryId, DeliveryOutcome, DeliveryRecord, NewDelivery, NewWebhook, WebhookExport,
    WebhookFilter, WebhookId, WebhookRecord, WebhookScope,
};

/// A change to a journal entry made in the same transaction as a rotation's commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JournalChange {
    /// Moves the entry to `step`, keeping its payload: typically `Committed`, when the
    /// credential two generations old is still to be retired after the commit.
    Step(JournalId, JournalStep),
    /// Finishes the entry: it leaves the pending list and its payload is wiped.
    Finish(JournalId),
}

/// One write to the rotation journal, of a batch written in one transaction
/// ([`Store::journal_write`]). Payloads are encrypted with the store key as they are written.
#[derive(Clone, Debug)]
pub enum JournalWrite {
    /// A new entry of the store's environment, at `step` (`Planned` before a side effect;
    /// `Created` for a rotation whose only effect is its new state).
    Begin { attempt: AttemptId, path: String, rotator: String, step: JournalStep, payload: Zeroizing<Vec<u8>> },
    /// Moves an unfinished entry to `step` with a new payload.
    Update { id: JournalId, step: JournalStep, payload: Zeroizing<Vec<u8>> },
    /// Finishes an entry (finishing a finished one is not an error).
    Finish(JournalId),
}

/// When a journal write must be on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JournalSync {
    /// Before the call returns (SQLite: the WAL fsynced; PostgreSQL: the commit flushed),
    /// as every other store write is.
    Now,
    /// With the next write that is synced, or the next checkpoint: the transaction is
    /// atomic and ordered like any other (a power loss loses a suffix of the writes, never
    /// one in the middle), but a power loss right after it may lose it. Only for writes
    /// whose loss leaves what recovery finds correct (see ARCHITECTURE.md, "Durable
    /// writes"). A crash of the process alone never loses it.
    Deferred,
}

/// Held while a rotation runs: no other rotation of the same definition runs at the same
/// time (it waits), so a pending journal entry seen while holding it belongs to a process
/// that died. Released when dropped, and by the operating system (or the database server)
/// when the process ends, however it ends.
pub struct RotationLock {
    _held: Box<dyn Any + Send>,
}

impl RotationLock {
    /// A lock held for as long as `held` lives (an open locked file, a database session).
    pub fn new(held: impl Any + Send) -> RotationLock {
        RotationLock { _held: Box::new(held) }
    }
}

impl fmt::Debug for RotationLock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RotationLock")
    }
}

/// A rotation lock ready to be taken. Preparing it needs the store (often shared behind a
/// mutex); taking it may wait for another process, so it is done by [`wait`](Self::wait)
/// after the store is released, and nobody else in this process waits on the store meanwhile.
pub struct LockRequest {
    take: Box<TakeLock>,
}

/// How a [`LockRequest`] takes its lock, waiting as the [`LockWait`] says.
type TakeLock = dyn FnOnce(&LockWait) -> Result<RotationLock, StoreError> + Send;

impl LockRequest {
    pub fn new(take: impl FnOnce(&LockWait) -> Result<RotationLock, StoreError> + Send + 'static) -> LockRequest {
        LockRequest { take: Box::new(take) }
    }

    /// Waits until no other rotation of the environment runs (as long as `wait` allows,
    /// telling it whom it waits for), and returns the lock.
    pub fn wait(self, wait: &LockWait) -> Result<RotationLock, StoreError> {
        (self.take)(wait)
    }
}

/// Where environments live: every revision, tags, the rotation log, the rotation journal
/// and the per-environment rotation lock.
///
/// Writes take `&mut self` and are transactions; a commit succeeds only if the revision it
/// started from is still the latest ([`StoreError::Conflict`] otherwise), so two concurrent
/// writers never both win.
pub trait Store: Send + fmt::Debug {
    /// Where the store is, for messages (an SQLite store's database file). Never holds a
    /// password.
    fn describe(&self) -> String;

    /// The store key, for the language core's `fn::secret` encryption
    /// (`Arc<dyn Encrypter>`/`Arc<dyn Decrypter>`).
    fn key(&self) -> Arc<StoreKey>;

    // ---- environments ----

    /// Creates an environment with `yaml` as revision 1 (kind `create`).
    fn create_environment(&mut self, name: &EnvName, yaml: &str, author: &str) -> Result<Revision, StoreError>;

    /// The live environments, in `org` only if given, sorted by name.
    fn list_environments(&self, org: Option<&str>) -> Result<Vec<EnvSummary>, StoreError>;

    /// Deletes an environment: it disappears from listings and lookups, and its schedules
    /// (with their run history) are removed; its revisions and rotation log stay in the
    /// database. Refused while it has unfinished journal entries, which may stand for
    /// credentials that exist only there.
    fn delete_environment(&mut self, name: &EnvName) -> Result<(), StoreError>;

    // ---- revisions ----

    /// The latest revision.
    fn latest(&self, name: &EnvName) -> Result<Revision, StoreError>;

    /// Revision `number`.
    fn revision(&self, name: &EnvName, number: u64) -> Result<Revision, StoreError>;

    /// The revision a reference designates (`@latest`, `@N`, `@TAG`).
    fn resolve(&self, r: &EnvRef) -> Result<Revision, StoreError>;

    /// All revisions without their text, newest first, each with the tags pointing at it.
    fn list_revisions(&self, name: &EnvName) -> Result<Vec<RevisionMeta>, StoreError>;

    /// Commits `yaml` as the next revision if the latest revision is still
    /// `expected_latest`; otherwise fails with [`StoreError::Conflict`] and writes nothing.
    /// Of two writers that started from the same revision exactly one wins. `kind` is
    /// recorded as given (`Edit`, `Rollback`, or `Rotation` for a rotation without log or
    /// journal changes); `Create` belongs to revision 1, which
    /// [`create_environment`](Self::create_environment) makes.
    fn commit_revision(
        &mut self,
        name: &EnvName,
        expected_latest: u64,
        yaml: &str,
        kind: RevisionKind,
        author: &str,
    ) -> Result<Revision, StoreError>;

    /// Commits a rotation atomically: the new revision (kind `rotation`), the rotation-log
    /// entries of the attempt, and the journal changes, in one transaction, with the same
    /// conflict check as [`commit_revision`](Self::commit_revision). In `log`, a missing
    /// `revision_before` is set to `expected_latest`, and a missing `revision_after` of a
    /// succeeded path to the new revision. A journal id of another environment, or of a
    /// finished entry, fails the whole commit.
    fn commit_rotation(
        &mut self,
        name: &EnvName,
        expected_latest: u64,
        yaml: &str,
        author: &str,
        log: &[RotationLogEntry],
        journal: &[JournalChange],
    ) -> Result<Revision, StoreError>;

    // ---- tags ----

    /// Points `tag` at revision `revision`, creating or moving it.
    fn set_tag(&mut self, name: &EnvName, tag: &str, revision: u64) -> Result<Tag, StoreError>;

    /// Deletes `tag`.
    fn delete_tag(&mut self, name: &EnvName, tag: &str) -> Result<(), StoreError>;

    /// The environment's tags, sorted by name.
    fn list_tags(&self, name: &EnvName) -> Result<Vec<Tag>, StoreError>;

    // ---- rotation log ----

    /// Appends entries to the rotation log (for attempts that commit no revision; a
    /// committing attempt passes its entries to [`commit_rotation`](Self::commit_rotation)).
    fn append_rotation_log(&mut self, name: &EnvName, entries: &[RotationLogEntry]) -> Result<(), StoreError>;

    /// The environment's rotation log, newest first.
    fn rotation_log(&self, name: &EnvName) -> Result<Vec<RotationLogEntry>, StoreError>;

    // ---- rotation journal ----

    /// Records the intent to rotate `path` (step `planned`) before any side effect. The
    /// payload is encrypted with the store key.
    fn journal_begin(
        &mut self,
        name: &EnvName,
        attempt: &AttemptId,
        path: &str,
        rotator: &str,
        payload: &[u8],
    ) -> Result<JournalId, StoreError>;

    /// Moves an unfinished entry to `step` with a new payload (encrypted with the store key).
    fn journal_update(&mut self, id: JournalId, step: JournalStep, payload: &[u8]) -> Result<(), StoreError>;

    /// Finishes an entry: it leaves the pending list and its payload is wiped. Finishing a
    /// finished entry is not an error (a resumed run may repeat the last step).
    fn journal_finish(&mut self, id: JournalId) -> Result<(), StoreError>;

    /// Writes `writes` to environment `name`'s journal in one transaction (all or none),
    /// synced as `sync` says. Returns each write's entry: a `Begin`'s new id, the id of an
    /// `Update` or `Finish`. An `Update` of a finished entry fails the whole batch.
    fn journal_write(
        &mut self,
        name: &EnvName,
        writes: &[JournalWrite],
        sync: JournalSync,
    ) -> Result<Vec<JournalId>, StoreError>;

    /// The environment's unfinished journal entries, oldest first, payloads decrypted.
    fn journal_pending(&self, name: &EnvName) -> Result<Vec<JournalEntry>, StoreError>;

    /// Every unfinished journal entry in the store, oldest first, payloads decrypted: what a
    /// run must look at before starting new rotations.
    fn journal_pending_all(&self) -> Result<Vec<JournalEntry>, StoreError>;

    // ---- copying between stores ----

    /// Every environment ever created, deleted ones too, in creation order, each with all
    /// its revisions, tags and rotation log: what `escrot store copy` moves. (Journal entries
    /// are not part of it: a copy is refused while any is unfinished.)
    fn export_environments(&self) -> Result<Vec<EnvironmentRecord>, StoreError>;

    /// Writes environments exported from another store, in one transaction, keeping their
    /// revision numbers, authors, times and kinds. Refused with
    /// [`StoreError::DestinationNotEmpty`] when this store holds any environment, live or
    /// deleted.
    fn import_environments(&mut self, environments: &[EnvironmentRecord]) -> Result<(), StoreError>;

    // ---- locks ----

    /// The lock that keeps rotations of environment `name` one at a time (across processes),
    /// ready to be taken with [`LockRequest::wait`].
    fn rotation_lock(&self, name: &EnvName) -> LockRequest;

    // ---- schedules ----

    /// Creates a schedule of environment `name`, first due at `due` (`None`: never).
    fn create_schedule(
        &mut self,
        name: &EnvName,
        paths: &[String],
        spec: &ScheduleSpec,
        due: Option<&ScheduleDue>,
    ) -> Result<ScheduleRecord, StoreError>;

    /// The schedules of environment `name` if given, else of every environment (in `org`
    /// only if given); sorted by environment name, then id.
    fn list_schedules(&self, name: Option<&EnvName>, org: Option<&str>) -> Result<Vec<ScheduleRecord>, StoreError>;

    /// Schedule `id` of environment `name` ([`StoreError::ScheduleNotFound`] if it is
    /// another environment's).
    fn schedule(&self, name: &EnvName, id: ScheduleId) -> Result<ScheduleRecord, StoreError>;

    /// Changes schedule `id` of `name` as `change` says; a new spec resets the consecutive
    /// failures. Returns the schedule as changed.
    fn update_schedule(
        &mut self,
        name: &EnvName,
        id: ScheduleId,
        change: &ScheduleChange,
    ) -> Result<ScheduleRecord, StoreError>;

    /// Removes schedule `id` of `name` and its run history.
    fn delete_schedule(&mut self, name: &EnvName, id: ScheduleId) -> Result<(), StoreError>;

    /// The run history of `name`'s schedules (of schedule `id` only, if given), newest first.
    fn schedule_history(&self, name: &EnvName, id: Option<ScheduleId>) -> Result<Vec<ScheduleRun>, StoreError>;

    /// Claims up to `limit` schedules that are due at `now` (in `org` only, if given):
    /// unpaused, `due.at <= now`, and without a lease or with an expired one; oldest due
    /// first. In ONE transaction, each gets a lease for `owner` until `now + lease` (rounded
    /// up to the second) with a
    /// new rotation attempt id, so that of any number of runners claiming at once each
    /// schedule goes to exactly one (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: `SELECT … FOR
    /// UPDATE SKIP LOCKED`).
    fn claim_due_schedules(
        &mut self,
        now: jiff::Timestamp,
        owner: &str,
        lease: std::time::Duration,
        limit: usize,
        org: Option<&str>,
    ) -> Result<Vec<Claim>, StoreError>;

    /// Extends the lease of schedule `id` to `expires_at` if `owner` still holds it with
    /// `attempt`; returns whether it did.
    fn renew_schedule_lease(
        &mut self,
        id: ScheduleId,
        owner: &str,
        attempt: &AttemptId,
        expires_at: jiff::Timestamp,
    ) -> Result<bool, StoreError>;

    /// Records a claimed run in the history and, if `owner` still holds the schedule's lease
    /// with the run's attempt, applies `finish` (last run, next due, failures) and releases
    /// the lease, in one transaction. Returns whether the lease was still held (if not,
    /// the run is recorded and the schedule left to the runner that holds it now).
    fn finish_schedule_run(&mut self, owner: &str, attempt: &AttemptId, finish: &RunFinish)
    -> Result<bool, StoreError>;

    // ---- store key ----

    /// A store-wide `meta` row (the key check, the wrapped data key: see
    /// [`envelope`](crate::envelope)).
    fn meta(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError>;

    /// Commits an `escrot store key` change in one transaction: its `meta` rows, and each
    /// re-encrypted revision as the next revision of its environment (kind `edit`, by
    /// `author`). Fails and writes nothing with [`StoreError::KeyChanged`] when the key check
    /// is no longer the one the change was made from, [`StoreError::PendingKeyChange`] when
    /// it brings a new data key while any rotation journal entry is unfinished, and
    /// [`StoreError::Conflict`] when an environment has moved on.
    fn commit_key_change(&mut self, change: &KeyChange, author: &str) -> Result<Vec<(EnvName, u64)>, StoreError>;

    // ---- webhooks ----

    /// Creates a webhook; its secret is sealed with the store key (a writer that opened the
    /// store before a data key rotation gets [`StoreError::KeyChanged`]).
    fn create_webhook(&mut self, new: &NewWebhook) -> Result<WebhookRecord, StoreError>;

    /// The webhooks `filter` selects, sorted by id.
    fn list_webhooks(&self, filter: WebhookFilter<'_>) -> Result<Vec<WebhookRecord>, StoreError>;

    /// Webhook `id` of `scope` ([`StoreError::WebhookNotFound`] if it is another scope's).
    fn webhook(&self, scope: &WebhookScope, id: WebhookId) -> Result<WebhookRecord, StoreError>;

    /// Removes webhook `id` of `scope` and its deliveries.
    fn delete_webhook(&mut self, scope: &WebhookScope, id: WebhookId) -> Result<(), StoreError>;

    /// Records `deliveries` as pending, leased to `owner` until `lease_until` (so that no
    /// other process sends them meanwhile), in one transaction. Returns their ids, in order.
    fn enqueue_deliveries(
        &mut self,
        deliveries: &[NewDelivery],
        owner: &str,
        lease_until: jiff::Timestamp,
    ) -> Result<Vec<DeliveryId>, StoreError>;

    /// Claims up to `limit` pending deliveries to send: `owner`'s own, and those whose lease
    /// expired at `now` (left by a process that died), oldest first, each leased to `owner`
    /// until `lease_until`, with its webhook's URL, format and secret (decrypted).
    fn claim_deliveries(
        &mut self,
        owner: &str,
        now: jiff::Timestamp,
        lease_until: jiff::Timestamp,
        limit: usize,
    ) -> Result<Vec<ClaimedDelivery>, StoreError>;

    /// Records how delivery `id` ended (it leaves the pending ones).
    fn finish_delivery(&mut self, id: DeliveryId, outcome: &DeliveryOutcome) -> Result<(), StoreError>;

    /// The deliveries of webhook `id`, newest first, at most `limit`.
    fn list_deliveries(&self, id: WebhookId, limit: usize) -> Result<Vec<DeliveryRecord>, StoreError>;

    /// Every webhook with its sealed secret, for `store copy` (deliveries are not copied).
    fn export_webhooks(&self) -> Result<Vec<WebhookExport>, StoreError>;

    /// Writes webhooks exported from a store with the same store key, keeping their ids,
    /// in one transaction.
    fn import_webhooks(&mut self, webhooks: &[WebhookExport]) -> Result<(), StoreError>;
    // ---- signing keys (the JWTs of fn::rotate::external requests; `escrot jwks`) ----

    /// Every signing key's public facts, oldest first (the current one, if any, is newest).
    fn list_signing_keys(&self) -> Result<Vec<SigningKeyRecord>, StoreError>;

    /// The current signing key with its private half decrypted, if the store has one. The
    /// private half opens with the store key or a key it retired (a data key rotation does
    /// not re-seal it).
    fn current_signing_key(&self) -> Result<Option<CurrentSigningKey>, StoreError>;

    /// Makes `key` the current signing key if the store has none, in one transaction, and
    /// returns whether it did: of processes creating the first key at once, one wins, and
    /// the others read the winner's back with [`current_signing_key`](Self::current_signing_key).
    fn create_first_signing_key(&mut self, key: &NewSigningKey) -> Result<bool, StoreError>;

    /// Makes `key` the current signing key, retiring the current one (its private half
    /// wiped; its public half stays listed), in one transaction. Returns the kid retired.
    fn rotate_signing_key(&mut self, key: &NewSigningKey) -> Result<Option<String>, StoreError>;

    /// Deletes the retired signing key `kid`: [`StoreError::SigningKeyNotFound`] if there is
    /// none, [`StoreError::SigningKeyIsCurrent`] for the current one.
    fn drop_signing_key(&mut self, kid: &str) -> Result<(), StoreError>;

    /// Every signing key, oldest first, the current one's private half decrypted: what
    /// `escrot store copy` moves.
    fn export_signing_keys(&self) -> Result<Vec<SigningKeyCopy>, StoreError>;

    /// Writes signing keys exported from another store in one transaction, keeping their
    /// kids, states and times, private halves sealed with this store's key. Refused with
    /// [`StoreError::DestinationHasSigningKeys`] when this store holds any.
    fn import_signing_keys(&mut self, keys: &[SigningKeyCopy]) -> Result<(), StoreError>;
}
