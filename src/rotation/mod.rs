//! The rotation engine: plan (evaluate, capture requests), journal, create, verify,
//! commit (a new revision with the new states), retire; and recovery of interrupted
//! attempts from the journal.

pub mod patch;
pub mod plan;
