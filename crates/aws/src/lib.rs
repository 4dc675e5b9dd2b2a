//! What every part of escrot that calls AWS shares, small enough for the rotation connector
//! (a Lambda function) to depend on: the pinned SDK behaviour version, loading the SDK
//! configuration with escrot's region default, and AWS failures as users see them (AWS's
//! own error code and message, or why no credentials were found).
//!
//! The rotators' and providers' AWS code (logins, one HTTPS client, running SDK calls from
//! synchronous code) is `escrot_rotation::aws`, which re-exports this.

use aws_config::{BehaviorVersion, ConfigLoader, Region, SdkConfig};
use aws_credential_types::provider::error::CredentialsError;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

/// The SDK behaviour escrot is written and tested against. Pinned, so that an SDK upgrade
/// never changes retries, timeouts or endpoints behind our back.
pub fn behavior_version() -> BehaviorVersion {
    BehaviorVersion::v2026_01_12()
}

/// The region used when neither the inputs nor the environment name one (ESC's default).
pub const DEFAULT_REGION: &str = "us-east-1";

/// `aws-config`'s loader at the pinned behaviour version: the environment's settings apply
/// (`AWS_ENDPOINT_URL` and the per-service `AWS_ENDPOINT_URL_*`, profiles, the standard
/// credential chain and retry policy) unless the caller overrides them.
pub fn config_loader() -> ConfigLoader {
    aws_config::defaults(behavior_version())
}

/// Loads `loader`'s configuration; with no region anywhere, [`DEFAULT_REGION`] rather than
/// a confusing "no region" failure on the first call.
pub async fn load_config(loader: ConfigLoader) -> SdkConfig {
    let config = loader.load().await;
    if config.region().is_none() {
        return config.into_builder().region(Region::new(DEFAULT_REGION)).build();
    }
    config
}

/// A failed SDK call, as the SDK returns it.
pub type SdkFailure<E> = SdkError<E, HttpResponse>;

/// AWS's error code and message of a failed call, if AWS answered. They come from the SDK's
/// parse of the answer or, when it found none (an error document in a shape the protocol
/// does not expect, as some AWS look-alikes send), from the answer's `<Code>` and
/// `<Message>` elements.
pub fn error_code_and_message<E>(err: &SdkFailure<E>) -> (Option<String>, Option<String>)
where
    E: ProvideErrorMetadata,
{
    let SdkError::ServiceError(ctx) = err else { return (None, None) };
    let e = ctx.err();
    if let Some(code) = e.code() {
        return (Some(code.to_owned()), e.message().map(str::to_owned));
    }
    let body = ctx.raw().body().bytes().map(String::from_utf8_lossy).unwrap_or_default();
    (xml_element(&body, "Code"), xml_element(&body, "Message"))
}

/// AWS's error code of a failed call, if AWS answered.
pub fn error_code<E>(err: &SdkFailure<E>) -> Option<String>
where
    E: ProvideErrorMetadata,
{
    error_code_and_message(err).0
}

/// The text of the first `<NAME>…</NAME>` of an XML document, unescaped.
fn xml_element(doc: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let start = doc.find(&open)? + open.len();
    let end = start + doc[start..].find(&format!("</{name}>"))?;
    let text = doc[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    Some(text).filter(|t| !t.is_empty())
}

/// An AWS failure as users see it: the operation, AWS's error code and message (`iam:
/// CreateAccessKey: LimitExceeded: Cannot exceed quota for AccessKeysPerUser: 2`), or what
/// kept the request from being answered. When no credentials could be had, the message
/// says so and ends with `credentials_help`, which tells the caller's users how to give
/// some. Never holds a secret: requests are not echoed.
pub fn error_message<E>(operation: &str, err: &SdkFailure<E>, credentials_help: &str) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    if let Some(e) = credentials_error(err) {
        return format!("{operation}: {}", credentials_message(e, credentials_help));
    }
    match err {
        SdkError::ServiceError(ctx) => match error_code_and_message(err) {
            (Some(code), Some(msg)) => format!("{operation}: {code}: {msg}"),
            (Some(code), None) => format!("{operation}: {code}"),
            _ => format!("{operation}: HTTP {}: {}", ctx.raw().status().as_u16(), error_chain(ctx.err())),
        },
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => {
            format!("{operation}: AWS could not be reached: {}", error_chain(err))
        }
        _ => format!("{operation}: {}", error_chain(err)),
    }
}

/// An error and its sources, as one line: each cause's text after a colon, a cause whose
/// text the line already holds left out. (The SDK's `DisplayErrorContext` ends with the
/// `Debug` form of the whole error: headers, bodies and type names that fill a screen and
/// tell users nothing.)
pub fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut line = err.to_string();
    let mut next = err.source();
    while let Some(e) = next {
        let text = e.to_string();
        if !text.is_empty() && !line.contains(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
        next = e.source();
    }
    line
}

/// The credential chain's failure, when that is what kept a call from being sent (the SDK
/// reports it as a dispatch failure, whose text names no credential).
fn credentials_error<'a>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a CredentialsError> {
    let mut next = Some(err);
    while let Some(e) = next {
        if let Some(c) = e.downcast_ref::<CredentialsError>() {
            return Some(c);
        }
        next = e.source();
    }
    None
}

/// A credentials failure as users see it: which credentials are missing, and `help`.
fn credentials_message(e: &CredentialsError, help: &str) -> String {
    match e {
        CredentialsError::CredentialsNotLoaded(_) => format!("no AWS credentials were found: {help}"),
        e => format!("the AWS credentials could not be loaded ({}): {help}", error_chain(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_elements() {
        let doc = "<ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code><Message>a &amp; b &lt;c&gt;</Message>\
                   </Error></Errors></ErrorResponse>";
        assert_eq!(xml_element(doc, "Code").as_deref(), Some("InvalidClientTokenId"));
        assert_eq!(xml_element(doc, "Message").as_deref(), Some("a & b <c>"));
        assert_eq!(xml_element(doc, "Nope"), None);
        assert_eq!(xml_element("<Code></Code>", "Code"), None);
    }

    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<Layer>>);

    impl std::fmt::Display for Layer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Layer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
        }
    }

    #[test]
    fn error_chains_are_one_line_of_causes_without_debug_dumps() {
        let inner = Layer("request forbidden", None);
        let mid = Layer("failed to load IMDS session token: request forbidden", Some(Box::new(inner)));
        let top = Layer("an error occurred while loading credentials", Some(Box::new(mid)));
        assert_eq!(
            error_chain(&top),
            "an error occurred while loading credentials: failed to load IMDS session token: request forbidden"
        );
        assert_eq!(error_chain(&Layer("alone", None)), "alone");
    }
}
