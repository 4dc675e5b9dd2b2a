//! The rotation lock of an SQLite store: an OS file lock per environment, in a directory
//! beside the database (`escrot.db.locks/ORG/PROJECT/ENV.lock`). The operating system
//! releases it when the process ends, however it ends.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use crate::error::StoreError;
use crate::name::EnvName;
use crate::store::RotationLock;

/// The lock file of environment `env` of the database at `db`.
pub(super) fn lock_path(db: &Path, env: &EnvName) -> PathBuf {
    let mut locks = db.as_os_str().to_owned();
    locks.push(".locks");
    PathBuf::from(locks).join(&env.org).join(&env.project).join(format!("{}.lock", env.env))
}

/// Takes the exclusive lock on `path` (created if missing, 0600), waiting for its holder.
pub(super) fn lock_file(path: &Path) -> Result<RotationLock, StoreError> {
    let io_error = |what: &str, path: &Path, e| StoreError::io(format!("cannot {what} {}", path.display()), e);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io_error("create", dir, e))?;
    }
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file: File = options.open(path).map_err(|e| io_error("open", path, e))?;
    file.lock().map_err(|e| io_error("lock", path, e))?;
    Ok(RotationLock::new(file))
}
