//! The schemas the evaluator infers for values (a literal's type and constant, a record of
//! an object's properties...), and lookups into schemas.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::esc::schema::Schema;
use crate::esc::syntax::Number;

fn typed(type_: &str) -> Schema {
    Schema { type_: type_.to_owned(), ..Schema::default() }
}

pub fn string() -> Arc<Schema> {
    Arc::new(typed("string"))
}

pub fn null() -> Arc<Schema> {
    Arc::new(typed("null"))
}

pub fn const_string(s: &str) -> Arc<Schema> {
    Arc::new(Schema { const_: Some(serde_json::Value::String(s.to_owned())), ..typed("string") })
}

pub fn const_bool(b: bool) -> Arc<Schema> {
    Arc::new(Schema { const_: Some(serde_json::Value::Bool(b)), ..typed("boolean") })
}

pub fn const_number(n: &Number) -> Arc<Schema> {
    Arc::new(Schema { const_: Some(crate::esc::value::number_to_json(n)), ..typed("number") })
}

/// An array of any length whose items match `items`.
pub fn array_of(items: Arc<Schema>) -> Arc<Schema> {
    Arc::new(Schema { items: Some(items), ..typed("array") })
}

/// An array of exactly these items.
pub fn tuple(items: Vec<Arc<Schema>>) -> Arc<Schema> {
    Arc::new(Schema { prefix_items: items, items: Some(Schema::never()), ..typed("array") })
}

/// An object with exactly these (required) properties.
pub fn record(properties: BTreeMap<String, Arc<Schema>>) -> Arc<Schema> {
    let required = properties.keys().cloned().collect();
    Arc::new(Schema { properties, required, ..typed("object") })
}

/// An object whose properties all match `additional`.
pub fn map_of(additional: Arc<Schema>) -> Arc<Schema> {
    Arc::new(Schema { additional_properties: Some(additional), ..typed("object") })
}

pub fn one_of(schemas: Vec<Arc<Schema>>) -> Arc<Schema> {
    Arc::new(Schema { one_of: schemas, ..Schema::default() })
}

/// The union of schemas, dropping `never`s (ESC's `union`).
fn union(mut schemas: Vec<Arc<Schema>>) -> Arc<Schema> {
    schemas.retain(|s| !s.never);
    match schemas.len() {
        0 => Schema::never(),
        1 => schemas.pop().unwrap_or_else(Schema::never),
        _ => one_of(schemas),
    }
}

/// The schema of property `name` of values of schema `s`.
pub fn property(s: &Schema, name: &str) -> Arc<Schema> {
    if s.always {
        return Schema::always();
    }
    let mut all: Vec<Arc<Schema>> = s.any_of.iter().chain(&s.one_of).map(|x| property(x, name)).collect();
    if s.type_ == "object" {
        let p = s.properties.get(name).cloned().or_else(|| s.additional_properties.clone());
        all.push(p.unwrap_or_else(Schema::never));
    } else {
        all.push(Schema::never());
    }
    union(all)
}

/// The schema of item `index` of values of schema `s`.
pub fn item(s: &Schema, index: usize) -> Arc<Schema> {
    if s.always {
        return Schema::always();
    }
    let mut all: Vec<Arc<Schema>> = s.any_of.iter().chain(&s.one_of).map(|x| item(x, index)).collect();
    if s.type_ == "array" {
        let i = s.prefix_items.get(index).cloned().or_else(|| s.items.clone());
        all.push(i.unwrap_or_else(Schema::never));
    } else {
        all.push(Schema::never());
    }
    union(all)
}

/// Whether property `name` of schema `s` is evaluated only while rotating.
pub fn is_rotate_only(s: &Schema, name: &str) -> bool {
    s.rotate_only.iter().any(|p| p == name) || s.any_of.iter().chain(&s.one_of).any(|x| is_rotate_only(x, name))
}

/// The schema of a value that overrides `base` per JSON merge patch (ESC's `mergedSchema`).
pub fn merged(base: &Arc<Schema>, top: &Arc<Schema>) -> Arc<Schema> {
    if top.type_ != "object" || base.type_ != "object" {
        return top.clone();
    }
    let mut properties = base.properties.clone();
    for (k, t) in &top.properties {
        let m = match properties.get(k) {
            Some(b) => merged(b, t),
            None => t.clone(),
        };
        properties.insert(k.clone(), m);
    }
    let additional = match (&top.additional_properties, &base.additional_properties) {
        (a, None) => a.clone(),
        (None, b) => b.clone(),
        (Some(_), Some(_)) => Some(Schema::always()),
    };
    let r = record(properties);
    Arc::new(Schema { additional_properties: additional, ..(*r).clone() })
}
