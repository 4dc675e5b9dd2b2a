//! Durations as people write them for schedules: `30m`, `12h`, `7d`, `1h30m`, `90s`.
//! A day is 24 hours: intervals and windows are spans of absolute time, not of calendar days.

use std::time::Duration;

use crate::error::SpecError;

const UNITS: &[(char, u64)] = &[('d', 86_400), ('h', 3_600), ('m', 60), ('s', 1)];

/// Reads `30m`, `12h`, `7d`, `1h30m`, `90s`: one or more numbers, each with a unit (`d`,
/// `h`, `m`, `s`), largest unit first.
pub fn parse_duration(text: &str) -> Result<Duration, SpecError> {
    let bad = |reason: &str| SpecError::Duration { text: text.to_owned(), reason: reason.to_owned() };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(bad("it is empty"));
    }
    let mut total: u64 = 0;
    let mut rest = trimmed;
    let mut last_unit = usize::MAX;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if digits == 0 {
            return Err(bad("expected a number, such as the 30 of `30m`"));
        }
        let n: u64 = rest[..digits].parse().map_err(|_| bad("the number is too large"))?;
        let Some(unit) = rest[digits..].chars().next() else {
            return Err(bad("a number needs a unit: d, h, m or s"));
        };
        let Some(index) = UNITS.iter().position(|(u, _)| *u == unit) else {
            return Err(bad(&format!("unknown unit '{unit}': use d, h, m or s")));
        };
        if last_unit != usize::MAX && index <= last_unit {
            return Err(bad("write each unit once, largest first (e.g. `1h30m`)"));
        }
        last_unit = index;
        let seconds = n.checked_mul(UNITS[index].1).ok_or_else(|| bad("it is too long"))?;
        total = total.checked_add(seconds).ok_or_else(|| bad("it is too long"))?;
        rest = &rest[digits + unit.len_utf8()..];
    }
    Ok(Duration::from_secs(total))
}

/// Writes a duration as [`parse_duration`] reads it, largest units first (`1h30m`, `7d`).
pub fn format_duration(d: Duration) -> String {
    let mut secs = d.as_secs();
    if secs == 0 {
        return "0s".to_owned();
    }
    let mut out = String::new();
    for (unit, size) in UNITS {
        if secs >= *size {
            out.push_str(&format!("{}{unit}", secs / size));
            secs %= size;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_durations() {
        for (text, secs, canonical) in [
            ("30m", 1_800, "30m"),
            ("12h", 43_200, "12h"),
            ("7d", 604_800, "7d"),
            ("1h30m", 5_400, "1h30m"),
            ("90s", 90, "1m30s"),
            ("90m", 5_400, "1h30m"),
            (" 2d3h ", 183_600, "2d3h"),
        ] {
            let d = parse_duration(text).unwrap();
            assert_eq!(d.as_secs(), secs, "{text}");
            assert_eq!(format_duration(d), canonical, "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_duration() {
        let cases = [
            ("", "'' is not a duration: it is empty (write e.g. 30m, 12h or 7d)"),
            ("30", "'30' is not a duration: a number needs a unit: d, h, m or s (write e.g. 30m, 12h or 7d)"),
            ("5x", "'5x' is not a duration: unknown unit 'x': use d, h, m or s (write e.g. 30m, 12h or 7d)"),
            ("h", "'h' is not a duration: expected a number, such as the 30 of `30m` (write e.g. 30m, 12h or 7d)"),
            ("-1h", "'-1h' is not a duration: expected a number, such as the 30 of `30m` (write e.g. 30m, 12h or 7d)"),
            (
                "30m1h",
                "'30m1h' is not a duration: write each unit once, largest first (e.g. `1h30m`) (write e.g. 30m, 12h or \
                 7d)",
            ),
            (
                "99999999999999999999d",
                "'99999999999999999999d' is not a duration: the number is too large (write e.g. 30m, 12h or 7d)",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(parse_duration(text).unwrap_err().to_string(), message, "{text}");
        }
    }
}
