//! The claims of the token an external rotation sends (ESC's): who asks (`iss`, `sub`,
//! `org`, `env`, `current_env`, `root_env`, `trigger_user`), for whom (`aud` = the adapter's
//! url), when (`iat`, `exp`), which request (`jti`, `body_hash`).

use sha2::{Digest, Sha256};

use crate::signing::body_hash;

/// How long a token is valid: long enough for every retry of a request at the longest
/// timeouts, short enough that a token read off a log is of little use.
pub const TOKEN_LIFETIME_SECS: i64 = 300;

/// What the claims are made of.
pub struct ClaimInputs<'a> {
    pub issuer: &'a str,
    /// The adapter's url: the audience.
    pub url: &'a str,
    /// The environment (`org/project/env`; a file's environment name).
    pub environment: &'a str,
    pub path: &'a str,
    pub attempt: &'a str,
    pub trigger_user: &'a str,
    pub body: &'a [u8],
    /// Now, in seconds since the epoch.
    pub now: i64,
}

/// ESC's claims. `sub` is `pulumi:environments:org:ORG:env:PROJECT/ENV`; `current_env` and
/// `root_env` are the full name (only the root environment rotates, so they are the same).
pub fn claims(c: &ClaimInputs<'_>) -> serde_json::Value {
    let (org, env) = split_environment(c.environment);
    serde_json::json!({
        "iss": c.issuer,
        "sub": format!("pulumi:environments:org:{org}:env:{env}"),
        "aud": c.url,
        "iat": c.now,
        "exp": c.now + TOKEN_LIFETIME_SECS,
        "jti": jti(c.environment, c.path, c.attempt),
        "org": org,
        "env": env,
        "current_env": c.environment,
        "root_env": c.environment,
        "trigger_user": c.trigger_user,
        "body_hash": body_hash(c.body),
    })
}

/// `org/project/env` → (`org`, `project/env`); a name without an organization (a file's)
/// is in escrot's default one.
fn split_environment(name: &str) -> (&str, &str) {
    match name.split_once('/') {
        Some((org, rest)) if rest.contains('/') => (org, rest),
        _ => (escrot_store::DEFAULT_ORG, name),
    }
}

/// The token's id: the same for every request of one path's rotation in one attempt (its
/// retries), different for any other (each run is a new attempt), so that an adapter can
/// answer a retry instead of rotating twice. A UUID-shaped digest of the environment, the
/// path and the attempt id.
pub fn jti(environment: &str, path: &str, attempt: &str) -> String {
    let digest = Sha256::digest(format!("escrot external jti\n{environment}\n{path}\n{attempt}"));
    let h = hex::encode(&digest[..16]);
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_are_escs() {
        let c = claims(&ClaimInputs {
            issuer: "https://escrot.example",
            url: "https://adapter.example/rotate",
            environment: "acme/app/prod",
            path: "api.key",
            attempt: "a1",
            trigger_user: "alice",
            body: b"{}",
            now: 1_700_000_000,
        });
        assert_eq!(c["sub"], "pulumi:environments:org:acme:env:app/prod");
        assert_eq!((c["org"].as_str(), c["env"].as_str()), (Some("acme"), Some("app/prod")));
        assert_eq!(c["current_env"], "acme/app/prod");
        assert_eq!(c["root_env"], "acme/app/prod");
        assert_eq!(c["aud"], "https://adapter.example/rotate");
        assert_eq!(c["exp"].as_i64(), Some(1_700_000_000 + TOKEN_LIFETIME_SECS));
        // echo -n '{}' | openssl dgst -sha256 -binary | base64
        assert_eq!(c["body_hash"], "sha256-RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=");
        assert_eq!(c["jti"].as_str().map(str::len), Some(36));
    }

    #[test]
    fn jti_is_stable_per_path_and_attempt() {
        assert_eq!(jti("e", "p", "a"), jti("e", "p", "a"));
        assert_ne!(jti("e", "p", "a"), jti("e", "p", "b"));
        assert_ne!(jti("e", "p", "a"), jti("e", "q", "a"));
        assert_ne!(jti("e", "p", "a"), jti("f", "p", "a"));
    }

    #[test]
    fn file_environments_are_in_the_default_org() {
        assert_eq!(split_environment("prod"), (escrot_store::DEFAULT_ORG, "prod"));
        assert_eq!(split_environment("app/prod"), (escrot_store::DEFAULT_ORG, "app/prod"));
    }
}
