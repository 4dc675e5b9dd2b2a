//! `escrot rotate`: the real binary on a real store: rotations, dry runs, crashes at
//! every step (failpoints) followed by a run that converges, and secrets kept out of every
//! output and of the database file.

use crate::common;

use common::{Output, TestEnv};
use escrot_esc::crypt::decrypt_document;
use escrot_esc::provider::Decrypter;
use escrot_store::Store as _;
use escrot_store::{EnvName, SqliteStore};
use insta::assert_snapshot;

const ENV: &str = "acme/db/prod";

const DEFINITION: &str = "\
# Database credentials, rotated by escrot.
values:
  app:
    fn::rotate::password:
      inputs:
        length: 24
  other: untouched # keep me
";

struct Store {
    env: TestEnv,
}

impl Store {
    fn new(definition: &str) -> Store {
        let env = TestEnv::new();
        let store = Store { env };
        let mut db = store.open();
        db.create_environment(&EnvName::parse(ENV, "acme").unwrap(), definition, "test").unwrap();
        store
    }

    fn url(&self) -> String {
        self.env.store_url()
    }

    fn open(&self) -> SqliteStore {
        common::open_store(&self.env)
    }

    fn rotate(&self, args: &[&str], failpoint: Option<&str>) -> Output {
        let url = self.url();
        let mut all = vec!["--store", url.as_str(), "rotate"];
        all.extend_from_slice(args);
        let mut vars = vec![("ESCROT_ACTOR", "test")];
        if let Some(f) = failpoint {
            vars.push(("ESCROT_FAILPOINT", f));
        }
        self.env.run_with_env(&all, &vars)
    }

    /// The latest definition, decrypted.
    fn plaintext(&self) -> (u64, String) {
        let db = self.open();
        let rev = db.latest(&EnvName::parse(ENV, "acme").unwrap()).unwrap();
        let key = db.key();
        let text = decrypt_document(ENV, &rev.yaml, key.as_ref() as &dyn Decrypter).unwrap();
        (rev.number, text)
    }

    fn pending_journal(&self) -> usize {
        self.open().journal_pending(&EnvName::parse(ENV, "acme").unwrap()).unwrap().len()
    }

    fn db_bytes(&self) -> Vec<u8> {
        self.env.store_bytes()
    }
}

/// The `current` and `previous` passwords of the `app` state.
fn passwords(text: &str) -> (Option<String>, Option<String>) {
    passwords_of(text, "app")
}

/// The `current` and `previous` passwords of the state of `values.<name>`.
fn passwords_of(text: &str, name: &str) -> (Option<String>, Option<String>) {
    common::state::pair(text, name, "password", common::state::text)
}

fn normalized(out: &Output) -> String {
    let text = out.to_string();
    let re = regex::Regex::new(r"(\d+m)?\d+(\.\d+)?m?s\b").unwrap();
    re.replace_all(&text, "[duration]").into_owned()
}

#[test]
fn rotates_and_keeps_the_rest_of_the_definition() {
    let store = Store::new(DEFINITION);
    let out = store.rotate(&[ENV], None);
    assert_snapshot!(normalized(&out), @"
    PATH  ROTATOR   RESULT     DURATION
    app   password  succeeded  [duration]

    Environment 'acme/db/prod' rotated.
    New revision '2' was created.
    [exit status: 0]
    ");
    let (rev, text) = store.plaintext();
    assert_eq!(rev, 2);
    let (current, previous) = passwords(&text);
    let first = current.expect("a current password");
    assert_eq!(first.len(), 24);
    assert_eq!(previous, None);
    assert!(text.starts_with("# Database credentials, rotated by escrot.\nvalues:\n  app:\n    fn::rotate::password:\n      inputs:\n        length: 24\n"), "{text}");
    assert!(text.ends_with("  other: untouched # keep me\n"), "{text}");

    let out = store.rotate(&[ENV, "app"], None);
    assert_eq!(out.code, 0, "{out}");
    let (rev, text) = store.plaintext();
    assert_eq!(rev, 3);
    let (current, previous) = passwords(&text);
    assert_eq!(previous.as_deref(), Some(first.as_str()));
    let second = current.unwrap();
    assert_ne!(second, first);

    // The secrets are nowhere but in the (encrypted) store.
    for secret in [&first, &second] {
        assert!(!out.stdout.contains(secret.as_str()) && !out.stderr.contains(secret.as_str()));
        let bytes = store.db_bytes();
        assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()), "a password is in the database file");
    }
    assert_eq!(store.pending_journal(), 0);
}

#[test]
fn dry_run_changes_nothing() {
    let store = Store::new(DEFINITION);
    store.rotate(&[ENV], None);
    let (rev, before) = store.plaintext();
    let (current, _) = passwords(&before);
    let out = store.rotate(&[ENV, "--dry-run"], None);
    assert_eq!(out.code, 0, "{out}");
    assert!(!out.stdout.contains(current.as_deref().unwrap()), "{out}");
    assert_snapshot!(out.to_string(), @r#"
    Plan for 'acme/db/prod' (revision 2):
      app: password — rotate

    --- acme/db/prod@2
    +++ acme/db/prod (rotated)
    @@ -5,6 +5,7 @@
           inputs:
             length: 24
           state:
    -        current:
    +        current: "[new, made by the rotation]"
    +        previous:
               fn::secret: "[secret 1]"
       other: untouched # keep me

    Dry run: nothing was changed.
    [exit status: 0]
    "#);
    assert_eq!(store.plaintext(), (rev, before));
}

/// The dry run's diff shows each state as the rotation would leave it: the current value
/// moving to `previous` (the same `[secret N]` on both sides), the rotators that wait for
/// another one included, and, with --show-secrets, the values themselves.
#[test]
fn dry_run_shows_where_each_secret_goes() {
    let store = Store::new(
        "values:\n  sep:\n    fn::rotate::password:\n      inputs: {length: 8}\n  pw:\n    fn::rotate::password:\n      \
         inputs:\n        length: 12\n        overrideSpecial: ${sep.current}\n",
    );
    store.rotate(&[ENV], None);
    store.rotate(&[ENV], None);
    let (_, text) = store.plaintext();
    let out = store.rotate(&[ENV, "--dry-run"], None);
    assert_snapshot!(out.to_string(), @r#"
    Plan for 'acme/db/prod' (revision 3):
      sep: password — rotate
      pw: password — after the rotation of sep (its inputs use its output)

    --- acme/db/prod@3
    +++ acme/db/prod (rotated)
    @@ -3,17 +3,15 @@
         fn::rotate::password:
           inputs: {length: 8}
           state:
    -        current:
    -          fn::secret: "[secret 1]"
    +        current: "[new, made by the rotation]"
             previous:
    -          fn::secret: "[secret 2]"
    +          fn::secret: "[secret 1]"
       pw:
         fn::rotate::password:
           inputs:
             length: 12
             overrideSpecial: ${sep.current}
           state:
    -        current:
    -          fn::secret: "[secret 3]"
    +        current: "[new, made by the rotation]"
             previous:
    -          fn::secret: "[secret 4]"
    +          fn::secret: "[secret 3]"

    Dry run: nothing was changed.
    [exit status: 0]
    "#);
    let shown = store.rotate(&[ENV, "--dry-run", "--show-secrets"], None);
    let secrets: Vec<&str> = text.lines().filter_map(|l| l.trim().strip_prefix("fn::secret: ")).collect();
    assert_eq!(secrets.len(), 4, "{text}");
    for secret in secrets {
        assert!(!out.stdout.contains(secret), "{out}");
        assert!(shown.stdout.contains(secret), "{shown}");
    }
}

#[test]
fn json_output_and_unknown_paths() {
    let store = Store::new(DEFINITION);
    let out = store.rotate(&[ENV, "--output", "json"], None);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["rotations"][0]["path"], "app");
    assert_eq!(json["rotations"][0]["result"], "succeeded");
    assert_eq!(json["revision"], 2);
    assert_snapshot!(store.rotate(&[ENV, "nope"], None).to_string(), @"
    [stderr]
    error: no fn::rotate at nope
    [exit status: 2]
    ");
    assert_snapshot!(store.rotate(&["acme/db/missing"], None).to_string(), @"
    [stderr]
    error: environment 'acme/db/missing' does not exist
    [exit status: 2]
    ");
    assert_snapshot!(store.rotate(&["acme/db/prod@2"], None).to_string(), @"
    [stderr]
    error: the rotate command does not accept environments at specific versions
    [exit status: 2]
    ");
}

/// Killed after each step, the next run finishes or undoes the interrupted rotation: the
/// journal ends empty, the state holds exactly the rotations that happened, and a
/// credential created before the crash is never lost.
#[test]
fn every_failpoint_converges() {
    for failpoint in escrot_rotation::failpoint::FAILPOINTS {
        let store = Store::new(DEFINITION);
        let out = store.rotate(&[ENV], Some(failpoint));
        assert_eq!(out.code, escrot_rotation::failpoint::FAILPOINT_EXIT_CODE, "{failpoint}: {out}");
        let (rev_after_crash, text) = store.plaintext();
        let crashed_password = passwords(&text).0;

        let out = store.rotate(&[ENV], None);
        assert_eq!(out.code, 0, "{failpoint}: {out}");
        assert_eq!(store.pending_journal(), 0, "{failpoint}: the journal is not empty");
        let (rev, text) = store.plaintext();
        let (current, previous) = passwords(&text);
        let current = current.unwrap_or_else(|| panic!("{failpoint}: no password after recovery:\n{text}"));
        match *failpoint {
            // Nothing was created, or it was never recorded: the rerun rotates once.
            "after-plan" => assert_eq!((rev_after_crash, rev, previous), (1, 2, None), "{failpoint}"),
            // The created password was journaled: the rerun commits it, and does not rotate
            // it again straight away.
            "after-create" | "after-verify" => {
                assert_eq!((rev_after_crash, rev), (1, 2), "{failpoint}: {out}");
                assert!(out.stdout.contains("(resumed)"), "{failpoint}: {out}");
            }
            // Committed before the crash, not retired: the rerun finishes the retirement and
            // does not rotate again.
            "after-commit" => {
                assert_eq!((rev_after_crash, rev), (2, 2), "{failpoint}: {out}");
                assert_eq!(Some(current.clone()), crashed_password, "{failpoint}");
                assert!(out.stdout.contains("(resumed)"), "{failpoint}: {out}");
            }
            // Finished before the crash: the rerun is a new rotation.
            "after-retire" => {
                assert_eq!((rev_after_crash, rev), (2, 3), "{failpoint}");
                assert_eq!(previous, crashed_password, "{failpoint}");
            }
            other => panic!("untested failpoint {other}"),
        }
        assert_eq!(current.len(), 24);
    }
}

/// A sidecar journal whose step this escrot does not know is refused, as the store's journal
/// is, instead of being resumed as if nothing had been created: the journal and the file stay
/// as they were.
#[test]
fn a_file_journal_with_an_unknown_step_is_refused() {
    let env = TestEnv::new();
    let file = env.write("prod.yaml", DEFINITION);
    let url = env.store_url();
    let args = ["--store", url.as_str(), "rotate", "--file", "prod.yaml"];
    let out = env.run_with_env(&args, &[("ESCROT_FAILPOINT", "after-create")]);
    assert_eq!(out.code, escrot_rotation::failpoint::FAILPOINT_EXIT_CODE, "{out}");
    let journal = env.path().join(".prod.yaml.escrot-journal");
    let text = std::fs::read_to_string(&journal).expect("the journal");
    assert!(text.contains("\"step\": \"created\""), "{text}");
    let tampered = text.replace("\"step\": \"created\"", "\"step\": \"frobbed\"");
    std::fs::write(&journal, &tampered).expect("journal written");
    let before = std::fs::read_to_string(&file).expect("the file");

    let out = env.run(&args);
    assert_ne!(out.code, 0, "{out}");
    assert!(out.stderr.contains("the rotation journal"), "{out}");
    assert!(out.stderr.contains("unknown variant `frobbed`"), "{out}");
    assert_eq!(std::fs::read_to_string(&journal).expect("the journal"), tampered);
    assert_eq!(std::fs::read_to_string(&file).expect("the file"), before);
}

/// `rotate --file`: the file is rewritten in place (only the state changes, secrets
/// encrypted with the store key); an interrupted rotation is finished from the sidecar
/// journal, which is gone afterwards.
#[test]
fn rotates_a_file_in_place() {
    let env = TestEnv::new();
    let file = env.write("prod.yaml", DEFINITION);
    let url = env.store_url();
    let run = |args: &[&str], failpoint: Option<&str>| {
        let mut all = vec!["--store", url.as_str(), "rotate", "--file", "prod.yaml"];
        all.extend_from_slice(args);
        let mut vars = vec![];
        if let Some(f) = failpoint {
            vars.push(("ESCROT_FAILPOINT", f));
        }
        env.run_with_env(&all, &vars)
    };
    let out = run(&[], None);
    assert_snapshot!(normalized(&out), @"
    PATH  ROTATOR   RESULT     DURATION
    app   password  succeeded  [duration]

    Environment 'prod' rotated.
    prod.yaml was updated.
    [exit status: 0]
    ");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with(DEFINITION.trim_end_matches("  other: untouched # keep me\n")), "{text}");
    assert!(text.ends_with("  other: untouched # keep me\n"), "{text}");
    assert!(text.contains("ciphertext: "), "{text}");

    let out = run(&[], Some("after-create"));
    assert_eq!(out.code, escrot_rotation::failpoint::FAILPOINT_EXIT_CODE, "{out}");
    assert!(env.path().join(".prod.yaml.escrot-journal").exists());
    let out = run(&[], None);
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stdout.contains("(resumed)"), "{out}");
    assert!(!env.path().join(".prod.yaml.escrot-journal").exists());

    let dry = run(&["--dry-run"], None);
    assert_eq!(dry.code, 0, "{dry}");
    assert!(dry.stdout.contains("Dry run: nothing was changed."), "{dry}");

    // With --file, positional arguments are paths.
    let only = run(&["app"], None);
    assert_eq!(only.code, 0, "{only}");
    assert!(only.stdout.contains("\napp "), "{only}");
    let missing = run(&["nope"], None);
    assert_eq!(missing.code, 2, "{missing}");

    // No lock or journal file is left beside the rotated file.
    let left: Vec<String> =
        std::fs::read_dir(env.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!left.iter().any(|name| name.starts_with(".prod.yaml")), "{left:?}");
}

/// Rotations of one file run one at a time (the file itself is locked, and each rotation
/// replaces it): concurrent runs all succeed, none overwrites another's state.
#[test]
fn concurrent_file_rotations_take_turns() {
    let env = TestEnv::new();
    let file = env.write("prod.yaml", DEFINITION);
    let url = env.store_url();
    let children: Vec<_> = (0..4)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("escrot"))
                .args(["--store", url.as_str(), "rotate", "--file", "prod.yaml"])
                .current_dir(env.path())
                .env_remove("ESCROT_KEY")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("current:") && text.contains("previous:"), "{text}");
}

/// Two rotations of the same environment at once: the store lets exactly one commit from a
/// given revision; the other reports the conflict (exit 1), takes back what it created, and
/// leaves nothing in the journal.
#[test]
fn concurrent_rotations_never_both_win() {
    let store = Store::new(DEFINITION);
    for _ in 0..3 {
        let (start_rev, _) = store.plaintext();
        let url = store.url();
        let spawn = || {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("escrot"))
                .args(["--store", url.as_str(), "rotate", ENV])
                .env("ESCROT_ACTOR", "test")
                .current_dir(store.env.path())
                .output()
                .unwrap()
        };
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(spawn);
            let b = s.spawn(spawn);
            (a.join().unwrap(), b.join().unwrap())
        });
        let codes = [a.status.code(), b.status.code()];
        let (rev, _) = store.plaintext();
        let winners = codes.iter().filter(|c| **c == Some(0)).count() as u64;
        assert!(winners >= 1, "{codes:?}");
        // Each winner committed exactly one revision; a loser committed none.
        assert_eq!(rev, start_rev + winners, "{codes:?}");
        for out in [&a, &b] {
            if out.status.code() != Some(0) {
                assert_eq!(out.status.code(), Some(1));
                assert!(
                    String::from_utf8_lossy(&out.stderr).contains("changed while this operation ran"),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
        assert_eq!(store.pending_journal(), 0);
    }
}

/// A rotator whose inputs use another rotator's output waits for it (a later wave) and
/// sees its new value; a failing rotator fails only its own path, and the new revision
/// holds what succeeded.
#[test]
fn dependents_wait_and_failures_stay_local() {
    let store = Store::new(
        "values:\n  app:\n    fn::rotate::password:\n      inputs:\n        length: 24\n  \
         derived:\n    fn::rotate::password:\n      inputs:\n        length: 12\n        lower: false\n        upper: false\n        numeric: false\n        overrideSpecial: ${app.current}\n  \
         broken:\n    fn::rotate::password:\n      inputs:\n        length: 10\n        minLower: 11\n",
    );
    let out = store.rotate(&[ENV], None);
    assert_snapshot!(normalized(&out), @"
    PATH     ROTATOR   RESULT         DURATION
    app      password  succeeded      [duration]
    broken   password  not-evaluated  [duration]
    derived  password  succeeded      [duration]

    Environment 'acme/db/prod' rotated with errors.
    New revision '2' was created.

    Failed secrets:
    Path: broken, error: the minimums add up to 11 (minLower 11), more than length 10
    [exit status: 1]
    ");
    let (rev, text) = store.plaintext();
    assert_eq!(rev, 2);
    let app = passwords_of(&text, "app").0.expect("app rotated");
    let derived = passwords_of(&text, "derived").0.expect("derived rotated");
    assert_eq!(derived.len(), 12);
    assert!(
        derived.chars().all(|c| app.contains(c)),
        "derived {derived:?} must use the characters of app's new password"
    );
    assert_eq!(passwords_of(&text, "broken"), (None, None));
}

/// A file rotated with `rotate --file` opens with the store key that encrypted it.
#[test]
fn a_rotated_file_opens_with_the_store_key() {
    let env = TestEnv::new();
    env.write("prod.yaml", DEFINITION);
    let url = env.store_url();
    let out = env.run(&["--store", url.as_str(), "rotate", "--file", "prod.yaml"]);
    assert_eq!(out.code, 0, "{out}");
    let opened =
        env.run(&["--store", url.as_str(), "open", "prod.yaml", "app.current", "--format", "string", "--show-secrets"]);
    assert_eq!(opened.code, 0, "{opened}");
    assert_eq!(opened.stdout.trim().len(), 24, "{opened}");
    let redacted = env.run(&["--store", url.as_str(), "open", "prod.yaml", "app"]);
    assert!(redacted.stdout.contains("[secret]") && !redacted.stdout.contains(opened.stdout.trim()), "{redacted}");
}

/// `keys` uses a login that cannot be evaluated (no OIDC token); `app` and `derived`
/// (which uses `app`'s output) can be rotated.
const LOGIN_WITHOUT_TOKEN: &str = "\
values:
  login:
    fn::open::aws-login:
      oidc:
        roleArn: arn:aws:iam::123456789012:role/x
        sessionName: esc
  keys:
    fn::rotate::aws-iam:
      inputs:
        login: ${login}
        userArn: arn:aws:iam::123456789012:user/ci
  app:
    fn::rotate::password:
      inputs:
        length: 24
  derived:
    fn::rotate::password:
      inputs:
        length: 12
        overrideSpecial: ${app.current}
";

/// A path whose inputs use something that cannot be evaluated fails with what went wrong
/// there (not just "its inputs could not be evaluated"), in the rotation and in the dry
/// run; the dry run exits as the rotation would.
#[test]
fn a_path_that_cannot_be_evaluated_says_why() {
    let env = TestEnv::new();
    env.write("prod.yaml", LOGIN_WITHOUT_TOKEN);
    let url = env.store_url();
    let run = |extra: &[&str]| {
        let mut args = vec!["--store", url.as_str(), "rotate", "--file", "prod.yaml"];
        args.extend_from_slice(extra);
        env.run_with_env(&args, &common::NO_OIDC_TOKEN)
    };

    let dry = run(&["--dry-run"]);
    let plan = dry.stdout.split("\n\n").next().unwrap_or_default().to_owned();
    assert_snapshot!(plan, @"
    Plan for 'prod':
      keys: aws-iam — not evaluable now: its inputs could not be evaluated: values.login: aws-login oidc needs an OIDC token: pass --oidc-token-file FILE, set ESCROT_OIDC_TOKEN (the token), ESCROT_OIDC_TOKEN_FILE or AWS_WEB_IDENTITY_TOKEN_FILE (a file holding it), or run in GitHub Actions with `permissions: id-token: write` (ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN)
          the rotation of keys would fail
      app: password — rotate
      derived: password — after the rotation of app (its inputs use its output)
    ");
    assert!(dry.stdout.ends_with(
        "Dry run: nothing was changed.\nThe rotation would fail for keys: fix what is said above, then run the dry run \
         again.\n"
    ), "{dry}");
    assert_eq!(dry.code, 1, "{dry}");
    assert_eq!(std::fs::read_to_string(env.path().join("prod.yaml")).unwrap(), LOGIN_WITHOUT_TOKEN);

    let out = run(&[]);
    assert_snapshot!(normalized(&out), @"
    PATH     ROTATOR   RESULT         DURATION
    app      password  succeeded      [duration]
    derived  password  succeeded      [duration]
    keys     aws-iam   not-evaluated  [duration]

    Environment 'prod' rotated with errors.
    prod.yaml was updated.

    Failed secrets:
    Path: keys, error: its inputs could not be evaluated: values.login: aws-login oidc needs an OIDC token: pass --oidc-token-file FILE, set ESCROT_OIDC_TOKEN (the token), ESCROT_OIDC_TOKEN_FILE or AWS_WEB_IDENTITY_TOKEN_FILE (a file holding it), or run in GitHub Actions with `permissions: id-token: write` (ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN)
    [exit status: 1]
    ");
}

/// A definition change committed while a rotation runs (here, exactly between its rotators
/// and its commit) does not make the rotation fail: it rebases, writing its new state into
/// the latest revision, which keeps the other writer's change.
#[test]
fn a_rotation_rebases_onto_a_concurrent_change() {
    let store = Store::new(DEFINITION);
    let paused = store.env.paused(&["rotate", ENV], "before-commit", &[]);
    let set = store.env.esc(&["set", ENV, "note", "n1"]);
    assert_eq!(set.code, 0, "{set}");
    let out = paused.resume();
    assert_snapshot!(normalized(&out), @"
    PATH  ROTATOR   RESULT     DURATION
    app   password  succeeded  [duration]

    Environment 'acme/db/prod' rotated.
    New revision '3' was created.
    [exit status: 0]
    ");
    let (rev, text) = store.plaintext();
    assert_eq!(rev, 3);
    assert!(text.contains("note: n1"), "the other writer's change is kept: {text}");
    assert!(passwords(&text).0.is_some(), "the new state is written: {text}");
    assert_eq!(store.pending_journal(), 0);
    let log = store.open().rotation_log(&EnvName::parse(ENV, "acme").unwrap()).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].result.as_str(), log[0].revision_after), ("succeeded", Some(3)));
}

/// When the other writer changed the rotated node itself, that path is not written: a
/// password (nothing outside the definition changed) is undone, the attempt is in the
/// rotation log as conflicted with the reason, and the other writer's change stands.
#[test]
fn a_rotation_whose_node_changed_meanwhile_is_logged_as_conflicted() {
    let store = Store::new(DEFINITION);
    let paused = store.env.paused(&["rotate", ENV], "before-commit", &[]);
    let set = store.env.esc(&["set", ENV, r#"app["fn::rotate::password"].inputs.length"#, "30"]);
    assert_eq!(set.code, 0, "{set}");
    let out = paused.resume();
    assert_snapshot!(normalized(&out), @"
    PATH  ROTATOR   RESULT      DURATION
    app   password  conflicted  [duration]

    Environment 'acme/db/prod' rotated with errors.

    Failed secrets:
    Path: app, error: revision 2 changed this fn::rotate while it rotated, so its new state was not written; the rotation was undone: rotate again to rotate it as it is now
    [exit status: 1]
    ");
    let (rev, text) = store.plaintext();
    assert_eq!(rev, 2, "nothing more was committed");
    assert!(text.contains("length: 30") && passwords(&text).0.is_none(), "{text}");
    assert_eq!(store.pending_journal(), 0, "an undone rotation leaves no journal entry");
    let history = store.env.esc(&["rotation", "history", ENV, "--output", "json"]);
    assert!(
        history.stdout.contains("\"conflicted\"") && history.stdout.contains("changed this fn::rotate"),
        "{history}"
    );
    // The next rotation rotates the changed node.
    let again = store.rotate(&[ENV], None);
    assert_eq!(again.code, 0, "{again}");
    assert_eq!(passwords(&store.plaintext().1).0.map(|p| p.len()), Some(30));
}

/// File mode: a rotation killed after its commit, then the file checked out again (`git
/// checkout env.yaml`) before the next run. The journal says "committed", but the file no
/// longer holds that state: the next run commits it again rather than report a success the
/// file does not show.
#[test]
fn a_file_checked_out_after_a_crashed_commit_gets_the_state_again() {
    let env = TestEnv::new();
    let file = env.write("prod.yaml", DEFINITION);
    let url = env.store_url();
    let run = |failpoint: Option<&str>| {
        let mut vars = vec![];
        if let Some(f) = failpoint {
            vars.push(("ESCROT_FAILPOINT", f));
        }
        env.run_with_env(&["--store", url.as_str(), "rotate", "--file", "prod.yaml"], &vars)
    };
    assert_eq!(run(None).code, 0);
    let checked_in = std::fs::read_to_string(&file).unwrap();
    let key = common::open_store(&env).key();
    let plain = |text: &str| decrypt_document("prod", text, key.as_ref() as &dyn Decrypter).unwrap();
    let (first, _) = passwords(&plain(&checked_in));

    let out = run(Some("after-commit"));
    assert_eq!(out.code, escrot_rotation::failpoint::FAILPOINT_EXIT_CODE, "{out}");
    let (crashed, previous) = passwords(&plain(&std::fs::read_to_string(&file).unwrap()));
    assert_eq!(previous, first);
    std::fs::write(&file, &checked_in).unwrap();

    let out = run(None);
    assert_eq!(out.code, 0, "{out}");
    let (current, previous) = passwords(&plain(&std::fs::read_to_string(&file).unwrap()));
    assert_eq!((current, previous), (crashed, first), "the crashed rotation's state is in the file again");
    assert!(!env.path().join(".prod.yaml.escrot-journal").exists());
}

/// A file whose secrets (or unfinished journal) need the store key that made them: with
/// another store no key is created, and the error says which key is missing and where it
/// was looked for; a wrong key is a configuration error (exit 2) in a rotation and in a dry
/// run alike.
#[test]
fn a_file_rotation_needs_the_key_that_encrypted_it() {
    let env = TestEnv::new();
    env.write("app.yaml", "values:\n  pw:\n    fn::rotate::password:\n      inputs: {length: 16}\n");
    assert_eq!(env.esc(&["rotate", "--file", "app.yaml"]).code, 0);
    let rotated = std::fs::read_to_string(env.path().join("app.yaml")).expect("the file");
    let other = format!("sqlite:{}", env.path().join("other/o.db").display());
    let dir = env.path().display().to_string();
    for dry_run in [&[][..], &["--dry-run"]] {
        let mut args = vec!["--store", other.as_str(), "rotate", "--file", "app.yaml"];
        args.extend_from_slice(dry_run);
        let out = env.run(&args);
        assert_eq!(
            out.to_string().replace(&dir, "[dir]"),
            "[stderr]\nerror: app.yaml holds secrets encrypted with a store key, but no store key was found: \
             ESCROT_KEY is not set and there is no key file [dir]/other/o.key; point --store (or ESCROT_STORE) at \
             the store whose key encrypted it, or set ESCROT_KEY to that key (nothing was created)\n[exit status: 2]"
        );
        let wrong = [("ESCROT_KEY", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")];
        let mut args = vec!["rotate", "--file", "app.yaml"];
        args.extend_from_slice(dry_run);
        let out = env.esc_with_env(&args, &wrong);
        assert_eq!(out.code, 2, "{out}");
        assert!(
            out.stderr.contains("error: the store key (ESCROT_KEY) does not decrypt the secrets of app.yaml"),
            "{out}"
        );
    }
    // Opening the file needs the key as well, with the same exit code.
    let wrong = [("ESCROT_KEY", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")];
    let out = env.esc_with_env(&["open", "app.yaml"], &wrong);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("error: the store key (ESCROT_KEY) does not decrypt the secrets of app.yaml"), "{out}");
    let out = env.run(&["--store", other.as_str(), "open", "app.yaml"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("error: app.yaml holds secrets encrypted with a store key, but no store key"), "{out}");
    assert!(!env.path().join("other").exists(), "no store or key was created");
    assert_eq!(std::fs::read_to_string(env.path().join("app.yaml")).expect("the file"), rotated);

    // An unfinished rotation's journal needs the key too, even without ciphertexts.
    env.write("new.yaml", "values:\n  pw:\n    fn::rotate::password:\n      inputs: {length: 16}\n");
    env.write(".new.yaml.escrot-journal", "[]");
    let out = env.run(&["--store", other.as_str(), "rotate", "--file", "new.yaml"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(
        out.stderr.contains("error: new.yaml has an unfinished rotation (.new.yaml.escrot-journal) whose journal is"),
        "{out}"
    );
    assert!(!env.path().join("other").exists(), "no store or key was created");
}

/// `rotate --file` on a symbolic link writes through to the link's target: the link stays
/// a link, the target holds the new state, and the sidecar journal goes beside the target.
#[cfg(unix)]
#[test]
fn rotates_a_symlinked_file_through_to_its_target() {
    let env = TestEnv::new();
    let target = env.write("repo/envs/prod.yaml", DEFINITION);
    std::os::unix::fs::symlink("repo/envs/prod.yaml", env.path().join("link.yaml")).unwrap();
    let url = env.store_url();
    let run = |failpoint: &str| {
        env.run_with_env(
            &["--store", url.as_str(), "rotate", "--file", "link.yaml"],
            &[("ESCROT_FAILPOINT", failpoint)],
        )
    };
    let out = run("");
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stdout.contains("link.yaml was updated."), "{out}");
    let link = env.path().join("link.yaml");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.contains("ciphertext: ") && text.ends_with("  other: untouched # keep me\n"), "{text}");

    // Interrupted, its journal is beside the target; the next run resumes from it.
    let out = run("after-create");
    assert_eq!(out.code, escrot_rotation::failpoint::FAILPOINT_EXIT_CODE, "{out}");
    assert!(env.path().join("repo/envs/.prod.yaml.escrot-journal").exists());
    assert!(!env.path().join(".link.yaml.escrot-journal").exists());
    let out = run("");
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stdout.contains("(resumed)"), "{out}");
    assert!(!env.path().join("repo/envs/.prod.yaml.escrot-journal").exists());
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    let rotated = std::fs::read_to_string(&target).unwrap();
    assert!(rotated.contains("previous:") && rotated != text, "{rotated}");
}

/// The lock file of an environment's rotations (beside the database).
fn lock_path(store: &Store) -> std::path::PathBuf {
    store.env.path().join(format!("{}.locks/acme/db/prod.lock", common::STORE_FILE))
}

/// A rotation that finds another one holding the lock says whose it is (the holder's pid is
/// in the lock file) and gives up after --lock-timeout with exit 1, rotating nothing.
#[test]
fn a_rotation_waits_for_the_lock_then_gives_up() {
    let store = Store::new(DEFINITION);
    // A rotation records its pid in the lock file.
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("escrot"))
        .args(["--store", store.url().as_str(), "rotate", ENV])
        .env("ESCROT_ACTOR", "test")
        .current_dir(store.env.path())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    assert!(child.wait_with_output().unwrap().status.success());
    let path = lock_path(&store);
    assert_eq!(std::fs::read_to_string(&path).unwrap().trim(), pid.to_string());

    // Held by someone else (here: this test, as pid 4242), the next rotation waits.
    let held = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    held.lock().unwrap();
    std::fs::write(&path, "4242\n").unwrap();
    let (rev, _) = store.plaintext();
    let start = std::time::Instant::now();
    let out = store.rotate(&[ENV, "--lock-timeout", "2s"], None);
    assert!(start.elapsed() >= std::time::Duration::from_secs(2), "{:?}", start.elapsed());
    assert_snapshot!(out, @"
    [stderr]
    waiting for the rotation of acme/db/prod held by pid 4242…
    error: gave up waiting for the rotation of acme/db/prod held by pid 4242 after 2s; nothing was rotated: run it again once that rotation has finished (or wait longer with --lock-timeout)
    [exit status: 1]
    ");
    assert_eq!(store.plaintext().0, rev);
    drop(held);
    let out = store.rotate(&[ENV, "--lock-timeout", "2s"], None);
    assert_eq!(out.code, 0, "{out}");
    assert!(!out.stderr.contains("waiting"), "{out}");
}

/// A rotated file is locked itself, and holds no pid: its waiter says "another process".
#[test]
fn a_file_rotation_waits_for_the_lock_then_gives_up() {
    let env = TestEnv::new();
    let file = env.write("prod.yaml", DEFINITION);
    let held = std::fs::File::open(&file).unwrap();
    held.lock().unwrap();
    let url = env.store_url();
    let out = env.run(&["--store", url.as_str(), "rotate", "--file", "prod.yaml", "--lock-timeout", "1"]);
    assert_snapshot!(out, @"
    [stderr]
    waiting for the rotation of prod.yaml held by another process…
    error: gave up waiting for the rotation of prod.yaml held by another process after 1s; nothing was rotated: run it again once that rotation has finished (or wait longer with --lock-timeout)
    [exit status: 1]
    ");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), DEFINITION);
    let out = env.run(&["rotate", "--file", "prod.yaml", "--lock-timeout", "soon"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("'soon' is not a duration"), "{out}");
}

/// `-q` prints no summary line: not for `init`, `rotate`, `version rollback` or `set`;
/// data (`open`) still prints, and a failed rotation is still an error on stderr.
#[test]
fn quiet_prints_data_and_errors_only() {
    let env = TestEnv::new();
    env.write("prod.yaml", DEFINITION);
    assert_snapshot!(env.esc(&["-q", "init", ENV, "-f", "prod.yaml"]), @"[exit status: 0]");
    assert_snapshot!(env.esc(&["-q", "init", ENV, "--if-not-exists"]), @"[exit status: 0]");
    assert_snapshot!(env.esc(&["-q", "rotate", ENV]), @"[exit status: 0]");
    assert_snapshot!(env.esc(&["-q", "set", ENV, "other", "changed"]), @"[exit status: 0]");
    assert_snapshot!(env.esc(&["-q", "version", "rollback", ENV, "1"]), @"[exit status: 0]");
    assert_snapshot!(env.esc(&["-q", "version", "tag", ENV, "stable"]), @"[exit status: 0]");
    assert_snapshot!(env.esc(&["-q", "open", ENV, "other", "--format", "string"]), @"
    untouched
    [exit status: 0]
    ");
    // A database nothing listens on (port 1): the rotation fails when it runs.
    env.init(
        "acme/db/broken",
        "values:\n  db:\n    fn::rotate::postgres:\n      inputs:\n        database:\n          host: 127.0.0.1\n          \
         port: 1\n          database: app\n          managingUser:\n            username: admin\n            password: \
         pw\n        rotateUsers:\n          username1: app_a\n          username2: app_b\n",
    );
    assert_snapshot!(env.esc(&["-q", "rotate", "acme/db/broken"]), @"
    [stderr]
    error: db: error rotating user \"app_a\": error connecting to server: Connection refused (os error 111)
    [exit status: 1]
    ");
}

/// `-v` logs each step of each rotation on stderr (through `tracing`), with its path and
/// duration, and never a secret; `-vv` adds debug events.
#[test]
fn verbose_logs_every_step_and_no_secret() {
    let store = Store::new(DEFINITION);
    let first = store.rotate(&["-v", ENV], None);
    assert_eq!(first.code, 0, "{first}");
    // A password changes nothing outside the definition: its one journal entry is written
    // once it is created, without waiting for the disk (ARCHITECTURE.md, "Durable writes").
    for step in [
        "INFO lock environment=acme/db/prod ok=true",
        "INFO prepare path=\"app\" rotator=\"password\"",
        "INFO create path=\"app\" rotator=\"password\"",
        "INFO journal path=\"app\" step=\"created\" entries=1 synced=false",
        "INFO verify path=\"app\" rotator=\"password\"",
        "INFO commit paths=\"app\" from=1 revision=2",
        "INFO retire path=\"app\" rotator=\"password\"",
        "INFO journal path=\"app\" step=\"finished\" entries=1 synced=false",
    ] {
        let line = first.stderr.lines().find(|l| l.contains(step));
        assert!(line.is_some_and(|l| l.contains("duration_ms=")), "no `{step} … duration_ms=`: {first}");
    }
    assert!(!first.stderr.contains("step=\"planned\"") && !first.stderr.contains("step=\"verified\""), "{first}");
    assert!(!first.stderr.contains("DEBUG"), "{first}");
    let second = store.rotate(&["-vv", "--store", &store.url(), ENV], None);
    assert_eq!(second.code, 0, "{second}");
    assert!(second.stderr.contains("DEBUG read the definition revision=2"), "{second}");
    // The passwords, as `open --show-secrets` reveals them, are in neither log.
    let url = store.url();
    let open = |which: &str| {
        let out = store.env.run(&[
            "--store",
            &url,
            "open",
            ENV,
            &format!("app.{which}"),
            "--format",
            "string",
            "--show-secrets",
        ]);
        assert_eq!(out.code, 0, "{out}");
        out.stdout.trim().to_owned()
    };
    for secret in [open("current"), open("previous")] {
        assert_eq!(secret.len(), 24);
        for out in [&first, &second] {
            assert!(!out.stderr.contains(&secret) && !out.stdout.contains(&secret), "a password is logged: {out}");
        }
    }
}

/// A generated value is written into the definition as the source text that evaluates to
/// it: `$` is ESC's escape character (`$$` is one `$`, `${` starts an interpolation), so a
/// password holding `$$` or `${` must open as itself, not collapsed or as a broken
/// interpolation (found in CI: a default password with `${` made `open` fail).
#[test]
fn generated_dollars_and_braces_open_as_generated() {
    let store = Store::new(
        "values:\n  app:\n    fn::rotate::password:\n      inputs:\n        length: 40\n        lower: false\n        \
         upper: false\n        numeric: false\n        overrideSpecial: \"$${}\"\n",
    );
    let url = store.url();
    let open = |which: &str| {
        let path = format!("app.{which}");
        let out = store.env.run(&["--store", &url, "open", ENV, &path, "--format", "string", "--show-secrets"]);
        assert_eq!(out.code, 0, "{out}");
        out.stdout.trim_end_matches('\n').to_owned()
    };
    let mut generated = Vec::new();
    for _ in 0..3 {
        let rotated = store.rotate(&[ENV], None);
        assert_eq!(rotated.code, 0, "{rotated}");
        let current = open("current");
        // Forty characters of `$`, `{` and `}`, and each of them once at least (minSpecial 1
        // is of the class, so count the alphabet instead): what the generator made, unchanged.
        assert_eq!(current.chars().count(), 40, "{current:?}");
        assert!(current.chars().all(|c| "${}".contains(c)), "{current:?}");
        if let Some(last) = generated.last() {
            assert_eq!(&open("previous"), last, "previous is the last current, as generated");
        }
        generated.push(current);
    }
    // The definition shown decrypted is valid ESC again (it is what `edit` hands an editor).
    let shown = store.env.run(&["--store", &url, "get", ENV, "--show-secrets"]);
    assert_eq!(shown.code, 0, "{shown}");
    let checked = store.env.run(&["--store", &url, "check", ENV]);
    assert_eq!(checked.code, 0, "{checked}");
}

/// A rotator whose input comes from `${context}` (a passphrase whose separator is the
/// actor's login), next to a value interpolating the context and the rotated secret.
const CONTEXT_DEFINITION: &str = "\
values:
  phrase:
    fn::rotate::passphrase:
      inputs:
        length: 4
        separator: ${context.pulumi.user.login}
  dsn: postgres://${context.pulumi.user.login}:${phrase.current}@db.example.com/${context.currentEnvironment.name}?org=${context.pulumi.organization.login}
";

/// The rotation evaluates its inputs with the context `open` has (the plan, the dry run
/// and the commit alike); the committed definition changes only by the new state, so the
/// values built from the context stay references to it.
#[test]
fn rotator_inputs_and_values_use_the_context() {
    let store = Store::new(CONTEXT_DEFINITION);
    let url = store.url();
    let actor = [("ESCROT_ACTOR", "+")];
    let dry = store.env.run_with_env(&["--store", &url, "rotate", ENV, "--dry-run"], &actor);
    assert_eq!(dry.code, 0, "{dry}");
    let out = store.env.run_with_env(&["--store", &url, "rotate", ENV], &actor);
    assert_snapshot!(normalized(&out), @"
    PATH    ROTATOR     RESULT     DURATION
    phrase  passphrase  succeeded  [duration]

    Environment 'acme/db/prod' rotated.
    New revision '2' was created.
    [exit status: 0]
    ");
    let (rev, text) = store.plaintext();
    assert_eq!(rev, 2);
    let (current, _) = common::state::pair(&text, "phrase", "passphrase", common::state::text);
    let phrase = current.expect("a passphrase");
    assert_eq!(phrase.split('+').count(), 4, "the separator is the actor's login");
    let state_start = text.find("      state:").expect("the state");
    let (before_state, state_on) = text.split_at(state_start);
    assert_eq!(before_state, &CONTEXT_DEFINITION[..before_state.len()], "{text}");
    assert!(
        state_on.ends_with(CONTEXT_DEFINITION.lines().last().map(|l| format!("{l}\n")).unwrap().as_str()),
        "{text}"
    );
    assert_eq!(text.matches("${context.").count(), CONTEXT_DEFINITION.matches("${context.").count(), "{text}");

    let dsn =
        store.env.run_with_env(&["--store", &url, "open", ENV, "dsn", "--format", "string", "--show-secrets"], &actor);
    assert_eq!(dsn.stdout.trim_end(), format!("postgres://+:{phrase}@db.example.com/db/prod?org=acme"), "{dsn}");
    let redacted = store.env.run_with_env(&["--store", &url, "open", ENV], &actor);
    assert!(!redacted.to_string().contains(&phrase), "{redacted}");
    assert!(
        !out.to_string().contains(&phrase) && !dry.to_string().contains(&phrase),
        "no secret in the rotation's output"
    );

    // Another actor's login is no valid separator (the input schema's limit): the rotation
    // evaluates with the context of whoever runs it, and rotates nothing.
    let other = store.env.run_with_env(&["--store", &url, "rotate", ENV], &[("ESCROT_ACTOR", "bob")]);
    assert_eq!(other.code, 1, "{other}");
    assert!(other.stdout.contains("Path: phrase, error: expected a string of at most length 1"), "{other}");
    assert_eq!(store.plaintext().0, 2);
}

/// `rotate --file`: the file's context (its name, `--org`).
#[test]
fn rotating_a_file_uses_its_context() {
    let env = TestEnv::new();
    env.write("prod.yaml", CONTEXT_DEFINITION);
    let url = env.store_url();
    let actor = [("ESCROT_ACTOR", "+")];
    let out = env.run_with_env(&["--store", &url, "--org", "umbrella", "rotate", "--file", "prod.yaml"], &actor);
    assert_eq!(out.code, 0, "{out}");
    let dsn = env.run_with_env(
        &["--store", &url, "--org", "umbrella", "open", "prod.yaml", "dsn", "--format", "string", "--show-secrets"],
        &actor,
    );
    let phrase = dsn.stdout.trim_end().strip_prefix("postgres://+:").and_then(|s| s.split_once('@')).map(|(p, _)| p);
    let phrase = phrase.unwrap_or_else(|| panic!("a dsn with the passphrase: {dsn}"));
    assert_eq!(phrase.split('+').count(), 4, "{dsn}");
    assert!(dsn.stdout.ends_with("@db.example.com/prod?org=umbrella\n"), "{dsn}");
}
