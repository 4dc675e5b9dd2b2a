//! `escrot get NAME|FILE [PATH]`: show a definition (`--definition`), statically checked values
//! (`--value FORMAT`), or both with where the value was defined (the default), like
//! `esc env get`. Values come from a static check: providers are not opened.

use std::fmt::Write as _;
use std::io::Write;

use crate::args::GetArgs;
use crate::commands::open::{FileOutput, check_format, print_value};
use crate::commands::{Loaded, Origin, Target, file_error, load, report, store};
use crate::files::SourceMap;
use crate::output::values;
use crate::output::yaml::{self, Node};
use crate::{CliError, CliResult, EXIT_INVALID, EXIT_OK, Ui};
use escrot_esc::path::Accessor;
use escrot_esc::{self as esc, PropertyPath, Value};
use escrot_rotation::providers::Registry;

pub fn run(ui: &Ui, args: GetArgs) -> CliResult {
    if args.definition {
        let definition = match Target::classify(&args.file) {
            Target::File(path) => {
                let text = crate::files::read_definition(&path).map_err(file_error)?;
                definition(&text, args.path.as_ref(), args.show_secrets, &path.display().to_string())?
            }
            Target::Store(name) => {
                let ws = store::open_to_read(ui)?;
                let r = store::reference(&ws, &name)?;
                let rev = ws.lock().resolve(&r).map_err(store::read_error)?;
                let text = store::display(&ws, &r.name, &rev.yaml, args.show_secrets)?;
                // Secrets are already decrypted or redacted, every other byte as stored.
                definition(&text, args.path.as_ref(), true, &r.to_string())?
            }
        };
        let mut out = std::io::stdout().lock();
        out.write_all(definition.as_bytes())?;
        out.flush()?;
        return Ok(EXIT_OK);
    }
    if let Some(format) = args.value {
        check_format(format, args.path.is_some())?;
    }
    let loaded = load(ui, &args.file, &mut None)?;
    if report(ui, loaded.diags.clone(), &loaded.sources, &loaded.shown) {
        return Ok(EXIT_INVALID);
    }
    // A document with no content (empty, or only comments) is an empty environment.
    let empty = esc::ast::Environment::default();
    let ast = loaded.ast.as_ref().unwrap_or(&empty);
    let (env, diags) = loaded
        .with_options(&Registry::new(), args.show_secrets, |opts| esc::check_environment(&loaded.name, ast, opts));
    if report(ui, diags, &loaded.sources, &loaded.shown) {
        return Ok(EXIT_INVALID);
    }
    let env = env.unwrap_or_default();
    if let Some(format) = args.value {
        return print_value(ui, format, &env.properties, args.path.as_ref(), args.show_secrets, FileOutput::Pretended);
    }

    // The default: the value, its definition, and where it was defined.
    let value = values::value_at(&env.properties, args.path.as_ref());
    let definition = shown_definition(&loaded, args.path.as_ref(), args.show_secrets);
    let mut page = String::new();
    if let Some(value) = &value {
        let json = serde_json::to_string_pretty(&value.to_json(!args.show_secrets)).unwrap_or_default();
        let _ = write!(page, "# Value\n```json\n{json}\n```\n\n");
    }
    if let Some(definition) = &definition {
        let _ = write!(page, "# Definition\n```yaml\n{definition}```\n\n");
    }
    if let (Some(value), Some(_)) = (&value, &args.path) {
        let stack = defined_at(value, &loaded.sources);
        if !stack.is_empty() {
            page.push_str("# Defined at\n");
            for place in stack {
                let _ = writeln!(page, "- {place}");
            }
        }
    }
    if value.is_none() && definition.is_none() {
        return Err(CliError::invalid(format!(
            "'{}' has no value at '{}'",
            loaded.shown,
            args.path.map(|p| p.to_string()).unwrap_or_default()
        )));
    }
    let mut out = std::io::stdout().lock();
    out.write_all(page.trim_end().as_bytes())?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(EXIT_OK)
}

/// The definition the default output shows. For the store, the loaded text has its
/// secrets decrypted.
fn shown_definition(loaded: &Loaded, path: Option<&PropertyPath>, show_secrets: bool) -> Option<String> {
    match &loaded.origin {
        Origin::File(..) => definition(&loaded.text, path, show_secrets, &loaded.shown).ok(),
        Origin::Store { .. } => {
            let text = if show_secrets { loaded.text.clone() } else { esc::crypt::redact_document(&loaded.text) };
            definition(&text, path, true, &loaded.shown).ok()
        }
    }
}

/// Where a value was defined, and what it overrode: `file:line:col` for each.
fn defined_at(value: &Value, sources: &SourceMap) -> Vec<String> {
    let mut stack = Vec::new();
    let mut current = Some(value);
    while let Some(v) = current {
        if let Some(def) = &v.trace.def {
            stack.push(format!("{}:{}:{}", sources.display_path(&def.filename), def.start.line, def.start.column));
        }
        current = v.trace.base.as_deref();
    }
    stack
}

/// The YAML definition of the whole file, or of the sub-tree at `path` (under `values`,
/// or under the document root for paths that start with `imports`). Without
/// `show_secrets`, plaintext `fn::secret` values print as `[secret]`. The whole file is
/// printed as written (comments included) unless secrets had to be redacted.
fn definition(text: &str, path: Option<&PropertyPath>, show_secrets: bool, shown: &str) -> Result<String, CliError> {
    let parse_error = |e: String| CliError::invalid(format!("'{shown}' is not valid YAML: {e}"));
    let mut root = yaml::parse_definition(text).map_err(parse_error)?;
    let Some(path) = path else {
        if show_secrets || !redact_secrets(&mut root) {
            return Ok(text.to_owned());
        }
        return Ok(yaml::to_string(&root, 2));
    };
    let start = match path.0.first() {
        Some(Accessor::Key(k)) if k == "imports" => Some(&root),
        _ => root.get("values"),
    };
    let found = start.and_then(|node| lookup(node, path)).cloned();
    let Some(mut node) = found else {
        return Err(CliError::invalid(format!("'{shown}' has no definition at '{path}'")));
    };
    if !show_secrets {
        redact_secrets(&mut node);
    }
    Ok(yaml::to_string(&node, 2))
}

fn lookup<'a>(node: &'a Node, path: &PropertyPath) -> Option<&'a Node> {
    let mut current = node;
    for accessor in &path.0 {
        current = match (current, accessor) {
            (Node::Map(_), Accessor::Key(k)) => current.get(k)?,
            (Node::Seq(items), Accessor::Index(i)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(current)
}

/// Replaces every plaintext `fn::secret: VALUE` with `[secret]`; returns whether any was.
fn redact_secrets(node: &mut Node) -> bool {
    match node {
        Node::Map(entries) => {
            let mut any = false;
            for (k, v) in entries.iter_mut() {
                if k.scalar_text() == Some("fn::secret") && v.scalar_text().is_some() {
                    *v = Node::Str(esc::value::SECRET_JSON.to_owned());
                    any = true;
                } else {
                    any |= redact_secrets(v);
                }
            }
            any
        }
        Node::Seq(items) => items.iter_mut().fold(false, |any, item| redact_secrets(item) | any),
        _ => false,
    }
}
