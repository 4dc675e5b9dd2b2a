//! The ESC language: syntax → ast → eval. No I/O and no cloud SDK lives here; providers,
//! rotators, imported environments and decryption come in through the traits of
//! [`provider`].

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

pub use diag::{Diagnostic, Diagnostics, Pos, Range, Severity};
pub use eval::{Environment, EvalOptions, Patch, check_environment, eval_environment, load_yaml, rotate_environment};
pub use path::PropertyPath;
pub use value::{Value, ValueRepr};
