//! Where a PostgreSQL store is: a libpq-style URL (`postgres://user:password@host:port/db?sslmode=…`,
//! also `postgresql://`), with `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE` and
//! `PGSSLMODE` filling what the URL omits, as libpq does.
//!
//! The password is kept apart from everything that is shown: [`PostgresLocation`]'s `Display`
//! and `Debug` print the URL without it, and parse errors never quote the input.

use std::fmt;
use std::time::Duration;

use zeroize::Zeroizing;

use crate::error::StoreError;

/// How long opening a connection to the store may take.
pub(crate) const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// `sslmode`, as libpq names it. rustls always verifies the server's certificate and name,
/// so `require`, `verify-ca` and `verify-full` all mean "TLS, verified" here (stricter than
/// libpq's `require`, which does not verify).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    /// TLS when the server offers it (libpq's default; `allow` is read as this too).
    Prefer,
    Require,
}

impl SslMode {
    fn parse(text: &str) -> Option<SslMode> {
        match text {
            "disable" => Some(SslMode::Disable),
            "allow" | "prefer" => Some(SslMode::Prefer),
            "require" | "verify-ca" | "verify-full" => Some(SslMode::Require),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
        }
    }
}

/// A PostgreSQL store's connection settings. The password is never shown.
#[derive(Clone, PartialEq, Eq)]
pub struct PostgresLocation {
    /// A host name or address, or a directory holding the server's Unix socket (`/run/postgresql`).
    pub host: String,
    pub port: u16,
    pub user: String,
    pub dbname: String,
    pub ssl: SslMode,
    /// `application_name` from the URL, if given (else escrot names its sessions itself).
    pub application_name: Option<String>,
    /// `options` from the URL (e.g. `-c search_path=escrot`), passed to the server as given.
    pub options: Option<String>,
    connect_timeout: Option<Duration>,
    password: Option<Zeroizing<String>>,
}

impl fmt::Debug for PostgresLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PostgresLocation({self})")
    }
}

/// The URL without its password.
impl fmt::Display for PostgresLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let user = encode(&self.user);
        let db = encode(&self.dbname);
        if self.host.starts_with('/') {
            write!(f, "postgres://{user}@:{}/{db}?host={}", self.port, encode(&self.host))?;
        } else if self.host.contains(':') {
            write!(f, "postgres://{user}@[{}]:{}/{db}", self.host, self.port)?;
        } else {
            write!(f, "postgres://{user}@{}:{}/{db}", self.host, self.port)?;
        }
        let sep = if self.host.starts_with('/') { '&' } else { '?' };
        write!(f, "{sep}sslmode={}", self.ssl.as_str())
    }
}

/// The environment of a parse: the `PG*` variables (a function, so tests can give their own).
type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

impl PostgresLocation {
    /// Parses a `postgres://` or `postgresql://` URL, the `PG*` variables filling what it omits.
    pub fn parse(input: &str) -> Result<PostgresLocation, StoreError> {
        PostgresLocation::parse_with(input, &|name| escrot_vars::get(name))
    }

    fn parse_with(input: &str, env: Env<'_>) -> Result<PostgresLocation, StoreError> {
        let rest = input
            .strip_prefix("postgres://")
            .or_else(|| input.strip_prefix("postgresql://"))
            .ok_or_else(|| invalid("expected postgres://USER@HOST:PORT/DATABASE"))?;
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let (user, password) = match userinfo {
            Some(u) => match u.split_once(':') {
                Some((user, pw)) => (decode(user, "user name")?, Some(Zeroizing::new(decode(pw, "password")?))),
                None => (decode(u, "user name")?, None),
            },
            None => (String::new(), None),
        };
        let (host, port) = split_host_port(hostport)?;
        let mut loc = PostgresLocation {
            host: decode(host, "host")?,
            port: 0,
            user,
            dbname: decode(path, "database name")?,
            ssl: SslMode::Prefer,
            application_name: None,
            options: None,
            connect_timeout: None,
            password: password.filter(|p| !p.is_empty()),
        };
        let mut port = port.map(str::to_owned);
        let mut ssl = None;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value, name)?;
            match name {
                "sslmode" => ssl = Some(value),
                "host" => loc.host = value,
                "port" => port = Some(value),
                "user" => loc.user = value,
                "dbname" => loc.dbname = value,
                "password" => loc.password = Some(Zeroizing::new(value)),
                "application_name" => loc.application_name = Some(value),
                "options" => loc.options = Some(value),
                "connect_timeout" => loc.connect_timeout = Some(parse_timeout(&value)?),
                "sslrootcert" => {
                    return Err(invalid("sslrootcert is not supported: set ESCROT_DB_CA_FILE to the CA bundle (PEM)"));
                }
                other => {
                    return Err(invalid(&format!(
                        "unknown parameter '{other}' (supported: sslmode, host, port, user, dbname, \
                         application_name, options, connect_timeout)"
                    )));
                }
            }
        }
        loc.fill_from(env, port, ssl)?;
        Ok(loc)
    }

    /// What the URL omitted, from the `PG*` variables, then libpq's defaults.
    fn fill_from(&mut self, env: Env<'_>, port: Option<String>, ssl: Option<String>) -> Result<(), StoreError> {
        if self.host.is_empty() {
            self.host = env("PGHOST").unwrap_or_else(|| "localhost".into());
        }
        if self.host.contains(',') {
            return Err(invalid("several hosts are not supported; name one"));
        }
        let port = port.filter(|p| !p.is_empty()).or_else(|| env("PGPORT"));
        self.port = match port {
            None => 5432,
            Some(p) => {
                p.parse().ok().filter(|p| *p > 0).ok_or_else(|| invalid("the port is not a number from 1 to 65535"))?
            }
        };
        if self.user.is_empty() {
            self.user = env("PGUSER")
                .or_else(|| env("USER"))
                .ok_or_else(|| invalid("no user name: put one in the URL (postgres://USER@HOST/DB) or set PGUSER"))?;
        }
        if self.password.is_none() {
            self.password = env("PGPASSWORD").map(Zeroizing::new);
        }
        if self.dbname.is_empty() {
            self.dbname = env("PGDATABASE").unwrap_or_else(|| self.user.clone());
        }
        let ssl = ssl.or_else(|| env("PGSSLMODE"));
        self.ssl = match ssl {
            None => SslMode::Prefer,
            Some(mode) => SslMode::parse(&mode)
                .ok_or_else(|| invalid("sslmode must be disable, allow, prefer, require, verify-ca or verify-full"))?,
        };
        Ok(())
    }

    /// The password, to hand to the driver (and to strip from its messages).
    pub(crate) fn password(&self) -> Option<&str> {
        self.password.as_deref().map(String::as_str)
    }

    /// The driver's configuration; `application_name` names this process for those who wait
    /// for its locks (unless the URL names it).
    pub(crate) fn config(&self, application_name: &str) -> tokio_postgres::Config {
        let mut config = tokio_postgres::Config::new();
        config
            .host(&self.host)
            .port(self.port)
            .user(&self.user)
            .dbname(&self.dbname)
            .application_name(self.application_name.as_deref().unwrap_or(application_name))
            .connect_timeout(self.connect_timeout.unwrap_or(CONNECT_TIMEOUT))
            .ssl_mode(match self.ssl {
                SslMode::Disable => tokio_postgres::config::SslMode::Disable,
                SslMode::Prefer => tokio_postgres::config::SslMode::Prefer,
                SslMode::Require => tokio_postgres::config::SslMode::Require,
            });
        if let Some(pw) = self.password() {
            config.password(pw);
        }
        if let Some(options) = &self.options {
            config.options(options);
        }
        config
    }

    /// `message` with the password replaced by `[secret]` (a server or driver message never
    /// should quote it, but a message is shown, so nothing is left to chance).
    pub(crate) fn redact(&self, message: String) -> String {
        match self.password() {
            Some(pw) if !pw.is_empty() => message.replace(pw, "[secret]"),
            _ => message,
        }
    }
}

fn invalid(reason: &str) -> StoreError {
    // Never echo the URL back: it may hold a password.
    StoreError::InvalidLocation { location: "postgres://…".into(), reason: reason.into() }
}

fn parse_timeout(value: &str) -> Result<Duration, StoreError> {
    value.parse().map(Duration::from_secs).map_err(|_| invalid("connect_timeout must be a number of seconds"))
}

/// `host`, `host:port`, `[v6]`, `[v6]:port`, or empty.
fn split_host_port(hostport: &str) -> Result<(&str, Option<&str>), StoreError> {
    if let Some(v6) = hostport.strip_prefix('[') {
        let (host, after) = v6.split_once(']').ok_or_else(|| invalid("an IPv6 address misses its ']'"))?;
        return match after.strip_prefix(':') {
            Some(port) => Ok((host, Some(port))),
            None if after.is_empty() => Ok((host, None)),
            None => Err(invalid("unexpected text after the IPv6 address")),
        };
    }
    Ok(match hostport.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (hostport, None),
    })
}

/// Percent-decoding; `what` names the part in the error (never its text).
fn decode(text: &str, what: &str) -> Result<String, StoreError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            let byte = hex.and_then(|h| u8::from_str_radix(h, 16).ok());
            out.push(byte.ok_or_else(|| invalid(&format!("the {what} has a bad %-escape")))?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| invalid(&format!("the {what} is not UTF-8 once %-decoded")))
}

/// Percent-encodes all but unreserved characters.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str, vars: &[(&str, &str)]) -> Result<PostgresLocation, StoreError> {
        let vars: Vec<(String, String)> = vars.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        PostgresLocation::parse_with(url, &move |n| vars.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()))
    }

    #[test]
    fn full_urls() {
        let l = parse("postgres://alice:p%40ss@db.example.com:6432/escrot?sslmode=verify-full", &[]).unwrap();
        assert_eq!(
            (l.host.as_str(), l.port, l.user.as_str(), l.dbname.as_str()),
            ("db.example.com", 6432, "alice", "escrot")
        );
        assert_eq!((l.ssl, l.password()), (SslMode::Require, Some("p@ss")));
        assert_eq!(l.to_string(), "postgres://alice@db.example.com:6432/escrot?sslmode=require");
        assert!(!format!("{l:?}").contains("p@ss"));
        let l = parse("postgresql://bob@[::1]/x", &[]).unwrap();
        assert_eq!((l.host.as_str(), l.port, l.ssl), ("::1", 5432, SslMode::Prefer));
        assert_eq!(l.to_string(), "postgres://bob@[::1]:5432/x?sslmode=prefer");
    }

    #[test]
    fn variables_fill_what_the_url_omits() {
        let vars = [
            ("PGHOST", "/run/postgresql"),
            ("PGPORT", "5433"),
            ("PGUSER", "carol"),
            ("PGPASSWORD", "hunter2"),
            ("PGDATABASE", "stores"),
            ("PGSSLMODE", "disable"),
        ];
        let l = parse("postgres://", &vars).unwrap();
        assert_eq!(
            (l.host.as_str(), l.port, l.user.as_str(), l.dbname.as_str()),
            ("/run/postgresql", 5433, "carol", "stores")
        );
        assert_eq!((l.ssl, l.password()), (SslMode::Disable, Some("hunter2")));
        assert_eq!(l.to_string(), "postgres://carol@:5433/stores?host=%2Frun%2Fpostgresql&sslmode=disable");
        // The URL wins over the variables.
        let l = parse("postgres://dave:pw@h:1/d?sslmode=require", &vars).unwrap();
        assert_eq!(
            (l.host.as_str(), l.port, l.user.as_str(), l.password(), l.ssl),
            ("h", 1, "dave", Some("pw"), SslMode::Require)
        );
        // Without a database name, the user's.
        assert_eq!(parse("postgres://erin@h", &[]).unwrap().dbname, "erin");
    }

    #[test]
    fn errors_never_quote_the_url() {
        for (url, expected) in [
            ("postgres://u:s3cret@h:notaport/d", "port"),
            ("postgres://u:s3cret@h/d?sslmode=sometimes", "sslmode must be"),
            ("postgres://u:s3cret@h/d?frobnicate=1", "unknown parameter 'frobnicate'"),
            ("postgres://u:s3cret%zz@h/d", "bad %-escape"),
            ("postgres://u:s3cret@a,b/d", "several hosts"),
        ] {
            let e = parse(url, &[]).unwrap_err().to_string();
            assert!(e.contains(expected) && !e.contains("s3cret"), "{url}: {e}");
        }
    }
}
