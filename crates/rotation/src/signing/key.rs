//! [`SigningKey`]: an RSA-2048 key pair (aws-lc-rs), its JWK and its RFC 7638 key id.

use std::fmt;

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::KeyPair as _;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::SigningError;

/// An RS256 key pair. Its `Debug` shows the key id only, never private material.
pub struct SigningKey {
    pair: KeyPair,
    /// The PKCS#8 document of `pair`, kept from its making so that writing it cannot fail.
    pkcs8: Zeroizing<Vec<u8>>,
    /// base64url (unpadded) of the modulus and public exponent, big-endian, no leading zeros.
    n: String,
    e: String,
    kid: String,
}

impl SigningKey {
    /// A new RSA-2048 key pair.
    pub fn generate() -> Result<SigningKey, SigningError> {
        let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|_| SigningError::Generate)?;
        let der = pair.as_der().map_err(|_| SigningError::Generate)?;
        let pkcs8 = Zeroizing::new(der.as_ref().to_vec());
        Ok(Self::from_pair(pair, pkcs8))
    }

    /// The key pair a PKCS#8 (v1) DER document holds, as [`SigningKey::to_pkcs8`] wrote it.
    pub fn from_pkcs8(der: &[u8]) -> Result<SigningKey, SigningError> {
        // The rejection's text names what is wrong with the document, never its bytes.
        let pair = KeyPair::from_pkcs8(der).map_err(|e| SigningError::InvalidKey(e.to_string()))?;
        Ok(Self::from_pair(pair, Zeroizing::new(der.to_vec())))
    }

    fn from_pair(pair: KeyPair, pkcs8: Zeroizing<Vec<u8>>) -> SigningKey {
        let public = pair.public_key();
        let n = URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero());
        let e = URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero());
        let kid = thumbprint(&n, &e);
        SigningKey { pair, pkcs8, n, e, kid }
    }

    /// The private key as a PKCS#8 (v1) DER document, wiped from memory when dropped.
    pub fn to_pkcs8(&self) -> Zeroizing<Vec<u8>> {
        self.pkcs8.clone()
    }

    /// The key id: the RFC 7638 JWK thumbprint (SHA-256, base64url), so the same public key
    /// has the same id wherever it is computed.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public half as a JWK: `{"kty":"RSA","use":"sig","alg":"RS256","kid","n","e"}`.
    pub fn public_jwk(&self) -> Value {
        json!({
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": self.kid,
            "n": self.n,
            "e": self.e,
        })
    }

    pub(super) fn pair(&self) -> &KeyPair {
        &self.pair
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey").field("alg", &"RS256").field("kid", &self.kid).finish_non_exhaustive()
    }
}

/// RFC 7638 §3: SHA-256 over the required members in lexicographic order, no whitespace.
fn thumbprint(n: &str, e: &str) -> String {
    let canonical = format!(r#"{{"e":"{e}","kty":"RSA","n":"{n}"}}"#);
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kid_is_stable_across_a_pkcs8_round_trip() {
        let key = SigningKey::generate().unwrap();
        let again = SigningKey::from_pkcs8(&key.to_pkcs8()).unwrap();
        assert_eq!(again.kid(), key.kid());
        assert_eq!(again.public_jwk(), key.public_jwk());
        assert_ne!(SigningKey::generate().unwrap().kid(), key.kid());
    }

    #[test]
    fn thumbprint_matches_rfc_7638_example() {
        // RFC 7638 §3.1: the example key and its thumbprint.
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        assert_eq!(thumbprint(n, "AQAB"), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }

    #[test]
    fn debug_shows_no_private_material() {
        let key = SigningKey::generate().unwrap();
        let shown = format!("{key:?} {key:#?}");
        assert!(shown.contains(key.kid()), "{shown}");
        let der = key.to_pkcs8();
        for secret in [URL_SAFE_NO_PAD.encode(&*der), hex::encode(&*der)] {
            assert!(!shown.contains(&secret[..40]), "{shown}");
        }
        assert!(!shown.contains(&key.n[..20]), "Debug shows only the kid: {shown}");
    }

    #[test]
    fn a_document_that_is_not_a_key_is_refused() {
        let error = SigningKey::from_pkcs8(b"not a key").unwrap_err();
        assert!(matches!(error, SigningError::InvalidKey(_)), "{error:?}");
    }
}
