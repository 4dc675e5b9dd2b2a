//! `escrot jwks`: the public JWKS of the store's signing keys, the current key created on
//! first use.

use std::io::Write;

use escrot_rotation::signing::{current_key_or_create, existing_key, store_jwks};

use super::key_error;
use crate::commands::store;
use crate::workspace::Workspace;
use crate::{CliResult, EXIT_OK, Ui};

pub fn run(ui: &Ui) -> CliResult {
    let ws = match with_current_key(ui) {
        Some(ws) => ws,
        None => create_if_none(ui)?,
    };
    let jwks = store_jwks(&*ws.lock()).map_err(key_error)?;
    writeln!(ui.stdout(), "{}", serde_json::to_string_pretty(&jwks).unwrap_or_default())?;
    Ok(EXIT_OK)
}

/// The store opened read-only, if it has a current key already: publishing the JWKS then
/// needs no write access (a deploy job with a read-only database role). Any problem here is
/// left to the writable open, which reports it (or migrates an older store).
fn with_current_key(ui: &Ui) -> Option<Workspace> {
    let ws = store::open_to_read_if_any(ui).ok()??;
    // Reading the key (decrypted, parsed, its kid checked) proves the store can sign.
    let has_key = existing_key(&*ws.lock()).ok()?.is_some();
    has_key.then_some(ws)
}

/// The store opened to write, its first signing key created unless another process just did.
fn create_if_none(ui: &Ui) -> Result<Workspace, crate::CliError> {
    let ws = store::open(ui)?;
    let (key, created) = current_key_or_create(&mut *ws.lock()).map_err(key_error)?;
    if created && !ui.quiet {
        let store = ws.lock().describe();
        writeln!(
            ui.stderr(),
            "Created the signing key {} of {store}: it signs fn::rotate::external requests.",
            key.kid()
        )?;
    }
    Ok(ws)
}
