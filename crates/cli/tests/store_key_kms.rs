//! `escrot store key`: the store key wrapped with AWS KMS (moto, with authentication on),
//! then opened by runners that have AWS credentials and nothing else; wrong keys and
//! missing permissions; the wrapping key and the data key rotated. Every output and the
//! database file are searched for the secrets and for the data keys.

use std::cell::RefCell;

use aws_sdk_kms::primitives::Blob;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use escrot_store::{EnvName, RevisionKind, Store, StoreError};

use crate::common::{Output, STORE_FILE, TestEnv};
use crate::support::moto::{Key, Moto, MotoGuard};

const ENV: &str = "acme/app/prod";
const OTHER: &str = "acme/app/dev";
const SECRET: &str = "s3cr3t-Db-pa55word-7Q2x";
const SECRET2: &str = "an0ther-s3cret-K9wz";

const DEFINITION: &str = "values:\n  db:\n    password:\n      fn::secret: s3cr3t-Db-pa55word-7Q2x\n  app:\n    \
                          fn::rotate::password:\n      inputs:\n        length: 20\n";

struct World {
    moto: MotoGuard,
    env: TestEnv,
    /// May do anything with KMS (and IAM, to set up users).
    admin: Key,
    /// May only encrypt with KMS keys: no kms:Decrypt.
    runner: Key,
    /// What no output and no byte of the database may hold.
    secrets: RefCell<Vec<String>>,
}

impl World {
    /// moto with authentication on, a user `admin` allowed everything, and a store holding
    /// `ENV` (revision 1) made with its key file.
    fn new() -> Option<World> {
        let moto = Moto::lock()?;
        moto.create_user("admin");
        moto.put_policy("admin", &["kms:*", "iam:*", "sts:*"]);
        let admin = moto.create_key("admin");
        moto.create_user("runner");
        moto.put_policy("runner", &["kms:Encrypt", "kms:DescribeKey"]);
        let runner = moto.create_key("runner");
        let secrets = RefCell::new(vec![admin.secret.clone(), runner.secret.clone()]);
        let world = World { moto, env: TestEnv::new(), admin, runner, secrets };
        world.remember(SECRET);
        world.remember(SECRET2);
        world.env.init(ENV, DEFINITION);
        world.remember_key(&world.key_file_bytes());
        world.moto.enforce_auth();
        Some(world)
    }

    fn remember(&self, secret: &str) {
        self.secrets.borrow_mut().push(secret.to_owned());
    }

    /// A data key: its base64 (as ESCROT_KEY and key files hold it) must appear nowhere.
    fn remember_key(&self, raw: &[u8]) {
        self.remember(&BASE64.encode(raw));
        assert_eq!(raw.len(), 32);
    }

    fn key_file(&self) -> std::path::PathBuf {
        self.env.path().join(STORE_FILE).with_extension("key")
    }

    fn key_file_bytes(&self) -> Vec<u8> {
        let text = std::fs::read_to_string(self.key_file()).expect("the key file");
        BASE64.decode(text.trim()).expect("base64")
    }

    fn kms_key(&self) -> String {
        self.moto.create_kms_key(&self.admin)
    }

    /// Runs escrot on the store, signed with `creds`, with no ESCROT_KEY unless `extra`
    /// sets it; checks that no secret is in its output (unless `shows_secrets`, for stdout).
    fn run_as(&self, creds: &Key, args: &[&str], extra: &[(&str, &str)], shows_secrets: bool) -> Output {
        let moto_env = self.moto.env();
        let mut vars: Vec<(&str, &str)> = moto_env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        vars.extend([("AWS_ACCESS_KEY_ID", creds.id.as_str()), ("AWS_SECRET_ACCESS_KEY", creds.secret.as_str())]);
        vars.extend_from_slice(extra);
        let out = self.env.esc_with_env(args, &vars);
        for s in self.secrets.borrow().iter() {
            assert!(shows_secrets || !out.stdout.contains(s.as_str()), "a secret in stdout: {out}");
            assert!(!out.stderr.contains(s.as_str()), "a secret in stderr: {out}");
        }
        out
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_as(&self.admin, args, &[], false)
    }

    /// The plaintext of a secret, as `open … --show-secrets` prints it (without its newline).
    fn secret(&self, reference: &str, path: &str) -> Output {
        let mut out =
            self.run_as(&self.admin, &["open", reference, path, "--format", "string", "--show-secrets"], &[], true);
        out.stdout = out.stdout.trim_end_matches('\n').to_owned();
        out
    }

    /// The store's current data key, unwrapped through KMS as a runner would.
    fn current_data_key(&self) -> Vec<u8> {
        let db = rusqlite::Connection::open(self.env.path().join(STORE_FILE)).expect("open the database");
        let meta = |name: &str| -> Vec<u8> {
            db.query_row("SELECT value FROM meta WHERE name = ?1", [name], |r| r.get(0)).expect(name)
        };
        let text = |name: &str| String::from_utf8(meta(name)).expect("text");
        let kms = self.moto.kms(&self.admin);
        let out = self
            .moto
            .block_on(
                kms.decrypt()
                    .ciphertext_blob(Blob::new(meta("wrapped_key")))
                    .encryption_context("application", "escrot")
                    .encryption_context("escrot:store", text("store_id"))
                    .send(),
            )
            .expect("kms:Decrypt of the wrapped key with the store's encryption context");
        out.plaintext().expect("a plaintext").as_ref().to_vec()
    }

    /// No secret and no data key (base64 or raw) in the database files.
    fn assert_nothing_in_the_database(&self, raw_keys: &[Vec<u8>]) {
        let bytes = self.env.store_bytes();
        for s in self.secrets.borrow().iter() {
            assert!(!bytes.windows(s.len()).any(|w| w == s.as_bytes()), "a secret in the database file");
        }
        for k in raw_keys {
            assert!(!bytes.windows(k.len()).any(|w| w == k.as_slice()), "a raw data key in the database file");
        }
    }
}

fn assert_ok(out: &Output) {
    assert_eq!(out.code, 0, "{out}");
}

#[test]
fn a_wrapped_store_opens_with_aws_credentials_alone() {
    let Some(w) = World::new() else { return };
    let arn = w.kms_key();
    let original = w.key_file_bytes();

    let out = w.run(&["store", "key", "wrap", "--kms", &arn]);
    assert_ok(&out);
    let key_file = w.key_file().display().to_string();
    assert_eq!(
        out.stdout.replace(&arn, "[ARN]").replace(&key_file, "[KEY FILE]"),
        "Wrapped the store key with KMS key [ARN].\nRunners allowed kms:Decrypt on it now open the store with AWS \
         credentials alone: no key file, no ESCROT_KEY.\nThe key file [KEY FILE] is no longer read. Once a runner \
         has opened the store through KMS, delete it (keep a copy offline only as a way in without KMS).\n"
    );
    // The data key did not change; KMS holds it, wrapped with the store's context.
    assert_eq!(w.current_data_key(), original);

    std::fs::remove_file(w.key_file()).expect("delete the key file");
    let out = w.run(&["store", "key", "status"]);
    assert_ok(&out);
    assert_eq!(
        out.stdout.replace(&arn, "[ARN]"),
        "opened with: KMS key [ARN]\nwrapped: with [ARN] (aws-kms)\nretired data keys: 0\n"
    );
    assert_eq!(w.secret(ENV, "db.password").stdout, SECRET);
    assert_ok(&w.run(&["set", ENV, "db.other", SECRET2, "--secret"]));
    assert_eq!(w.secret(ENV, "db.other").stdout, SECRET2);
    // A rotation journals (encrypted) and commits with the unwrapped key.
    assert_ok(&w.run(&["rotate", ENV]));
    let rotated = w.secret(ENV, "app.current");
    assert_eq!((rotated.code, rotated.stdout.len()), (0, 20), "{rotated}");
    w.remember(&rotated.stdout);
    assert!(!w.key_file().exists(), "no key file was made again");
    w.assert_nothing_in_the_database(&[original]);

    // Wrapping twice is refused, with what to do instead.
    let out = w.run(&["store", "key", "wrap", "--kms", &arn]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("already wrapped") && out.stderr.contains("store key rotate --kms"), "{out}");
}

#[test]
fn a_wrong_kms_key_or_a_wrong_explicit_key_is_a_clear_error() {
    let Some(w) = World::new() else { return };
    let missing = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000";
    let out = w.run(&["store", "key", "wrap", "--kms", missing]);
    assert_eq!(out.code, 2, "{out}");
    assert!(
        out.stderr
            .contains(&format!("cannot wrap the store key with KMS key {missing}: kms:Encrypt: NotFoundException")),
        "{out}"
    );
    // Nothing was wrapped: the key file still opens the store.
    let out = w.run(&["store", "key", "status"]);
    assert!(out.stdout.contains("wrapped: no"), "{out}");

    let arn = w.kms_key();
    assert_ok(&w.run(&["store", "key", "wrap", "--kms", &arn]));
    let wrong = BASE64.encode([7u8; 32]);
    let out = w.run_as(&w.admin, &["get", ENV], &[("ESCROT_KEY", &wrong)], false);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains(&format!("is wrapped with KMS key {arn}: unset ESCROT_KEY")), "{out}");
    // The right key in ESCROT_KEY still opens it (explicit, checked).
    let right = BASE64.encode(w.key_file_bytes());
    assert_ok(&w.run_as(&w.admin, &["get", ENV], &[("ESCROT_KEY", &right)], false));
    std::fs::remove_file(w.key_file()).expect("delete the key file");

    // The wrapped key moved to another store (another store id in its encryption
    // context): KMS refuses to decrypt it.
    let db = rusqlite::Connection::open(w.env.path().join(STORE_FILE)).expect("open the database");
    let id: Vec<u8> = db.query_row("SELECT value FROM meta WHERE name = 'store_id'", [], |r| r.get(0)).unwrap();
    db.execute("UPDATE meta SET value = ?1 WHERE name = 'store_id'", [b"another-store".to_vec()]).unwrap();
    let out = w.run(&["get", ENV]);
    assert_eq!(out.code, 2, "{out}");
    assert!(
        out.stderr.contains(&format!("cannot unwrap the store key with KMS key {arn}: kms:Decrypt: InvalidCiphertext")),
        "{out}"
    );
    db.execute("UPDATE meta SET value = ?1 WHERE name = 'store_id'", [id]).unwrap();
    assert_ok(&w.run(&["get", ENV]));

    // The KMS key is gone (moto emptied): KMS's own message, exit 2.
    w.moto.reset();
    let out = w.run(&["get", ENV]);
    assert_eq!(out.code, 2, "{out}");
    assert!(
        out.stderr.contains(&format!("cannot unwrap the store key with KMS key {arn}: kms:Decrypt: NotFoundException")),
        "{out}"
    );
}

#[test]
fn a_runner_without_kms_decrypt_gets_kms_access_denied() {
    let Some(w) = World::new() else { return };
    let arn = w.kms_key();
    assert_ok(&w.run(&["store", "key", "wrap", "--kms", &arn]));
    std::fs::remove_file(w.key_file()).expect("delete the key file");

    let out = w.run_as(&w.runner, &["get", ENV], &[], false);
    assert_eq!(out.code, 2, "{out}");
    assert!(
        out.stderr.contains(&format!("cannot unwrap the store key with KMS key {arn}: kms:Decrypt: AccessDenied")),
        "{out}"
    );
    // Without any credentials: the credential chain's message.
    let out = w.run_as(&Key { id: String::new(), secret: String::new() }, &["get", ENV], &[], false);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("kms:Decrypt"), "{out}");
    assert_ok(&w.run(&["get", ENV]));
}

#[test]
fn rotating_the_data_key_adds_a_revision_everywhere_and_keeps_history_readable() {
    let Some(w) = World::new() else { return };
    w.env.init(OTHER, "values:\n  token:\n    fn::secret: an0ther-s3cret-K9wz\n");
    assert_ok(&w.run(&["set", OTHER, "plain", "1"]));
    let arn = w.kms_key();
    assert_ok(&w.run(&["store", "key", "wrap", "--kms", &arn]));
    let old = w.key_file_bytes();

    // Refused while a rotation is unfinished in the journal.
    let out = w.run_as(&w.admin, &["rotate", ENV], &[("ESCROT_FAILPOINT", "after-create")], false);
    assert_ne!(out.code, 0, "{out}");
    let out = w.run(&["store", "key", "rotate"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("1 unfinished rotation step(s) in its journal (environments: acme/app/prod)"), "{out}");
    assert_ok(&w.run(&["rotate", ENV]));
    let before = w.run(&["version", "history", ENV]).stdout;
    let rotated = w.secret(ENV, "app.current").stdout;
    assert!(!rotated.is_empty());
    w.remember(&rotated);

    // A writer that opened the store before the new data key (here with the old key, given
    // explicitly), and commits after it.
    let old_b64 = zeroize::Zeroizing::new(BASE64.encode(&old));
    let mut stale = escrot_store::SqliteStore::open_path(
        &w.env.path().join(STORE_FILE),
        &escrot_store::KeySource::Base64(old_b64.clone()),
    )
    .expect("open with the old key");
    let latest = stale.latest(&EnvName::parse(OTHER, "acme").unwrap()).expect("the latest revision");

    let out = w.run(&["store", "key", "rotate"]);
    assert_ok(&out);
    let refused = stale
        .commit_revision(&EnvName::parse(OTHER, "acme").unwrap(), 3, &latest.yaml, RevisionKind::Edit, "stale")
        .expect_err("nothing is committed under a retired key");
    assert!(matches!(refused, StoreError::KeyChanged), "{refused}");
    let refused = stale
        .create_environment(&EnvName::parse("acme/app/new", "acme").unwrap(), "values: {}\n", "stale")
        .expect_err("nothing is created with a retired key");
    assert!(matches!(refused, StoreError::KeyChanged), "{refused}");
    assert_eq!(
        out.stdout.replace(&arn, "[ARN]"),
        "Rotated the data key: a new one, wrapped with KMS key [ARN]; 2 environment(s) re-encrypted with it, each as \
         a new revision:\n  acme/app/dev: revision 3\n  acme/app/prod: revision 3\nOlder revisions stay readable: \
         the store keeps the replaced data key, sealed with the new one. A key file or ESCROT_KEY holding the old \
         key no longer opens the store.\n"
    );
    let new = w.current_data_key();
    assert_ne!(new, old);
    w.remember_key(&new);

    // Latest and older revisions decrypt; the stale key file beside the database is not read.
    assert!(w.key_file().exists());
    for (reference, path, value) in [
        (format!("{ENV}@3"), "db.password", SECRET),
        (format!("{ENV}@1"), "db.password", SECRET),
        (format!("{ENV}@3"), "app.current", rotated.as_str()),
        (format!("{ENV}@2"), "app.current", rotated.as_str()),
        (format!("{OTHER}@3"), "token", SECRET2),
        (format!("{OTHER}@1"), "token", SECRET2),
    ] {
        let out = w.secret(&reference, path);
        assert_eq!((out.code, out.stdout.as_str()), (0, value), "{reference} {path}: {out}");
    }
    let history = w.run(&["version", "history", ENV]).stdout;
    assert!(history.lines().count() > before.lines().count(), "{history}");
    // The old key is refused where it is given explicitly.
    let out = w.run_as(&w.admin, &["get", ENV], &[("ESCROT_KEY", &BASE64.encode(&old))], false);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("unset ESCROT_KEY"), "{out}");
    // The new revisions hold ciphertexts of the new key only: the old one no longer opens them.
    let status = w.run(&["store", "key", "status"]);
    assert!(status.stdout.ends_with("retired data keys: 1\n"), "{status}");
    assert_ok(&w.run(&["rotate", ENV]));
    w.assert_nothing_in_the_database(&[old, new.clone()]);
    // The new data key is in no file at all (only the old key file, left by the user, is there).
    let b64 = BASE64.encode(&new);
    for entry in std::fs::read_dir(w.env.path()).expect("the test directory") {
        let path = entry.expect("an entry").path();
        let bytes = std::fs::read(&path).unwrap_or_default();
        for needle in [new.as_slice(), b64.as_bytes()] {
            assert!(!bytes.windows(needle.len()).any(|x| x == needle), "the new data key in {}", path.display());
        }
    }
}

/// The signing key of fn::rotate::external requests is not re-sealed by a data key
/// rotation: it still opens (through the retired data key), so `escrot jwks` reads the same
/// key, creating none, and a signing key rotation after it seals the new key with the new
/// data key.
#[test]
fn the_signing_key_survives_a_data_key_rotation() {
    let Some(w) = World::new() else { return };
    let first = w.run(&["jwks"]);
    assert_ok(&first);
    assert_ok(&w.run(&["store", "key", "wrap", "--kms", &w.kms_key()]));
    assert_ok(&w.run(&["store", "key", "rotate"]));
    // Reading the current key decrypts and parses its private half (and checks its kid).
    let after = w.run(&["jwks"]);
    assert_eq!((after.stdout.as_str(), after.stderr.as_str(), after.code), (first.stdout.as_str(), "", 0));
    assert_ok(&w.run(&["jwks", "rotate"]));
    let rotated = w.run(&["jwks"]);
    assert_ok(&rotated);
    let set: serde_json::Value = serde_json::from_str(&rotated.stdout).unwrap();
    assert_eq!(set["keys"].as_array().map(Vec::len), Some(2), "{rotated}");
}

#[test]
fn rotating_the_wrapping_key_rewraps_the_same_data_key() {
    let Some(w) = World::new() else { return };
    let (first, second) = (w.kms_key(), w.kms_key());
    let out = w.run(&["store", "key", "rotate", "--kms", &second]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("not wrapped with KMS") && out.stderr.contains("store key wrap --kms"), "{out}");
    assert_ok(&w.run(&["store", "key", "wrap", "--kms", &first]));
    let data_key = w.current_data_key();
    std::fs::remove_file(w.key_file()).expect("delete the key file");

    let out = w.run(&["store", "key", "rotate", "--kms", &second]);
    assert_ok(&out);
    assert_eq!(
        out.stdout.replace(&first, "[ARN1]").replace(&second, "[ARN2]"),
        "Wrapped the store key with KMS key [ARN2] (it was wrapped with [ARN1]).\nThe data key did not change: no \
         secret was re-encrypted. Runners now need kms:Decrypt on this KMS key.\n"
    );
    assert_eq!(w.current_data_key(), data_key);
    let status = w.run(&["store", "key", "status"]);
    assert!(status.stdout.contains(&format!("wrapped: with {second} (aws-kms)")), "{status}");
    assert_eq!(w.secret(ENV, "db.password").stdout, SECRET);
    let history = w.run(&["version", "history", ENV, "--output", "json"]);
    assert_eq!(history.stdout.matches("\"revision\"").count(), 1, "no revision for a re-wrap: {history}");
}

#[test]
fn files_rotated_with_a_wrapped_store_key_need_no_key_file() {
    let Some(w) = World::new() else { return };
    let arn = w.kms_key();
    assert_ok(&w.run(&["store", "key", "wrap", "--kms", &arn]));
    std::fs::remove_file(w.key_file()).expect("delete the key file");
    w.env.write("prod.yaml", "values:\n  app:\n    fn::rotate::password:\n      inputs:\n        length: 20\n");

    assert_ok(&w.run(&["rotate", "--file", "prod.yaml"]));
    let text = std::fs::read_to_string(w.env.path().join("prod.yaml")).expect("the rotated file");
    assert!(text.contains("ciphertext"), "{text}");
    // Its ciphertexts need the store key again: unwrapped through KMS, with no key file.
    assert_ok(&w.run(&["rotate", "--file", "prod.yaml"]));
    let out =
        w.run_as(&w.admin, &["open", "prod.yaml", "app.current", "--format", "string", "--show-secrets"], &[], true);
    assert_eq!((out.code, out.stdout.trim_end().len()), (0, 20), "{out}");
    w.remember(out.stdout.trim_end());
    // A runner KMS refuses gets KMS's message for the file too.
    let out = w.run_as(&w.runner, &["rotate", "--file", "prod.yaml"], &[], false);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("kms:Decrypt: AccessDenied"), "{out}");
    assert!(!w.key_file().exists());
}

/// The PostgreSQL store wraps, opens and rekeys through the same envelope code (as the
/// library: the binary opens PostgreSQL stores once `--store postgres://` reaches it).
#[test]
fn a_postgres_store_opens_and_rotates_its_data_key_through_kms() {
    use escrot_esc::crypt::encrypt_document;
    use escrot_esc::provider::{Decrypter, Encrypter};
    use escrot_rotation::aws::kms::KmsKeyWrapper;
    use escrot_store::{KeySource, PostgresLocation, PostgresStore, StoreKey};

    let Some(w) = World::new() else { return };
    let Some(server) = crate::support::databases::postgres() else { return };
    let db = server.store_database("kms");
    let location = PostgresLocation::parse(&db.url()).expect("a PostgreSQL location");
    let wrapper = KmsKeyWrapper::with_config(w.moto.sdk_config(&w.admin));
    let arn = w.kms_key();
    let explicit = KeySource::Base64(StoreKey::generate("test").unwrap().to_base64());
    let env = EnvName::parse(ENV, "acme").unwrap();

    let mut store = PostgresStore::open(&location, &explicit).expect("open with ESCROT_KEY");
    let key = store.key();
    let yaml = encrypt_document(ENV, DEFINITION, key.as_ref() as &dyn Encrypter).unwrap();
    store.create_environment(&env, &yaml, "test").unwrap();
    let change = escrot_store::envelope::wrap_change(&store, &key, &wrapper, &arn, false).expect("wrap");
    store.commit_key_change(&change, "test").expect("commit the wrap");
    drop(store);

    // No ESCROT_KEY: without a wrapper the store says what it needs; with KMS it opens.
    let e = PostgresStore::open(&location, &KeySource::BesideDatabase).unwrap_err();
    assert!(e.to_string().contains(&format!("wrapped with aws-kms key {arn}")), "{e}");
    let opened = PostgresStore::open_with_wrapper(&location, &KeySource::BesideDatabase, Some(&wrapper)).unwrap();
    let plain = escrot_esc::crypt::decrypt_document(
        ENV,
        &opened.latest(&env).unwrap().yaml,
        opened.key().as_ref() as &dyn Decrypter,
    )
    .unwrap();
    assert!(plain.contains(SECRET));

    // A new data key: a new revision, the old one still readable, a stale writer refused.
    let mut stale = PostgresStore::open(&location, &explicit).expect("open with the old key");
    let store: std::sync::Arc<std::sync::Mutex<dyn Store>> = std::sync::Arc::new(std::sync::Mutex::new(opened));
    let done = escrot_rotation::store_key::rotate_data_key(&store, &key, &wrapper, "test").expect("a new data key");
    assert_eq!(done.revisions, vec![(env.clone(), 2)]);
    let reopened =
        PostgresStore::open_read_only_with_wrapper(&location, &KeySource::BesideDatabase, Some(&wrapper)).unwrap();
    let new_key = reopened.key();
    for number in [1, 2] {
        let text = reopened.revision(&env, number).unwrap().yaml;
        let plain = escrot_esc::crypt::decrypt_document(ENV, &text, new_key.as_ref() as &dyn Decrypter).unwrap();
        assert!(plain.contains(SECRET), "revision {number}");
    }
    let latest = reopened.latest(&env).unwrap().yaml;
    assert!(
        escrot_esc::crypt::decrypt_document(ENV, &latest, key.as_ref() as &dyn Decrypter).is_err(),
        "the old key opens the new revision"
    );
    let e = stale.commit_revision(&env, 2, &latest, RevisionKind::Edit, "stale").unwrap_err();
    assert!(matches!(e, StoreError::KeyChanged), "{e}");
    let e = PostgresStore::open(&location, &explicit).unwrap_err();
    assert!(e.to_string().contains("unset ESCROT_KEY"), "{e}");
}

/// `store copy` of a wrapped store: the copy is wrapped the same way, keeps its history
/// readable (the retired data keys come along) and gets no key file.
#[test]
fn a_copy_of_a_wrapped_store_stays_wrapped() {
    let Some(w) = World::new() else { return };
    let arn = w.kms_key();
    assert_ok(&w.run(&["store", "key", "wrap", "--kms", &arn]));
    assert_ok(&w.run(&["store", "key", "rotate"]));
    std::fs::remove_file(w.key_file()).expect("delete the key file");
    w.remember_key(&w.current_data_key());

    let mut destinations = vec![format!("sqlite:{}", w.env.path().join("copy.db").display())];
    let pg = crate::support::databases::postgres().map(|server| server.store_database("kms_copy"));
    destinations.extend(pg.as_ref().map(|db| db.url()));
    for to in &destinations {
        let out = w.run(&["store", "copy", "--from", &w.env.store_url(), "--to", to]);
        assert_ok(&out);
        assert!(!w.env.path().join("copy.key").exists(), "no key file for a wrapped copy");
        let status = w.run(&["--store", to, "store", "key", "status"]);
        assert_eq!(
            status.stdout.replace(&arn, "[ARN]"),
            "opened with: KMS key [ARN]\nwrapped: with [ARN] (aws-kms)\nretired data keys: 1\n",
            "{to}"
        );
        for reference in [format!("{ENV}@1"), format!("{ENV}@2")] {
            let out = w.run_as(
                &w.admin,
                &["--store", to, "open", &reference, "db.password", "--format", "string", "--show-secrets"],
                &[],
                true,
            );
            assert_eq!((out.code, out.stdout.trim_end()), (0, SECRET), "{to} {reference}: {out}");
        }
    }
    let bytes = std::fs::read(w.env.path().join("copy.db")).expect("the copy");
    for s in w.secrets.borrow().iter() {
        assert!(!bytes.windows(s.len()).any(|x| x == s.as_bytes()), "a secret or key in the copy");
    }
}
