//! A store that this user may read but not write (a read-only directory, a database file
//! of mode 0444) can be read: reading commands open it read-only and write nothing.
//!
//! Root ignores permission bits, so as root the commands run as `nobody` (with `setpriv`),
//! the store's files given to `nobody` first.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::SystemTime;

use crate::common::{Output, STORE_FILE, TestEnv};

const NOBODY: u32 = 65534;

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines().find_map(|l| l.strip_prefix("Uid:")).and_then(|l| l.split_whitespace().nth(1)) == Some("0")
    })
}

/// Whether commands can run as a user the permission bits apply to.
fn can_drop_privileges() -> bool {
    if !is_root() {
        return true;
    }
    let found = std::process::Command::new("setpriv").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(!escrot_vars::running_in_ci(), "setpriv (util-linux) is needed to run as another user than root");
        eprintln!("skipped: running as root without setpriv (util-linux), permission bits cannot be tested");
    }
    found
}

/// Runs escrot on the test's store as a user that permission bits apply to.
fn run_unprivileged(env: &TestEnv, args: &[&str]) -> Output {
    let bin = assert_cmd::cargo::cargo_bin("escrot");
    let mut cmd = if is_root() {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid", &NOBODY.to_string(), "--regid", &NOBODY.to_string(), "--clear-groups"]).arg(bin);
        c
    } else {
        std::process::Command::new(bin)
    };
    cmd.current_dir(env.path()).arg("--store").arg(env.store_url()).args(args);
    for var in ["ESCROT_STORE", "ESCROT_KEY", "ESCROT_ORG", "ESCROT_ACTOR", "NO_COLOR", "RUST_BACKTRACE"] {
        cmd.env_remove(var);
    }
    cmd.env("HOME", env.path()).env("TERM", "dumb");
    let out = cmd.output().expect("run escrot");
    Output {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// Gives the store's directory and files to `nobody` (as root), and sets their modes.
fn make_read_only(env: &TestEnv, dir_mode: u32) {
    let dir = env.path();
    for entry in std::fs::read_dir(dir).expect("list the store's directory") {
        let path = entry.expect("an entry").path();
        if is_root() {
            std::os::unix::fs::chown(&path, Some(NOBODY), Some(NOBODY)).expect("chown");
        }
        let mode = if path.extension().is_some_and(|e| e == "key") { 0o400 } else { 0o444 };
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
    if is_root() {
        std::os::unix::fs::chown(dir, Some(NOBODY), Some(NOBODY)).expect("chown");
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(dir_mode)).expect("chmod");
}

/// Lets the temporary directory be removed again.
fn restore(env: &TestEnv) {
    let _ = std::fs::set_permissions(env.path(), std::fs::Permissions::from_mode(0o755));
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path).and_then(|m| m.modified()).expect("the file's modification time")
}

fn store_with_an_environment() -> TestEnv {
    let env = TestEnv::new();
    env.init("acme/app/dev", "values:\n  url: https://example.com\n  pw:\n    fn::secret: hunter2\n");
    assert_eq!(env.esc(&["set", "acme/app/dev", "port", "8080"]).code, 0);
    env
}

/// Every reading command works, and the database file is left as it was.
fn assert_reads(env: &TestEnv) {
    let db = env.path().join(STORE_FILE);
    let (bytes, mtime) = (std::fs::read(&db).expect("the database"), modified(&db));
    for args in [
        &["ls"][..],
        &["open", "acme/app/dev", "url"],
        &["get", "acme/app/dev", "--definition"],
        &["version", "history", "acme/app/dev"],
        &["version", "tag", "acme/app/dev", "--list"],
        &["diff", "acme/app/dev"],
        &["rotation", "history", "acme/app/dev"],
        &["check", "acme/app/dev"],
    ] {
        let out = run_unprivileged(env, args);
        assert_eq!(out.code, 0, "{args:?}: {out}");
        assert!(!out.stderr.contains("readonly"), "{args:?}: {out}");
        assert!(!out.stdout.contains("hunter2") && !out.stderr.contains("hunter2"), "{out}");
    }
    let out = run_unprivileged(env, &["open", "acme/app/dev", "url", "--format", "string"]);
    assert_eq!(out.stdout, "https://example.com\n", "{out}");
    assert_eq!(std::fs::read(&db).expect("the database"), bytes, "the database is unchanged");
    assert_eq!(modified(&db), mtime, "the database was not written");
}

#[test]
fn a_store_in_a_read_only_directory_can_be_read() {
    if !can_drop_privileges() {
        return;
    }
    let env = store_with_an_environment();
    make_read_only(&env, 0o555);
    assert_reads(&env);
    // Writing says why it cannot.
    let out = run_unprivileged(&env, &["set", "acme/app/dev", "port", "9090"]);
    assert_ne!(out.code, 0, "{out}");
    restore(&env);
}

#[test]
fn a_read_only_database_file_can_be_read() {
    if !can_drop_privileges() {
        return;
    }
    let env = store_with_an_environment();
    make_read_only(&env, 0o755);
    assert_reads(&env);
    restore(&env);
}

/// As any user, reading commands leave the database file's bytes and time as they were.
#[test]
fn reading_writes_nothing() {
    let env = store_with_an_environment();
    let db = env.path().join(STORE_FILE);
    let (bytes, mtime) = (std::fs::read(&db).expect("the database"), modified(&db));
    for args in [&["ls"][..], &["get", "acme/app/dev"], &["version", "history", "acme/app/dev"]] {
        let out = env.esc(args);
        assert_eq!(out.code, 0, "{out}");
    }
    assert_eq!(std::fs::read(&db).expect("the database"), bytes);
    assert_eq!(modified(&db), mtime);
}

/// `rotate --file` in a directory this user cannot write says which file it cannot
/// write, and why.
#[test]
fn rotating_a_file_in_a_read_only_directory_says_what_failed() {
    if !can_drop_privileges() {
        return;
    }
    let env = TestEnv::new();
    env.write("repo/app.yaml", "values:\n  pw:\n    fn::rotate::password:\n      inputs: {length: 16}\n");
    let repo = env.path().join("repo");
    for path in [env.path(), &repo, &repo.join("app.yaml")] {
        if is_root() {
            std::os::unix::fs::chown(path, Some(NOBODY), Some(NOBODY)).expect("chown");
        }
    }
    std::fs::set_permissions(&repo, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let out = run_unprivileged(&env, &["rotate", "--file", "repo/app.yaml"]);
    let _ = std::fs::set_permissions(&repo, std::fs::Permissions::from_mode(0o755));
    assert_eq!(out.code, 1, "{out}");
    assert!(!out.to_string().contains("unexpected data"), "{out}");
    assert!(out.to_string().contains("cannot write repo/.app.yaml.escrot-journal: Permission denied"), "{out}");
}
