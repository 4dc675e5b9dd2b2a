//! The test-only providers and rotators that the corpus names (ESC's Go test driver
//! registers the same ones). They never ship in the binary.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use escrot_esc::provider::{Error, OpenContext, Provider, ProviderLoader, Rotator};
use escrot_esc::schema::Schema;
use escrot_esc::value::ValueRepr;
use escrot_esc::{ExecContext, Value};

use super::schemas;

type Inputs = BTreeMap<String, Value>;

/// The execution context of every case: `${context.pulumi.user.id}` is `USER_123`.
pub fn exec_context() -> ExecContext {
    ExecContext::new(&Value::from_json(&serde_json::json!({"pulumi": {"user": {"id": "USER_123"}}})))
}

/// Loads the test providers (`test`, `secret-wrapper`, `error`, `schema`, `bench`) and
/// rotators (`swap`, `echo`).
#[derive(Clone, Debug, Default)]
pub struct TestProviders {
    /// How long each `bench` provider sleeps.
    pub bench_delay: Duration,
}

impl ProviderLoader for TestProviders {
    fn load_provider(&self, name: &str) -> Result<Arc<dyn Provider>, Error> {
        Ok(match name {
            "test" => Arc::new(EchoInputs),
            "secret-wrapper" => Arc::new(SecretWrapper),
            "error" => Arc::new(Fail),
            "schema" => Arc::new(SchemaChecked),
            "bench" => Arc::new(Bench { delay: self.bench_delay }),
            _ => return Err(format!("unknown provider {name:?}").into()),
        })
    }

    fn load_rotator(&self, name: &str) -> Result<Arc<dyn Rotator>, Error> {
        Ok(match name {
            "swap" => Arc::new(Swap),
            "echo" => Arc::new(Echo),
            _ => return Err(format!("unknown rotator {name:?}").into()),
        })
    }
}

fn inputs_object(inputs: &Inputs) -> Value {
    Value::object(inputs.clone())
}

/// `test`: returns its inputs.
struct EchoInputs;

impl Provider for EchoInputs {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>) {
        (Schema::always(), Schema::always())
    }
    fn open(&self, inputs: &Inputs, _: &OpenContext<'_>) -> Result<Value, Error> {
        Ok(inputs_object(inputs))
    }
}

/// `secret-wrapper`: returns its inputs, secret as a whole.
struct SecretWrapper;

impl Provider for SecretWrapper {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>) {
        (Schema::always(), Schema::always())
    }
    fn open(&self, inputs: &Inputs, _: &OpenContext<'_>) -> Result<Value, Error> {
        Ok(inputs_object(inputs).with_secret(true))
    }
}

/// `error`: fails with the message `inputs.why`.
struct Fail;

impl Provider for Fail {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>) {
        (schemas::error_inputs(), Schema::always())
    }
    fn open(&self, inputs: &Inputs, _: &OpenContext<'_>) -> Result<Value, Error> {
        let why = inputs.get("why").and_then(Value::as_str).unwrap_or("the `error` provider needs a string `why`");
        Err(why.into())
    }
}

/// `schema`: returns its inputs, which its rich schema constrains.
struct SchemaChecked;

impl Provider for SchemaChecked {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>) {
        let schema = schemas::schema_provider_schema();
        (schema.clone(), schema)
    }
    fn open(&self, inputs: &Inputs, _: &OpenContext<'_>) -> Result<Value, Error> {
        Ok(inputs_object(inputs))
    }
}

/// `bench`: sleeps for the configured delay and returns it as a string (Go's
/// `time.Duration` form, e.g. `0s`, `10ms`).
struct Bench {
    delay: Duration,
}

impl Provider for Bench {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>) {
        (Schema::always(), Schema::always())
    }
    fn open(&self, _: &Inputs, _: &OpenContext<'_>) -> Result<Value, Error> {
        std::thread::sleep(self.delay);
        Ok(Value::string(go_duration(self.delay)))
    }
}

/// Formats a duration as Go's `time.Duration.String` does for whole microseconds and up.
pub fn go_duration(d: Duration) -> String {
    let fmt = |value: f64, unit: &str| format!("{}{unit}", (value * 1e9).round() / 1e9);
    if d.is_zero() {
        "0s".to_owned()
    } else if d < Duration::from_micros(1) {
        format!("{}ns", d.as_nanos())
    } else if d < Duration::from_millis(1) {
        fmt(d.as_nanos() as f64 / 1e3, "µs")
    } else if d < Duration::from_secs(1) {
        fmt(d.as_nanos() as f64 / 1e6, "ms")
    } else {
        fmt(d.as_secs_f64(), "s")
    }
}

/// The state a rotator opens to: the state itself, or `{}` when there is none.
fn state_or_empty(state: Option<&Value>) -> Value {
    match state {
        Some(s) if !matches!(s.repr, ValueRepr::Null) => s.clone(),
        _ => Value::object(BTreeMap::new()),
    }
}

/// A property of an object state, `null` when absent.
fn state_field(state: Option<&Value>, key: &str) -> Value {
    state.and_then(Value::as_object).and_then(|o| o.get(key)).cloned().unwrap_or_else(Value::null)
}

/// `swap`: state `{a, b}`; rotating swaps them; opening returns the state.
struct Swap;

impl Rotator for Swap {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>, Arc<Schema>) {
        (Schema::always(), schemas::swap_state(), schemas::swap_state())
    }
    fn open(&self, _: &Inputs, state: Option<&Value>, _: &OpenContext<'_>) -> Result<Value, Error> {
        Ok(state_or_empty(state))
    }
    fn rotate(&self, _: &Inputs, state: Option<&Value>, _: &OpenContext<'_>) -> Result<Value, Error> {
        let swapped =
            BTreeMap::from([("a".to_owned(), state_field(state, "b")), ("b".to_owned(), state_field(state, "a"))]);
        Ok(Value::object(swapped))
    }
}

/// `echo`: inputs `{next}` (rotate-only), state `{current, previous?}`; rotating returns
/// `{current: next, previous: old current}`; opening returns the state, and fails when
/// `next` is known, since rotate-only inputs must not be evaluated outside a rotation.
struct Echo;

impl Rotator for Echo {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>, Arc<Schema>) {
        (schemas::echo_inputs(), schemas::echo_state(), schemas::echo_state())
    }
    fn open(&self, inputs: &Inputs, state: Option<&Value>, _: &OpenContext<'_>) -> Result<Value, Error> {
        if inputs.get("next").is_some_and(|next| !next.unknown) {
            return Err("rotate-only input `next` was evaluated outside a rotation".into());
        }
        Ok(state_or_empty(state))
    }
    fn rotate(&self, inputs: &Inputs, state: Option<&Value>, _: &OpenContext<'_>) -> Result<Value, Error> {
        let next = inputs.get("next").cloned().unwrap_or_else(Value::null);
        let rotated =
            BTreeMap::from([("current".to_owned(), next), ("previous".to_owned(), state_field(state, "current"))]);
        Ok(Value::object(rotated))
    }
}
