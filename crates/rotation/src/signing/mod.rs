//! The key escrot signs `fn::rotate::external` requests with: an RS256 key pair
//! ([`SigningKey`]), the JWTs it signs ([`SigningKey::sign_jwt`]), the JWKS adapters trust
//! ([`jwks`]) and the issuer the tokens name ([`issuer`]).
//!
//! The key pair lives in the store, its private half sealed with the store key
//! ([`current_key`] creates it on first use, [`rotate_key`] replaces it, [`store_jwks`]
//! publishes every public key the store holds); `key.rs` and `token.rs` are pure.

mod key;
mod stored;
mod token;

pub use key::SigningKey;
pub use stored::{
    StoredKeyError, current_key, current_key_or_create, existing_key, public_jwk, rotate_key, store_jwks,
};
pub use token::body_hash;

use serde_json::{Value, json};

/// The variable that names the issuer (`iss`) of escrot's tokens.
pub const ISSUER_VAR: &str = "ESCROT_ISSUER";

/// The issuer when `ESCROT_ISSUER` is not set. A JWT `iss` is a "StringOrURI" (RFC 7519):
/// a URN is a URI that claims no web address escrot does not serve, and it tells an
/// adapter's logs at a glance that the caller is escrot, not Pulumi Cloud.
pub const DEFAULT_ISSUER: &str = "urn:escrot";

/// Why a signing key could not be made, read or used. No variant carries key material.
#[derive(Debug, thiserror::Error)]
pub enum SigningError {
    #[error("could not generate an RSA signing key")]
    Generate,
    #[error("the signing key is not a valid RSA PKCS#8 key: {0}")]
    InvalidKey(String),
    #[error("JWT claims must be a JSON object")]
    ClaimsNotObject,
    #[error("could not sign the JWT")]
    Sign,
}

/// A JSON Web Key Set (RFC 7517 §5) of the given public JWKs: what an adapter fetches or is
/// given to check escrot's tokens.
pub fn jwks(public_keys: &[Value]) -> Value {
    json!({ "keys": public_keys })
}

/// The `iss` of escrot's tokens: `ESCROT_ISSUER`, else [`DEFAULT_ISSUER`].
pub fn issuer() -> String {
    issuer_from(escrot_vars::get(ISSUER_VAR))
}

/// The issuer `ESCROT_ISSUER`'s value (as `escrot_vars` reads it: blank is unset) gives.
fn issuer_from(var: Option<String>) -> String {
    var.map(|v| v.trim().to_owned()).unwrap_or_else(|| DEFAULT_ISSUER.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issuer_is_escrot_issuer_else_urn_escrot() {
        assert_eq!(issuer_from(None), "urn:escrot");
        assert_eq!(issuer_from(Some(" https://escrot.example.com\n".into())), "https://escrot.example.com");
    }

    #[test]
    fn a_jwks_lists_the_keys_given() {
        assert_eq!(jwks(&[json!({"kid": "a"}), json!({"kid": "b"})]), json!({"keys": [{"kid": "a"}, {"kid": "b"}]}));
        assert_eq!(jwks(&[]), json!({"keys": []}));
    }
}
