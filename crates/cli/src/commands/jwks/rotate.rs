//! `escrot jwks rotate`: a new current signing key, the old one retired (still published).

use escrot_rotation::signing::rotate_key;

use super::key_error;
use crate::commands::store;
use crate::{CliResult, EXIT_OK, Ui};

pub fn run(ui: &Ui) -> CliResult {
    let ws = store::open(ui)?;
    let (key, retired) = rotate_key(&mut *ws.lock()).map_err(key_error)?;
    ui.summary(format_args!("The signing key {} is current: it signs fn::rotate::external requests.", key.kid()))?;
    if let Some(old) = retired {
        ui.summary(format_args!(
            "The signing key {old} is retired: it stays in `escrot jwks` until `escrot jwks drop {old}`."
        ))?;
    }
    Ok(EXIT_OK)
}
