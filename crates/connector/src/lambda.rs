//! The connector as an AWS Lambda function (cargo feature `lambda`).

use lambda_runtime::{Diagnostic, LambdaEvent, service_fn};
use serde_json::Value;

use crate::invocation::{FunctionError, Invocation};

impl From<FunctionError> for Diagnostic {
    fn from(e: FunctionError) -> Diagnostic {
        Diagnostic { error_type: e.kind.to_owned(), error_message: e.message }
    }
}

/// Runs the Lambda runtime loop until the sandbox ends.
pub async fn run() -> Result<(), String> {
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| async move {
        let invocation = Invocation::from_json(event.payload)
            .map_err(|message| FunctionError { kind: "Runtime.UnmarshalError", message })?;
        invocation.run().await
    }))
    .await
    .map_err(|e| format!("the Lambda runtime stopped: {e}"))
}
