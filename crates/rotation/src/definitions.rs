//! The one way a definition is written to the store: check → encrypt → no-plaintext
//! guard → commit. Every command that writes a definition (`init`, `set`, `rm`, `edit`,
//! `version rollback`) goes through [`Gate`], and the rotation engine's commits go through
//! the same guard ([`plaintext_secrets`]), so no path stores a plaintext secret.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use escrot_esc::crypt::{decrypt_document, encrypt_document};
use escrot_esc::provider::{EnvironmentLoader, Error};
use escrot_esc::{self as esc, Diagnostics, EvalOptions, ExecContext};
use escrot_store::{EnvName, RevisionKind, Store, StoreError, StoreKey};

use crate::providers::Registry;

/// What writing a definition needs: the store, its key, the loader of the environments it
/// imports (checked as `check` checks them), and the author recorded on the revision.
pub struct Gate<'a> {
    pub store: &'a Mutex<dyn Store>,
    pub key: &'a StoreKey,
    pub environments: &'a dyn EnvironmentLoader,
    /// `${context}` as the definition is checked with: what `check` gives it.
    pub exec_context: ExecContext,
    pub author: &'a str,
}

/// A definition as checked: every diagnostic (errors and warnings), and the text they point
/// into (its secrets in plaintext, in memory only: show it redacted).
#[derive(Debug, Default)]
pub struct Checked {
    pub diagnostics: Diagnostics,
    pub text: String,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        esc::diag::has_errors(&self.diagnostics)
    }
}

/// Why a definition was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The check found errors (in [`Written::checked`]); nothing was written.
    #[error("the definition has errors")]
    Invalid,
    /// Its secrets could not be decrypted or encrypted (the message names paths, never values).
    #[error("{0}")]
    Secrets(String),
    /// The text to store still holds a plaintext `fn::secret` (a bug).
    #[error("refusing to store a plaintext secret")]
    PlaintextSecret,
    /// The environment is no longer at the revision the write started from.
    #[error("the environment is now at revision {actual}")]
    Conflict { actual: u64 },
    /// [`Gate::create`] of an environment that exists.
    #[error("the environment already exists")]
    AlreadyExists,
    #[error(transparent)]
    Store(StoreError),
}

/// How a write went: the check's diagnostics (to show whatever happened next), and the new
/// revision or why there is none.
#[derive(Debug)]
pub struct Written {
    pub checked: Checked,
    pub result: Result<u64, WriteError>,
    /// How many webhook deliveries the new revision made pending (`revision-created`), for
    /// the command to send ([`escrot_webhook::deliver_pending`]).
    pub notified: usize,
}

impl Gate<'_> {
    /// Writes `yaml` (secrets in plaintext or encrypted) as a new revision of `env`, of
    /// `kind`, if `expected` is still its latest revision.
    pub fn write(&self, env: &EnvName, expected: u64, yaml: &str, kind: RevisionKind) -> Written {
        self.gated(env, yaml, kind, |store, text| {
            store.commit_revision(env, expected, text, kind, self.author).map(|r| r.number).map_err(|e| match e {
                StoreError::Conflict { actual, .. } => WriteError::Conflict { actual },
                e => WriteError::Store(e),
            })
        })
    }

    /// Creates environment `env` with `yaml` (secrets in plaintext or encrypted) as its
    /// first revision.
    pub fn create(&self, env: &EnvName, yaml: &str) -> Written {
        self.gated(env, yaml, RevisionKind::Create, |store, text| {
            store.create_environment(env, text, self.author).map(|r| r.number).map_err(|e| match e {
                StoreError::AlreadyExists(_) => WriteError::AlreadyExists,
                e => WriteError::Store(e),
            })
        })
    }

    /// The sequence every write follows; `store_it` runs only on a checked, encrypted text.
    /// A new revision is announced to the environment's webhooks (`revision-created`).
    fn gated(
        &self,
        env: &EnvName,
        yaml: &str,
        kind: RevisionKind,
        store_it: impl FnOnce(&mut dyn Store, &str) -> Result<u64, WriteError>,
    ) -> Written {
        let checked = match self.check(env, yaml) {
            Ok(checked) => checked,
            Err(e) => return Written { checked: Checked::default(), result: Err(e), notified: 0 },
        };
        if checked.has_errors() {
            return Written { checked, result: Err(WriteError::Invalid), notified: 0 };
        }
        let result = self.encrypt(env, yaml).and_then(|text| {
            if plaintext_secrets(&text) > 0 {
                return Err(WriteError::PlaintextSecret);
            }
            store_it(&mut *self.store.lock().unwrap_or_else(|e| e.into_inner()), &text)
        });
        let notified = match &result {
            Ok(revision) => crate::webhooks::notify_revision(self.store, env, *revision, kind, self.author, None),
            Err(_) => 0,
        };
        Written { checked, result, notified }
    }

    /// Checks a definition (secrets in plaintext or encrypted) the way `check` does,
    /// without opening providers. `Err` only when its secrets cannot be decrypted.
    pub fn check(&self, env: &EnvName, yaml: &str) -> Result<Checked, WriteError> {
        let name = env.to_string();
        let plain = match decrypt_document(&name, yaml, self.key) {
            Ok(plain) => plain,
            // What cannot be read as YAML cannot be decrypted either: say what `check` says.
            Err(d) => {
                let (_, diagnostics) = esc::load_yaml(&name, yaml);
                if !esc::diag::has_errors(&diagnostics) {
                    return Err(WriteError::Secrets(crypt_message(env, "decrypt", &d)));
                }
                return Ok(Checked { diagnostics, text: yaml.to_owned() });
            }
        };
        let (ast, mut diagnostics) = esc::load_yaml(&name, &plain);
        if let Some(ast) = &ast {
            let providers = Registry::new();
            let opts = EvalOptions {
                decrypter: self.key,
                providers: &providers,
                environments: self.environments,
                exec_context: self.exec_context.clone(),
                show_secrets: false,
            };
            diagnostics.extend(esc::check_environment(&name, ast, &opts).1);
        } else if !esc::diag::has_errors(&diagnostics) {
            diagnostics.push(esc::Diagnostic::error(None, "the definition is not an environment", ""));
        }
        Ok(Checked { diagnostics, text: plain })
    }

    fn encrypt(&self, env: &EnvName, yaml: &str) -> Result<String, WriteError> {
        encrypt_document(&env.to_string(), yaml, self.key)
            .map_err(|d| WriteError::Secrets(crypt_message(env, "encrypt", &d)))
    }
}

/// `yaml` (a stored revision of `env`) with every secret decrypted with `from` and
/// encrypted again with `to`, every other byte kept: what a new data key commits for each
/// environment (`escrot store key rotate`). The definition itself does not change, so it is
/// not checked again (a definition with errors must still move to the new key); the
/// no-plaintext guard runs as for every write.
pub fn reencrypt(env: &EnvName, yaml: &str, from: &StoreKey, to: &StoreKey) -> Result<String, WriteError> {
    let name = env.to_string();
    let plain =
        decrypt_document(&name, yaml, from).map_err(|d| WriteError::Secrets(crypt_message(env, "decrypt", &d)))?;
    let text =
        encrypt_document(&name, &plain, to).map_err(|d| WriteError::Secrets(crypt_message(env, "encrypt", &d)))?;
    if plaintext_secrets(&text) > 0 {
        return Err(WriteError::PlaintextSecret);
    }
    Ok(text)
}

/// The message for secrets of `env` that could not be decrypted or encrypted (`what`): it
/// names paths, never values.
pub fn crypt_message(env: &EnvName, what: &str, diags: &Diagnostics) -> String {
    let reasons: Vec<String> = diags
        .iter()
        .map(|d| if d.path.is_empty() { d.summary.clone() } else { format!("{}: {}", d.path, d.summary) })
        .collect();
    format!("cannot {what} the secrets of environment '{env}': {}", reasons.join("; "))
}

/// How many plaintext `fn::secret`s a document holds: the guard before anything is stored
/// (a document that cannot be read holds none that could be found).
pub fn plaintext_secrets(yaml: &str) -> usize {
    let counter = Counter(AtomicUsize::new(0));
    match encrypt_document("check", yaml, &counter) {
        Ok(_) => counter.0.load(Ordering::Relaxed),
        Err(_) => 0,
    }
}

/// An "encrypter" that only counts what it is given.
struct Counter(AtomicUsize);

impl escrot_esc::provider::Encrypter for Counter {
    fn encrypt(&self, _plaintext: &[u8]) -> Result<Vec<u8>, Error> {
        self.0.fetch_add(1, Ordering::Relaxed);
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::plaintext_secrets;

    #[test]
    fn counts_plaintext_secrets_only() {
        assert_eq!(plaintext_secrets("values:\n  a: 1\n"), 0);
        assert_eq!(plaintext_secrets("values:\n  a:\n    fn::secret: hunter2\n  b:\n    fn::secret: \"\"\n"), 2);
        assert_eq!(plaintext_secrets("values:\n  a:\n    fn::secret:\n      ciphertext: ZXNjcm90\n"), 0);
    }
}
