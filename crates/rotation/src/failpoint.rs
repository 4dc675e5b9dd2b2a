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
    if escrot_vars::get(FAILPOINT_ENV_VAR).is_some_and(|v| v == name) {
        eprintln!("escrot: stopped at failpoint {name}");
        std::process::exit(FAILPOINT_EXIT_CODE);
    }
}

/// The prefix of a failpoint that pauses instead of stopping: `ESCROT_FAILPOINT=pause-NAME`.
pub const PAUSE_PREFIX: &str = "pause-";

/// Where a process can be paused: a rotation after every rotator ran, before the new states
/// are committed; a path edit (`set`, `rm PATH`) before its commit. These are the windows in
/// which another writer can change the definition.
pub const PAUSE_POINTS: &[&str] = &["before-commit", "before-edit-commit"];

/// Pauses the process if `pause-NAME` is the configured failpoint: it says so on stderr
/// (`escrot: paused at failpoint NAME`) and waits for a line (or the end) of its standard
/// input. Race tests use it to change the definition at exactly this moment.
pub fn pause(name: &str) {
    let wanted = std::env::var(FAILPOINT_ENV_VAR).ok();
    if wanted.as_deref().and_then(|v| v.strip_prefix(PAUSE_PREFIX)) == Some(name) {
        use std::io::Write as _;
        eprintln!("escrot: paused at failpoint {name}");
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    }
}
