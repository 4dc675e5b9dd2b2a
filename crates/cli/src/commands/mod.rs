//! One module per command, and what they share: telling store names from file paths,
//! loading an environment from either, and the evaluation options that go with it.

pub mod check;
pub mod completion;
pub mod confirm;
pub mod diff;
pub mod edit;
pub mod editor;
pub mod external_key;
pub mod file_key;
pub mod get;
pub mod init;
pub mod jwks;
pub mod ls;
pub mod open;
pub mod rm;
pub mod rotate;
pub mod rotate_due;
pub mod rotation;
pub mod run;
pub mod schedule;
pub mod set;
pub mod signals;
pub mod store;
pub mod store_admin;
pub mod version;
pub mod webhook;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::args::ProviderArgs;
use crate::files::{self, FileEnvironmentLoader, NoKeyDecrypter, SourceFile, SourceMap};
use crate::output::diagnostics::{Located, render_text};
use crate::workspace::Workspace;
use crate::{CliError, Ui};
use escrot_esc::{self as esc, EvalOptions, ExecContext, ast};
use escrot_rotation::providers::Registry;
use escrot_store::{EnvName, EnvRef};

/// What a `NAME|FILE` argument designates.
pub enum Target {
    /// An environment file.
    File(PathBuf),
    /// An environment of the store (`org/project/env[@REV|@TAG]`), as typed.
    Store(String),
}

impl Target {
    /// An argument that is an existing file, or ends in `.yaml`/`.yml`, is a file; anything
    /// else is an environment name.
    pub fn classify(arg: &Path) -> Target {
        let is_yaml = arg.extension().is_some_and(|e| e == "yaml" || e == "yml");
        match arg.to_str() {
            Some(name) if !is_yaml && !arg.exists() => Target::Store(name.to_owned()),
            _ => Target::File(arg.to_owned()),
        }
    }
}

/// Where a loaded environment came from, which decides how its imports are resolved and
/// its secrets decrypted.
pub enum Origin {
    /// A file: imports from sibling files; ciphertexts (written by `rotate --file`) decrypt
    /// with the store key when there is one.
    File(PathBuf, Option<Arc<escrot_store::StoreKey>>),
    /// A revision of an environment of the store: imports from the store, the store key.
    Store { ws: Workspace, env: EnvName, revision: u64 },
}

/// An environment, read and loaded.
pub struct Loaded {
    /// The environment's name for the evaluator (a file's name without its extension, or
    /// `org/project/env`).
    pub name: String,
    /// How to name it in messages (the path, or `org/project/env[@REV]`).
    pub shown: String,
    /// The text that was loaded. For the store, with its secrets decrypted (in memory only).
    pub text: String,
    pub sources: SourceMap,
    pub ast: Option<ast::Environment>,
    /// The load diagnostics.
    pub diags: Vec<esc::Diagnostic>,
    /// What `${context}` holds when it is evaluated ([`crate::context`]).
    pub context: ExecContext,
    pub origin: Origin,
}

/// Reads and loads an environment file, to be evaluated with `context`.
pub fn load_file(
    path: &Path,
    key: Option<Arc<escrot_store::StoreKey>>,
    context: ExecContext,
) -> Result<Loaded, files::FileError> {
    let text = files::read_definition(path)?;
    let name = files::environment_name(path);
    let shown = path.display().to_string();
    let sources = SourceMap::default();
    sources.insert(&name, SourceFile::new(shown.clone(), &text));
    let (ast, diags) = esc::load_yaml(&name, &text);
    Ok(Loaded { name, shown, text, sources, ast, diags, context, origin: Origin::File(path.to_owned(), key) })
}

/// The binary's providers and rotators, configured by the command line's provider flags.
pub fn registry(args: &ProviderArgs) -> Registry {
    Registry::new().with_oidc_token_file(args.oidc_token_file.clone())
}

/// Loads the environment a `NAME|FILE` argument designates, opening the store (once, into
/// `ws`) when it is a name.
pub fn load(ui: &Ui, arg: &Path, ws: &mut Option<Workspace>) -> Result<Loaded, CliError> {
    match Target::classify(arg) {
        Target::File(path) => {
            let key = crate::workspace::existing_key(ui.store.as_deref());
            load_file(&path, key, crate::context::for_file(ui.org.as_deref())).map_err(file_error)
        }
        Target::Store(name) => {
            let ws = store::workspace(ui, ws)?;
            let r = store::reference(ws, &name)?;
            store::load_ref(ws, &r)
        }
    }
}

impl Loaded {
    /// Calls `f` with the evaluation options for this environment: `providers`, imports
    /// and decryption as its origin provides, and its `${context}`.
    pub fn with_options<T>(
        &self,
        providers: &Registry,
        show_secrets: bool,
        f: impl FnOnce(&EvalOptions<'_>) -> T,
    ) -> T {
        match &self.origin {
            Origin::File(path, key) => {
                let decrypter: Arc<dyn esc::provider::Decrypter> = match key {
                    Some(key) => key.clone(),
                    None => Arc::new(NoKeyDecrypter),
                };
                let environments = FileEnvironmentLoader::new(path, self.sources.clone(), decrypter.clone());
                let opts = EvalOptions {
                    decrypter: decrypter.as_ref(),
                    providers,
                    environments: &environments,
                    exec_context: self.context.clone(),
                    show_secrets,
                };
                f(&opts)
            }
            Origin::Store { ws, env, .. } => {
                let environments = store::RecordingLoader::new(ws.loader(env), self.sources.clone());
                let opts = EvalOptions {
                    decrypter: ws.key.as_ref(),
                    providers,
                    environments: &environments,
                    exec_context: self.context.clone(),
                    show_secrets,
                };
                f(&opts)
            }
        }
    }

    /// The store reference this was loaded from, if it came from the store.
    pub fn store_ref(&self) -> Option<EnvRef> {
        match &self.origin {
            Origin::Store { env, revision, .. } => {
                Some(EnvRef { name: env.clone(), version: escrot_store::Version::Number(*revision) })
            }
            Origin::File(..) => None,
        }
    }
}

/// Prints diagnostics to stderr (as text) and returns whether any is an error. Diagnostics
/// without a location (YAML syntax errors) are attributed to `shown`.
pub fn report(ui: &Ui, diags: Vec<esc::Diagnostic>, sources: &SourceMap, shown: &str) -> bool {
    report_text(ui, diags, sources, shown).0
}

/// Like [`report`], and also returns what it printed (with ANSI styles).
pub fn report_text(ui: &Ui, diags: Vec<esc::Diagnostic>, sources: &SourceMap, shown: &str) -> (bool, String) {
    let mut diags = diags;
    esc::diag::sort(&mut diags);
    let has_errors = esc::diag::has_errors(&diags);
    let shown: Vec<Located> = diags
        .into_iter()
        .filter(|d| d.is_error() || !ui.quiet)
        .map(|d| Located::new(d, Some(shown.to_owned())))
        .collect();
    let text = render_text(&shown, sources);
    let _ = ui.stderr().write_all(text.as_bytes());
    (has_errors, text)
}

/// The error for a file that could not be read (exit code 2).
pub fn file_error(e: files::FileError) -> CliError {
    CliError::invalid(e.to_string())
}
