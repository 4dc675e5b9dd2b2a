//! moto's Secrets Manager as a rotation function finds it: secrets, and each step's
//! starting state, made the way Secrets Manager makes them — for tests that drive a
//! rotation function (escrot's connector) through the four steps themselves, since moto
//! cannot run a Lambda.
//!
//! Before invoking `createSecret`, Secrets Manager has rotation enabled and a new version,
//! the event's token, staged `AWSPENDING` with no value yet. moto makes exactly that in
//! `RotateSecret` with a rotation Lambda and `RotateImmediately`, provided the Lambda exists:
//! [`SecretsManager::start_rotation`] creates one in moto's Docker-less Lambda backend
//! (`{"lambda": {"use_docker": false}}`, whose invocations of the four steps do nothing),
//! so the state after the call is the one before `createSecret`. (moto also marks the new
//! version as the secret's default, which only a `GetSecretValue` naming neither a version
//! nor a stage would see.) moto turns `RotationEnabled` on only for rules with
//! `AutomaticallyAfterDays`, so that is what is sent.

use std::collections::BTreeMap;

use aws_sdk_secretsmanager::types::RotationRulesType;

use crate::moto::{Key, Moto};

/// The Lambda ARN rotations name (moto's, in its Docker-less backend).
const FUNCTION: &str = "escrot-sm-rotation";

/// Secrets Manager on a moto a test holds.
pub struct SecretsManager<'m> {
    moto: &'m Moto,
    client: aws_sdk_secretsmanager::Client,
}

impl<'m> SecretsManager<'m> {
    pub fn new(moto: &'m Moto) -> SecretsManager<'m> {
        let client = aws_sdk_secretsmanager::Client::new(&moto.sdk_config(&Key::any()));
        SecretsManager { moto, client }
    }

    /// Creates a secret holding `value` (its first version, `AWSCURRENT`); its ARN.
    pub fn create(&self, name: &str, value: &serde_json::Value) -> String {
        let out = self
            .moto
            .block_on(self.client.create_secret().name(name).secret_string(value.to_string()).send())
            .expect("secretsmanager:CreateSecret");
        out.arn().expect("an ARN").to_owned()
    }

    /// The rotation function moto knows of, created on first use after a reset.
    fn rotation_function(&self) -> String {
        crate::moto::http(self.moto.port, "POST", "/moto-api/config", r#"{"lambda": {"use_docker": false}}"#)
            .expect("moto's configuration");
        let lambda = aws_sdk_lambda::Client::new(&self.moto.sdk_config(&Key::any()));
        if let Ok(f) = self.moto.block_on(lambda.get_function().function_name(FUNCTION).send())
            && let Some(arn) = f.configuration().and_then(|c| c.function_arn())
        {
            return arn.to_owned();
        }
        let role = self.moto.create_role(FUNCTION, &["secretsmanager:*"]);
        // An empty zip archive: moto reads the code, the Docker-less backend never runs it.
        let empty_zip = [b"PK\x05\x06".as_slice(), &[0u8; 18]].concat();
        let code = aws_sdk_lambda::types::FunctionCode::builder()
            .zip_file(aws_sdk_lambda::primitives::Blob::new(empty_zip))
            .build();
        let out = self
            .moto
            .block_on(
                lambda
                    .create_function()
                    .function_name(FUNCTION)
                    .runtime(aws_sdk_lambda::types::Runtime::Providedal2023)
                    .handler("bootstrap")
                    .role(role)
                    .code(code)
                    .send(),
            )
            .expect("lambda:CreateFunction");
        out.function_arn().expect("a function ARN").to_owned()
    }

    /// Enables rotation and starts one with version `token`: the state before
    /// `createSecret` (see the module's documentation).
    pub fn start_rotation(&self, secret: &str, token: &str) {
        let function = self.rotation_function();
        let rules = RotationRulesType::builder().automatically_after_days(7).build();
        self.moto
            .block_on(
                self.client
                    .rotate_secret()
                    .secret_id(secret)
                    .client_request_token(token)
                    .rotation_lambda_arn(function)
                    .rotation_rules(rules)
                    .rotate_immediately(true)
                    .send(),
            )
            .expect("secretsmanager:RotateSecret");
    }

    /// Ends a finished rotation as Secrets Manager does: `AWSPENDING` taken off the new
    /// `AWSCURRENT` version (moto refuses to start the next rotation while it is on it).
    pub fn end_rotation(&self, secret: &str, token: &str) {
        self.moto
            .block_on(
                self.client
                    .update_secret_version_stage()
                    .secret_id(secret)
                    .version_stage("AWSPENDING")
                    .remove_from_version_id(token)
                    .send(),
            )
            .expect("secretsmanager:UpdateSecretVersionStage");
    }

    /// Disables rotation (`CancelRotateSecret`).
    pub fn cancel_rotation(&self, secret: &str) {
        self.moto
            .block_on(self.client.cancel_rotate_secret().secret_id(secret).send())
            .expect("secretsmanager:CancelRotateSecret");
    }

    /// Each version's staging labels, sorted.
    pub fn stages(&self, secret: &str) -> BTreeMap<String, Vec<String>> {
        let out = self
            .moto
            .block_on(self.client.describe_secret().secret_id(secret).send())
            .expect("secretsmanager:DescribeSecret");
        out.version_ids_to_stages()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|(id, mut stages)| {
                stages.sort();
                (id, stages)
            })
            .collect()
    }

    /// The value of the version at `stage`, as JSON; `None` when there is none.
    pub fn value(&self, secret: &str, stage: &str) -> Option<serde_json::Value> {
        let out =
            self.moto.block_on(self.client.get_secret_value().secret_id(secret).version_stage(stage).send()).ok()?;
        serde_json::from_str(out.secret_string()?).ok()
    }

    /// Writes `value` as version `token`, staged `AWSPENDING` (over a value it had: moto
    /// replaces a pending version's value, which lets a test make it wrong).
    pub fn put_pending(&self, secret: &str, token: &str, value: &serde_json::Value) {
        self.moto
            .block_on(
                self.client
                    .put_secret_value()
                    .secret_id(secret)
                    .client_request_token(token)
                    .secret_string(value.to_string())
                    .version_stages("AWSPENDING")
                    .send(),
            )
            .expect("secretsmanager:PutSecretValue");
    }
}
