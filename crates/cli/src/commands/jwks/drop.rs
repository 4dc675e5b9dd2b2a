//! `escrot jwks drop KID`: a retired signing key removed from the JWKS.

use crate::args::JwksDropArgs;
use crate::commands::store;
use crate::workspace::store_error;
use crate::{CliResult, EXIT_OK, Ui};

pub fn run(ui: &Ui, args: JwksDropArgs) -> CliResult {
    let ws = store::open_existing(ui)?;
    ws.lock().drop_signing_key(&args.kid).map_err(store_error)?;
    ui.summary(format_args!(
        "Dropped the signing key {}: adapters given the new JWKS no longer accept tokens it signed.",
        args.kid
    ))?;
    Ok(EXIT_OK)
}
