//! Printing diagnostics: `text` (`file:line:col: error: summary` and the source line with
//! a caret underline), `json` and `github` (GitHub Actions workflow commands).
//!
//! Diagnostics name environments (`subject.filename` is the environment's name); the
//! [`SourceMap`] maps them back to the files they were read from.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use crate::files::SourceMap;
use escrot_esc::{Diagnostic, Severity};

/// A diagnostic and, for one without a subject, the file it is about.
#[derive(Clone, Debug)]
pub struct Located {
    pub diag: Diagnostic,
    pub file: Option<String>,
}

impl Located {
    pub fn new(diag: Diagnostic, file: Option<String>) -> Located {
        Located { diag, file }
    }

    /// The path of the file to print.
    pub fn file(&self, sources: &SourceMap) -> Option<String> {
        match &self.diag.subject {
            Some(r) => Some(sources.display_path(&r.filename)),
            None => self.file.clone(),
        }
    }
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

const BOLD: Style = Style::new().bold();
const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();

/// Renders diagnostics as text with ANSI styles; write the result through an
/// `anstream` stream, which strips the styles when color is off.
pub fn render_text(items: &[Located], sources: &SourceMap) -> String {
    let mut out = String::new();
    for item in items {
        let d = &item.diag;
        let (label, style) = match d.severity {
            Severity::Error => ("error", ERROR),
            Severity::Warning => ("warning", WARNING),
        };
        let mut location = item.file(sources).unwrap_or_default();
        if let Some(r) = &d.subject {
            let _ = write!(location, ":{}:{}", r.start.line, r.start.column);
        }
        if !location.is_empty() {
            let _ = write!(out, "{BOLD}{location}:{BOLD:#} ");
        }
        let _ = writeln!(out, "{style}{label}:{style:#} {BOLD}{}{BOLD:#}", d.summary);
        if let Some(r) = &d.subject
            && let Some(file) = sources.get(&r.filename)
        {
            snippet(&mut out, &file.text, r, style);
        }
        if !d.detail.is_empty() {
            for line in d.detail.lines() {
                let _ = writeln!(out, "  {GUTTER}={GUTTER:#} {line}");
            }
        }
    }
    out
}

/// The source line of `r` and a caret underline of its range (to the end of the line
/// when the range spans lines). Columns count characters; the underline is measured in
/// terminal cells, so that it sits under wide (CJK) text and skips zero-width marks.
fn snippet(out: &mut String, text: &str, r: &escrot_esc::Range, style: Style) {
    if r.start.line == 0 {
        return;
    }
    let Some(line) = text.lines().nth(r.start.line - 1) else { return };
    let line = line.strip_suffix('\r').unwrap_or(line);
    let number = r.start.line.to_string();
    let gutter = " ".repeat(number.len());
    let chars: Vec<char> = line.chars().collect();
    let start = r.start.column.saturating_sub(1).min(chars.len());
    let end = if r.end.line == r.start.line && r.end.column > r.start.column {
        (r.end.column - 1).min(chars.len())
    } else if r.end.line > r.start.line {
        chars.len()
    } else {
        // An empty or backwards range: one caret (at the line's end if it starts there).
        (start + 1).min(chars.len())
    };
    let end = end.max(start);
    // Keep tabs so that the carets line up under them.
    let lead: String =
        chars[..start].iter().map(|&c| if c == '\t' { "\t".to_owned() } else { " ".repeat(cells(c)) }).collect();
    let width = chars[start..end].iter().map(|&c| cells(c)).sum::<usize>().max(1);
    let _ = writeln!(out, " {GUTTER}{number} |{GUTTER:#} {line}");
    let _ = writeln!(out, " {GUTTER}{gutter} |{GUTTER:#} {lead}{style}{}{style:#}", "^".repeat(width));
}

/// The terminal cells a character takes: two for wide (East Asian) characters, none for
/// combining marks, and one for control characters (which have no width of their own).
fn cells(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(1)
}

/// Renders diagnostics as a JSON array (pretty-printed, with a final newline).
pub fn render_json(items: &[Located], sources: &SourceMap) -> String {
    json_array(json_values(items, sources))
}

/// A pretty-printed JSON array, with a final newline.
pub fn json_array(list: Vec<serde_json::Value>) -> String {
    let mut s = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".to_owned());
    s.push('\n');
    s
}

/// The JSON form of each diagnostic: `severity`, `summary`, `detail`, `path`, `file`,
/// `environment` and `range` (`start`/`end` with `line`, `column`, `byte`).
pub fn json_values(items: &[Located], sources: &SourceMap) -> Vec<serde_json::Value> {
    let pos = |p: &escrot_esc::Pos| serde_json::json!({"line": p.line, "column": p.column, "byte": p.byte});
    items
        .iter()
        .map(|item| {
            let d = &item.diag;
            serde_json::json!({
                "severity": severity_name(d.severity),
                "summary": d.summary,
                "detail": d.detail,
                "path": d.path,
                "file": item.file(sources),
                "environment": d.subject.as_ref().map(|r| r.filename.clone()),
                "range": d.subject.as_ref().map(|r| serde_json::json!({"start": pos(&r.start), "end": pos(&r.end)})),
            })
        })
        .collect()
}

/// Escapes the message of a workflow command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property of a workflow command.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Renders diagnostics as GitHub Actions workflow commands, one per line.
pub fn render_github(items: &[Located], sources: &SourceMap) -> String {
    let mut out = String::new();
    for item in items {
        let d = &item.diag;
        let mut props = Vec::new();
        if let Some(file) = item.file(sources) {
            props.push(format!("file={}", escape_property(&file)));
        }
        if let Some(r) = &d.subject {
            props.push(format!("line={}", r.start.line));
            props.push(format!("col={}", r.start.column));
            props.push(format!("endLine={}", r.end.line));
            props.push(format!("endColumn={}", r.end.column));
        }
        let mut message = d.summary.clone();
        if !d.detail.is_empty() {
            message = format!("{message}\n{}", d.detail);
        }
        let props = if props.is_empty() { String::new() } else { format!(" {}", props.join(",")) };
        let _ = writeln!(out, "::{}{props}::{}", severity_name(d.severity), escape_data(&message));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::SourceFile;
    use escrot_esc::{Pos, Range};

    fn sample() -> (Vec<Located>, SourceMap) {
        let sources = SourceMap::default();
        sources.insert("app", SourceFile::new("dir/app.yaml", "values:\n  a: ${b}\n"));
        let r = Range {
            filename: "app".into(),
            start: Pos { line: 2, column: 6, byte: 13 },
            end: Pos { line: 2, column: 10, byte: 17 },
        };
        let d = Diagnostic::error(Some(r), "unknown property \"b\"", "values.a");
        (
            vec![Located::new(d, None), Located::new(Diagnostic::error(None, "100%, sure", ""), Some("x.yaml".into()))],
            sources,
        )
    }

    /// Any range on a line, empty, backwards or past its end, gets a caret and no panic
    /// (an empty range at the end of a line used to slice past it).
    #[test]
    fn every_range_on_a_line_renders() {
        let text = "values:\n  password: ${x}\n";
        let len = "  password: ${x}".chars().count();
        for start in 0..len + 4 {
            for end in 0..len + 4 {
                for end_line in 1..=3 {
                    let r = Range {
                        filename: "app".into(),
                        start: Pos { line: 2, column: start, byte: 0 },
                        end: Pos { line: end_line, column: end, byte: 0 },
                    };
                    let mut out = String::new();
                    snippet(&mut out, text, &r, Style::new());
                    assert!(out.contains('^'), "{start}..{end_line}:{end}: {out}");
                }
            }
        }
    }

    #[test]
    fn text() {
        let (items, sources) = sample();
        let plain = anstream::adapter::strip_str(&render_text(&items, &sources)).to_string();
        assert_eq!(
            plain,
            "dir/app.yaml:2:6: error: unknown property \"b\"\n 2 |   a: ${b}\n   |      ^^^^\nx.yaml: error: 100%, sure\n"
        );
    }

    #[test]
    fn github() {
        let (items, sources) = sample();
        assert_eq!(
            render_github(&items, &sources),
            "::error file=dir/app.yaml,line=2,col=6,endLine=2,endColumn=10::unknown property \"b\"\n::error \
             file=x.yaml::100%25, sure\n"
        );
    }
}
