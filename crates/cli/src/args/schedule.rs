//! `escrot schedule …` and the flags of `rotate --due`, as clap sees them.

use clap::{Args, Subcommand};

use super::ListOutput;

/// Rotation schedules: when `escrot rotate --due` rotates an environment
///
/// A schedule says when an environment (or some of its `fn::rotate` values) is rotated: a
/// cron pattern, a fixed interval, or once. Nothing runs by itself: `escrot rotate --due`,
/// run every minute or so from cron, a Kubernetes CronJob or a CI schedule, rotates what is
/// due. Unlike ESC, which allows one schedule per environment, escrot allows several, each
/// optionally limited to property paths of `fn::rotate` values.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  escrot schedule new acme/db/prod --cron '0 3 * * *' --tz Europe/Berlin\n  escrot \
                        schedule new acme/db/prod creds.app --every 12h --window 1h\n  escrot schedule ls\n  escrot \
                        schedule history acme/db/prod"
)]
pub struct ScheduleArgs {
    #[command(subcommand)]
    pub command: ScheduleCommand,
}

#[derive(Debug, Subcommand)]
pub enum ScheduleCommand {
    New(ScheduleNewArgs),
    #[command(visible_alias = "list")]
    Ls(ScheduleLsArgs),
    /// Show a rotation schedule: its recurrence, next due time, last run and failures
    Get(ScheduleGetArgs),
    Edit(ScheduleEditArgs),
    /// Pause a rotation schedule: `rotate --due` skips it until it is resumed
    Pause(ScheduleIdArgs),
    /// Resume a paused rotation schedule (occurrences passed meanwhile run once, or are
    /// recorded as missed when past their window)
    Resume(ScheduleIdArgs),
    #[command(visible_alias = "remove")]
    Rm(ScheduleRmArgs),
    History(ScheduleHistoryArgs),
}

/// When a schedule recurs: exactly one of these.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct Recurrence {
    /// A cron pattern in the standard 5-field dialect: minute hour day-of-month month
    /// day-of-week (`0 3 * * *`, `*/30 * * * 1-5`), read in --tz
    #[arg(long, value_name = "EXPR")]
    pub cron: Option<String>,

    /// A fixed interval, counted from when the schedule is set (`30m`, `12h`, `7d`, `1h30m`;
    /// at least 1m)
    #[arg(long, value_name = "DURATION")]
    pub every: Option<String>,

    /// Once, at this RFC 3339 time in the future (`2026-01-02T03:04:05Z`, `…+02:00`)
    #[arg(long, value_name = "RFC3339")]
    pub once: Option<String>,
}

/// The same, all optional (for `schedule edit`).
#[derive(Debug, Args)]
#[group(required = false, multiple = false)]
pub struct RecurrenceChange {
    /// A new cron pattern (5 fields), read in --tz
    #[arg(long, value_name = "EXPR")]
    pub cron: Option<String>,

    /// A new fixed interval (`30m`, `12h`, `7d`), counted from now
    #[arg(long, value_name = "DURATION")]
    pub every: Option<String>,

    /// A new one-off time (RFC 3339, in the future)
    #[arg(long, value_name = "RFC3339")]
    pub once: Option<String>,
}

/// Create a rotation schedule
///
/// Creates a schedule for the environment NAME: `escrot rotate --due` rotates it (every
/// `fn::rotate`, or only those at the PATHs) at each occurrence. Occurrences that pass while
/// no runner runs are run once, not once each; with --window, an occurrence that cannot
/// start within that long after its time is recorded as missed instead of run late. A
/// failed run is retried after 1m, 5m, 30m, then every 2h, never past the next occurrence.
/// An environment may have several schedules.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot schedule new acme/db/prod --cron '0 3 * * *'\n  escrot schedule new \
                        acme/db/prod --cron '30 2 * * 1-5' --tz Europe/Berlin --window 1h\n  escrot schedule new \
                        acme/db/prod creds.app --every 12h\n  escrot schedule new acme/db/prod --once \
                        2026-01-02T03:00:00Z")]
pub struct ScheduleNewArgs {
    /// The environment (`org/project/env` or `project/env`)
    #[arg(value_name = "NAME")]
    pub name: String,

    /// Property paths of the `fn::rotate` values to rotate (default: all)
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,

    #[command(flatten)]
    pub recurrence: Recurrence,

    /// How late an occurrence may still start (`15m`, `1h`); later, it is missed [default:
    /// no limit]
    #[arg(long, value_name = "DURATION")]
    pub window: Option<String>,

    /// The IANA time zone the cron pattern is read in (`Europe/Berlin`) [default: UTC]
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
}

/// List rotation schedules
///
/// Prints the schedules of the environment NAME, or of every environment (of one
/// organization with --org): id, paths, schedule, next due time, last run and its result,
/// consecutive failures, whether paused. Times are UTC.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot schedule ls\n  escrot schedule ls acme/db/prod --output json\n  escrot \
                        schedule ls --count 10")]
pub struct ScheduleLsArgs {
    /// Only this environment's schedules
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    /// How to print the schedules
    #[arg(long, short, value_enum, default_value_t = ListOutput::Table)]
    pub output: ListOutput,

    #[command(flatten)]
    pub esc: EscListArgs,
}

/// The flags `esc env schedule list` and `history` have: a count, and UTC times.
#[derive(Debug, Args)]
pub struct EscListArgs {
    /// Show at most N (all if 0 or unset)
    #[arg(long, value_name = "N", allow_hyphen_values = true, value_parser = non_negative)]
    pub count: Option<usize>,

    /// Show times in UTC: they always are; accepted for scripts written for `esc`
    #[arg(long)]
    pub utc: bool,
}

/// A count: a whole number, 0 or more (`-1` is refused as `esc` refuses it, not taken for a flag).
fn non_negative(text: &str) -> Result<usize, String> {
    match text.parse::<i64>() {
        Ok(n) if n < 0 => Err("must be non-negative".to_owned()),
        Ok(n) => usize::try_from(n).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    }
}

impl EscListArgs {
    /// `items` cut to --count.
    pub fn limit<T>(&self, items: &mut Vec<T>) {
        if let Some(n) = self.count.filter(|n| *n > 0) {
            items.truncate(n);
        }
    }
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  escrot schedule get acme/db/prod 1\n  escrot schedule get acme/db/prod 1 --output json"
)]
pub struct ScheduleGetArgs {
    #[command(flatten)]
    pub schedule: ScheduleIdArgs,

    /// How to print the schedule
    #[arg(long, short, value_enum, default_value_t = RecordOutput::Text)]
    pub output: RecordOutput,
}

/// How one record is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RecordOutput {
    /// One field per line
    Text,
    /// A JSON object (with the fields of `schedule ls --output json`)
    Json,
}

// A schedule of an environment, `NAME ID` (the subcommand's variant says what is done with it).
#[derive(Debug, Args)]
pub struct ScheduleIdArgs {
    /// The environment (`org/project/env` or `project/env`)
    #[arg(value_name = "NAME")]
    pub name: String,

    /// The schedule's id (`escrot schedule ls NAME` shows it)
    #[arg(value_name = "ID")]
    pub id: i64,
}

/// Change a rotation schedule
///
/// Changes what the schedule rotates (PATHs, or --all-paths), when (--cron, --every or
/// --once, which also reset its failures), its --window (--no-window removes it) or its
/// --tz.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot schedule edit acme/db/prod 3 --cron '0 4 * * *'\n  escrot schedule edit \
                        acme/db/prod 3 creds.app creds.admin\n  escrot schedule edit acme/db/prod 3 --no-window")]
pub struct ScheduleEditArgs {
    /// The environment (`org/project/env` or `project/env`)
    #[arg(value_name = "NAME")]
    pub name: String,

    /// The schedule's id
    #[arg(value_name = "ID")]
    pub id: i64,

    /// Rotate only the `fn::rotate` values at these property paths
    #[arg(value_name = "PATH", conflicts_with = "all_paths")]
    pub paths: Vec<String>,

    /// Rotate every `fn::rotate` of the environment
    #[arg(long)]
    pub all_paths: bool,

    #[command(flatten)]
    pub recurrence: RecurrenceChange,

    /// How late an occurrence may still start
    #[arg(long, value_name = "DURATION", conflicts_with = "no_window")]
    pub window: Option<String>,

    /// Let occurrences start however late
    #[arg(long)]
    pub no_window: bool,

    /// The IANA time zone the cron pattern is read in
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
}

/// Remove a rotation schedule
///
/// Removes the schedule and its run history (asking first, unless --yes). The rotation
/// log (`escrot rotation history`) keeps its rotations.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot schedule rm acme/db/prod 3 --yes")]
pub struct ScheduleRmArgs {
    /// The environment (`org/project/env` or `project/env`)
    #[arg(value_name = "NAME")]
    pub name: String,

    /// The schedule's id
    #[arg(value_name = "ID")]
    pub id: i64,

    /// Remove it without asking
    #[arg(long, short)]
    pub yes: bool,
}

/// The runs of an environment's schedules, newest first
///
/// Prints each run of the environment's schedules (of schedule ID only, if given): when it
/// started (UTC), the schedule, the occurrence it served, the result (succeeded, failed,
/// missed), the revision it made, the rotation attempt, how long it took and, for a failure
/// or a missed occurrence, why.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot schedule history acme/db/prod\n  escrot schedule history acme/db/prod 3 \
                        --output json")]
pub struct ScheduleHistoryArgs {
    /// The environment (`org/project/env` or `project/env`)
    #[arg(value_name = "NAME")]
    pub name: String,

    /// Only this schedule's runs
    #[arg(value_name = "ID")]
    pub id: Option<i64>,

    /// How to print the runs
    #[arg(long, short, value_enum, default_value_t = ListOutput::Table)]
    pub output: ListOutput,

    #[command(flatten)]
    pub esc: EscListArgs,
}

/// The flags of `escrot rotate --due`.
#[derive(Clone, Debug, Args)]
pub struct DueArgs {
    /// Rotate what the schedules say is due now (`escrot schedule`), instead of NAME; run it
    /// every minute or so. Any number of runners may share a store: each due occurrence is
    /// rotated by exactly one
    #[arg(long, conflicts_with_all = ["name", "file", "dry_run"])]
    pub due: bool,

    /// With --due: rotate at most N schedules in this run
    #[arg(long, value_name = "N", requires = "due", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: Option<u32>,

    /// With --due: how long a claimed schedule stays this runner's without it renewing its
    /// claim (it renews every third of that while a rotation runs); a runner that dies is
    /// taken over after it (ESCROT_LEASE) [default: 15m]
    #[arg(long, value_name = "DURATION", requires = "due", value_parser = escrot_rotation::lock::parse_duration)]
    pub lease: Option<std::time::Duration>,
}
