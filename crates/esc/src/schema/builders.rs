//! Builders, mirroring Go's `schema.String()`, `schema.Record(...)`, `schema.Tuple(...)`...
//!
//! They are plain consuming methods on [`Schema`] rather than one builder type per JSON
//! type as in Go: every setter is available on every schema, which costs nothing and lets
//! providers write `Schema::object().properties(..).required(..).build()`.
//! Anything that takes a sub-schema accepts a `Schema` or an `Arc<Schema>`.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::Schema;
use crate::syntax::Number;

/// Something a numeric bound can be made from: integers, floats, a [`Number`] or decimal text
/// (`"3.14"`), as Go's builders take a `json.Number`.
pub trait IntoNumber {
    fn into_number(self) -> Number;
}

impl IntoNumber for Number {
    fn into_number(self) -> Number {
        self
    }
}

impl IntoNumber for &str {
    fn into_number(self) -> Number {
        Number(self.to_owned())
    }
}

impl IntoNumber for String {
    fn into_number(self) -> Number {
        Number(self)
    }
}

impl IntoNumber for f64 {
    /// The shortest decimal that reads back as this `f64` (`0.1` → `"0.1"`), as JSON has it.
    fn into_number(self) -> Number {
        match serde_json::Number::from_f64(self) {
            Some(n) => Number(n.to_string()),
            None => Number(self.to_string()),
        }
    }
}

macro_rules! integer_into_number {
    ($($t:ty),*) => {$(
        impl IntoNumber for $t {
            fn into_number(self) -> Number {
                Number(self.to_string())
            }
        }
    )*};
}
integer_into_number!(i32, i64, u32, u64, usize);

fn typed(type_: &str) -> Schema {
    Schema { type_: type_.to_owned(), ..Schema::default() }
}

fn schemas<S: Into<Arc<Schema>>>(items: impl IntoIterator<Item = S>) -> Vec<Arc<Schema>> {
    items.into_iter().map(Into::into).collect()
}

fn schema_map<K: Into<String>, S: Into<Arc<Schema>>>(
    entries: impl IntoIterator<Item = (K, S)>,
) -> BTreeMap<String, Arc<Schema>> {
    entries.into_iter().map(|(k, s)| (k.into(), s.into())).collect()
}

fn strings<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Vec<String> {
    items.into_iter().map(Into::into).collect()
}

/// Constructors.
impl Schema {
    pub fn null() -> Schema {
        typed("null")
    }

    pub fn boolean() -> Schema {
        typed("boolean")
    }

    pub fn number() -> Schema {
        typed("number")
    }

    pub fn string() -> Schema {
        typed("string")
    }

    pub fn array() -> Schema {
        typed("array")
    }

    pub fn object() -> Schema {
        typed("object")
    }

    /// An object with exactly these properties, all required; other properties are not
    /// constrained (no `additionalProperties`, as Go's `Record`).
    pub fn record<K: Into<String>, S: Into<Arc<Schema>>>(properties: impl IntoIterator<Item = (K, S)>) -> Schema {
        let properties = schema_map(properties);
        let required = properties.keys().cloned().collect();
        Schema { properties, required, ..Schema::object() }
    }

    /// An array of exactly these items (`prefixItems`, `items: false`).
    pub fn tuple<S: Into<Arc<Schema>>>(items: impl IntoIterator<Item = S>) -> Schema {
        Schema::array().prefix_items(items).items(Schema::never())
    }

    /// A schema with only an `anyOf` (no type of its own).
    pub fn any_of<S: Into<Arc<Schema>>>(branches: impl IntoIterator<Item = S>) -> Schema {
        Schema::default().with_any_of(branches)
    }

    /// A schema with only a `oneOf` (no type of its own).
    pub fn one_of<S: Into<Arc<Schema>>>(branches: impl IntoIterator<Item = S>) -> Schema {
        Schema::default().with_one_of(branches)
    }

    /// A schema with only a `$ref` (`"#/$defs/NAME"`).
    pub fn reference(reference: impl Into<String>) -> Schema {
        Schema::default().with_reference(reference)
    }

    /// Finishes a builder chain.
    pub fn build(self) -> Arc<Schema> {
        Arc::new(self)
    }
}

/// Chainable setters. Each replaces what it sets, as Go's do.
impl Schema {
    pub fn defs<K: Into<String>, S: Into<Arc<Schema>>>(mut self, defs: impl IntoIterator<Item = (K, S)>) -> Schema {
        self.defs = schema_map(defs);
        self
    }

    pub fn with_reference(mut self, reference: impl Into<String>) -> Schema {
        self.reference = Some(reference.into());
        self
    }

    pub fn with_any_of<S: Into<Arc<Schema>>>(mut self, branches: impl IntoIterator<Item = S>) -> Schema {
        self.any_of = schemas(branches);
        self
    }

    pub fn with_one_of<S: Into<Arc<Schema>>>(mut self, branches: impl IntoIterator<Item = S>) -> Schema {
        self.one_of = schemas(branches);
        self
    }

    pub fn prefix_items<S: Into<Arc<Schema>>>(mut self, items: impl IntoIterator<Item = S>) -> Schema {
        self.prefix_items = schemas(items);
        self
    }

    pub fn items(mut self, items: impl Into<Arc<Schema>>) -> Schema {
        self.items = Some(items.into());
        self
    }

    pub fn properties<K: Into<String>, S: Into<Arc<Schema>>>(
        mut self,
        properties: impl IntoIterator<Item = (K, S)>,
    ) -> Schema {
        self.properties = schema_map(properties);
        self
    }

    pub fn additional_properties(mut self, schema: impl Into<Arc<Schema>>) -> Schema {
        self.additional_properties = Some(schema.into());
        self
    }

    pub fn required<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Schema {
        self.required = strings(names);
        self
    }

    pub fn dependent_required<K, N, S>(mut self, dependencies: impl IntoIterator<Item = (K, N)>) -> Schema
    where
        K: Into<String>,
        N: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.dependent_required = dependencies.into_iter().map(|(k, names)| (k.into(), strings(names))).collect();
        self
    }

    pub fn const_value(mut self, value: impl Into<serde_json::Value>) -> Schema {
        self.const_ = Some(value.into());
        self
    }

    pub fn enum_values<V: Into<serde_json::Value>>(mut self, values: impl IntoIterator<Item = V>) -> Schema {
        self.enum_ = values.into_iter().map(Into::into).collect();
        self
    }

    pub fn multiple_of(mut self, n: impl IntoNumber) -> Schema {
        self.multiple_of = Some(n.into_number());
        self
    }

    pub fn minimum(mut self, n: impl IntoNumber) -> Schema {
        self.minimum = Some(n.into_number());
        self
    }

    pub fn exclusive_minimum(mut self, n: impl IntoNumber) -> Schema {
        self.exclusive_minimum = Some(n.into_number());
        self
    }

    pub fn maximum(mut self, n: impl IntoNumber) -> Schema {
        self.maximum = Some(n.into_number());
        self
    }

    pub fn exclusive_maximum(mut self, n: impl IntoNumber) -> Schema {
        self.exclusive_maximum = Some(n.into_number());
        self
    }

    pub fn min_length(mut self, n: u64) -> Schema {
        self.min_length = Some(n);
        self
    }

    pub fn max_length(mut self, n: u64) -> Schema {
        self.max_length = Some(n);
        self
    }

    /// A regular expression in Go (RE2) syntax; it may match anywhere in the string.
    pub fn pattern(mut self, pattern: impl Into<String>) -> Schema {
        self.pattern = Some(pattern.into());
        self
    }

    pub fn min_items(mut self, n: u64) -> Schema {
        self.min_items = Some(n);
        self
    }

    pub fn max_items(mut self, n: u64) -> Schema {
        self.max_items = Some(n);
        self
    }

    /// Recorded in the JSON form only: ESC does not enforce `uniqueItems`.
    pub fn unique_items(mut self, unique: bool) -> Schema {
        self.unique_items = unique;
        self
    }

    pub fn min_properties(mut self, n: u64) -> Schema {
        self.min_properties = Some(n);
        self
    }

    pub fn max_properties(mut self, n: u64) -> Schema {
        self.max_properties = Some(n);
        self
    }

    pub fn title(mut self, title: impl Into<String>) -> Schema {
        self.title = title.into();
        self
    }

    pub fn description(mut self, description: impl Into<String>) -> Schema {
        self.description = description.into();
        self
    }

    pub fn default_value(mut self, value: impl Into<serde_json::Value>) -> Schema {
        self.default = Some(value.into());
        self
    }

    pub fn deprecated(mut self, deprecated: bool) -> Schema {
        self.deprecated = deprecated;
        self
    }

    pub fn examples<V: Into<serde_json::Value>>(mut self, values: impl IntoIterator<Item = V>) -> Schema {
        self.examples = values.into_iter().map(Into::into).collect();
        self
    }

    pub fn secret(mut self) -> Schema {
        self.secret = true;
        self
    }

    /// On an object schema: these properties are evaluated only while rotating.
    pub fn rotate_only<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Schema {
        self.rotate_only = strings(names);
        self
    }
}
