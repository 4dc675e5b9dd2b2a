//! Helpers for tests that run the real `escrot` binary in a temporary directory.

#![allow(dead_code)]

use std::fmt;
use std::path::{Path, PathBuf};

/// A temporary directory holding environment files; commands run with it as their
/// working directory, so paths in their output are short and stable.
pub struct TestEnv {
    dir: tempfile::TempDir,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv { dir: tempfile::tempdir().expect("create a temporary directory") }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating its directories) and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create directories");
        }
        std::fs::write(&path, contents).expect("write a test file");
        path
    }

    /// Runs `escrot ARGS…` and returns what it printed and its exit code.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with_env(args, &[])
    }

    /// Like [`TestEnv::run`], with extra environment variables.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = assert_cmd::Command::cargo_bin("escrot").expect("the escrot binary");
        cmd.current_dir(self.dir.path()).args(args);
        for var in [
            "NO_COLOR",
            "CLICOLOR",
            "CLICOLOR_FORCE",
            "RUST_BACKTRACE",
            "ESCROT_STORE",
            "ESCROT_KEY",
            "ESCROT_ORG",
            "ESCROT_ACTOR",
            "VISUAL",
            "EDITOR",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("TERM", "dumb");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run escrot");
        Output {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            code: out.status.code().unwrap_or(-1),
        }
    }
}

/// The store of [`TestEnv::esc`]: a SQLite database in the temporary directory, with its key
/// file beside it (`s.key`).
pub const STORE_FILE: &str = "s.db";

impl TestEnv {
    /// The `--store` URL of this test's store.
    pub fn store_url(&self) -> String {
        format!("sqlite:{}", self.path().join(STORE_FILE).display())
    }

    /// Runs `escrot ARGS…` on this test's store, as author `test`.
    pub fn esc(&self, args: &[&str]) -> Output {
        self.esc_with_env(args, &[])
    }

    /// Like [`TestEnv::esc`], with extra environment variables.
    pub fn esc_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let store = self.store_url();
        let mut vars = vec![("ESCROT_STORE", store.as_str()), ("ESCROT_ACTOR", "test")];
        vars.extend_from_slice(env);
        self.run_with_env(args, &vars)
    }

    /// Runs `escrot init NAME -f FILE` with `yaml` as the definition, and checks it worked.
    pub fn init(&self, name: &str, yaml: &str) {
        let file = format!("{}.init.yaml", name.replace('/', "_"));
        self.write(&file, yaml);
        let out = self.esc(&["init", name, "-f", &file]);
        assert_eq!(out.code, 0, "init {name}: {out}");
        std::fs::remove_file(self.path().join(&file)).expect("remove the init file");
    }

    /// The raw bytes of the store's database files (the database, its WAL, shared memory
    /// and rollback journal).
    pub fn store_bytes(&self) -> Vec<u8> {
        // The database must exist: searching no file for a secret proves nothing.
        let mut bytes = std::fs::read(self.path().join(STORE_FILE)).expect("the store's database file");
        for suffix in ["-wal", "-shm", "-journal"] {
            if let Ok(b) = std::fs::read(self.path().join(format!("{STORE_FILE}{suffix}"))) {
                bytes.extend(b);
            }
        }
        bytes
    }
}

/// Insta filters that make store output stable: timestamps become
/// `YYYY-MM-DDTHH:MM:SSZ` (as wide, so that tables stay aligned).
pub fn store_filters() -> Vec<(&'static str, &'static str)> {
    vec![(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "YYYY-MM-DDTHH:MM:SSZ")]
}

/// Opens this test's store through the library (for what no command does yet: tags, the
/// rotation log).
pub fn open_store(env: &TestEnv) -> escrot_store::SqliteStore {
    escrot_store::SqliteStore::open_path(&env.path().join(STORE_FILE), &escrot_store::KeySource::BesideDatabase)
        .expect("open the store")
}

/// What a command printed, and its exit code. Its `Display` is the form snapshots hold:
/// stdout, then `[stderr]` and stderr when there is any, then `[exit status: N]`.
#[derive(Debug)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl fmt::Display for Output {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.stdout)?;
        if !self.stderr.is_empty() {
            if !self.stdout.is_empty() && !self.stdout.ends_with('\n') {
                f.write_str("\n")?;
            }
            write!(f, "[stderr]\n{}", self.stderr)?;
        }
        let last = if self.stderr.is_empty() { &self.stdout } else { &self.stderr };
        if !last.is_empty() && !last.ends_with('\n') {
            f.write_str("\n")?;
        }
        write!(f, "[exit status: {}]", self.code)
    }
}

/// Variables that leave `fn::open::aws-login` with `oidc` no token source anywhere (escrot
/// takes an empty variable for an unset one).
pub const NO_OIDC_TOKEN: [(&str, &str); 5] = [
    ("ESCROT_OIDC_TOKEN", ""),
    ("ESCROT_OIDC_TOKEN_FILE", ""),
    ("AWS_WEB_IDENTITY_TOKEN_FILE", ""),
    ("ACTIONS_ID_TOKEN_REQUEST_URL", ""),
    ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", ""),
];

/// An `escrot` process paused at a failpoint (`ESCROT_FAILPOINT=pause-NAME`), so that a
/// test can act at exactly that moment, then let it go on.
pub struct Paused {
    child: std::process::Child,
    stderr: std::io::BufReader<std::process::ChildStderr>,
    /// What it printed on stderr before pausing.
    before: String,
}

impl TestEnv {
    /// Starts `escrot ARGS…` on this test's store with `vars`, and waits until it pauses at
    /// `pause-POINT`. Panics if it ends without pausing.
    pub fn paused(&self, args: &[&str], point: &str, vars: &[(&str, &str)]) -> Paused {
        use std::io::BufRead as _;
        let store = self.store_url();
        let failpoint = format!("pause-{point}");
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("escrot"));
        cmd.current_dir(self.path())
            .args(args)
            .env("ESCROT_STORE", &store)
            .env("ESCROT_ACTOR", "test")
            .env("ESCROT_FAILPOINT", &failpoint)
            .env("TERM", "dumb")
            .env_remove("ESCROT_KEY")
            .env_remove("ESCROT_ORG")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start escrot");
        let mut stderr = std::io::BufReader::new(child.stderr.take().expect("stderr"));
        let mut before = String::new();
        loop {
            let mut line = String::new();
            let n = stderr.read_line(&mut line).expect("read stderr");
            assert!(n > 0, "escrot ended without pausing at {point}:\n{before}");
            if line.contains(&format!("paused at failpoint {point}")) {
                break;
            }
            before.push_str(&line);
        }
        Paused { child, stderr, before }
    }
}

impl Paused {
    /// Kills the process (SIGKILL, as a crash or an OOM kill would) and waits for it.
    pub fn kill(mut self) {
        self.child.kill().expect("kill escrot");
        let _ = self.child.wait();
    }

    /// Lets the process go on, and returns what it printed and its exit code.
    pub fn resume(mut self) -> Output {
        use std::io::{Read as _, Write as _};
        if let Some(mut stdin) = self.child.stdin.take() {
            let _ = stdin.write_all(b"\n");
        }
        let mut rest = String::new();
        self.stderr.read_to_string(&mut rest).expect("read stderr");
        let out = self.child.wait_with_output().expect("wait for escrot");
        Output {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: self.before + &rest,
            code: out.status.code().unwrap_or(-1),
        }
    }
}

/// The `escrot-connector` binary of this workspace, built first if a partial build (`cargo
/// test -p escrot`) did not build it: it is another package's binary, which cargo builds
/// for a workspace-wide `cargo test` only.
pub fn connector_binary() -> PathBuf {
    // Beside the test binary's directory (`target/debug/deps/..`), where cargo puts every
    // binary of the workspace; cargo tells a test only of its own package's binaries.
    let exe = std::env::current_exe().expect("the test binary's path");
    let dir = exe.parent().and_then(Path::parent).expect("the target directory");
    let path = dir.join(format!("escrot-connector{}", std::env::consts::EXE_SUFFIX));
    if !path.exists() {
        let status = std::process::Command::new(env!("CARGO"))
            .args(["build", "-p", "escrot-connector", "--bin", "escrot-connector"])
            .status()
            .expect("run cargo build");
        assert!(status.success(), "building escrot-connector failed");
    }
    path
}

/// A webhook receiver (`receiver.rs`).
pub mod receiver;

/// Reading rotator states out of a decrypted definition, as the rotation suites check them.
pub mod state {
    use escrot_esc::syntax::{Node, NodeKind, decode};

    /// The value at `key` of a mapping.
    pub fn field(node: &Node, key: &str) -> Option<Node> {
        match &node.kind {
            NodeKind::Object(entries) => entries.iter().find(|(k, _)| k.as_str() == Some(key)).map(|(_, v)| v.clone()),
            _ => None,
        }
    }

    /// A string, or the plaintext of a (decrypted) `fn::secret` string: its value, not its
    /// ESC source (a decrypted definition writes a `$` of a value as `$$`).
    pub fn text(node: &Node) -> Option<String> {
        field(node, "fn::secret").unwrap_or_else(|| node.clone()).as_str().map(escrot_esc::ast::unescape_literal)
    }

    /// The `state` of `values.NAME["fn::rotate::ROTATOR"]` in `text`, a decrypted definition.
    pub fn of(definition: &str, name: &str, rotator: &str) -> Option<Node> {
        let (root, _) = decode("t", definition);
        let node = field(&root?, "values")?;
        let call = field(&field(&node, name)?, &format!("fn::rotate::{rotator}"))?;
        field(&call, "state")
    }

    /// The state's `current` and `previous`, each read with `read`.
    pub fn pair<T>(
        definition: &str,
        name: &str,
        rotator: &str,
        read: impl Fn(&Node) -> Option<T>,
    ) -> (Option<T>, Option<T>) {
        let Some(state) = of(definition, name, rotator) else { return (None, None) };
        (field(&state, "current").and_then(|c| read(&c)), field(&state, "previous").and_then(|p| read(&p)))
    }
}

/// Makes `command` start with the default actions for SIGTERM, SIGHUP and SIGINT, as from a
/// terminal, whatever the test runs under (a background job ignores SIGINT).
#[cfg(unix)]
pub fn with_default_signals(command: &mut std::process::Command) {
    // SAFETY: signal(2) only, between fork and exec.
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(command, || {
            for signal in [libc::SIGTERM, libc::SIGHUP, libc::SIGINT] {
                libc::signal(signal, libc::SIG_DFL);
            }
            Ok(())
        });
    }
}

/// Environments that report where they are evaluated through `${context}`, for the
/// commands that evaluate: `app` (its names, the user, the organization) importing
/// `shared` (its own name and the root's).
pub mod context {
    use super::TestEnv;

    const APP: &str = "\
imports:
  - IMPORT
values:
  current: ${context.currentEnvironment.name}
  root: ${context.rootEnvironment.name}
  user: ${context.pulumi.user.login}
  org: ${context.pulumi.organization.login}
";

    const SHARED: &str = "\
values:
  shared: ${context.currentEnvironment.name} opened as ${context.rootEnvironment.name}
";

    /// `app.yaml` importing `shared.yaml`.
    pub fn files(env: &TestEnv) {
        env.write("app.yaml", APP.replace("IMPORT", "shared"));
        env.write("shared.yaml", SHARED);
    }

    /// `acme/proj/app` importing `proj/shared`, in the store.
    pub fn stored(env: &TestEnv) {
        env.init("acme/proj/shared", SHARED);
        env.init("acme/proj/app", &APP.replace("IMPORT", "proj/shared"));
    }
}
