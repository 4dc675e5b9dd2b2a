//! The providers (`fn::open::*`) and rotators (`fn::rotate::*`) escrot ships, as the
//! evaluator sees them.
//!
//! Providers: `aws-login` ([`aws_login`]), `aws-secrets` ([`aws_secrets`]) and
//! `aws-parameter-store` ([`aws_parameter_store`]), the last two on what [`aws_get`] shares. Rotators come from [`rotators::Registry`]; each is adapted to
//! ESC's one-call interface for opening and checking. Names that are planned but not built
//! say so, and every other name is unknown, in ESC's words (`unknown provider "NAME"`).

mod aws_get;
pub mod aws_login;
pub mod aws_parameter_store;
pub mod aws_secrets;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::rotators;
use escrot_esc::provider::{Error, InputProblem, OpenContext, Provider, ProviderLoader, Rotator};
use escrot_esc::schema::Schema;
use escrot_esc::value::Value;

/// Providers that are planned but not in this version.
const PLANNED_PROVIDERS: &[&str] = &[];
/// Rotators that are planned but not in this version.
const PLANNED_ROTATORS: &[&str] = &[];

/// The binary's providers and rotators.
#[derive(Clone, Debug)]
pub struct Registry {
    rotators: rotators::Registry,
    aws_login: aws_login::AwsLogin,
}

impl Default for Registry {
    fn default() -> Registry {
        Registry::new()
    }
}

impl Registry {
    /// The providers and rotators escrot ships.
    pub fn new() -> Registry {
        Registry::with_rotators(rotators::Registry::builtin())
    }

    /// A registry with these rotators (tests bring their own).
    pub fn with_rotators(rotators: rotators::Registry) -> Registry {
        Registry { rotators, aws_login: aws_login::AwsLogin::default() }
    }

    /// This registry, with aws-login reading OIDC tokens from `token_file` when it is set
    /// (the command line's `--oidc-token-file`).
    pub fn with_oidc_token_file(mut self, token_file: Option<std::path::PathBuf>) -> Registry {
        self.aws_login = aws_login::AwsLogin::with_token_file(token_file);
        self
    }

    /// This registry, with the external rotator signing its tokens with the key `source`
    /// gives (the store's), asked for on the run's first external request.
    pub fn with_signing_key(mut self, source: rotators::external::KeySource) -> Registry {
        self.rotators.insert("external", Arc::new(rotators::External::new(source)));
        self
    }

    /// The rotators, stepwise, for the rotation engine.
    pub fn rotators(&self) -> &rotators::Registry {
        &self.rotators
    }
}

fn strip<'a>(name: &'a str, prefix: &str) -> &'a str {
    name.strip_prefix(prefix).unwrap_or(name)
}

impl ProviderLoader for Registry {
    fn load_provider(&self, name: &str) -> Result<Arc<dyn Provider>, Error> {
        let name = strip(name, "fn::open::");
        match name {
            "aws-login" => return Ok(Arc::new(self.aws_login.clone())),
            "aws-secrets" => return Ok(Arc::new(aws_secrets::AwsSecrets)),
            "aws-parameter-store" => return Ok(Arc::new(aws_parameter_store::AwsParameterStore)),
            _ => {}
        }
        if PLANNED_PROVIDERS.contains(&name) {
            return Err(format!("the {name} provider is not available in this version of escrot").into());
        }
        Err(format!("unknown provider \"{name}\"").into())
    }

    fn load_rotator(&self, name: &str) -> Result<Arc<dyn Rotator>, Error> {
        let name = strip(name, "fn::rotate::");
        if let Some(rotator) = self.rotators.get(name) {
            return Ok(Arc::new(EvalRotator { name: name.to_owned(), rotator }));
        }
        if PLANNED_ROTATORS.contains(&name) {
            return Err(format!("the {name} rotator is not available in this version of escrot").into());
        }
        Err(format!("unknown rotator \"{name}\"").into())
    }
}

/// A stepwise rotator as the evaluator sees it: its schemas and its `open`, for opening
/// and checking environments. Its `rotate` refuses: a rotation is journaled step by step
/// by the rotation engine, and a one-call rotation inside an evaluation could create a
/// credential that no journal knows of.
struct EvalRotator {
    name: String,
    rotator: Arc<dyn rotators::Rotator>,
}

impl Rotator for EvalRotator {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>, Arc<Schema>) {
        self.rotator.schema()
    }

    fn validate(&self, inputs: &BTreeMap<String, Value>) -> Vec<InputProblem> {
        self.rotator.validate(inputs)
    }

    /// Before its first rotation a rotator has no value: unknown, which the evaluator
    /// reports (a warning) and types by the output schema, so that an environment opens as
    /// it checks. ESC hands the null state to the rotator's `open`, whose `{}` then fails
    /// every reference into it (`unknown property "current"`).
    fn open(
        &self,
        inputs: &BTreeMap<String, Value>,
        state: Option<&Value>,
        _ctx: &OpenContext<'_>,
    ) -> Result<Value, Error> {
        match state {
            None => Ok(Value::unknown()),
            Some(state) => Ok(self.rotator.open(inputs, Some(state))?),
        }
    }

    fn rotate(
        &self,
        _inputs: &BTreeMap<String, Value>,
        _state: Option<&Value>,
        _ctx: &OpenContext<'_>,
    ) -> Result<Value, Error> {
        Err(format!(
            "the {} rotator rotates only through the rotation engine (`escrot rotate`), not during evaluation",
            self.name
        )
        .into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use escrot_esc::provider::{Decrypter, EnvironmentLoader};
    use escrot_esc::{
        Diagnostics, EvalOptions, ExecContext, check_environment, eval_environment, load_yaml, rotate_environment,
    };

    fn provider_error(name: &str) -> String {
        Registry::new().load_provider(name).err().map(|e| e.to_string()).unwrap_or_default()
    }

    fn rotator_error(name: &str) -> String {
        Registry::new().load_rotator(name).err().map(|e| e.to_string()).unwrap_or_default()
    }

    #[test]
    fn messages() {
        assert_eq!(provider_error("aws-login"), "");
        assert_eq!(provider_error("aws-secrets"), "");
        assert_eq!(provider_error("fn::open::aws-parameter-store"), "");
        assert_eq!(provider_error("nope"), "unknown provider \"nope\"");
        assert_eq!(rotator_error("nope"), "unknown rotator \"nope\"");
        assert_eq!(rotator_error("external"), "");
        assert_eq!(rotator_error("fn::rotate::password"), "");
        assert_eq!(rotator_error("passphrase"), "");
        assert_eq!(rotator_error("postgres"), "");
        assert_eq!(rotator_error("mysql"), "");
    }

    struct NoEnvironments;

    impl EnvironmentLoader for NoEnvironments {
        fn load_environment(&self, name: &str) -> Result<(String, Arc<dyn Decrypter>), Error> {
            Err(format!("environment \"{name}\" not found").into())
        }
    }

    struct NoDecrypter;

    impl Decrypter for NoDecrypter {
        fn decrypt(&self, _: &[u8]) -> Result<Vec<u8>, Error> {
            Err("no key".into())
        }
    }

    /// How the test opens, checks or rotates.
    type Run =
        fn(&str, &escrot_esc::ast::Environment, &EvalOptions<'_>) -> (Option<escrot_esc::Environment>, Diagnostics);

    fn run(run: Run, yaml: &str) -> (Option<escrot_esc::Environment>, Vec<String>) {
        let (env, diags) = load_yaml("test.yaml", yaml);
        assert!(diags.is_empty(), "{diags:?}");
        let env = env.expect("an environment");
        let registry = Registry::new();
        let opts = EvalOptions {
            decrypter: &NoDecrypter,
            providers: &registry,
            environments: &NoEnvironments,
            exec_context: ExecContext::default(),
            show_secrets: false,
        };
        let (env, diags) = run("test", &env, &opts);
        (env, diags.iter().map(|d| d.summary.clone()).collect())
    }

    const WITH_STATE: &str = "values:
  db:
    fn::rotate::password:
      inputs:
        length: 24
        minSpecial: 2
      state:
        current: new-one
        previous:
          fn::secret: old-one
";

    #[test]
    fn open_returns_the_state_as_secrets() {
        let (env, diags) = run(eval_environment, WITH_STATE);
        assert!(diags.is_empty(), "{diags:?}");
        let db = env.expect("evaluated").properties.remove("db").expect("db");
        let o = db.as_object().expect("an object");
        assert_eq!(o["current"].as_str(), Some("new-one"));
        assert_eq!(o["previous"].as_str(), Some("old-one"));
        assert!(o["current"].secret && o["previous"].secret);
        assert_eq!(db.to_json(true), serde_json::json!({"current": "[secret]", "previous": "[secret]"}));
    }

    #[test]
    fn open_without_state_is_unknown_with_a_warning() {
        let yaml = "values:\n  p:\n    fn::rotate::passphrase:\n      inputs: {length: 4}\n  q: ${p.current}\n";
        let (env, diags) = run(eval_environment, yaml);
        assert_eq!(diags, ["fn::rotate::passphrase has no state yet: its value is unknown until it is rotated"]);
        let mut properties = env.expect("evaluated").properties;
        assert!(properties.remove("p").expect("p").unknown);
        assert!(properties.remove("q").expect("q").unknown);
    }

    #[test]
    fn bad_inputs_are_diagnosed_against_the_schema() {
        let yaml = "values:
  db:
    fn::rotate::password:
      inputs:
        length: 5
        upper: yes-please
        minNumeric: 101
  p:
    fn::rotate::passphrase:
      inputs:
        length: 2
        separator: '--'
  q:
    fn::rotate::passphrase:
      inputs:
        length: 4.5
";
        let (_, diags) = run(check_environment, yaml);
        assert_eq!(
            diags,
            [
                "expected a number greater than or equal to 8",
                "expected a number less than or equal to 100",
                "expected boolean, got string",
                "expected a number greater than or equal to 3",
                "expected a string of at most length 1",
                "expected a multiple of 1",
            ]
        );
    }

    #[test]
    fn aws_value_providers_inputs_are_checked_against_their_schemas() {
        let yaml = "values:
  none:
    fn::open::aws-secrets:
      region: us-east-1
  secrets:
    fn::open::aws-secrets:
      region: 12
      get:
        db: {versionStage: AWSPREVIOUS}
        api: {secretId: [x]}
  params:
    fn::open::aws-parameter-store:
      login: {accessKeyId: AKIA1}
      get:
        a: {name: /a, decrypt: yes-please}
        b: {}
  fine:
    fn::open::aws-parameter-store:
      get:
        a: {name: /a, decrypt: true}
  unpacked:
    fn::fromJSON: ${secrets.db}
";
        let (_, diags) = run(check_environment, yaml);
        assert_eq!(
            diags,
            [
                "missing required properties: get",
                "expected boolean, got string",
                "missing required properties: name",
                "missing required properties: secretAccessKey",
                "expected string, got array",
                "missing required properties: secretId",
                "expected string, got number",
            ]
        );
    }

    #[test]
    fn rotation_in_the_evaluator_is_refused() {
        let (env, diags) = load_yaml("test.yaml", WITH_STATE);
        assert!(diags.is_empty(), "{diags:?}");
        let registry = Registry::new();
        let opts = EvalOptions {
            decrypter: &NoDecrypter,
            providers: &registry,
            environments: &NoEnvironments,
            exec_context: ExecContext::default(),
            show_secrets: false,
        };
        let (_, patches, diags) = rotate_environment("test", &env.expect("an environment"), &opts, &[]);
        assert!(patches.is_empty());
        let summaries: Vec<&str> = diags.iter().map(|d| d.summary.as_str()).collect();
        assert_eq!(
            summaries,
            ["rotate: the password rotator rotates only through the rotation engine (`escrot rotate`), not during \
              evaluation"]
        );
    }
}
