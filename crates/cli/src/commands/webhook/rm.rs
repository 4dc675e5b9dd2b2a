//! `escrot webhook rm NAME ID [--yes]`.

use std::io::{BufRead, IsTerminal, Write};

use escrot_store::WebhookId;

use super::{record, scope};
use crate::args::WebhookRmArgs;
use crate::commands::store;
use crate::workspace::store_error;
use crate::{CliError, CliResult, EXIT_OK, Ui};

pub fn run(ui: &Ui, args: WebhookRmArgs) -> CliResult {
    let ws = store::open_existing(ui)?;
    let scope = scope(&ws, &args.webhook.name)?;
    let id = record(&ws, &scope, args.webhook.id)?.id;
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            return Err(CliError::invalid(format!(
                "removing webhook '{id}' of '{scope}' needs confirmation: run `escrot webhook rm '{scope}' {id} --yes`"
            )));
        }
        let _ = write!(ui.stderr(), "Remove webhook '{id}' of '{scope}' and its deliveries? Type 'yes': ");
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if answer.trim() != "yes" {
            return Err(CliError::failed("confirmation declined; the webhook was not removed"));
        }
    }
    ws.lock().delete_webhook(&scope, WebhookId(args.webhook.id)).map_err(store_error)?;
    ui.summary(format_args!("Webhook '{id}' of '{scope}' was removed."))?;
    Ok(EXIT_OK)
}
