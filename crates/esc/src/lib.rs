//! The Pulumi ESC language, as a library: syntax → ast → eval, with ESC's schemas, values,
//! property paths, diagnostics, the `escx` secret envelope, and the byte-exact YAML editing
//! that secrets and rotations are written back with ([`yaml`]).
//!
//! No I/O and no cloud SDK lives here (the crate depends on neither tokio, nor an AWS crate,
//! nor a database driver): providers, rotators, imported environments and decryption come
//! in through the traits of [`provider`].

pub mod ast;
pub mod crypt;
pub mod diag;
pub mod eval;
pub mod gofmt;
pub mod path;
pub mod provider;
pub mod schema;
pub mod syntax;
pub mod value;
pub mod yaml;

pub use diag::{Diagnostic, Diagnostics, Pos, Range, Severity};
pub use eval::{
    Environment, EvalOptions, ExecContext, Patch, check_environment, eval_environment, load_yaml, rotate_environment,
};
pub use path::PropertyPath;
pub use value::{Value, ValueRepr};
