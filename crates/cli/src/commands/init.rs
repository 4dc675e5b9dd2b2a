//! `escrot init NAME [-f FILE]`: create an environment, like `esc env init`.

use crate::commands::{file_error, store};
use crate::workspace::store_error;
use crate::{CliResult, EXIT_OK, Ui};
use escrot_store::StoreError;

/// The definition of a new, empty environment.
pub const EMPTY_DEFINITION: &str = "values: {}\n";

pub fn run(ui: &Ui, args: crate::args::InitArgs) -> CliResult {
    let ws = store::open(ui)?;
    let name = ws.name(&args.name)?;
    let plain = match &args.file {
        None => EMPTY_DEFINITION.to_owned(),
        Some(path) if path.as_os_str() == "-" => crate::files::read_definition_from_stdin().map_err(file_error)?,
        Some(path) => crate::files::read_definition(path).map_err(file_error)?,
    };
    // Refuse early, before the definition is checked, when the name is taken.
    match ws.lock().latest(&name) {
        Ok(_) if args.if_not_exists => {
            ui.summary(format_args!("Environment {name} already exists."))?;
            return Ok(EXIT_OK);
        }
        Ok(_) => return Err(store::already_exists(&name)),
        Err(StoreError::EnvironmentNotFound(_)) => {}
        Err(e) => return Err(store_error(e)),
    }
    let shown = match &args.file {
        Some(path) if path.as_os_str() != "-" => path.display().to_string(),
        _ => name.to_string(),
    };
    store::gate(ui, &ws, &name, &shown, |g| g.create(&name, &plain)).map_err(|e| store::write_error(&name, e))?;
    ui.summary(format_args!("Environment created: {name}"))?;
    Ok(EXIT_OK)
}
