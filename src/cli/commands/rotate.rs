//! `escrot rotate`: rotations through the rotation engine.

use crate::cli::args::RotateArgs;
use crate::cli::{CliError, CliResult, Ui};

pub fn run(ui: &Ui, args: RotateArgs) -> CliResult {
    let _ = (ui, args);
    Err(CliError::invalid("rotate is not implemented yet"))
}
