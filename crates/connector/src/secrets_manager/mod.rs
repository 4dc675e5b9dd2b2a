//! The connector as a Secrets Manager rotation function: the four steps Secrets Manager
//! invokes a custom rotation Lambda with, for a database secret in its standard JSON, by
//! the single-user strategy (the user changes its own password) or, when the secret has a
//! `masterarn`, the alternating-users strategy (`NAME` and `NAME_clone` take turns, their
//! passwords set by the managing user of the `masterarn` secret). The SQL is
//! `escrot-db`'s, as for ESC's connector events.
//!
//! A step that fails is a function error (Secrets Manager's signal that the step failed;
//! a normal return, `null`, is success), unlike ESC's protocol, where errors are answers.

pub mod client;
pub mod event;
pub mod password;
pub mod secret;
mod steps;

pub use event::{Event, Step};

/// Carries one step out. Logs one line to stderr (CloudWatch, in Lambda): the step, the
/// secret, the version, what was done or why it failed — never a password.
pub async fn handle(event: &Event) -> Result<(), String> {
    let sm = client::SecretsManager::shared().await;
    let mut rotation = steps::Rotation::new(sm, event);
    let result = rotation.run().await;
    let seen: Vec<&escrot_db::Secret> = rotation.seen.iter().collect();
    let result = result.map_err(|e| escrot_db::redact(&e, &seen));
    let (outcome, said) = match &result {
        Ok(done) => ("ok", escrot_db::redact(done, &seen)),
        Err(why) => ("failed", why.clone()),
    };
    eprintln!(
        "escrot-connector: secretsmanager {} {} version {}: {outcome}: {said}",
        event.step, rotation.secret, event.token
    );
    result.map(drop)
}
