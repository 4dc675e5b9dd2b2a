//! Timestamps as the store writes them: RFC 3339 in UTC with second precision
//! (`2026-01-02T03:04:05Z`), which sorts as text in time order.

use jiff::Timestamp;

/// The format of every timestamp the store writes (no fraction of a second, `Z` for UTC).
const RFC3339_SECONDS: &str = "%Y-%m-%dT%H:%M:%SZ";

/// Now, as RFC 3339 UTC.
pub fn now_rfc3339() -> String {
    format_timestamp(Timestamp::now())
}

/// Formats an instant as RFC 3339 UTC, the fraction of a second dropped (not rounded, so a
/// timestamp never lies in the future of the instant it records).
pub fn format_timestamp(at: Timestamp) -> String {
    at.strftime(RFC3339_SECONDS).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> String {
        format_timestamp(Timestamp::from_second(secs).unwrap())
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(at(4_107_542_399), "2100-02-28T23:59:59Z");
        assert_eq!(at(1_709_251_199), "2024-02-29T23:59:59Z");
        let fraction = Timestamp::new(1_709_251_199, 999_999_999).unwrap();
        assert_eq!(format_timestamp(fraction), "2024-02-29T23:59:59Z");
        let now = now_rfc3339();
        assert!(now.starts_with("20") && now.ends_with('Z') && now.len() == 20, "{now}");
    }
}
