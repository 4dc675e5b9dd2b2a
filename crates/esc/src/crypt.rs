//! Secrets in definitions: ESC's `escx` envelope (base64 of `"escx"`, a big-endian u32
//! version (1), the ciphertext, and a big-endian CRC-32 (IEEE) of everything before it), and
//! encrypting or decrypting every `fn::secret` of a document in place, leaving every other
//! byte of it as it was.

use std::ops::Range;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::diag::{Diagnostic, Diagnostics};
use crate::path::{join_index, join_key};
use crate::provider::{Decrypter, Encrypter};
use crate::yaml::{self, Node, NodeKind, render_scalar};

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

/// A `fn::secret` call found in a document.
struct SecretCall<'a> {
    /// The `fn::secret` key.
    key: &'a Node,
    /// Its argument: a plaintext scalar, or `{ciphertext: …}`.
    arg: &'a Node,
    /// Whether the call is written inside a flow collection.
    flow: bool,
    path: String,
}

fn find_secrets<'a>(node: &'a Node, path: String, flow: bool, out: &mut Vec<SecretCall<'a>>) {
    match &node.kind {
        NodeKind::Map(entries) => {
            if let [(key, arg)] = entries.as_slice()
                && key.scalar() == Some("fn::secret")
            {
                out.push(SecretCall { key, arg, flow: node.flow || flow, path: join_key(&path, "fn::secret") });
                return;
            }
            for (k, v) in entries {
                find_secrets(v, join_key(&path, k.scalar().unwrap_or_default()), node.flow || flow, out);
            }
        }
        NodeKind::Seq(items) => {
            for (i, v) in items.iter().enumerate() {
                find_secrets(v, join_index(&path, i), node.flow || flow, out);
            }
        }
        NodeKind::Scalar { .. } => {}
    }
}

/// Rewrites every `fn::secret` call that `rewrite` returns a replacement for; edits are
/// applied from the end so that earlier offsets stay valid.
fn rewrite_secrets(
    filename: &str,
    source: &str,
    mut rewrite: impl FnMut(&SecretCall<'_>) -> Result<Option<(Range<usize>, String)>, Box<Diagnostic>>,
) -> Result<String, Diagnostics> {
    let layout =
        yaml::parse(source).map_err(|e| vec![Diagnostic::error(None, format!("{filename}: invalid YAML: {e}"), "")])?;
    let mut calls = Vec::new();
    if let Some(root) = &layout.root {
        find_secrets(root, String::new(), false, &mut calls);
    }
    let mut edits = Vec::new();
    let mut diags = Vec::new();
    for call in &calls {
        match rewrite(call) {
            Ok(Some(edit)) => edits.push(edit),
            Ok(None) => {}
            Err(d) => diags.push(*d),
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = source.to_owned();
    for (range, text) in edits {
        out.replace_range(range, &text);
    }
    Ok(out)
}

/// The byte just after the colon that follows a key.
fn after_colon(source: &str, key: &Node) -> usize {
    source[key.span.end..].find(':').map_or(key.span.end, |i| key.span.end + i + 1)
}

/// Replaces every `fn::secret: PLAINTEXT` with `fn::secret: {ciphertext: …}`: the
/// ciphertext of the secret's value (`a$$b` is `a$b`), which evaluating a ciphertext gives
/// back, and which decrypting writes as the literal again (`a$$b`).
pub fn encrypt_document(filename: &str, source: &str, encrypter: &dyn Encrypter) -> Result<String, Diagnostics> {
    rewrite_secrets(filename, source, |call| {
        let Some(plaintext) = call.arg.scalar().filter(|_| matches!(call.arg.kind, NodeKind::Scalar { .. })) else {
            return Ok(None);
        };
        // The ciphertext holds the secret's value, which the evaluator takes as it is.
        let plaintext = crate::ast::unescape_literal(plaintext);
        let ciphertext = encrypter
            .encrypt(plaintext.as_bytes())
            .map_err(|e| Box::new(Diagnostic::error(None, format!("encrypting: {e}"), call.path.clone())))?;
        let envelope = encode_ciphertext(&ciphertext);
        Ok(Some(if call.flow {
            (call.arg.span.clone(), format!("{{ciphertext: {envelope}}}"))
        } else {
            let indent = " ".repeat(call.key.column + 2);
            (after_colon(source, call.key)..call.arg.span.end, format!("\n{indent}ciphertext: {envelope}"))
        }))
    })
}

/// Replaces every `fn::secret: {ciphertext: …}` under `values` with its plaintext.
pub fn decrypt_document(filename: &str, source: &str, decrypter: &dyn Decrypter) -> Result<String, Diagnostics> {
    rewrite_secrets(filename, source, |call| {
        let Some(envelope) = call.arg.get("ciphertext").and_then(Node::scalar) else { return Ok(None) };
        if !matches!(&call.arg.kind, NodeKind::Map(e) if e.len() == 1) {
            return Ok(None);
        }
        // Like ESC, only secrets under `values` are decrypted.
        if !call.path.starts_with("values.") && !call.path.starts_with("values[") {
            return Ok(None);
        }
        let error = |m: String| Box::new(Diagnostic::error(None, m, call.path.clone()));
        let payload = decode_ciphertext(envelope).map_err(|e| error(format!("invalid ciphertext: {e}")))?;
        let plaintext = decrypter.decrypt(&payload).map_err(|e| error(format!("decrypting: {e}")))?;
        let plaintext =
            String::from_utf8(plaintext).map_err(|_| error("decrypting: the plaintext is not UTF-8".into()))?;
        let text = render_scalar(&serde_json::Value::String(crate::ast::escape_literal(&plaintext)), call.flow, None)
            .unwrap_or_default();
        Ok(Some(if call.flow {
            (call.arg.span.clone(), text)
        } else {
            (after_colon(source, call.key)..call.arg.span.end, format!(" {text}"))
        }))
    })
}

/// The definition with every plaintext `fn::secret` argument shown as `[secret]`: what
/// users see of a definition unless they ask for secrets. Ciphertexts are left as they are
/// (they reveal nothing).
pub fn redact_document(source: &str) -> String {
    rewrite_secrets("", source, |call| {
        if !matches!(call.arg.kind, NodeKind::Scalar { .. }) {
            return Ok(None);
        }
        Ok(Some((call.arg.span.clone(), "\"[secret]\"".to_owned())))
    })
    .unwrap_or_else(|_| source.to_owned())
}

/// The text with every plaintext `fn::secret` value replaced by `"[secret N]"`: N is the
/// value's position in `labels` (added when new), so that texts labelled with the same
/// `labels` show where one secret moved without showing it.
pub fn label_secrets(source: &str, labels: &mut Vec<String>) -> String {
    rewrite_secrets("", source, |call| {
        let Some(plaintext) = call.arg.scalar().filter(|_| matches!(call.arg.kind, NodeKind::Scalar { .. })) else {
            return Ok(None);
        };
        let n = match labels.iter().position(|l| l == plaintext) {
            Some(i) => i + 1,
            None => {
                labels.push(plaintext.to_owned());
                labels.len()
            }
        };
        Ok(Some((call.arg.span.clone(), format!("\"[secret {n}]\""))))
    })
    .unwrap_or_else(|_| redact_document(source))
}

/// The text with the plaintext of every `fn::secret` masked (each visible character of the
/// value becomes `x`, which keeps the text valid YAML, unlike `*`, an alias), for showing
/// source lines under diagnostics: lines and columns stay
/// where they were, so carets still point at the right place. Masks `fn::secret` keys
/// that are not valid calls too (siblings beside it), since their values are meant to be
/// secret all the same. YAML that does not parse is masked line by line: whatever follows
/// `fn::secret:` on a line.
pub fn mask_secrets(source: &str) -> String {
    let mut spans = Vec::new();
    match yaml::parse(source) {
        Ok(layout) => {
            if let Some(root) = &layout.root {
                secret_scalars(root, &mut spans);
            }
        }
        Err(_) => {
            let mut offset = 0;
            for line in source.split_inclusive('\n') {
                if let Some(i) = line.find("fn::secret:") {
                    let start = offset + i + "fn::secret:".len();
                    spans.push(start..offset + line.trim_end_matches(['\n', '\r']).len());
                }
                offset += line.len();
            }
        }
    }
    let mut out = source.to_owned();
    for span in spans.into_iter().rev() {
        let masked: String = source[span.clone()].chars().map(|c| if c.is_whitespace() { c } else { 'x' }).collect();
        out.replace_range(span, &masked);
    }
    out
}

/// The spans of the scalar values of `fn::secret` keys, in document order.
fn secret_scalars(node: &Node, out: &mut Vec<Range<usize>>) {
    match &node.kind {
        NodeKind::Map(entries) => {
            for (k, v) in entries {
                if k.scalar() == Some("fn::secret") && matches!(v.kind, NodeKind::Scalar { .. }) {
                    out.push(v.span.clone());
                } else {
                    secret_scalars(v, out);
                }
            }
        }
        NodeKind::Seq(items) => items.iter().for_each(|v| secret_scalars(v, out)),
        NodeKind::Scalar { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_secrets_keeping_lines_and_columns() {
        let source = "values:\n  a: {x: \"${nope}\", p: {fn::secret: hunter3}}\n  b:\n    fn::secret: |\n      block secret\n  \
                      c: {fn::secret: hunter2, d: 1}\n  e: plain\n";
        let masked = mask_secrets(source);
        assert_eq!(
            masked,
            "values:\n  a: {x: \"${nope}\", p: {fn::secret: xxxxxxx}}\n  b:\n    fn::secret: |\n      xxxxx xxxxxx\n  \
             c: {fn::secret: xxxxxxx, d: 1}\n  e: plain\n"
        );
        // Unparseable YAML: masked line by line.
        assert_eq!(mask_secrets("a: [\n  fn::secret: hunter2\n"), "a: [\n  fn::secret: xxxxxxx\n");
    }

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
