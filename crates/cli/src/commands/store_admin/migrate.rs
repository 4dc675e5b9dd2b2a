//! `escrot store migrate`: applies the schema migrations the store (`--store`) is missing
//! and prints its schema version. Every command does this on first use; this is for doing
//! it ahead of time (a deployment step, a database owner who is not a runner). A
//! PostgreSQL store needs no store key for it; an SQLite store is created (with its key
//! file) as any first use would.

use std::io::Write;

use clap::Args;

use crate::workspace::{Workspace, store_error};
use crate::{CliResult, EXIT_OK, Ui};
use escrot_store::{PostgresStore, SCHEMA_VERSION, StoreLocation};

/// Apply the store's schema migrations and print its schema version
///
/// Brings the store named by --store (or ESCROT_STORE) to the schema this escrot uses and
/// prints its schema version (with --quiet, the number alone). Any command does the same on first use;
/// run this to do it ahead of time. Concurrent migrations take turns; a store written by a
/// newer escrot is refused (exit 2). A PostgreSQL store needs no store key for it.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot --store postgres://escrot@db.example.com:5432/escrot store migrate\n  \
                        ESCROT_STORE=sqlite:/var/lib/escrot/escrot.db escrot store migrate")]
pub struct MigrateArgs {}

pub fn run(ui: &Ui, args: MigrateArgs) -> CliResult {
    let MigrateArgs {} = args;
    let location = StoreLocation::resolve(ui.store.as_deref()).map_err(store_error)?;
    let version = match &location {
        StoreLocation::Postgres(pg) => PostgresStore::migrate(pg).map_err(store_error)?,
        StoreLocation::Sqlite(_) => {
            Workspace::open_at(&location, ui.org.as_deref()).map_err(store_error)?;
            SCHEMA_VERSION
        }
    };
    // `--quiet` prints the number alone, for scripts.
    if ui.quiet {
        writeln!(ui.stdout(), "{version}")?;
    }
    ui.summary(format_args!("The store {location} is at schema version {version}."))?;
    Ok(EXIT_OK)
}
