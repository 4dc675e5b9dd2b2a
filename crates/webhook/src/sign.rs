//! The signature of a delivery: `X-Escrot-Signature` is the HMAC-SHA256 of the exact body
//! sent, keyed with the webhook's secret, in lowercase hex (as ESC's
//! `Pulumi-Webhook-Signature`). A receiver computes the same over the raw body it got and
//! compares in constant time.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The header the signature is sent in.
pub const SIGNATURE_HEADER: &str = "X-Escrot-Signature";

/// The HMAC-SHA256 of `body` keyed with `secret`, in lowercase hex.
pub fn signature(secret: &str, body: &[u8]) -> String {
    // HMAC takes a key of any length.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key length");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc_4231_test_case_2() {
        assert_eq!(
            super::signature("Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
