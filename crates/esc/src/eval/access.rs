//! Property access: `${a.b[0]}` resolved against declarations (before they are evaluated,
//! so that references into objects do not evaluate the whole object), values, imports, the
//! execution context, inline environment references, and unknown values (by schema).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::EvalContext;
use super::expr::{Decl, DeclKind, DeclRef};
use super::schemas;
use super::value::{self, Repr, TAINT_ROTATE_ONLY, Val, ValRef};
use crate::ast::{self, Accessor, PropertyAccessor};
use crate::schema::Schema;

impl EvalContext<'_, '_> {
    /// Evaluates an access and returns a copy of the result located at `x` (so that merging
    /// it does not change the referenced value, and errors point at the reference).
    pub(super) fn evaluate_property_access(
        &mut self,
        x: &DeclRef,
        accessors: &[PropertyAccessor],
        accept: &Arc<Schema>,
    ) -> ValRef {
        let mut taint = 0;
        let resolved = self.evaluate_expr_access(x, accessors, accept, &mut taint);
        let v = self.copier().copy(&resolved);
        {
            let mut vb = v.borrow_mut();
            vb.def = x.clone();
            vb.taint |= taint;
        }
        v
    }

    fn evaluate_expr_access(
        &mut self,
        x: &DeclRef,
        accessors: &[PropertyAccessor],
        _accept: &Arc<Schema>,
        taint: &mut u8,
    ) -> ValRef {
        let syntax = x.syntax.clone();
        match accessors[0].key() {
            Some("imports") if !matches!(accessors[0].accessor, Accessor::Invalid(_)) => {
                let imports = self.my_imports.clone().expect("imports are evaluated first");
                return self.evaluate_value_access(&syntax, imports, &accessors[1..], taint);
            }
            Some("context") if !matches!(accessors[0].accessor, Accessor::Invalid(_)) => {
                let context = self.my_context.clone().expect("context is evaluated first");
                return self.evaluate_value_access(&syntax, context, &accessors[1..], taint);
            }
            Some("environments") if !matches!(accessors[0].accessor, Accessor::Invalid(_)) => {
                return self.evaluate_environment_reference(x, accessors, taint);
            }
            _ => {}
        }

        let mut receiver = self.root.clone().expect("root is declared first");
        let mut rest = accessors;
        while let Some(accessor) = rest.first() {
            let next = match &receiver.kind {
                DeclKind::Array(elements) => match self.array_index(&syntax, accessor, Some(elements.len())) {
                    Some(i) => elements[i].clone(),
                    None => return self.invalid_access(&syntax),
                },
                DeclKind::Object(properties) => {
                    let Some(key) = self.object_key(&syntax, accessor, true) else {
                        return self.invalid_access(&syntax);
                    };
                    match properties.get(&key) {
                        Some(p) => p.clone(),
                        None => {
                            if value::is_object(receiver.base.as_ref()) {
                                let base = receiver.base.clone().expect("checked by is_object");
                                return self.evaluate_value_access(&syntax, base, rest, taint);
                            }
                            let message = unknown_property(&key, properties.keys());
                            self.accessor_error(&syntax, accessor, message);
                            return self.invalid_access(&syntax);
                        }
                    }
                }
                DeclKind::Secret { plaintext: Some(p), .. } => {
                    // Secrets are transparent to accessors.
                    receiver = p.clone();
                    continue;
                }
                _ => {
                    let v = self.evaluate_decl(&receiver, &Schema::always());
                    return self.evaluate_value_access(&syntax, v, rest, taint);
                }
            };
            receiver = next;
            rest = &rest[1..];
        }
        self.evaluate_decl(&receiver, &Schema::always())
    }

    /// `${environments.PROJECT.ENV.path}`: an implicit, non-merged import of `PROJECT/ENV`.
    fn evaluate_environment_reference(
        &mut self,
        x: &DeclRef,
        accessors: &[PropertyAccessor],
        taint: &mut u8,
    ) -> ValRef {
        let syntax = x.syntax.clone();
        if accessors.len() < 3 {
            return self.invalid_access(&syntax);
        }
        let (Some(project), Some(env)) =
            (self.object_key(&syntax, &accessors[1], true), self.object_key(&syntax, &accessors[2], true))
        else {
            return self.invalid_access(&syntax);
        };
        let name = format!("{project}/{env}");
        let key = ast::Key { value: name.clone(), range: syntax.range.clone(), path: syntax.path.clone() };
        let rotate_only = self.in_rotate_only;
        let Some(imported) = self.import_value(&name, rotate_only, &key, &key) else {
            return self.invalid_access(&syntax);
        };
        if rotate_only {
            *taint |= TAINT_ROTATE_ONLY;
            imported.borrow_mut().taint |= TAINT_ROTATE_ONLY;
        }
        let wrap = |k: &str, v: ValRef| {
            let schema = schemas::record(BTreeMap::from([(k.to_owned(), v.borrow().schema.clone())]));
            Val::new(x.clone(), schema, Repr::Object(BTreeMap::from([(k.to_owned(), v)])))
        };
        let reference = wrap("environments", wrap(&project, wrap(&env, imported)));
        self.evaluate_value_access(&syntax, reference, accessors, taint)
    }

    pub(super) fn evaluate_value_access(
        &mut self,
        syntax: &ast::ExprRef,
        mut receiver: ValRef,
        accessors: &[PropertyAccessor],
        taint: &mut u8,
    ) -> ValRef {
        let mut rest = accessors;
        while let Some(accessor) = rest.first() {
            if receiver.borrow().unknown {
                let schema = receiver.borrow().schema.clone();
                return self.evaluate_unknown_access(syntax, schema, rest);
            }
            let next = {
                let repr = receiver.borrow().repr.clone();
                match repr {
                    Repr::Array(items) => match self.array_index(syntax, accessor, Some(items.len())) {
                        Some(i) => items[i].clone(),
                        None => return self.invalid_access(syntax),
                    },
                    Repr::Object(properties) => {
                        let Some(key) = self.object_key(syntax, accessor, true) else {
                            return self.invalid_access(syntax);
                        };
                        match properties.get(&key) {
                            Some(p) => p.clone(),
                            None => {
                                let base = receiver.borrow().base.clone();
                                if value::is_object(base.as_ref()) {
                                    return self.evaluate_value_access(syntax, base.expect("checked"), rest, taint);
                                }
                                let message = unknown_property(&key, value::keys(Some(&receiver)).iter());
                                self.accessor_error(syntax, accessor, message);
                                return self.invalid_access(syntax);
                            }
                        }
                    }
                    _ => {
                        self.accessor_error(syntax, accessor, "receiver must be an array or an object".into());
                        return self.invalid_access(syntax);
                    }
                }
            };
            *taint |= receiver.borrow().taint;
            // Whatever is read out of a secret is secret.
            let secret = receiver.borrow().secret;
            receiver = next;
            if secret && !receiver.borrow().secret {
                receiver = self.copier().copy(&receiver);
                receiver.borrow_mut().secret = true;
            }
            rest = &rest[1..];
        }
        *taint |= receiver.borrow().taint;
        receiver
    }

    /// Accesses into an unknown value yield unknown values, typed by the receiver's schema.
    fn evaluate_unknown_access(
        &mut self,
        syntax: &ast::ExprRef,
        mut schema: Arc<Schema>,
        accessors: &[PropertyAccessor],
    ) -> ValRef {
        for accessor in accessors {
            if !schema.always {
                match schema.type_.as_str() {
                    "array" => {
                        let len = if schema.items.as_ref().is_some_and(|i| i.never) {
                            Some(schema.prefix_items.len())
                        } else {
                            None
                        };
                        let Some(i) = self.array_index(syntax, accessor, len) else {
                            return self.invalid_access(syntax);
                        };
                        schema = schema.item(i);
                    }
                    "object" => {
                        let Some(key) = self.object_key(syntax, accessor, true) else {
                            return self.invalid_access(syntax);
                        };
                        schema = schema.property(&key);
                    }
                    _ => {
                        self.accessor_error(syntax, accessor, "receiver must be an array or an object".into());
                        return self.invalid_access(syntax);
                    }
                }
            }
        }
        Val::unknown(Decl::synthetic(syntax.clone(), schema.clone()), schema)
    }

    fn invalid_access(&mut self, syntax: &ast::ExprRef) -> ValRef {
        Val::unknown(Decl::synthetic(syntax.clone(), Schema::always()), Schema::always())
    }

    fn accessor_error(&mut self, syntax: &ast::ExprRef, accessor: &PropertyAccessor, summary: String) {
        let range = accessor.range.clone().or_else(|| syntax.range.clone());
        self.diags.push(crate::diag::Diagnostic::error(range, summary, syntax.path.clone()));
    }

    fn array_index(&mut self, syntax: &ast::ExprRef, accessor: &PropertyAccessor, len: Option<usize>) -> Option<usize> {
        let Accessor::Index(index) = accessor.accessor else {
            self.accessor_error(syntax, accessor, "cannot access an array element using a property name".into());
            return None;
        };
        if index < 0 {
            self.accessor_error(syntax, accessor, "array indices must not be negative".into());
            return None;
        }
        let index = usize::try_from(index).unwrap_or(usize::MAX);
        if let Some(len) = len
            && index >= len
        {
            self.accessor_error(
                syntax,
                accessor,
                format!("array index {index} out-of-bounds for array of length {len}"),
            );
            return None;
        }
        Some(index)
    }

    fn object_key(&mut self, syntax: &ast::ExprRef, accessor: &PropertyAccessor, must: bool) -> Option<String> {
        match accessor.key() {
            Some(k) => Some(k.to_owned()),
            None => {
                if must {
                    self.accessor_error(
                        syntax,
                        accessor,
                        "cannot access an object property using an integer index".into(),
                    );
                }
                None
            }
        }
    }
}

/// `unknown property "x"`, with a suggestion when a key is close (HCL's rule: the first key
/// within an edit distance of 3).
fn unknown_property<'k>(key: &str, keys: impl Iterator<Item = &'k String>) -> String {
    let mut keys: Vec<&String> = keys.collect();
    keys.sort();
    match keys.into_iter().find(|k| levenshtein(key, k) < 3) {
        Some(s) => format!("unknown property {key:?}; did you mean {s:?}?"),
        None => format!("unknown property {key:?}"),
    }
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
