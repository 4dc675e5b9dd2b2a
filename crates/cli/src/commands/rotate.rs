//! `escrot rotate`: rotations through the rotation engine, on an environment of the store
//! or (`--file`) on a YAML file.

use std::io::Write;
use std::time::Duration;

use crate::args::{RotateArgs, RotateOutput};
use std::sync::Arc;

use crate::commands::file_key;
use crate::files::{self, FileEnvironmentLoader, SourceMap};
use crate::output::duration::duration;
use crate::output::table;
use crate::workspace::{Workspace, author, store_error};
use crate::{CliError, CliResult, EXIT_FAILED, EXIT_OK, Ui};
use escrot_esc::provider::{Decrypter, EnvironmentLoader};
use escrot_esc::{self as esc, ExecContext, crypt};
use escrot_rotation::lock::LockWait;
use escrot_rotation::plan::{self, PathPreflight, Preflight, RotateNode, Services};
use escrot_rotation::providers::Registry;
use escrot_rotation::target::{FileTarget, StoreTarget, Target};
use escrot_rotation::trace::{TracedRotator, TracedTarget};
use escrot_rotation::{Engine, EngineError, PathOutcome, RotateOptions, RotationReport};
use escrot_store::RotationResult;
use escrot_store::StoreKey;

pub fn run(ui: &Ui, mut args: RotateArgs) -> CliResult {
    if args.due.due {
        return super::rotate_due::run(ui, &args);
    }
    // With --file there is no environment name: the first positional is a path.
    if args.file.is_some()
        && let Some(first) = args.name.take()
    {
        args.paths.insert(0, first);
    }
    if args.name.as_deref().is_some_and(|n| n.contains('@')) {
        return Err(CliError::invalid("the rotate command does not accept environments at specific versions"));
    }
    let registry = super::registry(&args.providers);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::failed(format!("cannot start the async runtime: {e}")))?;
    let progress = spinner(ui);
    match (&args.file, args.name.as_deref()) {
        (Some(path), _) => {
            if !path.is_file() {
                return Err(CliError::invalid(format!("{}: no such file", path.display())));
            }
            let key = file_key(ui, path, args.dry_run)?;
            let name = files::environment_name(path);
            let loader = FileEnvironmentLoader::new(path, SourceMap::default(), key.clone());
            let surroundings = Surroundings { loader: &loader, context: crate::context::for_file(ui.org.as_deref()) };
            let registry =
                registry.with_signing_key(super::external_key::from_store_flag(ui.store.clone(), ui.org.clone()));
            let mut target = FileTarget::new(path, &name, key.clone()).map_err(store_error)?;
            target.lock_wait = lock_wait(ui, &args, &progress);
            runtime
                .block_on(rotate(ui, &key, &registry, &target, &surroundings, &args, &progress))
                .map(|(code, _)| code)
        }
        (None, Some(name)) => {
            // The environment must exist: the store is not created for it. A dry run only reads.
            let ws = if args.dry_run { super::store::open_to_read(ui)? } else { super::store::open_existing(ui)? };
            let env = ws.name(name)?;
            let loader = ws.loader(&env);
            let surroundings = Surroundings { loader: &loader, context: crate::context::for_store(&env) };
            let registry = registry.with_signing_key(super::external_key::from_store(&ws.store));
            let target = StoreTarget { store: &ws.store, env: env.clone(), lock_wait: lock_wait(ui, &args, &progress) };
            let (code, report) =
                runtime.block_on(rotate(ui, &ws.key, &registry, &target, &surroundings, &args, &progress))?;
            if !args.dry_run {
                announce(ui, &ws, &env, report.as_ref());
            }
            Ok(code)
        }
        (None, None) => Err(CliError::invalid("name the environment to rotate (or use --file FILE)")),
    }
}

/// What a definition is evaluated in, besides the providers: the environments it imports
/// and `${context}` (the same in every evaluation of the rotation).
struct Surroundings<'a> {
    loader: &'a dyn EnvironmentLoader,
    context: ExecContext,
}

/// Waiting for another rotation's lock: as long as --lock-timeout says, telling the user
/// (unless --quiet) once that it waits, above the spinner.
fn lock_wait(ui: &Ui, args: &RotateArgs, progress: &indicatif::ProgressBar) -> LockWait {
    let quiet = ui.quiet;
    let progress = progress.clone();
    let notify = move |message: &str| {
        if !quiet {
            progress.suspend(|| eprintln!("{message}"));
        }
    };
    LockWait { timeout: args.lock_timeout, notify: Box::new(notify) }
}

/// The key for a file's secrets: the store's, since a rotation encrypts the new state
/// with it. A file that holds ciphertexts, or has an unfinished rotation journal, needs the
/// key that made them: it must exist, and decrypt them (a wrong key is a configuration
/// error, exit 2, in a dry run as in a rotation). Otherwise the key is created on first
/// use; a dry run changes nothing anywhere, so it creates none (a throwaway key stands in).
fn file_key(ui: &Ui, path: &std::path::Path, dry_run: bool) -> Result<Arc<StoreKey>, CliError> {
    let text = files::read_definition(path).map_err(super::file_error)?;
    let journal = FileTarget::journal_path_of(path);
    let needed = file_key::holds_ciphertexts(&text) || journal.exists();
    let found = crate::workspace::find_key(ui.store.as_deref())?;
    // Checked before anything is opened, so that a wrong key creates no store.
    if let Some(key) = &found {
        file_key::refuse_wrong_key(path, &text, key)?;
    }
    match found {
        None if needed => Err(file_key::missing_key(ui, path, &journal)?),
        _ if !dry_run => Ok(Workspace::open(ui.store.as_deref(), ui.org.as_deref())?.key),
        Some(key) => Ok(key),
        None => StoreKey::generate("no store key yet")
            .map(Arc::new)
            .map_err(|e| CliError::failed(format!("cannot make a key: {e}"))),
    }
}

/// After a rotation of a store environment (`report`: `None` when it failed before
/// rotating anything): its outcome announced to the environment's webhooks, and every
/// pending delivery this process may send sent (a killed process's too), without changing
/// the command's output or exit code.
fn announce(ui: &Ui, ws: &Workspace, env: &escrot_store::EnvName, report: Option<&RotationReport>) {
    if let Some(report) = report {
        let author = author();
        let rotated = escrot_rotation::webhooks::Rotated {
            env,
            report: Some(report),
            attempt: report.attempt.as_ref().map(|a| a.0.as_str()),
            revision: report.new_revision,
            schedule: None,
            error: None,
            author: &author,
        };
        escrot_rotation::webhooks::notify_rotation(&ws.store, &rotated);
    }
    super::webhook::deliver::send_pending(ui, &ws.store);
}

/// Rotates `target` (or its dry run); returns the exit code and the rotation's report.
async fn rotate(
    ui: &Ui,
    key: &Arc<StoreKey>,
    registry: &Registry,
    target: &dyn Target,
    surroundings: &Surroundings<'_>,
    args: &RotateArgs,
    progress: &indicatif::ProgressBar,
) -> Result<(i32, Option<RotationReport>), CliError> {
    if args.dry_run {
        return Ok((dry_run(ui, key, registry, target, surroundings, args).await?, None));
    }
    let lookup = |n: &str| registry.rotators().get(n).map(|r| TracedRotator::wrap(n, r));
    let engine = Engine {
        rotators: &lookup,
        providers: registry,
        environments: surroundings.loader,
        decrypter: key.as_ref(),
        encrypter: key.as_ref(),
        exec_context: surroundings.context.clone(),
        author: author(),
        concurrency: usize::from(args.concurrency),
    };
    let opts = RotateOptions { paths: args.paths.clone(), ..RotateOptions::default() };
    progress.set_message(format!("Rotating '{}'…", target.name()));
    progress.enable_steady_tick(Duration::from_millis(100));
    let result = engine.rotate(&TracedTarget::new(target), &opts).await;
    progress.finish_and_clear();
    let report = match result {
        Ok(report) => report,
        Err(EngineError::Invalid(diags)) => {
            let sources = crate::files::SourceMap::default();
            super::report(ui, diags, &sources, &target.name());
            return Err(CliError::invalid(format!("'{}' has errors; nothing was rotated", target.name())));
        }
        Err(EngineError::Store(e)) => return Err(store_error(e)),
        Err(e) => return Err(CliError::invalid(e.to_string())),
    };
    print_report(ui, &target.name(), &report, args.output, args.file.as_deref())?;
    Ok((if report.failed() { EXIT_FAILED } else { EXIT_OK }, Some(report)))
}

/// A spinner on stderr while rotators run (started by `rotate`), only on a terminal, and
/// neither with --quiet nor with -v (whose log lines it would garble).
fn spinner(ui: &Ui) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if ui.quiet || ui.verbose > 0 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    indicatif::ProgressBar::new_spinner()
}

fn result_name(r: RotationResult) -> &'static str {
    r.as_str()
}

/// Prints how each path fared: a document (`--output json|yaml`), or the table with its
/// summary (errors only, with `--quiet`); then the warnings.
fn print_report(
    ui: &Ui,
    env: &str,
    report: &RotationReport,
    output: RotateOutput,
    file: Option<&std::path::Path>,
) -> Result<(), CliError> {
    match output {
        RotateOutput::Json | RotateOutput::Yaml => print_document(ui, env, report, output, file)?,
        // Quiet, the table and its summary are left out; failures are errors.
        RotateOutput::Table if ui.quiet => {
            for o in report.outcomes.iter().filter(|o| o.error.is_some()) {
                ui.error(format_args!("{}: {}", o.path, o.error.as_deref().unwrap_or_default()));
            }
        }
        RotateOutput::Table => print_table(ui, env, report, file)?,
    }
    for w in &report.warnings {
        ui.warn(w);
    }
    Ok(())
}

/// `--output json|yaml`: the outcomes as a document.
fn print_document(
    ui: &Ui,
    env: &str,
    report: &RotationReport,
    output: RotateOutput,
    file: Option<&std::path::Path>,
) -> Result<(), CliError> {
    let outcomes: Vec<serde_json::Value> = report
        .outcomes
        .iter()
        .map(|o| {
            serde_json::json!({
                "path": o.path,
                "rotator": o.rotator,
                "result": result_name(o.result),
                "error": o.error,
                "durationMs": o.duration_ms,
                "recovered": o.recovered,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "environment": env,
        "rotations": outcomes,
        "revision": if file.is_some() { None } else { report.new_revision },
        "warnings": report.warnings,
    });
    let text = match output {
        RotateOutput::Json => serde_json::to_string_pretty(&doc).unwrap_or_default(),
        _ => crate::output::yaml::to_string(&crate::output::yaml::Node::from_json(&doc), 0),
    };
    writeln!(ui.stdout(), "{}", text.trim_end())?;
    Ok(())
}

/// The table of paths with their result and duration, the summary, and each failure.
fn print_table(ui: &Ui, env: &str, report: &RotationReport, file: Option<&std::path::Path>) -> Result<(), CliError> {
    let mut out = ui.stdout();
    if report.outcomes.is_empty() {
        writeln!(out, "Environment '{env}' has nothing to rotate.")?;
    } else {
        let rows: Vec<[String; 4]> = report
            .outcomes
            .iter()
            .map(|o| {
                let result = if o.recovered {
                    format!("{} (resumed)", result_name(o.result))
                } else {
                    result_name(o.result).to_owned()
                };
                [o.path.clone(), o.rotator.clone(), result, duration(o.duration_ms)]
            })
            .collect();
        write!(out, "{}", table::render(&["PATH", "ROTATOR", "RESULT", "DURATION"], &rows))?;
        writeln!(out)?;
        if report.failed() {
            writeln!(out, "Environment '{env}' rotated with errors.")?;
        } else {
            writeln!(out, "Environment '{env}' rotated.")?;
        }
    }
    match (report.new_revision, file) {
        (Some(_), Some(file)) => writeln!(out, "{} was updated.", file.display())?,
        (Some(rev), None) => writeln!(out, "New revision '{rev}' was created.")?,
        (None, _) => {}
    }
    let failures: Vec<&PathOutcome> = report.outcomes.iter().filter(|o| o.error.is_some()).collect();
    if !failures.is_empty() {
        writeln!(out)?;
        writeln!(out, "Failed secrets:")?;
        for o in failures {
            writeln!(out, "Path: {}, error: {}", o.path, o.error.as_deref().unwrap_or_default())?;
        }
    }
    Ok(())
}

/// `--dry-run`: the plan (which rotators, in which wave) with each rotator's read-only
/// preflight, and the diff of the definition's state as it would be. Changes nothing.
async fn dry_run(
    ui: &Ui,
    key: &Arc<StoreKey>,
    registry: &Registry,
    target: &dyn Target,
    surroundings: &Surroundings<'_>,
    args: &RotateArgs,
) -> CliResult {
    let env = target.name();
    let base = target.latest().map_err(store_error)?;
    let pending = target.journal_pending().map_err(store_error)?;
    let (ast, diags) = esc::load_yaml(&env, &base.yaml);
    let Some(ast) = ast.filter(|_| !esc::diag::has_errors(&diags)) else {
        return Err(CliError::invalid(format!("'{env}' has errors; run `escrot check {env}`")));
    };
    let nodes = plan::select(&ast, &args.paths).map_err(|p| CliError::invalid(format!("no fn::rotate at {p}")))?;
    let services = Services {
        decrypter: key.as_ref(),
        providers: registry,
        environments: surroundings.loader,
        exec_context: surroundings.context.clone(),
    };

    let mut out = ui.stdout();
    let revision = if args.file.is_some() { String::new() } else { format!(" (revision {})", base.revision) };
    writeln!(out, "Plan for '{env}'{revision}:")?;
    for p in &pending {
        writeln!(out, "  finish or undo the interrupted rotation of {} ({})", p.path, p.rotator)?;
    }
    let mut after = crypt::decrypt_document(&env, &base.yaml, key.as_ref() as &dyn Decrypter)
        .map_err(|_| CliError::invalid("cannot decrypt the definition with this store's key"))?;
    let before = after.clone();
    let results = plan::preflight(&env, &ast, &services, registry.rotators(), &nodes).await;
    // The paths whose rotation would fail: the dry run says so and exits as the rotation would.
    let mut failing: Vec<&str> = Vec::new();
    for PathPreflight { node, preflight } in &results {
        if print_preflight(&mut out, node, preflight)? {
            after = preview_rotation(&after, &node.state_path);
        } else {
            failing.push(&node.path);
        }
    }
    // Redacted, each secret is `[secret N]`, the same N for the same value on both sides, so
    // the diff still shows a value moving from `current` to `previous`.
    let (before, after) = if args.show_secrets {
        (before, after)
    } else {
        let mut labels = Vec::new();
        (crypt::label_secrets(&before, &mut labels), crypt::label_secrets(&after, &mut labels))
    };
    writeln!(out)?;
    let diff = similar::TextDiff::from_lines(&before, &after);
    let old = if args.file.is_some() { env.clone() } else { format!("{env}@{}", base.revision) };
    write!(out, "{}", diff.unified_diff().context_radius(3).header(&old, &format!("{env} (rotated)")))?;
    writeln!(out, "\nDry run: nothing was changed.")?;
    if failing.is_empty() {
        return Ok(EXIT_OK);
    }
    writeln!(
        out,
        "The rotation would fail for {}: fix what is said above, then run the dry run again.",
        failing.join(", ")
    )?;
    Ok(EXIT_FAILED)
}

/// Prints what the preflight of `node` found, as the plan's lines; returns whether its
/// rotation would go ahead (else it would fail, and changes nothing).
fn print_preflight(out: &mut impl Write, node: &RotateNode, preflight: &Preflight) -> Result<bool, CliError> {
    match preflight {
        Preflight::After(first) => {
            writeln!(
                out,
                "  {}: {} — after the rotation of {} (its inputs use its output)",
                node.path,
                node.rotator,
                first.join(", ")
            )?;
            Ok(true)
        }
        Preflight::NotEvaluable(reason) => {
            writeln!(out, "  {}: {} — not evaluable now: {reason}", node.path, node.rotator)?;
            writeln!(out, "      the rotation of {} would fail", node.path)?;
            Ok(false)
        }
        Preflight::Passed(lines) => {
            writeln!(out, "  {}: {} — rotate", node.path, node.rotator)?;
            for l in lines {
                writeln!(out, "      {l}")?;
            }
            Ok(true)
        }
        Preflight::Failed(e) => {
            writeln!(out, "  {}: {} — rotate", node.path, node.rotator)?;
            writeln!(out, "      preflight failed: {e}")?;
            writeln!(out, "      the rotation of {} would fail", node.path)?;
            Ok(false)
        }
    }
}

/// The definition (secrets in plaintext) as a rotation would leave it at `state_path`:
/// `previous` is the state's `current` as written, `current` a placeholder (a dry run
/// generates nothing). Unchanged when the path cannot be edited.
fn preview_rotation(text: &str, state_path: &str) -> String {
    let Ok(path) = esc::PropertyPath::parse(state_path) else { return text.to_owned() };
    let current = crate::output::yaml::parse_definition(text)
        .ok()
        .and_then(|root| definition_at(&root, &path).and_then(|state| state.get("current")).map(definition_json));
    let mut state = serde_json::Map::new();
    state.insert("current".into(), serde_json::json!("[new, made by the rotation]"));
    if let Some(previous) = current {
        state.insert("previous".into(), previous);
    }
    escrot_esc::yaml::set(text, &path, &serde_json::Value::Object(state)).unwrap_or_else(|_| text.to_owned())
}

/// The node of a parsed definition at `path`, from its root.
fn definition_at<'a>(
    root: &'a crate::output::yaml::Node,
    path: &esc::PropertyPath,
) -> Option<&'a crate::output::yaml::Node> {
    use crate::output::yaml::Node;
    use escrot_esc::path::Accessor;
    path.0.iter().try_fold(root, |node, accessor| match (node, accessor) {
        (Node::Map(_), Accessor::Key(k)) => node.get(k),
        (Node::Seq(items), Accessor::Index(i)) => items.get(*i),
        _ => None,
    })
}

/// A parsed definition's data: plain scalars as YAML reads them (numbers, booleans, null),
/// everything else as strings.
fn definition_json(node: &crate::output::yaml::Node) -> serde_json::Value {
    use crate::output::yaml::Node;
    match node {
        Node::Raw(text) => serde_json::from_str(text)
            .ok()
            .filter(|v: &serde_json::Value| !v.is_string())
            .unwrap_or_else(|| serde_json::Value::String(text.clone())),
        Node::Str(text) => serde_json::Value::String(text.clone()),
        Node::Seq(items) => serde_json::Value::Array(items.iter().map(definition_json).collect()),
        Node::Map(entries) => serde_json::Value::Object(
            entries.iter().map(|(k, v)| (k.scalar_text().unwrap_or_default().to_owned(), definition_json(v))).collect(),
        ),
    }
}
