//! How long something took, as `rotate` and `rotation history` print it.

/// `350ms` under a second, `12.3s` under a minute, then `2m05s`. Tenths and seconds are
/// truncated, not rounded, so that 59 999 ms reads `59.9s` rather than `60.0s`.
pub fn duration(ms: u64) -> String {
    match ms {
        0..=999 => format!("{ms}ms"),
        1000..=59_999 => format!("{}.{}s", ms / 1000, ms % 1000 / 100),
        _ => format!("{}m{:02}s", ms / 60_000, ms % 60_000 / 1000),
    }
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn one_format_for_every_magnitude() {
        let cases = [
            (0, "0ms"),
            (350, "350ms"),
            (999, "999ms"),
            (1000, "1.0s"),
            (12_345, "12.3s"),
            (59_999, "59.9s"),
            (60_000, "1m00s"),
            (125_000, "2m05s"),
            (3_725_000, "62m05s"),
        ];
        for (ms, text) in cases {
            assert_eq!(duration(ms), text, "{ms} ms");
        }
    }
}
