//! Numbers as ESC's validator sees them: Go's `big.Float` at its default 64-bit precision.
//!
//! ESC parses both the value and the bound (`big.ParseFloat(text, 10, 0, ToNearestEven)`) and
//! compares the rounded results, and decides `multipleOf` by rounding the quotient to 64 bits
//! and asking whether it is an integer. So in ESC `0.3` is a multiple of `0.1` (an `f64` says
//! no) but `0.9` is not a multiple of `0.3` (exact decimals say yes).
//! Only what the validator needs is here: parse, compare, "is `n / m` an integer".
//!
//! Parsing is exact (the decimal is rounded once, to nearest even), as Go's is whenever the
//! decimal exponent is within ±55 (Go multiplies by a 128-bit `5^k`, which is exact up to
//! there). Beyond that Go's result may differ in the last bit; such schemas don't occur.

use std::cmp::Ordering;

/// Mantissa bits, as Go's default `big.Float` precision.
const PREC: u32 = 64;

/// Decimal exponents beyond this are clamped before exact arithmetic, so a hostile
/// `1e999999999` costs nothing; values that large or small compare by magnitude alone.
const MAX_DECIMAL_EXP: i64 = 4000;

/// A finite or infinite binary float with a 64-bit mantissa.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BigFloat {
    Zero {
        neg: bool,
    },
    /// `mant * 2^exp`, `mant` normalized (top bit set).
    Finite {
        neg: bool,
        mant: u64,
        exp: i64,
    },
    Inf {
        neg: bool,
    },
}

impl BigFloat {
    /// Parses a base-10 number as Go's `big.ParseFloat(s, 10, 0, big.ToNearestEven)` does:
    /// optional sign, digits with an optional point, optional `e`/`E` exponent, or `Inf`.
    pub(crate) fn parse(text: &str) -> Result<BigFloat, String> {
        let (neg, rest) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        if rest == "Inf" || rest == "inf" {
            return Ok(BigFloat::Inf { neg });
        }
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(i) => (&rest[..i], Some(&rest[i + 1..])),
            None => (rest, None),
        };
        let (int_part, frac_part) = match mantissa.find('.') {
            Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
            None => (mantissa, ""),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int_part.is_empty() && frac_part.is_empty() {
            return Err("number has no digits".into());
        }
        if !all_digits(int_part) || !all_digits(frac_part) {
            return Err(format!("invalid number {text:?}"));
        }
        let mut exp10: i64 = 0;
        if let Some(e) = exponent {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !all_digits(digits) {
                return Err(format!("invalid exponent in {text:?}"));
            }
            // Saturate: anything past the clamp behaves the same.
            let magnitude = digits.bytes().fold(0i64, |acc, b| (acc * 10 + i64::from(b - b'0')).min(i64::MAX / 100));
            exp10 = if e.starts_with('-') { -magnitude } else { magnitude };
        }

        let digits = format!("{int_part}{frac_part}");
        let digits = digits.trim_start_matches('0');
        if digits.is_empty() {
            return Ok(BigFloat::Zero { neg });
        }
        // Trailing zeros only shift the decimal exponent; dropping them keeps the numbers small.
        let trimmed = digits.trim_end_matches('0');
        let exp10 = exp10
            .saturating_sub(frac_part.len() as i64)
            .saturating_add((digits.len() - trimmed.len()) as i64)
            .clamp(-MAX_DECIMAL_EXP, MAX_DECIMAL_EXP);

        let mut num = Nat::from_decimal(trimmed);
        let mut den = Nat::from_u64(1);
        if exp10 >= 0 {
            num.mul_pow10(exp10 as u32);
        } else {
            den.mul_pow10((-exp10) as u32);
        }
        let (mant, exp) = round_quotient(&num, &den);
        Ok(BigFloat::Finite { neg, mant, exp })
    }

    /// Compares as Go's `Float.Cmp` (`-0 == +0`).
    pub(crate) fn cmp(&self, other: &BigFloat) -> Ordering {
        // Order by a signed "class" first: -Inf < finite negatives < 0 < positives < +Inf.
        fn class(x: &BigFloat) -> i8 {
            match *x {
                BigFloat::Inf { neg: true } => -2,
                BigFloat::Finite { neg: true, .. } => -1,
                BigFloat::Zero { .. } => 0,
                BigFloat::Finite { neg: false, .. } => 1,
                BigFloat::Inf { neg: false } => 2,
            }
        }
        match class(self).cmp(&class(other)) {
            Ordering::Equal => {}
            unequal => return unequal,
        }
        match (self, other) {
            (BigFloat::Finite { neg, mant: m1, exp: e1 }, BigFloat::Finite { mant: m2, exp: e2, .. }) => {
                let magnitude = e1.cmp(e2).then(m1.cmp(m2));
                if *neg { magnitude.reverse() } else { magnitude }
            }
            _ => Ordering::Equal,
        }
    }

    /// Whether `self / divisor`, rounded to 64 bits, is an integer (Go's
    /// `new(big.Float).Quo(n, m).IsInt()`). Go panics on `0/0` and `Inf/Inf`; those are
    /// simply "not a multiple" here.
    pub(crate) fn quotient_is_int(&self, divisor: &BigFloat) -> bool {
        match (self, divisor) {
            (BigFloat::Zero { .. }, BigFloat::Zero { .. }) => false,
            (BigFloat::Inf { .. }, BigFloat::Inf { .. }) => false,
            (BigFloat::Zero { .. }, _) => true,
            (BigFloat::Inf { .. }, _) | (_, BigFloat::Zero { .. }) => false,
            // A finite number over infinity is zero.
            (BigFloat::Finite { .. }, BigFloat::Inf { .. }) => true,
            (BigFloat::Finite { mant: m1, exp: e1, .. }, BigFloat::Finite { mant: m2, exp: e2, .. }) => {
                let (mant, exp) = round_quotient(&Nat::from_u64(*m1), &Nat::from_u64(*m2));
                let exp = exp + e1 - e2;
                if exp >= 0 {
                    true
                } else if exp <= -i64::from(PREC) {
                    false
                } else {
                    mant & ((1u64 << (-exp)) - 1) == 0
                }
            }
        }
    }
}

/// Rounds `num / den` (both non-zero) to a 64-bit mantissa, to nearest even:
/// returns `(mant, exp)` with `mant` normalized and `num / den ≈ mant * 2^exp`.
fn round_quotient(num: &Nat, den: &Nat) -> (u64, i64) {
    // Scale so that the integer quotient has 65 or 66 bits: 64 kept, at least one to round
    // with, and the remainder as the sticky bit.
    let shift = 65 - (num.bit_len() as i64 - den.bit_len() as i64);
    let (mut n, mut d) = (num.clone(), den.clone());
    if shift >= 0 {
        n.shl(shift as u64);
    } else {
        d.shl((-shift) as u64);
    }
    let (q, rem_nonzero) = n.div_small_quotient(&d);
    let q_bits = 128 - q.leading_zeros() as i64;
    let drop = q_bits - i64::from(PREC);
    let mut mant = (q >> drop) as u64;
    let half = 1u128 << (drop - 1);
    let dropped = q & ((1u128 << drop) - 1);
    let round_up = dropped > half || (dropped == half && (rem_nonzero || mant & 1 == 1));
    let mut exp = drop - shift;
    if round_up {
        match mant.checked_add(1) {
            Some(m) => mant = m,
            None => {
                mant = 1 << (PREC - 1);
                exp += 1;
            }
        }
    }
    (mant, exp)
}

/// Just enough of an arbitrary-precision natural number (little-endian base 2^32 limbs)
/// to round decimals exactly.
#[derive(Clone, Debug)]
struct Nat(Vec<u32>);

impl Nat {
    fn from_u64(v: u64) -> Nat {
        let mut n = Nat(vec![v as u32, (v >> 32) as u32]);
        n.trim();
        n
    }

    fn from_decimal(digits: &str) -> Nat {
        let mut n = Nat(Vec::new());
        for chunk in digits.as_bytes().chunks(9) {
            let value = chunk.iter().fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
            n.mul_add_small(10u32.pow(chunk.len() as u32), value);
        }
        n
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn mul_add_small(&mut self, factor: u32, addend: u32) {
        let mut carry = u64::from(addend);
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(factor) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry != 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut k: u32) {
        while k > 0 {
            let step = k.min(9);
            self.mul_add_small(10u32.pow(step), 0);
            k -= step;
        }
    }

    fn bit_len(&self) -> u64 {
        match self.0.last() {
            None => 0,
            Some(top) => (self.0.len() as u64 - 1) * 32 + u64::from(32 - top.leading_zeros()),
        }
    }

    fn shl(&mut self, bits: u64) {
        let (limbs, bits) = ((bits / 32) as usize, (bits % 32) as u32);
        if bits != 0 {
            let mut carry = 0u32;
            for limb in &mut self.0 {
                let v = (u64::from(*limb) << bits) | u64::from(carry);
                *limb = v as u32;
                carry = (v >> 32) as u32;
            }
            if carry != 0 {
                self.0.push(carry);
            }
        }
        if limbs != 0 {
            self.0.splice(0..0, std::iter::repeat_n(0, limbs));
        }
    }

    fn cmp_shifted(&self, other: &Nat, shift: u32) -> Ordering {
        let mut shifted = other.clone();
        shifted.shl(u64::from(shift));
        self.cmp_nat(&shifted)
    }

    fn cmp_nat(&self, other: &Nat) -> Ordering {
        self.0.len().cmp(&other.0.len()).then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }

    fn sub_assign(&mut self, other: &Nat) {
        let mut borrow = 0i64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let v = i64::from(*limb) - i64::from(other.0.get(i).copied().unwrap_or(0)) - borrow;
            borrow = i64::from(v < 0);
            *limb = v.rem_euclid(1 << 32) as u32;
        }
        self.trim();
    }

    /// `self / d` for a quotient known to be below 2^67 (shift-subtract long division), and
    /// whether a remainder is left.
    fn div_small_quotient(mut self, d: &Nat) -> (u128, bool) {
        let mut q = 0u128;
        for bit in (0..67u32).rev() {
            if self.cmp_shifted(d, bit) != Ordering::Less {
                let mut shifted = d.clone();
                shifted.shl(u64::from(bit));
                self.sub_assign(&shifted);
                q |= 1 << bit;
            }
        }
        (q, !self.0.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> BigFloat {
        BigFloat::parse(s).expect("valid number")
    }

    #[test]
    fn parses_and_compares() {
        assert_eq!(f("1").cmp(&f("1.0")), Ordering::Equal);
        assert_eq!(f("1e2").cmp(&f("100")), Ordering::Equal);
        assert_eq!(f("0").cmp(&f("-0")), Ordering::Equal);
        assert_eq!(f("-1").cmp(&f("0")), Ordering::Less);
        assert_eq!(f("-2").cmp(&f("-1")), Ordering::Less);
        assert_eq!(f("3.14").cmp(&f("3.15")), Ordering::Less);
        assert_eq!(f("1e-400").cmp(&f("0")), Ordering::Greater);
        assert_eq!(f(".5").cmp(&f("0.5")), Ordering::Equal);
        assert_eq!(f("Inf").cmp(&f("1e999999999999")), Ordering::Greater);
        assert!(BigFloat::parse("").is_err());
        assert!(BigFloat::parse("1e").is_err());
        assert!(BigFloat::parse("abc").is_err());
        // 2^64 + 1 rounds to 2^64 at 64 bits, as in Go.
        assert_eq!(f("18446744073709551617").cmp(&f("18446744073709551616")), Ordering::Equal);
    }

    #[test]
    fn multiples() {
        assert!(f("4").quotient_is_int(&f("2")));
        assert!(!f("3.14").quotient_is_int(&f("2")));
        assert!(f("3").quotient_is_int(&f("1.5")));
        assert!(f("0").quotient_is_int(&f("7")));
        assert!(!f("1").quotient_is_int(&f("0")));
        assert!(f("-6").quotient_is_int(&f("3")));
        // At 64 bits 0.3 / 0.1 rounds to exactly 3, but 0.9 / 0.3 does not (as in Go).
        assert!(f("0.3").quotient_is_int(&f("0.1")));
        assert!(!f("0.9").quotient_is_int(&f("0.3")));
        assert!(!f("0.09").quotient_is_int(&f("0.01")));
        assert!(f("0.5").quotient_is_int(&f("0.25")));
    }
}
