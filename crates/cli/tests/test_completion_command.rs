//! `escrot completion`, and the generated files that come from the clap definitions:
//! `completions/` and `man/`. When the command line changes, regenerate them with
//!
//!     UPDATE_GENERATED=1 cargo test --test runner test_completion_command

use crate::common;

use std::path::Path;

use common::TestEnv;

#[test]
fn prints_completions_for_each_shell() {
    let env = TestEnv::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = env.run(&["completion", shell]);
        assert_eq!(out.code, 0, "{shell}: {out}");
        assert!(out.stdout.contains("escrot"), "{shell}: {out}");
        assert!(out.stdout.contains("show-secrets"), "{shell}: {out}");
    }
}

#[test]
fn rejects_an_unknown_shell() {
    let env = TestEnv::new();
    let out = env.run(&["completion", "tcsh"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("invalid value 'tcsh'"), "{out}");
}

#[test]
fn generated_files_are_current() {
    // The repository root, where `completions/` and `man/` are kept.
    let root = &Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let files = escrot::generate::generated_files().expect("generate completions and man pages");
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        escrot::generate::write_generated(root).expect("write generated files");
        return;
    }
    let mut stale = Vec::new();
    for (rel, contents) in &files {
        if std::fs::read(root.join(rel)).ok().as_ref() != Some(contents) {
            stale.push(rel.clone());
        }
    }
    assert!(
        stale.is_empty(),
        "these generated files are missing or out of date: {}\nregenerate them with:\n  UPDATE_GENERATED=1 cargo test \
         --test runner test_completion_command",
        stale.join(", ")
    );
}
