//! Failpoints: `ESCROT_FAILPOINT=after-create` makes the process die right after that step,
//! as a crash or a kill would, so that tests can prove the next run finishes or undoes the
//! interrupted rotation.

/// The variable naming the failpoint to hit.
pub const FAILPOINT_ENV_VAR: &str = "ESCROT_FAILPOINT";

/// The exit code of a process stopped at a failpoint.
pub const FAILPOINT_EXIT_CODE: i32 = 86;

/// The steps after which the engine can stop a rotation.
pub const FAILPOINTS: &[&str] = &["after-plan", "after-create", "after-verify", "after-commit", "after-retire"];

/// `during-create`: hit by the rotators that change an external system (aws-iam,
/// postgres, mysql) right after the change, before `create` returns — a crash the journal
/// has not recorded the new credential for, which recovery must clean up.
pub const DURING_CREATE: &str = "during-create";

/// Ends the process at once if `name` is the configured failpoint: no cleanup runs, as in a
/// crash (committed SQLite transactions are durable; nothing else is flushed).
pub fn hit(name: &str) {
    if crate::vars::get(FAILPOINT_ENV_VAR).is_some_and(|v| v == name) {
        eprintln!("escrot: stopped at failpoint {name}");
        std::process::exit(FAILPOINT_EXIT_CODE);
    }
}
