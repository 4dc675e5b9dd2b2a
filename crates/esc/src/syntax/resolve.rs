//! Scalar resolution as gopkg.in/yaml.v3 does it when ESC decodes a scalar into `interface{}`
//! (`n.Decode(&v)`), and number formatting as ESC's `syntax.AsNumber` does it.
//!
//! yaml.v3 follows YAML 1.2's core schema loosely, with some YAML 1.1 leftovers and Go's own
//! number syntax (it calls `strconv.ParseInt(s, 0, 64)`, so `0x1F`, `0o17`, `0b101` and the
//! C-style octal `017` are integers, and `_` separators are dropped). Everything here mirrors
//! `resolve.go` and `decode.go` of yaml.v3, so that the same text gives the same value.

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use crate::syntax::{Number, ScalarStyle};

pub(crate) const STR_TAG: &str = "!!str";
const NULL_TAG: &str = "!!null";
const BOOL_TAG: &str = "!!bool";
const INT_TAG: &str = "!!int";
const FLOAT_TAG: &str = "!!float";
const TIMESTAMP_TAG: &str = "!!timestamp";
const BINARY_TAG: &str = "!!binary";
const MERGE_TAG: &str = "!!merge";
const LONG_TAG_PREFIX: &str = "tag:yaml.org,2002:";

/// What a scalar decodes to.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    Number(Number),
    /// A string: ESC keeps the scalar's text as it is (even for `!!binary`, whose decoded
    /// bytes yaml.v3 computes only to validate them).
    String,
}

/// Whether `s`, written plain and untagged, reads back as the string `s` (and not as a null,
/// a boolean or a number: `0_` is the integer 0, since Go drops underscores).
pub(crate) fn plain_reads_as_string(s: &str) -> bool {
    matches!(decode_scalar(s, ScalarStyle::Plain, None), Ok(Scalar::String))
}

/// yaml.v3's `shortTag`: `tag:yaml.org,2002:str` → `!!str`; other tags unchanged.
pub(crate) fn short_tag(tag: &str) -> String {
    match tag.strip_prefix(LONG_TAG_PREFIX) {
        Some(rest) => format!("!!{rest}"),
        None => tag.to_owned(),
    }
}

/// Decodes a scalar's text. `tag` is the explicit short tag, if any (the non-specific `!`
/// counts as none, as in yaml.v3). The error is yaml.v3's message, which ESC reports as is.
pub(crate) fn decode_scalar(value: &str, style: ScalarStyle, tag: Option<&str>) -> Result<Scalar, String> {
    // yaml.v3's `indicatedString`: an explicit `!!str`, or a quoted or block scalar without
    // an explicit tag.
    if tag == Some(STR_TAG) || (tag.is_none() && style != ScalarStyle::Plain) {
        return Ok(Scalar::String);
    }
    let tag = tag.unwrap_or("");
    let (rtag, out) = resolve(tag, value)?;
    if rtag == BINARY_TAG {
        check_base64(value)?;
        return Ok(Scalar::String);
    }
    Ok(match out {
        Resolved::Null => Scalar::Null,
        Resolved::Bool(b) => Scalar::Bool(b),
        Resolved::Int(i) => Scalar::Number(Number(i.to_string())),
        Resolved::Uint(u) => Scalar::Number(Number(u.to_string())),
        Resolved::Float(f) => Scalar::Number(Number(format_float(f))),
        // A timestamp decodes into `interface{}` as its text (yaml.v3 keeps it a string "for
        // backward compatibility").
        Resolved::Str | Resolved::Timestamp => Scalar::String,
    })
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str,
    Timestamp,
}

/// yaml.v3's `resolve(tag, in)`: the resolved tag and value, or the error its deferred check
/// raises when an explicit tag disagrees with the text.
fn resolve(tag: &str, s: &str) -> Result<(&'static str, Resolved), String> {
    if !matches!(tag, "" | STR_TAG | BOOL_TAG | INT_TAG | FLOAT_TAG | NULL_TAG | TIMESTAMP_TAG) {
        // Not resolvable: the text is the value (`!!binary` is checked by the caller).
        return Ok((if tag == BINARY_TAG { BINARY_TAG } else { STR_TAG }, Resolved::Str));
    }
    let (rtag, out) = resolve_plain(tag, s);
    if tag.is_empty() || tag == rtag || tag == STR_TAG {
        return Ok((rtag, out));
    }
    if tag == FLOAT_TAG && rtag == INT_TAG {
        // Only Go `int`/`int64` results convert; a `uint64` does not (and fails below).
        if let Resolved::Int(i) = out {
            return Ok((FLOAT_TAG, Resolved::Float(i as f64)));
        }
    }
    Err(format!("yaml: cannot decode {rtag} `{s}` as a {tag}"))
}

fn resolve_plain(tag: &str, s: &str) -> (&'static str, Resolved) {
    let hint = match s.as_bytes().first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => 0,
    };
    if hint == 0 || tag == STR_TAG {
        return (STR_TAG, Resolved::Str);
    }
    match s {
        "true" | "True" | "TRUE" => return (BOOL_TAG, Resolved::Bool(true)),
        "false" | "False" | "FALSE" => return (BOOL_TAG, Resolved::Bool(false)),
        "" | "~" | "null" | "Null" | "NULL" => return (NULL_TAG, Resolved::Null),
        ".nan" | ".NaN" | ".NAN" => return (FLOAT_TAG, Resolved::Float(f64::NAN)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return (FLOAT_TAG, Resolved::Float(f64::INFINITY)),
        "-.inf" | "-.Inf" | "-.INF" => return (FLOAT_TAG, Resolved::Float(f64::NEG_INFINITY)),
        "<<" => return (MERGE_TAG, Resolved::Str),
        _ => {}
    }
    match hint {
        b'.' => {
            if let Some(f) = go_parse_float(s) {
                return (FLOAT_TAG, Resolved::Float(f));
            }
        }
        b'D' | b'S' => {
            if (tag.is_empty() || tag == TIMESTAMP_TAG) && is_timestamp(s) {
                return (TIMESTAMP_TAG, Resolved::Timestamp);
            }
            let plain = s.replace('_', "");
            if let Some(i) = go_parse_int(&plain) {
                return (INT_TAG, Resolved::Int(i));
            }
            if let Some(u) = go_parse_uint(&plain) {
                return (INT_TAG, Resolved::Uint(u));
            }
            if is_yaml_style_float(&plain)
                && let Some(f) = go_parse_float(&plain)
            {
                return (FLOAT_TAG, Resolved::Float(f));
            }
            if let Some(bin) = plain.strip_prefix("0b") {
                if let Some(i) = parse_digits(bin, 2).and_then(|u| i64::try_from(u).ok()) {
                    return (INT_TAG, Resolved::Int(i));
                }
                if let Some(u) = parse_digits(bin, 2) {
                    return (INT_TAG, Resolved::Uint(u));
                }
            } else if let Some(bin) = plain.strip_prefix("-0b")
                && let Some(u) = parse_digits(bin, 2)
                && u <= 1 << 63
            {
                return (INT_TAG, Resolved::Int((u as i64).wrapping_neg()));
            }
            if let Some(oct) = plain.strip_prefix("0o") {
                if let Some(i) = parse_digits(oct, 8).and_then(|u| i64::try_from(u).ok()) {
                    return (INT_TAG, Resolved::Int(i));
                }
                if let Some(u) = parse_digits(oct, 8) {
                    return (INT_TAG, Resolved::Uint(u));
                }
            } else if let Some(oct) = plain.strip_prefix("-0o")
                && let Some(u) = parse_digits(oct, 8)
                && u <= 1 << 63
            {
                return (INT_TAG, Resolved::Int((u as i64).wrapping_neg()));
            }
        }
        _ => {}
    }
    (STR_TAG, Resolved::Str)
}

fn is_digits(s: &str, base: u32) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_digit(base))
}

/// Digits in `base`, no sign, no prefix, no underscores; `None` when empty, invalid or too big.
fn parse_digits(s: &str, base: u32) -> Option<u64> {
    if !is_digits(s, base) {
        return None;
    }
    u64::from_str_radix(s, base).ok()
}

/// Go's `strconv.ParseUint(s, 0, 64)` on text without underscores: a `0x`, `0o`, `0b` prefix
/// or a leading `0` (octal) picks the base.
fn go_parse_uint(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let b = s.as_bytes();
    let (base, digits) = if b[0] == b'0' {
        match b.get(1).map(u8::to_ascii_lowercase) {
            Some(b'b') if s.len() >= 3 => (2, &s[2..]),
            Some(b'o') if s.len() >= 3 => (8, &s[2..]),
            Some(b'x') if s.len() >= 3 => (16, &s[2..]),
            _ => (8, &s[1..]),
        }
    } else {
        (10, s)
    };
    if digits.is_empty() {
        // Only "0": Go's loop runs over nothing and returns 0.
        return if s == "0" { Some(0) } else { None };
    }
    parse_digits(digits, base)
}

/// Go's `strconv.ParseInt(s, 0, 64)` on text without underscores.
fn go_parse_int(s: &str) -> Option<i64> {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let u = go_parse_uint(rest)?;
    if neg { if u > 1 << 63 { None } else { Some((u as i64).wrapping_neg()) } } else { i64::try_from(u).ok() }
}

/// yaml.v3's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'-' | b'+')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go's `strconv.ParseFloat(s, 64)` for decimal text (the only kind that reaches it here):
/// optional sign, digits with `_` separators between digits, optional fraction and exponent.
/// Out-of-range values are errors, as in Go.
fn go_parse_float(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let mut mantissa_digits = 0;
    let mut seen_dot = false;
    while i < b.len() {
        match b[i] {
            b'0'..=b'9' => mantissa_digits += 1,
            b'_' => {}
            b'.' if !seen_dot => seen_dot = true,
            _ => break,
        }
        i += 1;
    }
    if mantissa_digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        let mut exp_digits = 0;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            exp_digits += usize::from(b[i] != b'_');
            i += 1;
        }
        if exp_digits == 0 {
            return None;
        }
    }
    if i != b.len() || (s.contains('_') && !underscore_ok(s)) {
        return None;
    }
    let f: f64 = s.replace('_', "").parse().ok()?;
    f.is_finite().then_some(f)
}

/// Go's `underscoreOK`: underscores only between digits.
fn underscore_ok(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut saw = b'^';
    for &c in s.as_bytes() {
        if c.is_ascii_digit() {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
    }
    saw != b'_'
}

/// Whether `s` parses with one of yaml.v3's timestamp layouts (Go `time.Parse` with
/// `2006-1-2T15:4:5.999999999Z07:00`, the same with `t`, `2006-1-2 15:4:5.999999999`, or
/// `2006-1-2`). Only an explicit `!!timestamp` tag makes the difference observable.
fn is_timestamp(s: &str) -> bool {
    fn num(b: &[u8], i: &mut usize, min: usize, max: usize) -> Option<u32> {
        let start = *i;
        while *i < b.len() && *i - start < max && b[*i].is_ascii_digit() {
            *i += 1;
        }
        if *i - start < min {
            return None;
        }
        std::str::from_utf8(&b[start..*i]).ok()?.parse().ok()
    }
    let b = s.as_bytes();
    let mut i = 0;
    let Some(year) = num(b, &mut i, 4, 4) else { return false };
    if b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    let Some(month) = num(b, &mut i, 1, 2) else { return false };
    if b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    let Some(day) = num(b, &mut i, 1, 2) else { return false };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if day == 0 || day > days {
        return false;
    }
    let Some(&sep) = b.get(i) else { return true };
    if !matches!(sep, b'T' | b't' | b' ') {
        return false;
    }
    i += 1;
    let (Some(h), true, Some(m), true, Some(sec)) = (
        num(b, &mut i, 1, 2),
        b.get(i) == Some(&b':') && {
            i += 1;
            true
        },
        num(b, &mut i, 1, 2),
        b.get(i) == Some(&b':') && {
            i += 1;
            true
        },
        num(b, &mut i, 1, 2),
    ) else {
        return false;
    };
    if h > 23 || m > 59 || sec > 59 {
        return false;
    }
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    if sep == b' ' {
        return i == b.len();
    }
    match b.get(i) {
        Some(b'Z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            i += 1;
            let ok = num(b, &mut i, 2, 2).is_some_and(|h| h < 24) && b.get(i) == Some(&b':') && {
                i += 1;
                num(b, &mut i, 2, 2).is_some_and(|m| m < 60)
            };
            ok && i == b.len()
        }
        _ => false,
    }
}

/// Go's `base64.StdEncoding.DecodeString` as yaml.v3 uses it for `!!binary`: standard
/// alphabet, padding required, `\r` and `\n` ignored, stray trailing bits accepted.
fn check_base64(s: &str) -> Result<(), String> {
    const ENGINE: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
    );
    let cleaned: String = s.chars().filter(|c| *c != '\r' && *c != '\n').collect();
    ENGINE.decode(cleaned).map(|_| ()).map_err(|_| "yaml: !!binary value contains invalid base64 data".to_owned())
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)`, which ESC's `AsNumber` uses: the shortest
/// decimal that round-trips, in `%e` form when the decimal exponent is below -4 or at least 6
/// (Go decides with precision 6 in shortest mode), so `1e+06`, `123456`, `1e-05`, `0.0001`.
/// NaN and infinities print as `NaN`, `+Inf`, `-Inf`.
pub(crate) fn format_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf".to_owned() } else { "-Inf".to_owned() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0".to_owned() } else { "0".to_owned() };
    }
    // Rust's `{:e}` prints the shortest round-tripping digits, like Go's shortest mode.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exp: i64 = exp.parse().unwrap_or(0);
    let nd = digits.len() as i64;
    let dp = exp + 1;
    let mut out = String::new();
    if f.is_sign_negative() {
        out.push('-');
    }
    if !(-4..6).contains(&exp) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let e = exp.unsigned_abs();
        if e < 10 {
            out.push('0');
        }
        out.push_str(&e.to_string());
        return out;
    }
    // %f with just enough fraction digits.
    let digit = |i: i64| if (0..nd).contains(&i) { digits.as_bytes()[i as usize] as char } else { '0' };
    if dp > 0 {
        for i in 0..dp {
            out.push(digit(i));
        }
    } else {
        out.push('0');
    }
    let prec = (nd - dp).max(0);
    if prec > 0 {
        out.push('.');
        for i in 0..prec {
            out.push(digit(dp + i));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Result<Scalar, String> {
        decode_scalar(s, ScalarStyle::Plain, None)
    }
    fn num(s: &str) -> Scalar {
        Scalar::Number(Number(s.to_owned()))
    }

    #[test]
    fn core_schema() {
        for s in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(dec(s), Ok(Scalar::Null), "{s:?}");
        }
        for s in ["true", "True", "TRUE"] {
            assert_eq!(dec(s), Ok(Scalar::Bool(true)));
        }
        for s in ["yes", "on", "y", "nULL", "tRUE", "hello", "_1", "0x", "1e", ".", "-", "+"] {
            assert_eq!(dec(s), Ok(Scalar::String), "{s:?}");
        }
    }

    #[test]
    fn numbers() {
        let cases = [
            ("42", "42"),
            ("-7", "-7"),
            ("+7", "7"),
            ("1_000", "1000"),
            ("0x1F", "31"),
            ("0o17", "15"),
            ("017", "15"),
            ("08", "8"),
            ("0b101", "5"),
            ("-0b101", "-5"),
            ("-0o17", "-15"),
            ("3.14", "3.14"),
            ("1.0", "1"),
            ("1e6", "1e+06"),
            ("123456", "123456"),
            ("123456.0", "123456"),
            ("1234567.0", "1.234567e+06"),
            ("0.0001", "0.0001"),
            ("0.00001", "1e-05"),
            (".5", "0.5"),
            ("-.5", "-0.5"),
            ("1e21", "1e+21"),
            ("1.5e300", "1.5e+300"),
            (".inf", "+Inf"),
            ("-.inf", "-Inf"),
            (".nan", "NaN"),
            ("-0", "0"),
            ("-0.0", "-0"),
            ("9223372036854775807", "9223372036854775807"),
            ("-9223372036854775808", "-9223372036854775808"),
            ("18446744073709551615", "18446744073709551615"),
            ("18446744073709551616", "1.8446744073709552e+19"),
        ];
        for (s, want) in cases {
            assert_eq!(dec(s), Ok(num(want)), "{s}");
        }
        // Out of range floats stay strings.
        assert_eq!(dec("1e400"), Ok(Scalar::String));
    }

    #[test]
    fn tags() {
        let t = |s: &str, tag: &str| decode_scalar(s, ScalarStyle::Plain, Some(tag));
        assert_eq!(t("42", "!!str"), Ok(Scalar::String));
        assert_eq!(t("null", "!tag"), Ok(Scalar::String));
        assert_eq!(t("1", "!!float"), Ok(num("1")));
        assert_eq!(decode_scalar("42", ScalarStyle::DoubleQuoted, Some("!!int")), Ok(num("42")));
        assert_eq!(decode_scalar("42", ScalarStyle::DoubleQuoted, None), Ok(Scalar::String));
        assert_eq!(t("foo", "!!int"), Err("yaml: cannot decode !!str `foo` as a !!int".to_owned()));
        assert_eq!(t("1.5", "!!int"), Err("yaml: cannot decode !!float `1.5` as a !!int".to_owned()));
        assert_eq!(
            t("18446744073709551615", "!!float"),
            Err("yaml: cannot decode !!int `18446744073709551615` as a !!float".to_owned())
        );
        assert_eq!(t("aGVsbG8=", "!!binary"), Ok(Scalar::String));
        assert_eq!(t("not base64", "!!binary"), Err("yaml: !!binary value contains invalid base64 data".to_owned()));
        assert_eq!(t("2001-12-14", "!!timestamp"), Ok(Scalar::String));
        assert_eq!(t("2001-12-14t21:59:43.10-05:00", "!!timestamp"), Ok(Scalar::String));
        assert!(t("2001-13-14", "!!timestamp").is_err());
        assert_eq!(dec("2001-12-14"), Ok(Scalar::String));
        assert_eq!(short_tag("tag:yaml.org,2002:str"), "!!str");
    }
}
