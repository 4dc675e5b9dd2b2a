//! What the generating rotators (`password`, `passphrase`) share: the [`Generator`] trait
//! that makes each of them a [`Rotator`], shaping their `{current, previous}` state, and the
//! random number generator. Their inputs are read with [`super::inputs::read`].

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use rand::rngs::StdRng;

use super::inputs::Inputs;
use super::{Created, Result, RotateError, RotationRequest, Rotator};
use escrot_esc::provider::InputProblem;
use escrot_esc::schema::Schema;
use escrot_esc::value::{Trace, Value, ValueRepr};

/// A rotator that generates a secret string and touches no external system: only `create`
/// does anything (an unused password needs no verifying, retiring or taking back), and its
/// state and value are `{current, previous}`.
pub(crate) trait Generator: Send + Sync {
    /// What it generates, for descriptions (`password`).
    const WHAT: &'static str;

    /// The schema of its inputs.
    fn input_schema(&self) -> Schema;

    /// What is wrong with inputs that match the schema (see [`Rotator::validate`]).
    fn validate(&self, inputs: &Inputs) -> Vec<InputProblem> {
        let _ = inputs;
        Vec::new()
    }

    /// A new secret for these inputs. Errors name inputs and bounds, never a value.
    fn generate(&self, inputs: &Inputs, rng: &mut StdRng) -> Result<String>;
}

#[async_trait]
impl<G: Generator> Rotator for G {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>, Arc<Schema>) {
        let state = secret_pair_schema(G::WHAT);
        (self.input_schema().build(), state.clone(), state)
    }

    fn validate(&self, inputs: &Inputs) -> Vec<InputProblem> {
        Generator::validate(self, inputs)
    }

    fn open(&self, _inputs: &BTreeMap<String, Value>, state: Option<&Value>) -> Result<Value> {
        Ok(open_state(state))
    }

    /// Nothing outside the definition changed.
    fn undo_is_complete(&self) -> bool {
        true
    }

    /// Nothing exists outside the definition: the new value lives only in the new state.
    fn changes_only_its_state(&self) -> bool {
        true
    }

    async fn create(&self, req: &RotationRequest) -> Result<Created> {
        let new = self.generate(&req.inputs, &mut secure_rng()?)?;
        Ok(Created { new_state: rotated_state(new, req.state.as_ref())?, extra: serde_json::Value::Null })
    }
}

/// `{current?, previous?}`, both secret strings: the state and the value of the node.
fn secret_pair_schema(what: &str) -> Arc<Schema> {
    Schema::object()
        .properties([
            ("current", Schema::string().secret().description(format!("The current {what}."))),
            ("previous", Schema::string().secret().description(format!("The {what} before the current one."))),
        ])
        .build()
}

/// A cryptographically secure RNG, freshly keyed from the operating system
/// ([`escrot_password::secure_rng`]), its failure a `RotateError`. The generator lives only
/// as long as one rotation.
pub(crate) fn secure_rng() -> Result<StdRng> {
    escrot_password::secure_rng().map_err(RotateError::new)
}

/// `v` marked secret, without its source trace (a state written back has no source yet).
fn secret(v: &Value) -> Value {
    Value { trace: Trace::default(), ..v.clone() }.with_secret(true)
}

/// The state after a rotation that generated `new`: `{current: new, previous: old current}`,
/// both secret; `previous` is left out on a first rotation (no state, or no `current`).
pub(crate) fn rotated_state(new: String, state: Option<&Value>) -> Result<Value> {
    let mut out = BTreeMap::new();
    if let Some(old) = state.and_then(Value::as_object).and_then(|o| o.get("current")) {
        if old.unknown {
            return Err(RotateError::new(
                "the state's current value is unknown (was it decrypted?); rotating would lose it",
            ));
        }
        if !matches!(old.repr, ValueRepr::Null) {
            out.insert("previous".to_owned(), secret(old));
        }
    }
    out.insert("current".to_owned(), Value::string(new).with_secret(true));
    Ok(Value::object(out))
}

/// The value of the node: the state, with `current` and `previous` marked secret even when
/// the state was written in the clear (ESC shows both as `[secret]`; the schema's `secret`
/// flag alone does not make a value secret).
pub(crate) fn open_state(state: Option<&Value>) -> Value {
    let Some(o) = state.and_then(Value::as_object) else { return Value::object(BTreeMap::new()) };
    let mut out = o.clone();
    for key in ["current", "previous"] {
        if let Some(v) = out.get_mut(key) {
            v.secret = true;
        }
    }
    Value { repr: ValueRepr::Object(out), ..state.cloned().unwrap_or_else(Value::null) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secure_rng_works() {
        use rand::RngExt;
        let mut rng = secure_rng().map_err(|e| e.message).expect("the OS RNG");
        let (a, b): (u64, u64) = (rng.random(), rng.random());
        assert_ne!(a, b);
    }

    #[test]
    fn open_marks_secret() {
        let state = Value::object(BTreeMap::from([
            ("current".to_owned(), Value::string("a")),
            ("previous".to_owned(), Value::string("b")),
        ]));
        let opened = open_state(Some(&state));
        let o = opened.as_object().expect("an object");
        assert!(o["current"].secret && o["previous"].secret);
        assert_eq!(open_state(None), Value::object(BTreeMap::new()));
        assert_eq!(open_state(Some(&Value::null())), Value::object(BTreeMap::new()));
    }
}
