//! What the connector is invoked with, told apart by its shape: an object with a `Step`
//! is a Secrets Manager rotation step (`{"Step","SecretId","ClientRequestToken",…}`);
//! anything else is ESC's connector event (`{"type","host",…}`). Both the local Invoke
//! endpoint and the Lambda runtime dispatch through [`Invocation::run`].

use serde_json::Value;

use crate::secrets_manager;
use escrot_db::connector;

/// One invocation's event.
#[derive(Debug)]
pub enum Invocation {
    /// ESC's protocol: the answer is the outcome, errors included.
    Esc(connector::Event),
    /// A Secrets Manager rotation step: success is `null`, failure a function error.
    SecretsManager(secrets_manager::Event),
}

/// A function error: the invocation ran and the function failed (what Lambda reports as
/// `X-Amz-Function-Error: Unhandled` with `{errorType, errorMessage}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionError {
    pub kind: &'static str,
    pub message: String,
}

/// The error type of a Secrets Manager step that failed.
pub const ROTATION_FAILED: &str = "escrot.RotationStepFailed";

impl Invocation {
    /// Reads an event; a message (for a `Runtime.UnmarshalError`) when it is neither kind.
    pub fn from_json(event: Value) -> Result<Invocation, String> {
        let is_secrets_manager = event.as_object().is_some_and(|o| o.contains_key("Step"));
        if is_secrets_manager {
            serde_json::from_value(event)
                .map(Invocation::SecretsManager)
                .map_err(|e| format!("the Secrets Manager rotation event is not valid: {e}"))
        } else {
            serde_json::from_value(event).map(Invocation::Esc).map_err(|e| format!("the event is not valid: {e}"))
        }
    }

    /// Carries the invocation out: the function's answer, or its error.
    pub async fn run(self) -> Result<Value, FunctionError> {
        match self {
            Invocation::Esc(event) => Ok(serde_json::to_value(connector::handle(event).await).unwrap_or_default()),
            // Boxed: the step's future (SDK calls, database sessions) nested in the Lambda
            // runtime's is deeper than rustc's layout query allows.
            Invocation::SecretsManager(event) => match Box::pin(secrets_manager::handle(&event)).await {
                Ok(()) => Ok(Value::Null),
                Err(message) => Err(FunctionError { kind: ROTATION_FAILED, message }),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn told_apart_by_shape() {
        let sm = serde_json::json!({"Step": "createSecret", "SecretId": "s", "ClientRequestToken": "t"});
        assert!(matches!(Invocation::from_json(sm), Ok(Invocation::SecretsManager(_))));
        let esc = serde_json::json!({"type": "postgres", "host": "h", "port": 5432});
        assert!(matches!(Invocation::from_json(esc), Ok(Invocation::Esc(_))));
        let bad = serde_json::json!({"Step": "createSecret"});
        assert_eq!(
            Invocation::from_json(bad).err().as_deref(),
            Some("the Secrets Manager rotation event is not valid: missing field `SecretId`")
        );
        assert!(Invocation::from_json(serde_json::json!([1])).is_err());
    }
}
