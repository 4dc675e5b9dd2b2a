//! ESC's validator (Go's `eval/eval_validate.go`), independent of the evaluator's types.
//!
//! Known values are checked clause by clause. Unknown values (a provider not opened during
//! a check, a secret not decrypted...) are checked by comparing their inferred schema with
//! the accepted one (`validateSchemaType`): that comparison only looks at types and
//! structure, never at constants or bounds, and treats `oneOf` like `anyOf`.
//!
//! What is faithfully odd, and must stay so for ESC's diagnostics to match:
//! - failing a `false` schema (e.g. a tuple's extra item) fails silently;
//! - elements of arrays and objects are blamed at their *own* location
//!   ([`Instance::location`]), not at a path under the container's; only the schema
//!   comparison of unknown values walks [`Location::index`]/[`Location::property`];
//! - lengths are UTF-8 byte counts (Go's `len`), and numbers follow Go's `big.Float`;
//! - `anyOf`/`oneOf` failures report every branch's diagnostics, then their own summary;
//!
//! One deliberate difference: ESC's message `expected a number less than or equal to1`
//! lacks its space; escrot's has it (the conformance harness knows this difference).
//!
//! This is the validator of ESC v0.25.0: it does not check `secret` or `rotateOnly`.

use std::sync::Arc;

use super::Schema;
use super::number::BigFloat;
use crate::diag::Diagnostic;
use crate::gofmt::{go_json, go_quote};
use crate::syntax::Number;

/// What a value being validated looks like from the inside.
pub enum InstanceRepr<'a, I: ?Sized> {
    Null,
    Bool(bool),
    Number(&'a Number),
    String(&'a str),
    Array(Vec<&'a I>),
    /// All properties, inherited ones included (Go's `keys()` and `property()` see through
    /// a value's base), in the order their diagnostics should come: sorted by key, as Go.
    Object(Vec<(&'a str, &'a I)>),
}

/// A value being validated (the evaluator's value).
pub trait Instance {
    type Loc: Location;
    /// Unknown values are validated through [`Instance::schema`] only.
    fn is_unknown(&self) -> bool;
    /// The value's inferred schema.
    fn schema(&self) -> Arc<Schema>;
    /// The value itself. For unknown values, ESC sees `Null` here (only `const`
    /// comparisons inside a known container can reach one).
    fn repr(&self) -> InstanceRepr<'_, Self>;
    /// Where to blame this value when it is an element of a validated array or object
    /// (Go's `validationLoc{x: v.def}`: the expression that defined it, no path prefix).
    fn location(&self) -> Self::Loc;
}

/// Where validation failures are reported (Go's `validationLoc`).
///
/// The contract, as in ESC: a location is an expression to blame plus a relative path and
/// a `prefix` flag. `index`/`property` step into an array/object *literal* when the
/// expression is one and has that element, giving the element's expression with a fresh
/// path and no prefix; otherwise they stay on the same expression, extend the path
/// (`[0]`, `.key` or `["key"]` as property paths are written) and set the prefix flag.
/// `error` builds the diagnostic at the expression, prefixing the message with
/// `"<path>: "` when the flag is set (`bar: missing required property`).
pub trait Location: Clone {
    fn index(&self, index: usize) -> Self;
    fn property(&self, key: &str) -> Self;
    fn error(&self, message: String) -> Diagnostic;
}

/// Validates `value` against `accept`, blaming `loc` for failures of the value itself
/// (Go's `validateElement`). Returns whether it is valid and the diagnostics, in the order
/// ESC emits them. Invalid schemas are reported as `internal error: invalid schema: ...`.
pub fn validate<I: Instance>(value: &I, accept: &Schema, loc: &I::Loc) -> (bool, Vec<Diagnostic>) {
    let mut validator = Validator { diags: Vec::new() };
    let ok = validator.element(value, Some(accept), loc);
    (ok, validator.diags)
}

/// [`validate`] blaming the value's own location (Go's `validateValue`).
pub fn validate_value<I: Instance>(value: &I, accept: &Schema) -> (bool, Vec<Diagnostic>) {
    validate(value, accept, &value.location())
}

struct Validator {
    diags: Vec<Diagnostic>,
}

impl Validator {
    fn error<L: Location>(&mut self, loc: &L, message: String) -> bool {
        self.diags.push(loc.error(message));
        false
    }

    fn type_error<L: Location>(&mut self, loc: &L, expected: &str, got: &str) -> bool {
        self.error(loc, format!("expected {expected}, got {got}"))
    }

    fn check_type<L: Location>(&mut self, actual: &str, accept: &Schema, loc: &L) -> bool {
        if !accept.type_.is_empty() && actual != accept.type_ {
            return self.type_error(loc, &accept.type_, actual);
        }
        true
    }

    /// Runs `check` on each branch with a fresh validator; passes if any branch does,
    /// otherwise reports every branch's diagnostics and then `summary`.
    fn any_branch<'s, L: Location>(
        &mut self,
        branches: impl IntoIterator<Item = &'s Arc<Schema>>,
        loc: &L,
        summary: &str,
        mut check: impl FnMut(&mut Validator, &'s Arc<Schema>) -> bool,
    ) -> bool {
        let mut branches = branches.into_iter().peekable();
        if branches.peek().is_none() {
            return true;
        }
        let mut matched = false;
        let mut all = Vec::new();
        for branch in branches {
            let mut sub = Validator { diags: Vec::new() };
            matched |= check(&mut sub, branch);
            all.append(&mut sub.diags);
        }
        if matched {
            return true;
        }
        self.diags.append(&mut all);
        self.error(loc, summary.to_owned())
    }

    // ---- unknown values: schema against schema ----

    /// Whether `accept` admits every value of schema `x` (Go's `validateSchemaType`).
    fn schema_type<L: Location>(&mut self, x: Option<&Schema>, accept: Option<&Schema>, loc: &L) -> bool {
        // Go's `isAny`: no schema, or `true`, accepts anything.
        let Some(accept) = accept.filter(|a| !a.always) else { return true };
        if accept.never {
            return false;
        }
        let Some(x) = x.filter(|x| !x.always) else { return true };
        if x.never {
            return false;
        }

        let ref_ok = accept.compiled_reference().is_none_or(|r| self.schema_type(Some(x), Some(r), loc));
        let x_ref_ok = x.compiled_reference().is_none_or(|r| self.schema_type(Some(r), Some(accept), loc));
        const AT_LEAST_ONE: &str = "at least one subschema must match";
        let x_any_of_ok =
            self.any_branch(&x.any_of, loc, AT_LEAST_ONE, |v, x| v.schema_type(Some(x), Some(accept), loc));
        let x_one_of_ok =
            self.any_branch(&x.one_of, loc, AT_LEAST_ONE, |v, x| v.schema_type(Some(x), Some(accept), loc));
        let type_ok = x.type_.is_empty() || self.check_type(&x.type_, accept, loc);
        let any_of_ok = self.any_branch(&accept.any_of, loc, AT_LEAST_ONE, |v, a| v.schema_type(Some(x), Some(a), loc));
        // ESC treats `oneOf` like `anyOf` here: an unknown value will be one thing.
        let one_of_ok = self.any_branch(&accept.one_of, loc, AT_LEAST_ONE, |v, a| v.schema_type(Some(x), Some(a), loc));
        let complex_ok = match x.type_.as_str() {
            "array" => self.schema_array(x, accept, loc),
            "object" => self.schema_object(x, accept, loc),
            _ => true,
        };
        ref_ok && x_ref_ok && x_any_of_ok && x_one_of_ok && type_ok && any_of_ok && one_of_ok && complex_ok
    }

    /// Common prefix items pairwise; extra items of either side against the other's
    /// `items`; then `items` against `items` unless `x` has no more items.
    fn schema_array<L: Location>(&mut self, x: &Schema, accept: &Schema, loc: &L) -> bool {
        let mut ok = true;
        let common = x.prefix_items.len().min(accept.prefix_items.len());
        for i in 0..common {
            ok &= self.schema_type(Some(&x.prefix_items[i]), Some(&accept.prefix_items[i]), &loc.index(i));
        }
        for (i, xp) in x.prefix_items.iter().enumerate().skip(common) {
            ok &= self.schema_type(Some(xp), accept.items.as_deref(), &loc.index(i));
        }
        for (i, ap) in accept.prefix_items.iter().enumerate().skip(common) {
            ok &= self.schema_type(x.items.as_deref(), Some(ap), &loc.index(i));
        }
        if let Some(items) = x.items.as_deref().filter(|i| !i.never) {
            ok &= self.schema_type(Some(items), accept.items.as_deref(), loc);
        }
        ok
    }

    /// Each property of `x` against the accepted property (or additional properties); then,
    /// if `x` is closed, required and dependent-required properties must be required by
    /// `x`; if it is open, additional properties against additional properties.
    fn schema_object<L: Location>(&mut self, x: &Schema, accept: &Schema, loc: &L) -> bool {
        let mut ok = true;
        for (name, px) in &x.properties {
            let pa = accept.properties.get(name).or(accept.additional_properties.as_ref());
            ok &= self.schema_type(Some(px), pa.map(|p| &**p), &loc.property(name));
        }
        match x.additional_properties.as_deref() {
            None => {
                let required_by_x = |name: &String| x.required.contains(name);
                let check_required = |v: &mut Validator, names: &[String]| {
                    let mut ok = true;
                    for name in names.iter().filter(|n| !required_by_x(n)) {
                        ok = v.error(&loc.property(name), "missing required property".into());
                    }
                    ok
                };
                ok &= check_required(self, &accept.required);
                for (name, dependencies) in &accept.dependent_required {
                    if required_by_x(name) {
                        ok &= check_required(self, dependencies);
                    }
                }
            }
            Some(additional) if !additional.never => {
                ok &= self.schema_type(Some(additional), accept.additional_properties.as_deref(), loc);
            }
            Some(_) => {}
        }
        ok
    }

    // ---- known values ----

    fn value<I: Instance>(&mut self, v: &I, accept: Option<&Schema>) -> bool {
        self.element(v, accept, &v.location())
    }

    fn element<I: Instance>(&mut self, v: &I, accept: Option<&Schema>, loc: &I::Loc) -> bool {
        let Some(accept) = accept else { return true };
        if let Err(e) = accept.compile() {
            return self.error(loc, format!("internal error: invalid schema: {e}"));
        }
        if accept.always {
            return true;
        }
        if accept.never {
            return false;
        }
        if v.is_unknown() {
            return self.schema_type(Some(&v.schema()), Some(accept), loc);
        }

        let ref_ok = accept.compiled_reference().is_none_or(|r| self.element(v, Some(r), loc));
        let any_of_ok = self.any_branch(&accept.any_of, loc, "at least one subschema must match", |sub, a| {
            sub.element(v, Some(a), loc)
        });
        let one_of_ok = self.one_of(v, accept, loc);
        let const_ok = self.check_const(v, accept, loc);
        let enum_ok = self.check_enum(v, accept, loc);
        let type_ok = self.check_value_type(v, accept, loc);
        ref_ok && any_of_ok && one_of_ok && const_ok && enum_ok && type_ok
    }

    fn one_of<I: Instance>(&mut self, v: &I, accept: &Schema, loc: &I::Loc) -> bool {
        if accept.one_of.is_empty() {
            return true;
        }
        let mut matched = false;
        let mut all = Vec::new();
        for branch in &accept.one_of {
            let mut sub = Validator { diags: Vec::new() };
            if sub.element(v, Some(branch), loc) {
                if matched {
                    return self.error(loc, "exactly one subschema may match".into());
                }
                matched = true;
            }
            all.append(&mut sub.diags);
        }
        if matched {
            return true;
        }
        self.diags.append(&mut all);
        self.error(loc, "exactly one subschema must match".into())
    }

    fn check_const<I: Instance>(&mut self, v: &I, accept: &Schema, loc: &I::Loc) -> bool {
        match &accept.const_ {
            Some(c) if !equals_const(v, c) => self.error(loc, format!("expected {}", go_json(c))),
            _ => true,
        }
    }

    fn check_enum<I: Instance>(&mut self, v: &I, accept: &Schema, loc: &I::Loc) -> bool {
        if accept.enum_.is_empty() || accept.enum_.iter().any(|c| equals_const(v, c)) {
            return true;
        }
        match accept.enum_.as_slice() {
            [only] => self.error(loc, format!("expected {}", go_json(only))),
            all => self.error(loc, format!("expected one of {}", go_json(&serde_json::Value::Array(all.to_vec())))),
        }
    }

    fn check_value_type<I: Instance>(&mut self, v: &I, accept: &Schema, loc: &I::Loc) -> bool {
        match v.repr() {
            InstanceRepr::Null => self.check_type("null", accept, loc),
            InstanceRepr::Bool(_) => self.check_type("boolean", accept, loc),
            InstanceRepr::Number(n) => self.check_type("number", accept, loc) && self.number(n, accept, loc),
            InstanceRepr::String(s) => self.check_type("string", accept, loc) && self.string(s, accept, loc),
            InstanceRepr::Array(items) => self.check_type("array", accept, loc) && self.array(&items, accept, loc),
            InstanceRepr::Object(entries) => {
                self.check_type("object", accept, loc) && self.object(&entries, accept, loc)
            }
        }
    }

    fn number<L: Location>(&mut self, n: &Number, accept: &Schema, loc: &L) -> bool {
        let value = match BigFloat::parse(n.as_str()) {
            Ok(value) => value,
            Err(e) => return self.error(loc, format!("internal error: invalid number {} ({e})", go_quote(n.as_str()))),
        };
        let Some(clauses) = accept.compiled_clauses() else { return true };
        let text = |n: &Option<Number>| n.as_ref().map(|n| n.as_str().to_owned()).unwrap_or_default();

        let mut ok = true;
        if let Some(m) = &clauses.multiple_of
            && !value.quotient_is_int(m)
        {
            ok = self.error(loc, format!("expected a multiple of {}", text(&accept.multiple_of)));
        }
        if let Some(m) = &clauses.minimum
            && value.cmp(m).is_lt()
        {
            ok = self.error(loc, format!("expected a number greater than or equal to {}", text(&accept.minimum)));
        }
        if let Some(m) = &clauses.exclusive_minimum
            && value.cmp(m).is_le()
        {
            ok = self.error(loc, format!("expected a number greater than {}", text(&accept.exclusive_minimum)));
        }
        if let Some(m) = &clauses.maximum
            && value.cmp(m).is_gt()
        {
            // Sic: ESC's message has no space before the bound.
            ok = self.error(loc, format!("expected a number less than or equal to {}", text(&accept.maximum)));
        }
        if let Some(m) = &clauses.exclusive_maximum
            && value.cmp(m).is_ge()
        {
            ok = self.error(loc, format!("expected a number less than {}", text(&accept.exclusive_maximum)));
        }
        ok
    }

    fn string<L: Location>(&mut self, s: &str, accept: &Schema, loc: &L) -> bool {
        let mut ok = true;
        // Go's `len`: bytes, not characters.
        let len = s.len() as u64;
        if let Some(m) = accept.min_length
            && len < m
        {
            ok = self.error(loc, format!("expected a string of at least length {m}"));
        }
        if let Some(m) = accept.max_length
            && len > m
        {
            ok = self.error(loc, format!("expected a string of at most length {m}"));
        }
        if let Some(pattern) = accept.compiled_clauses().and_then(|c| c.pattern.as_ref())
            && !pattern.is_match(s)
        {
            let source = accept.pattern.as_deref().unwrap_or_default();
            ok = self.error(loc, format!("string must match the pattern {}", go_quote(source)));
        }
        ok
    }

    fn array<I: Instance>(&mut self, items: &[&I], accept: &Schema, loc: &I::Loc) -> bool {
        let mut ok = true;
        let len = items.len() as u64;
        if let Some(m) = accept.min_items
            && len < m
        {
            ok = self.error(loc, format!("expected an array with at least {m} items"));
        }
        if let Some(m) = accept.max_items
            && len > m
        {
            ok = self.error(loc, format!("expected an array with at most {m} items"));
        }
        for (i, item) in items.iter().enumerate() {
            let schema = accept.prefix_items.get(i).or(accept.items.as_ref());
            ok &= self.value(*item, schema.map(|s| &**s));
        }
        ok
    }

    fn object<I: Instance>(&mut self, entries: &[(&str, &I)], accept: &Schema, loc: &I::Loc) -> bool {
        let mut ok = true;
        let len = entries.len() as u64;
        if let Some(m) = accept.min_properties
            && len < m
        {
            ok = self.error(loc, format!("expected an object with at least {m} properties"));
        }
        if let Some(m) = accept.max_properties
            && len > m
        {
            ok = self.error(loc, format!("expected an object with at most {m} properties"));
        }
        for (key, value) in entries {
            let schema = accept.properties.get(*key).or(accept.additional_properties.as_ref());
            ok &= self.value(*value, schema.map(|s| &**s));
        }

        let has = |key: &str| entries.iter().any(|(k, _)| *k == key);
        let mut missing: Vec<&str> = accept.required.iter().map(String::as_str).filter(|k| !has(k)).collect();
        for (key, dependencies) in &accept.dependent_required {
            if has(key) {
                missing.extend(dependencies.iter().map(String::as_str).filter(|k| !has(k)));
            }
        }
        if !missing.is_empty() {
            ok = self.error(loc, format!("missing required properties: {}", missing.join(", ")));
        }
        ok
    }
}

/// Whether the value equals a constant, as Go's `equalsConst`: numbers by their decimal
/// text (`1.0` is not `1`), objects by exact key sets.
fn equals_const<I: Instance>(v: &I, c: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (c, v.repr()) {
        (Value::Null, InstanceRepr::Null) => true,
        (Value::Bool(c), InstanceRepr::Bool(b)) => *c == b,
        (Value::Number(c), InstanceRepr::Number(n)) => c.to_string() == n.as_str(),
        (Value::String(c), InstanceRepr::String(s)) => c == s,
        (Value::Array(c), InstanceRepr::Array(items)) => {
            c.len() == items.len() && c.iter().zip(items).all(|(c, item)| equals_const(item, c))
        }
        (Value::Object(c), InstanceRepr::Object(entries)) => {
            c.len() == entries.len()
                && c.iter()
                    .all(|(k, c)| entries.iter().find(|(key, _)| *key == k).is_some_and(|(_, v)| equals_const(*v, c)))
        }
        _ => false,
    }
}
