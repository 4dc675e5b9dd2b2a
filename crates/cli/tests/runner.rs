//! Every integration test except the conformance corpus, in one test binary.
//!
//! Each file beside this one was its own test binary once; every one of them linked
//! the whole crate (AWS SDK included), which cost hundreds of megabytes of disk per
//! file and a link step each. One binary keeps `cargo test` lean; the files keep their
//! names (`test_<command>_command.rs` for the CLI, as in jj), so a single suite still
//! runs with `cargo test --test runner test_rotate_command::`.

mod common;
mod support;

mod aws_iam;
mod aws_login;
mod aws_secrets;
mod db_rotation;
mod durable_writes;
mod external_example;
mod external_rotation;
mod read_only_store;
mod redis_rotation;
mod store_key_kms;
mod test_check_command;
mod test_completion_command;
mod test_diff_command;
mod test_edit_command;
mod test_get_command;
mod test_init_command;
mod test_jwks_command;
mod test_open_command;
mod test_rotate_command;
mod test_rotate_due;
mod test_rotation_command;
mod test_rotator_inputs;
mod test_run_command;
mod test_schedule_command;
mod test_secrets_at_rest;
mod test_set_command;
mod test_store_command;
mod test_version_command;
mod test_webhook_command;

/// Every test file beside this one is a module of this binary: a file left out would
/// silently never run (as in jj's `test_no_forgotten_test_files`).
#[test]
fn test_no_forgotten_test_files() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let runner = include_str!("runner.rs");
    // Test binaries of their own, listed in Cargo.toml.
    let own_binaries = ["runner.rs", "esc_conformance.rs"];
    let mut forgotten = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("read the tests directory") {
        let name = entry.expect("a directory entry").file_name().to_string_lossy().into_owned();
        let Some(module) = name.strip_suffix(".rs") else { continue };
        if !own_binaries.contains(&name.as_str()) && !runner.contains(&format!("\nmod {module};\n")) {
            forgotten.push(name);
        }
    }
    assert!(forgotten.is_empty(), "tests/runner.rs does not include {forgotten:?}: add `mod NAME;` for each");
}
