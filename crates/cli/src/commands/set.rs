//! `escrot set NAME PATH VALUE [--secret] [--string]`: change one value of a definition and
//! commit it as a new revision, like `esc env set`. Only the bytes of that value change.
//! A secret need not be on the command line (where `ps` shows it): VALUE `-` reads standard
//! input, and `--secret` without VALUE asks for it on the terminal without echo.

use std::io::Write;

use serde_json::Value as Json;

use crate::args::SetArgs;
use crate::commands::store;
use crate::{CliError, CliResult, EXIT_OK, Ui};
use escrot_esc::PropertyPath;
use escrot_esc::path::Accessor;

pub fn run(ui: &Ui, args: SetArgs) -> CliResult {
    let ws = store::open(ui)?;
    let name = ws.name(&args.name)?;
    if args.path.0.is_empty() {
        return Err(CliError::invalid("the path must name a value, e.g. `app.url`"));
    }
    let text = value_text(&args)?;
    let mut value = if args.string { Json::String(text.to_string()) } else { parse_value(&text)? };
    if args.secret {
        let text = match value {
            Json::String(s) => s,
            Json::Array(_) | Json::Object(_) => {
                return Err(CliError::invalid(
                    "--secret takes a single value (a string), not a list or an object; set each secret separately",
                ));
            }
            // `--secret 42` keeps what was typed, as a string (secrets are strings).
            _ => text.to_string(),
        };
        value = serde_json::json!({ "fn::secret": text });
    }
    let path = document_path(&args.path);

    let saved = store::save_path_edit(ui, &ws, &name, |latest| {
        let edited = escrot_esc::yaml::set(latest, &path, &value)
            .map_err(|e| CliError::invalid(format!("cannot set '{}' in environment '{name}': {e}", args.path)))?;
        // Encrypts the new secret, if any; the secrets already there keep their ciphertexts.
        let yaml = store::encrypt(&ws, &name, &edited)?;
        Ok((yaml != latest).then_some(yaml))
    })?;
    if saved.is_none() && !ui.quiet {
        let _ = writeln!(ui.stderr(), "Environment '{name}' already has this value at '{}': no changes.", args.path);
    }
    Ok(EXIT_OK)
}

/// VALUE as given: the argument; standard input for `-`; and for `--secret` without VALUE,
/// the terminal (without echo) or, when standard input is not one, standard input.
fn value_text(args: &SetArgs) -> Result<zeroize::Zeroizing<String>, CliError> {
    use std::io::IsTerminal;
    let text = match args.value.as_deref() {
        Some("-") => read_stdin()?,
        Some(v) => v.to_owned(),
        None if std::io::stdin().is_terminal() => rpassword::prompt_password(format!("Value of {}: ", args.path))
            .map_err(|e| CliError::invalid(format!("cannot read the value from the terminal: {e}")))?,
        None => read_stdin()?,
    };
    Ok(zeroize::Zeroizing::new(text))
}

/// Standard input, without the one line break that ends it (`echo`, a here-string).
fn read_stdin() -> Result<String, CliError> {
    let mut text = crate::files::read_definition_from_stdin().map_err(super::file_error)?;
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    Ok(text)
}

/// `PATH` is under `values`, unless it starts with `imports` (as in `esc env set`).
pub fn document_path(path: &PropertyPath) -> PropertyPath {
    match path.0.first() {
        Some(Accessor::Key(k)) if k == "imports" => path.clone(),
        _ => {
            let mut full = vec![Accessor::Key("values".to_owned())];
            full.extend(path.0.iter().cloned());
            PropertyPath(full)
        }
    }
}

/// Reads a command-line value as YAML (one document), as `esc env set` does; an empty
/// argument is the empty string.
pub fn parse_value(text: &str) -> Result<Json, CliError> {
    use saphyr::{Yaml, YamlLoader};
    if text.trim().is_empty() {
        return Ok(Json::String(text.to_owned()));
    }
    let invalid = |e: String| {
        CliError::invalid(format!("the value is not valid YAML ({e}); use --string to set it as a string as it is"))
    };
    let mut loader: YamlLoader<'_, Yaml<'_>> = YamlLoader::default();
    loader.early_parse(false);
    let mut parser = saphyr_parser::Parser::new_from_str(text);
    parser.load(&mut loader, true).map_err(|e| invalid(e.to_string()))?;
    if let Some(e) = loader.error() {
        return Err(invalid(e.to_string()));
    }
    let docs = loader.into_documents();
    match docs.as_slice() {
        [doc] => to_json(doc).map_err(invalid),
        _ => Err(invalid("expected one YAML document".to_owned())),
    }
}

fn to_json(y: &saphyr::Yaml<'_>) -> Result<Json, String> {
    use saphyr::{Scalar, ScalarStyle, Yaml};
    Ok(match y {
        Yaml::Representation(text, ScalarStyle::Plain, _) => match Scalar::parse_from_cow(text.clone()) {
            Scalar::Null => Json::Null,
            Scalar::Boolean(b) => Json::Bool(b),
            Scalar::Integer(i) => Json::from(i),
            Scalar::FloatingPoint(f) => match serde_json::from_str::<serde_json::Number>(text) {
                Ok(n) => Json::Number(n),
                Err(_) => serde_json::Number::from_f64(*f).map_or_else(|| Json::String(text.to_string()), Json::Number),
            },
            Scalar::String(s) => Json::String(s.to_string()),
        },
        Yaml::Representation(text, _, _) => Json::String(text.to_string()),
        Yaml::Value(Scalar::String(s)) => Json::String(s.to_string()),
        Yaml::Value(Scalar::Null) => Json::Null,
        Yaml::Value(Scalar::Boolean(b)) => Json::Bool(*b),
        Yaml::Value(Scalar::Integer(i)) => Json::from(*i),
        Yaml::Value(Scalar::FloatingPoint(f)) => {
            serde_json::Number::from_f64(**f).map_or_else(|| Json::String(f.to_string()), Json::Number)
        }
        Yaml::Sequence(items) => Json::Array(items.iter().map(to_json).collect::<Result<_, _>>()?),
        Yaml::Mapping(m) => {
            let mut out = serde_json::Map::new();
            for (k, v) in m {
                let key = match to_json(k)? {
                    Json::String(s) => s,
                    other => other.to_string(),
                };
                out.insert(key, to_json(v)?);
            }
            Json::Object(out)
        }
        Yaml::Tagged(_, inner) => to_json(inner)?,
        Yaml::Alias(_) => return Err("aliases are not supported".to_owned()),
        Yaml::BadValue => return Err("unreadable value".to_owned()),
    })
}
