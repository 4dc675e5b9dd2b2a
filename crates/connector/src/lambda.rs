//! The connector as an AWS Lambda function (cargo feature `lambda`).

use lambda_runtime::{Error, LambdaEvent, service_fn};

use escrot_db::connector::{Event, Response, handle};

/// Runs the Lambda runtime loop until the sandbox ends.
pub async fn run() -> Result<(), String> {
    lambda_runtime::run(service_fn(|event: LambdaEvent<Event>| async move {
        Ok::<Response, Error>(handle(event.payload).await)
    }))
    .await
    .map_err(|e| format!("the Lambda runtime stopped: {e}"))
}
