//! `escrot jwks ls [--output table|json]`: the store's signing keys, oldest first.

use std::io::Write;

use escrot_store::SigningKeyRecord;

use crate::args::{JwksLsArgs, ListOutput};
use crate::commands::store;
use crate::output::table;
use crate::workspace::store_error;
use crate::{CliResult, EXIT_OK, Ui};

pub fn run(ui: &Ui, args: JwksLsArgs) -> CliResult {
    let keys = match store::open_to_read_if_any(ui)? {
        Some(ws) => ws.lock().list_signing_keys().map_err(store_error)?,
        None => Vec::new(),
    };
    let mut out = ui.stdout();
    match args.output {
        ListOutput::Json => {
            let items: Vec<serde_json::Value> = keys.iter().map(json).collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&items).unwrap_or_default())?;
        }
        ListOutput::Table if keys.is_empty() => {
            if !ui.quiet {
                writeln!(ui.stderr(), "The store has no signing key yet: `escrot jwks` creates one.")?;
            }
        }
        ListOutput::Table => {
            let rows: Vec<Vec<String>> = keys
                .iter()
                .map(|k| {
                    let retired = k.retired_at.clone().unwrap_or_default();
                    vec![k.kid.clone(), k.state.as_str().to_owned(), k.algorithm.clone(), k.created_at.clone(), retired]
                })
                .collect();
            let header = ["KID", "STATE", "ALG", "CREATED (UTC)", "RETIRED (UTC)"];
            write!(out, "{}", table::render(&header, &rows))?;
        }
    }
    Ok(EXIT_OK)
}

fn json(key: &SigningKeyRecord) -> serde_json::Value {
    serde_json::json!({
        "kid": key.kid,
        "state": key.state.as_str(),
        "alg": key.algorithm,
        "created": key.created_at,
        "retired": key.retired_at,
    })
}
