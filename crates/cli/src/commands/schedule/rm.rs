//! `escrot schedule rm NAME ID [--yes]`.

use escrot_store::ScheduleId;

use super::record;
use crate::args::ScheduleRmArgs;
use crate::commands::confirm::{Confirmation, confirm};
use crate::commands::store;
use crate::workspace::store_error;
use crate::{CliResult, EXIT_OK, Ui};

pub fn run(ui: &Ui, args: ScheduleRmArgs) -> CliResult {
    let ws = store::open_existing(ui)?;
    let env = ws.name(&args.name)?;
    let id = record(&ws, &env, args.id)?.id;
    if !args.yes {
        confirm(
            ui,
            &Confirmation {
                what: &format!("schedule '{id}' of environment '{env}'"),
                rerun: &format!("escrot schedule rm {env} {id} --yes"),
                prompt: &format!("Remove schedule '{id}' of environment '{env}' and its history? Type 'yes': "),
                answer: "yes",
                declined: "the schedule was not removed",
            },
        )?;
    }
    ws.lock().delete_schedule(&env, ScheduleId(args.id)).map_err(store_error)?;
    ui.summary(format_args!("Schedule '{id}' of environment '{env}' was removed."))?;
    Ok(EXIT_OK)
}
