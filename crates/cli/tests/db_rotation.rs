//! `fn::rotate::postgres` and `fn::rotate::mysql` against real PostgreSQL and MariaDB
//! servers, directly and through the rotation connector (escrot's own, behind a local
//! endpoint that speaks the Lambda Invoke API), with the real `escrot` binary on a
//! temporary store: rotations, the two-secret strategy, failures that change nothing,
//! crashes at every failpoint followed by a run that converges, quoting, and secrets kept
//! out of every output.

use crate::common;
use crate::support::databases;

use std::collections::BTreeMap;
use std::io::BufRead;
use std::net::TcpListener;
use std::time::Duration;

use common::{Output, TestEnv, state};
use databases::{Fixture, Kind, Server, yaml_str};
use escrot_esc::crypt::{decrypt_document, encrypt_document};
use escrot_esc::provider::{Decrypter, Encrypter};
use escrot_esc::syntax::Node;
use escrot_store::Store as _;
use escrot_store::{EnvName, SqliteStore};

const APP: &str = "acme/db/prod";
const CREDS: &str = "acme/db/creds";
const LAMBDA_ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:escrot-connector";
const FAILPOINTS: &[&str] =
    &["after-plan", "during-create", "after-create", "after-verify", "after-commit", "after-retire"];

#[derive(Clone, Debug)]
enum Mode {
    Direct,
    /// Through the connector at this Lambda endpoint URL.
    Connector(String),
}

/// A connector endpoint in this process (escrot's connector code behind the Lambda
/// Invoke API), with the given function timeout.
fn start_connector(function_timeout: Duration) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    listener.set_nonblocking(true).expect("nonblocking");
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
            let opts = escrot_connector::serve::ServeOptions { function_timeout };
            let _ = escrot_connector::serve::serve(listener, opts).await;
        });
    });
    format!("http://{addr}")
}

/// The shared connector endpoint of this test process.
fn connector() -> Mode {
    static URL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    Mode::Connector(URL.get_or_init(|| start_connector(Duration::from_secs(30))).clone())
}

/// How [`start_echo`] answers an invocation: with the request's body itself.
#[derive(Clone, Copy, Debug)]
enum Echo {
    /// As the answer's payload.
    Payload,
    /// As the message of a `{"code":400,"message"}` answer.
    Message,
    /// As the message of a function error.
    FunctionError,
}

/// A Lambda Invoke endpoint that is no connector: it sends each request's body back (as
/// `echo` says) and keeps the bodies it received.
fn start_echo(echo: Echo) -> (String, std::sync::Arc<std::sync::Mutex<Vec<Vec<u8>>>>) {
    use http_body_util::{BodyExt, Full};
    use hyper::body::Bytes;
    let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    listener.set_nonblocking(true).expect("nonblocking");
    let kept = received.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
            while let Ok((stream, _)) = listener.accept().await {
                let kept = kept.clone();
                let service = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                    let kept = kept.clone();
                    async move {
                        let body = req.into_body().collect().await.map(|b| b.to_bytes()).unwrap_or_default();
                        kept.lock().unwrap().push(body.to_vec());
                        let text = String::from_utf8_lossy(&body).into_owned();
                        let response = hyper::Response::builder().status(200);
                        let (response, answer) = match echo {
                            Echo::Payload => (response, body),
                            Echo::Message => {
                                (response, Bytes::from(serde_json::json!({"code": 400, "message": text}).to_string()))
                            }
                            Echo::FunctionError => (
                                response.header("X-Amz-Function-Error", "Unhandled"),
                                Bytes::from(serde_json::json!({"errorType": "Echo", "errorMessage": text}).to_string()),
                            ),
                        };
                        response.body(Full::new(answer))
                    }
                });
                tokio::spawn(
                    hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service),
                );
            }
        });
    });
    (format!("http://{addr}"), received)
}

/// A TCP server that accepts connections and never answers: a database that hangs.
fn black_hole() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    port
}

/// A store with the seed template's two environments: `acme/db/creds` (admin-only: the
/// managing user and the AWS login) and `acme/db/prod` (the rotator, which reads them).
struct Store {
    env: TestEnv,
    fixture: Fixture,
    mode: Mode,
    extra_env: Vec<(String, String)>,
}

impl Store {
    fn new(fixture: Fixture, mode: Mode) -> Store {
        Store::with_inputs(fixture, mode, None)
    }

    /// `port`/`host` override the database address given to the rotator.
    fn with_inputs(fixture: Fixture, mode: Mode, address: Option<(&str, u16)>) -> Store {
        Store::build(fixture, mode, address, false)
    }

    /// With `secret_user1`, `username1` is given as a `fn::secret`.
    fn build(fixture: Fixture, mode: Mode, address: Option<(&str, u16)>, secret_user1: bool) -> Store {
        let store = Store { env: TestEnv::new(), fixture, mode, extra_env: Vec::new() };
        let f = &store.fixture;
        let creds = format!(
            "# Admin only: the managing user and the login that may invoke the connector.\n\
             values:\n  managingUser:\n    username: {}\n    password:\n      fn::secret: {}\n  awsLogin:\n    \
             accessKeyId: AKIDESCROTTEST\n    secretAccessKey:\n      fn::secret: escrot-test-secret-key\n    \
             sessionToken:\n      fn::secret: escrot-test-session-token\n",
            yaml_str(&f.managing.0),
            yaml_str(&f.managing.1)
        );
        let (host, port) = address.unwrap_or(("127.0.0.1", f.port));
        let connector = match &store.mode {
            Mode::Direct => String::new(),
            Mode::Connector(_) => format!(
                "          connector:\n            awsLambda:\n              login: ${{environments.db.creds.awsLogin}}\n              lambdaArn: {LAMBDA_ARN}\n"
            ),
        };
        let app = format!(
            "# The app's database users, rotated by escrot.\n\
             values:\n  db:\n    fn::rotate::{}:\n      inputs:\n        database:\n          host: {host}\n          \
             port: {port}\n          database: {}\n          managingUser: ${{environments.db.creds.managingUser}}\n\
             {connector}        rotateUsers:\n          username1: {}{}\n          username2: {}\n  other: untouched # keep me\n",
            f.kind.rotator(),
            yaml_str(&f.database),
            if secret_user1 { "\n            fn::secret: " } else { "" },
            yaml_str(&f.user1.0),
            yaml_str(&f.user2.0),
        );
        let mut db = store.open();
        // Secrets are stored encrypted, as `escrot init`/`edit` store them.
        let key = db.key();
        let creds = encrypt_document(CREDS, &creds, key.as_ref() as &dyn Encrypter).unwrap();
        let app = encrypt_document(APP, &app, key.as_ref() as &dyn Encrypter).unwrap();
        db.create_environment(&EnvName::parse(CREDS, "acme").unwrap(), &creds, "test").unwrap();
        db.create_environment(&EnvName::parse(APP, "acme").unwrap(), &app, "test").unwrap();
        store
    }

    fn url(&self) -> String {
        self.env.store_url()
    }

    fn open(&self) -> SqliteStore {
        common::open_store(&self.env)
    }

    fn rotate_with(&self, args: &[&str], failpoint: Option<&str>) -> Output {
        let url = self.url();
        let mut all = vec!["--store", url.as_str(), "rotate", APP];
        all.extend_from_slice(args);
        let mut vars: Vec<(&str, &str)> = vec![("ESCROT_ACTOR", "test"), ("ESCROT_DB_TLS", "prefer")];
        if let Mode::Connector(endpoint) = &self.mode {
            vars.push(("AWS_ENDPOINT_URL_LAMBDA", endpoint));
        }
        if let Some(f) = failpoint {
            vars.push(("ESCROT_FAILPOINT", f));
        }
        for (k, v) in &self.extra_env {
            vars.push((k, v));
        }
        self.env.run_with_env(&all, &vars)
    }

    fn rotate(&self) -> Output {
        self.rotate_with(&[], None)
    }

    /// The latest revision and its definition, decrypted.
    fn plaintext(&self) -> (u64, String) {
        let db = self.open();
        let rev = db.latest(&EnvName::parse(APP, "acme").unwrap()).unwrap();
        let key = db.key();
        let text = decrypt_document(APP, &rev.yaml, key.as_ref() as &dyn Decrypter).unwrap();
        (rev.number, text)
    }

    fn state(&self) -> State {
        state_of(&self.plaintext().1, self.fixture.kind.rotator())
    }

    fn pending_journal(&self) -> usize {
        self.open().journal_pending(&EnvName::parse(APP, "acme").unwrap()).unwrap().len()
    }

    fn db_bytes(&self) -> Vec<u8> {
        self.env.store_bytes()
    }

    /// Asserts that no secret of the fixture or of the state is in `out` or in the store
    /// file in plain text.
    fn assert_no_secrets(&self, out: &Output) {
        let state = self.state();
        let f = &self.fixture;
        let mut secrets =
            vec![f.managing.1.clone(), "escrot-test-secret-key".to_owned(), "escrot-test-session-token".to_owned()];
        secrets.extend(state.current.iter().chain(state.previous.iter()).map(|(_, p)| p.clone()));
        let bytes = self.db_bytes();
        for s in &secrets {
            assert!(!out.stdout.contains(s.as_str()) && !out.stderr.contains(s.as_str()), "a secret is in {out}");
            assert!(!bytes.windows(s.len()).any(|w| w == s.as_bytes()), "a secret is in the store file");
        }
    }
}

/// `{current, previous}` of a database rotator's state: (username, password).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct State {
    current: Option<(String, String)>,
    previous: Option<(String, String)>,
}

fn state_of(text: &str, rotator: &str) -> State {
    let credential = |c: &Node| -> Option<(String, String)> {
        // A plain user name only: a secret one (`fn::secret`) reads as no credential.
        let user = state::field(c, "username")?.as_str()?.to_owned();
        Some((user, state::text(&state::field(c, "password")?)?))
    };
    let (current, previous) = state::pair(text, "db", rotator, credential);
    State { current, previous }
}

fn skip_or(kind: Kind) -> Option<&'static Server> {
    databases::server(kind)
}

/// Asserts that every credential of the state logs in.
fn assert_state_logs_in(f: &Fixture, state: &State) {
    for (user, pw) in state.current.iter().chain(state.previous.iter()) {
        assert!(f.can_login(user, pw), "{user} cannot log in with the password the state holds");
    }
}

// --- Rotations -----------------------------------------------------------------------------

fn rotations(kind: Kind, mode: Mode) {
    let Some(server) = skip_or(kind) else { return };
    let f = server.fixture("rot");
    let store = Store::new(f.clone(), mode);
    let (u1, p1_initial) = f.user1.clone();
    let (u2, p2_initial) = f.user2.clone();

    // First rotation, no state: username1 first.
    let out = store.rotate();
    assert_eq!(out.code, 0, "{out}");
    let row = regex::Regex::new(&format!(r"(?m)^db +{} +succeeded ", kind.rotator())).unwrap();
    assert!(row.is_match(&out.stdout), "{out}");
    let s1 = store.state();
    let (cu, p1) = s1.current.clone().expect("a current credential");
    assert_eq!(cu, u1);
    assert_eq!(s1.previous, None);
    assert_eq!(p1.len(), 32);
    assert!(f.can_login(&u1, &p1), "the new password logs in");
    assert!(!f.can_login(&u1, &p1_initial), "the replaced password no longer logs in");
    assert!(f.can_login(&u2, &p2_initial), "the other user is untouched");
    store.assert_no_secrets(&out);
    let text = store.plaintext().1;
    assert!(text.starts_with("# The app's database users, rotated by escrot.\n"), "{text}");
    assert!(text.ends_with("  other: untouched # keep me\n"), "{text}");

    // Second: username2; the first keeps working (two-secret strategy).
    let out = store.rotate();
    assert_eq!(out.code, 0, "{out}");
    let s2 = store.state();
    let (cu, p2) = s2.current.clone().expect("a current credential");
    assert_eq!(cu, u2);
    assert_eq!(s2.previous, Some((u1.clone(), p1.clone())));
    assert!(f.can_login(&u2, &p2));
    assert!(f.can_login(&u1, &p1), "the previous credential still logs in");
    store.assert_no_secrets(&out);

    // Third: back to username1.
    let out = store.rotate();
    assert_eq!(out.code, 0, "{out}");
    let s3 = store.state();
    let (cu, p3) = s3.current.clone().expect("a current credential");
    assert_eq!(cu, u1);
    assert_ne!(p3, p1);
    assert_eq!(s3.previous, Some((u2.clone(), p2.clone())));
    assert!(f.can_login(&u1, &p3));
    assert!(!f.can_login(&u1, &p1));
    assert!(f.can_login(&u2, &p2));
    assert_eq!(store.plaintext().0, 4);
    assert_eq!(store.pending_journal(), 0);
    store.assert_no_secrets(&out);
}

#[test]
fn postgres_direct_rotations() {
    rotations(Kind::Postgres, Mode::Direct);
}

#[test]
fn mysql_direct_rotations() {
    rotations(Kind::Mysql, Mode::Direct);
}

#[test]
fn postgres_connector_rotations() {
    rotations(Kind::Postgres, connector());
}

#[test]
fn mysql_connector_rotations() {
    rotations(Kind::Mysql, connector());
}

// --- Crashes ----------------------------------------------------------------------------------

/// Two rotations (so that `previous` exists), then for each failpoint: a run that dies
/// there, and a run that converges — exactly one rotation happened, every credential of the
/// state logs in, and the journal is empty.
fn crashes(kind: Kind, mode: Mode) {
    let Some(server) = skip_or(kind) else { return };
    let f = server.fixture("crash");
    let store = Store::new(f.clone(), mode);
    for _ in 0..2 {
        let out = store.rotate();
        assert_eq!(out.code, 0, "{out}");
    }
    for failpoint in FAILPOINTS {
        let before = store.state();
        let out = store.rotate_with(&[], Some(failpoint));
        assert_eq!(out.code, 86, "{failpoint}: {out}");
        store.assert_no_secrets(&out);
        let mid = store.state();
        let out = store.rotate();
        assert_eq!(out.code, 0, "{failpoint}: {out}");
        store.assert_no_secrets(&out);
        let after = store.state();
        // After `after-retire` the interrupted rotation was complete, so the second run
        // rotates anew; otherwise the second run finishes the first, and does no other.
        let base = if *failpoint == "after-retire" { &mid } else { &before };
        if *failpoint == "after-retire" {
            assert_eq!(mid.previous, before.current, "{failpoint}: the first run had committed");
        }
        assert_eq!(after.previous, base.current, "{failpoint}: exactly one rotation happened");
        assert_ne!(after.current.as_ref().map(|c| &c.0), base.current.as_ref().map(|c| &c.0), "{failpoint}");
        assert_state_logs_in(&f, &after);
        assert_eq!(store.pending_journal(), 0, "{failpoint}");
    }
}

#[test]
fn postgres_direct_crashes_converge() {
    crashes(Kind::Postgres, Mode::Direct);
}

#[test]
fn mysql_direct_crashes_converge() {
    crashes(Kind::Mysql, Mode::Direct);
}

#[test]
fn postgres_connector_crashes_converge() {
    crashes(Kind::Postgres, connector());
}

#[test]
fn mysql_connector_crashes_converge() {
    crashes(Kind::Mysql, connector());
}

// --- Failures that change nothing ---------------------------------------------------------------

/// Runs a rotation that must fail: exit 1, the path failed with a message containing each
/// of `expected`, no new revision, the users of `f` still log in with their passwords, no
/// secret shown.
fn assert_fails_changing_nothing(store: &Store, f: &Fixture, expected: &[&str]) {
    let (rev, _) = store.plaintext();
    let out = store.rotate();
    assert_eq!(out.code, 1, "{out}");
    assert!(out.stdout.contains("failed"), "{out}");
    for e in expected {
        assert!(out.to_string().contains(e), "expected {e:?} in {out}");
    }
    assert_eq!(store.plaintext().0, rev, "no new revision");
    assert_eq!(store.pending_journal(), 0);
    assert!(f.can_login(&f.user1.0, &f.user1.1) && f.can_login(&f.user2.0, &f.user2.1));
    store.assert_no_secrets(&out);
}

fn connector_prefix(mode: &Mode) -> &'static str {
    match mode {
        Mode::Direct => "error rotating user",
        Mode::Connector(_) => "the connector answered 400: error rotating user",
    }
}

fn wrong_managing_password(kind: Kind, mode: Mode) {
    let Some(server) = skip_or(kind) else { return };
    let f = server.fixture("badmgr");
    let mut named = f.clone();
    named.managing.1 = "not-the-Password-1".into();
    let store = Store::new(named, mode.clone());
    let expected = match kind {
        Kind::Postgres => "password authentication failed for user",
        Kind::Mysql => "Access denied for user",
    };
    assert_fails_changing_nothing(&store, &f, &[connector_prefix(&mode), expected]);
}

#[test]
fn postgres_wrong_managing_password() {
    wrong_managing_password(Kind::Postgres, Mode::Direct);
    wrong_managing_password(Kind::Postgres, connector());
}

#[test]
fn mysql_wrong_managing_password() {
    wrong_managing_password(Kind::Mysql, Mode::Direct);
    wrong_managing_password(Kind::Mysql, connector());
}

fn unknown_user(kind: Kind, mode: Mode) {
    let Some(server) = skip_or(kind) else { return };
    let f = server.fixture("nouser");
    let mut named = f.clone();
    named.user1.0 = format!("{}_missing", f.user1.0);
    let store = Store::new(named.clone(), mode.clone());
    let expected = match kind {
        Kind::Postgres => format!("role \"{}\" does not exist", named.user1.0),
        Kind::Mysql => format!("Operation ALTER USER failed for '{}'@'%'", named.user1.0),
    };
    assert_fails_changing_nothing(&store, &f, &[connector_prefix(&mode), &expected]);
}

/// A user name given as a secret never shows: not in what a failing rotation and its dry
/// run print (what the database says about the user included), not in the rotation log,
/// not in the store file.
fn secret_unknown_user(kind: Kind, mode: Mode) {
    let Some(server) = skip_or(kind) else { return };
    let f = server.fixture("secretuser");
    let mut named = f.clone();
    named.user1.0 = format!("{}_hidden", f.user1.0);
    let hidden = named.user1.0.clone();
    let store = Store::build(named, mode.clone(), None, true);
    let dry = store.rotate_with(&["--dry-run"], None);
    let rotated = store.rotate();
    let url = store.url();
    let history = store.env.run(&["--store", url.as_str(), "rotation", "history", APP, "--output", "json"]);
    // Only PostgreSQL in direct mode looks the users up in a dry run.
    let dry_fails = kind == Kind::Postgres && matches!(mode, Mode::Direct);
    assert_eq!((dry.code, rotated.code, history.code), (i32::from(dry_fails), 1, 0), "{dry}\n{rotated}\n{history}");
    // escrot names the user by its role; what the connector says is redacted of it.
    let named = if matches!(mode, Mode::Direct) { "the rotated user (secret)" } else { "[secret]" };
    assert!(rotated.stdout.contains(named), "{rotated}");
    assert!(history.stdout.contains(named), "{history}");
    for out in [&dry, &rotated, &history] {
        assert!(!out.to_string().contains(&hidden), "the secret user name is in {out}");
    }
    let bytes = store.db_bytes();
    assert!(!bytes.windows(hidden.len()).any(|w| w == hidden.as_bytes()), "the secret user name is in the store file");
    assert!(f.can_login(&f.user1.0, &f.user1.1) && f.can_login(&f.user2.0, &f.user2.1));

    // Rotated, the secret user becomes the state's `current`, where it stays secret.
    let f = server.fixture("secretok");
    let store = Store::build(f.clone(), mode, None, true);
    let out = store.rotate();
    assert_eq!(out.code, 0, "{out}");
    assert!(!out.to_string().contains(&f.user1.0), "{out}");
    let state = store.state();
    assert!(state.current.is_none(), "the current username is a fn::secret, not a plain string: {state:?}");
    let bytes = store.db_bytes();
    assert!(!bytes.windows(f.user1.0.len()).any(|w| w == f.user1.0.as_bytes()), "the user name is in the store file");
}

#[test]
fn postgres_secret_user_names_never_show() {
    secret_unknown_user(Kind::Postgres, Mode::Direct);
    secret_unknown_user(Kind::Postgres, connector());
}

#[test]
fn mysql_secret_user_names_never_show() {
    secret_unknown_user(Kind::Mysql, Mode::Direct);
}

#[test]
fn postgres_unknown_user() {
    unknown_user(Kind::Postgres, Mode::Direct);
    unknown_user(Kind::Postgres, connector());
}

#[test]
fn mysql_unknown_user() {
    unknown_user(Kind::Mysql, Mode::Direct);
    unknown_user(Kind::Mysql, connector());
}

/// The database hangs: the connector's function timeout ends the invocation with a
/// function error (`Sandbox.Timedout`), which fails the path.
fn connector_function_error(kind: Kind) {
    let Some(server) = skip_or(kind) else { return };
    let f = server.fixture("fnerr");
    let endpoint = start_connector(Duration::from_secs(1));
    let store = Store::with_inputs(f.clone(), Mode::Connector(endpoint), Some(("127.0.0.1", black_hole())));
    assert_fails_changing_nothing(
        &store,
        &f,
        &["the connector failed (Sandbox.Timedout): Task timed out after 1.00 seconds"],
    );
}

#[test]
fn postgres_connector_function_error() {
    connector_function_error(Kind::Postgres);
}

#[test]
fn mysql_connector_function_error() {
    connector_function_error(Kind::Mysql);
}

/// The connector does not answer in time: escrot gives up after `ESCROT_CONNECTOR_TIMEOUT`.
#[test]
fn connector_timeout() {
    let Some(server) = skip_or(Kind::Postgres) else { return };
    let f = server.fixture("timeout");
    let mut store = Store::with_inputs(f.clone(), connector(), Some(("127.0.0.1", black_hole())));
    store.extra_env.push(("ESCROT_CONNECTOR_TIMEOUT".into(), "1".into()));
    let started = std::time::Instant::now();
    assert_fails_changing_nothing(&store, &f, &[&format!("the connector {LAMBDA_ARN} did not answer within 1s")]);
    assert!(started.elapsed() < Duration::from_secs(20));
}

/// No Lambda at the endpoint: the SDK's error, and nothing changes.
#[test]
fn connector_unreachable() {
    let Some(server) = skip_or(Kind::Postgres) else { return };
    let f = server.fixture("unreach");
    let port = databases::free_port();
    let store = Store::new(f.clone(), Mode::Connector(format!("http://127.0.0.1:{port}")));
    assert_fails_changing_nothing(&store, &f, &[&format!("invoking the connector {LAMBDA_ARN} failed")]);
}

/// Whatever answers in the connector's place may send the request back, passwords and
/// all: no password of the request (the rotated user's old and new ones, the managing
/// user's) and no secret of the login reaches an output or the store (whose rotation log
/// keeps the error).
#[test]
fn an_echoing_connector_leaks_no_secret() {
    let Some(server) = skip_or(Kind::Postgres) else { return };
    let f = server.fixture("echo");
    let mut store = Store::new(f.clone(), connector());
    // Two rotations: the user rotated next is the state's `previous`, whose (old) password
    // the event carries.
    for _ in 0..2 {
        let out = store.rotate();
        assert_eq!(out.code, 0, "{out}");
    }
    let (old_user, old_password) = store.state().previous.expect("a previous user");
    let cases = [
        (Echo::Payload, "the connector's answer is not {\"code\",\"message\"}: it is a JSON object without \"code\" ("),
        (Echo::Message, "the connector answered 400: {\"type\":\"postgres\""),
        (Echo::FunctionError, "the connector failed (Echo): {\"type\":\"postgres\""),
    ];
    for (echo, expected) in cases {
        let (endpoint, received) = start_echo(echo);
        store.mode = Mode::Connector(endpoint);
        let out = store.rotate();
        assert_eq!(out.code, 1, "{out}");
        assert!(out.stdout.contains(expected), "{echo:?}: expected {expected:?} in {out}");

        // Every invocation: the rotation's (which carries the old password), and the
        // clean-up after it fails (which sets the old password again, and fails too: the
        // journal entry stays, and the next case's run tries that clean-up first).
        let received = received.lock().unwrap();
        let events: Vec<serde_json::Value> =
            received.iter().map(|body| serde_json::from_slice(body).expect("a JSON event")).collect();
        assert!(!events.is_empty(), "{echo:?}: an invocation");
        for event in &events {
            assert_eq!(event["rotateUser"]["username"], old_user.as_str());
        }
        assert!(
            events.iter().any(|e| e["rotateUser"]["password"] == old_password.as_str()
                || e["rotateUser"]["newPassword"] == old_password.as_str()),
            "{echo:?}: the events carry the old password"
        );
        let sent: Vec<&serde_json::Value> = events
            .iter()
            .flat_map(|e| {
                [&e["rotateUser"]["password"], &e["rotateUser"]["newPassword"], &e["managingUser"]["password"]]
            })
            .collect();
        let bytes = store.db_bytes();
        for secret in sent.iter().filter_map(|v| v.as_str()).filter(|s| !s.is_empty()) {
            assert!(!out.to_string().contains(secret), "{echo:?}: a password of the request is in {out}");
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{echo:?}: a password is in the store"
            );
        }
        store.assert_no_secrets(&out);
    }
}

// --- Quoting ---------------------------------------------------------------------------------

/// User names with quotes, spaces, semicolons and backslashes are one name: rotating them
/// works, and nothing else is executed (the canary user survives).
fn hostile_names(kind: Kind, mode: Mode) {
    let Some(server) = skip_or(kind) else { return };
    let canary = format!("canary_{}_{}", kind.rotator(), std::process::id());
    if server.users_like(&canary).is_empty() {
        match kind {
            Kind::Postgres => server.admin_sql(&format!("CREATE ROLE \"{canary}\" LOGIN")),
            Kind::Mysql => server.admin_sql(&format!("CREATE USER '{canary}'@'%'")),
        }
    }
    let (a, b) = match kind {
        Kind::Postgres => {
            (format!("o'neil \"a\"; DROP ROLE {canary}; -- "), format!("b\\'; DROP ROLE {canary}; SELECT '"))
        }
        Kind::Mysql => {
            (format!("o'neil \"a\"; DROP USER {canary}; -- "), format!("b\\'; DROP USER {canary}; SELECT '"))
        }
    };
    let f = server.fixture_with_names("q", Some((&a, &b)));
    let store = Store::new(f.clone(), mode);
    for _ in 0..2 {
        let out = store.rotate();
        assert_eq!(out.code, 0, "{out}");
    }
    let state = store.state();
    assert_eq!(state.current.as_ref().map(|c| c.0.as_str()), Some(f.user2.0.as_str()));
    assert_eq!(state.previous.as_ref().map(|c| c.0.as_str()), Some(f.user1.0.as_str()));
    assert_state_logs_in(&f, &state);
    assert!(server.users_like(&canary).contains(&canary), "the canary user survives");
}

#[test]
fn postgres_names_are_quoted() {
    hostile_names(Kind::Postgres, Mode::Direct);
    hostile_names(Kind::Postgres, connector());
}

#[test]
fn mysql_names_are_quoted() {
    hostile_names(Kind::Mysql, Mode::Direct);
    hostile_names(Kind::Mysql, connector());
}

// --- Dry runs ------------------------------------------------------------------------------

#[test]
fn dry_run_checks_without_changing() {
    for (kind, mode) in [(Kind::Postgres, Mode::Direct), (Kind::Mysql, Mode::Direct), (Kind::Postgres, connector())] {
        let Some(server) = skip_or(kind) else { return };
        let f = server.fixture("dry");
        let store = Store::new(f.clone(), mode.clone());
        let out = store.rotate_with(&["--dry-run"], None);
        assert_eq!(out.code, 0, "{out}");
        let want = format!("would set a new password for user \"{}\"", f.user1.0);
        assert!(out.stdout.contains(&want), "{out}");
        match mode {
            Mode::Direct => assert!(out.stdout.contains("connecting directly as"), "{out}"),
            Mode::Connector(_) => assert!(out.stdout.contains("through the connector arn:aws:lambda"), "{out}"),
        }
        assert_eq!(store.plaintext().0, 1);
        assert!(f.can_login(&f.user1.0, &f.user1.1));
        store.assert_no_secrets(&out);
    }
}

// --- The connector binary -------------------------------------------------------------------

/// `escrot-connector serve`, the real binary: rotations through it, and Lambda's answers
/// for a malformed event (a function error) and a dry run.
#[test]
fn connector_binary_serves_the_invoke_api() {
    let Some(server) = skip_or(Kind::Postgres) else { return };
    let port = databases::free_port();
    let mut child = std::process::Command::new(common::connector_binary())
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--function-timeout", "5"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start escrot-connector");
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut stderr = std::io::BufReader::new(child.stderr.take().expect("stderr"));
    let _guard = Kill(child);
    let mut first = String::new();
    stderr.read_line(&mut first).expect("the listening line");
    assert_eq!(first, format!("escrot-connector: listening on http://127.0.0.1:{port}\n"));
    // Keep reading its log, so that it never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));

    let endpoint = format!("http://127.0.0.1:{port}");
    let f = server.fixture("bin");
    let store = Store::new(f.clone(), Mode::Connector(endpoint.clone()));
    let out = store.rotate();
    assert_eq!(out.code, 0, "{out}");
    assert_state_logs_in(&f, &store.state());

    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let post = |body: &'static str, invocation_type: &'static str| {
        let endpoint = endpoint.clone();
        rt.block_on(async move {
            let stream = tokio::net::TcpStream::connect(endpoint.trim_start_matches("http://")).await.unwrap();
            let request = format!(
                "POST /2015-03-31/functions/rot/invocations HTTP/1.1\r\nHost: x\r\nX-Amz-Invocation-Type: \
                 {invocation_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let mut stream = stream;
            stream.write_all(request.as_bytes()).await.unwrap();
            let mut response = String::new();
            stream.read_to_string(&mut response).await.unwrap();
            response
        })
    };
    let r = post("{not json", "RequestResponse");
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    assert!(r.to_ascii_lowercase().contains("x-amz-function-error: unhandled"), "{r}");
    assert!(r.contains("\"errorType\":\"Runtime.UnmarshalError\""), "{r}");
    let r = post("{}", "DryRun");
    assert!(r.starts_with("HTTP/1.1 204"), "{r}");
    let r = post(r#"{"type":"postgres","rotateUser":{"username":"x"}}"#, "RequestResponse");
    assert!(r.ends_with(r#"{"code":400,"message":"no password provided"}"#), "{r}");
}

// --- Undo and recovery, through the library ---------------------------------------------------

/// `undo` and `recover_unrecorded` set the target's known old password again (the user in
/// `previous`); with no `previous`, `undo` says it cannot.
#[test]
fn undo_restores_the_previous_password() {
    use escrot_esc::value::{Value, ValueRepr};
    use escrot_rotation::rotators::{DbRotator, RotationRequest, Rotator};
    for kind in [Kind::Postgres, Kind::Mysql] {
        let Some(server) = skip_or(kind) else { return };
        let f = server.fixture("undo");
        let cred = |u: &str, p: &str| {
            Value::object(BTreeMap::from([
                ("username".to_owned(), Value::string(u)),
                ("password".to_owned(), Value::string(p).with_secret(true)),
            ]))
        };
        let number = |n: u16| Value::new(ValueRepr::Number(escrot_esc::syntax::Number(n.to_string())));
        let inputs = BTreeMap::from([
            (
                "database".to_owned(),
                Value::object(BTreeMap::from([
                    ("host".to_owned(), Value::string("127.0.0.1")),
                    ("port".to_owned(), number(f.port)),
                    ("database".to_owned(), Value::string(f.database.clone())),
                    ("managingUser".to_owned(), cred(&f.managing.0, &f.managing.1)),
                ])),
            ),
            (
                "rotateUsers".to_owned(),
                Value::object(BTreeMap::from([
                    ("username1".to_owned(), Value::string(f.user1.0.clone())),
                    ("username2".to_owned(), Value::string(f.user2.0.clone())),
                ])),
            ),
        ]);
        let state = Value::object(BTreeMap::from([
            ("current".to_owned(), cred(&f.user2.0, &f.user2.1)),
            ("previous".to_owned(), cred(&f.user1.0, &f.user1.1)),
        ]));
        let rotator = match kind {
            Kind::Postgres => DbRotator::postgres(),
            Kind::Mysql => DbRotator::mysql(),
        };
        let req = RotationRequest {
            environment: "t".into(),
            path: "db".into(),
            inputs,
            state: Some(state),
            ..Default::default()
        };
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();

        let created = rt.block_on(rotator.create(&req)).expect("created");
        assert!(!f.can_login(&f.user1.0, &f.user1.1), "create changed user1's password");
        assert!(format!("{created:?}").contains("[secret]") && !format!("{created:?}").contains(&f.managing.1));
        rt.block_on(rotator.undo(&req, &created)).expect("undone");
        assert!(f.can_login(&f.user1.0, &f.user1.1), "undo set the old password again");

        // A crash between the change and the journal: recovery restores it too.
        rt.block_on(rotator.create(&req)).expect("created");
        assert!(!f.can_login(&f.user1.0, &f.user1.1));
        rt.block_on(rotator.recover_unrecorded(&req, "1970-01-01T00:00:00Z")).expect("recovered");
        assert!(f.can_login(&f.user1.0, &f.user1.1), "recover_unrecorded set the old password again");
        assert!(f.can_login(&f.user2.0, &f.user2.1), "the current user is never touched");

        // No previous: nothing to restore, and undo says so.
        let first = RotationRequest { state: None, ..req.clone() };
        let created = rt.block_on(rotator.create(&first)).expect("created");
        let err = rt.block_on(rotator.undo(&first, &created)).expect_err("cannot restore");
        assert!(err.message.contains("keeps no copy"), "{err}");
        rt.block_on(rotator.recover_unrecorded(&first, "1970-01-01T00:00:00Z")).expect("nothing to do");
    }
}

// --- TLS ---------------------------------------------------------------------------------------

/// A server that offers TLS is used with TLS, its certificate verified: with the test CA
/// (`ESCROT_DB_CA_FILE`) rotations work even with `ESCROT_DB_TLS=require`; without it the
/// unknown issuer is refused (never a silent fallback to plain text). A server without TLS
/// is refused under `require`.
#[test]
fn tls_is_used_and_verified() {
    let Some((server, ca)) = databases::postgres_tls() else { return };
    let f = server.fixture("tls");
    let mut store = Store::new(f.clone(), Mode::Direct);
    store.extra_env =
        vec![("ESCROT_DB_TLS".into(), "require".into()), ("ESCROT_DB_CA_FILE".into(), ca.display().to_string())];
    let out = store.rotate();
    assert_eq!(out.code, 0, "{out}");
    assert_state_logs_in(&f, &store.state());

    store.extra_env = vec![("ESCROT_DB_TLS".into(), "prefer".into())];
    let out = store.rotate();
    assert_eq!(out.code, 1, "{out}");
    assert!(out.stdout.contains("UnknownIssuer") || out.stderr.contains("UnknownIssuer"), "{out}");

    for kind in [Kind::Postgres, Kind::Mysql] {
        let Some(plain) = skip_or(kind) else { return };
        let f = plain.fixture("notls");
        let mut store = Store::new(f.clone(), Mode::Direct);
        store.extra_env = vec![("ESCROT_DB_TLS".into(), "require".into())];
        let expected: &[&str] = match kind {
            Kind::Postgres => &["error rotating user", "server does not support TLS"],
            Kind::Mysql => &["error rotating user", "the server does not support TLS, and ESCROT_DB_TLS is require"],
        };
        assert_fails_changing_nothing(&store, &f, expected);
    }
}

// --- Races with other writers -------------------------------------------------------------

/// The race of issue 9 on PostgreSQL: rotations while another writer (`set`, `rm`, `edit`, `version rollback`)
/// changes the definition. Every rotation commits (rebased onto the other change) and is
/// logged; after every round, each credential the latest state names logs in, and the
/// journal is empty.
#[test]
fn postgres_rotations_racing_other_writers_keep_the_state_logging_in() {
    let Some(server) = skip_or(Kind::Postgres) else { return };
    let f = server.fixture("race");
    let store = Store::new(f.clone(), Mode::Direct);
    let editor = store.env.write("editor.sh", "#!/bin/sh\nprintf '  edited%s: yes\\n' \"$$\" >> \"$1\"\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let editor = editor.display().to_string();
    const ROUNDS: usize = 20;
    for round in 0..ROUNDS {
        let delay = Duration::from_millis((round as u64 * 53) % 300);
        let value = format!("n{round}");
        let writer: Vec<&str> = match round % 4 {
            0 => vec!["set", APP, "note", value.as_str()],
            1 => vec!["rm", APP, "note"],
            2 => vec!["edit", APP, "--editor", editor.as_str()],
            // Back to the first definition, keeping the latest rotation state.
            _ => vec!["version", "rollback", APP, "1"],
        };
        if round % 4 == 1 {
            // Something to remove (an earlier round's `set` may have lost its race).
            let set = store.env.esc(&["set", APP, "note", "to-remove"]);
            assert_eq!(set.code, 0, "{set}");
        }
        let (rotation, written) = std::thread::scope(|s| {
            let rotation = s.spawn(|| store.rotate());
            std::thread::sleep(delay);
            let written = store.env.esc(&writer);
            (rotation.join().unwrap(), written)
        });
        store.assert_no_secrets(&rotation);
        store.assert_no_secrets(&written);
        assert_eq!(rotation.code, 0, "round {round}: the rotation rebases instead of failing: {rotation}");
        assert!(
            written.code == 0 || written.stderr.contains("run the command again"),
            "round {round}: {writer:?}: {written}"
        );
        let state = store.state();
        assert!(state.current.is_some(), "round {round}");
        assert_state_logs_in(&f, &state);
        assert_eq!(store.pending_journal(), 0, "round {round}");
        let log = store.open().rotation_log(&EnvName::parse(APP, "acme").unwrap()).unwrap();
        assert_eq!(log.len(), round + 1, "round {round}: one log entry per attempt");
    }
}

// --- Failures that certainly changed nothing ------------------------------------------------

/// A managing login the database refuses (28P01, before any `ALTER`), or a connector that
/// answers 400, is a failure that changed nothing: it is reported as it is, leaves no
/// journal entry to clean up after, and the next run fails the same way instead of saying
/// it must recover first. (The state has a `previous` here, so a clean-up would try to set
/// its password again, with the refused login, and fail.)
fn a_refused_managing_login_leaves_nothing_to_recover(kind: Kind, mode: Mode) {
    let Some(server) = skip_or(kind) else { return };
    let f = server.fixture("refused");
    let store = Store::new(f.clone(), mode.clone());
    for _ in 0..2 {
        let out = store.rotate();
        assert_eq!(out.code, 0, "{out}");
    }
    let before = store.state();
    assert!(before.previous.is_some());
    let set = store.env.esc(&["set", CREDS, "managingUser.password", "not-the-Password-1", "--secret"]);
    assert_eq!(set.code, 0, "{set}");
    for _ in 0..2 {
        let out = store.rotate();
        assert_eq!(out.code, 1, "{out}");
        assert!(out.stdout.contains(connector_prefix(&mode)), "{out}");
        assert!(!out.to_string().contains("cleaning up"), "nothing to clean up after: {out}");
        assert!(!out.to_string().contains("recover"), "{out}");
        assert_eq!(store.pending_journal(), 0, "{out}");
        store.assert_no_secrets(&out);
    }
    assert_eq!(store.state(), before);
    assert_state_logs_in(&f, &before);
}

#[test]
fn postgres_refused_managing_login_leaves_nothing_to_recover() {
    a_refused_managing_login_leaves_nothing_to_recover(Kind::Postgres, Mode::Direct);
}

#[test]
fn connector_400_leaves_nothing_to_recover() {
    a_refused_managing_login_leaves_nothing_to_recover(Kind::Postgres, connector());
}

// --- Connections -----------------------------------------------------------------------------

/// One run rotating the users of several rotators on one server, as one managing user,
/// keeps one managing connection (before: one per rotation, and MariaDB's TLS attempt
/// each time), and each rotation's verification is one login; through a proxy that
/// counts the connections.
fn one_managing_connection_per_run(kind: Kind) {
    let Some(server) = skip_or(kind) else { return };
    let fixtures: Vec<Fixture> = (0..3).map(|_| server.fixture("conn")).collect();
    let managing = &fixtures[0];
    for f in &fixtures[1..] {
        if kind == Kind::Postgres {
            for user in [&f.user1.0, &f.user2.0] {
                server.admin_sql(&format!("GRANT \"{user}\" TO \"{}\" WITH ADMIN OPTION", managing.managing.0));
            }
        }
    }
    let (port, counts) = crate::support::proxy::counting_proxy(managing.port);
    let mut yaml = format!(
        "values:\n  managing:\n    username: {}\n    password:\n      fn::secret: {}\n",
        yaml_str(&managing.managing.0),
        yaml_str(&managing.managing.1)
    );
    for (i, f) in fixtures.iter().enumerate() {
        yaml.push_str(&format!(
            "  db{i}:\n    fn::rotate::{}:\n      inputs:\n        database:\n          host: 127.0.0.1\n          port: {port}\n          \
             database: {}\n          managingUser: ${{managing}}\n        rotateUsers:\n          username1: {}\n          \
             username2: {}\n",
            kind.rotator(),
            yaml_str(&managing.database),
            yaml_str(&f.user1.0),
            yaml_str(&f.user2.0),
        ));
    }
    let env = TestEnv::new();
    env.init(APP, &yaml);
    // PostgreSQL's rotations share the managing connection (their statements pipelined);
    // a MySQL connection serves one statement at a time: at concurrency 1, one is reused.
    let concurrency = if kind == Kind::Mysql { "1" } else { "3" };
    let out = env.esc(&["rotate", APP, "--concurrency", concurrency]);
    assert_eq!(out.code, 0, "{out}");
    // MariaDB: the managing connection's first attempt, with TLS, ends at the server's
    // greeting (the test server offers no TLS; it is not asked again).
    let managing_connections = if kind == Kind::Mysql { 2 } else { 1 };
    assert_eq!(counts.connections(), managing_connections + fixtures.len(), "{out}");
    let state = env.esc(&["open", APP, "--show-secrets"]);
    let opened: serde_json::Value = serde_json::from_str(&state.stdout).expect("json");
    for (i, f) in fixtures.iter().enumerate() {
        let current = &opened[format!("db{i}")]["current"];
        let password = current["password"].as_str().expect("a password");
        assert_eq!(current["username"].as_str(), Some(f.user1.0.as_str()));
        assert!(f.can_login(&f.user1.0, password), "{} logs in with its new password", f.user1.0);
    }
}

#[test]
fn postgres_one_managing_connection_per_run() {
    one_managing_connection_per_run(Kind::Postgres);
}

#[test]
fn mysql_one_managing_connection_per_run() {
    one_managing_connection_per_run(Kind::Mysql);
}

// --- Logging -------------------------------------------------------------------------------

/// `-v` logs each database call (direct) or connector invocation, with its duration, and
/// never a password (neither the managing user's nor the new ones).
fn verbose_logs(kind: Kind, mode: Mode) {
    let Some(server) = skip_or(kind) else { return };
    let store = Store::new(server.fixture("log"), mode.clone());
    for _ in 0..2 {
        let out = store.rotate_with(&["-v"], None);
        assert_eq!(out.code, 0, "{out}");
        let call = match mode {
            Mode::Direct => {
                format!("INFO database call database=\"{}\" call=\"connect as the managing user", kind.rotator())
            }
            Mode::Connector(_) => "INFO AWS call operation=\"lambda:Invoke\" status=200 outcome=\"ok\"".to_owned(),
        };
        assert!(out.stderr.lines().any(|l| l.contains(&call) && l.contains("duration_ms=")), "no `{call}`: {out}");
        if let Mode::Direct = mode {
            assert!(out.stderr.contains("call=\"connect as the user (login check)\" ok=true"), "{out}");
        }
        assert!(out.stderr.contains(&format!("INFO create path=\"db\" rotator=\"{}\"", kind.rotator())), "{out}");
        store.assert_no_secrets(&out);
    }
}

#[test]
fn postgres_direct_verbose_logs() {
    verbose_logs(Kind::Postgres, Mode::Direct);
}

#[test]
fn mysql_connector_verbose_logs() {
    verbose_logs(Kind::Mysql, connector());
}
