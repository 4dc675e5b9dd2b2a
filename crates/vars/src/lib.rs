//! Environment variables as escrot reads them. A variable that is set but empty (or only
//! blanks) counts as unset, for every variable escrot reads: `ESCROT_ORG=` in a shell or a
//! CI file means "not given", as unsetting it would, never "the empty organization".

use std::ffi::OsString;

/// The value of `name`, unless it is unset, empty or blank (or not Unicode).
pub fn get(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The value of `name` as the OS holds it, unless it is unset or empty.
pub fn get_os(name: &str) -> Option<OsString> {
    std::env::var_os(name).filter(|v| !v.to_string_lossy().trim().is_empty())
}

/// Whether this runs in CI (`CI` set and not empty, as every CI service sets it). Tests that
/// need something external (the ESC corpus, moto, database servers) skip with a message on a
/// developer's machine without it, and fail in CI: the one rule every suite follows.
pub fn running_in_ci() -> bool {
    get("CI").is_some()
}
