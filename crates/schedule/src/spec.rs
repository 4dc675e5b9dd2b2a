//! What a schedule says: when it recurs, in which time zone, and how late an occurrence may
//! start. Built from the command line ([`Schedule::cron`], [`Schedule::every`],
//! [`Schedule::once`]) or from what a store kept ([`Schedule::from_parts`]).

use std::fmt;
use std::time::Duration;

use croner::Cron;
use croner::parser::{CronParser, Seconds, Year};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::duration::{format_duration, parse_duration};
use crate::error::SpecError;

/// The time zone cron patterns are read in unless `--tz` says otherwise.
pub const DEFAULT_TIME_ZONE: &str = "UTC";

/// The shortest interval: runners are meant to run every minute or so, so a shorter one
/// could not be kept. (A window may be as short as a second: it only makes late runs missed.)
pub const MIN_INTERVAL: Duration = Duration::from_secs(60);

const MIN_WINDOW: Duration = Duration::from_secs(1);

/// Which kind of recurrence, as a store records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Cron,
    Every,
    Once,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Cron => "cron",
            Kind::Every => "every",
            Kind::Once => "once",
        }
    }

    pub fn parse(text: &str) -> Result<Kind, SpecError> {
        match text {
            "cron" => Ok(Kind::Cron),
            "every" => Ok(Kind::Every),
            "once" => Ok(Kind::Once),
            other => Err(SpecError::Kind(other.to_owned())),
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// When a schedule's occurrences are.
#[derive(Clone, Debug)]
pub enum Recurrence {
    /// A 5-field cron pattern (minute hour day-of-month month day-of-week, as crontab(5):
    /// day of month and day of week match when either does), read in the schedule's zone.
    Cron { expression: String, cron: Box<Cron> },
    /// Every `interval` after the schedule's anchor.
    Every(Duration),
    /// One instant.
    Once(Timestamp),
}

/// A schedule: its recurrence, time zone, window, and the anchor `Every` counts from.
#[derive(Clone, Debug)]
pub struct Schedule {
    pub recurrence: Recurrence,
    /// How late after its time an occurrence may still start; `None`: any time.
    pub window: Option<Duration>,
    /// The IANA name of the zone cron patterns are read in.
    pub time_zone: String,
    pub(crate) zone: TimeZone,
    /// When the recurrence was set: `Every`'s occurrences are `anchor + k·interval`, k ≥ 1.
    pub anchor: Timestamp,
}

impl Schedule {
    /// `--cron EXPR [--tz ZONE]`: the standard 5-field dialect (no seconds, no year). A
    /// pattern that never matches (`0 0 30 2 *`) is refused.
    pub fn cron(expression: &str, time_zone: &str, anchor: Timestamp) -> Result<Schedule, SpecError> {
        let expression = expression.trim();
        let invalid = |reason: String| SpecError::Cron { expression: expression.to_owned(), reason };
        let fields = expression.split_whitespace().count();
        if fields != 5 && !expression.starts_with('@') {
            return Err(invalid(format!(
                "it has {fields} field(s); write 5: minute hour day-of-month month day-of-week (e.g. `0 3 * * *`)"
            )));
        }
        let parser = CronParser::builder().seconds(Seconds::Disallowed).year(Year::Disallowed).build();
        let cron = parser.parse(expression).map_err(|e| invalid(cron_reason(&parser, expression, &e)))?;
        let schedule = Schedule {
            recurrence: Recurrence::Cron { expression: expression.to_owned(), cron: Box::new(cron) },
            window: None,
            zone: zone(time_zone)?,
            time_zone: time_zone.to_owned(),
            anchor,
        };
        if schedule.next_after(anchor).is_none() {
            return Err(invalid("it never matches a date (within the next years)".to_owned()));
        }
        Ok(schedule)
    }

    /// `--every DURATION`: every interval (at least a minute) from `anchor`.
    pub fn every(interval: &str, anchor: Timestamp) -> Result<Schedule, SpecError> {
        let d = parse_duration(interval)?;
        at_least("the interval", interval, d, MIN_INTERVAL)?;
        Ok(Schedule::plain(Recurrence::Every(d), anchor))
    }

    /// `--once RFC3339`: one time, which must lie after `now`.
    pub fn once(time: &str, now: Timestamp) -> Result<Schedule, SpecError> {
        let at = parse_time(time)?;
        if at <= now {
            return Err(SpecError::NotInFuture { text: time.to_owned(), now: format_time(now) });
        }
        Ok(Schedule::plain(Recurrence::Once(at), now))
    }

    fn plain(recurrence: Recurrence, anchor: Timestamp) -> Schedule {
        Schedule { recurrence, window: None, time_zone: DEFAULT_TIME_ZONE.to_owned(), zone: TimeZone::UTC, anchor }
    }

    /// `--window DURATION` (at least a second).
    pub fn with_window(mut self, window: Option<&str>) -> Result<Schedule, SpecError> {
        self.window = match window {
            None => None,
            Some(text) => {
                let d = parse_duration(text)?;
                at_least("the window", text, d, MIN_WINDOW)?;
                Some(d)
            }
        };
        Ok(self)
    }

    /// A schedule as a store keeps it ([`kind`](Self::kind), [`expression`](Self::expression),
    /// window in seconds, zone, anchor). A `once` time in the past is accepted here: it is
    /// what was scheduled.
    pub fn from_parts(
        kind: Kind,
        expression: &str,
        window_seconds: Option<u64>,
        time_zone: &str,
        anchor: Timestamp,
    ) -> Result<Schedule, SpecError> {
        let mut schedule = match kind {
            Kind::Cron => Schedule::cron(expression, time_zone, anchor)?,
            Kind::Every => Schedule::every(expression, anchor)?,
            Kind::Once => Schedule::plain(Recurrence::Once(parse_time(expression)?), anchor),
        };
        schedule.window = window_seconds.map(Duration::from_secs);
        Ok(schedule)
    }

    pub fn kind(&self) -> Kind {
        match self.recurrence {
            Recurrence::Cron { .. } => Kind::Cron,
            Recurrence::Every(_) => Kind::Every,
            Recurrence::Once(_) => Kind::Once,
        }
    }

    /// The recurrence as text a store keeps and [`from_parts`](Self::from_parts) reads: the
    /// cron pattern, the interval (`12h`), or the time (RFC 3339, UTC).
    pub fn expression(&self) -> String {
        match &self.recurrence {
            Recurrence::Cron { expression, .. } => expression.clone(),
            Recurrence::Every(d) => format_duration(*d),
            Recurrence::Once(at) => format_time(*at),
        }
    }

    /// Describes the schedule for tables: `cron 0 3 * * * (Europe/Berlin)`, `every 12h`,
    /// `once 2026-01-02T03:04:05Z`, each with `, window 1h` when it has one.
    pub fn describe(&self) -> String {
        let mut text = format!("{} {}", self.kind(), self.expression());
        if self.kind() == Kind::Cron && self.time_zone != DEFAULT_TIME_ZONE {
            text.push_str(&format!(" ({})", self.time_zone));
        }
        if let Some(w) = self.window {
            text.push_str(&format!(", window {}", format_duration(w)));
        }
        text
    }
}

fn at_least(what: &'static str, text: &str, d: Duration, min: Duration) -> Result<(), SpecError> {
    if d < min {
        return Err(SpecError::TooShort { what, text: text.to_owned(), min: format_duration(min) });
    }
    Ok(())
}

fn zone(name: &str) -> Result<TimeZone, SpecError> {
    TimeZone::get(name).map_err(|_| SpecError::TimeZone { zone: name.to_owned() })
}

/// An RFC 3339 time with its offset (`2026-01-02T03:04:05Z`, `…+02:00`), to the second.
fn parse_time(text: &str) -> Result<Timestamp, SpecError> {
    let at: Timestamp = text
        .trim()
        .parse()
        .map_err(|e: jiff::Error| SpecError::Time { text: text.to_owned(), reason: first_clause(&e.to_string()) })?;
    Timestamp::from_second(at.as_second()).map_err(|e| SpecError::Time { text: text.to_owned(), reason: e.to_string() })
}

/// A time as the store writes times: RFC 3339, UTC, to the second.
pub(crate) fn format_time(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// jiff's parse errors nest their causes with `: `; the first is what the user needs.
fn first_clause(message: &str) -> String {
    message.split(": ").next().unwrap_or(message).to_owned()
}

/// The fields of a 5-field pattern, in order.
const CRON_FIELDS: [&str; 5] = ["minute", "hour", "day-of-month", "month", "day-of-week"];

/// What is wrong with a pattern: croner's message without its type names (`Component
/// error: …`), after the field it is about when one field alone is wrong (croner does not
/// say which).
fn cron_reason(parser: &CronParser, expression: &str, e: &croner::errors::CronError) -> String {
    let mut text = e.to_string();
    for prefix in ["Component error: ", "Invalid pattern: ", "Pattern contains illegal characters: "] {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest.to_owned();
        }
    }
    let mut reason = text.trim_end_matches('.').replace("CronPattern contains", "it contains");
    if let Some(first) = reason.get(..1) {
        reason = first.to_lowercase() + &reason[1..];
    }
    let fields: Vec<&str> = expression.split_whitespace().collect();
    let wrong = (0..fields.len().min(CRON_FIELDS.len())).find(|&i| {
        let mut probe = ["*"; 5];
        probe[i] = fields[i];
        parser.parse(&probe.join(" ")).is_err()
    });
    match wrong {
        Some(i) => format!("the {} field '{}': {reason}", CRON_FIELDS[i], fields[i]),
        None => reason,
    }
}
