//! Recovering what a crash (or a failure) left in the journal, before a new rotation of
//! the same definition starts: each entry is finished (committed, retired) or undone, or
//! kept for the next run when that cannot be done now.

use std::collections::HashSet;
use std::time::Instant;

use super::commit::{Commit, Expect, NewState};
use super::payload::{Payload, mark_retire_failed};
use super::{Engine, EngineError, PathOutcome, RotationReport, outcome_log, retire_warning};
use crate::patch;
use crate::plan;
use crate::rebase::Definitions;
use crate::rotators::{Created, RotationRequest, Rotator};
use crate::target::{Latest, Target};
use escrot_esc::value::Value;
use escrot_store::{JournalChange, JournalEntry, JournalStep, RotationLogEntry, RotationResult};

impl Engine<'_> {
    /// Finishes or undoes what earlier runs left in the journal for `target`. Returns the
    /// paths this run must not rotate again: those whose interrupted rotation was just
    /// committed (rotating again would retire that credential before anyone could use it)
    /// and those whose entry could not be recovered now.
    pub(super) async fn recover(
        &self,
        target: &dyn Target,
        report: &mut RotationReport,
    ) -> Result<HashSet<String>, EngineError> {
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

    /// Recovers one journal entry: reads it, evaluates its request from the current
    /// definition, and finishes or undoes it from the step it reached.
    async fn recover_one(
        &self,
        target: &dyn Target,
        entry: &JournalEntry,
        report: &mut RotationReport,
    ) -> Result<Recovery, EngineError> {
        let r = Recovering { target, entry, start: Instant::now() };
        let payload = Payload::decode(&entry.payload);
        let rotator = (self.rotators)(&entry.rotator);
        let (Some(payload), Some(rotator)) = (payload, rotator) else {
            return r.finished(RotationResult::Failed, Some("an unreadable journal entry was discarded".into()));
        };
        if entry.step == JournalStep::Planned && payload.creating.is_none() {
            // Interrupted before `create` began (`prepare` changes nothing): nothing to undo.
            return r.finished(RotationResult::RolledBack, None);
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
                return r.finished(RotationResult::Failed, Some(error.to_owned()));
            }
            Err(Unrecoverable::NotNow(reason)) => {
                return Ok(r.kept(format!("cannot finish the interrupted rotation now: {reason}")));
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
        let rotator = rotator.as_ref();
        match (step, &payload.created) {
            (JournalStep::Planned, _) | (_, None) => {
                // `create` began but what it made was never recorded: the rotator finds and
                // removes it.
                let started_at = payload.creating.as_ref().map(|c| c.started_at.as_str()).unwrap_or(&entry.created_at);
                match rotator.recover_unrecorded(&request, started_at).await {
                    Ok(()) => r.finished(RotationResult::RolledBack, None),
                    Err(e) => Ok(r.kept(format!("cleaning up after the interrupted rotation failed: {e}"))),
                }
            }
            (JournalStep::Created | JournalStep::Verified, Some(created)) => {
                self.finish_verified(&r, rotator, &request, &payload, created, base, report).await
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
                    outcome: r.outcome(RotationResult::Succeeded, None),
                    hold: !payload.retire_failed,
                    log: false,
                })
            }
        }
    }

    /// An entry whose credential was created (and maybe verified) but not committed:
    /// verified again, then committed into whatever the definition holds by then and
    /// retired; undone when it no longer verifies.
    #[allow(clippy::too_many_arguments)]
    async fn finish_verified(
        &self,
        r: &Recovering<'_>,
        rotator: &dyn Rotator,
        request: &RotationRequest,
        payload: &Payload,
        created: &Created,
        base: Latest,
        report: &mut RotationReport,
    ) -> Result<Recovery, EngineError> {
        let entry = r.entry;
        if let Err(e) = rotator.verify(request, created).await {
            return match rotator.undo(request, created).await {
                Ok(()) => r.finished(RotationResult::RolledBack, Some(e.message)),
                Err(u) => Ok(r.kept(format!("{e}; removing the new credential failed: {u}"))),
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
        let state = [NewState { state_path: &payload.state_path, state: &created.new_state, expect: Expect::Present }];
        let changes = [JournalChange::Step(entry.id, JournalStep::Committed)];
        let rev = match self.commit_states(r.target, base, &state, &log, &changes)? {
            Commit::Committed(rev) => rev,
            Commit::Changed { .. } => {
                return Ok(r.kept("the rotated value left the definition while its rotation was being finished".into()));
            }
        };
        report.new_revision = Some(rev);
        match rotator.retire(request, created).await {
            Ok(()) => r.target.journal_finish(entry.id)?,
            Err(e) => {
                report.warnings.push(retire_warning(&entry.path, &e.message, true));
                mark_retire_failed(r.target, entry.id, &payload.state_path, created);
            }
        }
        // Logged by the commit; this path was rotated by this run.
        Ok(Recovery { outcome: r.outcome(RotationResult::Succeeded, None), hold: true, log: false })
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
        let mut request = RotationRequest::from_capture(target.name(), &c, prepared);
        request.attempt = entry.attempt.to_string();
        request.trigger_user = self.author.clone();
        Ok(request)
    }
}

/// The journal entry being recovered, and how its recovery ends.
struct Recovering<'a> {
    target: &'a dyn Target,
    entry: &'a JournalEntry,
    start: Instant,
}

impl Recovering<'_> {
    fn outcome(&self, result: RotationResult, error: Option<String>) -> PathOutcome {
        PathOutcome {
            path: self.entry.path.clone(),
            rotator: self.entry.rotator.clone(),
            result,
            error,
            duration_ms: self.start.elapsed().as_millis() as u64,
            recovered: true,
        }
    }

    /// Ends the entry: recovered (or nothing left to recover).
    fn finished(&self, result: RotationResult, error: Option<String>) -> Result<Recovery, EngineError> {
        self.target.journal_finish(self.entry.id)?;
        Ok(Recovery { outcome: self.outcome(result, error), hold: false, log: true })
    }

    /// Keeps the entry for the next run, which tries again; the path waits until then.
    fn kept(&self, error: String) -> Recovery {
        let error = format!("{error}; the next rotation will retry");
        Recovery { outcome: self.outcome(RotationResult::Failed, Some(error)), hold: true, log: true }
    }
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
