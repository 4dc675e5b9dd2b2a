//! `escrot webhook ls [NAME] [--output table|json]`.

use std::io::Write;

use escrot_store::{WebhookFilter, WebhookScope};

use super::{json, scope};
use crate::args::{ListOutput, WebhookLsArgs};
use crate::commands::store;
use crate::output::table;
use crate::{CliResult, EXIT_OK, Ui};

pub fn run(ui: &Ui, args: WebhookLsArgs) -> CliResult {
    let ws = store::open_to_read(ui)?;
    let scope = args.name.as_deref().map(|n| scope(&ws, n)).transpose()?;
    let filter = match &scope {
        Some(WebhookScope::Environment(env)) => WebhookFilter::AppliesTo(env),
        Some(scope) => WebhookFilter::Scope(scope),
        None => WebhookFilter::All(ui.org.as_deref()),
    };
    let records = ws.lock().list_webhooks(filter).map_err(store::read_error)?;
    let mut out = ui.stdout();
    match args.output {
        ListOutput::Json => {
            let items: Vec<serde_json::Value> = records.iter().map(json).collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&items).unwrap_or_default())?;
        }
        ListOutput::Table if records.is_empty() => {
            if !ui.quiet {
                let which = scope.map(|s| format!(" for '{s}'")).unwrap_or_default();
                writeln!(ui.stderr(), "There are no webhooks{which}: `escrot webhook new` creates one.")?;
            }
        }
        ListOutput::Table => {
            let rows: Vec<Vec<String>> = records
                .iter()
                .map(|r| {
                    vec![
                        r.scope.to_string(),
                        r.id.to_string(),
                        r.url.clone(),
                        r.format.clone(),
                        r.events.join(","),
                        r.created_at.clone(),
                    ]
                })
                .collect();
            let header = ["SCOPE", "ID", "URL", "FORMAT", "EVENTS", "CREATED (UTC)"];
            write!(out, "{}", table::render(&header, &rows))?;
        }
    }
    Ok(EXIT_OK)
}
