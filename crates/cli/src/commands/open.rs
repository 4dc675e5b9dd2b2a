//! `escrot open NAME|FILE [PATH]`: evaluate an environment, opening its providers, and print
//! its values like `esc env open` (but with secrets redacted unless `--show-secrets`).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use crate::args::{OpenArgs, ProviderArgs, ValueFormat};
use crate::commands::{Loaded, Origin, file_key, load, registry, report};
use crate::exported::Exports;
use crate::output::values;
use crate::private_temp;
use crate::{CliError, CliResult, EXIT_FAILED, EXIT_INVALID, EXIT_OK, Ui};
use escrot_esc::{self as esc, Value};
use escrot_rotation::target::FileTarget;

pub fn run(ui: &Ui, args: OpenArgs) -> CliResult {
    check_format(args.format, args.path.is_some())?;
    let env = evaluate(ui, &args.file, &args.providers, args.show_secrets)?;
    print_value(ui, args.format, &env.properties, args.path.as_ref(), args.show_secrets, FileOutput::Written)
}

/// Loads the environment `file` designates and evaluates it, opening its providers (what
/// `open` and `run` share). Its diagnostics are printed; with errors, the error ends the
/// command with no message of its own: exit code 2 for a definition that does not load,
/// 1 for an evaluation that failed.
pub fn evaluate(
    ui: &Ui,
    file: &Path,
    providers: &ProviderArgs,
    show_secrets: bool,
) -> Result<esc::Environment, CliError> {
    let reported = |code| CliError { message: String::new(), code };
    let loaded = load(ui, file, &mut None)?;
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
        return Err(reported(EXIT_INVALID));
    }
    // A document with no content (empty, or only comments) is an empty environment.
    let empty = esc::ast::Environment::default();
    let ast = loaded.ast.as_ref().unwrap_or(&empty);
    let (env, diags) =
        loaded.with_options(&registry(providers), show_secrets, |opts| esc::eval_environment(&loaded.name, ast, opts));
    if report(ui, diags, &loaded.sources, &loaded.shown) {
        return Err(reported(EXIT_FAILED));
    }
    hint_unrotated(ui, &loaded, ast);
    Ok(env.unwrap_or_default())
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

/// What `dotenv` and `shell` do with the environment's `files`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FileOutput {
    /// Written to temporary files that are left for the shell reading the output, their
    /// paths printed (ESC's `open`). A file holding a secret is written only when secrets
    /// are shown; else its path prints as `[secret]`, like a secret variable.
    Written,
    /// Not written: their paths print as `[unknown]` (ESC's "pretend", as in `get`).
    Pretended,
}

/// Prints the value at `path` (null, with a warning, when there is none).
pub fn print_value(
    ui: &Ui,
    format: ValueFormat,
    properties: &std::collections::BTreeMap<String, Value>,
    path: Option<&esc::PropertyPath>,
    show_secrets: bool,
    files: FileOutput,
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
    let mut file_paths = BTreeMap::new();
    if matches!(format, ValueFormat::Dotenv | ValueFormat::Shell) {
        let exports = Exports::of(properties);
        match files {
            FileOutput::Written => file_paths = write_kept_files(ui, &exports, show_secrets)?,
            FileOutput::Pretended if !exports.files.is_empty() => {
                ui.verbose("note: `files` are not written here; their paths print as [unknown] (`open` writes them)")
            }
            FileOutput::Pretended => {}
        }
    }
    let text = values::render(format, properties, &value, !show_secrets, &file_paths);
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(EXIT_OK)
}

/// Writes the environment's files for `open --format dotenv|shell`, to be read by whoever
/// evaluates the output: they stay (removing them is the reader's business, as with ESC).
fn write_kept_files(ui: &Ui, exports: &Exports, show_secrets: bool) -> Result<BTreeMap<String, String>, CliError> {
    let dir = private_temp::temporary_root();
    let shown = exports.files.iter().filter(|f| show_secrets || !f.secret);
    let written = private_temp::write_files(&dir, shown)
        .map_err(|e| CliError::failed(format!("cannot write the environment's files to {}: {e}", dir.display())))?;
    let mut paths: BTreeMap<String, String> =
        written.into_iter().map(|(name, path)| (name, path.display().to_string())).collect();
    for file in exports.files.iter().filter(|f| !show_secrets && f.secret) {
        paths.insert(file.name.clone(), escrot_esc::value::SECRET_JSON.to_owned());
    }
    if !paths.is_empty() {
        ui.verbose(format!("note: the files were written to {}; they are left for you to remove", dir.display()));
    }
    Ok(paths)
}
