//! `escrot version history NAME` (the revisions, newest first) and `escrot version rollback
//! NAME REV` (restore a revision's definition as a new revision), like `esc env version`.

use std::io::Write;

use crate::args::{
    ListOutput, VersionArgs, VersionCommand, VersionHistoryArgs, VersionRollbackArgs, VersionTagArgs,
};
use crate::commands::store;
use crate::{CliError, CliResult, EXIT_OK, Ui};
use crate::output::table;
use escrot_store::{RevisionKind, Version};

pub fn run(ui: &Ui, args: VersionArgs) -> CliResult {
    match args.command {
        VersionCommand::History(args) => history(ui, args),
        VersionCommand::Rollback(args) => rollback(ui, args),
        VersionCommand::Tag(args) => tag(ui, args),
    }
}

fn tag(ui: &Ui, args: VersionTagArgs) -> CliResult {
    let ws = store::open_existing(ui)?;
    let name = ws.name(&args.name)?;
    let mut out = ui.stdout();
    if args.list {
        let tags = ws.lock().list_tags(&name).map_err(store::read_error)?;
        for t in tags {
            writeln!(out, "{}\t{}", t.name, t.revision)?;
        }
        return Ok(EXIT_OK);
    }
    let Some(tag) = args.tag else { return Err(CliError::invalid("name the tag")) };
    if args.delete {
        ws.lock().delete_tag(&name, &tag).map_err(store::read_error)?;
        writeln!(out, "Tag '{tag}' of '{name}' was removed.")?;
        return Ok(EXIT_OK);
    }
    let revision = match args.revision {
        Some(r) => r,
        None => ws.lock().latest(&name).map_err(store::read_error)?.number,
    };
    ws.lock().set_tag(&name, &tag, revision).map_err(store::read_error)?;
    writeln!(out, "Tag '{tag}' of '{name}' now names revision {revision}.")?;
    Ok(EXIT_OK)
}

fn history(ui: &Ui, args: VersionHistoryArgs) -> CliResult {
    let ws = store::open_existing(ui)?;
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
    if target.yaml == latest.yaml {
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
    store::check(ui, &ws, name, &target.yaml)?;
    let new = store::commit(&ws, name, latest.number, &target.yaml, RevisionKind::Rollback)?;
    if target.yaml.contains("fn::rotate") && !ui.quiet {
        let style = anstyle::AnsiColor::Yellow.on_default().bold();
        let _ = writeln!(
            ui.stderr(),
            "{style}warning:{style:#} revision {} holds rotated credentials (`fn::rotate`); those rotated since then \
             may already be retired and no longer work: run `escrot rotate {name}` to get fresh ones",
            target.number
        );
    }
    let mut out = ui.stdout();
    writeln!(out, "Environment '{name}' rolled back to revision {}.", target.number)?;
    writeln!(out, "New revision '{}' was created.", new.number)?;
    Ok(EXIT_OK)
}
