//! Telling whether another writer changed a `fn::rotate` node while it rotated.
//!
//! A rotation commits only into the revision it started from. When someone else committed
//! meanwhile (`escrot set` of an unrelated value, a scheduled rotation of another path, an
//! `edit`), the rotation *rebases*: it writes its new states into the latest revision
//! instead, as long as each node it rotated is unchanged there. "Unchanged" compares the
//! node's definition — its `fn::rotate` call, inputs and state — as data: formatting,
//! comments and the rest of the document do not matter, and neither do ciphertexts (an
//! `edit` re-encrypts every secret with a new nonce), so secrets are compared decrypted.

use zeroize::Zeroizing;

use escrot_esc::crypt::decrypt_document;
use escrot_esc::path::{Accessor, PropertyPath};
use escrot_esc::provider::Decrypter;
use escrot_esc::syntax::{self, Node, NodeKind};

/// A node's definition in a canonical form. It holds the node's secrets in plaintext, so it
/// lives in memory only and is wiped when dropped.
#[derive(PartialEq, Eq)]
pub struct NodeDefinition(Zeroizing<String>);

impl std::fmt::Debug for NodeDefinition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NodeDefinition([redacted])")
    }
}

/// A revision's `fn::rotate` nodes, read once to look up several.
pub struct Definitions {
    root: Option<Node>,
}

impl Definitions {
    /// Reads `yaml` (secrets decrypted in memory); a document that cannot be read or
    /// decrypted has no nodes.
    pub fn read(name: &str, yaml: &str, decrypter: &dyn Decrypter) -> Definitions {
        let Ok(plain) = decrypt_document(name, yaml, decrypter).map(Zeroizing::new) else {
            return Definitions { root: None };
        };
        Definitions { root: syntax::decode(name, &plain).0 }
    }

    /// The definition of the `fn::rotate` call whose state is at `state_path`
    /// (`values.db["fn::rotate::postgres"].state`); `None` when there is no such call (it
    /// was removed or moved).
    pub fn node(&self, state_path: &str) -> Option<NodeDefinition> {
        let mut path = PropertyPath::parse(state_path).ok()?.0;
        // The state's parent: the `fn::rotate…` call itself.
        path.pop();
        let mut node = self.root.as_ref()?;
        for accessor in &path {
            node = child(node, accessor)?;
        }
        let mut out = Zeroizing::new(String::new());
        canonical(node, &mut out);
        Some(NodeDefinition(out))
    }
}

fn child<'a>(node: &'a Node, accessor: &Accessor) -> Option<&'a Node> {
    match (&node.kind, accessor) {
        (NodeKind::Object(entries), Accessor::Key(key)) => {
            entries.iter().find(|(k, _)| k.as_str() == Some(key.as_str())).map(|(_, v)| v)
        }
        (NodeKind::Array(items), Accessor::Index(i)) => items.get(*i),
        _ => None,
    }
}

/// Writes `node` as JSON-like text: the data only, keys in source order (reordering keys is
/// a change a reviewer would see, so it counts as one).
fn canonical(node: &Node, out: &mut String) {
    match &node.kind {
        NodeKind::Null => out.push_str("null"),
        NodeKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        NodeKind::Number(n) => out.push_str(n.as_str()),
        NodeKind::String(s) => string(s, out),
        NodeKind::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(item, out);
            }
            out.push(']');
        }
        NodeKind::Object(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match k.as_str() {
                    Some(key) => string(key, out),
                    None => canonical(k, out),
                }
                out.push(':');
                canonical(v, out);
            }
            out.push('}');
        }
    }
}

fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use escrot_esc::provider::Error;

    /// Ciphertexts are the plaintext reversed, so two encryptions can differ in bytes (a
    /// prefix stands in for a nonce) and still decrypt alike.
    struct Reverse;
    impl Decrypter for Reverse {
        fn decrypt(&self, c: &[u8]) -> Result<Vec<u8>, Error> {
            Ok(c.iter().skip(1).rev().copied().collect())
        }
    }

    fn envelope(nonce: u8, plain: &str) -> String {
        let mut bytes = vec![nonce];
        bytes.extend(plain.bytes().rev());
        escrot_esc::crypt::encode_ciphertext(&bytes)
    }

    const STATE: &str = r#"values.pw["fn::rotate::password"].state"#;

    fn doc(nonce: u8, length: u32, extra: &str) -> String {
        format!(
            "values:\n  pw:\n    fn::rotate::password:\n      inputs: {{length: {length}}}\n      state:\n        current:\n          fn::secret:\n            ciphertext: {}\n{extra}",
            envelope(nonce, "hunter2")
        )
    }

    fn def(yaml: &str) -> Option<NodeDefinition> {
        Definitions::read("t", yaml, &Reverse).node(STATE)
    }

    #[test]
    fn other_values_formatting_and_new_ciphertexts_are_not_changes() {
        let base = def(&doc(1, 20, "  note: a\n")).unwrap();
        assert_eq!(def(&doc(2, 20, "  note: b # changed\n")).unwrap(), base);
        let flow = format!(
            "values:\n  pw: {{fn::rotate::password: {{inputs: {{length: 20}}, state: {{current: {{fn::secret: {{ciphertext: {}}}}}}}}}}}\n",
            envelope(9, "hunter2")
        );
        assert_eq!(def(&flow).unwrap(), base);
    }

    #[test]
    fn inputs_and_state_are_the_definition() {
        let base = def(&doc(1, 20, "")).unwrap();
        assert_ne!(def(&doc(1, 21, "")).unwrap(), base);
        let other_secret = doc(1, 20, "").replace(&envelope(1, "hunter2"), &envelope(1, "hunter3"));
        assert_ne!(def(&other_secret).unwrap(), base);
    }

    #[test]
    fn a_removed_node_has_no_definition() {
        assert!(def("values:\n  pw: 1\n").is_none());
        assert!(def("values:\n  other:\n    fn::rotate::password:\n      inputs: {}\n").is_none());
        assert!(def(": [").is_none());
    }
}
