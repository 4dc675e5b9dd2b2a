//! Environments in plain files: reading a definition safely, naming it, and loading the
//! environments it imports from sibling files.
//!
//! A file `dir/app.yaml` is the environment `app`. Its imports are resolved next to it:
//! `common` is `dir/common.yaml`; a name with slashes such as `acme/common` is
//! `dir/acme/common.yaml`, or `dir/common.yaml` when `dir` is itself named `acme`.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use escrot_esc::provider::{Decrypter, EnvironmentLoader, Error};

/// The largest environment file escrot reads. ESC definitions are small; anything bigger
/// is almost certainly the wrong file.
pub const MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// Why a file could not be read: the path and the reason, printed as `'PATH': REASON`.
#[derive(Debug, thiserror::Error)]
#[error("'{path}': {reason}")]
pub struct FileError {
    pub path: String,
    pub reason: String,
    pub not_found: bool,
}

/// Reads an environment definition: a UTF-8 text file of at most [`MAX_FILE_SIZE`] bytes.
pub fn read_definition(path: &Path) -> Result<String, FileError> {
    let shown = path.display().to_string();
    let fail = |reason: String| FileError { path: shown.clone(), reason, not_found: false };
    let io = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => {
            FileError { path: shown.clone(), reason: "no such file".into(), not_found: true }
        }
        std::io::ErrorKind::PermissionDenied => fail("permission denied".into()),
        std::io::ErrorKind::IsADirectory => fail(IS_A_DIRECTORY.into()),
        _ => fail(format!("could not read the file: {e}")),
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(fail(IS_A_DIRECTORY.into()));
    }
    let too_large = |size: u64| {
        fail(format!(
            "the file is too large ({size} bytes); environment files are limited to {} MiB",
            MAX_FILE_SIZE >> 20
        ))
    };
    if meta.len() > MAX_FILE_SIZE {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    // A special file (a pipe, /dev/zero) may be larger than its metadata says.
    read_limited(file, "the file").map_err(|e| match e {
        ReadError::Io(e) => io(e),
        other => fail(other.to_string()),
    })
}

/// Reads a definition from standard input (`-f -`), with the limits of files.
pub fn read_definition_from_stdin() -> Result<String, FileError> {
    read_limited(std::io::stdin().lock(), "standard input").map_err(|e| FileError {
        path: "-".to_owned(),
        reason: e.to_string(),
        not_found: false,
    })
}

#[derive(Debug, thiserror::Error)]
enum ReadError {
    #[error("could not read {0}")]
    Io(std::io::Error),
    #[error("{what} is too large (more than {} MiB); environment definitions are limited to {} MiB", MAX_FILE_SIZE >> 20, MAX_FILE_SIZE >> 20)]
    TooLarge { what: String },
    #[error("{what} is not valid UTF-8 (at byte {at}); environment definitions must be UTF-8 text")]
    NotUtf8 { what: String, at: usize },
}

/// Reads at most [`MAX_FILE_SIZE`] bytes of UTF-8 from `reader`; more is an error, never
/// a silently shortened definition.
fn read_limited(reader: impl Read, what: &str) -> Result<String, ReadError> {
    let mut bytes = Vec::new();
    reader.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(ReadError::TooLarge { what: what.to_owned() });
    }
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 { what: what.to_owned(), at: e.utf8_error().valid_up_to() })
}

const IS_A_DIRECTORY: &str = "is a directory, not an environment file";

/// The environment name of a root file: its name without the extension.
pub fn environment_name(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "<yaml>".to_owned())
}

/// A source that diagnostics can point into.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path to show the user.
    pub path: String,
    /// The text, with every `fn::secret` plaintext masked: source lines are printed under
    /// diagnostics, and a secret must not reach stderr that way.
    pub text: Arc<str>,
}

impl SourceFile {
    /// The source of `plain` (secrets in plaintext or encrypted), its secrets masked with
    /// lines and columns kept, so that diagnostics on `plain` point at the right place.
    pub fn new(path: impl Into<String>, plain: &str) -> SourceFile {
        SourceFile { path: path.into(), text: escrot_esc::crypt::mask_secrets(plain).into() }
    }
}

/// The files read so far, by environment name: diagnostics name environments, and are
/// printed with the file's path and source line.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    files: Arc<Mutex<HashMap<String, SourceFile>>>,
}

impl SourceMap {
    pub fn insert(&self, env_name: &str, file: SourceFile) {
        if let Ok(mut files) = self.files.lock() {
            files.entry(env_name.to_owned()).or_insert(file);
        }
    }

    pub fn get(&self, env_name: &str) -> Option<SourceFile> {
        self.files.lock().ok()?.get(env_name).cloned()
    }

    /// The path to print for an environment name (the name itself when no file is known).
    pub fn display_path(&self, env_name: &str) -> String {
        self.get(env_name).map_or_else(|| env_name.to_owned(), |f| f.path)
    }
}

/// Loads imported environments from files beside the root file.
pub struct FileEnvironmentLoader {
    dir: PathBuf,
    sources: SourceMap,
    decrypter: Arc<dyn Decrypter>,
}

impl FileEnvironmentLoader {
    /// A loader for imports of the environment in `root` (a file path).
    pub fn new(root: &Path, sources: SourceMap, decrypter: Arc<dyn Decrypter>) -> FileEnvironmentLoader {
        let dir = root.parent().map(Path::to_path_buf).unwrap_or_default();
        FileEnvironmentLoader { dir, sources, decrypter }
    }

    /// The files that may hold environment `name`, in the order they are tried.
    pub fn candidates(&self, name: &str) -> Vec<PathBuf> {
        let parts: Vec<&str> = name.split('/').collect();
        let mut found = vec![self.dir.join(format!("{name}.yaml"))];
        if parts.len() > 1 {
            let dir_name = self.dir.file_name().and_then(|n| n.to_str());
            if dir_name == Some(parts[0]) {
                found.push(self.dir.join(format!("{}.yaml", parts[1..].join("/"))));
            }
        }
        found
    }
}

/// Environment names are one to three `/`-separated parts of letters, digits, `-`, `_`
/// and `.`; this also keeps imports from escaping the directory (`..`, absolute paths).
pub fn is_valid_environment_name(name: &str) -> bool {
    let parts: Vec<&str> = name.split('/').collect();
    parts.len() <= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && *p != "."
                && *p != ".."
                && p.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        })
}

impl EnvironmentLoader for FileEnvironmentLoader {
    fn load_environment(&self, name: &str) -> Result<(String, Arc<dyn Decrypter>), Error> {
        if !is_valid_environment_name(name) {
            return Err(format!("invalid environment name \"{name}\"").into());
        }
        let candidates = self.candidates(name);
        for path in &candidates {
            match read_definition(path) {
                Ok(text) => {
                    self.sources.insert(name, SourceFile::new(path.display().to_string(), &text));
                    return Ok((text, self.decrypter.clone()));
                }
                Err(e) if e.not_found => continue,
                Err(e) => return Err(e.to_string().into()),
            }
        }
        let tried: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
        Err(format!("environment \"{name}\" not found (no file {})", tried.join(" or ")).into())
    }
}

/// The decrypter for plain files. escrot has no store key yet, so `fn::secret` ciphertexts
/// cannot be decrypted; plaintext `fn::secret: VALUE` works.
pub struct NoKeyDecrypter;

impl Decrypter for NoKeyDecrypter {
    fn decrypt(&self, _ciphertext: &[u8]) -> Result<Vec<u8>, Error> {
        Err("cannot decrypt secret: escrot has no decryption key yet (plain files support plaintext `fn::secret: \
             VALUE` only)"
            .into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in ["a", "acme/common", "org/acme/env-1", "a_b.c"] {
            assert!(is_valid_environment_name(ok), "{ok}");
        }
        for bad in ["", "/etc/passwd", "../x", "a/../b", "a//b", "a b", "a/b/c/d", "."] {
            assert!(!is_valid_environment_name(bad), "{bad}");
        }
    }

    #[test]
    fn candidates_include_the_project_directory() {
        let l =
            FileEnvironmentLoader::new(Path::new("ex/acme/app.yaml"), SourceMap::default(), Arc::new(NoKeyDecrypter));
        assert_eq!(
            l.candidates("acme/common"),
            vec![PathBuf::from("ex/acme/acme/common.yaml"), PathBuf::from("ex/acme/common.yaml")]
        );
        assert_eq!(l.candidates("common"), vec![PathBuf::from("ex/acme/common.yaml")]);
    }
}
