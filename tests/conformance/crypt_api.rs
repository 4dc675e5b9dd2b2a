//! The core's document-level secret encryption, as the crypt trials call it.
pub use escrot::esc::crypt::{decrypt_document, encrypt_document};
