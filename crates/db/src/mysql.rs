//! MySQL and MariaDB: setting a user's password as the managing user, and logging in.
//!
//! `ALTER USER 'name' IDENTIFIED BY '…'` (the account `'name'@'%'`, as ESC's connector's
//! `ALTER USER ? IDENTIFIED BY ?`). Both are string literals escaped for the session's
//! actual `sql_mode`: with `NO_BACKSLASH_ESCAPES` a backslash is an ordinary character,
//! without it a backslash escapes, so the escaping is chosen after asking the server.

use mysql_async::prelude::Queryable;
use mysql_async::{Conn, DriverError, OptsBuilder, SslOpts};

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

async fn connect(endpoint: &Endpoint, user: &Credential, database: Option<&str>) -> Result<Conn, String> {
    let policy = tls::policy()?;
    let base = OptsBuilder::default()
        .ip_or_hostname(endpoint.host.clone())
        .tcp_port(endpoint.port)
        .user(Some(user.username.clone()))
        .pass(Some(user.password.expose().to_owned()))
        .db_name(database.map(str::to_owned))
        .prefer_socket(false);
    let what = format!("connecting to {endpoint}");
    if policy == TlsPolicy::Disable {
        return within(&what, Conn::new(base)).await;
    }
    let mut ssl = SslOpts::default();
    if let Some(pem) = tls::extra_ca_pem()? {
        ssl = ssl.with_root_certs(vec![pem.into()]);
    }
    match tokio::time::timeout(DB_TIMEOUT, Conn::new(base.clone().ssl_opts(Some(ssl)))).await {
        Ok(Ok(conn)) => Ok(conn),
        Ok(Err(mysql_async::Error::Driver(DriverError::NoClientSslFlagFromServer))) if policy == TlsPolicy::Prefer => {
            within(&what, Conn::new(base)).await
        }
        Ok(Err(mysql_async::Error::Driver(DriverError::NoClientSslFlagFromServer))) => {
            Err(format!("the server does not support TLS, and {} is require", tls::TLS_ENV_VAR))
        }
        Ok(Err(e)) => Err(describe(&e)),
        Err(_) => Err(format!("{what} timed out after {}s", DB_TIMEOUT.as_secs())),
    }
}

/// `ALTER USER username IDENTIFIED BY …` as `managing`.
pub async fn set_password(
    endpoint: &Endpoint,
    managing: &Credential,
    username: &str,
    new_password: &Secret,
) -> Result<(), SetError> {
    let mut conn = connect(endpoint, managing, Some(&endpoint.database)).await?;
    let result = async {
        let mode: Option<String> = within("reading sql_mode", conn.query_first("SELECT @@SESSION.sql_mode")).await?;
        let backslash_escapes = !mode.unwrap_or_default().to_ascii_uppercase().contains("NO_BACKSLASH_ESCAPES");
        let sql = alter_user_sql(username, new_password, backslash_escapes)?;
        // An error the server answered with means the statement did not happen; no answer
        // leaves it unknown.
        match tokio::time::timeout(DB_TIMEOUT, conn.query_drop(sql)).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e @ mysql_async::Error::Server(_))) => Err(SetError::unchanged(describe(&e))),
            Ok(Err(e)) => Err(SetError::unknown(describe(&e))),
            Err(_) => Err(SetError::unknown(format!("ALTER USER timed out after {}s", DB_TIMEOUT.as_secs()))),
        }
    }
    .await;
    let _ = tokio::time::timeout(DB_TIMEOUT, conn.disconnect()).await;
    result
}

/// Logs in as `user` (no database: only the password is being proven).
pub async fn login(endpoint: &Endpoint, user: &Credential) -> Result<(), String> {
    let mut conn = connect(endpoint, user, None).await?;
    let result = within("ping", conn.ping()).await;
    let _ = tokio::time::timeout(DB_TIMEOUT, conn.disconnect()).await;
    result
}

/// Logs in as `managing` (for dry runs; the accounts table is not readable by every
/// managing user, so only the login is checked).
pub async fn check_login(endpoint: &Endpoint, managing: &Credential) -> Result<(), String> {
    let conn = connect(endpoint, managing, Some(&endpoint.database)).await?;
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
    }
}
