//! The schemas of the test providers and rotators, as ESC's Go test driver declares them
//! (their serialized forms appear in the corpus's `check` outputs, as `argSchema`).
//!
//! The small ones are built directly from `Schema`'s public fields. The rich schema of the
//! `schema` provider is a JSON schema document deserialized through `Schema`'s serde
//! support, which is being written in parallel: until `Schema: Deserialize` exists, it
//! falls back to `Schema::always()` (see [`schema_provider_schema`]), and the `schema` /
//! `schema-error` cases cannot pass.

use std::sync::Arc;

use escrot_esc::schema::Schema;
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
pub fn schema_provider_schema() -> Arc<Schema> {
    match serde_json::from_value::<Schema>(schema_provider_document()) {
        Ok(schema) => Arc::new(schema),
        Err(err) => panic!("the `schema` provider's JSON schema does not deserialize into `Schema`: {err}"),
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
