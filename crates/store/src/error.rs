//! The store's errors. Every message says what happened and, where there is something to
//! do, what to do; none contains a secret (no key material, no payload, no YAML).
//!
//! The bottom of the crate: errors name environments ([`name`](super::name)) and journal
//! entries ([`id`](super::id)), and every other module returns them, never the reverse.

use std::path::PathBuf;

use super::id::{JournalId, ScheduleId};
use super::name::{EnvName, NameError};

/// Anything the store can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    InvalidName(#[from] NameError),

    #[error("invalid store location '{location}': {reason}")]
    InvalidLocation { location: String, reason: String },

    #[error("environment '{0}' does not exist")]
    EnvironmentNotFound(EnvName),

    #[error("environment '{env}' has no revision {revision} (its latest revision is {latest})")]
    RevisionNotFound { env: EnvName, revision: u64, latest: u64 },

    #[error("environment '{env}' has no tag '{tag}'")]
    TagNotFound { env: EnvName, tag: String },

    #[error("rotation journal entry {0} does not exist or belongs to another environment")]
    JournalEntryNotFound(JournalId),

    #[error("rotation journal entry {0} is already finished")]
    JournalEntryFinished(JournalId),

    #[error("environment '{env}' has no schedule {id}")]
    ScheduleNotFound { env: EnvName, id: ScheduleId },

    #[error("{scope} has no webhook {id}")]
    WebhookNotFound { scope: String, id: i64 },

    #[error("environment '{0}' already exists")]
    AlreadyExists(EnvName),

    /// Optimistic concurrency: someone committed a revision since the caller read
    /// `expected`. The caller should start over from the latest revision.
    #[error(
        "environment '{env}' changed while this operation ran: it started from revision {expected} but the latest \
         revision is now {actual}; nothing was written, run it again to start from revision {actual}"
    )]
    Conflict { env: EnvName, expected: u64, actual: u64 },

    #[error(
        "environment '{env}' has {count} unfinished rotation step(s) in its journal; finish them first (run \
         `escrot rotate {env}` again) so that no credential is left behind"
    )]
    PendingRotation { env: EnvName, count: u64 },

    /// Another rotation of the same definition held its lock for longer than the caller
    /// would wait.
    /// (`waited` as people write durations: `2s`, `10m`.)
    #[error(
        "gave up waiting for the rotation of {what} held by {holder} after {waited}; nothing was rotated: run it \
         again once that rotation has finished (or wait longer with --lock-timeout)"
    )]
    LockTimeout { what: String, holder: String, waited: String },

    #[error("{0}")]
    Key(#[from] KeyError),

    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },

    #[error("store database error: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error(
        "the store database {path} has schema version {found}, newer than this escrot understands ({supported}); \
         upgrade escrot"
    )]
    SchemaTooNew { path: PathBuf, found: i64, supported: i64 },

    /// A store written by an older escrot, opened by a command that only reads (which
    /// never migrates: it writes nothing).
    #[error(
        "the store database {} has schema version {found}, older than this escrot's ({supported}); commands that \
         only read do not upgrade it: run a command that writes once where the store can be written (e.g. `escrot \
         init ORG/PROJECT/ENV --if-not-exists` on an environment that exists, which changes nothing else)",
        path.display()
    )]
    SchemaTooOld { path: PathBuf, found: i64, supported: i64 },

    #[error(
        "the store database {} is an empty file (0 bytes), not a store: it was truncated or damaged; restore it \
         from a backup (with its key file), or remove it to start a new store",
        path.display()
    )]
    EmptyDatabase { path: PathBuf },

    #[error("{} is not an escrot store (it has no escrot tables)", path.display())]
    NotAStore { path: PathBuf },

    #[error(
        "cannot read the store database {0}: its directory is read-only and its write-ahead log ({0}-wal) holds \
         changes that need the shared-memory file ({0}-shm), which is missing; restore that file, or run an escrot \
         command once where the directory can be written",
        path.display()
    )]
    Unreadable { path: PathBuf },

    /// The sidecar journal of a file rotated with `rotate --file` cannot be read.
    #[error(
        "the rotation journal {} cannot be read: {reason}; it records a rotation that did not finish, so keep it \
         (with the store key it was written with) until a `rotate --file` of its file finishes it",
        path.display()
    )]
    JournalFile { path: PathBuf, reason: String },

    /// Another key change was committed since this process read the store: a key change
    /// computed from the old key, or a write with a data key that is now retired.
    #[error(
        "the store key changed while this command ran (an `escrot store key` command finished first); nothing was \
         written: run it again"
    )]
    KeyChanged,

    /// `escrot store key rotate` while a rotation is in flight: its journal payloads are
    /// encrypted with the data key that would be replaced.
    #[error(
        "the store has {count} unfinished rotation step(s) in its journal (environments: {envs}); finish them first \
         (run `escrot rotate NAME` again for each) so that no credential in flight is left under the old data key; \
         nothing was changed"
    )]
    PendingKeyChange { count: u64, envs: String },

    /// An error of the PostgreSQL server or of the connection to it (its password removed).
    #[error("store database error ({store}): {message}")]
    Postgres { store: String, message: String },

    #[error(
        "the store {store} has schema version {found}, newer than this escrot understands ({supported}); upgrade escrot"
    )]
    StoreSchemaTooNew { store: String, found: i64, supported: i64 },

    #[error(
        "the store {store} has schema version {found}, older than this escrot's ({supported}); run `escrot store \
         migrate` to bring it up to date"
    )]
    StoreSchemaTooOld { store: String, found: i64, supported: i64 },

    #[error(
        "there is no escrot store in {store} yet (the database has no escrot tables); create it with `escrot store \
         migrate` or `escrot init ORG/PROJECT/ENV`"
    )]
    NoStoreYet { store: String },

    /// `store copy` into a store that already holds environments (live or deleted).
    #[error(
        "the destination store {store} already holds {count} environment(s) (deleted ones count: their history is \
         kept); copy into a new, empty store"
    )]
    DestinationNotEmpty { store: String, count: u64 },

    /// `escrot jwks drop` of a kid the store does not hold.
    #[error("the store has no signing key '{0}' (`escrot jwks ls` lists them)")]
    SigningKeyNotFound(String),

    /// `escrot jwks drop` of the current signing key, which signs every request.
    #[error(
        "signing key '{0}' is the current one, which signs every fn::rotate::external request; rotate first \
         (`escrot jwks rotate`), then drop it once no adapter needs it"
    )]
    SigningKeyIsCurrent(String),

    /// `store copy` into a store that already holds signing keys.
    #[error(
        "the destination store {store} already holds {count} signing key(s) (`escrot jwks ls`); copy into a new, \
         empty store"
    )]
    DestinationHasSigningKeys { store: String, count: u64 },

    /// Data in the database that this version cannot read (an unknown enum value, an
    /// out-of-range number): a sign of a newer writer or of tampering.
    #[error("the store database holds unexpected data: {0}")]
    Corrupt(String),
}

impl StoreError {
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        StoreError::Io { context: context.into(), source }
    }
}

/// Problems with the store key: where it comes from, its file's permissions, and decryption.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "the store key file {path} can be read by other users (mode {mode:04o}); it must be 0600: run `chmod 600 {}`",
        path.display()
    )]
    LoosePermissions { path: PathBuf, mode: u32 },

    #[error("the store key file {} is not a regular file", path.display())]
    NotAFile { path: PathBuf },

    #[error(
        "the store key file {} is missing, but the store already holds data encrypted with a key: restore the key \
         file or set ESCROT_KEY to the store's key (a new key would not decrypt anything in it)",
        path.display()
    )]
    Missing { path: PathBuf },

    #[error("the store key from {origin} is invalid: {reason}; a key is 32 random bytes in standard base64")]
    Invalid { origin: String, reason: String },

    #[error(
        "the store key from {origin} does not match the key this store was created with; use the store's key file \
         or set ESCROT_KEY to the store's key"
    )]
    Mismatch { origin: String },

    /// A PostgreSQL store has no key file beside it: its key comes from `ESCROT_KEY`.
    #[error(
        "the PostgreSQL store {store} needs its store key in ESCROT_KEY (there is no key file beside a database \
         server); for a new store, generate one with `openssl rand -base64 32`, keep it safe, and give the same key \
         to every runner (or wrap it with AWS KMS, `escrot store key wrap --kms ARN`, so that runners need none)"
    )]
    Required { store: String },

    #[error(
        "the store key from {origin} does not match this store's key, which is wrapped with KMS key {key_id}: unset \
         {origin} to open the store through KMS (it may be a key the store has retired)"
    )]
    MismatchWrapped { origin: String, key_id: String },

    /// The store's data key is wrapped, and this program was given no way to unwrap it.
    #[error("the store key is wrapped with {provider} key {key_id}, and no {provider} client was given to unwrap it")]
    NoWrapper { provider: String, key_id: String },

    /// The key wrapper (KMS) refused or failed; `reason` is its own message.
    #[error("cannot {action} the store key with KMS key {key_id}: {reason}")]
    Wrapper { action: &'static str, key_id: String, reason: String },

    #[error(
        "the store key is not wrapped with KMS (it is in {origin}); wrap it first: `escrot store key wrap --kms ARN`"
    )]
    NotWrapped { origin: String },

    #[error(
        "the store key is already wrapped with KMS key {key_id}; to wrap it with another key run `escrot store key \
         rotate --kms ARN`"
    )]
    AlreadyWrapped { key_id: String },

    #[error("the store's wrapped key is damaged: {0}")]
    DamagedWrap(String),

    #[error(
        "cannot decrypt: the store key does not match the key this secret was encrypted with, or the data is corrupted"
    )]
    Decrypt,

    #[error("cannot encrypt: {0}")]
    Encrypt(String),

    #[error("the operating system's random number generator failed: {0}")]
    Random(String),
}

/// The server's own message when there is one (`permission denied for table revisions`,
/// with its SQLSTATE), else the driver's error and its causes. The worker names the store
/// and removes the password (see `postgres/worker.rs`).
impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> StoreError {
        let message = match e.as_db_error() {
            Some(db) => format!("{} (SQLSTATE {})", db.message(), db.code().code()),
            None => {
                let mut out = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    let text = s.to_string();
                    if !out.contains(&text) {
                        out.push_str(": ");
                        out.push_str(&text);
                    }
                    source = s.source();
                }
                out
            }
        };
        StoreError::Postgres { store: String::new(), message }
    }
}
