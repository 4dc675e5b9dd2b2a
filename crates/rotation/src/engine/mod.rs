//! Running rotations: prepare, journal, create, journal, verify, commit, retire — and
//! recovering attempts that a crash interrupted. The journal writes of a wave's concurrent
//! rotations share transactions (`group.rs`).
//!
//! Invariants:
//! - for a rotator that changes something outside the definition, the intent is journaled
//!   (synced) with what the read-only `prepare` learned before `create` runs, and a created
//!   credential is journaled (encrypted, synced) before anything relies on it, so no
//!   credential is ever lost or orphaned; a rotator that changes only its state journals
//!   what it created once, deferred (ARCHITECTURE.md, "Durable writes");
//! - a `create` that failed is cleaned up after like an interrupted one (it may have changed
//!   something before failing: a timeout after the request was sent);
//! - a journal entry is finished only once what it guards is committed or cleaned up: an
//!   entry whose recovery cannot run now (its inputs cannot be evaluated, the cloud
//!   refuses) stays pending, and its path is not rotated again until it is recovered;
//! - a new revision is committed only if the revision the rotation started from is still
//!   the latest, in one transaction with the rotation log and the journal's progress;
//! - what a rotation makes obsolete is retired only after the commit;
//! - every pending journal entry of an environment is finished or undone before a new
//!   rotation of it starts.

mod commit;
mod group;
mod in_flight;
mod payload;
mod recovery;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;

use self::group::WaveJournal;
use self::payload::{Creating, Payload, retire_failed_write};
use crate::failpoint;
use crate::patch::{self, PatchError};
use crate::plan::{self, Captured, RotateNode, Services};
use crate::rotators::{Created, RotationRequest, Rotator};
use crate::target::{Latest, Target};
use escrot_esc::diag::Diagnostics;
use escrot_esc::provider::{Decrypter, Encrypter, EnvironmentLoader, ProviderLoader};
use escrot_esc::value::Value;
use escrot_esc::{self as esc, ExecContext, ast};
use escrot_store::{
    AttemptId, JournalId, JournalStep, JournalSync, JournalWrite, RotationLogEntry, RotationResult, StoreError,
    now_rfc3339,
};
use zeroize::Zeroizing;

/// Finds a rotator by name.
pub type RotatorLookup<'a> = &'a (dyn Fn(&str) -> Option<Arc<dyn Rotator>> + Sync);

/// What the engine needs.
pub struct Engine<'a> {
    pub rotators: RotatorLookup<'a>,
    pub providers: &'a dyn ProviderLoader,
    pub environments: &'a dyn EnvironmentLoader,
    pub decrypter: &'a dyn Decrypter,
    pub encrypter: &'a (dyn Encrypter + Sync),
    /// `${context}` in every evaluation of a rotation (the plan's, the commit's, the
    /// recovery's), so that they agree.
    pub exec_context: ExecContext,
    pub author: String,
    /// How many rotators run at once.
    pub concurrency: usize,
}

/// What was asked.
#[derive(Clone, Debug, Default)]
pub struct RotateOptions {
    /// Only the `fn::rotate` nodes at these property paths; all when empty.
    pub paths: Vec<String>,
    /// The attempt id to rotate with (a scheduled run's claim names it); a new one if unset.
    pub attempt: Option<AttemptId>,
    /// Rotate nothing if this earlier attempt committed (checked under the rotation lock,
    /// after recovery): a scheduled run taking over from a runner whose lease expired.
    pub unless_committed: Option<AttemptId>,
}

/// How one path fared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathOutcome {
    pub path: String,
    pub rotator: String,
    pub result: RotationResult,
    pub error: Option<String>,
    pub duration_ms: u64,
    /// Whether this outcome finishes an attempt that an earlier run left unfinished.
    pub recovered: bool,
}

/// The result of `escrot rotate` on one environment.
#[derive(Clone, Debug, Default)]
pub struct RotationReport {
    pub outcomes: Vec<PathOutcome>,
    /// The revision the rotation committed, if it committed one.
    pub new_revision: Option<u64>,
    /// Warnings that did not fail the rotation (a retirement that will be retried...).
    pub warnings: Vec<String>,
    /// The revision that [`RotateOptions::unless_committed`]'s attempt had committed: then
    /// nothing was rotated (only recovered).
    pub committed_earlier: Option<u64>,
    /// The attempt the rotations ran as (`None`: none was started), for webhooks.
    pub attempt: Option<AttemptId>,
}

impl RotationReport {
    /// Whether a path was not rotated as asked (it failed, or could not be evaluated).
    pub fn failed(&self) -> bool {
        self.outcomes.iter().any(|o| {
            matches!(o.result, RotationResult::Failed | RotationResult::NotEvaluated | RotationResult::Conflicted)
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the environment's definition is invalid")]
    Invalid(Diagnostics),
    #[error("no fn::rotate at {0}")]
    NoSuchPath(String),
    #[error("{0}")]
    Patch(#[from] PatchError),
    #[error("refusing to store a plaintext secret; this is a bug, please report it")]
    PlaintextSecret,
}

/// A rotation that was created and verified, waiting for the commit.
struct Done {
    node: RotateNode,
    request: RotationRequest,
    created: Created,
    journal: JournalId,
    started_at: String,
    duration_ms: u64,
}

impl Engine<'_> {
    fn services(&self) -> Services<'_> {
        Services {
            decrypter: self.decrypter,
            providers: self.providers,
            environments: self.environments,
            exec_context: self.exec_context.clone(),
        }
    }

    fn load(&self, target: &dyn Target, yaml: &str) -> Result<ast::Environment, EngineError> {
        let (parsed, diags) = esc::load_yaml(&target.name(), yaml);
        match parsed {
            Some(ast) if !esc::diag::has_errors(&diags) => Ok(ast),
            _ => Err(EngineError::Invalid(diags)),
        }
    }

    /// Rotates the definition of `target`.
    pub async fn rotate(&self, target: &dyn Target, opts: &RotateOptions) -> Result<RotationReport, EngineError> {
        let mut report = RotationReport::default();
        // One rotation of a definition at a time: a journal entry found while holding the
        // lock was left by a process that died, so recovering it cannot race its owner.
        let _lock = target.lock()?;
        let hold = self.recover(target, &mut report).await?;
        if let Some(earlier) = &opts.unless_committed
            && let Some(revision) = target.committed_by(earlier)?
        {
            report.committed_earlier = Some(revision);
            return Ok(report);
        }

        let base = target.latest()?;
        let ast = self.load(target, &base.yaml)?;
        let mut nodes = plan::select(&ast, &opts.paths).map_err(EngineError::NoSuchPath)?;
        nodes.retain(|n| !hold.contains(&n.path));
        let attempt = match &opts.attempt {
            Some(attempt) => attempt.clone(),
            None => AttemptId::generate()?,
        };

        report.attempt = Some(attempt.clone());
        let (mut done, mut failed) = self.run_waves(target, &attempt, &base, &nodes).await?;

        failpoint::pause("before-commit");
        let Some(revision) = self.commit_rotations(target, &attempt, &base, &mut done, &mut failed).await? else {
            report.outcomes.extend(failed);
            report.outcomes.sort_by(|a, b| a.path.cmp(&b.path));
            return Ok(report);
        };
        failpoint::hit("after-commit");
        report.new_revision = Some(revision);

        // The retirements run `concurrency` at once, as the rotations did.
        let retirements = in_flight::in_order(self.concurrency, done.iter().map(|d| self.retire(d))).await;
        let mut retired = Vec::with_capacity(done.len());
        for (d, (write, warning)) in done.iter().zip(retirements) {
            report.warnings.extend(warning);
            retired.extend(write);
            report.outcomes.push(PathOutcome {
                path: d.node.path.clone(),
                rotator: d.node.rotator.clone(),
                result: RotationResult::Succeeded,
                error: None,
                duration_ms: d.duration_ms,
                recovered: false,
            });
        }
        // One deferred write for every path: lost to a power loss, the entries stay
        // `committed`, and the next run retires again (retiring twice is harmless) and
        // finishes them; a crash of the process alone never loses it.
        if !retired.is_empty() {
            let _ = target.journal_write(&retired, JournalSync::Deferred);
        }
        failpoint::hit("after-retire");
        report.outcomes.extend(failed);
        report.outcomes.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(report)
    }

    /// Runs the rotations of `nodes` wave by wave: each wave captures the requests whose
    /// inputs are known (those that depend on a rotation of this run see its new state in
    /// the next wave). Returns the rotations created and verified, and the outcomes of the
    /// others (failed, or never evaluable).
    async fn run_waves(
        &self,
        target: &dyn Target,
        attempt: &AttemptId,
        base: &Latest,
        nodes: &[RotateNode],
    ) -> Result<(Vec<Done>, Vec<PathOutcome>), EngineError> {
        let mut text = base.yaml.clone();
        let mut finished: HashSet<String> = HashSet::new();
        let mut done: Vec<Done> = Vec::new();
        let mut failed: Vec<PathOutcome> = Vec::new();
        let journal = WaveJournal::new(target);
        // The last wave captures nothing: its evaluation says why what is left was not.
        let (last_ast, last_diags) = loop {
            let remaining: Vec<RotateNode> = nodes.iter().filter(|n| !finished.contains(&n.path)).cloned().collect();
            let wave_ast = self.load(target, &text)?;
            let (captured, diags) = plan::capture_wave(&target.name(), &wave_ast, &self.services(), &remaining);
            if captured.is_empty() {
                break (wave_ast, diags);
            }
            let mut wave_done = Vec::new();
            for result in self.run_wave(&journal, attempt, captured).await {
                finished.insert(result_path(&result).to_owned());
                match result {
                    Ok(d) => wave_done.push(d),
                    Err(outcome) => failed.push(outcome),
                }
            }
            // The new states are written into the text only for the next wave's evaluation:
            // with nothing left to rotate there is none (the commit writes them into the
            // latest revision itself), which spares a YAML edit per path and an evaluation.
            if nodes.iter().all(|n| finished.contains(&n.path)) {
                done.extend(wave_done);
                return Ok((done, failed));
            }
            let states: Vec<(&str, &Value)> =
                wave_done.iter().map(|d| (d.node.state_path.as_str(), &d.created.new_state)).collect();
            text = patch::set_states(&text, &states, self.encrypter)?;
            done.extend(wave_done);
        };
        // What was never captured could not be evaluated (unknown inputs, or a rotator it
        // depends on failed): say why, from the last evaluation's diagnostics.
        for node in nodes.iter().filter(|n| !finished.contains(&n.path)) {
            let reason = plan::why_not_captured(&last_ast, node, &last_diags).to_string();
            failed.push(PathOutcome {
                path: node.path.clone(),
                rotator: node.rotator.clone(),
                result: RotationResult::NotEvaluated,
                error: Some(reason),
                duration_ms: 0,
                recovered: false,
            });
        }
        Ok((done, failed))
    }

    /// Retires what `d` made obsolete; returns what its journal entry becomes (finished, or
    /// marked for one retry), for the run's one journal write after retiring, and the
    /// warning of a retirement that failed.
    async fn retire(&self, d: &Done) -> (Option<JournalWrite>, Option<String>) {
        let Some(rotator) = (self.rotators)(&d.node.rotator) else { return (None, None) };
        match rotator.retire(&d.request, &d.created).await {
            Ok(()) => (Some(JournalWrite::Finish(d.journal)), None),
            Err(e) => (
                Some(retire_failed_write(d.journal, &d.node.state_path, &d.created)),
                Some(retire_warning(&d.node.path, &e.message, true)),
            ),
        }
    }

    /// Runs one wave's rotations, `concurrency` at once: as soon as one finishes the next
    /// starts (a slow rotation holds up no other). The results are in `captured`'s order.
    async fn run_wave(
        &self,
        journal: &WaveJournal<'_>,
        attempt: &AttemptId,
        captured: Vec<Captured>,
    ) -> Vec<Result<Done, PathOutcome>> {
        in_flight::in_order(self.concurrency, captured.into_iter().map(|c| self.run_one(journal, attempt, c))).await
    }

    /// Prepare → journal → create → journal → verify, for one path (see [`Step`]).
    async fn run_one(&self, journal: &WaveJournal<'_>, attempt: &AttemptId, c: Captured) -> Result<Done, PathOutcome> {
        let start = Instant::now();
        let started_at = now_rfc3339();
        let fail = |error: String| PathOutcome {
            path: c.node.path.clone(),
            rotator: c.node.rotator.clone(),
            result: RotationResult::Failed,
            error: Some(error),
            duration_ms: start.elapsed().as_millis() as u64,
            recovered: false,
        };
        let Some(rotator) = (self.rotators)(&c.node.rotator) else {
            return Err(fail(format!("unknown rotator \"{}\"", c.node.rotator)));
        };
        let mut request = RotationRequest::from_capture(journal.target().name(), &c, serde_json::Value::Null);
        request.attempt = attempt.to_string();
        request.trigger_user = self.author.clone();
        let mut payload =
            Payload { state_path: c.node.state_path.clone(), creating: None, created: None, retire_failed: false };
        let step = Step {
            journal,
            rotator: rotator.as_ref(),
            attempt,
            node: &c.node,
            started_at: &started_at,
            only_state: rotator.changes_only_its_state(),
        };
        let planned = step.prepare(&mut request, &mut payload).await.map_err(&fail)?;
        let created = step.create(&request, planned).await.map_err(&fail)?;
        let entry = step.record_and_verify(&request, &mut payload, &created, planned).await.map_err(&fail)?;

        Ok(Done {
            node: c.node,
            request,
            created,
            journal: entry,
            started_at,
            duration_ms: start.elapsed().as_millis() as u64,
        })
    }
}

/// The steps of one path's rotation; an `Err` is why the rotation failed, with the journal
/// entry finished or kept as the invariants require. What each journal write guards is in
/// ARCHITECTURE.md, "Durable writes": a rotator that changes something outside the
/// definition journals its intent (synced) before `create` and what it created (synced)
/// before anything relies on it; one that changes only its state journals what it created
/// once, deferred (no fsync: a power loss before the commit loses a value nobody has seen).
/// Writes of concurrent rotations share a transaction ([`WaveJournal`]).
struct Step<'a> {
    journal: &'a WaveJournal<'a>,
    rotator: &'a dyn Rotator,
    attempt: &'a AttemptId,
    node: &'a RotateNode,
    /// When the path's rotation began (RFC 3339).
    started_at: &'a str,
    /// [`Rotator::changes_only_its_state`].
    only_state: bool,
}

impl Step<'_> {
    fn target(&self) -> &dyn Target {
        self.journal.target()
    }

    fn begin(&self, step: JournalStep, payload: &Payload) -> JournalWrite {
        JournalWrite::Begin {
            attempt: self.attempt.clone(),
            path: self.node.path.clone(),
            rotator: self.node.rotator.clone(),
            step,
            payload: Zeroizing::new(payload.encode()),
        }
    }

    /// `prepare` (read-only), then, unless the rotator changes only its state, the intent
    /// and what `prepare` returned journaled, synced, before `create` runs: the entry
    /// recovery needs to clean up after a `create` cut short. Nothing has changed before
    /// that write, so a crash or a failure up to it leaves nothing to recover.
    async fn prepare(&self, request: &mut RotationRequest, payload: &mut Payload) -> Result<Option<JournalId>, String> {
        let prepared = self.rotator.prepare(request).await.map_err(|e| e.message)?;
        request.prepared = prepared.clone();
        payload.creating = Some(Creating { prepared, started_at: self.started_at.to_owned() });
        failpoint::hit("after-plan");
        if self.only_state {
            return Ok(None);
        }
        self.journal.write(self.begin(JournalStep::Planned, payload), JournalSync::Now).await.map(Some)
    }

    /// `create`; a failure whose outcome is unknown is cleaned up after as a crash is.
    async fn create(&self, request: &RotationRequest, planned: Option<JournalId>) -> Result<Created, String> {
        let finish = || {
            if let Some(id) = planned {
                let _ = self.target().journal_finish(id);
            }
        };
        match self.rotator.create(request).await {
            Ok(created) => Ok(created),
            Err(e) if !e.outcome_unknown => {
                // Refused before anything changed (a login rejected, an error the server
                // answered with): there is nothing to clean up.
                finish();
                Err(e.message)
            }
            Err(e) => {
                // A `create` that failed this way may still have changed something (a
                // timeout after the request was sent): clean up as after a crash. If that fails too, the entry
                // stays, and the next run cleans up before it rotates this path again.
                Err(match self.rotator.recover_unrecorded(request, self.started_at).await {
                    Ok(()) => {
                        finish();
                        e.message
                    }
                    Err(u) => format!("{e}; cleaning up after it also failed ({u}); the next rotation will retry"),
                })
            }
        }
    }

    /// Journals the created credential (encrypted) before anything relies on it, then
    /// verifies it; a credential that cannot be recorded or verified is taken back. No
    /// `verified` step is written: recovery verifies a `created` entry again anyway, and
    /// the commit moves the entry on.
    async fn record_and_verify(
        &self,
        request: &RotationRequest,
        payload: &mut Payload,
        created: &Created,
        planned: Option<JournalId>,
    ) -> Result<JournalId, String> {
        payload.created = Some(created.clone());
        let (write, sync) = match planned {
            Some(id) => {
                let update =
                    JournalWrite::Update { id, step: JournalStep::Created, payload: Zeroizing::new(payload.encode()) };
                (update, JournalSync::Now)
            }
            None => (self.begin(JournalStep::Created, payload), JournalSync::Deferred),
        };
        let entry = match self.journal.write(write, sync).await {
            Ok(id) => id,
            Err(e) => {
                // The credential exists but could not be recorded: take it back now.
                let _ = self.rotator.undo(request, created).await;
                return Err(e);
            }
        };
        failpoint::hit("after-create");

        if let Err(e) = self.rotator.verify(request, created).await {
            let undone = self.rotator.undo(request, created).await;
            let _ = self.target().journal_finish(entry);
            return Err(match undone {
                Ok(()) => format!("{e} (the new credential was removed)"),
                Err(u) => format!("{e}; removing the new credential also failed: {u}"),
            });
        }
        failpoint::hit("after-verify");
        Ok(entry)
    }
}

/// The warning for a retirement that failed after its rotation was committed.
fn retire_warning(path: &str, error: &str, will_retry: bool) -> String {
    let then = if will_retry { "the next rotation will retry it" } else { "it is not retried again" };
    format!("{path}: the rotation is committed, but its clean-up step failed ({error}); {then}")
}

fn result_path(r: &Result<Done, PathOutcome>) -> &str {
    match r {
        Ok(d) => &d.node.path,
        Err(o) => &o.path,
    }
}

/// The log entry of an outcome that committed nothing (a failure, a roll-back).
fn outcome_log(attempt: &AttemptId, revision_before: Option<u64>, o: &PathOutcome) -> RotationLogEntry {
    RotationLogEntry {
        attempt: attempt.clone(),
        revision_before,
        revision_after: None,
        path: o.path.clone(),
        rotator: o.rotator.clone(),
        result: o.result,
        error: o.error.clone(),
        started_at: now_rfc3339(),
        duration_ms: o.duration_ms,
    }
}

fn log_entry(
    attempt: &AttemptId,
    node: &RotateNode,
    result: RotationResult,
    error: Option<String>,
    started_at: &str,
    duration_ms: u64,
) -> RotationLogEntry {
    RotationLogEntry {
        attempt: attempt.clone(),
        revision_before: None,
        revision_after: None,
        path: node.path.clone(),
        rotator: node.rotator.clone(),
        result,
        error,
        started_at: started_at.to_owned(),
        duration_ms,
    }
}
