//! JSON schemas as ESC uses them: the types of provider and rotator inputs, outputs and
//! state, and the inferred types of evaluated values.
//!
//! (Skeleton: builders, compilation, `property`/`item` and validation are filled in by
//! the schema work.)

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::esc::syntax::Number;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schema {
    pub never: bool,
    pub always: bool,
    pub defs: BTreeMap<String, Arc<Schema>>,
    pub reference: Option<String>,
    pub any_of: Vec<Arc<Schema>>,
    pub one_of: Vec<Arc<Schema>>,
    pub prefix_items: Vec<Arc<Schema>>,
    pub items: Option<Arc<Schema>>,
    pub additional_properties: Option<Arc<Schema>>,
    pub properties: BTreeMap<String, Arc<Schema>>,
    /// `""` for no type constraint, else `null`, `boolean`, `number`, `string`, `array`, `object`.
    pub type_: String,
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
    /// ESC extension: properties evaluated only while rotating.
    pub rotate_only: Vec<String>,
}

impl Schema {
    pub fn always() -> Arc<Schema> {
        Arc::new(Schema { always: true, ..Schema::default() })
    }
    pub fn never() -> Arc<Schema> {
        Arc::new(Schema { never: true, ..Schema::default() })
    }
}
