//! `escrot webhook …` and the delivery of rotation events, with the real binary and a
//! receiver on a loopback port that checks each signature: events of rotations that
//! succeed and fail (by hand and by schedule), of new revisions, of an organization's
//! environments, Slack messages, a receiver that is down or answers 500, a process killed
//! after its commit, a data key rotation, a store copy, and a PostgreSQL store. Every
//! output, every body received and the store file are searched for the rotated secrets and
//! the webhook secret.

use crate::common;

use common::receiver::{Received, Receiver};
use common::{Output, TestEnv, open_store, store_filters};
use escrot_store::{DeliveryStatus, Store, WebhookId};
use insta::assert_snapshot;

const ENV: &str = "acme/app/prod";
const SECRET: &str = "whsec-test-6f1c0b2a9d8e7f60";
const PASSWORD: &str = "values:\n  pw:\n    fn::rotate::password:\n      inputs:\n        length: 24\n";

/// A password that rotates, and aws-iam keys that cannot (no OIDC token).
const HALF_FAILING: &str = "\
values:
  pw:
    fn::rotate::password:
      inputs:
        length: 24
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

/// A fast delivery policy: 2 s per try, 2 tries, 50 ms apart.
const FAST: [(&str, &str); 3] =
    [("ESCROT_WEBHOOK_TIMEOUT", "2s"), ("ESCROT_WEBHOOK_TRIES", "2"), ("ESCROT_WEBHOOK_BACKOFF", "50ms")];

/// `escrot ARGS…` on the test's store with the fast policy (and no OIDC token anywhere).
fn run(env: &TestEnv, args: &[&str]) -> Output {
    let mut vars: Vec<(&str, &str)> = FAST.to_vec();
    vars.extend(common::NO_OIDC_TOKEN);
    env.esc_with_env(args, &vars)
}

/// Creates a webhook of `scope` with the test's secret; returns its id.
fn webhook(env: &TestEnv, scope: &str, url: &str, extra: &[&str]) -> i64 {
    let mut args = vec!["webhook", "new", scope, "--url", url, "--secret-from-stdin", "-o", "json"];
    args.extend_from_slice(extra);
    let out = run_with_stdin(env, &args, &format!("{SECRET}\n"));
    assert_eq!(out.code, 0, "{out}");
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(doc.get("secret").is_none(), "a given secret is not printed: {out}");
    doc["id"].as_i64().unwrap()
}

fn run_with_stdin(env: &TestEnv, args: &[&str], stdin: &str) -> Output {
    let mut cmd = assert_cmd::Command::cargo_bin("escrot").unwrap();
    cmd.current_dir(env.path()).args(args).env("ESCROT_STORE", env.store_url()).env("ESCROT_ACTOR", "test");
    for var in ["ESCROT_KEY", "ESCROT_ORG", "NO_COLOR", "CLICOLOR_FORCE"] {
        cmd.env_remove(var);
    }
    cmd.env("TERM", "dumb").write_stdin(stdin.to_owned());
    let out = cmd.output().unwrap();
    Output {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// Times, durations, attempt ids and ports made stable for snapshots.
fn stable(text: &str) -> String {
    let mut text = text.to_owned();
    for (pattern, replacement) in store_filters() {
        text = regex::Regex::new(pattern).unwrap().replace_all(&text, replacement).into_owned();
    }
    let text = regex::Regex::new(r"127\.0\.0\.1:\d+").unwrap().replace_all(&text, "127.0.0.1:NNNNN");
    // A duration and the spaces after it (which depend on its width) become `[dur]  `.
    let durations = regex::Regex::new(r"\b(\d+m)?\d+(\.\d+)?m?s\b( {2,})?").unwrap();
    let text =
        durations.replace_all(&text, |c: &regex::Captures<'_>| if c.get(3).is_some() { "[dur]  " } else { "[dur]" });
    let text = regex::Regex::new(r#""durationMs": \d+"#).unwrap().replace_all(&text, r#""durationMs": "[ms]""#);
    regex::Regex::new(r#""[0-9a-f]{8,}""#).unwrap().replace_all(&text, "\"[id]\"").into_owned()
}

/// The values of every `fn::rotate::password` state in the definition (decrypted).
fn passwords(env: &TestEnv) -> Vec<String> {
    let out = env.esc(&["open", ENV, "--format", "json", "--show-secrets"]);
    let mut found = Vec::new();
    collect_strings(&serde_json::from_str(&out.stdout).unwrap_or_default(), &mut found);
    found.into_iter().filter(|s| s.len() >= 24).collect()
}

fn collect_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_strings(i, out)),
        serde_json::Value::Object(map) => map.values().for_each(|i| collect_strings(i, out)),
        _ => {}
    }
}

/// No output, no body received and not the store file holds any of `secrets`.
fn assert_nowhere(env: &TestEnv, secrets: &[String], outputs: &[&Output], received: &[Received]) {
    let store = env.store_bytes();
    for secret in secrets {
        assert!(!secret.is_empty());
        for out in outputs {
            assert!(!out.stdout.contains(secret.as_str()) && !out.stderr.contains(secret.as_str()), "{out}");
        }
        for r in received {
            assert!(!r.body.contains(secret.as_str()), "{}", r.body);
        }
        assert!(!store.windows(secret.len()).any(|w| w == secret.as_bytes()), "the store file holds a secret");
    }
}

#[test]
fn a_rotation_delivers_signed_events_without_secrets() {
    let env = TestEnv::new();
    env.init(ENV, PASSWORD);
    let receiver = Receiver::start(SECRET);
    let id = webhook(&env, ENV, &receiver.url, &[]);
    let rotated = run(&env, &["rotate", ENV]);
    assert_eq!(rotated.code, 0, "{rotated}");
    let got = receiver.wait_for(2);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|r| r.signed), "every delivery is signed: {got:?}");
    // The deliveries of one run are sent at once: in any order.
    let mut events: Vec<&str> = got.iter().map(|r| r.header("x-escrot-event")).collect();
    events.sort();
    assert_eq!(events, ["revision-created", "rotation-succeeded"]);
    assert!(got.iter().all(|r| r.header("content-type") == "application/json" && r.path == "/hook"));
    let succeeded = &receiver.events("rotation-succeeded")[0];
    assert_snapshot!(stable(&serde_json::to_string_pretty(succeeded).unwrap()), @r#"
    {
      "attempt": "[id]",
      "environment": "acme/app/prod",
      "error": null,
      "event": "rotation-succeeded",
      "organization": "acme",
      "revision": 2,
      "rotations": [
        {
          "durationMs": "[ms]",
          "error": null,
          "path": "pw",
          "result": "succeeded",
          "rotator": "password"
        }
      ],
      "schedule": null,
      "timestamp": "YYYY-MM-DDTHH:MM:SSZ",
      "trigger": "manual",
      "user": "test"
    }
    "#);
    let created = &receiver.events("revision-created")[0];
    assert_eq!((created["revision"].as_u64(), created["kind"].as_str()), (Some(2), Some("rotation")));
    assert_eq!(created["attempt"], succeeded["attempt"]);

    // Every new revision: a `set` too.
    let set = run(&env, &["set", ENV, "plain", "hello"]);
    assert_eq!(set.code, 0, "{set}");
    let got = receiver.wait_for(3);
    let last = got[2].json();
    assert_eq!(
        (last["event"].as_str(), last["revision"].as_u64(), last["kind"].as_str()),
        (Some("revision-created"), Some(3), Some("edit"))
    );

    let deliveries = run(&env, &["webhook", "deliveries", ENV, &id.to_string()]);
    assert_snapshot!(stable(&deliveries.to_string()), @"
    TIME (UTC)            ID  EVENT               ENVIRONMENT    STATUS     HTTP  DURATION  TRIES  ERROR
    YYYY-MM-DDTHH:MM:SSZ  3   revision-created    acme/app/prod  delivered  200   [dur]  1
    YYYY-MM-DDTHH:MM:SSZ  2   rotation-succeeded  acme/app/prod  delivered  200   [dur]  1
    YYYY-MM-DDTHH:MM:SSZ  1   revision-created    acme/app/prod  delivered  200   [dur]  1
    [exit status: 0]
    ");
    let json = run(&env, &["webhook", "deliveries", ENV, &id.to_string(), "--output", "json"]);
    let mut secrets = passwords(&env);
    assert_eq!(secrets.len(), 1, "the rotated password");
    secrets.push(SECRET.to_owned());
    assert_nowhere(&env, &secrets, &[&rotated, &set, &deliveries, &json], &receiver.received());
}

#[test]
fn a_failed_rotation_is_delivered_to_the_organizations_webhooks() {
    let env = TestEnv::new();
    env.init(ENV, HALF_FAILING);
    env.init("acme/other/dev", PASSWORD);
    env.init("elsewhere/app/prod", PASSWORD);
    let receiver = Receiver::start(SECRET);
    webhook(&env, "acme/*", &receiver.url, &["--event", "rotation-failed"]);
    let rotated = run(&env, &["rotate", ENV]);
    assert_eq!(rotated.code, 1, "the rotation failed: {rotated}");
    let got = receiver.wait_for(1);
    assert_eq!(got.len(), 1, "only rotation-failed is subscribed: {got:?}");
    assert!(got[0].signed);
    let failed = got[0].json();
    assert_eq!((failed["event"].as_str(), failed["revision"].as_u64()), (Some("rotation-failed"), Some(2)));
    let results: Vec<(&str, &str)> = failed["rotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["path"].as_str().unwrap(), r["result"].as_str().unwrap()))
        .collect();
    assert_eq!(results, [("keys", "not-evaluated"), ("pw", "succeeded")]);
    assert!(failed["rotations"][0]["error"].as_str().unwrap().contains("aws-login oidc needs an OIDC token"));
    assert_eq!(failed["attempt"].as_str().map(str::len), Some(rotated_attempt(&env).len()));

    // Another environment of the organization: a success, not subscribed; another
    // organization's: not this webhook's.
    assert_eq!(run(&env, &["rotate", "acme/other/dev"]).code, 0);
    assert_eq!(run(&env, &["rotate", "elsewhere/app/prod"]).code, 0);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(receiver.received().len(), 1);
    let mut secrets = passwords(&env);
    secrets.push(SECRET.to_owned());
    assert_nowhere(&env, &secrets, &[&rotated], &receiver.received());
}

/// The attempt id of the environment's last rotation, from its log.
fn rotated_attempt(env: &TestEnv) -> String {
    let store = open_store(env);
    store.rotation_log(&escrot_store::EnvName::parse(ENV, "acme").unwrap()).unwrap()[0].attempt.0.clone()
}

#[test]
fn slack_webhooks_get_a_readable_message() {
    let env = TestEnv::new();
    env.init(ENV, HALF_FAILING);
    let receiver = Receiver::start(SECRET);
    webhook(&env, ENV, &receiver.url, &["--format", "slack", "--event", "rotation-failed,revision-created"]);
    assert_eq!(run(&env, &["rotate", ENV]).code, 1);
    let got = receiver.wait_for(2);
    let mut texts: Vec<String> = got.iter().map(|r| r.json()["text"].as_str().unwrap().to_owned()).collect();
    texts.sort();
    assert!(got.iter().all(|r| r.signed), "slack bodies are signed too");
    assert_snapshot!(stable(&texts.join("\n---\n")).replace(&rotated_attempt(&env), "[attempt]"), @"
    :memo: New revision 2 of *acme/app/prod* (rotation by test)
    ---
    :x: Rotation of *acme/app/prod* failed (revision 2, attempt `[attempt]`)
    • `keys` (aws-iam): not-evaluated — its inputs could not be evaluated: values.login: aws-login oidc needs an OIDC token: pass --oidc-token-file FILE, set ESCROT_OIDC_TOKEN (the token), ESCROT_OIDC_TOKEN_FILE or AWS_WEB_IDENTITY_TOKEN_FILE (a file holding it), or run in GitHub Actions with `permissions: id-token: write` (ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN)
    • `pw` (password): succeeded
    ");
}

#[test]
fn a_receiver_that_is_down_does_not_fail_the_rotation() {
    let env = TestEnv::new();
    env.init(ENV, PASSWORD);
    let id = webhook(&env, ENV, &Receiver::down_url(), &[]);
    let rotated = run(&env, &["rotate", ENV]);
    assert_eq!(rotated.code, 0, "{rotated}");
    assert!(rotated.stdout.contains("Environment 'acme/app/prod' rotated."), "{rotated}");
    assert_snapshot!(stable(&rotated.stderr), @"
    warning: webhook 1: the revision-created event (delivery 1) was not delivered after 2 tries: cannot connect: tcp connect error: Connection refused (os error 111); `escrot webhook deliveries` lists it
    warning: webhook 1: the rotation-succeeded event (delivery 2) was not delivered after 2 tries: cannot connect: tcp connect error: Connection refused (os error 111); `escrot webhook deliveries` lists it
    ");
    // The same output as a rotation without webhooks, but for the warnings.
    env.init("acme/app/plain", PASSWORD);
    let plain = run(&env, &["rotate", "acme/app/plain"]);
    assert_eq!(stable(&rotated.stdout).replace(ENV, "NAME"), stable(&plain.stdout).replace("acme/app/plain", "NAME"));
    let quiet = run(&env, &["--quiet", "rotate", ENV]);
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str(), quiet.code), ("", "", 0), "{quiet}");
    let deliveries = run(&env, &["webhook", "deliveries", ENV, &id.to_string(), "--count", "2", "-o", "json"]);
    let listed: serde_json::Value = serde_json::from_str(&deliveries.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 2);
    for d in listed.as_array().unwrap() {
        assert_eq!(
            (d["status"].as_str(), d["tries"].as_u64(), d["statusCode"].as_u64()),
            (Some("failed"), Some(2), None)
        );
        assert!(d["error"].as_str().unwrap().starts_with("cannot connect"), "{d}");
    }
}

#[test]
fn a_500_is_tried_again_and_then_delivered() {
    let env = TestEnv::new();
    env.init(ENV, PASSWORD);
    let receiver = Receiver::answering(SECRET, &[500, 503]);
    let id = webhook(&env, ENV, &receiver.url, &["--event", "rotation-succeeded"]);
    let rotated = env.esc_with_env(&["rotate", ENV], &[("ESCROT_WEBHOOK_BACKOFF", "20ms")]);
    assert_eq!((rotated.code, rotated.stderr.as_str()), (0, ""), "{rotated}");
    let got = receiver.wait_for(3);
    assert_eq!(got.len(), 3, "two failed tries, then delivered");
    assert!(got.iter().all(|r| r.signed && r.body == got[0].body), "the same body each try");
    assert!(got.iter().all(|r| r.header("x-escrot-delivery") == "1"));
    let store = open_store(&env);
    let d = &store.list_deliveries(WebhookId(id), 10).unwrap()[0];
    assert_eq!((d.status, d.status_code, d.tries, d.error.as_deref()), (DeliveryStatus::Delivered, Some(200), 3, None));
}

#[test]
fn a_404_is_not_tried_again() {
    let env = TestEnv::new();
    env.init(ENV, PASSWORD);
    let receiver = Receiver::answering(SECRET, &[404]);
    let id = webhook(&env, ENV, &receiver.url, &["--event", "rotation-succeeded"]);
    let rotated = run(&env, &["rotate", ENV]);
    assert_eq!(rotated.code, 0);
    assert_snapshot!(stable(&rotated.stderr), @"warning: webhook 1: the rotation-succeeded event (delivery 1) was not delivered after 1 try: HTTP 404 Not Found; `escrot webhook deliveries` lists it");
    assert_eq!(receiver.received().len(), 1);
    let d = &open_store(&env).list_deliveries(WebhookId(id), 10).unwrap()[0];
    assert_eq!((d.status, d.status_code, d.tries), (DeliveryStatus::Failed, Some(404), 1));
}

#[test]
fn webhooks_are_created_listed_shown_and_removed() {
    let env = TestEnv::new();
    env.init(ENV, PASSWORD);
    let receiver = Receiver::start("");
    let unasked = run(&env, &["webhook", "new", ENV, "--url", &receiver.url]);
    assert_snapshot!(unasked.to_string(), @"
    [stderr]
    error: a new webhook needs a signing secret: add --show-secrets to have escrot make one and print it (once), or give yours with --secret-from-stdin
    [exit status: 2]
    ");
    let created = run(&env, &["webhook", "new", ENV, "--url", &receiver.url, "--show-secrets"]);
    assert_eq!(created.code, 0, "{created}");
    // The generated secret is printed once, here.
    let secret =
        regex::Regex::new(r"Secret: +([0-9a-f]{64})").unwrap().captures(&created.stdout).unwrap()[1].to_owned();
    assert_snapshot!(stable(&created.to_string()).replace(&secret, "[secret]"), @"
    Webhook '1' of 'acme/app/prod' was created.
    Webhook:  1
    Scope:    acme/app/prod
    URL:      http://127.0.0.1:NNNNN/hook
    Format:   raw
    Events:   rotation-succeeded, rotation-failed, revision-created
    Created:  YYYY-MM-DDTHH:MM:SSZ
    Secret:   [secret]
    Keep the secret where the receiver checks signatures (X-Escrot-Signature): escrot does not show it again.
    [exit status: 0]
    ");
    webhook(
        &env,
        "acme/*",
        "https://hooks.slack.com/services/T0/B0/XXXX",
        &["--format", "slack", "--event", "rotation-failed"],
    );
    webhook(&env, "other/*", "https://example.com/hook", &[]);

    let ls = run(&env, &["webhook", "ls", ENV]);
    assert_snapshot!(stable(&ls.to_string()), @"
    SCOPE          ID  URL                                          FORMAT  EVENTS                                               CREATED (UTC)
    acme/app/prod  1   http://127.0.0.1:NNNNN/hook                  raw     rotation-succeeded,rotation-failed,revision-created  YYYY-MM-DDTHH:MM:SSZ
    acme/*         2   https://hooks.slack.com/services/T0/B0/XXXX  slack   rotation-failed                                      YYYY-MM-DDTHH:MM:SSZ
    [exit status: 0]
    ");
    let all = run(&env, &["webhook", "ls", "-o", "json"]);
    let ids: Vec<i64> = serde_json::from_str::<serde_json::Value>(&all.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [1, 2, 3]);
    let org = run(&env, &["webhook", "ls", "acme/*", "-o", "json"]);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&org.stdout).unwrap().as_array().unwrap().len(), 1);
    let get = run(&env, &["webhook", "get", "acme/*", "2", "-o", "json"]);
    assert_snapshot!(stable(&get.to_string()), @r#"
    {
      "createdAt": "YYYY-MM-DDTHH:MM:SSZ",
      "events": [
        "rotation-failed"
      ],
      "format": "slack",
      "id": 2,
      "scope": "acme/*",
      "url": "https://hooks.slack.com/services/T0/B0/XXXX"
    }
    [exit status: 0]
    "#);

    // Ping: with the secret printed above, the signature checks out.
    receiver.set_secret(&secret);
    let ping = run(&env, &["webhook", "ping", ENV, "1"]);
    assert_snapshot!(stable(&ping.to_string()), @"
    Webhook '1' answered the ping (HTTP 200, [dur]).
    [exit status: 0]
    ");
    let got = receiver.wait_for(1);
    assert!(got[0].signed, "{got:?}");
    assert_eq!((got[0].json()["event"].as_str(), got[0].json()["scope"].as_str()), (Some("ping"), Some(ENV)));
    let down = run(&env, &["webhook", "ping", "other/*", "3"]);
    assert_eq!(down.code, 1, "{down}");
    assert!(down.stderr.starts_with("error: webhook '3' did not take the ping (delivery 2, 2 tries"), "{down}");

    let rm = run(&env, &["webhook", "rm", ENV, "1"]);
    assert_snapshot!(stable(&rm.to_string()), @"
    [stderr]
    error: removing webhook '1' of 'acme/app/prod' needs confirmation: run `escrot webhook rm 'acme/app/prod' 1 --yes`
    [exit status: 2]
    ");
    assert_eq!(
        run(&env, &["webhook", "rm", ENV, "1", "--yes"]).to_string(),
        "Webhook '1' of 'acme/app/prod' was removed.\n[exit status: 0]"
    );
    let gone = run(&env, &["webhook", "get", ENV, "1"]);
    assert_snapshot!(stable(&gone.to_string()), @"
    [stderr]
    error: acme/app/prod has no webhook 1; `escrot webhook ls 'acme/app/prod'` lists its webhooks
    [exit status: 2]
    ");
    let outputs = [&ls, &all, &org, &get, &ping, &down, &rm, &gone];
    assert_nowhere(&env, &[secret, SECRET.to_owned()], &outputs, &receiver.received());
}

#[test]
fn usage_errors_say_what_is_wrong() {
    let env = TestEnv::new();
    env.init(ENV, PASSWORD);
    let cases: &[&[&str]] = &[
        &["webhook", "new", ENV, "--url", "http://example.com/hook"],
        &["webhook", "new", ENV, "--url", "ftp://example.com/"],
        &["webhook", "new", ENV, "--url", "not a url"],
        &["webhook", "new", ENV, "--url", "https://example.com/", "--event", "rotation-failed,rotated"],
        &["webhook", "new", "acme/app/nope", "--url", "https://example.com/"],
        &["webhook", "new", "ac me/*", "--url", "https://example.com/"],
        &["webhook", "get", ENV, "7"],
        &["webhook", "deliveries", "acme/*", "1"],
    ];
    let mut text = String::new();
    for args in cases {
        text.push_str(&format!("$ {}\n{}\n", args[1..].join(" "), run(&env, args)));
    }
    let empty =
        run_with_stdin(&env, &["webhook", "new", ENV, "--url", "https://example.com/", "--secret-from-stdin"], "\n");
    text.push_str(&format!("$ new --secret-from-stdin < empty\n{empty}\n"));
    assert_snapshot!(text, @"
    $ new acme/app/prod --url http://example.com/hook
    [stderr]
    error: --url: 'http://example.com/hook' is http:// to another machine: use https:// (http:// is only for a receiver on this machine, 127.0.0.1, [::1] or localhost)
    [exit status: 2]
    $ new acme/app/prod --url ftp://example.com/
    [stderr]
    error: --url: 'ftp://example.com/' is not an https:// URL (it is ftp:)
    [exit status: 2]
    $ new acme/app/prod --url not a url
    [stderr]
    error: --url: 'not a url' is not a URL: relative URL without a base
    [exit status: 2]
    $ new acme/app/prod --url https://example.com/ --event rotation-failed,rotated
    [stderr]
    error: --event: unknown event 'rotated': the events are rotation-succeeded, rotation-failed, revision-created
    [exit status: 2]
    $ new acme/app/nope --url https://example.com/
    [stderr]
    error: environment 'acme/app/nope' does not exist; `escrot ls` lists the environments, `escrot init acme/app/nope` creates it
    [exit status: 2]
    $ new ac me/* --url https://example.com/
    [stderr]
    error: 'ac me/*': 'ac me' is not an organization name
    [exit status: 2]
    $ get acme/app/prod 7
    [stderr]
    error: acme/app/prod has no webhook 7; `escrot webhook ls 'acme/app/prod'` lists its webhooks
    [exit status: 2]
    $ deliveries acme/* 1
    [stderr]
    error: acme/* has no webhook 1; `escrot webhook ls 'acme/*'` lists its webhooks
    [exit status: 2]
    $ new --secret-from-stdin < empty
    [stderr]
    error: --secret-from-stdin: standard input holds no secret (it is empty)
    [exit status: 2]
    ");
}

/// An RFC 3339 time `secs` seconds from now, and waiting until it passed.
fn in_secs(secs: i64) -> String {
    let at = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(secs);
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn wait_until(at: &str) {
    let at: jiff::Timestamp = at.parse().unwrap();
    while jiff::Timestamp::now() <= at {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn rotate_due_delivers_a_scheduled_failure_with_its_schedule() {
    let env = TestEnv::new();
    env.init(ENV, HALF_FAILING);
    let receiver = Receiver::start(SECRET);
    webhook(&env, ENV, &receiver.url, &["--event", "rotation-failed,rotation-succeeded"]);
    let at = in_secs(2);
    assert_eq!(run(&env, &["schedule", "new", ENV, "--once", &at]).code, 0);
    let early = run(&env, &["rotate", "--due"]);
    assert_eq!((early.stdout.as_str(), early.stderr.as_str(), early.code), ("", "", 0), "nothing due yet: {early}");
    wait_until(&at);
    let due = run(&env, &["rotate", "--due"]);
    assert_eq!(due.code, 1, "{due}");
    let got = receiver.wait_for(1);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].signed);
    let failed = got[0].json();
    let history: serde_json::Value =
        serde_json::from_str(&run(&env, &["schedule", "history", ENV, "-o", "json"]).stdout).unwrap();
    assert_eq!(
        (failed["event"].as_str(), failed["schedule"].as_i64(), failed["trigger"].as_str()),
        (Some("rotation-failed"), Some(1), Some("schedule"))
    );
    assert_eq!(failed["attempt"], history[0]["attempt"], "the run's attempt: {history}");
    assert_eq!(failed["revision"], history[0]["revision"]);
    assert_eq!(failed["rotations"].as_array().unwrap().len(), 2);
    let mut secrets = passwords(&env);
    secrets.push(SECRET.to_owned());
    assert_nowhere(&env, &secrets, &[&early, &due], &got);
}

/// A process killed right after its commit leaves its deliveries pending, leased to it;
/// once the lease expired, the next run sends them (and not before).
#[test]
fn a_delivery_left_by_a_killed_process_is_sent_by_the_next_run() {
    let env = TestEnv::new();
    env.init(ENV, PASSWORD);
    let receiver = Receiver::start(SECRET);
    let id = webhook(&env, ENV, &receiver.url, &["--event", "revision-created"]);
    // 1.5 s per try, one try: a lease of 3 s.
    let policy =
        [("ESCROT_WEBHOOK_TIMEOUT", "1500ms"), ("ESCROT_WEBHOOK_TRIES", "1"), ("ESCROT_FAILPOINT", "after-commit")];
    let died = env.esc_with_env(&["rotate", ENV], &policy);
    assert_eq!(died.code, 86, "stopped at the failpoint: {died}");
    let store = open_store(&env);
    let pending = store.list_deliveries(WebhookId(id), 10).unwrap();
    assert_eq!(pending.iter().map(|d| d.status).collect::<Vec<_>>(), [DeliveryStatus::Pending]);
    drop(store);

    let soon = run(&env, &["rotate", "--due"]);
    assert_eq!((soon.code, soon.stderr.as_str()), (0, ""), "{soon}");
    assert!(receiver.received().is_empty(), "the dead process's lease is still live");
    std::thread::sleep(std::time::Duration::from_millis(3500));
    let next = run(&env, &["rotate", "--due"]);
    assert_eq!((next.code, next.stderr.as_str()), (0, ""), "{next}");
    let got = receiver.wait_for(1);
    assert_eq!(got.len(), 1);
    assert!(got[0].signed);
    assert_eq!((got[0].json()["revision"].as_u64(), got[0].header("x-escrot-delivery")), (Some(2), "1"));
    let store = open_store(&env);
    let d = &store.list_deliveries(WebhookId(id), 10).unwrap()[0];
    assert_eq!((d.status, d.tries), (DeliveryStatus::Delivered, 1));
    let again = run(&env, &["rotate", "--due"]);
    assert_eq!(again.code, 0);
    assert_eq!(receiver.received().len(), 1, "sent once");
}

/// A data key rotation (which needs a KMS-wrapped store: moto) does not re-seal webhook
/// secrets: the retired key still opens them, and new ones are sealed with the new key.
#[test]
fn a_new_data_key_keeps_webhook_secrets_usable() {
    let Some(moto) = crate::support::moto::Moto::lock() else { return };
    moto.create_user("admin");
    moto.put_policy("admin", &["kms:*", "iam:*", "sts:*"]);
    let admin = moto.create_key("admin");
    let arn = moto.create_kms_key(&admin);
    moto.enforce_auth();
    let moto_env = moto.env();
    let mut vars: Vec<(&str, &str)> = moto_env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    vars.extend([("AWS_ACCESS_KEY_ID", admin.id.as_str()), ("AWS_SECRET_ACCESS_KEY", admin.secret.as_str())]);
    vars.extend(FAST);
    let env = TestEnv::new();
    env.init(ENV, PASSWORD);
    let receiver = Receiver::start(SECRET);
    let id = webhook(&env, ENV, &receiver.url, &[]).to_string();
    let wrapped = env.esc_with_env(&["store", "key", "wrap", "--kms", &arn], &vars);
    assert_eq!(wrapped.code, 0, "{wrapped}");
    let rotated = env.esc_with_env(&["store", "key", "rotate"], &vars);
    assert_eq!(rotated.code, 0, "{rotated}");
    // Sealed with the retired key, the secret still opens, and signs as before.
    let ping = env.esc_with_env(&["webhook", "ping", ENV, &id], &vars);
    assert_eq!(ping.code, 0, "{ping}");
    let mut cmd = assert_cmd::Command::cargo_bin("escrot").unwrap();
    cmd.current_dir(env.path())
        .env("ESCROT_STORE", env.store_url())
        .env_remove("ESCROT_KEY")
        .envs(vars.iter().copied());
    cmd.args(["webhook", "new", "acme/*", "--url", &receiver.url, "--secret-from-stdin"])
        .write_stdin(format!("{SECRET}\n"));
    assert!(cmd.output().unwrap().status.success());
    assert_eq!(env.esc_with_env(&["webhook", "ping", "acme/*", "2"], &vars).code, 0);
    let got = receiver.wait_for(2);
    assert_eq!(got.len(), 2);
    assert!(got.iter().all(|r| r.signed), "{got:?}");
}

#[test]
fn store_copy_carries_webhooks() {
    let env = TestEnv::new();
    env.init(ENV, PASSWORD);
    let receiver = Receiver::start(SECRET);
    let id = webhook(&env, "acme/*", &receiver.url, &[]).to_string();
    let copy = format!("sqlite:{}", env.path().join("copy.db").display());
    let copied = run(&env, &["store", "copy", "--from", &env.store_url(), "--to", &copy]);
    assert!(copied.stdout.ends_with("Copied 1 webhook(s), without their deliveries.\n"), "{copied}");
    let ping = env.run_with_env(&["--store", &copy, "webhook", "ping", "acme/*", &id], &FAST);
    assert_eq!(ping.code, 0, "{ping}");
    assert!(receiver.wait_for(1)[0].signed);
}

#[test]
fn a_postgres_store_delivers_webhooks() {
    let Some(server) = crate::support::databases::postgres() else { return };
    let db = server.store_database("webhooks");
    let key = escrot_store::StoreKey::generate("test").unwrap().to_base64().to_string();
    let env = TestEnv::new();
    let url = db.url();
    let vars: Vec<(&str, &str)> =
        [("ESCROT_STORE", url.as_str()), ("ESCROT_KEY", key.as_str()), ("ESCROT_ACTOR", "test")]
            .into_iter()
            .chain(FAST)
            .collect();
    env.write("prod.yaml", PASSWORD);
    assert_eq!(env.run_with_env(&["init", ENV, "-f", "prod.yaml"], &vars).code, 0);
    let receiver = Receiver::start(SECRET);
    let mut cmd = assert_cmd::Command::cargo_bin("escrot").unwrap();
    cmd.current_dir(env.path()).args(["webhook", "new", "acme/*", "--url", &receiver.url, "--secret-from-stdin"]);
    cmd.envs(vars.iter().copied()).write_stdin(format!("{SECRET}\n"));
    assert!(cmd.output().unwrap().status.success());
    let rotated = env.run_with_env(&["rotate", ENV], &vars);
    assert_eq!((rotated.code, rotated.stderr.as_str()), (0, ""), "{rotated}");
    let got = receiver.wait_for(2);
    assert_eq!(got.len(), 2);
    assert!(got.iter().all(|r| r.signed));
    let listed = env.run_with_env(&["webhook", "deliveries", "acme/*", "1", "-o", "json"], &vars);
    let listed: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap();
    assert!(listed.as_array().unwrap().iter().all(|d| d["status"] == "delivered"), "{listed}");
    assert!(!rotated.stdout.contains(&db.password) && !rotated.stderr.contains(&db.password));
    for r in &got {
        assert!(!r.body.contains(SECRET) && !r.body.contains(&db.password));
    }
}

/// Every command that makes a revision announces it, with its kind: no command forgets.
#[test]
fn every_new_revision_is_announced() {
    let env = TestEnv::new();
    let receiver = Receiver::start(SECRET);
    // An organization's webhook exists before its environments.
    assert_eq!(run(&env, &["init", "acme/app/seed"]).code, 0);
    webhook(&env, "acme/*", &receiver.url, &["--event", "revision-created"]);
    env.write("prod.yaml", PASSWORD);
    let steps: &[&[&str]] = &[
        &["init", ENV, "-f", "prod.yaml"],
        &["set", ENV, "plain", "1"],
        &["rm", ENV, "plain"],
        &["version", "rollback", ENV, "2"],
        &["rotate", ENV],
    ];
    for args in steps {
        let out = run(&env, args);
        assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{args:?}: {out}");
    }
    let got = receiver.wait_for(5);
    assert!(got.iter().all(|r| r.signed));
    let seen: Vec<(u64, String)> = got
        .iter()
        .map(|r| {
            let j = r.json();
            (j["revision"].as_u64().unwrap(), j["kind"].as_str().unwrap().to_owned())
        })
        .collect();
    let expected: Vec<(u64, String)> = [(1, "create"), (2, "edit"), (3, "edit"), (4, "rollback"), (5, "rotation")]
        .map(|(n, k)| (n, k.to_owned()))
        .to_vec();
    assert_eq!(seen, expected);
}

/// A receiver that never answers holds the command only for its tries' timeouts.
#[test]
fn a_receiver_that_never_answers_holds_the_rotation_only_for_the_timeouts() {
    let env = TestEnv::new();
    env.init(ENV, PASSWORD);
    let receiver = Receiver::start(SECRET);
    receiver.hold(true);
    webhook(&env, ENV, &receiver.url, &[]);
    let started = std::time::Instant::now();
    let policy = [("ESCROT_WEBHOOK_TIMEOUT", "1s"), ("ESCROT_WEBHOOK_TRIES", "2"), ("ESCROT_WEBHOOK_BACKOFF", "100ms")];
    let rotated = env.esc_with_env(&["rotate", ENV], &policy);
    let took = started.elapsed();
    receiver.hold(false);
    assert_eq!(rotated.code, 0, "{rotated}");
    assert!(rotated.stdout.contains("Environment 'acme/app/prod' rotated."), "{rotated}");
    assert_eq!(rotated.stderr.matches("was not delivered after 2 tries: timed out").count(), 2, "{rotated}");
    // Both deliveries at once: 2 × 1 s + 100 ms, not twice that (and far from 2 × 5 s).
    assert!(took >= std::time::Duration::from_millis(2100), "{took:?}");
    assert!(took < std::time::Duration::from_millis(4000), "{took:?}");
    assert_eq!(receiver.received().len(), 4, "two tries of each delivery");
}

/// A rotation in which nothing succeeded commits nothing: `rotation-failed` says so
/// (`revision: null`), and no `revision-created` is sent.
#[test]
fn a_rotation_that_commits_nothing_is_failed_without_a_revision() {
    let env = TestEnv::new();
    let failing = HALF_FAILING.replace("  pw:\n    fn::rotate::password:\n      inputs:\n        length: 24\n", "");
    env.init(ENV, &failing);
    let receiver = Receiver::start(SECRET);
    webhook(&env, ENV, &receiver.url, &[]);
    let rotated = run(&env, &["rotate", ENV]);
    assert_eq!(rotated.code, 1, "{rotated}");
    let got = receiver.wait_for(1);
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(receiver.received().len(), 1, "{got:?}");
    let failed = got[0].json();
    assert_eq!((failed["event"].as_str(), failed["revision"].is_null()), (Some("rotation-failed"), true));
    assert_eq!(failed["rotations"][0]["result"], "not-evaluated");
}
