//! `escrot webhook new NAME --url URL [--format raw|slack] [--event …] [--secret-from-stdin | --show-secrets]`.

use std::io::{BufRead, Write};

use escrot_store::{NewWebhook, WebhookScope};
use escrot_webhook::{Event, parse_events};
use zeroize::Zeroizing;

use super::{json, scope, text};
use crate::args::{RecordOutput, WebhookNewArgs};
use crate::commands::store;
use crate::workspace::store_error;
use crate::{CliError, CliResult, EXIT_OK, Ui};

pub fn run(ui: &Ui, args: WebhookNewArgs) -> CliResult {
    escrot_webhook::check_url(&args.url).map_err(|e| CliError::invalid(format!("--url: {e}")))?;
    let events: Vec<Event> = if args.events.is_empty() {
        Event::SUBSCRIBABLE.to_vec()
    } else {
        parse_events(&args.events.join(",")).map_err(|e| CliError::invalid(format!("--event: {e}")))?
    };
    let ws = store::open_existing(ui)?;
    let scope = scope(&ws, &args.name)?;
    if let WebhookScope::Environment(env) = &scope {
        ws.lock().latest(env).map_err(store::read_error)?;
    }
    // A secret escrot makes is printed once, now; like every secret it prints, only when asked.
    if !args.secret_from_stdin && !args.show_secrets {
        return Err(CliError::invalid(
            "a new webhook needs a signing secret: add --show-secrets to have escrot make one and print it (once), \
             or give yours with --secret-from-stdin",
        ));
    }
    let (secret, generated) = if args.secret_from_stdin { (read_secret()?, false) } else { (generate()?, true) };
    let new = NewWebhook {
        scope,
        url: args.url.clone(),
        format: args.format.as_str().to_owned(),
        events: events.iter().map(|e| e.as_str().to_owned()).collect(),
        secret: secret.clone(),
    };
    let record = ws.lock().create_webhook(&new).map_err(store_error)?;
    let mut out = ui.stdout();
    match args.output {
        RecordOutput::Json => {
            let mut doc = json(&record);
            if generated {
                doc["secret"] = serde_json::Value::String(secret.to_string());
            }
            writeln!(out, "{}", serde_json::to_string_pretty(&doc).unwrap_or_default())?;
        }
        RecordOutput::Text => {
            ui.summary(format_args!("Webhook '{}' of '{}' was created.", record.id, record.scope))?;
            if !ui.quiet {
                write!(out, "{}", text(&record))?;
            }
            // The one time the secret is shown: without it, signatures cannot be checked.
            if generated {
                writeln!(out, "Secret:   {}", secret.as_str())?;
                ui.summary(
                    "Keep the secret where the receiver checks signatures (X-Escrot-Signature): escrot does \
                            not show it again.",
                )?;
            }
        }
    }
    Ok(EXIT_OK)
}

fn generate() -> Result<Zeroizing<String>, CliError> {
    escrot_webhook::generate_secret().map_err(CliError::failed)
}

/// The first line of standard input, without its line ending.
fn read_secret() -> Result<Zeroizing<String>, CliError> {
    let mut line = Zeroizing::new(String::new());
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::invalid(format!("--secret-from-stdin: cannot read standard input: {e}")))?;
    let secret = Zeroizing::new(line.trim_end_matches(['\r', '\n']).to_owned());
    if secret.is_empty() {
        return Err(CliError::invalid("--secret-from-stdin: standard input holds no secret (it is empty)"));
    }
    Ok(secret)
}
