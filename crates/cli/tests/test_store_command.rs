//! A PostgreSQL store with the real binary and a real server (`--store postgres://…`), and
//! `escrot store migrate` / `escrot store copy` between SQLite and PostgreSQL. The server's
//! password is never in any output.

use crate::common;
use crate::support::databases::{self, StoreDatabase};

use common::{Output, TestEnv};

const ENV: &str = "acme/db/prod";

const DEFINITION: &str = "\
values:
  app:
    fn::rotate::password:
      inputs:
        length: 24
  url: https://example.com
";

/// A PostgreSQL store for one test: its database, a store key, and every output seen (to
/// search for the password).
struct Pg {
    env: TestEnv,
    db: StoreDatabase,
    key: String,
    seen: std::cell::RefCell<Vec<String>>,
}

impl Pg {
    fn new(tag: &str) -> Option<Pg> {
        let db = databases::postgres()?.store_database(tag);
        let key = escrot_store::StoreKey::generate("test").unwrap().to_base64().to_string();
        Some(Pg { env: TestEnv::new(), db, key, seen: Default::default() })
    }

    /// `escrot ARGS` on the PostgreSQL store, with its key.
    fn esc(&self, args: &[&str]) -> Output {
        self.esc_with(args, &[("ESCROT_KEY", &self.key)])
    }

    fn esc_with(&self, args: &[&str], vars: &[(&str, &str)]) -> Output {
        let url = self.db.url();
        let mut all = vec![("ESCROT_STORE", url.as_str()), ("ESCROT_ACTOR", "test")];
        all.extend_from_slice(vars);
        self.record(self.env.run_with_env(args, &all))
    }

    fn record(&self, out: Output) -> Output {
        self.seen.borrow_mut().push(format!("{}{}", out.stdout, out.stderr));
        out
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.esc(args);
        assert_eq!(out.code, 0, "{args:?}: {out}");
        out.stdout
    }
}

impl Drop for Pg {
    /// Whatever the test did, the password was never printed.
    fn drop(&mut self) {
        let seen = self.seen.borrow();
        assert!(!seen.is_empty());
        for text in seen.iter() {
            assert!(!text.contains(&self.db.password), "the password was printed:\n{text}");
        }
    }
}

#[test]
fn a_postgres_store_end_to_end() {
    let Some(pg) = Pg::new("cli_e2e") else { return };
    // An empty database lists nothing.
    let out = pg.esc(&["ls"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{out}");
    pg.env.write("prod.yaml", DEFINITION);
    pg.ok(&["init", ENV, "-f", "prod.yaml"]);
    pg.ok(&["set", ENV, "region", "eu-west-1"]);
    assert_eq!(pg.ok(&["open", ENV, "region"]).trim(), "\"eu-west-1\"");
    let out = pg.ok(&["rotate", ENV]);
    assert!(out.contains("succeeded"), "{out}");
    let history = pg.ok(&["rotation", "history", ENV]);
    assert!(history.contains("app") && history.contains("password") && history.contains("succeeded"), "{history}");
    let versions = pg.ok(&["version", "history", ENV]);
    assert!(versions.contains("rotation") && versions.contains("create"), "{versions}");
    assert_eq!(pg.ok(&["ls"]).trim(), ENV);
    // The rotated password is a secret: never shown without --show-secrets.
    let password: String = serde_json::from_str(&pg.ok(&["open", ENV, "app.current", "--show-secrets"])).unwrap();
    assert_eq!(password.len(), 24, "{password}");
    assert!(!pg.ok(&["open", ENV]).contains(&password));
    // -v names the store without its password.
    let out = pg.esc(&["-v", "ls"]);
    assert!(out.stderr.contains(&pg.db.shown_url()), "{out}");
}

#[test]
fn a_postgres_store_needs_escrot_key() {
    let Some(pg) = Pg::new("cli_nokey") else { return };
    let out = pg.esc_with(&["init", ENV], &[]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("ESCROT_KEY") && out.stderr.contains("openssl rand -base64 32"), "{out}");
    // A wrong password is the server's refusal, exit 2, the URL shown without it.
    let wrong =
        format!("postgres://{}:nope-{}@127.0.0.1:{}/{}", pg.db.user, pg.db.password, pg.db.port, pg.db.database);
    let out = pg.record(pg.env.run_with_env(&["--store", &wrong, "ls"], &[("ESCROT_KEY", &pg.key)]));
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("password authentication failed"), "{out}");
    // A URL escrot cannot read: exit 2, nothing of it echoed.
    let out = pg.record(pg.env.run_with_env(&["--store", &format!("{}?bogus=1", pg.db.url()), "ls"], &[]));
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("unknown parameter 'bogus'"), "{out}");
}

#[test]
fn store_migrate_prints_the_version() {
    let Some(pg) = Pg::new("cli_migrate") else { return };
    let version = escrot_store::SCHEMA_VERSION.to_string();
    // No key needed.
    let out = pg.esc_with(&["store", "migrate"], &[]);
    assert_eq!(out.code, 0, "{out}");
    assert_eq!(out.stdout, format!("The store {} is at schema version {version}.\n", pg.db.shown_url()));
    assert_eq!(pg.esc_with(&["--quiet", "store", "migrate"], &[]).stdout, format!("{version}\n"));
    let server = databases::postgres().unwrap();
    server.admin_sql_in(&pg.db.database, "INSERT INTO schema_migrations VALUES (999, 'now', '9.9.9')");
    let out = pg.esc_with(&["store", "migrate"], &[]);
    assert_eq!(out.code, 2, "{out}");
    assert!(
        out.stderr.contains("schema version 999, newer than this escrot") && out.stderr.contains("upgrade"),
        "{out}"
    );
    // SQLite too.
    let out = pg.record(pg.env.esc(&["--quiet", "store", "migrate"]));
    assert_eq!((out.code, out.stdout), (0, format!("{version}\n")));
}

/// What the history commands say about the store at `url`, with `key` if given.
fn histories(env: &TestEnv, url: &str, key: Option<&str>) -> Vec<String> {
    let mut vars = vec![("ESCROT_STORE", url)];
    if let Some(key) = key {
        vars.push(("ESCROT_KEY", key));
    }
    [
        vec!["ls"],
        vec!["version", "history", ENV],
        vec!["version", "history", "acme/db/dev"],
        vec!["rotation", "history", ENV, "--output", "json"],
        vec!["get", ENV, "--show-secrets"],
        vec!["get", &format!("{ENV}@stable")],
    ]
    .iter()
    .map(|args| {
        let out = env.run_with_env(args, &vars);
        assert_eq!(out.code, 0, "{args:?} on {url}: {out}");
        out.stdout
    })
    .collect()
}

#[test]
fn store_copy_sqlite_to_postgres_to_sqlite_keeps_every_history() {
    let Some(pg) = Pg::new("cli_copy") else { return };
    let env = &pg.env;
    env.init(ENV, DEFINITION);
    assert_eq!(env.esc(&["set", ENV, "region", "eu-west-1"]).code, 0);
    assert_eq!(env.esc(&["rotate", ENV]).code, 0);
    assert_eq!(env.esc(&["version", "tag", ENV, "stable", "2"]).code, 0);
    env.init("acme/db/dev", "values: {a: 1}\n");
    env.init("acme/db/old", "values: {}\n");
    assert_eq!(env.esc(&["rm", "acme/db/old", "--yes"]).code, 0);
    let sqlite = env.store_url();
    let before = histories(env, &sqlite, None);

    // SQLite → PostgreSQL: the source's key comes from its key file.
    let out = pg.record(env.run(&["store", "copy", "--from", &sqlite, "--to", &pg.db.url()]));
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stdout.contains("Copied 3 environment(s) (1 deleted)"), "{out}");
    assert!(out.stdout.contains(&pg.db.shown_url()), "{out}");
    let key = std::fs::read_to_string(env.path().join("s.key")).unwrap().trim().to_owned();
    assert_eq!(histories(env, &pg.db.url(), Some(&key)), before);
    // The deleted environment's history came along.
    let server = databases::postgres().unwrap();
    let deleted = server.admin_query_in(&pg.db.database, "SELECT name FROM environments WHERE deleted");
    assert_eq!(deleted, [Some("old".to_owned())]);

    // PostgreSQL → a new SQLite store, which gets the key as its key file.
    let back = format!("sqlite:{}", env.path().join("back.db").display());
    let out =
        pg.record(env.run_with_env(&["store", "copy", "--from", &pg.db.url(), "--to", &back], &[("ESCROT_KEY", &key)]));
    assert_eq!(out.code, 0, "{out}");
    assert_eq!(std::fs::read_to_string(env.path().join("back.key")).unwrap().trim(), key);
    assert_eq!(histories(env, &back, None), before);

    // A destination that holds environments is refused, and keeps what it had.
    let out = pg.record(env.run(&["store", "copy", "--from", &sqlite, "--to", &back]));
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("already holds 3 environment(s)"), "{out}");
    // So is a destination initialised with another key.
    let other = TestEnv::new();
    other.init("x/y/z", "values: {}\n");
    let out = pg.record(env.run(&["store", "copy", "--from", &sqlite, "--to", &other.store_url()]));
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("initialised with another store key"), "{out}");
}

#[test]
fn store_copy_refuses_a_source_with_an_unfinished_rotation() {
    let Some(pg) = Pg::new("cli_copy_pending") else { return };
    let env = &pg.env;
    env.init(ENV, DEFINITION);
    let out = env.esc_with_env(&["rotate", ENV], &[("ESCROT_FAILPOINT", "after-create")]);
    assert_ne!(out.code, 0, "{out}");
    let out = pg.record(env.run(&["store", "copy", "--from", &env.store_url(), "--to", &pg.db.url()]));
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("unfinished rotation step(s)") && out.stderr.contains(ENV), "{out}");
    // Nothing was written to the destination.
    assert_eq!(pg.esc(&["ls"]).stdout, "");
    // The destination, still empty, now has a key check made with the test's key, which is
    // not the source's: refused, nothing written.
    assert_eq!(pg.esc(&["set", ENV, "x", "1"]).code, 2);
    assert_eq!(env.esc(&["rotate", ENV]).code, 0);
    let out = pg.record(env.run(&["store", "copy", "--from", &env.store_url(), "--to", &pg.db.url()]));
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("initialised with another store key"), "{out}");
    assert_eq!(pg.esc(&["ls"]).stdout, "");
    let server = databases::postgres().unwrap();
    server.admin_sql_in(&pg.db.database, "DELETE FROM meta WHERE name = 'key_check'");
    // Finished (and into a store without a key yet), it copies.
    let out = pg.record(env.run(&["store", "copy", "--from", &env.store_url(), "--to", &pg.db.url()]));
    assert_eq!(out.code, 0, "{out}");
    // Usage errors.
    let out = pg.record(env.run(&["store", "copy", "--from", &env.store_url(), "--to", &env.store_url()]));
    assert_eq!(out.code, 2, "{out}");
    let out = pg.record(env.run(&["store", "copy", "--from", "sqlite:nope.db", "--to", &pg.db.url()]));
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("there is no store at nope.db"), "{out}");
    let out = pg.record(env.run(&["store", "copy", "--to", &pg.db.url()]));
    assert_eq!(out.code, 2, "{out}");
}

/// Issue 11's race on PostgreSQL: four `rotate --due` processes started together over forty
/// due environments rotate each exactly once (claims with `FOR UPDATE SKIP LOCKED`).
#[test]
fn four_runners_race_over_forty_due_environments_on_postgres() {
    let Some(pg) = Pg::new("cli_race") else { return };
    let url = pg.db.url();
    // The store exists before the runners start (as it would in production).
    pg.ok(&["store", "migrate"]);
    let location = escrot_store::PostgresLocation::parse(&url).unwrap();
    let keys = escrot_store::KeySource::Base64(zeroize::Zeroizing::new(pg.key.clone()));
    let store = escrot_store::PostgresStore::open(&location, &keys).unwrap();
    let vars = [("ESCROT_KEY", pg.key.as_str())];
    for out in crate::test_rotate_due::four_runners_rotate_each_due_environment_once(&pg.env, &url, &store, &vars) {
        pg.record(out);
    }
}

/// `sslmode=verify-full` (or `require`): TLS through rustls, the server's certificate
/// checked against the platform's roots plus `ESCROT_DB_CA_FILE`, as the database rotators do.
#[test]
fn a_postgres_store_over_tls_verifies_the_server() {
    let Some((server, ca)) = databases::postgres_tls() else { return };
    let db = server.store_database("cli_tls");
    let env = TestEnv::new();
    let key = escrot_store::StoreKey::generate("test").unwrap().to_base64().to_string();
    let url = format!("{}?sslmode=verify-full", db.url());
    let ca = ca.display().to_string();
    let out = env.run_with_env(&["--store", &url, "store", "migrate"], &[("ESCROT_DB_CA_FILE", &ca)]);
    assert_eq!(out.code, 0, "{out}");
    let out = env.run_with_env(&["--store", &url, "init", ENV], &[("ESCROT_DB_CA_FILE", &ca), ("ESCROT_KEY", &key)]);
    assert_eq!(out.code, 0, "{out}");
    // Without the CA that signed the server's certificate, the connection is refused.
    let refused = env.run_with_env(&["--store", &url, "ls"], &[("ESCROT_KEY", &key)]);
    assert_eq!(refused.code, 2, "{refused}");
    assert!(refused.stderr.contains("certificate"), "{refused}");
    assert!(!format!("{out}{refused}").contains(&db.password));
}

/// `--help` shows the values of `--store`'s variable: never its password.
#[test]
fn help_never_shows_the_store_password() {
    let env = TestEnv::new();
    let url = "postgres://escrot:Help-Secret-9@db.example.com/escrot";
    for args in [&["--help"][..], &["ls", "--help"], &["store", "copy", "--help"]] {
        let out = env.run_with_env(args, &[("ESCROT_STORE", url)]);
        assert_eq!(out.code, 0, "{out}");
        assert!(!out.stdout.contains("Help-Secret-9"), "{args:?}: {out}");
    }
}
