//! Checking escrot's token as every adapter must: the RS256 signature with the key its
//! `kid` names in the JWKS (`escrot jwks > jwks.json`; the file is read again when a kid is
//! unknown, so a new key needs no restart), `aud` (this adapter's url), `iss`, `exp` (and
//! `iat` not in the future), and `body_hash` against the raw body.

use std::collections::HashMap;
use std::path::PathBuf;

use base64::Engine as _;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use sha2::{Digest, Sha256};

pub struct Verifier {
    jwks_file: PathBuf,
    jwks: std::sync::Mutex<JwkSet>,
    audience: String,
    issuer: String,
    /// The answers by jti: (the body hash, the answer).
    pub seen: tokio::sync::Mutex<HashMap<String, (serde_json::Value, serde_json::Value)>>,
}

fn read_jwks(path: &PathBuf) -> Result<JwkSet, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: not a JWKS: {e}", path.display()))
}

impl Verifier {
    pub fn new(jwks_file: PathBuf, audience: String, issuer: String) -> Result<Verifier, String> {
        let jwks = std::sync::Mutex::new(read_jwks(&jwks_file)?);
        Ok(Verifier { jwks_file, jwks, audience, issuer, seen: Default::default() })
    }

    fn key(&self, kid: &str) -> Result<DecodingKey, String> {
        let mut jwks = self.jwks.lock().unwrap_or_else(|e| e.into_inner());
        if jwks.find(kid).is_none() {
            *jwks = read_jwks(&self.jwks_file)?;
        }
        let jwk = jwks.find(kid).ok_or_else(|| format!("no key {kid} in the JWKS"))?;
        DecodingKey::from_jwk(jwk).map_err(|e| format!("the JWKS key {kid}: {e}"))
    }

    /// The verified claims.
    pub fn verify(&self, token: &str, body: &[u8]) -> Result<serde_json::Value, String> {
        let header = decode_header(token).map_err(|e| format!("not a JWT: {e}"))?;
        let kid = header.kid.ok_or("the token names no key (kid)")?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_audience(&[&self.audience]);
        validation.set_issuer(&[&self.issuer]);
        validation.set_required_spec_claims(&["exp", "iat", "aud", "iss", "sub"]);
        validation.leeway = 30;
        let claims = decode::<serde_json::Value>(token, &self.key(&kid)?, &validation)
            .map_err(|e| format!("the token is not valid: {e}"))?
            .claims;
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
        if claims["iat"].as_i64().is_none_or(|iat| iat > now + 30) {
            return Err("the token is issued in the future".into());
        }
        let hash = format!("sha256-{}", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body)));
        if claims["body_hash"] != hash.as_str() {
            return Err("body_hash does not match the body".into());
        }
        if claims["jti"].as_str().is_none_or(str::is_empty) {
            return Err("the token has no jti".into());
        }
        Ok(claims)
    }
}
