//! `escrot webhook …`: webhooks on rotation events, one file per subcommand, and what they
//! share: reading a webhook's scope (`org/project/env` or `ORG/*`), finding one, showing
//! one. `deliver.rs` sends pending deliveries for the commands that make them.

pub mod deliver;
mod deliveries;
mod get;
mod ls;
mod new;
mod ping;
mod rm;

use escrot_store::{EnvName, StoreError, WebhookId, WebhookRecord, WebhookScope};

use crate::args::{WebhookArgs, WebhookCommand};
use crate::commands::store;
use crate::workspace::{Workspace, store_error};
use crate::{CliError, CliResult, Ui};

pub fn run(ui: &Ui, args: WebhookArgs) -> CliResult {
    match args.command {
        WebhookCommand::New(args) => new::run(ui, args),
        WebhookCommand::Ls(args) => ls::run(ui, args),
        WebhookCommand::Get(args) => get::run(ui, args),
        WebhookCommand::Rm(args) => rm::run(ui, args),
        WebhookCommand::Ping(args) => ping::run(ui, args),
        WebhookCommand::Deliveries(args) => deliveries::run(ui, args),
    }
}

/// A webhook's scope as typed: `ORG/*` (every environment of ORG), or an environment name.
fn scope(ws: &Workspace, input: &str) -> Result<WebhookScope, CliError> {
    match input.strip_suffix("/*") {
        Some(org) => {
            // An organization is valid where it is valid in an environment name.
            EnvName::parse(&format!("{org}/p/e"), &ws.org)
                .ok()
                .filter(|n| n.org == org)
                .map(|n| WebhookScope::Org(n.org))
                .ok_or_else(|| CliError::invalid(format!("'{input}': '{org}' is not an organization name")))
        }
        None => ws.name(input).map(WebhookScope::Environment),
    }
}

/// Webhook `id` of `scope`, or a usage error saying how to find the ids.
fn record(ws: &Workspace, scope: &WebhookScope, id: i64) -> Result<WebhookRecord, CliError> {
    ws.lock().webhook(scope, WebhookId(id)).map_err(|e| match e {
        StoreError::WebhookNotFound { .. } => {
            CliError::invalid(format!("{e}; `escrot webhook ls '{scope}'` lists its webhooks"))
        }
        e => store_error(e),
    })
}

/// The store for a webhook command that reads, and the scope it names.
fn open_to_read(ui: &Ui, name: &str) -> Result<(Workspace, WebhookScope), CliError> {
    let ws = store::open_to_read(ui)?;
    let scope = scope(&ws, name)?;
    Ok((ws, scope))
}

/// A webhook as JSON (never its secret).
fn json(r: &WebhookRecord) -> serde_json::Value {
    serde_json::json!({
        "id": r.id.0,
        "scope": r.scope.to_string(),
        "url": r.url,
        "format": r.format,
        "events": r.events,
        "createdAt": r.created_at,
    })
}

/// A webhook's fields, one per line.
fn text(r: &WebhookRecord) -> String {
    format!(
        "Webhook:  {}\nScope:    {}\nURL:      {}\nFormat:   {}\nEvents:   {}\nCreated:  {}\n",
        r.id,
        r.scope,
        r.url,
        r.format,
        r.events.join(", "),
        r.created_at
    )
}
