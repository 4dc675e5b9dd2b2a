//! `escrot schedule ls [NAME] [--output table|json] [--count N] [--utc]`.

use std::io::Write;

use super::{describe, json, next_text, paths_text};
use crate::args::{ListOutput, ScheduleLsArgs};
use crate::commands::store;
use crate::output::table;
use crate::{CliResult, EXIT_OK, Ui};

pub fn run(ui: &Ui, args: ScheduleLsArgs) -> CliResult {
    let ws = store::open_to_read(ui)?;
    let env = args.name.as_deref().map(|n| ws.name(n)).transpose()?;
    let org = if env.is_none() { ui.org.as_deref() } else { None };
    let mut records = ws.lock().list_schedules(env.as_ref(), org).map_err(store::read_error)?;
    args.esc.limit(&mut records);
    let mut out = ui.stdout();
    match args.output {
        ListOutput::Json => {
            let items: Vec<serde_json::Value> = records.iter().map(json).collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&items).unwrap_or_default())?;
        }
        ListOutput::Table if records.is_empty() => {
            if !ui.quiet {
                let which = env.map(|e| format!(" for environment '{e}'")).unwrap_or_default();
                writeln!(ui.stderr(), "There are no schedules{which}: `escrot schedule new` creates one.")?;
            }
        }
        ListOutput::Table => {
            let rows: Vec<Vec<String>> = records
                .iter()
                .map(|r| {
                    let last = r.last_run.as_ref();
                    vec![
                        r.env.to_string(),
                        r.id.to_string(),
                        paths_text(&r.paths),
                        describe(r),
                        next_text(r),
                        last.map(|l| l.at.clone()).unwrap_or_default(),
                        last.map(|l| l.result.to_string()).unwrap_or_default(),
                        r.consecutive_failures.to_string(),
                    ]
                })
                .collect();
            let header =
                ["ENVIRONMENT", "ID", "PATHS", "SCHEDULE", "NEXT DUE (UTC)", "LAST RUN (UTC)", "RESULT", "FAILURES"];
            write!(out, "{}", table::render(&header, &rows))?;
        }
    }
    Ok(EXIT_OK)
}
