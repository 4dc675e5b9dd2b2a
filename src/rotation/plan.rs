//! Planning a rotation: which `fn::rotate` nodes to rotate, and, wave by wave, the
//! requests whose inputs are known.
//!
//! The evaluator is run in rotate mode with rotators that only *capture* the request
//! (inputs, rotate-only ones included, and state) and defer: the node becomes unknown,
//! so any rotator whose inputs depend on it is not captured in this wave. After the
//! captured requests have run and their new states are patched in, the next wave sees the
//! new outputs. Rotators in one wave are independent of each other and run concurrently.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use crate::esc::ast::{self, Call, ExprKind};
use crate::esc::diag::Diagnostics;
use crate::esc::path::{PropertyPath, join_index, join_key};
use crate::esc::provider::{self, Decrypter, EnvironmentLoader, OpenContext, ProviderLoader};
use crate::esc::schema::Schema;
use crate::esc::value::Value;
use crate::esc::{EvalOptions, rotate_environment};

/// A `fn::rotate` node of a definition.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RotateNode {
    /// The property path under `values` (`db.app`), as users name it.
    pub path: String,
    /// The rotator's name (`password`).
    pub rotator: String,
    /// The document path of its `state` (`values.db.app["fn::rotate::password"].state`).
    pub state_path: String,
}

/// Every `fn::rotate` node of an environment, in document order.
pub fn rotate_nodes(env: &ast::Environment) -> Vec<RotateNode> {
    let mut out = Vec::new();
    // Explicit stack: definitions may nest deeply.
    let mut stack: Vec<(String, &ast::ExprRef)> =
        env.values.iter().rev().map(|(k, v)| (join_key("", &k.value), v)).collect();
    while let Some((path, x)) = stack.pop() {
        match &x.kind {
            ExprKind::Builtin(b) => {
                if let Call::Rotate { provider: Some(p), .. } = &b.call
                    && let Some(rotator) = p.as_string()
                {
                    let state_path = format!("{}.state", join_key(&format!("values.{path}"), &b.name.value));
                    out.push(RotateNode { path: path.clone(), rotator: rotator.to_owned(), state_path });
                }
            }
            ExprKind::Object(entries) => {
                for e in entries.iter().rev() {
                    if let Some(k) = &e.key {
                        stack.push((join_key(&path, &k.value), &e.value));
                    }
                }
            }
            ExprKind::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((join_index(&path, i), item));
                }
            }
            _ => {}
        }
    }
    out
}

/// The `fn::rotate` nodes at `paths` (all of them when `paths` is empty), in document
/// order; `Err` names the first path with no `fn::rotate`.
pub fn select(env: &ast::Environment, paths: &[String]) -> Result<Vec<RotateNode>, String> {
    let mut nodes = rotate_nodes(env);
    if let Some(missing) = paths.iter().find(|p| !nodes.iter().any(|n| &&n.path == p)) {
        return Err(missing.clone());
    }
    if !paths.is_empty() {
        nodes.retain(|n| paths.contains(&n.path));
    }
    Ok(nodes)
}

/// One rotation to perform: a node and its evaluated inputs and state.
#[derive(Clone, Debug)]
pub struct Captured {
    pub node: RotateNode,
    pub inputs: BTreeMap<String, Value>,
    pub state: Option<Value>,
}

/// The evaluation services a plan needs besides the rotators.
pub struct Services<'a> {
    pub decrypter: &'a dyn Decrypter,
    pub providers: &'a dyn ProviderLoader,
    pub environments: &'a dyn EnvironmentLoader,
    pub exec_context: Value,
}

/// Evaluates `env` rotating `nodes` and returns the requests whose inputs are known, with
/// the evaluation's diagnostics (deferrals removed).
pub fn capture_wave(
    name: &str,
    env: &ast::Environment,
    services: &Services<'_>,
    nodes: &[RotateNode],
) -> (Vec<Captured>, Diagnostics) {
    if nodes.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let loader = CapturingLoader { inner: services.providers, captured: Arc::new(Mutex::new(Vec::new())) };
    let opts = EvalOptions {
        decrypter: services.decrypter,
        providers: &loader,
        environments: services.environments,
        exec_context: services.exec_context.clone(),
        show_secrets: true,
    };
    let paths: Vec<PropertyPath> = nodes.iter().filter_map(|n| PropertyPath::parse(&n.path).ok()).collect();
    let (_, _, mut diags) = rotate_environment(name, env, &opts, &paths);
    diags.retain(|d| !d.summary.ends_with(DEFERRED));
    let requests = std::mem::take(&mut *loader.captured.lock().unwrap_or_else(|e| e.into_inner()));
    let captured = requests
        .into_iter()
        .filter_map(|r| {
            let node = nodes.iter().find(|n| format!("values.{}", n.path) == r.doc_path)?;
            Some(Captured { node: node.clone(), inputs: r.inputs, state: r.state })
        })
        .collect();
    (captured, diags)
}

/// What a capturing rotator returns instead of a new state (the evaluator turns it into a
/// `rotate: …` diagnostic, which the plan drops).
const DEFERRED: &str = "deferred to the rotation engine";

struct Request {
    doc_path: String,
    inputs: BTreeMap<String, Value>,
    state: Option<Value>,
}

/// Wraps the binary's loader: rotators capture their requests instead of rotating.
struct CapturingLoader<'a> {
    inner: &'a dyn ProviderLoader,
    captured: Arc<Mutex<Vec<Request>>>,
}

impl ProviderLoader for CapturingLoader<'_> {
    fn load_provider(&self, name: &str) -> Result<Arc<dyn provider::Provider>, provider::Error> {
        self.inner.load_provider(name)
    }

    fn load_rotator(&self, name: &str) -> Result<Arc<dyn provider::Rotator>, provider::Error> {
        let inner = self.inner.load_rotator(name)?;
        Ok(Arc::new(Capture { inner, captured: self.captured.clone() }))
    }
}

struct Capture {
    inner: Arc<dyn provider::Rotator>,
    captured: Arc<Mutex<Vec<Request>>>,
}

impl provider::Rotator for Capture {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>, Arc<Schema>) {
        self.inner.schema()
    }

    fn open(
        &self,
        inputs: &BTreeMap<String, Value>,
        state: Option<&Value>,
        ctx: &OpenContext<'_>,
    ) -> Result<Value, provider::Error> {
        self.inner.open(inputs, state, ctx)
    }

    fn rotate(
        &self,
        inputs: &BTreeMap<String, Value>,
        state: Option<&Value>,
        ctx: &OpenContext<'_>,
    ) -> Result<Value, provider::Error> {
        let request = Request { doc_path: ctx.path.to_owned(), inputs: inputs.clone(), state: state.cloned() };
        self.captured.lock().unwrap_or_else(|e| e.into_inner()).push(request);
        Err(DEFERRED.into())
    }
}
