//! What every part of escrot that calls AWS shares (the `fn::open::aws-login` provider, the
//! aws-iam rotator, the client of the rotation connector): the aws-login value and its
//! schema, SDK configuration from it or from the standard credential chain, the pinned
//! behaviour version, AWS error messages, and running SDK calls from synchronous code.
//!
//! Configuration is always loaded through `aws-config`, so the environment's settings
//! apply everywhere: `AWS_ENDPOINT_URL` and the per-service `AWS_ENDPOINT_URL_IAM`,
//! `AWS_ENDPOINT_URL_STS`… (to point escrot at LocalStack or moto), profiles, and the
//! standard retry policy (throttling and 5xx responses are retried by the SDK).

pub mod call_log;
pub mod http;
pub mod kms;

use std::fmt;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use serde::Deserialize;

use escrot_esc::schema::Schema;
use escrot_esc::value::Value;

pub use call_log::CallLog;
pub use http::https_client;

/// The SDK behaviour escrot is written and tested against. Pinned, so that an SDK upgrade
/// never changes retries, timeouts or endpoints behind our back.
pub fn behavior_version() -> BehaviorVersion {
    BehaviorVersion::v2026_01_12()
}

/// The region used when neither the inputs nor the environment name one (ESC's default).
pub const DEFAULT_REGION: &str = "us-east-1";

/// AWS credentials as an aws-login value holds them (`{accessKeyId, secretAccessKey,
/// sessionToken?}`). `Debug` shows the key id only.
///
/// Rotators read it as one of their inputs with serde (`rotators::inputs`, problems worded
/// as any input's); the aws-login provider reads its `static` login with
/// [`Login::from_value`], whose messages are its own.
#[derive(Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Login {
    pub access_key_id: String,
    pub secret_access_key: String,
    /// An empty token is no token.
    #[serde(default, deserialize_with = "non_empty_token")]
    pub session_token: Option<String>,
}

fn non_empty_token<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.filter(|t| !t.is_empty()))
}

impl fmt::Debug for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Login")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"[secret]")
            .field("session_token", &self.session_token.as_ref().map(|_| "[secret]"))
            .finish()
    }
}

impl Login {
    /// Reads an aws-login value. `what` names it in messages (`input login`).
    pub fn from_value(v: &Value, what: &str) -> Result<Login, String> {
        if v.unknown {
            return Err(format!("{what} is unknown"));
        }
        let Some(o) = v.as_object() else {
            return Err(format!("{what} must be an object with accessKeyId and secretAccessKey"));
        };
        let field = |name: &str| -> Result<Option<String>, String> {
            match o.get(name) {
                None => Ok(None),
                Some(x) if x.unknown => Err(format!("{what}.{name} is unknown")),
                Some(x) if matches!(x.repr, escrot_esc::value::ValueRepr::Null) => Ok(None),
                Some(x) => {
                    x.as_str().map(|s| Some(s.to_owned())).ok_or_else(|| format!("{what}.{name} must be a string"))
                }
            }
        };
        let access_key_id = field("accessKeyId")?.ok_or_else(|| format!("{what} has no accessKeyId"))?;
        let secret_access_key = field("secretAccessKey")?.ok_or_else(|| format!("{what} has no secretAccessKey"))?;
        let session_token = field("sessionToken")?.filter(|t| !t.is_empty());
        Ok(Login { access_key_id, secret_access_key, session_token })
    }

    /// The SDK's credentials.
    pub fn credentials(&self, source: &'static str) -> Credentials {
        Credentials::new(
            self.access_key_id.clone(),
            self.secret_access_key.clone(),
            self.session_token.clone(),
            None,
            source,
        )
    }
}

/// The aws-login value schema (`{accessKeyId, secretAccessKey, sessionToken?}`), shared with
/// rotators whose `login` input takes such a value.
pub fn login_value_schema() -> Schema {
    Schema::object()
        .properties([
            ("accessKeyId", Schema::string().description("The AWS access key ID.")),
            ("secretAccessKey", Schema::string().secret().description("The AWS secret access key.")),
            ("sessionToken", Schema::string().secret().description("The AWS session token, if any.")),
        ])
        .required(["accessKeyId", "secretAccessKey"])
        .description("AWS credentials, as fn::open::aws-login returns them.")
}

/// The SDK configuration for `region`, signed with `login`, or with the standard AWS
/// credential chain (environment, profiles, SSO, web identity, container and instance
/// metadata) when there is no login. Endpoint overrides and retry settings come from the
/// environment. Many calls should share one HTTP client: [`sdk_config_with`].
pub async fn sdk_config(login: Option<&Login>, region: Option<&str>) -> SdkConfig {
    sdk_config_with(login, region, None).await
}

/// [`sdk_config`], over `http` when given (an [`https_client`] shared by the clients made
/// from it and from other configurations), else each client makes an HTTP client of its own.
pub async fn sdk_config_with(login: Option<&Login>, region: Option<&str>, http: Option<SharedHttpClient>) -> SdkConfig {
    let mut loader = aws_config::defaults(behavior_version());
    if let Some(http) = http {
        loader = loader.http_client(http);
    }
    if let Some(region) = region {
        loader = loader.region(Region::new(region.to_owned()));
    }
    if let Some(login) = login {
        loader = loader.credentials_provider(login.credentials("escrot-aws-login"));
    }
    let config = loader.load().await;
    if config.region().is_none() {
        // No region anywhere: ESC's default, rather than a confusing "no region" failure.
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
/// kept the request from being answered. Never holds a secret: requests are not echoed.
pub fn error_message<E>(operation: &str, err: &SdkFailure<E>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    if let Some(e) = credentials_error(err) {
        return format!("{operation}: {}", credentials_message(e));
    }
    match err {
        SdkError::ServiceError(ctx) => match error_code_and_message(err) {
            (Some(code), Some(msg)) => format!("{operation}: {code}: {msg}"),
            (Some(code), None) => format!("{operation}: {code}"),
            _ => format!(
                "{operation}: HTTP {}: {}",
                ctx.raw().status().as_u16(),
                aws_smithy_types::error::display::DisplayErrorContext(ctx.err())
            ),
        },
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => {
            format!(
                "{operation}: AWS could not be reached: {}",
                aws_smithy_types::error::display::DisplayErrorContext(err)
            )
        }
        _ => format!("{operation}: {}", aws_smithy_types::error::display::DisplayErrorContext(err)),
    }
}

/// What to do about AWS credentials that could not be had.
const CREDENTIALS_HELP: &str = "give the rotator a `login` input (the value of an `fn::open::aws-login`), or set \
     AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones), or AWS_PROFILE (a \
     profile of ~/.aws/config), or run where the AWS credential chain finds some (SSO, web identity, container or \
     instance metadata)";

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

/// A credentials failure as users see it: which credentials are missing and how to give them.
fn credentials_message(e: &CredentialsError) -> String {
    match e {
        CredentialsError::CredentialsNotLoaded(_) => format!("no AWS credentials were found: {CREDENTIALS_HELP}"),
        e => format!(
            "the AWS credentials could not be loaded ({}): {CREDENTIALS_HELP}",
            aws_smithy_types::error::display::DisplayErrorContext(e)
        ),
    }
}

/// AWS's error code of a failed call, if AWS answered.
pub fn error_code<E>(err: &SdkFailure<E>) -> Option<String>
where
    E: ProvideErrorMetadata,
{
    error_code_and_message(err).0
}

/// Runs `f` to completion on a runtime of its own, on a thread of its own, and returns its
/// output. For synchronous code that needs the SDK: the evaluator's providers run on the
/// CLI's thread, sometimes inside a current-thread runtime's `block_on` (the `rotate`
/// command), where blocking on that runtime again would deadlock or panic.
pub fn run_blocking<F, T>(f: F) -> Result<T, String>
where
    F: FnOnce() -> std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send>> + Send,
    T: Send,
{
    std::thread::scope(|s| {
        let handle = s.spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| format!("cannot start the async runtime: {e}"))?;
            Ok(runtime.block_on(f()))
        });
        handle.join().unwrap_or_else(|_| Err("the AWS call panicked".to_owned()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn login_value(pairs: &[(&str, Value)]) -> Value {
        Value::object(pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect::<BTreeMap<_, _>>())
    }

    #[test]
    fn reads_login_values() {
        let v = login_value(&[
            ("accessKeyId", Value::string("AKIA1")),
            ("secretAccessKey", Value::string("s3cr3t").with_secret(true)),
        ]);
        let login = Login::from_value(&v, "input login").expect("a login");
        assert_eq!(login.access_key_id, "AKIA1");
        assert_eq!(login.session_token, None);
        let shown = format!("{login:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");

        let missing = login_value(&[("accessKeyId", Value::string("AKIA1"))]);
        assert_eq!(Login::from_value(&missing, "input login"), Err("input login has no secretAccessKey".to_owned()));
        assert_eq!(
            Login::from_value(&Value::string("x"), "input login"),
            Err("input login must be an object with accessKeyId and secretAccessKey".to_owned())
        );
        assert_eq!(Login::from_value(&Value::unknown(), "input login"), Err("input login is unknown".to_owned()));
    }

    #[test]
    fn xml_elements() {
        let doc = "<ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code><Message>a &amp; b &lt;c&gt;</Message>\
                   </Error></Errors></ErrorResponse>";
        assert_eq!(xml_element(doc, "Code").as_deref(), Some("InvalidClientTokenId"));
        assert_eq!(xml_element(doc, "Message").as_deref(), Some("a & b <c>"));
        assert_eq!(xml_element(doc, "Nope"), None);
        assert_eq!(xml_element("<Code></Code>", "Code"), None);
    }

    #[test]
    fn run_blocking_works_inside_a_runtime() {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        let out = rt.block_on(async {
            run_blocking(|| {
                Box::pin(async {
                    tokio::time::sleep(std::time::Duration::from_millis(1)).await;
                    42
                })
            })
        });
        assert_eq!(out, Ok(42));
    }
}
