//! `escrot check NAME|FILE…`: static validation for CI.
//!
//! Each environment (of the store, or in a file) is loaded and checked without opening providers; every diagnostic is printed
//! (as text, JSON or GitHub workflow commands) and the exit code is 2 when any file has
//! an error.

use std::io::Write;

use crate::cli::args::{CheckArgs, CheckFormat};
use crate::cli::commands::{Target, load};
use crate::cli::workspace::Workspace;
use crate::cli::{CliResult, EXIT_INVALID, EXIT_OK, Ui};
use crate::esc::{self, Diagnostic, Severity};
use crate::files::SourceMap;
use crate::output::diagnostics::{self, Located};

pub fn run(ui: &Ui, args: CheckArgs) -> CliResult {
    let mut json = Vec::new();
    let (mut errors, mut warnings) = (0, 0);
    let mut out = ui.stdout();
    let mut ws = None;
    for path in &args.files {
        let (items, sources) = check_file(ui, path, &mut ws);
        for item in &items {
            match item.diag.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
        }
        match args.format {
            CheckFormat::Text => out.write_all(diagnostics::render_text(&items, &sources).as_bytes())?,
            CheckFormat::Github => out.write_all(diagnostics::render_github(&items, &sources).as_bytes())?,
            CheckFormat::Json => json.extend(diagnostics::json_values(&items, &sources)),
        }
    }
    if args.format == CheckFormat::Json {
        out.write_all(diagnostics::json_array(json).as_bytes())?;
    }
    out.flush()?;
    drop(out);

    if args.format == CheckFormat::Text && !ui.quiet {
        let all_files = args.files.iter().all(|f| matches!(Target::classify(f), Target::File(_)));
        let files = plural(args.files.len(), if all_files { "file" } else { "environment" });
        let summary = match (errors, warnings) {
            (0, 0) => format!("Checked {files}: no problems found."),
            (e, 0) => format!("Checked {files}: {}.", plural(e, "error")),
            (0, w) => format!("Checked {files}: {}.", plural(w, "warning")),
            (e, w) => format!("Checked {files}: {}, {}.", plural(e, "error"), plural(w, "warning")),
        };
        let _ = writeln!(ui.stderr(), "{summary}");
    }
    Ok(if errors > 0 { EXIT_INVALID } else { EXIT_OK })
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// The sorted load and check diagnostics of one environment, and the sources they point
/// into.
fn check_file(ui: &Ui, path: &std::path::Path, ws: &mut Option<Workspace>) -> (Vec<Located>, SourceMap) {
    let loaded = match load(ui, path, ws) {
        Ok(l) => l,
        Err(e) => {
            // A file's error starts with its quoted path; the diagnostic names the file already.
            let shown = path.display().to_string();
            let reason = e.message.strip_prefix(&format!("'{shown}': ")).unwrap_or(&e.message).to_owned();
            let diag = Diagnostic::error(None, reason, "");
            return (vec![Located::new(diag, Some(shown))], SourceMap::default());
        }
    };
    let shown = loaded.shown.clone();
    ui.verbose(format_args!("checking {shown} (environment \"{}\")", loaded.name));
    let mut diags = loaded.diags.clone();
    if let Some(env) = &loaded.ast {
        let (_, check_diags) = loaded.with_options(false, |opts| esc::check_environment(&loaded.name, env, opts));
        diags.extend(check_diags);
    }
    esc::diag::sort(&mut diags);
    let items =
        diags.into_iter().filter(|d| d.is_error() || !ui.quiet).map(|d| Located::new(d, Some(shown.clone()))).collect();
    (items, loaded.sources)
}
