//! Where the store is: `sqlite:PATH`, or `postgres://…` (same tables, for teams sharing one store).
//! The CLI resolves it from `--store`, then `ESCROT_STORE`, then the default below.

use std::fmt;
use std::path::{Path, PathBuf};

use super::error::StoreError;
use crate::postgres::PostgresLocation;

/// The environment variable naming the store, as `--store` does.
pub const STORE_ENV_VAR: &str = "ESCROT_STORE";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreLocation {
    /// An SQLite database file.
    Sqlite(PathBuf),
    /// A PostgreSQL database (`postgres://…`); its password is never shown.
    Postgres(PostgresLocation),
}

impl StoreLocation {
    /// Parses `sqlite:PATH` (also `sqlite://PATH`) and `postgres://…` (also `postgresql://`,
    /// the `PG*` variables filling what the URL omits).
    pub fn parse(input: &str) -> Result<StoreLocation, StoreError> {
        let invalid = |reason: &str| StoreError::InvalidLocation { location: input.to_owned(), reason: reason.into() };
        if let Some(rest) = input.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            if path.is_empty() {
                return Err(invalid("the database path is empty; expected sqlite:PATH"));
            }
            return Ok(StoreLocation::Sqlite(PathBuf::from(path)));
        }
        if input.starts_with("postgres://") || input.starts_with("postgresql://") {
            return Ok(StoreLocation::Postgres(PostgresLocation::parse(input)?));
        }
        if input.contains("://") {
            // Never echo an unknown URL back: it may hold a password.
            return Err(StoreError::InvalidLocation {
                location: input.split("://").next().unwrap_or_default().to_owned() + "://…",
                reason: "expected sqlite:PATH or postgres://USER@HOST:PORT/DATABASE".into(),
            });
        }
        Err(invalid(
            "expected sqlite:PATH (for example sqlite:/var/lib/escrot/escrot.db) or postgres://USER@HOST:PORT/DATABASE",
        ))
    }

    /// `<user data dir>/escrot/escrot.db` (e.g. `~/.local/share/escrot/escrot.db` on Linux,
    /// `~/Library/Application Support/escrot/escrot.db` on macOS).
    pub fn default_location() -> Result<StoreLocation, StoreError> {
        match dirs::data_dir() {
            Some(dir) => Ok(StoreLocation::Sqlite(dir.join("escrot").join("escrot.db"))),
            None => Err(StoreError::InvalidLocation {
                location: "(default)".into(),
                reason: format!(
                    "cannot find the user data directory (is HOME set?); pass --store sqlite:PATH or set {STORE_ENV_VAR}"
                ),
            }),
        }
    }

    /// The location from `--store` if given, else `ESCROT_STORE` if set and not empty, else
    /// the default.
    pub fn resolve(flag: Option<&str>) -> Result<StoreLocation, StoreError> {
        if let Some(s) = flag {
            return StoreLocation::parse(s);
        }
        match escrot_vars::get(STORE_ENV_VAR) {
            Some(s) => StoreLocation::parse(&s),
            None => StoreLocation::default_location(),
        }
    }

    /// The database file of an SQLite store.
    pub fn sqlite_path(&self) -> Option<&Path> {
        match self {
            StoreLocation::Sqlite(p) => Some(p),
            StoreLocation::Postgres(_) => None,
        }
    }
}

impl fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreLocation::Sqlite(p) => write!(f, "sqlite:{}", p.display()),
            StoreLocation::Postgres(p) => write!(f, "{p}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sqlite() {
        assert_eq!(StoreLocation::parse("sqlite:/tmp/x.db").unwrap(), StoreLocation::Sqlite("/tmp/x.db".into()));
        assert_eq!(StoreLocation::parse("sqlite://tmp/x.db").unwrap(), StoreLocation::Sqlite("tmp/x.db".into()));
        assert_eq!(StoreLocation::parse("sqlite:rel.db").unwrap(), StoreLocation::Sqlite("rel.db".into()));
        assert_eq!(StoreLocation::parse("sqlite:/tmp/x.db").unwrap().to_string(), "sqlite:/tmp/x.db");
    }

    #[test]
    fn parses_postgres_without_showing_the_password() {
        let l = StoreLocation::parse("postgres://u:pw-secret@h:5439/db?sslmode=disable").unwrap();
        assert_eq!(l.to_string(), "postgres://u@h:5439/db?sslmode=disable");
        assert!(!format!("{l:?}").contains("pw-secret"));
        assert!(matches!(StoreLocation::parse("postgresql://u@h/db"), Ok(StoreLocation::Postgres(_))));
    }

    #[test]
    fn refuses_others_clearly() {
        let e = StoreLocation::parse("mysql://u:pw@h/db").unwrap_err().to_string();
        assert!(e.contains("expected sqlite:PATH or postgres://") && !e.contains("pw"), "{e}");
        let e = StoreLocation::parse("/tmp/x.db").unwrap_err().to_string();
        assert!(e.contains("expected sqlite:PATH"), "{e}");
        assert!(StoreLocation::parse("sqlite:").is_err());
    }

    #[test]
    fn default_is_under_data_dir() {
        if let Ok(StoreLocation::Sqlite(p)) = StoreLocation::default_location() {
            assert!(p.ends_with("escrot/escrot.db"));
        }
    }
}
