//! The store key for environment files: files rotated with `rotate --file` hold
//! `fn::secret` ciphertexts that only the key that made them decrypts. A missing or wrong
//! key is a configuration error (exit 2) wherever a file's secrets must be decrypted
//! (`rotate --file`, its dry run, `open FILE`), said before anything is done.

use std::path::Path;

use crate::{CliError, Ui};
use escrot_esc::crypt;
use escrot_esc::provider::Decrypter;
use escrot_store::StoreKey;

/// Refuses a key that does not decrypt the file's secrets.
pub fn refuse_wrong_key(path: &Path, text: &str, key: &StoreKey) -> Result<(), CliError> {
    let Err(diags) = crypt::decrypt_document(&path.display().to_string(), text, key as &dyn Decrypter) else {
        return Ok(());
    };
    // What does not parse is not a key problem: the load reports it.
    if escrot_esc::diag::has_errors(&escrot_esc::load_yaml("file", text).1) {
        return Ok(());
    }
    let reasons: Vec<String> = diags.iter().map(|d| format!("{}: {}", d.path, d.summary)).collect();
    Err(CliError::invalid(format!(
        "the store key ({}) does not decrypt the secrets of {}: {}; use the store (--store, ESCROT_STORE) or the key \
         (ESCROT_KEY) they were encrypted with",
        key.origin(),
        path.display(),
        reasons.join("; ")
    )))
}

/// Whether a definition holds `fn::secret` ciphertexts (which only the key that made them
/// decrypts).
pub fn holds_ciphertexts(text: &str) -> bool {
    struct Probe(std::sync::atomic::AtomicBool);
    impl Decrypter for Probe {
        fn decrypt(&self, _ciphertext: &[u8]) -> Result<Vec<u8>, escrot_esc::provider::Error> {
            self.0.store(true, std::sync::atomic::Ordering::Relaxed);
            Ok(Vec::new())
        }
    }
    let probe = Probe(false.into());
    let _ = crypt::decrypt_document("probe", text, &probe);
    probe.0.load(std::sync::atomic::Ordering::Relaxed)
}

/// The error for a file that needs a store key when there is none: says where it was
/// looked for, and creates nothing.
pub fn missing_key(ui: &Ui, path: &Path, journal: &Path) -> Result<CliError, CliError> {
    let what = if journal.exists() {
        format!("has an unfinished rotation ({}) whose journal is encrypted", journal.display())
    } else {
        "holds secrets encrypted".to_owned()
    };
    let looked = match crate::workspace::key_file(ui.store.as_deref())? {
        Some(file) => format!("ESCROT_KEY is not set and there is no key file {}", file.display()),
        None => "ESCROT_KEY is not set".to_owned(),
    };
    Ok(CliError::invalid(format!(
        "{} {what} with a store key, but no store key was found: {looked}; point --store (or ESCROT_STORE) at the \
         store whose key encrypted it, or set ESCROT_KEY to that key (nothing was created)",
        path.display()
    )))
}
