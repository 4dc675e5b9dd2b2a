//! Type-checking values against schemas (provider inputs, built-in arguments).
//!
//! (Interim: checks types only; the full JSON-schema validator with ESC's messages lands
//! with the schema module.)

use std::sync::Arc;

use super::EvalContext;
use super::expr::DeclRef;
use super::value::{Repr, ValRef};
use crate::esc::schema::Schema;

impl EvalContext<'_, '_> {
    /// Evaluates `x` and validates the result against `accept`.
    pub(super) fn evaluate_typed(&mut self, x: &DeclRef, accept: &Arc<Schema>) -> (ValRef, bool) {
        let v = self.evaluate_decl(x, accept);
        let ok = self.check_type(&v, accept);
        (v, ok)
    }

    fn check_type(&mut self, v: &ValRef, accept: &Arc<Schema>) -> bool {
        if accept.always || v.borrow().unknown || accept.type_.is_empty() {
            return true;
        }
        let actual = match &v.borrow().repr {
            Repr::Null => "null",
            Repr::Bool(_) => "boolean",
            Repr::Number(_) => "number",
            Repr::String(_) => "string",
            Repr::Array(_) => "array",
            Repr::Object(_) => "object",
        };
        if actual != accept.type_ {
            let diag = v.borrow().def.syntax.error(format!("expected {}, got {actual}", accept.type_));
            self.diags.push(diag);
            return false;
        }
        true
    }
}
