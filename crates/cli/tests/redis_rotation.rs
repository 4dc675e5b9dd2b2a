//! `fn::rotate::redis` against a real `redis-server` (with an ACL file, and with TLS), with
//! the real `escrot` binary on a temporary store: three rotations (current and previous log
//! in, older passwords do not), crashes at every failpoint followed by a run that
//! converges, passwords with every special character, a missing user's clear error, and
//! secrets kept out of every output and of the store file.

use crate::common;
use crate::support::databases::yaml_str;
use crate::support::redis::{self, RedisFixture, RedisServer};

use common::{Output, TestEnv, state};
use escrot_esc::crypt::{decrypt_document, encrypt_document};
use escrot_esc::provider::{Decrypter, Encrypter};
use escrot_esc::syntax::Node;
use escrot_store::Store as _;
use escrot_store::{EnvName, SqliteStore};

const APP: &str = "acme/cache/prod";
const CREDS: &str = "acme/cache/creds";
const FAILPOINTS: &[&str] =
    &["after-plan", "during-create", "after-create", "after-verify", "after-commit", "after-retire"];
/// Every printable ASCII character that is not a letter or a digit, space included.
const SPECIALS: &str = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/// A store with `acme/cache/creds` (the managing user) and `acme/cache/prod` (the rotator).
struct Store {
    env: TestEnv,
    server: &'static RedisServer,
    fixture: RedisFixture,
    extra_env: Vec<(String, String)>,
}

impl Store {
    fn new(server: &'static RedisServer, fixture: RedisFixture, user: &str) -> Store {
        Store::build(server, fixture, user, false)
    }

    /// With `secret_user`, `user` is given as a `fn::secret`.
    fn build(server: &'static RedisServer, fixture: RedisFixture, user: &str, secret_user: bool) -> Store {
        let store = Store { env: TestEnv::new(), server, fixture, extra_env: Vec::new() };
        let f = &store.fixture;
        let creds = format!(
            "values:\n  managingUser:\n    username: {}\n    password:\n      fn::secret: {}\n",
            yaml_str(&f.managing.0),
            yaml_str(&f.managing.1)
        );
        let app = format!(
            "# The app's Redis user, rotated by escrot.\n\
             values:\n  cache:\n    fn::rotate::redis:\n      inputs:\n        server:\n          host: 127.0.0.1\n          \
             port: {}\n          tls: {}\n          managingUser: ${{environments.cache.creds.managingUser}}\n        \
             user:{}{}\n  other: untouched # keep me\n",
            f.port,
            server.tls.is_some(),
            if secret_user { "\n          fn::secret: " } else { " " },
            yaml_str(user),
        );
        let mut db = store.open();
        let key = db.key();
        let creds = encrypt_document(CREDS, &creds, key.as_ref() as &dyn Encrypter).unwrap();
        let app = encrypt_document(APP, &app, key.as_ref() as &dyn Encrypter).unwrap();
        db.create_environment(&EnvName::parse(CREDS, "acme").unwrap(), &creds, "test").unwrap();
        db.create_environment(&EnvName::parse(APP, "acme").unwrap(), &app, "test").unwrap();
        store
    }

    fn open(&self) -> SqliteStore {
        common::open_store(&self.env)
    }

    fn rotate_with(&self, failpoint: Option<&str>) -> Output {
        self.rotate_args(&[], failpoint)
    }

    fn rotate_args(&self, args: &[&str], failpoint: Option<&str>) -> Output {
        let url = self.env.store_url();
        let mut all = vec!["--store", url.as_str(), "rotate", APP];
        all.extend_from_slice(args);
        let mut vars: Vec<(&str, &str)> = vec![("ESCROT_ACTOR", "test")];
        if let Some(f) = failpoint {
            vars.push(("ESCROT_FAILPOINT", f));
        }
        for (k, v) in &self.extra_env {
            vars.push((k, v));
        }
        self.env.run_with_env(&all, &vars)
    }

    fn rotate(&self) -> Output {
        self.rotate_with(None)
    }

    fn plaintext(&self) -> (u64, String) {
        let db = self.open();
        let rev = db.latest(&EnvName::parse(APP, "acme").unwrap()).unwrap();
        let key = db.key();
        let text = decrypt_document(APP, &rev.yaml, key.as_ref() as &dyn Decrypter).unwrap();
        (rev.number, text)
    }

    /// The state's current and previous passwords.
    fn state(&self) -> (Option<String>, Option<String>) {
        let password = |c: &Node| -> Option<String> {
            assert_eq!(state::text(&state::field(c, "username")?), Some(self.fixture.user.0.clone()));
            state::text(&state::field(c, "password")?)
        };
        state::pair(&self.plaintext().1, "cache", "redis", password)
    }

    fn pending_journal(&self) -> usize {
        self.open().journal_pending(&EnvName::parse(APP, "acme").unwrap()).unwrap().len()
    }

    /// Asserts that no secret (the managing password, the initial password, the state's
    /// passwords, `extra`) is in `out` or in the store file.
    fn assert_no_secrets(&self, out: &Output, extra: &[&str]) {
        let (current, previous) = self.state();
        let mut secrets = vec![self.fixture.managing.1.clone(), self.fixture.user.1.clone()];
        secrets.extend(current.into_iter().chain(previous));
        secrets.extend(extra.iter().map(|s| s.to_string()));
        let bytes = self.env.store_bytes();
        for s in &secrets {
            assert!(!out.stdout.contains(s.as_str()) && !out.stderr.contains(s.as_str()), "a secret is in {out}");
            assert!(!bytes.windows(s.len()).any(|w| w == s.as_bytes()), "a secret is in the store file");
        }
    }

    fn logs_in(&self, password: &str) -> bool {
        self.server.can_login(&self.fixture.user.0, password)
    }
}

/// Three rotations with an initial and a managing password holding every special
/// character: after each, `current` and `previous` log in and older passwords do not; the
/// user holds exactly those two passwords, also in the saved ACL file.
#[test]
fn redis_rotations() {
    let Some(server) = redis::redis() else { return };
    let initial = format!("Init{SPECIALS}ial");
    let f = server.fixture_with_password("rot", &initial);
    let store = Store::new(server, f.clone(), &f.user.0);

    let out = store.rotate_args(&["--dry-run"], None);
    assert_eq!(out.code, 0, "{out}");
    let expected = format!("would add a new password to redis user \"{}\" on 127.0.0.1:{}", f.user.0, f.port);
    assert!(out.to_string().contains(&expected), "{out}");
    assert_eq!((store.state(), server.password_count(&f.user.0)), ((None, None), 1), "a dry run changes nothing");

    let out = store.rotate();
    assert_eq!(out.code, 0, "{out}");
    assert!(regex::Regex::new(r"(?m)^cache +redis +succeeded ").unwrap().is_match(&out.stdout), "{out}");
    let (p1, prev) = store.state();
    let p1 = p1.expect("a current password");
    assert_eq!((p1.len(), prev), (32, None));
    assert!(store.logs_in(&p1));
    assert!(store.logs_in(&initial), "the initial password is kept as a previous one would be");
    store.assert_no_secrets(&out, &[]);
    let text = store.plaintext().1;
    assert!(text.starts_with("# The app's Redis user, rotated by escrot.\n"), "{text}");
    assert!(text.ends_with("  other: untouched # keep me\n"), "{text}");

    let out = store.rotate();
    assert_eq!(out.code, 0, "{out}");
    let (p2, prev) = store.state();
    let p2 = p2.expect("a current password");
    assert_eq!(prev.as_deref(), Some(p1.as_str()));
    assert!(store.logs_in(&p2) && store.logs_in(&p1));
    assert!(!store.logs_in(&initial), "the initial password is retired: {out}");
    store.assert_no_secrets(&out, &[&initial]);

    let out = store.rotate();
    assert_eq!(out.code, 0, "{out}");
    let (p3, prev) = store.state();
    let p3 = p3.expect("a current password");
    assert_eq!(prev.as_deref(), Some(p2.as_str()));
    assert!(store.logs_in(&p3) && store.logs_in(&p2));
    assert!(!store.logs_in(&p1), "the password two generations old is retired");
    assert_eq!(server.password_count(&f.user.0), 2);
    let acl = server.acl_file_text();
    let line = acl.lines().find(|l| l.starts_with(&format!("user {} ", f.user.0))).expect("the user is saved");
    assert_eq!(line.matches(" #").count(), 2, "{line}");
    assert_eq!(store.plaintext().0, 4);
    assert_eq!(store.pending_journal(), 0);
    store.assert_no_secrets(&out, &[&initial, &p1]);
}

/// A crash at every failpoint, then a run that converges: exactly one rotation happened,
/// current and previous log in, the user has no other password, the journal is empty.
#[test]
fn redis_crashes_converge() {
    let Some(server) = redis::redis() else { return };
    let f = server.fixture("crash");
    let store = Store::new(server, f.clone(), &f.user.0);
    for _ in 0..2 {
        let out = store.rotate();
        assert_eq!(out.code, 0, "{out}");
    }
    for failpoint in FAILPOINTS {
        let before = store.state();
        let out = store.rotate_with(Some(failpoint));
        assert_eq!(out.code, 86, "{failpoint}: {out}");
        store.assert_no_secrets(&out, &[]);
        let mid = store.state();
        let out = store.rotate();
        assert_eq!(out.code, 0, "{failpoint}: {out}");
        store.assert_no_secrets(&out, &[]);
        let after = store.state();
        let base = if *failpoint == "after-retire" { &mid } else { &before };
        assert_eq!(after.1, base.0, "{failpoint}: exactly one rotation happened");
        assert_ne!(after.0, base.0, "{failpoint}");
        for p in [&after.0, &after.1] {
            assert!(store.logs_in(p.as_deref().unwrap()), "{failpoint}: a password of the state logs in");
        }
        assert_eq!(server.password_count(&f.user.0), 2, "{failpoint}: no stray password is left");
        assert_eq!(store.pending_journal(), 0, "{failpoint}");
    }
}

/// Over TLS, the server's certificate is verified: with the test CA (`ESCROT_DB_CA_FILE`)
/// rotations work; without it the unknown issuer is refused and nothing changes.
#[test]
fn redis_tls_is_verified() {
    let Some(server) = redis::redis_tls() else { return };
    let f = server.fixture("tls");
    let mut store = Store::new(server, f.clone(), &f.user.0);
    store.extra_env = vec![("ESCROT_DB_CA_FILE".into(), server.ca_file().unwrap().display().to_string())];
    for _ in 0..2 {
        let out = store.rotate();
        assert_eq!(out.code, 0, "{out}");
        store.assert_no_secrets(&out, &[]);
    }
    let (current, previous) = store.state();
    assert!(store.logs_in(&current.clone().unwrap()) && store.logs_in(&previous.unwrap()));

    store.extra_env.clear();
    let out = store.rotate();
    assert_eq!(out.code, 1, "{out}");
    assert!(format!("{out}").contains("UnknownIssuer"), "{out}");
    assert_eq!(store.state().0, current, "nothing changed");
    store.assert_no_secrets(&out, &[]);
}

/// A user that does not exist: a clear error naming it and how to create it; no state.
#[test]
fn redis_missing_user_is_a_clear_error() {
    let Some(server) = redis::redis() else { return };
    let f = server.fixture("missing");
    let store = Store::new(server, f.clone(), "nobody_here");
    let out = store.rotate();
    assert_eq!(out.code, 1, "{out}");
    assert!(format!("{out}").contains("redis user \"nobody_here\" does not exist on 127.0.0.1:"), "{out}");
    assert!(format!("{out}").contains("ACL SETUSER nobody_here on >PASSWORD"), "{out}");
    assert_eq!(store.state(), (None, None));
    assert_eq!(store.pending_journal(), 0);
    store.assert_no_secrets(&out, &[]);
}

/// A wrong managing password: the rotation fails, the user is untouched, and the wrong
/// password shows nowhere.
#[test]
fn redis_wrong_managing_password_changes_nothing() {
    let Some(server) = redis::redis() else { return };
    let mut f = server.fixture("wrongpw");
    let right = std::mem::replace(&mut f.managing.1, format!("Wrong{SPECIALS}pw"));
    let store = Store::new(server, f.clone(), &f.user.0);
    let out = store.rotate();
    assert_eq!(out.code, 1, "{out}");
    assert!(format!("{out}").contains("the managing user cannot log in to redis"), "{out}");
    assert_eq!(server.password_count(&f.user.0), 1);
    assert_eq!(store.pending_journal(), 0);
    store.assert_no_secrets(&out, &[&right]);
}

/// A password that a `create` cut short added without journaling it is removed by the
/// recovery of the next run, before that run's own rotation (stopped here right after its
/// plan, so that its retirement cannot be what removes it).
#[test]
fn redis_recovery_removes_an_unrecorded_password() {
    let Some(server) = redis::redis() else { return };
    let f = server.fixture("unrecorded");
    let store = Store::new(server, f.clone(), &f.user.0);
    for _ in 0..2 {
        let out = store.rotate();
        assert_eq!(out.code, 0, "{out}");
    }
    let before = store.state();
    let out = store.rotate_with(Some("during-create"));
    assert_eq!(out.code, 86, "{out}");
    assert_eq!(server.password_count(&f.user.0), 3, "the cut-short create added a password");
    let out = store.rotate_with(Some("after-plan"));
    assert_eq!(out.code, 86, "{out}");
    assert_eq!(server.password_count(&f.user.0), 2, "recovery removed it");
    assert_eq!(store.state(), before);
    for p in [&before.0, &before.1] {
        assert!(store.logs_in(p.as_deref().unwrap()));
    }
    store.assert_no_secrets(&out, &[]);
}

/// `check` validates the inputs against the schema, at the offending input.
#[test]
fn check_locates_bad_redis_inputs() {
    let env = TestEnv::new();
    env.write(
        "cache.yaml",
        "values:\n  cache:\n    fn::rotate::redis:\n      inputs:\n        server:\n          host: 127.0.0.1\n          \
         port: 70000\n          tls: yes please\n          managingUser: {username: mgr, password: pw}\n",
    );
    insta::assert_snapshot!(env.run(&["check", "cache.yaml"]), @r"
    cache.yaml:5:9: error: missing required properties: user
     5 |         server:
       |         ^^^^^^^
    cache.yaml:7:17: error: expected a number less than or equal to 65535
     7 |           port: 70000
       |                 ^^^^^
    cache.yaml:8:16: error: expected boolean, got string
     8 |           tls: yes please
       |                ^^^^^^^^^^
    [stderr]
    Checked 1 file: 3 errors.
    [exit status: 2]
    ");
}

/// A new password that does not log in (the user is disabled) is taken back: the rotation
/// fails, the user keeps only its password, no state and no journal entry remain.
#[test]
fn redis_failed_verification_removes_the_new_password() {
    let Some(server) = redis::redis() else { return };
    let f = server.fixture("verify");
    assert_eq!(server.command(&["ACL", "SETUSER", &f.user.0, "off"]), ["OK"]);
    let store = Store::new(server, f.clone(), &f.user.0);
    let out = store.rotate();
    assert_eq!(out.code, 1, "{out}");
    let expected = format!("redis user \"{}\" cannot log in with its new password", f.user.0);
    assert!(out.to_string().contains(&expected), "{out}");
    assert_eq!(server.password_count(&f.user.0), 1, "undo removed the new password");
    assert_eq!(store.state(), (None, None));
    assert_eq!(store.pending_journal(), 0);
    store.assert_no_secrets(&out, &[]);
}

/// A user name given as a secret: rotations work, and the name shows in no output.
#[test]
fn redis_secret_user_name_never_shows() {
    let Some(server) = redis::redis() else { return };
    let f = server.fixture("secretname");
    let store = Store::build(server, f.clone(), &f.user.0, true);
    let out = store.rotate();
    assert_eq!(out.code, 0, "{out}");
    let (current, _) = store.state();
    assert!(store.logs_in(&current.expect("a current password")));
    let text = store.plaintext().1;
    assert!(
        text.contains(&format!("username:\n            fn::secret: {}", f.user.0)),
        "the name stays secret: {text}"
    );
    store.assert_no_secrets(&out, &[&f.user.0]);
}

/// The managing user as the rotated user: `check` refuses it at `user` (in the environment
/// that evaluates the managing user), and so does a rotation, changing nothing.
#[test]
fn the_managing_user_is_not_rotated() {
    let env = TestEnv::new();
    env.write(
        "cache.yaml",
        "values:\n  cache:\n    fn::rotate::redis:\n      inputs:\n        server:\n          host: 127.0.0.1\n          \
         port: 6379\n          managingUser: {username: mgr, password: pw}\n        user: mgr\n",
    );
    let out = env.run(&["check", "cache.yaml"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stdout.contains("cache.yaml:9:15: error: user is the managing user"), "{out}");

    let Some(server) = redis::redis() else { return };
    let f = server.fixture("selfrotate");
    let store = Store::new(server, f.clone(), &f.managing.0);
    let out = store.rotate();
    assert_eq!(out.code, 1, "{out}");
    assert!(out.to_string().contains("user is the managing user"), "{out}");
    assert_eq!(server.password_count(&f.managing.0), 1, "the managing user is untouched");
    assert_eq!(store.state(), (None, None));
    store.assert_no_secrets(&out, &[]);
}

/// After `user` names another user, the state's `current` is not that user's: the next
/// rotation is a first one for the new user, whose own password is kept until the one
/// after.
#[test]
fn a_changed_user_keeps_its_own_password_for_one_rotation() {
    let Some(server) = redis::redis() else { return };
    let f = server.fixture("changed");
    let other = server.fixture("changed2");
    let mut store = Store::new(server, f.clone(), &f.user.0);
    for _ in 0..2 {
        let out = store.rotate();
        assert_eq!(out.code, 0, "{out}");
    }
    let (rev, text) = store.plaintext();
    let text = text.replace(&format!("user: {}", yaml_str(&f.user.0)), &format!("user: {}", yaml_str(&other.user.0)));
    let mut db = store.open();
    let key = db.key();
    let yaml = encrypt_document(APP, &text, key.as_ref() as &dyn Encrypter).unwrap();
    let name = EnvName::parse(APP, "acme").unwrap();
    db.commit_revision(&name, rev, &yaml, escrot_store::RevisionKind::Edit, "test").unwrap();
    drop(db);
    store.fixture.user = other.user.clone();

    let previous_user_state = |store: &Store| {
        let text = store.plaintext().1;
        let state = state::of(&text, "cache", "redis").expect("a state");
        state::text(&state::field(&state::field(&state, "previous")?, "username")?)
    };
    let out = store.rotate_with(None);
    assert_eq!(out.code, 0, "{out}");
    assert_eq!(previous_user_state(&store), Some(f.user.0.clone()), "previous is the old user's credential");
    assert!(server.can_login(&other.user.0, &other.user.1), "the new user's own password is kept");
    assert_eq!(server.password_count(&other.user.0), 2);
    let out = store.rotate();
    assert_eq!(out.code, 0, "{out}");
    assert!(!server.can_login(&other.user.0, &other.user.1), "and retired by the next rotation");
    assert_eq!(server.password_count(&other.user.0), 2);
}
