//! Evaluation: imports, interpolation, built-ins, providers and rotators.

use std::collections::BTreeMap;

use crate::esc::ast;
use crate::esc::diag::Diagnostics;
use crate::esc::path::PropertyPath;
use crate::esc::provider::{Decrypter, EnvironmentLoader, ProviderLoader};
use crate::esc::value::Value;

/// An evaluated environment.
#[derive(Clone, Debug, Default)]
pub struct Environment {
    /// The evaluated `values`.
    pub properties: BTreeMap<String, Value>,
}

/// An edit a rotation makes to the definition: the new `state` of one `fn::rotate` node.
#[derive(Clone, Debug)]
pub struct Patch {
    /// e.g. `values.db["fn::rotate::postgres"].state`
    pub doc_path: String,
    pub replacement: Value,
}

/// What evaluation needs from its caller.
pub struct EvalOptions<'a> {
    pub decrypter: &'a dyn Decrypter,
    pub providers: &'a dyn ProviderLoader,
    pub environments: &'a dyn EnvironmentLoader,
    /// The value of `${context}`, e.g. `{pulumi: {user: {id: …}}}`.
    pub exec_context: Value,
    /// Whether a static check decrypts secrets (evaluation always does).
    pub show_secrets: bool,
}

/// Parses and loads an environment definition. `None` when the YAML could not be parsed
/// into an environment at all.
pub fn load_yaml(filename: &str, source: &str) -> (Option<ast::Environment>, Diagnostics) {
    let _ = (filename, source);
    todo!("load_yaml")
}

/// Evaluates an environment, opening providers.
pub fn eval_environment(
    name: &str,
    env: &ast::Environment,
    opts: &EvalOptions<'_>,
) -> (Option<Environment>, Diagnostics) {
    let _ = (name, env, opts);
    todo!("eval_environment")
}

/// Checks an environment without opening providers (their values are unknown).
pub fn check_environment(
    name: &str,
    env: &ast::Environment,
    opts: &EvalOptions<'_>,
) -> (Option<Environment>, Diagnostics) {
    let _ = (name, env, opts);
    todo!("check_environment")
}

/// Evaluates an environment and rotates its `fn::rotate` nodes (all, or those at `paths`),
/// returning the values after rotation and the patches to write back.
pub fn rotate_environment(
    name: &str,
    env: &ast::Environment,
    opts: &EvalOptions<'_>,
    paths: &[PropertyPath],
) -> (Option<Environment>, Vec<Patch>, Diagnostics) {
    let _ = (name, env, opts, paths);
    todo!("rotate_environment")
}
