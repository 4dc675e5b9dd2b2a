//! Printing evaluated values the way `esc env open` / `esc env get --value` do:
//! `json`, `yaml`, `dotenv`, `shell` and `string`. Secrets are `[secret]` unless
//! `redact` is false; values that could not be evaluated are `[unknown]`.

use std::collections::BTreeMap;

use crate::exported::Exports;
use crate::output::yaml;
use escrot_esc::gofmt::go_quote;
use escrot_esc::path::Accessor;
use escrot_esc::{PropertyPath, Value, ValueRepr};

use clap::ValueEnum;

/// How `open` and `get --value` print values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ValueFormat {
    /// JSON, indented
    Json,
    /// YAML
    Yaml,
    /// `NAME="value"` lines from `environmentVariables`
    Dotenv,
    /// `export NAME="value"` lines from `environmentVariables`
    Shell,
    /// The value as a plain string
    String,
}

impl ValueFormat {
    pub fn name(self) -> &'static str {
        match self {
            ValueFormat::Json => "json",
            ValueFormat::Yaml => "yaml",
            ValueFormat::Dotenv => "dotenv",
            ValueFormat::Shell => "shell",
            ValueFormat::String => "string",
        }
    }
}

/// The value at `path` (the whole environment without a path); `None` when there is none.
pub fn value_at(properties: &BTreeMap<String, Value>, path: Option<&PropertyPath>) -> Option<Value> {
    let Some(path) = path else { return Some(Value::object(properties.clone())) };
    let mut accessors = path.0.iter();
    let mut current = match accessors.next()? {
        Accessor::Key(k) => properties.get(k)?,
        Accessor::Index(_) => return None,
    };
    for accessor in accessors {
        current = match (&current.repr, accessor) {
            (ValueRepr::Object(o), Accessor::Key(k)) => o.get(k)?,
            (ValueRepr::Array(a), Accessor::Index(i)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(current.clone())
}

/// ESC's `Value.ToString`: scalars as text, arrays as `"a","b"`, objects as `"k"="v",…`.
pub fn to_string(v: &Value, redact: bool) -> String {
    if v.unknown {
        return escrot_esc::value::UNKNOWN_JSON.to_owned();
    }
    if v.secret && redact {
        return escrot_esc::value::SECRET_JSON.to_owned();
    }
    match &v.repr {
        ValueRepr::Null => String::new(),
        ValueRepr::Bool(b) => b.to_string(),
        ValueRepr::Number(n) => n.as_str().to_owned(),
        ValueRepr::String(s) => s.clone(),
        ValueRepr::Array(a) => a.iter().map(|v| go_quote(&to_string(v, redact))).collect::<Vec<_>>().join(","),
        ValueRepr::Object(o) => o
            .iter()
            .map(|(k, v)| format!("{}={}", go_quote(k), go_quote(&to_string(v, redact))))
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// The `NAME="value"` pairs of an environment, as ESC's `PrepareEnvironment` makes them:
/// the scalars of `environmentVariables`, then the `files`, each sorted by name. A file's
/// value is its path in `file_paths` (where it was written), else `[unknown]` (not written:
/// ESC's "pretend" mode).
pub fn environment_variables(
    properties: &BTreeMap<String, Value>,
    redact: bool,
    file_paths: &BTreeMap<String, String>,
) -> Vec<String> {
    let exports = Exports::of(properties);
    let mut pairs = Vec::new();
    for var in &exports.variables {
        let text = if var.secret && redact { escrot_esc::value::SECRET_JSON } else { &var.text };
        pairs.push(format!("{}={}", var.name, go_quote(text)));
    }
    for file in &exports.files {
        let path = file_paths.get(&file.name).map_or(escrot_esc::value::UNKNOWN_JSON, String::as_str);
        pairs.push(format!("{}={}", file.name, go_quote(path)));
    }
    pairs
}

/// Renders `value` (the value at the chosen path) in `format`. `properties` is the whole
/// environment, which `dotenv` and `shell` read, with `file_paths` where its files were
/// written.
pub fn render(
    format: ValueFormat,
    properties: &BTreeMap<String, Value>,
    value: &Value,
    redact: bool,
    file_paths: &BTreeMap<String, String>,
) -> String {
    match format {
        ValueFormat::Json => {
            let json = value.to_json(redact);
            let mut s = serde_json::to_string_pretty(&json).unwrap_or_else(|_| "null".to_owned());
            s.push('\n');
            s
        }
        ValueFormat::Yaml => yaml::to_string(&yaml::Node::from_json(&value.to_json(redact)), 3),
        ValueFormat::Dotenv => {
            environment_variables(properties, redact, file_paths).into_iter().map(|kv| kv + "\n").collect()
        }
        ValueFormat::Shell => environment_variables(properties, redact, file_paths)
            .into_iter()
            .map(|kv| format!("export {kv}\n"))
            .collect(),
        ValueFormat::String => to_string(value, redact) + "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use escrot_esc::syntax::Number;

    fn props() -> BTreeMap<String, Value> {
        let mut vars = BTreeMap::new();
        vars.insert("PASSWORD".to_owned(), Value::string("hunter2").with_secret(true));
        vars.insert("URL".to_owned(), Value::string("https://x/\"q\""));
        vars.insert("PORT".to_owned(), Value::new(ValueRepr::Number(Number("5432".into()))));
        vars.insert("LIST".to_owned(), Value::new(ValueRepr::Array(vec![Value::string("a")])));
        let mut p = BTreeMap::new();
        p.insert("environmentVariables".to_owned(), Value::object(vars));
        p.insert("n".to_owned(), Value::new(ValueRepr::Array(vec![Value::string("x"), Value::unknown()])));
        p
    }

    #[test]
    fn dotenv_and_shell() {
        let p = props();
        let v = Value::null();
        assert_eq!(
            render(ValueFormat::Dotenv, &p, &v, true, &BTreeMap::new()),
            "PASSWORD=\"[secret]\"\nPORT=\"5432\"\nURL=\"https://x/\\\"q\\\"\"\n"
        );
        assert!(
            render(ValueFormat::Shell, &p, &v, false, &BTreeMap::new()).starts_with("export PASSWORD=\"hunter2\"\n")
        );
    }

    #[test]
    fn paths_and_strings() {
        let p = props();
        let path = PropertyPath::parse("n[0]").unwrap();
        assert_eq!(to_string(&value_at(&p, Some(&path)).unwrap(), true), "x");
        let path = PropertyPath::parse("n").unwrap();
        assert_eq!(to_string(&value_at(&p, Some(&path)).unwrap(), true), "\"x\",\"[unknown]\"");
        assert!(value_at(&p, Some(&PropertyPath::parse("n.x").unwrap())).is_none());
        assert!(value_at(&p, Some(&PropertyPath::parse("nope").unwrap())).is_none());
    }
}
