//! `escrot schedule rm NAME ID [--yes]`.

use std::io::{BufRead, IsTerminal, Write};

use escrot_store::ScheduleId;

use super::record;
use crate::args::ScheduleRmArgs;
use crate::commands::store;
use crate::workspace::store_error;
use crate::{CliError, CliResult, EXIT_OK, Ui};

pub fn run(ui: &Ui, args: ScheduleRmArgs) -> CliResult {
    let ws = store::open_existing(ui)?;
    let env = ws.name(&args.name)?;
    let id = record(&ws, &env, args.id)?.id;
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            return Err(CliError::invalid(format!(
                "removing schedule '{id}' of environment '{env}' needs confirmation: run `escrot schedule rm {env} \
                 {id} --yes`"
            )));
        }
        let _ = write!(ui.stderr(), "Remove schedule '{id}' of environment '{env}' and its history? Type 'yes': ");
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if answer.trim() != "yes" {
            return Err(CliError::failed("confirmation declined; the schedule was not removed"));
        }
    }
    ws.lock().delete_schedule(&env, ScheduleId(args.id)).map_err(store_error)?;
    ui.summary(format_args!("Schedule '{id}' of environment '{env}' was removed."))?;
    Ok(EXIT_OK)
}
