//! Where the store is: `sqlite:PATH` today, `postgres://…` later (same schema, for teams).
//! The CLI resolves it from `--store`, then `ESCROT_STORE`, then the default below.

use std::fmt;
use std::path::{Path, PathBuf};

use super::error::StoreError;

/// The environment variable naming the store, as `--store` does.
pub const STORE_ENV_VAR: &str = "ESCROT_STORE";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreLocation {
    /// An SQLite database file.
    Sqlite(PathBuf),
}

impl StoreLocation {
    /// Parses `sqlite:PATH` (also `sqlite://PATH`). `postgres://…` is recognised and refused
    /// as not supported yet, so that users get a clear answer rather than "unknown scheme".
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
            // Never echo a connection string back: it may hold a password.
            return Err(StoreError::InvalidLocation {
                location: "postgres://…".into(),
                reason: "PostgreSQL stores are not supported yet; use sqlite:PATH".into(),
            });
        }
        Err(invalid("expected sqlite:PATH (for example sqlite:/var/lib/escrot/escrot.db)"))
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
        }
    }
}

impl fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreLocation::Sqlite(p) => write!(f, "sqlite:{}", p.display()),
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
    fn refuses_others_clearly() {
        let e = StoreLocation::parse("postgres://u:pw@h/db").unwrap_err().to_string();
        assert!(e.contains("not supported yet") && !e.contains("pw"), "{e}");
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
