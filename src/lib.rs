//! escrot: rotate secrets defined in Pulumi ESC environments, locally.
//!
//! The library holds everything; `main.rs` only calls [`cli::run`]. See ARCHITECTURE.md
//! for the map.

pub mod esc;
pub mod store;
