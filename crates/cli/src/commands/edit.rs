//! `escrot edit NAME`: edit a definition in `$VISUAL`/`$EDITOR`, like `esc env edit`. The
//! editor gets a private temporary file (0600, removed afterwards) holding the definition
//! with its secrets decrypted; the saved definition is checked, its secrets encrypted again,
//! and it is committed as a new revision.

use std::io::{BufRead, IsTerminal, Write};

use crate::args::EditArgs;
use crate::commands::store;
use crate::{CliError, CliResult, EXIT_OK, Ui};
use escrot_rotation::definitions::WriteError;
use escrot_store::RevisionKind;

pub fn run(ui: &Ui, args: EditArgs) -> CliResult {
    let ws = store::open(ui)?;
    let name = ws.name(&args.name)?;
    let editor = editor_command(args.editor.as_deref())?;
    let rev = ws.lock().latest(&name).map_err(store::read_error)?;
    let original = store::decrypt(&ws, &name, &rev.yaml)?;
    let mut text = original.clone();
    loop {
        let edited = edit_in_editor(&editor, &text)?;
        if edited.trim().is_empty() {
            if !ui.quiet {
                let _ = writeln!(ui.stderr(), "Aborting the edit: the definition is empty; nothing was saved.");
            }
            return Ok(EXIT_OK);
        }
        if edited == original {
            if !ui.quiet {
                let _ = writeln!(ui.stderr(), "No changes to environment '{name}'; nothing was saved.");
            }
            return Ok(EXIT_OK);
        }
        let shown = name.to_string();
        match store::gate(ui, &ws, &name, &shown, |g| g.write(&name, rev.number, &edited, RevisionKind::Edit)) {
            Ok(new) => {
                store::report_update(ui, &name, new)?;
                return Ok(EXIT_OK);
            }
            // On a terminal, the user may fix the errors (as `esc env edit` lets them).
            Err(e @ (WriteError::Invalid | WriteError::Secrets(_))) if std::io::stdin().is_terminal() => {
                let e = store::write_error(&name, e);
                let _ = writeln!(ui.stderr(), "{}\nPress ENTER to continue editing or ^D to exit.", e.message);
                let mut line = String::new();
                if std::io::stdin().lock().read_line(&mut line)? == 0 {
                    return Err(CliError::invalid("the edit was aborted; nothing was saved"));
                }
                text = edited;
            }
            Err(e) => return Err(store::write_error(&name, e)),
        }
    }
}

/// The editor to run: `--editor`, `$VISUAL`, `$EDITOR` or `vi`, split into words (double
/// quotes group words, as in `esc`).
fn editor_command(flag: Option<&str>) -> Result<Vec<String>, CliError> {
    let configured = flag
        .map(str::to_owned)
        .or_else(|| escrot_vars::get("VISUAL"))
        .or_else(|| escrot_vars::get("EDITOR"))
        .unwrap_or_else(|| "vi".to_owned());
    let words = split_words(&configured);
    if words.is_empty() {
        return Err(CliError::invalid("the editor command is empty; set --editor, VISUAL or EDITOR"));
    }
    Ok(words)
}

fn split_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let (mut quoted, mut any) = (false, false);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'"') => {
                word.push('"');
                chars.next();
                any = true;
            }
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(word);
    }
    words
}

/// Writes `text` to a private temporary file, runs the editor on it, and returns what it
/// saved. The file is removed whatever happens.
fn edit_in_editor(editor: &[String], text: &str) -> Result<String, CliError> {
    let tmp_error = |e: std::io::Error| CliError::failed(format!("cannot write the temporary file to edit: {e}"));
    // `tempfile` creates the file with mode 0600.
    let mut file = tempfile::Builder::new().prefix("escrot-edit-").suffix(".yaml").tempfile().map_err(tmp_error)?;
    file.write_all(text.as_bytes()).map_err(tmp_error)?;
    file.flush().map_err(tmp_error)?;
    let (program, args) = editor.split_first().ok_or_else(|| CliError::invalid("the editor command is empty"))?;
    let status = std::process::Command::new(program).args(args).arg(file.path()).status().map_err(|e| {
        CliError::invalid(format!(
            "cannot run the editor `{program}`: {e}; set --editor, VISUAL or EDITOR to an editor that is installed"
        ))
    })?;
    if !status.success() {
        return Err(CliError::failed(format!("the editor `{program}` failed ({status}); nothing was saved")));
    }
    // Read by path: editors often replace the file rather than write into it.
    let edited = std::fs::read(file.path())
        .map_err(|e| CliError::failed(format!("cannot read the edited definition back: {e}")))?;
    drop(file);
    String::from_utf8(edited)
        .map_err(|_| CliError::invalid("the edited definition is not valid UTF-8 text; nothing was saved"))
}

#[cfg(test)]
mod tests {
    use super::split_words;

    #[test]
    fn splits_editor_commands() {
        assert_eq!(split_words("code -w"), ["code", "-w"]);
        assert_eq!(split_words(r#""/my editor/bin" --wait  x"#), ["/my editor/bin", "--wait", "x"]);
        assert!(split_words("  ").is_empty());
    }
}
