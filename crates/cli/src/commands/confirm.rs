//! Asking before a removal (`rm`, `schedule rm`, `webhook rm`): on a terminal, the user
//! types the answer; anywhere else (a script, CI) the command refuses and says which
//! `--yes` run does it, rather than wait on an input nobody will give.

use std::io::{BufRead, IsTerminal, Write};

use crate::{CliError, Ui};

/// What a removal asks.
pub struct Confirmation<'a> {
    /// What is removed, for the refusal: `webhook '1' of 'acme/*'`.
    pub what: &'a str,
    /// The command that removes it without asking.
    pub rerun: &'a str,
    /// The question, shown on stderr.
    pub prompt: &'a str,
    /// What the user must type (surrounding blanks ignored).
    pub answer: &'a str,
    /// Why nothing happened when they typed something else: `the webhook was not removed`.
    pub declined: &'a str,
}

/// Asks, and succeeds only when the user typed the answer.
pub fn confirm(ui: &Ui, c: &Confirmation<'_>) -> Result<(), CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::invalid(format!("removing {} needs confirmation: run `{}`", c.what, c.rerun)));
    }
    let _ = write!(ui.stderr(), "{}", c.prompt);
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    if answer.trim() != c.answer {
        return Err(CliError::failed(format!("confirmation declined; {}", c.declined)));
    }
    Ok(())
}
