//! `escrot rotation history NAME`: the rotation log, one line per path of each attempt,
//! newest first.

use std::io::Write;

use crate::args::{ListOutput, RotationArgs, RotationCommand, RotationHistoryArgs};
use crate::commands::store;
use crate::output::duration::duration;
use crate::output::table;
use crate::{CliResult, EXIT_OK, Ui};

/// How many characters of an attempt id the table shows (like a short git hash).
const SHORT_ATTEMPT: usize = 8;

pub fn run(ui: &Ui, args: RotationArgs) -> CliResult {
    match args.command {
        RotationCommand::History(args) => history(ui, args),
    }
}

fn history(ui: &Ui, args: RotationHistoryArgs) -> CliResult {
    let ws = store::open_to_read(ui)?;
    let name = ws.name(&args.name)?;
    let log = ws.lock().rotation_log(&name).map_err(store::read_error)?;
    let text = match args.output {
        ListOutput::Json => {
            let items: Vec<serde_json::Value> = log
                .iter()
                .map(|e| {
                    serde_json::json!({
                        "started": e.started_at,
                        "attempt": e.attempt.0,
                        "path": e.path,
                        "rotator": e.rotator,
                        "result": e.result.as_str(),
                        "durationMs": e.duration_ms,
                        "error": e.error,
                        "revisionBefore": e.revision_before,
                        "revisionAfter": e.revision_after,
                    })
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&items).unwrap_or_default();
            s.push('\n');
            s
        }
        ListOutput::Table => {
            if log.is_empty() {
                if !ui.quiet {
                    let _ = writeln!(ui.stderr(), "Environment '{name}' has not been rotated yet.");
                }
                return Ok(EXIT_OK);
            }
            let rows: Vec<Vec<String>> = log
                .iter()
                .map(|e| {
                    vec![
                        e.started_at.clone(),
                        e.attempt.0.chars().take(SHORT_ATTEMPT).collect(),
                        e.path.clone(),
                        e.rotator.clone(),
                        e.result.to_string(),
                        duration(e.duration_ms),
                        e.error.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            table::render(&["STARTED (UTC)", "ATTEMPT", "PATH", "ROTATOR", "RESULT", "DURATION", "ERROR"], &rows)
        }
    };
    let mut out = ui.stdout();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(EXIT_OK)
}
