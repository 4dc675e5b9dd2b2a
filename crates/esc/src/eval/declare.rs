//! Declarations: the tree of what each expression will evaluate to, built before
//! evaluation, each attached to the imported value it overrides.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::expr::{Decl, DeclKind, DeclRef};
use super::value::{self, ValRef};
use super::{EvalContext, schemas};
use crate::ast::{self, ExprKind, ExprRef};
use crate::path::{join_index, join_key};
use crate::schema::Schema;

impl EvalContext<'_, '_> {
    /// Builds the declaration of an expression, attached to the value it overrides.
    pub(super) fn declare(&mut self, path: String, x: &ExprRef, base: Option<ValRef>) -> DeclRef {
        let (kind, schema) = match &x.kind {
            ExprKind::Null => (DeclKind::Literal, schemas::null()),
            ExprKind::Bool(b) => (DeclKind::Literal, schemas::const_bool(*b)),
            ExprKind::Number(n) => (DeclKind::Literal, schemas::const_number(n)),
            ExprKind::String(s) => (DeclKind::Literal, schemas::const_string(s)),
            ExprKind::Interpolate(parts) => {
                let parts =
                    parts.iter().map(|p| (p.text.clone(), p.access.as_ref().map(|a| a.accessors.clone()))).collect();
                (DeclKind::Interpolate(parts), schemas::string())
            }
            ExprKind::Symbol(access) => (DeclKind::Symbol(access.accessors.clone()), Schema::always()),
            ExprKind::Array(elements) => {
                let elements =
                    elements.iter().enumerate().map(|(i, e)| self.declare(join_index(&path, i), e, None)).collect();
                (DeclKind::Array(elements), schemas::array_of(Schema::always()))
            }
            ExprKind::Object(entries) => (
                DeclKind::Object(self.declare_properties(&path, entries, base.as_ref())),
                schemas::map_of(Schema::always()),
            ),
            ExprKind::Builtin(b) => self.declare_builtin(&path, &b.call),
        };
        Decl::new(path, x.clone(), kind, schema, base)
    }

    /// The properties of an object, each declared over the property of `base` it overrides.
    fn declare_properties(
        &mut self,
        path: &str,
        entries: &[ast::ObjectProperty],
        base: Option<&ValRef>,
    ) -> BTreeMap<String, DeclRef> {
        let mut properties = BTreeMap::new();
        for entry in entries {
            let Some(key) = &entry.key else { continue };
            if properties.contains_key(&key.value) {
                self.diags.push(key.error(format!("duplicate key {:?}", key.value)));
                continue;
            }
            let pbase = value::property(base, &key.value);
            let d = self.declare(join_key(path, &key.value), &entry.value, pbase);
            properties.insert(key.value.clone(), d);
        }
        properties
    }

    /// The declaration of a built-in function call and the schema of its result.
    fn declare_builtin(&mut self, path: &str, call: &ast::Call) -> (DeclKind, Arc<Schema>) {
        use ast::Call;
        let child = |this: &mut Self, x: &Option<ExprRef>| match x {
            Some(x) => this.declare(String::new(), x, None),
            None => Decl::missing(String::new(), None),
        };
        match call {
            Call::Open { provider, inputs } => {
                let provider = provider.as_ref().and_then(|p| p.as_string()).map(str::to_owned);
                let inputs = child(self, inputs);
                (DeclKind::Open { provider, inputs, input_schema: RefCell::new(Schema::always()) }, Schema::always())
            }
            Call::Rotate { provider, inputs, state } => {
                let provider = provider.as_ref().and_then(|p| p.as_string()).map(str::to_owned);
                let inputs = child(self, inputs);
                let state = child(self, state);
                let kind = DeclKind::Rotate {
                    provider,
                    inputs,
                    state,
                    input_schema: RefCell::new(Schema::always()),
                    state_schema: RefCell::new(Schema::always()),
                };
                (kind, Schema::always())
            }
            Call::Secret { plaintext, ciphertext } => {
                let plaintext = plaintext.as_ref().map(|p| {
                    let d = self.declare(String::new(), p, None);
                    d.secret.set(true);
                    d
                });
                let ciphertext = ciphertext.as_ref().and_then(|c| c.as_string()).map(str::to_owned);
                (DeclKind::Secret { plaintext, ciphertext }, schemas::string())
            }
            Call::Join { delimiter, values } => {
                (DeclKind::Join { delimiter: child(self, delimiter), values: child(self, values) }, schemas::string())
            }
            Call::Split { delimiter, string } => (
                DeclKind::Split { delimiter: child(self, delimiter), string: child(self, string) },
                schemas::array_of(schemas::string()),
            ),
            Call::Concat { arrays } => (
                DeclKind::Concat { arrays: self.declare(String::new(), arrays, None) },
                schemas::array_of(Schema::always()),
            ),
            Call::ToJson { value } => (DeclKind::ToJson(self.declare(String::new(), value, None)), schemas::string()),
            Call::FromJson { string } => {
                (DeclKind::FromJson(self.declare(String::new(), string, None)), Schema::always())
            }
            Call::ToString { value } => {
                (DeclKind::ToString(self.declare(String::new(), value, None)), schemas::string())
            }
            Call::ToBase64 { value } => {
                (DeclKind::ToBase64(self.declare(String::new(), value, None)), schemas::string())
            }
            Call::FromBase64 { string } => {
                (DeclKind::FromBase64(self.declare(String::new(), string, None)), schemas::string())
            }
            Call::Final { value } => (DeclKind::Final(self.declare(path.to_owned(), value, None)), Schema::always()),
            Call::Validate { schema, value } => {
                (DeclKind::Validate { schema: child(self, schema), value: child(self, value) }, Schema::always())
            }
        }
    }
}
