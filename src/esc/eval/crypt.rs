//! ESC's secret envelope: base64 of `"escx"`, a big-endian u32 version (1), the ciphertext,
//! and a big-endian CRC-32 (IEEE) of everything before it.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

const MAGIC: &[u8; 4] = b"escx";
const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CiphertextError {
    #[error("{0}")]
    Base64(String),
    /// Shorter than the smallest envelope (ESC reports this as Go's `io.EOF`).
    #[error("EOF")]
    Truncated,
    #[error("invalid header")]
    InvalidHeader,
    #[error("invalid checksum")]
    InvalidChecksum,
    #[error("unsupported version")]
    UnsupportedVersion,
}

/// Extracts the ciphertext from an envelope.
pub fn decode_ciphertext(envelope: &str) -> Result<Vec<u8>, CiphertextError> {
    let bin = BASE64.decode(envelope).map_err(|e| CiphertextError::Base64(go_base64_error(&e)))?;
    // ESC requires 16 bytes (magic, version, length and checksum words).
    if bin.len() < 16 {
        return Err(CiphertextError::Truncated);
    }
    if &bin[0..4] != MAGIC {
        return Err(CiphertextError::InvalidHeader);
    }
    let (body, checksum) = bin.split_at(bin.len() - 4);
    let expected = u32::from_be_bytes([checksum[0], checksum[1], checksum[2], checksum[3]]);
    if crc32fast::hash(body) != expected {
        return Err(CiphertextError::InvalidChecksum);
    }
    if u32::from_be_bytes([bin[4], bin[5], bin[6], bin[7]]) != VERSION {
        return Err(CiphertextError::UnsupportedVersion);
    }
    Ok(body[8..].to_vec())
}

/// Wraps a ciphertext in an envelope.
pub fn encode_ciphertext(ciphertext: &[u8]) -> String {
    let mut b = Vec::with_capacity(ciphertext.len() + 12);
    b.extend_from_slice(MAGIC);
    b.extend_from_slice(&VERSION.to_be_bytes());
    b.extend_from_slice(ciphertext);
    let crc = crc32fast::hash(&b);
    b.extend_from_slice(&crc.to_be_bytes());
    BASE64.encode(b)
}

/// Go's `base64.CorruptInputError` text.
fn go_base64_error(e: &base64::DecodeError) -> String {
    let offset = match e {
        base64::DecodeError::InvalidByte(o, _) | base64::DecodeError::InvalidLength(o) => *o,
        base64::DecodeError::InvalidLastSymbol { offset, .. } => *offset,
        _ => 0,
    };
    format!("illegal base64 data at input byte {offset}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_checks() {
        let e = encode_ciphertext(b"hunter2 and more");
        assert_eq!(decode_ciphertext(&e).unwrap(), b"hunter2 and more");
        assert_eq!(decode_ciphertext("hunter23"), Err(CiphertextError::Truncated));
        assert_eq!(
            decode_ciphertext("ZXNjeAAAAAHo9e705fKyKo30VQ=="),
            Ok(vec![0xe8, 0xf5, 0xee, 0xf4, 0xe5, 0xf2, 0xb2])
        );
    }
}
