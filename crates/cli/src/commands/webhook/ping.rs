//! `escrot webhook ping NAME ID`: a `ping` event sent now, recorded like every delivery;
//! exit 1 when it was not delivered.

use super::{record, scope};
use crate::args::WebhookIdArgs;
use crate::commands::store;
use crate::output::duration::duration;
use crate::workspace::store_error;
use crate::{CliError, CliResult, EXIT_OK, Ui};

pub fn run(ui: &Ui, args: WebhookIdArgs) -> CliResult {
    let ws = store::open_existing(ui)?;
    let scope = scope(&ws, &args.name)?;
    let hook = record(&ws, &scope, args.id)?;
    let id = escrot_webhook::ping(&ws.store, &hook).map_err(store_error)?;
    let summary = escrot_webhook::deliver_pending(&ws.store);
    let delivery = ws.lock().list_deliveries(hook.id, 100).map_err(store_error)?.into_iter().find(|d| d.id == id);
    if let Some(e) = summary.errors.first() {
        return Err(CliError::failed(format!("webhook {}: {e}", hook.id)));
    }
    let Some(d) =
        delivery.filter(|d| summary.delivered.contains(&d.id) || summary.failed.iter().any(|f| f.delivery == d.id))
    else {
        return Err(CliError::failed(format!("webhook {}: the ping (delivery {id}) was not sent", hook.id)));
    };
    let took = duration(d.duration_ms.unwrap_or_default());
    let status = d.status_code.map(|c| format!("HTTP {c}, ")).unwrap_or_default();
    if summary.delivered.contains(&id) {
        ui.summary(format_args!("Webhook '{}' answered the ping ({status}{took}).", hook.id))?;
        return Ok(EXIT_OK);
    }
    let tries = if d.tries == 1 { "1 try".to_owned() } else { format!("{} tries", d.tries) };
    Err(CliError::failed(format!(
        "webhook '{}' did not take the ping (delivery {id}, {tries}, {took}): {}",
        hook.id,
        d.error.unwrap_or_default()
    )))
}
