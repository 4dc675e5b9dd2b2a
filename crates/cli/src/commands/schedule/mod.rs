//! `escrot schedule …`: rotation schedules, one file per subcommand, and what they share:
//! reading the recurrence flags, checking paths, and how a schedule is shown.

mod edit;
mod get;
mod history;
mod ls;
mod new;
mod pause;
mod rm;

use escrot_esc::{self as esc, PropertyPath};
use escrot_rotation::plan;
use escrot_schedule::{Due, Schedule, format_duration};
use escrot_store::{EnvName, ScheduleDue, ScheduleId, ScheduleRecord, ScheduleSpec, format_timestamp};
use jiff::Timestamp;

use crate::args::{ScheduleArgs, ScheduleCommand};
use crate::commands::store;
use crate::workspace::Workspace;
use crate::{CliError, CliResult, Ui};

pub fn run(ui: &Ui, args: ScheduleArgs) -> CliResult {
    match args.command {
        ScheduleCommand::New(args) => new::run(ui, args),
        ScheduleCommand::Ls(args) => ls::run(ui, args),
        ScheduleCommand::Get(args) => get::run(ui, args),
        ScheduleCommand::Edit(args) => edit::run(ui, args),
        ScheduleCommand::Pause(args) => pause::run(ui, args, true),
        ScheduleCommand::Resume(args) => pause::run(ui, args, false),
        ScheduleCommand::Rm(args) => rm::run(ui, args),
        ScheduleCommand::History(args) => history::run(ui, args),
    }
}

/// Which recurrence flag was given, with its text.
enum Given<'a> {
    Cron(&'a str),
    Every(&'a str),
    Once(&'a str),
}

impl<'a> Given<'a> {
    fn of(cron: &'a Option<String>, every: &'a Option<String>, once: &'a Option<String>) -> Option<Given<'a>> {
        match (cron, every, once) {
            (Some(c), _, _) => Some(Given::Cron(c)),
            (_, Some(e), _) => Some(Given::Every(e)),
            (_, _, Some(o)) => Some(Given::Once(o)),
            _ => None,
        }
    }

    /// The schedule it says, set at `now` (a usage error, exit 2, says what is wrong).
    fn schedule(&self, tz: Option<&str>, now: Timestamp) -> Result<Schedule, CliError> {
        match self {
            Given::Cron(expr) => Schedule::cron(expr, tz.unwrap_or(escrot_schedule::DEFAULT_TIME_ZONE), now)
                .map_err(|e| CliError::invalid(e.to_string())),
            Given::Every(interval) => {
                Schedule::every(interval, now).map_err(|e| CliError::invalid(format!("--every: {e}")))
            }
            Given::Once(at) => Schedule::once(at, now).map_err(|e| CliError::invalid(format!("--once: {e}"))),
        }
    }
}

fn with_window(schedule: Schedule, window: Option<&str>) -> Result<Schedule, CliError> {
    schedule.with_window(window).map_err(|e| CliError::invalid(format!("--window: {e}")))
}

/// The store's form of a schedule's spec.
fn spec_of(schedule: &Schedule) -> ScheduleSpec {
    ScheduleSpec {
        kind: schedule.kind().as_str().to_owned(),
        expression: schedule.expression(),
        window_seconds: schedule.window.map(|w| w.as_secs()),
        time_zone: schedule.time_zone.clone(),
        anchor_at: format_timestamp(schedule.anchor),
    }
}

fn store_due(due: Due) -> ScheduleDue {
    ScheduleDue { at: format_timestamp(due.at), occurrence: format_timestamp(due.occurrence) }
}

/// The paths as property paths that name `fn::rotate` values of the environment's latest
/// revision (as `rotate NAME PATH…` checks them), in their canonical spelling.
fn checked_paths(ws: &Workspace, env: &EnvName, paths: &[String]) -> Result<Vec<String>, CliError> {
    let mut canonical = Vec::with_capacity(paths.len());
    for p in paths {
        let parsed = PropertyPath::parse(p)
            .map_err(|e| CliError::invalid(format!("'{p}' is an invalid property path: {}", e.reason)))?;
        canonical.push(parsed.to_string());
    }
    let latest = ws.lock().latest(env).map_err(store::read_error)?;
    if canonical.is_empty() {
        return Ok(canonical);
    }
    let (ast, diags) = esc::load_yaml(&env.to_string(), &latest.yaml);
    let Some(ast) = ast.filter(|_| !esc::diag::has_errors(&diags)) else {
        return Err(CliError::invalid(format!("'{env}' has errors; run `escrot check {env}`")));
    };
    plan::select(&ast, &canonical)
        .map_err(|p| CliError::invalid(format!("environment '{env}' has no fn::rotate at {p}")))?;
    Ok(canonical)
}

/// The record of schedule `id` (exit 2 when the environment has none such).
fn record(ws: &Workspace, env: &EnvName, id: i64) -> Result<ScheduleRecord, CliError> {
    ws.lock().schedule(env, ScheduleId(id)).map_err(store::read_error)
}

/// `cron 0 3 * * * (Europe/Berlin), window 1h`, as `escrot-schedule` describes it.
fn describe(record: &ScheduleRecord) -> String {
    match escrot_rotation::due::schedule_of(record) {
        Ok(s) => s.describe(),
        Err(_) => format!("{} {}", record.spec.kind, record.spec.expression),
    }
}

pub(crate) fn paths_text(paths: &[String]) -> String {
    if paths.is_empty() { "(all)".to_owned() } else { paths.join(", ") }
}

/// When the schedule is next due, for people: the time, or why there is none.
fn next_text(record: &ScheduleRecord) -> String {
    match (&record.due, record.paused) {
        (_, true) => "paused".to_owned(),
        (Some(due), false) => due.at.clone(),
        (None, false) => "never (nothing left to run)".to_owned(),
    }
}

/// A schedule as JSON, with ESC's names where ESC has the field.
fn json(record: &ScheduleRecord) -> serde_json::Value {
    let key = match record.spec.kind.as_str() {
        "cron" => "scheduleCron",
        "every" => "scheduleEvery",
        _ => "scheduleOnce",
    };
    let last = record.last_run.as_ref();
    let mut doc = serde_json::json!({
        "id": record.id.0,
        "environment": record.env.to_string(),
        "paths": record.paths,
        "kind": record.spec.kind,
        "timeZone": record.spec.time_zone,
        "window": record.spec.window_seconds.map(|s| format_duration(std::time::Duration::from_secs(s))),
        "paused": record.paused,
        "created": record.created_at,
        "modified": record.modified_at,
        "nextExecution": record.due.as_ref().map(|d| &d.at),
        "lastExecuted": last.map(|l| &l.at),
        "lastResult": last.map(|l| l.result.as_str()),
        "lastRevision": last.and_then(|l| l.revision),
        "lastAttempt": last.and_then(|l| l.attempt.as_ref()).map(|a| &a.0),
        "consecutiveFailures": record.consecutive_failures,
    });
    doc[key] = serde_json::Value::String(record.spec.expression.clone());
    doc
}

/// The "next rotation" summary line after a change.
fn report_next(ui: &Ui, record: &ScheduleRecord) -> Result<(), CliError> {
    let line = match (&record.due, record.paused) {
        (_, true) => "It is paused: `escrot schedule resume` resumes it.".to_owned(),
        (Some(due), false) => format!("Next rotation: {} (UTC).", due.at),
        (None, false) => "It has nothing left to run.".to_owned(),
    };
    ui.summary(line)?;
    Ok(())
}
