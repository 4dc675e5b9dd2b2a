//! Running the user's editor on a private copy of a definition that holds its secrets in
//! plaintext. The copy lives in a private directory (0700; the file 0600), so that what the
//! editor writes beside it (swap and backup files) is private too, and the directory is
//! removed whatever happens: the editor failing, or escrot being told to stop (SIGTERM,
//! SIGHUP, SIGINT), which is forwarded to the editor (`signals`) before escrot dies of it.

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, ExitStatus};
use std::time::{Duration, Instant};

use crate::CliError;
use crate::commands::signals;

/// The editor to run, as words: the program and its arguments (the file name is appended).
pub struct Editor {
    words: Vec<String>,
}

/// How long an editor told to stop (a forwarded signal) may take to exit before escrot
/// removes the file and dies anyway.
const STOP_GRACE: Duration = Duration::from_secs(2);

/// How often escrot looks whether the editor exited or a signal came.
const POLL_INTERVAL: Duration = Duration::from_millis(20);

impl Editor {
    /// `--editor`, `$VISUAL`, `$EDITOR` or `vi`, split into words (double quotes group
    /// words, as in `esc`).
    pub fn configured(flag: Option<&str>) -> Result<Editor, CliError> {
        let configured = flag
            .map(str::to_owned)
            .or_else(|| escrot_vars::get("VISUAL"))
            .or_else(|| escrot_vars::get("EDITOR"))
            .unwrap_or_else(|| "vi".to_owned());
        let words = split_words(&configured);
        if words.is_empty() {
            return Err(CliError::invalid("the editor command is empty; set --editor, VISUAL or EDITOR"));
        }
        Ok(Editor { words })
    }

    /// Writes `text` to `file_name` in a new private temporary directory, runs the editor on
    /// it, and returns what it saved. The directory is removed whatever happens; a signal
    /// that ends escrot meanwhile ends it only after the directory is gone.
    pub fn edit(&self, file_name: &str, text: &str) -> Result<String, CliError> {
        // Before any plaintext is on disk: from here on, a signal only sets a flag.
        let signals = signals::Trap::install();
        let result = self.edit_in(file_name, text, &signals);
        if let Some(signal) = signals.received() {
            // The temporary directory is gone by now (dropped in `edit_in`).
            signals::die_of(signal);
        }
        result
    }

    fn edit_in(&self, file_name: &str, text: &str, signals: &signals::Trap) -> Result<String, CliError> {
        let tmp_error = |e: std::io::Error| CliError::failed(format!("cannot write the temporary file to edit: {e}"));
        let dir = crate::private_temp::private_dir("escrot-edit-", &std::env::temp_dir()).map_err(tmp_error)?;
        let path = dir.path().join(file_name);
        write_private(&path, text).map_err(tmp_error)?;
        let (program, args) = self.words.split_first().ok_or_else(|| CliError::invalid("the editor is empty"))?;
        let child = Command::new(program).args(args).arg(&path).spawn().map_err(|e| {
            CliError::invalid(format!(
                "cannot run the editor `{program}`: {e}; set --editor, VISUAL or EDITOR to an editor that is installed"
            ))
        })?;
        let status = wait(child, signals).map_err(|e| CliError::failed(format!("waiting for the editor: {e}")))?;
        let status = match status {
            Some(status) if signals.received().is_none() => status,
            _ => return Err(CliError::failed("escrot was stopped; nothing was saved")),
        };
        if !status.success() {
            return Err(CliError::failed(format!("the editor `{program}` failed ({status}); nothing was saved")));
        }
        // Read by path: editors often replace the file rather than write into it.
        let edited = std::fs::read(&path)
            .map_err(|e| CliError::failed(format!("cannot read the edited definition back: {e}")))?;
        drop(dir);
        String::from_utf8(edited)
            .map_err(|_| CliError::invalid("the edited definition is not valid UTF-8 text; nothing was saved"))
    }
}

/// Writes a new file only its owner may read.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.flush()
}

/// Waits for the editor to exit. When a signal comes, it is forwarded to the editor, which
/// gets [`STOP_GRACE`] to exit (writing its own files, which go with the directory); `None`
/// when it did not.
fn wait(mut child: Child, signals: &signals::Trap) -> std::io::Result<Option<ExitStatus>> {
    let mut stopping: Option<Instant> = None;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if let Some(signal) = signals.take_to_forward() {
            signals::forward(&child, signal);
        }
        match (stopping, signals.received()) {
            (None, Some(_)) => stopping = Some(Instant::now()),
            (Some(since), _) if since.elapsed() >= STOP_GRACE => return Ok(None),
            _ => {}
        }
        std::thread::sleep(POLL_INTERVAL);
    }
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
