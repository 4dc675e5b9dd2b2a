//! The new password of `createSecret`: escrot's generator ([`escrot_password`]) with the
//! semantics of Secrets Manager's `GetRandomPassword`, set by the environment variables of
//! AWS's rotation templates:
//!
//! | variable | default | meaning |
//! | --- | --- | --- |
//! | `PASSWORD_LENGTH` | 32 | characters (1 to 4096) |
//! | `EXCLUDE_CHARACTERS` | `/@"'\` | characters never used (the templates' default: those that break connection strings and shells) |
//! | `EXCLUDE_NUMBERS`, `EXCLUDE_PUNCTUATION`, `EXCLUDE_UPPERCASE`, `EXCLUDE_LOWERCASE` | false | leave out a character type |
//! | `REQUIRE_EACH_INCLUDED_TYPE` | true | at least one character of each type used |
//!
//! Punctuation is `GetRandomPassword`'s: ``!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~``. A variable
//! set but empty counts as unset (escrot's rule), so its default applies.

use escrot_password::{Class, Spec, SpecError};

pub const DEFAULT_LENGTH: usize = 32;
pub const MAX_LENGTH: usize = 4096;
pub const DEFAULT_EXCLUDE: &str = "/@\"'\\";
/// `GetRandomPassword`'s punctuation.
pub const PUNCTUATION: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/// The generator the environment asks for, or what is wrong with it.
pub fn from_env() -> Result<Spec, String> {
    from_settings(escrot_vars::get)
}

/// [`from_env`] over any source of variables.
pub fn from_settings(get: impl Fn(&str) -> Option<String>) -> Result<Spec, String> {
    let length =
        match get("PASSWORD_LENGTH") {
            None => DEFAULT_LENGTH,
            Some(v) => v.trim().parse::<usize>().ok().filter(|n| (1..=MAX_LENGTH).contains(n)).ok_or_else(|| {
                format!("PASSWORD_LENGTH must be a whole number from 1 to {MAX_LENGTH} (got \"{v}\")")
            })?,
        };
    let flag = |name: &str, default: bool| -> Result<bool, String> {
        match get(name) {
            None => Ok(default),
            Some(v) if v.trim().eq_ignore_ascii_case("true") => Ok(true),
            Some(v) if v.trim().eq_ignore_ascii_case("false") => Ok(false),
            Some(v) => Err(format!("{name} must be true or false (got \"{v}\")")),
        }
    };
    let exclude: Vec<char> = get("EXCLUDE_CHARACTERS").unwrap_or_else(|| DEFAULT_EXCLUDE.to_owned()).chars().collect();
    let require_each = flag("REQUIRE_EACH_INCLUDED_TYPE", true)?;
    let types: [(&'static str, &'static str, bool, Vec<char>); 4] = [
        ("lowercase letter", "EXCLUDE_LOWERCASE", flag("EXCLUDE_LOWERCASE", false)?, ('a'..='z').collect()),
        ("uppercase letter", "EXCLUDE_UPPERCASE", flag("EXCLUDE_UPPERCASE", false)?, ('A'..='Z').collect()),
        ("digit", "EXCLUDE_NUMBERS", flag("EXCLUDE_NUMBERS", false)?, ('0'..='9').collect()),
        (
            "punctuation character",
            "EXCLUDE_PUNCTUATION",
            flag("EXCLUDE_PUNCTUATION", false)?,
            PUNCTUATION.chars().collect(),
        ),
    ];
    let classes: Vec<Class> = types
        .iter()
        .filter(|(_, _, excluded, _)| !excluded)
        .map(|(name, _, _, chars)| {
            Class::new(name, usize::from(require_each), chars.iter().copied().filter(|c| !exclude.contains(c)))
        })
        .collect();
    Spec::new(length, classes).map_err(|e| match e {
        SpecError::NoCharacters => "no characters are left to make a password of: the EXCLUDE_* variables \
                                    exclude every character type, or EXCLUDE_CHARACTERS every character of the \
                                    others"
            .to_owned(),
        SpecError::EmptyClass(name) => {
            let variable = types.iter().find(|t| t.0 == name).map(|t| t.1).unwrap_or_default();
            format!(
                "EXCLUDE_CHARACTERS excludes every {name}, and REQUIRE_EACH_INCLUDED_TYPE asks for one: \
                 set {variable}=true or REQUIRE_EACH_INCLUDED_TYPE=false"
            )
        }
        SpecError::MinimumsExceedLength { total, length } => format!(
            "PASSWORD_LENGTH {length} is shorter than the {total} character types REQUIRE_EACH_INCLUDED_TYPE asks \
             one of each for: make it longer, or set REQUIRE_EACH_INCLUDED_TYPE=false"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(vars: &[(&str, &str)]) -> Result<Spec, String> {
        from_settings(|name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned()))
    }

    #[test]
    fn defaults_are_the_templates() {
        let spec = spec(&[]).expect("valid");
        assert_eq!(spec.length, 32);
        assert_eq!(
            spec.classes.iter().map(|c| (c.name, c.min)).collect::<Vec<_>>(),
            [("lowercase letter", 1), ("uppercase letter", 1), ("digit", 1), ("punctuation character", 1)]
        );
        assert!(DEFAULT_EXCLUDE.chars().all(|c| !spec.union.contains(&c)));
        assert_eq!(spec.union.len(), 26 + 26 + 10 + 32 - 5);
        let mut rng = escrot_password::secure_rng().expect("the OS RNG");
        for _ in 0..50 {
            let pw = spec.generate(&mut rng);
            assert_eq!(pw.chars().count(), 32);
            assert!(pw.chars().any(|c| c.is_ascii_punctuation()), "{pw}");
            assert!(!pw.contains(['/', '@', '"', '\'', '\\']), "{pw}");
        }
    }

    #[test]
    fn settings() {
        let s = spec(&[("PASSWORD_LENGTH", "12"), ("EXCLUDE_PUNCTUATION", "TRUE"), ("EXCLUDE_CHARACTERS", "0O1lI")])
            .expect("valid");
        assert_eq!(s.length, 12);
        assert!(s.union.iter().all(|c| c.is_ascii_alphanumeric() && !"0O1lI".contains(*c)));
        let s = spec(&[("PASSWORD_LENGTH", "2"), ("REQUIRE_EACH_INCLUDED_TYPE", "false")]).expect("valid");
        assert!(s.classes.iter().all(|c| c.min == 0));
    }

    #[test]
    fn invalid_settings_are_clear() {
        let err = |vars: &[(&str, &str)]| spec(vars).err().unwrap_or_default();
        assert_eq!(
            err(&[("PASSWORD_LENGTH", "0")]),
            "PASSWORD_LENGTH must be a whole number from 1 to 4096 (got \"0\")"
        );
        assert_eq!(
            err(&[("PASSWORD_LENGTH", "lots")]),
            "PASSWORD_LENGTH must be a whole number from 1 to 4096 (got \"lots\")"
        );
        assert_eq!(err(&[("EXCLUDE_NUMBERS", "yes")]), "EXCLUDE_NUMBERS must be true or false (got \"yes\")");
        assert_eq!(
            err(&[("PASSWORD_LENGTH", "3")]),
            "PASSWORD_LENGTH 3 is shorter than the 4 character types REQUIRE_EACH_INCLUDED_TYPE asks one of each for: \
             make it longer, or set REQUIRE_EACH_INCLUDED_TYPE=false"
        );
        assert_eq!(
            err(&[("EXCLUDE_CHARACTERS", "0123456789")]),
            "EXCLUDE_CHARACTERS excludes every digit, and REQUIRE_EACH_INCLUDED_TYPE asks for one: set EXCLUDE_NUMBERS=true \
             or REQUIRE_EACH_INCLUDED_TYPE=false"
        );
        let all = [
            ("EXCLUDE_NUMBERS", "true"),
            ("EXCLUDE_PUNCTUATION", "true"),
            ("EXCLUDE_UPPERCASE", "true"),
            ("EXCLUDE_LOWERCASE", "true"),
        ];
        assert!(err(&all).starts_with("no characters are left"));
    }
}
