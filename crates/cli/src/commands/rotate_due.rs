//! `escrot rotate --due`: rotates what the schedules say is due, through the library's
//! [`DueRunner`](escrot_rotation::due::DueRunner); this file wires the engine and prints
//! one table for the run.

use std::io::Write;
use std::time::Duration;

use escrot_rotation::due::{DEFAULT_LEASE, DueRun, DueRunner, Prelocked, RotateFuture, runner_id};
use escrot_rotation::lock::LockWait;
use escrot_rotation::target::StoreTarget;
use escrot_rotation::trace::{TracedRotator, TracedTarget};
use escrot_rotation::{Engine, RotateOptions};
use escrot_store::{EnvName, ScheduleRunResult};
use jiff::Timestamp;

use crate::args::{RotateArgs, RotateOutput};
use crate::commands::store;
use crate::output::duration::duration;
use crate::output::table;
use crate::workspace::{author, store_error};
use crate::{CliError, CliResult, EXIT_FAILED, EXIT_OK, Ui};

/// The variable that sets the lease when `--lease` is not given.
pub const LEASE_ENV_VAR: &str = "ESCROT_LEASE";

fn lease(args: &RotateArgs) -> Result<Duration, CliError> {
    let lease = match (args.due.lease, escrot_vars::get(LEASE_ENV_VAR)) {
        (Some(lease), _) => lease,
        (None, Some(text)) => escrot_rotation::lock::parse_duration(&text)
            .map_err(|e| CliError::invalid(format!("{LEASE_ENV_VAR}: {e}")))?,
        (None, None) => DEFAULT_LEASE,
    };
    if lease < Duration::from_secs(1) {
        return Err(CliError::invalid("the lease must be at least 1s (--lease, ESCROT_LEASE)"));
    }
    Ok(lease)
}

pub fn run(ui: &Ui, args: &RotateArgs) -> CliResult {
    let lease = lease(args)?;
    // Without a store there is no schedule, so nothing is due (and no store is created).
    if store::missing_store(ui)?.is_some() {
        return Ok(EXIT_OK);
    }
    let ws = store::open(ui)?;
    let registry = super::registry(&args.providers).with_signing_key(super::external_key::from_store(&ws.store));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::failed(format!("cannot start the async runtime: {e}")))?;
    let lookup = |n: &str| registry.rotators().get(n).map(|r| TracedRotator::wrap(n, r));
    let concurrency = usize::from(args.concurrency);
    let (ws, registry, lookup) = (&ws, &registry, &lookup);
    let rotate = move |env: EnvName, opts: RotateOptions| -> RotateFuture<'_> {
        Box::pin(async move {
            let loader = ws.loader(&env);
            let engine = Engine {
                rotators: lookup,
                providers: registry,
                environments: &loader,
                decrypter: ws.key.as_ref(),
                encrypter: ws.key.as_ref(),
                exec_context: crate::context::for_store(&env),
                author: author(),
                concurrency,
            };
            let lock_wait = LockWait { timeout: args.lock_timeout, notify: Box::new(|_| {}) };
            let request = ws.store.lock().unwrap_or_else(|e| e.into_inner()).rotation_lock(&env);
            // The lock is waited for off this thread (see `Prelocked`): the engine gets it.
            let target = StoreTarget { store: &ws.store, env, lock_wait: LockWait::default() };
            let traced = TracedTarget::new(&target);
            engine.rotate(&Prelocked::wait(&traced, request, lock_wait).await, &opts).await
        })
    };
    let clock = Timestamp::now;
    let runner = DueRunner {
        store: &ws.store,
        owner: runner_id(),
        lease,
        limit: args.due.limit.map_or(usize::MAX, |n| n as usize),
        org: ui.org.clone(),
        concurrency,
        clock: &clock,
    };
    ui.verbose(format_args!("runner {} (lease {})", runner.owner, escrot_rotation::lock::format_duration(lease)));
    let runs = runtime.block_on(runner.run(&rotate)).map_err(store_error);
    // The runner announced each run to the webhooks; they are sent now, with any a killed
    // process left pending (also when nothing was due).
    super::webhook::deliver::send_pending(ui, &ws.store);
    let runs = runs?;
    if runs.is_empty() {
        return Ok(EXIT_OK);
    }
    print_runs(ui, &runs, args.output)?;
    for run in &runs {
        for w in run.report.iter().flat_map(|r| &r.warnings) {
            ui.warn(format_args!("{}: {w}", run.env));
        }
    }
    let failed = runs.iter().any(|r| r.result == ScheduleRunResult::Failed);
    Ok(if failed { EXIT_FAILED } else { EXIT_OK })
}

fn result_text(run: &DueRun) -> String {
    let mut text = run.result.to_string();
    if run.finished_earlier {
        text.push_str(" (resumed)");
    }
    if run.lease_lost {
        text.push_str(" (lease lost)");
    }
    text
}

fn print_runs(ui: &Ui, runs: &[DueRun], output: RotateOutput) -> Result<(), CliError> {
    let mut out = ui.stdout();
    if output != RotateOutput::Table {
        let items: Vec<serde_json::Value> = runs
            .iter()
            .map(|r| {
                serde_json::json!({
                    "environment": r.env.to_string(),
                    "schedule": r.schedule.0,
                    "paths": r.paths,
                    "result": r.result.as_str(),
                    "resumed": r.finished_earlier,
                    "revision": r.revision,
                    "durationMs": r.duration_ms,
                    "nextDue": r.next_due,
                    "error": r.error,
                })
            })
            .collect();
        let doc = serde_json::Value::Array(items);
        let text = match output {
            RotateOutput::Json => serde_json::to_string_pretty(&doc).unwrap_or_default(),
            _ => crate::output::yaml::to_string(&crate::output::yaml::Node::from_json(&doc), 0),
        };
        writeln!(out, "{}", text.trim_end())?;
        return Ok(());
    }
    if ui.quiet {
        for r in runs.iter().filter(|r| r.result == ScheduleRunResult::Failed) {
            ui.error(format_args!("{} (schedule {}): {}", r.env, r.schedule, r.error.as_deref().unwrap_or_default()));
        }
        return Ok(());
    }
    let rows: Vec<Vec<String>> = runs
        .iter()
        .map(|r| {
            vec![
                r.env.to_string(),
                r.schedule.to_string(),
                super::schedule::paths_text(&r.paths),
                result_text(r),
                duration(r.duration_ms),
                r.next_due.clone().unwrap_or_else(|| "never".to_owned()),
            ]
        })
        .collect();
    let header = ["ENVIRONMENT", "SCHEDULE", "PATHS", "RESULT", "DURATION", "NEXT DUE (UTC)"];
    write!(out, "{}", table::render(&header, &rows))?;
    let problems: Vec<&DueRun> = runs.iter().filter(|r| r.error.is_some()).collect();
    if !problems.is_empty() {
        writeln!(out)?;
        for r in problems {
            writeln!(
                out,
                "{} (schedule {}) {}: {}",
                r.env,
                r.schedule,
                r.result,
                r.error.as_deref().unwrap_or_default()
            )?;
        }
    }
    Ok(())
}
