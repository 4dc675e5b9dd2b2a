//! Values in moto for the tests of the providers that read them: Secrets Manager secrets
//! (`fn::open::aws-secrets`) and Parameter Store parameters (`fn::open::aws-parameter-store`).
//! Each call is signed with the key given ([`Key::any`] works before [`Moto::enforce_auth`]).

use aws_sdk_secretsmanager::primitives::Blob;
use aws_sdk_ssm::types::ParameterType;

use crate::moto::{Key, Moto};

fn secrets_manager(moto: &Moto, signer: &Key) -> aws_sdk_secretsmanager::Client {
    aws_sdk_secretsmanager::Client::new(&moto.sdk_config(signer))
}

fn ssm(moto: &Moto, signer: &Key) -> aws_sdk_ssm::Client {
    aws_sdk_ssm::Client::new(&moto.sdk_config(signer))
}

/// Creates the secret `name` holding the text `value`; returns its version id.
pub fn create_secret(moto: &Moto, signer: &Key, name: &str, value: &str) -> String {
    let call = secrets_manager(moto, signer).create_secret().name(name).secret_string(value).send();
    let out = moto.block_on(call).expect("secretsmanager:CreateSecret");
    out.version_id().expect("a version id").to_owned()
}

/// Creates the secret `name` holding the bytes `value`; returns its version id.
pub fn create_binary_secret(moto: &Moto, signer: &Key, name: &str, value: &[u8]) -> String {
    let call = secrets_manager(moto, signer).create_secret().name(name).secret_binary(Blob::new(value)).send();
    let out = moto.block_on(call).expect("secretsmanager:CreateSecret");
    out.version_id().expect("a version id").to_owned()
}

/// Gives the secret `name` a new current version holding `value` (the current one becomes
/// AWSPREVIOUS), as a rotation of it does; returns the new version's id.
pub fn put_secret_value(moto: &Moto, signer: &Key, name: &str, value: &str) -> String {
    let call = secrets_manager(moto, signer).put_secret_value().secret_id(name).secret_string(value).send();
    let out = moto.block_on(call).expect("secretsmanager:PutSecretValue");
    out.version_id().expect("a version id").to_owned()
}

/// Sets the parameter `name` to `value`, of type `kind` (`String`, `StringList`,
/// `SecureString`), a new version when it exists; returns its version.
pub fn put_parameter(moto: &Moto, signer: &Key, name: &str, value: &str, kind: &str) -> i64 {
    let call = ssm(moto, signer)
        .put_parameter()
        .name(name)
        .value(value)
        .r#type(ParameterType::from(kind))
        .overwrite(true)
        .send();
    moto.block_on(call).expect("ssm:PutParameter").version()
}
