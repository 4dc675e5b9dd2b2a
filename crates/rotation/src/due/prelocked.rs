//! Waiting for an environment's rotation lock without stopping the runner.
//!
//! The engine takes a target's lock synchronously ([`Target::lock`]), and a rotation lock
//! is taken by polling with sleeps: called from the runner's task, waiting for another
//! process's rotation would stop the runner's thread, and with it the renewal of the
//! waiting schedule's lease (see [`DueRunner`](super::DueRunner)) and its other
//! rotations. So a scheduled rotation waits for its lock on one of the runtime's blocking
//! threads first ([`Prelocked::wait`]), and the engine then gets the lock that was taken.

use std::sync::Mutex;

use escrot_store::{
    AttemptId, JournalChange, JournalEntry, JournalId, JournalSync, JournalWrite, LockRequest, RotationLock,
    RotationLogEntry, StoreError,
};

use crate::lock::LockWait;
use crate::target::{Latest, Target};

/// A target whose rotation lock was waited for beforehand: its first [`Target::lock`]
/// returns that lock (or the error waiting ended with); every other call is the inner
/// target's.
pub struct Prelocked<'a> {
    inner: &'a dyn Target,
    taken: Mutex<Option<Result<RotationLock, StoreError>>>,
}

impl<'a> Prelocked<'a> {
    /// Waits for `request` (`inner`'s rotation lock) as `wait` says, on a blocking thread,
    /// so that the caller's runtime goes on meanwhile.
    pub async fn wait(inner: &'a dyn Target, request: LockRequest, wait: LockWait) -> Prelocked<'a> {
        let taken = tokio::task::spawn_blocking(move || request.wait(&wait)).await.unwrap_or_else(|e| {
            let e = std::io::Error::other(e.to_string());
            Err(StoreError::io("waiting for the rotation lock failed", e))
        });
        Prelocked { inner, taken: Mutex::new(Some(taken)) }
    }
}

impl Target for Prelocked<'_> {
    fn name(&self) -> String {
        self.inner.name()
    }

    fn lock(&self) -> Result<RotationLock, StoreError> {
        let taken = self.taken.lock().unwrap_or_else(|e| e.into_inner()).take();
        taken.unwrap_or_else(|| self.inner.lock())
    }

    fn latest(&self) -> Result<Latest, StoreError> {
        self.inner.latest()
    }

    fn commit(
        &self,
        expected: u64,
        yaml: &str,
        author: &str,
        log: &[RotationLogEntry],
        journal: &[JournalChange],
    ) -> Result<u64, StoreError> {
        self.inner.commit(expected, yaml, author, log, journal)
    }

    fn append_log(&self, log: &[RotationLogEntry]) -> Result<(), StoreError> {
        self.inner.append_log(log)
    }

    fn journal_finish(&self, id: JournalId) -> Result<(), StoreError> {
        self.inner.journal_finish(id)
    }

    fn journal_write(&self, writes: &[JournalWrite], sync: JournalSync) -> Result<Vec<JournalId>, StoreError> {
        self.inner.journal_write(writes, sync)
    }

    fn journal_pending(&self) -> Result<Vec<JournalEntry>, StoreError> {
        self.inner.journal_pending()
    }

    fn committed_by(&self, attempt: &AttemptId) -> Result<Option<u64>, StoreError> {
        self.inner.committed_by(attempt)
    }
}
