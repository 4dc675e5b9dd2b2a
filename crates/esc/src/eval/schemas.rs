//! The schemas the evaluator infers for values: a literal's type and constant, the tuple
//! of an array's items, the record of an object's properties.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::schema::Schema;
use crate::syntax::Number;

pub fn string() -> Arc<Schema> {
    Schema::string().build()
}

pub fn null() -> Arc<Schema> {
    Schema::null().build()
}

pub fn const_string(s: &str) -> Arc<Schema> {
    Schema::string().const_value(s).build()
}

pub fn const_bool(b: bool) -> Arc<Schema> {
    Schema::boolean().const_value(b).build()
}

pub fn const_number(n: &Number) -> Arc<Schema> {
    Schema::number().const_value(crate::value::number_to_json(n)).build()
}

/// An array of any length whose items match `items`.
pub fn array_of(items: Arc<Schema>) -> Arc<Schema> {
    Schema::array().items(items).build()
}

/// An array of exactly these items.
pub fn tuple(items: Vec<Arc<Schema>>) -> Arc<Schema> {
    Schema::tuple(items).build()
}

/// An object with exactly these (required) properties.
pub fn record(properties: BTreeMap<String, Arc<Schema>>) -> Arc<Schema> {
    Schema::record(properties).build()
}

/// An object whose properties all match `additional`.
pub fn map_of(additional: Arc<Schema>) -> Arc<Schema> {
    Schema::object().additional_properties(additional).build()
}

pub fn one_of(schemas: Vec<Arc<Schema>>) -> Arc<Schema> {
    Schema::one_of(schemas).build()
}

/// Whether property `name` of schema `s` is evaluated only while rotating.
pub fn is_rotate_only(s: &Schema, name: &str) -> bool {
    s.rotate_only.iter().any(|p| p == name) || s.any_of.iter().chain(&s.one_of).any(|x| is_rotate_only(x, name))
}
