//! Unified diffs of definitions, with secrets redacted.
//!
//! The two definitions are compared with their secrets in plaintext, so that a changed
//! secret shows as a changed line, but the lines printed come from the redacted texts
//! (where each secret is `[secret]`). Both forms have the same lines, secrets being
//! one-line scalars in both; when they do not, the redacted texts are compared instead.

use std::fmt::Write as _;

use similar::{ChangeTag, TextDiff};

/// A definition to compare: the text with secrets shown, and the text to print.
pub struct Side<'a> {
    pub label: &'a str,
    pub compared: &'a str,
    pub shown: &'a str,
}

/// A unified diff (`---`/`+++` headers, `@@` hunks, 3 lines of context); empty when the
/// definitions are the same.
pub fn unified(old: &Side<'_>, new: &Side<'_>) -> String {
    let same_lines = |s: &Side<'_>| s.compared.lines().count() == s.shown.lines().count();
    let (old_cmp, new_cmp) =
        if same_lines(old) && same_lines(new) { (old.compared, new.compared) } else { (old.shown, new.shown) };
    let old_lines: Vec<&str> = old.shown.lines().collect();
    let new_lines: Vec<&str> = new.shown.lines().collect();
    let diff = TextDiff::from_lines(old_cmp, new_cmp);
    let mut out = String::new();
    for group in diff.grouped_ops(3) {
        if out.is_empty() {
            let _ = writeln!(out, "--- {}\n+++ {}", old.label, new.label);
        }
        let (Some(first), Some(last)) = (group.first(), group.last()) else { continue };
        let (old_range, new_range) =
            (first.old_range().start..last.old_range().end, first.new_range().start..last.new_range().end);
        let _ = writeln!(out, "@@ -{} +{} @@", hunk_range(&old_range), hunk_range(&new_range));
        for op in &group {
            for change in diff.iter_changes(op) {
                let (sign, line) = match change.tag() {
                    ChangeTag::Equal => (' ', change.old_index().and_then(|i| old_lines.get(i))),
                    ChangeTag::Delete => ('-', change.old_index().and_then(|i| old_lines.get(i))),
                    ChangeTag::Insert => ('+', change.new_index().and_then(|i| new_lines.get(i))),
                };
                let _ = writeln!(out, "{sign}{}", line.copied().unwrap_or_default());
            }
        }
    }
    out
}

/// `start,count` of a hunk, 1-based (`start-1,0` for an empty range, as diff does).
fn hunk_range(r: &std::ops::Range<usize>) -> String {
    let len = r.end - r.start;
    match len {
        0 => format!("{},0", r.start),
        1 => format!("{}", r.start + 1),
        _ => format!("{},{}", r.start + 1, len),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_secret_shows_redacted() {
        let old =
            Side { label: "a@1", compared: "values:\n  p: one\n  q: 1\n", shown: "values:\n  p: '[secret]'\n  q: 1\n" };
        let new =
            Side { label: "a@2", compared: "values:\n  p: two\n  q: 1\n", shown: "values:\n  p: '[secret]'\n  q: 1\n" };
        assert_eq!(
            unified(&old, &new),
            "--- a@1\n+++ a@2\n@@ -1,3 +1,3 @@\n values:\n-  p: '[secret]'\n+  p: '[secret]'\n   q: 1\n"
        );
        assert_eq!(unified(&old, &old), "");
    }
}
