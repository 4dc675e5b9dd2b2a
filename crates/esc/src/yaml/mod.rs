//! YAML as text to be edited in place: an exact byte-span view of a document (`layout`)
//! and edits by property path that change only the bytes they must (`edit`), rendering new
//! values in the document's own style (`render`). `render` is also where whole documents
//! are printed as YAML (`document`) and the one place that decides how a string scalar is
//! quoted (`quote`). `batch` applies many edits with one parse when they are independent.
//!
//! This is separate from the language's syntax tree (`esc::syntax`), whose positions
//! deliberately reproduce ESC's approximations; editing needs the true extent of every node.

mod batch;
mod edit;
mod layout;
mod render;

pub use batch::set_all;
pub use edit::{EditError, apply, delete, set};
pub use layout::{Layout, LayoutError, Node, NodeKind, parse};
pub use render::{document, double_quoted, quote, render_block, render_flow, render_scalar};
