//! What a rotation does, step by step, logged through `tracing` (shown with `-v`): every
//! journal write, rotator step (prepare, create, verify, retire, undo, clean-up) and
//! commit, with the path and how long it took. Both are decorators, of a [`Target`] and of
//! a [`Rotator`], so the engine stays free of logging; every method of both traits is
//! forwarded (a default left in place would change what the engine decides). They log
//! paths, rotator names, steps, revisions and rotators' error messages (written to be
//! shown), never a value.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use async_trait::async_trait;

use crate::rotators::{Created, RotationRequest, Rotator};
use crate::target::{Latest, Target};
use escrot_esc::provider::InputProblem;
use escrot_esc::schema::Schema;
use escrot_esc::value::Value;
use escrot_store::RotationLock;
use escrot_store::{
    AttemptId, JournalChange, JournalEntry, JournalId, JournalSync, JournalWrite, RotationLogEntry, StoreError,
};

fn ms(start: Instant) -> u64 {
    start.elapsed().as_millis() as u64
}

/// A target whose every step is logged.
pub struct TracedTarget<'a> {
    inner: &'a dyn Target,
    /// The path of each journal entry, for the steps that only name the entry.
    paths: Mutex<HashMap<i64, String>>,
}

impl<'a> TracedTarget<'a> {
    pub fn new(inner: &'a dyn Target) -> TracedTarget<'a> {
        TracedTarget { inner, paths: Mutex::new(HashMap::new()) }
    }

    fn path_of(&self, id: JournalId) -> String {
        self.paths.lock().unwrap_or_else(|e| e.into_inner()).get(&id.0).cloned().unwrap_or_default()
    }
}

impl Target for TracedTarget<'_> {
    fn name(&self) -> String {
        self.inner.name()
    }

    fn lock(&self) -> Result<RotationLock, StoreError> {
        let start = Instant::now();
        let lock = self.inner.lock();
        tracing::info!(environment = %self.name(), ok = lock.is_ok(), duration_ms = ms(start), "lock");
        lock
    }

    fn latest(&self) -> Result<Latest, StoreError> {
        let latest = self.inner.latest();
        if let Ok(l) = &latest {
            tracing::debug!(revision = l.revision, "read the definition");
        }
        latest
    }

    fn commit(
        &self,
        expected: u64,
        yaml: &str,
        author: &str,
        log: &[RotationLogEntry],
        journal: &[JournalChange],
    ) -> Result<u64, StoreError> {
        let start = Instant::now();
        let committed = self.inner.commit(expected, yaml, author, log, journal);
        let paths: Vec<&str> = log.iter().map(|l| l.path.as_str()).collect();
        let paths = paths.join(", ");
        match &committed {
            Ok(revision) => tracing::info!(paths, from = expected, revision, duration_ms = ms(start), "commit"),
            Err(e) => tracing::info!(paths, from = expected, error = %e, duration_ms = ms(start), "commit failed"),
        }
        committed
    }

    fn append_log(&self, log: &[RotationLogEntry]) -> Result<(), StoreError> {
        tracing::debug!(entries = log.len(), "rotation log");
        self.inner.append_log(log)
    }

    fn journal_finish(&self, id: JournalId) -> Result<(), StoreError> {
        let start = Instant::now();
        let finished = self.inner.journal_finish(id);
        tracing::info!(path = self.path_of(id), step = "finished", duration_ms = ms(start), "journal");
        finished
    }

    fn journal_write(&self, writes: &[JournalWrite], sync: JournalSync) -> Result<Vec<JournalId>, StoreError> {
        let start = Instant::now();
        let written = self.inner.journal_write(writes, sync);
        let (entries, duration_ms) = (writes.len(), ms(start));
        let synced = sync == JournalSync::Now;
        if let Ok(ids) = &written {
            let mut paths = self.paths.lock().unwrap_or_else(|e| e.into_inner());
            for (write, id) in writes.iter().zip(ids) {
                if let JournalWrite::Begin { path, .. } = write {
                    paths.insert(id.0, path.clone());
                }
            }
        }
        for (i, write) in writes.iter().enumerate() {
            let (id, step) = match write {
                JournalWrite::Begin { step, .. } => (written.as_ref().ok().map(|ids| ids[i]), step.as_str()),
                JournalWrite::Update { id, step, .. } => (Some(*id), step.as_str()),
                JournalWrite::Finish(id) => (Some(*id), "finished"),
            };
            let path = match write {
                JournalWrite::Begin { path, .. } => path.clone(),
                _ => id.map(|id| self.path_of(id)).unwrap_or_default(),
            };
            match &written {
                Ok(_) => tracing::info!(path, step, entries, synced, duration_ms, "journal"),
                Err(e) => tracing::info!(path, step, entries, synced, duration_ms, error = %e, "journal failed"),
            }
        }
        written
    }

    fn journal_pending(&self) -> Result<Vec<JournalEntry>, StoreError> {
        let pending = self.inner.journal_pending()?;
        let mut paths = self.paths.lock().unwrap_or_else(|e| e.into_inner());
        for entry in &pending {
            paths.insert(entry.id.0, entry.path.clone());
            tracing::info!(path = entry.path, step = entry.step.as_str(), "journal: an interrupted rotation");
        }
        Ok(pending)
    }

    fn committed_by(&self, attempt: &AttemptId) -> Result<Option<u64>, StoreError> {
        let committed = self.inner.committed_by(attempt)?;
        tracing::debug!(attempt = %attempt, revision = ?committed, "rotation log: what an earlier attempt committed");
        Ok(committed)
    }
}

/// A rotator whose every step is logged.
pub struct TracedRotator {
    name: String,
    inner: Arc<dyn Rotator>,
}

impl TracedRotator {
    pub fn wrap(name: &str, inner: Arc<dyn Rotator>) -> Arc<dyn Rotator> {
        Arc::new(TracedRotator { name: name.to_owned(), inner })
    }

    fn log<T>(&self, step: &str, req: &RotationRequest, start: Instant, result: &crate::rotators::Result<T>) {
        let (path, rotator, duration_ms) = (req.path.as_str(), self.name.as_str(), ms(start));
        match result {
            Ok(_) => tracing::info!(path, rotator, duration_ms, "{step}"),
            Err(e) => tracing::info!(path, rotator, duration_ms, error = %e, "{step} failed"),
        }
    }
}

#[async_trait]
impl Rotator for TracedRotator {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>, Arc<Schema>) {
        self.inner.schema()
    }

    fn open(&self, inputs: &BTreeMap<String, Value>, state: Option<&Value>) -> crate::rotators::Result<Value> {
        self.inner.open(inputs, state)
    }

    fn validate(&self, inputs: &BTreeMap<String, Value>) -> Vec<InputProblem> {
        self.inner.validate(inputs)
    }

    fn undo_is_complete(&self) -> bool {
        self.inner.undo_is_complete()
    }

    fn changes_only_its_state(&self) -> bool {
        self.inner.changes_only_its_state()
    }

    async fn preflight(&self, req: &RotationRequest) -> crate::rotators::Result<Vec<String>> {
        let start = Instant::now();
        let result = self.inner.preflight(req).await;
        self.log("preflight", req, start, &result);
        result
    }

    async fn prepare(&self, req: &RotationRequest) -> crate::rotators::Result<serde_json::Value> {
        let start = Instant::now();
        let result = self.inner.prepare(req).await;
        self.log("prepare", req, start, &result);
        result
    }

    async fn create(&self, req: &RotationRequest) -> crate::rotators::Result<Created> {
        let start = Instant::now();
        let result = self.inner.create(req).await;
        self.log("create", req, start, &result);
        result
    }

    async fn verify(&self, req: &RotationRequest, created: &Created) -> crate::rotators::Result<()> {
        let start = Instant::now();
        let result = self.inner.verify(req, created).await;
        self.log("verify", req, start, &result);
        result
    }

    async fn retire(&self, req: &RotationRequest, created: &Created) -> crate::rotators::Result<()> {
        let start = Instant::now();
        let result = self.inner.retire(req, created).await;
        self.log("retire", req, start, &result);
        result
    }

    async fn undo(&self, req: &RotationRequest, created: &Created) -> crate::rotators::Result<()> {
        let start = Instant::now();
        let result = self.inner.undo(req, created).await;
        self.log("undo", req, start, &result);
        result
    }

    async fn recover_unrecorded(&self, req: &RotationRequest, started_at: &str) -> crate::rotators::Result<()> {
        let start = Instant::now();
        let result = self.inner.recover_unrecorded(req, started_at).await;
        self.log("clean up after an interrupted create", req, start, &result);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the engine and `check` ask of a rotator besides its steps comes from the
    /// rotator itself, not from the trait's defaults.
    #[test]
    fn decisions_are_the_wrapped_rotators() {
        let registry = crate::providers::Registry::new();
        for name in ["password", "passphrase", "aws-iam", "postgres", "mysql"] {
            let inner = registry.rotators().get(name).expect("a shipped rotator");
            let traced = TracedRotator::wrap(name, inner.clone());
            assert_eq!(traced.undo_is_complete(), inner.undo_is_complete(), "{name}");
            let inputs = BTreeMap::from([("length".to_owned(), Value::from_json(&serde_json::json!(2)))]);
            let problems = |r: &Arc<dyn Rotator>| format!("{:?}", r.validate(&inputs));
            assert_eq!(problems(&traced), problems(&inner), "{name}");
        }
        let password = registry.rotators().get("password").expect("password");
        let inputs = BTreeMap::from([("length".to_owned(), Value::from_json(&serde_json::json!(2)))]);
        assert!(!TracedRotator::wrap("password", password).validate(&inputs).is_empty());
    }
}
