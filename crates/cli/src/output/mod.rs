//! What escrot prints: diagnostics ([`diagnostics`]), durations ([`duration`]), values in the formats of
//! `esc env open` ([`values`]), YAML ([`yaml`]), tables ([`table`]) and unified diffs
//! ([`diff`]).

pub mod diagnostics;
pub mod diff;
pub mod duration;
pub mod table;
pub mod values;
pub mod yaml;
