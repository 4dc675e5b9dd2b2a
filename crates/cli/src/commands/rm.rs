//! `escrot rm NAME [PATH]`: remove a value (a new revision) or a whole environment, like
//! `esc env rm`.

use crate::args::RmArgs;
use crate::commands::confirm::{Confirmation, confirm};
use crate::commands::{set::document_path, store};
use crate::workspace::store_error;
use crate::{CliError, CliResult, EXIT_OK, Ui};
use escrot_store::EnvName;

pub fn run(ui: &Ui, args: RmArgs) -> CliResult {
    let ws = store::open(ui)?;
    let name = ws.name(&args.name)?;
    let Some(path) = &args.path else { return remove_environment(ui, &ws, &name, args.yes) };
    if path.0.is_empty() {
        return Err(CliError::invalid("the path must name a value, e.g. `app.url`"));
    }
    store::save_path_edit(ui, &ws, &name, |latest| {
        let yaml = escrot_esc::yaml::delete(latest, &document_path(path))
            .map_err(|e| CliError::invalid(format!("cannot remove '{path}' from environment '{name}': {e}")))?;
        if yaml == latest {
            return Err(CliError::invalid(format!(
                "environment '{name}' has no value at '{path}'; nothing was changed (`escrot get {name} \
                 --definition` shows its definition)"
            )));
        }
        Ok(Some(yaml))
    })?;
    Ok(EXIT_OK)
}

fn remove_environment(ui: &Ui, ws: &crate::workspace::Workspace, name: &EnvName, yes: bool) -> CliResult {
    // Fails early, and with the usual message, when there is no such environment.
    ws.lock().latest(name).map_err(store::read_error)?;
    if !yes {
        confirm(
            ui,
            &Confirmation {
                what: &format!("environment '{name}'"),
                rerun: &format!("escrot rm {name} --yes"),
                prompt: &format!(
                    "This will permanently remove the \"{name}\" environment!\nPlease confirm by typing its name (\"{name}\"): "
                ),
                answer: &name.to_string(),
                declined: "the environment was not removed",
            },
        )?;
    }
    ws.lock().delete_environment(name).map_err(store_error)?;
    ui.summary(format_args!("Environment \"{name}\" has been removed."))?;
    Ok(EXIT_OK)
}
