//! The language's tests, except the conformance corpus (its own harness), in one binary:
//! the corpus's `yaml/` and `yaml-edit/` cases, the schema validator against the corpus's
//! test provider, and property tests (no panic on any input; edits keep other bytes).

mod conformance;

mod context;
mod no_panic;
mod schema;
mod yaml_corpus;
mod yaml_edit;

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
