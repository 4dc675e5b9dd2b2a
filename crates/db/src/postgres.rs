//! PostgreSQL: setting a role's password as the managing user, and logging in.
//!
//! The password is sent already hashed (a SCRAM-SHA-256 verifier, as `psql`'s `\password`
//! does), so the plain password never crosses the wire and never lands in the server's
//! statement log. The role name is a quoted identifier.

use tokio_postgres::config::SslMode;
use tokio_postgres::{Client, Config};
use tokio_postgres_rustls::MakeRustlsConnect;

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

async fn connect(endpoint: &Endpoint, user: &Credential) -> Result<Client, String> {
    let policy = tls::policy()?;
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
    let tls = MakeRustlsConnect::new((*tls::client_config()?).clone());
    let connecting = tokio::time::timeout(DB_TIMEOUT, config.connect(tls));
    let (client, connection) = match connecting.await {
        Ok(Ok(c)) => c,
        Ok(Err(e)) => return Err(describe(&e)),
        Err(_) => return Err(format!("connecting to {endpoint} timed out after {}s", DB_TIMEOUT.as_secs())),
    };
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}

/// The server's own message when there is one (`role "x" does not exist`), else the
/// driver's error and its causes.
fn describe(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => error_chain(e),
    }
}

async fn run(client: &Client, sql: &str) -> Result<(), String> {
    run_classified(client, sql).await.map_err(|e| e.message)
}

/// Runs a statement that changes something: an error the server answered with means it did
/// not happen; no answer (a timeout, a lost connection) leaves it unknown.
async fn run_classified(client: &Client, sql: &str) -> Result<(), SetError> {
    match tokio::time::timeout(DB_TIMEOUT, client.batch_execute(sql)).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) if e.as_db_error().is_some() => Err(SetError::unchanged(describe(&e))),
        Ok(Err(e)) => Err(SetError::unknown(describe(&e))),
        Err(_) => Err(SetError::unknown(format!("the statement timed out after {}s", DB_TIMEOUT.as_secs()))),
    }
}

/// `ALTER ROLE username WITH PASSWORD …` as `managing`.
pub async fn set_password(
    endpoint: &Endpoint,
    managing: &Credential,
    username: &str,
    new_password: &Secret,
) -> Result<(), SetError> {
    let sql = alter_role_sql(username, new_password)?;
    let client = connect(endpoint, managing).await?;
    run_classified(&client, &sql).await
}

/// Logs in as `user` and runs `SELECT 1`.
pub async fn login(endpoint: &Endpoint, user: &Credential) -> Result<(), String> {
    let client = connect(endpoint, user).await?;
    run(&client, "SELECT 1").await
}

/// Logs in as `managing` and checks that the roles exist (for dry runs).
pub async fn check_roles(endpoint: &Endpoint, managing: &Credential, roles: &[String]) -> Result<(), String> {
    let client = connect(endpoint, managing).await?;
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
