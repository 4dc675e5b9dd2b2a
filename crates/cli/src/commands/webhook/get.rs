//! `escrot webhook get NAME ID [--output text|json]`: never the secret.

use std::io::Write;

use super::{json, open_to_read, record, text};
use crate::args::{RecordOutput, WebhookGetArgs};
use crate::{CliResult, EXIT_OK, Ui};

pub fn run(ui: &Ui, args: WebhookGetArgs) -> CliResult {
    let (ws, scope) = open_to_read(ui, &args.webhook.name)?;
    let record = record(&ws, &scope, args.webhook.id)?;
    let mut out = ui.stdout();
    match args.output {
        RecordOutput::Json => writeln!(out, "{}", serde_json::to_string_pretty(&json(&record)).unwrap_or_default())?,
        RecordOutput::Text => write!(out, "{}", text(&record))?,
    }
    Ok(EXIT_OK)
}
