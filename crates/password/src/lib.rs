//! escrot's password generator, shared by the `password` rotator (whose inputs choose the
//! classes) and the rotation connector's Secrets Manager rotation (whose environment
//! variables do, as `GetRandomPassword`'s parameters): character classes, each with a
//! least number of characters, and the rest drawn from the union of the classes, then
//! shuffled. Every draw is uniform, from a CSPRNG seeded by the operating system
//! ([`secure_rng`]).
//!
//! Only rand: what callers read their settings from, and how they word a refusal, is theirs.

use std::fmt;

use rand::SeedableRng;
use rand::rngs::{StdRng, SysRng};
use rand::seq::{IndexedRandom, SliceRandom};

/// One character class: the characters a password may draw from it, and how many it must
/// hold at least.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Class {
    /// What the class is called in the caller's settings (`lower`, `special`…).
    pub name: &'static str,
    pub min: usize,
    /// Distinct characters, in their first order.
    pub chars: Vec<char>,
}

impl Class {
    /// A class of `chars`, each kept once: a character repeated is not more likely than
    /// the others.
    pub fn new(name: &'static str, min: usize, chars: impl IntoIterator<Item = char>) -> Class {
        Class { name, min, chars: distinct(chars) }
    }
}

/// What a [`Spec`] cannot be made of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpecError {
    /// No class, or only empty ones: nothing to draw from.
    NoCharacters,
    /// A class that must contribute characters has none.
    EmptyClass(&'static str),
    /// The classes' minimums add up to more than the length.
    MinimumsExceedLength { total: usize, length: usize },
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecError::NoCharacters => f.write_str("no characters to draw a password from"),
            SpecError::EmptyClass(name) => write!(f, "the {name} characters are required but there are none"),
            SpecError::MinimumsExceedLength { total, length } => {
                write!(f, "the minimums add up to {total}, more than the length {length}")
            }
        }
    }
}

impl std::error::Error for SpecError {}

/// A password request that [`Spec::generate`] can always meet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    pub length: usize,
    /// The classes drawn from, each non-empty.
    pub classes: Vec<Class>,
    /// The distinct characters of all classes: the fill alphabet. Deduplicated so that a
    /// character two classes share is not more likely than the others.
    pub union: Vec<char>,
}

impl Spec {
    /// A request for `length` characters from `classes`. Empty classes with no minimum are
    /// left out; an empty class with a minimum, no characters at all, or minimums over the
    /// length are refused.
    pub fn new(length: usize, classes: Vec<Class>) -> Result<Spec, SpecError> {
        if let Some(c) = classes.iter().find(|c| c.chars.is_empty() && c.min > 0) {
            return Err(SpecError::EmptyClass(c.name));
        }
        let classes: Vec<Class> = classes.into_iter().filter(|c| !c.chars.is_empty()).collect();
        let union = distinct(classes.iter().flat_map(|c| c.chars.iter().copied()));
        if union.is_empty() {
            return Err(SpecError::NoCharacters);
        }
        let total: usize = classes.iter().map(|c| c.min).sum();
        if total > length {
            return Err(SpecError::MinimumsExceedLength { total, length });
        }
        Ok(Spec { length, classes, union })
    }

    /// A password: each class's minimum drawn from that class, the rest from the union of
    /// the classes, then shuffled so the guaranteed characters are not at the front. Every
    /// draw is uniform.
    pub fn generate<R: rand::CryptoRng + ?Sized>(&self, rng: &mut R) -> String {
        let mut out: Vec<char> = Vec::with_capacity(self.length);
        for class in &self.classes {
            out.extend((0..class.min).filter_map(|_| class.chars.choose(rng).copied()));
        }
        while out.len() < self.length {
            match self.union.choose(rng).copied() {
                Some(c) => out.push(c),
                None => break, // unreachable: `new` guarantees a non-empty union
            }
        }
        out.shuffle(rng);
        out.into_iter().collect()
    }
}

/// A cryptographically secure RNG, freshly keyed with 256 bits from the operating system.
///
/// Why not draw from the OS directly: `SysRng` is fallible (`TryRng`), while rand's uniform
/// sampling needs an infallible RNG, and the only infallible wrapper (`UnwrapErr`) panics
/// when the OS fails. Keying a ChaCha-based `StdRng` (a CSPRNG) once per password (or
/// rotation) keeps the failure an error and costs one system call.
pub fn secure_rng() -> Result<StdRng, String> {
    StdRng::try_from_rng(&mut SysRng)
        .map_err(|e| format!("cannot read the operating system's random number generator: {e}"))
}

fn distinct(chars: impl IntoIterator<Item = char>) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in chars {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals() {
        let digits = || Class::new("digits", 0, '0'..='9');
        assert_eq!(Spec::new(8, vec![]), Err(SpecError::NoCharacters));
        assert_eq!(Spec::new(8, vec![Class::new("none", 1, [])]), Err(SpecError::EmptyClass("none")));
        assert_eq!(
            Spec::new(2, vec![Class { min: 3, ..digits() }]),
            Err(SpecError::MinimumsExceedLength { total: 3, length: 2 })
        );
        let spec = Spec::new(4, vec![digits(), Class::new("empty", 0, [])]).expect("valid");
        assert_eq!(spec.classes.len(), 1, "an empty class without a minimum is left out");
    }

    #[test]
    fn minimums_are_met_and_characters_come_from_the_classes() {
        let spec =
            Spec::new(6, vec![Class::new("a", 3, ['a', 'a', 'b']), Class::new("digits", 3, '0'..='9')]).expect("valid");
        assert_eq!(spec.classes[0].chars, ['a', 'b']);
        let mut rng = secure_rng().expect("the OS RNG");
        for _ in 0..100 {
            let pw = spec.generate(&mut rng);
            assert_eq!(pw.chars().count(), 6);
            assert_eq!(pw.chars().filter(char::is_ascii_digit).count(), 3, "{pw}");
        }
    }
}
