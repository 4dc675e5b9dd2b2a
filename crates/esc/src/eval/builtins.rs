//! The `fn::` built-ins: providers, rotators, secrets and the string/JSON/array functions.

use std::collections::BTreeMap;
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::expr::{DeclKind, DeclRef};
use super::value::{self, Repr, TAINT_ROTATE_ONLY, Val, ValRef};
use super::{EvalContext, MAX_STRING_LEN, Patch, schemas};
use crate::crypt;
use crate::diag::Diagnostic;
use crate::gofmt::go_json_limited;
use crate::path::join_key;
use crate::provider::{OpenContext, Rotator};
use crate::schema::Schema;
use crate::value::{Value, ValueRepr};

impl EvalContext<'_, '_> {
    pub(super) fn evaluate_builtin(&mut self, x: &DeclRef) -> ValRef {
        match &x.kind {
            DeclKind::Open { provider, inputs, input_schema } => {
                self.evaluate_open(x, provider.as_deref(), inputs, input_schema)
            }
            DeclKind::Rotate { provider, inputs, state, input_schema, state_schema } => {
                self.evaluate_rotate(x, provider.as_deref(), inputs, state, input_schema, state_schema)
            }
            DeclKind::Secret { plaintext, ciphertext } => {
                self.evaluate_secret(x, plaintext.as_ref(), ciphertext.as_deref())
            }
            DeclKind::Join { delimiter, values } => self.evaluate_join(x, delimiter, values),
            DeclKind::Split { delimiter, string } => self.evaluate_split(x, delimiter, string),
            DeclKind::Concat { arrays } => self.evaluate_concat(x, arrays),
            DeclKind::ToJson(value) => self.evaluate_to_json(x, value),
            DeclKind::FromJson(string) => self.evaluate_from_json(x, string),
            DeclKind::ToString(value) => self.evaluate_to_string(x, value),
            DeclKind::ToBase64(value) => self.evaluate_to_base64(x, value),
            DeclKind::FromBase64(string) => self.evaluate_from_base64(x, string),
            DeclKind::Final(value) => {
                let v = self.evaluate_decl(value, &Schema::always());
                let v = self.copier().copy(&v);
                v.borrow_mut().is_final = true;
                v
            }
            DeclKind::Validate { schema, value } => self.evaluate_validate(x, schema, value),
            _ => unreachable!("not a builtin: {:?}", x.kind),
        }
    }

    fn open_context<'c>(&'c self, x: &'c DeclRef) -> OpenContext<'c> {
        OpenContext { env_name: &self.name, exec_context: &self.exec_context, path: &x.syntax.path }
    }

    fn unknown(&self, x: &DeclRef) -> ValRef {
        Val::unknown(x.clone(), x.schema.borrow().clone())
    }

    /// The value of a builtin that computes a string (or other value) from its arguments:
    /// unknown or secret if any argument is.
    fn combined(&self, x: &DeclRef, args: &[&ValRef], repr: impl FnOnce() -> Repr) -> ValRef {
        let unknown = args.iter().any(|a| value::contains_unknowns(a));
        let secret = args.iter().any(|a| value::contains_secrets(a));
        let v = Val::new(x.clone(), x.schema.borrow().clone(), if unknown { Repr::Null } else { repr() });
        {
            let mut vb = v.borrow_mut();
            vb.unknown = unknown;
            vb.secret = secret;
        }
        v
    }

    fn evaluate_open(
        &mut self,
        x: &DeclRef,
        provider: Option<&str>,
        inputs: &DeclRef,
        input_schema: &std::cell::RefCell<Arc<Schema>>,
    ) -> ValRef {
        let Some(name) = provider else {
            return Val::unknown(x.clone(), Schema::always());
        };
        let provider = match self.shared.opts.providers.load_provider(name) {
            Ok(p) => {
                let (inputs, outputs) = p.schema();
                *input_schema.borrow_mut() = inputs;
                *x.schema.borrow_mut() = outputs;
                Some(p)
            }
            Err(err) => {
                self.error(&x.syntax, err.to_string());
                None
            }
        };
        let accept = input_schema.borrow().clone();
        let (inputs, ok) = self.evaluate_typed(inputs, &accept);
        let Some(provider) = provider else { return self.unknown(x) };
        if !ok || value::contains_unknowns(&inputs) || self.validating() {
            return self.unknown(x);
        }
        let args = export_object(&inputs);
        match provider.open(&args, &self.open_context(x)) {
            Ok(output) => value::unexport(&output, x),
            Err(err) => {
                self.error(&x.syntax, err.to_string());
                self.unknown(x)
            }
        }
    }

    fn evaluate_rotate(
        &mut self,
        x: &DeclRef,
        provider: Option<&str>,
        inputs: &DeclRef,
        state: &DeclRef,
        input_schema: &std::cell::RefCell<Arc<Schema>>,
        state_schema: &std::cell::RefCell<Arc<Schema>>,
    ) -> ValRef {
        let Some(name) = provider else {
            return Val::unknown(x.clone(), Schema::always());
        };
        let rotator = match self.shared.opts.providers.load_rotator(name) {
            Ok(r) => {
                let (inputs, state, outputs) = r.schema();
                *input_schema.borrow_mut() = inputs;
                *state_schema.borrow_mut() = schemas::one_of(vec![state, schemas::null()]);
                *x.schema.borrow_mut() = outputs;
                Some(r)
            }
            Err(err) => {
                self.error(&x.syntax, err.to_string());
                None
            }
        };
        let (inputs_accept, state_accept) = (input_schema.borrow().clone(), state_schema.borrow().clone());
        let inputs_decl = inputs;
        let (inputs, inputs_ok) = self.evaluate_typed(inputs, &inputs_accept);
        let (state, state_ok) = self.evaluate_typed(state, &state_accept);
        let Some(rotator) = rotator else { return self.unknown(x) };

        // Unknown rotate-only inputs are expected outside a rotation: the rotator's open
        // does not see them.
        let mut inputs_unknown = false;
        value::walk(&inputs, &mut |v| {
            let v = v.borrow();
            inputs_unknown |= v.unknown && v.taint & TAINT_ROTATE_ONLY == 0;
        });
        // What the schema cannot say about the inputs, where a rotation is at stake: in a
        // check, and before rotating. Opening never depends on it.
        let doc_path = x.syntax.path.clone();
        if inputs_ok && (self.validating() || self.should_rotate(&doc_path)) {
            let problems = rotator.validate(&export_object(&inputs));
            for problem in &problems {
                self.input_problem(inputs_decl, problem);
            }
            if !problems.is_empty() {
                return self.unknown(x);
            }
        }
        if !inputs_ok || inputs_unknown || !state_ok || value::contains_unknowns(&state) || self.validating() {
            return self.unknown(x);
        }

        let args = export_object(&inputs);
        let mut current = state_object(&state);
        if self.should_rotate(&doc_path) {
            match self.rotate_state(x, &*rotator, &args, current.as_ref(), &doc_path) {
                Ok(new_state) => current = new_state,
                Err(()) => return self.unknown(x),
            }
        }
        self.open_rotated(x, &*rotator, args, current.as_ref(), &inputs_accept.rotate_only)
    }

    /// Rotates: records the new state as a patch of the document and returns it as the
    /// current state (`None` if it is not an object), or `Err` once the failure is diagnosed.
    fn rotate_state(
        &mut self,
        x: &DeclRef,
        rotator: &dyn Rotator,
        args: &BTreeMap<String, Value>,
        current: Option<&Value>,
        doc_path: &str,
    ) -> Result<Option<Value>, ()> {
        match rotator.rotate(args, current, &self.open_context(x)) {
            Ok(new_state) => {
                let name = x.builtin().map(|b| b.name.value.clone()).unwrap_or_default();
                self.patches.push(Patch {
                    doc_path: format!("{}.state", join_key(doc_path, &name)),
                    replacement: new_state.clone(),
                });
                Ok(match new_state.repr {
                    ValueRepr::Object(_) => Some(new_state),
                    _ => None,
                })
            }
            Err(err) => {
                self.error(&x.syntax, format!("rotate: {err}"));
                Err(())
            }
        }
    }

    /// Opens a rotator's value from its state.
    fn open_rotated(
        &mut self,
        x: &DeclRef,
        rotator: &dyn Rotator,
        args: BTreeMap<String, Value>,
        current: Option<&Value>,
        rotate_only: &[String],
    ) -> ValRef {
        // Opening never depends on rotate-only inputs, in a rotation or not, so that a
        // rotated environment opens the same way afterwards.
        let mut open_args = args;
        for name in rotate_only {
            if let Some(v) = open_args.get_mut(name) {
                *v = Value::unknown();
            }
        }
        match rotator.open(&open_args, current, &self.open_context(x)) {
            // A rotator with no value before its first rotation: unknown, typed by its
            // output schema as in a check, so that what references it opens too.
            Ok(output) if output.unknown => {
                if current.is_none() {
                    let name = x.builtin().map(|b| b.name.value.clone()).unwrap_or_default();
                    let summary = format!("{name} has no state yet: its value is unknown until it is rotated");
                    self.diags.push(Diagnostic::warning(x.syntax.range.clone(), summary, x.syntax.path.clone()));
                }
                self.unknown(x)
            }
            Ok(output) => value::unexport(&output, x),
            Err(err) => {
                self.error(&x.syntax, err.to_string());
                self.unknown(x)
            }
        }
    }

    fn should_rotate(&self, doc_path: &str) -> bool {
        self.rotating() && (self.rotate_paths.is_empty() || self.rotate_paths.contains(doc_path))
    }

    fn evaluate_secret(&mut self, x: &DeclRef, plaintext: Option<&DeclRef>, ciphertext: Option<&str>) -> ValRef {
        if let Some(p) = plaintext {
            return self.evaluate_decl(p, &schemas::string());
        }
        let v = self.unknown(x);
        v.borrow_mut().secret = true;
        let Some(ciphertext) = ciphertext else { return v };
        let payload = match crypt::decode_ciphertext(ciphertext) {
            Ok(p) => p,
            Err(err) => {
                self.error(&x.syntax, format!("invalid ciphertext: {err}"));
                return v;
            }
        };
        if !self.decrypt_secrets() {
            return v;
        }
        match self.decrypter.get().decrypt(&payload) {
            Ok(plaintext) => {
                let mut vb = v.borrow_mut();
                vb.unknown = false;
                vb.repr = Repr::String(String::from_utf8_lossy(&plaintext).into_owned());
                drop(vb);
                v
            }
            Err(err) => {
                self.error(&x.syntax, format!("decrypting: {err}"));
                v
            }
        }
    }

    fn evaluate_join(&mut self, x: &DeclRef, delimiter: &DeclRef, values: &DeclRef) -> ValRef {
        let (delim, delim_ok) = self.evaluate_typed(delimiter, &schemas::string());
        let (vs, vs_ok) = self.evaluate_typed(values, &schemas::array_of(schemas::string()));
        if !delim_ok || !vs_ok {
            return self.unknown(x);
        }
        let v = self.combined(x, &[&delim, &vs], || Repr::Null);
        if v.borrow().unknown {
            return v;
        }
        let d = string_of(&delim);
        let items: Vec<String> = match &vs.borrow().repr {
            Repr::Array(items) => items.iter().map(string_of).collect(),
            _ => Vec::new(),
        };
        let len = items.iter().map(String::len).sum::<usize>() + d.len() * items.len().saturating_sub(1);
        if len > MAX_STRING_LEN {
            return self.too_long(x, "the result of fn::join");
        }
        v.borrow_mut().repr = Repr::String(items.join(&d));
        v
    }

    /// Evaluates `args` as strings (all of them, so each reports its own diagnostics), then
    /// `x`'s value (null for now, secret if any argument is) and the strings — or, when an
    /// argument is not a string or not known, `x`'s unknown value.
    fn known_strings(&mut self, x: &DeclRef, args: &[&DeclRef]) -> Result<(ValRef, Vec<String>), ValRef> {
        let evaluated: Vec<(ValRef, bool)> =
            args.iter().map(|arg| self.evaluate_typed(arg, &schemas::string())).collect();
        if evaluated.iter().any(|(_, ok)| !ok) {
            return Err(self.unknown(x));
        }
        let values: Vec<&ValRef> = evaluated.iter().map(|(v, _)| v).collect();
        let v = self.combined(x, &values, || Repr::Null);
        if v.borrow().unknown {
            return Err(v);
        }
        Ok((v, evaluated.iter().map(|(s, _)| string_of(s)).collect()))
    }

    fn evaluate_split(&mut self, x: &DeclRef, delimiter: &DeclRef, string: &DeclRef) -> ValRef {
        let (v, strings) = match self.known_strings(x, &[delimiter, string]) {
            Ok(known) => known,
            Err(unknown) => return unknown,
        };
        let (d, text) = (&strings[0], &strings[1]);
        let parts: Vec<String> = if d.is_empty() {
            text.chars().map(String::from).collect()
        } else {
            text.split(d.as_str()).map(str::to_owned).collect()
        };
        let secret = v.borrow().secret;
        let items: Vec<ValRef> = parts
            .iter()
            .map(|p| {
                let item = Val::new(x.clone(), schemas::string(), Repr::String(p.clone()));
                item.borrow_mut().secret = secret;
                item
            })
            .collect();
        v.borrow_mut().repr = Repr::Array(items);
        v
    }

    fn evaluate_concat(&mut self, x: &DeclRef, arrays: &DeclRef) -> ValRef {
        let (arrays, ok) = self.evaluate_typed(arrays, &schemas::array_of(schemas::array_of(Schema::always())));
        if !ok {
            return self.unknown(x);
        }
        self.combined(x, &[&arrays], || {
            let Repr::Array(outer) = &arrays.borrow().repr else { return Repr::Null };
            let mut items = Vec::new();
            for a in outer {
                if let Repr::Array(inner) = &a.borrow().repr {
                    items.extend(inner.iter().cloned());
                }
            }
            Repr::Array(items)
        })
    }

    /// `fn::validate`: the value if it matches the schema; otherwise unknown, with the
    /// validator's diagnostics.
    fn evaluate_validate(&mut self, x: &DeclRef, schema: &DeclRef, value: &DeclRef) -> ValRef {
        let s = self.evaluate_decl(schema, &Schema::always());
        if value::contains_unknowns(&s) {
            return self.unknown(x);
        }
        let accept = match Schema::from_json(&value::export(&s).to_json(false)) {
            Ok(accept) => Arc::new(accept),
            Err(err) => {
                self.error(&schema.syntax, format!("invalid schema: {err}"));
                return self.unknown(x);
            }
        };
        let (v, ok) = self.evaluate_typed(value, &accept);
        if !ok {
            return self.unknown(x);
        }
        let v = self.copier().copy(&v);
        v.borrow_mut().def = x.clone();
        v
    }

    fn evaluate_to_json(&mut self, x: &DeclRef, value: &DeclRef) -> ValRef {
        let v = self.evaluate_decl(value, &Schema::always());
        let out = self.combined(x, &[&v], || Repr::Null);
        if out.borrow().unknown {
            return out;
        }
        match go_json_limited(&value::export(&v).to_json(false), MAX_STRING_LEN) {
            Some(json) => {
                out.borrow_mut().repr = Repr::String(json);
                out
            }
            None => self.too_long(x, "the result of fn::toJSON"),
        }
    }

    fn evaluate_from_json(&mut self, x: &DeclRef, string: &DeclRef) -> ValRef {
        let (v, strings) = match self.known_strings(x, &[string]) {
            Ok(known) => known,
            Err(unknown) => return unknown,
        };
        match serde_json::from_str::<serde_json::Value>(&strings[0]) {
            Ok(json) => {
                let secret = v.borrow().secret;
                let mut parsed = Value::from_json(&json);
                mark_secret(&mut parsed, secret);
                value::unexport(&parsed, x)
            }
            Err(err) => {
                // Where a secret fails to parse, and around which character, is part of it.
                let why = if v.borrow().secret { secret_not_decoded("JSON") } else { err.to_string() };
                self.error(&x.syntax, format!("decoding JSON string: {why}"));
                self.unknown(x)
            }
        }
    }

    fn evaluate_to_string(&mut self, x: &DeclRef, value: &DeclRef) -> ValRef {
        let v = self.evaluate_decl(value, &Schema::always());
        let Ok((s, unknown, secret, taint)) = value::to_string(&v, MAX_STRING_LEN) else {
            return self.too_long(x, "the result of fn::toString");
        };
        let out = Val::new(x.clone(), x.schema.borrow().clone(), if unknown { Repr::Null } else { Repr::String(s) });
        {
            let mut o = out.borrow_mut();
            o.unknown = unknown;
            o.secret = secret;
            o.taint = taint;
        }
        out
    }

    fn evaluate_to_base64(&mut self, x: &DeclRef, value: &DeclRef) -> ValRef {
        let (s, ok) = self.evaluate_typed(value, &schemas::string());
        if !ok {
            return self.unknown(x);
        }
        let len = match &s.borrow().repr {
            Repr::String(s) => s.len().div_ceil(3) * 4,
            _ => 0,
        };
        if len > MAX_STRING_LEN {
            return self.too_long(x, "the result of fn::toBase64");
        }
        self.combined(x, &[&s], || Repr::String(BASE64.encode(string_of(&s))))
    }

    fn evaluate_from_base64(&mut self, x: &DeclRef, string: &DeclRef) -> ValRef {
        let (v, strings) = match self.known_strings(x, &[string]) {
            Ok(known) => known,
            Err(unknown) => return unknown,
        };
        match BASE64.decode(&strings[0]) {
            Ok(bytes) => {
                v.borrow_mut().repr = Repr::String(String::from_utf8_lossy(&bytes).into_owned());
                v
            }
            Err(err) => {
                // The decoder names the offending byte and its offset: of a secret, never.
                let why = if v.borrow().secret { secret_not_decoded("base64") } else { err.to_string() };
                self.error(&x.syntax, format!("decoding base64 string: {why}"));
                self.unknown(x)
            }
        }
    }
}

/// Why a decoding built-in failed on a secret argument: the decoder's own message would
/// show a character of the secret and where it is.
fn secret_not_decoded(format: &str) -> String {
    format!("the secret is not valid {format} (where and why are not shown: that would reveal part of it)")
}

fn string_of(v: &ValRef) -> String {
    match &v.borrow().repr {
        Repr::String(s) => s.clone(),
        _ => String::new(),
    }
}

fn export_object(v: &ValRef) -> BTreeMap<String, Value> {
    match value::export(v).repr {
        ValueRepr::Object(o) => o,
        _ => BTreeMap::new(),
    }
}

/// The rotator state as the rotator sees it: an object, or nothing.
fn state_object(v: &ValRef) -> Option<Value> {
    let exported = value::export(v);
    matches!(exported.repr, ValueRepr::Object(_)).then_some(exported)
}

fn mark_secret(v: &mut Value, secret: bool) {
    v.secret |= secret;
    match &mut v.repr {
        ValueRepr::Array(a) => a.iter_mut().for_each(|e| mark_secret(e, secret)),
        ValueRepr::Object(o) => o.values_mut().for_each(|e| mark_secret(e, secret)),
        _ => {}
    }
}
