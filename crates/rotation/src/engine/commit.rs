//! Committing rotations: the new states written into the latest revision in one
//! conditional commit with the rotation log and the journal's progress, rebased onto a
//! concurrent change when the rotated nodes are unchanged there, and set aside otherwise.

use super::{Done, Engine, EngineError, PathOutcome, log_entry, outcome_log};
use crate::definitions;
use crate::patch;
use crate::rebase::{Definitions, NodeDefinition};
use crate::target::{Latest, Target};
use escrot_esc::value::Value;
use escrot_store::{AttemptId, JournalChange, JournalStep, RotationLogEntry, RotationResult, StoreError};

impl Engine<'_> {
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
    pub(super) async fn commit_rotations(
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
                    for (i, gone) in changed.into_iter().rev() {
                        let d = done.remove(i);
                        failed.push(self.set_aside(target, d, newer.revision, gone).await);
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
    pub(super) fn commit_states(
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
                let changed: Vec<(usize, bool)> = states
                    .iter()
                    .enumerate()
                    .filter_map(|(i, s)| {
                        let now = defined.node(s.state_path);
                        let gone = now.is_none();
                        (!s.expect.is_met_by(now)).then_some((i, gone))
                    })
                    .collect();
                if !changed.is_empty() {
                    return Ok(Commit::Changed { latest, changed });
                }
            }
            first = false;
            let edits: Vec<(&str, &Value)> = states.iter().map(|s| (s.state_path, s.state)).collect();
            let text = patch::set_states(&latest.yaml, &edits, self.encrypter)?;
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

    /// A rotation that cannot be committed because revision `revision` changed its
    /// `fn::rotate` node (or removed it: `gone`) while it ran. It is undone when that
    /// restores everything (or the node is gone, so nothing names the new credential);
    /// otherwise the journal keeps it, and the next run commits the credential that now
    /// exists.
    async fn set_aside(&self, target: &dyn Target, d: Done, revision: u64, gone: bool) -> PathOutcome {
        let what = if gone { "removed" } else { "changed" };
        let why =
            format!("revision {revision} {what} this fn::rotate while it rotated, so its new state was not written");
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
}

/// A new state to write into the latest revision.
pub(super) struct NewState<'a> {
    pub(super) state_path: &'a str,
    pub(super) state: &'a Value,
    pub(super) expect: Expect,
}

/// What a revision must hold for a new state to be written into it.
pub(super) enum Expect {
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
pub(super) enum Commit {
    Committed(u64),
    /// Revision `latest` changed the nodes of the states at these indexes (`true`: removed
    /// them).
    Changed {
        latest: Latest,
        changed: Vec<(usize, bool)>,
    },
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use super::*;
    use crate::providers::Registry;
    use crate::target::FileTarget;
    use escrot_esc::ExecContext;
    use escrot_esc::provider::{Decrypter, EnvironmentLoader, Error};
    use escrot_store::StoreKey;

    struct NoImports;

    impl EnvironmentLoader for NoImports {
        fn load_environment(&self, name: &str) -> Result<(String, Arc<dyn Decrypter>), Error> {
            Err(format!("no environment {name}").into())
        }
    }

    /// A state the rotator made whose data spells a `fn::secret` (not a secret value, so
    /// not encrypted) would be written as a plaintext secret: the write gate's guard
    /// refuses the commit, and the definition is left as it was.
    #[test]
    fn a_commit_never_adds_a_plaintext_secret() {
        let dir = std::env::temp_dir().join(format!("escrot-commit-guard-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("env.yaml");
        let original = "values:\n  pw:\n    fn::rotate::password:\n      inputs: {}\n";
        std::fs::write(&path, original).unwrap();
        let key = Arc::new(StoreKey::generate("test").unwrap());
        let target = FileTarget::new(&path, "env", key.clone()).expect("the file exists");
        let (registry, lookup) = (Registry::new(), |_: &str| None);
        let engine = Engine {
            rotators: &lookup,
            providers: &registry,
            environments: &NoImports,
            decrypter: key.as_ref(),
            encrypter: key.as_ref(),
            exec_context: ExecContext::default(),
            author: "test".into(),
            concurrency: 1,
        };
        let state = Value::object(BTreeMap::from([("fn::secret".to_owned(), Value::string("hunter2"))]));
        let states = [NewState {
            state_path: r#"values.pw["fn::rotate::password"].state"#,
            state: &state,
            expect: Expect::Present,
        }];
        let result = engine.commit_states(&target, target.latest().unwrap(), &states, &[], &[]);
        let after = std::fs::read_to_string(&path).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(matches!(result, Err(EngineError::PlaintextSecret)), "{:?}", result.err());
        assert_eq!(after, original);
    }
}
