//! MySQL and MariaDB: setting a user's password as the managing user, and logging in.
//!
//! `ALTER USER 'name' IDENTIFIED BY '…'` (the account `'name'@'%'`, as ESC's connector's
//! `ALTER USER ? IDENTIFIED BY ?`). Both are string literals escaped for the session's
//! actual `sql_mode`: with `NO_BACKSLASH_ESCAPES` a backslash is an ordinary character,
//! without it a backslash escapes, so the escaping is chosen after asking the server — only
//! when a literal holds a backslash, once per connection.
//!
//! A run's [`Sessions`] keeps the managing connections idle between statements.

use std::sync::Mutex;
use std::time::Instant;

use mysql_async::prelude::Queryable;
use mysql_async::{Conn, DriverError, OptsBuilder, SslOpts};

use super::sessions::{IDLE_LIMIT, SessionKey, TlsMemory, lock};
use super::tls::{self, TlsPolicy};
use super::{Credential, DB_TIMEOUT, Endpoint, Secret, SetError, error_chain};

/// A string literal: `'` doubled (valid in every `sql_mode`), and `\` doubled unless the
/// session has `NO_BACKSLASH_ESCAPES`.
pub fn quote_literal(text: &str, backslash_escapes: bool) -> Result<String, String> {
    if text.contains('\0') {
        return Err("a user name or password cannot contain a NUL character".into());
    }
    let mut quoted = text.replace('\'', "''");
    if backslash_escapes {
        quoted = quoted.replace('\\', "\\\\");
    }
    Ok(format!("'{quoted}'"))
}

/// The statement that sets `username`'s password to `password`.
pub fn alter_user_sql(username: &str, password: &Secret, backslash_escapes: bool) -> Result<String, String> {
    Ok(format!(
        "ALTER USER {} IDENTIFIED BY {}",
        quote_literal(username, backslash_escapes)?,
        quote_literal(password.expose(), backslash_escapes)?
    ))
}

fn describe(e: &mysql_async::Error) -> String {
    match e {
        mysql_async::Error::Server(s) => format!("{} ({})", s.message, s.code),
        other => error_chain(other),
    }
}

async fn within<T>(what: &str, f: impl Future<Output = mysql_async::Result<T>>) -> Result<T, String> {
    match tokio::time::timeout(DB_TIMEOUT, f).await {
        Ok(r) => r.map_err(|e| describe(&e)),
        Err(_) => Err(format!("{what} timed out after {}s", DB_TIMEOUT.as_secs())),
    }
}

/// The largest packet sent or received (the statements here are a few hundred bytes), and
/// the server's idle timeout as its default: given, the driver does not ask the server for
/// them (a round trip) on each connection.
const MAX_PACKET: usize = 16 << 20;
const WAIT_TIMEOUT_SECS: usize = 28_800;
/// How long a managing connection may sit idle before it is pinged ahead of its next
/// statement (the rotations of a run follow each other closer than that).
const PING_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

async fn connect(
    endpoint: &Endpoint,
    user: &Credential,
    database: Option<&str>,
    memory: &TlsMemory,
) -> Result<Conn, String> {
    let policy = memory.policy_for(endpoint)?;
    let base = OptsBuilder::default()
        .ip_or_hostname(endpoint.host.clone())
        .tcp_port(endpoint.port)
        .user(Some(user.username.clone()))
        .pass(Some(user.password.expose().to_owned()))
        .db_name(database.map(str::to_owned))
        .prefer_socket(false)
        .max_allowed_packet(Some(MAX_PACKET))
        .wait_timeout(Some(WAIT_TIMEOUT_SECS));
    let what = format!("connecting to {endpoint}");
    if policy == TlsPolicy::Disable {
        return within(&what, Conn::new(base)).await;
    }
    let mut ssl = SslOpts::default();
    if let Some(pem) = tls::extra_ca_pem()? {
        ssl = ssl.with_root_certs(vec![pem.into()]);
    }
    match tokio::time::timeout(DB_TIMEOUT, Conn::new(base.clone().ssl_opts(Some(ssl)))).await {
        Ok(Ok(conn)) => {
            if policy == TlsPolicy::Prefer {
                memory.remember(endpoint, true);
            }
            Ok(conn)
        }
        Ok(Err(mysql_async::Error::Driver(DriverError::NoClientSslFlagFromServer))) if policy == TlsPolicy::Prefer => {
            memory.remember(endpoint, false);
            within(&what, Conn::new(base)).await
        }
        Ok(Err(mysql_async::Error::Driver(DriverError::NoClientSslFlagFromServer))) => {
            if tls::policy()? == TlsPolicy::Require {
                Err(format!("the server does not support TLS, and {} is require", tls::TLS_ENV_VAR))
            } else {
                Err("the server no longer offers TLS, which it did earlier in this run".to_owned())
            }
        }
        Ok(Err(e)) => Err(describe(&e)),
        Err(_) => Err(format!("{what} timed out after {}s", DB_TIMEOUT.as_secs())),
    }
}

/// The managing users' idle connections of one run (each serves one statement at a time;
/// concurrent rotations take one each), and what each server answered about TLS.
#[derive(Default)]
pub struct Sessions {
    idle: Mutex<Vec<Idle>>,
    tls: TlsMemory,
}

struct Idle {
    key: SessionKey,
    conn: Conn,
    /// Whether `\` escapes in the session's string literals, once asked.
    backslash_escapes: Option<bool>,
    since: Instant,
}

impl Sessions {
    /// `ALTER USER username IDENTIFIED BY …` as `managing`, on an idle connection of the run
    /// or a new one.
    pub async fn set_password(
        &self,
        endpoint: &Endpoint,
        managing: &Credential,
        username: &str,
        new_password: &Secret,
    ) -> Result<(), SetError> {
        let key = SessionKey::of(endpoint, managing);
        let Some(idle) = self.take(&key).await else {
            return self.set_on_new_connection(key, endpoint, managing, username, new_password).await;
        };
        let first = match self.set_on(idle, username, new_password).await {
            Err(e) if e.connection_lost => e.error,
            other => return other.map_err(|e| e.error),
        };
        // The run's connection died under the statement (the server closed it, or it hung).
        // Setting the same password again is idempotent: the statement is sent once more, on
        // a new connection, and its answer decides; an error then leaves the outcome unknown
        // if the first attempt's was.
        let retry = self.set_on_new_connection(key, endpoint, managing, username, new_password).await;
        retry.map_err(|e| SetError { outcome_unknown: e.outcome_unknown || first.outcome_unknown, ..e })
    }

    async fn set_on_new_connection(
        &self,
        key: SessionKey,
        endpoint: &Endpoint,
        managing: &Credential,
        username: &str,
        new_password: &Secret,
    ) -> Result<(), SetError> {
        let conn = connect(endpoint, managing, database(endpoint), &self.tls).await?;
        let idle = Idle { key, conn, backslash_escapes: None, since: Instant::now() };
        self.set_on(idle, username, new_password).await.map_err(|e| e.error)
    }

    /// The `ALTER USER` on `idle`'s connection, which is kept for the next statement unless
    /// it was lost.
    async fn set_on(&self, mut idle: Idle, username: &str, new_password: &Secret) -> Result<(), Failure> {
        let result = alter_user(&mut idle, username, new_password).await;
        if !result.as_ref().is_err_and(|e| e.connection_lost) {
            idle.since = Instant::now();
            lock(&self.idle).push(idle);
        }
        result
    }

    /// Logs in as `user` (no database: only the password is being proven). The connection
    /// is established only once the server accepted the password, which is the proof asked
    /// for; a ping after it would prove nothing more.
    pub async fn login(&self, endpoint: &Endpoint, user: &Credential) -> Result<(), String> {
        let conn = connect(endpoint, user, None, &self.tls).await?;
        let _ = tokio::time::timeout(DB_TIMEOUT, conn.disconnect()).await;
        Ok(())
    }

    /// An idle connection for `key`, if one is fresh; idle connections past [`IDLE_LIMIT`]
    /// are dropped. One idle for more than [`PING_AFTER`] is pinged first: the server may
    /// have closed it (its `wait_timeout`, a restart), and a statement sent on a closed
    /// connection would fail with its outcome unknown.
    async fn take(&self, key: &SessionKey) -> Option<Idle> {
        let mut idle = {
            let mut idle = lock(&self.idle);
            idle.retain(|i| i.since.elapsed() < IDLE_LIMIT);
            let at = idle.iter().position(|i| i.key == *key)?;
            idle.swap_remove(at)
        };
        if idle.since.elapsed() > PING_AFTER {
            within("ping", idle.conn.ping()).await.ok()?;
        }
        Some(idle)
    }

    /// Closes the idle connections.
    pub async fn close(&self) {
        let idle = std::mem::take(&mut *lock(&self.idle));
        for i in idle {
            let _ = tokio::time::timeout(DB_TIMEOUT, i.conn.disconnect()).await;
        }
    }
}

/// The `ALTER USER` on `idle`'s connection. The session's `sql_mode` decides how a
/// backslash is quoted: it is asked (once per connection) only when the user name or the
/// password holds one, since a literal without a backslash means the same in every mode.
async fn alter_user(idle: &mut Idle, username: &str, new_password: &Secret) -> Result<(), Failure> {
    let backslash_escapes = match idle.backslash_escapes {
        _ if !username.contains('\\') && !new_password.expose().contains('\\') => true,
        Some(known) => known,
        None => {
            let asked = within("reading sql_mode", idle.conn.query_first("SELECT @@SESSION.sql_mode")).await;
            // Nothing was changed yet; the connection may be gone all the same.
            let mode: Option<String> =
                asked.map_err(|message| Failure { error: SetError::unchanged(message), connection_lost: true })?;
            let escapes = !mode.unwrap_or_default().to_ascii_uppercase().contains("NO_BACKSLASH_ESCAPES");
            idle.backslash_escapes = Some(escapes);
            escapes
        }
    };
    let sql = alter_user_sql(username, new_password, backslash_escapes).map_err(Failure::unchanged)?;
    run_changing(&mut idle.conn, sql, "ALTER USER").await
}

/// Runs a statement that changes a password: an error the server answered with means the
/// statement did not happen; no answer leaves it unknown.
async fn run_changing(conn: &mut Conn, sql: String, what: &str) -> Result<(), Failure> {
    let (error, connection_lost) = match tokio::time::timeout(DB_TIMEOUT, conn.query_drop(sql)).await {
        Ok(Ok(())) => return Ok(()),
        Ok(Err(e @ mysql_async::Error::Server(_))) => {
            let lost = matches!(&e, mysql_async::Error::Server(s) if CONNECTION_GONE.contains(&s.code));
            (SetError::unchanged(describe(&e)), lost)
        }
        Ok(Err(e)) => (SetError::unknown(describe(&e)), true),
        Err(_) => (SetError::unknown(format!("{what} timed out after {}s", DB_TIMEOUT.as_secs())), true),
    };
    Err(Failure { error, connection_lost })
}

/// The statement with which a user sets its own password. MariaDB's `ALTER USER` needs the
/// CREATE USER privilege even for one's own account, its `SET PASSWORD = PASSWORD(…)` none;
/// MySQL allows `ALTER USER CURRENT_USER()` for one's own account (and MySQL 8 has no
/// `PASSWORD()`).
pub fn own_password_sql(mariadb: bool, password: &Secret, backslash_escapes: bool) -> Result<String, String> {
    let literal = quote_literal(password.expose(), backslash_escapes)?;
    Ok(if mariadb {
        format!("SET PASSWORD = PASSWORD({literal})")
    } else {
        format!("ALTER USER CURRENT_USER() IDENTIFIED BY {literal}")
    })
}

/// Sets `user`'s own password, logged in as that user, on a connection of its own.
pub async fn set_own_password(endpoint: &Endpoint, user: &Credential, new_password: &Secret) -> Result<(), SetError> {
    let mut conn = connect(endpoint, user, database(endpoint), &TlsMemory::default()).await?;
    let asked = within("reading the server's version", conn.query_first("SELECT VERSION(), @@SESSION.sql_mode")).await;
    let result = match asked {
        Ok(row) => {
            let (version, mode): (String, String) = row.unwrap_or_default();
            let escapes = !mode.to_ascii_uppercase().contains("NO_BACKSLASH_ESCAPES");
            match own_password_sql(version.contains("MariaDB"), new_password, escapes) {
                Ok(sql) => run_changing(&mut conn, sql, "setting the password").await.map_err(|e| e.error),
                Err(e) => Err(SetError::unchanged(e)),
            }
        }
        // Nothing was changed yet.
        Err(e) => Err(SetError::unchanged(e)),
    };
    let _ = tokio::time::timeout(DB_TIMEOUT, conn.disconnect()).await;
    result
}

/// The server errors that end the connection: killed (1927), the server shutting down
/// (1053), closed for inactivity (4031, MySQL 8.0.24+).
const CONNECTION_GONE: [u16; 3] = [1927, 1053, 4031];

/// Why a statement failed, and whether its connection is gone with it.
struct Failure {
    error: SetError,
    /// A broken or closed connection, or no answer in time: the connection is not used again.
    connection_lost: bool,
}

impl Failure {
    /// Refused before anything was sent (a bad name), or asking `sql_mode` failed.
    fn unchanged(message: String) -> Failure {
        Failure { error: SetError::unchanged(message), connection_lost: false }
    }
}

/// Logs in as `user` to the endpoint's database (if it names one) and runs `SELECT 1`.
pub async fn login_and_query(endpoint: &Endpoint, user: &Credential) -> Result<(), String> {
    let mut conn = connect(endpoint, user, database(endpoint), &TlsMemory::default()).await?;
    let result = within("SELECT 1", conn.query_drop("SELECT 1")).await;
    let _ = tokio::time::timeout(DB_TIMEOUT, conn.disconnect()).await;
    result
}

/// The database to connect to: none when the endpoint names none (a MySQL user need not
/// have one: a Secrets Manager secret's `dbname` is optional).
fn database(endpoint: &Endpoint) -> Option<&str> {
    Some(endpoint.database.as_str()).filter(|d| !d.is_empty())
}

/// Logs in as `managing` (for dry runs; the accounts table is not readable by every
/// managing user, so only the login is checked).
pub async fn check_login(endpoint: &Endpoint, managing: &Credential) -> Result<(), String> {
    let conn = connect(endpoint, managing, database(endpoint), &TlsMemory::default()).await?;
    let _ = tokio::time::timeout(DB_TIMEOUT, conn.disconnect()).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote_literal("app", true).as_deref(), Ok("'app'"));
        assert_eq!(quote_literal("o'neil", true).as_deref(), Ok("'o''neil'"));
        assert_eq!(quote_literal("a\\' OR 1=1 --", true).as_deref(), Ok("'a\\\\'' OR 1=1 --'"));
        assert_eq!(quote_literal("a\\' OR 1=1 --", false).as_deref(), Ok("'a\\'' OR 1=1 --'"));
        assert!(quote_literal("a\0", true).is_err());
        let sql = alter_user_sql("x", &Secret::new("p'w"), true).expect("valid");
        assert_eq!(sql, "ALTER USER 'x' IDENTIFIED BY 'p''w'");
        let sql = own_password_sql(true, &Secret::new("p'w\\"), true).expect("valid");
        assert_eq!(sql, "SET PASSWORD = PASSWORD('p''w\\\\')");
        let sql = own_password_sql(false, &Secret::new("p'w"), false).expect("valid");
        assert_eq!(sql, "ALTER USER CURRENT_USER() IDENTIFIED BY 'p''w'");
    }
}
