//! Many `set`s with one parse. Writing a rotation's new states edits one `state` per
//! rotator, and `set` parses the whole document for each: 100 rotators, 100 parses. When
//! the edits are independent of each other, each one's splice can be computed against the
//! one parse of the original and all of them applied at once, with exactly the bytes that
//! applying `set` one by one gives. When that cannot be vouched for, the edits are applied
//! one by one.
//!
//! Why independence makes the bytes equal: a `set` reads only the lines around the node it
//! edits (its key, its dash, its own text, the entries of the mapping it inserts into; the
//! edit's *footprint*) and writes only inside them, keeping every other line's text and
//! place in the tree. So when every footprint is a run of lines no other footprint
//! touches, an earlier edit changes nothing a later one reads, except the document's
//! indentation step, which `step_is_kept` checks.

use std::ops::Range;

use serde_json::Value;

use crate::path::{Accessor, PropertyPath};
use crate::yaml::edit::{EditError, Editor, Slot, child, for_each_nested_map, indent_step, set};
use crate::yaml::layout::{Node, parse};

/// Sets each `(path, value)` of `edits` in order: the result is byte for byte what calling
/// [`set`] for each in turn gives, and so is the error.
pub fn set_all(source: &str, edits: &[(PropertyPath, Value)]) -> Result<String, EditError> {
    if let Some(out) = with_one_parse(source, edits) {
        return Ok(out);
    }
    edits.iter().try_fold(source.to_owned(), |text, (path, value)| set(&text, path, value))
}

/// The edits applied with one parse, or `None` when that might differ from `set`'s.
fn with_one_parse(source: &str, edits: &[(PropertyPath, Value)]) -> Option<String> {
    if edits.len() < 2 {
        return None; // nothing to save
    }
    // `set` writes `\n` and turns a document written with CRLF throughout into one with
    // `\n`, edits it and turns it back. Done once for all edits, that is the same as once
    // per edit (the document stays CRLF throughout). A mix of line endings, or a lone `\r`,
    // could become CRLF throughout by an edit and change how the next one writes.
    let breaks = source.matches('\n').count();
    if breaks > 0 && source.matches("\r\n").count() == breaks {
        let lf = source.replace("\r\n", "\n");
        return splice_all(&lf, edits).map(|out| out.replace('\n', "\r\n"));
    }
    if source.contains('\r') {
        return None;
    }
    splice_all(source, edits)
}

/// One edit computed against the original document.
struct Splice {
    /// The bytes it replaces, and with what.
    range: Range<usize>,
    text: String,
    /// The whole lines it reads or writes (from the start of the first to the `\n` ending
    /// the last, not included).
    footprint: Range<usize>,
}

/// Every edit spliced into `source` (written with `\n`), or `None` unless they are
/// independent.
fn splice_all(source: &str, edits: &[(PropertyPath, Value)]) -> Option<String> {
    let layout = parse(source).ok()?;
    // An empty document is rebuilt by the first edit: nothing to splice into.
    let root = layout.root.as_ref()?;
    let mut editor = Editor { source, step: indent_step(Some(root)), prefix: String::new() };
    let mut splices = Vec::with_capacity(edits.len());
    for (path, value) in edits {
        // An edit that fails is left to `set`, which reports the first failure in order.
        splices.push(plan(&mut editor, root, path, value)?);
    }
    splices.sort_by_key(|s| s.footprint.start);
    // Strictly apart: a `\n` that no edit reads or writes lies between any two footprints.
    let apart = splices.windows(2).all(|w| w[0].footprint.end < w[1].footprint.start);
    (apart && step_is_kept(root, editor.step, &splices)).then(|| apply(source, &splices))
}

fn plan(editor: &mut Editor<'_>, root: &Node, path: &PropertyPath, value: &Value) -> Option<Splice> {
    editor.prefix.clear();
    let (range, text) = editor.set_at(root, Slot::Root, &path.0, value).ok()?;
    let read = reads(editor.source, root, &path.0);
    let first = range.start.min(read.start);
    let last = range.end.max(read.end);
    let footprint = editor.line_start(first)..editor.line_end(last);
    Some(Splice { range, text, footprint })
}

/// The bytes `set` reads to edit `path`: the deepest node on the path that exists (which it
/// replaces, or inserts into), with its key or its sequence item's dash.
fn reads(source: &str, root: &Node, path: &[Accessor]) -> Range<usize> {
    let (mut node, mut slot) = (root, Slot::Root);
    for accessor in path {
        let Some((c, s)) = child(node, accessor) else { break };
        (node, slot) = (c, s);
    }
    let start = match slot {
        Slot::Root => node.span.start,
        Slot::MapValue { key, .. } => key.span.start.min(node.span.start),
        Slot::SeqItem { .. } => source[..node.span.start].rfind('-').unwrap_or(node.span.start),
    };
    start..node.span.end
}

/// Whether every edit, applied after any of the others, still sees the indentation step of
/// the original (`step`). What an edit writes is indented by that step, so the step can only
/// change when the edits replace every nested mapping that tells it; it is kept when one of
/// those is outside all the replaced bytes (or the document has none and the step is the
/// default).
fn step_is_kept(root: &Node, step: usize, splices: &[Splice]) -> bool {
    let replaced = |at: usize| splices.iter().any(|s| s.range.contains(&at));
    let (mut witnesses, mut kept) = (0, 0);
    for_each_nested_map(root, &mut |key, map| {
        if map.column - key.column == step {
            witnesses += 1;
            if !replaced(key.span.start) && !replaced(map.span.start) {
                kept += 1;
            }
        }
    });
    witnesses == 0 || kept > 0
}

/// `source` with every splice (sorted, apart) applied.
fn apply(source: &str, splices: &[Splice]) -> String {
    let added: usize = splices.iter().map(|s| s.text.len()).sum();
    let mut out = String::with_capacity(source.len() + added);
    let mut at = 0;
    for s in splices {
        out.push_str(&source[at..s.range.start]);
        out.push_str(&s.text);
        at = s.range.end;
    }
    out.push_str(&source[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p(s: &str) -> PropertyPath {
        PropertyPath::parse(s).unwrap()
    }

    fn sequential(source: &str, edits: &[(PropertyPath, Value)]) -> String {
        edits.iter().fold(source.to_owned(), |text, (path, value)| set(&text, path, value).unwrap())
    }

    fn states(names: &[&str]) -> Vec<(PropertyPath, Value)> {
        names
            .iter()
            .map(|n| (p(&format!(r#"values.{n}["fn::rotate::password"].state"#)), json!({"current": format!("{n}!")})))
            .collect()
    }

    const ROTATORS: &str = "values:\n  a:\n    fn::rotate::password:\n      inputs: {} # a\n  b:\n    \
                            fn::rotate::password:\n      inputs: {}\n      state:\n        current: old\n  c: 1\n";

    #[test]
    fn rotation_states_take_one_parse() {
        let edits = states(&["b", "a"]);
        let out = with_one_parse(ROTATORS, &edits).expect("independent edits");
        assert_eq!(out, sequential(ROTATORS, &edits));
        assert_eq!(
            out,
            "values:\n  a:\n    fn::rotate::password:\n      inputs: {} # a\n      state:\n        current: a!\n  b:\n    \
             fn::rotate::password:\n      inputs: {}\n      state:\n        current: b!\n  c: 1\n"
        );
        let crlf = ROTATORS.replace('\n', "\r\n");
        assert_eq!(with_one_parse(&crlf, &edits).expect("independent edits"), out.replace('\n', "\r\n"));
    }

    #[test]
    fn dependent_edits_are_applied_one_by_one() {
        // Both create `values.d`: the second must find what the first made.
        let edits = vec![(p("values.d.x"), json!(1)), (p("values.d.y"), json!(2))];
        assert!(with_one_parse(ROTATORS, &edits).is_none());
        assert_eq!(set_all(ROTATORS, &edits).unwrap(), sequential(ROTATORS, &edits));
        // The same path twice: the last wins.
        let edits = [states(&["a"]), states(&["a"])].concat();
        assert!(with_one_parse(ROTATORS, &edits).is_none());
        // A mix of line endings is left to `set`.
        assert!(with_one_parse(&ROTATORS.replacen('\n', "\r\n", 1), &states(&["a", "b"])).is_none());
    }

    #[test]
    fn a_mix_of_line_endings_is_left_to_set() {
        // Setting `a` removes the only `\n` line ending: `set` then writes `c.e` with CRLF.
        let src = "a:\n  b: 1\r\nc:\r\n  d: 2\r\n";
        let edits = vec![(p("a"), json!(5)), (p("c.e"), json!(3))];
        assert!(with_one_parse(src, &edits).is_none());
        assert_eq!(set_all(src, &edits).unwrap(), "a: 5\r\nc:\r\n  d: 2\r\n  e: 3\r\n");
    }

    #[test]
    fn errors_are_sets_errors() {
        let edits = vec![(p("values.a.x"), json!(1)), (p("values.c.x"), json!(2)), (p("values.c[0]"), json!(3))];
        let one_by_one = edits.iter().try_fold(ROTATORS.to_owned(), |t, (path, v)| set(&t, path, v));
        assert_eq!(set_all(ROTATORS, &edits), one_by_one);
        assert!(set_all(ROTATORS, &edits).is_err());
    }

    #[test]
    fn a_replaced_indentation_step_is_left_to_set() {
        // The only mapping indented by 2 is replaced by a scalar: the next edit sees step 4.
        let src = "a:\n  b: 1\nc:\n    d:\n        e: 1\n";
        let edits = vec![(p("a"), json!(5)), (p("c.d.f"), json!({"g": 1}))];
        assert!(with_one_parse(src, &edits).is_none());
        assert_eq!(set_all(src, &edits).unwrap(), "a: 5\nc:\n    d:\n        e: 1\n        f:\n            g: 1\n");
    }
}
