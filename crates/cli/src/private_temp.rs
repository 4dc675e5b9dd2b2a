//! Private temporary files and directories, for what escrot writes in plaintext for
//! another program to read: `run`'s files, `open --format dotenv|shell`'s, `edit`'s copy.
//! A file is 0600 and a directory 0700 from their creation on (never readable by others,
//! even for a moment).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::exported::Exported;

/// A new directory `PREFIX*` in `parent`, mode 0700, removed with its content when
/// dropped. (`tempfile` would create it with the default mode, 0755 under the usual umask.)
pub fn private_dir(prefix: &str, parent: &Path) -> std::io::Result<tempfile::TempDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    builder.tempdir_in(parent)
}

/// Where temporary files go: `$XDG_RUNTIME_DIR` when it is set (a per-user directory, 0700,
/// emptied by the system when the user logs out, so a file that escrot could not remove —
/// killed with SIGKILL — does not outlive the session), else the system's temporary
/// directory.
pub fn temporary_root() -> PathBuf {
    escrot_vars::get("XDG_RUNTIME_DIR").map(PathBuf::from).filter(|d| d.is_dir()).unwrap_or_else(std::env::temp_dir)
}

/// Writes each file's content to a new file `escrot-*` in `dir` (mode 0600 from its
/// creation on: `tempfile` creates it so), and returns the `(name, path)` pairs. When one
/// cannot be written, those already written are removed.
pub fn write_files<'a>(
    dir: &Path,
    files: impl IntoIterator<Item = &'a Exported>,
) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut written: Vec<(String, PathBuf)> = Vec::new();
    for file in files {
        match write_file(dir, &file.text) {
            Ok(path) => written.push((file.name.clone(), path)),
            Err(e) => {
                for (_, path) in &written {
                    let _ = std::fs::remove_file(path);
                }
                return Err(e);
            }
        }
    }
    Ok(written)
}

fn write_file(dir: &Path, content: &str) -> std::io::Result<PathBuf> {
    let mut file = tempfile::Builder::new().prefix("escrot-").tempfile_in(dir)?;
    file.write_all(content.as_bytes())?;
    file.flush()?;
    let (_, path) = file.keep().map_err(|e| e.error)?;
    Ok(path)
}

/// A private directory (0700) holding the files of one `run`, removed with them when
/// dropped.
pub struct PrivateFiles {
    dir: tempfile::TempDir,
}

impl PrivateFiles {
    pub fn create() -> std::io::Result<PrivateFiles> {
        Ok(PrivateFiles { dir: private_dir("escrot-run-", &temporary_root())? })
    }

    pub fn write<'a>(&self, files: impl IntoIterator<Item = &'a Exported>) -> std::io::Result<Vec<(String, PathBuf)>> {
        write_files(self.dir.path(), files)
    }
}
