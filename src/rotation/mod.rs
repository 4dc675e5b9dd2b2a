//! The rotation engine: plan (evaluate, capture requests wave by wave), journal, create,
//! verify, commit (a new revision with the new states), retire; and recovery of attempts
//! a crash interrupted, from the journal.

pub mod carry;
mod engine;
pub mod failpoint;
pub mod patch;
pub mod plan;
pub mod rebase;
pub mod target;

pub use engine::{Engine, EngineError, PathOutcome, RotateOptions, RotationReport, RotatorLookup};
