//! What `escrot store copy` moves from one store to another, whatever their backends: every
//! environment ever created (deleted ones too, for audit) with its full history.

use crate::journal::RotationLogEntry;
use crate::model::{Revision, Tag};
use crate::name::EnvName;
use crate::schedule::{ScheduleRecord, ScheduleRun};

/// One environment as a store keeps it, for copying to another store: revision numbers,
/// authors, times and kinds, tags and the rotation log are carried over as they are, and
/// the YAML keeps its ciphertexts (the destination gets the source's store key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvironmentRecord {
    pub name: EnvName,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// When it was deleted, if it was (its history is kept, and the name may be live again
    /// as another environment).
    pub deleted_at: Option<String>,
    /// Every revision, oldest first.
    pub revisions: Vec<Revision>,
    pub tags: Vec<Tag>,
    /// The rotation log, oldest first.
    pub rotation_log: Vec<RotationLogEntry>,
    /// Its rotation schedules, oldest first, without their leases (a runner of the source
    /// store holds no lease in the copy). Their ids are the source's: the destination gives
    /// them its own, and the runs follow.
    pub schedules: Vec<ScheduleRecord>,
    /// Its schedules' run history, oldest first.
    pub schedule_runs: Vec<ScheduleRun>,
}

/// A run whose schedule is not among its environment's (an export from elsewhere).
pub(crate) fn unknown_schedule(run: &crate::schedule::ScheduleRun) -> crate::error::StoreError {
    crate::error::StoreError::Corrupt(format!(
        "a schedule run names schedule {}, which the copy does not hold",
        run.schedule
    ))
}
