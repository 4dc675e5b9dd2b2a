//! Group commit of the journal: the rotations of a wave run concurrently, and each one's
//! journal write must be on disk before it goes on (an external change, or relying on what
//! it created), but they need not be on disk one by one. A write joins a queue; the first
//! rotation to find no batch being written takes everything queued and writes it in one
//! transaction (one fsync), and every rotation whose write was in it goes on when it is
//! written. See ARCHITECTURE.md, "Durable writes".

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use tokio::sync::Notify;

use crate::target::Target;
use escrot_store::{JournalId, JournalSync, JournalWrite};

/// The journal of one rotation run, written in batches.
pub(super) struct WaveJournal<'a> {
    target: &'a dyn Target,
    queue: Mutex<Queue>,
    /// Signalled whenever a batch has been written.
    written: Notify,
}

#[derive(Default)]
struct Queue {
    /// Writes waiting for the next batch, by ticket.
    waiting: Vec<(u64, JournalWrite, JournalSync)>,
    next_ticket: u64,
    /// Whether a batch is being written now (by a rotation on another thread).
    writing: bool,
    /// The outcome of each written ticket, until its rotation takes it.
    done: HashMap<u64, Result<JournalId, String>>,
}

impl<'a> WaveJournal<'a> {
    pub(super) fn new(target: &'a dyn Target) -> WaveJournal<'a> {
        WaveJournal { target, queue: Mutex::new(Queue::default()), written: Notify::new() }
    }

    pub(super) fn target(&self) -> &'a dyn Target {
        self.target
    }

    fn queue(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes `write` in the next batch, synced at least as `sync` says, and returns its
    /// entry once the batch is written (the error, shown to the user, when it failed: then
    /// nothing of the batch was written).
    pub(super) async fn write(&self, write: JournalWrite, sync: JournalSync) -> Result<JournalId, String> {
        let ticket = {
            let mut q = self.queue();
            let ticket = q.next_ticket;
            q.next_ticket += 1;
            q.waiting.push((ticket, write, sync));
            ticket
        };
        // The wave's other rotations that are ready now queue their writes before the
        // batch goes: one transaction for all of them.
        tokio::task::yield_now().await;
        loop {
            // Made before looking, so that a batch written meanwhile still wakes it.
            let written = self.written.notified();
            let batch = {
                let mut q = self.queue();
                if let Some(outcome) = q.done.remove(&ticket) {
                    return outcome;
                }
                if q.writing {
                    None
                } else {
                    q.writing = true;
                    Some(std::mem::take(&mut q.waiting))
                }
            };
            match batch {
                Some(batch) => self.write_batch(batch),
                None => written.await,
            }
        }
    }

    /// Writes one batch, synced if any of its writes must be, and records each outcome.
    fn write_batch(&self, batch: Vec<(u64, JournalWrite, JournalSync)>) {
        let sync = match batch.iter().any(|(_, _, sync)| *sync == JournalSync::Now) {
            true => JournalSync::Now,
            false => JournalSync::Deferred,
        };
        let (tickets, writes): (Vec<u64>, Vec<JournalWrite>) = batch.into_iter().map(|(t, w, _)| (t, w)).unzip();
        let outcome = self.target.journal_write(&writes, sync);
        let mut q = self.queue();
        match outcome {
            Ok(ids) if ids.len() == tickets.len() => q.done.extend(tickets.into_iter().zip(ids.into_iter().map(Ok))),
            Ok(_) => {
                let e =
                    "the journal answered a batch with the wrong number of entries; this is a bug, please report it";
                q.done.extend(tickets.into_iter().map(|t| (t, Err(e.to_owned()))));
            }
            Err(e) => q.done.extend(tickets.into_iter().map(|t| (t, Err(e.to_string())))),
        }
        q.writing = false;
        drop(q);
        self.written.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::target::{FileTarget, Latest, RotationLock};
    use escrot_store::{AttemptId, JournalChange, JournalEntry, JournalStep, RotationLogEntry, StoreError, StoreKey};
    use zeroize::Zeroizing;

    /// A file target that records the size of each batch written to its journal.
    struct Counting {
        inner: FileTarget,
        batches: Mutex<Vec<usize>>,
    }

    impl Target for Counting {
        fn name(&self) -> String {
            self.inner.name()
        }
        fn lock(&self) -> Result<RotationLock, StoreError> {
            self.inner.lock()
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
            self.batches.lock().unwrap().push(writes.len());
            self.inner.journal_write(writes, sync)
        }
        fn journal_pending(&self) -> Result<Vec<JournalEntry>, StoreError> {
            self.inner.journal_pending()
        }
    }

    fn begin(attempt: &AttemptId, path: &str) -> JournalWrite {
        JournalWrite::Begin {
            attempt: attempt.clone(),
            path: path.to_owned(),
            rotator: "aws-iam".to_owned(),
            step: JournalStep::Planned,
            payload: Zeroizing::new(path.as_bytes().to_vec()),
        }
    }

    /// Writes queued by rotations that are ready together go in one transaction, each gets
    /// its own entry, and a batch that fails fails every write in it and writes nothing.
    #[tokio::test]
    async fn concurrent_writes_share_one_batch() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("env.yaml");
        std::fs::write(&path, "values: {}\n").unwrap();
        let key = Arc::new(StoreKey::generate("test").unwrap());
        let target = Counting { inner: FileTarget::new(&path, "env", key).unwrap(), batches: Mutex::new(Vec::new()) };
        let journal = WaveJournal::new(&target);
        let attempt = AttemptId::generate().unwrap();

        let paths = ["a", "b", "c", "d", "e"];
        let writes = paths.iter().map(|p| journal.write(begin(&attempt, p), JournalSync::Now));
        let ids: Vec<JournalId> =
            futures_util::future::join_all(writes).await.into_iter().map(Result::unwrap).collect();
        assert_eq!(*target.batches.lock().unwrap(), [5]);
        let pending = target.journal_pending().unwrap();
        let by_id: Vec<(JournalId, String)> = pending.iter().map(|e| (e.id, e.path.clone())).collect();
        assert_eq!(by_id, ids.iter().copied().zip(paths.iter().map(|p| p.to_string())).collect::<Vec<_>>());

        let update = JournalWrite::Update {
            id: JournalId(999),
            step: JournalStep::Created,
            payload: Zeroizing::new(b"x".to_vec()),
        };
        let (good, bad) = futures_util::future::join(
            journal.write(begin(&attempt, "f"), JournalSync::Deferred),
            journal.write(update, JournalSync::Now),
        )
        .await;
        assert!(good.is_err() && bad.is_err(), "{good:?} {bad:?}");
        assert_eq!(*target.batches.lock().unwrap(), [5, 2]);
        assert_eq!(target.journal_pending().unwrap().len(), 5, "nothing of the failed batch was written");
    }
}
