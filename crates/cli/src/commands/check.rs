//! `escrot check NAME|FILE…`: static validation for CI.
//!
//! Each environment (of the store, or in a file) is loaded and checked without opening providers; every diagnostic is printed
//! (as text, JSON or GitHub workflow commands) and the exit code is 2 when any file has
//! an error, or 1 when `--live` found that a rotation would fail (as `rotate --dry-run`).

use std::io::Write;

use crate::args::{CheckArgs, CheckFormat};
use crate::commands::{Target, load, registry};
use crate::files::SourceMap;
use crate::output::diagnostics::{self, Located};
use crate::workspace::Workspace;
use crate::{CliResult, EXIT_FAILED, EXIT_INVALID, EXIT_OK, Ui};
use escrot_esc::{self as esc, Diagnostic, Severity};
use escrot_rotation::providers::Registry;

pub fn run(ui: &Ui, args: CheckArgs) -> CliResult {
    let mut json = Vec::new();
    let (mut errors, mut warnings, mut live_failures) = (0, 0, 0);
    let mut out = ui.stdout();
    let mut ws = None;
    let providers = registry(&args.providers);
    for path in &args.files {
        let (items, sources, live) = check_file(ui, path, &mut ws, &providers, args.live);
        live_failures += live;
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
    // A live failure is a rotation that would fail, not a definition error.
    Ok(if errors > live_failures {
        EXIT_INVALID
    } else if live_failures > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// The sorted load and check diagnostics of one environment, the sources they point
/// into, and how many of the errors are live checks that failed.
fn check_file(
    ui: &Ui,
    path: &std::path::Path,
    ws: &mut Option<Workspace>,
    providers: &Registry,
    live: bool,
) -> (Vec<Located>, SourceMap, usize) {
    let loaded = match load(ui, path, ws) {
        Ok(l) => l,
        Err(e) => {
            // A file's error starts with its quoted path; the diagnostic names the file already.
            let shown = path.display().to_string();
            let reason = e.message.strip_prefix(&format!("'{shown}': ")).unwrap_or(&e.message).to_owned();
            let diag = Diagnostic::error(None, reason, "");
            return (vec![Located::new(diag, Some(shown))], SourceMap::default(), 0);
        }
    };
    let shown = loaded.shown.clone();
    ui.verbose(format_args!("checking {shown} (environment \"{}\")", loaded.name));
    let mut diags = loaded.diags.clone();
    let mut live_failures = 0;
    if let Some(env) = &loaded.ast {
        let (_, check_diags) =
            loaded.with_options(providers, false, |opts| esc::check_environment(&loaded.name, env, opts));
        diags.extend(check_diags);
        if live && !esc::diag::has_errors(&diags) {
            let live = check_live(ui, &loaded, env, providers);
            live_failures = live.iter().filter(|d| d.is_error()).count();
            diags.extend(live);
        }
    }
    esc::diag::sort(&mut diags);
    let items =
        diags.into_iter().filter(|d| d.is_error() || !ui.quiet).map(|d| Located::new(d, Some(shown.clone()))).collect();
    (items, loaded.sources, live_failures)
}

/// `--live`: each rotator's read-only preflight (what `rotate --dry-run` runs), with its
/// inputs evaluated as for a rotation. What it finds is printed to stderr; a failure is an
/// error diagnostic at the rotator's path.
fn check_live(
    ui: &Ui,
    loaded: &crate::commands::Loaded,
    env: &esc::ast::Environment,
    registry: &Registry,
) -> Vec<Diagnostic> {
    use escrot_rotation::plan::{self, Preflight, Services};
    let nodes = plan::rotate_nodes(env);
    if nodes.is_empty() {
        return Vec::new();
    }
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return vec![Diagnostic::error(None, format!("cannot start the async runtime: {e}"), "")],
    };
    let results = loaded.with_options(registry, false, |opts| {
        let services = Services {
            decrypter: opts.decrypter,
            providers: opts.providers,
            environments: opts.environments,
            exec_context: opts.exec_context.clone(),
        };
        runtime.block_on(plan::preflight(&loaded.name, env, &services, registry.rotators(), &nodes))
    });
    let mut diags = Vec::new();
    for result in results {
        let node = &result.node;
        let failed = |reason: &dyn std::fmt::Display| {
            Diagnostic::error(
                None,
                format!("live check of {} ({}) failed: {reason}", node.path, node.rotator),
                format!("values.{}", node.path),
            )
        };
        match &result.preflight {
            // Only the output of another rotation is expected to be unknown here (it is
            // rotated first); anything else would fail the rotation too.
            Preflight::After(others) => ui.verbose(format_args!(
                "{}: {}: not checked live (its inputs use the output of {}, which is rotated first)",
                loaded.shown,
                node.path,
                others.join(", ")
            )),
            Preflight::NotEvaluable(reason) => diags.push(failed(reason)),
            Preflight::Failed(e) => diags.push(failed(e)),
            Preflight::Passed(lines) if !ui.quiet => {
                for line in lines {
                    let _ = writeln!(ui.stderr(), "{}: {} ({}): {line}", loaded.shown, node.path, node.rotator);
                }
            }
            Preflight::Passed(_) => {}
        }
    }
    diags
}
