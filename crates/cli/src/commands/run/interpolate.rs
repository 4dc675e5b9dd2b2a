//! `${path}` in the command's arguments, replaced as `esc run` replaces it: by the text of
//! the environment's value at that path (ESC's `Value.ToString`, secrets included, which
//! join the secrets to redact), or by nothing when there is no value there. `$$` is a `$`.
//! An argument that does not parse as an interpolation (`${` never closed, a bad
//! subscript) is passed as it is; so is one that is not UTF-8.

use std::collections::BTreeMap;
use std::ffi::OsString;

use crate::output::values;
use escrot_esc::ast::{Accessor, PropertyAccess, parse_interpolation};
use escrot_esc::syntax::{Node, NodeKind};
use escrot_esc::{PropertyPath, Value, path};

/// An argument with its `${…}` replaced, and the secret values that went into it.
pub struct Interpolated {
    pub arg: OsString,
    pub secrets: Vec<String>,
}

pub fn interpolate(arg: &OsString, properties: &BTreeMap<String, Value>) -> Interpolated {
    let unchanged = || Interpolated { arg: arg.clone(), secrets: Vec::new() };
    let Some(text) = arg.to_str() else { return unchanged() };
    if !text.contains('$') {
        return unchanged();
    }
    let (parts, diags) = parse_interpolation(&Node::synthetic(NodeKind::String(text.to_owned())), text);
    if escrot_esc::diag::has_errors(&diags) {
        return unchanged();
    }
    let mut out = String::new();
    let mut secrets = Vec::new();
    for part in parts {
        out.push_str(&part.text);
        let Some(access) = part.access else { continue };
        let Some(value) = property_path(&access).and_then(|p| values::value_at(properties, Some(&p))) else {
            continue;
        };
        let text = values::to_string(&value, false);
        if value.secret {
            secrets.push(text.clone());
        }
        out.push_str(&text);
    }
    Interpolated { arg: out.into(), secrets }
}

/// The access as a property path; `None` for an index that cannot be one (negative).
fn property_path(access: &PropertyAccess) -> Option<PropertyPath> {
    let accessors = access.accessors.iter().map(|a| match &a.accessor {
        Accessor::Name(k) | Accessor::Key(k) | Accessor::Invalid(k) => Some(path::Accessor::Key(k.clone())),
        Accessor::Index(i) => usize::try_from(*i).ok().map(path::Accessor::Index),
    });
    accessors.collect::<Option<Vec<_>>>().map(PropertyPath)
}

#[cfg(test)]
mod tests {
    use super::*;
    use escrot_esc::ValueRepr;

    fn props() -> BTreeMap<String, Value> {
        let mut db = BTreeMap::new();
        db.insert("password".to_owned(), Value::string("hunter2").with_secret(true));
        db.insert("ports".to_owned(), Value::new(ValueRepr::Array(vec![Value::string("5432")])));
        let mut p = BTreeMap::new();
        p.insert("db".to_owned(), Value::object(db));
        p.insert("host".to_owned(), Value::string("db.local"));
        p
    }

    fn run(arg: &str) -> (String, Vec<String>) {
        let i = interpolate(&OsString::from(arg), &props());
        (i.arg.into_string().unwrap(), i.secrets)
    }

    #[test]
    fn values_secrets_and_escapes() {
        assert_eq!(run("postgres://${host}:${db.ports[0]}/x"), ("postgres://db.local:5432/x".to_owned(), vec![]));
        assert_eq!(run("pw=${db[\"password\"]}"), ("pw=hunter2".to_owned(), vec!["hunter2".to_owned()]));
        assert_eq!(run("$${host} ${nope}!"), ("${host} !".to_owned(), vec![]));
        assert_eq!(run("${host"), ("${host".to_owned(), vec![]));
        assert_eq!(run("plain"), ("plain".to_owned(), vec![]));
    }
}
