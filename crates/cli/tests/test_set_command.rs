//! `escrot set` and `escrot rm`: changing one value of a definition (each a new revision),
//! and removing environments.

use crate::common;

use common::TestEnv;
use insta::assert_snapshot;

const APP: &str = "\
# The app's settings.
values:
  url: https://example.com # where it lives
  limits:
    - 1.50
    - 'quoted'
";

fn app() -> TestEnv {
    let env = TestEnv::new();
    env.init("acme/app/dev", APP);
    env
}

fn definition(env: &TestEnv) -> String {
    env.esc(&["get", "acme/app/dev", "--definition"]).to_string()
}

#[test]
fn sets_values_as_yaml_keeping_the_rest() {
    let env = app();
    assert_snapshot!(env.esc(&["set", "acme/app/dev", "port", "8080"]), @"
    Environment 'acme/app/dev' updated.
    New revision '2' was created.
    [exit status: 0]
    ");
    env.esc(&["set", "acme/app/dev", "debug", "true"]);
    env.esc(&["set", "acme/app/dev", "hosts", "[a, b]"]);
    env.esc(&["set", "acme/app/dev", "version", "1.10", "--string"]);
    env.esc(&["set", "acme/app/dev", "url", "https://example.org"]);
    env.esc(&["set", "acme/app/dev", "nested.deep[\"a.b\"]", "x"]);
    assert_snapshot!(definition(&env), @r#"
    # The app's settings.
    values:
      url: https://example.org # where it lives
      limits:
        - 1.50
        - 'quoted'
      port: 8080
      debug: true
      hosts:
        - a
        - b
      version: "1.10"
      nested:
        deep:
          a.b: x
    [exit status: 0]
    "#);
}

#[test]
fn sets_secrets_encrypted() {
    let env = app();
    assert_snapshot!(env.esc(&["set", "acme/app/dev", "db.password", "hunter2", "--secret"]), @"
    Environment 'acme/app/dev' updated.
    New revision '2' was created.
    [exit status: 0]
    ");
    assert_snapshot!(definition(&env), @r#"
    # The app's settings.
    values:
      url: https://example.com # where it lives
      limits:
        - 1.50
        - 'quoted'
      db:
        password:
          fn::secret: "[secret]"
    [exit status: 0]
    "#);
    assert_snapshot!(env.esc(&["get", "acme/app/dev", "db.password", "--value", "string", "--show-secrets"]), @"
    hunter2
    [exit status: 0]
    ");
    // A number given as a secret stays what was typed, as a string.
    env.esc(&["set", "acme/app/dev", "pin", "0042", "--secret"]);
    assert_snapshot!(env.esc(&["open", "acme/app/dev", "pin", "--show-secrets"]), @r#"
    "0042"
    [exit status: 0]
    "#);
    assert_snapshot!(env.esc(&["set", "acme/app/dev", "x", "[a, b]", "--secret"]), @"
    [stderr]
    error: --secret takes a single value (a string), not a list or an object; set each secret separately
    [exit status: 2]
    ");
}

#[test]
fn same_value_is_no_change() {
    let env = app();
    assert_snapshot!(env.esc(&["set", "acme/app/dev", "url", "https://example.com"]), @"
    [stderr]
    Environment 'acme/app/dev' already has this value at 'url': no changes.
    [exit status: 0]
    ");
}

#[test]
fn errors() {
    let env = app();
    assert_snapshot!(env.esc(&["set", "acme/app/nope", "a", "1"]), @"
    [stderr]
    error: environment 'acme/app/nope' does not exist; `escrot ls` lists the environments, `escrot init acme/app/nope` creates it
    [exit status: 2]
    ");
    assert_snapshot!(env.esc(&["set", "acme/app/dev", "url.x", "1"]), @"
    [stderr]
    error: cannot set 'url.x' in environment 'acme/app/dev': values.url: expected an object
    [exit status: 2]
    ");
    assert_snapshot!(env.esc(&["set", "acme/app/dev", "a", "{b: "]), @"
    [stderr]
    error: the value is not valid YAML (while parsing a node, did not find expected node content at byte 4 line 2 column 1); use --string to set it as a string as it is
    [exit status: 2]
    ");
    assert_snapshot!(env.esc(&["set", "acme/app/dev", "a", "${nope}"]), @r#"
    [stderr]
    acme/app/dev:7:8: error: unknown property "nope"
     7 |   a: ${nope}
       |        ^^^^
    error: the definition of environment 'acme/app/dev' has errors (shown above); nothing was saved
    [exit status: 2]
    "#);
    assert_snapshot!(env.esc(&["set", "acme/app/dev", "a[", "1"]), @"
    [stderr]
    error: invalid value 'a[' for '<PATH>': missing closing bracket in array index

    For more information, try '--help'.
    [exit status: 2]
    ");
    // None of them made a revision.
    let out = env.esc(&["version", "history", "acme/app/dev", "--output", "json"]);
    assert_eq!(out.stdout.matches("\"revision\"").count(), 1, "{out}");
}

#[test]
fn rm_removes_a_value() {
    let env = app();
    assert_snapshot!(env.esc(&["rm", "acme/app/dev", "limits[0]"]), @"
    Environment 'acme/app/dev' updated.
    New revision '2' was created.
    [exit status: 0]
    ");
    assert_snapshot!(definition(&env), @"
    # The app's settings.
    values:
      url: https://example.com # where it lives
      limits:
        - 'quoted'
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["rm", "acme/app/dev", "nope"]), @"
    [stderr]
    error: environment 'acme/app/dev' has no value at 'nope'; nothing was changed (`escrot get acme/app/dev --definition` shows its definition)
    [exit status: 2]
    ");
}

#[test]
fn rm_removes_an_environment() {
    let env = app();
    // Without a terminal, removing needs --yes.
    assert_snapshot!(env.esc(&["rm", "acme/app/dev"]), @"
    [stderr]
    error: removing environment 'acme/app/dev' needs confirmation: run `escrot rm acme/app/dev --yes`
    [exit status: 2]
    ");
    assert_snapshot!(env.esc(&["rm", "acme/app/dev", "--yes"]), @r#"
    Environment "acme/app/dev" has been removed.
    [exit status: 0]
    "#);
    assert_snapshot!(env.esc(&["ls"]), @"
    [stderr]
    No environments yet; create one with `escrot init ORG/PROJECT/ENV`.
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["get", "acme/app/dev"]), @"
    [stderr]
    error: environment 'acme/app/dev' does not exist; `escrot ls` lists the environments, `escrot init acme/app/dev` creates it
    [exit status: 2]
    ");
    assert_snapshot!(env.esc(&["rm", "acme/app/dev", "--yes"]), @"
    [stderr]
    error: environment 'acme/app/dev' does not exist; `escrot ls` lists the environments, `escrot init acme/app/dev` creates it
    [exit status: 2]
    ");
}

/// Runs `escrot ARGS…` on the test's store with `stdin` as standard input (not a terminal).
fn esc_with_stdin(env: &TestEnv, args: &[&str], stdin: &str) -> common::Output {
    let mut cmd = assert_cmd::Command::cargo_bin("escrot").expect("the escrot binary");
    cmd.current_dir(env.path())
        .env("ESCROT_STORE", env.store_url())
        .env("ESCROT_ACTOR", "test")
        .env_remove("ESCROT_KEY")
        .args(args)
        .write_stdin(stdin);
    let out = cmd.output().expect("run escrot");
    common::Output {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// A secret need not be on the command line (where `ps` shows it): `-` reads it from
/// standard input, and `--secret` without VALUE reads standard input when it is not a
/// terminal (on a terminal, it asks without echo).
#[test]
fn secrets_can_be_read_from_standard_input() {
    let env = app();
    let out = esc_with_stdin(&env, &["set", "acme/app/dev", "db.password", "-", "--secret"], "hunter2\n");
    assert_snapshot!(out, @"
    Environment 'acme/app/dev' updated.
    New revision '2' was created.
    [exit status: 0]
    ");
    let out = esc_with_stdin(&env, &["set", "acme/app/dev", "db.token", "--secret"], "s3cr3t-t0ken\n");
    assert_snapshot!(out, @"
    Environment 'acme/app/dev' updated.
    New revision '3' was created.
    [exit status: 0]
    ");
    let shown = env.esc(&["open", "acme/app/dev", "db", "--show-secrets", "--format", "json"]);
    assert_snapshot!(shown, @r#"
    {
      "password": "hunter2",
      "token": "s3cr3t-t0ken"
    }
    [exit status: 0]
    "#);
    for secret in ["hunter2", "s3cr3t-t0ken"] {
        let bytes = env.store_bytes();
        assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()), "{secret} in the store");
    }
    // Not a secret: `-` reads YAML from standard input too.
    let out = esc_with_stdin(&env, &["set", "acme/app/dev", "hosts", "-"], "[a, b]\n");
    assert_eq!(out.code, 0, "{out}");
    assert_eq!(env.esc(&["open", "acme/app/dev", "hosts", "--format", "json"]).stdout, "[\n  \"a\",\n  \"b\"\n]\n");
    // Without --secret, VALUE is required.
    assert_snapshot!(env.esc(&["set", "acme/app/dev", "port"]), @"
    [stderr]
    error: the following required arguments were not provided:
      <VALUE>

    Usage: escrot set --store <URL> <NAME> <PATH> <VALUE>

    For more information, try '--help'.
    [exit status: 2]
    ");
}

/// A rotation that commits between `set` reading the definition and committing its change
/// does not make `set` fail: a path edit depends on nothing but its path, so it is applied
/// again to what the rotation committed, and both changes stand.
#[test]
fn a_set_is_applied_onto_a_rotation_made_meanwhile() {
    let env = TestEnv::new();
    env.init("acme/app/dev", "values:\n  pw:\n    fn::rotate::password:\n      inputs: {length: 20}\n");
    let paused = env.paused(&["set", "acme/app/dev", "note", "n1"], "before-edit-commit", &[]);
    let rotated = env.esc(&["rotate", "acme/app/dev"]);
    assert_eq!(rotated.code, 0, "{rotated}");
    let out = paused.resume();
    // The edit was applied twice: the second time onto the rotation (the pause is passed
    // through again, with nothing left to wait for).
    assert_snapshot!(out, @"
    Environment 'acme/app/dev' updated.
    New revision '3' was created.
    [stderr]
    escrot: paused at failpoint before-edit-commit
    [exit status: 0]
    ");
    let text = env.esc(&["get", "acme/app/dev", "--definition"]).stdout;
    assert!(text.contains("note: n1") && text.contains("current:"), "both changes stand: {text}");
}

/// The write gate checks a definition with the `${context}` that `open` evaluates it with:
/// a reference to what the context holds is written, one to what it does not is refused.
#[test]
fn context_references_are_checked_with_the_context() {
    let env = app();
    assert_snapshot!(env.esc(&["set", "acme/app/dev", "owner", "${context.pulumi.user.login}"]), @"
    Environment 'acme/app/dev' updated.
    New revision '2' was created.
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["open", "acme/app/dev", "owner", "--format", "string"]), @"
    test
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["set", "acme/app/dev", "team", "${context.pulumi.team}"]), @r#"
    [stderr]
    acme/app/dev:8:25: error: unknown property "team"
     8 |   team: ${context.pulumi.team}
       |                         ^^^^^
    error: the definition of environment 'acme/app/dev' has errors (shown above); nothing was saved
    [exit status: 2]
    "#);
}
