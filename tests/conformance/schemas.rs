//! The schemas of the test providers and rotators, as ESC's Go test driver declares them
//! (their serialized forms appear in the corpus's `check` outputs, as `argSchema`).
//!
//! The small ones are built directly from `Schema`'s public fields. The rich schema of the
//! `schema` provider is a JSON schema document deserialized through `Schema`'s serde
//! support, which is being written in parallel: until `Schema: Deserialize` exists, it
//! falls back to `Schema::always()` (see [`schema_provider_schema`]), and the `schema` /
//! `schema-error` cases cannot pass.

use std::marker::PhantomData;
use std::sync::Arc;

use escrot::esc::schema::Schema;
use serde::de::DeserializeOwned;
use serde_json::json;

fn typed(type_: &str) -> Schema {
    Schema { type_: type_.to_owned(), ..Schema::default() }
}

pub fn string() -> Arc<Schema> {
    Arc::new(typed("string"))
}

/// An object with the given properties, of which `required` are required.
pub fn object(properties: &[(&str, Arc<Schema>)], required: &[&str]) -> Schema {
    Schema {
        properties: properties.iter().map(|(k, s)| ((*k).to_owned(), s.clone())).collect(),
        required: required.iter().map(|k| (*k).to_owned()).collect(),
        ..typed("object")
    }
}

/// Go's `schema.Record`: an object whose properties are all required.
pub fn record(properties: &[(&str, Arc<Schema>)]) -> Schema {
    let mut required: Vec<&str> = properties.iter().map(|(k, _)| *k).collect();
    required.sort_unstable();
    object(properties, &required)
}

/// `error`'s inputs: `{why: string}`.
pub fn error_inputs() -> Arc<Schema> {
    Arc::new(record(&[("why", string())]))
}

/// `swap`'s state and output: `{a: string, b: string}`.
pub fn swap_state() -> Arc<Schema> {
    Arc::new(record(&[("a", string()), ("b", string())]))
}

/// `echo`'s inputs: `{next: string}`, `next` rotate-only.
pub fn echo_inputs() -> Arc<Schema> {
    Arc::new(Schema { rotate_only: vec!["next".to_owned()], ..record(&[("next", string())]) })
}

/// `echo`'s state and output: `{current: string, previous?: string}`.
pub fn echo_state() -> Arc<Schema> {
    Arc::new(object(&[("current", string()), ("previous", string())], &["current"]))
}

/// The input (and output) schema of the `schema` provider: Go's `testSchemaProvider`.
///
/// TODO(schema-serde): this uses `serde_json::from_value::<Schema>` as soon as `Schema`
/// implements `Deserialize` (detected at compile time, no edit needed); until then it is
/// `Schema::always()`, so inputs are not validated and the `schema-error` case fails.
pub fn schema_provider_schema() -> Arc<Schema> {
    #[allow(unused_imports)] // `ViaSerde` is picked once `Schema: Deserialize`
    use serde_probe::{NoSerde as _, ViaSerde as _};
    // Resolved at this call site, where the type is concrete: `ViaSerde` when `Schema`
    // implements `Deserialize`, else `NoSerde`.
    match (&serde_probe::Probe::<Schema>(PhantomData)).deserialize_json(schema_provider_document()) {
        Some(Ok(schema)) => Arc::new(schema),
        Some(Err(err)) => panic!("the `schema` provider's JSON schema does not deserialize into `Schema`: {err}"),
        None => Schema::always(),
    }
}

/// `testSchemaProvider`'s schema as a JSON schema document (Go's serialized form, from the
/// corpus, with its `"type": ""` placeholders dropped).
pub fn schema_provider_document() -> serde_json::Value {
    json!({
        "$defs": {
            "defRecord": {"properties": {"baz": {"type": "string", "const": "qux"}}, "type": "object", "required": ["baz"]}
        },
        "type": "object",
        "properties": {
            "null": {"type": "null"},
            "boolean": {"type": "boolean"},
            "false": {"type": "boolean", "const": false},
            "true": {"type": "boolean", "const": true},
            "number": {"type": "number"},
            "pi": {"type": "number", "const": number("3.14")},
            "string": {"type": "string"},
            "hello": {"type": "string", "const": "hello"},
            "array": {"type": "array", "items": true},
            "tuple": {
                "type": "array",
                "prefixItems": [{"type": "string", "const": "hello"}, {"type": "string", "const": "world"}],
                "items": false
            },
            "map": {"type": "object", "additionalProperties": true},
            "record": {"type": "object", "properties": {"foo": {"type": "string"}}, "required": ["foo"]},
            "anyOf": {"anyOf": [{"type": "string"}, {"type": "number"}]},
            "oneOf": {"oneOf": [{"type": "string"}, {"type": "number"}]},
            "ref": {"$ref": "#/$defs/defRecord"},
            "const-array": {"type": "array", "const": ["hello", 42]},
            "const-object": {"type": "object", "const": {"hello": "world"}},
            "enum": {"type": "string", "enum": ["foo", "bar"]},
            "never": false,
            "always": true,
            "double": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "number"}], "items": false},
            "triple": {
                "type": "array",
                "prefixItems": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}],
                "items": false
            },
            "dependentReq": {
                "type": "object",
                "properties": {"bar": {"type": "number"}, "foo": {"type": "string"}},
                "dependentRequired": {"foo": ["bar"]}
            },
            "multiple": {"type": "number", "multipleOf": 2},
            "minimum": {"type": "number", "minimum": 1},
            "exclusiveMinimum": {"type": "number", "exclusiveMinimum": 1},
            "maximum": {"type": "number", "maximum": 1},
            "exclusiveMaximum": {"type": "number", "exclusiveMaximum": 1},
            "minLength": {"type": "string", "minLength": 1},
            "maxLength": {"type": "string", "maxLength": 1},
            "pattern": {"type": "string", "pattern": "^foo[0-9]+$"},
            "minItems": {"type": "array", "minItems": 3},
            "maxItems": {"type": "array", "maxItems": 2},
            "minProperties": {"type": "object", "minProperties": 1},
            "maxProperties": {"type": "object", "maxProperties": 1}
        }
    })
}

/// A JSON number from its exact text (no trip through `f64`).
fn number(text: &str) -> serde_json::Value {
    serde_json::Value::Number(text.parse().expect("a JSON number"))
}

/// "Autoref specialization": `(&Probe::<T>(PhantomData)).deserialize_json(json)` deserializes
/// when `T: DeserializeOwned` (the by-value impl on `Probe<T>` applies first) and returns
/// `None` otherwise (the impl on `&Probe<T>` is only reached through one more autoref).
/// This keeps the harness compiling both before and after `Schema` gains serde support.
mod serde_probe {
    use super::*;

    pub struct Probe<T>(pub PhantomData<T>);

    pub trait ViaSerde<T> {
        fn deserialize_json(&self, json: serde_json::Value) -> Option<Result<T, serde_json::Error>>;
    }

    impl<T: DeserializeOwned> ViaSerde<T> for Probe<T> {
        fn deserialize_json(&self, json: serde_json::Value) -> Option<Result<T, serde_json::Error>> {
            Some(serde_json::from_value(json))
        }
    }

    pub trait NoSerde<T> {
        fn deserialize_json(&self, _json: serde_json::Value) -> Option<Result<T, serde_json::Error>> {
            None
        }
    }

    impl<T> NoSerde<T> for &Probe<T> {}
}
