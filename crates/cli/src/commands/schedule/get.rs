//! `escrot schedule get NAME ID [--output text|json]`: one schedule, field by field, or as
//! the JSON object `schedule ls --output json` lists.

use std::io::Write;

use super::{describe, json, next_text, paths_text, record};
use crate::args::{RecordOutput, ScheduleGetArgs};
use crate::commands::store;
use crate::{CliResult, EXIT_OK, Ui};

pub fn run(ui: &Ui, args: ScheduleGetArgs) -> CliResult {
    let ws = store::open_to_read(ui)?;
    let env = ws.name(&args.schedule.name)?;
    let r = record(&ws, &env, args.schedule.id)?;
    if args.output == RecordOutput::Json {
        writeln!(ui.stdout(), "{}", serde_json::to_string_pretty(&json(&r)).unwrap_or_default())?;
        return Ok(EXIT_OK);
    }
    let last = r.last_run.as_ref();
    let fields = [
        ("ID", r.id.to_string()),
        ("Environment", r.env.to_string()),
        ("Paths", paths_text(&r.paths)),
        ("Schedule", describe(&r)),
        ("Paused", if r.paused { "yes" } else { "no" }.to_owned()),
        ("Next due (UTC)", next_text(&r)),
        ("Last run (UTC)", last.map(|l| l.at.clone()).unwrap_or_else(|| "never".to_owned())),
        ("Last result", last.map(|l| l.result.to_string()).unwrap_or_default()),
        ("Last revision", last.and_then(|l| l.revision).map(|n| n.to_string()).unwrap_or_default()),
        ("Last attempt", last.and_then(|l| l.attempt.as_ref()).map(|a| a.0.clone()).unwrap_or_default()),
        ("Consecutive failures", r.consecutive_failures.to_string()),
        ("Created (UTC)", r.created_at.clone()),
        ("Modified (UTC)", r.modified_at.clone()),
    ];
    let width = fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut out = ui.stdout();
    for (k, v) in fields.iter().filter(|(_, v)| !v.is_empty()) {
        writeln!(out, "{k:<width$}  {v}")?;
    }
    Ok(EXIT_OK)
}
