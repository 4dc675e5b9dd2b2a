//! `fn::rotate::password`: a new random password each rotation. A [`Generator`]: no
//! external system is touched, so generating is the whole rotation. The generator itself
//! (classes with minimums, a uniform draw, the shuffle) is `escrot-password`'s; this reads
//! and checks the inputs.

use rand::rngs::StdRng;
use serde::Deserialize;

use super::common::Generator;
use super::inputs::{self, Bounded, Inputs};
use super::{Result, RotateError};
use escrot_esc::provider::InputProblem;
use escrot_esc::schema::Schema;

/// The special characters used unless `overrideSpecial` says otherwise (ESC's default).
pub const DEFAULT_SPECIAL: &str = "!@#$%&*()-_=+[]{}<>:?";

const MIN_LENGTH: u64 = 8;
const MAX_LENGTH: u64 = 100;
const DEFAULT_LENGTH: u64 = 16;
const MAX_MIN: u64 = 100;

/// The `password` rotator.
#[derive(Clone, Copy, Debug, Default)]
pub struct Password;

/// A character class's least number of characters.
type Minimum = Bounded<0, MAX_MIN, 0>;

/// The inputs, in the order they are checked (the first problem is the one reported).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PasswordInputs {
    #[serde(default)]
    length: Bounded<MIN_LENGTH, MAX_LENGTH, DEFAULT_LENGTH>,
    #[serde(default = "default_special")]
    override_special: String,
    #[serde(default = "enabled")]
    lower: bool,
    #[serde(default)]
    min_lower: Minimum,
    #[serde(default = "enabled")]
    upper: bool,
    #[serde(default)]
    min_upper: Minimum,
    #[serde(default = "enabled")]
    numeric: bool,
    #[serde(default)]
    min_numeric: Minimum,
    #[serde(default = "enabled")]
    special: bool,
    #[serde(default)]
    min_special: Minimum,
}

fn default_special() -> String {
    DEFAULT_SPECIAL.to_owned()
}

/// Every character class is used unless switched off.
fn enabled() -> bool {
    true
}

/// One character class as the inputs give it: its switch, its minimum, and its characters.
struct ClassInput {
    /// The input that enables it (`lower`), for messages.
    name: &'static str,
    /// The input that sets its minimum (`minLower`), for messages.
    min_name: &'static str,
    enabled: bool,
    min: usize,
    chars: Vec<char>,
}

/// A validated password request: `escrot-password`'s, made from the inputs (so that it
/// reads as one: `spec.length`, `spec.generate(rng)`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Spec(escrot_password::Spec);

impl std::ops::Deref for Spec {
    type Target = escrot_password::Spec;
    fn deref(&self) -> &escrot_password::Spec {
        &self.0
    }
}

impl Spec {
    /// Reads and checks the inputs. Messages name the inputs and numbers involved, never
    /// a generated value.
    pub(crate) fn from_inputs(inputs: &Inputs) -> Result<Spec> {
        Spec::checked(inputs).map_err(|p| RotateError::new(p.message))
    }

    /// What is wrong with the inputs, when they are all known (a check may see unknown
    /// ones: the rotation will look again).
    pub(crate) fn problems(inputs: &Inputs) -> Vec<InputProblem> {
        if inputs.values().any(|v| v.unknown) {
            return Vec::new();
        }
        Spec::checked(inputs).err().into_iter().collect()
    }

    /// [`Spec::from_inputs`], its error located at the input it is about (the inputs as a
    /// whole for the minimums' sum when `length` is not given).
    fn checked(inputs: &Inputs) -> std::result::Result<Spec, InputProblem> {
        let given: PasswordInputs = inputs::read(inputs)?;
        let special = given.override_special;
        if special.chars().any(char::is_control) {
            return Err(InputProblem::at("overrideSpecial", "overrideSpecial must not contain control characters"));
        }
        let table: [(&'static str, &'static str, bool, Minimum, Vec<char>); 4] = [
            ("lower", "minLower", given.lower, given.min_lower, ('a'..='z').collect()),
            ("upper", "minUpper", given.upper, given.min_upper, ('A'..='Z').collect()),
            ("numeric", "minNumeric", given.numeric, given.min_numeric, ('0'..='9').collect()),
            ("special", "minSpecial", given.special, given.min_special, special.chars().collect()),
        ];
        let all: Vec<ClassInput> = table
            .into_iter()
            .map(|(name, min_name, enabled, min, chars)| ClassInput {
                name,
                min_name,
                enabled,
                min: usize::try_from(min.0).unwrap_or(usize::MAX),
                chars,
            })
            .collect();

        for c in &all {
            if c.min > 0 && !c.enabled {
                return Err(InputProblem::at(
                    c.min_name,
                    format!(
                        "{} is {} but {} is false: enable {} or set {} to 0",
                        c.min_name, c.min, c.name, c.name, c.min_name
                    ),
                ));
            }
        }
        if !all.iter().any(|c| c.enabled) {
            return Err(InputProblem::at(
                "",
                "no character class is enabled: set at least one of lower, upper, numeric or special to true",
            ));
        }
        if all.iter().any(|c| c.enabled && c.name == "special" && c.chars.is_empty()) {
            return Err(InputProblem::at(
                "overrideSpecial",
                "overrideSpecial is empty but special is true: give overrideSpecial some characters or set special \
                 to false",
            ));
        }
        let length = usize::try_from(given.length.0).unwrap_or(usize::MAX);
        let total: usize = all.iter().map(|c| c.min).sum();
        if total > length {
            let terms: Vec<String> =
                all.iter().filter(|c| c.min > 0).map(|c| format!("{} {}", c.min_name, c.min)).collect();
            let at = if inputs.contains_key("length") { "length" } else { "" };
            return Err(InputProblem::at(
                at,
                format!("the minimums add up to {total} ({}), more than length {length}", terms.join(" + ")),
            ));
        }

        let classes = all
            .into_iter()
            .filter(|c| c.enabled)
            .map(|c| escrot_password::Class::new(c.name, c.min, c.chars))
            .collect();
        // Every refusal of `Spec::new` was checked above, in the inputs' words.
        escrot_password::Spec::new(length, classes).map(Spec).map_err(|e| InputProblem::at("", e.to_string()))
    }
}

fn bounded(description: &str, min: u64, max: u64, default: u64) -> Schema {
    Schema::number().minimum(min).maximum(max).multiple_of(1).default_value(default).description(description)
}

fn switch(description: &str) -> Schema {
    Schema::boolean().default_value(true).description(description)
}

impl Generator for Password {
    const WHAT: &'static str = "password";

    fn input_schema(&self) -> Schema {
        Schema::object().properties([
            ("length", bounded("The number of characters.", MIN_LENGTH, MAX_LENGTH, DEFAULT_LENGTH)),
            ("lower", switch("Whether to use lowercase letters.")),
            ("upper", switch("Whether to use uppercase letters.")),
            ("numeric", switch("Whether to use digits.")),
            ("special", switch("Whether to use special characters.")),
            ("minLower", bounded("The least number of lowercase letters.", 0, MAX_MIN, 0)),
            ("minUpper", bounded("The least number of uppercase letters.", 0, MAX_MIN, 0)),
            ("minNumeric", bounded("The least number of digits.", 0, MAX_MIN, 0)),
            ("minSpecial", bounded("The least number of special characters.", 0, MAX_MIN, 0)),
            (
                "overrideSpecial",
                Schema::string().default_value(DEFAULT_SPECIAL).description("The special characters to use."),
            ),
        ])
    }

    fn validate(&self, inputs: &Inputs) -> Vec<InputProblem> {
        Spec::problems(inputs)
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
    use std::collections::BTreeMap;
    use std::collections::HashSet;

    fn num(n: u64) -> Value {
        Value::new(ValueRepr::Number(Number(n.to_string())))
    }

    fn boolean(b: bool) -> Value {
        Value::new(ValueRepr::Bool(b))
    }

    fn error(inputs: Inputs) -> String {
        Spec::from_inputs(&inputs).err().map(|e| e.message).unwrap_or_default()
    }

    fn request(inputs: Inputs, state: Option<Value>) -> RotationRequest {
        RotationRequest { environment: "test".into(), path: "pw".into(), inputs, state, ..Default::default() }
    }

    #[test]
    fn defaults() {
        let spec = Spec::from_inputs(&Inputs::new()).expect("defaults are valid");
        assert_eq!(spec.length, 16);
        assert_eq!(spec.classes.len(), 4);
        assert_eq!(spec.union.len(), 26 + 26 + 10 + DEFAULT_SPECIAL.chars().count());
        let pw = spec.generate(&mut StdRng::seed_from_u64(0));
        assert_eq!(pw.chars().count(), 16);
        assert!(pw.chars().all(|c| spec.union.contains(&c)));
    }

    #[test]
    fn invalid_combinations() {
        let i = |pairs: Vec<(&str, Value)>| pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<Inputs>();
        assert_eq!(
            error(i(vec![("length", num(10)), ("minLower", num(5)), ("minNumeric", num(6))])),
            "the minimums add up to 11 (minLower 5 + minNumeric 6), more than length 10"
        );
        assert_eq!(
            error(i(vec![("upper", boolean(false)), ("minUpper", num(2))])),
            "minUpper is 2 but upper is false: enable upper or set minUpper to 0"
        );
        assert_eq!(
            error(i(vec![
                ("lower", boolean(false)),
                ("upper", boolean(false)),
                ("numeric", boolean(false)),
                ("special", boolean(false)),
            ])),
            "no character class is enabled: set at least one of lower, upper, numeric or special to true"
        );
        assert_eq!(
            error(i(vec![("overrideSpecial", Value::string(""))])),
            "overrideSpecial is empty but special is true: give overrideSpecial some characters or set special to \
             false"
        );
        assert_eq!(error(i(vec![("length", num(5))])), "input length must be between 8 and 100 (got 5)");
        assert_eq!(error(i(vec![("minSpecial", num(101))])), "input minSpecial must be between 0 and 100 (got 101)");
        assert_eq!(error(i(vec![("lower", Value::string("yes"))])), "input lower must be a boolean");
        assert_eq!(
            error(i(vec![("overrideSpecial", Value::string("!\n"))])),
            "overrideSpecial must not contain control characters"
        );
        // Empty overrideSpecial is fine when special is off.
        assert_eq!(error(i(vec![("overrideSpecial", Value::string("")), ("special", boolean(false))])), "");
    }

    #[test]
    fn repeated_special_characters_are_not_favoured() {
        let inputs = Inputs::from([("overrideSpecial".to_owned(), Value::string("!!!!a#"))]);
        let spec = Spec::from_inputs(&inputs).expect("valid");
        let special = spec.classes.iter().find(|c| c.name == "special").expect("special is on");
        assert_eq!(special.chars, vec!['!', 'a', '#']);
        assert_eq!(spec.union.iter().filter(|&&c| c == 'a').count(), 1);
    }

    #[tokio::test]
    async fn first_and_later_rotations() {
        let created = Password.create(&request(Inputs::new(), None)).await.expect("created");
        let state = created.new_state.as_object().expect("an object").clone();
        assert_eq!(state.keys().collect::<Vec<_>>(), ["current"]);
        let first = state["current"].clone();
        assert!(first.secret);
        assert_eq!(first.as_str().map(|s| s.chars().count()), Some(16));

        let created = Password.create(&request(Inputs::new(), Some(created.new_state))).await.expect("created");
        let state = created.new_state.as_object().expect("an object");
        assert_eq!(state.keys().collect::<Vec<_>>(), ["current", "previous"]);
        assert!(state["current"].secret && state["previous"].secret);
        assert_eq!(state["previous"].as_str(), first.as_str());
        assert_ne!(state["current"].as_str(), first.as_str());
    }

    #[tokio::test]
    async fn unknown_current_state_is_refused() {
        let state = Value::object(BTreeMap::from([("current".to_owned(), Value::unknown())]));
        let err = Password.create(&request(Inputs::new(), Some(state))).await.err().map(|e| e.message);
        assert!(err.is_some_and(|m| m.contains("unknown")));
    }

    #[tokio::test]
    async fn errors_hold_no_generated_secret() {
        // An error after generation cannot happen for this rotator, but its errors must not
        // carry input values marked secret either.
        let inputs = Inputs::from([("length".to_owned(), num(5).with_secret(true))]);
        let Err(err) = Password.create(&request(inputs, None)).await else { panic!("expected an error") };
        assert_eq!(
            format!("{err:?}"),
            "RotateError { message: \"input length must be between 8 and 100\", outcome_unknown: false }"
        );
    }

    #[test]
    fn a_thousand_passwords_are_distinct() {
        let spec = Spec::from_inputs(&Inputs::new()).expect("valid");
        let mut rng = crate::rotators::common::secure_rng().expect("the OS RNG");
        let seen: HashSet<String> = (0..1000).map(|_| spec.generate(&mut rng)).collect();
        assert_eq!(seen.len(), 1000);
    }

    #[test]
    fn characters_are_roughly_uniform() {
        // 20,000 numeric-only characters: each digit expected 2,000 times, σ ≈ 42; a bias
        // such as modulo bias or a broken shuffle would show far beyond ±300.
        let inputs = Inputs::from([
            ("lower".to_owned(), boolean(false)),
            ("upper".to_owned(), boolean(false)),
            ("special".to_owned(), boolean(false)),
            ("length".to_owned(), num(100)),
        ]);
        let spec = Spec::from_inputs(&inputs).expect("valid");
        let mut rng = StdRng::seed_from_u64(7);
        let mut counts = [0u32; 10];
        for _ in 0..200 {
            for c in spec.generate(&mut rng).chars() {
                counts[c.to_digit(10).expect("a digit") as usize] += 1;
            }
        }
        assert!(counts.iter().all(|&n| (1700..=2300).contains(&n)), "{counts:?}");
    }

    /// A character class membership test.
    type IsIn<'a> = &'a dyn Fn(char) -> bool;

    /// Valid inputs: a length, a random subset of classes (at least one) with minimums
    /// fitting in the length, and a special set.
    fn valid_inputs() -> impl Strategy<Value = Inputs> {
        (
            8u64..=100,
            any::<[bool; 4]>().prop_filter("one class", |e| e.iter().any(|&b| b)),
            [0u64..=40, 0u64..=40, 0u64..=40, 0u64..=40],
            prop::option::of("[!-/:-@\\[-`{-~ü€]{1,12}"),
        )
            .prop_map(|(length, enabled, mins, special)| {
                let mut mins = mins.map(|m| m.min(length));
                for (m, e) in mins.iter_mut().zip(enabled) {
                    if !e {
                        *m = 0;
                    }
                }
                // Scale the minimums down until they fit.
                while mins.iter().sum::<u64>() > length {
                    for m in &mut mins {
                        *m /= 2;
                    }
                }
                let mut inputs = Inputs::new();
                inputs.insert("length".into(), num(length));
                for (i, (name, min_name)) in
                    [("lower", "minLower"), ("upper", "minUpper"), ("numeric", "minNumeric"), ("special", "minSpecial")]
                        .into_iter()
                        .enumerate()
                {
                    inputs.insert(name.into(), boolean(enabled[i]));
                    inputs.insert(min_name.into(), num(mins[i]));
                }
                if let Some(s) = special {
                    inputs.insert("overrideSpecial".into(), Value::string(s));
                }
                inputs
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn generated_passwords_honour_the_inputs(inputs in valid_inputs(), seed in any::<u64>()) {
            let spec = Spec::from_inputs(&inputs).map_err(|e| TestCaseError::fail(e.message))?;
            let pw: Vec<char> = spec.generate(&mut StdRng::seed_from_u64(seed)).chars().collect();
            let get_u = |k: &str| inputs.get(k).and_then(|v| match &v.repr {
                ValueRepr::Number(n) => Some(n.as_f64() as usize),
                _ => None,
            }).unwrap_or(0);
            let get_b = |k: &str| inputs.get(k).is_some_and(|v| v.repr == ValueRepr::Bool(true));
            let special: Vec<char> = inputs
                .get("overrideSpecial")
                .and_then(Value::as_str)
                .unwrap_or(DEFAULT_SPECIAL)
                .chars()
                .collect();
            prop_assert_eq!(pw.len(), get_u("length"));
            let classes: [(&str, &str, IsIn<'_>); 4] = [
                ("lower", "minLower", &|c| c.is_ascii_lowercase()),
                ("upper", "minUpper", &|c| c.is_ascii_uppercase()),
                ("numeric", "minNumeric", &|c| c.is_ascii_digit()),
                ("special", "minSpecial", &|c| special.contains(&c)),
            ];
            for c in &pw {
                prop_assert!(
                    classes.iter().any(|(name, _, is)| get_b(name) && is(*c)),
                    "character {:?} from no enabled class", c
                );
            }
            for (name, min_name, is) in classes {
                let n = pw.iter().filter(|c| is(**c)).count();
                prop_assert!(n >= get_u(min_name), "{} has {} < {}", name, n, get_u(min_name));
            }
        }

        #[test]
        fn invalid_minimum_sums_are_refused(length in 8u64..=100, extra in 1u64..=50, split in 0.0f64..=1.0) {
            let total = (length + extra).min(200);
            let a = ((total as f64) * split) as u64;
            let (a, b) = (a.min(100), (total - a.min(100)).min(100));
            prop_assume!(a + b > length);
            let inputs = Inputs::from([
                ("length".to_owned(), num(length)),
                ("minLower".to_owned(), num(a)),
                ("minUpper".to_owned(), num(b)),
            ]);
            let msg = error(inputs);
            let want = format!("the minimums add up to {}", a + b);
            prop_assert!(msg.starts_with(&want), "{}", msg);
            let want = format!("more than length {length}");
            prop_assert!(msg.ends_with(&want), "{}", msg);
        }
    }
}
