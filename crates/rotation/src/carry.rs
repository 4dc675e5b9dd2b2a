//! Rolling a definition back without rolling its rotations back.
//!
//! A `fn::rotate` state names the credentials that exist now: each rotation retires what
//! the state before it named (aws-iam deletes the `previous` key, a database gets a new
//! password). An old revision's states therefore name credentials that may be gone, and a
//! rotation from such a state fails (aws-iam refuses keys its state does not know). So a
//! rollback takes the old revision's definition with each `fn::rotate` node's *latest*
//! state spliced in:
//! - a node also in the latest revision gets the state it has there (none, if it has none);
//! - a node removed since gets the state of the newest revision that still had it, the
//!   last one escrot wrote for it; a note says so, since its credentials may have been
//!   changed outside escrot meanwhile.
//!
//! Only the `state` values change, byte-exact edits by path; ciphertexts are copied as
//! they are (every revision of an environment is encrypted with the same store key).

use serde_json::Value as Json;

use crate::plan::{RotateNode, rotate_nodes};
use escrot_esc::path::PropertyPath;
use escrot_esc::syntax::{self, Node, NodeKind};
use escrot_esc::yaml;

/// An old definition with the latest rotation states.
#[derive(Debug)]
pub struct Carried {
    pub text: String,
    /// The paths (under `values`) whose state was replaced by the latest revision's.
    pub kept: Vec<String>,
    /// What the user should know: nodes whose last state comes from an older revision.
    pub notes: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CarryError<E> {
    #[error("revision {0} is not a valid environment, so its rotation states cannot be read")]
    Unreadable(u64),
    #[error("cannot write the latest state at {path}: {source}")]
    Edit { path: String, source: yaml::EditError },
    /// Reading the revisions in between failed.
    #[error("cannot read the revisions since")]
    Load(E),
}

/// A revision's number and text.
pub type RevisionText = (u64, String);

/// `old`'s text with each of its `fn::rotate` nodes' latest state. `latest` is the latest
/// revision; `between` gives the revisions after `old` and before `latest`, newest first
/// (called only when a node of `old` is missing from `latest`).
pub fn latest_states<E>(
    old: &RevisionText,
    latest: &RevisionText,
    between: impl FnOnce() -> Result<Vec<RevisionText>, E>,
) -> Result<Carried, CarryError<E>> {
    let old_root = decode(old)?;
    let latest_root = decode(latest)?;
    let latest_nodes = nodes_of(latest)?;
    let mut between = Some(between);
    let mut history: Vec<(u64, Node)> = Vec::new();
    let mut carried = Carried { text: old.1.clone(), kept: Vec::new(), notes: Vec::new() };
    for node in nodes_of(old)? {
        let in_latest = latest_nodes.iter().any(|n| n.state_path == node.state_path);
        let state = if in_latest {
            find(&latest_root, &node.state_path).map(to_json)
        } else {
            if let Some(load) = between.take() {
                for r in load().map_err(CarryError::Load)? {
                    history.push((r.0, decode(&r)?));
                }
            }
            let (had, state) = last_state(&node, (old.0, &old_root), &history);
            carried.notes.push(format!(
                "{} ({}) is not in the latest revision: it keeps its state of revision {had}, the last that had \
                 it; the credentials that state names may have been changed or deleted since",
                node.path, node.rotator
            ));
            state
        };
        if state == find(&old_root, &node.state_path).map(to_json) {
            continue;
        }
        let path = PropertyPath::parse(&node.state_path).map_err(|_| CarryError::Unreadable(old.0))?;
        let edited = match &state {
            Some(s) => yaml::set(&carried.text, &path, s),
            None => yaml::delete(&carried.text, &path),
        };
        carried.text = edited.map_err(|source| CarryError::Edit { path: node.path.clone(), source })?;
        if in_latest {
            carried.kept.push(node.path);
        }
    }
    Ok(carried)
}

/// The newest revision of `history` (newest first) that still has `node`, else `old`, and
/// the node's state there.
fn last_state(node: &RotateNode, old: (u64, &Node), history: &[(u64, Node)]) -> (u64, Option<Json>) {
    for (number, root) in history {
        if let Some(state) = find_node(root, &node.state_path) {
            return (*number, state);
        }
    }
    (old.0, find(old.1, &node.state_path).map(to_json))
}

/// Whether `root` has the `fn::rotate` call of `state_path`, and then its state.
fn find_node(root: &Node, state_path: &str) -> Option<Option<Json>> {
    let call = state_path.strip_suffix(".state")?;
    find(root, call)?;
    Some(find(root, state_path).map(to_json))
}

fn decode<E>(revision: &RevisionText) -> Result<Node, CarryError<E>> {
    match syntax::decode("rollback", &revision.1) {
        (Some(root), _) => Ok(root),
        (None, _) => Err(CarryError::Unreadable(revision.0)),
    }
}

fn nodes_of<E>(revision: &RevisionText) -> Result<Vec<RotateNode>, CarryError<E>> {
    match escrot_esc::load_yaml("rollback", &revision.1) {
        (Some(env), _) => Ok(rotate_nodes(&env)),
        (None, _) => Err(CarryError::Unreadable(revision.0)),
    }
}

/// The node at a document path (`values.a["fn::rotate::password"].state`).
fn find<'a>(root: &'a Node, path: &str) -> Option<&'a Node> {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.path == path {
            return Some(node);
        }
        match &node.kind {
            NodeKind::Object(entries) => stack.extend(entries.iter().map(|(_, v)| v)),
            NodeKind::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    None
}

/// A node's data as YAML reads it.
fn to_json(node: &Node) -> Json {
    match &node.kind {
        NodeKind::Null => Json::Null,
        NodeKind::Bool(b) => Json::Bool(*b),
        NodeKind::Number(n) => serde_json::from_str(n.as_str()).unwrap_or_else(|_| Json::String(n.0.clone())),
        NodeKind::String(s) => Json::String(s.clone()),
        NodeKind::Array(items) => Json::Array(items.iter().map(to_json).collect()),
        NodeKind::Object(entries) => {
            Json::Object(entries.iter().map(|(k, v)| (k.as_str().unwrap_or_default().to_owned(), to_json(v))).collect())
        }
    }
}
