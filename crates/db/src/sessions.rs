//! What one run of rotations keeps between its database calls, so that a round trip to a
//! distant server is not repeated when its answer is already known: the managing users'
//! connections (a TCP, TLS and SCRAM handshake is several round trips; one connection per
//! server and managing user serves every rotation of the run), and whether each server took
//! TLS (under `prefer`, a server that refused TLS a moment ago is not asked again).

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use super::tls::{self, TlsPolicy};
use super::{Credential, Endpoint, Secret};

/// How long an unused managing connection is kept: a server or a firewall may close idle
/// connections without the client noticing, and a statement sent on such a connection
/// would only time out.
pub(crate) const IDLE_LIMIT: Duration = Duration::from_secs(60);

/// Which server, as which user: a cached connection serves only requests for the same
/// endpoint *and* credential (a changed password gets a connection of its own, which
/// proves the new password).
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct SessionKey {
    endpoint: Endpoint,
    username: String,
    password: Secret,
}

impl SessionKey {
    pub(crate) fn of(endpoint: &Endpoint, user: &Credential) -> SessionKey {
        SessionKey { endpoint: endpoint.clone(), username: user.username.clone(), password: user.password.clone() }
    }
}

/// Per `host:port`, whether the server took TLS, learned from connections made under the
/// `prefer` policy.
#[derive(Default)]
pub(crate) struct TlsMemory(Mutex<Vec<((String, u16), bool)>>);

impl TlsMemory {
    /// The TLS policy for a new connection to `endpoint`: the configured one; under `prefer`,
    /// what the server did earlier in this run — TLS is then required (it is never given up
    /// once seen), or not offered (a server that answered "no TLS" is not asked again; an
    /// attacker able to answer so could have answered the first time as well, so this is
    /// what `prefer` gives).
    pub(crate) fn policy_for(&self, endpoint: &Endpoint) -> Result<TlsPolicy, String> {
        let configured = tls::policy()?;
        if configured != TlsPolicy::Prefer {
            return Ok(configured);
        }
        let known = lock(&self.0).iter().find(|(at, _)| at.0 == endpoint.host && at.1 == endpoint.port).map(|k| k.1);
        Ok(match known {
            Some(true) => TlsPolicy::Require,
            Some(false) => TlsPolicy::Disable,
            None => TlsPolicy::Prefer,
        })
    }

    /// Records whether a connection made under `prefer` got TLS.
    pub(crate) fn remember(&self, endpoint: &Endpoint, took_tls: bool) {
        let mut known = lock(&self.0);
        if !known.iter().any(|(at, _)| at.0 == endpoint.host && at.1 == endpoint.port) {
            known.push(((endpoint.host.clone(), endpoint.port), took_tls));
        }
    }
}

/// A mutex's contents, also after a thread panicked holding it (what is kept is only a
/// cache: at worst a connection is opened anew).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_memory_under_prefer() {
        // (ESCROT_DB_TLS is unset in unit tests: the policy is `prefer`.)
        let memory = TlsMemory::default();
        let at = |port| Endpoint { host: "db.example".into(), port, database: "app".into() };
        assert_eq!(memory.policy_for(&at(5432)), Ok(TlsPolicy::Prefer));
        memory.remember(&at(5432), true);
        memory.remember(&at(5433), false);
        // A later answer does not override the first: TLS once seen stays required.
        memory.remember(&at(5432), false);
        assert_eq!(memory.policy_for(&at(5432)), Ok(TlsPolicy::Require));
        assert_eq!(memory.policy_for(&at(5433)), Ok(TlsPolicy::Disable));
        assert_eq!(memory.policy_for(&at(5434)), Ok(TlsPolicy::Prefer));
    }
}
