//! `fn::open::aws-secrets`: secrets of AWS Secrets Manager, as ESC reads them: each name
//! of `get` (`{secretId, versionId?, versionStage?}`) mapped to its secret's value
//! (`secretsmanager:GetSecretValue`), a secret string. A secret stored as text (the usual
//! kind, JSON included: `fn::fromJSON` reads it) is that text; one stored as binary,
//! which ESC's documentation does not mention, is its bytes in base64 (`fn::fromBase64`
//! turns text back into text).

use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::Deserialize;

use super::aws_get::{self, AwsGetter};
use crate::aws::{CallLog, error_message};
use crate::rotators::inputs::MaybeSecret;
use escrot_esc::provider::{Error, OpenContext, Provider};
use escrot_esc::schema::Schema;
use escrot_esc::value::Value;

/// The `aws-secrets` provider.
#[derive(Clone, Copy, Debug, Default)]
pub struct AwsSecrets;

/// One entry of `get`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SecretGet {
    /// The secret's name or ARN; a secret one is kept out of messages.
    secret_id: MaybeSecret<String>,
    version_id: Option<String>,
    version_stage: Option<String>,
}

impl AwsGetter for AwsSecrets {
    const NAME: &'static str = "aws-secrets";
    type Get = SecretGet;
    type Client = aws_sdk_secretsmanager::Client;

    fn client(config: &aws_config::SdkConfig) -> aws_sdk_secretsmanager::Client {
        aws_sdk_secretsmanager::Client::from_conf(
            aws_sdk_secretsmanager::config::Builder::from(config).interceptor(CallLog).build(),
        )
    }

    async fn fetch(client: &aws_sdk_secretsmanager::Client, get: &SecretGet) -> Result<Value, String> {
        const OPERATION: &str = "secretsmanager:GetSecretValue";
        let out = client
            .get_secret_value()
            .secret_id(&get.secret_id.value)
            .set_version_id(get.version_id.clone())
            .set_version_stage(get.version_stage.clone())
            .send()
            .await
            .map_err(|e| aws_get::redacted(error_message(OPERATION, &e), &get.secret_id))?;
        let text = match (out.secret_string(), out.secret_binary()) {
            (Some(text), _) => text.to_owned(),
            (None, Some(bytes)) => BASE64.encode(bytes.as_ref()),
            (None, None) => return Err(format!("{OPERATION} returned no value")),
        };
        Ok(Value::string(text).with_secret(true))
    }
}

impl Provider for AwsSecrets {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>) {
        let entry = Schema::object()
            .properties([
                ("secretId", Schema::string().description("The secret's name or ARN.")),
                ("versionId", Schema::string().description("The version to read (default: the current one).")),
                (
                    "versionStage",
                    Schema::string()
                        .description("The staging label of the version to read (AWSCURRENT, AWSPREVIOUS…)."),
                ),
            ])
            .required(["secretId"])
            .description("A secret to read from AWS Secrets Manager.");
        let inputs = aws_get::inputs_schema(entry, "Names, each mapped to the secret to read for it.").build();
        let outputs = Schema::object()
            .additional_properties(Schema::string().secret())
            .description("Each name of get mapped to its secret's value.")
            .build();
        (inputs, outputs)
    }

    fn open(&self, inputs: &std::collections::BTreeMap<String, Value>, _ctx: &OpenContext<'_>) -> Result<Value, Error> {
        aws_get::open::<AwsSecrets>(inputs)
    }
}
