//! Waiting for a rotation lock: OS file locks taken by polling, so that a rotation that
//! waits for another one can say whose it is, and give up after a while. The SQLite
//! backend's per-environment lock files and the rotation of plain files both use it.

use std::fs::{File, TryLockError};
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::StoreError;
use crate::store::RotationLock;

/// How a rotation waits for the lock another one holds.
pub struct LockWait {
    /// How long to wait before giving up.
    pub timeout: Duration,
    /// Told once, when the lock is taken by another process, what is awaited (`waiting for
    /// the rotation of NAME held by pid N…`).
    pub notify: Box<dyn Fn(&str) + Send + Sync>,
}

/// Ten minutes, and nobody told: what a library caller gets without asking.
impl Default for LockWait {
    fn default() -> LockWait {
        LockWait { timeout: DEFAULT_LOCK_TIMEOUT, notify: Box::new(|_| {}) }
    }
}

/// How long `escrot rotate` waits for another rotation of the same definition by default.
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(600);

/// How often a waiting rotation tries the lock again.
pub(crate) const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// Who holds a lock, as far as its file tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockHolder {
    /// The pid its holder wrote into the lock file.
    Pid(u32),
    /// Not known (a YAML file, whose content is not ours to write, or a holder that has
    /// not written its pid yet).
    Unknown,
}

impl std::fmt::Display for LockHolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockHolder::Pid(pid) => write!(f, "pid {pid}"),
            LockHolder::Unknown => f.write_str("another process"),
        }
    }
}

/// Takes the exclusive lock on the lock file `path` (created if missing), waiting for its
/// holder as `wait` says, and writes this process's pid into it for those who wait next.
/// `what` names the rotated definition in messages.
///
/// The pid is written over the file's first bytes, padded to a fixed width, never by
/// truncating it first: ext4 flushes a file truncated to zero and rewritten when it is
/// closed (`auto_da_alloc`), which made each lock cost a disk write.
pub fn lock_file(path: &Path, what: &str, wait: &LockWait) -> Result<RotationLock, StoreError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    // The directories exist but for an environment's first rotation.
    let opened = match options.open(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| io_error("create", dir, e))?;
            }
            options.open(path)
        }
        opened => opened,
    };
    let mut file = opened.map_err(|e| io_error("open", path, e))?;
    acquire(&file, path, what, wait, Instant::now(), || read_pid(path))?;
    // Best effort: the pid only makes the waiting message more helpful. Ten digits hold
    // any pid, so the record covers whatever an earlier holder wrote.
    let record = format!("{:<10}\n", std::process::id());
    let _ = file.seek(SeekFrom::Start(0)).and_then(|_| file.write_all(record.as_bytes()));
    Ok(RotationLock::new(file))
}

/// Locks the file at `path` itself (whose content is not ours: no pid is recorded). Each
/// rotation replaces the file (a rename over it), and a lock on a replaced file guards
/// nothing: after taking it, check that the path still names the locked file, and start
/// again if not.
pub fn lock_in_place(path: &Path, what: &str, wait: &LockWait) -> Result<RotationLock, StoreError> {
    let start = Instant::now();
    loop {
        let file = File::open(path).map_err(|e| io_error("open", path, e))?;
        acquire(&file, path, what, wait, start, || LockHolder::Unknown)?;
        let locked = file.metadata().map_err(|e| io_error("inspect", path, e))?;
        let current = std::fs::metadata(path).map_err(|e| io_error("inspect", path, e))?;
        if same_file(&locked, &current) {
            return Ok(RotationLock::new(file));
        }
    }
}

/// Polls `file`'s lock until it is taken or the time `wait` allows since `start` is up.
pub fn acquire(
    file: &File,
    path: &Path,
    what: &str,
    wait: &LockWait,
    start: Instant,
    holder: impl Fn() -> LockHolder,
) -> Result<(), StoreError> {
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => return Err(io_error("lock", path, e)),
        }
        let holder = holder();
        if !told {
            (wait.notify)(&format!("waiting for the rotation of {what} held by {holder}…"));
            told = true;
        }
        let waited = start.elapsed();
        if waited >= wait.timeout {
            let waited = format_duration(waited);
            return Err(StoreError::LockTimeout { what: what.to_owned(), holder: holder.to_string(), waited });
        }
        std::thread::sleep(POLL_INTERVAL.min(wait.timeout - waited));
    }
}

/// The pid a lock file's holder wrote into it, if it did.
fn read_pid(path: &Path) -> LockHolder {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .map_or(LockHolder::Unknown, LockHolder::Pid)
}

/// Whether two metadata describe the same file (not merely equal contents).
#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

/// Without inode numbers, the modification time and size stand in: a replaced file has
/// another of either in practice.
#[cfg(not(unix))]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    (a.modified().ok(), a.len()) == (b.modified().ok(), b.len())
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> StoreError {
    StoreError::io(format!("cannot {what} {}", path.display()), e)
}

/// A duration as people write it: `500ms`, `30s`, `10m`, `2h`, or a number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let bad = || format!("'{text}' is not a duration: write e.g. `30s`, `10m`, `1h` or a number of seconds");
    let n: u64 = number.parse().map_err(|_| bad())?;
    let seconds = match unit.trim() {
        "ms" => return Ok(Duration::from_millis(n)),
        "" | "s" => 1,
        "m" | "min" => 60,
        "h" => 3600,
        _ => return Err(bad()),
    };
    n.checked_mul(seconds).map(Duration::from_secs).ok_or_else(bad)
}

/// A duration the way [`parse_duration`] reads it (`2s`, `10m`, `1h`, `90s`, `500ms`).
pub fn format_duration(d: Duration) -> String {
    let secs = d.as_secs();
    match (secs, d.subsec_millis()) {
        (0, ms) => format!("{ms}ms"),
        (s, _) if s % 3600 == 0 => format!("{}h", s / 3600),
        (s, _) if s % 60 == 0 => format!("{}m", s / 60),
        (s, _) => format!("{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("45"), Ok(Duration::from_secs(45)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert!(parse_duration("ten").is_err());
        assert!(parse_duration("5d").is_err());
        assert!(parse_duration("-1s").is_err());
        assert_eq!(format_duration(Duration::from_secs(600)), "10m");
        assert_eq!(format_duration(Duration::from_millis(2040)), "2s");
        assert_eq!(format_duration(Duration::from_millis(300)), "300ms");
    }
}
