//! `fn::rotate::aws-iam` and `fn::open::aws-login` end to end: the real binary, a real
//! store, and a local AWS (moto) that checks signatures and IAM policies, so that the tests
//! prove an old key really stops working and a new one works.

use crate::common;
use crate::support::moto;

use common::{Output, TestEnv, state};
use escrot_esc::crypt::{decrypt_document, encrypt_document};
use escrot_esc::provider::{Decrypter, Encrypter};
use escrot_esc::syntax::Node;
use escrot_store::Store as _;
use escrot_store::{EnvName, SqliteStore};
use moto::{ACCOUNT, Key, Moto, MotoGuard};

const ADMIN_ENV: &str = "acme/aws/admin";
const ENV: &str = "acme/aws/ci";
const USER: &str = "ci";

/// One test's world: moto (with an admin user allowed everything, and the user `ci`
/// whose keys are rotated) and a store with the admin's login and the rotator.
struct World {
    moto: MotoGuard,
    env: TestEnv,
    admin: Key,
    /// Every secret the test has seen: none may appear in any output or the database.
    secrets: std::cell::RefCell<Vec<String>>,
}

fn user_arn() -> String {
    format!("arn:aws:iam::{ACCOUNT}:user/{USER}")
}

fn definition(state: Option<(&Key, Option<&Key>)>) -> String {
    let mut yaml = format!(
        "# The CI user's keys, rotated by escrot.
values:
  keys:
    fn::rotate::aws-iam:
      inputs:
        login: ${{environments.aws.admin.creds}}
        userArn: {}
",
        user_arn()
    );
    if let Some((current, previous)) = state {
        yaml.push_str(&format!(
            "      state:\n        current:\n          accessKeyId: {}\n          secretAccessKey:\n            fn::secret: {}\n",
            current.id, current.secret
        ));
        if let Some(p) = previous {
            yaml.push_str(&format!(
                "        previous:\n          accessKeyId: {}\n          secretAccessKey:\n            fn::secret: {}\n",
                p.id, p.secret
            ));
        }
    }
    yaml.push_str("  other: untouched # keep me\n");
    yaml
}

impl World {
    /// moto with users `admin` (allowed everything) and `ci`; `None` when moto is not
    /// installed outside CI.
    fn new() -> Option<World> {
        let moto = Moto::lock()?;
        moto.create_user("admin");
        moto.put_policy("admin", &["iam:*", "sts:*"]);
        let admin = moto.create_key("admin");
        moto.create_user(USER);
        let world = World { moto, env: TestEnv::new(), admin: admin.clone(), secrets: Default::default() };
        world.create_login(ADMIN_ENV, &admin);
        Some(world)
    }

    /// An environment `name` whose `creds` is an aws-login with `key` (remembered as a
    /// secret no output may show).
    fn create_login(&self, name: &str, key: &Key) {
        self.remember(key);
        let yaml = format!(
            "values:\n  creds:\n    fn::open::aws-login:\n      static:\n        accessKeyId: {}\n        secretAccessKey:\n          fn::secret: {}\n",
            key.id, key.secret
        );
        self.create(name, &yaml);
    }

    /// `ci` with two keys, `a` current and `b` previous in the state, and moto checking
    /// signatures from now on.
    fn at_the_key_limit(&self) -> (Key, Key) {
        let (a, b) = (self.moto.create_key(USER), self.moto.create_key(USER));
        self.remember(&a);
        self.remember(&b);
        self.create(ENV, &definition(Some((&a, Some(&b)))));
        self.moto.enforce_auth();
        (a, b)
    }

    fn remember(&self, key: &Key) {
        self.secrets.borrow_mut().push(key.secret.clone());
    }

    fn url(&self) -> String {
        self.env.store_url()
    }

    fn open(&self) -> SqliteStore {
        common::open_store(&self.env)
    }

    fn name(name: &str) -> EnvName {
        EnvName::parse(name, "acme").unwrap()
    }

    /// Creates an environment, its secrets encrypted as escrot stores them.
    fn create(&self, name: &str, yaml: &str) {
        let mut db = self.open();
        let key = db.key();
        let sealed = encrypt_document(name, yaml, key.as_ref() as &dyn Encrypter).unwrap();
        db.create_environment(&World::name(name), &sealed, "test").unwrap();
    }

    /// Runs escrot against the store and moto, and checks that no secret is in its output.
    fn run(&self, args: &[&str], extra: &[(&str, &str)]) -> Output {
        let url = self.url();
        let mut all = vec!["--store", url.as_str()];
        all.extend_from_slice(args);
        // An extra variable replaces moto's; an empty one is left unset.
        let env = self.moto.env();
        let mut vars: Vec<(&str, &str)> = env
            .iter()
            .filter(|(k, _)| !extra.iter().any(|(e, _)| e == k))
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        vars.push(("ESCROT_ACTOR", "test"));
        vars.extend(extra.iter().filter(|(_, v)| !v.is_empty()));
        let out = self.env.run_with_env(&all, &vars);
        self.learn_state();
        self.assert_no_secrets(&out);
        out
    }

    fn rotate(&self, failpoint: Option<&str>) -> Output {
        match failpoint {
            Some(f) => self.run(&["rotate", ENV], &[("ESCROT_FAILPOINT", f)]),
            None => self.run(&["rotate", ENV], &[]),
        }
    }

    fn assert_no_secrets(&self, out: &Output) {
        let bytes = self.db_bytes();
        for s in self.secrets.borrow().iter() {
            assert!(!out.stdout.contains(s.as_str()), "a secret in stdout: {out}");
            assert!(!out.stderr.contains(s.as_str()), "a secret in stderr: {out}");
            assert!(!bytes.windows(s.len()).any(|w| w == s.as_bytes()), "a secret in the database file");
        }
    }

    fn db_bytes(&self) -> Vec<u8> {
        self.env.store_bytes()
    }

    /// The latest definition of the rotated environment, decrypted, and its revision.
    fn plaintext(&self) -> (u64, String) {
        let db = self.open();
        let rev = db.latest(&World::name(ENV)).unwrap();
        let key = db.key();
        (rev.number, decrypt_document(ENV, &rev.yaml, key.as_ref() as &dyn Decrypter).unwrap())
    }

    /// The state's `(current, previous)` keys.
    fn state(&self) -> (Option<Key>, Option<Key>) {
        state_keys(&self.plaintext().1)
    }

    /// Adds the state's secrets to those that must not leak.
    fn learn_state(&self) {
        if self.open().latest(&World::name(ENV)).is_err() {
            return;
        }
        let (c, p) = self.state();
        for k in [c, p].into_iter().flatten() {
            if !self.secrets.borrow().contains(&k.secret) {
                self.remember(&k);
            }
        }
    }

    fn pending_journal(&self) -> usize {
        self.open().journal_pending(&World::name(ENV)).unwrap().len()
    }

    /// The ids of `ci`'s keys in moto.
    fn keys(&self) -> Vec<String> {
        self.moto.keys(USER, &self.admin)
    }

    /// The user's keys are exactly the state's, and the state's current key works as `ci`.
    fn assert_converged(&self) -> (Key, Option<Key>) {
        let (current, previous) = self.state();
        let current = current.expect("a current key");
        let mut expected: Vec<String> =
            [Some(&current), previous.as_ref()].into_iter().flatten().map(|k| k.id.clone()).collect();
        expected.sort();
        assert_eq!(self.keys(), expected, "moto's keys are the state's");
        assert_eq!(self.moto.whoami(&current), Ok(user_arn()));
        if let Some(p) = &previous {
            assert_eq!(self.moto.whoami(p), Ok(user_arn()), "the previous key still works");
        }
        assert_eq!(self.pending_journal(), 0);
        (current, previous)
    }
}

fn key_of(node: &Node) -> Option<Key> {
    let id = state::text(&state::field(node, "accessKeyId")?)?;
    let secret = state::text(&state::field(node, "secretAccessKey")?)?;
    Some(Key { id, secret })
}

/// The `current` and `previous` keys of `values.keys`'s state in a decrypted definition.
fn state_keys(text: &str) -> (Option<Key>, Option<Key>) {
    state::pair(text, "keys", "aws-iam", key_of)
}

fn normalized(out: &Output) -> String {
    let text = out.to_string();
    let re = regex::Regex::new(r"(\d+m)?\d+(\.\d+)?m?s\b").unwrap();
    let text = re.replace_all(&text, "[duration]").into_owned();
    let re = regex::Regex::new(r"AKIA[A-Z0-9]{16}").unwrap();
    re.replace_all(&text, "[key id]").into_owned()
}

#[test]
fn rotations_keep_two_working_keys_and_the_oldest_stops_working() {
    let Some(w) = World::new() else { return };
    w.create(ENV, &definition(None));
    w.moto.enforce_auth();

    // First rotation, empty state: one new key.
    let out = w.rotate(None);
    assert_eq!(
        normalized(&out),
        "PATH  ROTATOR  RESULT     DURATION\nkeys  aws-iam  succeeded  [duration]\n\nEnvironment 'acme/aws/ci' \
         rotated.\nNew revision '2' was created.\n[exit status: 0]",
        "{out}"
    );
    let (first, previous) = w.assert_converged();
    assert_eq!(previous, None);
    let (_, text) = w.plaintext();
    assert!(text.starts_with("# The CI user's keys, rotated by escrot.\n"), "{text}");
    assert!(text.ends_with("  other: untouched # keep me\n"), "{text}");
    assert!(text.contains("createdAt: "), "{text}");
    let tags = w.moto.tags(USER, &w.admin);
    assert!(tags.iter().any(|(k, v)| k == "escrot:rotated-at" && v.ends_with('Z')), "{tags:?}");

    // Second: the first key becomes previous; both work.
    let out = w.rotate(None);
    assert_eq!(out.code, 0, "{out}");
    let (second, previous) = w.assert_converged();
    assert_eq!(previous.as_ref(), Some(&first));

    // Third, at the two-key limit: the first key is deleted and rejected from now on.
    w.moto.start_recording();
    let out = w.rotate(None);
    assert_eq!(out.code, 0, "{out}");
    let calls = w.moto.recorded_actions();
    let (third, previous) = w.assert_converged();
    assert_eq!(previous.as_ref(), Some(&second));
    assert_ne!(third, second);
    assert_eq!(w.moto.whoami(&first), Err("InvalidClientTokenId".to_owned()));
    // At most the calls the steps need: the login's account (before anything changes),
    // four IAM calls and the verification. `prepare` asks for the login's account and the
    // user's keys at once: those two may be recorded in either order.
    let mut calls = calls;
    if calls.len() >= 2 {
        calls[..2].sort();
    }
    assert_eq!(
        calls,
        [
            "iam:ListAccessKeys",
            "sts:GetCallerIdentity",
            "iam:DeleteAccessKey",
            "iam:CreateAccessKey",
            "sts:GetCallerIdentity",
            "iam:TagUser"
        ],
    );
}

#[test]
fn a_full_seeded_state_deletes_the_previous_key() {
    let Some(w) = World::new() else { return };
    let (a, b) = w.at_the_key_limit();
    let out = w.rotate(None);
    assert_eq!(out.code, 0, "{out}");
    let (current, previous) = w.assert_converged();
    assert_eq!(previous, Some(a));
    assert_ne!(current, b);
    assert_eq!(w.moto.whoami(&b), Err("InvalidClientTokenId".to_owned()));
}

#[test]
fn a_key_escrot_does_not_know_is_never_deleted() {
    let Some(w) = World::new() else { return };
    let (a, x) = (w.moto.create_key(USER), w.moto.create_key(USER));
    w.remember(&a);
    w.remember(&x);
    w.create(ENV, &definition(Some((&a, None))));
    w.moto.enforce_auth();
    let before = w.plaintext();
    let out = w.rotate(None);
    assert_eq!(out.code, 1, "{out}");
    assert!(
        out.stdout.contains(&format!(
            "Path: keys, error: IAM user ci already has two access keys, including access key {}, which the state \
             does not know",
            x.id
        )),
        "{out}"
    );
    let mut both = vec![a.id.clone(), x.id.clone()];
    both.sort();
    assert_eq!(w.keys(), both);
    assert_eq!(w.moto.whoami(&x), Ok(user_arn()));
    assert_eq!(w.plaintext(), before, "the state is unchanged");
    assert_eq!(w.pending_journal(), 0);

    // The dry run says so too, without changing anything, and fails as the rotation would.
    let out = w.run(&["rotate", ENV, "--dry-run"], &[]);
    assert!(
        out.stdout.contains(&format!(
            "preflight failed: IAM user ci already has two access keys, including access key {}",
            x.id
        )),
        "{out}"
    );
    assert_dry_run_fails(&out);
    assert_eq!(w.keys(), both);
}

#[test]
fn access_denied_is_shown_with_the_code_and_the_path() {
    let Some(w) = World::new() else { return };
    w.moto.create_user("weak");
    w.moto.put_policy("weak", &["iam:GetUser"]);
    w.create_login("acme/aws/weak", &w.moto.create_key("weak"));
    w.create(ENV, &definition(None).replace("aws.admin.creds", "aws.weak.creds"));
    w.moto.enforce_auth();
    let out = w.rotate(None);
    assert_eq!(out.code, 1, "{out}");
    assert!(out.stdout.contains("Path: keys, error: iam:ListAccessKeys: AccessDenied: "), "{out}");
    assert!(out.stdout.contains("is not authorized to perform: iam:ListAccessKeys"), "{out}");
    assert_eq!(w.keys(), Vec::<String>::new());

    let out = w.run(&["rotate", ENV, "--dry-run"], &[]);
    assert!(out.stdout.contains("      preflight failed: iam:ListAccessKeys: AccessDenied: "), "{out}");
    assert_dry_run_fails(&out);
}

/// A dry run whose preflight of `keys` failed: it says the rotation would fail, leaves
/// `keys` out of the diff and exits 1, as the rotation would.
fn assert_dry_run_fails(out: &Output) {
    assert_eq!(out.code, 1, "{out}");
    assert!(out.stdout.contains("\n      the rotation of keys would fail\n"), "{out}");
    assert!(!out.stdout.contains("[new secret]"), "{out}");
    assert!(
        out.stdout.ends_with(
            "Dry run: nothing was changed.\nThe rotation would fail for keys: fix what is said above, then run the \
             dry run again.\n"
        ),
        "{out}"
    );
}

#[test]
fn a_missing_user_is_shown_with_the_code() {
    let Some(w) = World::new() else { return };
    w.create(ENV, &definition(None).replace(":user/ci", ":user/nobody"));
    w.moto.enforce_auth();
    let out = w.rotate(None);
    assert_eq!(out.code, 1, "{out}");
    assert!(out.stdout.contains("Path: keys, error: iam:ListAccessKeys: NoSuchEntity: "), "{out}");

    let out = w.run(&["rotate", ENV, "--dry-run"], &[]);
    assert!(out.stdout.contains("      preflight failed: iam:"), "{out}");
    assert!(out.stdout.contains("NoSuchEntity"), "{out}");
    assert_dry_run_fails(&out);
}

/// A `userArn` in another account than the login's: IAM takes user names only, so the
/// calls would reach the login account's `ci`. The dry run, `check --live` and the rotation
/// refuse, and nothing changes.
#[test]
fn a_user_in_another_account_is_refused() {
    let Some(w) = World::new() else { return };
    w.create(ENV, &definition(None).replace(&format!("::{ACCOUNT}:"), "::111122223333:"));
    w.moto.enforce_auth();
    let refused = "userArn is in another account 111122223333 than the login (account 123456789012)";
    let out = w.run(&["rotate", ENV, "--dry-run"], &[]);
    assert!(out.stdout.contains(&format!("      preflight failed: {refused}")), "{out}");
    assert_dry_run_fails(&out);
    let out = w.run(&["check", "--live", ENV], &[]);
    assert_eq!(out.code, 1, "{out}");
    assert!(out.stdout.contains(&format!("error: live check of keys (aws-iam) failed: {refused}")), "{out}");
    let out = w.rotate(None);
    assert_eq!(out.code, 1, "{out}");
    assert!(out.stdout.contains(&format!("Path: keys, error: {refused}")), "{out}");
    assert_eq!(w.keys(), Vec::<String>::new(), "the login account's ci got no key");
}

/// Every failpoint, at the two-key limit: the killed run leaves at most two keys and
/// never deletes a key in use; the next run converges (keys == state, all working).
#[test]
fn a_crash_at_any_step_is_finished_by_the_next_run() {
    for failpoint in ["after-plan", "during-create", "after-create", "after-verify", "after-commit", "after-retire"] {
        let Some(w) = World::new() else { return };
        let (a, b) = w.at_the_key_limit();

        let out = w.rotate(Some(failpoint));
        assert_eq!(out.code, escrot_rotation::failpoint::FAILPOINT_EXIT_CODE, "{failpoint}: {out}");
        let keys = w.keys();
        assert!(keys.len() <= 2, "{failpoint}: {keys:?}");
        assert!(keys.contains(&a.id), "{failpoint}: the current key was deleted");
        assert_eq!(w.moto.whoami(&a), Ok(user_arn()), "{failpoint}");

        if failpoint == "after-retire" {
            // Everything was done before the crash: the state is already the new one.
            let (_, previous) = w.assert_converged();
            assert_eq!(previous.as_ref(), Some(&a), "{failpoint}");
        }

        let out = w.rotate(None);
        assert_eq!(out.code, 0, "{failpoint}: {out}");
        let (current, previous) = w.assert_converged();
        let (rev, _) = w.plaintext();
        if failpoint == "after-retire" {
            // The next run is a rotation of its own.
            assert_eq!(rev, 3, "{failpoint}");
            assert_ne!(previous.as_ref(), Some(&a), "{failpoint}");
        } else {
            // The interrupted rotation was adopted (or, before create, redone): `a` is
            // previous, and there is one new revision.
            assert_eq!(previous.as_ref(), Some(&a), "{failpoint}");
            assert_eq!(rev, 2, "{failpoint}: one rotation, one revision");
        }
        assert_ne!(current, b);
        assert_eq!(w.moto.whoami(&b), Err("InvalidClientTokenId".to_owned()), "{failpoint}");
    }
}

/// A crash before CreateAccessKey leaves nothing to clean up: a key that appears after
/// it (an operator's) is never deleted by the next run, which names it instead. (Killed
/// right after `prepare`, before its intent is journaled, the run leaves no journal entry
/// at all: nothing is resumed.)
#[test]
fn a_key_made_after_a_crash_is_not_taken_for_an_orphan() {
    let Some(w) = World::new() else { return };
    let a = w.moto.create_key(USER);
    w.remember(&a);
    w.create(ENV, &definition(Some((&a, None))));
    let out = w.rotate(Some("after-plan"));
    assert_eq!(out.code, escrot_rotation::failpoint::FAILPOINT_EXIT_CODE, "{out}");

    let operator = w.moto.create_key(USER);
    w.remember(&operator);
    w.moto.enforce_auth();
    let out = w.rotate(None);
    assert_eq!(out.code, 1, "{out}");
    assert!(!out.stdout.contains("(resumed)"), "{out}");
    assert!(out.stdout.contains("keys  aws-iam  failed"), "{out}");
    assert!(
        out.stdout.contains(&format!("including access key {}, which the state does not know", operator.id)),
        "{out}"
    );
    assert_eq!(w.moto.whoami(&operator), Ok(user_arn()), "the operator's key still works");
    assert_eq!(w.moto.whoami(&a), Ok(user_arn()));
    assert_eq!(w.pending_journal(), 0);
}

/// A login that may rotate keys but not tag the user (ESC's documented policy has no
/// iam:TagUser): every rotation still rotates; the failed tagging is a warning, retried
/// once by the next run and then given up.
#[test]
fn a_login_without_tag_permission_keeps_rotating() {
    let Some(w) = World::new() else { return };
    w.moto.create_user("rotator");
    w.moto.put_policy(
        "rotator",
        &["iam:ListAccessKeys", "iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:GetUser", "sts:GetCallerIdentity"],
    );
    w.create_login("acme/aws/rotator", &w.moto.create_key("rotator"));
    w.create(ENV, &definition(None).replace("aws.admin.creds", "aws.rotator.creds"));
    w.moto.enforce_auth();

    let mut seen = Vec::new();
    for round in 1..=3u64 {
        let out = w.rotate(None);
        assert_eq!(out.code, 0, "round {round}: {out}");
        assert!(out.stdout.contains("\nkeys  aws-iam  succeeded  "), "round {round}: {out}");
        assert!(out.stderr.contains("its clean-up step failed (iam:TagUser: AccessDenied"), "round {round}: {out}");
        let (Some(current), _) = w.state() else { panic!("round {round}: no current key") };
        assert_eq!(w.moto.whoami(&current), Ok(user_arn()), "round {round}");
        assert!(w.keys().len() <= 2, "round {round}");
        assert!(!seen.contains(&current.id), "round {round}: a new key each time");
        seen.push(current.id);
        assert_eq!(w.plaintext().0, round + 1, "round {round}: one revision per rotation");
        // The rotation's tagging waits for its one retry by the next run.
        assert_eq!(w.pending_journal(), 1, "round {round}");
    }
}

#[test]
fn concurrent_rotations_never_lose_or_leak_a_key() {
    let Some(w) = World::new() else { return };
    w.create(ENV, &definition(None));
    w.moto.enforce_auth();
    let url = w.url();
    for round in 0..4 {
        let (start, _) = w.plaintext();
        let spawn = || {
            let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("escrot"));
            cmd.args(["--store", url.as_str(), "rotate", ENV]).env("ESCROT_ACTOR", "test").current_dir(w.env.path());
            for (k, v) in w.moto.env() {
                cmd.env(k, v);
            }
            cmd.output().unwrap()
        };
        let (x, y) = std::thread::scope(|s| {
            let x = s.spawn(spawn);
            let y = s.spawn(spawn);
            (x.join().unwrap(), y.join().unwrap())
        });
        w.learn_state();
        for out in [&x, &y] {
            let out = Output {
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
                code: out.status.code().unwrap_or(-1),
            };
            w.assert_no_secrets(&out);
            // A loser fails (1), or finds that the other run took its attempt over as
            // interrupted (2: its journal entry was finished by the other).
            assert!(
                out.code == 0 || out.code == 1 || (out.code == 2 && out.stderr.contains("is already finished")),
                "round {round}: {out}"
            );
            eprintln!("round {round}:\n{out}");
        }
        // Under contention both may lose (each finds the other's key): that is safe, and
        // the next run goes through. What must hold: moto's keys are the state's, working.
        let winners = [&x, &y].iter().filter(|o| o.status.success()).count() as u64;
        let (rev, _) = w.plaintext();
        assert!(rev <= start + winners.max(1), "round {round}: at most one revision per winner");
        w.assert_converged();
    }
}

#[test]
fn dry_run_is_read_only_and_says_what_would_happen() {
    let Some(w) = World::new() else { return };
    let (a, b) = w.at_the_key_limit();
    let before = w.plaintext();
    w.moto.start_recording();
    let out = w.run(&["rotate", ENV, "--dry-run"], &[]);
    assert_eq!(out.code, 0, "{out}");
    let mut actions = w.moto.recorded_actions();
    actions.sort();
    assert_eq!(actions, ["iam:GetUser", "iam:ListAccessKeys", "sts:GetCallerIdentity"]);
    assert!(out.stdout.contains("      signed in as arn:aws:iam::123456789012:user/admin\n"), "{out}");
    assert!(out.stdout.contains(&format!("      would delete access key {} (previous)\n", b.id)), "{out}");
    assert!(
        out.stdout.contains("      would create a new access key and verify it with sts:GetCallerIdentity\n"),
        "{out}"
    );
    assert_eq!(w.plaintext(), before);
    let mut both = vec![a.id.clone(), b.id.clone()];
    both.sort();
    assert_eq!(w.keys(), both);
}

/// Endpoints come from the environment as aws-config reads it: per-service variables
/// alone are enough.
#[test]
fn per_service_endpoint_variables_are_honoured() {
    let Some(w) = World::new() else { return };
    w.create(ENV, &definition(None));
    w.moto.enforce_auth();
    let url = w.moto.url();
    let out = w.run(
        &["rotate", ENV],
        &[("AWS_ENDPOINT_URL", ""), ("AWS_ENDPOINT_URL_IAM", &url), ("AWS_ENDPOINT_URL_STS", &url)],
    );
    assert_eq!(out.code, 0, "{out}");
    w.assert_converged();
}

/// `check --live`: the login works, the user exists and has room; nothing changes.
#[test]
fn check_live_reads_and_reports() {
    let Some(w) = World::new() else { return };
    w.create(ENV, &definition(None));
    w.moto.enforce_auth();
    w.moto.start_recording();
    let out = w.run(&["check", "--live", ENV], &[]);
    assert_eq!(out.code, 0, "{out}");
    assert!(
        out.stderr.contains("acme/aws/ci: keys (aws-iam): signed in as arn:aws:iam::123456789012:user/admin\n"),
        "{out}"
    );
    assert!(out.stderr.contains("acme/aws/ci: keys (aws-iam): IAM user ci has no access keys\n"), "{out}");
    let mut actions = w.moto.recorded_actions();
    actions.sort();
    assert_eq!(actions, ["iam:GetUser", "iam:ListAccessKeys", "sts:GetCallerIdentity"]);
    assert_eq!(w.keys(), Vec::<String>::new());

    // A user that has no room: two keys the state does not know.
    w.moto.reset();
    w.moto.create_user("admin");
    w.moto.put_policy("admin", &["iam:*", "sts:*"]);
    let admin = w.moto.create_key("admin");
    w.moto.create_user(USER);
    for _ in 0..2 {
        let k = w.moto.create_key(USER);
        w.remember(&k);
    }
    let world = World { admin: admin.clone(), ..w };
    world.create_login("acme/aws/admin2", &admin);
    world.create("acme/aws/ci2", &definition(None).replace("aws.admin.creds", "aws.admin2.creds"));
    let out = world.run(&["check", "--live", "acme/aws/ci2"], &[]);
    assert_eq!(out.code, 1, "a live failure exits as the dry run does: {out}");
    assert_eq!(world.run(&["rotate", "acme/aws/ci2", "--dry-run"], &[]).code, 1);
    assert!(
        out.stdout.contains("error: live check of keys (aws-iam) failed: IAM user ci already has two access keys"),
        "{out}"
    );
}

/// Runs `escrot rotate ENV` in a thread of its own (the world is not shared across threads:
/// only what the process needs is).
fn spawn_rotation<'s>(s: &'s std::thread::Scope<'s, '_>, w: &World) -> std::thread::ScopedJoinHandle<'s, Output> {
    let url = w.url();
    let dir = w.env.path().to_owned();
    let vars = w.moto.env();
    s.spawn(move || {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("escrot"));
        cmd.args(["--store", url.as_str(), "rotate", ENV]).env("ESCROT_ACTOR", "test").current_dir(dir);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        Output {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            code: out.status.code().unwrap_or(-1),
        }
    })
}

/// The race of issue 9: a rotation at the two-key limit (it deletes the state's `previous`
/// key to make room) while another writer (`set`, `rm`, `edit`, `version rollback`) changes
/// the definition. Whatever the interleaving, the rotation commits (rebased onto the other change), every attempt is in
/// the rotation log, and afterwards the keys IAM holds are exactly those the latest state
/// names, both working.
#[test]
fn rotations_racing_other_writers_leave_the_state_naming_the_keys_iam_has() {
    let Some(w) = World::new() else { return };
    w.at_the_key_limit();
    let editor = w.env.write("editor.sh", "#!/bin/sh\nprintf '  edited%s: yes\\n' \"$$\" >> \"$1\"\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let editor = editor.display().to_string();
    const ROUNDS: usize = 20;
    for round in 0..ROUNDS {
        // Spread the other write over the rotation's whole run (0–400 ms after its start).
        let delay = std::time::Duration::from_millis((round as u64 * 97) % 400);
        let value = format!("n{round}");
        let writer: Vec<&str> = match round % 4 {
            0 => vec!["set", ENV, "note", value.as_str()],
            1 => vec!["rm", ENV, "note"],
            2 => vec!["edit", ENV, "--editor", editor.as_str()],
            // Back to the first definition, keeping the latest rotation state.
            _ => vec!["version", "rollback", ENV, "1"],
        };
        if round % 4 == 1 {
            // Something to remove (an earlier round's `set` may have lost its race).
            let set = w.run(&["set", ENV, "note", "to-remove"], &[]);
            assert_eq!(set.code, 0, "{set}");
        }
        let (rotation, written) = std::thread::scope(|s| {
            let rotation = spawn_rotation(s, &w);
            std::thread::sleep(delay);
            let written = w.run(&writer, &[]);
            (rotation.join().unwrap(), written)
        });
        w.learn_state();
        w.assert_no_secrets(&rotation);
        assert_eq!(rotation.code, 0, "round {round}: the rotation rebases instead of failing: {rotation}");
        assert!(!rotation.to_string().contains("nothing was written"), "round {round}: {rotation}");
        // The other writer either committed first or after (then from the rotation's
        // revision); refused only when it read a revision the rotation replaced meanwhile.
        assert!(
            written.code == 0 || written.stderr.contains("run the command again"),
            "round {round}: {writer:?}: {written}"
        );
        w.assert_converged();
        let log = w.open().rotation_log(&World::name(ENV)).unwrap();
        assert_eq!(log.len(), round + 1, "round {round}: one log entry per attempt");
    }
}

/// When the other writer changes the rotated node itself, the path is not written (it
/// fails as conflicted), but the key it created is not lost and the deleted one is not left
/// in the state for long: the journal keeps the rotation, and the next run commits it.
#[test]
fn a_rotation_whose_node_changed_meanwhile_is_finished_by_the_next_run() {
    let Some(w) = World::new() else { return };
    let (a, b) = w.at_the_key_limit();
    let url = w.url();
    let vars = w.moto.env();
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let paused = w.env.paused(&["--store", url.as_str(), "rotate", ENV], "before-commit", &vars);
    let set = w.run(&["set", ENV, r#"keys["fn::rotate::aws-iam"].inputs.region"#, "us-east-1"], &[]);
    assert_eq!(set.code, 0, "{set}");
    let out = paused.resume();
    w.assert_no_secrets(&out);
    assert_eq!(out.code, 1, "{out}");
    assert!(out.stdout.contains("conflicted") && out.stdout.contains("kept in the rotation journal"), "{out}");
    assert_eq!(w.pending_journal(), 1, "the created key is journaled");
    assert_eq!(w.moto.whoami(&b), Err("InvalidClientTokenId".to_owned()), "b was deleted to make room");
    let log = w.open().rotation_log(&World::name(ENV)).unwrap();
    assert_eq!(log.last().map(|e| e.result.as_str()), Some("conflicted"));

    let out = w.rotate(None);
    assert_eq!(out.code, 0, "{out}");
    let (current, previous) = w.assert_converged();
    assert_eq!(previous, Some(a), "the interrupted rotation was committed");
    assert_ne!(current, b);
    assert!(w.plaintext().1.contains("region: us-east-1"), "the other writer's change stands");
}

/// A rollback past rotations keeps the latest state (the keys that exist), so the next
/// rotation works; rolling back the state too would name a deleted key and leave the
/// user's two keys unknown to it.
#[test]
fn a_rollback_keeps_the_keys_and_the_next_rotation_works() {
    let Some(w) = World::new() else { return };
    w.create(ENV, &definition(None));
    w.moto.enforce_auth();
    assert_eq!(w.rotate(None).code, 0);
    let out = w.run(&["set", ENV, "other", "changed"], &[]);
    assert_eq!(out.code, 0, "{out}");
    for _ in 0..2 {
        let out = w.rotate(None);
        assert_eq!(out.code, 0, "{out}");
    }
    let (current, previous) = w.assert_converged();

    let out = w.run(&["version", "rollback", ENV, "2"], &[]);
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stderr.contains("Rotations are not rolled back: keys kept the latest `fn::rotate` state"), "{out}");
    let (_, text) = w.plaintext();
    assert!(text.ends_with("  other: untouched # keep me\n"), "{text}");
    assert_eq!(w.state(), (Some(current.clone()), previous.clone()));

    let out = w.rotate(None);
    assert_eq!(out.code, 0, "{out}");
    let (_, now_previous) = w.assert_converged();
    assert_eq!(now_previous, Some(current));
    assert_eq!(w.moto.whoami(&previous.expect("a previous key")), Err("InvalidClientTokenId".to_owned()));
}

/// Without `login` and without credentials in the environment, the error says which
/// credentials are missing and how to give them (not the SDK's "dispatch failure").
#[test]
fn missing_credentials_say_how_to_give_them() {
    let Some(w) = World::new() else { return };
    w.create(ENV, &definition(None).replace("        login: ${environments.aws.admin.creds}\n", ""));
    w.moto.enforce_auth();
    let out = w.rotate(None);
    assert_eq!(out.code, 1, "{out}");
    assert!(!out.stdout.contains("dispatch failure"), "{out}");
    assert!(
        out.stdout.contains(
            "Path: keys, error: the login does not work: sts:GetCallerIdentity: no AWS credentials were found: give \
             the rotator a `login` input"
        ),
        "{out}"
    );
    assert!(out.stdout.contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"), "{out}");
    let out = w.run(&["rotate", ENV, "--dry-run"], &[]);
    assert!(out.stdout.contains("preflight failed: "), "{out}");
    assert!(out.stdout.contains("no AWS credentials were found"), "{out}");
}

/// `-v` logs each AWS call escrot makes (operation, HTTP status, duration), and never a
/// key's secret (`run` checks every output for every secret it has seen).
#[test]
fn verbose_logs_each_aws_call_and_no_secret() {
    let Some(w) = World::new() else { return };
    w.create(ENV, &definition(None));
    w.moto.enforce_auth();
    let out = w.run(&["-v", "rotate", ENV], &[]);
    assert_eq!(out.code, 0, "{out}");
    for operation in ["iam:ListAccessKeys", "iam:CreateAccessKey", "sts:GetCallerIdentity", "iam:TagUser"] {
        let logged = format!("INFO AWS call operation=\"{operation}\" status=200 outcome=\"ok\" duration_ms=");
        assert!(out.stderr.lines().any(|l| l.trim_start().starts_with(&logged)), "no `{logged}`: {out}");
    }
    assert!(out.stderr.contains("INFO create path=\"keys\" rotator=\"aws-iam\" duration_ms="), "{out}");
    // After a second rotation, neither key's secret is in either log.
    let again = w.run(&["-v", "rotate", ENV], &[]);
    assert_eq!(again.code, 0, "{again}");
    w.assert_no_secrets(&out);
    w.assert_no_secrets(&again);
}

/// The users one login rotates share what it takes to call AWS as that login: its account
/// is asked once per run, not once per user (each rotation still verifies its new key).
#[test]
fn a_login_is_asked_who_it_is_once_per_run() {
    let Some(w) = World::new() else { return };
    w.moto.create_user("ci2");
    let node = |path: &str, user: &str| {
        format!(
            "  {path}:\n    fn::rotate::aws-iam:\n      inputs:\n        login: ${{environments.aws.admin.creds}}\n        \
             userArn: arn:aws:iam::{ACCOUNT}:user/{user}\n"
        )
    };
    w.create(ENV, &format!("values:\n{}{}", node("keys", USER), node("more", "ci2")));
    w.moto.enforce_auth();
    w.moto.start_recording();
    let out = w.run(&["rotate", ENV, "--concurrency", "2"], &[]);
    assert_eq!(out.code, 0, "{out}");
    let mut calls = w.moto.recorded_actions();
    calls.sort();
    assert_eq!(
        calls,
        [
            "iam:CreateAccessKey",
            "iam:CreateAccessKey",
            "iam:ListAccessKeys",
            "iam:ListAccessKeys",
            "iam:TagUser",
            "iam:TagUser",
            "sts:GetCallerIdentity",
            "sts:GetCallerIdentity",
            "sts:GetCallerIdentity"
        ]
    );
}
