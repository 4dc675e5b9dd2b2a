//! Document-level encryption and decryption of `fn::secret`s.
//!
//! TODO(crypt-api): the core does not offer these yet. The harness is written against
//!
//! ```text
//! escrot::esc::crypt::encrypt_document(filename: &str, source: &str, encrypter: &dyn Encrypter) -> Result<String, Diagnostics>
//! escrot::esc::crypt::decrypt_document(filename: &str, source: &str, decrypter: &dyn Decrypter) -> Result<String, Diagnostics>
//! ```
//!
//! (ESC's `EncryptSecrets` / `DecryptSecrets`: every `fn::secret: <plaintext>` becomes
//! `fn::secret: {ciphertext: <base64 escx envelope>}` and back, the rest of the document,
//! comments included, unchanged.) When they land, replace this whole file by
//! `pub use escrot::esc::crypt::{decrypt_document, encrypt_document};`.

use escrot::esc::Diagnostics;
use escrot::esc::diag::Diagnostic;
use escrot::esc::provider::{Decrypter, Encrypter};

pub const NOT_IMPLEMENTED: &str =
    "crypt API not implemented (escrot::esc::crypt::{encrypt_document, decrypt_document})";

pub fn encrypt_document(_filename: &str, _source: &str, _encrypter: &dyn Encrypter) -> Result<String, Diagnostics> {
    Err(vec![Diagnostic::error(None, NOT_IMPLEMENTED, "")])
}

pub fn decrypt_document(_filename: &str, _source: &str, _decrypter: &dyn Decrypter) -> Result<String, Diagnostics> {
    Err(vec![Diagnostic::error(None, NOT_IMPLEMENTED, "")])
}
