//! Finding the corpus and its cases. Nothing here names a case: any corpus in the same
//! format works.

use std::path::{Path, PathBuf};

/// `$ESC_CONFORMANCE_DIR` when set, else `../shared/esc-conformance` next to the repository
/// (made absolute and free of `..` when it exists, for readable messages).
pub fn corpus_dir() -> PathBuf {
    let dir = match std::env::var_os("ESC_CONFORMANCE_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/esc-conformance"),
    };
    std::fs::canonicalize(&dir).unwrap_or(dir)
}

/// An evaluator case: a directory of `eval/` with an `env.yaml` and an `expected.json`
/// (directories without `expected.json`, like `bench`, are for performance only).
pub struct EvalCase {
    pub name: String,
    pub dir: PathBuf,
}

/// The cases under `<corpus>/eval`, by name.
pub fn eval_cases(corpus: &Path) -> Vec<EvalCase> {
    let mut cases: Vec<EvalCase> = subdirectories(&corpus.join("eval"))
        .into_iter()
        .filter(|dir| dir.join("env.yaml").is_file() && dir.join("expected.json").is_file())
        .map(|dir| EvalCase { name: file_name(&dir), dir })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// A document encryption case: `<name>.plaintext.yaml` ↔ `<name>.ciphertext.yaml`.
pub struct CryptCase {
    pub name: String,
    pub plaintext: PathBuf,
    pub ciphertext: PathBuf,
}

/// The cases under `<corpus>/crypt`, by name.
pub fn crypt_cases(corpus: &Path) -> Vec<CryptCase> {
    let dir = corpus.join("crypt");
    let mut cases: Vec<CryptCase> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let file = entry.file_name().into_string().ok()?;
            let name = file.strip_suffix(".plaintext.yaml")?.to_owned();
            let ciphertext = dir.join(format!("{name}.ciphertext.yaml"));
            ciphertext.is_file().then(|| CryptCase { name, plaintext: entry.path(), ciphertext })
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

fn subdirectories(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect()
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}
