//! What an environment exports to a process, as ESC's `PrepareEnvironment` makes it: the
//! scalars of its top-level `environmentVariables`, as text, and its `files` — scalars
//! too, each written to a temporary file (mode 0600) whose path is exported under its key.
//! `run` writes the files into a private directory it removes when the command exits;
//! `open --format dotenv|shell` leaves them for the shell that reads its output (as ESC's
//! `open` does).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::output::values;
use escrot_esc::{Value, ValueRepr};

/// An exported name and its text (ESC's `Value.ToString`, never redacted: the program gets
/// the real value), with whether it is secret.
pub struct Exported {
    pub name: String,
    pub text: String,
    pub secret: bool,
}

/// The variables and files of an environment, each sorted by name.
pub struct Exports {
    pub variables: Vec<Exported>,
    pub files: Vec<Exported>,
}

impl Exports {
    pub fn of(properties: &BTreeMap<String, Value>) -> Exports {
        Exports { variables: scalars(properties, "environmentVariables"), files: scalars(properties, "files") }
    }

    /// The secret values among the variables and the files' contents: what `run` redacts
    /// from the command's output.
    pub fn secrets(&self) -> impl Iterator<Item = &str> {
        self.variables.iter().chain(&self.files).filter(|e| e.secret).map(|e| e.text.as_str())
    }
}

/// ESC's `GetEnvironmentVariables` and `GetTemporaryFiles`: the null, boolean, number and
/// string properties of the object `key` (arrays and objects are left out), as text; an
/// unknown value is `[unknown]`.
fn scalars(properties: &BTreeMap<String, Value>, key: &str) -> Vec<Exported> {
    let Some(object) = properties.get(key).and_then(Value::as_object) else { return Vec::new() };
    object
        .iter()
        .filter(|(_, v)| {
            v.unknown || matches!(v.repr, ValueRepr::Null | ValueRepr::Bool(_) | ValueRepr::Number(_) | ValueRepr::String(_))
        })
        .map(|(name, v)| Exported { name: name.clone(), text: values::to_string(v, false), secret: v.secret })
        .collect()
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
        // `tempfile` creates the directory with mode 0700.
        let dir = tempfile::Builder::new().prefix("escrot-run-").tempdir_in(temporary_root())?;
        Ok(PrivateFiles { dir })
    }

    pub fn write<'a>(&self, files: impl IntoIterator<Item = &'a Exported>) -> std::io::Result<Vec<(String, PathBuf)>> {
        write_files(self.dir.path(), files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_only_as_text() {
        let mut vars = BTreeMap::new();
        vars.insert("A".to_owned(), Value::string("x").with_secret(true));
        vars.insert("B".to_owned(), Value::new(ValueRepr::Bool(true)));
        vars.insert("C".to_owned(), Value::new(ValueRepr::Array(vec![])));
        vars.insert("D".to_owned(), Value::unknown());
        let mut p = BTreeMap::new();
        p.insert("environmentVariables".to_owned(), Value::object(vars));
        let e = Exports::of(&p);
        let got: Vec<_> = e.variables.iter().map(|v| (v.name.as_str(), v.text.as_str(), v.secret)).collect();
        assert_eq!(got, [("A", "x", true), ("B", "true", false), ("D", "[unknown]", false)]);
        assert_eq!(e.secrets().collect::<Vec<_>>(), ["x"]);
        assert!(e.files.is_empty());
    }
}
