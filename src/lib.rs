//! escrot: rotate secrets defined in Pulumi ESC environments, locally.
//!
//! The library holds everything; `main.rs` only calls [`cli::run`]. See ARCHITECTURE.md
//! for the map.

pub mod cli;
pub mod connector;
pub mod esc;
pub mod files;
pub mod output;
pub mod providers;
pub mod rotation;
pub mod rotators;
pub mod store;
pub mod vars;
pub mod yaml;
