//! The providers (`fn::open::*`) and rotators (`fn::rotate::*`) escrot ships.
//!
//! None ships yet: the registry knows the names that are planned and says so, and calls
//! every other name unknown, in ESC's words (`unknown provider "NAME"`).

use std::sync::Arc;

use crate::esc::provider::{Error, Provider, ProviderLoader, Rotator};

/// Providers that are planned but not in this version.
const PLANNED_PROVIDERS: &[&str] = &["aws-login"];
/// Rotators that are planned but not in this version.
const PLANNED_ROTATORS: &[&str] = &["aws-iam", "postgres", "mysql", "password", "passphrase", "external"];

/// The binary's providers and rotators.
#[derive(Debug, Default)]
pub struct Registry;

impl Registry {
    pub fn new() -> Registry {
        Registry
    }
}

fn strip<'a>(name: &'a str, prefix: &str) -> &'a str {
    name.strip_prefix(prefix).unwrap_or(name)
}

impl ProviderLoader for Registry {
    fn load_provider(&self, name: &str) -> Result<Arc<dyn Provider>, Error> {
        let name = strip(name, "fn::open::");
        if PLANNED_PROVIDERS.contains(&name) {
            return Err(format!("the {name} provider is not available in this version of escrot").into());
        }
        Err(format!("unknown provider \"{name}\"").into())
    }

    fn load_rotator(&self, name: &str) -> Result<Arc<dyn Rotator>, Error> {
        let name = strip(name, "fn::rotate::");
        if PLANNED_ROTATORS.contains(&name) {
            return Err(format!("the {name} rotator is not available in this version of escrot").into());
        }
        Err(format!("unknown rotator \"{name}\"").into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider_error(name: &str) -> String {
        Registry.load_provider(name).err().map(|e| e.to_string()).unwrap_or_default()
    }

    fn rotator_error(name: &str) -> String {
        Registry.load_rotator(name).err().map(|e| e.to_string()).unwrap_or_default()
    }

    #[test]
    fn messages() {
        assert_eq!(provider_error("aws-login"), "the aws-login provider is not available in this version of escrot");
        assert_eq!(provider_error("nope"), "unknown provider \"nope\"");
        assert_eq!(rotator_error("nope"), "unknown rotator \"nope\"");
        assert_eq!(rotator_error("postgres"), "the postgres rotator is not available in this version of escrot");
    }
}
