//! `escrot webhook rm NAME ID [--yes]`.

use escrot_store::WebhookId;

use super::{record, scope};
use crate::args::WebhookRmArgs;
use crate::commands::confirm::{Confirmation, confirm};
use crate::commands::store;
use crate::workspace::store_error;
use crate::{CliResult, EXIT_OK, Ui};

pub fn run(ui: &Ui, args: WebhookRmArgs) -> CliResult {
    let ws = store::open_existing(ui)?;
    let scope = scope(&ws, &args.webhook.name)?;
    let id = record(&ws, &scope, args.webhook.id)?.id;
    if !args.yes {
        confirm(
            ui,
            &Confirmation {
                what: &format!("webhook '{id}' of '{scope}'"),
                rerun: &format!("escrot webhook rm '{scope}' {id} --yes"),
                prompt: &format!("Remove webhook '{id}' of '{scope}' and its deliveries? Type 'yes': "),
                answer: "yes",
                declined: "the webhook was not removed",
            },
        )?;
    }
    ws.lock().delete_webhook(&scope, WebhookId(args.webhook.id)).map_err(store_error)?;
    ui.summary(format_args!("Webhook '{id}' of '{scope}' was removed."))?;
    Ok(EXIT_OK)
}
