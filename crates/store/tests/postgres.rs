//! What is the PostgreSQL store's own: migrations, the key check, the advisory rotation
//! lock across processes, its messages (never the password), and being called from inside
//! tokio. (The `Store` trait's behaviour is tested on both backends in `store.rs`.)

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use common::{Backend, name};
use escrot_store::lock::LockWait;
use escrot_store::*;
use escrot_testkit::databases::{self, StoreDatabase};
use zeroize::Zeroizing;

/// A fresh database, or `None` when PostgreSQL is not installed.
fn database(tag: &str) -> Option<(StoreDatabase, PostgresLocation)> {
    let db = databases::postgres()?.store_database(tag);
    let location = PostgresLocation::parse(&db.url()).unwrap();
    Some((db, location))
}

fn key() -> KeySource {
    KeySource::Base64(StoreKey::generate("test").unwrap().to_base64())
}

fn versions(db: &StoreDatabase) -> Vec<Option<String>> {
    let server = databases::postgres().unwrap();
    server.admin_query_in(&db.database, "SELECT version::text FROM schema_migrations ORDER BY version")
}

#[test]
fn migrations_from_empty_and_newer_versions_are_refused() {
    let Some((db, location)) = database("migrations") else { return };
    // An empty database is no store yet: reading it says how to make one, and makes nothing.
    let e = PostgresStore::open_read_only(&location, &key()).unwrap_err();
    assert!(matches!(e, StoreError::NoStoreYet { .. }), "{e:?}");
    assert!(e.to_string().contains("escrot store migrate"), "{e}");

    assert_eq!(PostgresStore::migrate(&location).unwrap(), SCHEMA_VERSION);
    let all: Vec<_> = (1..=SCHEMA_VERSION).map(|v| Some(v.to_string())).collect();
    assert_eq!(versions(&db), all);
    // Again: nothing to do.
    assert_eq!(PostgresStore::migrate(&location).unwrap(), SCHEMA_VERSION);
    assert_eq!(versions(&db), all);
    PostgresStore::open_read_only(&location, &key()).unwrap();

    // A newer escrot migrated it: refused, by every way in.
    databases::postgres().unwrap().admin_sql_in(
        &db.database,
        &format!("INSERT INTO schema_migrations VALUES ({}, 'now', '99.0.0')", SCHEMA_VERSION + 1),
    );
    for e in [
        PostgresStore::migrate(&location).unwrap_err(),
        PostgresStore::open(&location, &key()).unwrap_err(),
        PostgresStore::open_read_only(&location, &key()).unwrap_err(),
    ] {
        assert!(matches!(e, StoreError::StoreSchemaTooNew { found, .. } if found == SCHEMA_VERSION + 1), "{e:?}");
        assert!(e.to_string().contains("upgrade escrot"), "{e}");
    }
}

#[test]
fn concurrent_first_opens_migrate_once() {
    let Some((db, location)) = database("first_opens") else { return };
    let key = StoreKey::generate("test").unwrap().to_base64();
    let barrier = Barrier::new(6);
    std::thread::scope(|scope| {
        for _ in 0..6 {
            let (location, key, barrier) = (&location, key.clone(), &barrier);
            scope.spawn(move || {
                barrier.wait();
                PostgresStore::open(location, &KeySource::Base64(key)).unwrap();
            });
        }
    });
    assert_eq!(versions(&db).len() as i64, SCHEMA_VERSION);
}

#[test]
fn the_key_is_checked_at_open_and_required() {
    let Some((db, location)) = database("keys") else { return };
    // No ESCROT_KEY: a clear error that says how to get one, before connecting.
    let e = PostgresStore::open(&location, &KeySource::BesideDatabase).unwrap_err();
    assert!(matches!(e, StoreError::Key(KeyError::Required { .. })), "{e:?}");
    let msg = e.to_string();
    assert!(msg.contains("ESCROT_KEY") && msg.contains("openssl rand -base64 32"), "{msg}");
    assert!(msg.contains(&db.shown_url()) && !msg.contains(&db.password), "{msg}");

    // The first open with a key initialises the store with it.
    let first = StoreKey::generate("test").unwrap().to_base64();
    let mut s = PostgresStore::open(&location, &KeySource::Base64(first.clone())).unwrap();
    let n = name("db/prod");
    s.create_environment(&n, "v1", "a").unwrap();
    s.journal_begin(&n, &AttemptId::generate().unwrap(), "p", "r", b"in flight").unwrap();
    drop(s);
    // Another key: refused at open, for writing and for reading.
    let other = StoreKey::generate("x").unwrap().to_base64();
    for e in [
        PostgresStore::open(&location, &KeySource::Base64(other.clone())).unwrap_err(),
        PostgresStore::open_read_only(&location, &KeySource::Base64(other.clone())).unwrap_err(),
    ] {
        assert!(matches!(e, StoreError::Key(KeyError::Mismatch { .. })), "{e:?}");
        assert!(!e.to_string().contains(other.as_str()));
    }
    // The right key reads what it wrote.
    let s =
        PostgresStore::open_read_only(&location, &KeySource::Base64(Zeroizing::new(format!("{}\n", &*first)))).unwrap();
    assert_eq!(&s.journal_pending(&n).unwrap()[0].payload[..], b"in flight");
    // And the payload is not stored in plaintext.
    let stored = databases::postgres()
        .unwrap()
        .admin_query_in(&db.database, "SELECT encode(payload, 'escape') FROM rotation_journal");
    assert!(!stored[0].as_deref().unwrap().contains("in flight"));
}

#[test]
fn messages_never_show_the_password() {
    let Some((db, location)) = database("passwords") else { return };
    let s = PostgresStore::open(&location, &key()).unwrap();
    assert_eq!(s.describe(), db.shown_url());
    assert!(!format!("{s:?}").contains(&db.password));
    // A wrong password: the server's refusal, the URL without any password.
    let wrong = format!("postgres://{}:Wrong-{}@127.0.0.1:{}/{}", db.user, db.password, db.port, db.database);
    let e = PostgresStore::open(&PostgresLocation::parse(&wrong).unwrap(), &key()).unwrap_err().to_string();
    assert!(e.contains("password authentication failed") && e.contains(&db.shown_url()), "{e}");
    assert!(!e.contains(&db.password), "{e}");
    // Nobody listening.
    let closed = format!("postgres://{}:{}@127.0.0.1:{}/{}", db.user, db.password, databases::free_port(), db.database);
    let e = PostgresStore::open(&PostgresLocation::parse(&closed).unwrap(), &key()).unwrap_err().to_string();
    assert!(e.contains("store database error") && !e.contains(&db.password), "{e}");
}

#[test]
fn works_from_inside_tokio() {
    let Some(b) = Backend::postgres("tokio") else { return };
    let n = name("db/prod");
    // The rotation engine calls the store from async code, on either kind of runtime.
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
        let mut s = b.open();
        s.create_environment(&n, "v1", "a").unwrap();
        let lock = s.rotation_lock(&n).wait(&LockWait::default()).unwrap();
        s.commit_revision(&n, 1, "v2", RevisionKind::Rotation, "r").unwrap();
        drop(lock);
    });
    tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap().block_on(async {
        let s = b.open();
        tokio::spawn(async move { assert_eq!(s.latest(&n).unwrap().yaml, "v2") }).await.unwrap();
    });
}

/// Waits at most `timeout`, recording what it is told.
fn short_wait(timeout: Duration) -> (LockWait, Arc<Mutex<Vec<String>>>) {
    let told = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&told);
    (LockWait { timeout, notify: Box::new(move |m| sink.lock().unwrap().push(m.to_owned())) }, told)
}

#[test]
fn the_rotation_lock_is_one_at_a_time_and_says_who_holds_it() {
    let Some(b) = Backend::postgres("lock") else { return };
    let (n, other) = (name("db/prod"), name("db/dev"));
    let s = b.open();
    let held = s.rotation_lock(&n).wait(&LockWait::default()).unwrap();
    // Another environment's lock is free.
    drop(s.rotation_lock(&other).wait(&LockWait::default()).unwrap());
    let (wait, told) = short_wait(Duration::from_millis(400));
    let started = Instant::now();
    let e = b.open().rotation_lock(&n).wait(&wait).unwrap_err();
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert!(matches!(e, StoreError::LockTimeout { .. }), "{e:?}");
    let me = format!("escrot pid {}", std::process::id());
    assert!(e.to_string().contains(&me), "{e}");
    assert_eq!(told.lock().unwrap().len(), 1);
    assert!(told.lock().unwrap()[0].starts_with("waiting for the rotation of acme/db/prod held by escrot pid"));
    // Released when dropped.
    drop(held);
    let (wait, _) = short_wait(Duration::from_secs(10));
    b.open().rotation_lock(&n).wait(&wait).unwrap();
}

/// Releasing a rotation lock keeps its session for the store's next lock (opening a session
/// costs more than the rest of a rotation's store calls): the next lock is held by the same
/// server session, and is released on drop all the same.
#[test]
fn a_released_rotation_lock_leaves_its_session_to_the_next() {
    let Some(b) = Backend::postgres("lock_reuse") else { return };
    let (n, other) = (name("db/prod"), name("db/dev"));
    let s = b.open();
    // The server session that holds `n`'s lock, as a waiting store is told.
    let holder = || {
        let (wait, _) = short_wait(Duration::from_millis(50));
        let e = b.open().rotation_lock(&n).wait(&wait).unwrap_err().to_string();
        let session = e.split("server session ").nth(1).unwrap_or_else(|| panic!("no session in: {e}"));
        session.chars().take_while(char::is_ascii_digit).collect::<String>()
    };
    let first = s.rotation_lock(&n).wait(&LockWait::default()).unwrap();
    let session = holder();
    drop(first);
    drop(s.rotation_lock(&other).wait(&LockWait::default()).unwrap());
    let again = s.rotation_lock(&n).wait(&LockWait::default()).unwrap();
    assert_eq!(holder(), session, "the released lock's session took the next lock");
    drop(again);
    let (wait, _) = short_wait(Duration::from_secs(10));
    b.open().rotation_lock(&n).wait(&wait).unwrap();
}

/// The environment variable that makes [`lock_holder_child`] a lock holder.
const HOLDER_URL: &str = "ESCROT_TEST_LOCK_HOLDER_URL";

/// Not a test on its own: run by [`a_killed_holder_releases_the_rotation_lock`] as a child
/// process (this test binary again), it takes the lock, says so and waits to be killed.
#[test]
fn lock_holder_child() {
    let Ok(url) = std::env::var(HOLDER_URL) else { return };
    let location = PostgresLocation::parse(&url).unwrap();
    let key = KeySource::Base64(Zeroizing::new(std::env::var("ESCROT_TEST_KEY").unwrap()));
    let s = PostgresStore::open(&location, &key).unwrap();
    let _lock = s.rotation_lock(&name("db/prod")).wait(&LockWait::default()).unwrap();
    // (libtest may print the test's name on the same line.)
    println!("\nlock holder: locked");
    std::thread::sleep(Duration::from_secs(120));
}

#[test]
fn a_killed_holder_releases_the_rotation_lock() {
    let Some(b) = Backend::postgres("killed") else { return };
    let Backend::Postgres { db, key } = &b else { unreachable!() };
    b.open();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "lock_holder_child", "--nocapture", "--test-threads=1"])
        .env(HOLDER_URL, db.url())
        .env("ESCROT_TEST_KEY", key.as_str())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert!(lines.any(|l| l.unwrap().contains("lock holder: locked")), "the child did not take the lock");
    let n = name("db/prod");
    let (wait, _) = short_wait(Duration::from_millis(300));
    let e = b.open().rotation_lock(&n).wait(&wait).unwrap_err();
    assert!(e.to_string().contains(&format!("escrot pid {}", child.id())), "{e}");

    // kill -9 (`Child::kill` is SIGKILL on Unix): no destructor runs; the server ends the
    // session and releases the lock.
    child.kill().unwrap();
    child.wait().unwrap();
    let (wait, told) = short_wait(Duration::from_secs(20));
    b.open().rotation_lock(&n).wait(&wait).unwrap();
    drop(told);
}

/// A session the server ended (a restart, an idle timeout) is replaced by a new one, which
/// prepares its statements again: the statements the old session prepared are gone with it.
#[test]
fn a_session_the_server_ended_is_replaced_and_prepares_its_statements_again() {
    let Some((db, location)) = database("reconnect") else { return };
    let keys = key();
    let mut store = PostgresStore::open(&location, &keys).unwrap();
    let n = name("acme/db/prod");
    store.create_environment(&n, "values: {}\n", "test").unwrap();
    assert_eq!(store.latest(&n).unwrap().number, 1);
    let end_sessions = format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{}' AND pid <> pg_backend_pid()",
        db.database
    );
    databases::postgres().unwrap().admin_sql_in(&db.database, &end_sessions);
    // The first call may still meet the closed session (its end not noticed yet); a later
    // one runs on a new session, with the statements the old one had prepared.
    let start = Instant::now();
    let latest = loop {
        match store.latest(&n) {
            Ok(rev) => break rev,
            Err(e) if start.elapsed() < Duration::from_secs(5) => {
                assert!(!e.to_string().contains("prepared statement"), "a statement of the old session: {e}");
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(e) => panic!("no new session: {e}"),
        }
    };
    assert_eq!(latest.number, 1);
    let rev = store.commit_revision(&n, 1, "values: {a: 1}\n", RevisionKind::Edit, "test").unwrap();
    assert_eq!(rev.number, 2);
}
