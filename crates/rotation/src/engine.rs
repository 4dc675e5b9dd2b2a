//! Running rotations: journal, create, verify, commit, retire — and recovering attempts
//! that a crash interrupted.
//!
//! Invariants:
//! - the intent is journaled before any side effect, what `prepare` learned is journaled
//!   before `create` runs, and a created credential is journaled (encrypted) before anything
//!   relies on it, so no credential is ever lost or orphaned;
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

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;

use crate::definitions;
use crate::failpoint;
use crate::patch::{self, PatchError};
use crate::plan::{self, Captured, RotateNode, Services};
use crate::rebase::{Definitions, NodeDefinition};
use crate::rotators::{Created, RotationRequest, Rotator};
use crate::target::{Latest, Target};
use escrot_esc::diag::Diagnostics;
use escrot_esc::provider::{Decrypter, Encrypter, EnvironmentLoader, ProviderLoader};
use escrot_esc::value::Value;
use escrot_esc::{self as esc, ast};
use escrot_store::{
    AttemptId, JournalChange, JournalEntry, JournalId, JournalStep, RotationLogEntry, RotationResult, StoreError,
    now_rfc3339,
};

/// Finds a rotator by name.
pub type RotatorLookup<'a> = &'a (dyn Fn(&str) -> Option<Arc<dyn Rotator>> + Sync);

/// What the engine needs.
pub struct Engine<'a> {
    pub rotators: RotatorLookup<'a>,
    pub providers: &'a dyn ProviderLoader,
    pub environments: &'a dyn EnvironmentLoader,
    pub decrypter: &'a dyn Decrypter,
    pub encrypter: &'a (dyn Encrypter + Sync),
    pub exec_context: Value,
    pub author: String,
    /// How many rotators run at once.
    pub concurrency: usize,
}

/// What was asked.
#[derive(Clone, Debug, Default)]
pub struct RotateOptions {
    /// Only the `fn::rotate` nodes at these property paths; all when empty.
    pub paths: Vec<String>,
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

/// The journal's payload for one path: where the state goes, what `prepare` returned once
/// `create` is about to run, and, once created, what was.
#[derive(Clone, Debug)]
struct Payload {
    state_path: String,
    /// Set just before `create` runs: from then on, something may have changed.
    creating: Option<Creating>,
    created: Option<Created>,
    /// Set when a run committed the rotation and then failed to retire: the next run retries
    /// retiring once, and rotates the path anew (unlike after a crash between commit and
    /// retire, when the commit is that next run's rotation of the path).
    retire_failed: bool,
}

/// What the journal knows of a `create` that is running (or was, when the process died).
#[derive(Clone, Debug)]
struct Creating {
    /// What `prepare` returned.
    prepared: serde_json::Value,
    /// When the path's rotation began, before its intent was journaled (RFC 3339): nothing
    /// `create` made is older.
    started_at: String,
}

impl Payload {
    fn encode(&self) -> Vec<u8> {
        let creating =
            self.creating.as_ref().map(|c| serde_json::json!({"prepared": c.prepared, "started_at": c.started_at}));
        let created =
            self.created.as_ref().map(|c| serde_json::json!({"new_state": c.new_state.to_wire(), "extra": c.extra}));
        serde_json::to_vec(&serde_json::json!({
            "state_path": self.state_path,
            "creating": creating,
            "created": created,
            "retire_failed": self.retire_failed,
        }))
        .unwrap_or_default()
    }

    fn decode(bytes: &[u8]) -> Option<Payload> {
        let v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
        let state_path = v.get("state_path")?.as_str()?.to_owned();
        let creating = match v.get("creating") {
            Some(c) if !c.is_null() => Some(Creating {
                prepared: c.get("prepared").cloned().unwrap_or_default(),
                started_at: c.get("started_at")?.as_str()?.to_owned(),
            }),
            _ => None,
        };
        let created = match v.get("created") {
            Some(c) if !c.is_null() => Some(Created {
                new_state: Value::from_wire(c.get("new_state")?)?,
                extra: c.get("extra").cloned().unwrap_or_default(),
            }),
            _ => None,
        };
        let retire_failed = v.get("retire_failed").and_then(serde_json::Value::as_bool).unwrap_or(false);
        Some(Payload { state_path, creating, created, retire_failed })
    }
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

        let base = target.latest()?;
        let ast = self.load(target, &base.yaml)?;
        let mut nodes = plan::select(&ast, &opts.paths).map_err(EngineError::NoSuchPath)?;
        nodes.retain(|n| !hold.contains(&n.path));
        let attempt = AttemptId::generate()?;

        let mut text = base.yaml.clone();
        let mut finished: HashSet<String> = HashSet::new();
        let mut done: Vec<Done> = Vec::new();
        let mut failed: Vec<PathOutcome> = Vec::new();
        // The last wave captures nothing: its evaluation says why what is left was not.
        let (last_ast, last_diags) = loop {
            let remaining: Vec<RotateNode> = nodes.iter().filter(|n| !finished.contains(&n.path)).cloned().collect();
            let wave_ast = self.load(target, &text)?;
            let (captured, diags) = plan::capture_wave(&target.name(), &wave_ast, &self.services(), &remaining);
            if captured.is_empty() {
                break (wave_ast, diags);
            }
            for result in self.run_wave(target, &attempt, captured).await {
                finished.insert(result_path(&result).to_owned());
                match result {
                    Ok(d) => {
                        text = patch::set_state(&text, &d.node.state_path, &d.created.new_state, self.encrypter)?;
                        done.push(d);
                    }
                    Err(outcome) => failed.push(outcome),
                }
            }
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

        failpoint::pause("before-commit");
        let Some(revision) = self.commit_rotations(target, &attempt, &base, &mut done, &mut failed).await? else {
            report.outcomes.extend(failed);
            report.outcomes.sort_by(|a, b| a.path.cmp(&b.path));
            return Ok(report);
        };
        failpoint::hit("after-commit");
        report.new_revision = Some(revision);

        for d in &done {
            self.retire(target, d, &mut report).await;
            report.outcomes.push(PathOutcome {
                path: d.node.path.clone(),
                rotator: d.node.rotator.clone(),
                result: RotationResult::Succeeded,
                error: None,
                duration_ms: d.duration_ms,
                recovered: false,
            });
        }
        failpoint::hit("after-retire");
        report.outcomes.extend(failed);
        report.outcomes.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(report)
    }

    /// Commits the new states of `done`, with the rotation log of the whole attempt (the
    /// outcomes in `failed` included), and returns the new revision.
    ///
    /// Into `base` if it is still the latest revision; otherwise *rebased* onto the latest,
    /// as long as each rotated `fn::rotate` node is unchanged there. A rotation whose node
    /// another writer changed or removed meanwhile leaves `done` for `failed` (see
    /// [`Engine::set_aside`]), and the others are committed without it. When the store
    /// cannot commit at all, every rotation stays journaled (verified), and the next run
    /// commits it: a credential that now exists is never dropped. Returns `None` when
    /// nothing was committed; the log is written either way.
    async fn commit_rotations(
        &self,
        target: &dyn Target,
        attempt: &AttemptId,
        base: &Latest,
        done: &mut Vec<Done>,
        failed: &mut Vec<PathOutcome>,
    ) -> Result<Option<u64>, EngineError> {
        let defined = Definitions::read(&target.name(), &base.yaml, self.decrypter);
        let mut latest = base.clone();
        while !done.is_empty() {
            let states: Vec<NewState> = done
                .iter()
                .map(|d| NewState {
                    state_path: &d.node.state_path,
                    state: &d.created.new_state,
                    expect: Expect::Unchanged(defined.node(&d.node.state_path)),
                })
                .collect();
            let log: Vec<RotationLogEntry> = done
                .iter()
                .map(|d| log_entry(attempt, &d.node, RotationResult::Succeeded, None, &d.started_at, d.duration_ms))
                .chain(failed.iter().map(|o| outcome_log(attempt, Some(base.revision), o)))
                .collect();
            let changes: Vec<JournalChange> =
                done.iter().map(|d| JournalChange::Step(d.journal, JournalStep::Committed)).collect();
            match self.commit_states(target, latest.clone(), &states, &log, &changes) {
                Ok(Commit::Committed(revision)) => return Ok(Some(revision)),
                Ok(Commit::Changed { latest: newer, changed }) => {
                    for i in changed.into_iter().rev() {
                        let d = done.remove(i);
                        failed.push(self.set_aside(target, d, &newer).await);
                    }
                    latest = newer;
                }
                Err(e) => {
                    // Nothing was committed, but every credential is journaled (verified):
                    // the next run commits it, as after a crash before the commit.
                    let reason = format!(
                        "the new state could not be committed ({e}); the new credential is kept in the \
                         rotation journal and the next rotation commits it"
                    );
                    failed.extend(done.drain(..).map(|d| PathOutcome {
                        path: d.node.path.clone(),
                        rotator: d.node.rotator.clone(),
                        result: RotationResult::Failed,
                        error: Some(reason.clone()),
                        duration_ms: d.duration_ms,
                        recovered: false,
                    }));
                }
            }
        }
        let log: Vec<RotationLogEntry> = failed.iter().map(|o| outcome_log(attempt, Some(base.revision), o)).collect();
        if !log.is_empty() {
            target.append_log(&log)?;
        }
        Ok(None)
    }

    /// Writes `states` into `latest` and commits the result, re-reading the latest revision
    /// and writing them again for as long as another writer commits first. Stops with
    /// [`Commit::Changed`] as soon as a revision does not meet a state's expectation.
    fn commit_states(
        &self,
        target: &dyn Target,
        mut latest: Latest,
        states: &[NewState<'_>],
        log: &[RotationLogEntry],
        changes: &[JournalChange],
    ) -> Result<Commit, EngineError> {
        let mut first = true;
        loop {
            // The revision a rotation started from meets every expectation by definition.
            if !first {
                let defined = Definitions::read(&target.name(), &latest.yaml, self.decrypter);
                let changed: Vec<usize> = states
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| !s.expect.is_met_by(defined.node(s.state_path)))
                    .map(|(i, _)| i)
                    .collect();
                if !changed.is_empty() {
                    return Ok(Commit::Changed { latest, changed });
                }
            }
            first = false;
            let mut text = latest.yaml.clone();
            for s in states {
                text = patch::set_state(&text, s.state_path, s.state, self.encrypter)?;
            }
            // The store's write gate: a rotation never adds a plaintext secret (a file may
            // hold the ones its owner wrote; the store holds none).
            if definitions::plaintext_secrets(&text) > definitions::plaintext_secrets(&latest.yaml) {
                return Err(EngineError::PlaintextSecret);
            }
            match target.commit(latest.revision, &text, &self.author, log, changes) {
                Ok(revision) => return Ok(Commit::Committed(revision)),
                Err(StoreError::Conflict { .. }) => latest = target.latest()?,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// A rotation that cannot be committed because another writer changed (or removed) its
    /// `fn::rotate` node while it ran. It is undone when that restores everything (or the
    /// node is gone, so nothing names the new credential); otherwise the journal keeps it,
    /// and the next run commits the credential that now exists.
    async fn set_aside(&self, target: &dyn Target, d: Done, latest: &Latest) -> PathOutcome {
        let gone = Definitions::read(&target.name(), &latest.yaml, self.decrypter).node(&d.node.state_path).is_none();
        let what = if gone { "removed" } else { "changed" };
        let why = format!(
            "revision {} {what} this fn::rotate while it rotated, so its new state was not written",
            latest.revision
        );
        let rotator = (self.rotators)(&d.node.rotator);
        let error = match rotator {
            Some(r) if gone || r.undo_is_complete() => match r.undo(&d.request, &d.created).await {
                Ok(()) => {
                    let _ = target.journal_finish(d.journal);
                    let then = if gone { "" } else { ": rotate again to rotate it as it is now" };
                    format!("{why}; the rotation was undone{then}")
                }
                Err(u) => format!("{why}; undoing it failed ({u}), the next rotation retries"),
            },
            _ => format!(
                "{why}; the new credential is kept in the rotation journal and the next rotation writes it \
                 into the definition"
            ),
        };
        PathOutcome {
            path: d.node.path.clone(),
            rotator: d.node.rotator.clone(),
            result: RotationResult::Conflicted,
            error: Some(error),
            duration_ms: d.duration_ms,
            recovered: false,
        }
    }

    async fn retire(&self, target: &dyn Target, d: &Done, report: &mut RotationReport) {
        let Some(rotator) = (self.rotators)(&d.node.rotator) else { return };
        match rotator.retire(&d.request, &d.created).await {
            Ok(()) => {
                let _ = target.journal_finish(d.journal);
            }
            Err(e) => {
                report.warnings.push(retire_warning(&d.node.path, &e.message, true));
                mark_retire_failed(target, d.journal, &d.node.state_path, &d.created);
            }
        }
    }

    /// Runs one wave's rotations, at most `concurrency` at once.
    async fn run_wave(
        &self,
        target: &dyn Target,
        attempt: &AttemptId,
        captured: Vec<Captured>,
    ) -> Vec<Result<Done, PathOutcome>> {
        let limit = self.concurrency.max(1);
        let mut results = Vec::with_capacity(captured.len());
        let mut pending = captured.into_iter();
        loop {
            let batch: Vec<Captured> = pending.by_ref().take(limit).collect();
            if batch.is_empty() {
                break;
            }
            let futures = batch.into_iter().map(|c| self.run_one(target, attempt, c));
            results.extend(futures_util::future::join_all(futures).await);
        }
        results
    }

    /// Journal → prepare → journal → create → journal → verify → journal, for one path.
    async fn run_one(&self, target: &dyn Target, attempt: &AttemptId, c: Captured) -> Result<Done, PathOutcome> {
        let start = Instant::now();
        let started_at = now_rfc3339();
        let fail = |c: &Captured, result: RotationResult, error: String, start: Instant| PathOutcome {
            path: c.node.path.clone(),
            rotator: c.node.rotator.clone(),
            result,
            error: Some(error),
            duration_ms: start.elapsed().as_millis() as u64,
            recovered: false,
        };
        let Some(rotator) = (self.rotators)(&c.node.rotator) else {
            return Err(fail(&c, RotationResult::Failed, format!("unknown rotator \"{}\"", c.node.rotator), start));
        };
        let mut request = RotationRequest::from_capture(target.name(), &c, serde_json::Value::Null);
        let mut payload =
            Payload { state_path: c.node.state_path.clone(), creating: None, created: None, retire_failed: false };
        let journal = target
            .journal_begin(attempt, &c.node.path, &c.node.rotator, &payload.encode())
            .map_err(|e| fail(&c, RotationResult::Failed, e.to_string(), start))?;
        failpoint::hit("after-plan");

        // Nothing has changed yet: a failure here only ends the entry.
        let prepared = rotator.prepare(&request).await.map_err(|e| e.message).and_then(|prepared| {
            request.prepared = prepared.clone();
            payload.creating = Some(Creating { prepared, started_at: started_at.clone() });
            target.journal_update(journal, JournalStep::Planned, &payload.encode()).map_err(|e| e.to_string())
        });
        if let Err(message) = prepared {
            let _ = target.journal_finish(journal);
            return Err(fail(&c, RotationResult::Failed, message, start));
        }

        let created = match rotator.create(&request).await {
            Ok(created) => created,
            Err(e) if !e.outcome_unknown => {
                // Refused before anything changed (a login rejected, an error the server
                // answered with): there is nothing to clean up.
                let _ = target.journal_finish(journal);
                return Err(fail(&c, RotationResult::Failed, e.message, start));
            }
            Err(e) => {
                // A `create` that failed this way may still have changed something (a
                // timeout after the request was sent): clean up as after a crash. If that fails too, the entry
                // stays, and the next run cleans up before it rotates this path again.
                let message = match rotator.recover_unrecorded(&request, &started_at).await {
                    Ok(()) => {
                        let _ = target.journal_finish(journal);
                        e.message
                    }
                    Err(u) => format!("{e}; cleaning up after it also failed ({u}); the next rotation will retry"),
                };
                return Err(fail(&c, RotationResult::Failed, message, start));
            }
        };
        payload.created = Some(created.clone());
        let recorded = target.journal_update(journal, JournalStep::Created, &payload.encode());
        if let Err(e) = recorded {
            // The credential exists but could not be recorded: take it back now.
            let _ = rotator.undo(&request, &created).await;
            return Err(fail(&c, RotationResult::Failed, e.to_string(), start));
        }
        failpoint::hit("after-create");

        if let Err(e) = rotator.verify(&request, &created).await {
            let undone = rotator.undo(&request, &created).await;
            let _ = target.journal_finish(journal);
            let message = match undone {
                Ok(()) => format!("{e} (the new credential was removed)"),
                Err(u) => format!("{e}; removing the new credential also failed: {u}"),
            };
            return Err(fail(&c, RotationResult::Failed, message, start));
        }
        let _ = target.journal_update(journal, JournalStep::Verified, &payload.encode());
        failpoint::hit("after-verify");

        Ok(Done {
            node: c.node,
            request,
            created,
            journal,
            started_at,
            duration_ms: start.elapsed().as_millis() as u64,
        })
    }

    /// Finishes or undoes what earlier runs left in the journal for `target`. Returns the
    /// paths this run must not rotate again: those whose interrupted rotation was just
    /// committed (rotating again would retire that credential before anyone could use it)
    /// and those whose entry could not be recovered now.
    async fn recover(&self, target: &dyn Target, report: &mut RotationReport) -> Result<HashSet<String>, EngineError> {
        let mut hold = HashSet::new();
        for entry in target.journal_pending()? {
            let recovery = self.recover_one(target, &entry, report).await?;
            if recovery.hold {
                hold.insert(entry.path.clone());
            }
            if recovery.log {
                target.append_log(&[outcome_log(&entry.attempt, None, &recovery.outcome)])?;
            }
            report.outcomes.push(recovery.outcome);
        }
        Ok(hold)
    }

    async fn recover_one(
        &self,
        target: &dyn Target,
        entry: &JournalEntry,
        report: &mut RotationReport,
    ) -> Result<Recovery, EngineError> {
        let start = Instant::now();
        let outcome = |result: RotationResult, error: Option<String>| PathOutcome {
            path: entry.path.clone(),
            rotator: entry.rotator.clone(),
            result,
            error,
            duration_ms: start.elapsed().as_millis() as u64,
            recovered: true,
        };
        // Ends the entry: recovered (or nothing left to recover).
        let finished = |outcome: PathOutcome| -> Result<Recovery, EngineError> {
            target.journal_finish(entry.id)?;
            Ok(Recovery { outcome, hold: false, log: true })
        };
        // Keeps the entry for the next run, which tries again; the path waits until then.
        let kept = |error: String| Recovery {
            outcome: outcome(RotationResult::Failed, Some(format!("{error}; the next rotation will retry"))),
            hold: true,
            log: true,
        };
        let payload = Payload::decode(&entry.payload);
        let rotator = (self.rotators)(&entry.rotator);
        let (Some(payload), Some(rotator)) = (payload, rotator) else {
            return finished(outcome(RotationResult::Failed, Some("an unreadable journal entry was discarded".into())));
        };
        if entry.step == JournalStep::Planned && payload.creating.is_none() {
            // Interrupted before `create` began (`prepare` changes nothing): nothing to undo.
            return finished(outcome(RotationResult::RolledBack, None));
        }
        let base = target.latest()?;
        let request = match self.recovery_request(target, &base.yaml, entry, &payload) {
            Ok(request) => request,
            Err(Unrecoverable::Gone) => {
                // The path left the definition: there are no inputs to reach the system with.
                let error = match &payload.created {
                    Some(_) => {
                        "the rotated value is no longer in the definition; its new credential could not \
                               be removed"
                    }
                    None => "the rotated value is no longer in the definition",
                };
                return finished(outcome(RotationResult::Failed, Some(error.to_owned())));
            }
            Err(Unrecoverable::NotNow(reason)) => {
                return Ok(kept(format!("cannot finish the interrupted rotation now: {reason}")));
            }
        };

        // A committed entry whose state is not in the definition (a file checked out again
        // after the commit, or a crash between a file's journal and its rewrite) is not
        // finished: its credential is committed again, as if the commit had not happened.
        let step = match (entry.step, &payload.created) {
            (JournalStep::Committed | JournalStep::Retired, Some(created))
                if !self.holds_state(target, &base, &payload.state_path, &created.new_state)? =>
            {
                JournalStep::Verified
            }
            (step, _) => step,
        };
        match (step, &payload.created) {
            (JournalStep::Planned, _) | (_, None) => {
                // `create` began but what it made was never recorded: the rotator finds and
                // removes it.
                let started_at = payload.creating.as_ref().map(|c| c.started_at.as_str()).unwrap_or(&entry.created_at);
                match rotator.recover_unrecorded(&request, started_at).await {
                    Ok(()) => finished(outcome(RotationResult::RolledBack, None)),
                    Err(e) => Ok(kept(format!("cleaning up after the interrupted rotation failed: {e}"))),
                }
            }
            (JournalStep::Created | JournalStep::Verified, Some(created)) => {
                if let Err(e) = rotator.verify(&request, created).await {
                    return match rotator.undo(&request, created).await {
                        Ok(()) => finished(outcome(RotationResult::RolledBack, Some(e.message))),
                        Err(u) => Ok(kept(format!("{e}; removing the new credential failed: {u}"))),
                    };
                }
                // Finish the interrupted rotation: commit the credential it created.
                let log = [RotationLogEntry {
                    attempt: entry.attempt.clone(),
                    revision_before: Some(base.revision),
                    revision_after: None,
                    path: entry.path.clone(),
                    rotator: entry.rotator.clone(),
                    result: RotationResult::Succeeded,
                    error: None,
                    started_at: entry.created_at.clone(),
                    duration_ms: 0,
                }];
                // Into whatever the definition holds by then: the credential exists, so the
                // state must name it (only a removed node is not written into).
                let state =
                    [NewState { state_path: &payload.state_path, state: &created.new_state, expect: Expect::Present }];
                let changes = [JournalChange::Step(entry.id, JournalStep::Committed)];
                let rev = match self.commit_states(target, base, &state, &log, &changes)? {
                    Commit::Committed(rev) => rev,
                    Commit::Changed { .. } => {
                        return Ok(kept(
                            "the rotated value left the definition while its rotation was being \
                                        finished"
                                .into(),
                        ));
                    }
                };
                report.new_revision = Some(rev);
                match rotator.retire(&request, created).await {
                    Ok(()) => target.journal_finish(entry.id)?,
                    Err(e) => {
                        report.warnings.push(retire_warning(&entry.path, &e.message, true));
                        mark_retire_failed(target, entry.id, &payload.state_path, created);
                    }
                }
                // Logged by the commit; this path was rotated by this run.
                Ok(Recovery { outcome: outcome(RotationResult::Succeeded, None), hold: true, log: false })
            }
            (JournalStep::Committed | JournalStep::Retired, Some(created)) => {
                // Committed by an earlier run, which logged it; only retiring may be left.
                // Retiring is retried once, here: a retirement that keeps failing (a login
                // without the permission) must not hold the path's rotations back forever.
                if entry.step == JournalStep::Committed
                    && let Err(e) = rotator.retire(&request, created).await
                {
                    report.warnings.push(retire_warning(&entry.path, &e.message, false));
                }
                target.journal_finish(entry.id)?;
                // After a crash between commit and retire, that commit is this run's rotation of
                // the path; after a run that finished but failed to retire, it is not.
                Ok(Recovery {
                    outcome: outcome(RotationResult::Succeeded, None),
                    hold: !payload.retire_failed,
                    log: false,
                })
            }
        }
    }

    /// Whether `latest` holds `state` at `state_path` (compared as data, secrets decrypted).
    fn holds_state(
        &self,
        target: &dyn Target,
        latest: &Latest,
        state_path: &str,
        state: &Value,
    ) -> Result<bool, EngineError> {
        let expected = patch::set_state(&latest.yaml, state_path, state, self.encrypter)?;
        let name = target.name();
        let now = Definitions::read(&name, &latest.yaml, self.decrypter).node(state_path);
        Ok(now.is_some() && now == Definitions::read(&name, &expected, self.decrypter).node(state_path))
    }

    /// The request of a journaled path, evaluated from the current definition (the inputs,
    /// rotate-only ones included, are never journaled), with what `prepare` returned.
    fn recovery_request(
        &self,
        target: &dyn Target,
        yaml: &str,
        entry: &JournalEntry,
        payload: &Payload,
    ) -> Result<RotationRequest, Unrecoverable> {
        let ast = self.load(target, yaml).map_err(|_| Unrecoverable::NotNow("the definition has errors".into()))?;
        let node = plan::rotate_nodes(&ast)
            .into_iter()
            .find(|n| n.path == entry.path && n.state_path == payload.state_path)
            .ok_or(Unrecoverable::Gone)?;
        let (captured, diags) = plan::capture_wave(&target.name(), &ast, &self.services(), std::slice::from_ref(&node));
        let Some(c) = captured.into_iter().next() else {
            return Err(Unrecoverable::NotNow(plan::why_not_captured(&ast, &node, &diags).to_string()));
        };
        let prepared = payload.creating.as_ref().map(|c| c.prepared.clone()).unwrap_or_default();
        Ok(RotationRequest::from_capture(target.name(), &c, prepared))
    }
}

/// A new state to write into the latest revision.
struct NewState<'a> {
    state_path: &'a str,
    state: &'a Value,
    expect: Expect,
}

/// What a revision must hold for a new state to be written into it.
enum Expect {
    /// The `fn::rotate` node exactly as the rotation read it (its definition there; `None`
    /// when it could not be read, which no later revision matches).
    Unchanged(Option<NodeDefinition>),
    /// The node, however it is defined now.
    Present,
}

impl Expect {
    fn is_met_by(&self, now: Option<NodeDefinition>) -> bool {
        match self {
            Expect::Unchanged(then) => then.is_some() && *then == now,
            Expect::Present => now.is_some(),
        }
    }
}

/// How committing new states went.
enum Commit {
    Committed(u64),
    /// Revision `latest` changed the nodes of the states at these indexes.
    Changed {
        latest: Latest,
        changed: Vec<usize>,
    },
}

/// How the recovery of one journal entry went.
struct Recovery {
    outcome: PathOutcome,
    /// The path is not rotated again by this run.
    hold: bool,
    /// The outcome goes to the rotation log (a commit logs its own).
    log: bool,
}

/// Why a journaled path's request cannot be evaluated.
enum Unrecoverable {
    /// The `fn::rotate` node is no longer in the definition.
    Gone,
    /// It is, but cannot be evaluated now (why); a later run may succeed.
    NotNow(String),
}

/// Records in the journal that retiring failed after the commit (best effort: without the
/// mark, the next run takes the entry for a crash after the commit, which is only slower).
fn mark_retire_failed(target: &dyn Target, journal: JournalId, state_path: &str, created: &Created) {
    let payload = Payload {
        state_path: state_path.to_owned(),
        creating: None,
        created: Some(created.clone()),
        retire_failed: true,
    };
    let _ = target.journal_update(journal, JournalStep::Committed, &payload.encode());
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
