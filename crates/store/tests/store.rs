//! The store, end to end: the `Store` trait's behaviour on both backends (temporary SQLite
//! databases and databases of a real PostgreSQL server), then what is SQLite's own (key
//! files, file modes, WAL).

mod common;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::thread;

use common::{Backend, log_entry, name};
use escrot_esc::provider::{Decrypter, Encrypter};
use escrot_store::*;
use zeroize::Zeroizing;

fn open(dir: &Path) -> SqliteStore {
    SqliteStore::open(&StoreLocation::Sqlite(db(dir)), &KeySource::BesideDatabase).unwrap()
}

fn db(dir: &Path) -> PathBuf {
    dir.join("escrot.db")
}

on_both_backends!(
    create_read_commit_and_conflict,
    list_delete_and_recreate,
    tags_and_references,
    rotation_log_and_atomic_rotation_commit,
    journal_round_trip,
    journal_batches_are_one_transaction,
    concurrent_commits_from_the_same_revision_have_one_winner,
    many_writers_with_retries_lose_nothing,
    export_and_import_keep_every_history,
    read_only_stores_read_and_refuse_writes,
);

fn create_read_commit_and_conflict(b: &Backend) {
    let mut s = b.open();
    let n = name("db/prod");
    let r1 = s.create_environment(&n, "values: {a: 1}\n", "alice").unwrap();
    assert_eq!((r1.number, r1.kind, r1.author.as_str()), (1, RevisionKind::Create, "alice"));
    assert!(r1.created_at.ends_with('Z'));
    assert!(matches!(s.create_environment(&n, "", "bob"), Err(StoreError::AlreadyExists(_))));

    let r2 = s.commit_revision(&n, 1, "values: {a: 2}\n", RevisionKind::Edit, "bob").unwrap();
    assert_eq!(r2.number, 2);
    assert_eq!(s.latest(&n).unwrap(), r2);
    assert_eq!(s.revision(&n, 1).unwrap(), r1);

    // A writer that started from revision 1 loses, and nothing is written.
    let e = s.commit_revision(&n, 1, "values: {a: 3}\n", RevisionKind::Edit, "carol").unwrap_err();
    assert!(matches!(e, StoreError::Conflict { expected: 1, actual: 2, .. }), "{e:?}");
    assert!(e.to_string().contains("run it again"), "{e}");
    assert_eq!(s.latest(&n).unwrap().number, 2);

    let e = s.revision(&n, 7).unwrap_err();
    assert_eq!(e.to_string(), "environment 'acme/db/prod' has no revision 7 (its latest revision is 2)");
    let missing = name("db/nope");
    assert_eq!(s.latest(&missing).unwrap_err().to_string(), "environment 'acme/db/nope' does not exist");
    assert!(matches!(
        s.commit_revision(&missing, 1, "", RevisionKind::Edit, "x"),
        Err(StoreError::EnvironmentNotFound(_))
    ));

    let history = s.list_revisions(&n).unwrap();
    assert_eq!(
        history.iter().map(|m| (m.number, m.kind)).collect::<Vec<_>>(),
        [(2, RevisionKind::Edit), (1, RevisionKind::Create)]
    );
}

fn list_delete_and_recreate(b: &Backend) {
    let mut s = b.open();
    for n in ["acme/b/prod", "acme/a/dev", "other/x/y"] {
        s.create_environment(&name(n), "", "alice").unwrap();
    }
    s.commit_revision(&name("a/dev"), 1, "x: 1", RevisionKind::Edit, "bob").unwrap();
    let all: Vec<_> =
        s.list_environments(None).unwrap().into_iter().map(|e| (e.name.to_string(), e.latest_revision)).collect();
    assert_eq!(all, [("acme/a/dev".into(), 2), ("acme/b/prod".into(), 1), ("other/x/y".into(), 1)]);
    assert_eq!(s.list_environments(Some("other")).unwrap().len(), 1);

    s.delete_environment(&name("b/prod")).unwrap();
    assert_eq!(s.list_environments(Some("acme")).unwrap().len(), 1);
    assert!(matches!(s.latest(&name("b/prod")), Err(StoreError::EnvironmentNotFound(_))));
    assert!(matches!(s.delete_environment(&name("b/prod")), Err(StoreError::EnvironmentNotFound(_))));
    // The name can be used again, starting a new history.
    let r = s.create_environment(&name("b/prod"), "new", "carol").unwrap();
    assert_eq!(r.number, 1);
    assert_eq!(s.list_revisions(&name("b/prod")).unwrap().len(), 1);
}

fn tags_and_references(b: &Backend) {
    let mut s = b.open();
    let n = name("db/prod");
    s.create_environment(&n, "v1", "a").unwrap();
    s.commit_revision(&n, 1, "v2", RevisionKind::Edit, "a").unwrap();
    s.commit_revision(&n, 2, "v3", RevisionKind::Rollback, "a").unwrap();

    let t = s.set_tag(&n, "stable", 1).unwrap();
    assert_eq!((t.name.as_str(), t.revision), ("stable", 1));
    s.set_tag(&n, "canary", 3).unwrap();
    let r = |x: &str| s.resolve(&EnvRef::parse(x, "acme").unwrap()).map(|r| r.yaml);
    assert_eq!(r("db/prod@stable").unwrap(), "v1");
    assert_eq!(r("db/prod@2").unwrap(), "v2");
    assert_eq!(r("db/prod@latest").unwrap(), "v3");
    assert_eq!(r("acme/db/prod").unwrap(), "v3");
    assert_eq!(r("db/prod@nope").unwrap_err().to_string(), "environment 'acme/db/prod' has no tag 'nope'");
    assert!(matches!(r("db/prod@9"), Err(StoreError::RevisionNotFound { revision: 9, latest: 3, .. })));

    // Moving a tag.
    s.set_tag(&n, "stable", 2).unwrap();
    assert_eq!(s.resolve(&EnvRef::parse("db/prod@stable", "acme").unwrap()).unwrap().number, 2);
    let tags: Vec<_> = s.list_tags(&n).unwrap().into_iter().map(|t| (t.name, t.revision)).collect();
    assert_eq!(tags, [("canary".to_string(), 3), ("stable".to_string(), 2)]);
    let history = s.list_revisions(&n).unwrap();
    assert_eq!(history[0].tags, ["canary"]);
    assert_eq!(history[1].tags, ["stable"]);
    assert!(history[2].tags.is_empty());

    assert!(matches!(s.set_tag(&n, "x", 4), Err(StoreError::RevisionNotFound { .. })));
    assert!(matches!(s.set_tag(&n, "latest", 1), Err(StoreError::InvalidName(_))));
    assert!(matches!(s.set_tag(&n, "12", 1), Err(StoreError::InvalidName(_))));
    s.delete_tag(&n, "canary").unwrap();
    assert!(matches!(s.delete_tag(&n, "canary"), Err(StoreError::TagNotFound { .. })));
    assert_eq!(s.list_tags(&n).unwrap().len(), 1);
}

fn rotation_log_and_atomic_rotation_commit(b: &Backend) {
    let mut s = b.open();
    let n = name("db/prod");
    s.create_environment(&n, "v1", "a").unwrap();

    // A failed attempt that commits nothing.
    let a1 = AttemptId::generate().unwrap();
    s.append_rotation_log(&n, &[log_entry(&a1, "creds.app", RotationResult::Failed)]).unwrap();

    // A successful attempt: revision, log and journal in one transaction.
    let a2 = AttemptId::generate().unwrap();
    assert_ne!(a1, a2);
    let j1 = s.journal_begin(&n, &a2, "creds.app", "aws-iam", b"{\"new\":\"AKIA1\"}").unwrap();
    let j2 = s.journal_begin(&n, &a2, "creds.db", "postgres", b"{\"pw\":\"x\"}").unwrap();
    let rev = s
        .commit_rotation(
            &n,
            1,
            "v2",
            "rotator",
            &[
                log_entry(&a2, "creds.app", RotationResult::Succeeded),
                log_entry(&a2, "creds.db", RotationResult::RolledBack),
            ],
            &[JournalChange::Step(j1, JournalStep::Committed), JournalChange::Finish(j2)],
        )
        .unwrap();
    assert_eq!((rev.number, rev.kind), (2, RevisionKind::Rotation));

    let log = s.rotation_log(&n).unwrap();
    assert_eq!(log.len(), 3);
    // Newest first.
    assert_eq!((log[0].path.as_str(), log[0].result), ("creds.db", RotationResult::RolledBack));
    assert_eq!((log[0].revision_before, log[0].revision_after), (Some(1), None));
    assert_eq!((log[1].path.as_str(), log[1].result), ("creds.app", RotationResult::Succeeded));
    assert_eq!((log[1].revision_before, log[1].revision_after), (Some(1), Some(2)));
    assert_eq!(log[1].attempt, a2);
    assert_eq!(log[1].duration_ms, 1234);
    assert_eq!(log[2].attempt, a1);
    assert_eq!(log[2].error.as_deref(), Some("AccessDenied: iam:CreateAccessKey"));

    let pending = s.journal_pending(&n).unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!((pending[0].id, pending[0].step), (j1, JournalStep::Committed));
    assert_eq!(&pending[0].payload[..], b"{\"new\":\"AKIA1\"}");

    // A rotation commit that conflicts writes neither its log nor its journal changes.
    let before = s.rotation_log(&n).unwrap().len();
    let e = s
        .commit_rotation(
            &n,
            1,
            "v3",
            "r",
            &[log_entry(&a2, "x", RotationResult::Succeeded)],
            &[JournalChange::Finish(j1)],
        )
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict { expected: 1, actual: 2, .. }));
    assert_eq!(s.rotation_log(&n).unwrap().len(), before);
    assert_eq!(s.journal_pending(&n).unwrap().len(), 1);

    // A bad journal id fails the whole commit, revision included.
    let e = s.commit_rotation(&n, 2, "v3", "r", &[], &[JournalChange::Finish(j2)]).unwrap_err();
    assert!(matches!(e, StoreError::JournalEntryFinished(id) if id == j2), "{e:?}");
    let e = s.commit_rotation(&n, 2, "v3", "r", &[], &[JournalChange::Finish(JournalId(999))]).unwrap_err();
    assert!(matches!(e, StoreError::JournalEntryNotFound(_)), "{e:?}");
    assert_eq!(s.latest(&n).unwrap().number, 2);
}

fn journal_round_trip(b: &Backend) {
    let mut s = b.open();
    let (p, q) = (name("db/prod"), name("db/dev"));
    s.create_environment(&p, "", "a").unwrap();
    s.create_environment(&q, "", "a").unwrap();
    let attempt = AttemptId::generate().unwrap();

    let j = s.journal_begin(&p, &attempt, "creds", "postgres", b"planned").unwrap();
    let k = s.journal_begin(&q, &attempt, "creds", "postgres", b"other").unwrap();
    let e = &s.journal_pending(&p).unwrap()[0];
    assert_eq!((e.id, e.step, &e.payload[..], e.env.clone()), (j, JournalStep::Planned, &b"planned"[..], p.clone()));
    assert_eq!(e.attempt, attempt);
    assert!(!format!("{e:?}").contains("planned\""), "payload must not be in Debug: {e:?}");

    s.journal_update(j, JournalStep::Created, b"created").unwrap();
    s.journal_update(j, JournalStep::Verified, b"verified").unwrap();
    let e = &s.journal_pending(&p).unwrap()[0];
    assert_eq!((e.step, &e.payload[..]), (JournalStep::Verified, &b"verified"[..]));
    assert_eq!(s.journal_pending_all().unwrap().iter().map(|e| e.id).collect::<Vec<_>>(), [j, k]);

    // An environment with a rotation in flight cannot be deleted.
    let err = s.delete_environment(&p).unwrap_err();
    assert!(matches!(err, StoreError::PendingRotation { count: 1, .. }), "{err:?}");

    s.journal_finish(j).unwrap();
    s.journal_finish(j).unwrap(); // idempotent
    assert!(s.journal_pending(&p).unwrap().is_empty());
    assert!(matches!(s.journal_update(j, JournalStep::Retired, b""), Err(StoreError::JournalEntryFinished(_))));
    assert!(matches!(s.journal_finish(JournalId(42)), Err(StoreError::JournalEntryNotFound(_))));
    assert_eq!(s.journal_pending_all().unwrap().len(), 1);
    s.delete_environment(&p).unwrap();
}

/// `journal_write`: a batch begins, updates and finishes entries in one transaction, synced
/// or deferred (the same result either way, read back by another connection), and a batch
/// with one bad write writes nothing. The connection is still synced afterwards.
fn journal_batches_are_one_transaction(b: &Backend) {
    let mut s = b.open();
    let n = name("db/prod");
    s.create_environment(&n, "", "a").unwrap();
    let attempt = AttemptId::generate().unwrap();
    let begin = |path: &str, step: JournalStep, payload: &[u8]| JournalWrite::Begin {
        attempt: attempt.clone(),
        path: path.to_owned(),
        rotator: "aws-iam".to_owned(),
        step,
        payload: Zeroizing::new(payload.to_vec()),
    };
    let old = s.journal_begin(&n, &attempt, "old", "aws-iam", b"old").unwrap();
    let writes = [
        begin("a", JournalStep::Planned, b"intent a"),
        begin("b", JournalStep::Created, b"created b"),
        JournalWrite::Finish(old),
    ];
    let ids = s.journal_write(&n, &writes, JournalSync::Now).unwrap();
    assert_eq!(ids.len(), 3);
    assert_eq!(ids[2], old);
    let pending = b.open().journal_pending(&n).unwrap();
    let seen: Vec<_> = pending.iter().map(|e| (e.id, e.path.as_str(), e.step, e.payload.to_vec())).collect();
    assert_eq!(
        seen,
        [
            (ids[0], "a", JournalStep::Planned, b"intent a".to_vec()),
            (ids[1], "b", JournalStep::Created, b"created b".to_vec())
        ]
    );

    let update =
        JournalWrite::Update { id: ids[0], step: JournalStep::Created, payload: Zeroizing::new(b"created a".to_vec()) };
    s.journal_write(&n, &[update.clone(), JournalWrite::Finish(ids[1])], JournalSync::Deferred).unwrap();
    let pending = b.open().journal_pending(&n).unwrap();
    assert_eq!(pending.iter().map(|e| (e.id, e.step)).collect::<Vec<_>>(), [(ids[0], JournalStep::Created)]);
    assert_eq!(&pending[0].payload[..], b"created a");

    // An update of a finished entry fails the batch: the other writes are not made either.
    let bad = JournalWrite::Update { id: old, step: JournalStep::Created, payload: Zeroizing::new(b"x".to_vec()) };
    let e = s.journal_write(&n, &[begin("c", JournalStep::Planned, b"c"), bad], JournalSync::Deferred).unwrap_err();
    assert!(matches!(e, StoreError::JournalEntryFinished(id) if id == old), "{e:?}");
    assert_eq!(s.journal_pending(&n).unwrap().len(), 1);
    // Other writes after a deferred batch are made as before.
    s.commit_rotation(&n, 1, "v2", "r", &[], &[JournalChange::Finish(ids[0])]).unwrap();
    assert!(b.open().journal_pending(&n).unwrap().is_empty());
}

/// Every byte SQLite may have written: the database and its WAL files.
fn store_bytes(dir: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for f in ["escrot.db", "escrot.db-wal", "escrot.db-shm"] {
        if let Ok(b) = std::fs::read(dir.join(f)) {
            all.extend(b);
        }
    }
    all
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn journal_payloads_are_not_stored_in_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    let secret = b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY-0123456789";
    {
        let mut s = open(dir.path());
        let n = name("db/prod");
        s.create_environment(&n, "values: {}", "a").unwrap();
        let j = s.journal_begin(&n, &AttemptId::generate().unwrap(), "creds", "aws-iam", secret).unwrap();
        s.journal_update(j, JournalStep::Created, secret).unwrap();
        assert!(!contains(&store_bytes(dir.path()), secret));
        // Also after a checkpoint moves the WAL into the database file.
        drop(s);
        let s = open(dir.path());
        assert_eq!(&s.journal_pending(&n).unwrap()[0].payload[..], &secret[..]);
    }
    let bytes = store_bytes(dir.path());
    assert!(contains(&bytes, b"values: {}"), "sanity: the search sees stored text");
    assert!(!contains(&bytes, secret));
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn key_file_is_created_private_and_loose_ones_are_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("data/escrot");
    let s = open(&sub);
    let key_path = sub.join("escrot.key");
    assert_eq!(mode(&key_path), 0o600);
    assert_eq!(mode(&sub.join("escrot.db")), 0o600);
    assert_eq!(mode(&sub), 0o700);
    // SQLite gives its WAL files the database's mode.
    assert_eq!(mode(&sub.join("escrot.db-wal")), 0o600);
    // The key file holds the key in base64, as ESCROT_KEY would.
    let text = std::fs::read_to_string(&key_path).unwrap();
    assert_eq!(text.trim().as_bytes(), s.key().to_base64().as_bytes());
    assert!(!format!("{s:?}").contains(text.trim()));
    drop(s);
    // No temporary file left behind.
    assert_eq!(
        std::fs::read_dir(&sub)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .count(),
        0
    );

    std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let e = SqliteStore::open(&StoreLocation::Sqlite(db(&sub)), &KeySource::BesideDatabase).unwrap_err();
    assert!(matches!(e, StoreError::Key(KeyError::LoosePermissions { mode: 0o644, .. })), "{e:?}");
    let msg = e.to_string();
    assert!(msg.contains("must be 0600") && msg.contains(&format!("chmod 600 {}", key_path.display())), "{msg}");

    std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o400)).unwrap();
    open(&sub);
}

#[test]
fn injected_key_and_wrong_keys() {
    let dir = tempfile::tempdir().unwrap();
    let loc = StoreLocation::Sqlite(db(dir.path()));
    let key = StoreKey::generate("test").unwrap();
    let injected = KeySource::Base64(key.to_base64());
    let n = name("db/prod");
    {
        let mut s = SqliteStore::open(&loc, &injected).unwrap();
        s.create_environment(&n, "", "a").unwrap();
        s.journal_begin(&n, &AttemptId::generate().unwrap(), "p", "r", b"payload").unwrap();
        // Secrets the core encrypts through the store key decrypt with the same key only.
        let ct = s.key().encrypt(b"s3cret").unwrap();
        assert_eq!(key.decrypt(&ct).unwrap(), b"s3cret");
        let other = StoreKey::generate("other").unwrap();
        let msg = other.decrypt(&ct).unwrap_err().to_string();
        assert!(msg.starts_with("cannot decrypt: the store key does not match the key this secret was encrypted with"));
    }
    // An injected key makes no key file.
    assert!(!dir.path().join("escrot.key").exists());

    // The same key again: fine.
    let s = SqliteStore::open(&loc, &KeySource::Base64(Zeroizing::new(format!("{}\n", &*key.to_base64())))).unwrap();
    assert_eq!(&s.journal_pending(&n).unwrap()[0].payload[..], b"payload");
    drop(s);

    // Another key: refused at open, before anything is written with it.
    let other = StoreKey::generate("x").unwrap();
    let e = SqliteStore::open(&loc, &KeySource::Base64(other.to_base64())).unwrap_err();
    assert!(matches!(e, StoreError::Key(KeyError::Mismatch { .. })), "{e:?}");
    assert!(e.to_string().contains("does not match the key this store was created with"), "{e}");
    assert!(!e.to_string().contains(other.to_base64().as_str()));

    // No key given and no key file: a new key would decrypt nothing, so none is made.
    let e = SqliteStore::open(&loc, &KeySource::BesideDatabase).unwrap_err();
    assert!(matches!(e, StoreError::Key(KeyError::Missing { .. })), "{e:?}");
    assert!(e.to_string().contains("ESCROT_KEY"));
    assert!(!dir.path().join("escrot.key").exists());

    // A key file with another key: refused too.
    let key_file = dir.path().join("other.key");
    let e = SqliteStore::open(&loc, &KeySource::File(key_file.clone())).unwrap_err();
    assert!(matches!(e, StoreError::Key(KeyError::Missing { .. })), "{e:?}");

    // Garbage in ESCROT_KEY.
    let e = SqliteStore::open(&loc, &KeySource::Base64(Zeroizing::new("not-a-key".into()))).unwrap_err();
    assert!(matches!(e, StoreError::Key(KeyError::Invalid { .. })), "{e:?}");
    assert!(e.to_string().contains("ESCROT_KEY"));
}

#[test]
fn wrong_key_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path());
    s.create_environment(&name("db/prod"), "", "a").unwrap();
    drop(s);
    let key_path = dir.path().join("escrot.key");
    std::fs::remove_file(&key_path).unwrap();
    // Put another valid key in place (0600, as required).
    let other = StoreKey::generate("x").unwrap();
    std::fs::write(&key_path, other.to_base64().as_bytes()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let e = SqliteStore::open(&StoreLocation::Sqlite(db(dir.path())), &KeySource::BesideDatabase).unwrap_err();
    assert!(matches!(e, StoreError::Key(KeyError::Mismatch { .. })), "{e:?}");
    assert!(e.to_string().contains(&key_path.display().to_string()), "{e}");
}

#[test]
fn reopening_keeps_data_and_newer_schemas_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let n = name("db/prod");
    {
        let mut s = open(dir.path());
        s.create_environment(&n, "v1", "a").unwrap();
        s.set_tag(&n, "stable", 1).unwrap();
    }
    {
        let mut s = open(dir.path());
        assert_eq!(s.latest(&n).unwrap().yaml, "v1");
        s.commit_revision(&n, 1, "v2", RevisionKind::Edit, "b").unwrap();
    }
    let conn = rusqlite::Connection::open(db(dir.path())).unwrap();
    let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(v, SCHEMA_VERSION);
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    drop(conn);
    let e = SqliteStore::open(&StoreLocation::Sqlite(db(dir.path())), &KeySource::BesideDatabase).unwrap_err();
    assert!(matches!(e, StoreError::SchemaTooNew { .. }), "{e:?}");
    assert!(e.to_string().contains("upgrade escrot"), "{e}");
}

fn concurrent_commits_from_the_same_revision_have_one_winner(b: &Backend) {
    let n = name("db/prod");
    b.open().create_environment(&n, "v1", "a").unwrap();
    for round in 1..=20u64 {
        let barrier = Barrier::new(2);
        let results: Vec<_> = thread::scope(|scope| {
            let handles: Vec<_> = (0..2)
                .map(|i| {
                    let (n, barrier) = (&n, &barrier);
                    scope.spawn(move || {
                        // Each thread has its own store (its own connection), as two processes would.
                        let mut s = b.open();
                        let expected = s.latest(n).unwrap().number;
                        barrier.wait();
                        s.commit_revision(
                            n,
                            expected,
                            &format!("round {round} writer {i}"),
                            RevisionKind::Rotation,
                            "r",
                        )
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let wins = results.iter().filter(|r| r.is_ok()).count();
        let conflicts = results
            .iter()
            .filter(|r| matches!(r, Err(StoreError::Conflict { expected, actual, .. }) if *expected == round && *actual == round + 1))
            .count();
        assert_eq!((wins, conflicts), (1, 1), "round {round}: {results:?}");
    }
    assert_eq!(b.open().latest(&n).unwrap().number, 21);
}

fn many_writers_with_retries_lose_nothing(b: &Backend) {
    let n = name("db/prod");
    b.open().create_environment(&n, "v1", "a").unwrap();
    let (threads, commits) = (6, 10);
    thread::scope(|scope| {
        for _ in 0..threads {
            let n = &n;
            scope.spawn(move || {
                let mut s = b.open();
                let mut done = 0;
                while done < commits {
                    let latest = s.latest(n).unwrap().number;
                    match s.commit_revision(n, latest, "x", RevisionKind::Edit, "w") {
                        Ok(_) => done += 1,
                        Err(StoreError::Conflict { .. }) => {}
                        Err(e) => panic!("{e}"),
                    }
                }
            });
        }
    });
    let s = b.open();
    assert_eq!(s.latest(&n).unwrap().number, 1 + threads * commits);
    assert_eq!(s.list_revisions(&n).unwrap().len() as u64, 1 + threads * commits);
}

/// `store copy`'s two halves: what one store exports, another (of either backend) imports
/// as it was, deleted environments included; a store that holds anything is refused.
fn export_and_import_keep_every_history(b: &Backend) {
    let mut s = b.open();
    let (p, gone) = (name("db/prod"), name("db/old"));
    s.create_environment(&p, "v1", "alice").unwrap();
    s.commit_revision(&p, 1, "v2", RevisionKind::Edit, "bob").unwrap();
    let attempt = AttemptId::generate().unwrap();
    s.commit_rotation(&p, 2, "v3", "rotator", &[log_entry(&attempt, "creds", RotationResult::Succeeded)], &[]).unwrap();
    s.append_rotation_log(&p, &[log_entry(&attempt, "other", RotationResult::Failed)]).unwrap();
    s.set_tag(&p, "stable", 2).unwrap();
    s.create_environment(&gone, "old", "carol").unwrap();
    s.delete_environment(&gone).unwrap();
    s.create_environment(&gone, "again", "dave").unwrap();
    let exported = s.export_environments().unwrap();
    assert_eq!(exported.len(), 3);
    assert_eq!(exported[0].revisions.len(), 3);
    assert_eq!(exported[0].rotation_log.len(), 2);
    assert!(exported[1].deleted_at.is_some() && exported[2].deleted_at.is_none());

    for target in [Backend::sqlite()].into_iter().chain(Backend::postgres("import_target")) {
        let mut t = target.open();
        t.import_environments(&exported).unwrap();
        assert_eq!(t.export_environments().unwrap(), exported);
        assert_eq!(t.list_revisions(&p).unwrap(), s.list_revisions(&p).unwrap());
        assert_eq!(t.rotation_log(&p).unwrap(), s.rotation_log(&p).unwrap());
        assert_eq!(t.list_tags(&p).unwrap(), s.list_tags(&p).unwrap());
        assert_eq!(t.latest(&gone).unwrap().yaml, "again");
        // A store that holds environments (here: the copy) is not a destination.
        let e = t.import_environments(&exported).unwrap_err();
        assert!(matches!(e, StoreError::DestinationNotEmpty { count: 3, .. }), "{e:?}");
        assert_eq!(t.export_environments().unwrap().len(), 3);
        // New revisions continue the copied numbering.
        assert_eq!(t.commit_revision(&p, 3, "v4", RevisionKind::Edit, "erin").unwrap().number, 4);
    }
}

fn read_only_stores_read_and_refuse_writes(b: &Backend) {
    let n = name("db/prod");
    b.open().create_environment(&n, "v1", "a").unwrap();
    let mut r = b.open_read_only();
    assert_eq!(r.latest(&n).unwrap().yaml, "v1");
    assert_eq!(r.list_environments(None).unwrap().len(), 1);
    assert!(r.commit_revision(&n, 1, "v2", RevisionKind::Edit, "b").is_err());
    assert_eq!(b.open().latest(&n).unwrap().number, 1);
}

#[test]
fn concurrent_first_opens_agree_on_one_key() {
    let dir = tempfile::tempdir().unwrap();
    let barrier = Arc::new(Barrier::new(8));
    let keys: Vec<_> = (0..8)
        .map(|_| {
            let (dir, barrier) = (dir.path().to_owned(), Arc::clone(&barrier));
            thread::spawn(move || {
                barrier.wait();
                let s = SqliteStore::open(&StoreLocation::Sqlite(db(&dir)), &KeySource::BesideDatabase)?;
                Ok::<_, StoreError>(s.key().to_base64())
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().unwrap().unwrap())
        .collect();
    assert!(keys.windows(2).all(|w| w[0] == w[1]));
}
