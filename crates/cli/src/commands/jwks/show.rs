//! `escrot jwks`: the public JWKS of the store's signing keys, the current key created on
//! first use.

use std::io::Write;

use escrot_rotation::signing::{current_key_or_create, store_jwks};

use super::key_error;
use crate::commands::store;
use crate::{CliResult, EXIT_OK, Ui};

pub fn run(ui: &Ui) -> CliResult {
    let ws = store::open(ui)?;
    let mut guard = ws.lock();
    let (key, created) = current_key_or_create(&mut *guard).map_err(key_error)?;
    if created && !ui.quiet {
        writeln!(
            ui.stderr(),
            "Created the signing key {} of {}: it signs fn::rotate::external requests.",
            key.kid(),
            guard.describe()
        )?;
    }
    let jwks = store_jwks(&*guard).map_err(key_error)?;
    writeln!(ui.stdout(), "{}", serde_json::to_string_pretty(&jwks).unwrap_or_default())?;
    Ok(EXIT_OK)
}
