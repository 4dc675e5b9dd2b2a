//! The connector as a Secrets Manager rotation function: the real `escrot-connector serve`
//! binary, invoked through its Lambda Invoke endpoint with the events Secrets Manager sends
//! (moto cannot run a Lambda, so the test sends the four steps itself), against moto's
//! Secrets Manager and real PostgreSQL and MariaDB servers.
//!
//! Each rotation starts from the state Secrets Manager makes before `createSecret`
//! (rotation enabled, the token a version staged `AWSPENDING` with no value): see
//! `escrot_testkit::secrets_manager`. After each step the version stages are checked, and
//! each step is sent twice (Secrets Manager retries steps). Everything the connector wrote
//! to stderr (its CloudWatch log) is searched for every password the test used or saw.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde_json::{Value, json};

use escrot_testkit::databases::{self, Fixture, Kind, Server};
use escrot_testkit::moto::{Moto, MotoGuard};
use escrot_testkit::secrets_manager::SecretsManager;

/// The connector of this test binary: `escrot-connector serve` on a free port, pointed at
/// this binary's moto. A shell keeps it: it stops the connector when its stdin (held here)
/// closes, i.e. when the test binary exits.
struct Connector {
    port: u16,
    stderr: Arc<Mutex<String>>,
    _shell: Mutex<Child>,
    _stdin: Mutex<Option<ChildStdin>>,
}

fn connector(moto: &Moto) -> &'static Connector {
    static CONNECTOR: OnceLock<Connector> = OnceLock::new();
    CONNECTOR.get_or_init(|| {
        let mut shell = Command::new("sh")
            .arg("-c")
            .arg(r#""$0" serve --listen 127.0.0.1:0 & c=$!; trap 'kill $c 2>/dev/null' EXIT; read _ignored; exit 0"#)
            .arg(env!("CARGO_BIN_EXE_escrot-connector"))
            .envs(moto.env())
            .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
            .env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
            .env("AWS_REGION", "us-east-1")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start escrot-connector serve");
        let stdin = shell.stdin.take();
        let stderr = Arc::new(Mutex::new(String::new()));
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        let lines = BufReader::new(shell.stderr.take().expect("its stderr"));
        let log = stderr.clone();
        std::thread::spawn(move || {
            for line in lines.lines().map_while(Result::ok) {
                if let Some(at) = line.strip_prefix("escrot-connector: listening on http://127.0.0.1:") {
                    let _ = port_tx.send(at.parse::<u16>().expect("a port"));
                }
                let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
                log.push_str(&line);
                log.push('\n');
            }
        });
        let port = port_rx.recv_timeout(Duration::from_secs(30)).expect("the connector listens");
        Connector { port, stderr, _shell: Mutex::new(shell), _stdin: Mutex::new(stdin) }
    })
}

impl Connector {
    fn log(&self) -> String {
        self.stderr.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Invokes the function as Secrets Manager does (`RequestResponse`): its JSON answer,
    /// or its function error `(errorType, errorMessage)`.
    fn invoke(&self, event: &Value) -> Result<Value, (String, String)> {
        let body = event.to_string();
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to the connector");
        s.set_read_timeout(Some(Duration::from_secs(60))).expect("a timeout");
        let request = format!(
            "POST /2015-03-31/functions/escrot-sm-rotation/invocations HTTP/1.1\r\nHost: 127.0.0.1\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        s.write_all(request.as_bytes()).expect("send the invocation");
        let mut answer = String::new();
        s.read_to_string(&mut answer).expect("read the answer");
        let (head, body) = answer.split_once("\r\n\r\n").expect("an HTTP answer");
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        let value: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
        if head.to_ascii_lowercase().contains("x-amz-function-error: unhandled") {
            let field = |k: &str| value[k].as_str().unwrap_or_default().to_owned();
            return Err((field("errorType"), field("errorMessage")));
        }
        Ok(value)
    }
}

const STEPS: [&str; 4] = ["createSecret", "setSecret", "testSecret", "finishSecret"];

/// One test's world: moto (held), the database server and the test's fixture on it.
struct World {
    moto: MotoGuard,
    server: &'static Server,
    fixture: Fixture,
    /// Every password the test made or saw, searched for in the connector's log at the end.
    passwords: Vec<String>,
}

fn world(kind: Kind, tag: &str) -> Option<World> {
    let moto = Moto::lock()?;
    let server = databases::server(kind)?;
    let fixture = server.fixture(tag);
    let passwords = vec![fixture.managing.1.clone(), fixture.user1.1.clone(), fixture.user2.1.clone()];
    Some(World { moto, server, fixture, passwords })
}

/// A Secrets Manager rotation token (`ClientRequestToken`: 32 to 64 characters).
fn token(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

impl World {
    fn sm(&self) -> SecretsManager<'static> {
        SecretsManager::new(self.moto.moto)
    }

    fn connector(&self) -> &'static Connector {
        connector(&self.moto)
    }

    /// The secret of `user` in Secrets Manager's database JSON. MariaDB's leaves out the
    /// optional `dbname` (the fixture's users have no privilege on its database).
    fn secret_json(&self, user: &(String, String)) -> Value {
        let mut v = json!({
            "engine": match self.fixture.kind { Kind::Postgres => "postgres", Kind::Mysql => "mariadb" },
            "host": "127.0.0.1",
            "port": self.fixture.port,
            "username": user.0,
            "password": user.1,
            "note": "kept as it is",
        });
        if self.fixture.kind == Kind::Postgres {
            v["dbname"] = json!(self.fixture.database);
        }
        v
    }

    /// The single-user secret of the fixture's first user.
    fn single_user_secret(&self, name: &str) -> String {
        self.sm().create(name, &self.secret_json(&self.fixture.user1))
    }

    /// The alternating-users secret of the fixture's first user, whose `_clone` is created
    /// on the server as an administrator would (the connector does not create users), with
    /// the managing user's secret as `masterarn`.
    fn alternating_secret(&mut self, name: &str) -> String {
        let user = &self.fixture.user1.0;
        let clone = format!("{user}_clone");
        let clone_password = format!("clone-initial-{}", std::process::id());
        match self.fixture.kind {
            Kind::Postgres => {
                self.server.admin_sql(&format!("CREATE ROLE \"{clone}\" LOGIN PASSWORD '{clone_password}'"));
                self.server
                    .admin_sql(&format!("GRANT \"{clone}\" TO \"{}\" WITH ADMIN OPTION", self.fixture.managing.0));
            }
            Kind::Mysql => {
                self.server.admin_sql(&format!("CREATE USER '{clone}'@'%' IDENTIFIED BY '{clone_password}'"));
            }
        }
        self.passwords.push(clone_password);
        let master = self.sm().create(&format!("{name}-master"), &self.secret_json(&self.fixture.managing));
        let mut secret = self.secret_json(&self.fixture.user1);
        secret["masterarn"] = json!(master);
        self.sm().create(name, &secret)
    }

    fn event(&self, step: &str, secret: &str, token: &str) -> Value {
        json!({"Step": step, "SecretId": secret, "ClientRequestToken": token, "RotationToken": format!("rt-{token}")})
    }

    fn ok(&self, step: &str, secret: &str, token: &str) {
        let answer = self.connector().invoke(&self.event(step, secret, token));
        assert_eq!(answer, Ok(Value::Null), "{step}");
    }

    fn fails(&self, step: &str, secret: &str, token: &str) -> String {
        match self.connector().invoke(&self.event(step, secret, token)) {
            Err((kind, message)) => {
                assert_eq!(kind, "escrot.RotationStepFailed");
                for pw in &self.passwords {
                    assert!(!message.contains(pw.as_str()), "a password is in the function error: {message}");
                }
                message
            }
            Ok(v) => panic!("{step} succeeded ({v}), expected a function error"),
        }
    }

    fn logs_in(&self, v: &Value) -> bool {
        self.fixture.can_login(v["username"].as_str().unwrap_or_default(), v["password"].as_str().unwrap_or_default())
    }

    /// PostgreSQL's stored verifier of `role` (a new one, with a new salt, at every
    /// password change, even to the same password).
    fn verifier(&self, role: &str) -> Option<String> {
        let sql = format!("SELECT rolpassword FROM pg_authid WHERE rolname = '{role}'");
        self.server.admin_query_in("postgres", &sql).into_iter().next().flatten()
    }

    /// Runs the four steps of a rotation to `token`, each sent twice, checking the stages
    /// after each; returns the new `AWSCURRENT` value.
    fn rotate(&mut self, secret: &str, token: &str, expected_user: &str) -> Value {
        let sm = self.sm();
        sm.start_rotation(secret, token);
        let before = sm.stages(secret);
        let old = before.iter().find(|(_, s)| s.contains(&"AWSCURRENT".to_owned())).map(|(id, _)| id.clone());
        let old = old.expect("an AWSCURRENT version");
        let current = sm.value(secret, "AWSCURRENT").expect("a current value");
        let mut expected = BTreeMap::from([(old.clone(), vec!["AWSCURRENT".to_owned()])]);
        expected.insert(token.to_owned(), vec!["AWSPENDING".to_owned()]);
        // A previous rotation's AWSPREVIOUS stays where it is until finishSecret.
        for (id, stages) in &before {
            expected.entry(id.clone()).or_insert_with(|| stages.clone());
        }
        assert_eq!(before, expected, "the state before createSecret");

        self.moto.start_recording();
        for _ in 0..2 {
            self.ok("createSecret", secret, token);
            assert_eq!(sm.stages(secret), expected, "createSecret moves no stage");
        }
        let bodies = self.moto.recorded_bodies();
        let puts: Vec<&String> = bodies.iter().filter(|b| b.contains("\"VersionStages\"")).collect();
        assert_eq!(puts.len(), 1, "one PutSecretValue, the retry found the value: {bodies:?}");
        assert!(puts[0].contains(&format!("\"RotationToken\":\"rt-{token}\"")), "RotationToken passed on: {}", puts[0]);

        let pending = sm.value(secret, "AWSPENDING").expect("a pending value");
        let new_password = pending["password"].as_str().expect("a password").to_owned();
        self.passwords.push(new_password.clone());
        assert_eq!(new_password.chars().count(), 32);
        assert!(!new_password.contains(['/', '@', '"', '\'', '\\']), "EXCLUDE_CHARACTERS' default");
        assert_eq!(pending["username"], expected_user);
        assert_eq!(pending["note"], "kept as it is");
        assert_eq!(pending["masterarn"], current["masterarn"]);
        assert!(!self.logs_in(&pending), "createSecret changed nothing in the database");

        self.ok("setSecret", secret, token);
        assert!(self.logs_in(&pending), "setSecret set the pending password");
        assert_eq!(sm.stages(secret), expected);
        let verifier = (self.fixture.kind == Kind::Postgres).then(|| self.verifier(expected_user));
        self.ok("setSecret", secret, token);
        if let Some(verifier) = verifier {
            assert_eq!(self.verifier(expected_user), verifier, "the retry changed no password");
        }
        assert!(self.logs_in(&pending));

        for _ in 0..2 {
            self.ok("testSecret", secret, token);
            assert_eq!(sm.stages(secret), expected);
        }

        let mut finished: BTreeMap<String, Vec<String>> =
            before.keys().filter(|id| **id != old && *id != token).map(|id| (id.clone(), vec![])).collect();
        finished.insert(old.clone(), vec!["AWSPREVIOUS".to_owned()]);
        finished.insert(token.to_owned(), vec!["AWSCURRENT".to_owned(), "AWSPENDING".to_owned()]);
        for _ in 0..2 {
            self.ok("finishSecret", secret, token);
            assert_eq!(sm.stages(secret), finished, "AWSCURRENT moved, the old version AWSPREVIOUS");
        }
        // A step for the old version, now AWSPREVIOUS, is refused and changes nothing.
        let refused = self.fails("setSecret", secret, &old);
        assert!(refused.ends_with("is not staged AWSPENDING for rotation"), "{refused}");
        assert_eq!(sm.stages(secret), finished);
        sm.end_rotation(secret, token);
        let now = sm.value(secret, "AWSCURRENT").expect("a current value");
        assert_eq!(now, pending);
        assert!(self.logs_in(&now), "AWSCURRENT logs in after the rotation");
        now
    }

    /// The connector's log holds a line for each step of `secret`, and none of the passwords.
    fn check_log(&self, secret: &str) {
        let log = self.connector().log();
        for step in STEPS {
            assert!(log.contains(&format!("escrot-connector: secretsmanager {step} {secret} version ")), "{log}");
        }
        self.check_log_passwords();
    }

    /// No password the test made or saw is in the connector's log.
    fn check_log_passwords(&self) {
        let log = self.connector().log();
        for pw in &self.passwords {
            assert!(!log.contains(pw.as_str()), "a password is in the connector's log:\n{log}");
        }
    }
}

fn single_user(kind: Kind) {
    let Some(mut w) = world(kind, "smsingle") else { return };
    let secret = w.single_user_secret("single");
    let user = w.fixture.user1.clone();
    w.rotate(&secret, &token(1), &user.0);
    assert!(!w.fixture.can_login(&user.0, &user.1), "the old password no longer logs in");
    // A second rotation: the user changes its own password again, logging in with the first's.
    w.rotate(&secret, &token(2), &user.0);
    w.check_log(&secret);
}

#[test]
fn postgres_single_user_rotation() {
    single_user(Kind::Postgres);
}

#[test]
fn mariadb_single_user_rotation() {
    single_user(Kind::Mysql);
}

fn alternating(kind: Kind) {
    let Some(mut w) = world(kind, "smalt") else { return };
    let secret = w.alternating_secret("alternating");
    let user = w.fixture.user1.0.clone();
    let clone = format!("{user}_clone");
    let sm = w.sm();
    let first = w.rotate(&secret, &token(1), &clone);
    let previous = sm.value(&secret, "AWSPREVIOUS").expect("a previous value");
    assert_eq!(previous["username"], user);
    assert!(w.logs_in(&previous), "AWSPREVIOUS (the other user) still logs in");
    // The users take turns: back to the first user, the clone still logging in.
    w.rotate(&secret, &token(2), &user);
    let previous = sm.value(&secret, "AWSPREVIOUS").expect("a previous value");
    assert_eq!(previous, first);
    assert!(w.logs_in(&previous));
    w.check_log(&secret);
}

#[test]
fn postgres_alternating_users_rotation() {
    alternating(Kind::Postgres);
}

#[test]
fn mariadb_alternating_users_rotation() {
    alternating(Kind::Mysql);
}

/// A `testSecret` that fails (a wrong password put into the pending version after
/// `setSecret`) is a function error; `AWSCURRENT` stays where it was and still logs in.
fn failing_test(kind: Kind) {
    let Some(mut w) = world(kind, "smfail") else { return };
    let secret = w.alternating_secret("failing");
    let sm = w.sm();
    let t = token(1);
    sm.start_rotation(&secret, &t);
    let before = sm.stages(&secret);
    w.ok("createSecret", &secret, &t);
    w.ok("setSecret", &secret, &t);
    let mut wrong = sm.value(&secret, "AWSPENDING").expect("a pending value");
    w.passwords.push(wrong["password"].as_str().unwrap_or_default().to_owned());
    let wrong_password = format!("wrong-Pw-{}", std::process::id());
    wrong["password"] = json!(wrong_password);
    w.passwords.push(wrong_password);
    sm.put_pending(&secret, &t, &wrong);
    for _ in 0..2 {
        let message = w.fails("testSecret", &secret, &t);
        assert!(message.contains("cannot log in with the AWSPENDING password"), "{message}");
    }
    assert_eq!(sm.stages(&secret), before, "AWSCURRENT did not move");
    let current = sm.value(&secret, "AWSCURRENT").expect("a current value");
    assert!(w.logs_in(&current), "AWSCURRENT still logs in");
    let log = w.connector().log();
    assert!(log.contains(&format!("secretsmanager testSecret {secret} version {t}: failed: user \"")), "{log}");
    w.check_log_passwords();
}

#[test]
fn postgres_failing_test_secret_leaves_awscurrent() {
    failing_test(Kind::Postgres);
}

#[test]
fn mariadb_failing_test_secret_leaves_awscurrent() {
    failing_test(Kind::Mysql);
}

/// Single user: a pending password that never reached the database (setSecret not run)
/// fails testSecret, and AWSCURRENT still logs in.
#[test]
fn single_user_test_secret_before_set_secret_fails() {
    let Some(w) = world(Kind::Postgres, "smearly") else { return };
    let secret = w.single_user_secret("early");
    let sm = w.sm();
    sm.start_rotation(&secret, &token(1));
    w.ok("createSecret", &secret, &token(1));
    let message = w.fails("testSecret", &secret, &token(1));
    assert!(message.contains("password authentication failed"), "{message}");
    assert!(w.logs_in(&sm.value(&secret, "AWSCURRENT").expect("a current value")));
}

#[test]
fn rotation_disabled_is_refused() {
    let Some(w) = world(Kind::Postgres, "smoff") else { return };
    let secret = w.single_user_secret("disabled");
    let sm = w.sm();
    sm.start_rotation(&secret, &token(1));
    sm.cancel_rotation(&secret);
    let before = sm.stages(&secret);
    for step in STEPS {
        assert_eq!(w.fails(step, &secret, &token(1)), format!("secret {secret} is not enabled for rotation"));
    }
    assert_eq!(sm.stages(&secret), before);
    assert_eq!(sm.value(&secret, "AWSPENDING"), None, "nothing was put");
}

#[test]
fn tokens_that_are_not_pending() {
    let Some(w) = world(Kind::Postgres, "smtoken") else { return };
    let secret = w.single_user_secret("tokens");
    let sm = w.sm();
    let current = sm.stages(&secret).into_keys().next().expect("the first version");
    sm.start_rotation(&secret, &token(1));
    let before = sm.stages(&secret);
    let unknown = token(99);
    assert_eq!(
        w.fails("createSecret", &secret, &unknown),
        format!("version {unknown} of secret {secret} has no stage for rotation")
    );
    // A token already AWSCURRENT is a finished rotation: every step succeeds doing nothing.
    for step in STEPS {
        w.ok(step, &secret, &current);
    }
    assert_eq!(sm.stages(&secret), before);
    assert_eq!(sm.value(&secret, "AWSPENDING"), None);
    let log = w.connector().log();
    assert!(log.contains(&format!("version {current}: ok: the version is already AWSCURRENT")), "{log}");
}

#[test]
fn events_that_are_not_rotation_steps() {
    let Some(w) = world(Kind::Postgres, "smbad") else { return };
    let bad = json!({"Step": "dropSecret", "SecretId": "s", "ClientRequestToken": token(1)});
    let (kind, message) = w.connector().invoke(&bad).expect_err("a function error");
    assert_eq!(kind, "Runtime.UnmarshalError");
    assert!(message.starts_with("the Secrets Manager rotation event is not valid: unknown variant `dropSecret`"));
    // ESC's events still go to ESC's handler through the same endpoint.
    let esc = json!({"type": "postgres", "host": "127.0.0.1", "port": w.fixture.port, "database": w.fixture.database,
                     "managingUser": {"username": w.fixture.managing.0, "password": w.fixture.managing.1},
                     "rotateUser": {"username": w.fixture.user2.0, "password": w.fixture.user2.1,
                                    "newPassword": "esc-New-Pw-1"}});
    assert_eq!(w.connector().invoke(&esc), Ok(json!({"code": 200, "message": "ok"})));
    assert!(w.fixture.can_login(&w.fixture.user2.0, "esc-New-Pw-1"));
}

/// Alternating, without the `_clone` user on the server: setSecret fails saying what to
/// create, and AWSCURRENT stays where it was.
fn missing_clone(kind: Kind) {
    let Some(w) = world(kind, "smnoclone") else { return };
    let master = w.sm().create("noclone-master", &w.secret_json(&w.fixture.managing));
    let mut secret = w.secret_json(&w.fixture.user1);
    secret["masterarn"] = json!(master);
    let secret = w.sm().create("noclone", &secret);
    let sm = w.sm();
    sm.start_rotation(&secret, &token(1));
    w.ok("createSecret", &secret, &token(1));
    let before = sm.stages(&secret);
    let user = &w.fixture.user1.0;
    let message = w.fails("setSecret", &secret, &token(1));
    let hint = format!(
        "(the alternating-users strategy needs both users: create \"{user}_clone\" with the privileges of \"{user}\")"
    );
    assert!(message.starts_with(&format!("setting the password of user \"{user}_clone\"")), "{message}");
    assert!(message.ends_with(&hint), "{message}");
    assert_eq!(sm.stages(&secret), before);
    assert!(w.logs_in(&sm.value(&secret, "AWSCURRENT").expect("a current value")));
}

#[test]
fn postgres_alternating_needs_the_clone() {
    missing_clone(Kind::Postgres);
}

#[test]
fn mariadb_alternating_needs_the_clone() {
    missing_clone(Kind::Mysql);
}

/// A master secret for another server than the database's is refused before any SQL.
#[test]
fn a_master_secret_of_another_server_is_refused() {
    let Some(mut w) = world(Kind::Postgres, "smothermaster") else { return };
    let secret = w.alternating_secret("othermaster");
    let sm = w.sm();
    let mut master = sm.value("othermaster-master", "AWSCURRENT").expect("the master secret");
    master["port"] = json!(w.fixture.port + 1);
    let other = sm.create("othermaster-elsewhere", &master);
    let mut current = sm.value(&secret, "AWSCURRENT").expect("a current value");
    current["masterarn"] = json!(other);
    let secret = sm.create("othermaster-2", &current);
    sm.start_rotation(&secret, &token(1));
    w.ok("createSecret", &secret, &token(1));
    let message = w.fails("setSecret", &secret, &token(1));
    assert_eq!(
        message,
        format!(
            "the master secret {other} is for 127.0.0.1:{}, the database for 127.0.0.1:{}: its user cannot manage this \
             database's users",
            w.fixture.port + 1,
            w.fixture.port
        )
    );
}
