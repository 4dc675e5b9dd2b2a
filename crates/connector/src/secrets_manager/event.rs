//! The event Secrets Manager invokes a rotation function with, once per step:
//! `{"Step": "createSecret"|"setSecret"|"testSecret"|"finishSecret", "SecretId",
//! "ClientRequestToken", "RotationToken"?}`.

use std::fmt;

use serde::Deserialize;

/// One step of a rotation.
#[derive(Clone, Debug, Deserialize)]
pub struct Event {
    #[serde(rename = "Step")]
    pub step: Step,
    /// The secret's ARN (or name).
    #[serde(rename = "SecretId")]
    pub secret_id: String,
    /// The version being rotated to: the same for all four steps of a rotation, and for
    /// every retry of a step.
    #[serde(rename = "ClientRequestToken")]
    pub token: String,
    /// What Secrets Manager sends to be passed back on `PutSecretValue` (it ties the new
    /// version to this rotation); absent from older events.
    #[serde(rename = "RotationToken", default)]
    pub rotation_token: Option<String>,
}

/// The rotation steps, in their order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Step {
    #[serde(rename = "createSecret")]
    Create,
    #[serde(rename = "setSecret")]
    Set,
    #[serde(rename = "testSecret")]
    Test,
    #[serde(rename = "finishSecret")]
    Finish,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Step::Create => "createSecret",
            Step::Set => "setSecret",
            Step::Test => "testSecret",
            Step::Finish => "finishSecret",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events() {
        let e: Event = serde_json::from_str(
            r#"{"Step":"setSecret","SecretId":"arn:aws:secretsmanager:us-east-1:1:secret:db-AbCdEf",
                "ClientRequestToken":"t-1","RotationToken":"rt"}"#,
        )
        .expect("an event");
        assert_eq!((e.step, e.token.as_str(), e.rotation_token.as_deref()), (Step::Set, "t-1", Some("rt")));
        let e: Event = serde_json::from_str(r#"{"Step":"finishSecret","SecretId":"db","ClientRequestToken":"t"}"#)
            .expect("an event without RotationToken");
        assert_eq!(e.rotation_token, None);
        let err = serde_json::from_str::<Event>(r#"{"Step":"dropSecret","SecretId":"db","ClientRequestToken":"t"}"#)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.starts_with("unknown variant `dropSecret`, expected one of `createSecret`"), "{err}");
    }
}
