//! `escrot schedule edit NAME ID [PATH…|--all-paths] [--cron|--every|--once] [--window|--no-window] [--tz]`.

use escrot_schedule::{Kind, Schedule};
use escrot_store::{ScheduleChange, ScheduleId, ScheduleRecord};
use jiff::Timestamp;

use super::{Given, checked_paths, record, report_next, spec_of, store_due, with_window};
use crate::args::ScheduleEditArgs;
use crate::commands::store;
use crate::workspace::{Workspace, store_error};
use crate::{CliError, CliResult, EXIT_OK, Ui};

pub fn run(ui: &Ui, args: ScheduleEditArgs) -> CliResult {
    let now = Timestamp::now();
    let ws = store::open_existing(ui)?;
    let env = ws.name(&args.name)?;
    let current = record(&ws, &env, args.id)?;
    let change = change(&ws, &current, &args, now)?;
    if change == ScheduleChange::default() {
        return Err(CliError::invalid(
            "nothing to change: give PATHs or --all-paths, --cron, --every, --once, --window, --no-window or --tz",
        ));
    }
    let updated = ws.lock().update_schedule(&env, ScheduleId(args.id), &change).map_err(store_error)?;
    ui.summary(format_args!("Schedule '{}' of environment '{env}' was updated.", updated.id))?;
    report_next(ui, &updated)?;
    Ok(EXIT_OK)
}

fn change(
    ws: &Workspace,
    current: &ScheduleRecord,
    args: &ScheduleEditArgs,
    now: Timestamp,
) -> Result<ScheduleChange, CliError> {
    let paths = match (&args.paths[..], args.all_paths) {
        (_, true) => Some(Vec::new()),
        ([], false) => None,
        (paths, false) => Some(checked_paths(ws, &current.env, paths)?),
    };
    let spec_changed = args.recurrence.cron.is_some()
        || args.recurrence.every.is_some()
        || args.recurrence.once.is_some()
        || args.window.is_some()
        || args.no_window
        || args.tz.is_some();
    let spec = if spec_changed {
        let schedule = new_schedule(current, args, now)?;
        Some((spec_of(&schedule), schedule.first_due(now).map(store_due)))
    } else {
        None
    };
    Ok(ScheduleChange { paths, spec, paused: None })
}

/// The schedule as edited: a new recurrence is set now; a kept one keeps its anchor.
fn new_schedule(current: &ScheduleRecord, args: &ScheduleEditArgs, now: Timestamp) -> Result<Schedule, CliError> {
    let old = escrot_rotation::due::schedule_of(current).map_err(|e| {
        CliError::invalid(format!(
            "schedule '{}' cannot be read: {e}; give a new --cron, --every or --once",
            current.id
        ))
    })?;
    let r = &args.recurrence;
    let tz = args.tz.as_deref().unwrap_or(&old.time_zone);
    let schedule = match Given::of(&r.cron, &r.every, &r.once) {
        Some(given) => {
            if args.tz.is_some() && !matches!(given, Given::Cron(_)) {
                return Err(CliError::invalid("--tz applies to --cron schedules only"));
            }
            given.schedule(Some(tz), now)?
        }
        None => {
            if args.tz.is_some() && old.kind() != Kind::Cron {
                return Err(CliError::invalid("--tz applies to --cron schedules only"));
            }
            Schedule::from_parts(old.kind(), &old.expression(), None, tz, old.anchor)
                .map_err(|e| CliError::invalid(e.to_string()))?
        }
    };
    match (&args.window, args.no_window) {
        (Some(w), _) => with_window(schedule, Some(w)),
        (None, true) => with_window(schedule, None),
        (None, false) => {
            let mut schedule = schedule;
            schedule.window = old.window;
            Ok(schedule)
        }
    }
}
