//! What the store-backed commands share: opening the store, loading a revision for
//! evaluation, keeping secrets encrypted at rest (every write encrypts every `fn::secret`
//! with the store key) and redacted on display, validating a definition before it is
//! written, and committing a new revision.

use std::sync::Arc;

use crate::commands::{Loaded, Origin, report};
use crate::files::{SourceFile, SourceMap};
use crate::workspace::{self, StoreEnvironmentLoader, Workspace, store_error};
use crate::{CliError, Ui};
use escrot_esc::crypt::{decrypt_document, encrypt_document};
use escrot_esc::provider::{Decrypter, EnvironmentLoader, Error};
use escrot_esc::{self as esc, Diagnostics};
use escrot_rotation::providers::Registry;
use escrot_store::{EnvName, EnvRef, Revision, RevisionKind, StoreError};

/// The placeholder a redacted secret is shown as.
pub const REDACTED: &str = "[secret]";

/// Opens the store (once) and returns it.
pub fn workspace<'a>(ui: &Ui, ws: &'a mut Option<Workspace>) -> Result<&'a Workspace, CliError> {
    if ws.is_none() {
        *ws = Some(open_to_read(ui)?);
    }
    ws.as_ref().ok_or_else(|| CliError::failed("the store could not be opened"))
}

/// Opens the store read-only, for a command that only reads it: a store that does not
/// exist yet is not created (with its key) just to be read, and nothing is written (a
/// read-only store can be read).
pub fn open_to_read(ui: &Ui) -> Result<Workspace, CliError> {
    refuse_missing(ui)?;
    let ws = Workspace::open_read_only(ui.store.as_deref(), ui.org.as_deref())?;
    ui.verbose(format_args!("store: {} (read-only)", ws.lock().describe()));
    Ok(ws)
}

/// Opens an existing store for a command that changes environments already in it: one
/// that does not exist yet is not created.
pub fn open_existing(ui: &Ui) -> Result<Workspace, CliError> {
    refuse_missing(ui)?;
    open(ui)
}

fn refuse_missing(ui: &Ui) -> Result<(), CliError> {
    match missing_store(ui)? {
        Some(path) => Err(CliError::invalid(format!(
            "there is no store at {} yet, so no environment; create one with `escrot init ORG/PROJECT/ENV`",
            path.display()
        ))),
        None => Ok(()),
    }
}

/// The database path of the store `--store` names, when that file does not exist.
pub fn missing_store(ui: &Ui) -> Result<Option<std::path::PathBuf>, CliError> {
    let location = escrot_store::StoreLocation::resolve(ui.store.as_deref()).map_err(store_error)?;
    Ok(location.sqlite_path().filter(|p| !p.exists()).map(std::path::Path::to_path_buf))
}

/// Opens the store named by `--store` / `ESCROT_STORE` (or the default one), creating it
/// (and its key) if needed.
pub fn open(ui: &Ui) -> Result<Workspace, CliError> {
    let ws = Workspace::open(ui.store.as_deref(), ui.org.as_deref())?;
    ui.verbose(format_args!("store: {}", ws.lock().describe()));
    Ok(ws)
}

/// Another handle on the same store.
pub fn share(ws: &Workspace) -> Workspace {
    Workspace { store: ws.store.clone(), key: ws.key.clone(), org: ws.org.clone() }
}

/// Turns the errors of decrypting or encrypting a document into one message. The
/// messages name paths, never values.
fn crypt_error(env: &EnvName, what: &str, diags: Diagnostics) -> CliError {
    let reasons: Vec<String> = diags
        .iter()
        .map(|d| if d.path.is_empty() { d.summary.clone() } else { format!("{}: {}", d.path, d.summary) })
        .collect();
    CliError::invalid(format!("cannot {what} the secrets of environment '{env}': {}", reasons.join("; ")))
}

/// The definition with its secrets decrypted (for editing, or `--show-secrets`).
pub fn decrypt(ws: &Workspace, env: &EnvName, yaml: &str) -> Result<String, CliError> {
    decrypt_document(&env.to_string(), yaml, ws.key.as_ref()).map_err(|d| crypt_error(env, "decrypt", d))
}

/// The definition with its secrets shown as `[secret]`; every other byte as stored.
pub fn redact(env: &EnvName, yaml: &str) -> Result<String, CliError> {
    decrypt_document(&env.to_string(), yaml, &Redactor).map_err(|d| crypt_error(env, "read", d))
}

/// The definition to show: decrypted with `show_secrets`, redacted otherwise.
pub fn display(ws: &Workspace, env: &EnvName, yaml: &str, show_secrets: bool) -> Result<String, CliError> {
    if show_secrets { decrypt(ws, env, yaml) } else { redact(env, yaml) }
}

/// The definition with every plaintext `fn::secret` encrypted with the store key.
pub fn encrypt(ws: &Workspace, env: &EnvName, yaml: &str) -> Result<String, CliError> {
    encrypt_document(&env.to_string(), yaml, ws.key.as_ref()).map_err(|d| crypt_error(env, "encrypt", d))
}

/// A "decrypter" that turns every secret into `[secret]`.
struct Redactor;

impl Decrypter for Redactor {
    fn decrypt(&self, _ciphertext: &[u8]) -> Result<Vec<u8>, Error> {
        Ok(REDACTED.as_bytes().to_vec())
    }
}

/// Parses a `NAME|FILE` argument that is not a file as a store reference; when it is not a
/// valid name either, the error says that no such file exists.
pub fn reference(ws: &Workspace, arg: &str) -> Result<EnvRef, CliError> {
    ws.reference(arg).map_err(|mut e| {
        e.message.push_str(&format!("; and no file '{arg}' exists (files are read when they exist or end in .yaml)"));
        e
    })
}

/// The error for a store environment that could not be read.
pub fn read_error(e: StoreError) -> CliError {
    match e {
        StoreError::EnvironmentNotFound(env) => CliError::invalid(format!(
            "environment '{env}' does not exist; `escrot ls` lists the environments, `escrot init {env}` creates it"
        )),
        e => store_error(e),
    }
}

/// Loads the revision a reference designates.
pub fn load_ref(ws: &Workspace, r: &EnvRef) -> Result<Loaded, CliError> {
    let rev = ws.lock().resolve(r).map_err(read_error)?;
    let plain = decrypt(ws, &r.name, &rev.yaml)?;
    let shown = r.to_string();
    Ok(load_plain(ws, &r.name, rev.number, shown, plain))
}

/// Loads a definition whose secrets are in plaintext (in memory only). Diagnostics show its
/// lines with the secrets redacted, so they never print a secret.
pub fn load_plain(ws: &Workspace, env: &EnvName, revision: u64, shown: String, plain: String) -> Loaded {
    let name = env.to_string();
    let sources = SourceMap::default();
    sources.insert(&name, SourceFile::new(shown.clone(), &plain));
    let (ast, diags) = esc::load_yaml(&name, &plain);
    Loaded {
        name,
        shown,
        text: plain,
        sources,
        ast,
        diags,
        origin: Origin::Store { ws: share(ws), env: env.clone(), revision },
    }
}

/// Validates a new definition (plaintext secrets allowed) the way `check` does and, when it
/// has no errors, returns it with its secrets encrypted, ready to be committed. Diagnostics
/// are printed; errors refuse the write (exit 2, nothing written).
/// `shown` names the definition in diagnostics (its file, or the environment).
pub fn validate(ui: &Ui, ws: &Workspace, env: &EnvName, plain: &str, shown: &str) -> Result<String, CliError> {
    check_source(ui, ws, env, plain, shown)?;
    encrypt(ws, env, plain)
}

/// Checks a definition (secrets in plaintext or encrypted) the way `check` does, prints its
/// diagnostics, and fails when it has errors.
pub fn check(ui: &Ui, ws: &Workspace, env: &EnvName, plain: &str) -> Result<(), CliError> {
    check_source(ui, ws, env, plain, &env.to_string())
}

/// [`check`], with diagnostics naming the definition `shown`.
fn check_source(ui: &Ui, ws: &Workspace, env: &EnvName, plain: &str, shown: &str) -> Result<(), CliError> {
    let plain = match decrypt(ws, env, plain) {
        Ok(plain) => plain,
        // What cannot be read as YAML cannot be decrypted either: say what `check` says.
        Err(e) => {
            let (_, diags) = esc::load_yaml(&env.to_string(), plain);
            if !esc::diag::has_errors(&diags) {
                return Err(e);
            }
            let sources = SourceMap::default();
            sources.insert(&env.to_string(), SourceFile::new(shown, plain));
            report(ui, diags, &sources, shown);
            return Err(has_errors(env));
        }
    };
    let loaded = load_plain(ws, env, 0, shown.to_owned(), plain);
    let mut diags = loaded.diags.clone();
    if let Some(ast) = &loaded.ast {
        let (_, check) =
            loaded.with_options(&Registry::new(), false, |opts| esc::check_environment(&loaded.name, ast, opts));
        diags.extend(check);
    } else if !esc::diag::has_errors(&diags) {
        diags.push(esc::Diagnostic::error(None, "the definition is not an environment", ""));
    }
    if report(ui, diags, &loaded.sources, &loaded.shown) {
        return Err(has_errors(env));
    }
    Ok(())
}

fn has_errors(env: &EnvName) -> CliError {
    CliError::invalid(format!("the definition of environment '{env}' has errors (shown above); nothing was saved"))
}

/// Checks an edited definition (`yaml`, already encrypted), commits it as a new revision
/// (kind edit) from `expected`, and reports the new revision, as `set` and `rm PATH` do.
pub fn save_edit(ui: &Ui, ws: &Workspace, env: &EnvName, expected: u64, yaml: &str) -> Result<(), CliError> {
    check(ui, ws, env, yaml)?;
    let new = commit(ws, env, expected, yaml, RevisionKind::Edit)?;
    report_update(ui, env, new.number)
}

/// `Environment 'NAME' updated.` and `New revision 'N' was created.` (not with --quiet).
pub fn report_update(ui: &Ui, env: &EnvName, revision: u64) -> Result<(), CliError> {
    use std::io::Write as _;
    if !ui.quiet {
        let mut out = ui.stdout();
        writeln!(out, "Environment '{env}' updated.")?;
        writeln!(out, "New revision '{revision}' was created.")?;
    }
    Ok(())
}

/// Commits `yaml` (already encrypted) as a new revision of `env`, if `expected` is still its
/// latest revision.
pub fn commit(
    ws: &Workspace,
    env: &EnvName,
    expected: u64,
    yaml: &str,
    kind: RevisionKind,
) -> Result<Revision, CliError> {
    if has_plaintext_secret(yaml) {
        return Err(CliError::failed(format!(
            "refusing to store a plaintext secret in environment '{env}'; this is a bug, please report it"
        )));
    }
    ws.lock().commit_revision(env, expected, yaml, kind, &workspace::author()).map_err(|e| match e {
        StoreError::Conflict { actual, .. } => CliError::failed(format!(
            "environment '{env}' was changed by someone else while this command ran (it is now at revision \
             {actual}); nothing was saved: run the command again"
        )),
        e => store_error(e),
    })
}

/// Whether a document still holds a plaintext `fn::secret` (a bug if about to be stored).
fn has_plaintext_secret(yaml: &str) -> bool {
    match encrypt_document("check", yaml, &Counter) {
        Ok(out) => out != yaml,
        Err(_) => false,
    }
}

/// An "encrypter" used only to detect plaintext secrets.
struct Counter;

impl escrot_esc::provider::Encrypter for Counter {
    fn encrypt(&self, _plaintext: &[u8]) -> Result<Vec<u8>, Error> {
        Ok(Vec::new())
    }
}

/// Resolves imports in the store and remembers the text of each imported environment, so
/// that diagnostics in it show its lines (with secrets redacted).
pub struct RecordingLoader {
    inner: StoreEnvironmentLoader,
    sources: SourceMap,
}

impl RecordingLoader {
    pub fn new(inner: StoreEnvironmentLoader, sources: SourceMap) -> RecordingLoader {
        RecordingLoader { inner, sources }
    }
}

impl EnvironmentLoader for RecordingLoader {
    fn load_environment(&self, name: &str) -> Result<(String, Arc<dyn Decrypter>), Error> {
        let (text, decrypter) = self.inner.load_environment(name)?;
        let full = self.inner.resolve(name)?;
        let plain = decrypt_document(&full.to_string(), &text, decrypter.as_ref())
            .map_err(|d| crypt_error(&full, "decrypt", d).message)?;
        self.sources.insert(name, SourceFile::new(full.to_string(), &plain));
        Ok((plain, decrypter))
    }
}
