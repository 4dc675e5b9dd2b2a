//! IAM user ARNs (`arn:aws:iam::123456789012:user/path/name`), as `userArn` gives them
//! and as `sts:GetCallerIdentity` answers them.

/// An IAM user named by its ARN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserArn {
    pub account: String,
    pub name: String,
}

/// What a `userArn` must look like, for messages.
pub(super) const USER_ARN_FORM: &str = "arn:aws:iam::ACCOUNT:user/[PATH/]NAME, with a 12-digit ACCOUNT";

/// Whether `name` can be an IAM user name (AWS: 1 to 64 of letters, digits and `+=,.@_-`).
fn is_user_name(name: &str) -> bool {
    (1..=64).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
}

impl UserArn {
    /// Parses an IAM user ARN. The error says what is wrong, without the ARN (which may
    /// be secret): callers add it when it may be shown.
    pub fn parse(arn: &str) -> Result<UserArn, String> {
        let bad = |what: &str| format!("userArn is not an IAM user ARN ({USER_ARN_FORM}): {what}");
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        let [prefix, partition, service, region, account, resource] = parts[..] else {
            return Err(bad("it does not have the six parts of an ARN"));
        };
        if prefix != "arn" || partition.is_empty() || !partition.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            return Err(bad("it does not start with arn:PARTITION:"));
        }
        if service != "iam" || !region.is_empty() {
            return Err(bad("it is not an IAM ARN (arn:PARTITION:iam::…)"));
        }
        if account.len() != 12 || !account.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad("its account is not 12 digits"));
        }
        let Some(path) = resource.strip_prefix("user/") else {
            return Err(bad("it does not name a user (user/…)"));
        };
        // The user's IAM path (`user/esc/rotated/name`) is not part of its name.
        let (dirs, name) = path.rsplit_once('/').unwrap_or(("", path));
        if !is_user_name(name) || dirs.split('/').any(|d| !dirs.is_empty() && d.is_empty()) {
            return Err(bad("its user name or path is not valid"));
        }
        Ok(UserArn { account: account.to_owned(), name: name.to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_arns() {
        assert_eq!(
            UserArn::parse("arn:aws:iam::123456789012:user/ci"),
            Ok(UserArn { account: "123456789012".into(), name: "ci".into() })
        );
        assert_eq!(
            UserArn::parse("arn:aws-cn:iam::123456789012:user/esc/rotated/bot").map(|u| u.name),
            Ok("bot".into())
        );
        let bad = [
            "",
            "nope",
            "arn:aws:iam::123456789012:role/x",
            "arn:aws:s3:::bucket",
            "arn:aws:iam::123456789012:user/",
            "arn:aws:iam::123:user/ci",
            "arn:aws:iam::12345678901x:user/ci",
            "arn:aws:iam:us-east-1:123456789012:user/ci",
            "arn::iam::123456789012:user/ci",
            "arn:aws:iam::123456789012:user/a//ci",
            "arn:aws:iam::123456789012:user/c i",
        ];
        for arn in bad {
            let err = UserArn::parse(arn).err();
            assert!(err.as_deref().is_some_and(|e| e.starts_with("userArn is not an IAM user ARN")), "{arn}: {err:?}");
        }
    }
}
