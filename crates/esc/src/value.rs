//! Evaluated values as the outside world sees them (ESC's `esc.Value`): plain data plus
//! the two flags that travel with every value, `secret` and `unknown`.

use std::collections::BTreeMap;

use crate::diag::Range;
use crate::syntax::Number;

#[derive(Clone, Debug, PartialEq)]
pub enum ValueRepr {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(BTreeMap<String, Value>),
}

/// Where a value was defined (and, for merged values, what it overrode).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trace {
    pub def: Option<Range>,
    pub base: Option<Box<Value>>,
}

/// `Debug` never shows a secret (values print in panics and logs): secrets show as
/// `[secret]`.
#[derive(Clone, PartialEq)]
pub struct Value {
    pub repr: ValueRepr,
    pub secret: bool,
    pub unknown: bool,
    pub trace: Trace,
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.secret {
            return f.write_str("[secret]");
        }
        if self.unknown {
            return f.write_str("[unknown]");
        }
        match &self.repr {
            ValueRepr::Null => f.write_str("null"),
            ValueRepr::Bool(b) => write!(f, "{b}"),
            ValueRepr::Number(n) => f.write_str(n.as_str()),
            ValueRepr::String(s) => write!(f, "{s:?}"),
            ValueRepr::Array(a) => f.debug_list().entries(a).finish(),
            ValueRepr::Object(o) => f.debug_map().entries(o).finish(),
        }
    }
}

pub const UNKNOWN_JSON: &str = "[unknown]";
pub const SECRET_JSON: &str = "[secret]";

impl Value {
    pub fn new(repr: ValueRepr) -> Value {
        Value { repr, secret: false, unknown: false, trace: Trace::default() }
    }

    pub fn null() -> Value {
        Value::new(ValueRepr::Null)
    }

    pub fn string(s: impl Into<String>) -> Value {
        Value::new(ValueRepr::String(s.into()))
    }

    pub fn object(entries: BTreeMap<String, Value>) -> Value {
        Value::new(ValueRepr::Object(entries))
    }

    pub fn unknown() -> Value {
        Value { unknown: true, ..Value::null() }
    }

    pub fn with_secret(mut self, secret: bool) -> Value {
        self.secret = secret;
        self
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.repr {
            ValueRepr::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&BTreeMap<String, Value>> {
        match &self.repr {
            ValueRepr::Object(o) => Some(o),
            _ => None,
        }
    }

    /// Whether this value or anything inside it is secret.
    pub fn contains_secrets(&self) -> bool {
        self.secret
            || match &self.repr {
                ValueRepr::Array(a) => a.iter().any(Value::contains_secrets),
                ValueRepr::Object(o) => o.values().any(Value::contains_secrets),
                _ => false,
            }
    }

    /// The plain JSON form: unknown values become `"[unknown]"`, and, when `redact` is set,
    /// secrets become `"[secret]"`.
    pub fn to_json(&self, redact: bool) -> serde_json::Value {
        if self.secret && redact {
            return serde_json::Value::String(SECRET_JSON.into());
        }
        if self.unknown {
            return serde_json::Value::String(UNKNOWN_JSON.into());
        }
        match &self.repr {
            ValueRepr::Null => serde_json::Value::Null,
            ValueRepr::Bool(b) => serde_json::Value::Bool(*b),
            ValueRepr::Number(n) => number_to_json(n),
            ValueRepr::String(s) => serde_json::Value::String(s.clone()),
            ValueRepr::Array(a) => serde_json::Value::Array(a.iter().map(|v| v.to_json(redact)).collect()),
            ValueRepr::Object(o) => {
                serde_json::Value::Object(o.iter().map(|(k, v)| (k.clone(), v.to_json(redact))).collect())
            }
        }
    }

    /// Builds a value from plain JSON (no secrets, nothing unknown).
    pub fn from_json(json: &serde_json::Value) -> Value {
        Value::new(match json {
            serde_json::Value::Null => ValueRepr::Null,
            serde_json::Value::Bool(b) => ValueRepr::Bool(*b),
            serde_json::Value::Number(n) => ValueRepr::Number(Number(n.to_string())),
            serde_json::Value::String(s) => ValueRepr::String(s.clone()),
            serde_json::Value::Array(a) => ValueRepr::Array(a.iter().map(Value::from_json).collect()),
            serde_json::Value::Object(o) => {
                ValueRepr::Object(o.iter().map(|(k, v)| (k.clone(), Value::from_json(v))).collect())
            }
        })
    }
}

pub fn number_to_json(n: &Number) -> serde_json::Value {
    serde_json::from_str::<serde_json::Number>(n.as_str())
        .map(serde_json::Value::Number)
        .unwrap_or_else(|_| serde_json::Value::String(n.as_str().to_owned()))
}

impl Value {
    /// The lossless JSON form (ESC's detailed value without traces): every value is
    /// `{"value": …}` with `"secret": true` / `"unknown": true` when set. Secrets are in the
    /// clear: only for storage that is itself encrypted (the rotation journal).
    pub fn to_wire(&self) -> serde_json::Value {
        let value = match &self.repr {
            ValueRepr::Null => serde_json::Value::Null,
            ValueRepr::Bool(b) => serde_json::Value::Bool(*b),
            ValueRepr::Number(n) => number_to_json(n),
            ValueRepr::String(s) => serde_json::Value::String(s.clone()),
            ValueRepr::Array(a) => serde_json::Value::Array(a.iter().map(Value::to_wire).collect()),
            ValueRepr::Object(o) => {
                serde_json::Value::Object(o.iter().map(|(k, v)| (k.clone(), v.to_wire())).collect())
            }
        };
        let mut m = serde_json::Map::new();
        m.insert("value".into(), value);
        if self.secret {
            m.insert("secret".into(), serde_json::Value::Bool(true));
        }
        if self.unknown {
            m.insert("unknown".into(), serde_json::Value::Bool(true));
        }
        serde_json::Value::Object(m)
    }

    /// Reads [`Value::to_wire`]'s form back. `None` when `json` is not of that form.
    pub fn from_wire(json: &serde_json::Value) -> Option<Value> {
        let m = json.as_object()?;
        let flag = |k: &str| m.get(k).and_then(serde_json::Value::as_bool).unwrap_or(false);
        let repr = match m.get("value").unwrap_or(&serde_json::Value::Null) {
            serde_json::Value::Null => ValueRepr::Null,
            serde_json::Value::Bool(b) => ValueRepr::Bool(*b),
            serde_json::Value::Number(n) => ValueRepr::Number(Number(n.to_string())),
            serde_json::Value::String(s) => ValueRepr::String(s.clone()),
            serde_json::Value::Array(a) => ValueRepr::Array(a.iter().map(Value::from_wire).collect::<Option<_>>()?),
            serde_json::Value::Object(o) => ValueRepr::Object(
                o.iter().map(|(k, v)| Value::from_wire(v).map(|v| (k.clone(), v))).collect::<Option<_>>()?,
            ),
        };
        Some(Value { repr, secret: flag("secret"), unknown: flag("unknown"), trace: Trace::default() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secrets() {
        let mut o = BTreeMap::new();
        o.insert("password".to_owned(), Value::string("s3cret").with_secret(true));
        o.insert("user".to_owned(), Value::string("app"));
        assert_eq!(format!("{:?}", Value::object(o)), r#"{"password": [secret], "user": "app"}"#);
    }

    #[test]
    fn wire_round_trip() {
        let mut o = BTreeMap::new();
        o.insert("user".to_owned(), Value::string("app_a"));
        o.insert("password".to_owned(), Value::string("s3cret").with_secret(true));
        o.insert("n".to_owned(), Value::from_json(&serde_json::json!([1, 2.5, null, true])));
        let v = Value::object(o);
        assert_eq!(Value::from_wire(&v.to_wire()), Some(v));
    }
}
