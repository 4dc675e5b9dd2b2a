//! `escrot open`: the real binary, its output and exit codes.
//!
//! Tests marked "(evaluator)" need the language core (`load_yaml`, `eval_environment`).

use crate::common;

use common::TestEnv;
use insta::assert_snapshot;

const APP: &str = r#"imports:
  - common
values:
  greeting: hello
  url: https://${host}/app
  password:
    fn::secret: hunter2
  ports: [80, 443]
  "dotted.key":
    on: true
  message: |
    line one
    "line" two
  environmentVariables:
    URL: ${url}
    PASSWORD: ${password}
    PORT: ${ports[1]}
    MESSAGE: ${message}
"#;

const COMMON: &str = "\
values:
  host: db.example.com
";

fn app() -> TestEnv {
    let env = TestEnv::new();
    env.write("app.yaml", APP);
    env.write("common.yaml", COMMON);
    env
}

#[test]
fn missing_file() {
    let env = TestEnv::new();
    assert_snapshot!(env.run(&["open", "nope.yaml"]), @r"
    [stderr]
    error: 'nope.yaml': no such file
    [exit status: 2]
    ");
}

#[test]
fn directory() {
    let env = TestEnv::new();
    std::fs::create_dir(env.path().join("dir.yaml")).unwrap();
    assert_snapshot!(env.run(&["open", "dir.yaml"]), @r"
    [stderr]
    error: 'dir.yaml': is a directory, not an environment file
    [exit status: 2]
    ");
}

#[test]
fn dotenv_takes_no_path() {
    let env = TestEnv::new();
    assert_snapshot!(env.run(&["open", "app.yaml", "a.b", "--format", "dotenv"]), @r"
    [stderr]
    error: output format 'dotenv' may not be used with a property path
    [exit status: 2]
    ");
}

#[test]
fn invalid_path() {
    let env = TestEnv::new();
    assert_snapshot!(env.run(&["open", "app.yaml", "a[x]"]), @r"
    [stderr]
    error: invalid value 'a[x]' for '[PATH]': invalid array index

    For more information, try '--help'.
    [exit status: 2]
    ");
}

#[test]
fn unknown_format() {
    let env = TestEnv::new();
    let out = env.run(&["open", "app.yaml", "--format", "detailed"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("[possible values: json, yaml, dotenv, shell, string]"), "{out}");
}

/// (evaluator)
#[test]
fn json_redacts_secrets() {
    let env = app();
    assert_snapshot!(env.run(&["open", "app.yaml"]), @r#"
    {
      "dotted.key": {
        "on": true
      },
      "environmentVariables": {
        "MESSAGE": "line one\n\"line\" two\n",
        "PASSWORD": "[secret]",
        "PORT": 443,
        "URL": "https://db.example.com/app"
      },
      "greeting": "hello",
      "host": "db.example.com",
      "message": "line one\n\"line\" two\n",
      "password": "[secret]",
      "ports": [
        80,
        443
      ],
      "url": "https://db.example.com/app"
    }
    [exit status: 0]
    "#);
}

/// (evaluator)
#[test]
fn show_secrets() {
    let env = app();
    assert_snapshot!(env.run(&["open", "app.yaml", "password", "--show-secrets"]), @r#"
    "hunter2"
    [exit status: 0]
    "#);
    assert_snapshot!(env.run(&["open", "app.yaml", "password", "--format", "string"]), @r"
    [secret]
    [exit status: 0]
    ");
}

/// (evaluator)
#[test]
fn yaml() {
    let env = app();
    assert_snapshot!(env.run(&["open", "app.yaml", "--format", "yaml"]), @r#"
    dotted.key:
       "on": true
    environmentVariables:
       MESSAGE: |
          line one
          "line" two
       PASSWORD: '[secret]'
       PORT: 443
       URL: https://db.example.com/app
    greeting: hello
    host: db.example.com
    message: |
       line one
       "line" two
    password: '[secret]'
    ports:
       - 80
       - 443
    url: https://db.example.com/app
    [exit status: 0]
    "#);
}

/// (evaluator)
#[test]
fn dotenv_and_shell() {
    let env = app();
    assert_snapshot!(env.run(&["open", "app.yaml", "--format", "dotenv"]), @r#"
    MESSAGE="line one\n\"line\" two\n"
    PASSWORD="[secret]"
    PORT="443"
    URL="https://db.example.com/app"
    [exit status: 0]
    "#);
    assert_snapshot!(env.run(&["open", "app.yaml", "--format", "shell", "--show-secrets"]), @r#"
    export MESSAGE="line one\n\"line\" two\n"
    export PASSWORD="hunter2"
    export PORT="443"
    export URL="https://db.example.com/app"
    [exit status: 0]
    "#);
}

/// (evaluator)
#[test]
fn string_and_paths() {
    let env = app();
    assert_snapshot!(env.run(&["open", "app.yaml", "url", "--format", "string"]), @r"
    https://db.example.com/app
    [exit status: 0]
    ");
    assert_snapshot!(env.run(&["open", "app.yaml", "ports", "--format", "string"]), @r#"
    "80","443"
    [exit status: 0]
    "#);
    assert_snapshot!(env.run(&["open", "app.yaml", r#"["dotted.key"].on"#]), @r"
    true
    [exit status: 0]
    ");
    assert_snapshot!(env.run(&["open", "app.yaml", "ports[7]"]), @r"
    null
    [stderr]
    warning: the environment has no value at 'ports[7]'
    [exit status: 0]
    ");
}

/// (evaluator) Evaluation errors: diagnostics on stderr, nothing on stdout, exit 1.
#[test]
fn unknown_provider() {
    let env = TestEnv::new();
    env.write("app.yaml", "values:\n  creds:\n    fn::open::nope:\n      a: b\n");
    let out = env.run(&["open", "app.yaml"]);
    assert_eq!(out.code, 1, "{out}");
    assert_eq!(out.stdout, "", "{out}");
    assert!(out.stderr.contains(r#"unknown provider "nope""#), "{out}");
}

/// (evaluator) aws-login with oidc and no token source says where a token can come from.
#[test]
fn aws_login_oidc_needs_a_token_source() {
    let env = TestEnv::new();
    env.write(
        "app.yaml",
        "values:\n  aws:\n    fn::open::aws-login:\n      oidc:\n        roleArn: arn:aws:iam::123456789012:role/x\n        \
         sessionName: esc\n",
    );
    let out = env.run_with_env(&["open", "app.yaml"], &common::NO_OIDC_TOKEN);
    assert_eq!(out.code, 1, "{out}");
    assert!(
        out.stderr.contains(
            "aws-login oidc needs an OIDC token: pass --oidc-token-file FILE, set ESCROT_OIDC_TOKEN (the token), \
             ESCROT_OIDC_TOKEN_FILE or AWS_WEB_IDENTITY_TOKEN_FILE (a file holding it), or run in GitHub Actions"
        ),
        "{out}"
    );
}

/// (evaluator) A secret never appears in an error message.
#[test]
fn secrets_stay_out_of_errors() {
    let env = TestEnv::new();
    env.write("app.yaml", "values:\n  pw:\n    fn::secret: hunter2\n  bad: ${pw.nope}\n");
    let out = env.run(&["open", "app.yaml"]);
    assert_eq!(out.code, 1, "{out}");
    assert!(!out.stderr.contains("hunter2") || out.stderr.contains("fn::secret: hunter2"), "{out}");
}

/// (evaluator) Invalid configuration (load errors) exits with 2.
#[test]
fn load_errors() {
    let env = TestEnv::new();
    env.write("app.yaml", "values: [\n");
    let out = env.run(&["open", "app.yaml"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.starts_with("app.yaml:"), "{out}");
}

/// (evaluator) Deeply nested values print without overflowing the stack.
#[test]
fn deep_nesting() {
    let env = TestEnv::new();
    let depth = 10_000;
    let doc = format!("values:\n  a: {}1{}\n", "[".repeat(depth), "]".repeat(depth));
    env.write("deep.yaml", doc);
    for format in ["json", "yaml", "string"] {
        let out = env.run(&["open", "deep.yaml", "--format", format]);
        assert!(out.code == 0 || out.code == 1 || out.code == 2, "{out}");
        assert!(!out.stderr.contains("panicked") && !out.stderr.contains("overflow"), "{out}");
    }
}

/// (evaluator) The shipped example opens, with its secret redacted.
#[test]
fn example_opens() {
    let env = TestEnv::new();
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/acme/app.yaml");
    let path = example.to_str().unwrap_or_default();
    let out = env.run(&["open", path, "--format", "dotenv"]);
    assert_snapshot!(out, @r#"
    ALLOWED_ORIGINS="https://billing.acme.example.com,https://admin.acme.example.com"
    APP_URL="https://billing.acme.example.com"
    DATABASE_PASSWORD="[secret]"
    DATABASE_URL="postgres://billing_app@db.eu-west-1.acme.internal:5432/billing"
    [exit status: 0]
    "#);
    let out = env.run(&["open", path, "db.password", "--format", "string", "--show-secrets"]);
    assert_snapshot!(out, @r"
    correct-horse-battery-staple
    [exit status: 0]
    ");
}

/// `fn::validate` passes a value that matches its schema through, and reports one that does
/// not (the value is then unknown and `open` fails).
#[test]
fn validate_builtin() {
    let env = TestEnv::new();
    env.write(
        "ok.yaml",
        "values:\n  port:\n    fn::validate:\n      schema: {type: number, minimum: 1024}\n      value: 8080\n",
    );
    assert_snapshot!(env.run(&["open", "ok.yaml"]), @r#"
    {
      "port": 8080
    }
    [exit status: 0]
    "#);
    env.write(
        "bad.yaml",
        "values:\n  port:\n    fn::validate:\n      schema: {type: number, minimum: 1024}\n      value: 80\n",
    );
    assert_snapshot!(env.run(&["open", "bad.yaml"]), @"
    [stderr]
    bad.yaml:5:14: error: expected a number greater than or equal to 1024
     5 |       value: 80
       |              ^^
    [exit status: 1]
    ");
}

// ---- environments of the store ----

#[test]
fn store_environment_with_imports_and_revisions() {
    let env = TestEnv::new();
    env.init("acme/app/common", "values:\n  host: db.example.com\n");
    env.init(
        "acme/app/app",
        "imports:\n  - common\nvalues:\n  url: https://${host}/app\n  password:\n    fn::secret: hunter2\n  \
         environmentVariables:\n    PASSWORD: ${password}\n",
    );
    env.esc(&["set", "acme/app/common", "host", "db2.example.com"]);
    assert_snapshot!(env.esc(&["open", "acme/app/app"]), @r#"
    {
      "environmentVariables": {
        "PASSWORD": "[secret]"
      },
      "host": "db2.example.com",
      "password": "[secret]",
      "url": "https://db2.example.com/app"
    }
    [exit status: 0]
    "#);
    assert_snapshot!(env.esc(&["open", "acme/app/app", "--format", "shell", "--show-secrets"]), @r#"
    export PASSWORD="hunter2"
    [exit status: 0]
    "#);
    assert_snapshot!(env.esc(&["open", "app/app", "url", "--format", "string", "--org", "acme"]), @"
    https://db2.example.com/app
    [exit status: 0]
    ");
}

/// A document without content (empty, or only comments) is an empty environment: `{}`.
#[test]
fn empty_documents_open_as_an_empty_object() {
    let env = TestEnv::new();
    env.write("empty.yaml", "");
    env.write("comment.yaml", "# only a comment\n");
    env.write("values.yaml", "values:\n");
    for file in ["empty.yaml", "comment.yaml", "values.yaml"] {
        let out = env.run(&["open", file]);
        assert_eq!((out.code, out.stdout.as_str(), out.stderr.as_str()), (0, "{}\n", ""), "{file}: {out}");
    }
}

/// An environment whose rotators were never rotated (just created from the rotation
/// example, or rolled back to that revision) opens as it checks: their values, and what
/// references them, are unknown, with a warning for each and a hint to rotate; ESC would
/// fail on `unknown property "current"`.
#[test]
fn unrotated_rotators_open_as_unknown() {
    let env = TestEnv::new();
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/rotation/app.yaml");
    let example = example.to_str().expect("a UTF-8 path");
    let out = env.esc(&["init", "demo/app", "-f", example]);
    assert_eq!(out.code, 0, "{out}");
    assert_eq!(env.esc(&["check", "demo/app"]).code, 0);
    assert_snapshot!(env.esc(&["open", "demo/app"]), @r#"
    {
      "consolePassphrase": "[unknown]",
      "dbPassword": "[unknown]",
      "environmentVariables": {
        "DB_PASSWORD": "[unknown]"
      }
    }
    [stderr]
    default/demo/app:6:5: warning: fn::rotate::password has no state yet: its value is unknown until it is rotated
     6 |     fn::rotate::password:
       |     ^^^^^^^^^^^^^^^^^^^^^
    default/demo/app:12:5: warning: fn::rotate::passphrase has no state yet: its value is unknown until it is rotated
     12 |     fn::rotate::passphrase:
        |     ^^^^^^^^^^^^^^^^^^^^^^^
    hint: run `escrot rotate default/demo/app` to give them values
    [exit status: 0]
    "#);
    assert_eq!(env.esc(&["rotate", "demo/app"]).code, 0);
    // Rolled back with its (absent) rotation state, it is unrotated again.
    assert_eq!(env.esc(&["version", "rollback", "demo/app", "1", "--include-rotation-state"]).code, 0);
    let out = env.esc(&["open", "demo/app", "--format", "dotenv", "-q"]);
    assert_snapshot!(out, @r#"
    DB_PASSWORD="[unknown]"
    [exit status: 0]
    "#);
}

/// A decoding built-in over a secret that does not decode says so without the decoder's
/// words, which name the offending character and where it is (`Invalid symbol 45,
/// offset 7`); over a plain string they stay.
#[test]
fn decoding_errors_never_describe_a_secret() {
    let env = TestEnv::new();
    env.write(
        "app.yaml",
        "values:\n  key:\n    fn::secret: c2VjcmV0-a2V5\n  decoded:\n    fn::fromBase64: ${key}\n  \
         parsed:\n    fn::fromJSON: ${key}\n  plain:\n    fn::fromBase64: not-base64\n",
    );
    for command in ["check", "open"] {
        let out = env.run(&[command, "app.yaml"]);
        assert_eq!(out.code, if command == "check" { 2 } else { 1 }, "{out}");
        let text = out.to_string();
        assert!(!text.contains("c2VjcmV0") && !text.contains("symbol 45, offset 8"), "{text}");
        assert!(!text.contains("line 1 column"), "{text}");
        assert!(text.contains("Invalid symbol 45, offset 3"), "the plain string's error stays: {text}");
    }
    assert_snapshot!(env.run(&["open", "app.yaml"]).stderr, @r"
    app.yaml:5:5: error: decoding base64 string: the secret is not valid base64 (where and why are not shown: that would reveal part of it)
     5 |     fn::fromBase64: ${key}
       |     ^^^^^^^^^^^^^^^^^^^^^^
    app.yaml:7:5: error: decoding JSON string: the secret is not valid JSON (where and why are not shown: that would reveal part of it)
     7 |     fn::fromJSON: ${key}
       |     ^^^^^^^^^^^^^^^^^^^^
    app.yaml:9:5: error: decoding base64 string: Invalid symbol 45, offset 3.
     9 |     fn::fromBase64: not-base64
       |     ^^^^^^^^^^^^^^^^^^^^^^^^^^
    ");
}

/// `${context}` as ESC fills it ([`common::context`]). A file: its name without the
/// extension, its sibling import's as imported; the user is
/// `ESCROT_ACTOR`, the organization `--org` (else `ESCROT_ORG`, else `default`).
#[test]
fn context_of_a_file() {
    let env = TestEnv::new();
    common::context::files(&env);
    assert_snapshot!(env.run_with_env(&["open", "app.yaml", "--org", "acme"], &[("ESCROT_ACTOR", "alice")]), @r#"
    {
      "current": "app",
      "org": "acme",
      "root": "app",
      "shared": "shared opened as app",
      "user": "alice"
    }
    [exit status: 0]
    "#);
    let vars = [("ESCROT_ACTOR", "alice"), ("ESCROT_ORG", "umbrella")];
    assert_snapshot!(env.run_with_env(&["open", "app.yaml", "org", "--format", "string"], &vars), @"
    umbrella
    [exit status: 0]
    ");
    assert_snapshot!(env.run_with_env(&["open", "app.yaml", "org", "--format", "string"], &[("ESCROT_ACTOR", "alice")]), @"
    default
    [exit status: 0]
    ");
}

/// Without `ESCROT_ACTOR`, the user is the OS user (`USER`), as for revisions' authors.
#[test]
fn context_user_is_the_os_user_without_an_actor() {
    let env = TestEnv::new();
    common::context::files(&env);
    assert_snapshot!(env.run_with_env(&["open", "app.yaml", "user", "--format", "string"], &[("USER", "carol")]), @"
    carol
    [exit status: 0]
    ");
}

/// An environment of the store is `project/env` in the context, as ESC names it, in its own
/// organization (`--org` only completes names given without one); the environment it imports
/// is current under it.
#[test]
fn context_of_a_store_environment() {
    let env = TestEnv::new();
    common::context::stored(&env);
    let expected = r#"{
  "current": "proj/app",
  "org": "acme",
  "root": "proj/app",
  "shared": "proj/shared opened as proj/app",
  "user": "alice"
}
[exit status: 0]"#;
    let vars = [("ESCROT_ACTOR", "alice")];
    assert_eq!(env.esc_with_env(&["open", "acme/proj/app"], &vars).to_string().trim_end(), expected);
    assert_eq!(env.esc_with_env(&["open", "proj/app", "--org", "acme"], &vars).to_string().trim_end(), expected);
    let out = env.esc_with_env(&["open", "acme/proj/app", "org", "--format", "string", "--org", "other"], &vars);
    assert_snapshot!(out, @"
    acme
    [exit status: 0]
    ");
}

/// What the context does not hold is ESC's unknown-property error at the accessor.
#[test]
fn unknown_context_property() {
    let env = TestEnv::new();
    env.write(
        "app.yaml",
        "values:\n  mail: ${context.pulumi.user.email}\n  name: ${context.currentEnvironment.name}\n",
    );
    assert_snapshot!(env.run_with_env(&["open", "app.yaml"], &[("ESCROT_ACTOR", "alice")]), @r#"
    [stderr]
    app.yaml:2:30: error: unknown property "email"
     2 |   mail: ${context.pulumi.user.email}
       |                              ^^^^^^
    [exit status: 1]
    "#);
}
