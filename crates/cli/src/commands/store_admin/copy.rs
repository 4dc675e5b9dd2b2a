//! `escrot store copy --from URL --to URL`: every environment of one store, with its full
//! history (revision numbers, authors, times and kinds), tags, rotation log, schedules (and
//! their run history), webhooks (not their deliveries), deleted environments and the signing keys (`escrot jwks`), into another, empty store — so a team can start on SQLite and move to
//! PostgreSQL (or back).
//!
//! Definitions keep their `fn::secret` ciphertexts, so the destination gets the source's
//! store key: a new store is initialised with it (an SQLite destination also gets it as its
//! key file, unless the source's key is wrapped with KMS: the copy then gets the source's
//! key envelope instead), and a destination already initialised with another key is refused. Refused
//! too: a source with unfinished rotations (their journal holds credentials that exist
//! nowhere else, bound to the source), and a destination that holds environments.

use clap::Args;

use crate::workspace::store_error;
use crate::{CliError, CliResult, EXIT_OK, Ui};
use escrot_store::envelope::copy_envelope;
use escrot_store::{KeyError, KeySource, PostgresStore, SqliteStore, Store, StoreError, StoreKey, StoreLocation};

/// Copy every environment, with its history, to another store
///
/// Reads every environment of the store --from (deleted ones too: their history is kept for
/// audit) with all its revisions (numbers, authors, times and kinds), tags, rotation log and
/// rotation schedules (with their run history, not their leases), and the webhooks (with
/// their secrets, not their deliveries), and writes them into the
/// store --to, in one transaction; then the signing keys of fn::rotate::external requests
/// (`escrot jwks`), so adapters trusting the source trust the copy. The destination must hold no
/// environment; it is created (SQLite) or migrated (PostgreSQL) if needed.
///
/// Secrets stay encrypted: the destination gets the source's store key (ESCROT_KEY, or the
/// key file beside an SQLite source). A new destination is initialised with it, an SQLite
/// destination gets it as its key file too; a destination already initialised with another
/// key is refused. Runners of a PostgreSQL destination then need that key in ESCROT_KEY —
/// unless the source's key is wrapped with AWS KMS (`escrot store key wrap`): the copy is
/// then wrapped the same way (with the data keys it retired), and gets no key file.
///
/// Refused while any rotation is unfinished in the source (finish it with `escrot rotate`
/// first): its journal holds credentials that exist nowhere else.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot store copy --from sqlite:$HOME/.local/share/escrot/escrot.db \\\n    \
                        --to postgres://escrot@db.example.com:5432/escrot?sslmode=verify-full\n  \
                        ESCROT_KEY=... escrot store copy --from postgres://escrot@db/escrot --to sqlite:backup.db")]
pub struct CopyArgs {
    /// The store to copy: `sqlite:PATH` or `postgres://USER@HOST:PORT/DATABASE`
    #[arg(long, value_name = "URL")]
    pub from: String,

    /// The store to copy into (empty, or not created yet)
    #[arg(long, value_name = "URL")]
    pub to: String,
}

pub fn run(ui: &Ui, args: CopyArgs) -> CliResult {
    let from = StoreLocation::parse(&args.from).map_err(store_error)?;
    let to = StoreLocation::parse(&args.to).map_err(store_error)?;
    if from == to {
        return Err(CliError::invalid(format!("--from and --to are the same store ({from})")));
    }
    let source = open_source(&from)?;
    let pending = source.journal_pending_all().map_err(store_error)?;
    if !pending.is_empty() {
        let mut envs: Vec<String> = pending.iter().map(|e| e.env.to_string()).collect();
        envs.dedup();
        return Err(CliError::invalid(format!(
            "the source store {from} has {} unfinished rotation step(s) in its journal ({}); finish them first (run \
             `escrot rotate NAME` again), then copy: their credentials exist only in the source's journal",
            pending.len(),
            envs.join(", ")
        )));
    }
    let key = source.key();
    let environments = source.export_environments().map_err(store_error)?;
    let signing_keys = source.export_signing_keys().map_err(store_error)?;
    let mut destination = open_destination(&to, &key)?;
    refuse_signing_keys(&*destination)?;
    destination.import_environments(&environments).map_err(store_error)?;
    // Webhooks keep their sealed secrets: the copy holds the same data key. Their
    // deliveries are history of the source and stay there.
    let webhooks = source.export_webhooks().map_err(store_error)?;
    destination.import_webhooks(&webhooks).map_err(store_error)?;
    // The copy signs fn::rotate::external requests with the source's key, so adapters that
    // trust the source's JWKS trust the copy.
    destination.import_signing_keys(&signing_keys).map_err(store_error)?;
    // A KMS-wrapped source stays wrapped (and its history readable): the copy gets its
    // envelope, and no key file holding the data key is written.
    match copy_envelope(&*source, &*destination).map_err(store_error)? {
        Some(envelope) => {
            destination.commit_key_change(&envelope, &crate::workspace::author()).map_err(store_error)?;
        }
        None => {
            if let StoreLocation::Sqlite(path) = &to {
                keep_key_beside(path, &key)?;
            }
        }
    }
    let revisions: usize = environments.iter().map(|e| e.revisions.len()).sum();
    let deleted = environments.iter().filter(|e| e.deleted_at.is_some()).count();
    ui.summary(format_args!(
        "Copied {} environment(s) ({deleted} deleted), {revisions} revision(s), {} tag(s), {} rotation log \
         entries and {} schedule(s) from {from} to {to}.",
        environments.len(),
        environments.iter().map(|e| e.tags.len()).sum::<usize>(),
        environments.iter().map(|e| e.rotation_log.len()).sum::<usize>(),
        environments.iter().map(|e| e.schedules.len()).sum::<usize>(),
    ))?;
    if !webhooks.is_empty() {
        ui.summary(format_args!("Copied {} webhook(s), without their deliveries.", webhooks.len()))?;
    }
    if !signing_keys.is_empty() {
        ui.summary(format_args!("Copied {} signing key(s) (`escrot jwks`).", signing_keys.len()))?;
    }
    Ok(EXIT_OK)
}

/// A destination holding signing keys already is refused before anything is written (the
/// import refuses it too, in its transaction, but after the environments).
fn refuse_signing_keys(destination: &dyn Store) -> Result<(), CliError> {
    let count = destination.list_signing_keys().map_err(store_error)?.len();
    if count == 0 {
        return Ok(());
    }
    Err(store_error(StoreError::DestinationHasSigningKeys { store: destination.describe(), count: count as u64 }))
}

/// The source, read-only, with its own key (`ESCROT_KEY`, its KMS-wrapped key, or the key
/// file beside it).
fn open_source(from: &StoreLocation) -> Result<Box<dyn Store>, CliError> {
    if let StoreLocation::Sqlite(path) = from
        && !path.exists()
    {
        return Err(CliError::invalid(format!("there is no store at {} to copy", path.display())));
    }
    let wrapper = escrot_rotation::aws::kms::KmsKeyWrapper::default();
    escrot_store::open_store_read_only_with_wrapper(from, &KeySource::from_env(), Some(&wrapper)).map_err(store_error)
}

/// The destination, opened with the source's key.
fn open_destination(to: &StoreLocation, key: &StoreKey) -> Result<Box<dyn Store>, CliError> {
    if let StoreLocation::Sqlite(path) = to
        && let Some(theirs) = key_file_key(path)?
        && theirs.to_base64() != key.to_base64()
    {
        return Err(other_key(to));
    }
    let keys = KeySource::Base64(key.to_base64());
    let opened: Result<Box<dyn Store>, StoreError> = match to {
        StoreLocation::Sqlite(path) => SqliteStore::open_path(path, &keys).map(|s| Box::new(s) as Box<dyn Store>),
        StoreLocation::Postgres(pg) => PostgresStore::open(pg, &keys).map(|s| Box::new(s) as Box<dyn Store>),
    };
    opened.map_err(|e| match e {
        StoreError::Key(KeyError::Mismatch { .. }) => other_key(to),
        e => store_error(e),
    })
}

fn other_key(to: &StoreLocation) -> CliError {
    CliError::invalid(format!(
        "the destination store {to} was initialised with another store key than the source's: its ciphertexts and the \
         source's could not both be read; copy into a new store (or one initialised with the source's key)"
    ))
}

/// The key in the key file beside an SQLite database, if there is one.
fn key_file_key(db: &std::path::Path) -> Result<Option<StoreKey>, CliError> {
    match StoreKey::read_file(&db.with_extension("key")) {
        Ok(key) => Ok(Some(key)),
        Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(store_error(e)),
    }
}

/// Gives an SQLite destination its key file (the source's key), so that it opens as any
/// SQLite store does, without ESCROT_KEY.
fn keep_key_beside(db: &std::path::Path, key: &StoreKey) -> Result<(), CliError> {
    let path = db.with_extension("key");
    if path.exists() {
        return Ok(());
    }
    let written = key.write_new_file(&path).map_err(store_error)?;
    if written.to_base64() != key.to_base64() {
        return Err(CliError::failed(format!(
            "another process created the key file {} meanwhile, with another key",
            path.display()
        )));
    }
    Ok(())
}
