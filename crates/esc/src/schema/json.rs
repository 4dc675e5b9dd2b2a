//! ESC's JSON form of schemas, and Go's JSON and string quoting where messages embed them.
//!
//! The form is what Go's `encoding/json` makes of the `Schema` struct: `true`/`false` for
//! the always/never schemas, otherwise an object whose keys come in the struct's field
//! order, with `"type"` always present (it has no `omitempty`: untyped schemas say
//! `"type": ""`) and every other field left out when empty. ESC's detailed outputs embed
//! these schemas, so the order and the omissions matter.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::de::Error as _;
use serde::ser::{Error as _, SerializeMap};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::Schema;
use crate::syntax::Number;

impl Serialize for Schema {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.never {
            return serializer.serialize_bool(false);
        }
        if self.always {
            return serializer.serialize_bool(true);
        }
        // The entries come in the Go struct's field order, split here in three runs.
        let mut map = serializer.serialize_map(None)?;
        self.serialize_subschemas(&mut map)?;
        map.serialize_entry("type", &self.type_)?;
        self.serialize_constraints(&mut map)?;
        self.serialize_annotations(&mut map)?;
        map.end()
    }
}

impl Schema {
    /// `$defs` to `properties`: the fields that hold other schemas.
    fn serialize_subschemas<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        if !self.defs.is_empty() {
            map.serialize_entry("$defs", &by_ref(&self.defs))?;
        }
        if let Some(reference) = self.reference.as_deref().filter(|r| !r.is_empty()) {
            map.serialize_entry("$ref", reference)?;
        }
        for (key, list) in [("anyOf", &self.any_of), ("oneOf", &self.one_of), ("prefixItems", &self.prefix_items)] {
            if !list.is_empty() {
                map.serialize_entry(key, &list.iter().map(|s| &**s).collect::<Vec<&Schema>>())?;
            }
        }
        if let Some(items) = &self.items {
            map.serialize_entry("items", &**items)?;
        }
        if let Some(additional) = &self.additional_properties {
            map.serialize_entry("additionalProperties", &**additional)?;
        }
        if !self.properties.is_empty() {
            map.serialize_entry("properties", &by_ref(&self.properties))?;
        }
        Ok(())
    }

    /// `const` to `dependentRequired`: what a value must be.
    fn serialize_constraints<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        let number = |n: &Number| -> Result<serde_json::Number, M::Error> {
            n.as_str().parse().map_err(|_| M::Error::custom(format!("invalid number literal {:?}", n.as_str())))
        };
        if let Some(c) = &self.const_ {
            map.serialize_entry("const", c)?;
        }
        if !self.enum_.is_empty() {
            map.serialize_entry("enum", &self.enum_)?;
        }
        for (key, n) in [
            ("multipleOf", &self.multiple_of),
            ("maximum", &self.maximum),
            ("exclusiveMaximum", &self.exclusive_maximum),
            ("minimum", &self.minimum),
            ("exclusiveMinimum", &self.exclusive_minimum),
        ] {
            if let Some(n) = n {
                map.serialize_entry(key, &number(n)?)?;
            }
        }
        for (key, n) in [("maxLength", self.max_length), ("minLength", self.min_length)] {
            if let Some(n) = n {
                map.serialize_entry(key, &n)?;
            }
        }
        if let Some(pattern) = self.pattern.as_deref().filter(|p| !p.is_empty()) {
            map.serialize_entry("pattern", pattern)?;
        }
        for (key, n) in [("maxItems", self.max_items), ("minItems", self.min_items)] {
            if let Some(n) = n {
                map.serialize_entry(key, &n)?;
            }
        }
        if self.unique_items {
            map.serialize_entry("uniqueItems", &true)?;
        }
        for (key, n) in [("maxProperties", self.max_properties), ("minProperties", self.min_properties)] {
            if let Some(n) = n {
                map.serialize_entry(key, &n)?;
            }
        }
        if !self.required.is_empty() {
            map.serialize_entry("required", &self.required)?;
        }
        if !self.dependent_required.is_empty() {
            map.serialize_entry("dependentRequired", &self.dependent_required)?;
        }
        Ok(())
    }

    /// `title` to `rotateOnly`: what describes a value without constraining it.
    fn serialize_annotations<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        if !self.title.is_empty() {
            map.serialize_entry("title", &self.title)?;
        }
        if !self.description.is_empty() {
            map.serialize_entry("description", &self.description)?;
        }
        if let Some(default) = self.default.as_ref().filter(|d| !d.is_null()) {
            map.serialize_entry("default", default)?;
        }
        if self.deprecated {
            map.serialize_entry("deprecated", &true)?;
        }
        if !self.examples.is_empty() {
            map.serialize_entry("examples", &self.examples)?;
        }
        if self.secret {
            map.serialize_entry("secret", &true)?;
        }
        if !self.rotate_only.is_empty() {
            map.serialize_entry("rotateOnly", &self.rotate_only)?;
        }
        Ok(())
    }
}

/// Sub-schemas as references, since serde's `Arc` support is behind a feature.
fn by_ref(map: &BTreeMap<String, Arc<Schema>>) -> BTreeMap<&str, &Schema> {
    map.iter().map(|(k, v)| (k.as_str(), &**v)).collect()
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
        let object = match json {
            Value::Bool(true) => return Ok(Schema { always: true, ..Schema::default() }),
            Value::Bool(false) => return Ok(Schema { never: true, ..Schema::default() }),
            Value::Object(object) => object,
            other => return Err(format!("a schema must be a boolean or an object, not {}", kind(other))),
        };
        let f = Fields(object);
        let dependent_required = f.dependent_required()?;
        // Later ESC versions made `rotateOnly` a flag on property schemas; `false` there
        // means the same as no list.
        let rotate_only = match f.get("rotateOnly") {
            Some(Value::Bool(false)) => Vec::new(),
            other => strings("rotateOnly", other)?,
        };
        let reference = f.string("$ref")?;

        Ok(Schema {
            defs: f.sub_map("$defs")?,
            reference: (!reference.is_empty()).then_some(reference),
            any_of: f.sub_list("anyOf")?,
            one_of: f.sub_list("oneOf")?,
            prefix_items: f.sub_list("prefixItems")?,
            items: f.sub("items")?,
            additional_properties: f.sub("additionalProperties")?,
            properties: f.sub_map("properties")?,
            type_: f.string("type")?,
            const_: f.get("const").cloned(),
            enum_: f.values("enum")?,
            multiple_of: f.number("multipleOf")?,
            maximum: f.number("maximum")?,
            exclusive_maximum: f.number("exclusiveMaximum")?,
            minimum: f.number("minimum")?,
            exclusive_minimum: f.number("exclusiveMinimum")?,
            max_length: f.count("maxLength")?,
            min_length: f.count("minLength")?,
            pattern: Some(f.string("pattern")?).filter(|p| !p.is_empty()),
            max_items: f.count("maxItems")?,
            min_items: f.count("minItems")?,
            unique_items: f.boolean("uniqueItems")?,
            max_properties: f.count("maxProperties")?,
            min_properties: f.count("minProperties")?,
            required: strings("required", f.get("required"))?,
            dependent_required,
            title: f.string("title")?,
            description: f.string("description")?,
            default: f.get("default").cloned(),
            deprecated: f.boolean("deprecated")?,
            examples: f.values("examples")?,
            secret: f.boolean("secret")?,
            rotate_only,
            ..Schema::default()
        })
    }

    /// ESC's JSON form as a value.
    pub fn to_json(&self) -> Value {
        // Only an unparsable numeric bound can fail; it shows as its text.
        serde_json::to_value(self).unwrap_or_else(|e| Value::String(e.to_string()))
    }
}

/// The fields of a schema object, each read as the JSON type it must have.
struct Fields<'a>(&'a serde_json::Map<String, Value>);

impl Fields<'_> {
    /// A field, with `null` read as absent.
    fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    fn sub(&self, key: &str) -> Result<Option<Arc<Schema>>, String> {
        self.get(key).map(|v| Schema::from_json(v).map(Arc::new).map_err(|e| format!("{key}: {e}"))).transpose()
    }

    fn sub_list(&self, key: &str) -> Result<Vec<Arc<Schema>>, String> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(a)) => a
                .iter()
                .enumerate()
                .map(|(i, v)| Schema::from_json(v).map(Arc::new).map_err(|e| format!("{key}[{i}]: {e}")))
                .collect(),
            Some(_) => Err(wrong(key, "an array of schemas")),
        }
    }

    fn sub_map(&self, key: &str) -> Result<BTreeMap<String, Arc<Schema>>, String> {
        match self.get(key) {
            None => Ok(BTreeMap::new()),
            Some(Value::Object(o)) => o
                .iter()
                .map(|(k, v)| {
                    Schema::from_json(v).map(|s| (k.clone(), Arc::new(s))).map_err(|e| format!("{key}.{k}: {e}"))
                })
                .collect(),
            Some(_) => Err(wrong(key, "an object of schemas")),
        }
    }

    fn string(&self, key: &str) -> Result<String, String> {
        match self.get(key) {
            None => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(wrong(key, "a string")),
        }
    }

    fn boolean(&self, key: &str) -> Result<bool, String> {
        match self.get(key) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(wrong(key, "a boolean")),
        }
    }

    fn number(&self, key: &str) -> Result<Option<Number>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) => Ok(Some(Number(n.to_string()))),
            Some(_) => Err(wrong(key, "a number")),
        }
    }

    fn count(&self, key: &str) -> Result<Option<u64>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) => n.to_string().parse().map(Some).map_err(|_| wrong(key, "a non-negative integer")),
            Some(_) => Err(wrong(key, "a non-negative integer")),
        }
    }

    fn values(&self, key: &str) -> Result<Vec<Value>, String> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(a)) => Ok(a.clone()),
            Some(_) => Err(wrong(key, "an array")),
        }
    }

    fn dependent_required(&self) -> Result<BTreeMap<String, Vec<String>>, String> {
        match self.get("dependentRequired") {
            None => Ok(BTreeMap::new()),
            Some(Value::Object(o)) => o
                .iter()
                .map(|(k, v)| Ok((k.clone(), strings("dependentRequired", Some(v).filter(|v| !v.is_null()))?)))
                .collect(),
            Some(_) => Err(wrong("dependentRequired", "an object of string arrays")),
        }
    }
}

/// A list of strings (`value` is the field, already with `null` read as absent).
fn strings(key: &str, value: Option<&Value>) -> Result<Vec<String>, String> {
    match value {
        None => Ok(Vec::new()),
        Some(Value::Array(a)) => {
            a.iter().map(|v| v.as_str().map(str::to_owned).ok_or_else(|| wrong(key, "an array of strings"))).collect()
        }
        Some(_) => Err(wrong(key, "an array of strings")),
    }
}

fn wrong(key: &str, expected: &str) -> String {
    format!("schema field {key:?}: expected {expected}")
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
