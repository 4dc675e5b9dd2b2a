//! `escrot edit`: the definition in an editor (here, scripts standing in for one).

use crate::common;

use common::TestEnv;
use insta::assert_snapshot;

const APP: &str = "\
# The app's settings.
values:
  url: https://example.com # where it lives
  password:
    fn::secret: hunter2
";

fn app() -> TestEnv {
    let env = TestEnv::new();
    env.init("acme/app/dev", APP);
    env
}

/// Writes an executable editor script and returns its path.
fn editor(env: &TestEnv, body: &str) -> String {
    let path = env.write("editor.sh", format!("#!/bin/sh\nset -e\n{body}\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod the editor");
    }
    path.display().to_string()
}

#[test]
fn edits_with_secrets_decrypted_and_encrypts_them_again() {
    let env = app();
    // The editor sees the secret in plaintext, in a private file; it changes the URL and
    // the secret.
    let script = editor(
        &env,
        r#"cp "$1" seen.yaml
stat -c %a "$1" > mode.txt
sed -i -e 's/example.com/example.org/' -e 's/hunter2/swordfish/' "$1""#,
    );
    assert_snapshot!(env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", &script)]), @"
    Environment 'acme/app/dev' updated.
    New revision '2' was created.
    [exit status: 0]
    ");
    assert_eq!(std::fs::read_to_string(env.path().join("seen.yaml")).unwrap(), APP);
    assert_eq!(std::fs::read_to_string(env.path().join("mode.txt")).unwrap().trim(), "600");
    assert_snapshot!(env.esc(&["get", "acme/app/dev", "--definition"]), @r#"
    # The app's settings.
    values:
      url: https://example.org # where it lives
      password:
        fn::secret: "[secret]"
    [exit status: 0]
    "#);
    assert_snapshot!(env.esc(&["open", "acme/app/dev", "password", "--show-secrets"]), @r#"
    "swordfish"
    [exit status: 0]
    "#);
    assert!(!env.store_bytes().windows(9).any(|w| w == b"swordfish"));
}

#[test]
fn visual_wins_and_the_temporary_file_is_removed() {
    let env = app();
    let visual = editor(&env, r#"echo "$1" > path.txt; sed -i 's/example.com/visual.example/' "$1""#);
    let out = env.esc_with_env(&["edit", "acme/app/dev"], &[("VISUAL", &visual), ("EDITOR", "false")]);
    assert_eq!(out.code, 0, "{out}");
    let tmp = std::fs::read_to_string(env.path().join("path.txt")).unwrap();
    assert!(!std::path::Path::new(tmp.trim()).exists(), "{tmp} was not removed");
    assert!(env.esc(&["get", "acme/app/dev", "--definition"]).stdout.contains("visual.example"));
}

#[test]
fn no_changes() {
    let env = app();
    assert_snapshot!(env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", "true")]), @"
    [stderr]
    No changes to environment 'acme/app/dev'; nothing was saved.
    [exit status: 0]
    ");
}

#[test]
fn empty_definition_aborts() {
    let env = app();
    let script = editor(&env, r#": > "$1""#);
    assert_snapshot!(env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", &script)]), @"
    [stderr]
    Aborting the edit: the definition is empty; nothing was saved.
    [exit status: 0]
    ");
}

#[test]
fn errors_save_nothing() {
    let env = app();
    let script = editor(&env, r#"printf 'values:\n  a: ${nope}\n  password:\n    fn::secret: hunter2\n' > "$1""#);
    assert_snapshot!(env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", &script)]), @r#"
    [stderr]
    acme/app/dev:2:8: error: unknown property "nope"
     2 |   a: ${nope}
       |        ^^^^
    error: the definition of environment 'acme/app/dev' has errors (shown above); nothing was saved
    [exit status: 2]
    "#);
    let out = env.esc(&["version", "history", "acme/app/dev", "--output", "json"]);
    assert_eq!(out.stdout.matches("\"revision\"").count(), 1, "{out}");
}

#[test]
fn failing_or_missing_editor() {
    let env = app();
    assert_snapshot!(env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", "false")]), @"
    [stderr]
    error: the editor `false` failed (exit status: 1); nothing was saved
    [exit status: 1]
    ");
    assert_snapshot!(env.esc(&["edit", "acme/app/dev", "--editor", "/nonexistent/editor"]), @"
    [stderr]
    error: cannot run the editor `/nonexistent/editor`: No such file or directory (os error 2); set --editor, VISUAL or EDITOR to an editor that is installed
    [exit status: 2]
    ");
}

#[test]
fn a_concurrent_change_is_a_conflict() {
    let env = app();
    // While the editor is open, someone else changes the environment.
    let store = env.store_url();
    let bin = assert_cmd::cargo::cargo_bin("escrot");
    let script = editor(
        &env,
        &format!(
            r#"ESCROT_STORE='{store}' '{}' set acme/app/dev other 1 > /dev/null
sed -i 's/example.com/example.org/' "$1""#,
            bin.display()
        ),
    );
    assert_snapshot!(env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", &script)]), @"
    [stderr]
    error: environment 'acme/app/dev' was changed by someone else while this command ran (it is now at revision 2); nothing was saved: run the command again
    [exit status: 1]
    ");
}

#[test]
fn unknown_environment() {
    let env = TestEnv::new();
    assert_snapshot!(env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", "true")]), @"
    [stderr]
    error: environment 'acme/app/dev' does not exist; `escrot ls` lists the environments, `escrot init acme/app/dev` creates it
    [exit status: 2]
    ");
}

/// A definition saved as invalid YAML is reported as invalid YAML (as `check` says it),
/// not as a decryption failure, and nothing is saved.
#[test]
fn invalid_yaml_is_reported_as_such() {
    let env = app();
    let script = editor(&env, r#"printf 'values:\n  a: [1\n  b: 2\n' > "$1""#);
    assert_snapshot!(env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", &script)]), @"
    [stderr]
    acme/app/dev: error: yaml: line 3: illegal placement of ':' indicator
    error: the definition of environment 'acme/app/dev' has errors (shown above); nothing was saved
    [exit status: 2]
    ");
    assert_eq!(env.esc(&["version", "history", "acme/app/dev"]).stdout.lines().count(), 2, "nothing was saved");
}
