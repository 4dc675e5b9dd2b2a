//! The files of a corpus case: `overrides.json` and `expected.json` (see the corpus
//! README). Absent keys of `expected.json` mean "empty" (diagnostics) or "no environment"
//! (JSON values), as in ESC's Go driver, which writes them with `omitempty`.

use serde::Deserialize;

/// `overrides.json`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Overrides {
    #[serde(default)]
    pub show_secrets: bool,
    /// The name to evaluate the environment under instead of the directory name.
    pub root_environment: Option<String>,
    #[serde(default)]
    pub rotate: bool,
    /// Property paths of the `fn::rotate` nodes to rotate; all of them when absent.
    #[serde(default)]
    pub rotate_paths: Vec<String>,
}

/// `expected.json`. Of the detailed `check`, `eval` and `rotate` environments only the
/// `properties` are compared (and only on request): our `Environment` carries neither
/// expressions nor schemas.
#[derive(Debug, Default, Deserialize)]
pub struct Expected {
    #[serde(rename = "loadDiags", default)]
    pub load_diags: Vec<ExpectedDiag>,
    #[serde(rename = "checkDiags", default)]
    pub check_diags: Vec<ExpectedDiag>,
    #[serde(rename = "checkJson")]
    pub check_json: Option<serde_json::Value>,
    #[serde(rename = "evalDiags", default)]
    pub eval_diags: Vec<ExpectedDiag>,
    #[serde(rename = "evalJSONRevealed")]
    pub eval_json_revealed: Option<serde_json::Value>,
    #[serde(rename = "evalJsonRedacted")]
    pub eval_json_redacted: Option<serde_json::Value>,
    #[serde(rename = "rotateDiags", default)]
    pub rotate_diags: Vec<ExpectedDiag>,
    #[serde(rename = "rotateJson")]
    pub rotate_json: Option<serde_json::Value>,
    #[serde(rename = "rotatePatches", default)]
    pub rotate_patches: Vec<ExpectedPatch>,
    pub check: Option<DetailedEnvironment>,
    pub eval: Option<DetailedEnvironment>,
    pub rotate: Option<DetailedEnvironment>,
}

/// A detailed environment (Go's `esc.Environment`): only its values are read.
#[derive(Debug, Deserialize)]
pub struct DetailedEnvironment {
    /// Each value detailed: `{value, secret?, unknown?, trace: {def, base?}}`.
    #[serde(default)]
    pub properties: serde_json::Map<String, serde_json::Value>,
}

impl Expected {
    /// Whether the expected file describes anything past loading (check, eval or rotate).
    pub fn expects_environment(&self) -> bool {
        !self.check_diags.is_empty()
            || self.check_json.is_some()
            || !self.eval_diags.is_empty()
            || self.eval_json_revealed.is_some()
            || self.eval_json_redacted.is_some()
            || self.expects_rotation()
    }

    pub fn expects_rotation(&self) -> bool {
        !self.rotate_diags.is_empty() || self.rotate_json.is_some() || !self.rotate_patches.is_empty()
    }
}

/// A diagnostic as ESC's Go `hcl.Diagnostic` serializes it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExpectedDiag {
    pub severity: u8,
    pub summary: String,
    #[serde(default)]
    pub detail: String,
    pub subject: Option<ExpectedRange>,
    #[serde(default)]
    pub path: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExpectedRange {
    pub filename: String,
    pub start: ExpectedPos,
    pub end: ExpectedPos,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExpectedPos {
    pub line: usize,
    pub column: usize,
    #[serde(default)]
    pub byte: usize,
}

/// A rotation's edit: the new `state` of one `fn::rotate` node, as a detailed value.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExpectedPatch {
    pub doc_path: String,
    pub replacement: serde_json::Value,
}

/// Reads a JSON file of a case; `None` when it does not exist.
pub fn read_json_file<T: for<'de> Deserialize<'de>>(path: &std::path::Path) -> Result<Option<T>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).map(Some).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}
