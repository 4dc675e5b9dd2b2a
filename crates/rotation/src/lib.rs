//! Rotating what ESC environments define, and opening what they read:
//!
//! - the rotation engine: plan (evaluate, capture requests wave by wave), journal, create,
//!   verify, commit (a new revision with the new states, rebased onto a concurrent change),
//!   retire; and recovery of attempts a crash interrupted, from the journal
//!   ([`Engine`], [`plan`], [`patch`], [`rebase`], [`target`]);
//! - [`rotators`]: the `fn::rotate::*` rotators escrot ships, as the engine drives them;
//! - [`providers`]: the `fn::open::*` providers, and the registry the evaluator is handed.
//!
//! [`due`] runs the schedules that are due (`rotate --due`): claim, rotate, record.
//!
//! [`definitions`] is the one way a definition is written to the store (check, encrypt,
//! no-plaintext guard, commit). [`carry`] keeps rotation states across a rollback; [`failpoint`] is the crash-test hook both the engine and the rotators call.

pub mod aws;
pub mod carry;
pub mod definitions;
pub mod due;
mod engine;
pub mod failpoint;
/// The rotation lock's waiting (`--lock-timeout`), which lives with the store's locks.
pub use escrot_store::lock;
pub mod patch;
pub mod plan;
pub mod providers;
pub mod rebase;
pub mod rotators;
pub mod signing;
pub mod store_key;
pub mod target;
pub mod trace;
pub mod webhooks;

pub use engine::{Engine, EngineError, PathOutcome, RotateOptions, RotationReport, RotatorLookup};
