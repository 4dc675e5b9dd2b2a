//! `escrot version history NAME` (the revisions, newest first) and `escrot version rollback
//! NAME REV` (restore a revision's definition as a new revision), like `esc env version`.

use std::io::Write;

use crate::args::{ListOutput, VersionArgs, VersionCommand, VersionHistoryArgs, VersionRollbackArgs, VersionTagArgs};
use crate::commands::store;
use crate::output::table;
use crate::workspace::Workspace;
use crate::{CliError, CliResult, EXIT_OK, Ui};
use escrot_rotation::carry::{self, Carried, CarryError};
use escrot_store::{EnvName, RevisionKind, Version};

pub fn run(ui: &Ui, args: VersionArgs) -> CliResult {
    match args.command {
        VersionCommand::History(args) => history(ui, args),
        VersionCommand::Rollback(args) => rollback(ui, args),
        VersionCommand::Tag(args) => tag(ui, args),
    }
}

fn tag(ui: &Ui, args: VersionTagArgs) -> CliResult {
    let ws = if args.list { store::open_to_read(ui)? } else { store::open_existing(ui)? };
    let name = ws.name(&args.name)?;
    if args.list {
        let mut out = ui.stdout();
        let tags = ws.lock().list_tags(&name).map_err(store::read_error)?;
        for t in tags {
            writeln!(out, "{}\t{}", t.name, t.revision)?;
        }
        return Ok(EXIT_OK);
    }
    let Some(tag) = args.tag else { return Err(CliError::invalid("name the tag")) };
    if args.delete {
        ws.lock().delete_tag(&name, &tag).map_err(store::read_error)?;
        ui.summary(format_args!("Tag '{tag}' of '{name}' was removed."))?;
        return Ok(EXIT_OK);
    }
    let revision = match args.revision {
        Some(r) => r,
        None => ws.lock().latest(&name).map_err(store::read_error)?.number,
    };
    ws.lock().set_tag(&name, &tag, revision).map_err(store::read_error)?;
    ui.summary(format_args!("Tag '{tag}' of '{name}' now names revision {revision}."))?;
    Ok(EXIT_OK)
}

fn history(ui: &Ui, args: VersionHistoryArgs) -> CliResult {
    let ws = store::open_to_read(ui)?;
    let name = ws.name(&args.name)?;
    let revisions = ws.lock().list_revisions(&name).map_err(store::read_error)?;
    let text = match args.output {
        ListOutput::Json => {
            let items: Vec<serde_json::Value> = revisions
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "revision": r.number,
                        "kind": r.kind.as_str(),
                        "author": r.author,
                        "created": r.created_at,
                        "tags": r.tags,
                    })
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&items).unwrap_or_default();
            s.push('\n');
            s
        }
        ListOutput::Table => {
            let rows: Vec<Vec<String>> = revisions
                .iter()
                .map(|r| {
                    vec![
                        r.number.to_string(),
                        r.kind.to_string(),
                        r.author.clone(),
                        r.created_at.clone(),
                        r.tags.join(", "),
                    ]
                })
                .collect();
            table::render(&["REVISION", "KIND", "AUTHOR", "CREATED (UTC)", "TAGS"], &rows)
        }
    };
    let mut out = ui.stdout();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(EXIT_OK)
}

fn rollback(ui: &Ui, args: VersionRollbackArgs) -> CliResult {
    let ws = store::open_existing(ui)?;
    let input = match &args.revision {
        Some(rev) if args.name.contains('@') => {
            return Err(CliError::invalid(format!(
                "give the revision once: `{}` or `{} {rev}`",
                args.name,
                args.name.split('@').next().unwrap_or_default()
            )));
        }
        Some(rev) => format!("{}@{}", args.name, rev.trim_start_matches('@')),
        None => args.name.clone(),
    };
    let r = ws.reference(&input)?;
    if r.version == Version::Latest {
        return Err(CliError::invalid(format!(
            "which revision? give one: `escrot version rollback {} REV` (`escrot version history {}` lists them)",
            r.name, r.name
        )));
    }
    let target = ws.lock().resolve(&r).map_err(store::read_error)?;
    let latest = ws.lock().latest(&r.name).map_err(store::read_error)?;
    let name = &r.name;
    let carried = latest_states(&ws, name, (target.number, &target.yaml), (latest.number, &latest.yaml))?;
    // With the old states, the rollback differs from one keeping the latest ones when some
    // state differs: then the old credentials are back.
    let old_states_differ = carried.text != target.yaml;
    let restored = if args.include_rotation_state {
        Carried { text: target.yaml.clone(), kept: Vec::new(), notes: Vec::new() }
    } else {
        carried
    };
    if restored.text == latest.yaml {
        if !ui.quiet {
            let _ = writeln!(
                ui.stderr(),
                "Environment '{name}' already has the definition of revision {} (revision {} is the latest): no \
                 changes.",
                target.number,
                latest.number
            );
        }
        return Ok(EXIT_OK);
    }
    let new = store::gate(ui, &ws, name, &name.to_string(), |g| {
        g.write(name, latest.number, &restored.text, RevisionKind::Rollback)
    })
    .map_err(|e| store::write_error(name, e))?;
    for note in &restored.notes {
        ui.warn(note);
    }
    if args.include_rotation_state && old_states_differ {
        ui.warn(format!(
            "the `fn::rotate` states of revision {} were restored too (--include-rotation-state): the credentials \
             they name may already be retired and no longer work, and a rotation from them can fail (aws-iam \
             refuses access keys its state does not know); `escrot version rollback {name} {} \
             --include-rotation-state` puts back the states of revision {}",
            target.number, latest.number, latest.number
        ));
    } else if !restored.kept.is_empty() && !ui.quiet {
        let _ = writeln!(
            ui.stderr(),
            "Rotations are not rolled back: {} kept the latest `fn::rotate` state (--include-rotation-state \
             restores the old states too).",
            restored.kept.join(", ")
        );
    }
    ui.summary(format_args!("Environment '{name}' rolled back to revision {}.", target.number))?;
    ui.summary(format_args!("New revision '{new}' was created."))?;
    Ok(EXIT_OK)
}

/// The definition of `old` with each `fn::rotate` node's latest state (see
/// [`escrot_rotation::carry`]), the revisions in between read from the store if needed.
fn latest_states(ws: &Workspace, name: &EnvName, old: (u64, &str), latest: (u64, &str)) -> Result<Carried, CliError> {
    let between = || -> Result<Vec<(u64, String)>, CliError> {
        let mut out = Vec::new();
        for number in (old.0 + 1..latest.0).rev() {
            out.push((number, ws.lock().revision(name, number).map_err(store::read_error)?.yaml));
        }
        Ok(out)
    };
    let old = (old.0, old.1.to_owned());
    let latest = (latest.0, latest.1.to_owned());
    carry::latest_states(&old, &latest, between).map_err(|e| match e {
        CarryError::Load(e) => e,
        e => CliError::invalid(e.to_string()),
    })
}
