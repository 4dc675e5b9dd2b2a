//! What the store-backed commands share: opening the store, loading a revision for
//! evaluation, keeping secrets encrypted at rest (every write encrypts every `fn::secret`
//! with the store key) and redacted on display, and writing a definition through the
//! library's write gate.

use std::sync::Arc;

use crate::commands::{Loaded, Origin, report_text};
use crate::files::{SourceFile, SourceMap};
use crate::workspace::{self, StoreEnvironmentLoader, Workspace, store_error};
use crate::{CliError, Ui};
use escrot_esc::crypt::{decrypt_document, encrypt_document};
use escrot_esc::provider::{Decrypter, EnvironmentLoader, Error};
use escrot_esc::{self as esc, Diagnostics};
use escrot_rotation::definitions::{Gate, WriteError, Written, crypt_message};
use escrot_store::{EnvName, EnvRef, RevisionKind, StoreError};

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

/// Opens the store read-only when there is one: `None` for an SQLite database not created
/// yet, or a PostgreSQL database without escrot's tables yet.
pub fn open_to_read_if_any(ui: &Ui) -> Result<Option<Workspace>, CliError> {
    if missing_store(ui)?.is_some() {
        return Ok(None);
    }
    let location = escrot_store::StoreLocation::resolve(ui.store.as_deref()).map_err(store_error)?;
    match Workspace::open_read_only_at(&location, ui.org.as_deref()) {
        Ok(ws) => {
            ui.verbose(format_args!("store: {} (read-only)", ws.lock().describe()));
            Ok(Some(ws))
        }
        Err(StoreError::NoStoreYet { .. }) => Ok(None),
        Err(e) => Err(store_error(e)),
    }
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
    CliError::invalid(crypt_message(env, what, &diags))
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
        context: crate::context::for_store(env),
        origin: Origin::Store { ws: share(ws), env: env.clone(), revision },
    }
}

/// Writes a definition through the library's write gate (check → encrypt → no-plaintext
/// guard → commit, see [`escrot_rotation::definitions`]) with `write`, printing the check's
/// diagnostics (errors refuse the write: nothing is written). `shown` names the
/// definition in diagnostics (its file, or the environment). Returns the new revision, or
/// the error as the gate gave it ([`write_error`] turns it into the command's).
pub fn gate(
    ui: &Ui,
    ws: &Workspace,
    env: &EnvName,
    shown: &str,
    write: impl FnOnce(&Gate<'_>) -> Written,
) -> Result<u64, WriteError> {
    gate_with_diagnostics(ui, ws, env, shown, write).0
}

/// [`gate`], also returning the diagnostics it printed, without styles (for `edit`, which
/// shows them in the editor).
pub fn gate_with_diagnostics(
    ui: &Ui,
    ws: &Workspace,
    env: &EnvName,
    shown: &str,
    write: impl FnOnce(&Gate<'_>) -> Written,
) -> (Result<u64, WriteError>, String) {
    let sources = SourceMap::default();
    let environments = RecordingLoader::new(ws.loader(env), sources.clone());
    let author = workspace::author();
    let exec_context = crate::context::for_store(env);
    let gate = Gate { store: &ws.store, key: &ws.key, environments: &environments, exec_context, author: &author };
    let written = write(&gate);
    // The new revision's webhook deliveries, sent now that it is committed.
    if written.notified > 0 {
        super::webhook::deliver::send_pending(ui, &ws.store);
    }
    let name = env.to_string();
    // Imports were recorded first; as before, an import of the same name stays.
    if sources.get(&name).is_none() {
        sources.insert(&name, SourceFile::new(shown, &written.checked.text));
    }
    let (_, text) = report_text(ui, written.checked.diagnostics, &sources, shown);
    (written.result, anstream::adapter::strip_str(&text).to_string())
}

/// The command's error for a write the gate refused.
pub fn write_error(env: &EnvName, e: WriteError) -> CliError {
    match e {
        WriteError::Invalid => CliError::invalid(format!(
            "the definition of environment '{env}' has errors (shown above); nothing was saved"
        )),
        WriteError::Secrets(message) => CliError::invalid(message),
        WriteError::PlaintextSecret => CliError::failed(format!(
            "refusing to store a plaintext secret in environment '{env}'; this is a bug, please report it"
        )),
        WriteError::Conflict { actual } => CliError::failed(format!(
            "environment '{env}' was changed by someone else while this command ran (it is now at revision \
             {actual}); nothing was saved: run the command again"
        )),
        WriteError::AlreadyExists => already_exists(env),
        WriteError::Store(e) => store_error(e),
    }
}

/// The error for `init` of an environment that exists.
pub fn already_exists(name: &EnvName) -> CliError {
    CliError::invalid(format!(
        "environment '{name}' already exists; change it with `escrot edit {name}` or `escrot set {name} PATH VALUE`"
    ))
}

/// How many times a path edit (`set`, `rm PATH`) is applied again after someone else
/// committed first.
const PATH_EDIT_ATTEMPTS: usize = 5;

/// Applies a path edit (`set`, `rm PATH`) to the latest revision of `env` and commits it.
/// `edit` gives the new text, or `None` when the edit changes nothing (then nothing is
/// committed and `None` returned). A path edit depends on nothing but its path: when
/// another writer (a rotation, say) commits first, the edit is applied again to what they
/// committed rather than refused.
pub fn save_path_edit(
    ui: &Ui,
    ws: &Workspace,
    env: &EnvName,
    edit: impl Fn(&str) -> Result<Option<String>, CliError>,
) -> Result<Option<u64>, CliError> {
    let shown = env.to_string();
    let mut attempt = 0;
    loop {
        attempt += 1;
        let rev = ws.lock().latest(env).map_err(read_error)?;
        let Some(yaml) = edit(&rev.yaml)? else { return Ok(None) };
        escrot_rotation::failpoint::pause("before-edit-commit");
        match gate(ui, ws, env, &shown, |g| g.write(env, rev.number, &yaml, RevisionKind::Edit)) {
            Ok(new) => {
                report_update(ui, env, new)?;
                return Ok(Some(new));
            }
            Err(WriteError::Conflict { .. }) if attempt < PATH_EDIT_ATTEMPTS => continue,
            Err(e) => return Err(write_error(env, e)),
        }
    }
}

/// `Environment 'NAME' updated.` and `New revision 'N' was created.` (not with --quiet).
pub fn report_update(ui: &Ui, env: &EnvName, revision: u64) -> Result<(), CliError> {
    ui.summary(format_args!("Environment '{env}' updated."))?;
    ui.summary(format_args!("New revision '{revision}' was created."))?;
    Ok(())
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
