//! The keys escrot signs `fn::rotate::external` requests with, as the store keeps them: the
//! public half (a JWK, what `escrot jwks` publishes) in clear, the private half (a PKCS#8
//! document) sealed with the store key and bound to its key id. The store knows nothing of
//! RSA or JWTs: `escrot-rotation`'s `signing` module makes and uses the keys.
//!
//! One key is current (it signs); the keys it replaced stay, retired, so that adapters keep
//! trusting tokens signed before a rotation, until dropped. A retired key's private half is
//! wiped when it is retired: it never signs again.

use std::fmt;

use zeroize::Zeroizing;

use crate::error::StoreError;

/// The associated data a signing key's private half is sealed with: it names the key, so a
/// sealed private half cannot be passed off as another key's (or as any other ciphertext).
pub(crate) fn signing_key_aad(kid: &str) -> Vec<u8> {
    [b"escrot/signing-key/v1\0".as_slice(), kid.as_bytes()].concat()
}

/// Whether a signing key signs (`Current`: one at most) or only verifies (`Retired`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SigningKeyState {
    Current,
    Retired,
}

impl SigningKeyState {
    pub fn as_str(self) -> &'static str {
        match self {
            SigningKeyState::Current => "current",
            SigningKeyState::Retired => "retired",
        }
    }

    pub(crate) fn from_db(s: &str) -> Result<SigningKeyState, StoreError> {
        match s {
            "current" => Ok(SigningKeyState::Current),
            "retired" => Ok(SigningKeyState::Retired),
            other => Err(StoreError::Corrupt(format!("unknown signing key state '{other}'"))),
        }
    }
}

/// A signing key's public facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningKeyRecord {
    /// The key id (the JWK thumbprint), unique in the store.
    pub kid: String,
    /// The JWS algorithm (`RS256`).
    pub algorithm: String,
    /// The public key as a JWK, JSON text.
    pub public_jwk: String,
    pub state: SigningKeyState,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub retired_at: Option<String>,
}

/// A signing key to store: the store seals `private_key` (PKCS#8 DER) with its key.
#[derive(Clone)]
pub struct NewSigningKey {
    pub kid: String,
    pub algorithm: String,
    pub public_jwk: String,
    pub private_key: Zeroizing<Vec<u8>>,
}

/// The current signing key, its private half decrypted (in memory only, wiped on drop).
pub struct CurrentSigningKey {
    pub record: SigningKeyRecord,
    pub private_key: Zeroizing<Vec<u8>>,
}

/// A signing key as `store copy` moves it: the private half (the current key's only)
/// decrypted by the source and sealed again by the destination, whichever data key each
/// holds it under.
#[derive(Clone)]
pub struct SigningKeyCopy {
    pub record: SigningKeyRecord,
    pub private_key: Option<Zeroizing<Vec<u8>>>,
}

impl fmt::Debug for NewSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewSigningKey")
            .field("kid", &self.kid)
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for CurrentSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CurrentSigningKey").field("record", &self.record).finish_non_exhaustive()
    }
}

impl fmt::Debug for SigningKeyCopy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKeyCopy").field("record", &self.record).finish_non_exhaustive()
    }
}
