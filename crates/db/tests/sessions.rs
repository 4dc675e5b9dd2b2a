//! The round trips of a run of rotations, counted on real servers (PostgreSQL and MariaDB
//! from crates/testkit) through a proxy that counts connections and round trips: a round
//! trip is a request from the client answered by the server (the client waits for it);
//! what the client sends without waiting for an answer (a Terminate, a COM_QUIT) is not one.
//!
//! A run keeps one managing connection per server and managing user, and the login that
//! verifies a new password is only the handshake that proves it.

use escrot_db::{Credential, Endpoint, Kind, Secret, Sessions};
use escrot_testkit::databases::{self, Fixture};
use escrot_testkit::proxy::counting_proxy;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime")
}

fn credential(user: &(String, String)) -> Credential {
    Credential { username: user.0.clone(), password: Secret::new(user.1.clone()) }
}

/// `rotations` rotations, alternating between the fixture's two users, through a counting
/// proxy, with one `Sessions` (one run); each sets a password and logs in with it. Returns
/// the counts, having checked that the last password of each user logs in.
fn run(kind: Kind, f: &Fixture, rotations: usize) -> (usize, usize) {
    let (port, counts) = counting_proxy(f.port);
    let endpoint = Endpoint { host: "127.0.0.1".into(), port, database: f.database.clone() };
    let managing = credential(&f.managing);
    let rt = runtime();
    let sessions = Sessions::default();
    let mut last = [None, None];
    for i in 0..rotations {
        let user = if i % 2 == 0 { &f.user1.0 } else { &f.user2.0 };
        let password = Secret::new(format!("rotated-{i}-Pw"));
        rt.block_on(sessions.set_password(kind, &endpoint, &managing, user, &password)).expect("set");
        let cred = Credential { username: user.clone(), password: password.clone() };
        rt.block_on(sessions.login(kind, &endpoint, &cred)).expect("login");
        last[i % 2] = Some(password);
    }
    rt.block_on(sessions.close());
    drop(sessions);
    for (user, password) in [&f.user1.0, &f.user2.0].into_iter().zip(&last) {
        let password = password.as_ref().expect("rotated");
        assert!(f.can_login(user, password.expose()), "{user} logs in with its last password");
    }
    (counts.connections(), counts.round_trips())
}

/// PostgreSQL: one managing connection (TLS asked for once: the test server declines;
/// startup; two SCRAM messages), then per rotation the `ALTER ROLE` and a login that is the
/// startup and SCRAM exchange (the server's "no TLS" is remembered). Before: a managing
/// connection per statement, TLS asked each time, and a `SELECT 1` after each login.
#[test]
fn postgres_round_trips_per_rotation() {
    let Some(server) = databases::postgres() else { return };
    let f = server.fixture("rt");
    let (connections, round_trips) = run(Kind::Postgres, &f, 6);
    assert_eq!(connections, 1 + 6, "one managing connection, and one login per rotation");
    assert_eq!(round_trips, 4 + 6 * (1 + 3), "round trips");
}

/// MariaDB: one managing connection (its first attempt, with TLS, ends at the server's
/// greeting: the test server offers no TLS), then per rotation the `ALTER USER` and a login
/// that is the handshake. Before: two connections per statement and per login (TLS tried
/// each time), each asking for the server's settings, `sql_mode` asked for each statement,
/// and a ping after each login.
#[test]
fn mysql_round_trips_per_rotation() {
    let Some(server) = databases::mariadb() else { return };
    let f = server.fixture("rt");
    let (connections, round_trips) = run(Kind::Mysql, &f, 6);
    assert_eq!(connections, 2 + 6, "one managing connection (after a TLS attempt), and one login per rotation");
    assert_eq!(round_trips, 1 + 6 * (1 + 1), "round trips");
}

/// A backslash is quoted as the session's `sql_mode` says (asked only when a name or a
/// password holds one): with `NO_BACKSLASH_ESCAPES`, and without.
#[test]
fn mysql_backslashes_follow_the_sessions_sql_mode() {
    let Some(server) = databases::mariadb() else { return };
    for no_backslash_escapes in [true, false] {
        // Created before the mode changes (the fixture's SQL escapes backslashes).
        let f = server.fixture_with_names("bs", Some(("back\\slash_a", "back\\'slash_b")));
        if no_backslash_escapes {
            // Global: new sessions start so (no other test of this binary uses a backslash).
            server.admin_sql("SET GLOBAL sql_mode = CONCAT(@@GLOBAL.sql_mode, ',NO_BACKSLASH_ESCAPES')");
        }
        let endpoint = Endpoint { host: "127.0.0.1".into(), port: f.port, database: f.database.clone() };
        let rt = runtime();
        let sessions = Sessions::default();
        let managing = credential(&f.managing);
        for (i, user) in [&f.user1.0, &f.user2.0].into_iter().enumerate() {
            let password = Secret::new(format!("pw\\{i}'\\\\end"));
            rt.block_on(sessions.set_password(Kind::Mysql, &endpoint, &managing, user, &password)).expect("set");
            assert!(f.can_login(user, password.expose()), "{user:?} logs in with {:?}", password.expose());
        }
        rt.block_on(sessions.close());
        if no_backslash_escapes {
            server.admin_sql(
                "SET GLOBAL sql_mode = TRIM(BOTH ',' FROM REPLACE(@@GLOBAL.sql_mode, 'NO_BACKSLASH_ESCAPES', ''))",
            );
        }
    }
}

/// A managing connection the server closed is replaced: the statement is sent again on a
/// new connection instead of failing (setting the same password twice is idempotent).
#[test]
fn a_closed_managing_connection_is_replaced() {
    for kind in [Kind::Postgres, Kind::Mysql] {
        let server = match kind {
            Kind::Postgres => databases::postgres(),
            Kind::Mysql => databases::mariadb(),
        };
        let Some(server) = server else { return };
        let f = server.fixture("closed");
        let endpoint = Endpoint { host: "127.0.0.1".into(), port: f.port, database: f.database.clone() };
        let managing = credential(&f.managing);
        let rt = runtime();
        let sessions = Sessions::default();
        let set = |password: &str| {
            rt.block_on(sessions.set_password(kind, &endpoint, &managing, &f.user1.0, &Secret::new(password)))
        };
        set("first-Pw-1").expect("set");
        match kind {
            Kind::Postgres => server.admin_sql(&format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{}'",
                f.managing.0
            )),
            Kind::Mysql => rt.block_on(kill_connections_of(&f)),
        }
        std::thread::sleep(std::time::Duration::from_millis(300));
        set("second-Pw-2").expect("set after the server closed the managing connection");
        assert!(f.can_login(&f.user1.0, "second-Pw-2"));
        rt.block_on(sessions.close());
    }
}

/// Kills the managing user's other connections (a user may kill its own).
async fn kill_connections_of(f: &Fixture) {
    use mysql_async::prelude::Queryable;
    let opts = mysql_async::OptsBuilder::default()
        .ip_or_hostname("127.0.0.1")
        .tcp_port(f.port)
        .user(Some(f.managing.0.clone()))
        .pass(Some(f.managing.1.clone()))
        .prefer_socket(false);
    let mut conn = mysql_async::Conn::new(opts).await.expect("connect");
    let ids: Vec<u64> = conn
        .exec(
            "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ? AND ID <> CONNECTION_ID()",
            (&f.managing.0,),
        )
        .await
        .expect("list");
    assert!(!ids.is_empty(), "the managing connection is open");
    for id in ids {
        conn.query_drop(format!("KILL {id}")).await.expect("kill");
    }
    conn.disconnect().await.expect("disconnect");
}
