use crate::esc::diag::Diagnostics;
use crate::esc::syntax::Node;

/// Decodes YAML text into a syntax tree. `filename` names the source in ranges.
pub fn decode(filename: &str, source: &str) -> (Option<Node>, Diagnostics) {
    let _ = (filename, source);
    todo!("decode")
}
