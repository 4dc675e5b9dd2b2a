//! Writing new rotator states into a definition: secrets become `fn::secret` ciphertexts
//! (never plaintext in a definition), and the edit touches only the `state` it replaces.

use escrot_esc::ast::escape_literal;
use escrot_esc::crypt::encode_ciphertext;
use escrot_esc::path::PropertyPath;
use escrot_esc::provider::Encrypter;
use escrot_esc::value::{Value, ValueRepr};
use escrot_esc::yaml;

#[derive(Debug, thiserror::Error)]
pub enum PatchError {
    #[error("encrypting a secret: {0}")]
    Encrypt(String),
    #[error("invalid state path {0}")]
    Path(String),
    #[error("writing the new state: {0}")]
    Edit(#[from] yaml::EditError),
}

/// The YAML data for a value: secrets as `{fn::secret: {ciphertext: …}}`.
///
/// Strings are written as the ESC source text that evaluates to them: a definition's
/// strings are interpolated (`${…}`), with `$$` for one `$`. A `fn::secret`'s ciphertext
/// holds its value itself (`crypt`: escaped when decrypted into a text, unescaped when
/// encrypted from one). A generated `a$${b` must open as `a$${b`, not `a${b`.
pub fn definition_data(v: &Value, encrypter: &dyn Encrypter) -> Result<serde_json::Value, PatchError> {
    if v.secret {
        let plain = match &v.repr {
            ValueRepr::String(s) => s.clone(),
            // A secret that is not a string is stored as its JSON text.
            _ => v.to_json(false).to_string(),
        };
        let ciphertext = encrypter.encrypt(plain.as_bytes()).map_err(|e| PatchError::Encrypt(e.to_string()))?;
        return Ok(serde_json::json!({"fn::secret": {"ciphertext": encode_ciphertext(&ciphertext)}}));
    }
    Ok(match &v.repr {
        ValueRepr::Array(a) => {
            serde_json::Value::Array(a.iter().map(|e| definition_data(e, encrypter)).collect::<Result<_, _>>()?)
        }
        ValueRepr::String(s) => serde_json::Value::String(escape_literal(s)),
        ValueRepr::Object(o) => serde_json::Value::Object(
            o.iter()
                .map(|(k, e)| Ok((k.clone(), definition_data(e, encrypter)?)))
                .collect::<Result<_, PatchError>>()?,
        ),
        _ => v.to_json(false),
    })
}

/// Sets the state at `state_path` (`values.db["fn::rotate::password"].state`) in `source`.
pub fn set_state(
    source: &str,
    state_path: &str,
    state: &Value,
    encrypter: &dyn Encrypter,
) -> Result<String, PatchError> {
    set_states(source, &[(state_path, state)], encrypter)
}

/// Sets each `(state_path, state)` in `source`, in order. The document is parsed once for
/// all of them when they are independent (the states of distinct `fn::rotate` nodes are):
/// a commit of 100 rotations would otherwise parse it 100 times.
pub fn set_states(source: &str, states: &[(&str, &Value)], encrypter: &dyn Encrypter) -> Result<String, PatchError> {
    let edits = states
        .iter()
        .map(|(state_path, state)| {
            let path = PropertyPath::parse(state_path).map_err(|_| PatchError::Path((*state_path).to_owned()))?;
            Ok((path, definition_data(state, encrypter)?))
        })
        .collect::<Result<Vec<_>, PatchError>>()?;
    Ok(yaml::set_all(source, &edits)?)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use escrot_esc::provider::Error;

    struct Rot128;
    impl Encrypter for Rot128 {
        fn encrypt(&self, p: &[u8]) -> Result<Vec<u8>, Error> {
            Ok(p.iter().map(|b| b.wrapping_add(128)).collect())
        }
    }

    #[test]
    fn secrets_are_encrypted_and_the_rest_kept() {
        let src = "# db\nvalues:\n  pw:\n    fn::rotate::password:\n      inputs: {length: 20} # long\n  other: 1\n";
        let mut state = BTreeMap::new();
        state.insert("current".to_owned(), Value::string("hunter2").with_secret(true));
        let out = set_state(src, r#"values.pw["fn::rotate::password"].state"#, &Value::object(state), &Rot128).unwrap();
        assert!(!out.contains("hunter2"), "{out}");
        assert!(
            out.starts_with("# db\nvalues:\n  pw:\n    fn::rotate::password:\n      inputs: {length: 20} # long\n")
        );
        assert!(out.contains("      state:\n        current:\n          fn::secret:\n            ciphertext: ZXNjeAAAAAHo9e705fKyKo30VQ==\n"), "{out}");
        assert!(out.ends_with("  other: 1\n"));
    }

    #[test]
    fn states_are_set_together_as_one_by_one() {
        let src = "values:\n  a:\n    fn::rotate::password: {inputs: {}}\n  b:\n    fn::rotate::password:\n      \
                   inputs: {}\n      state: {current: old} # kept\n";
        let (a, b) = (Value::string("x"), Value::string("new"));
        let (pa, pb) = (r#"values.a["fn::rotate::password"].state"#, r#"values.b["fn::rotate::password"].state"#);
        let together = set_states(src, &[(pa, &a), (pb, &b)], &Rot128).unwrap();
        let one_by_one = set_state(&set_state(src, pa, &a, &Rot128).unwrap(), pb, &b, &Rot128).unwrap();
        assert_eq!(together, one_by_one);
        assert!(
            together.ends_with("  b:\n    fn::rotate::password:\n      inputs: {}\n      state: new # kept\n"),
            "{together}"
        );
        assert!(
            matches!(set_states(src, &[(pa, &a), ("values[", &b)], &Rot128), Err(PatchError::Path(p)) if p == "values[")
        );
    }
}
