//! Types of the rotation log (what happened, per attempt and path, kept for history) and the
//! rotation journal (what is in flight, kept until finished so a crashed run can be resumed
//! or undone).

use std::fmt;

use zeroize::Zeroizing;

use super::error::{KeyError, StoreError};
use super::id::{AttemptId, JournalId};
use super::key::AAD_JOURNAL;
use super::name::EnvName;

impl AttemptId {
    /// A new random attempt id (128 bits, hex).
    pub fn generate() -> Result<AttemptId, StoreError> {
        let mut b = [0u8; 16];
        getrandom::fill(&mut b).map_err(|e| KeyError::Random(e.to_string()))?;
        Ok(AttemptId(hex::encode(b)))
    }
}

/// The outcome of rotating one path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RotationResult {
    Succeeded,
    Failed,
    /// Not attempted, e.g. because a rotator it depends on failed.
    NotEvaluated,
    /// Created, then undone (the new credential was deleted again).
    RolledBack,
    /// Created, but not committed: another writer changed (or removed) the `fn::rotate`
    /// node while it rotated. The error says whether the rotation was undone or is kept in
    /// the journal for the next run to commit.
    Conflicted,
}

impl RotationResult {
    pub fn as_str(self) -> &'static str {
        match self {
            RotationResult::Succeeded => "succeeded",
            RotationResult::Failed => "failed",
            RotationResult::NotEvaluated => "not-evaluated",
            RotationResult::RolledBack => "rolled-back",
            RotationResult::Conflicted => "conflicted",
        }
    }

    pub(crate) fn from_db(s: &str) -> Result<RotationResult, StoreError> {
        Ok(match s {
            "succeeded" => RotationResult::Succeeded,
            "failed" => RotationResult::Failed,
            "not-evaluated" => RotationResult::NotEvaluated,
            "rolled-back" => RotationResult::RolledBack,
            "conflicted" => RotationResult::Conflicted,
            other => return Err(StoreError::Corrupt(format!("unknown rotation result '{other}'"))),
        })
    }
}

impl fmt::Display for RotationResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One line of `escrot rotation history`: one path of one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RotationLogEntry {
    pub attempt: AttemptId,
    /// The revision the attempt started from.
    pub revision_before: Option<u64>,
    /// The revision the attempt committed, if it committed one.
    pub revision_after: Option<u64>,
    /// The property path of the `fn::rotate` node (`creds.app`).
    pub path: String,
    /// The rotator (`aws-iam`, `postgres`…).
    pub rotator: String,
    pub result: RotationResult,
    /// Why it failed. Must not contain a secret (rotators' errors are written to be shown).
    pub error: Option<String>,
    /// RFC 3339, UTC.
    pub started_at: String,
    pub duration_ms: u64,
}

/// How far a rotation of one path got (prepare → create → verify → commit → retire). Recorded
/// before each side effect's consequences are relied on, so a resumed run knows what exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JournalStep {
    /// Intent recorded; nothing created yet.
    Planned,
    /// The new credential exists (the payload says which).
    Created,
    /// The new credential was proven to work.
    Verified,
    /// The new state is in a committed revision.
    Committed,
    /// The credential two generations old was retired.
    Retired,
}

impl JournalStep {
    pub fn as_str(self) -> &'static str {
        match self {
            JournalStep::Planned => "planned",
            JournalStep::Created => "created",
            JournalStep::Verified => "verified",
            JournalStep::Committed => "committed",
            JournalStep::Retired => "retired",
        }
    }

    pub(crate) fn from_db(s: &str) -> Result<JournalStep, StoreError> {
        Ok(match s {
            "planned" => JournalStep::Planned,
            "created" => JournalStep::Created,
            "verified" => JournalStep::Verified,
            "committed" => JournalStep::Committed,
            "retired" => JournalStep::Retired,
            other => return Err(StoreError::Corrupt(format!("unknown journal step '{other}'"))),
        })
    }
}

impl fmt::Display for JournalStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unfinished rotation of one path, with its decrypted payload (the rotation engine's own
/// serialization, typically holding the new credential). `Debug` never shows the payload.
#[derive(Clone, PartialEq, Eq)]
pub struct JournalEntry {
    pub id: JournalId,
    pub env: EnvName,
    pub attempt: AttemptId,
    pub path: String,
    pub rotator: String,
    pub step: JournalStep,
    pub payload: Zeroizing<Vec<u8>>,
    pub created_at: String,
    pub updated_at: String,
}

impl fmt::Debug for JournalEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JournalEntry")
            .field("id", &self.id)
            .field("env", &self.env)
            .field("attempt", &self.attempt)
            .field("path", &self.path)
            .field("rotator", &self.rotator)
            .field("step", &self.step)
            .field("payload", &format_args!("[redacted, {} bytes]", self.payload.len()))
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .finish()
    }
}

/// The associated data of a journal payload: binds it to its entry's environment, attempt,
/// path and rotator, so a payload copied into another entry does not decrypt.
pub(crate) fn journal_aad(env: &EnvName, attempt: &AttemptId, path: &str, rotator: &str) -> Vec<u8> {
    let mut aad = AAD_JOURNAL.to_vec();
    for part in [env.to_string().as_str(), attempt.0.as_str(), path, rotator] {
        aad.push(0);
        aad.extend_from_slice(part.as_bytes());
    }
    aad
}
