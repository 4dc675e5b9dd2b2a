//! `escrot diff NAME[@REV] [NAME@REV]`: a unified diff of two revisions' definitions, with
//! secrets redacted unless `--show-secrets`.

use std::io::Write;

use crate::args::DiffArgs;
use crate::commands::store;
use crate::output::diff::{Side, unified};
use crate::workspace::Workspace;
use crate::{CliError, CliResult, EXIT_OK, Ui};
use escrot_store::{EnvRef, Revision, Version};

pub fn run(ui: &Ui, args: DiffArgs) -> CliResult {
    let ws = store::open_to_read(ui)?;
    let from = ws.reference(&args.from)?;
    let (old, new) = match &args.to {
        Some(to) => {
            let to = second_reference(&ws, &from, to)?;
            if to.name != from.name {
                ui.verbose(format_args!("comparing two environments: {} and {}", from.name, to.name));
            }
            (Some(resolve(&ws, &from)?), resolve(&ws, &to)?)
        }
        None => {
            let new = resolve(&ws, &from)?;
            let old = match new.number {
                1 => None,
                n => Some(resolve(&ws, &EnvRef { name: from.name.clone(), version: Version::Number(n - 1) })?),
            };
            (old, new)
        }
    };
    let to_name =
        args.to.as_ref().map_or(Ok(from.name.clone()), |to| second_reference(&ws, &from, to).map(|r| r.name))?;

    let (old_label, old_plain, old_shown) = match &old {
        Some(rev) => {
            let plain = store::decrypt(&ws, &from.name, &rev.yaml)?;
            let shown = if args.show_secrets { plain.clone() } else { store::redact(&from.name, &rev.yaml)? };
            (format!("{}@{}", from.name, rev.number), plain, shown)
        }
        None => ("/dev/null".to_owned(), String::new(), String::new()),
    };
    let new_plain = store::decrypt(&ws, &to_name, &new.yaml)?;
    let new_shown = if args.show_secrets { new_plain.clone() } else { store::redact(&to_name, &new.yaml)? };
    let new_label = format!("{}@{}", to_name, new.number);

    let text = unified(
        &Side { label: &old_label, compared: &old_plain, shown: &old_shown },
        &Side { label: &new_label, compared: &new_plain, shown: &new_shown },
    );
    if text.is_empty() {
        if !ui.quiet {
            let _ = writeln!(ui.stderr(), "No differences between {old_label} and {new_label}.");
        }
        return Ok(EXIT_OK);
    }
    let mut out = ui.stdout();
    out.write_all(colorize(&text).as_bytes())?;
    out.flush()?;
    Ok(EXIT_OK)
}

/// The second argument: `NAME[@REV]`, or `@REV`/`REV` for the same environment.
fn second_reference(ws: &Workspace, from: &EnvRef, to: &str) -> Result<EnvRef, CliError> {
    if to.starts_with('@') {
        ws.reference(&format!("{}{to}", from.name))
    } else if !to.is_empty() && to.bytes().all(|b| b.is_ascii_digit()) {
        ws.reference(&format!("{}@{to}", from.name))
    } else {
        ws.reference(to)
    }
}

fn resolve(ws: &Workspace, r: &EnvRef) -> Result<Revision, CliError> {
    ws.lock().resolve(r).map_err(store::read_error)
}

/// Headers bold, removed lines red, added lines green, hunk headers cyan (stripped when
/// color is off).
fn colorize(text: &str) -> String {
    use anstyle::{AnsiColor, Style};
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let style = if line.starts_with("---") || line.starts_with("+++") {
            Style::new().bold()
        } else if line.starts_with("@@") {
            AnsiColor::Cyan.on_default()
        } else if line.starts_with('-') {
            AnsiColor::Red.on_default()
        } else if line.starts_with('+') {
            AnsiColor::Green.on_default()
        } else {
            Style::new()
        };
        let body = line.strip_suffix('\n').unwrap_or(line);
        out.push_str(&format!("{style}{body}{style:#}"));
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}
