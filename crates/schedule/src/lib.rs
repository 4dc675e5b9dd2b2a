//! Rotation schedules as arithmetic, with no I/O and no clock of its own: every function
//! takes the current time as an argument, so tests inject it.
//!
//! A [`Schedule`] is a [`Recurrence`] (a cron pattern read in a time zone, a fixed interval,
//! or one instant), an optional window (how late an occurrence may still start) and the
//! anchor fixed intervals count from. What a runner does with a due schedule follows from
//! three rules:
//!
//! - **coalescing**: occurrences missed while no runner ran collapse into the latest one,
//!   which runs once ([`Schedule::decide`]);
//! - **windows**: an occurrence that can no longer start inside its window is missed, not
//!   run late;
//! - **backoff**: a failed run is retried after 1 min, 5 min, 30 min, then every 2 h, never
//!   later than the next occurrence ([`Schedule::after_failure`]).
//!
//! Module order, one way: `duration` → `error` → `spec` → `due`.

mod due;
mod duration;
mod error;
mod spec;

pub use due::{BACKOFF, Decision, Due, backoff};
pub use duration::{format_duration, parse_duration};
pub use error::SpecError;
pub use spec::{DEFAULT_TIME_ZONE, Kind, MIN_INTERVAL, Recurrence, Schedule};
