//! Diagnostics: what went wrong, where in the source, and at which property path.
//!
//! Positions follow ESC (and HCL): lines and columns are 1-based, bytes are 0-based offsets
//! into the source text. Columns count display cells (as ESC does), which equals characters
//! for ASCII text.

use std::fmt;

/// A position in a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
    pub byte: usize,
}

/// A range of source text in a named file (the environment's name).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Range {
    pub filename: String,
    pub start: Pos,
    pub end: Pos,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error = 1,
    Warning = 2,
}

/// One diagnostic. `path` is the property path of the offending node (`values.a["b"][0]`),
/// empty when there is none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub summary: String,
    pub detail: String,
    pub subject: Option<Range>,
    pub path: String,
}

impl Diagnostic {
    pub fn error(subject: Option<Range>, summary: impl Into<String>, path: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            summary: summary.into(),
            detail: String::new(),
            subject,
            path: path.into(),
        }
    }

    pub fn warning(subject: Option<Range>, summary: impl Into<String>, path: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(subject, summary, path) }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(r) = &self.subject {
            write!(f, "{}:{}:{}: ", r.filename, r.start.line, r.start.column)?;
        }
        f.write_str(&self.summary)
    }
}

/// A list of diagnostics.
pub type Diagnostics = Vec<Diagnostic>;

pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}

/// Sorts diagnostics as ESC's tests do: those without a subject first (by summary), then by
/// filename, line and column. The sort is stable, so diagnostics at the same place keep
/// the order in which they were reported.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| match (&a.subject, &b.subject) {
        (None, None) => a.summary.cmp(&b.summary),
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(x), Some(y)) => {
            (&x.filename, x.start.line, x.start.column).cmp(&(&y.filename, y.start.line, y.start.column))
        }
    });
}
