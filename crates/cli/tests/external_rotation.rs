//! `fn::rotate::external` against a real HTTPS adapter (`escrot_testkit::adapter`, a
//! certificate from a test CA given as `ESCROT_CA_FILE`), with the real `escrot` binary on
//! a temporary store: three rotations (the request and state sent, the JWT verified with
//! the JWKS `escrot jwks` prints), crashes at every failpoint followed by a run that
//! converges, a slow adapter (timeouts), a 500 that echoes the request, malformed and
//! oversized answers, retries that keep one `jti`, refused connections, plain http, the
//! dry run and `check`; secrets are searched in every output and in the store file.

use std::time::{Duration, Instant};

use crate::common;
use crate::support::adapter::{Adapter, Recorded, jti_of};

use base64::Engine as _;
use common::{Output, TestEnv};
use escrot_esc::crypt::decrypt_document;
use escrot_esc::provider::Decrypter;
use escrot_store::Store as _;
use escrot_store::{EnvName, SqliteStore};
use sha2::{Digest, Sha256};

const APP: &str = "acme/app/prod";
const FAILPOINTS: &[&str] =
    &["after-plan", "during-create", "after-create", "after-verify", "after-commit", "after-retire"];
/// A secret of the request, which no output may show.
const REQUEST_SECRET: &str = "req-Secret-7f3a9c";

struct Store {
    env: TestEnv,
    adapter: Adapter,
    vars: Vec<(String, String)>,
}

/// The definition of `APP` with one external rotator per `(name, path)` on `adapter`.
fn definition(adapter: &Adapter, paths: &[(&str, &str)]) -> String {
    let mut yaml = String::from("# rotated by an adapter\nvalues:\n");
    for (name, path) in paths {
        yaml.push_str(&format!(
            "  {name}:\n    fn::rotate::external:\n      inputs:\n        url: {}\n        request:\n          \
             service: billing\n          token:\n            fn::secret: {REQUEST_SECRET}\n",
            adapter.url(path)
        ));
    }
    yaml.push_str("  other: untouched # keep me\n");
    yaml
}

impl Store {
    fn new(adapter: Adapter, paths: &[(&str, &str)]) -> Store {
        let yaml = definition(&adapter, paths);
        Store::with_definition(adapter, &yaml, &[])
    }

    fn with_definition(adapter: Adapter, yaml: &str, init_vars: &[(&str, &str)]) -> Store {
        let env = TestEnv::new();
        let out = env.esc_with_env(&["init", APP, "-f", &env.write("app.yaml", yaml).display().to_string()], init_vars);
        assert_eq!(out.code, 0, "{out}");
        let mut vars = vec![("ESCROT_EXTERNAL_RETRIES".to_owned(), "2".to_owned())];
        if let Some(ca) = &adapter.ca_file {
            vars.push(("ESCROT_CA_FILE".to_owned(), ca.display().to_string()));
        }
        Store { env, adapter, vars }
    }

    fn run(&self, args: &[&str], extra: &[(&str, &str)]) -> Output {
        let mut vars: Vec<(&str, &str)> = self.vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        vars.extend_from_slice(extra);
        self.env.esc_with_env(args, &vars)
    }

    fn rotate(&self, extra: &[(&str, &str)]) -> Output {
        self.run(&["rotate", APP], extra)
    }

    fn open(&self) -> SqliteStore {
        common::open_store(&self.env)
    }

    fn plaintext(&self) -> String {
        let db = self.open();
        let rev = db.latest(&EnvName::parse(APP, "acme").unwrap()).unwrap();
        decrypt_document(APP, &rev.yaml, db.key().as_ref() as &dyn Decrypter).unwrap()
    }

    /// The state of `name`: its current and previous answers.
    fn state(&self, name: &str) -> (Option<serde_json::Value>, Option<serde_json::Value>) {
        let read = |n: &escrot_esc::syntax::Node| common::state::text(n).and_then(|t| serde_json::from_str(&t).ok());
        common::state::pair(&self.plaintext(), name, "external", read)
    }

    fn version(&self, name: &str) -> (Option<u64>, Option<u64>) {
        let (c, p) = self.state(name);
        (c.and_then(|c| c["version"].as_u64()), p.and_then(|p| p["version"].as_u64()))
    }

    fn pending_journal(&self) -> usize {
        self.open().journal_pending(&EnvName::parse(APP, "acme").unwrap()).unwrap().len()
    }

    /// The JWKS `escrot jwks` prints.
    fn jwks(&self) -> serde_json::Value {
        let out = self.run(&["jwks"], &[]);
        assert_eq!(out.code, 0, "{out}");
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("escrot jwks prints JSON ({e}): {out}"))
    }

    /// How many signing keys the store holds.
    fn signing_keys(&self) -> usize {
        self.open().list_signing_keys().expect("the signing keys").len()
    }

    /// No secret (the request's, every key the adapter issued, `extra`) is in `out` or in
    /// the store file.
    fn assert_no_secrets(&self, out: &Output, extra: &[&str]) {
        let mut secrets = vec![REQUEST_SECRET.to_owned()];
        secrets.extend(self.adapter.issued_keys());
        secrets.extend(extra.iter().map(|s| s.to_string()));
        let bytes = self.env.store_bytes();
        for s in &secrets {
            assert!(!out.stdout.contains(s.as_str()) && !out.stderr.contains(s.as_str()), "a secret is in {out}");
            assert!(!bytes.windows(s.len()).any(|w| w == s.as_bytes()), "a secret is in the store file");
        }
    }
}

/// The claims of `r`'s token, verified as an adapter must: signature (RS256, the key the
/// header's kid names in the JWKS), `aud` (the url), `iss`, `exp`, and `body_hash` against
/// the raw body.
fn verified_claims(r: &Recorded, jwks: &serde_json::Value, url: &str) -> serde_json::Value {
    use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header, jwk::Jwk};
    let token = r.token().expect("a bearer token");
    let kid = decode_header(token).expect("a JWT header").kid.expect("a kid");
    let jwk = jwks["keys"].as_array().unwrap().iter().find(|k| k["kid"] == kid.as_str()).expect("the kid's key");
    let jwk: Jwk = serde_json::from_value(jwk.clone()).unwrap();
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[url]);
    validation.set_issuer(&["urn:escrot"]);
    let claims = decode::<serde_json::Value>(token, &DecodingKey::from_jwk(&jwk).unwrap(), &validation)
        .expect("the token verifies")
        .claims;
    let hash = format!("sha256-{}", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&r.body)));
    assert_eq!(claims["body_hash"], hash.as_str());
    claims
}

/// Three rotations: the first sends `"state": null`, each next one the answer before; the
/// answers become current and previous; the token carries ESC's claims and verifies with
/// `escrot jwks`; each rotation has its own `jti`; no secret shows anywhere.
#[test]
fn external_rotations() {
    let store = Store::new(Adapter::https(), &[("api", "/ok")]);
    let url = store.adapter.url("/ok");
    let mut answers = Vec::new();
    let succeeded = regex::Regex::new(r"(?m)^api +external +succeeded ").unwrap();
    for round in 1..=3u64 {
        let out = store.rotate(&[]);
        assert_eq!(out.code, 0, "{out}");
        assert!(succeeded.is_match(&out.stdout), "{out}");
        let (current, previous) = store.state("api");
        let current = current.expect("a current answer");
        assert_eq!(current["version"].as_u64(), Some(round));
        assert_eq!(previous, answers.last().cloned());
        answers.push(current);
        store.assert_no_secrets(&out, &[]);
    }
    let text = store.plaintext();
    assert!(text.starts_with("# rotated by an adapter\n") && text.ends_with("  other: untouched # keep me\n"));

    let requests = store.adapter.requests();
    assert_eq!(requests.len(), 3);
    let jwks = store.jwks();
    let mut jtis = Vec::new();
    for (i, r) in requests.iter().enumerate() {
        assert_eq!(r.headers.get("content-type").map(String::as_str), Some("application/json"));
        let expected_state = if i == 0 { serde_json::Value::Null } else { answers[i - 1].clone() };
        let body = r.json();
        assert_eq!(body["state"], expected_state, "request {i}");
        assert_eq!(body["request"], serde_json::json!({"service": "billing", "token": REQUEST_SECRET}));
        let claims = verified_claims(r, &jwks, &url);
        let now = jiff::Timestamp::now().as_second();
        let iat = claims["iat"].as_i64().unwrap();
        assert!((now - 60..=now).contains(&iat), "{claims}");
        assert_eq!(claims["exp"].as_i64(), Some(iat + 300));
        assert_eq!(claims["sub"], "pulumi:environments:org:acme:env:app/prod");
        assert_eq!((claims["org"].as_str(), claims["env"].as_str()), (Some("acme"), Some("app/prod")));
        assert_eq!((claims["current_env"].as_str(), claims["root_env"].as_str()), (Some(APP), Some(APP)));
        assert_eq!(claims["trigger_user"], "test");
        assert!(r.headers.get("x-escrot-attempt").is_some_and(|a| !a.is_empty()));
        jtis.push(claims["jti"].as_str().unwrap().to_owned());
    }
    jtis.dedup();
    assert_eq!(jtis.len(), 3, "each rotation has its own jti");

    // `open` shows the answers as secrets, without an HTTP call.
    let out = store.run(&["open", APP], &[]);
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stdout.contains("[secret]"), "{out}");
    assert_eq!(store.adapter.requests().len(), 3, "open calls no adapter");
    store.assert_no_secrets(&out, &[]);
    assert_eq!(store.pending_journal(), 0);
}

/// A crash at every failpoint, then a run that converges: the state moves on by one
/// rotation (previous is the current from before), current is an answer the adapter gave,
/// the journal is empty.
#[test]
fn external_crashes_converge() {
    let store = Store::new(Adapter::https(), &[("api", "/ok")]);
    let out = store.rotate(&[]);
    assert_eq!(out.code, 0, "{out}");
    for failpoint in FAILPOINTS {
        let before = store.state("api");
        let out = store.rotate(&[("ESCROT_FAILPOINT", failpoint)]);
        assert_eq!(out.code, 86, "{failpoint}: {out}");
        store.assert_no_secrets(&out, &[]);
        let mid = store.state("api");
        let out = store.rotate(&[]);
        assert_eq!(out.code, 0, "{failpoint}: {out}");
        store.assert_no_secrets(&out, &[]);
        let after = store.state("api");
        let base = if *failpoint == "after-retire" { &mid } else { &before };
        assert_eq!(after.1, base.0, "{failpoint}: exactly one rotation committed");
        let current = after.0.clone().expect("a current answer");
        assert_ne!(Some(&current), base.0.as_ref(), "{failpoint}");
        let key = current["apiKey"].as_str().unwrap().to_owned();
        assert!(store.adapter.issued_keys().contains(&key), "{failpoint}: current is the adapter's answer");
        assert_eq!(store.pending_journal(), 0, "{failpoint}");
    }
}

/// An adapter that echoes the request in its 500, a malformed answer, a JSON array, an
/// answer over the size limit, an unknown path: each path fails with the status and the
/// adapter's message (never the request's or the state's secrets), and keeps its state.
#[test]
fn external_failures_change_nothing() {
    let paths = [("echo", "/error"), ("bad", "/malformed"), ("list", "/array"), ("big", "/huge"), ("gone", "/nope")];
    let store = Store::new(Adapter::https(), &paths);
    let out = store.rotate(&[]);
    assert_eq!(out.code, 1, "{out}");
    let text = out.to_string();
    let url = |p: &str| store.adapter.url(p);
    for expected in [
        format!("Path: echo, error: the adapter {} answered 500 Internal Server Error: cannot rotate: ", url("/error")),
        format!("Path: bad, error: the adapter {} answered 200 with malformed JSON (it ends early", url("/malformed")),
        format!(
            "Path: list, error: the adapter {} answered 200 with JSON that is not an object (an array)",
            url("/array")
        ),
        format!(
            "Path: big, error: the adapter {} answered 200 OK, but its answer could not be read: it is larger than 1024 KiB",
            url("/huge")
        ),
        format!("Path: gone, error: the adapter {} answered 404 Not Found: no such adapter", url("/nope")),
    ] {
        assert!(text.contains(&expected), "{expected}\n{out}");
    }
    assert!(text.contains("[secret]"), "the echoed secret is redacted: {out}");
    for (name, _) in paths {
        assert_eq!(store.state(name), (None, None), "{name}");
    }
    // The 500 is not retried; the others are answers too.
    assert_eq!(store.adapter.requests().len(), paths.len());
    assert_eq!(store.pending_journal(), 0);
    store.assert_no_secrets(&out, &["k-tru"]);
}

/// A state (written by hand, with a secret) that the adapter echoes back in its error:
/// redacted too.
#[test]
fn external_error_messages_hold_no_state_secret() {
    let adapter = Adapter::https();
    let state_secret = "k-Initial-Secret-42";
    let yaml = format!(
        "values:\n  api:\n    fn::rotate::external:\n      inputs:\n        url: {}\n      state:\n        \
         current:\n          apiKey:\n            fn::secret: {state_secret}\n          version: 7\n",
        adapter.url("/error")
    );
    let store = Store::with_definition(adapter, &yaml, &[]);
    let out = store.rotate(&[]);
    assert_eq!(out.code, 1, "{out}");
    assert!(out.stdout.contains("answered 500 Internal Server Error: cannot rotate: "), "{out}");
    let sent = store.adapter.requests()[0].json();
    assert_eq!(sent["state"], serde_json::json!({"apiKey": state_secret, "version": 7}), "the state is sent");
    assert_eq!(sent["request"], serde_json::json!({}), "no request input: an empty object");
    store.assert_no_secrets(&out, &[state_secret]);
}

/// A slow adapter: the request times out (`ESCROT_EXTERNAL_TIMEOUT`), is not retried (the
/// adapter may be rotating), and the state is unchanged.
#[test]
fn external_timeout() {
    let store = Store::new(Adapter::https(), &[("api", "/delay/3000")]);
    let start = Instant::now();
    let out = store.rotate(&[("ESCROT_EXTERNAL_TIMEOUT", "500ms")]);
    assert!(start.elapsed() < Duration::from_millis(2500), "{:?}", start.elapsed());
    assert_eq!(out.code, 1, "{out}");
    assert!(out.stdout.contains("did not answer within 500ms (ESCROT_EXTERNAL_TIMEOUT); it may have rotated"), "{out}");
    assert_eq!(store.adapter.requests().len(), 1, "a timeout is not retried");
    assert_eq!(store.state("api"), (None, None));
    assert_eq!(store.pending_journal(), 0);
    store.assert_no_secrets(&out, &[]);
}

/// 503 twice, then 200: three requests with the same body, token (so `jti`) and attempt
/// id, one rotation. The next rotation has another `jti`.
#[test]
fn external_retries_keep_the_jti() {
    let store = Store::new(Adapter::https(), &[("api", "/flaky/2")]);
    let out = store.rotate(&[]);
    assert_eq!(out.code, 0, "{out}");
    let requests = store.adapter.requests();
    assert_eq!(requests.len(), 3);
    let first = &requests[0];
    for r in &requests[1..] {
        assert_eq!((&r.body, r.token()), (&first.body, first.token()), "a retry is the same request");
        assert_eq!(r.headers.get("x-escrot-attempt"), first.headers.get("x-escrot-attempt"));
    }
    assert_eq!(store.version("api"), (Some(1), None));
    let out = store.rotate(&[]);
    assert_eq!(out.code, 0, "{out}");
    let requests = store.adapter.requests();
    assert_eq!(requests.len(), 4);
    assert_ne!(jti_of(requests[3].token().unwrap()), jti_of(first.token().unwrap()));
    assert_ne!(requests[3].headers.get("x-escrot-attempt"), first.headers.get("x-escrot-attempt"));
    store.assert_no_secrets(&out, &[]);
}

/// A replayed `jti` gets the adapter's first answer again (the test adapter deduplicates,
/// as adapters should): a replay of a recorded request changes nothing at the adapter.
#[test]
fn external_replayed_jti_is_answered_once() {
    let store = Store::new(Adapter::https(), &[("api", "/ok")]);
    assert_eq!(store.rotate(&[]).code, 0);
    let recorded = store.adapter.requests().remove(0);
    let (current, _) = store.state("api");
    let (status, body) = store.adapter.replay(&recorded);
    assert_eq!(status, 200);
    let replayed: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(Some(replayed), current, "the replay is answered with the first answer");
    assert_eq!(store.adapter.issued_keys().len(), 1, "nothing was rotated twice");
}

/// A refused connection is retried (`ESCROT_EXTERNAL_RETRIES`), then fails: nothing changed.
#[test]
fn external_connection_refused() {
    let adapter = Adapter::https();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let yaml = format!(
        "values:\n  api:\n    fn::rotate::external:\n      inputs:\n        url: https://127.0.0.1:{port}/ok\n"
    );
    let store = Store::with_definition(adapter, &yaml, &[]);
    let out = store.rotate(&[]);
    assert_eq!(out.code, 1, "{out}");
    let expected = format!("cannot connect to the adapter https://127.0.0.1:{port}/ok: ");
    assert!(out.stdout.contains(&expected) && out.stdout.contains("(after 3 tries)"), "{out}");
    assert_eq!(store.pending_journal(), 0);
}

/// Plain http://: refused unless to a loopback address with ESCROT_EXTERNAL_ALLOW_HTTP=1,
/// which the error says; `check` reports it at the url; then allowed, it rotates.
#[test]
fn external_plain_http_only_on_loopback_when_allowed() {
    let adapter = Adapter::http();
    let yaml = definition(&adapter, &[("api", "/ok")]);
    let store = Store::with_definition(adapter, &yaml, &[("ESCROT_EXTERNAL_ALLOW_HTTP", "1")]);
    let out = store.rotate(&[]);
    assert_ne!(out.code, 0, "{out}");
    assert!(out.to_string().contains("set ESCROT_EXTERNAL_ALLOW_HTTP=1"), "{out}");
    assert!(store.adapter.requests().is_empty());

    let out = store.rotate(&[("ESCROT_EXTERNAL_ALLOW_HTTP", "1")]);
    assert_eq!(out.code, 0, "{out}");
    assert_eq!(store.version("api"), (Some(1), None));
    store.assert_no_secrets(&out, &[]);

    let file = store.env.write(
        "remote.yaml",
        "values:\n  api:\n    fn::rotate::external:\n      inputs:\n        url: http://10.1.2.3/rotate\n",
    );
    let out = store.run(&["check", file.to_str().unwrap()], &[("ESCROT_EXTERNAL_ALLOW_HTTP", "1")]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.to_string().contains("remote.yaml:5:14"), "{out}");
    assert!(out.to_string().contains("url (http://10.1.2.3/rotate) must be https://"), "{out}");
}

/// A rotation of an environment without external rotators makes no signing key; the first
/// external rotation makes one, and the next ones use it.
#[test]
fn external_signing_key_is_made_on_first_use() {
    let adapter = Adapter::https();
    let yaml = "values:\n  pw:\n    fn::rotate::password:\n      inputs: {length: 20}\n";
    let store = Store::with_definition(adapter, yaml, &[]);
    assert_eq!(store.rotate(&[]).code, 0);
    assert_eq!(store.signing_keys(), 0, "no external rotator, no key");
    let yaml = definition(&store.adapter, &[("api", "/ok")]);
    let out =
        store.run(&["init", "acme/app/other", "-f", &store.env.write("other.yaml", &yaml).display().to_string()], &[]);
    assert_eq!(out.code, 0, "{out}");
    for _ in 0..2 {
        let out = store.run(&["rotate", "acme/app/other"], &[]);
        assert_eq!(out.code, 0, "{out}");
    }
    assert_eq!(store.signing_keys(), 1);
    let kids: Vec<String> = store
        .adapter
        .requests()
        .iter()
        .map(|r| jsonwebtoken::decode_header(r.token().unwrap()).unwrap().kid.unwrap())
        .collect();
    assert_eq!(kids.len(), 2);
    assert_eq!(kids[0], kids[1], "one key signs every rotation");

    // After `escrot jwks rotate`, the new key signs; both verify with `escrot jwks`.
    let out = store.run(&["jwks", "rotate"], &[]);
    assert_eq!(out.code, 0, "{out}");
    let out = store.run(&["rotate", "acme/app/other"], &[]);
    assert_eq!(out.code, 0, "{out}");
    let requests = store.adapter.requests();
    let new_kid = jsonwebtoken::decode_header(requests[2].token().unwrap()).unwrap().kid.unwrap();
    assert_ne!(new_kid, kids[0]);
    let jwks = store.jwks();
    for r in &requests {
        verified_claims(r, &jwks, &store.adapter.url("/ok"));
    }
}

/// A dry run says what it would send, and sends nothing.
#[test]
fn external_dry_run_sends_nothing() {
    let store = Store::new(Adapter::https(), &[("api", "/ok")]);
    let out = store.run(&["rotate", APP, "--dry-run"], &[]);
    assert_eq!(out.code, 0, "{out}");
    let expected =
        format!("would POST the request and no state (a first rotation) to the adapter {}", store.adapter.url("/ok"));
    assert!(out.stdout.contains(&expected), "{out}");
    assert!(store.adapter.requests().is_empty());
    store.assert_no_secrets(&out, &[]);
}

/// `rotate --file`: the store named by `--store` signs (its key made on first use), the
/// file gets the encrypted answer, and the token verifies against that store's JWKS.
#[test]
fn external_rotates_a_file() {
    let adapter = Adapter::https();
    let env = TestEnv::new();
    let file = env.write("app.yaml", definition(&adapter, &[("api", "/ok")]));
    let ca = adapter.ca_file.as_ref().unwrap().display().to_string();
    let url = env.store_url();
    let vars = [("ESCROT_CA_FILE", ca.as_str()), ("ESCROT_ACTOR", "test")];
    let out = env.run_with_env(&["--store", &url, "rotate", "--file", file.to_str().unwrap()], &vars);
    assert_eq!(out.code, 0, "{out}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("fn::secret") && text.contains("ciphertext"), "{text}");
    let requests = adapter.requests();
    assert_eq!(requests.len(), 1);
    let jwks = escrot_rotation::signing::store_jwks(&common::open_store(&env)).unwrap();
    let claims = verified_claims(&requests[0], &jwks, &adapter.url("/ok"));
    assert_eq!(claims["current_env"], "app");
    assert_eq!(claims["sub"], "pulumi:environments:org:default:env:app");
    // The file's own `fn::secret` (the request's) is its owner's plaintext; the answers are
    // encrypted.
    for s in adapter.issued_keys() {
        assert!(!text.contains(&s), "{text}");
    }
    for s in adapter.issued_keys().iter().map(String::as_str).chain([REQUEST_SECRET]) {
        assert!(!out.stdout.contains(s) && !out.stderr.contains(s), "{out}");
    }
}

/// A rotation whose node another writer changed while it ran is not committed, and not
/// undone either (ESC's protocol has no undo: the adapter has rotated): its answer stays in
/// the journal, and the next run commits it instead of rotating again.
#[test]
fn external_conflicted_rotation_keeps_the_answer() {
    let store = Store::new(Adapter::https(), &[("api", "/ok")]);
    let vars: Vec<(&str, &str)> = store.vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let paused = store.env.paused(&["rotate", APP], "before-commit", &vars);
    let set = store.run(&["set", APP, r#"api["fn::rotate::external"].inputs.request.service"#, "payments"], &[]);
    assert_eq!(set.code, 0, "{set}");
    let out = paused.resume();
    assert_eq!(out.code, 1, "{out}");
    assert!(out.stdout.contains("api   external  conflicted"), "{out}");
    assert_eq!(store.state("api"), (None, None), "not committed");
    assert_eq!(store.pending_journal(), 1, "the answer is kept");
    store.assert_no_secrets(&out, &[]);
    let issued = store.adapter.issued_keys();
    assert_eq!(issued.len(), 1);

    let out = store.rotate(&[]);
    assert_eq!(out.code, 0, "{out}");
    let current = store.state("api").0.expect("the kept answer is committed");
    assert_eq!(current["apiKey"].as_str(), Some(issued[0].as_str()));
    assert_eq!(store.pending_journal(), 0);
    store.assert_no_secrets(&out, &[]);
}
