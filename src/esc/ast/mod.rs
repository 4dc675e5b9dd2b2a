//! The environment AST: YAML syntax nodes read as ESC expressions (literals,
//! interpolations, property accesses, `fn::` built-ins), with load-time diagnostics.

/// A parsed environment definition.
#[derive(Clone, Debug, Default)]
pub struct Environment {}
