//! `fn::open::aws-parameter-store`: parameters of AWS Systems Manager Parameter Store, as
//! ESC reads them: each name of `get` (`{name, decrypt?}`) mapped to its parameter's value
//! (`ssm:GetParameter`). `name` may end in `:VERSION` or `:LABEL`; `decrypt` (default
//! `false`, as in ESC) asks AWS to decrypt a SecureString, and has no effect on the other
//! types.
//!
//! A `String` is a string and a `StringList` a list of strings (as ESC shows them). ESC's
//! documentation does not say which values it marks secret; escrot marks every
//! `SecureString` secret, decrypted or not (undecrypted, AWS answers with the ciphertext,
//! which is no plain value either), and no other type.

use std::collections::BTreeMap;
use std::sync::Arc;

use aws_sdk_ssm::types::ParameterType;
use serde::Deserialize;

use super::aws_get::{self, AwsGetter};
use crate::aws::{CallLog, error_message};
use crate::rotators::inputs::MaybeSecret;
use escrot_esc::provider::{Error, OpenContext, Provider};
use escrot_esc::schema::Schema;
use escrot_esc::value::{Value, ValueRepr};

/// The `aws-parameter-store` provider.
#[derive(Clone, Copy, Debug, Default)]
pub struct AwsParameterStore;

/// One entry of `get`.
#[derive(Deserialize)]
pub(super) struct ParameterGet {
    /// The parameter's name or ARN, with `:VERSION` or `:LABEL`; a secret one is kept out
    /// of messages.
    name: MaybeSecret<String>,
    /// Absent or `null`: `false`.
    decrypt: Option<bool>,
}

impl AwsGetter for AwsParameterStore {
    const NAME: &'static str = "aws-parameter-store";
    type Get = ParameterGet;
    type Client = aws_sdk_ssm::Client;

    fn client(config: &aws_config::SdkConfig) -> aws_sdk_ssm::Client {
        aws_sdk_ssm::Client::from_conf(aws_sdk_ssm::config::Builder::from(config).interceptor(CallLog).build())
    }

    async fn fetch(client: &aws_sdk_ssm::Client, get: &ParameterGet) -> Result<Value, String> {
        const OPERATION: &str = "ssm:GetParameter";
        let out = client
            .get_parameter()
            .name(&get.name.value)
            .with_decryption(get.decrypt.unwrap_or(false))
            .send()
            .await
            .map_err(|e| aws_get::redacted(error_message(OPERATION, &e), &get.name))?;
        let parameter = out.parameter().ok_or_else(|| format!("{OPERATION} returned no parameter"))?;
        let value = parameter.value().ok_or_else(|| format!("{OPERATION} returned no value"))?;
        Ok(parameter_value(parameter.r#type(), value))
    }
}

/// A parameter's value as the environment holds it.
fn parameter_value(kind: Option<&ParameterType>, value: &str) -> Value {
    match kind {
        Some(ParameterType::StringList) => Value::new(ValueRepr::Array(value.split(',').map(Value::string).collect())),
        Some(ParameterType::SecureString) => Value::string(value).with_secret(true),
        _ => Value::string(value),
    }
}

impl Provider for AwsParameterStore {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>) {
        let entry = Schema::object()
            .properties([
                (
                    "name",
                    Schema::string()
                        .description("The parameter's name or ARN; NAME:VERSION or NAME:LABEL reads that version."),
                ),
                (
                    "decrypt",
                    Schema::boolean()
                        .default_value(false)
                        .description("Whether AWS decrypts a SecureString (no effect on other types)."),
                ),
            ])
            .required(["name"])
            .description("A parameter to read from AWS Systems Manager Parameter Store.");
        let inputs = aws_get::inputs_schema(entry, "Names, each mapped to the parameter to read for it.").build();
        let value = Schema::any_of([Schema::string(), Schema::array().items(Schema::string())]);
        let outputs = Schema::object()
            .additional_properties(value)
            .description("Each name of get mapped to its parameter's value (a StringList as a list).")
            .build();
        (inputs, outputs)
    }

    fn open(&self, inputs: &BTreeMap<String, Value>, _ctx: &OpenContext<'_>) -> Result<Value, Error> {
        aws_get::open::<AwsParameterStore>(inputs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_by_type() {
        let list = parameter_value(Some(&ParameterType::StringList), "a,b,c");
        assert_eq!(list.to_json(false), serde_json::json!(["a", "b", "c"]));
        assert!(!list.contains_secrets());
        let plain = parameter_value(Some(&ParameterType::String), "x,y");
        assert_eq!((plain.as_str(), plain.secret), (Some("x,y"), false));
        let secure = parameter_value(Some(&ParameterType::SecureString), "s3cr3t");
        assert_eq!((secure.as_str(), secure.secret), (Some("s3cr3t"), true));
        assert_eq!(secure.to_json(true), serde_json::json!("[secret]"));
    }
}
