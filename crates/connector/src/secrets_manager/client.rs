//! The Secrets Manager calls a rotation makes — `DescribeSecret`, `GetSecretValue`,
//! `PutSecretValue`, `UpdateSecretVersionStage`, and nothing else (the IAM policy the
//! function needs is these four) — with AWS's error code and message on failure.

use std::collections::HashMap;

use aws_sdk_secretsmanager::Client;
use tokio::sync::OnceCell;

use escrot_db::Secret;

/// What to do when the function has no AWS credentials.
const CREDENTIALS_HELP: &str = "in Lambda, the function's execution role gives it credentials; served locally \
     (`escrot-connector serve`), set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or \
     AWS_PROFILE";

/// The staging labels of a rotation.
pub const AWSCURRENT: &str = "AWSCURRENT";
pub const AWSPENDING: &str = "AWSPENDING";
pub const AWSPREVIOUS: &str = "AWSPREVIOUS";

/// A Secrets Manager client, made once per process (a Lambda sandbox serves many
/// invocations) from the environment: the region Lambda sets (`AWS_REGION`), the execution
/// role's credentials, `AWS_ENDPOINT_URL_SECRETS_MANAGER` for a local one.
pub struct SecretsManager {
    client: Client,
}

/// What `DescribeSecret` says of a secret that a rotation needs.
#[derive(Clone, Debug)]
pub struct Metadata {
    pub arn: String,
    /// Absent when rotation was never configured.
    pub rotation_enabled: Option<bool>,
    /// Each version's staging labels.
    pub versions: HashMap<String, Vec<String>>,
}

impl Metadata {
    /// The version `stage` is on.
    pub fn version_with(&self, stage: &str) -> Option<&str> {
        self.versions.iter().find(|(_, stages)| stages.iter().any(|s| s == stage)).map(|(id, _)| id.as_str())
    }
}

fn message<E>(operation: &str, err: &escrot_aws::SdkFailure<E>) -> String
where
    E: aws_smithy_types::error::metadata::ProvideErrorMetadata + std::error::Error + 'static,
{
    escrot_aws::error_message(operation, err, CREDENTIALS_HELP)
}

impl SecretsManager {
    /// The process's client.
    pub async fn shared() -> &'static SecretsManager {
        static SHARED: OnceCell<SecretsManager> = OnceCell::const_new();
        SHARED
            .get_or_init(|| async {
                let config = escrot_aws::load_config(escrot_aws::config_loader()).await;
                SecretsManager { client: Client::new(&config) }
            })
            .await
    }

    pub async fn describe(&self, secret_id: &str) -> Result<Metadata, String> {
        let out = self
            .client
            .describe_secret()
            .secret_id(secret_id)
            .send()
            .await
            .map_err(|e| message("secretsmanager:DescribeSecret", &e))?;
        Ok(Metadata {
            arn: out.arn().unwrap_or(secret_id).to_owned(),
            rotation_enabled: out.rotation_enabled(),
            versions: out.version_ids_to_stages().cloned().unwrap_or_default(),
        })
    }

    /// The `SecretString` of the version at `stage` (and `version`, when given); `None`
    /// when there is none (`ResourceNotFoundException`: no such version, or a version with
    /// no value yet, as the pending one before `createSecret`).
    pub async fn value(&self, secret_id: &str, version: Option<&str>, stage: &str) -> Result<Option<Secret>, String> {
        let call = self.client.get_secret_value().secret_id(secret_id).set_version_id(version.map(str::to_owned));
        match call.version_stage(stage).send().await {
            Ok(out) => match out.secret_string() {
                Some(text) => Ok(Some(Secret::new(text))),
                None => Err(format!("the {stage} version of secret {secret_id} holds binary data, not a JSON text")),
            },
            Err(e) if escrot_aws::error_code(&e).as_deref() == Some("ResourceNotFoundException") => Ok(None),
            Err(e) => Err(message("secretsmanager:GetSecretValue", &e)),
        }
    }

    /// Writes `text` as version `token`, staged `AWSPENDING`. Idempotent for the same
    /// token and text (Secrets Manager's rule for `ClientRequestToken`).
    pub async fn put_pending(
        &self,
        secret_id: &str,
        token: &str,
        text: &Secret,
        rotation_token: Option<&str>,
    ) -> Result<(), String> {
        self.client
            .put_secret_value()
            .secret_id(secret_id)
            .client_request_token(token)
            .secret_string(text.expose())
            .version_stages(AWSPENDING)
            .set_rotation_token(rotation_token.map(str::to_owned))
            .send()
            .await
            .map(drop)
            .map_err(|e| message("secretsmanager:PutSecretValue", &e))
    }

    /// Moves `AWSCURRENT` from version `from` to version `to` (Secrets Manager then labels
    /// `from` `AWSPREVIOUS`).
    pub async fn move_current(&self, secret_id: &str, to: &str, from: Option<&str>) -> Result<(), String> {
        self.client
            .update_secret_version_stage()
            .secret_id(secret_id)
            .version_stage(AWSCURRENT)
            .move_to_version_id(to)
            .set_remove_from_version_id(from.map(str::to_owned))
            .send()
            .await
            .map(drop)
            .map_err(|e| message("secretsmanager:UpdateSecretVersionStage", &e))
    }
}
