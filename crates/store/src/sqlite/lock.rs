//! The rotation lock of an SQLite store: an OS file lock per environment, in a directory
//! beside the database (`escrot.db.locks/ORG/PROJECT/ENV.lock`). The operating system
//! releases it when the process ends, however it ends. It is taken (and its holder's pid
//! recorded in it) by [`crate::lock::lock_file`].

use std::path::{Path, PathBuf};

use crate::name::EnvName;

/// The lock file of environment `env` of the database at `db`.
pub(super) fn lock_path(db: &Path, env: &EnvName) -> PathBuf {
    let mut locks = db.as_os_str().to_owned();
    locks.push(".locks");
    PathBuf::from(locks).join(&env.org).join(&env.project).join(format!("{}.lock", env.env))
}
