//! Support code for running ESC's own conformance corpus against our evaluator: the
//! test-only providers and rotators the corpus names, the toy cipher, the expected-file
//! model, and the comparison that turns a mismatch into a readable diff.
//!
//! Shared by `tests/esc_conformance.rs`, `tests/no_panic.rs` and `bench/eval.rs` (each
//! through `#[path]`); not every user needs every item.

// Each test crate that includes this module uses a different part of it.
#![allow(dead_code)]

pub mod cipher;
pub mod compare;
pub mod corpus;
pub mod environments;
pub mod expected;
pub mod panics;
pub mod providers;
pub mod schemas;
