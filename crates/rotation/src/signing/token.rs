//! The JWTs escrot signs (RFC 7515 compact serialization, RS256), and the `body_hash`
//! claim ESC's `fn::rotate::external` protocol puts in them.

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::RSA_PKCS1_SHA256;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{SigningError, SigningKey};

impl SigningKey {
    /// `claims` (a JSON object) signed with RS256 under the header
    /// `{"alg":"RS256","typ":"JWT","kid":…}`, as `header.payload.signature`.
    pub fn sign_jwt(&self, claims: &Value) -> Result<String, SigningError> {
        if !claims.is_object() {
            return Err(SigningError::ClaimsNotObject);
        }
        let header = json!({ "alg": "RS256", "typ": "JWT", "kid": self.kid() });
        let signing_input = format!("{}.{}", encode_json(&header), encode_json(claims));
        let pair = self.pair();
        let mut signature = vec![0; pair.public_modulus_len()];
        pair.sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), signing_input.as_bytes(), &mut signature)
            .map_err(|_| SigningError::Sign)?;
        Ok(format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature)))
    }
}

fn encode_json(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

/// The `body_hash` claim of a request whose raw body is `body`: `sha256-` and the standard
/// (padded) base64 of its SHA-256, as ESC sends it. Hash the exact bytes sent.
pub fn body_hash(body: &[u8]) -> String {
    format!("sha256-{}", STANDARD.encode(Sha256::digest(body)))
}

#[cfg(test)]
mod tests {
    use jsonwebtoken::jwk::Jwk;
    use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};

    use super::*;
    use crate::signing::jwks;

    fn claims() -> Value {
        let now = jiff::Timestamp::now().as_second();
        json!({
            "iss": "urn:escrot",
            "sub": "pulumi:environments:org:acme:env:prod",
            "aud": "https://adapter.example.com/rotate",
            "iat": now,
            "exp": now + 300,
            "jti": "attempt-1",
            "org": "acme",
            "env": "prod",
            "body_hash": body_hash(b"{}"),
        })
    }

    fn validation() -> Validation {
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_audience(&["https://adapter.example.com/rotate"]);
        validation.set_issuer(&["urn:escrot"]);
        validation
    }

    /// Verifies `token` the way an adapter would: find the JWK by the header's kid in the
    /// JWKS, rebuild the public key from n and e, check signature, aud, iss and exp.
    fn verify(token: &str, set: &Value) -> Result<Value, jsonwebtoken::errors::Error> {
        let kid = decode_header(token)?.kid.expect("header has a kid");
        let jwk = set["keys"].as_array().unwrap().iter().find(|k| k["kid"] == kid.as_str());
        let jwk: Jwk = serde_json::from_value(jwk.expect("kid in the JWKS").clone()).unwrap();
        Ok(decode::<Value>(token, &DecodingKey::from_jwk(&jwk)?, &validation())?.claims)
    }

    #[test]
    fn a_token_verifies_with_its_public_key() {
        let key = SigningKey::generate().unwrap();
        let token = key.sign_jwt(&claims()).unwrap();
        let header = decode_header(&token).unwrap();
        assert_eq!(header.alg, Algorithm::RS256);
        assert_eq!(header.typ.as_deref(), Some("JWT"));
        assert_eq!(header.kid.as_deref(), Some(key.kid()));
        assert_eq!(verify(&token, &jwks(&[key.public_jwk()])).unwrap(), claims());
    }

    #[test]
    fn a_token_does_not_verify_with_another_key_or_changed() {
        let key = SigningKey::generate().unwrap();
        let other = SigningKey::generate().unwrap();
        let token = key.sign_jwt(&claims()).unwrap();
        let mut forged = other.public_jwk();
        forged["kid"] = json!(key.kid());
        assert!(verify(&token, &jwks(&[forged])).is_err());

        let (signing_input, signature) = token.rsplit_once('.').unwrap();
        let (header, _) = signing_input.split_once('.').unwrap();
        let mut changed = claims();
        changed["env"] = json!("dev");
        let tampered = format!("{header}.{}.{signature}", encode_json(&changed));
        assert!(verify(&tampered, &jwks(&[key.public_jwk()])).is_err());
    }

    #[test]
    fn a_key_read_back_from_pkcs8_signs_tokens_the_old_jwk_verifies() {
        let key = SigningKey::generate().unwrap();
        let again = SigningKey::from_pkcs8(&key.to_pkcs8()).unwrap();
        let token = again.sign_jwt(&claims()).unwrap();
        assert!(verify(&token, &jwks(&[key.public_jwk()])).is_ok());
    }

    #[test]
    fn claims_must_be_an_object() {
        let key = SigningKey::generate().unwrap();
        assert!(matches!(key.sign_jwt(&json!([1])), Err(SigningError::ClaimsNotObject)));
    }

    #[test]
    fn body_hash_is_sha256_in_standard_base64() {
        // sha256("") = e3b0c442…b855; its standard base64 has padding and may hold '+' or '/'.
        assert_eq!(body_hash(b""), "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    }
}
