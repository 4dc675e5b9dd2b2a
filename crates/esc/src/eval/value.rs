//! Values during evaluation: shared, mutable (merging sets bases), and carrying the
//! expression that defined them, their schema, and the secret/unknown/rotate-only flags.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;
use std::sync::Arc;

use crate::eval::expr::{Decl, DeclKind, DeclRef};
use crate::eval::schemas;
use crate::gofmt::go_quote;
use crate::schema::Schema;
use crate::syntax::Number;
use crate::value::{Trace, Value, ValueRepr};

pub type ValRef = Rc<RefCell<Val>>;

/// Taint: the value came from a rotate-only input or import, which may only flow into
/// rotator inputs.
pub const TAINT_ROTATE_ONLY: u8 = 1;

#[derive(Clone, Debug)]
pub enum Repr {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<ValRef>),
    Object(BTreeMap<String, ValRef>),
}

#[derive(Clone, Debug)]
pub struct Val {
    /// The expression that produced this value.
    pub def: DeclRef,
    /// The value this one overrides (JSON merge patch), if any.
    pub base: Option<ValRef>,
    pub schema: Arc<Schema>,
    pub unknown: bool,
    pub secret: bool,
    pub taint: u8,
    /// Set by `fn::final`: environments that import this value cannot override it.
    pub is_final: bool,
    pub repr: Repr,
}

impl Val {
    pub fn new(def: DeclRef, schema: Arc<Schema>, repr: Repr) -> ValRef {
        Rc::new(RefCell::new(Val {
            def,
            base: None,
            schema,
            unknown: false,
            secret: false,
            taint: 0,
            is_final: false,
            repr,
        }))
    }

    pub fn unknown(def: DeclRef, schema: Arc<Schema>) -> ValRef {
        let v = Val::new(def, schema, Repr::Null);
        v.borrow_mut().unknown = true;
        v
    }
}

/// Whether `v` is or may be an object.
pub fn is_object(v: Option<&ValRef>) -> bool {
    let Some(v) = v else { return false };
    let v = v.borrow();
    if v.unknown {
        return v.schema.always || v.schema.type_ == "object";
    }
    matches!(v.repr, Repr::Object(_))
}

/// The keys of an object value, merged with those of its base, sorted.
pub fn keys(v: Option<&ValRef>) -> Vec<String> {
    let Some(v) = v else { return Vec::new() };
    let vb = v.borrow();
    let Repr::Object(m) = &vb.repr else { return Vec::new() };
    let base_keys = keys(vb.base.as_ref());
    if base_keys.is_empty() {
        return m.keys().cloned().collect();
    }
    let set: BTreeSet<String> = base_keys.into_iter().chain(m.keys().cloned()).collect();
    set.into_iter().collect()
}

/// Property `key` of `v` under JSON merge patch semantics. For an unknown receiver this is
/// a late-bound unknown access.
pub fn property(v: Option<&ValRef>, key: &str) -> Option<ValRef> {
    let v = v?;
    let vb = v.borrow();
    if let Repr::Object(m) = &vb.repr
        && !vb.unknown
    {
        if let Some(p) = m.get(key) {
            return Some(p.clone());
        }
        return property(vb.base.as_ref(), key);
    }
    if vb.unknown {
        let schema = vb.schema.property(key);
        let base = property(vb.base.as_ref(), key);
        let def = Decl::new(
            String::new(),
            vb.def.syntax.clone(),
            DeclKind::Access { receiver: v.clone(), key: key.to_owned() },
            schema.clone(),
            base.clone(),
        );
        let p = Val::unknown(def, schema);
        p.borrow_mut().base = base;
        return Some(p);
    }
    None
}

/// Whether two values are the same (identity, or the same late-bound access).
fn is(v: &ValRef, other: &ValRef) -> bool {
    if Rc::ptr_eq(v, other) {
        return true;
    }
    let (a, b) = (v.borrow(), other.borrow());
    if a.unknown
        && b.unknown
        && let (DeclKind::Access { receiver: ra, key: ka }, DeclKind::Access { receiver: rb, key: kb }) =
            (&a.def.kind, &b.def.kind)
    {
        return ka == kb && is(ra, rb);
    }
    false
}

/// Merges `v` onto `base` (mutating `v`: callers copy first where sharing matters).
pub fn merge(v: &ValRef, base: Option<&ValRef>) {
    let Some(base) = base else { return };
    if is(v, base) {
        return;
    }
    let existing = v.borrow().base.clone();
    match existing {
        Some(b) => merge(&b, Some(base)),
        None => v.borrow_mut().base = Some(base.clone()),
    }
    let (props, vbase) = {
        let vb = v.borrow();
        let props: Vec<(String, ValRef)> = match &vb.repr {
            Repr::Object(m) if !vb.unknown => m.iter().map(|(k, p)| (k.clone(), p.clone())).collect(),
            _ => Vec::new(),
        };
        (props, vb.base.clone())
    };
    for (k, p) in props {
        let pb = property(vbase.as_ref(), &k);
        merge(&p, pb.as_ref());
    }
    if let Some(vbase) = vbase {
        let merged = crate::schema::merged(Some(&vbase.borrow().schema), &v.borrow().schema);
        v.borrow_mut().schema = merged;
    }
}

/// Calls `f` on `v` and every value inside it.
pub fn walk(v: &ValRef, f: &mut dyn FnMut(&ValRef)) {
    f(v);
    let children: Vec<ValRef> = {
        let vb = v.borrow();
        match &vb.repr {
            Repr::Array(a) => a.clone(),
            Repr::Object(_) => keys(Some(v)).iter().filter_map(|k| property(Some(v), k)).collect(),
            _ => Vec::new(),
        }
    };
    for c in &children {
        walk(c, f);
    }
}

pub fn contains_unknowns(v: &ValRef) -> bool {
    let mut found = false;
    walk(v, &mut |x| found |= x.borrow().unknown);
    found
}

pub fn contains_secrets(v: &ValRef) -> bool {
    let mut found = false;
    walk(v, &mut |x| found |= x.borrow().secret);
    found
}

/// A string would be longer than the limit it was produced under.
#[derive(Debug)]
pub struct TooLong;

/// The string form of a value, as interpolation and `fn::toString` produce it, with whether
/// it is unknown or secret and its taint; `TooLong` when it would be longer than `limit`
/// bytes (quoting grows nested strings, so a small document could otherwise build a huge
/// one).
pub fn to_string(v: &ValRef, limit: usize) -> Result<(String, bool, bool, u8), TooLong> {
    let vb = v.borrow();
    if vb.unknown {
        return Ok(("[unknown]".to_owned(), true, vb.secret, vb.taint));
    }
    let (mut unknown, mut secret, mut taint) = (false, vb.secret, vb.taint);
    let mut joined = |parts: &mut dyn Iterator<Item = (Option<&String>, &ValRef)>| {
        let mut out = String::new();
        for (i, (key, e)) in parts.enumerate() {
            let (s, u, sec, t) = to_string(e, limit)?;
            unknown |= u;
            secret |= sec;
            taint |= t;
            if i > 0 {
                out.push(',');
            }
            if let Some(k) = key {
                out.push_str(&go_quote(k));
                out.push('=');
            }
            out.push_str(&go_quote(&s));
            if out.len() > limit {
                return Err(TooLong);
            }
        }
        Ok(out)
    };
    let s = match &vb.repr {
        Repr::Null => String::new(),
        Repr::Bool(b) => b.to_string(),
        Repr::Number(n) => n.as_str().to_owned(),
        Repr::String(s) => s.clone(),
        Repr::Array(a) => joined(&mut a.iter().map(|e| (None, e)))?,
        Repr::Object(m) => joined(&mut m.iter().map(|(k, e)| (Some(k), e)))?,
    };
    if s.len() > limit {
        return Err(TooLong);
    }
    Ok((s, unknown, secret, taint))
}

/// Converts to the public form.
pub fn export(v: &ValRef) -> Value {
    let repr = {
        let vb = v.borrow();
        match &vb.repr {
            Repr::Null => ValueRepr::Null,
            Repr::Bool(b) => ValueRepr::Bool(*b),
            Repr::Number(n) => ValueRepr::Number(n.clone()),
            Repr::String(s) => ValueRepr::String(s.clone()),
            Repr::Array(a) => ValueRepr::Array(a.iter().map(export).collect()),
            // Objects are exported through `keys`/`property`, which see the merged base.
            Repr::Object(_) => ValueRepr::Object(BTreeMap::new()),
        }
    };
    let repr = match repr {
        ValueRepr::Object(_) => ValueRepr::Object(
            keys(Some(v)).into_iter().filter_map(|k| property(Some(v), &k).map(|p| (k, export(&p)))).collect(),
        ),
        other => other,
    };
    let vb = v.borrow();
    Value {
        repr,
        secret: vb.secret,
        unknown: vb.unknown,
        trace: Trace { def: vb.def.syntax.range.clone(), base: None },
    }
}

/// Converts from the public form (provider outputs), with the schema of what it holds.
pub fn unexport(v: &Value, def: &DeclRef) -> ValRef {
    let x_secret = def.secret.get();
    let (repr, schema) = match &v.repr {
        ValueRepr::Null => (Repr::Null, schemas::null()),
        ValueRepr::Bool(b) => (Repr::Bool(*b), schemas::const_bool(*b)),
        ValueRepr::Number(n) => (Repr::Number(n.clone()), schemas::const_number(n)),
        ValueRepr::String(s) => (Repr::String(s.clone()), schemas::const_string(s)),
        ValueRepr::Array(a) => {
            let items: Vec<ValRef> = a.iter().map(|e| unexport(e, def)).collect();
            let schemas = items.iter().map(|i| i.borrow().schema.clone()).collect();
            (Repr::Array(items), schemas::tuple(schemas))
        }
        ValueRepr::Object(o) => {
            let props: BTreeMap<String, ValRef> = o.iter().map(|(k, e)| (k.clone(), unexport(e, def))).collect();
            let schemas = props.iter().map(|(k, p)| (k.clone(), p.borrow().schema.clone())).collect();
            (Repr::Object(props), schemas::record(schemas))
        }
    };
    let out = Val::new(def.clone(), schema, repr);
    {
        let mut o = out.borrow_mut();
        o.secret = v.secret || x_secret;
        o.unknown = v.unknown;
    }
    out
}

/// Deep-copies a value graph, preserving sharing (ESC's `copier`).
#[derive(Default)]
pub struct Copier<'b> {
    memo: HashMap<*const RefCell<Val>, ValRef>,
    /// Values left to copy in this evaluation; past zero, values are shared, not copied
    /// (the evaluation is abandoned: see `MAX_COPIED_VALUES`).
    budget: Option<&'b Cell<u64>>,
}

impl<'b> Copier<'b> {
    /// A copier that spends `budget`, one per value copied.
    pub fn budgeted(budget: &'b Cell<u64>) -> Copier<'b> {
        Copier { memo: HashMap::new(), budget: Some(budget) }
    }

    pub fn copy(&mut self, v: &ValRef) -> ValRef {
        if let Some(c) = self.memo.get(&Rc::as_ptr(v)) {
            return c.clone();
        }
        if let Some(budget) = self.budget {
            match budget.get().checked_sub(1) {
                Some(left) => budget.set(left),
                None => return v.clone(),
            }
        }
        let placeholder = Rc::new(RefCell::new(v.borrow().clone()));
        self.memo.insert(Rc::as_ptr(v), placeholder.clone());
        let (repr, base) = {
            let vb = v.borrow();
            let repr = match &vb.repr {
                Repr::Array(a) => Repr::Array(a.iter().map(|e| self.copy(e)).collect()),
                Repr::Object(m) => Repr::Object(m.iter().map(|(k, e)| (k.clone(), self.copy(e))).collect()),
                other => other.clone(),
            };
            (repr, vb.base.clone())
        };
        let base = base.map(|b| self.copy(&b));
        {
            let mut p = placeholder.borrow_mut();
            p.repr = repr;
            p.base = base;
        }
        placeholder
    }
}
