//! `escrot get`: the real binary, its output and exit codes.
//!
//! `--definition` reads the file directly and works without the evaluator; tests marked
//! "(evaluator)" need the language core (`load_yaml`, `check_environment`).

use crate::common;

use common::TestEnv;
use insta::assert_snapshot;

const APP: &str = r#"# The app's settings.
imports:
  - common
values:
  url: https://${host}/app # where it lives
  password:
    fn::secret: hunter2
  limits:
    - 1.50
    - 'quoted'
  environmentVariables:
    URL: ${url}
    PASSWORD: ${password}
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
    assert_snapshot!(env.run(&["get", "nope.yaml", "--definition"]), @r"
    [stderr]
    error: 'nope.yaml': no such file
    [exit status: 2]
    ");
    assert_snapshot!(env.run(&["get", "nope.yaml"]), @r"
    [stderr]
    error: 'nope.yaml': no such file
    [exit status: 2]
    ");
}

#[test]
fn definition_and_value_conflict() {
    let env = app();
    let out = env.run(&["get", "app.yaml", "--definition", "--value", "json"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("cannot be used with"), "{out}");
}

#[test]
fn definition_shown_as_written_with_secrets() {
    let env = app();
    let out = env.run(&["get", "app.yaml", "--definition", "--show-secrets"]);
    assert_eq!(out.code, 0, "{out}");
    assert_eq!(out.stdout, APP);
}

#[test]
fn definition_without_secrets_is_the_file() {
    let env = TestEnv::new();
    let text = "# comment\nvalues:\n  a: 1 # kept\n";
    env.write("plain.yaml", text);
    let out = env.run(&["get", "plain.yaml", "--definition"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, text), "{out}");
}

#[test]
fn definition_redacts_secrets() {
    let env = app();
    assert_snapshot!(env.run(&["get", "app.yaml", "--definition"]), @r"
    imports:
      - common
    values:
      url: https://${host}/app
      password:
        fn::secret: '[secret]'
      limits:
        - 1.50
        - quoted
      environmentVariables:
        URL: ${url}
        PASSWORD: ${password}
    [exit status: 0]
    ");
}

#[test]
fn definition_at_a_path() {
    let env = app();
    assert_snapshot!(env.run(&["get", "app.yaml", "limits", "--definition"]), @r"
    - 1.50
    - quoted
    [exit status: 0]
    ");
    assert_snapshot!(env.run(&["get", "app.yaml", "password", "--definition"]), @r"
    fn::secret: '[secret]'
    [exit status: 0]
    ");
    assert_snapshot!(env.run(&["get", "app.yaml", "password", "--definition", "--show-secrets"]), @r"
    fn::secret: hunter2
    [exit status: 0]
    ");
    assert_snapshot!(env.run(&["get", "app.yaml", "imports[0]", "--definition"]), @r"
    common
    [exit status: 0]
    ");
    assert_snapshot!(env.run(&["get", "app.yaml", "nope.deeper", "--definition"]), @r"
    [stderr]
    error: 'app.yaml' has no definition at 'nope.deeper'
    [exit status: 2]
    ");
}

#[test]
fn definition_that_is_not_yaml() {
    let env = TestEnv::new();
    env.write("bad.yaml", "values: [\n");
    let out = env.run(&["get", "bad.yaml", "--definition"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.starts_with("error: 'bad.yaml' is not valid YAML: "), "{out}");
}

/// Printing a deeply nested definition does not overflow the stack.
#[test]
fn deep_definition() {
    let env = TestEnv::new();
    let depth = 10_000;
    let doc = format!("values:\n  a: {}1{}\n  b:\n    fn::secret: x\n", "[".repeat(depth), "]".repeat(depth));
    env.write("deep.yaml", doc);
    let out = env.run(&["get", "deep.yaml", "--definition"]);
    assert!(out.code == 0 || out.code == 2, "{out}");
    assert!(!out.stderr.contains("panicked") && !out.stderr.contains("overflow"), "{out}");
}

/// (evaluator)
#[test]
fn value_formats() {
    let env = app();
    assert_snapshot!(env.run(&["get", "app.yaml", "--value", "json"]), @r#"
    {
      "environmentVariables": {
        "PASSWORD": "[secret]",
        "URL": "https://db.example.com/app"
      },
      "host": "db.example.com",
      "limits": [
        1.5,
        "quoted"
      ],
      "password": "[secret]",
      "url": "https://db.example.com/app"
    }
    [exit status: 0]
    "#);
    assert_snapshot!(env.run(&["get", "app.yaml", "url", "--value", "string"]), @r"
    https://db.example.com/app
    [exit status: 0]
    ");
    assert_snapshot!(env.run(&["get", "app.yaml", "--value", "dotenv"]), @r#"
    PASSWORD="[secret]"
    URL="https://db.example.com/app"
    [exit status: 0]
    "#);
    assert_snapshot!(env.run(&["get", "app.yaml", "--value", "shell", "--show-secrets"]), @r#"
    export PASSWORD="hunter2"
    export URL="https://db.example.com/app"
    [exit status: 0]
    "#);
    assert_snapshot!(env.run(&["get", "app.yaml", "limits", "--value", "yaml"]), @"
    - 1.5
    - quoted
    [exit status: 0]
    ");
}

/// (evaluator) Without flags: the value, its definition and where it was defined.
#[test]
fn value_definition_and_origin() {
    let env = app();
    assert_snapshot!(env.run(&["get", "app.yaml", "url"]), @r#"
    # Value
    ```json
    "https://db.example.com/app"
    ```

    # Definition
    ```yaml
    https://${host}/app
    ```

    # Defined at
    - app.yaml:5:8
    [exit status: 0]
    "#);
}

/// (evaluator) Providers are not opened by `get`: their values are unknown.
#[test]
fn providers_are_unknown() {
    let env = TestEnv::new();
    env.write(
        "app.yaml",
        "values:\n  aws:\n    fn::open::aws-login:\n      oidc:\n        roleArn: arn:aws:iam::123456789012:role/x\n        \
         sessionName: s\n",
    );
    let out = env.run(&["get", "app.yaml", "aws", "--value", "json"]);
    assert!(out.stdout.contains("[unknown]") || out.code == 2, "{out}");
}

// ---- environments of the store ----

fn stored() -> TestEnv {
    let env = TestEnv::new();
    env.init("acme/app/common", COMMON);
    env.init("acme/app/app", APP);
    env.esc(&["set", "acme/app/app", "url", "https://${host}/v2"]);
    env
}

#[test]
fn store_definition_redacts_or_decrypts_secrets() {
    let env = stored();
    assert_snapshot!(env.esc(&["get", "acme/app/app", "--definition"]), @r#"
    # The app's settings.
    imports:
      - common
    values:
      url: https://${host}/v2 # where it lives
      password:
        fn::secret: "[secret]"
      limits:
        - 1.50
        - 'quoted'
      environmentVariables:
        URL: ${url}
        PASSWORD: ${password}
    [exit status: 0]
    "#);
    assert_snapshot!(env.esc(&["get", "acme/app/app@1", "password", "--definition", "--show-secrets"]), @"
    fn::secret: hunter2
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["get", "acme/app/app", "limits", "--definition"]), @"
    - 1.50
    - quoted
    [exit status: 0]
    ");
}

#[test]
fn store_value_and_where_it_was_defined() {
    let env = stored();
    assert_snapshot!(env.esc(&["get", "acme/app/app", "url"]), @r#"
    # Value
    ```json
    "https://db.example.com/v2"
    ```

    # Definition
    ```yaml
    https://${host}/v2
    ```

    # Defined at
    - acme/app/app:5:8
    [exit status: 0]
    "#);
    assert_snapshot!(env.esc(&["get", "acme/app/app@1", "url", "--value", "string"]), @"
    https://db.example.com/app
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["get", "acme/app/app", "--value", "dotenv"]), @r#"
    PASSWORD="[secret]"
    URL="https://db.example.com/v2"
    [exit status: 0]
    "#);
    assert_snapshot!(env.esc(&["get", "acme/app/app", "--value", "dotenv", "--show-secrets"]), @r#"
    PASSWORD="hunter2"
    URL="https://db.example.com/v2"
    [exit status: 0]
    "#);
}

#[test]
fn store_tags_and_errors() {
    let env = stored();
    use escrot_store::Store as _;
    let name = escrot_store::EnvName::new("acme", "app", "app").expect("a name");
    common::open_store(&env).set_tag(&name, "stable", 1).expect("tag");
    assert_snapshot!(env.esc(&["get", "acme/app/app@stable", "url", "--value", "string"]), @"
    https://db.example.com/app
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["get", "acme/app/app@7"]), @"
    [stderr]
    error: environment 'acme/app/app' has no revision 7 (its latest revision is 2)
    [exit status: 2]
    ");
    assert_snapshot!(env.esc(&["get", "acme/app/nope", "--definition"]), @"
    [stderr]
    error: environment 'acme/app/nope' does not exist; `escrot ls` lists the environments, `escrot init acme/app/nope` creates it
    [exit status: 2]
    ");
    // Not a file, and not a name either.
    assert_snapshot!(env.esc(&["get", "nope"]), @"
    [stderr]
    error: invalid environment reference 'nope': expected PROJECT/ENV or ORG/PROJECT/ENV; and no file 'nope' exists (files are read when they exist or end in .yaml)
    [exit status: 2]
    ");
}

/// `${context}` is known to a static check: `get` shows it as `open` does, for a file and
/// for an environment of the store (`project/env`, its organization), imports included.
#[test]
fn context_values() {
    let env = TestEnv::new();
    common::context::files(&env);
    let vars = [("ESCROT_ACTOR", "alice")];
    assert_snapshot!(env.run_with_env(&["get", "app.yaml", "--value", "json", "--org", "acme"], &vars), @r#"
    {
      "current": "app",
      "org": "acme",
      "root": "app",
      "shared": "shared opened as app",
      "user": "alice"
    }
    [exit status: 0]
    "#);

    common::context::stored(&env);
    assert_snapshot!(env.esc_with_env(&["get", "acme/proj/app", "--value", "json"], &vars), @r#"
    {
      "current": "proj/app",
      "org": "acme",
      "root": "proj/app",
      "shared": "proj/shared opened as proj/app",
      "user": "alice"
    }
    [exit status: 0]
    "#);
    assert_snapshot!(env.esc_with_env(&["get", "acme/proj/app", "shared"], &vars), @r#"
    # Value
    ```json
    "proj/shared opened as proj/app"
    ```

    # Defined at
    - acme/proj/shared:2:11
    [exit status: 0]
    "#);
}

/// A property the context does not have: ESC's error, as `check` reports it.
#[test]
fn unknown_context_property() {
    let env = TestEnv::new();
    env.write("app.yaml", "values:\n  team: ${context.pulumi.team}\n");
    assert_snapshot!(env.run_with_env(&["get", "app.yaml", "--value", "json"], &[("ESCROT_ACTOR", "alice")]), @r#"
    [stderr]
    app.yaml:2:25: error: unknown property "team"
     2 |   team: ${context.pulumi.team}
       |                         ^^^^^
    [exit status: 2]
    "#);
}
