//! Environment names (`org/project/env`) and references to one of their revisions
//! (`org/project/env@3`, `@stable`, `@latest`), spelled as ESC spells them so that ESC users
//! can type what they are used to.

use std::fmt;
use std::str::FromStr;

/// The longest name segment (organization, project, environment or tag) accepted. ESC's own
/// limit is of this order; a bound keeps names usable as file names and table keys.
pub const MAX_SEGMENT_LEN: usize = 100;

/// A name or reference the user typed that is not valid. The message says what is wrong and
/// what is accepted, so the CLI can print it as is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what} '{input}': {reason}")]
pub struct NameError {
    /// What was being parsed: "environment name", "environment reference", "tag name"…
    pub what: &'static str,
    pub input: String,
    pub reason: String,
}

impl NameError {
    fn new(what: &'static str, input: &str, reason: impl Into<String>) -> Self {
        NameError { what, input: input.to_owned(), reason: reason.into() }
    }
}

/// Checks one segment of a name: letters, digits, `-`, `_` and `.` as ESC allows, not empty,
/// not `.`/`..` (they would read as paths), at most [`MAX_SEGMENT_LEN`] characters.
fn check_segment(what: &'static str, input: &str, role: &str, segment: &str) -> Result<(), NameError> {
    if segment.is_empty() {
        return Err(NameError::new(what, input, format!("the {role} name is empty")));
    }
    if segment.len() > MAX_SEGMENT_LEN {
        return Err(NameError::new(
            what,
            input,
            format!("the {role} name is longer than {MAX_SEGMENT_LEN} characters"),
        ));
    }
    if segment == "." || segment == ".." {
        return Err(NameError::new(what, input, format!("'{segment}' is not a valid {role} name")));
    }
    if let Some(c) = segment.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))) {
        return Err(NameError::new(
            what,
            input,
            format!(
                "the {role} name '{segment}' contains {c:?}; names may only contain letters, digits, '-', '_' and '.'"
            ),
        ));
    }
    Ok(())
}

/// A fully qualified environment name. Parsing fills in the organization when the user wrote
/// only `project/env`, so everything past the CLI works with complete names.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnvName {
    pub org: String,
    pub project: String,
    pub env: String,
}

impl EnvName {
    /// Builds a name from its parts, validating each.
    pub fn new(org: &str, project: &str, env: &str) -> Result<EnvName, NameError> {
        let input = format!("{org}/{project}/{env}");
        check_segment("environment name", &input, "organization", org)?;
        check_segment("environment name", &input, "project", project)?;
        check_segment("environment name", &input, "environment", env)?;
        Ok(EnvName { org: org.to_owned(), project: project.to_owned(), env: env.to_owned() })
    }

    /// Parses `org/project/env`, or `project/env` in `default_org` (the caller's `--org`,
    /// `ESCROT_ORG` or `default`).
    pub fn parse(input: &str, default_org: &str) -> Result<EnvName, NameError> {
        Self::parse_as("environment name", input, default_org)
    }

    fn parse_as(what: &'static str, input: &str, default_org: &str) -> Result<EnvName, NameError> {
        let parts: Vec<&str> = input.split('/').collect();
        let (org, project, env) = match parts.as_slice() {
            [project, env] => (default_org, *project, *env),
            [org, project, env] => (*org, *project, *env),
            _ => {
                return Err(NameError::new(what, input, "expected PROJECT/ENV or ORG/PROJECT/ENV"));
            }
        };
        check_segment(what, input, "organization", org)?;
        check_segment(what, input, "project", project)?;
        check_segment(what, input, "environment", env)?;
        Ok(EnvName { org: org.to_owned(), project: project.to_owned(), env: env.to_owned() })
    }
}

impl fmt::Display for EnvName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.org, self.project, self.env)
    }
}

/// Which revision of an environment a reference designates.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Version {
    /// No suffix, or `@latest`.
    Latest,
    /// `@N`, N ≥ 1.
    Number(u64),
    /// `@TAG`.
    Tag(String),
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Version::Latest => f.write_str("latest"),
            Version::Number(n) => write!(f, "{n}"),
            Version::Tag(t) => f.write_str(t),
        }
    }
}

/// The tag name that always means the newest revision; it cannot be set or deleted.
pub const LATEST_TAG: &str = "latest";

/// Validates a tag name: a name segment that is neither `latest` (reserved) nor all digits
/// (`@3` must always mean revision 3).
pub fn validate_tag(tag: &str) -> Result<(), NameError> {
    check_segment("tag name", tag, "tag", tag)?;
    if tag == LATEST_TAG {
        return Err(NameError::new("tag name", tag, "'latest' is reserved: it always means the newest revision"));
    }
    if tag.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NameError::new("tag name", tag, "a tag cannot be a number: '@N' always means revision N"));
    }
    Ok(())
}

/// An environment name with an optional `@REV`/`@TAG` suffix: what `get`, `diff` and
/// `version rollback` accept.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EnvRef {
    pub name: EnvName,
    pub version: Version,
}

impl EnvRef {
    /// Parses `[org/]project/env[@REV|@TAG|@latest]`.
    pub fn parse(input: &str, default_org: &str) -> Result<EnvRef, NameError> {
        const WHAT: &str = "environment reference";
        let (name_part, version) = match input.split_once('@') {
            None => (input, Version::Latest),
            Some((name_part, suffix)) => {
                let version = if suffix.is_empty() {
                    return Err(NameError::new(
                        WHAT,
                        input,
                        "nothing follows '@': expected a revision number or a tag",
                    ));
                } else if suffix == LATEST_TAG {
                    Version::Latest
                } else if suffix.bytes().all(|b| b.is_ascii_digit()) {
                    match suffix.parse::<u64>() {
                        Ok(0) => return Err(NameError::new(WHAT, input, "revisions are numbered from 1")),
                        Ok(n) => Version::Number(n),
                        Err(_) => return Err(NameError::new(WHAT, input, "the revision number is too large")),
                    }
                } else {
                    validate_tag(suffix).map_err(|e| NameError::new(WHAT, input, e.reason))?;
                    Version::Tag(suffix.to_owned())
                };
                (name_part, version)
            }
        };
        let name = EnvName::parse_as(WHAT, name_part, default_org).map_err(|mut e| {
            e.input = input.to_owned();
            e
        })?;
        Ok(EnvRef { name, version })
    }
}

impl From<EnvName> for EnvRef {
    fn from(name: EnvName) -> Self {
        EnvRef { name, version: Version::Latest }
    }
}

impl fmt::Display for EnvRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.version {
            Version::Latest => write!(f, "{}", self.name),
            v => write!(f, "{}@{v}", self.name),
        }
    }
}

/// The organization used when a name has none and the caller gave none either.
pub const DEFAULT_ORG: &str = "default";

impl FromStr for EnvName {
    type Err = NameError;

    /// Parses with the [`DEFAULT_ORG`]; use [`EnvName::parse`] to pass the user's default.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EnvName::parse(s, DEFAULT_ORG)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_two_and_three_segments() {
        let n = EnvName::parse("db/prod", "acme").unwrap();
        assert_eq!(n, EnvName::new("acme", "db", "prod").unwrap());
        assert_eq!(n.to_string(), "acme/db/prod");
        let n = EnvName::parse("other/db/prod", "acme").unwrap();
        assert_eq!(n.org, "other");
        assert_eq!(EnvName::parse("my-org/my_proj/v1.2", "x").unwrap().to_string(), "my-org/my_proj/v1.2");
    }

    #[test]
    fn rejects_bad_names_with_clear_messages() {
        for (input, needle) in [
            ("prod", "expected PROJECT/ENV or ORG/PROJECT/ENV"),
            ("a/b/c/d", "expected PROJECT/ENV"),
            ("db/", "the environment name is empty"),
            ("/prod", "the project name is empty"),
            ("db/pr od", "contains ' '"),
            ("db/pröd", "contains 'ö'"),
            ("../db/prod", "'..' is not a valid organization name"),
        ] {
            let e = EnvName::parse(input, "acme").unwrap_err();
            assert!(e.to_string().contains(needle), "{input}: {e}");
            assert!(e.to_string().contains(input), "{input}: {e}");
        }
        let long = "x".repeat(MAX_SEGMENT_LEN + 1);
        assert!(EnvName::parse(&format!("db/{long}"), "acme").is_err());
        assert!(EnvName::parse("db/prod", "bad org").is_err());
    }

    #[test]
    fn parses_references() {
        let r = EnvRef::parse("acme/db/prod@3", "d").unwrap();
        assert_eq!(r.version, Version::Number(3));
        assert_eq!(r.to_string(), "acme/db/prod@3");
        let r = EnvRef::parse("db/prod@stable", "acme").unwrap();
        assert_eq!(r.version, Version::Tag("stable".into()));
        assert_eq!(r.to_string(), "acme/db/prod@stable");
        assert_eq!(EnvRef::parse("db/prod@latest", "acme").unwrap().version, Version::Latest);
        assert_eq!(EnvRef::parse("db/prod", "acme").unwrap().version, Version::Latest);
        assert_eq!(EnvRef::parse("db/prod@latest", "acme").unwrap().to_string(), "acme/db/prod");
    }

    #[test]
    fn rejects_bad_references() {
        for (input, needle) in [
            ("db/prod@", "nothing follows '@'"),
            ("db/prod@0", "numbered from 1"),
            ("db/prod@99999999999999999999999", "too large"),
            ("db/prod@a@b", "contains '@'"),
            ("db/prod@bad tag", "contains ' '"),
            ("prod@3", "expected PROJECT/ENV"),
        ] {
            let e = EnvRef::parse(input, "acme").unwrap_err();
            assert!(e.to_string().contains(needle), "{input}: {e}");
            assert!(e.to_string().contains(input), "{input}: {e}");
        }
    }

    #[test]
    fn tag_rules() {
        assert!(validate_tag("stable").is_ok());
        assert!(validate_tag("v1.2-rc_1").is_ok());
        assert!(validate_tag("latest").unwrap_err().to_string().contains("reserved"));
        assert!(validate_tag("42").unwrap_err().to_string().contains("cannot be a number"));
        assert!(validate_tag("").is_err());
    }
}
