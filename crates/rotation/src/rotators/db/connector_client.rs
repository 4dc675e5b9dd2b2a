//! Invoking a rotation connector Lambda (connector mode): the event goes to
//! `lambdaArn` with aws-sdk-lambda, signed with the `login` credentials, in the ARN's
//! region. The SDK is configured as everywhere else ([`crate::aws::sdk_config`]), so
//! `AWS_ENDPOINT_URL_LAMBDA` (or `AWS_ENDPOINT_URL`) points the client elsewhere, e.g. at
//! `escrot-connector serve`; `ESCROT_CONNECTOR_TIMEOUT` (seconds, default 60) bounds each
//! invocation.

use std::time::Duration;

use aws_sdk_lambda::config::timeout::TimeoutConfig;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::InvocationType;

use crate::aws::{Login, sdk_config};
use crate::rotators::{Result, RotateError};
use escrot_db::connector::{Event, Response};
use escrot_db::{Secret, SetError, redact};

/// The variable bounding an invocation, in seconds.
pub const TIMEOUT_ENV_VAR: &str = "ESCROT_CONNECTOR_TIMEOUT";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// A connector Lambda and how to call it.
#[derive(Clone, Debug)]
pub struct LambdaTarget {
    pub arn: String,
    pub region: String,
    pub login: Login,
    /// Whether `lambdaArn` is secret: messages then do not show it, and what AWS says is
    /// redacted of it.
    pub secret_arn: bool,
    /// What must not show in messages: the login's secrets, and the ARN when it is secret.
    secrets: Vec<Secret>,
}

impl LambdaTarget {
    /// Checks the ARN (`arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`) and
    /// takes the region from it.
    pub fn new(arn: String, login: Login, secret_arn: bool) -> Result<LambdaTarget> {
        let parts: Vec<&str> = arn.split(':').collect();
        let valid = parts.len() >= 7
            && parts[0] == "arn"
            && parts[2] == "lambda"
            && !parts[3].is_empty()
            && parts[5] == "function"
            && !parts[6].is_empty();
        if !valid {
            let got = if secret_arn { "it is secret".to_owned() } else { format!("got \"{arn}\"") };
            return Err(RotateError::new(format!(
                "input database.connector.awsLambda.lambdaArn must be a Lambda function ARN \
                 (arn:aws:lambda:REGION:ACCOUNT:function:NAME), {got}"
            )));
        }
        let region = parts[3].to_owned();
        let mut secrets = vec![Secret::new(login.secret_access_key.clone())];
        secrets.extend(login.session_token.clone().map(Secret::new));
        if secret_arn {
            secrets.push(Secret::new(arn.clone()));
        }
        Ok(LambdaTarget { arn, region, login, secret_arn, secrets })
    }

    /// The connector, for messages: `the connector ARN`, unless the ARN is secret.
    pub fn label(&self) -> String {
        if self.secret_arn { "the connector (secret ARN)".to_owned() } else { format!("the connector {}", self.arn) }
    }

    /// What must not show in messages: the login's secrets, and the ARN when it is secret.
    pub fn secrets(&self) -> &[Secret] {
        &self.secrets
    }
}

fn timeout() -> std::result::Result<Duration, String> {
    match escrot_vars::get(TIMEOUT_ENV_VAR) {
        None => Ok(DEFAULT_TIMEOUT),
        Some(s) => match s.trim().parse::<f64>() {
            Ok(secs) if secs > 0.0 && secs.is_finite() => Ok(Duration::from_secs_f64(secs)),
            _ => Err(format!("{TIMEOUT_ENV_VAR} must be a positive number of seconds (got \"{s}\")")),
        },
    }
}

/// A Lambda client for `target`, signed with its login, in its region, with the environment's
/// endpoint settings, each call bounded by `timeout`.
async fn client(target: &LambdaTarget, timeout: Duration) -> aws_sdk_lambda::Client {
    let config = sdk_config(Some(&target.login), Some(&target.region)).await;
    let config = aws_sdk_lambda::config::Builder::from(&config)
        .timeout_config(TimeoutConfig::builder().operation_timeout(timeout).build())
        .interceptor(crate::aws::CallLog)
        .build();
    aws_sdk_lambda::Client::from_conf(config)
}

/// What an SDK error says, with its causes; a timeout in plain words.
fn sdk_error<E, R>(e: &aws_sdk_lambda::error::SdkError<E, R>, connector: &str, timeout: Duration) -> String
where
    E: std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    if let aws_sdk_lambda::error::SdkError::TimeoutError(_) = e {
        return format!("{connector} did not answer within {:.0}s", timeout.as_secs_f64());
    }
    format!("invoking {connector} failed: {}", crate::aws::error_chain(e))
}

/// Invokes the connector with `event`; `Ok` only for a `{"code":200}` answer.
///
/// The error never holds a secret the request carries (any of the event's passwords, the
/// login's secret key or session token): a connector, or whatever answers in its place,
/// may quote the request back, so its words are redacted and a malformed answer is
/// described, never shown.
///
/// Whether the password may have changed all the same: not after a `{"code":400}` answer (the
/// connector says the change failed) nor when the invocation was refused (the function
/// never ran); it may after a timeout, a function error, a malformed answer or any other
/// code.
pub async fn invoke(target: &LambdaTarget, event: &Event) -> std::result::Result<(), SetError> {
    let mut secrets: Vec<&Secret> = target.secrets().iter().collect();
    secrets.extend([&event.managing_user.password, &event.rotate_user.password, &event.rotate_user.new_password]);
    invoke_unredacted(target, event).await.map_err(|e| SetError { message: redact(&e.message, &secrets), ..e })
}

async fn invoke_unredacted(target: &LambdaTarget, event: &Event) -> std::result::Result<(), SetError> {
    let timeout = timeout()?;
    let body = serde_json::to_vec(event).map_err(|e| format!("cannot encode the connector event: {e}"))?;
    let sent = client(target, timeout)
        .await
        .invoke()
        .function_name(&target.arn)
        .invocation_type(InvocationType::RequestResponse)
        .payload(Blob::new(body))
        .send()
        .await;
    let out = sent.map_err(|e| {
        // Refused by Lambda (no such function, not allowed): the function never ran.
        let refused = matches!(e, aws_sdk_lambda::error::SdkError::ServiceError(_));
        let message = sdk_error(&e, &target.label(), timeout);
        if refused { SetError::unchanged(message) } else { SetError::unknown(message) }
    })?;
    let payload = out.payload().map(|b| b.as_ref()).unwrap_or_default();
    if let Some(kind) = out.function_error() {
        let detail: serde_json::Value = serde_json::from_slice(payload).unwrap_or_default();
        let message = detail.get("errorMessage").and_then(|m| m.as_str()).unwrap_or("no message");
        let error_type = detail.get("errorType").and_then(|m| m.as_str()).unwrap_or(kind);
        return Err(SetError::unknown(format!("the connector failed ({error_type}): {message}")));
    }
    let answer: Response = serde_json::from_slice(payload).map_err(|_| SetError::unknown(malformed_answer(payload)))?;
    let message = || format!("the connector answered {}: {}", answer.code, answer.message);
    match answer.code {
        200 => Ok(()),
        400 => Err(SetError::unchanged(message())),
        _ => Err(SetError::unknown(message())),
    }
}

/// What is wrong with an answer that is not `{"code","message"}`: its shape and size only.
/// The payload itself is never shown, as it may be the request (and its passwords) echoed
/// back by something that is not a connector.
fn malformed_answer(payload: &[u8]) -> String {
    let shape = match serde_json::from_slice::<serde_json::Value>(payload) {
        Err(_) if payload.is_empty() => "it is empty".to_owned(),
        Err(_) => "it is not JSON".to_owned(),
        Ok(serde_json::Value::Object(o)) => match o.get("code") {
            None => "it is a JSON object without \"code\"".to_owned(),
            Some(_) => "it is a JSON object whose \"code\" is not an HTTP status".to_owned(),
        },
        Ok(serde_json::Value::Array(_)) => "it is a JSON array".to_owned(),
        Ok(serde_json::Value::String(_)) => "it is a JSON string".to_owned(),
        Ok(serde_json::Value::Number(_)) => "it is a JSON number".to_owned(),
        Ok(serde_json::Value::Bool(_)) => "it is a JSON boolean".to_owned(),
        Ok(serde_json::Value::Null) => "it is JSON null".to_owned(),
    };
    format!(
        "the connector's answer is not {{\"code\",\"message\"}}: {shape} ({} bytes); is lambdaArn an escrot or \
         ESC rotation connector?",
        payload.len()
    )
}

/// A `DryRun` invocation: checks that the function exists and that the login may invoke
/// it, without running it.
pub async fn dry_run(target: &LambdaTarget) -> std::result::Result<(), String> {
    let timeout = timeout()?;
    client(target, timeout)
        .await
        .invoke()
        .function_name(&target.arn)
        .invocation_type(InvocationType::DryRun)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| redact(&sdk_error(&e, &target.label(), timeout), &target.secrets().iter().collect::<Vec<_>>()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login() -> Login {
        Login { access_key_id: "AKIA".into(), secret_access_key: "s".into(), session_token: None }
    }

    #[test]
    fn region_from_arn() {
        let t =
            LambdaTarget::new("arn:aws:lambda:eu-west-3:111122223333:function:rot".into(), login(), false).expect("ok");
        assert_eq!(t.region, "eu-west-3");
        let t = LambdaTarget::new("arn:aws:lambda:us-east-1:1:function:rot:prod".into(), login(), false).expect("ok");
        assert_eq!(t.region, "us-east-1");
        for bad in ["rot", "arn:aws:iam::1:user/x", "arn:aws:lambda::1:function:rot"] {
            assert!(LambdaTarget::new(bad.into(), login(), false).is_err(), "{bad}");
            let hidden = LambdaTarget::new(bad.into(), login(), true).err().map(|e| e.message).unwrap_or_default();
            assert!(hidden.ends_with("it is secret") && (bad.is_empty() || !hidden.contains(bad)), "{hidden}");
        }
        assert!(!format!("{:?}", login()).contains("\"s\""));
    }

    /// An answer that is not `{"code","message"}` is described, never shown: it may be the
    /// request echoed back.
    #[test]
    fn malformed_answers_are_described() {
        let echoed = br#"{"type":"postgres","rotateUser":{"username":"u2","password":"old-pw"}}"#;
        let message = malformed_answer(echoed);
        assert_eq!(
            message,
            format!(
                "the connector's answer is not {{\"code\",\"message\"}}: it is a JSON object without \"code\" ({} \
                 bytes); is lambdaArn an escrot or ESC rotation connector?",
                echoed.len()
            )
        );
        assert!(malformed_answer(b"old-pw").contains("it is not JSON (6 bytes)"));
        assert!(malformed_answer(br#"{"code":"x"}"#).contains("whose \"code\" is not an HTTP status"));
        assert!(malformed_answer(b"").contains("it is empty (0 bytes)"));
    }
}
