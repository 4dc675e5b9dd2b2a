//! Rotation schedules as the store keeps them (`escrot schedule`, `rotate --due`): what a
//! schedule says, when it is next due, how its last run went, its lease, and its run
//! history. The store keeps a schedule's recurrence as text (`kind`, `expression`, …);
//! computing with it is `escrot-schedule`'s job, so every backend stores the same data.

use std::fmt;

use crate::error::StoreError;
use crate::id::AttemptId;
pub use crate::id::ScheduleId;
use crate::name::EnvName;

/// When a schedule's occurrences are, as text `escrot-schedule` reads back
/// (`Schedule::from_parts`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleSpec {
    /// `cron`, `every` or `once`.
    pub kind: String,
    /// The cron pattern, the interval (`12h`) or the time (RFC 3339, UTC).
    pub expression: String,
    /// How late an occurrence may still start, in seconds; `None`: any time.
    pub window_seconds: Option<u64>,
    /// The IANA zone a cron pattern is read in.
    pub time_zone: String,
    /// When the recurrence was set (RFC 3339, UTC): `every` counts its intervals from it.
    pub anchor_at: String,
}

/// When a schedule is next due: the time a runner should act, and the occurrence that run
/// serves (earlier than `at` while a failed occurrence is being retried). RFC 3339, UTC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleDue {
    pub at: String,
    pub occurrence: String,
}

/// How a scheduled run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScheduleRunResult {
    Succeeded,
    Failed,
    /// The occurrence could not start inside its window: nothing was rotated.
    Missed,
}

impl ScheduleRunResult {
    pub fn as_str(self) -> &'static str {
        match self {
            ScheduleRunResult::Succeeded => "succeeded",
            ScheduleRunResult::Failed => "failed",
            ScheduleRunResult::Missed => "missed",
        }
    }

    pub(crate) fn from_db(s: &str) -> Result<ScheduleRunResult, StoreError> {
        Ok(match s {
            "succeeded" => ScheduleRunResult::Succeeded,
            "failed" => ScheduleRunResult::Failed,
            "missed" => ScheduleRunResult::Missed,
            other => return Err(StoreError::Corrupt(format!("unknown schedule run result '{other}'"))),
        })
    }
}

impl fmt::Display for ScheduleRunResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A schedule's last run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LastRun {
    /// When it started (RFC 3339, UTC).
    pub at: String,
    pub result: ScheduleRunResult,
    /// The revision the rotation committed, if it committed one.
    pub revision: Option<u64>,
    /// The rotation attempt (`escrot rotation history`); none for a missed occurrence.
    pub attempt: Option<AttemptId>,
}

/// A runner's claim on a schedule: no other runner claims it until `expires_at`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lease {
    pub owner: String,
    pub expires_at: String,
    /// The rotation attempt the claimed run uses: a runner that takes over an expired lease
    /// looks for it in the rotation log before rotating again.
    pub attempt: AttemptId,
}

/// A schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleRecord {
    pub id: ScheduleId,
    pub env: EnvName,
    /// The property paths it rotates; empty: every `fn::rotate` of the environment.
    pub paths: Vec<String>,
    pub spec: ScheduleSpec,
    /// `None`: nothing is left to run (a `once` schedule that ran).
    pub due: Option<ScheduleDue>,
    pub last_run: Option<LastRun>,
    pub consecutive_failures: u32,
    pub paused: bool,
    pub lease: Option<Lease>,
    pub created_at: String,
    pub modified_at: String,
}

/// A change to a schedule (`schedule edit`, `pause`, `resume`); `None` keeps the field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScheduleChange {
    pub paths: Option<Vec<String>>,
    /// A new recurrence, with when it is first due.
    pub spec: Option<(ScheduleSpec, Option<ScheduleDue>)>,
    pub paused: Option<bool>,
}

/// A claimed schedule, for `rotate --due`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    pub schedule: ScheduleRecord,
    /// The attempt id this run must rotate with (also in `schedule.lease`).
    pub attempt: AttemptId,
    /// The attempt of a runner whose lease expired before it finished (it died, or is
    /// stuck): its rotation may have committed, or be pending in the journal.
    pub previous_attempt: Option<AttemptId>,
}

/// One scheduled run, as recorded in the history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleRun {
    pub schedule: ScheduleId,
    /// The occurrence it served (RFC 3339, UTC).
    pub occurrence_at: String,
    pub started_at: String,
    pub duration_ms: u64,
    pub result: ScheduleRunResult,
    pub revision: Option<u64>,
    pub attempt: Option<AttemptId>,
    /// Why it failed, or was missed.
    pub error: Option<String>,
    /// The runner that ran it (its lease owner).
    pub runner: String,
}

/// What a runner records when a claimed run ends: the run, and the schedule's state after
/// it (applied only while the runner still holds its lease).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunFinish {
    pub run: ScheduleRun,
    pub next_due: Option<ScheduleDue>,
    pub consecutive_failures: u32,
}

/// When a lease given at `now` for `lease` ends, as stored (see [`lease_expiry`]); a lease
/// too long to represent ends at the end of time.
pub(crate) fn lease_end(now: jiff::Timestamp, lease: std::time::Duration) -> String {
    let at = jiff::SignedDuration::try_from(lease).ok().and_then(|d| now.checked_add(d).ok());
    lease_expiry(at.unwrap_or(jiff::Timestamp::MAX))
}

/// A lease's expiry as text, rounded UP to the second (times are kept to the second): a
/// lease never ends before the time it was given. Both backends store it so.
pub(crate) fn lease_expiry(at: jiff::Timestamp) -> String {
    let up =
        if at.subsec_nanosecond() > 0 { at.checked_add(jiff::SignedDuration::from_secs(1)).unwrap_or(at) } else { at };
    crate::time::format_timestamp(up)
}
