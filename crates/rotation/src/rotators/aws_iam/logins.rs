//! The SDK clients of the aws-iam rotator's rotations, per login and region, made once and
//! shared: making them for each step loaded the configuration again (environment,
//! profiles, the credential chain) and gave each client an HTTP client of its own, whose
//! connections no other call could reuse; and what the login's `sts:GetCallerIdentity`
//! says, asked once per login.

use std::collections::HashMap;
use std::sync::Arc;

use crate::aws::{self, Login, error_message};
use crate::rotators::{Result, RotateError};

/// The clients of each login and region, made on first use, over one HTTP client.
pub(super) struct Logins {
    http: aws_smithy_runtime_api::client::http::SharedHttpClient,
    signed: tokio::sync::Mutex<HashMap<LoginInRegion, Arc<Signed>>>,
}

/// A login (`None`: the credential chain's) and a region.
type LoginInRegion = (Option<Login>, String);

impl Default for Logins {
    fn default() -> Logins {
        Logins { http: aws::https_client(), signed: tokio::sync::Mutex::default() }
    }
}

impl std::fmt::Debug for Logins {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Logins").finish_non_exhaustive()
    }
}

/// The clients of one login in one region.
pub(super) struct Signed {
    pub(super) config: aws_config::SdkConfig,
    pub(super) iam: aws_sdk_iam::Client,
    sts: aws_sdk_sts::Client,
    /// The login's `sts:GetCallerIdentity`: who it is does not change while escrot runs.
    caller: tokio::sync::OnceCell<Caller>,
}

/// Who the login is.
pub(super) struct Caller {
    pub(super) arn: Option<String>,
    pub(super) account: Option<String>,
}

impl Logins {
    /// The clients of `login` in `region` (their calls logged, as every AWS call is).
    /// Rotations that ask at once wait for one to make them.
    pub(super) async fn signed(&self, login: Option<&Login>, region: &str) -> Arc<Signed> {
        let mut signed = self.signed.lock().await;
        let key = (login.cloned(), region.to_owned());
        if let Some(s) = signed.get(&key) {
            return s.clone();
        }
        let config = aws::sdk_config_with(login, Some(region), Some(self.http.clone())).await;
        let iam = aws_sdk_iam::Client::from_conf(
            aws_sdk_iam::config::Builder::from(&config).interceptor(aws::CallLog).build(),
        );
        let sts = aws_sdk_sts::Client::from_conf(
            aws_sdk_sts::config::Builder::from(&config).interceptor(aws::CallLog).build(),
        );
        let s = Arc::new(Signed { config, iam, sts, caller: tokio::sync::OnceCell::new() });
        signed.insert(key, s.clone());
        s
    }
}

impl Signed {
    /// Who the login is: `sts:GetCallerIdentity` on first use (a failure is not kept).
    pub(super) async fn caller(&self) -> Result<&Caller> {
        self.caller
            .get_or_try_init(|| async {
                let me = self.sts.get_caller_identity().send().await.map_err(|e| {
                    RotateError::new(format!("the login does not work: {}", error_message("sts:GetCallerIdentity", &e)))
                })?;
                Ok(Caller { arn: me.arn().map(str::to_owned), account: me.account().map(str::to_owned) })
            })
            .await
    }
}
