//! `escrot run`: the real binary running real commands (`sh`), with the environment's
//! variables and files, `${…}` in the arguments, redaction of the command's output, exit
//! codes and signals; and the files `open --format dotenv|shell` writes.

#![cfg(unix)]

use std::path::{Path, PathBuf};

use crate::common;

use common::{Output, TestEnv};
use insta::assert_snapshot;

const SECRET: &str = "s3cr3t-hunter2";

const APP: &str = r#"values:
  greeting: hello
  password:
    fn::secret: s3cr3t-hunter2
  pin:
    fn::secret: ab
  environmentVariables:
    GREETING: ${greeting}
    PASSWORD: ${password}
    PIN: ${pin}
    PORT: 5432
    DEBUG: true
    LIST: [1, 2]
  files:
    CONFIG: |
      host=db.local
    KEY: ${password}
"#;

/// A test directory with `app.yaml`, and a runtime directory (`rt`, as `$XDG_RUNTIME_DIR`)
/// where `run` and `open` write their files.
fn app() -> TestEnv {
    let env = TestEnv::new();
    env.write("app.yaml", APP);
    std::fs::create_dir(env.path().join("rt")).unwrap();
    env
}

fn runtime_dir(env: &TestEnv) -> PathBuf {
    env.path().join("rt")
}

/// Starts `escrot run app.yaml -- sh -c SCRIPT` with `rt` as its runtime directory and its
/// stdout piped to the test, for tests that read its output while it runs.
fn spawn_with_piped_stdout(env: &TestEnv, script: &str) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("escrot"))
        .args(["run", "app.yaml", "--", "sh", "-c", script])
        .current_dir(env.path())
        .env("XDG_RUNTIME_DIR", runtime_dir(env))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Runs escrot with `rt` as its runtime directory.
fn run(env: &TestEnv, args: &[&str]) -> Output {
    let rt = runtime_dir(env);
    let out = env.run_with_env(args, &[("XDG_RUNTIME_DIR", rt.to_str().unwrap())]);
    // escrot's own messages never hold a secret (the command's output is checked by each
    // test: with `-i`, it has it).
    assert!(!out.stderr.contains(SECRET) || args.contains(&"-i"), "a secret on stderr: {out}");
    out
}

/// What is left in the runtime directory.
fn left_over(env: &TestEnv) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(runtime_dir(env))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn exports_variables_and_files() {
    let env = app();
    let script = r#"echo "GREETING=$GREETING PORT=$PORT DEBUG=$DEBUG LIST=$${LIST-unset}"
        printf '%s\n' "$CONFIG" "$KEY" > paths.txt
        cat "$CONFIG"
        stat -c '%a %n' "$CONFIG" "$KEY" "$(dirname "$CONFIG")" | sed "s|$XDG_RUNTIME_DIR/escrot-run-[^/]*|DIR|; s|escrot-[A-Za-z0-9]*$|FILE|"
        [ "$(cat "$KEY")" = "$PASSWORD" ] && echo "KEY holds the password""#;
    assert_snapshot!(run(&env, &["run", "app.yaml", "--", "sh", "-c", script]), @r"
    GREETING=hello PORT=5432 DEBUG=true LIST=unset
    host=db.local
    600 DIR/FILE
    600 DIR/FILE
    700 DIR
    KEY holds the password
    [exit status: 0]
    ");
    // Gone after the command exited: the files and their directory.
    let paths = std::fs::read_to_string(env.path().join("paths.txt")).unwrap();
    for path in paths.lines() {
        assert!(path.starts_with(runtime_dir(&env).to_str().unwrap()), "{path}");
        assert!(!Path::new(path).exists(), "{path} was left");
    }
    assert!(left_over(&env).is_empty(), "left in the runtime directory: {:?}", left_over(&env));
}

#[test]
fn redacts_secrets_from_stdout_and_stderr() {
    let env = app();
    // The password split across two writes, with a pause between (two reads for escrot);
    // the 2-byte PIN is too short to redact, as in ESC.
    let script = r#"echo "pw=$PASSWORD pin=$PIN"; printf 'split=s3cr3t-'; sleep 0.3; printf 'hunter2!\n'
        echo "err=$PASSWORD" >&2; cat "$KEY""#;
    let out = run(&env, &["run", "app.yaml", "--", "sh", "-c", script]);
    assert!(!out.stdout.contains(SECRET) && !out.stderr.contains(SECRET), "{out}");
    assert_snapshot!(out, @r"
    pw=[secret] pin=ab
    split=[secret]!
    [secret]
    [stderr]
    err=[secret]
    [exit status: 0]
    ");
}

/// A line is passed on when it is written, not when the command exits.
#[test]
fn output_is_passed_on_as_it_comes() {
    use std::io::BufRead;
    let env = app();
    let mut child = spawn_with_piped_stdout(&env, "echo \"first $PASSWORD\"; exec sleep 30");
    let mut line = String::new();
    let started = std::time::Instant::now();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    assert_eq!(line, "first [secret]\n");
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "the line was held back");
    // SAFETY: kill(2) on our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    assert_eq!(child.wait().unwrap().code(), Some(128 + libc::SIGTERM));
}

#[test]
fn interactive_does_not_redact() {
    let env = app();
    assert_snapshot!(run(&env, &["run", "-i", "app.yaml", "--", "sh", "-c", "echo $PASSWORD; echo $PASSWORD >&2"]), @r"
    s3cr3t-hunter2
    [stderr]
    s3cr3t-hunter2
    [exit status: 0]
    ");
}

#[test]
fn interpolates_arguments() {
    let env = app();
    // `${…}` from the environment's values (a secret is redacted from the output as well),
    // `$${` a literal `${`, a missing value nothing, a bad interpolation left as it is.
    assert_snapshot!(run(&env, &["run", "app.yaml", "--", "echo", "${greeting}", "${password}", "$${greeting}", "[${nope}]", "${greeting"]), @r"
    hello [secret] ${greeting} [] ${greeting
    [exit status: 0]
    ");
    // The command sees the real value.
    assert_snapshot!(run(&env, &["run", "app.yaml", "--", "sh", "-c", "[ \"$1\" = s3cr3t-hunter2 ] && echo same", "sh", "${password}"]), @r"
    same
    [exit status: 0]
    ");
}

#[test]
fn exit_codes() {
    let env = app();
    assert_snapshot!(run(&env, &["run", "app.yaml", "--", "sh", "-c", "exit 3"]), @"[exit status: 3]");
    assert_snapshot!(run(&env, &["run", "app.yaml", "--", "sh", "-c", "kill -TERM $$$$"]), @"[exit status: 143]");
    assert_snapshot!(run(&env, &["run", "app.yaml", "--", "no-such-command-here", "x"]), @r#"
    [stderr]
    error: cannot run "no-such-command-here": No such file or directory (os error 2)
    [exit status: 127]
    "#);
    env.write("not-executable", "#!/bin/sh\n");
    assert_snapshot!(run(&env, &["run", "app.yaml", "--", "./not-executable"]), @r#"
    [stderr]
    error: cannot run "./not-executable": Permission denied (os error 13)
    [exit status: 126]
    "#);
    assert!(left_over(&env).is_empty(), "{:?}", left_over(&env));
}

#[test]
fn usage() {
    let env = app();
    assert_snapshot!(run(&env, &["run", "app.yaml"]), @r"
    [stderr]
    error: the following required arguments were not provided:
      <COMMAND>...

    Usage: escrot run <NAME|FILE> <COMMAND>...

    For more information, try '--help'.
    [exit status: 2]
    ");
    // Without `--`, what follows the command is the command's, flags included; with it,
    // the command may start with `-` too.
    assert_snapshot!(run(&env, &["run", "app.yaml", "sh", "-c", "echo \"$0\" \"$@\"", "-i", "--x"]), @r"
    -i --x
    [exit status: 0]
    ");
    assert_snapshot!(run(&env, &["run", "app.yaml", "--", "-x"]), @r#"
    [stderr]
    error: cannot run "-x": No such file or directory (os error 2)
    [exit status: 127]
    "#);
}

#[test]
fn diagnostics_stop_the_run() {
    let env = app();
    env.write("bad.yaml", "values:\n  x: ${nope.a}\n  environmentVariables:\n    X: ${x}\n");
    assert_snapshot!(run(&env, &["run", "bad.yaml", "--", "sh", "-c", "touch ran"]), @r#"
    [stderr]
    bad.yaml:2:8: error: unknown property "nope"
     2 |   x: ${nope.a}
       |        ^^^^
    [exit status: 1]
    "#);
    assert!(!env.path().join("ran").exists(), "the command ran");
    env.write("broken.yaml", "values:\n  x: [\n");
    let out = run(&env, &["run", "broken.yaml", "--", "sh", "-c", "touch ran"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(!env.path().join("ran").exists(), "the command ran");
}

#[test]
fn runs_a_revision_of_a_store_environment() {
    let env = app();
    env.init("acme/app/dev", "values:\n  environmentVariables:\n    REV: one\n");
    env.write("two.yaml", "values:\n  environmentVariables:\n    REV: two\n");
    let out = env.esc(&["edit", "acme/app/dev", "--editor", "cp two.yaml"]);
    assert_eq!(out.code, 0, "{out}");
    assert_snapshot!(env.esc(&["run", "acme/app/dev@1", "--", "sh", "-c", "echo $REV"]), @r"
    one
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["run", "acme/app/dev", "--", "sh", "-c", "echo $REV"]), @r"
    two
    [exit status: 0]
    ");
}

/// Stopped by a signal (TERM, HUP or INT from another process), escrot forwards it to the
/// command, waits for it, removes the files and exits with the command's status.
#[test]
fn a_signal_is_forwarded_and_the_files_are_removed() {
    for (name, number) in [("TERM", libc::SIGTERM), ("HUP", libc::SIGHUP), ("INT", libc::SIGINT)] {
        let env = app();
        let script = format!(
            r#"trap 'echo "got {name}" > marker; exit 7' {name}
            printf '%s\n' "$KEY" > paths.tmp; mv paths.tmp paths.txt
            while :; do sleep 0.05; done"#
        );
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("escrot"));
        common::with_default_signals(&mut command);
        let child = command
            .args(["run", "app.yaml", "--", "sh", "-c", &script])
            .current_dir(env.path())
            .env("XDG_RUNTIME_DIR", runtime_dir(&env))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let paths = env.path().join("paths.txt");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while !paths.exists() {
            assert!(std::time::Instant::now() < deadline, "the command did not start");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let key = PathBuf::from(std::fs::read_to_string(&paths).unwrap().trim());
        assert!(key.exists(), "the file exists while the command runs");

        // SAFETY: kill(2) on our own child.
        assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, number) }, 0);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(7), "SIG{name}: {:?}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(std::fs::read_to_string(env.path().join("marker")).unwrap(), format!("got {name}\n"));
        assert!(!key.exists(), "SIG{name}: {} was left", key.display());
        assert!(left_over(&env).is_empty(), "SIG{name}: {:?}", left_over(&env));
    }
}

#[test]
fn open_dotenv_and_shell_write_the_files() {
    let env = app();
    let filters = vec![(r"/\S*/rt/escrot-[A-Za-z0-9]+", "[RT]/escrot-XXXXXX")];
    // Without --show-secrets, the file holding a secret is not written.
    let out = run(&env, &["open", "app.yaml", "--format", "dotenv"]);
    insta::with_settings!({ filters => filters.clone() }, {
        assert_snapshot!(out, @r#"
        DEBUG="true"
        GREETING="hello"
        PASSWORD="[secret]"
        PIN="[secret]"
        PORT="5432"
        CONFIG="[RT]/escrot-XXXXXX"
        KEY="[secret]"
        [exit status: 0]
        "#);
    });
    let written = left_over(&env);
    assert_eq!(written.len(), 1, "{written:?}");
    let config = runtime_dir(&env).join(&written[0]);
    assert_eq!(std::fs::read_to_string(&config).unwrap(), "host=db.local\n");
    assert_eq!(mode(&config), 0o600);
    std::fs::remove_file(&config).unwrap();

    let out = run(&env, &["open", "app.yaml", "--format", "shell", "--show-secrets"]);
    insta::with_settings!({ filters => filters }, {
        assert_snapshot!(out, @r#"
        export DEBUG="true"
        export GREETING="hello"
        export PASSWORD="s3cr3t-hunter2"
        export PIN="ab"
        export PORT="5432"
        export CONFIG="[RT]/escrot-XXXXXX"
        export KEY="[RT]/escrot-XXXXXX"
        [exit status: 0]
        "#);
    });
    let key = out.stdout.lines().find_map(|l| l.strip_prefix("export KEY=")).unwrap().trim_matches('"');
    assert_eq!(std::fs::read_to_string(key).unwrap(), SECRET);
    assert_eq!(mode(Path::new(key)), 0o600);
    assert_eq!(left_over(&env).len(), 2);

    // `get` does not write them (ESC's "pretend"); `open --format json` shows their contents.
    for name in left_over(&env) {
        std::fs::remove_file(runtime_dir(&env).join(name)).unwrap();
    }
    assert_snapshot!(run(&env, &["get", "app.yaml", "--value", "dotenv"]).stdout.lines().last().unwrap(), @r#"KEY="[unknown]""#);
    assert!(left_over(&env).is_empty());
    assert_snapshot!(run(&env, &["open", "app.yaml", "files"]), @r#"
    {
      "CONFIG": "host=db.local\n",
      "KEY": "[secret]"
    }
    [exit status: 0]
    "#);
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The README's example: the rotated database password of `examples/rotation/app.yaml`,
/// read by the command as `DB_PASSWORD`, redacted from its output; a new one after the
/// next rotation.
#[test]
fn reads_a_rotated_database_password() {
    let env = app();
    let example =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/rotation/app.yaml")).unwrap();
    env.init("demo/app", &example);
    let password = |env: &TestEnv| {
        let out = env.esc(&["open", "demo/app", "dbPassword.current", "--format", "string", "--show-secrets"]);
        assert_eq!(out.code, 0, "{out}");
        out.stdout.trim_end().to_owned()
    };
    assert_eq!(env.esc(&["rotate", "demo/app", "-q"]).code, 0);
    let first = password(&env);
    let script = r#"echo "connecting with $DB_PASSWORD"; [ "$DB_PASSWORD" = "$1" ] && echo "length $${#DB_PASSWORD}""#;
    let out = env.esc(&["run", "demo/app", "--", "sh", "-c", script, "sh", "${dbPassword.current}"]);
    assert!(!out.stdout.contains(&first) && !out.stderr.contains(&first), "{out}");
    assert_snapshot!(out, @r"
    connecting with [secret]
    length 32
    [exit status: 0]
    ");
    assert_eq!(env.esc(&["rotate", "demo/app", "-q"]).code, 0);
    let second = password(&env);
    assert_ne!(first, second);
    let out = env.esc(&["run", "-i", "demo/app", "--", "sh", "-c", "printf %s \"$DB_PASSWORD\""]);
    assert_eq!((out.stdout.as_str(), out.code), (second.as_str(), 0), "{out}");
}

/// A command that exits leaving a process that holds its output: escrot passes that
/// output on until it ends, but stops when told to, removing the files.
#[test]
fn a_signal_stops_waiting_for_output_held_by_a_background_process() {
    let env = app();
    let mut child = spawn_with_piped_stdout(&env, "printf '%s\\n' \"$KEY\" > paths.txt; sleep 30 & echo started");
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    assert_eq!(line, "started\n");
    std::thread::sleep(std::time::Duration::from_millis(200));
    let started = std::time::Instant::now();
    // SAFETY: kill(2) on our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    assert_eq!(child.wait().unwrap().code(), Some(0), "the command's status");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let key = std::fs::read_to_string(env.path().join("paths.txt")).unwrap();
    assert!(!Path::new(key.trim()).exists());
}
