//! The `fn::rotate::*` rotators escrot ships, as the rotation engine drives them.
//!
//! ESC's rotator interface is one `rotate` call. escrot splits a rotation into steps
//! (prepare → create → verify → commit → retire, with undo) so that the engine can journal each one
//! and finish or undo an attempt that a crash interrupted: a new credential is never lost
//! and never left behind.

mod aws_iam;
mod common;
pub mod db;
pub mod external;
pub(crate) mod inputs;
mod passphrase;
mod password;
mod redis;
mod registry;

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;

pub use aws_iam::{AwsIam, ROTATED_AT_TAG, UserArn};
pub use db::DbRotator;
pub use external::External;
pub use passphrase::Passphrase;
pub use password::{DEFAULT_SPECIAL, Password};
pub use redis::RedisRotator;
pub use registry::Registry;

use escrot_esc::provider::InputProblem;
use escrot_esc::schema::Schema;
use escrot_esc::value::Value;

/// What a rotator is asked to rotate: one `fn::rotate` node.
#[derive(Clone, Debug, Default)]
pub struct RotationRequest {
    /// The environment (`org/project/env`, or a file's environment name).
    pub environment: String,
    /// The property path of the `fn::rotate` node under `values` (`db.app`).
    pub path: String,
    /// The evaluated inputs, rotate-only inputs included.
    pub inputs: BTreeMap<String, Value>,
    /// The current state, if any.
    pub state: Option<Value>,
    /// What [`Rotator::prepare`] returned for this attempt (null before it ran, and for
    /// rotators that prepare nothing).
    pub prepared: serde_json::Value,
    /// The id of the rotation attempt (the journal's; the interrupted attempt's when
    /// recovering it), for a rotator that tells an external service which attempt a request
    /// belongs to; empty in a preflight.
    pub attempt: String,
    /// Who rotates: the revision's author (`ESCROT_ACTOR`, else the OS user).
    pub trigger_user: String,
}

impl RotationRequest {
    /// An input by name.
    pub fn input(&self, name: &str) -> Option<&Value> {
        self.inputs.get(name)
    }
}

/// The outcome of `create`: what the journal records (encrypted) until the rotation is
/// committed or undone.
#[derive(Clone, Debug, PartialEq)]
pub struct Created {
    /// The state to commit, usually `{current: new, previous: old current}`. Secret parts
    /// are flagged secret.
    pub new_state: Value,
    /// Whatever else `verify`, `retire` or `undo` need (an IAM key id to delete...). Must
    /// not hold secrets other than in `new_state`.
    pub extra: serde_json::Value,
}

/// A rotation step that failed. The message is shown to the user as is, so it never holds
/// a secret; cloud errors keep the cloud's code and message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RotateError {
    pub message: String,
    /// Whether the step may have changed something before it failed: a request that timed
    /// out or lost its connection after it was sent. A `create` that failed that way is
    /// journaled for clean-up ([`Rotator::recover_unrecorded`]); one that certainly changed
    /// nothing (refused before any change: a login rejected, an error the server answered
    /// with) is simply over.
    pub outcome_unknown: bool,
}

impl RotateError {
    /// A failure that changed nothing.
    pub fn new(message: impl Into<String>) -> RotateError {
        RotateError { message: message.into(), outcome_unknown: false }
    }

    /// A failure after which it is unknown whether the change happened.
    pub fn unknown(message: impl Into<String>) -> RotateError {
        RotateError { message: message.into(), outcome_unknown: true }
    }
}

pub type Result<T> = std::result::Result<T, RotateError>;

/// A rotator. `create` is the only step that must be implemented; the others default to
/// doing nothing, which is right for rotators that touch no external system.
#[async_trait]
pub trait Rotator: Send + Sync {
    /// The input, state and output schemas (ESC's `Schema()`).
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>, Arc<Schema>);

    /// What is wrong with inputs that match the input schema (two users that must differ,
    /// minimums beyond a length), each at the input it is about: `check` reports them at
    /// that input's source, and a rotation refuses to start. Inputs not known yet are
    /// unknown; checks that need them are skipped. Messages never hold an input's value
    /// when it is secret. By default, nothing.
    fn validate(&self, inputs: &BTreeMap<String, Value>) -> Vec<InputProblem> {
        let _ = inputs;
        Vec::new()
    }

    /// The value of the `fn::rotate` node (ESC's `Open`): by default, the state.
    fn open(&self, inputs: &BTreeMap<String, Value>, state: Option<&Value>) -> Result<Value> {
        let _ = inputs;
        Ok(state.cloned().unwrap_or_else(|| Value::object(BTreeMap::new())))
    }

    /// A read-only look at what a rotation would do, for `rotate --dry-run` and
    /// `check --live`: one line per action (`would delete access key AKIA…`).
    async fn preflight(&self, req: &RotationRequest) -> Result<Vec<String>> {
        let _ = req;
        Ok(Vec::new())
    }

    /// Read-only, before `create`: what recovery needs to know should `create` be
    /// interrupted or fail half-way (for aws-iam: the keys the user already has, so that a
    /// key made by the interrupted call can be told from one made by someone else). The
    /// engine journals it (encrypted) before `create` runs and passes it back as
    /// `req.prepared` to `create` and `recover_unrecorded`. It must change nothing, and it
    /// must not hold secrets.
    async fn prepare(&self, req: &RotationRequest) -> Result<serde_json::Value> {
        let _ = req;
        Ok(serde_json::Value::Null)
    }

    /// Makes the new credential.
    async fn create(&self, req: &RotationRequest) -> Result<Created>;

    /// Proves the new credential works.
    async fn verify(&self, req: &RotationRequest, created: &Created) -> Result<()> {
        let _ = (req, created);
        Ok(())
    }

    /// After the new state is committed: removes what it made obsolete (the credential two
    /// generations old). Must be idempotent: the journal entry is finished after it without
    /// an fsync of its own, so after a power loss the next run may retire again.
    async fn retire(&self, req: &RotationRequest, created: &Created) -> Result<()> {
        let _ = (req, created);
        Ok(())
    }

    /// Whether [`Rotator::undo`] puts back everything `create` changed. A rotation whose
    /// `fn::rotate` node another writer changed while it ran is not committed: it is undone
    /// when undoing is complete, and otherwise (an IAM key was deleted to make room, a
    /// database password was replaced) kept in the journal, so that the next run commits the
    /// credential that now exists instead of leaving the definition naming one that does not.
    fn undo_is_complete(&self) -> bool {
        false
    }

    /// Whether a rotation changes nothing but the node's state: nothing outside the
    /// definition exists until the commit writes the new state (the generators). Such a
    /// rotation needs no durable journal entry before the commit: a crash or power loss
    /// before it loses only a value nobody has seen, and the next run rotates anew (see
    /// ARCHITECTURE.md, "Durable writes"). `false` unless a rotator says so.
    fn changes_only_its_state(&self) -> bool {
        false
    }

    /// Takes back a created credential that will not be committed.
    async fn undo(&self, req: &RotationRequest, created: &Created) -> Result<()> {
        let _ = (req, created);
        Ok(())
    }

    /// Cleans up after a `create` that was interrupted, or failed, after it may have changed
    /// something but before that was journaled (e.g. deletes an access key that neither the
    /// state nor `req.prepared` knows). `started_at` is when that `create` began (RFC 3339,
    /// to the second, by this machine's clock): nothing it made is older. Called only when
    /// `create` may have run; must be harmless when it changed nothing.
    async fn recover_unrecorded(&self, req: &RotationRequest, started_at: &str) -> Result<()> {
        let _ = (req, started_at);
        Ok(())
    }
}
