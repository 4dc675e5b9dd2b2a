//! What the generating rotators (`password`, `passphrase`) share: the [`Generator`] trait
//! that makes each of them a [`Rotator`], reading their inputs, shaping their `{current,
//! previous}` state, and the random number generator.
//!
//! Inputs are read defensively even though the evaluator validates them against the
//! rotator's schema first: the rotation engine may call `create` with inputs it evaluated
//! itself, and a rotator must never generate a weaker secret than asked for because an
//! input was silently misread.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::sync::Arc;

use async_trait::async_trait;
use rand::SeedableRng;
use rand::rngs::{StdRng, SysRng};

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

/// The inputs of a `fn::rotate` node.
pub(crate) type Inputs = BTreeMap<String, Value>;

/// A cryptographically secure RNG, freshly keyed with 256 bits from the operating system.
///
/// Why not draw from the OS directly: `SysRng` is fallible (`TryRng`), while rand's uniform
/// sampling needs an infallible RNG, and the only infallible wrapper (`UnwrapErr`) panics
/// when the OS fails. Keying a ChaCha-based `StdRng` (a CSPRNG) once per rotation keeps the
/// failure a `RotateError` and costs one system call. The generator lives only as long as
/// one rotation.
pub(crate) fn secure_rng() -> Result<StdRng> {
    StdRng::try_from_rng(&mut SysRng)
        .map_err(|e| RotateError::new(format!("cannot read the operating system's random number generator: {e}")))
}

/// An input that is present, known and not null; `None` when absent.
fn known<'a>(inputs: &'a Inputs, name: &str) -> Result<Option<&'a Value>> {
    match inputs.get(name) {
        None => Ok(None),
        Some(v) if v.unknown => Err(RotateError::new(format!("input {name} is unknown"))),
        Some(v) => Ok(Some(v)),
    }
}

/// Shows an input's value in a message, unless it is secret.
fn shown(v: &Value, text: &str) -> String {
    if v.secret { String::new() } else { format!(" (got {text})") }
}

/// A boolean input, `default` when absent.
pub(crate) fn bool_input(inputs: &Inputs, name: &str, default: bool) -> Result<bool> {
    match known(inputs, name)? {
        None => Ok(default),
        Some(Value { repr: ValueRepr::Bool(b), .. }) => Ok(*b),
        Some(_) => Err(RotateError::new(format!("input {name} must be a boolean"))),
    }
}

/// A whole-number input within `range`, `default` when absent.
pub(crate) fn integer_input(inputs: &Inputs, name: &str, default: u64, range: RangeInclusive<u64>) -> Result<u64> {
    let Some(v) = known(inputs, name)? else { return Ok(default) };
    let ValueRepr::Number(n) = &v.repr else {
        return Err(RotateError::new(format!("input {name} must be a number")));
    };
    let f = n.as_f64();
    let (lo, hi) = (*range.start(), *range.end());
    // Bounds are small (≤ 100), so the f64 comparison and the cast below are exact.
    if !f.is_finite() || f.fract() != 0.0 {
        return Err(RotateError::new(format!("input {name} must be a whole number{}", shown(v, n.as_str()))));
    }
    if f < lo as f64 || f > hi as f64 {
        return Err(RotateError::new(format!("input {name} must be between {lo} and {hi}{}", shown(v, n.as_str()))));
    }
    Ok(f as u64)
}

/// A string input, `default` when absent.
pub(crate) fn string_input(inputs: &Inputs, name: &str, default: &str) -> Result<String> {
    match known(inputs, name)? {
        None => Ok(default.to_owned()),
        Some(Value { repr: ValueRepr::String(s), .. }) => Ok(s.clone()),
        Some(_) => Err(RotateError::new(format!("input {name} must be a string"))),
    }
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
    use escrot_esc::syntax::Number;

    fn num(s: &str) -> Value {
        Value::new(ValueRepr::Number(Number(s.to_owned())))
    }

    #[test]
    fn integers() {
        let inputs = Inputs::from([
            ("a".to_owned(), num("12")),
            ("b".to_owned(), num("1.2e1")),
            ("c".to_owned(), num("12.5")),
            ("d".to_owned(), num("101")),
            ("e".to_owned(), num("101").with_secret(true)),
            ("f".to_owned(), Value::string("12")),
            ("g".to_owned(), Value::unknown()),
        ]);
        let get = |name| integer_input(&inputs, name, 7, 0..=100).map_err(|e| e.message);
        assert_eq!(get("a"), Ok(12));
        assert_eq!(get("b"), Ok(12));
        assert_eq!(get("absent"), Ok(7));
        assert_eq!(get("c"), Err("input c must be a whole number (got 12.5)".to_owned()));
        assert_eq!(get("d"), Err("input d must be between 0 and 100 (got 101)".to_owned()));
        assert_eq!(get("e"), Err("input e must be between 0 and 100".to_owned()));
        assert_eq!(get("f"), Err("input f must be a number".to_owned()));
        assert_eq!(get("g"), Err("input g is unknown".to_owned()));
    }

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
