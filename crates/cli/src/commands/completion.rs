//! `escrot completion SHELL`: print a shell completion script.

use crate::args::CompletionArgs;
use crate::{CliResult, EXIT_OK, Ui, generate};

pub fn run(ui: &Ui, args: CompletionArgs) -> CliResult {
    let script = generate::completion_script(args.shell);
    use std::io::Write;
    // Completion scripts are data: never colored.
    let _ = ui;
    std::io::stdout().lock().write_all(&script)?;
    Ok(EXIT_OK)
}
