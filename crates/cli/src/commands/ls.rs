//! `escrot ls`: the environments of the store, one `org/project/env` per line, like
//! `esc env ls`.

use std::io::Write;

use crate::args::LsArgs;
use crate::commands::store;
use crate::workspace::store_error;
use crate::{CliResult, EXIT_OK, Ui};

pub fn run(ui: &Ui, args: LsArgs) -> CliResult {
    let LsArgs {} = args;
    // `--org` (or ESCROT_ORG) narrows the list; without it, every organization is listed.
    let envs = match store::open_to_read_if_any(ui)? {
        None => Vec::new(),
        Some(ws) => ws.lock().list_environments(ui.org.as_deref()).map_err(store_error)?,
    };
    let mut names: Vec<String> = envs.iter().map(|e| e.name.to_string()).collect();
    names.sort();
    let mut out = ui.stdout();
    for name in &names {
        writeln!(out, "{name}")?;
    }
    out.flush()?;
    drop(out);
    if names.is_empty() && !ui.quiet {
        let _ = writeln!(ui.stderr(), "No environments yet; create one with `escrot init ORG/PROJECT/ENV`.");
    }
    Ok(EXIT_OK)
}
