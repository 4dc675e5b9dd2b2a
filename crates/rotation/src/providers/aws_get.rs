//! What the providers that read values out of AWS share (`aws-secrets`,
//! `aws-parameter-store`): the `region` and `login` inputs and a `get` map of names, one
//! SDK client (over one HTTP client) per open, every name fetched at once, and each
//! failure reported under its name.
//!
//! ESC's documentation marks neither `region` nor `login` optional. escrot accepts both
//! absent, as its aws-iam rotator does, because a local tool is usually run where AWS
//! credentials already are: without `login` the standard AWS credential chain signs, and
//! without `region` the AWS configuration's region is used (`AWS_REGION`, the profile's),
//! else us-east-1.
//!
//! As in ESC, one failed name fails the whole provider (its value is unknown, with one
//! error naming every name that failed), so an environment never opens with a value
//! silently missing.

use std::collections::BTreeMap;
use std::future::Future;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::aws::{self, Login, run_blocking};
use crate::rotators::inputs::{self, Inputs, MaybeSecret};
use escrot_esc::provider::Error;
use escrot_esc::schema::Schema;
use escrot_esc::value::Value;

/// A provider that reads the values its `get` names from one AWS service.
pub(super) trait AwsGetter: 'static {
    /// The provider's name, which starts its messages (`aws-secrets`).
    const NAME: &'static str;
    /// What one entry of `get` asks for.
    type Get: DeserializeOwned + Send + Sync + 'static;
    /// The service's SDK client.
    type Client: Send + Sync + 'static;

    /// The client for `config`, its calls logged as every AWS call is.
    fn client(config: &aws_config::SdkConfig) -> Self::Client;

    /// The value `get` asks for, or what AWS said (`secretsmanager:GetSecretValue: CODE:
    /// message`), which never holds a value.
    fn fetch(client: &Self::Client, get: &Self::Get) -> impl Future<Output = Result<Value, String>> + Send;
}

/// The inputs of every [`AwsGetter`].
#[derive(Deserialize)]
#[serde(bound = "G: DeserializeOwned")]
struct GetInputs<G> {
    region: Option<String>,
    login: Option<Login>,
    get: BTreeMap<String, G>,
}

/// The input schema of a provider whose `get` entries are `entry`s.
pub(super) fn inputs_schema(entry: Schema, what: &str) -> Schema {
    Schema::object()
        .properties([
            (
                "region",
                Schema::string().description(
                    "The AWS region to call. Without it, the AWS configuration's region (AWS_REGION, the \
                     profile's), else us-east-1.",
                ),
            ),
            (
                "login",
                aws::login_value_schema().description(
                    "The credentials to call AWS with (an fn::open::aws-login value). Without it, the standard \
                     AWS credential chain is used.",
                ),
            ),
            ("get", Schema::object().additional_properties(entry).description(what)),
        ])
        .required(["get"])
}

/// Opens provider `P`: each name of `get` mapped to its value, all of them fetched at once.
pub(super) fn open<P: AwsGetter>(inputs: &Inputs) -> Result<Value, Error> {
    let inputs: GetInputs<P::Get> = inputs::read(inputs).map_err(|e| format!("{}: {}", P::NAME, e.message))?;
    let fetched = run_blocking(move || Box::pin(fetch_all::<P>(inputs)))?;
    Ok(combine(P::NAME, fetched)?)
}

/// Every name's value or failure, fetched concurrently with one client.
async fn fetch_all<P: AwsGetter>(inputs: GetInputs<P::Get>) -> Vec<(String, Result<Value, String>)> {
    let config = aws::sdk_config_with(inputs.login.as_ref(), inputs.region.as_deref(), Some(aws::https_client())).await;
    let client = P::client(&config);
    let client = &client;
    let fetches = inputs.get.into_iter().map(|(name, get)| async move {
        let got = P::fetch(client, &get).await;
        (name, got)
    });
    futures_util::future::join_all(fetches).await
}

/// The provider's value: the names and their values, or, when any failed, one error with
/// every failure under its name (`aws-secrets: get db: …; get api: …`).
fn combine(provider: &str, fetched: Vec<(String, Result<Value, String>)>) -> Result<Value, String> {
    let mut values = BTreeMap::new();
    let mut failures = Vec::new();
    for (name, got) in fetched {
        match got {
            Ok(value) => {
                values.insert(name, value);
            }
            Err(e) => failures.push(format!("get {name}: {e}")),
        }
    }
    if failures.is_empty() { Ok(Value::object(values)) } else { Err(format!("{provider}: {}", failures.join("; "))) }
}

/// What AWS said about `id` (a secret's id, a parameter's name), without it when the
/// input is secret: AWS quotes the resource it refused (`… on resource: ID`).
pub(super) fn redacted(message: String, id: &MaybeSecret<String>) -> String {
    if id.secret && !id.value.is_empty() { message.replace(&id.value, "[secret]") } else { message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_is_named_and_none_is_a_value() {
        let ok = Value::string("v").with_secret(true);
        let all = combine("aws-secrets", vec![("a".into(), Ok(ok.clone())), ("b".into(), Ok(Value::string("w")))]);
        let all = all.expect("values");
        let o = all.as_object().expect("an object");
        assert_eq!(o.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert!(o["a"].secret && !o["b"].secret);

        let failed = combine(
            "aws-secrets",
            vec![
                ("a".into(), Err("secretsmanager:GetSecretValue: ResourceNotFoundException: not found".into())),
                ("b".into(), Ok(ok)),
                ("c".into(), Err("secretsmanager:GetSecretValue: AccessDenied: no".into())),
            ],
        );
        assert_eq!(
            failed,
            Err("aws-secrets: get a: secretsmanager:GetSecretValue: ResourceNotFoundException: not found; get c: \
                 secretsmanager:GetSecretValue: AccessDenied: no"
                .to_owned())
        );
    }

    #[test]
    fn a_secret_id_is_redacted_from_what_aws_says() {
        let said = "User: arn:aws:iam::1:user/u is not authorized to perform: x on resource: prod/db".to_owned();
        let plain = MaybeSecret { value: "prod/db".to_owned(), secret: false };
        assert_eq!(redacted(said.clone(), &plain), said);
        let secret = MaybeSecret { value: "prod/db".to_owned(), secret: true };
        assert_eq!(
            redacted(said, &secret),
            "User: arn:aws:iam::1:user/u is not authorized to perform: x on resource: [secret]"
        );
    }

    #[test]
    fn inputs_read_with_their_locations() {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Entry {
            #[allow(dead_code)]
            secret_id: String,
        }
        let entry = |v: Value| Value::object(BTreeMap::from([("secretId".to_owned(), v)]));
        let inputs = |get: Value| Inputs::from([("get".to_owned(), get)]);
        let ok = inputs(Value::object(BTreeMap::from([("db".to_owned(), entry(Value::string("x")))])));
        let read: GetInputs<Entry> = inputs::read(&ok).expect("inputs");
        assert!(read.login.is_none() && read.region.is_none() && read.get.contains_key("db"));
        let missing = inputs(Value::object(BTreeMap::from([("db".to_owned(), Value::object(BTreeMap::new()))])));
        let err = inputs::read::<GetInputs<Entry>>(&missing).err().expect("an error");
        assert_eq!((err.path.as_str(), err.message.as_str()), ("get.db.secretId", "input get.db.secretId is required"));
    }
}
