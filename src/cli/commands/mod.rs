//! One module per command, and what they share: reading an environment file and the
//! evaluation options for plain files.

pub mod check;
pub mod completion;
pub mod get;
pub mod open;
pub mod rotate;

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use crate::cli::{CliError, Ui};
use crate::esc::{self, EvalOptions, Value, ast};
use crate::files::{self, FileEnvironmentLoader, NoKeyDecrypter, SourceFile, SourceMap};
use crate::output::diagnostics::{Located, render_text};
use crate::providers::Registry;

/// An environment file, read and loaded.
pub struct LoadedFile {
    /// The environment's name (the file name without its extension).
    pub name: String,
    pub text: String,
    pub sources: SourceMap,
    pub ast: Option<ast::Environment>,
    /// The load diagnostics.
    pub diags: Vec<esc::Diagnostic>,
}

/// Reads and loads an environment file.
pub fn load_file(path: &Path) -> Result<LoadedFile, files::FileError> {
    let text = files::read_definition(path)?;
    let name = files::environment_name(path);
    let sources = SourceMap::default();
    sources.insert(&name, SourceFile { path: path.display().to_string(), text: text.clone().into() });
    let (ast, diags) = esc::load_yaml(&name, &text);
    Ok(LoadedFile { name, text, sources, ast, diags })
}

/// The value of `${context}` for plain files: an empty object. (Pulumi Cloud fills it
/// with the calling user and organization; escrot has neither yet.)
pub fn exec_context() -> Value {
    Value::object(Default::default())
}

/// Calls `f` with the evaluation options for the environment file at `path`: the
/// binary's providers, imports from sibling files, and no decryption key.
pub fn with_options<T>(
    path: &Path,
    sources: &SourceMap,
    show_secrets: bool,
    f: impl FnOnce(&EvalOptions<'_>) -> T,
) -> T {
    let decrypter: Arc<dyn esc::provider::Decrypter> = Arc::new(NoKeyDecrypter);
    let environments = FileEnvironmentLoader::new(path, sources.clone(), decrypter.clone());
    let providers = Registry::new();
    let opts = EvalOptions {
        decrypter: decrypter.as_ref(),
        providers: &providers,
        environments: &environments,
        exec_context: exec_context(),
        show_secrets,
    };
    f(&opts)
}

/// Prints diagnostics to stderr (as text) and returns whether any is an error. Diagnostics
/// without a location (YAML syntax errors) are attributed to `file`.
pub fn report(ui: &Ui, diags: Vec<esc::Diagnostic>, sources: &SourceMap, file: &Path) -> bool {
    let mut diags = diags;
    esc::diag::sort(&mut diags);
    let has_errors = esc::diag::has_errors(&diags);
    let shown: Vec<Located> = diags
        .into_iter()
        .filter(|d| d.is_error() || !ui.quiet)
        .map(|d| Located::new(d, Some(file.display().to_string())))
        .collect();
    let _ = ui.stderr().write_all(render_text(&shown, sources).as_bytes());
    has_errors
}

/// The error for a file that could not be read (exit code 2).
pub fn file_error(e: files::FileError) -> CliError {
    CliError::invalid(e.to_string())
}
