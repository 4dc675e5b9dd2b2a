//! `escrot open NAME|FILE [PATH]`: evaluate an environment, opening its providers, and print
//! its values like `esc env open` (but with secrets redacted unless `--show-secrets`).

use std::io::Write;

use crate::args::{OpenArgs, ValueFormat};
use crate::commands::{Loaded, Origin, file_key, load, registry, report};
use crate::output::values;
use crate::{CliError, CliResult, EXIT_FAILED, EXIT_INVALID, EXIT_OK, Ui};
use escrot_esc::{self as esc, Value};
use escrot_rotation::target::FileTarget;

pub fn run(ui: &Ui, args: OpenArgs) -> CliResult {
    check_format(args.format, args.path.is_some())?;
    let loaded = load(ui, &args.file, &mut None)?;
    // A file's secrets need the key that encrypted them: without it (or with another), a
    // configuration error before anything is opened.
    if let Origin::File(path, key) = &loaded.origin {
        match key {
            Some(key) => file_key::refuse_wrong_key(path, &loaded.text, key)?,
            None if file_key::holds_ciphertexts(&loaded.text) => {
                return Err(file_key::missing_key(ui, path, &FileTarget::journal_path_of(path))?);
            }
            None => {}
        }
    }
    if report(ui, loaded.diags.clone(), &loaded.sources, &loaded.shown) {
        return Ok(EXIT_INVALID);
    }
    // A document with no content (empty, or only comments) is an empty environment.
    let empty = esc::ast::Environment::default();
    let ast = loaded.ast.as_ref().unwrap_or(&empty);
    let (env, diags) = loaded.with_options(&registry(&args.providers), args.show_secrets, |opts| {
        esc::eval_environment(&loaded.name, ast, opts)
    });
    if report(ui, diags, &loaded.sources, &loaded.shown) {
        return Ok(EXIT_FAILED);
    }
    hint_unrotated(ui, &loaded, ast);
    let env = env.unwrap_or_default();
    print_value(ui, args.format, &env.properties, args.path.as_ref(), args.show_secrets)
}

/// Says how to give a value to the rotators that have none yet (the evaluator warned about
/// each: their values are unknown).
fn hint_unrotated(ui: &Ui, loaded: &Loaded, ast: &esc::ast::Environment) {
    if ui.quiet || escrot_rotation::plan::unrotated_nodes(ast).is_empty() {
        return;
    }
    let command = match &loaded.origin {
        Origin::File(path, _) => format!("escrot rotate --file {}", path.display()),
        Origin::Store { env, .. } => format!("escrot rotate {env}"),
    };
    let style = anstyle::AnsiColor::Cyan.on_default().bold();
    let _ = writeln!(ui.stderr(), "{style}hint:{style:#} run `{command}` to give them values");
}

/// `dotenv` and `shell` print the whole `environmentVariables`: they take no path.
pub fn check_format(format: ValueFormat, has_path: bool) -> Result<(), CliError> {
    if has_path && matches!(format, ValueFormat::Dotenv | ValueFormat::Shell) {
        return Err(CliError::invalid(format!(
            "output format '{}' may not be used with a property path",
            format.name()
        )));
    }
    Ok(())
}

/// Prints the value at `path` (null, with a warning, when there is none).
pub fn print_value(
    ui: &Ui,
    format: ValueFormat,
    properties: &std::collections::BTreeMap<String, Value>,
    path: Option<&esc::PropertyPath>,
    show_secrets: bool,
) -> CliResult {
    let value = values::value_at(properties, path).unwrap_or_else(|| {
        if let Some(path) = path
            && !ui.quiet
        {
            let style = anstyle::AnsiColor::Yellow.on_default().bold();
            let _ = writeln!(ui.stderr(), "{style}warning:{style:#} the environment has no value at '{path}'");
        }
        Value::null()
    });
    if matches!(format, ValueFormat::Dotenv | ValueFormat::Shell) && properties.contains_key("files") && !ui.quiet {
        ui.verbose("note: escrot does not write `files` to temporary files; their paths print as [unknown]");
    }
    let text = values::render(format, properties, &value, !show_secrets);
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(EXIT_OK)
}
