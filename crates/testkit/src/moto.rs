//! A local AWS for tests: a moto server (PyPI `moto[server]`), started once per test
//! binary on a free loopback port and stopped when the binary exits, reset before each
//! test that takes it.
//!
//! moto is found at `ESCROT_MOTO_SERVER`, else in the virtualenv `scripts/moto.sh install`
//! makes (`$ESCROT_VENV`, default `~/.cache/escrot/moto-venv`), else on `PATH`. Without
//! it, tests fail with a message saying how to install it; outside CI (`CI` unset) they
//! are skipped with that message instead.
//!
//! Tests that use moto take [`Moto::lock`]: one test at a time per binary, each starting
//! from an empty moto with authentication off (so setup can create users, policies and
//! keys; [`Moto::enforce_auth`] then turns on moto's signature and IAM policy checks).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use aws_sdk_iam::types::StatusType;

/// AWS's error code of a failed call: the one the SDK parsed, else the `<Code>` of the
/// response body (moto's answers are not always parsed).
fn error_code<E: aws_sdk_sts::error::ProvideErrorMetadata>(
    err: &aws_sdk_sts::error::SdkError<E, aws_sdk_sts::config::http::HttpResponse>,
) -> Option<String> {
    let aws_sdk_sts::error::SdkError::ServiceError(ctx) = err else { return None };
    if let Some(code) = ctx.err().code() {
        return Some(code.to_owned());
    }
    let body = ctx.raw().body().bytes().map(String::from_utf8_lossy).unwrap_or_default();
    let start = body.find("<Code>")? + "<Code>".len();
    let end = body[start..].find("</Code>")? + start;
    Some(body[start..end].to_owned())
}

/// The account moto answers for.
pub const ACCOUNT: &str = "123456789012";

pub struct Moto {
    pub port: u16,
    /// The watchdog shell: it stops moto when its stdin (held here) closes, i.e. when the
    /// test binary exits, however it exits.
    _watchdog: Mutex<Child>,
    _stdin: Mutex<Option<std::process::ChildStdin>>,
    /// moto's log (kept beside it, for reading after a failed test).
    _log: PathBuf,
    _dir: tempfile::TempDir,
    lock: Mutex<()>,
    runtime: tokio::runtime::Runtime,
}

/// A test's exclusive use of moto.
pub struct MotoGuard {
    pub moto: &'static Moto,
    _guard: MutexGuard<'static, ()>,
}

impl std::ops::Deref for MotoGuard {
    type Target = Moto;
    fn deref(&self) -> &Moto {
        self.moto
    }
}

fn moto_server() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("ESCROT_MOTO_SERVER")
        && !p.is_empty()
    {
        return Some(p.into());
    }
    let venv = std::env::var("ESCROT_VENV")
        .ok()
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var("HOME").ok().map(|h| PathBuf::from(h).join(".cache/escrot/moto-venv")));
    if let Some(v) = venv {
        let p = v.join("bin/moto_server");
        if p.is_file() {
            return Some(p);
        }
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join("moto_server")).find(|p| p.is_file())
}

const HOW_TO_INSTALL: &str = "moto (a local AWS) is needed for this test: run `scripts/moto.sh install`, or set \
                              ESCROT_MOTO_SERVER to a moto_server executable";

static MOTO: OnceLock<Result<Moto, String>> = OnceLock::new();

impl Moto {
    /// Takes moto for one test, reset. `None` (after printing why) only when moto is not
    /// installed and `CI` is unset.
    pub fn lock() -> Option<MotoGuard> {
        let moto = MOTO.get_or_init(Moto::start);
        let moto = match moto {
            Ok(m) => m,
            Err(e) => {
                if !escrot_vars::running_in_ci() && e == HOW_TO_INSTALL {
                    eprintln!("skipped: {e}");
                    return None;
                }
                panic!("{e}");
            }
        };
        let guard = moto.lock.lock().unwrap_or_else(|e| e.into_inner());
        moto.reset();
        Some(MotoGuard { moto, _guard: guard })
    }

    fn start() -> Result<Moto, String> {
        let server = moto_server().ok_or_else(|| HOW_TO_INSTALL.to_owned())?;
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let log = dir.path().join("moto.log");
        let mut last = String::new();
        // A free port can be taken between our probe and moto's bind: try a few.
        for _ in 0..5 {
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .map_err(|e| format!("no free port: {e}"))?
                .port();
            let mut child = Command::new("sh")
                .arg("-c")
                .arg(r#""$0" -H 127.0.0.1 -p "$1" >"$2" 2>&1 & m=$!; trap 'kill $m 2>/dev/null' EXIT; read _ignored; exit 0"#)
                .arg(&server)
                .arg(port.to_string())
                .arg(&log)
                .env("MOTO_RECORDER_FILEPATH", dir.path().join("recording.jsonl"))
                .current_dir(dir.path())
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("cannot start {}: {e}", server.display()))?;
            let stdin = child.stdin.take();
            let deadline = Instant::now() + Duration::from_secs(60);
            while Instant::now() < deadline {
                if http(port, "POST", "/moto-api/reset", "").is_ok() {
                    let runtime = tokio::runtime::Builder::new_multi_thread()
                        .worker_threads(1)
                        .enable_all()
                        .build()
                        .map_err(|e| e.to_string())?;
                    return Ok(Moto {
                        port,
                        _watchdog: Mutex::new(child),
                        _stdin: Mutex::new(stdin),
                        _log: log,
                        _dir: dir,
                        lock: Mutex::new(()),
                        runtime,
                    });
                }
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            drop(stdin);
            let _ = child.kill();
            let _ = child.wait();
            last = std::fs::read_to_string(&log).unwrap_or_default();
        }
        Err(format!("moto ({}) did not start; its log:\n{last}", server.display()))
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Empties moto, turns authentication off and clears the request recording.
    pub fn reset(&self) {
        self.post("/moto-api/reset", "");
        self.post("/moto-api/reset-auth", "inf");
        self.post("/moto-api/recorder/stop-recording", "");
        self.post("/moto-api/recorder/reset-recording", "");
    }

    /// From now on moto checks signatures and IAM policies: unknown or deleted keys get
    /// `InvalidClientTokenId`, and callers need policies allowing what they do.
    pub fn enforce_auth(&self) {
        self.post("/moto-api/reset-auth", "0");
    }

    pub fn start_recording(&self) {
        self.post("/moto-api/recorder/reset-recording", "");
        self.post("/moto-api/recorder/start-recording", "");
    }

    /// The AWS actions (`iam:CreateAccessKey`…) moto received since `start_recording`.
    pub fn recorded_actions(&self) -> Vec<String> {
        let text = http(self.port, "GET", "/moto-api/recorder/download-recording", "").unwrap_or_default();
        text.lines().filter_map(action_of).collect()
    }

    fn post(&self, path: &str, body: &str) {
        if let Err(e) = http(self.port, "POST", path, body) {
            panic!("moto {path}: {e}");
        }
    }

    /// The environment variables that point escrot (and the SDK) at this moto.
    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            ("AWS_ENDPOINT_URL".into(), self.url()),
            ("AWS_CONFIG_FILE".into(), "/nonexistent/escrot-test/config".into()),
            ("AWS_SHARED_CREDENTIALS_FILE".into(), "/nonexistent/escrot-test/credentials".into()),
            ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
            ("ESCROT_AWS_VERIFY_TIMEOUT".into(), "10".into()),
        ]
    }

    /// Runs an SDK future on the harness's runtime.
    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.runtime.block_on(f)
    }

    async fn config(&self, id: &str, secret: &str) -> aws_config::SdkConfig {
        aws_config::defaults(aws_config::BehaviorVersion::v2026_01_12())
            .region(aws_config::Region::new("us-east-1"))
            .endpoint_url(self.url())
            .credentials_provider(aws_credential_types::Credentials::new(id, secret, None, None, "test"))
            .load()
            .await
    }

    /// An IAM client signed with `key` (any key works before `enforce_auth`).
    pub fn iam(&self, key: &Key) -> aws_sdk_iam::Client {
        aws_sdk_iam::Client::new(&self.block_on(self.config(&key.id, &key.secret)))
    }

    /// Creates a user and returns its ARN.
    pub fn create_user(&self, name: &str) -> String {
        let iam = self.iam(&Key::any());
        let out = self.block_on(iam.create_user().user_name(name).send()).expect("iam:CreateUser");
        out.user().map(|u| u.arn().to_owned()).expect("a user")
    }

    /// Gives a user an inline policy.
    pub fn put_policy(&self, user: &str, actions: &[&str]) {
        let doc = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}],
        });
        let iam = self.iam(&Key::any());
        self.block_on(
            iam.put_user_policy().user_name(user).policy_name("escrot-test").policy_document(doc.to_string()).send(),
        )
        .expect("iam:PutUserPolicy");
    }

    /// Creates a role that web identities may assume, allowed `actions`; returns its ARN.
    pub fn create_role(&self, name: &str, actions: &[&str]) -> String {
        let trust = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Federated": "token.actions.githubusercontent.com"},
                           "Action": "sts:AssumeRoleWithWebIdentity"}],
        });
        let policy = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}],
        });
        let iam = self.iam(&Key::any());
        let out = self
            .block_on(iam.create_role().role_name(name).assume_role_policy_document(trust.to_string()).send())
            .expect("iam:CreateRole");
        self.block_on(
            iam.put_role_policy().role_name(name).policy_name("escrot-test").policy_document(policy.to_string()).send(),
        )
        .expect("iam:PutRolePolicy");
        out.role().map(|r| r.arn().to_owned()).expect("a role")
    }

    /// The bodies of the requests moto received since `start_recording` (form-encoded).
    pub fn recorded_bodies(&self) -> Vec<String> {
        let text = http(self.port, "GET", "/moto-api/recorder/download-recording", "").unwrap_or_default();
        text.lines().filter_map(body_of).collect()
    }

    /// An SDK configuration for this moto, signed with `key`.
    pub fn sdk_config(&self, key: &Key) -> aws_config::SdkConfig {
        self.block_on(self.config(&key.id, &key.secret))
    }

    /// A KMS client signed with `key`.
    pub fn kms(&self, key: &Key) -> aws_sdk_kms::Client {
        aws_sdk_kms::Client::new(&self.block_on(self.config(&key.id, &key.secret)))
    }

    /// Creates a symmetric KMS key (signed with `key`) and returns its ARN.
    pub fn create_kms_key(&self, key: &Key) -> String {
        let out = self.block_on(self.kms(key).create_key().send()).expect("kms:CreateKey");
        out.key_metadata().and_then(|m| m.arn()).map(str::to_owned).expect("a key ARN")
    }

    pub fn create_key(&self, user: &str) -> Key {
        let iam = self.iam(&Key::any());
        let out = self.block_on(iam.create_access_key().user_name(user).send()).expect("iam:CreateAccessKey");
        let k = out.access_key().expect("a key");
        Key { id: k.access_key_id().to_owned(), secret: k.secret_access_key().to_owned() }
    }

    /// The ids of the user's keys (signed with `admin`, which works with auth on), sorted.
    pub fn keys(&self, user: &str, admin: &Key) -> Vec<String> {
        let iam = self.iam(admin);
        let out = self.block_on(iam.list_access_keys().user_name(user).send()).expect("iam:ListAccessKeys");
        let mut ids: Vec<String> = out
            .access_key_metadata()
            .iter()
            .filter(|k| k.status() == Some(&StatusType::Active))
            .filter_map(|k| k.access_key_id().map(str::to_owned))
            .collect();
        ids.sort();
        ids
    }

    /// The user's tags.
    pub fn tags(&self, user: &str, admin: &Key) -> Vec<(String, String)> {
        let iam = self.iam(admin);
        let out = self.block_on(iam.list_user_tags().user_name(user).send()).expect("iam:ListUserTags");
        out.tags().iter().map(|t| (t.key().to_owned(), t.value().to_owned())).collect()
    }

    /// Who `key` is (`sts:GetCallerIdentity`), or AWS's error code.
    pub fn whoami(&self, key: &Key) -> Result<String, String> {
        let config = self.block_on(self.config(&key.id, &key.secret));
        let sts = aws_sdk_sts::Client::new(&config);
        match self.block_on(sts.get_caller_identity().send()) {
            Ok(out) => Ok(out.arn().unwrap_or_default().to_owned()),
            Err(e) => Err(error_code(&e).unwrap_or_else(|| format!("{e:?}"))),
        }
    }
}

/// An access key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    pub id: String,
    pub secret: String,
}

impl Key {
    /// A key moto accepts while authentication is off.
    pub fn any() -> Key {
        Key { id: "AKIAIOSFODNN7EXAMPLE".into(), secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into() }
    }
}

/// The body of one recorded request.
fn body_of(line: &str) -> Option<String> {
    let entry: serde_json::Value = serde_json::from_str(line).ok()?;
    let body = entry.get("body")?.as_str()?;
    if entry.get("body_encoded").and_then(|b| b.as_bool()) == Some(true) {
        use base64::Engine;
        String::from_utf8(base64::engine::general_purpose::STANDARD.decode(body).ok()?).ok()
    } else {
        Some(body.to_owned())
    }
}

/// The action of one recorded request (`iam:ListAccessKeys`), from its form body.
fn action_of(line: &str) -> Option<String> {
    let entry: serde_json::Value = serde_json::from_str(line).ok()?;
    let body = body_of(line)?;
    let action = body.split('&').find_map(|kv| kv.strip_prefix("Action="))?;
    let headers = entry.get("headers")?;
    let auth = headers.get("Authorization").and_then(|a| a.as_str()).unwrap_or_default();
    let service = auth
        .split("Credential=")
        .nth(1)
        .and_then(|c| c.split('/').nth(3))
        .unwrap_or(if action.starts_with("AssumeRole") || action == "GetCallerIdentity" { "sts" } else { "iam" });
    Some(format!("{service}:{action}"))
}

/// A minimal HTTP/1.1 exchange with moto's management API; the body of a 2xx answer.
pub fn http(port: u16, method: &str, path: &str, body: &str) -> Result<String, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| e.to_string())?;
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    s.read_to_end(&mut out).map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text.split(' ').nth(1).unwrap_or_default().to_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    if !status.starts_with('2') {
        return Err(format!("HTTP {status}"));
    }
    let chunked = head.to_ascii_lowercase().contains("transfer-encoding: chunked");
    Ok(if chunked { dechunk(body) } else { body.to_owned() })
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        body = rest[n..].strip_prefix("\r\n").unwrap_or(&rest[n..]);
    }
    out
}
