//! `escrot edit NAME`: edit a definition in `$VISUAL`/`$EDITOR`, like `esc env edit`. The
//! editor gets a private temporary copy (see [`editor`](super::editor)) holding the
//! definition with its secrets decrypted; the saved definition is checked, its secrets
//! encrypted again, and it is committed as a new revision.
//!
//! An edit with errors is not lost: the editor is opened again on it, with the diagnostics
//! on top as YAML comments (removed before the next check). Saving it unchanged, or empty,
//! aborts. When the editor cannot be opened again (it fails), or the commit loses a race,
//! the edit is kept, encrypted with the store key, in a private file (0600) whose path is
//! printed, for `escrot edit NAME --resume FILE` (see [`kept`]) — except a race lost to
//! rotations only, when the edit changed no rotation state: it is then saved on top of
//! them, with their states (see `onto_rotations`).

use std::io::Write;

mod kept;

use crate::args::EditArgs;
use crate::commands::editor::Editor;
use crate::commands::store;
use crate::workspace::Workspace;
use crate::{CliError, CliResult, EXIT_OK, Ui};
use escrot_rotation::definitions::WriteError;
use escrot_store::{EnvName, Revision, RevisionKind, RevisionMeta};

/// How notes escrot puts on top of an edit start; [`NOTES_END`] is their last line.
const NOTES_MARK: &str = "# escrot: ";
/// The first line of the notes on top of an edit with errors.
const NOTES_START: &str = "# escrot: this definition has errors (below). Fix them and save to try again;";
const NOTES_END: &str = "# (escrot removes these notes before checking the definition)";

/// An edit the check refused: what the user saved, and why it was refused.
struct Refused {
    text: String,
    diagnostics: String,
}

pub fn run(ui: &Ui, args: EditArgs) -> CliResult {
    let ws = store::open(ui)?;
    let name = ws.name(&args.name)?;
    let editor = Editor::configured(args.editor.as_deref())?;
    let (mut rev, resumed) = match args.resume.as_deref() {
        Some(path) => {
            let (rev, shown) = resumed(&ws, &name, &kept::read(&ws.key, &name, path)?)?;
            (rev, Some(shown))
        }
        None => (ws.lock().latest(&name).map_err(store::read_error)?, None),
    };
    let original = store::decrypt(&ws, &name, &rev.yaml)?;
    let file_name = format!("{}-{}-{}.yaml", name.org, name.project, name.env);
    let mut shown = resumed.unwrap_or_else(|| original.clone());
    let mut refused: Option<Refused> = None;
    loop {
        let edited = match editor.edit(&file_name, &shown) {
            Ok(edited) => without_notes(&edited),
            // The user's last edit is only in memory: keep it (with why it was refused).
            Err(e) => {
                return Err(match &refused {
                    Some(r) => keep(&ws, &name, rev.number, &with_notes(&r.text, &r.diagnostics), e),
                    None => e,
                });
            }
        };
        if edited.trim().is_empty() {
            note(ui, "Aborting the edit: the definition is empty; nothing was saved.");
            return Ok(EXIT_OK);
        }
        if edited == original {
            note(ui, format_args!("No changes to environment '{name}'; nothing was saved."));
            return Ok(EXIT_OK);
        }
        if refused.as_ref().is_some_and(|r| r.text == edited) {
            return Err(CliError::invalid(format!(
                "the definition of environment '{name}' still has the errors shown above; the edit was aborted and \
                 nothing was saved"
            )));
        }
        let (outcome, edited) = save(ui, &ws, &name, &mut rev, original.clone(), edited);
        let diagnostics = match outcome {
            (Ok(new), _) => {
                store::report_update(ui, &name, new)?;
                if let Some(path) = &args.resume {
                    // The kept edit is saved: its file is ours to remove.
                    let _ = std::fs::remove_file(path);
                }
                return Ok(EXIT_OK);
            }
            (Err(WriteError::Invalid), diagnostics) => diagnostics,
            (Err(WriteError::Secrets(diagnostics)), _) => {
                ui.error(&diagnostics);
                diagnostics
            }
            (Err(e @ WriteError::Conflict { .. }), _) => {
                return Err(keep(&ws, &name, rev.number, &edited, store::write_error(&name, e)));
            }
            (Err(e), _) => return Err(store::write_error(&name, e)),
        };
        shown = with_notes(&edited, &diagnostics);
        refused = Some(Refused { text: edited, diagnostics });
    }
}

/// The revision a resumed edit is saved onto, and what the editor shows first. Only
/// rotations since the edit was made: its own revision (the save moves it onto them, as a
/// fresh edit's). Other changes: the latest revision, with what changed since on top as
/// notes, so that saving replaces nothing unseen.
fn resumed(ws: &Workspace, name: &EnvName, kept: &kept::KeptEdit) -> Result<(Revision, String), CliError> {
    let (base, latest, since) = {
        let store = ws.lock();
        let base = store.revision(name, kept.revision).map_err(store::read_error)?;
        (base, store.latest(name).map_err(store::read_error)?, store.list_revisions(name).map_err(store::read_error)?)
    };
    if only_rotations_since(&since, base.number) {
        return Ok((base, kept.text.to_string()));
    }
    let (base_text, latest_text) = (store::decrypt(ws, name, &base.yaml)?, store::decrypt(ws, name, &latest.yaml)?);
    let (old_label, new_label) = (format!("{name}@{}", base.number), format!("{name}@{}", latest.number));
    let changes = crate::output::diff::unified(
        &crate::output::diff::Side { label: &old_label, compared: &base_text, shown: &base_text },
        &crate::output::diff::Side { label: &new_label, compared: &latest_text, shown: &latest_text },
    );
    let mut out = format!(
        "{NOTES_MARK}this edit was made on revision {}; revision {} was committed since, with these changes:\n",
        base.number, latest.number
    );
    for line in changes.lines() {
        out.push_str(format!("# {line}").trim_end());
        out.push('\n');
    }
    out.push_str(&format!(
        "# Saving replaces revision {} with this edit: carry over what you want to keep.\n{NOTES_END}\n{}",
        latest.number,
        // Notes of errors it had go: the save checks it again.
        without_notes(&kept.text)
    ));
    Ok((latest, out))
}

/// Commits `edited`, made from `rev` (whose decrypted text is `base_text`). When rotations
/// committed meanwhile, and only they, the edit is moved onto them (see `onto_rotations`)
/// and `rev` becomes the latest revision. Returns the gate's result and diagnostics, and
/// the text it was given last.
fn save(
    ui: &Ui,
    ws: &Workspace,
    name: &EnvName,
    rev: &mut Revision,
    mut base_text: String,
    mut edited: String,
) -> ((Result<u64, WriteError>, String), String) {
    let shown = name.to_string();
    let mut attempts = 0;
    loop {
        let write = |g: &escrot_rotation::definitions::Gate<'_>| g.write(name, rev.number, &edited, RevisionKind::Edit);
        let result = store::gate_with_diagnostics(ui, ws, name, &shown, write);
        attempts += 1;
        // Someone else changed the environment meanwhile. Rotations only (a scheduled one,
        // say) changed nothing but states: the edit goes on top of them, with their states,
        // unless it changed a state itself. Anything else: the caller keeps the edit.
        if let (Err(WriteError::Conflict { .. }), _) = &result
            && attempts < MAX_REBASES
            && let Some(rebased) = onto_rotations(ws, name, rev, &base_text, &edited)
        {
            note(
                ui,
                format_args!(
                    "Environment '{name}' was rotated meanwhile (revision {}): the edit is saved with its new states.",
                    rebased.latest.number
                ),
            );
            (*rev, base_text, edited) = (rebased.latest, rebased.latest_text, rebased.edited);
            continue;
        }
        return (result, edited);
    }
}

/// How many times an edit is moved onto rotations committed while it was saved.
const MAX_REBASES: usize = 5;

/// An edit moved onto the latest revision.
struct Rebased {
    latest: Revision,
    /// The latest revision, decrypted.
    latest_text: String,
    edited: String,
}

/// `edited` (made from `base`, whose decrypted text is `base_text`) on top of the latest
/// revision, when every revision since `base` is a rotation and the edit changed no
/// rotation state: each `fn::rotate` node gets its latest state. `None` otherwise.
fn onto_rotations(ws: &Workspace, name: &EnvName, base: &Revision, base_text: &str, edited: &str) -> Option<Rebased> {
    use escrot_rotation::carry::latest_states;
    let (latest, since) = {
        let store = ws.lock();
        (store.latest(name).ok()?, store.list_revisions(name).ok()?)
    };
    if !only_rotations_since(&since, base.number) {
        return None;
    }
    let no_history = || Ok::<_, std::convert::Infallible>(Vec::new());
    let mine = (base.number, edited.to_owned());
    // Giving the edit its base's states would replace one: the edit changed a state.
    if !latest_states(&mine, &(base.number, base_text.to_owned()), no_history).ok()?.kept.is_empty() {
        return None;
    }
    let latest_text = store::decrypt(ws, name, &latest.yaml).ok()?;
    let edited = latest_states(&mine, &(latest.number, latest_text.clone()), no_history).ok()?.text;
    Some(Rebased { latest, latest_text, edited })
}

/// Whether every revision after `base` in `revisions` is a rotation (or there is none): an
/// edit made on `base` can then be moved onto them.
fn only_rotations_since(revisions: &[RevisionMeta], base: u64) -> bool {
    revisions.iter().all(|r| r.number <= base || r.kind == RevisionKind::Rotation)
}

/// Prints a note to stderr, unless --quiet.
fn note(ui: &Ui, message: impl std::fmt::Display) {
    if !ui.quiet {
        let _ = writeln!(ui.stderr(), "{message}");
    }
}

/// `text` with the diagnostics on top, as comments.
fn with_notes(text: &str, diagnostics: &str) -> String {
    let mut out = format!("{NOTES_START}\n# save it unchanged, or empty, to abort.\n#\n");
    for line in diagnostics.lines() {
        out.push_str(format!("# {line}").trim_end());
        out.push('\n');
    }
    out.push_str(NOTES_END);
    out.push('\n');
    out.push_str(text);
    out
}

/// The edit without the notes [`with_notes`] put on top (if the user left them there).
fn without_notes(edited: &str) -> String {
    if !edited.starts_with(NOTES_MARK) {
        return edited.to_owned();
    }
    match edited.find(&format!("\n{NOTES_END}\n")) {
        Some(at) => edited[at + NOTES_END.len() + 2..].to_owned(),
        None => edited.to_owned(),
    }
}

/// Keeps an edit (made on revision `revision`) that could not be saved in a private file,
/// encrypted with the store key, and adds to `error` where it is and how to resume it.
fn keep(ws: &Workspace, name: &EnvName, revision: u64, text: &str, error: CliError) -> CliError {
    let message = match kept::keep(&ws.key, name, revision, text) {
        Ok(path) => format!(
            "{}\nYour edit was kept, encrypted with the store key, in {}; resume it with `escrot edit {name} --resume \
             {}`.",
            error.message,
            path.display(),
            path.display()
        ),
        Err(e) => format!("{}\nYour edit could not be kept in a file either: {e}", error.message),
    };
    CliError { message, code: error.code }
}

#[cfg(test)]
mod tests {
    use super::{with_notes, without_notes};

    #[test]
    fn notes_come_off_again() {
        let text = "values:\n  a: ${nope}\n";
        let noted = with_notes(text, "acme/app/dev:2:6: error: unknown property \"nope\"\n");
        assert!(noted.starts_with("# escrot: "), "{noted}");
        assert_eq!(without_notes(&noted), text);
        assert_eq!(without_notes(text), text);
    }
}
