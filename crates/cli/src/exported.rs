//! What an environment exports to a process, as ESC's `PrepareEnvironment` makes it: the
//! scalars of its top-level `environmentVariables`, as text, and its `files` — scalars
//! too, each written to a temporary file (mode 0600) whose path is exported under its key.
//! `run` writes the files into a private directory it removes when the command exits;
//! `open --format dotenv|shell` leaves them for the shell that reads its output (as ESC's
//! `open` does); both through `crate::private_temp`.

use std::collections::BTreeMap;

use crate::output::values;
use escrot_esc::{Value, ValueRepr};

/// An exported name and its text (ESC's `Value.ToString`, never redacted: the program gets
/// the real value), with whether it is secret.
pub struct Exported {
    pub name: String,
    pub text: String,
    pub secret: bool,
}

/// The variables and files of an environment, each sorted by name.
pub struct Exports {
    pub variables: Vec<Exported>,
    pub files: Vec<Exported>,
}

impl Exports {
    pub fn of(properties: &BTreeMap<String, Value>) -> Exports {
        Exports { variables: scalars(properties, "environmentVariables"), files: scalars(properties, "files") }
    }

    /// The secret values among the variables and the files' contents: what `run` redacts
    /// from the command's output.
    pub fn secrets(&self) -> impl Iterator<Item = &str> {
        self.variables.iter().chain(&self.files).filter(|e| e.secret).map(|e| e.text.as_str())
    }
}

/// ESC's `GetEnvironmentVariables` and `GetTemporaryFiles`: the null, boolean, number and
/// string properties of the object `key` (arrays and objects are left out), as text; an
/// unknown value is `[unknown]`.
fn scalars(properties: &BTreeMap<String, Value>, key: &str) -> Vec<Exported> {
    let Some(object) = properties.get(key).and_then(Value::as_object) else { return Vec::new() };
    object
        .iter()
        .filter(|(_, v)| {
            v.unknown
                || matches!(v.repr, ValueRepr::Null | ValueRepr::Bool(_) | ValueRepr::Number(_) | ValueRepr::String(_))
        })
        .map(|(name, v)| Exported { name: name.clone(), text: values::to_string(v, false), secret: v.secret })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_only_as_text() {
        let mut vars = BTreeMap::new();
        vars.insert("A".to_owned(), Value::string("x").with_secret(true));
        vars.insert("B".to_owned(), Value::new(ValueRepr::Bool(true)));
        vars.insert("C".to_owned(), Value::new(ValueRepr::Array(vec![])));
        vars.insert("D".to_owned(), Value::unknown());
        let mut p = BTreeMap::new();
        p.insert("environmentVariables".to_owned(), Value::object(vars));
        let e = Exports::of(&p);
        let got: Vec<_> = e.variables.iter().map(|v| (v.name.as_str(), v.text.as_str(), v.secret)).collect();
        assert_eq!(got, [("A", "x", true), ("B", "true", false), ("D", "[unknown]", false)]);
        assert_eq!(e.secrets().collect::<Vec<_>>(), ["x"]);
        assert!(e.files.is_empty());
    }
}
