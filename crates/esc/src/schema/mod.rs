//! JSON schemas as ESC uses them: the types of provider and rotator inputs, outputs and
//! state, and the inferred types of evaluated values.
//!
//! A port of ESC's Go `schema` package and of its validator (`eval/eval_validate.go`):
//!
//! - [`Schema`]: the schema itself, with ESC's JSON form (`serde`, in `json.rs`);
//! - builders (`Schema::string().min_length(1).build()`, in `builders.rs`);
//! - [`Schema::compile`]: `$ref` resolution, number and regex parsing (`compile.rs`);
//! - [`Schema::property`], [`Schema::item`], [`union`], [`merged`]: schema algebra the
//!   evaluator uses to type accesses and merged values;
//! - [`validate`]: ESC's validator, generic over the evaluator's values ([`Instance`]) and
//!   over how it blames source locations ([`Location`]).

mod builders;
mod compile;
mod json;
mod number;
mod validate;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::syntax::Number;

pub use crate::gofmt::go_json;
pub use builders::IntoNumber;
pub use compile::{CompileCache, SchemaError};
pub use validate::{Instance, InstanceRepr, Location, validate, validate_value};

/// One JSON schema, ESC flavour (draft 2020-12 subset plus `secret` and `rotateOnly`).
///
/// Absent sub-schemas (`items: None`, `additional_properties: None`) mean "anything" to the
/// validator but "nothing" to [`Schema::property`]/[`Schema::item`], exactly as Go's nil
/// `*Schema` does in each place.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schema {
    /// The `false` schema: nothing validates.
    pub never: bool,
    /// The `true` schema: everything validates.
    pub always: bool,
    pub defs: BTreeMap<String, Arc<Schema>>,
    /// `$ref`; only `#/$defs/NAME` (resolved against the schema being compiled) is supported.
    pub reference: Option<String>,
    pub any_of: Vec<Arc<Schema>>,
    pub one_of: Vec<Arc<Schema>>,
    pub prefix_items: Vec<Arc<Schema>>,
    pub items: Option<Arc<Schema>>,
    pub additional_properties: Option<Arc<Schema>>,
    pub properties: BTreeMap<String, Arc<Schema>>,
    /// `""` for no type constraint, else `null`, `boolean`, `number`, `string`, `array`, `object`.
    pub type_: String,
    /// `const`. ESC cannot express a `null` constant (Go's nil means "no constant"): JSON
    /// `"const": null` reads as `None`. `Some(Null)` made in code is honoured as a constant.
    pub const_: Option<serde_json::Value>,
    pub enum_: Vec<serde_json::Value>,
    pub multiple_of: Option<Number>,
    pub maximum: Option<Number>,
    pub exclusive_maximum: Option<Number>,
    pub minimum: Option<Number>,
    pub exclusive_minimum: Option<Number>,
    pub max_length: Option<u64>,
    pub min_length: Option<u64>,
    pub pattern: Option<String>,
    pub max_items: Option<u64>,
    pub min_items: Option<u64>,
    pub unique_items: bool,
    pub max_properties: Option<u64>,
    pub min_properties: Option<u64>,
    pub required: Vec<String>,
    pub dependent_required: BTreeMap<String, Vec<String>>,
    pub title: String,
    pub description: String,
    pub default: Option<serde_json::Value>,
    pub deprecated: bool,
    pub examples: Vec<serde_json::Value>,
    /// ESC extension: values of this schema are secret.
    pub secret: bool,
    /// ESC extension: on an object schema, the properties evaluated only while rotating
    /// (`rotateOnly: ["next"]`).
    pub rotate_only: Vec<String>,
    /// What [`Schema::compile`] worked out (resolved `$ref`, parsed bounds and pattern).
    /// Public only so that `Schema { .., ..Default::default() }` works outside this module;
    /// it is invisible to equality and reset by `clone`, so editing a cloned schema never
    /// sees stale results.
    #[doc(hidden)]
    pub compiled: CompileCache,
}

impl Schema {
    pub fn always() -> Arc<Schema> {
        Arc::new(Schema { always: true, ..Schema::default() })
    }

    pub fn never() -> Arc<Schema> {
        Arc::new(Schema { never: true, ..Schema::default() })
    }

    /// The schema of element `index` of values of this schema (Go's `Schema.Item`): the
    /// union of what every `anyOf`/`oneOf` branch and this schema's own array clauses
    /// allow. Non-array schemas (including the `true` schema) contribute nothing, so the
    /// result may be [`Schema::never`].
    pub fn item(&self, index: usize) -> Arc<Schema> {
        let branches = self.any_of.iter().chain(&self.one_of).map(|s| Some(s.item(index)));
        union(branches.chain(std::iter::once(self.array_item(index))))
    }

    /// The schema of property `name` of values of this schema (Go's `Schema.Property`),
    /// built like [`Schema::item`]. `$ref` is not followed, as in Go.
    pub fn property(&self, name: &str) -> Arc<Schema> {
        let branches = self.any_of.iter().chain(&self.one_of).map(|s| Some(s.property(name)));
        union(branches.chain(std::iter::once(self.object_property(name))))
    }

    fn array_item(&self, index: usize) -> Option<Arc<Schema>> {
        if self.type_ != "array" {
            return Some(Schema::never());
        }
        self.prefix_items.get(index).or(self.items.as_ref()).cloned()
    }

    fn object_property(&self, name: &str) -> Option<Arc<Schema>> {
        if self.type_ != "object" {
            return Some(Schema::never());
        }
        self.properties.get(name).or(self.additional_properties.as_ref()).cloned()
    }
}

/// The schema of a value that may have any of `schemas` (Go's `union`): absent and `false`
/// schemas are dropped; none left is [`Schema::never`], one is itself, more make a `oneOf`.
pub fn union(schemas: impl IntoIterator<Item = Option<Arc<Schema>>>) -> Arc<Schema> {
    let mut kept: Vec<Arc<Schema>> = schemas.into_iter().flatten().filter(|s| !s.never).collect();
    match kept.len() {
        0 => Schema::never(),
        1 => kept.remove(0),
        _ => Arc::new(Schema { one_of: kept, ..Schema::default() }),
    }
}

/// The schema of `top` merged over `base` as ESC merges environment values (JSON merge
/// patch: objects merge property by property, anything else replaces). A port of the
/// evaluator's `mergedSchema`: the result is a record of the properties of both (merged
/// recursively where both have them), all required; its additional properties are
/// whichever side has them, or anything when both do.
pub fn merged(base: Option<&Arc<Schema>>, top: &Arc<Schema>) -> Arc<Schema> {
    let Some(base) = base else { return top.clone() };
    if top.type_ != "object" || base.type_ != "object" {
        return top.clone();
    }
    let mut properties = base.properties.clone();
    for (name, top_property) in &top.properties {
        let merged_property = merged(properties.get(name), top_property);
        properties.insert(name.clone(), merged_property);
    }
    let additional = match (&base.additional_properties, &top.additional_properties) {
        (None, top) => top.clone(),
        (Some(base), None) => Some(base.clone()),
        (Some(_), Some(_)) => Some(Schema::always()),
    };
    let record = Schema::record(properties);
    match additional {
        Some(additional) => record.additional_properties(additional).build(),
        None => record.build(),
    }
}
