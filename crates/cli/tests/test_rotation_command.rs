//! `escrot rotation history`: the rotation log, written here through the store's API (as
//! the rotation engine writes it).

use crate::common;

use common::{TestEnv, open_store};
use escrot_store::{AttemptId, EnvName, RotationLogEntry, RotationResult, Store};
use insta::assert_snapshot;

fn entry(attempt: &str, path: &str, result: RotationResult, error: Option<&str>, ms: u64) -> RotationLogEntry {
    RotationLogEntry {
        attempt: AttemptId(attempt.to_owned()),
        revision_before: Some(1),
        revision_after: (result == RotationResult::Succeeded).then_some(2),
        path: path.to_owned(),
        rotator: "password".to_owned(),
        result,
        error: error.map(str::to_owned),
        started_at: "2026-01-02T03:04:05Z".to_owned(),
        duration_ms: ms,
    }
}

fn rotated() -> TestEnv {
    let env = TestEnv::new();
    env.init("acme/db/prod", "values:\n  a: 1\n");
    let mut store = open_store(&env);
    let name = EnvName::new("acme", "db", "prod").expect("a name");
    store
        .append_rotation_log(
            &name,
            &[
                entry("0123456789abcdef0123456789abcdef", "creds.app", RotationResult::Succeeded, None, 850),
                entry(
                    "0123456789abcdef0123456789abcdef",
                    "creds.admin",
                    RotationResult::Failed,
                    Some("password authentication failed for user \"admin\""),
                    2400,
                ),
            ],
        )
        .expect("append to the log");
    store
        .append_rotation_log(
            &name,
            &[entry("fedcba9876543210fedcba9876543210", "creds.app", RotationResult::NotEvaluated, None, 125_000)],
        )
        .expect("append to the log");
    env
}

#[test]
fn history_table_newest_first() {
    let env = rotated();
    assert_snapshot!(env.esc(&["rotation", "history", "acme/db/prod"]), @r#"
    STARTED (UTC)         ATTEMPT   PATH         ROTATOR   RESULT         DURATION  ERROR
    2026-01-02T03:04:05Z  fedcba98  creds.app    password  not-evaluated  2m05s
    2026-01-02T03:04:05Z  01234567  creds.admin  password  failed         2.4s      password authentication failed for user "admin"
    2026-01-02T03:04:05Z  01234567  creds.app    password  succeeded      850ms
    [exit status: 0]
    "#);
}

#[test]
fn history_json() {
    let env = rotated();
    assert_snapshot!(env.esc(&["rotation", "history", "acme/db/prod", "--output", "json"]), @r#"
    [
      {
        "attempt": "fedcba9876543210fedcba9876543210",
        "durationMs": 125000,
        "error": null,
        "path": "creds.app",
        "result": "not-evaluated",
        "revisionAfter": null,
        "revisionBefore": 1,
        "rotator": "password",
        "started": "2026-01-02T03:04:05Z"
      },
      {
        "attempt": "0123456789abcdef0123456789abcdef",
        "durationMs": 2400,
        "error": "password authentication failed for user \"admin\"",
        "path": "creds.admin",
        "result": "failed",
        "revisionAfter": null,
        "revisionBefore": 1,
        "rotator": "password",
        "started": "2026-01-02T03:04:05Z"
      },
      {
        "attempt": "0123456789abcdef0123456789abcdef",
        "durationMs": 850,
        "error": null,
        "path": "creds.app",
        "result": "succeeded",
        "revisionAfter": 2,
        "revisionBefore": 1,
        "rotator": "password",
        "started": "2026-01-02T03:04:05Z"
      }
    ]
    [exit status: 0]
    "#);
}

#[test]
fn never_rotated() {
    let env = TestEnv::new();
    env.init("acme/db/prod", "values:\n  a: 1\n");
    assert_snapshot!(env.esc(&["rotation", "history", "acme/db/prod"]), @"
    [stderr]
    Environment 'acme/db/prod' has not been rotated yet.
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["rotation", "history", "acme/db/prod", "-o", "json"]), @"
    []
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["rotation", "history", "acme/db/nope"]), @"
    [stderr]
    error: environment 'acme/db/nope' does not exist; `escrot ls` lists the environments, `escrot init acme/db/nope` creates it
    [exit status: 2]
    ");
}
