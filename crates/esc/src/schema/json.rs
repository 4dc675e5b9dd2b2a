//! ESC's JSON form of schemas, and Go's JSON and string quoting where messages embed them.
//!
//! The form is what Go's `encoding/json` makes of the `Schema` struct: `true`/`false` for
//! the always/never schemas, otherwise an object whose keys come in the struct's field
//! order, with `"type"` always present (it has no `omitempty`: untyped schemas say
//! `"type": ""`) and every other field left out when empty. ESC's detailed outputs embed
//! these schemas, so the order and the omissions matter: [`JsonForm`] is that struct,
//! serde-derived, its fields in Go's order.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use serde_path_to_error::Segment;

use super::Schema;
use crate::syntax::Number;

/// A schema object as Go writes and reads it, its sub-schemas `S` (references to write,
/// owned schemas read). Every field but `type` is `None` when empty, and left out; `null`
/// reads as absent, as with Go's decoder. Unknown keys are ignored.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonForm<S> {
    #[serde(rename = "$defs", skip_serializing_if = "Option::is_none")]
    defs: Option<BTreeMap<String, S>>,
    #[serde(rename = "$ref", skip_serializing_if = "Option::is_none")]
    reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    any_of: Option<Vec<S>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    one_of: Option<Vec<S>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prefix_items: Option<Vec<S>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<S>,
    #[serde(skip_serializing_if = "Option::is_none")]
    additional_properties: Option<S>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<BTreeMap<String, S>>,
    /// Always written; `""` for no type constraint.
    #[serde(rename = "type", default, deserialize_with = "null_as_empty")]
    type_: String,
    #[serde(rename = "const", skip_serializing_if = "Option::is_none")]
    const_: Option<Value>,
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    enum_: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    multiple_of: Option<serde_json::Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    maximum: Option<serde_json::Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    exclusive_maximum: Option<serde_json::Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum: Option<serde_json::Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    exclusive_minimum: Option<serde_json::Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_items: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_items: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_items: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_properties: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_properties: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    required: Option<Vec<String>>,
    /// A `null` list reads as no list.
    #[serde(skip_serializing_if = "Option::is_none")]
    dependent_required: Option<BTreeMap<String, Option<Vec<String>>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deprecated: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    examples: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rotate_only: Option<RotateOnly>,
}

fn null_as_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_default())
}

/// `rotateOnly`: a list of property names. Later ESC versions made it a flag on property
/// schemas; `false` there means the same as no list.
#[derive(Serialize)]
#[serde(transparent)]
struct RotateOnly(Vec<String>);

impl<'de> Deserialize<'de> for RotateOnly {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RotateOnly, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Flag(bool),
            List(Vec<String>),
        }
        match Form::deserialize(deserializer)? {
            Form::Flag(false) => Ok(RotateOnly(Vec::new())),
            Form::List(names) => Ok(RotateOnly(names)),
            Form::Flag(true) => Err(D::Error::custom("rotateOnly: true names no property")),
        }
    }
}

/// Go's JSON number for a numeric bound.
fn json_number(n: &Option<Number>) -> Result<Option<serde_json::Number>, String> {
    n.as_ref().map(|n| n.as_str().parse().map_err(|_| format!("invalid number literal {:?}", n.as_str()))).transpose()
}

impl<'a> JsonForm<&'a Schema> {
    /// What Go writes for `schema` (an object schema: neither `always` nor `never`).
    fn of(schema: &'a Schema) -> Result<JsonForm<&'a Schema>, String> {
        let subs = |list: &'a [Arc<Schema>]| (!list.is_empty()).then(|| list.iter().map(|s| &**s).collect());
        let sub_map = |map: &'a BTreeMap<String, Arc<Schema>>| {
            (!map.is_empty()).then(|| map.iter().map(|(k, s)| (k.clone(), &**s)).collect())
        };
        let list = |values: &[Value]| (!values.is_empty()).then(|| values.to_vec());
        let names = |names: &[String]| (!names.is_empty()).then(|| names.to_vec());
        let text = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        let flag = |b: bool| b.then_some(true);
        let dependent_required = &schema.dependent_required;
        Ok(JsonForm {
            defs: sub_map(&schema.defs),
            reference: schema.reference.as_deref().and_then(text),
            any_of: subs(&schema.any_of),
            one_of: subs(&schema.one_of),
            prefix_items: subs(&schema.prefix_items),
            items: schema.items.as_deref(),
            additional_properties: schema.additional_properties.as_deref(),
            properties: sub_map(&schema.properties),
            type_: schema.type_.clone(),
            const_: schema.const_.clone(),
            enum_: list(&schema.enum_),
            multiple_of: json_number(&schema.multiple_of)?,
            maximum: json_number(&schema.maximum)?,
            exclusive_maximum: json_number(&schema.exclusive_maximum)?,
            minimum: json_number(&schema.minimum)?,
            exclusive_minimum: json_number(&schema.exclusive_minimum)?,
            max_length: schema.max_length,
            min_length: schema.min_length,
            pattern: schema.pattern.as_deref().and_then(text),
            max_items: schema.max_items,
            min_items: schema.min_items,
            unique_items: flag(schema.unique_items),
            max_properties: schema.max_properties,
            min_properties: schema.min_properties,
            required: names(&schema.required),
            dependent_required: (!dependent_required.is_empty())
                .then(|| dependent_required.iter().map(|(k, v)| (k.clone(), Some(v.clone()))).collect()),
            title: text(&schema.title),
            description: text(&schema.description),
            default: schema.default.clone().filter(|d| !d.is_null()),
            deprecated: flag(schema.deprecated),
            examples: list(&schema.examples),
            secret: flag(schema.secret),
            rotate_only: names(&schema.rotate_only).map(RotateOnly),
        })
    }
}

impl From<JsonForm<Schema>> for Schema {
    fn from(form: JsonForm<Schema>) -> Schema {
        let subs = |list: Option<Vec<Schema>>| list.unwrap_or_default().into_iter().map(Arc::new).collect();
        let sub_map = |map: Option<BTreeMap<String, Schema>>| {
            map.unwrap_or_default().into_iter().map(|(k, s)| (k, Arc::new(s))).collect()
        };
        let number = |n: Option<serde_json::Number>| n.map(|n| Number(n.to_string()));
        Schema {
            defs: sub_map(form.defs),
            reference: form.reference.filter(|r| !r.is_empty()),
            any_of: subs(form.any_of),
            one_of: subs(form.one_of),
            prefix_items: subs(form.prefix_items),
            items: form.items.map(Arc::new),
            additional_properties: form.additional_properties.map(Arc::new),
            properties: sub_map(form.properties),
            type_: form.type_,
            const_: form.const_,
            enum_: form.enum_.unwrap_or_default(),
            multiple_of: number(form.multiple_of),
            maximum: number(form.maximum),
            exclusive_maximum: number(form.exclusive_maximum),
            minimum: number(form.minimum),
            exclusive_minimum: number(form.exclusive_minimum),
            max_length: form.max_length,
            min_length: form.min_length,
            pattern: form.pattern.filter(|p| !p.is_empty()),
            max_items: form.max_items,
            min_items: form.min_items,
            unique_items: form.unique_items.unwrap_or_default(),
            max_properties: form.max_properties,
            min_properties: form.min_properties,
            required: form.required.unwrap_or_default(),
            dependent_required: form
                .dependent_required
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| (k, v.unwrap_or_default()))
                .collect(),
            title: form.title.unwrap_or_default(),
            description: form.description.unwrap_or_default(),
            default: form.default,
            deprecated: form.deprecated.unwrap_or_default(),
            examples: form.examples.unwrap_or_default(),
            secret: form.secret.unwrap_or_default(),
            rotate_only: form.rotate_only.map(|r| r.0).unwrap_or_default(),
            ..Schema::default()
        }
    }
}

impl Serialize for Schema {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.never {
            return serializer.serialize_bool(false);
        }
        if self.always {
            return serializer.serialize_bool(true);
        }
        JsonForm::of(self).map_err(S::Error::custom)?.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Schema {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Schema, D::Error> {
        let json = Value::deserialize(deserializer)?;
        Schema::from_json(&json).map_err(D::Error::custom)
    }
}

impl Schema {
    /// Reads ESC's JSON form. Unknown keys are ignored and `null` reads as absent, as with
    /// Go's decoder; a key of the wrong JSON type is an error naming it.
    pub fn from_json(json: &Value) -> Result<Schema, String> {
        match json {
            Value::Bool(true) => Ok(Schema { always: true, ..Schema::default() }),
            Value::Bool(false) => Ok(Schema { never: true, ..Schema::default() }),
            Value::Object(_) => {
                serde_path_to_error::deserialize::<_, JsonForm<Schema>>(json).map(Schema::from).map_err(describe)
            }
            other => Err(format!("a schema must be a boolean or an object, not {}", kind(other))),
        }
    }

    /// ESC's JSON form as a value.
    pub fn to_json(&self) -> Value {
        // Only an unparsable numeric bound can fail; it shows as its text.
        serde_json::to_value(self).unwrap_or_else(|e| Value::String(e.to_string()))
    }
}

/// A schema object that does not read: a sub-schema's own problem, prefixed by where it is
/// (`properties.a: …`, `anyOf[0]: …`), or a field of the wrong JSON type.
fn describe(e: serde_path_to_error::Error<serde_json::Error>) -> String {
    let path: Vec<&Segment> = e.path().iter().collect();
    let Some(Segment::Map { key: field }) = path.first() else { return e.into_inner().to_string() };
    let sub_schema = match (field.as_str(), &path[1..]) {
        ("items" | "additionalProperties", []) => Some(field.clone()),
        ("$defs" | "properties", [Segment::Map { key }]) => Some(format!("{field}.{key}")),
        ("anyOf" | "oneOf" | "prefixItems", [Segment::Seq { index }]) => Some(format!("{field}[{index}]")),
        _ => None,
    };
    match sub_schema {
        Some(at) => format!("{at}: {}", e.into_inner()),
        None => format!("schema field {field:?}: expected {}", expected(field, path.len())),
    }
}

/// What the field `field` holds, for messages; `depth` is how deep in it the problem is.
fn expected(field: &str, depth: usize) -> &'static str {
    match field {
        "$defs" | "properties" => "an object of schemas",
        "anyOf" | "oneOf" | "prefixItems" => "an array of schemas",
        "uniqueItems" | "deprecated" | "secret" => "a boolean",
        "multipleOf" | "maximum" | "exclusiveMaximum" | "minimum" | "exclusiveMinimum" => "a number",
        "maxLength" | "minLength" | "maxItems" | "minItems" | "maxProperties" | "minProperties" => {
            "a non-negative integer"
        }
        "enum" | "examples" => "an array",
        "dependentRequired" if depth == 1 => "an object of string arrays",
        "required" | "rotateOnly" | "dependentRequired" => "an array of strings",
        _ => "a string",
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
