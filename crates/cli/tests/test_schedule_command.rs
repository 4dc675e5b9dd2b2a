//! `escrot schedule …`: creating, listing, showing, changing, pausing and removing rotation
//! schedules, and the usage errors of bad expressions (exit 2, nothing created).

use crate::common;

use common::{Output, TestEnv, store_filters};
use insta::assert_snapshot;

pub const ENV: &str = "acme/app/prod";

pub const TWO_PASSWORDS: &str = "\
values:
  pw:
    fn::rotate::password:
      inputs:
        length: 16
  other:
    fn::rotate::password:
      inputs:
        length: 12
  plain: 1
";

fn env() -> TestEnv {
    let env = TestEnv::new();
    env.init(ENV, TWO_PASSWORDS);
    env
}

/// Times (of now, which tests do not fix) as `YYYY-MM-DDTHH:MM:SSZ`.
fn stable(out: &Output) -> String {
    let mut text = out.to_string();
    for (pattern, replacement) in store_filters() {
        text = regex::Regex::new(pattern).unwrap().replace_all(&text, replacement).into_owned();
    }
    text
}

#[test]
fn new_ls_get_edit_pause_resume_rm() {
    let env = env();
    let out = env.esc(&["schedule", "new", ENV, "--cron", "0 3 * * *", "--tz", "Europe/Berlin", "--window", "1h"]);
    assert_snapshot!(stable(&out), @"
    Schedule '1' was created for environment 'acme/app/prod'.
    Next rotation: YYYY-MM-DDTHH:MM:SSZ (UTC).
    [exit status: 0]
    ");
    let out = env.esc(&["schedule", "new", ENV, "pw", "--every", "12h"]);
    assert_snapshot!(stable(&out), @"
    Schedule '2' was created for environment 'acme/app/prod'.
    Next rotation: YYYY-MM-DDTHH:MM:SSZ (UTC).
    [exit status: 0]
    ");
    assert_snapshot!(stable(&env.esc(&["schedule", "ls"])), @"
    ENVIRONMENT    ID  PATHS  SCHEDULE                                   NEXT DUE (UTC)        LAST RUN (UTC)  RESULT  FAILURES
    acme/app/prod  1   (all)  cron 0 3 * * * (Europe/Berlin), window 1h  YYYY-MM-DDTHH:MM:SSZ                          0
    acme/app/prod  2   pw     every 12h                                  YYYY-MM-DDTHH:MM:SSZ                          0
    [exit status: 0]
    ");
    assert_snapshot!(stable(&env.esc(&["schedule", "get", ENV, "1"])), @"
    ID                    1
    Environment           acme/app/prod
    Paths                 (all)
    Schedule              cron 0 3 * * * (Europe/Berlin), window 1h
    Paused                no
    Next due (UTC)        YYYY-MM-DDTHH:MM:SSZ
    Last run (UTC)        never
    Consecutive failures  0
    Created (UTC)         YYYY-MM-DDTHH:MM:SSZ
    Modified (UTC)        YYYY-MM-DDTHH:MM:SSZ
    [exit status: 0]
    ");
    // The same as JSON, with the fields `schedule ls --output json` lists.
    assert_snapshot!(stable(&env.esc(&["schedule", "get", ENV, "1", "--output", "json"])), @r#"
    {
      "consecutiveFailures": 0,
      "created": "YYYY-MM-DDTHH:MM:SSZ",
      "environment": "acme/app/prod",
      "id": 1,
      "kind": "cron",
      "lastAttempt": null,
      "lastExecuted": null,
      "lastResult": null,
      "lastRevision": null,
      "modified": "YYYY-MM-DDTHH:MM:SSZ",
      "nextExecution": "YYYY-MM-DDTHH:MM:SSZ",
      "paths": [],
      "paused": false,
      "scheduleCron": "0 3 * * *",
      "timeZone": "Europe/Berlin",
      "window": "1h"
    }
    [exit status: 0]
    "#);

    let out = env.esc(&["schedule", "edit", ENV, "2", "--cron", "30 2 * * 1-5", "--tz", "Europe/Berlin"]);
    assert_snapshot!(stable(&out), @"
    Schedule '2' of environment 'acme/app/prod' was updated.
    Next rotation: YYYY-MM-DDTHH:MM:SSZ (UTC).
    [exit status: 0]
    ");
    let out = env.esc(&["schedule", "edit", ENV, "2", "pw", "other", "--window", "30m"]);
    assert_eq!(out.code, 0, "{out}");
    assert_snapshot!(stable(&env.esc(&["schedule", "pause", ENV, "1"])), @"
    Schedule '1' of environment 'acme/app/prod' was paused.
    [exit status: 0]
    ");
    assert_snapshot!(stable(&env.esc(&["schedule", "ls", ENV])), @"
    ENVIRONMENT    ID  PATHS      SCHEDULE                                       NEXT DUE (UTC)        LAST RUN (UTC)  RESULT  FAILURES
    acme/app/prod  1   (all)      cron 0 3 * * * (Europe/Berlin), window 1h      paused                                        0
    acme/app/prod  2   pw, other  cron 30 2 * * 1-5 (Europe/Berlin), window 30m  YYYY-MM-DDTHH:MM:SSZ                          0
    [exit status: 0]
    ");
    assert_snapshot!(stable(&env.esc(&["schedule", "resume", ENV, "1"])), @"
    Schedule '1' of environment 'acme/app/prod' was resumed.
    Next rotation: YYYY-MM-DDTHH:MM:SSZ (UTC).
    [exit status: 0]
    ");

    let json: serde_json::Value =
        serde_json::from_str(&env.esc(&["schedule", "ls", "--output", "json"]).stdout).unwrap();
    assert_eq!(json[1]["scheduleCron"], "30 2 * * 1-5");
    assert_eq!(json[1]["paths"], serde_json::json!(["pw", "other"]));
    assert_eq!(json[1]["window"], "30m");
    assert_eq!(json[1]["timeZone"], "Europe/Berlin");
    assert_eq!(json[0]["paused"], false);
    assert_eq!(json[0]["consecutiveFailures"], 0);

    // Removing asks first; without a terminal to ask on, --yes is needed.
    assert_snapshot!(env.esc(&["schedule", "rm", ENV, "2"]), @"
    [stderr]
    error: removing schedule '2' of environment 'acme/app/prod' needs confirmation: run `escrot schedule rm acme/app/prod 2 --yes`
    [exit status: 2]
    ");
    assert_snapshot!(env.esc(&["schedule", "rm", ENV, "2", "--yes"]), @"
    Schedule '2' of environment 'acme/app/prod' was removed.
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["schedule", "get", ENV, "2"]), @"
    [stderr]
    error: environment 'acme/app/prod' has no schedule 2
    [exit status: 2]
    ");
    assert_snapshot!(stable(&env.esc(&["schedule", "ls"])), @"
    ENVIRONMENT    ID  PATHS  SCHEDULE                                   NEXT DUE (UTC)        LAST RUN (UTC)  RESULT  FAILURES
    acme/app/prod  1   (all)  cron 0 3 * * * (Europe/Berlin), window 1h  YYYY-MM-DDTHH:MM:SSZ                          0
    [exit status: 0]
    ");
    // Removing the environment removes its schedules.
    assert_eq!(env.esc(&["rm", ENV, "--yes"]).code, 0);
    assert_snapshot!(env.esc(&["schedule", "ls"]), @"
    [stderr]
    There are no schedules: `escrot schedule new` creates one.
    [exit status: 0]
    ");
}

#[test]
fn once_schedules_and_quiet_output() {
    let env = env();
    let at = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1)).strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    let out = env.esc(&["-q", "schedule", "new", ENV, "pw", "--once", &at]);
    assert_eq!((out.stdout.as_str(), out.code), ("1\n", 0), "-q prints the id alone: {out}");
    let json: serde_json::Value =
        serde_json::from_str(&env.esc(&["schedule", "ls", ENV, "-o", "json"]).stdout).unwrap();
    assert_eq!(json[0]["scheduleOnce"], at.as_str());
    assert_eq!(json[0]["nextExecution"], at.as_str());
    let out = env.esc(&["schedule", "edit", ENV, "1"]);
    assert_snapshot!(out, @"
    [stderr]
    error: nothing to change: give PATHs or --all-paths, --cron, --every, --once, --window, --no-window or --tz
    [exit status: 2]
    ");
}

#[test]
fn invalid_schedules_are_usage_errors() {
    let env = env();
    let cases: &[&[&str]] = &[
        &["--cron", "* * * *"],
        &["--cron", "61 * * * *"],
        &["--cron", "0 0 30 2 *"],
        &["--cron", "0 3 * * *", "--tz", "Mars/Olympus"],
        &["--every", "5x"],
        &["--every", "30s"],
        &["--every", "1h", "--window", "soon"],
        &["--once", "tomorrow"],
        &["--once", "2020-01-01T00:00:00Z"],
        &["--every", "1h", "--tz", "Europe/Berlin"],
        &["--every", "1h", "--cron", "0 3 * * *"],
        &[],
        &["nope", "--every", "1h"],
        &["plain", "--every", "1h"],
        &["a[", "--every", "1h"],
    ];
    let mut report = String::new();
    let now = regex::Regex::new(r"now is \S+\)").unwrap();
    for flags in cases {
        let mut args = vec!["schedule", "new", ENV];
        args.extend_from_slice(flags);
        let out = env.esc(&args);
        assert_eq!(out.code, 2, "{flags:?}: {out}");
        let first = out.stderr.lines().next().unwrap_or_default();
        let first = now.replace_all(first, "now is [now])");
        let label = if flags.is_empty() { "(no flags)".to_owned() } else { flags.join(" ") };
        report.push_str(&format!("{label}\n  {first}\n"));
    }
    assert_snapshot!(report, @"
    --cron * * * *
      error: invalid cron expression '* * * *': it has 4 field(s); write 5: minute hour day-of-month month day-of-week (e.g. `0 3 * * *`)
    --cron 61 * * * *
      error: invalid cron expression '61 * * * *': the minute field '61': number out of bounds
    --cron 0 0 30 2 *
      error: invalid cron expression '0 0 30 2 *': it never matches a date (within the next years)
    --cron 0 3 * * * --tz Mars/Olympus
      error: unknown time zone 'Mars/Olympus': use an IANA name such as UTC, Europe/Berlin or America/New_York
    --every 5x
      error: --every: '5x' is not a duration: unknown unit 'x': use d, h, m or s (write e.g. 30m, 12h or 7d)
    --every 30s
      error: --every: the interval '30s' is too short: the shortest is 1m
    --every 1h --window soon
      error: --window: 'soon' is not a duration: expected a number, such as the 30 of `30m` (write e.g. 30m, 12h or 7d)
    --once tomorrow
      error: --once: 'tomorrow' is not an RFC 3339 time: failed to parse four digit integer as year (write e.g. 2026-01-02T03:04:05Z)
    --once 2020-01-01T00:00:00Z
      error: --once: the time '2020-01-01T00:00:00Z' is not in the future (now is [now])
    --every 1h --tz Europe/Berlin
      error: --tz applies to --cron schedules only
    --every 1h --cron 0 3 * * *
      error: the argument '--every <DURATION>' cannot be used with '--cron <EXPR>'
    (no flags)
      error: the following required arguments were not provided:
    nope --every 1h
      error: environment 'acme/app/prod' has no fn::rotate at nope
    plain --every 1h
      error: environment 'acme/app/prod' has no fn::rotate at plain
    a[ --every 1h
      error: 'a[' is an invalid property path: missing closing bracket in array index
    ");
    assert_eq!(env.esc(&["schedule", "ls", ENV, "-o", "json"]).stdout, "[]\n", "nothing was created");
    assert_snapshot!(env.esc(&["schedule", "get", ENV, "9"]), @"
    [stderr]
    error: environment 'acme/app/prod' has no schedule 9
    [exit status: 2]
    ");
    assert_snapshot!(env.esc(&["schedule", "new", "acme/app/none", "--every", "1h"]), @"
    [stderr]
    error: environment 'acme/app/none' does not exist; `escrot ls` lists the environments, `escrot init acme/app/none` creates it
    [exit status: 2]
    ");
}

#[test]
fn help_says_several_schedules_per_environment() {
    let out = env().esc(&["schedule", "--help"]);
    let text = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("escrot allows several, each optionally limited to property paths"), "{out}");
}

/// `--count N` shows the first N schedules, or runs (0: all), and `--utc` is accepted
/// (escrot's times are UTC already), as in `esc env schedule list` and `history`.
#[test]
fn count_and_utc_as_in_esc() {
    use jiff::{SignedDuration, Timestamp};
    let env = env();
    let at = (Timestamp::now() + SignedDuration::from_secs(8)).strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    for paths in [["pw"], ["other"]] {
        assert_eq!(env.esc(&["schedule", "new", ENV, paths[0], "--once", &at]).code, 0);
    }
    assert_eq!(env.esc(&["schedule", "new", ENV, "--every", "12h"]).code, 0);
    assert_snapshot!(stable(&env.esc(&["schedule", "ls", "--count", "2", "--utc"])), @"
    ENVIRONMENT    ID  PATHS  SCHEDULE                   NEXT DUE (UTC)        LAST RUN (UTC)  RESULT  FAILURES
    acme/app/prod  1   pw     once YYYY-MM-DDTHH:MM:SSZ  YYYY-MM-DDTHH:MM:SSZ                          0
    acme/app/prod  2   other  once YYYY-MM-DDTHH:MM:SSZ  YYYY-MM-DDTHH:MM:SSZ                          0
    [exit status: 0]
    ");
    let listed = |args: &[&str]| -> usize {
        let out = env.esc(&[&["schedule", "ls", "-o", "json"], args].concat());
        assert_eq!(out.code, 0, "{out}");
        serde_json::from_str::<Vec<serde_json::Value>>(&out.stdout).expect("json").len()
    };
    assert_eq!(
        (listed(&[]), listed(&["--count", "0"]), listed(&["--count", "1"]), listed(&["--count", "9"])),
        (3, 3, 1, 3)
    );
    assert_snapshot!(env.esc(&["schedule", "ls", "--count", "-1"]), @"
    [stderr]
    error: invalid value '-1' for '--count <N>': must be non-negative

    For more information, try '--help'.
    [exit status: 2]
    ");

    while Timestamp::now() <= at.parse::<Timestamp>().unwrap() {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(env.esc(&["rotate", "--due"]).code, 0);
    let runs = |args: &[&str]| -> usize {
        let out = env.esc(&[&["schedule", "history", ENV, "-o", "json"], args].concat());
        assert_eq!(out.code, 0, "{out}");
        serde_json::from_str::<Vec<serde_json::Value>>(&out.stdout).expect("json").len()
    };
    assert_eq!((runs(&[]), runs(&["--count", "1", "--utc"]), runs(&["--count", "0"])), (2, 1, 2));
    let table = env.esc(&["schedule", "history", ENV, "--count", "1", "--utc"]);
    assert_eq!(table.stdout.lines().count(), 2, "a header and one run: {table}");
}
