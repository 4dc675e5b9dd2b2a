//! `escrot schedule new NAME [PATH…] (--cron|--every|--once) [--window] [--tz]`.

use std::io::Write;

use jiff::Timestamp;

use super::{Given, checked_paths, report_next, spec_of, store_due, with_window};
use crate::args::ScheduleNewArgs;
use crate::commands::store;
use crate::workspace::store_error;
use crate::{CliError, CliResult, EXIT_OK, Ui};

pub fn run(ui: &Ui, args: ScheduleNewArgs) -> CliResult {
    let now = Timestamp::now();
    let r = &args.recurrence;
    let given = Given::of(&r.cron, &r.every, &r.once)
        .ok_or_else(|| CliError::invalid("say when: --cron EXPR, --every DURATION or --once RFC3339"))?;
    if args.tz.is_some() && r.cron.is_none() {
        return Err(CliError::invalid("--tz applies to --cron schedules only"));
    }
    let schedule = with_window(given.schedule(args.tz.as_deref(), now)?, args.window.as_deref())?;
    let ws = store::open_existing(ui)?;
    let env = ws.name(&args.name)?;
    let paths = checked_paths(&ws, &env, &args.paths)?;
    let due = schedule.first_due(now).map(store_due);
    let record = ws.lock().create_schedule(&env, &paths, &spec_of(&schedule), due.as_ref()).map_err(store_error)?;
    if ui.quiet {
        writeln!(ui.stdout(), "{}", record.id)?;
        return Ok(EXIT_OK);
    }
    ui.summary(format_args!("Schedule '{}' was created for environment '{env}'.", record.id))?;
    report_next(ui, &record)?;
    Ok(EXIT_OK)
}
