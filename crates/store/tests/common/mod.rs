//! What the store's test suites share: the two backends a test runs against.
//!
//! Tests of the `Store` trait's behaviour are written once, as a function taking a
//! [`Backend`], and `on_both_backends!` makes two tests of each: `sqlite::NAME` on a
//! temporary SQLite database and `postgres::NAME` on a fresh database of a real PostgreSQL
//! server (skipped with a message when PostgreSQL is not installed, failed in CI).

#![allow(dead_code)]

use std::path::PathBuf;

use escrot_store::*;
use escrot_testkit::databases::{self, StoreDatabase};
use zeroize::Zeroizing;

/// Where a test's store lives.
pub enum Backend {
    /// `escrot.db` in a temporary directory, with its key file beside it.
    Sqlite(tempfile::TempDir),
    /// A fresh database, with a store key given as `ESCROT_KEY` would give it.
    Postgres { db: StoreDatabase, key: Zeroizing<String> },
}

impl Backend {
    pub fn sqlite() -> Backend {
        Backend::Sqlite(tempfile::tempdir().unwrap())
    }

    /// `None` when PostgreSQL is not installed (outside CI).
    pub fn postgres(tag: &str) -> Option<Backend> {
        let server = databases::postgres()?;
        let key = StoreKey::generate("test").unwrap().to_base64();
        Some(Backend::Postgres { db: server.store_database(tag), key })
    }

    pub fn location(&self) -> StoreLocation {
        match self {
            Backend::Sqlite(dir) => StoreLocation::Sqlite(self.sqlite_path(dir)),
            Backend::Postgres { db, .. } => StoreLocation::parse(&db.url()).unwrap(),
        }
    }

    fn sqlite_path(&self, dir: &tempfile::TempDir) -> PathBuf {
        dir.path().join("escrot.db")
    }

    /// The store's own key: the key file beside an SQLite database, the test's key for
    /// PostgreSQL.
    pub fn key_source(&self) -> KeySource {
        match self {
            Backend::Sqlite(_) => KeySource::BesideDatabase,
            Backend::Postgres { key, .. } => KeySource::Base64(key.clone()),
        }
    }

    pub fn try_open(&self) -> Result<Box<dyn Store>, StoreError> {
        open_store(&self.location(), &self.key_source())
    }

    pub fn open(&self) -> Box<dyn Store> {
        self.try_open().unwrap()
    }

    pub fn open_read_only(&self) -> Box<dyn Store> {
        open_store_read_only(&self.location(), &self.key_source()).unwrap()
    }
}

/// Two tests per function: `sqlite::NAME` and `postgres::NAME`.
#[macro_export]
macro_rules! on_both_backends {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $test() { super::$test(&$crate::common::Backend::sqlite()); } )*
        }
        mod postgres {
            $( #[test] fn $test() {
                if let Some(backend) = $crate::common::Backend::postgres(stringify!($test)) {
                    super::$test(&backend);
                }
            } )*
        }
    };
}

pub fn name(s: &str) -> EnvName {
    EnvName::parse(s, "acme").unwrap()
}

pub fn log_entry(attempt: &AttemptId, path: &str, result: RotationResult) -> RotationLogEntry {
    RotationLogEntry {
        attempt: attempt.clone(),
        revision_before: None,
        revision_after: None,
        path: path.into(),
        rotator: "aws-iam".into(),
        result,
        error: (result == RotationResult::Failed).then(|| "AccessDenied: iam:CreateAccessKey".into()),
        started_at: now_rfc3339(),
        duration_ms: 1234,
    }
}
