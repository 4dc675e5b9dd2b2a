//! The inputs of the `aws-iam` rotator, and the one check its schema cannot express: that
//! `userArn` names an IAM user.

use serde::Deserialize;

use super::UserArn;
use crate::aws::{self, Login};
use crate::rotators::inputs::{self, Inputs, Known, MaybeSecret};
use crate::rotators::{Result, RotateError};
use escrot_esc::provider::InputProblem;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct IamInputs {
    /// Secret or not: a secret ARN is never shown, and AWS's messages are redacted of the
    /// user's name.
    user_arn: MaybeSecret<String>,
    /// Absent or `null`: [`aws::DEFAULT_REGION`].
    region: Option<String>,
    /// Absent or `null`: the standard credential chain.
    pub(super) login: Option<Login>,
}

impl IamInputs {
    pub(super) fn read(inputs: &Inputs) -> Result<IamInputs> {
        Ok(inputs::read(inputs)?)
    }

    /// The user `userArn` names, and whether it is secret.
    pub(super) fn user(&self) -> Result<(UserArn, bool)> {
        parse_user_arn(&self.user_arn).map(|user| (user, self.user_arn.secret))
    }

    pub(super) fn region(&self) -> &str {
        self.region.as_deref().unwrap_or(aws::DEFAULT_REGION)
    }
}

/// The user an ARN names; the error shows the ARN only when it is not secret.
fn parse_user_arn(arn: &MaybeSecret<String>) -> Result<UserArn> {
    UserArn::parse(&arn.value).map_err(|e| match arn.secret {
        true => RotateError::new(format!("{e} (the ARN is secret)")),
        false => RotateError::new(format!("{e} (got \"{}\")", arn.value)),
    })
}

/// `userArn` as a check sees it: it may not be known yet.
#[derive(Deserialize)]
struct UserArnInput {
    #[serde(rename = "userArn", default)]
    user_arn: Known<MaybeSecret<String>>,
}

/// What is wrong with the inputs: a `userArn` that is not an IAM user's.
pub(super) fn problems(inputs: &Inputs) -> Vec<InputProblem> {
    // Inputs that do not match the schema are the schema's to report.
    let Ok(UserArnInput { user_arn: Known(Some(arn)) }) = inputs::read(inputs) else { return Vec::new() };
    match parse_user_arn(&arn) {
        Ok(_) => Vec::new(),
        Err(e) => vec![InputProblem::at("userArn", e.message)],
    }
}
