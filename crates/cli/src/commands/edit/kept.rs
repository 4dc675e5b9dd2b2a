//! An edit that could not be saved, kept in a file for `escrot edit NAME --resume FILE`.
//!
//! The edit holds the definition's secrets in plaintext, so the file holds it encrypted
//! with the store key (bound to the environment and the revision it was made on), never
//! in the clear: what is on disk is as safe as the store's own ciphertexts. The file is a
//! few `key: value` lines under a comment that says how to resume it.

use std::io::Write;
use std::path::{Path, PathBuf};

use escrot_store::{EnvName, StoreKey};
use zeroize::Zeroizing;

use crate::CliError;

const FORMAT_LINE: &str = "escrot-kept-edit: v1";

/// An edit read back from its file.
pub struct KeptEdit {
    /// The revision the edit was made on: it is saved onto that revision, so that nothing
    /// committed since is overwritten unseen.
    pub revision: u64,
    pub text: Zeroizing<String>,
}

/// What the edit was made on, bound to its ciphertext.
fn context(name: &EnvName, revision: u64) -> String {
    format!("{name}@{revision}")
}

/// Writes `text` (an edit of `name` made on `revision`), encrypted, into a new private file
/// (mode 0600) in the temporary directory, and returns its path.
pub fn keep(key: &StoreKey, name: &EnvName, revision: u64, text: &str) -> Result<PathBuf, String> {
    let sealed = key.seal_kept_edit(&context(name, revision), text).map_err(|e| e.to_string())?;
    let prefix = format!("escrot-kept-{}-{}-{}-", name.org, name.project, name.env);
    // `tempfile` creates the file with mode 0600.
    let mut file =
        tempfile::Builder::new().prefix(&prefix).suffix(".escrot-edit").tempfile().map_err(|e| e.to_string())?;
    let path = file.path().to_path_buf();
    let body = format!(
        "# An edit of environment '{name}' (made on revision {revision}) that escrot could not save, encrypted\n\
         # with the store key. Resume it with:\n\
         #   escrot edit {name} --resume {}\n\
         {FORMAT_LINE}\nenvironment: {name}\nrevision: {revision}\nsealed: {sealed}\n",
        path.display()
    );
    file.write_all(body.as_bytes()).map_err(|e| e.to_string())?;
    file.keep().map_err(|e| e.error.to_string())?;
    Ok(path)
}

/// Reads the kept edit at `path`, which must be an edit of `name`.
pub fn read(key: &StoreKey, name: &EnvName, path: &Path) -> Result<KeptEdit, CliError> {
    let shown = path.display();
    let body = std::fs::read_to_string(path).map_err(|e| CliError::invalid(format!("cannot read {shown}: {e}")))?;
    let not_kept = || CliError::invalid(format!("{shown} is not an edit kept by `escrot edit`"));
    let mut lines = body.lines().filter(|l| !l.starts_with('#'));
    if lines.next() != Some(FORMAT_LINE) {
        return Err(not_kept());
    }
    let mut field = |key: &str| lines.next().and_then(|l| l.strip_prefix(key)).map(str::trim).ok_or_else(not_kept);
    let (environment, revision, sealed) = (field("environment:")?, field("revision:")?, field("sealed:")?);
    if environment != name.to_string() {
        return Err(CliError::invalid(format!(
            "{shown} holds an edit of environment '{environment}', not '{name}'; run `escrot edit {environment} \
             --resume {shown}`"
        )));
    }
    let revision: u64 = revision.parse().map_err(|_| not_kept())?;
    let text = key.open_kept_edit(&context(name, revision), sealed).map_err(|_| {
        CliError::invalid(format!(
            "cannot decrypt {shown}: it was encrypted with another store key (or altered); open it with the store \
             it was made with"
        ))
    })?;
    Ok(KeptEdit { revision, text })
}
