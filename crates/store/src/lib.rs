//! Where environments live: every revision of every definition, tags, the rotation log and
//! the rotation journal, behind the [`Store`] trait, with two backends: an embedded SQLite
//! database ([`SqliteStore`], the default) and a PostgreSQL database that teams share
//! ([`PostgresStore`], `--store postgres://…`). [`open_store`] opens either from a
//! [`StoreLocation`].
//!
//! The store keeps definitions as the YAML text it is given: encrypting `fn::secret`
//! plaintexts before a commit is the language core's job, done with the store key this
//! module exposes ([`SqliteStore::key`], which implements
//! [`Encrypter`](escrot_esc::provider::Encrypter) and
//! [`Decrypter`](escrot_esc::provider::Decrypter)). The store's own encryption covers the
//! rotation journal's payloads, which hold new credentials while a rotation is in flight.
//!
//! Writes are transactions; a commit succeeds only if the revision it started from is still
//! the latest ([`StoreError::Conflict`] otherwise), so two concurrent rotations never both
//! win.

mod copy;
pub mod envelope;
mod error;
mod id;
mod journal;
mod key;
mod location;
pub mod lock;
mod model;
mod name;
mod postgres;
mod schedule;
mod schema;
mod signing_key;
mod sqlite;
mod store;
mod time;
mod webhook;

pub use copy::EnvironmentRecord;
pub use envelope::{KeyChange, KeyStatus, KeyWrapper, Reencrypted, WrappedKey};
pub use error::{KeyError, StoreError};
pub use id::{AttemptId, JournalId};
pub use journal::{JournalEntry, JournalStep, RotationLogEntry, RotationResult};
pub use key::{KEY_ENV_VAR, KEY_LEN, KeySource, NONCE_LEN, StoreKey, TAG_LEN};
pub use location::{STORE_ENV_VAR, StoreLocation};
pub use model::{EnvSummary, Revision, RevisionKind, RevisionMeta, Tag};
pub use name::{DEFAULT_ORG, EnvName, EnvRef, LATEST_TAG, MAX_SEGMENT_LEN, NameError, Version, validate_tag};
pub use postgres::{PostgresLocation, PostgresStore, SslMode};
pub use schedule::{
    Claim, LastRun, Lease, RunFinish, ScheduleChange, ScheduleDue, ScheduleId, ScheduleRecord, ScheduleRun,
    ScheduleRunResult, ScheduleSpec,
};
pub use schema::SCHEMA_VERSION;
pub use signing_key::{CurrentSigningKey, NewSigningKey, SigningKeyCopy, SigningKeyRecord, SigningKeyState};
pub use sqlite::{BUSY_TIMEOUT, CLAIM_SQL, SqliteStore};
pub use store::{JournalChange, JournalSync, JournalWrite, LockRequest, RotationLock, Store};
pub use time::{format_timestamp, now_rfc3339};
pub use webhook::{
    ClaimedDelivery, DeliveryId, DeliveryOutcome, DeliveryRecord, DeliveryStatus, NewDelivery, NewWebhook,
    WebhookExport, WebhookFilter, WebhookId, WebhookRecord, WebhookScope,
};

/// Opens (creating or migrating if needed) the store at `location`, whichever its backend.
pub fn open_store(location: &StoreLocation, key_source: &KeySource) -> Result<Box<dyn Store>, StoreError> {
    open_store_with_wrapper(location, key_source, None)
}

/// [`open_store`], unwrapping a wrapped store key with `wrapper`.
pub fn open_store_with_wrapper(
    location: &StoreLocation,
    key_source: &KeySource,
    wrapper: Option<&dyn KeyWrapper>,
) -> Result<Box<dyn Store>, StoreError> {
    Ok(match location {
        StoreLocation::Sqlite(path) => Box::new(SqliteStore::open_path_with_wrapper(path, key_source, wrapper)?),
        StoreLocation::Postgres(pg) => Box::new(PostgresStore::open_with_wrapper(pg, key_source, wrapper)?),
    })
}

/// Opens the existing store at `location` read-only, whichever its backend.
pub fn open_store_read_only(location: &StoreLocation, key_source: &KeySource) -> Result<Box<dyn Store>, StoreError> {
    open_store_read_only_with_wrapper(location, key_source, None)
}

/// [`open_store_read_only`], unwrapping a wrapped store key with `wrapper`.
pub fn open_store_read_only_with_wrapper(
    location: &StoreLocation,
    key_source: &KeySource,
    wrapper: Option<&dyn KeyWrapper>,
) -> Result<Box<dyn Store>, StoreError> {
    Ok(match location {
        StoreLocation::Sqlite(path) => {
            Box::new(SqliteStore::open_path_read_only_with_wrapper(path, key_source, wrapper)?)
        }
        StoreLocation::Postgres(pg) => Box::new(PostgresStore::open_read_only_with_wrapper(pg, key_source, wrapper)?),
    })
}
