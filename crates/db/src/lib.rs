//! Database clients for the `postgres` and `mysql` rotators and for escrot's rotation
//! connector, and the connector's event protocol: what both sides of a rotation share, so
//! that neither depends on the other.
//!
//! - [`set_password`] and [`login`]: the two things a rotation does to a database, on
//!   PostgreSQL ([`postgres`]: SCRAM verifiers, quoted identifiers) and MySQL/MariaDB
//!   ([`mysql`]: literals escaped for the session's `sql_mode`), over rustls ([`tls`]);
//! - [`connector`]: the event escrot (or Pulumi ESC) sends the connector, its answer, and
//!   the handler that carries an event out against the database.
//!
//! Nothing here knows of ESC, the store or AWS.

pub mod connector;
pub mod mysql;
pub mod postgres;
mod sessions;
pub mod tls;

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

/// How long a database connection may take to open, and a statement to run.
pub const DB_TIMEOUT: Duration = Duration::from_secs(30);

/// A string that never shows in `Debug` or `Display` and is wiped from memory when dropped.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }

    /// The secret itself: only to hand to a database driver or the connector.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[secret]")
    }
}

/// Which database server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Postgres,
    Mysql,
}

impl Kind {
    /// The rotator's name, which is also the connector event's `type`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Postgres => "postgres",
            Kind::Mysql => "mysql",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        match name {
            "postgres" => Some(Kind::Postgres),
            "mysql" => Some(Kind::Mysql),
            _ => None,
        }
    }
}

/// Where the database is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    pub database: String,
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}/{}", self.host, self.port, self.database)
    }
}

/// A user name and its password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credential {
    pub username: String,
    pub password: Secret,
}

/// Why setting a password failed, and whether it may have been set all the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetError {
    pub message: String,
    /// The statement may have run: it was sent, and no answer came (a timeout, a lost
    /// connection). Failures before it was sent (the managing login refused) and errors the
    /// server answered it with (the statement failed, so nothing changed) are not unknown.
    pub outcome_unknown: bool,
}

impl SetError {
    /// A failure before the statement was sent, or that the server answered: nothing changed.
    pub fn unchanged(message: impl Into<String>) -> SetError {
        SetError { message: message.into(), outcome_unknown: false }
    }

    /// The statement was sent and its answer never came.
    pub fn unknown(message: impl Into<String>) -> SetError {
        SetError { message: message.into(), outcome_unknown: true }
    }
}

impl From<String> for SetError {
    /// A failure before anything was sent (a bad name, a refused connection).
    fn from(message: String) -> SetError {
        SetError::unchanged(message)
    }
}

/// What one run of rotations keeps between its database calls: the managing users'
/// connections, reused by every rotation of the run rather than opened anew for each
/// statement, and whether each server took TLS.
#[derive(Default)]
pub struct Sessions {
    postgres: postgres::Sessions,
    mysql: mysql::Sessions,
}

impl Sessions {
    /// Sets a user's password on the database itself, as the managing user.
    pub async fn set_password(
        &self,
        kind: Kind,
        endpoint: &Endpoint,
        managing: &Credential,
        username: &str,
        new_password: &Secret,
    ) -> std::result::Result<(), SetError> {
        let started = std::time::Instant::now();
        let result = match kind {
            Kind::Postgres => self.postgres.set_password(endpoint, managing, username, new_password).await,
            Kind::Mysql => self.mysql.set_password(endpoint, managing, username, new_password).await,
        };
        log_call(
            kind,
            "connect as the managing user (once per run), ALTER the user's password",
            started,
            result.is_ok(),
        );
        result.map_err(|e| SetError { message: redact(&e.message, &[&managing.password, new_password]), ..e })
    }

    /// Logs in as `user`, proving its password works.
    pub async fn login(&self, kind: Kind, endpoint: &Endpoint, user: &Credential) -> std::result::Result<(), String> {
        let started = std::time::Instant::now();
        let result = match kind {
            Kind::Postgres => self.postgres.login(endpoint, user).await,
            Kind::Mysql => self.mysql.login(endpoint, user).await,
        };
        log_call(kind, "connect as the user (login check)", started, result.is_ok());
        result.map_err(|e| redact(&e, &[&user.password]))
    }

    /// Closes the connections kept (they are also closed when dropped, without waiting).
    pub async fn close(&self) {
        self.mysql.close().await;
    }
}

/// Sets a user's password on the database itself, on a connection of its own (the
/// connector: one event, one rotation).
pub async fn set_password(
    kind: Kind,
    endpoint: &Endpoint,
    managing: &Credential,
    username: &str,
    new_password: &Secret,
) -> std::result::Result<(), SetError> {
    let sessions = Sessions::default();
    let result = sessions.set_password(kind, endpoint, managing, username, new_password).await;
    sessions.close().await;
    result
}

/// Logs in as `user`, proving its password works.
pub async fn login(kind: Kind, endpoint: &Endpoint, user: &Credential) -> std::result::Result<(), String> {
    Sessions::default().login(kind, endpoint, user).await
}

/// Sets `user`'s own password, logged in as that user (no managing user: the Secrets
/// Manager single-user strategy). PostgreSQL lets a role `ALTER ROLE` its own password;
/// MySQL and MariaDB need statements of their own for it ([`mysql::own_password_sql`]).
pub async fn set_own_password(
    kind: Kind,
    endpoint: &Endpoint,
    user: &Credential,
    new_password: &Secret,
) -> std::result::Result<(), SetError> {
    match kind {
        Kind::Postgres => set_password(kind, endpoint, user, &user.username, new_password).await,
        Kind::Mysql => {
            let result = mysql::set_own_password(endpoint, user, new_password).await;
            result.map_err(|e| SetError { message: redact(&e.message, &[&user.password, new_password]), ..e })
        }
    }
}

/// Logs in as `user` to the endpoint's database and runs `SELECT 1`: what an application
/// does with its credentials (the Secrets Manager rotation's `testSecret` proves the new
/// ones so), where [`login`] proves only the password.
pub async fn login_and_query(kind: Kind, endpoint: &Endpoint, user: &Credential) -> std::result::Result<(), String> {
    let result = match kind {
        Kind::Postgres => postgres::login_and_query(endpoint, user).await,
        Kind::Mysql => mysql::login_and_query(endpoint, user).await,
    };
    result.map_err(|e| redact(&e, &[&user.password]))
}

/// Logs a database call (`-v`): what kind, how long, whether it worked. Never the host,
/// the user names or the statement text: the definition may keep them secret, and the
/// statement holds the password.
fn log_call(kind: Kind, call: &str, started: std::time::Instant, ok: bool) {
    let duration_ms = started.elapsed().as_millis() as u64;
    tracing::info!(database = kind.name(), call, ok, duration_ms, "database call");
}

/// `message` with every occurrence of the secrets replaced by `[secret]`: database servers
/// may quote a statement (and so a password) in their errors, and a connector may quote
/// its event, where a password is a JSON string (escaped).
pub fn redact(message: &str, secrets: &[&Secret]) -> String {
    let mut out = message.to_owned();
    for s in secrets.iter().filter(|s| !s.is_empty()) {
        out = out.replace(s.expose(), "[secret]");
        let quoted = serde_json::to_string(s.expose()).unwrap_or_default();
        let escaped = quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or_default();
        if !escaped.is_empty() && escaped != s.expose() {
            out = out.replace(escaped, "[secret]");
        }
    }
    out
}

/// An error and the chain of its causes, on one line (`error connecting: connection refused`).
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}
