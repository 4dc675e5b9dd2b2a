//! The connector behind a local HTTP endpoint that speaks the AWS Lambda Invoke API
//! (`POST /2015-03-31/functions/{name}/invocations`), so that any Lambda client — escrot
//! with `AWS_ENDPOINT_URL_LAMBDA`, the AWS CLI, an SDK — can invoke it as if it were
//! deployed.
//!
//! As Lambda does: the answer's body is the function's JSON; a function error (an event
//! that does not parse, a Secrets Manager step that failed, a crash, or running longer
//! than the function timeout) is a 200
//! with `X-Amz-Function-Error: Unhandled` and `{"errorType","errorMessage"}`;
//! `X-Amz-Invocation-Type: DryRun` answers 204 without running. Requests are not
//! authenticated (no SigV4 check): listen on loopback or a private network only.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::invocation::Invocation;

/// Lambda's limit on a synchronous invocation's payload.
const MAX_PAYLOAD: usize = 6 * 1024 * 1024;

/// How the endpoint behaves.
#[derive(Clone, Copy, Debug)]
pub struct ServeOptions {
    /// The function's timeout, as configured on a Lambda: an invocation that runs longer
    /// is stopped and answered with a `Sandbox.Timedout` function error.
    pub function_timeout: Duration,
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        ServeOptions { function_timeout: Duration::from_secs(60) }
    }
}

/// Binds `addr` and serves until the process ends. Prints the address it listens on.
pub async fn run(addr: SocketAddr, opts: ServeOptions) -> std::io::Result<()> {
    let listener = TcpListener::bind(addr).await?;
    eprintln!("escrot-connector: listening on http://{}", listener.local_addr()?);
    serve(listener, opts).await
}

/// Serves connections from `listener` until the process ends.
pub async fn serve(listener: TcpListener, opts: ServeOptions) -> std::io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| respond(req, opts));
            let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

type Reply = Response<Full<Bytes>>;

fn reply(status: StatusCode, headers: &[(&str, &str)], body: impl Into<Bytes>) -> Reply {
    let mut builder = Response::builder().status(status).header("content-type", "application/json");
    for (k, v) in headers {
        builder = builder.header(*k, *v);
    }
    builder.body(Full::new(body.into())).unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

/// An error of the Invoke API itself (`x-amzn-ErrorType`), as Lambda sends them.
fn api_error(status: StatusCode, kind: &str, message: &str) -> Reply {
    let body = serde_json::json!({"Type": "User", "message": message}).to_string();
    reply(status, &[("x-amzn-ErrorType", kind)], body)
}

/// A function error: the invocation worked, the function did not.
fn function_error(kind: &str, message: &str) -> Reply {
    let body = serde_json::json!({"errorType": kind, "errorMessage": message}).to_string();
    reply(StatusCode::OK, &[("X-Amz-Function-Error", "Unhandled"), ("X-Amz-Executed-Version", "$LATEST")], body)
}

/// The function name of an Invoke path.
fn function_name(path: &str) -> Option<&str> {
    let name = path.strip_prefix("/2015-03-31/functions/")?.strip_suffix("/invocations")?;
    (!name.is_empty() && !name.contains('/')).then_some(name)
}

async fn respond(req: Request<Incoming>, opts: ServeOptions) -> Result<Reply, Infallible> {
    if req.method() != Method::POST || function_name(req.uri().path()).is_none() {
        return Ok(api_error(
            StatusCode::NOT_FOUND,
            "ResourceNotFoundException",
            &format!(
                "escrot-connector serves only POST /2015-03-31/functions/NAME/invocations, not {} {}",
                req.method(),
                req.uri().path()
            ),
        ));
    }
    let invocation_type = req
        .headers()
        .get("x-amz-invocation-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("RequestResponse")
        .to_owned();
    let body = match Limited::new(req.into_body(), MAX_PAYLOAD).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => {
            return Ok(api_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "RequestTooLargeException",
                "the request payload exceeded the Invoke request body JSON input quota",
            ));
        }
    };
    match invocation_type.as_str() {
        "DryRun" => return Ok(reply(StatusCode::NO_CONTENT, &[], Bytes::new())),
        "RequestResponse" | "Event" => {}
        other => {
            return Ok(api_error(
                StatusCode::BAD_REQUEST,
                "InvalidParameterValueException",
                &format!("unsupported invocation type \"{other}\""),
            ));
        }
    }
    let invocation = match serde_json::from_slice(&body).map_err(|e| format!("the event is not valid: {e}")) {
        Ok(event) => Invocation::from_json(event),
        Err(e) => Err(e),
    };
    let invocation = match invocation {
        Ok(i) => i,
        Err(message) => return Ok(function_error("Runtime.UnmarshalError", &message)),
    };
    let task = tokio::spawn(invocation.run());
    let abort = task.abort_handle();
    let answer = match tokio::time::timeout(opts.function_timeout, task).await {
        Ok(Ok(Ok(answer))) => answer,
        Ok(Ok(Err(failed))) => return Ok(function_error(failed.kind, &failed.message)),
        Ok(Err(e)) => return Ok(function_error("Runtime.ExitError", &format!("the function crashed: {e}"))),
        Err(_) => {
            abort.abort();
            let secs = opts.function_timeout.as_secs_f64();
            return Ok(function_error("Sandbox.Timedout", &format!("Task timed out after {secs:.2} seconds")));
        }
    };
    if invocation_type == "Event" {
        return Ok(reply(StatusCode::ACCEPTED, &[], Bytes::new()));
    }
    let body = serde_json::to_vec(&answer).unwrap_or_default();
    Ok(reply(StatusCode::OK, &[("X-Amz-Executed-Version", "$LATEST")], body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(function_name("/2015-03-31/functions/rot/invocations"), Some("rot"));
        assert_eq!(
            function_name("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Arot/invocations"),
            Some("arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Arot")
        );
        assert_eq!(function_name("/2015-03-31/functions//invocations"), None);
        assert_eq!(function_name("/2015-03-31/functions/rot"), None);
    }
}
