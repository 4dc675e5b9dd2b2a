//! `escrot schedule history NAME [ID] [--output table|json] [--count N] [--utc]`: every
//! scheduled run, newest first, missed occurrences included.

use std::io::Write;

use escrot_store::ScheduleId;

use crate::args::{ListOutput, ScheduleHistoryArgs};
use crate::commands::store;
use crate::output::duration::duration;
use crate::output::table;
use crate::{CliResult, EXIT_OK, Ui};

/// How many characters of an attempt id the table shows (as `rotation history` does).
const SHORT_ATTEMPT: usize = 8;

pub fn run(ui: &Ui, args: ScheduleHistoryArgs) -> CliResult {
    let ws = store::open_to_read(ui)?;
    let env = ws.name(&args.name)?;
    let mut runs = ws.lock().schedule_history(&env, args.id.map(ScheduleId)).map_err(store::read_error)?;
    args.esc.limit(&mut runs);
    let mut out = ui.stdout();
    match args.output {
        ListOutput::Json => {
            let items: Vec<serde_json::Value> = runs
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "schedule": r.schedule.0,
                        "started": r.started_at,
                        "occurrence": r.occurrence_at,
                        "result": r.result.as_str(),
                        "revision": r.revision,
                        "attempt": r.attempt.as_ref().map(|a| &a.0),
                        "durationMs": r.duration_ms,
                        "error": r.error,
                        "runner": r.runner,
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&items).unwrap_or_default())?;
        }
        ListOutput::Table if runs.is_empty() => {
            if !ui.quiet {
                writeln!(ui.stderr(), "No scheduled run of environment '{env}' yet.")?;
            }
        }
        ListOutput::Table => {
            let rows: Vec<Vec<String>> = runs
                .iter()
                .map(|r| {
                    vec![
                        r.started_at.clone(),
                        r.schedule.to_string(),
                        r.occurrence_at.clone(),
                        r.result.to_string(),
                        r.revision.map(|n| n.to_string()).unwrap_or_default(),
                        r.attempt.as_ref().map(|a| a.0.chars().take(SHORT_ATTEMPT).collect()).unwrap_or_default(),
                        duration(r.duration_ms),
                        r.error.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            let header =
                ["STARTED (UTC)", "SCHEDULE", "OCCURRENCE (UTC)", "RESULT", "REVISION", "ATTEMPT", "DURATION", "ERROR"];
            write!(out, "{}", table::render(&header, &rows))?;
        }
    }
    Ok(EXIT_OK)
}
