//! `escrot schedule pause|resume NAME ID`. A resumed schedule whose next time passed while
//! it was paused is due at once (those occurrences coalesce into one run, or are missed if
//! its window has passed).

use escrot_store::{ScheduleChange, ScheduleId};

use super::{record, report_next};
use crate::args::ScheduleIdArgs;
use crate::commands::store;
use crate::workspace::store_error;
use crate::{CliResult, EXIT_OK, Ui};

pub fn run(ui: &Ui, args: ScheduleIdArgs, pause: bool) -> CliResult {
    let ws = store::open_existing(ui)?;
    let env = ws.name(&args.name)?;
    record(&ws, &env, args.id)?;
    let change = ScheduleChange { paused: Some(pause), ..ScheduleChange::default() };
    let updated = ws.lock().update_schedule(&env, ScheduleId(args.id), &change).map_err(store_error)?;
    let what = if pause { "paused" } else { "resumed" };
    ui.summary(format_args!("Schedule '{}' of environment '{env}' was {what}.", updated.id))?;
    if !pause {
        report_next(ui, &updated)?;
    }
    Ok(EXIT_OK)
}
