//! `escrot store …`: administering the store itself, one file per subcommand group.

pub mod key;

use crate::args::{StoreArgs, StoreCommand};
use crate::{CliResult, Ui};

pub fn run(ui: &Ui, args: StoreArgs) -> CliResult {
    match args.command {
        StoreCommand::Key(args) => key::run(ui, args),
    }
}
