//! `escrot store …`: commands about the store itself rather than its environments —
//! `store migrate` (bring a store's schema up to date) and `store copy` (move every
//! environment with its history to another store, e.g. from SQLite to PostgreSQL) and
//! `store key` (the store key wrapped with AWS KMS, rotated).

pub mod copy;
pub mod key;
pub mod migrate;

use clap::{Args, Subcommand};

use crate::{CliResult, Ui};

/// Manage the store itself: migrate its schema, copy it to another store, its key
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot --store postgres://escrot@db.example.com/escrot store migrate\n  \
                        escrot store copy --from sqlite:escrot.db --to postgres://escrot@db.example.com/escrot")]
pub struct StoreArgs {
    #[command(subcommand)]
    pub command: StoreCommand,
}

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    Migrate(migrate::MigrateArgs),
    Copy(copy::CopyArgs),
    Key(crate::args::StoreKeyArgs),
}

pub fn run(ui: &Ui, args: StoreArgs) -> CliResult {
    match args.command {
        StoreCommand::Migrate(args) => migrate::run(ui, args),
        StoreCommand::Copy(args) => copy::run(ui, args),
        StoreCommand::Key(args) => key::run(ui, args),
    }
}
