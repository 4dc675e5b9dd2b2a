//! What escrot prints: diagnostics ([`diagnostics`]), values in the formats of
//! `esc env open` ([`values`]) and YAML ([`yaml`]).

pub mod diagnostics;
pub mod quote;
pub mod values;
pub mod yaml;
