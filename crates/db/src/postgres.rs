//! PostgreSQL: setting a role's password as the managing user, and logging in.
//!
//! The password is sent already hashed (a SCRAM-SHA-256 verifier, as `psql`'s `\password`
//! does), so the plain password never crosses the wire and never lands in the server's
//! statement log. The role name is a quoted identifier.
//!
//! A run's [`Sessions`] keeps one managing connection per server and managing user; the
//! login that verifies a new password is the connection handshake alone (SCRAM proves it).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio_postgres::config::SslMode;
use tokio_postgres::tls::{MakeTlsConnect, TlsConnect};
use tokio_postgres::{Client, Config};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::sessions::{IDLE_LIMIT, SessionKey, TlsMemory, lock};
use super::tls::{self, TlsPolicy};
use super::{Credential, DB_TIMEOUT, Endpoint, Secret, SetError, error_chain};

/// `"name"`, with `"` doubled: any name is one identifier, whatever it holds.
pub fn quote_ident(name: &str) -> Result<String, String> {
    if name.contains('\0') {
        return Err("a role name cannot contain a NUL character".into());
    }
    Ok(format!("\"{}\"", name.replace('"', "\"\"")))
}

/// `'text'`, with `'` doubled; `E''` syntax when it holds a backslash, whose meaning would
/// otherwise depend on `standard_conforming_strings`.
pub fn quote_literal(text: &str) -> Result<String, String> {
    if text.contains('\0') {
        return Err("a string cannot contain a NUL character".into());
    }
    let quoted = text.replace('\'', "''");
    if quoted.contains('\\') { Ok(format!("E'{}'", quoted.replace('\\', "\\\\"))) } else { Ok(format!("'{quoted}'")) }
}

/// The statement that sets `username`'s password to `password`.
pub fn alter_role_sql(username: &str, password: &Secret) -> Result<String, String> {
    let verifier = postgres_protocol::password::scram_sha_256(password.expose().as_bytes());
    Ok(format!("ALTER ROLE {} WITH PASSWORD {}", quote_ident(username)?, quote_literal(&verifier)?))
}

/// The managing users' connections of one run, one per server and managing user, shared
/// by the run's concurrent rotations (tokio-postgres pipelines their statements on it), and
/// what each server answered about TLS.
#[derive(Default)]
pub struct Sessions {
    managing: Mutex<Vec<(SessionKey, Slot)>>,
    tls: TlsMemory,
}

/// One managing connection, opened on first use; its lock is held while it is opened.
type Slot = Arc<tokio::sync::Mutex<Option<Cached>>>;

struct Cached {
    client: Arc<Client>,
    last_used: Instant,
}

impl Sessions {
    /// `ALTER ROLE username WITH PASSWORD …` as `managing`, on the run's connection.
    pub async fn set_password(
        &self,
        endpoint: &Endpoint,
        managing: &Credential,
        username: &str,
        new_password: &Secret,
    ) -> Result<(), SetError> {
        let sql = alter_role_sql(username, new_password)?;
        let key = SessionKey::of(endpoint, managing);
        let (client, reused) = self.managing(&key, endpoint, managing).await?;
        let first = match run_classified(&client, &sql).await {
            Ok(()) => return Ok(()),
            Err(failure) if failure.connection_lost => {
                self.forget(&key, &client);
                failure
            }
            Err(failure) => return Err(failure.error),
        };
        if !reused {
            return Err(first.error);
        }
        // The run's connection died under the statement (the server closed it, or it hung).
        // Setting the same password again is idempotent: the statement is sent once more, on
        // a new connection, and its answer decides; an error then leaves the outcome unknown
        // if the first attempt's was.
        let (client, _) = self.managing(&key, endpoint, managing).await?;
        run_classified(&client, &sql).await.map_err(|retry| {
            if retry.connection_lost {
                self.forget(&key, &client);
            }
            SetError { outcome_unknown: retry.error.outcome_unknown || first.error.outcome_unknown, ..retry.error }
        })
    }

    /// Logs in as `user`: the connection is established only once the server accepted the
    /// password (SCRAM) and is ready for queries, which is the proof asked for; a query
    /// after it would prove nothing more.
    pub async fn login(&self, endpoint: &Endpoint, user: &Credential) -> Result<(), String> {
        connect(endpoint, user, &self.tls).await.map(drop)
    }

    /// The run's connection as `managing`, opened on first use (concurrent first uses wait
    /// for one connection rather than each opening their own), and whether it was open
    /// already.
    async fn managing(
        &self,
        key: &SessionKey,
        endpoint: &Endpoint,
        managing: &Credential,
    ) -> Result<(Arc<Client>, bool), String> {
        let slot = {
            let mut slots = lock(&self.managing);
            match slots.iter().find(|(k, _)| k == key) {
                Some((_, slot)) => slot.clone(),
                None => {
                    let slot = Arc::new(tokio::sync::Mutex::new(None));
                    slots.push((key.clone(), slot.clone()));
                    slot
                }
            }
        };
        let mut cached = slot.lock().await;
        if let Some(c) = cached.as_mut()
            && !c.client.is_closed()
            && c.last_used.elapsed() < IDLE_LIMIT
        {
            c.last_used = Instant::now();
            return Ok((c.client.clone(), true));
        }
        let client = Arc::new(connect(endpoint, managing, &self.tls).await?);
        *cached = Some(Cached { client: client.clone(), last_used: Instant::now() });
        Ok((client, false))
    }

    fn forget(&self, key: &SessionKey, client: &Arc<Client>) {
        let slots = lock(&self.managing);
        if let Some((_, slot)) = slots.iter().find(|(k, _)| k == key)
            && let Ok(mut cached) = slot.try_lock()
            && cached.as_ref().is_some_and(|c| Arc::ptr_eq(&c.client, client))
        {
            *cached = None;
        }
    }
}

async fn connect(endpoint: &Endpoint, user: &Credential, memory: &TlsMemory) -> Result<Client, String> {
    let policy = memory.policy_for(endpoint)?;
    let mut config = Config::new();
    config
        .host(&endpoint.host)
        .port(endpoint.port)
        .dbname(&endpoint.database)
        .user(&user.username)
        .password(user.password.expose())
        .application_name("escrot")
        .connect_timeout(DB_TIMEOUT)
        .ssl_mode(match policy {
            TlsPolicy::Prefer => SslMode::Prefer,
            TlsPolicy::Require => SslMode::Require,
            TlsPolicy::Disable => SslMode::Disable,
        });
    let took_tls = Arc::new(AtomicBool::new(false));
    let tls = Recording { inner: MakeRustlsConnect::new((*tls::client_config()?).clone()), took_tls: took_tls.clone() };
    let connecting = tokio::time::timeout(DB_TIMEOUT, config.connect(tls));
    let (client, connection) = match connecting.await {
        Ok(Ok(c)) => c,
        Ok(Err(e)) => return Err(describe(&e)),
        Err(_) => return Err(format!("connecting to {endpoint} timed out after {}s", DB_TIMEOUT.as_secs())),
    };
    if policy == TlsPolicy::Prefer {
        memory.remember(endpoint, took_tls.load(Ordering::Relaxed));
    }
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}

/// A TLS connector that records whether it was used, i.e. whether the server accepted the
/// request for TLS (under `prefer`, tokio-postgres does not say).
struct Recording<M> {
    inner: M,
    took_tls: Arc<AtomicBool>,
}

impl<S, M: MakeTlsConnect<S>> MakeTlsConnect<S> for Recording<M> {
    type Stream = M::Stream;
    type TlsConnect = Recording<M::TlsConnect>;
    type Error = M::Error;

    fn make_tls_connect(&mut self, domain: &str) -> Result<Self::TlsConnect, Self::Error> {
        Ok(Recording { inner: self.inner.make_tls_connect(domain)?, took_tls: self.took_tls.clone() })
    }
}

impl<S, T: TlsConnect<S>> TlsConnect<S> for Recording<T> {
    type Stream = T::Stream;
    type Error = T::Error;
    type Future = T::Future;

    fn connect(self, stream: S) -> Self::Future {
        self.took_tls.store(true, Ordering::Relaxed);
        self.inner.connect(stream)
    }
}

/// The server's own message when there is one (`role "x" does not exist`), else the
/// driver's error and its causes.
fn describe(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => error_chain(e),
    }
}

/// Why a statement failed, and whether its connection is gone with it.
struct Failure {
    error: SetError,
    /// A FATAL error, a closed or broken connection, or no answer in time: the connection
    /// is not used again.
    connection_lost: bool,
}

/// Runs a statement that changes something: an error the server answered with means it did
/// not happen; no answer (a timeout, a lost connection) leaves it unknown.
async fn run_classified(client: &Client, sql: &str) -> Result<(), Failure> {
    if client.is_closed() {
        // Nothing was sent: the statement did not run.
        let error = SetError::unchanged("the connection to the server closed before the statement was sent");
        return Err(Failure { error, connection_lost: true });
    }
    let (error, fatal) = match tokio::time::timeout(DB_TIMEOUT, client.batch_execute(sql)).await {
        Ok(Ok(())) => return Ok(()),
        Ok(Err(e)) => match e.as_db_error() {
            Some(db) => (SetError::unchanged(describe(&e)), matches!(db.severity(), "FATAL" | "PANIC")),
            None => (SetError::unknown(describe(&e)), true),
        },
        Err(_) => (SetError::unknown(format!("the statement timed out after {}s", DB_TIMEOUT.as_secs())), true),
    };
    Err(Failure { error, connection_lost: fatal || client.is_closed() })
}

/// Logs in as `user` and runs `SELECT 1`.
pub async fn login_and_query(endpoint: &Endpoint, user: &Credential) -> Result<(), String> {
    let client = connect(endpoint, user, &TlsMemory::default()).await?;
    match tokio::time::timeout(DB_TIMEOUT, client.simple_query("SELECT 1")).await {
        Ok(r) => r.map(drop).map_err(|e| describe(&e)),
        Err(_) => Err(format!("the query timed out after {}s", DB_TIMEOUT.as_secs())),
    }
}

/// Logs in as `managing` and checks that the roles exist (for dry runs).
pub async fn check_roles(endpoint: &Endpoint, managing: &Credential, roles: &[String]) -> Result<(), String> {
    let client = connect(endpoint, managing, &TlsMemory::default()).await?;
    let roles: Vec<&str> = roles.iter().map(String::as_str).collect();
    let params: [&(dyn tokio_postgres::types::ToSql + Sync); 1] = [&roles];
    let query = client.query("SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY($1)", &params);
    let rows = match tokio::time::timeout(DB_TIMEOUT, query).await {
        Ok(r) => r.map_err(|e| describe(&e))?,
        Err(_) => return Err(format!("the query timed out after {}s", DB_TIMEOUT.as_secs())),
    };
    let found: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
    let missing: Vec<&str> = roles.iter().copied().filter(|r| !found.iter().any(|f| f == r)).collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "role {} does not exist",
            missing.iter().map(|r| format!("\"{r}\"")).collect::<Vec<_>>().join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote_ident("app").as_deref(), Ok("\"app\""));
        assert_eq!(quote_ident("a\"; DROP ROLE x; --").as_deref(), Ok("\"a\"\"; DROP ROLE x; --\""));
        assert!(quote_ident("a\0b").is_err());
        assert_eq!(quote_literal("it's").as_deref(), Ok("'it''s'"));
        assert_eq!(quote_literal("a\\'b").as_deref(), Ok("E'a\\\\''b'"));
    }

    #[test]
    fn the_statement_holds_a_verifier_not_the_password() {
        let sql = alter_role_sql("o'neil \"x\"", &Secret::new("hunter2")).expect("valid");
        assert!(sql.starts_with("ALTER ROLE \"o'neil \"\"x\"\"\" WITH PASSWORD 'SCRAM-SHA-256$4096:"), "{sql}");
        assert!(!sql.contains("hunter2"));
    }
}
