//! `escrot webhook deliveries NAME ID [--count N] [--output table|json]`.

use std::io::Write;

use escrot_store::DeliveryRecord;

use super::{open_to_read, record};
use crate::args::{ListOutput, WebhookDeliveriesArgs};
use crate::commands::store;
use crate::output::duration::duration;
use crate::output::table;
use crate::{CliResult, EXIT_OK, Ui};

fn json(d: &DeliveryRecord) -> serde_json::Value {
    serde_json::json!({
        "id": d.id.0,
        "event": d.event,
        "environment": d.environment,
        "attempt": d.attempt,
        "status": d.status.as_str(),
        "statusCode": d.status_code,
        "durationMs": d.duration_ms,
        "tries": d.tries,
        "error": d.error,
        "createdAt": d.created_at,
        "finishedAt": d.finished_at,
        "payload": serde_json::from_str::<serde_json::Value>(&d.payload).unwrap_or(serde_json::Value::Null),
    })
}

pub fn run(ui: &Ui, args: WebhookDeliveriesArgs) -> CliResult {
    let (ws, scope) = open_to_read(ui, &args.webhook.name)?;
    let hook = record(&ws, &scope, args.webhook.id)?;
    let limit = args.esc.count.filter(|n| *n > 0).unwrap_or(usize::MAX);
    let deliveries = ws.lock().list_deliveries(hook.id, limit).map_err(store::read_error)?;
    let mut out = ui.stdout();
    match args.output {
        ListOutput::Json => {
            let items: Vec<serde_json::Value> = deliveries.iter().map(json).collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&items).unwrap_or_default())?;
        }
        ListOutput::Table if deliveries.is_empty() => {
            if !ui.quiet {
                writeln!(ui.stderr(), "Webhook '{}' of '{scope}' has no deliveries yet.", hook.id)?;
            }
        }
        ListOutput::Table => {
            let rows: Vec<Vec<String>> = deliveries
                .iter()
                .map(|d| {
                    vec![
                        d.created_at.clone(),
                        d.id.to_string(),
                        d.event.clone(),
                        d.environment.clone().unwrap_or_default(),
                        d.status.to_string(),
                        d.status_code.map(|c| c.to_string()).unwrap_or_default(),
                        d.duration_ms.map(duration).unwrap_or_default(),
                        d.tries.to_string(),
                        d.error.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            let header = ["TIME (UTC)", "ID", "EVENT", "ENVIRONMENT", "STATUS", "HTTP", "DURATION", "TRIES", "ERROR"];
            write!(out, "{}", table::render(&header, &rows))?;
        }
    }
    Ok(EXIT_OK)
}
