//! `escrot jwks …`: the key escrot signs `fn::rotate::external` requests with
//! (`escrot_rotation::signing`), one file per subcommand; bare `escrot jwks` prints the
//! public JWKS (`show.rs`).

mod drop;
mod ls;
mod rotate;
mod show;

use escrot_rotation::signing::StoredKeyError;

use crate::args::{JwksArgs, JwksCommand};
use crate::workspace::store_error;
use crate::{CliError, CliResult, Ui};

pub fn run(ui: &Ui, args: JwksArgs) -> CliResult {
    match args.command {
        None => show::run(ui),
        Some(JwksCommand::Ls(args)) => ls::run(ui, args),
        Some(JwksCommand::Rotate(_)) => rotate::run(ui),
        Some(JwksCommand::Drop(args)) => drop::run(ui, args),
    }
}

/// The store's errors as every command words them; a key that cannot be made or read is a
/// failed operation (exit 1).
fn key_error(e: StoredKeyError) -> CliError {
    match e {
        StoredKeyError::Store(e) => store_error(e),
        e => CliError::failed(e.to_string()),
    }
}
