//! The corpus's toy cipher: every byte plus 128, mod 256. It only ever sees the payload of
//! ESC's `escx` envelope (magic, version and checksum are the core's business).

use escrot::esc::provider::{Decrypter, Encrypter, Error};

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
