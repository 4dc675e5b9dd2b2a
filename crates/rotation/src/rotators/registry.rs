//! The rotators this build has, by name. One registry serves both the evaluator (through
//! `providers::Registry`, which adapts each rotator to ESC's interface) and the rotation
//! engine, so the two can never disagree on what `fn::rotate::NAME` means.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use super::{AwsIam, DbRotator, External, Passphrase, Password, RedisRotator, Rotator};

/// Rotators by bare name (`password`, not `fn::rotate::password`).
#[derive(Clone, Default)]
pub struct Registry {
    rotators: BTreeMap<String, Arc<dyn Rotator>>,
}

impl Registry {
    /// A registry with no rotators (for tests that bring their own).
    pub fn empty() -> Registry {
        Registry::default()
    }

    /// The rotators escrot ships.
    pub fn builtin() -> Registry {
        let mut r = Registry::empty();
        r.insert("aws-iam", Arc::new(AwsIam::default()));
        // Without a signing key: the binary hands one in (`providers::Registry::with_signing_key`).
        r.insert("external", Arc::new(External::default()));
        r.insert("password", Arc::new(Password));
        r.insert("passphrase", Arc::new(Passphrase));
        r.insert("postgres", Arc::new(DbRotator::postgres()));
        r.insert("mysql", Arc::new(DbRotator::mysql()));
        r.insert("redis", Arc::new(RedisRotator));
        r
    }

    /// Adds or replaces a rotator.
    pub fn insert(&mut self, name: impl Into<String>, rotator: Arc<dyn Rotator>) {
        self.rotators.insert(name.into(), rotator);
    }

    /// The rotator called `name`; a `fn::rotate::` prefix is ignored.
    pub fn get(&self, name: &str) -> Option<Arc<dyn Rotator>> {
        let name = name.strip_prefix("fn::rotate::").unwrap_or(name);
        self.rotators.get(name).cloned()
    }

    /// The names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.rotators.keys().map(String::as_str)
    }
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.names()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin() {
        let r = Registry::builtin();
        assert_eq!(
            r.names().collect::<Vec<_>>(),
            ["aws-iam", "external", "mysql", "passphrase", "password", "postgres", "redis"]
        );
        assert!(r.get("password").is_some());
        assert!(r.get("fn::rotate::passphrase").is_some());
        assert!(r.get("postgres").is_some());
        assert!(r.get("aws-iam").is_some());
        assert!(r.get("fn::rotate::external").is_some());
        assert_eq!(
            format!("{r:?}"),
            r#"{"aws-iam", "external", "mysql", "passphrase", "password", "postgres", "redis"}"#
        );
    }
}
