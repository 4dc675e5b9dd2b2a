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

use aws_config::{Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use serde::Deserialize;

use escrot_esc::schema::Schema;
use escrot_esc::value::Value;

pub use call_log::CallLog;
pub use http::https_client;

// The generic pieces live in `escrot-aws`, which the rotation connector shares; their paths
// here stay as they were.
pub use escrot_aws::{DEFAULT_REGION, SdkFailure, behavior_version, error_chain, error_code, error_code_and_message};

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
    let mut loader = escrot_aws::config_loader();
    if let Some(http) = http {
        loader = loader.http_client(http);
    }
    if let Some(region) = region {
        loader = loader.region(Region::new(region.to_owned()));
    }
    if let Some(login) = login {
        loader = loader.credentials_provider(login.credentials("escrot-aws-login"));
    }
    escrot_aws::load_config(loader).await
}

/// An AWS failure as users see it: the operation, AWS's error code and message (`iam:
/// CreateAccessKey: LimitExceeded: Cannot exceed quota for AccessKeysPerUser: 2`), or what
/// kept the request from being answered. Never holds a secret: requests are not echoed.
pub fn error_message<E>(operation: &str, err: &SdkFailure<E>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    escrot_aws::error_message(operation, err, CREDENTIALS_HELP)
}

/// What to do about AWS credentials that could not be had.
const CREDENTIALS_HELP: &str = "give the rotator a `login` input (the value of an `fn::open::aws-login`), or set \
     AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones), or AWS_PROFILE (a \
     profile of ~/.aws/config), or run where the AWS credential chain finds some (SSO, web identity, container or \
     instance metadata)";

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
