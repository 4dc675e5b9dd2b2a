//! `escrot rotate --due`: scheduled rotations end to end with the real binary — once
//! schedules before and after their time, failures and their backoff, missed windows, four
//! runners racing over forty due environments, and a runner killed mid-rotation.

use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::common;

use common::{Output, TestEnv, open_store, store_filters};
use escrot_store::{EnvName, ScheduleChange, ScheduleDue, ScheduleId, Store};
use insta::assert_snapshot;
use jiff::{SignedDuration, Timestamp};

const ENV: &str = "acme/app/prod";
const PASSWORD: &str = "values:\n  pw:\n    fn::rotate::password:\n      inputs:\n        length: 16\n";

/// An RFC 3339 time `secs` seconds from now.
fn in_secs(secs: i64) -> String {
    (Timestamp::now() + SignedDuration::from_secs(secs)).strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Waits until `at` (RFC 3339) has passed.
fn wait_until(at: &str) {
    let at: Timestamp = at.parse().unwrap();
    while Timestamp::now() <= at {
        thread::sleep(Duration::from_millis(100));
    }
}

/// Times and durations made stable for snapshots.
fn stable(out: &Output) -> String {
    let mut text = out.to_string();
    for (pattern, replacement) in store_filters() {
        text = regex::Regex::new(pattern).unwrap().replace_all(&text, replacement).into_owned();
    }
    // A duration and the spaces after it (which depend on its width) become `[dur]  `.
    let durations = regex::Regex::new(r"\b(\d+m)?\d+(\.\d+)?m?s\b( {2,})?").unwrap();
    let text =
        durations.replace_all(&text, |c: &regex::Captures<'_>| if c.get(3).is_some() { "[dur]  " } else { "[dur]" });
    regex::Regex::new(r"\b[0-9a-f]{8}\b").unwrap().replace_all(&text, "[attempt]").into_owned()
}

fn name(s: &str) -> EnvName {
    EnvName::parse(s, "acme").unwrap()
}

#[test]
fn once_runs_once_at_its_time() {
    let env = TestEnv::new();
    env.init(ENV, PASSWORD);
    let at = in_secs(3);
    assert_eq!(env.esc(&["schedule", "new", ENV, "--once", &at]).code, 0);

    let before = env.esc(&["rotate", "--due"]);
    assert_eq!((before.stdout.as_str(), before.stderr.as_str(), before.code), ("", "", 0), "nothing due: {before}");
    wait_until(&at);
    let out = env.esc(&["rotate", "--due"]);
    assert_snapshot!(stable(&out), @"
    ENVIRONMENT    SCHEDULE  PATHS  RESULT     DURATION  NEXT DUE (UTC)
    acme/app/prod  1         (all)  succeeded  [dur]  never
    [exit status: 0]
    ");
    let again = env.esc(&["rotate", "--due"]);
    assert_eq!((again.stdout.as_str(), again.code), ("", 0), "nothing left: {again}");

    let store = open_store(&env);
    assert_eq!(store.latest(&name(ENV)).unwrap().number, 2, "one new revision");
    assert_eq!(store.rotation_log(&name(ENV)).unwrap().len(), 1, "one rotation");
    assert_snapshot!(stable(&env.esc(&["schedule", "history", ENV])), @"
    STARTED (UTC)         SCHEDULE  OCCURRENCE (UTC)      RESULT     REVISION  ATTEMPT   DURATION  ERROR
    YYYY-MM-DDTHH:MM:SSZ  1         YYYY-MM-DDTHH:MM:SSZ  succeeded  2         [attempt]  [dur]
    [exit status: 0]
    ");
    let json: serde_json::Value = serde_json::from_str(&env.esc(&["schedule", "ls", "-o", "json"]).stdout).unwrap();
    assert_eq!(json[0]["lastResult"], "succeeded");
    assert_eq!(json[0]["lastRevision"], 2);
    assert_eq!(json[0]["nextExecution"], serde_json::Value::Null);
    let attempt = json[0]["lastAttempt"].as_str().unwrap().to_owned();
    assert_eq!(store.rotation_log(&name(ENV)).unwrap()[0].attempt.0, attempt, "the run is the logged attempt");

    // The new password shows nowhere but where it is asked for.
    let opened = env.esc(&["open", ENV, "pw", "--show-secrets"]);
    let value: serde_json::Value = serde_json::from_str(&opened.stdout).unwrap();
    let password = value["current"].as_str().unwrap().to_owned();
    let history = env.esc(&["schedule", "history", ENV, "-o", "json"]);
    let listed = env.esc(&["schedule", "ls", "-o", "json"]);
    for out in [&before, &out, &again, &history, &listed] {
        assert!(!out.stdout.contains(&password) && !out.stderr.contains(&password), "{out}");
    }
}

const FAILING: &str = "\
values:
  login:
    fn::open::aws-login:
      oidc:
        roleArn: arn:aws:iam::123456789012:role/x
        sessionName: esc
  keys:
    fn::rotate::aws-iam:
      inputs:
        login: ${login}
        userArn: arn:aws:iam::123456789012:user/ci
";

#[test]
fn a_failure_is_retried_after_a_backoff() {
    let env = TestEnv::new();
    env.init(ENV, FAILING);
    let at = in_secs(2);
    assert_eq!(env.esc(&["schedule", "new", ENV, "--cron", "0 0 1 1 *"]).code, 0);
    assert_eq!(env.esc(&["schedule", "new", ENV, "--once", &at]).code, 0);
    wait_until(&at);
    let out = env.esc_with_env(&["rotate", "--due"], &common::NO_OIDC_TOKEN);
    assert_eq!(out.code, 1, "{out}");
    assert_snapshot!(stable(&out), @"
    ENVIRONMENT    SCHEDULE  PATHS  RESULT  DURATION  NEXT DUE (UTC)
    acme/app/prod  2         (all)  failed  [dur]  YYYY-MM-DDTHH:MM:SSZ

    acme/app/prod (schedule 2) failed: keys: its inputs could not be evaluated: values.login: aws-login oidc needs an OIDC token: pass --oidc-token-file FILE, set ESCROT_OIDC_TOKEN (the token), ESCROT_OIDC_TOKEN_FILE or AWS_WEB_IDENTITY_TOKEN_FILE (a file holding it), or run in GitHub Actions with `permissions: id-token: write` (ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN)
    [exit status: 1]
    ");
    let json: serde_json::Value =
        serde_json::from_str(&env.esc(&["schedule", "ls", ENV, "-o", "json"]).stdout).unwrap();
    let once = &json[1];
    assert_eq!((once["lastResult"].as_str(), once["consecutiveFailures"].as_u64()), (Some("failed"), Some(1)));
    // Retried a minute after the failure, for the same occurrence.
    let last: Timestamp = once["lastExecuted"].as_str().unwrap().parse().unwrap();
    let next: Timestamp = once["nextExecution"].as_str().unwrap().parse().unwrap();
    let delay = next.as_second() - last.as_second();
    assert!((60..=62).contains(&delay), "retried after {delay}s");
    // Not due again yet.
    let again = env.esc_with_env(&["rotate", "--due"], &common::NO_OIDC_TOKEN);
    assert_eq!((again.stdout.as_str(), again.code), ("", 0), "{again}");
    let history = env.esc(&["schedule", "history", ENV, "2", "-o", "json"]);
    let runs: serde_json::Value = serde_json::from_str(&history.stdout).unwrap();
    assert_eq!(runs.as_array().unwrap().len(), 1);
    assert!(runs[0]["error"].as_str().unwrap().starts_with("keys: "), "{history}");
}

/// `--limit` caps one run; `--org` keeps a run to one organization's schedules; `--output
/// json` prints the runs for scripts.
#[test]
fn limit_org_and_json_output() {
    let env = TestEnv::new();
    for n in ["acme/a/one", "acme/a/two", "acme/a/three", "other/a/four"] {
        env.init(n, PASSWORD);
    }
    let at = in_secs(3);
    for n in ["acme/a/one", "acme/a/two", "acme/a/three", "other/a/four"] {
        assert_eq!(env.esc(&["schedule", "new", n, "--once", &at]).code, 0);
    }
    wait_until(&at);
    let out = env.esc(&["--org", "other", "rotate", "--due", "--output", "json"]);
    let runs: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(runs.as_array().unwrap().len(), 1, "{out}");
    assert_eq!(
        (runs[0]["environment"].as_str(), runs[0]["result"].as_str()),
        (Some("other/a/four"), Some("succeeded"))
    );
    assert_eq!(runs[0]["revision"], 2);
    let out = env.esc(&["rotate", "--due", "--limit", "2", "--concurrency", "1"]);
    assert_eq!(out.stdout.lines().filter(|l| l.starts_with("acme/a/")).count(), 2, "{out}");
    let out = env.esc(&["rotate", "--due", "--limit", "2"]);
    assert_eq!(out.stdout.lines().filter(|l| l.starts_with("acme/a/")).count(), 1, "{out}");
    assert_eq!(env.esc(&["rotate", "--due"]).stdout, "");
    assert_eq!(env.esc(&["rotate", "--due", "--limit", "0"]).code, 2, "--limit is at least 1");
    assert_eq!(env.esc(&["rotate", "acme/a/one", "--due"]).code, 2, "--due takes no NAME");
}

/// A retry after a partial failure rotates only what failed: the password that was
/// rotated is not rotated (and its clients' new value retired) again.
#[test]
fn a_retry_rotates_only_the_paths_that_failed() {
    let env = TestEnv::new();
    env.init(ENV, &format!("{FAILING}  pw:\n    fn::rotate::password:\n      inputs:\n        length: 16\n"));
    let at = in_secs(2);
    assert_eq!(env.esc(&["schedule", "new", ENV, "--once", &at]).code, 0);
    wait_until(&at);
    let first = env.esc_with_env(&["rotate", "--due"], &common::NO_OIDC_TOKEN);
    assert_eq!(first.code, 1, "{first}");
    let mut store = open_store(&env);
    let env_name = name(ENV);
    assert_eq!(store.latest(&env_name).unwrap().number, 2, "the password was rotated: {first}");
    // The backoff's minute passes: the retry of the same occurrence is due now.
    let record = store.schedule(&env_name, ScheduleId(1)).unwrap();
    let due = record.due.clone().unwrap();
    assert_eq!(due.occurrence, at, "a retry of the occurrence");
    let now = ScheduleDue { at: in_secs(-1), occurrence: due.occurrence };
    let change = ScheduleChange { spec: Some((record.spec, Some(now))), ..ScheduleChange::default() };
    store.update_schedule(&env_name, ScheduleId(1), &change).unwrap();
    let retry = env.esc_with_env(&["rotate", "--due"], &common::NO_OIDC_TOKEN);
    assert_eq!(retry.code, 1, "{retry}");
    let log = store.rotation_log(&env_name).unwrap();
    let count = |path: &str| log.iter().filter(|e| e.path == path).count();
    assert_eq!((count("pw"), count("keys")), (1, 2), "only keys was tried again: {log:?}");
    assert_eq!(store.latest(&env_name).unwrap().number, 2);
}

#[test]
fn an_occurrence_past_its_window_is_missed_not_run() {
    let env = TestEnv::new();
    env.init(ENV, PASSWORD);
    let at = in_secs(1);
    assert_eq!(env.esc(&["schedule", "new", ENV, "--once", &at, "--window", "1s"]).code, 0);
    let late = at.parse::<Timestamp>().unwrap() + SignedDuration::from_secs(2);
    wait_until(&late.strftime("%Y-%m-%dT%H:%M:%SZ").to_string());
    let out = env.esc(&["rotate", "--due"]);
    assert_snapshot!(stable(&out), @"
    ENVIRONMENT    SCHEDULE  PATHS  RESULT  DURATION  NEXT DUE (UTC)
    acme/app/prod  1         (all)  missed  [dur]  never

    acme/app/prod (schedule 1) missed: the occurrence of YYYY-MM-DDTHH:MM:SSZ could not start inside its [dur] window (it was YYYY-MM-DDTHH:MM:SSZ when a runner claimed it)
    [exit status: 0]
    ");
    assert_eq!(open_store(&env).latest(&name(ENV)).unwrap().number, 1, "nothing was rotated");
    assert_snapshot!(stable(&env.esc(&["schedule", "history", ENV])), @"
    STARTED (UTC)         SCHEDULE  OCCURRENCE (UTC)      RESULT  REVISION  ATTEMPT  DURATION  ERROR
    YYYY-MM-DDTHH:MM:SSZ  1         YYYY-MM-DDTHH:MM:SSZ  missed                     [dur]  the occurrence of YYYY-MM-DDTHH:MM:SSZ could not start inside its [dur] window (it was YYYY-MM-DDTHH:MM:SSZ when a runner claimed it)
    [exit status: 0]
    ");
}

/// Creates `n` environments with a password rotator, each with a schedule due once at the
/// returned time, through the command line on the store at `url` (so that any backend can
/// be raced: the PostgreSQL suite passes its own URL).
pub fn due_environments(env: &TestEnv, url: &str, n: usize, vars: &[(&str, &str)]) -> (Vec<String>, String) {
    let names: Vec<String> = (0..n).map(|i| format!("acme/race/env{i:02}")).collect();
    env.write("race.yaml", PASSWORD);
    let mut with_actor = vec![("ESCROT_ACTOR", "test")];
    with_actor.extend_from_slice(vars);
    let each = |args: &(dyn Fn(&str) -> Vec<String> + Sync), vars: &[(&str, &str)]| {
        thread::scope(|s| {
            for chunk in names.chunks(n.div_ceil(4)) {
                s.spawn(move || {
                    for name in chunk {
                        let args = args(name);
                        let args: Vec<&str> = args.iter().map(String::as_str).collect();
                        let out = env.run_with_env(&args, vars);
                        assert_eq!(out.code, 0, "{out}");
                    }
                });
            }
        });
    };
    let strings = |args: &[&str]| args.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    each(&|name| strings(&["--store", url, "init", name, "-f", "race.yaml"]), &with_actor);
    // The time is chosen once the environments exist, so that only the schedules' creation
    // must fit before it (on a busy machine, creating both took longer than the margin).
    let at = in_secs(12);
    each(&|name| strings(&["--store", url, "schedule", "new", name, "--once", &at]), vars);
    (names, at)
}

/// Starts `escrot --store URL rotate --due` `runners` times at once; returns their outputs.
pub fn race_runners(env: &TestEnv, url: &str, runners: usize, vars: &[(&str, &str)]) -> Vec<Output> {
    let children: Vec<_> = (0..runners)
        .map(|_| {
            let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("escrot"));
            cmd.current_dir(env.path()).args(["--store", url, "rotate", "--due"]).env("ESCROT_ACTOR", "test");
            for var in ["ESCROT_STORE", "ESCROT_KEY", "ESCROT_ORG", "ESCROT_FAILPOINT", "ESCROT_LEASE"] {
                cmd.env_remove(var);
            }
            cmd.envs(vars.iter().copied()).stdout(Stdio::piped()).stderr(Stdio::piped());
            cmd.spawn().expect("start escrot")
        })
        .collect();
    children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().expect("wait for escrot");
            Output {
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
                code: out.status.code().unwrap_or(-1),
            }
        })
        .collect()
}

/// Four runners over forty due environments: each environment is rotated exactly once
/// (one new revision, one rotation log entry, one scheduled run), by one of them. `vars`:
/// what every process also gets (a PostgreSQL store's `ESCROT_KEY`).
pub fn four_runners_rotate_each_due_environment_once(
    env: &TestEnv,
    url: &str,
    store: &dyn Store,
    vars: &[(&str, &str)],
) -> Vec<Output> {
    let (names, at) = due_environments(env, url, 40, vars);
    wait_until(&at);
    let outputs = race_runners(env, url, 4, vars);
    let mut rows = 0;
    for out in &outputs {
        assert_eq!(out.code, 0, "{out}");
        rows += out.stdout.lines().filter(|l| l.starts_with("acme/race/")).count();
    }
    assert_eq!(rows, 40, "each environment in one runner's table: {outputs:#?}");
    for n in &names {
        let env_name = name(n);
        assert_eq!(store.latest(&env_name).unwrap().number, 2, "{n}: one new revision");
        assert_eq!(store.rotation_log(&env_name).unwrap().len(), 1, "{n}: one rotation");
        assert_eq!(store.schedule_history(&env_name, None).unwrap().len(), 1, "{n}: one run");
    }
    let again = race_runners(env, url, 2, vars);
    assert!(again.iter().all(|o| o.stdout.is_empty() && o.code == 0), "{again:#?}");
    outputs.into_iter().chain(again).collect()
}

#[test]
fn four_runners_race_over_forty_due_environments_on_sqlite() {
    let env = TestEnv::new();
    let url = env.store_url();
    // The store exists before the runners start (as it would in production).
    env.init("acme/race/seed", PASSWORD);
    let store = open_store(&env);
    four_runners_rotate_each_due_environment_once(&env, &url, &store, &[]);
}

/// Starts `rotate --due` with a short lease, paused before its commit.
fn paused_runner(env: &TestEnv) -> common::Paused {
    env.paused(&["rotate", "--due"], "before-commit", &[("ESCROT_LEASE", "3s")])
}

#[test]
fn a_runner_killed_mid_rotation_is_finished_by_the_next_without_rotating_twice() {
    let env = TestEnv::new();
    env.init(ENV, PASSWORD);
    let at = in_secs(2);
    assert_eq!(env.esc(&["schedule", "new", ENV, "--once", &at]).code, 0);
    wait_until(&at);
    // The first runner created and verified the new password (journaled), then dies.
    let paused = paused_runner(&env);
    paused.kill();
    let store = open_store(&env);
    assert_eq!(store.journal_pending(&name(ENV)).unwrap().len(), 1, "the rotation is in the journal");
    // Its lease still holds: nobody takes the schedule over yet.
    let early = env.esc_with_env(&["rotate", "--due"], &[("ESCROT_LEASE", "2s")]);
    assert_eq!((early.stdout.as_str(), early.code), ("", 0), "{early}");
    let start = Instant::now();
    let out = loop {
        let out = env.esc_with_env(&["rotate", "--due"], &[("ESCROT_LEASE", "2s")]);
        if !out.stdout.is_empty() || start.elapsed() > Duration::from_secs(10) {
            break out;
        }
        thread::sleep(Duration::from_millis(250));
    };
    assert_snapshot!(stable(&out), @"
    ENVIRONMENT    SCHEDULE  PATHS  RESULT               DURATION  NEXT DUE (UTC)
    acme/app/prod  1         (all)  succeeded (resumed)  [dur]  never
    [exit status: 0]
    ");
    assert_eq!(store.journal_pending(&name(ENV)).unwrap().len(), 0);
    assert_eq!(store.latest(&name(ENV)).unwrap().number, 2, "the dead runner's rotation, committed once");
    let log = store.rotation_log(&name(ENV)).unwrap();
    assert_eq!(log.len(), 1, "no second rotation: {log:?}");
    assert_snapshot!(stable(&env.esc(&["schedule", "history", ENV])), @"
    STARTED (UTC)         SCHEDULE  OCCURRENCE (UTC)      RESULT     REVISION  ATTEMPT   DURATION  ERROR
    YYYY-MM-DDTHH:MM:SSZ  1         YYYY-MM-DDTHH:MM:SSZ  succeeded  2         [attempt]  [dur]
    [exit status: 0]
    ");
}

#[test]
fn a_runner_killed_after_its_commit_is_not_rotated_again() {
    let env = TestEnv::new();
    env.init(ENV, PASSWORD);
    let at = in_secs(2);
    assert_eq!(env.esc(&["schedule", "new", ENV, "--once", &at]).code, 0);
    wait_until(&at);
    let vars = [("ESCROT_LEASE", "1s"), ("ESCROT_FAILPOINT", "after-commit")];
    let died = env.esc_with_env(&["rotate", "--due"], &vars);
    assert_eq!(died.code, 86, "stopped at the failpoint: {died}");
    thread::sleep(Duration::from_millis(2100));
    let out = env.esc_with_env(&["rotate", "--due"], &[("ESCROT_LEASE", "1s")]);
    assert_snapshot!(stable(&out), @"
    ENVIRONMENT    SCHEDULE  PATHS  RESULT               DURATION  NEXT DUE (UTC)
    acme/app/prod  1         (all)  succeeded (resumed)  [dur]  never
    [exit status: 0]
    ");
    let store = open_store(&env);
    assert_eq!(store.latest(&name(ENV)).unwrap().number, 2, "one revision");
    assert_eq!(store.rotation_log(&name(ENV)).unwrap().len(), 1, "one rotation");
}

/// A runner waiting for an environment's rotation lock (held by a manual `escrot rotate`)
/// longer than its lease keeps renewing the lease meanwhile: no other runner takes the
/// occurrence over, and it runs once, after the manual rotation.
#[test]
fn a_runner_waiting_for_the_rotation_lock_keeps_its_lease() {
    let env = TestEnv::new();
    env.init(ENV, PASSWORD);
    let at = in_secs(2);
    assert_eq!(env.esc(&["schedule", "new", ENV, "--once", &at]).code, 0);
    wait_until(&at);
    let manual = env.paused(&["rotate", ENV], "before-commit", &[]);
    let (waiting, other) = thread::scope(|s| {
        let waiting = s.spawn(|| env.esc(&["rotate", "--due", "--lease", "1s", "--lock-timeout", "30s"]));
        // Three leases' time: without renewals, the waiting runner's lease has expired.
        thread::sleep(Duration::from_millis(3500));
        let other = env.esc(&["rotate", "--due", "--lease", "1s", "--lock-timeout", "1s"]);
        assert_eq!(manual.resume().code, 0);
        (waiting.join().unwrap(), other)
    });
    assert_eq!((other.stdout.as_str(), other.code), ("", 0), "nothing to take over: {other}");
    assert_snapshot!(stable(&waiting), @"
    ENVIRONMENT    SCHEDULE  PATHS  RESULT     DURATION  NEXT DUE (UTC)
    acme/app/prod  1         (all)  succeeded  [dur]  never
    [exit status: 0]
    ");
    let store = open_store(&env);
    assert_eq!(store.latest(&name(ENV)).unwrap().number, 3, "the manual rotation, then the scheduled one");
    assert_eq!(store.rotation_log(&name(ENV)).unwrap().len(), 2);
    assert_eq!(store.schedule_history(&name(ENV), None).unwrap().len(), 1, "one scheduled run");
}

/// A scheduled rotation evaluates with the environment's context, as `rotate` does.
#[test]
fn a_scheduled_rotation_uses_the_context() {
    let env = TestEnv::new();
    let definition = "values:\n  phrase:\n    fn::rotate::passphrase:\n      inputs:\n        length: 3\n        separator: ${context.pulumi.user.login}\n";
    // The write gate checks the definition with the writer's context: the separator must
    // be one character there too.
    env.write("def.yaml", definition);
    let init = env.esc_with_env(&["init", ENV, "-f", "def.yaml"], &[("ESCROT_ACTOR", "~")]);
    assert_eq!(init.code, 0, "{init}");
    let at = in_secs(1);
    assert_eq!(env.esc(&["schedule", "new", ENV, "--once", &at]).code, 0);
    wait_until(&at);
    let out = env.esc_with_env(&["rotate", "--due"], &[("ESCROT_ACTOR", "~")]);
    assert_snapshot!(stable(&out), @"
    ENVIRONMENT    SCHEDULE  PATHS  RESULT     DURATION  NEXT DUE (UTC)
    acme/app/prod  1         (all)  succeeded  [dur]  never
    [exit status: 0]
    ");
    let phrase = env.esc_with_env(
        &["open", ENV, "phrase.current", "--format", "string", "--show-secrets"],
        &[("ESCROT_ACTOR", "~")],
    );
    assert_eq!(phrase.stdout.trim_end().split('~').count(), 3, "{phrase}");
}
