//! What the store hands out about environments and their revisions.

use std::fmt;

use super::error::StoreError;
use super::name::EnvName;

/// Why a revision was made. `version history` shows it; `rotation` revisions are the ones a
/// rollback of a rotation would skip over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RevisionKind {
    /// Revision 1, made by `init`.
    Create,
    /// A change by a person (`edit`, `set`, `rm`).
    Edit,
    /// New rotator state written by `rotate`.
    Rotation,
    /// An older definition restored by `version rollback`.
    Rollback,
}

impl RevisionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RevisionKind::Create => "create",
            RevisionKind::Edit => "edit",
            RevisionKind::Rotation => "rotation",
            RevisionKind::Rollback => "rollback",
        }
    }

    pub(crate) fn from_db(s: &str) -> Result<RevisionKind, StoreError> {
        Ok(match s {
            "create" => RevisionKind::Create,
            "edit" => RevisionKind::Edit,
            "rotation" => RevisionKind::Rotation,
            "rollback" => RevisionKind::Rollback,
            other => return Err(StoreError::Corrupt(format!("unknown revision kind '{other}'"))),
        })
    }
}

impl fmt::Display for RevisionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One revision of a definition: the YAML text exactly as committed (its `fn::secret`
/// values already encrypted by the caller).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    /// 1 for the first revision, then +1 per commit, never reused.
    pub number: u64,
    pub yaml: String,
    pub author: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub kind: RevisionKind,
}

/// A revision without its text, for `version history`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevisionMeta {
    pub number: u64,
    pub author: String,
    pub created_at: String,
    pub kind: RevisionKind,
    /// Tags pointing at this revision, sorted.
    pub tags: Vec<String>,
}

/// One environment in a listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvSummary {
    pub name: EnvName,
    pub latest_revision: u64,
    /// When the environment was created (RFC 3339, UTC).
    pub created_at: String,
    /// When its latest revision was made (RFC 3339, UTC).
    pub modified_at: String,
}

/// A tag: a name for one revision of one environment (`acme/db/prod@stable`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub revision: u64,
    pub created_at: String,
    pub updated_at: String,
}
