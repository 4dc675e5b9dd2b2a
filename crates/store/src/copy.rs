//! What `escrot store copy` moves from one store to another, whatever their backends: every
//! environment ever created (deleted ones too, for audit) with its full history.

use crate::journal::RotationLogEntry;
use crate::model::{Revision, Tag};
use crate::name::EnvName;

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
}
