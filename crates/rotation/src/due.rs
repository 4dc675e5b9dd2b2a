//! `escrot rotate --due`: runs the rotation schedules that are due, exactly once across any
//! number of runners sharing a store.
//!
//! A runner claims due schedules in rounds of at most `concurrency` (the store's
//! [`claim_due_schedules`](escrot_store::Store::claim_due_schedules): a lease with owner,
//! expiry and the rotation attempt id the run will use, in one transaction), runs them, and
//! records each run with the schedule's next due time ([`finish_schedule_run`], applied only
//! while it still holds the lease). While a rotation runs, its lease is renewed every third
//! of its length, so only a runner that died (or hangs) loses it.
//!
//! A retry after a failure rotates only the paths that earlier tries of the same occurrence
//! did not rotate.
//!
//! Taking over from a runner that died: the claim says which attempt the dead runner used.
//! The rotation runs with `unless_committed` set to it, so the engine, holding the
//! environment's rotation lock, first finishes or undoes the dead runner's journal entries
//! (recovery) and then rotates nothing if that attempt had committed: the occurrence is
//! never rotated twice.
//!
//! The rotation waits for the environment's rotation lock off the runner's thread
//! ([`Prelocked`]), so waiting for another process's rotation renews the lease too.
//!
//! [`finish_schedule_run`]: escrot_store::Store::finish_schedule_run

mod prelocked;

pub use prelocked::Prelocked;

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use escrot_schedule::{Decision, Due, Kind, Schedule, format_duration};
use escrot_store::{
    AttemptId, Claim, EnvName, RotationResult, RunFinish, ScheduleDue, ScheduleId, ScheduleRecord, ScheduleRun,
    ScheduleRunResult, Store, StoreError, format_timestamp,
};
use jiff::{SignedDuration, Timestamp};

use crate::engine::{EngineError, RotateOptions, RotationReport};
use crate::plan;

/// A rotation of one environment through the engine, as the caller wires it (providers,
/// imports, lock wait).
pub type RotateFuture<'a> = Pin<Box<dyn Future<Output = Result<RotationReport, EngineError>> + 'a>>;

/// Starts the rotation of an environment with the given options.
pub type RotateEnvironment<'a> = &'a dyn Fn(EnvName, RotateOptions) -> RotateFuture<'a>;

/// How long a claimed run may go without renewing its lease before another runner takes
/// it over, unless `--lease` says otherwise: long enough for slow clouds (a rotation that
/// runs longer renews it).
pub const DEFAULT_LEASE: Duration = Duration::from_secs(15 * 60);

/// A runner of due schedules.
pub struct DueRunner<'a> {
    pub store: &'a Mutex<dyn Store>,
    /// Who holds the leases (see [`runner_id`]).
    pub owner: String,
    pub lease: Duration,
    /// At most this many schedules in this run.
    pub limit: usize,
    /// Only this organization's schedules.
    pub org: Option<String>,
    /// How many schedules run at once.
    pub concurrency: usize,
    /// The time: [`Timestamp::now`] but for tests of the arithmetic.
    pub clock: &'a (dyn Fn() -> Timestamp + Sync),
}

/// How one claimed schedule fared.
#[derive(Debug)]
pub struct DueRun {
    pub env: EnvName,
    pub schedule: ScheduleId,
    pub paths: Vec<String>,
    pub result: ScheduleRunResult,
    /// The revision the rotation committed.
    pub revision: Option<u64>,
    pub duration_ms: u64,
    /// Why it failed or was missed (per path, `path: error; …`).
    pub error: Option<String>,
    /// When the schedule is next due (RFC 3339, UTC); `None`: nothing is left to run.
    pub next_due: Option<String>,
    /// The rotation's report, if a rotation ran.
    pub report: Option<RotationReport>,
    /// The rotation attempt of the run, if it started one.
    pub attempt: Option<AttemptId>,
    /// The run finished what a runner that lost its lease had committed (nothing rotated).
    pub finished_earlier: bool,
    /// This runner lost its lease before recording: the run is in the history, and the
    /// schedule is left to the runner that holds it now.
    pub lease_lost: bool,
}

/// What a run came to, before it is recorded.
struct Executed {
    occurrence: Timestamp,
    result: ScheduleRunResult,
    revision: Option<u64>,
    attempt: Option<AttemptId>,
    error: Option<String>,
    report: Option<RotationReport>,
    finished_earlier: bool,
    next: Option<Due>,
    failures: u32,
}

impl Executed {
    /// A run that rotated nothing (its occurrence missed, its schedule unreadable).
    fn ended(
        occurrence: Timestamp,
        result: ScheduleRunResult,
        error: Option<String>,
        next: Option<Due>,
        failures: u32,
    ) -> Executed {
        Executed {
            occurrence,
            result,
            revision: None,
            attempt: None,
            error,
            report: None,
            finished_earlier: false,
            next,
            failures,
        }
    }
}

/// An id for this runner's leases: host, process and a random part.
pub fn runner_id() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_owned())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_owned());
    let random = AttemptId::generate().map(|a| a.0[..8].to_owned()).unwrap_or_default();
    format!("{host}:{}:{random}", std::process::id())
}

fn plus(t: Timestamp, d: Duration) -> Timestamp {
    SignedDuration::try_from(d).ok().and_then(|d| t.checked_add(d).ok()).unwrap_or(Timestamp::MAX)
}

fn store_due(due: Due) -> ScheduleDue {
    ScheduleDue { at: format_timestamp(due.at), occurrence: format_timestamp(due.occurrence) }
}

/// The schedule a store record describes.
pub fn schedule_of(record: &ScheduleRecord) -> Result<Schedule, String> {
    let spec = &record.spec;
    let anchor: Timestamp = spec.anchor_at.parse().map_err(|e| format!("its anchor time is unreadable: {e}"))?;
    let kind = Kind::parse(&spec.kind).map_err(|e| e.to_string())?;
    Schedule::from_parts(kind, &spec.expression, spec.window_seconds, &spec.time_zone, anchor)
        .map_err(|e| e.to_string())
}

/// The failures of a rotation report, as one line: `path: error; path: error`.
fn failures_of(report: &RotationReport) -> String {
    let failed: Vec<String> = report
        .outcomes
        .iter()
        .filter(|o| o.error.is_some() || o.result != RotationResult::Succeeded)
        .filter(|o| !o.recovered || o.error.is_some())
        .map(|o| format!("{}: {}", o.path, o.error.as_deref().unwrap_or(o.result.as_str())))
        .collect();
    failed.join("; ")
}

impl DueRunner<'_> {
    fn store(&self) -> MutexGuard<'_, dyn Store + 'static> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Claims and runs due schedules, round after round, until none is due or `limit` ran.
    pub async fn run(&self, rotate: RotateEnvironment<'_>) -> Result<Vec<DueRun>, StoreError> {
        let mut runs = Vec::new();
        while runs.len() < self.limit {
            let round = self.concurrency.max(1).min(self.limit - runs.len());
            let claims = self.store().claim_due_schedules(
                (self.clock)(),
                &self.owner,
                self.lease,
                round,
                self.org.as_deref(),
            )?;
            if claims.is_empty() {
                break;
            }
            // Schedules of one environment run one after the other: waiting for the
            // environment's rotation lock blocks the thread, and the holder would be this
            // same runner's other schedule.
            let mut by_env: Vec<Vec<&Claim>> = Vec::new();
            for claim in &claims {
                match by_env.iter_mut().find(|g| g[0].schedule.env == claim.schedule.env) {
                    Some(group) => group.push(claim),
                    None => by_env.push(vec![claim]),
                }
            }
            let futures = by_env.into_iter().map(|group| async move {
                let mut done = Vec::with_capacity(group.len());
                for claim in group {
                    done.push(self.run_claim(claim, rotate).await);
                }
                done
            });
            runs.extend(futures_util::future::join_all(futures).await.into_iter().flatten());
        }
        runs.sort_by_key(|r| (r.env.to_string(), r.schedule));
        Ok(runs)
    }

    /// Runs one claimed schedule and records the run.
    async fn run_claim(&self, claim: &Claim, rotate: RotateEnvironment<'_>) -> DueRun {
        let started_at = (self.clock)();
        let start = Instant::now();
        let record = &claim.schedule;
        let executed = self.execute(claim, started_at, rotate).await;
        let duration_ms = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
        let finish = RunFinish {
            run: ScheduleRun {
                schedule: record.id,
                occurrence_at: format_timestamp(executed.occurrence),
                started_at: format_timestamp(started_at),
                duration_ms,
                result: executed.result,
                revision: executed.revision,
                attempt: executed.attempt.clone(),
                error: executed.error.clone(),
                runner: self.owner.clone(),
            },
            next_due: executed.next.map(store_due),
            consecutive_failures: executed.failures,
        };
        let (lease_lost, error) = match self.store().finish_schedule_run(&self.owner, &claim.attempt, &finish) {
            Ok(held) => (!held, executed.error),
            Err(e) => (false, Some(format!("the run could not be recorded: {e}"))),
        };
        let run = DueRun {
            env: record.env.clone(),
            schedule: record.id,
            paths: record.paths.clone(),
            result: executed.result,
            revision: executed.revision,
            duration_ms,
            error,
            next_due: finish.next_due.map(|d| d.at),
            attempt: executed.attempt,
            report: executed.report,
            finished_earlier: executed.finished_earlier,
            lease_lost,
        };
        self.announce(&run);
        run
    }

    /// Announces a run that rotated or failed to the environment's webhooks (a missed
    /// occurrence rotated nothing and is in the history only).
    fn announce(&self, run: &DueRun) {
        if run.result == ScheduleRunResult::Missed || run.finished_earlier {
            return;
        }
        let rotated = crate::webhooks::Rotated {
            env: &run.env,
            report: run.report.as_ref(),
            attempt: run.attempt.as_ref().map(|a| a.0.as_str()),
            revision: run.revision,
            schedule: Some(run.schedule.0),
            error: run.error.as_deref(),
            author: &self.owner,
        };
        crate::webhooks::notify_rotation(self.store, &rotated);
    }

    /// Decides, then rotates (or records the occurrence as missed).
    async fn execute(&self, claim: &Claim, now: Timestamp, rotate: RotateEnvironment<'_>) -> Executed {
        let record = &claim.schedule;
        let occurrence = record.due.as_ref().and_then(|d| d.occurrence.parse::<Timestamp>().ok()).unwrap_or(now);
        let schedule = match schedule_of(record) {
            Ok(s) => s,
            Err(e) => {
                let failures = record.consecutive_failures.saturating_add(1);
                let error = format!("the schedule cannot be read ({e}); it will not run again until edited");
                return Executed::ended(occurrence, ScheduleRunResult::Failed, Some(error), None, failures);
            }
        };
        let occurrence = match schedule.decide(occurrence, now) {
            Decision::Run { occurrence } => occurrence,
            Decision::Missed { occurrence } => {
                let window = schedule.window.map(format_duration).unwrap_or_default();
                let error = format!(
                    "the occurrence of {} could not start inside its {window} window (it was {} when a runner \
                     claimed it)",
                    format_timestamp(occurrence),
                    format_timestamp(now)
                );
                let next = schedule.after_missed(now);
                let failures = record.consecutive_failures;
                return Executed::ended(occurrence, ScheduleRunResult::Missed, Some(error), next, failures);
            }
        };
        let paths = match self.paths_left(claim, occurrence) {
            Some(paths) if paths.is_empty() => {
                // Earlier tries of this occurrence rotated every path that failed since.
                let next = schedule.after_success(now);
                return Executed {
                    revision: record.last_run.as_ref().and_then(|l| l.revision),
                    finished_earlier: true,
                    ..Executed::ended(occurrence, ScheduleRunResult::Succeeded, None, next, 0)
                };
            }
            Some(paths) => paths,
            None => record.paths.clone(),
        };
        let opts = RotateOptions {
            paths,
            attempt: Some(claim.attempt.clone()),
            unless_committed: claim.previous_attempt.clone(),
        };
        let result = self.renewing(claim, rotate(record.env.clone(), opts)).await;
        let end = (self.clock)();
        self.judge(claim, result, occurrence, &schedule, end)
    }

    /// A retry rotates only what earlier tries of the same occurrence did not: a path they
    /// rotated is not rotated again (that would retire the credential its clients just got).
    /// `None`: no earlier try rotated anything (or that cannot be told): the schedule's paths.
    fn paths_left(&self, claim: &Claim, occurrence: Timestamp) -> Option<Vec<String>> {
        let record = &claim.schedule;
        // No history to read: a run is recorded either with the lease, which sets the last
        // run, or after losing the lease to a claim, which names the loser's attempt.
        if record.last_run.is_none() && claim.previous_attempt.is_none() {
            return None;
        }
        let occurrence = format_timestamp(occurrence);
        let store = self.store();
        let runs = store.schedule_history(&record.env, Some(record.id)).ok()?;
        let attempts: HashSet<AttemptId> =
            runs.into_iter().filter(|r| r.occurrence_at == occurrence).filter_map(|r| r.attempt).collect();
        if attempts.is_empty() {
            return None;
        }
        let rotated: HashSet<String> = store
            .rotation_log(&record.env)
            .ok()?
            .into_iter()
            .filter(|e| e.result == RotationResult::Succeeded && attempts.contains(&e.attempt))
            .map(|e| e.path)
            .collect();
        if rotated.is_empty() {
            return None;
        }
        let targets = if record.paths.is_empty() {
            let latest = store.latest(&record.env).ok()?;
            let (ast, _) = escrot_esc::load_yaml(&record.env.to_string(), &latest.yaml);
            plan::select(&ast?, &[]).ok()?.into_iter().map(|n| n.path).collect()
        } else {
            record.paths.clone()
        };
        Some(targets.into_iter().filter(|p| !rotated.contains(p)).collect())
    }

    /// What a rotation's result means for the schedule.
    fn judge(
        &self,
        claim: &Claim,
        result: Result<RotationReport, EngineError>,
        occurrence: Timestamp,
        schedule: &Schedule,
        end: Timestamp,
    ) -> Executed {
        let failures = claim.schedule.consecutive_failures.saturating_add(1);
        let base = Executed {
            occurrence,
            result: ScheduleRunResult::Succeeded,
            revision: None,
            attempt: Some(claim.attempt.clone()),
            error: None,
            report: None,
            finished_earlier: false,
            next: schedule.after_success(end),
            failures: 0,
        };
        let error = match result {
            Ok(report) if report.committed_earlier.is_some() => {
                return Executed {
                    revision: report.committed_earlier,
                    attempt: claim.previous_attempt.clone(),
                    finished_earlier: true,
                    report: Some(report),
                    ..base
                };
            }
            Ok(report) if !report.failed() => {
                return Executed { revision: report.new_revision, report: Some(report), ..base };
            }
            Ok(report) => {
                let error = failures_of(&report);
                return Executed {
                    result: ScheduleRunResult::Failed,
                    revision: report.new_revision,
                    error: Some(error),
                    report: Some(report),
                    next: Some(schedule.after_failure(occurrence, failures, end)),
                    failures,
                    ..base
                };
            }
            Err(EngineError::Invalid(diags)) => {
                let first = diags.iter().find(|d| d.is_error()).map(|d| d.summary.clone()).unwrap_or_default();
                format!("the environment's definition is invalid: {first}")
            }
            Err(e) => e.to_string(),
        };
        Executed {
            result: ScheduleRunResult::Failed,
            error: Some(error),
            next: Some(schedule.after_failure(occurrence, failures, end)),
            failures,
            ..base
        }
    }

    /// Runs `rotation`, renewing the claim's lease every third of its length meanwhile
    /// (until the lease is lost: then the rotation still finishes, and its record will not
    /// move the schedule).
    async fn renewing<T>(&self, claim: &Claim, rotation: impl Future<Output = T>) -> T {
        let every = (self.lease / 3).max(Duration::from_millis(100));
        let renew = async {
            loop {
                tokio::time::sleep(every).await;
                let expires = plus((self.clock)(), self.lease);
                let held = self.store().renew_schedule_lease(claim.schedule.id, &self.owner, &claim.attempt, expires);
                if !matches!(held, Ok(true)) {
                    return;
                }
            }
        };
        tokio::pin!(rotation);
        tokio::select! {
            out = &mut rotation => out,
            () = renew => rotation.await,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use escrot_store::{KeySource, ScheduleSpec, SqliteStore, StoreLocation};

    fn open(dir: &std::path::Path) -> SqliteStore {
        SqliteStore::open(&StoreLocation::Sqlite(dir.join("escrot.db")), &KeySource::BesideDatabase).unwrap()
    }

    fn due_schedule(store: &Mutex<SqliteStore>, env: &EnvName) {
        let at = format_timestamp(Timestamp::now() - SignedDuration::from_secs(5));
        let spec = ScheduleSpec {
            kind: "once".into(),
            expression: at.clone(),
            window_seconds: None,
            time_zone: "UTC".into(),
            anchor_at: at.clone(),
        };
        let due = ScheduleDue { at: at.clone(), occurrence: at };
        store.lock().unwrap().create_schedule(env, &[], &spec, Some(&due)).unwrap();
    }

    /// Two schedules of one environment due in one round run one after the other: a
    /// rotation holds the environment's lock across its awaits, and the other, waiting for
    /// it on the same thread, would stall both.
    #[test]
    fn schedules_of_one_environment_run_one_after_the_other() {
        let dir = tempfile::tempdir().unwrap();
        let env = EnvName::parse("acme/app/prod", "acme").unwrap();
        let store = Arc::new(Mutex::new(open(dir.path())));
        store.lock().unwrap().create_environment(&env, "values: {}\n", "test").unwrap();
        due_schedule(&store, &env);
        due_schedule(&store, &env);
        let rotate = |env: EnvName, _opts: RotateOptions| -> RotateFuture<'_> {
            let request = store.lock().unwrap().rotation_lock(&env);
            Box::pin(async move {
                let wait = crate::lock::LockWait { timeout: Duration::from_millis(500), ..Default::default() };
                let _lock = request.wait(&wait)?;
                tokio::time::sleep(Duration::from_millis(300)).await;
                Ok(RotationReport::default())
            })
        };
        let clock = Timestamp::now;
        let runner = DueRunner {
            store: &*store,
            owner: "runner-a".into(),
            lease: Duration::from_secs(60),
            limit: usize::MAX,
            org: None,
            concurrency: 4,
            clock: &clock,
        };
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let runs = runtime.block_on(runner.run(&rotate)).unwrap();
        let results: Vec<_> = runs.iter().map(|r| (r.result, r.error.clone())).collect();
        assert_eq!(results, [(ScheduleRunResult::Succeeded, None), (ScheduleRunResult::Succeeded, None)]);
    }

    /// A rotation that runs longer than the lease keeps its schedule: the runner renews
    /// the lease meanwhile, so another runner cannot claim it.
    #[test]
    fn a_long_rotation_renews_its_lease() {
        let dir = tempfile::tempdir().unwrap();
        let env = EnvName::parse("acme/app/prod", "acme").unwrap();
        let store = Arc::new(Mutex::new(open(dir.path())));
        store.lock().unwrap().create_environment(&env, "values: {}\n", "test").unwrap();
        due_schedule(&store, &env);
        let other = Mutex::new(open(dir.path()));
        let lease = Duration::from_secs(1);
        let taken_meanwhile = Mutex::new(None);
        let rotate = |_env: EnvName, _opts: RotateOptions| -> RotateFuture<'_> {
            Box::pin(async {
                // Past the lease the runner was given when it claimed.
                tokio::time::sleep(Duration::from_millis(2500)).await;
                let claims = other.lock().unwrap().claim_due_schedules(Timestamp::now(), "other", lease, 10, None);
                *taken_meanwhile.lock().unwrap() = Some(claims.unwrap().len());
                Ok(RotationReport::default())
            })
        };
        let clock = Timestamp::now;
        let runner = DueRunner {
            store: &*store,
            owner: "runner-a".into(),
            lease,
            limit: usize::MAX,
            org: None,
            concurrency: 1,
            clock: &clock,
        };
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let runs = runtime.block_on(runner.run(&rotate)).unwrap();
        assert_eq!(*taken_meanwhile.lock().unwrap(), Some(0), "nobody claimed it while it ran");
        assert_eq!(runs.len(), 1);
        assert_eq!((runs[0].result, runs[0].lease_lost), (ScheduleRunResult::Succeeded, false));
        assert_eq!(runs[0].next_due, None, "a once schedule that ran has nothing left");
    }
}
