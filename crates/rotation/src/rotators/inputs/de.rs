//! A serde `Deserializer` over an evaluated [`Value`]: what lets each rotator read its
//! inputs into a `#[derive(Deserialize)]` struct.
//!
//! It knows where it is (the property path of the value it reads) and what the value is
//! (secret, unknown), so every error it returns is located at the input it concerns and
//! worded as rotators word them (`input database.port is required`): an error that a
//! `Deserialize` impl raises without a location (serde's `missing_field`, a range check)
//! is located by the innermost deserializer it passes through. Two wrapper types see the
//! flags serde has no words for, through names only this deserializer answers to:
//! [`super::MaybeSecret`] (a tuple struct of the flag and the value) and [`super::Known`]
//! (a newtype struct that reads an unknown value as `None`).

use std::fmt;

use serde::de::value::{BoolDeserializer, BorrowedStrDeserializer};
use serde::de::{self, DeserializeSeed, Expected, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor};

use escrot_esc::path::{join_index, join_key};
use escrot_esc::value::{Value, ValueRepr};

/// The name by which [`super::MaybeSecret`] asks for the secret flag with the value.
pub(super) const MAYBE_SECRET: &str = "$escrot::MaybeSecret";
/// The name by which [`super::Known`] asks for `None` when the value is unknown.
pub(super) const KNOWN: &str = "$escrot::Known";

/// A deserialization error. Those a `Deserialize` impl raises are not located yet; the
/// deserializer that sees one first turns it into [`Error::At`].
#[derive(Debug)]
pub(crate) enum Error {
    /// Located: the input's property path, and the whole message.
    At { path: String, message: String },
    /// What is wrong with the value, to follow `input PATH ` (`must not be empty`).
    Custom(String),
    /// A value refused for not being what was expected (`between 8 and 100`): the message
    /// shows the value when that is safe (see [`shown`]).
    Invalid(String),
    /// A field of the object that is not there.
    Missing(String),
    /// A field the object must not have.
    UnknownField(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::At { message, .. } | Error::Custom(message) => f.write_str(message),
            Error::Invalid(expected) => write!(f, "must be {expected}"),
            Error::Missing(field) => write!(f, "{field} is required"),
            Error::UnknownField(field) => write!(f, "{field} is not expected"),
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        Error::Custom(msg.to_string())
    }

    // serde's own wording quotes the value, which may be secret: these name what was
    // expected only.
    fn invalid_type(_: Unexpected<'_>, expected: &dyn Expected) -> Error {
        Error::Custom(format!("must be {expected}"))
    }

    fn invalid_value(_: Unexpected<'_>, expected: &dyn Expected) -> Error {
        Error::Invalid(expected.to_string())
    }

    fn invalid_length(_: usize, expected: &dyn Expected) -> Error {
        Error::Custom(format!("must be {expected}"))
    }

    fn unknown_variant(_: &str, expected: &'static [&'static str]) -> Error {
        Error::Custom(format!("must be one of {}", expected.join(", ")))
    }

    fn unknown_field(field: &str, _: &'static [&'static str]) -> Error {
        Error::UnknownField(field.to_owned())
    }

    fn missing_field(field: &'static str) -> Error {
        Error::Missing(field.to_owned())
    }
}

/// How messages name the value at `path`.
fn subject(path: &str) -> String {
    if path.is_empty() { "the inputs".to_owned() } else { format!("input {path}") }
}

/// The value, for a message about it: a number that is not secret is shown (` (got
/// 12.5)`); anything else is not (a string could be a credential written without
/// `fn::secret`).
fn shown(value: &Value, secret: bool) -> String {
    match &value.repr {
        ValueRepr::Number(n) if !secret => format!(" (got {})", n.as_str()),
        _ => String::new(),
    }
}

/// Reads one evaluated value; `path` and `secret` say where it is and whether it or
/// anything it is inside of is secret.
#[derive(Clone)]
pub(super) struct ValueDeserializer<'de> {
    value: &'de Value,
    path: String,
    secret: bool,
}

impl<'de> ValueDeserializer<'de> {
    /// The inputs themselves (an object at the empty path).
    pub(super) fn root(value: &'de Value) -> ValueDeserializer<'de> {
        ValueDeserializer { value, path: String::new(), secret: value.secret }
    }

    fn child(&self, path: String, value: &'de Value) -> ValueDeserializer<'de> {
        ValueDeserializer { value, path, secret: self.secret || value.secret }
    }

    /// An error about this value.
    fn fail(&self, what: &str) -> Error {
        Error::At { path: self.path.clone(), message: format!("{} {what}", subject(&self.path)) }
    }

    /// Locates an error raised about this value (already located ones pass through).
    pub(super) fn locate(&self, e: Error) -> Error {
        match e {
            Error::At { .. } => e,
            Error::Custom(what) => self.fail(&what),
            Error::Invalid(expected) => self.fail(&format!("must be {expected}{}", shown(self.value, self.secret))),
            Error::Missing(field) => {
                let path = join_key(&self.path, &field);
                Error::At { message: format!("{} is required", subject(&path)), path }
            }
            Error::UnknownField(field) => {
                let path = join_key(&self.path, &field);
                Error::At { message: format!("{} is not expected", subject(&path)), path }
            }
        }
    }

    /// The value, unless it is unknown.
    fn known(&self) -> Result<&'de ValueRepr, Error> {
        if self.value.unknown { Err(self.fail("is unknown")) } else { Ok(&self.value.repr) }
    }

    /// A whole number that fits as `u64` or `i64`, else an `f64` (the visitor decides what
    /// it accepts).
    fn visit_number<V: Visitor<'de>>(&self, f: f64, visitor: V) -> Result<V::Value, Error> {
        const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
        if f.is_finite() && f.fract() == 0.0 && (-TWO_POW_63..2.0 * TWO_POW_63).contains(&f) {
            if f >= 0.0 { visitor.visit_u64(f as u64) } else { visitor.visit_i64(f as i64) }
        } else {
            visitor.visit_f64(f)
        }
    }

    fn object<V: Visitor<'de>>(&self, fields: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        match self.known()? {
            ValueRepr::Object(o) => {
                // Declared fields first, in their order, so that the first problem reported
                // is the first in the struct; then the others, which serde skips.
                let mut entries: Vec<(&'de str, &'de Value)> =
                    fields.iter().filter_map(|f| o.get_key_value(*f)).map(|(k, v)| (k.as_str(), v)).collect();
                entries.extend(o.iter().filter(|(k, _)| !fields.contains(&k.as_str())).map(|(k, v)| (k.as_str(), v)));
                visitor.visit_map(Entries { parent: self, entries: entries.into_iter(), pending: None })
            }
            _ => Err(self.fail("must be an object")),
        }
    }

    fn array<V: Visitor<'de>>(&self, visitor: V) -> Result<V::Value, Error> {
        match self.known()? {
            ValueRepr::Array(items) => visitor.visit_seq(Items { parent: self, items: items.iter().enumerate() }),
            _ => Err(self.fail("must be an array")),
        }
    }
}

macro_rules! numbers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let r = match self.known()? {
                ValueRepr::Number(n) => self.visit_number(n.as_f64(), visitor),
                _ => Err(self.fail("must be a number")),
            };
            r.map_err(|e| self.locate(e))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for ValueDeserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = match self.known()? {
            ValueRepr::Null => visitor.visit_unit(),
            ValueRepr::Bool(b) => visitor.visit_bool(*b),
            ValueRepr::Number(n) => self.visit_number(n.as_f64(), visitor),
            ValueRepr::String(s) => visitor.visit_borrowed_str(s),
            ValueRepr::Array(_) => self.array(visitor),
            ValueRepr::Object(_) => self.object(&[], visitor),
        };
        r.map_err(|e| self.locate(e))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = match self.known()? {
            ValueRepr::Bool(b) => visitor.visit_bool(*b),
            _ => Err(self.fail("must be a boolean")),
        };
        r.map_err(|e| self.locate(e))
    }

    numbers!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8 deserialize_u16
        deserialize_u32 deserialize_u64 deserialize_f32 deserialize_f64);

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = match self.known()? {
            ValueRepr::String(s) => visitor.visit_borrowed_str(s),
            _ => Err(self.fail("must be a string")),
        };
        r.map_err(|e| self.locate(e))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    /// `null` is `None`; an unknown value is an error, not `None` (see [`super::Known`]).
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = match self.known()? {
            ValueRepr::Null => visitor.visit_none(),
            _ => visitor.visit_some(self.clone()),
        };
        r.map_err(|e| self.locate(e))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = match self.known()? {
            ValueRepr::Null => visitor.visit_unit(),
            _ => Err(self.fail("must be null")),
        };
        r.map_err(|e| self.locate(e))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, Error> {
        let r = if name == KNOWN && self.value.unknown {
            visitor.visit_none()
        } else {
            visitor.visit_newtype_struct(self.clone())
        };
        r.map_err(|e| self.locate(e))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.array(visitor).map_err(|e| self.locate(e))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name != MAYBE_SECRET {
            return self.deserialize_seq(visitor);
        }
        let r = visitor.visit_seq(FlagAndValue { flag: Some(self.secret), value: Some(self.clone()) });
        r.map_err(|e| self.locate(e))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.object(&[], visitor).map_err(|e| self.locate(e))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.object(fields, visitor).map_err(|e| self.locate(e))
    }

    /// A string names a unit variant.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let r = match self.known()? {
            ValueRepr::String(s) => visitor.visit_enum(IntoDeserializer::<Error>::into_deserializer(s.as_str())),
            _ => Err(self.fail("must be a string")),
        };
        r.map_err(|e| self.locate(e))
    }

    /// What a struct does not read is not looked at, known or not.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }
}

/// The entries of an object, each value read at its key's path.
struct Entries<'a, 'de> {
    parent: &'a ValueDeserializer<'de>,
    entries: std::vec::IntoIter<(&'de str, &'de Value)>,
    pending: Option<(&'de str, &'de Value)>,
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        self.pending = Some((key, value));
        seed.deserialize(BorrowedStrDeserializer::new(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some((key, value)) = self.pending.take() else {
            return Err(Error::Custom("has a value without a key".to_owned()));
        };
        let child = self.parent.child(join_key(&self.parent.path, key), value);
        // What a `Deserialize` impl refuses after reading the value is about this entry.
        seed.deserialize(child.clone()).map_err(|e| child.locate(e))
    }
}

/// The items of an array, each read at its index's path.
struct Items<'a, 'de> {
    parent: &'a ValueDeserializer<'de>,
    items: std::iter::Enumerate<std::slice::Iter<'de, Value>>,
}

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        let Some((i, value)) = self.items.next() else { return Ok(None) };
        let child = self.parent.child(join_index(&self.parent.path, i), value);
        seed.deserialize(child.clone()).map(Some).map_err(|e| child.locate(e))
    }
}

/// What [`super::MaybeSecret`] reads: whether the value is secret, then the value.
struct FlagAndValue<'de> {
    flag: Option<bool>,
    value: Option<ValueDeserializer<'de>>,
}

impl<'de> SeqAccess<'de> for FlagAndValue<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if let Some(secret) = self.flag.take() {
            return seed.deserialize(BoolDeserializer::new(secret)).map(Some);
        }
        self.value.take().map(|value| seed.deserialize(value)).transpose()
    }
}
