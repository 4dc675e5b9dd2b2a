//! Where a rotated definition lives: an environment of the store, or a YAML file. The
//! engine needs the same five things of both: the latest text, an atomic conditional
//! commit, and a journal.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::lock::{self, LockWait};
use escrot_esc::provider::{Decrypter, Encrypter};
pub use escrot_store::RotationLock;
use escrot_store::{
    AttemptId, EnvName, JournalChange, JournalEntry, JournalId, JournalStep, JournalSync, JournalWrite, RevisionKind,
    RotationLogEntry, RotationResult, Store, StoreError, StoreKey, now_rfc3339,
};

/// A definition and its revision.
#[derive(Clone, Debug)]
pub struct Latest {
    /// The store's revision number; for files, a fingerprint of the text.
    pub revision: u64,
    pub yaml: String,
}

pub trait Target: Sync {
    /// The environment's name, for evaluation and messages.
    fn name(&self) -> String;
    /// Waits until no other rotation of this definition runs (as long as the target's
    /// [`LockWait`] allows), and keeps it so until the returned lock is dropped.
    fn lock(&self) -> Result<RotationLock, StoreError>;
    fn latest(&self) -> Result<Latest, StoreError>;
    /// Writes `yaml` if the definition is still at `expected`; returns the new revision.
    fn commit(
        &self,
        expected: u64,
        yaml: &str,
        author: &str,
        log: &[RotationLogEntry],
        journal: &[JournalChange],
    ) -> Result<u64, StoreError>;
    fn append_log(&self, log: &[RotationLogEntry]) -> Result<(), StoreError>;
    fn journal_finish(&self, id: JournalId) -> Result<(), StoreError>;
    /// Writes `writes` in one transaction (all or none), synced as `sync` says (a target
    /// may sync more than asked, never less); returns each write's entry id. No default:
    /// a wrapper that forgot to forward it would write one entry at a time, each synced.
    fn journal_write(&self, writes: &[JournalWrite], sync: JournalSync) -> Result<Vec<JournalId>, StoreError>;
    fn journal_pending(&self) -> Result<Vec<JournalEntry>, StoreError>;
    /// The revision that `attempt` committed, if its rotation log holds a path of it that
    /// succeeded (a scheduled run taking over from a runner that died checks this, under
    /// the lock, before rotating again). Targets without a rotation log never have one.
    fn committed_by(&self, attempt: &AttemptId) -> Result<Option<u64>, StoreError> {
        let _ = attempt;
        Ok(None)
    }
}

/// An environment of the store.
pub struct StoreTarget<'a> {
    pub store: &'a Mutex<dyn Store>,
    pub env: EnvName,
    pub lock_wait: LockWait,
}

impl StoreTarget<'_> {
    pub fn new(store: &Mutex<dyn Store>, env: EnvName) -> StoreTarget<'_> {
        StoreTarget { store, env, lock_wait: LockWait::default() }
    }

    fn store(&self) -> std::sync::MutexGuard<'_, dyn Store + 'static> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Target for StoreTarget<'_> {
    fn name(&self) -> String {
        self.env.to_string()
    }

    /// The store's rotation lock, taken after the store is released (it may wait).
    fn lock(&self) -> Result<RotationLock, StoreError> {
        // Prepared under the store, waited for after releasing it.
        let request = self.store().rotation_lock(&self.env);
        request.wait(&self.lock_wait)
    }

    fn latest(&self) -> Result<Latest, StoreError> {
        let rev = self.store().latest(&self.env)?;
        Ok(Latest { revision: rev.number, yaml: rev.yaml })
    }

    fn commit(
        &self,
        expected: u64,
        yaml: &str,
        author: &str,
        log: &[RotationLogEntry],
        journal: &[JournalChange],
    ) -> Result<u64, StoreError> {
        let revision = self.store().commit_rotation(&self.env, expected, yaml, author, log, journal)?.number;
        // Every revision a rotation commits, recovery's too, is announced to webhooks here.
        let attempt = log.first().map(|e| e.attempt.0.as_str());
        crate::webhooks::notify_revision(self.store, &self.env, revision, RevisionKind::Rotation, author, attempt);
        Ok(revision)
    }

    fn append_log(&self, log: &[RotationLogEntry]) -> Result<(), StoreError> {
        self.store().append_rotation_log(&self.env, log)
    }

    fn journal_finish(&self, id: JournalId) -> Result<(), StoreError> {
        self.store().journal_finish(id)
    }

    fn journal_write(&self, writes: &[JournalWrite], sync: JournalSync) -> Result<Vec<JournalId>, StoreError> {
        self.store().journal_write(&self.env, writes, sync)
    }

    fn journal_pending(&self) -> Result<Vec<JournalEntry>, StoreError> {
        self.store().journal_pending(&self.env)
    }

    fn committed_by(&self, attempt: &AttemptId) -> Result<Option<u64>, StoreError> {
        let store = self.store();
        let log = store.rotation_log(&self.env)?;
        let Some(entry) = log.iter().find(|e| e.attempt == *attempt && e.result == RotationResult::Succeeded) else {
            return Ok(None);
        };
        // Recovery logs what it committed without the revision: the latest holds it.
        match entry.revision_after {
            Some(revision) => Ok(Some(revision)),
            None => Ok(Some(store.latest(&self.env)?.number)),
        }
    }
}

/// One entry of a file's sidecar journal, as the file holds it (JSON, an array of these).
/// The payload is sealed with the store key, in standard base64.
#[derive(Serialize, Deserialize)]
struct FileJournalEntry {
    id: i64,
    attempt: String,
    path: String,
    rotator: String,
    #[serde(with = "FileJournalStep")]
    step: JournalStep,
    payload: String,
    created_at: String,
    updated_at: String,
}

/// [`JournalStep`] as sidecar journals spell it (the store's names). An unknown step is an
/// error, as in the store: read as another step it would resume a rotation wrongly.
#[derive(Serialize, Deserialize)]
#[serde(remote = "JournalStep", rename_all = "lowercase")]
enum FileJournalStep {
    Planned,
    Created,
    Verified,
    Committed,
    Retired,
}

/// A YAML file, rotated in place (for GitOps repositories). Its journal is a sidecar file
/// (`.NAME.escrot-journal`, mode 0600) whose payloads are encrypted with the store key; it
/// exists only while a rotation is unfinished. Files keep no rotation log.
pub struct FileTarget {
    /// The file itself: a symbolic link given is resolved once, so that the lock, the
    /// journal and the rewrite are all of its target (and the link stays a link).
    pub path: PathBuf,
    /// The path as given, for messages.
    pub shown: PathBuf,
    pub name: String,
    pub key: Arc<StoreKey>,
    pub lock_wait: LockWait,
    journal: Mutex<()>,
}

impl FileTarget {
    /// The file at `path`, resolved (it must exist).
    pub fn new(path: &Path, name: &str, key: Arc<StoreKey>) -> Result<FileTarget, StoreError> {
        let resolved = resolve_link(path).map_err(|e| io_error("resolve", path, e))?;
        Ok(FileTarget {
            path: resolved,
            shown: path.to_owned(),
            name: name.to_owned(),
            key,
            lock_wait: LockWait::default(),
            journal: Mutex::new(()),
        })
    }

    fn journal_path(&self) -> PathBuf {
        FileTarget::journal_path_of(&self.path)
    }

    /// The sidecar journal of the file at `path` (`.NAME.escrot-journal`), beside the file
    /// a symbolic link points to.
    pub fn journal_path_of(path: &Path) -> PathBuf {
        let path = resolve_link(path).unwrap_or_else(|_| path.to_owned());
        let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        path.with_file_name(format!(".{file}.escrot-journal"))
    }

    fn read_journal(&self) -> Result<Vec<FileJournalEntry>, StoreError> {
        match std::fs::read_to_string(self.journal_path()) {
            Ok(text) => serde_json::from_str(&text)
                .map_err(|e| StoreError::JournalFile { path: self.journal_path(), reason: e.to_string() }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(io_error("read", &self.journal_path(), e)),
        }
    }

    fn write_journal(&self, entries: &[FileJournalEntry]) -> Result<(), StoreError> {
        let path = self.journal_path();
        if entries.is_empty() {
            return match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error("remove", &path, e)),
                _ => Ok(()),
            };
        }
        let text = serde_json::to_string_pretty(entries)
            .map_err(|e| StoreError::JournalFile { path: path.clone(), reason: e.to_string() })?;
        write_atomically(&path, text.as_bytes(), 0o600)
    }

    fn seal(&self, payload: &[u8]) -> Result<String, StoreError> {
        let sealed =
            self.key.encrypt(payload).map_err(|e| StoreError::Corrupt(format!("encrypting the journal: {e}")))?;
        Ok(BASE64.encode(sealed))
    }

    /// Edits the journal under a lock (rotators of one wave write concurrently).
    fn edit_journal<T>(
        &self,
        f: impl FnOnce(&mut Vec<FileJournalEntry>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let _guard = self.journal.lock().unwrap_or_else(|e| e.into_inner());
        let mut entries = self.read_journal()?;
        let out = f(&mut entries)?;
        self.write_journal(&entries)?;
        Ok(out)
    }
}

/// A file that could not be used: `cannot WHAT PATH: REASON` (the operating system's).
/// The file a symbolic link at `path` points to (links of links followed); any other
/// path as it is, so that messages name it as it was given.
fn resolve_link(path: &Path) -> std::io::Result<PathBuf> {
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return std::fs::canonicalize(path);
    }
    Ok(path.to_owned())
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> StoreError {
    StoreError::io(format!("cannot {what} {}", path.display()), e)
}

/// Writes a file so that readers see the old or the new content, never a part: a temporary
/// file beside it (with `mode`, less the umask, from its creation), synced, then renamed over
/// it. A temporary file left by a failure is removed.
pub fn write_atomically(path: &Path, bytes: &[u8], mode: u32) -> Result<(), StoreError> {
    use std::io::Write;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".escrot-tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    let write = || -> std::io::Result<()> {
        let mut tmp = builder.tempfile_in(dir)?;
        tmp.write_all(bytes)?;
        tmp.as_file().sync_all()?;
        tmp.persist(path).map(drop).map_err(|e| e.error)
    };
    write().map_err(|e| io_error("write", path, e))
}

/// A file's revision: a fingerprint of its text.
fn fingerprint(text: &str) -> u64 {
    u64::from(crc32fast::hash(text.as_bytes())) << 32 | text.len() as u64 & 0xffff_ffff
}

impl Target for FileTarget {
    fn name(&self) -> String {
        self.name.clone()
    }

    /// Locks the YAML file itself, so that rotating files in a repository leaves no lock
    /// files behind.
    fn lock(&self) -> Result<RotationLock, StoreError> {
        lock::lock_in_place(&self.path, &self.shown.display().to_string(), &self.lock_wait)
    }

    fn latest(&self) -> Result<Latest, StoreError> {
        let yaml = std::fs::read_to_string(&self.path).map_err(|e| io_error("read", &self.path, e))?;
        Ok(Latest { revision: fingerprint(&yaml), yaml })
    }

    fn commit(
        &self,
        expected: u64,
        yaml: &str,
        _author: &str,
        _log: &[RotationLogEntry],
        journal: &[JournalChange],
    ) -> Result<u64, StoreError> {
        let current = self.latest()?;
        if current.revision != expected {
            let env = EnvName::new("file", "file", "env").map_err(|e| StoreError::Corrupt(e.to_string()))?;
            return Err(StoreError::Conflict { env, expected, actual: current.revision });
        }
        // Journal progress first: a crash between the two writes leaves entries that say
        // "committed" for a file that is not, which recovery handles like "verified".
        // All in one rewrite of the journal.
        if !journal.is_empty() {
            self.edit_journal(|entries| {
                for change in journal {
                    match change {
                        JournalChange::Step(id, step) => set_step_of(entries, *id, *step, None)?,
                        JournalChange::Finish(id) => entries.retain(|e| e.id != id.0),
                    }
                }
                Ok(())
            })?;
        }
        let mode = file_mode(&self.path);
        write_atomically(&self.path, yaml.as_bytes(), mode)?;
        Ok(fingerprint(yaml))
    }

    fn append_log(&self, _log: &[RotationLogEntry]) -> Result<(), StoreError> {
        Ok(())
    }

    fn journal_finish(&self, id: JournalId) -> Result<(), StoreError> {
        self.journal_write(&[JournalWrite::Finish(id)], JournalSync::Now).map(drop)
    }

    /// One rewrite of the sidecar journal for the whole batch, always synced: a journal
    /// file renamed into place unsynced could read back empty after a power loss (which
    /// would stop every rotation of the file), so `Deferred` buys nothing here. A batch
    /// that empties the journal removes the file.
    fn journal_write(&self, writes: &[JournalWrite], _sync: JournalSync) -> Result<Vec<JournalId>, StoreError> {
        let sealed: Vec<Option<String>> = writes
            .iter()
            .map(|w| match w {
                JournalWrite::Begin { payload, .. } | JournalWrite::Update { payload, .. } => {
                    self.seal(payload).map(Some)
                }
                JournalWrite::Finish(_) => Ok(None),
            })
            .collect::<Result<_, _>>()?;
        self.edit_journal(|entries| {
            let mut next = entries.iter().map(|e| e.id).max().unwrap_or(0) + 1;
            let mut ids = Vec::with_capacity(writes.len());
            for (write, sealed) in writes.iter().zip(sealed) {
                ids.push(match write {
                    JournalWrite::Begin { attempt, path, rotator, step, .. } => {
                        let now = now_rfc3339();
                        entries.push(FileJournalEntry {
                            id: next,
                            attempt: attempt.0.clone(),
                            path: path.clone(),
                            rotator: rotator.clone(),
                            step: *step,
                            payload: sealed.unwrap_or_default(),
                            created_at: now.clone(),
                            updated_at: now,
                        });
                        next += 1;
                        JournalId(next - 1)
                    }
                    JournalWrite::Update { id, step, .. } => {
                        set_step_of(entries, *id, *step, sealed)?;
                        *id
                    }
                    JournalWrite::Finish(id) => {
                        entries.retain(|e| e.id != id.0);
                        *id
                    }
                });
            }
            Ok(ids)
        })
    }

    fn journal_pending(&self) -> Result<Vec<JournalEntry>, StoreError> {
        let env = EnvName::new("file", "file", "env").map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let _guard = self.journal.lock().unwrap_or_else(|e| e.into_inner());
        self.read_journal()?
            .into_iter()
            .map(|e| {
                let sealed = BASE64.decode(&e.payload).map_err(|_| StoreError::JournalFile {
                    path: self.journal_path(),
                    reason: "a payload is not base64".into(),
                })?;
                let payload = self
                    .key
                    .decrypt(&sealed)
                    .map_err(|e| StoreError::JournalFile { path: self.journal_path(), reason: e.to_string() })?;
                Ok(JournalEntry {
                    id: JournalId(e.id),
                    env: env.clone(),
                    attempt: AttemptId(e.attempt),
                    path: e.path,
                    rotator: e.rotator,
                    step: e.step,
                    payload: Zeroizing::new(payload),
                    created_at: e.created_at,
                    updated_at: e.updated_at,
                })
            })
            .collect()
    }
}

/// Moves entry `id` of a sidecar journal to `step`, with a new sealed payload if given.
fn set_step_of(
    entries: &mut [FileJournalEntry],
    id: JournalId,
    step: JournalStep,
    sealed: Option<String>,
) -> Result<(), StoreError> {
    let entry = entries.iter_mut().find(|e| e.id == id.0).ok_or(StoreError::JournalEntryNotFound(id))?;
    entry.step = step;
    entry.updated_at = now_rfc3339();
    if let Some(s) = sealed {
        entry.payload = s;
    }
    Ok(())
}

/// The permission bits of an existing file (kept when it is rewritten).
fn file_mode(path: &Path) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(m) = std::fs::metadata(path) {
            return m.permissions().mode() & 0o777;
        }
    }
    let _ = path;
    0o644
}
