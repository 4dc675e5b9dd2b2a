//! `escrot init` and `escrot ls`: creating environments in the store, and listing them.

use crate::common;

use common::TestEnv;
use insta::assert_snapshot;

#[test]
fn creates_an_empty_environment() {
    let env = TestEnv::new();
    assert_snapshot!(env.esc(&["init", "acme/app/dev"]), @"
    Environment created: acme/app/dev
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["get", "acme/app/dev", "--definition"]), @"
    values: {}
    [exit status: 0]
    ");
}

#[test]
fn creates_from_a_file_and_keeps_its_text() {
    let env = TestEnv::new();
    let text = "# The app.\nvalues:\n  url: https://example.com # where it lives\n  port: 8080\n";
    env.write("app.yaml", text);
    assert_snapshot!(env.esc(&["init", "acme/app/dev", "-f", "app.yaml"]), @"
    Environment created: acme/app/dev
    [exit status: 0]
    ");
    let out = env.esc(&["get", "acme/app/dev", "--definition"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, text), "{out}");
}

#[test]
fn project_env_uses_the_default_org() {
    let env = TestEnv::new();
    assert_snapshot!(env.esc(&["init", "app/dev"]), @"
    Environment created: default/app/dev
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["--org", "acme", "init", "app/dev"]), @"
    Environment created: acme/app/dev
    [exit status: 0]
    ");
    assert_snapshot!(env.esc_with_env(&["init", "app/prod"], &[("ESCROT_ORG", "other")]), @"
    Environment created: other/app/prod
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["ls"]), @"
    acme/app/dev
    default/app/dev
    other/app/prod
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["ls", "--org", "acme"]), @"
    acme/app/dev
    [exit status: 0]
    ");
}

#[test]
fn refuses_an_existing_environment() {
    let env = TestEnv::new();
    env.esc(&["init", "acme/app/dev"]);
    assert_snapshot!(env.esc(&["init", "acme/app/dev"]), @"
    [stderr]
    error: environment 'acme/app/dev' already exists; change it with `escrot edit acme/app/dev` or `escrot set acme/app/dev PATH VALUE`
    [exit status: 2]
    ");
}

#[test]
fn refuses_a_definition_with_errors() {
    let env = TestEnv::new();
    env.write("bad.yaml", "values:\n  a: ${nope}\n  password:\n    fn::secret: hunter2\n");
    assert_snapshot!(env.esc(&["init", "acme/app/dev", "-f", "bad.yaml"]), @r#"
    [stderr]
    bad.yaml:2:8: error: unknown property "nope"
     2 |   a: ${nope}
       |        ^^^^
    error: the definition of environment 'acme/app/dev' has errors (shown above); nothing was saved
    [exit status: 2]
    "#);
    // Nothing was created.
    assert_snapshot!(env.esc(&["ls"]), @"
    [stderr]
    No environments yet; create one with `escrot init ORG/PROJECT/ENV`.
    [exit status: 0]
    ");
}

#[test]
fn refuses_invalid_names_and_missing_files() {
    let env = TestEnv::new();
    assert_snapshot!(env.esc(&["init", "acme/app/dev@2"]), @"
    [stderr]
    error: invalid environment name 'acme/app/dev@2': the environment name 'dev@2' contains '@'; names may only contain letters, digits, '-', '_' and '.'
    [exit status: 2]
    ");
    assert_snapshot!(env.esc(&["init", "a/b/c/d"]), @"
    [stderr]
    error: invalid environment name 'a/b/c/d': expected PROJECT/ENV or ORG/PROJECT/ENV
    [exit status: 2]
    ");
    assert_snapshot!(env.esc(&["init", "acme/app/dev", "-f", "nope.yaml"]), @"
    [stderr]
    error: 'nope.yaml': no such file
    [exit status: 2]
    ");
}

#[test]
fn reads_standard_input() {
    let env = TestEnv::new();
    let mut cmd = assert_cmd::Command::cargo_bin("escrot").expect("the escrot binary");
    cmd.current_dir(env.path())
        .env("ESCROT_STORE", env.store_url())
        .env_remove("ESCROT_KEY")
        .args(["init", "acme/app/dev", "-f", "-"])
        .write_stdin("values:\n  a: 1\n");
    let out = cmd.output().expect("run escrot");
    assert!(out.status.success(), "{out:?}");
    let out = env.esc(&["get", "acme/app/dev", "--definition"]);
    assert_eq!(out.stdout, "values:\n  a: 1\n", "{out}");
}

/// More than the size limit on standard input is refused, never cut short and saved.
#[test]
fn standard_input_over_the_limit_is_refused() {
    let env = TestEnv::new();
    let mut text = String::from("values:\n  a: 1\n  #");
    text.push_str(&"a".repeat(escrot::files::MAX_FILE_SIZE as usize));
    text.push_str("\n  b: 2\n");
    let mut cmd = assert_cmd::Command::cargo_bin("escrot").expect("the escrot binary");
    cmd.current_dir(env.path())
        .env("ESCROT_STORE", env.store_url())
        .env_remove("ESCROT_KEY")
        .args(["init", "acme/app/dev", "-f", "-"])
        .write_stdin(text);
    let out = cmd.output().expect("run escrot");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: '-': standard input is too large (more than 16 MiB); environment definitions are limited to 16 MiB\n"
    );
    assert_eq!(env.esc(&["ls"]).stdout, "", "nothing was created");
}

#[test]
fn imports_resolve_in_the_store() {
    let env = TestEnv::new();
    env.init("acme/app/common", "values:\n  host: db.example.com\n");
    env.init("acme/app/dev", "imports:\n  - common\nvalues:\n  url: https://${host}/app\n");
    assert_snapshot!(env.esc(&["open", "acme/app/dev", "url", "--format", "string"]), @"
    https://db.example.com/app
    [exit status: 0]
    ");
    // A missing import is an error at init.
    env.write("orphan.yaml", "imports:\n  - missing\nvalues:\n  a: 1\n");
    assert_snapshot!(env.esc(&["init", "acme/app/orphan", "-f", "orphan.yaml"]), @r#"
    [stderr]
    orphan.yaml:2:5: error: environment "acme/app/missing" not found
     2 |   - missing
       |     ^^^^^^^
    error: the definition of environment 'acme/app/orphan' has errors (shown above); nothing was saved
    [exit status: 2]
    "#);
}

#[test]
fn ls_on_an_empty_store() {
    let env = TestEnv::new();
    assert_snapshot!(env.esc(&["ls"]), @"
    [stderr]
    No environments yet; create one with `escrot init ORG/PROJECT/ENV`.
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["--quiet", "ls"]), @"[exit status: 0]");
}

#[test]
fn wrong_key_is_refused() {
    let env = TestEnv::new();
    env.esc(&["init", "acme/app/dev"]);
    let other = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    assert_snapshot!(env.esc_with_env(&["ls"], &[("ESCROT_KEY", other)]), @"
    [stderr]
    error: the store key from ESCROT_KEY does not match the key this store was created with; use the store's key file or set ESCROT_KEY to the store's key
    [exit status: 2]
    ");
}

/// `--if-not-exists` makes `init` idempotent for scripts (the README's demo runs it each time).
#[test]
fn if_not_exists() {
    let env = TestEnv::new();
    env.write("app.yaml", "values:\n  a: 1\n");
    let first = env.esc(&["init", "demo/app", "-f", "app.yaml", "--if-not-exists"]);
    assert_eq!(first.code, 0, "{first}");
    let again = env.esc(&["init", "demo/app", "-f", "app.yaml", "--if-not-exists"]);
    assert_snapshot!(again.to_string(), @"
    Environment default/demo/app already exists.
    [exit status: 0]
    ");
}

/// A block-scalar secret spans more lines than its redacted form: diagnostics after it
/// still show their own line, and the secret is masked in it.
#[test]
fn diagnostics_after_a_block_secret_point_at_their_line() {
    let env = TestEnv::new();
    env.write("sec.yaml", "values:\n  a:\n    fn::secret: |\n      blockSECRET\n  b: 1\n  c: ${nope}\n  d: 2\n");
    let out = env.esc(&["init", "x/sec", "-f", "sec.yaml"]);
    assert!(!out.stdout.contains("blockSECRET") && !out.stderr.contains("blockSECRET"), "{out}");
    assert_snapshot!(out, @r#"
    [stderr]
    sec.yaml:6:8: error: unknown property "nope"
     6 |   c: ${nope}
       |        ^^^^
    error: the definition of environment 'default/x/sec' has errors (shown above); nothing was saved
    [exit status: 2]
    "#);
}

/// Commands that only read do not create a store (nor its key) at a fresh path.
#[test]
fn reading_commands_create_no_store() {
    let env = TestEnv::new();
    let url = format!("sqlite:{}", env.path().join("fresh").join("escrot.db").display());
    let out = env.run(&["--store", &url, "ls"]);
    assert_eq!(out.code, 0, "{out}");
    for args in [
        &["get", "acme/app/dev"][..],
        &["open", "acme/app/dev"],
        &["check", "acme/app/dev"],
        &["diff", "acme/app/dev@1", "acme/app/dev@2"],
        &["version", "history", "acme/app/dev"],
        &["rotation", "history", "acme/app/dev"],
        &["rotate", "acme/app/dev", "--dry-run"],
    ] {
        let mut all = vec!["--store", url.as_str()];
        all.extend_from_slice(args);
        let out = env.run(&all);
        assert_ne!(out.code, 0, "{args:?}: {out}");
        assert!(out.to_string().contains("there is no store at "), "{args:?}: {out}");
    }
    // A file's dry run needs no store either (nor makes a key for it).
    env.write("app.yaml", "values:\n  pw:\n    fn::rotate::password:\n      inputs: {length: 12}\n");
    let out = env.run(&["--store", &url, "rotate", "--file", "app.yaml", "--dry-run"]);
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stdout.contains("+        current: \"[new, made by the rotation]\""), "{out}");
    assert!(!env.path().join("fresh").exists(), "a store was created");
}

/// A store database truncated to 0 bytes is damaged, not new: it is refused, and no new
/// key is made for it.
#[test]
fn an_empty_store_file_is_refused() {
    let env = TestEnv::new();
    let db = env.write(common::STORE_FILE, "");
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options().write(true).open(&db).and_then(|f| f.set_modified(an_hour_ago)).expect("age the file");
    let dir = env.path().display().to_string();
    for args in [&["ls"][..], &["init", "acme/app/dev"], &["get", "acme/app/dev"]] {
        let out = env.esc(args).to_string().replace(&dir, "[dir]");
        assert_eq!(
            out,
            "[stderr]\nerror: the store database [dir]/s.db is an empty file (0 bytes), not a store: it was truncated \
             or damaged; restore it from a backup (with its key file), or remove it to start a new store\n[exit \
             status: 2]",
            "{args:?}"
        );
    }
    assert!(!env.path().join("s.key").exists(), "no key was made");
    assert_eq!(std::fs::read(&db).expect("the database").len(), 0, "the file is left as it was");
}

/// A file that is not valid YAML is reported as `check` reports it, with the file's name.
#[test]
fn invalid_yaml_is_reported_as_such() {
    let env = TestEnv::new();
    env.write("app.yaml", "values:\n  a: [1\n  b: 2\n");
    assert_snapshot!(env.esc(&["init", "acme/app/dev", "-f", "app.yaml"]), @"
    [stderr]
    app.yaml: error: yaml: line 3: illegal placement of ':' indicator
    error: the definition of environment 'acme/app/dev' has errors (shown above); nothing was saved
    [exit status: 2]
    ");
    assert_snapshot!(env.esc(&["check", "app.yaml"]), @"
    app.yaml: error: yaml: line 3: illegal placement of ':' indicator
    [stderr]
    Checked 1 file: 1 error.
    [exit status: 2]
    ");
}

/// A variable set to the empty string is an unset one, for every variable escrot reads
/// (`ESCROT_ORG=` is the default organization, `ESCROT_STORE=` the default store…).
#[test]
fn empty_variables_are_unset() {
    let env = TestEnv::new();
    let empty = [("ESCROT_ORG", ""), ("ESCROT_KEY", ""), ("ESCROT_ACTOR", ""), ("USER", "alice")];
    assert_snapshot!(env.esc_with_env(&["init", "app/dev"], &empty), @"
    Environment created: default/app/dev
    [exit status: 0]
    ");
    insta::with_settings!({ filters => common::store_filters() }, {
        assert_snapshot!(env.esc_with_env(&["version", "history", "default/app/dev"], &empty), @"
        REVISION  KIND    AUTHOR  CREATED (UTC)         TAGS
        1         create  alice   YYYY-MM-DDTHH:MM:SSZ
        [exit status: 0]
        ");
    });
    let home = env.path().join("home").display().to_string();
    let default_store = [("ESCROT_STORE", ""), ("HOME", home.as_str()), ("XDG_DATA_HOME", "")];
    assert_snapshot!(env.run_with_env(&["init", "acme/app/dev"], &default_store), @"
    Environment created: acme/app/dev
    [exit status: 0]
    ");
    assert!(env.path().join("home/.local/share/escrot/escrot.db").exists(), "the default store");
    // Typed on the command line, an empty store is still an error.
    assert_snapshot!(env.run(&["--store", "", "ls"]), @"
    [stderr]
    error: invalid store location '': expected sqlite:PATH (for example sqlite:/var/lib/escrot/escrot.db) or postgres://USER@HOST:PORT/DATABASE
    [exit status: 2]
    ");
}
