//! The journal's durable writes (ARCHITECTURE.md, "Durable writes"): the writes of a wave's
//! concurrent rotations share a transaction, and a process killed at any step of such a
//! wave leaves what the next run needs to converge: no credential lost, none orphaned, each
//! path rotated once.

use crate::common;
use crate::support::moto;

use common::{Output, TestEnv, state};
use escrot_esc::crypt::{decrypt_document, encrypt_document};
use escrot_esc::provider::{Decrypter, Encrypter};
use escrot_esc::syntax::Node;
use escrot_rotation::failpoint::FAILPOINT_EXIT_CODE;
use escrot_store::Store as _;
use escrot_store::{EnvName, SqliteStore};
use moto::{ACCOUNT, Key, MotoGuard};

const ENV: &str = "acme/aws/fleet";
const USERS: [&str; 4] = ["u1", "u2", "u3", "u4"];

/// moto with an admin allowed everything and four users, each at the two-key limit with
/// both keys in the state of its own `fn::rotate::aws-iam` path of one environment.
struct Fleet {
    moto: MotoGuard,
    env: TestEnv,
    admin: Key,
    /// Each user's keys at the start: (current, previous).
    start: Vec<(Key, Key)>,
}

impl Fleet {
    fn new() -> Option<Fleet> {
        let moto = moto::Moto::lock()?;
        moto.create_user("admin");
        moto.put_policy("admin", &["iam:*", "sts:*"]);
        let admin = moto.create_key("admin");
        let env = TestEnv::new();
        let mut yaml = String::from("values:\n");
        let mut start = Vec::new();
        for user in USERS {
            moto.create_user(user);
            let (a, b) = (moto.create_key(user), moto.create_key(user));
            yaml.push_str(&format!(
                "  {user}:\n    fn::rotate::aws-iam:\n      inputs:\n        login: ${{environments.aws.admin.creds}}\n        \
                 userArn: arn:aws:iam::{ACCOUNT}:user/{user}\n      state:\n        current:\n          accessKeyId: {}\n          \
                 secretAccessKey:\n            fn::secret: {}\n        previous:\n          accessKeyId: {}\n          \
                 secretAccessKey:\n            fn::secret: {}\n",
                a.id, a.secret, b.id, b.secret
            ));
            start.push((a, b));
        }
        let fleet = Fleet { moto, env, admin: admin.clone(), start };
        let login = format!(
            "values:\n  creds:\n    fn::open::aws-login:\n      static:\n        accessKeyId: {}\n        secretAccessKey:\n          \
             fn::secret: {}\n",
            admin.id, admin.secret
        );
        fleet.create("acme/aws/admin", &login);
        fleet.create(ENV, &yaml);
        fleet.moto.enforce_auth();
        Some(fleet)
    }

    fn open(&self) -> SqliteStore {
        common::open_store(&self.env)
    }

    fn create(&self, name: &str, yaml: &str) {
        let mut db = self.open();
        let key = db.key();
        let sealed = encrypt_document(name, yaml, key.as_ref() as &dyn Encrypter).unwrap();
        db.create_environment(&EnvName::parse(name, "acme").unwrap(), &sealed, "test").unwrap();
    }

    /// `escrot rotate ENV` with all four paths in one wave, killed at `failpoint` if given.
    fn rotate(&self, args: &[&str], failpoint: Option<&str>) -> Output {
        let url = self.env.store_url();
        let mut all = vec!["--store", url.as_str(), "rotate", ENV, "--concurrency", "4"];
        all.extend_from_slice(args);
        let env = self.moto.env();
        let mut vars: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        vars.push(("ESCROT_ACTOR", "test"));
        if let Some(f) = failpoint {
            vars.push(("ESCROT_FAILPOINT", f));
        }
        let out = self.env.run_with_env(&all, &vars);
        for (a, b) in &self.start {
            for secret in [&a.secret, &b.secret] {
                assert!(!out.stdout.contains(secret.as_str()) && !out.stderr.contains(secret.as_str()), "{out}");
            }
        }
        out
    }

    /// The latest revision and its decrypted text.
    fn plaintext(&self) -> (u64, String) {
        let db = self.open();
        let rev = db.latest(&EnvName::parse(ENV, "acme").unwrap()).unwrap();
        let key = db.key();
        (rev.number, decrypt_document(ENV, &rev.yaml, key.as_ref() as &dyn Decrypter).unwrap())
    }

    fn pending_journal(&self) -> usize {
        self.open().journal_pending(&EnvName::parse(ENV, "acme").unwrap()).unwrap().len()
    }

    /// Each user's keys in IAM are exactly its state's, both working; returns the states.
    fn assert_converged(&self, context: &str) -> Vec<(Key, Option<Key>)> {
        let (_, text) = self.plaintext();
        let mut states = Vec::new();
        for user in USERS {
            let (current, previous) = state::pair(&text, user, "aws-iam", key_of);
            let current = current.unwrap_or_else(|| panic!("{context}: {user} has no current key"));
            let mut expected: Vec<String> =
                [Some(&current), previous.as_ref()].into_iter().flatten().map(|k| k.id.clone()).collect();
            expected.sort();
            assert_eq!(self.moto.keys(user, &self.admin), expected, "{context}: {user}'s keys are its state's");
            let arn = format!("arn:aws:iam::{ACCOUNT}:user/{user}");
            assert_eq!(self.moto.whoami(&current), Ok(arn.clone()), "{context}: {user}'s current key");
            if let Some(p) = &previous {
                assert_eq!(self.moto.whoami(p), Ok(arn), "{context}: {user}'s previous key");
            }
            states.push((current, previous));
        }
        assert_eq!(self.pending_journal(), 0, "{context}: the journal is empty");
        states
    }
}

fn key_of(node: &Node) -> Option<Key> {
    let id = state::text(&state::field(node, "accessKeyId")?)?;
    let secret = state::text(&state::field(node, "secretAccessKey")?)?;
    Some(Key { id, secret })
}

/// Four aws-iam rotations in one wave, killed at each step (the first rotation to reach it
/// ends the process, whatever the other three had journaled in their shared writes): the
/// killed run never deletes a key in use, and the next run leaves every user with exactly
/// its state's two working keys, each path rotated once (`current` moved to `previous`),
/// and the journal empty.
#[test]
fn a_crash_at_any_step_of_a_batched_wave_converges() {
    for failpoint in ["after-plan", "during-create", "after-create", "after-verify", "after-commit", "after-retire"] {
        let Some(fleet) = Fleet::new() else { return };
        let out = fleet.rotate(&[], Some(failpoint));
        assert_eq!(out.code, FAILPOINT_EXIT_CODE, "{failpoint}: {out}");
        for (user, (a, _)) in USERS.iter().zip(&fleet.start) {
            let keys = fleet.moto.keys(user, &fleet.admin);
            assert!(keys.len() <= 2, "{failpoint}: {user}: {keys:?}");
            assert!(keys.contains(&a.id), "{failpoint}: {user}'s current key was deleted");
        }
        let (rev_after_crash, _) = fleet.plaintext();

        let out = fleet.rotate(&[], None);
        assert_eq!(out.code, 0, "{failpoint}: {out}");
        let states = fleet.assert_converged(failpoint);
        let (rev, _) = fleet.plaintext();
        for ((user, (a, b)), (current, previous)) in USERS.iter().zip(&fleet.start).zip(&states) {
            assert_ne!(current, b, "{failpoint}: {user}");
            assert_eq!(fleet.moto.whoami(b), Err("InvalidClientTokenId".to_owned()), "{failpoint}: {user}'s old key");
            if failpoint == "after-retire" {
                // Done before the crash; the next run rotated again.
                assert_ne!(previous.as_ref(), Some(a), "{failpoint}: {user}");
            } else {
                assert_eq!(previous.as_ref(), Some(a), "{failpoint}: {user} was rotated once");
            }
        }
        match failpoint {
            "after-commit" => assert_eq!((rev_after_crash, rev), (2, 2), "{failpoint}: {out}"),
            "after-retire" => assert_eq!((rev_after_crash, rev), (2, 3), "{failpoint}: {out}"),
            // Recovery commits each adopted rotation on its own; those not begun are
            // rotated together: at most one revision per path.
            _ => assert!(rev_after_crash == 1 && (2..=5).contains(&rev), "{failpoint}: revision {rev}: {out}"),
        }
    }
}

/// A wave of rotations that change something outside the definition journals each step
/// synced, and those of one wave that are ready at once share a transaction: a run over
/// four users writes at most two synced journal batches per path (the intent, what was
/// created), no `verified` step, and finishes the four entries in one deferred write.
#[test]
fn a_batched_wave_journals_two_synced_steps_per_path_and_finishes_in_one_write() {
    let Some(fleet) = Fleet::new() else { return };
    let out = fleet.rotate(&["-v"], None);
    assert_eq!(out.code, 0, "{out}");
    fleet.assert_converged("rotated");
    let journal: Vec<&str> = out.stderr.lines().filter(|l| l.contains(" INFO journal ")).collect();
    let count = |needle: &str| journal.iter().filter(|l| l.contains(needle)).count();
    assert_eq!(count("step=\"planned\""), 4, "{out}");
    assert_eq!(count("step=\"created\""), 4, "{out}");
    assert_eq!(count("synced=true"), 8, "{out}");
    assert_eq!(count("step=\"verified\""), 0, "{out}");
    assert_eq!(count("step=\"finished\" entries=4 synced=false"), 4, "{out}");
}

/// Ten password rotations killed after the first batch of their journal was written: the
/// next run commits the rotations that batch recorded and rotates the others, so every
/// path is rotated exactly once, and nothing is left in the journal.
#[test]
fn a_password_wave_killed_after_its_batched_journal_write_rotates_each_path_once() {
    let env = TestEnv::new();
    let mut yaml = String::from("values:\n");
    for i in 0..10 {
        yaml.push_str(&format!("  pw{i}:\n    fn::rotate::password:\n      inputs: {{length: 20}}\n"));
    }
    env.init(ENV, &yaml);
    let url = env.store_url();
    let rotate = |failpoint: Option<&str>| {
        let mut vars = vec![("ESCROT_ACTOR", "test")];
        vars.extend(failpoint.map(|f| ("ESCROT_FAILPOINT", f)));
        env.run_with_env(&["--store", url.as_str(), "rotate", ENV, "--concurrency", "4"], &vars)
    };
    let currents = |env: &TestEnv| -> Vec<(Option<String>, Option<String>)> {
        let db = common::open_store(env);
        let rev = db.latest(&EnvName::parse(ENV, "acme").unwrap()).unwrap();
        let key = db.key();
        let text = decrypt_document(ENV, &rev.yaml, key.as_ref() as &dyn Decrypter).unwrap();
        (0..10).map(|i| state::pair(&text, &format!("pw{i}"), "password", state::text)).collect()
    };
    assert_eq!(rotate(None).code, 0);
    let before = currents(&env);

    let out = rotate(Some("after-create"));
    assert_eq!(out.code, FAILPOINT_EXIT_CODE, "{out}");
    let pending = common::open_store(&env).journal_pending(&EnvName::parse(ENV, "acme").unwrap()).unwrap();
    assert_eq!(pending.len(), 4, "one batch of four entries was written before the kill");
    assert_eq!(currents(&env), before, "nothing was committed");

    let out = rotate(None);
    assert_eq!(out.code, 0, "{out}");
    assert_eq!(out.stdout.matches("(resumed)").count(), 4, "{out}");
    let after = currents(&env);
    for (i, ((old, _), (new, previous))) in before.iter().zip(&after).enumerate() {
        assert!(old.is_some() && new.is_some() && new != old, "pw{i}");
        assert_eq!(previous, old, "pw{i} was rotated exactly once");
    }
    assert!(common::open_store(&env).journal_pending(&EnvName::parse(ENV, "acme").unwrap()).unwrap().is_empty());
}
