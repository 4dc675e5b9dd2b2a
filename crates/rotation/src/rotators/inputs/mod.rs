//! A rotator's (or a provider's) inputs, read into its own `#[derive(Deserialize)]` struct with [`read`].
//!
//! The evaluator validates inputs against the rotator's schema before a rotator sees them,
//! but they are still read defensively: the rotation engine may call a step with inputs it
//! evaluated itself, and a rotator must never generate a weaker secret than asked for, or
//! reach another user, because an input was silently misread. So a value of the wrong
//! type, an unknown value or a missing required field is an error, located at the input it
//! concerns (`input database.port is required`), never a default.
//!
//! What serde has no words for is carried by two wrappers: [`MaybeSecret`] (whether an
//! input is secret, so that a secret user name stays secret in messages and states) and
//! [`Known`] (an input that may not be known yet, for `validate`). Unknown fields are
//! ignored, as the schemas allow them.

mod de;

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, Error as _, SeqAccess, Unexpected, Visitor};
use serde::{Deserialize, Deserializer};

use super::RotateError;
use de::ValueDeserializer;
use escrot_esc::provider::InputProblem;
use escrot_esc::value::Value;

/// The inputs of a `fn::rotate` node.
pub(crate) type Inputs = BTreeMap<String, Value>;

/// Why inputs could not be read: the input's property path (`database.port`, empty for
/// the inputs as a whole), and a message that names it and never holds a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct InputError {
    pub(crate) path: String,
    pub(crate) message: String,
}

impl From<InputError> for RotateError {
    fn from(e: InputError) -> RotateError {
        RotateError::new(e.message)
    }
}

impl From<InputError> for InputProblem {
    fn from(e: InputError) -> InputProblem {
        InputProblem::at(&e.path, e.message)
    }
}

/// Reads the inputs into `T`; the first problem found, in `T`'s field order, is the error.
pub(crate) fn read<T: DeserializeOwned>(inputs: &Inputs) -> Result<T, InputError> {
    let root = Value::object(inputs.clone());
    let de = ValueDeserializer::root(&root);
    T::deserialize(de.clone()).map_err(|e| match de.locate(e) {
        de::Error::At { path, message } => InputError { path, message },
        other => InputError { path: String::new(), message: other.to_string() },
    })
}

/// An input with whether it is secret: it is when it, or an object it is in, is.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct MaybeSecret<T> {
    pub(crate) value: T,
    pub(crate) secret: bool,
}

impl<T: fmt::Debug> fmt::Debug for MaybeSecret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.secret { f.write_str("[secret]") } else { self.value.fmt(f) }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for MaybeSecret<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FlagThenValue<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for FlagThenValue<T> {
            type Value = MaybeSecret<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<MaybeSecret<T>, A::Error> {
                let secret = seq.next_element()?.ok_or_else(|| A::Error::invalid_length(0, &self))?;
                let value = seq.next_element()?.ok_or_else(|| A::Error::invalid_length(1, &self))?;
                Ok(MaybeSecret { value, secret })
            }
        }
        deserializer.deserialize_tuple_struct(de::MAYBE_SECRET, 2, FlagThenValue(PhantomData))
    }
}

/// An input that may not be known yet (a rotate-only input outside a rotation, a
/// provider's output in a check): `None` then, and with `#[serde(default)]` when absent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Known<T>(pub(crate) Option<T>);

impl<T> Default for Known<T> {
    fn default() -> Self {
        Known(None)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Known<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IfKnown<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for IfKnown<T> {
            type Value = Known<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value")
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Known<T>, E> {
                Ok(Known(None))
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Known<T>, D::Error> {
                T::deserialize(d).map(|v| Known(Some(v)))
            }
        }
        deserializer.deserialize_newtype_struct(de::KNOWN, IfKnown(PhantomData))
    }
}

/// A string input that must not be empty (a host, a user name).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct NonEmpty(pub(crate) String);

impl<'de> Deserialize<'de> for NonEmpty {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        if s.is_empty() { Err(D::Error::custom("must not be empty")) } else { Ok(NonEmpty(s)) }
    }
}

/// A whole-number input from `MIN` to `MAX`, `DEFAULT` when absent (with
/// `#[serde(default)]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Bounded<const MIN: u64, const MAX: u64, const DEFAULT: u64>(pub(crate) u64);

impl<const MIN: u64, const MAX: u64, const DEFAULT: u64> Default for Bounded<MIN, MAX, DEFAULT> {
    fn default() -> Self {
        Bounded(DEFAULT)
    }
}

impl<'de, const MIN: u64, const MAX: u64, const DEFAULT: u64> Deserialize<'de> for Bounded<MIN, MAX, DEFAULT> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InRange<const MIN: u64, const MAX: u64>;
        impl<const MIN: u64, const MAX: u64> InRange<MIN, MAX> {
            fn out_of_range<E: serde::de::Error>(unexpected: Unexpected<'_>) -> E {
                E::invalid_value(unexpected, &format!("between {MIN} and {MAX}").as_str())
            }
        }
        impl<const MIN: u64, const MAX: u64> Visitor<'_> for InRange<MIN, MAX> {
            type Value = u64;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<u64, E> {
                if (MIN..=MAX).contains(&n) { Ok(n) } else { Err(Self::out_of_range(Unexpected::Unsigned(n))) }
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<u64, E> {
                match u64::try_from(n) {
                    Ok(n) => self.visit_u64(n),
                    Err(_) => Err(Self::out_of_range(Unexpected::Signed(n))),
                }
            }
            /// A number that is not a whole one, or too large for `u64`.
            fn visit_f64<E: serde::de::Error>(self, f: f64) -> Result<u64, E> {
                if f.is_finite() && f.fract() == 0.0 {
                    Err(Self::out_of_range(Unexpected::Float(f)))
                } else {
                    Err(E::invalid_value(Unexpected::Float(f), &"a whole number"))
                }
            }
        }
        deserializer.deserialize_u64(InRange::<MIN, MAX>).map(Bounded)
    }
}

#[cfg(test)]
mod tests;
