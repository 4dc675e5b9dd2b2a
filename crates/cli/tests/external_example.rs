//! The example adapter (`examples/external`, the `escrot-example-adapter` binary) end to
//! end: over real TLS (a certificate from the test CA), trusting the store's JWKS, rotating
//! a real Redis ACL user's password through three `escrot rotate` runs (current and previous
//! log in, older passwords do not); and the checks it makes on tokens, with requests made
//! by hand: wrong audience, issuer, expired, tampered body, unknown key, no token, a
//! retried `jti` answered again and a reused one refused.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::common::{self, Output, TestEnv};
use crate::support::adapter::{post, test_ca};
use crate::support::databases::free_port;
use crate::support::redis::{self, RedisFixture, RedisServer};

use base64::Engine as _;
use escrot_esc::crypt::decrypt_document;
use escrot_esc::provider::Decrypter;
use escrot_rotation::signing::{self, SigningKey};
use escrot_store::EnvName;
use escrot_store::Store as _;
use sha2::{Digest, Sha256};

const APP: &str = "acme/cache/prod";

/// The example adapter's binary, built if this test run did not build it (it is another
/// package's, as the connector's is).
fn adapter_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let dir = exe.parent().and_then(Path::parent).expect("the target directory");
    let path = dir.join(format!("escrot-example-adapter{}", std::env::consts::EXE_SUFFIX));
    if !path.exists() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "-p", "escrot-example-adapter"])
            .status()
            .expect("run cargo build");
        assert!(status.success(), "building escrot-example-adapter failed");
    }
    path
}

/// A running example adapter, stopped when dropped.
struct Running {
    child: Child,
    port: u16,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Running {
    fn url(&self) -> String {
        format!("https://127.0.0.1:{}/rotate", self.port)
    }
}

fn start(env: &TestEnv, jwks: &Path, redis: &RedisFixture) -> Running {
    let (_, cert, key) = test_ca();
    let port = free_port();
    let url = format!("https://127.0.0.1:{port}/rotate");
    let mut child = Command::new(adapter_binary())
        .current_dir(env.path())
        .args(["--listen", &format!("127.0.0.1:{port}"), "--audience", &url, "--user", &redis.user.0])
        .arg("--cert")
        .arg(&cert)
        .arg("--key")
        .arg(&key)
        .arg("--jwks")
        .arg(jwks)
        .args(["--redis", &format!("127.0.0.1:{}", redis.port)])
        .env("ADAPTER_REDIS_USERNAME", &redis.managing.0)
        .env("ADAPTER_REDIS_PASSWORD", &redis.managing.1)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the example adapter");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).expect("its first line");
    assert!(line.starts_with("listening on "), "{line}");
    Running { child, port }
}

struct Fixture {
    env: TestEnv,
    server: &'static RedisServer,
    redis: RedisFixture,
    adapter: Running,
    key: SigningKey,
}

fn fixture(tag: &str) -> Option<Fixture> {
    let server = redis::redis()?;
    let redis = server.fixture(tag);
    let env = TestEnv::new();
    // The store and its signing key exist first (`escrot jwks` makes the key), so that the
    // adapter starts trusting it.
    env.init("acme/cache/placeholder", "values:\n  a: 1\n");
    let out = env.esc(&["jwks"]);
    assert_eq!(out.code, 0, "{out}");
    let jwks_file = env.write("jwks.json", &out.stdout);
    let key = signing::current_key(&mut common::open_store(&env)).expect("the signing key");
    let adapter = start(&env, &jwks_file, &redis);
    let yaml = format!(
        "values:\n  cache:\n    fn::rotate::external:\n      inputs:\n        url: {}\n        request:\n          \
         user: {}\n",
        adapter.url(),
        redis.user.0
    );
    env.write("app.yaml", &yaml);
    let out = env.esc(&["init", APP, "-f", "app.yaml"]);
    assert_eq!(out.code, 0, "{out}");
    Some(Fixture { env, server, redis, adapter, key })
}

impl Fixture {
    fn rotate(&self) -> Output {
        let ca = test_ca().0.display().to_string();
        self.env.esc_with_env(&["rotate", APP], &[("ESCROT_CA_FILE", &ca)])
    }

    /// The state's current and previous passwords.
    fn passwords(&self) -> (Option<String>, Option<String>) {
        let db = common::open_store(&self.env);
        let rev = db.latest(&EnvName::parse(APP, "acme").unwrap()).unwrap();
        let text = decrypt_document(APP, &rev.yaml, db.key().as_ref() as &dyn Decrypter).unwrap();
        let read = |n: &escrot_esc::syntax::Node| {
            let json: serde_json::Value = serde_json::from_str(&common::state::text(n)?).ok()?;
            assert_eq!(json["username"].as_str(), Some(self.redis.user.0.as_str()));
            json["password"].as_str().map(str::to_owned)
        };
        common::state::pair(&text, "cache", "external", read)
    }

    fn logs_in(&self, password: &str) -> bool {
        self.server.can_login(&self.redis.user.0, password)
    }

    /// A hand-made request to the adapter: `claims` adjusted by `change`, signed with `key`.
    fn send(&self, key: &SigningKey, body: &[u8], change: impl Fn(&mut serde_json::Value)) -> (u16, String) {
        let now = jiff::Timestamp::now().as_second();
        let hash = format!("sha256-{}", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body)));
        let mut claims = serde_json::json!({
            "iss": "urn:escrot", "sub": "pulumi:environments:org:acme:env:cache/prod", "aud": self.adapter.url(),
            "iat": now, "exp": now + 300, "jti": "hand-made-1", "body_hash": hash,
        });
        change(&mut claims);
        let token = key.sign_jwt(&claims).unwrap();
        let headers = vec![
            ("authorization".to_owned(), format!("Bearer {token}")),
            ("content-type".to_owned(), "application/json".to_owned()),
        ];
        let ca = test_ca().0;
        let (status, answer) = post(self.adapter.port, Some(&ca), "/rotate", &headers, body);
        (status, String::from_utf8_lossy(&answer).into_owned())
    }
}

/// Three rotations through the example adapter: after each, the state's current and
/// previous passwords log in to Redis, older ones do not; no password shows in any output
/// or in the store file.
#[test]
fn example_adapter_rotates_a_redis_user() {
    let Some(f) = fixture("exrot") else { return };
    let initial = f.redis.user.1.clone();
    let mut seen = vec![initial.clone()];
    for round in 1..=3 {
        let out = f.rotate();
        assert_eq!(out.code, 0, "{out}");
        let (current, previous) = f.passwords();
        let current = current.expect("a current password");
        assert!(f.logs_in(&current), "round {round}");
        if let Some(p) = &previous {
            assert!(f.logs_in(p), "round {round}: previous logs in");
        }
        let retired = seen.len().saturating_sub(if round == 1 { 1 } else { 2 });
        for old in &seen[..retired] {
            assert!(!f.logs_in(old), "round {round}: an older password is retired");
        }
        seen.push(current);
        let bytes = f.env.store_bytes();
        for s in &seen {
            assert!(!out.stdout.contains(s.as_str()) && !out.stderr.contains(s.as_str()), "{out}");
            assert!(!bytes.windows(s.len()).any(|w| w == s.as_bytes()), "a password is in the store file");
        }
    }
    assert_eq!(f.server.password_count(&f.redis.user.0), 2);
}

/// A change to a hand-made token's claims.
type ClaimsChange = dyn Fn(&mut serde_json::Value);

/// The adapter's checks: every bad token is refused with 401 and rotates nothing; a retry
/// (same jti, same body) gets the first answer; the same jti with another body is refused.
#[test]
fn example_adapter_checks_tokens() {
    let Some(f) = fixture("exjwt") else { return };
    let body = format!(r#"{{"request": {{"user": "{}"}}, "state": null}}"#, f.redis.user.0);
    let body = body.as_bytes();
    let other_key = SigningKey::generate().unwrap();
    let cases: [(&str, &SigningKey, Box<ClaimsChange>); 5] = [
        ("wrong audience", &f.key, Box::new(|c| c["aud"] = "https://elsewhere.example/rotate".into())),
        ("wrong issuer", &f.key, Box::new(|c| c["iss"] = "https://issuer.example".into())),
        ("expired", &f.key, Box::new(|c| c["exp"] = (c["iat"].as_i64().unwrap() - 120).into())),
        ("tampered body", &f.key, Box::new(|c| c["body_hash"] = "sha256-AAAA".into())),
        ("unknown key", &other_key, Box::new(|_| {})),
    ];
    for (what, key, change) in &cases {
        let (status, answer) = f.send(key, body, change);
        assert_eq!(status, 401, "{what}: {answer}");
    }
    let (status, _) = post(f.adapter.port, Some(&test_ca().0), "/rotate", &[], body);
    assert_eq!(status, 401, "no token");
    assert_eq!(f.server.password_count(&f.redis.user.0), 1, "nothing was rotated");

    let (status, first) = f.send(&f.key, body, |_| {});
    assert_eq!(status, 200, "{first}");
    let password = serde_json::from_str::<serde_json::Value>(&first).unwrap()["password"].as_str().unwrap().to_owned();
    assert!(f.logs_in(&password));
    let (status, again) = f.send(&f.key, body, |_| {});
    assert_eq!((status, &again), (200, &first), "a retry is answered again");
    let other = format!(r#"{{"request": {{"user": "{}"}}, "state": {first}}}"#, f.redis.user.0);
    let (status, answer) = f.send(&f.key, other.as_bytes(), |_| {});
    assert_eq!(status, 409, "a jti reused for another request: {answer}");
    assert_eq!(f.server.password_count(&f.redis.user.0), 2, "one rotation only");
}
