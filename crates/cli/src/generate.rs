//! Files generated from the clap definitions: shell completions (`completions/`) and man
//! pages (`man/`). `tests/test_completion_command.rs` regenerates them and fails when the
//! committed copies are stale; run it with `UPDATE_GENERATED=1` to rewrite them.

use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::Cli;

/// The shells escrot ships completions for, and the file name of each script.
pub const COMPLETION_FILES: &[(Shell, &str)] = &[
    (Shell::Bash, "escrot.bash"),
    (Shell::Elvish, "escrot.elv"),
    (Shell::Fish, "escrot.fish"),
    (Shell::PowerShell, "_escrot.ps1"),
    (Shell::Zsh, "_escrot"),
];

/// The completion script for one shell.
pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "escrot", &mut out);
    out
}

/// Every generated file, as (path relative to the repository root, contents).
pub fn generated_files() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    for (shell, name) in COMPLETION_FILES {
        files.push((format!("completions/{name}"), completion_script(*shell)));
    }
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    man_pages(&cmd, &mut files)?;
    Ok(files)
}

fn man_pages(cmd: &clap::Command, files: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
    let man = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    man.render(&mut out)?;
    files.push((format!("man/{}", man.get_filename()), out));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        man_pages(sub, files)?;
    }
    Ok(())
}

/// Writes every generated file under `root`.
pub fn write_generated(root: &Path) -> std::io::Result<()> {
    for (rel, contents) in generated_files()? {
        let path = root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, contents)?;
    }
    Ok(())
}
