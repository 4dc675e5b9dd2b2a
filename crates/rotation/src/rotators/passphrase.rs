//! `fn::rotate::passphrase`: a new passphrase of random words each rotation, e.g.
//! `Apple_Tiger_Lamp`. No external system is touched.
//!
//! Words come from the EFF large word list (7,776 words, 12.9 bits each: 5 words ≈ 64.6
//! bits). ESC does not document its list; the EFF one is the usual choice, made for
//! passphrases (no offensive or easily confused words). Four of its words hold a hyphen
//! (`t-shirt`), which the default separator makes look like two words: harmless, as the
//! entropy is that of the draw, not of how the result reads.

use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use serde::Deserialize;

use super::common::Generator;
use super::inputs::{self, Bounded, Inputs};
use super::{Result, RotateError};
use escrot_esc::schema::Schema;

const MIN_WORDS: u64 = 3;
const MAX_WORDS: u64 = 15;
const DEFAULT_WORDS: u64 = 5;
const DEFAULT_SEPARATOR: &str = "-";

/// The word list, as (dice roll, word). One function, so that the list's source can
/// change in one place.
/// The EFF large word list (7,776 words; © Electronic Frontier Foundation, CC BY 3.0 US,
/// see NOTICE), one word per line.
const EFF_LARGE_WORDLIST: &str = include_str!("eff_large_wordlist.txt");

fn word_list() -> &'static [&'static str] {
    static WORDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| EFF_LARGE_WORDLIST.lines().collect())
}

/// The `passphrase` rotator.
#[derive(Clone, Copy, Debug, Default)]
pub struct Passphrase;

/// The inputs, in the order they are checked.
#[derive(Deserialize)]
struct PassphraseInputs {
    #[serde(default)]
    length: Bounded<MIN_WORDS, MAX_WORDS, DEFAULT_WORDS>,
    #[serde(default = "default_separator")]
    separator: String,
    #[serde(default)]
    capitalize: bool,
}

fn default_separator() -> String {
    DEFAULT_SEPARATOR.to_owned()
}

/// A validated passphrase request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Spec {
    words: usize,
    separator: char,
    capitalize: bool,
}

impl Spec {
    pub(crate) fn from_inputs(inputs: &Inputs) -> Result<Spec> {
        let given: PassphraseInputs = inputs::read(inputs)?;
        let mut chars = given.separator.chars();
        let (Some(separator), None) = (chars.next(), chars.next()) else {
            return Err(RotateError::new("input separator must be exactly one character"));
        };
        if separator.is_control() {
            return Err(RotateError::new("input separator must not be a control character"));
        }
        let words = usize::try_from(given.length.0).unwrap_or(usize::MAX);
        Ok(Spec { words, separator, capitalize: given.capitalize })
    }

    /// Draws each word uniformly and independently from the list (repeats allowed, as
    /// diceware does: excluding them would only lower the entropy).
    pub(crate) fn generate<R: rand::CryptoRng + ?Sized>(&self, rng: &mut R) -> String {
        let list = word_list();
        let mut out = String::new();
        for i in 0..self.words {
            let Some(word) = list.choose(rng).copied() else { break };
            if i > 0 {
                out.push(self.separator);
            }
            if self.capitalize {
                let mut cs = word.chars();
                if let Some(first) = cs.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(cs.as_str());
                }
            } else {
                out.push_str(word);
            }
        }
        out
    }
}

impl Generator for Passphrase {
    const WHAT: &'static str = "passphrase";

    fn input_schema(&self) -> Schema {
        Schema::object().properties([
            (
                "length",
                Schema::number()
                    .minimum(MIN_WORDS)
                    .maximum(MAX_WORDS)
                    .multiple_of(1)
                    .default_value(DEFAULT_WORDS)
                    .description("The number of words."),
            ),
            (
                // ESC's validator counts bytes, so a one-character non-ASCII separator
                // would fail `maxLength: 1`; the bound is ESC's, kept for parity.
                "separator",
                Schema::string()
                    .min_length(1)
                    .max_length(1)
                    .default_value(DEFAULT_SEPARATOR)
                    .description("The character between words."),
            ),
            ("capitalize", Schema::boolean().default_value(false).description("Whether to capitalize each word.")),
        ])
    }

    fn generate(&self, inputs: &Inputs, rng: &mut StdRng) -> Result<String> {
        Ok(Spec::from_inputs(inputs)?.generate(rng))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rotators::{RotationRequest, Rotator};
    use escrot_esc::syntax::Number;
    use escrot_esc::value::Value;
    use escrot_esc::value::ValueRepr;
    use proptest::prelude::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;
    use std::collections::HashSet;

    fn words() -> impl Iterator<Item = &'static str> {
        word_list().iter().copied()
    }

    fn inputs(length: Option<u64>, separator: Option<&str>, capitalize: Option<bool>) -> Inputs {
        let mut i = Inputs::new();
        if let Some(n) = length {
            i.insert("length".into(), Value::new(ValueRepr::Number(Number(n.to_string()))));
        }
        if let Some(s) = separator {
            i.insert("separator".into(), Value::string(s));
        }
        if let Some(b) = capitalize {
            i.insert("capitalize".into(), Value::new(ValueRepr::Bool(b)));
        }
        i
    }

    fn error(i: Inputs) -> String {
        Spec::from_inputs(&i).err().map(|e| e.message).unwrap_or_default()
    }

    #[test]
    fn the_list_is_the_eff_large_list() {
        assert_eq!(word_list().len(), 7776);
        assert_eq!(words().collect::<HashSet<_>>().len(), 7776);
        assert!(words().all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
    }

    #[test]
    fn defaults() {
        let spec = Spec::from_inputs(&Inputs::new()).expect("valid");
        assert_eq!(spec, Spec { words: 5, separator: '-', capitalize: false });
    }

    #[test]
    fn invalid_inputs() {
        assert_eq!(error(inputs(Some(2), None, None)), "input length must be between 3 and 15 (got 2)");
        assert_eq!(error(inputs(Some(16), None, None)), "input length must be between 3 and 15 (got 16)");
        assert_eq!(error(inputs(None, Some(""), None)), "input separator must be exactly one character");
        assert_eq!(error(inputs(None, Some("--"), None)), "input separator must be exactly one character");
        assert_eq!(error(inputs(None, Some("\t"), None)), "input separator must not be a control character");
        assert_eq!(error(inputs(None, Some("·"), None)), "");
    }

    #[tokio::test]
    async fn state_shape() {
        let req = |state| RotationRequest {
            environment: "e".into(),
            path: "p".into(),
            inputs: Inputs::new(),
            state,
            ..Default::default()
        };
        let first = Passphrase.create(&req(None)).await.expect("created").new_state;
        let o = first.as_object().expect("an object");
        assert_eq!(o.keys().collect::<Vec<_>>(), ["current"]);
        assert!(o["current"].secret);
        let second = Passphrase.create(&req(Some(first.clone()))).await.expect("created").new_state;
        let o2 = second.as_object().expect("an object");
        assert!(o2["current"].secret && o2["previous"].secret);
        assert_eq!(o2["previous"].as_str(), o["current"].as_str());
    }

    #[test]
    fn distinct() {
        let spec = Spec::from_inputs(&Inputs::new()).expect("valid");
        let mut rng = crate::rotators::common::secure_rng().expect("the OS RNG");
        let seen: HashSet<String> = (0..1000).map(|_| spec.generate(&mut rng)).collect();
        assert_eq!(seen.len(), 1000);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn passphrases_honour_the_inputs(
            length in 3u64..=15,
            separator in "[_ .:+=/|0-9]",
            capitalize in any::<bool>(),
            seed in any::<u64>(),
        ) {
            let spec = Spec::from_inputs(&inputs(Some(length), Some(&separator), Some(capitalize)))
                .map_err(|e| TestCaseError::fail(e.message))?;
            let phrase = spec.generate(&mut StdRng::seed_from_u64(seed));
            let list: HashSet<&str> = words().collect();
            let parts: Vec<&str> = phrase.split(separator.as_str()).collect();
            prop_assert_eq!(parts.len() as u64, length);
            for part in parts {
                let first = part.chars().next().unwrap_or_default();
                prop_assert_eq!(first.is_ascii_uppercase(), capitalize, "{}", part);
                prop_assert!(list.contains(part.to_lowercase().as_str()), "{} is not a list word", part);
            }
        }
    }
}
