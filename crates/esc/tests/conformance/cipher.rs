//! The corpus's toy cipher: every byte plus 128, mod 256. It only ever sees the payload of
//! ESC's `escx` envelope (magic, version and checksum are the core's business).

use escrot_esc::provider::{Decrypter, Encrypter, Error};

/// ESC's `rot128` test cipher. Its own inverse.
#[derive(Clone, Copy, Debug, Default)]
pub struct Rot128;

pub fn rot128(bytes: &[u8]) -> Vec<u8> {
    bytes.iter().map(|b| b.wrapping_add(128)).collect()
}

impl Decrypter for Rot128 {
    fn decrypt(&self, ciphertext: &[u8]) -> Result<Vec<u8>, Error> {
        Ok(rot128(ciphertext))
    }
}

impl Encrypter for Rot128 {
    fn encrypt(&self, plaintext: &[u8]) -> Result<Vec<u8>, Error> {
        Ok(rot128(plaintext))
    }
}

/// The `escx` envelope of `plaintext` under the toy cipher, base64-encoded, as it appears in
/// `fn::secret: {ciphertext: …}` (magic `escx`, big-endian version 1, payload, big-endian
/// CRC-32 of everything before it). For generating inputs; the core does its own.
pub fn toy_ciphertext(plaintext: &str) -> String {
    use base64::Engine as _;
    let mut envelope = b"escx".to_vec();
    envelope.extend_from_slice(&1u32.to_be_bytes());
    envelope.extend(rot128(plaintext.as_bytes()));
    let checksum = crc32fast::hash(&envelope);
    envelope.extend_from_slice(&checksum.to_be_bytes());
    base64::engine::general_purpose::STANDARD.encode(envelope)
}
