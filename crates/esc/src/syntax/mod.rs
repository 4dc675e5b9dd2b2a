//! The syntax tree: YAML decoded into nodes that remember where they came from.
//!
//! This is the first stage of the pipeline (syntax → ast → eval). Positions are computed
//! the way ESC computes them (from the YAML parser's start marks, see `yaml.rs`), so that
//! diagnostics point where ESC's would.

mod node;
mod position;
mod resolve;
mod yaml;

pub use node::{Node, NodeKind, Number, ScalarRanges, ScalarStyle};
pub(crate) use resolve::plain_reads_as_string;
pub use yaml::{MAX_DEPTH, MAX_FLOW_DEPTH, decode};
