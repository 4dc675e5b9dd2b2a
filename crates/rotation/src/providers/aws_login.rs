//! `fn::open::aws-login`: AWS credentials, passed through (`static`) or obtained from STS
//! `AssumeRoleWithWebIdentity` with an OIDC token (`oidc`).
//!
//! ESC's cloud mints the OIDC token itself. escrot has no token issuer of its own, so it
//! takes the token from, in this order:
//! 1. the command line's `--oidc-token-file FILE` ([`AwsLogin::with_token_file`]);
//! 2. `ESCROT_OIDC_TOKEN` (the token itself);
//! 3. `ESCROT_OIDC_TOKEN_FILE` (a file holding it; files are re-read on every open, so a
//!    rotated projected token works);
//! 4. `AWS_WEB_IDENTITY_TOKEN_FILE` (what EKS and other AWS integrations set);
//! 5. GitHub Actions (`ACTIONS_ID_TOKEN_REQUEST_URL` and `ACTIONS_ID_TOKEN_REQUEST_TOKEN`,
//!    set for jobs with `permissions: id-token: write`), asked for the audience
//!    `ESCROT_OIDC_AUDIENCE` (default `sts.amazonaws.com`).
//!
//! The token's subject and audience are its issuer's: `subjectAttributes`, which shapes the
//! subject of the token Pulumi Cloud mints, is accepted and has no effect here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use aws_sdk_sts::types::PolicyDescriptorType;

use crate::aws::{Login, error_message, login_value_schema, run_blocking};
use escrot_esc::provider::{Error, OpenContext, Provider};
use escrot_esc::schema::Schema;
use escrot_esc::value::{Value, ValueRepr};

/// The `aws-login` provider.
#[derive(Clone, Debug, Default)]
pub struct AwsLogin {
    /// The OIDC token file given on the command line; it wins over every variable.
    token_file: Option<PathBuf>,
}

impl AwsLogin {
    /// The provider taking OIDC tokens from `token_file` (`--oidc-token-file`) when set.
    pub fn with_token_file(token_file: Option<PathBuf>) -> AwsLogin {
        AwsLogin { token_file }
    }
}

/// ESC's default session length.
const DEFAULT_DURATION: &str = "2h";
/// The audience asked of GitHub Actions unless `ESCROT_OIDC_AUDIENCE` says otherwise.
const DEFAULT_AUDIENCE: &str = "sts.amazonaws.com";
/// How long a request for a GitHub Actions token may take.
const TOKEN_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

const SUBJECT_ATTRIBUTES: [&str; 6] = [
    "pulumi.user.login",
    "pulumi.organization.login",
    "pulumi.token.type",
    "pulumi.token.team",
    "currentEnvironment.name",
    "rootEnvironment.name",
];

/// Where the OIDC token comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenSource {
    /// `ESCROT_OIDC_TOKEN`.
    Inline,
    /// A file, from `--oidc-token-file` or the variable `ESCROT_OIDC_TOKEN_FILE` or
    /// `AWS_WEB_IDENTITY_TOKEN_FILE` (named by `var`).
    File { var: &'static str, path: PathBuf },
    /// GitHub Actions' token service.
    GitHubActions { url: String },
}

/// The message when no token source is set.
pub const NO_TOKEN_SOURCE: &str = "aws-login oidc needs an OIDC token: pass --oidc-token-file FILE, set \
                                   ESCROT_OIDC_TOKEN (the token), ESCROT_OIDC_TOKEN_FILE or \
                                   AWS_WEB_IDENTITY_TOKEN_FILE (a file holding it), or \
                                   run in GitHub Actions with `permissions: id-token: write` \
                                   (ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN)";

/// The flag `--oidc-token-file`, as a token source names it.
const TOKEN_FILE_FLAG: &str = "--oidc-token-file";

/// The first token source given: `token_file` (the command line's), then the variables
/// (`var` reads one).
pub fn token_source(token_file: Option<&Path>, var: &dyn Fn(&str) -> Option<String>) -> Result<TokenSource, String> {
    if let Some(path) = token_file {
        return Ok(TokenSource::File { var: TOKEN_FILE_FLAG, path: path.to_owned() });
    }
    let set = |name: &str| var(name).filter(|v| !v.is_empty());
    if set("ESCROT_OIDC_TOKEN").is_some() {
        return Ok(TokenSource::Inline);
    }
    for name in ["ESCROT_OIDC_TOKEN_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE"] {
        if let Some(path) = set(name) {
            let var =
                if name == "ESCROT_OIDC_TOKEN_FILE" { "ESCROT_OIDC_TOKEN_FILE" } else { "AWS_WEB_IDENTITY_TOKEN_FILE" };
            return Ok(TokenSource::File { var, path: path.into() });
        }
    }
    if let (Some(url), Some(_)) = (set("ACTIONS_ID_TOKEN_REQUEST_URL"), set("ACTIONS_ID_TOKEN_REQUEST_TOKEN")) {
        return Ok(TokenSource::GitHubActions { url });
    }
    Err(NO_TOKEN_SOURCE.to_owned())
}

fn env_var(name: &str) -> Option<String> {
    escrot_vars::get(name)
}

/// The token from `source`. Messages never show the token.
async fn fetch_token(source: &TokenSource) -> Result<String, String> {
    let token = match source {
        TokenSource::Inline => env_var("ESCROT_OIDC_TOKEN").unwrap_or_default(),
        TokenSource::File { var, path } => std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the OIDC token file {} (from {var}): {e}", path.display()))?,
        TokenSource::GitHubActions { url } => {
            let bearer = env_var("ACTIONS_ID_TOKEN_REQUEST_TOKEN").unwrap_or_default();
            let audience = env_var("ESCROT_OIDC_AUDIENCE").filter(|a| !a.is_empty());
            github_token(url, &bearer, audience.as_deref().unwrap_or(DEFAULT_AUDIENCE)).await?
        }
    };
    let token = token.trim().to_owned();
    if token.is_empty() {
        return Err(match source {
            TokenSource::Inline => "ESCROT_OIDC_TOKEN is empty".to_owned(),
            TokenSource::File { var, path } => format!("the OIDC token file {} (from {var}) is empty", path.display()),
            TokenSource::GitHubActions { .. } => "GitHub Actions returned an empty OIDC token".to_owned(),
        });
    }
    Ok(token)
}

/// Asks GitHub Actions' token service for a token (`GET URL&audience=AUD`, bearer auth;
/// the answer is `{"value": TOKEN}`).
async fn github_token(url: &str, bearer: &str, audience: &str) -> Result<String, String> {
    let fail = |what: String| format!("cannot get an OIDC token from GitHub Actions: {what}");
    let mut url =
        reqwest::Url::parse(url).map_err(|e| fail(format!("ACTIONS_ID_TOKEN_REQUEST_URL is not a URL: {e}")))?;
    url.query_pairs_mut().append_pair("audience", audience);
    let client = reqwest::Client::builder()
        .timeout(TOKEN_REQUEST_TIMEOUT)
        .build()
        .map_err(|e| fail(format!("cannot start an HTTP client: {e}")))?;
    let response = client
        .get(url)
        .bearer_auth(bearer)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(|e| fail(e.without_url().to_string()))?;
    let status = response.status();
    if !status.is_success() {
        return Err(fail(format!("the token service answered {status}")));
    }
    #[derive(serde::Deserialize)]
    struct Answer {
        value: String,
    }
    let answer: Answer = response.json().await.map_err(|e| fail(format!("unexpected answer: {}", e.without_url())))?;
    Ok(answer.value)
}

/// `1h30m` → 5400 seconds (ESC's `^([0-9]+h)?([0-9]+m)?([0-9]+s)?$`).
pub fn parse_duration(text: &str) -> Option<i32> {
    if text.is_empty() {
        return None;
    }
    let mut total: i64 = 0;
    let mut number = String::new();
    let mut last_unit = 0;
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let (rank, factor) = match c {
            'h' => (1, 3600),
            'm' => (2, 60),
            's' => (3, 1),
            _ => return None,
        };
        if rank <= last_unit || number.is_empty() {
            return None;
        }
        last_unit = rank;
        total = total.checked_add(number.parse::<i64>().ok()?.checked_mul(factor)?)?;
        number.clear();
    }
    if !number.is_empty() {
        return None;
    }
    i32::try_from(total).ok()
}

/// The validated `oidc` inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Oidc {
    role_arn: String,
    session_name: String,
    duration_seconds: i32,
    policy_arns: Vec<String>,
}

fn string_field(o: &BTreeMap<String, Value>, what: &str, name: &str) -> Result<Option<String>, String> {
    match o.get(name) {
        None => Ok(None),
        Some(v) if v.unknown => Err(format!("{what}.{name} is unknown")),
        Some(Value { repr: ValueRepr::Null, .. }) => Ok(None),
        Some(v) => v.as_str().map(|s| Some(s.to_owned())).ok_or_else(|| format!("{what}.{name} must be a string")),
    }
}

impl Oidc {
    fn from_value(v: &Value) -> Result<Oidc, String> {
        let o = v.as_object().ok_or("oidc must be an object")?;
        let role_arn = string_field(o, "oidc", "roleArn")?.ok_or("oidc.roleArn is required")?;
        let session_name = string_field(o, "oidc", "sessionName")?.ok_or("oidc.sessionName is required")?;
        let duration = string_field(o, "oidc", "duration")?.unwrap_or_else(|| DEFAULT_DURATION.to_owned());
        let duration_seconds = parse_duration(&duration)
            .ok_or_else(|| format!("oidc.duration must look like 1h, 30m or 1h30m (got {duration})"))?;
        let policy_arns = match o.get("policyArns") {
            None => Vec::new(),
            Some(Value { repr: ValueRepr::Array(items), .. }) => items
                .iter()
                .map(|i| i.as_str().map(str::to_owned).ok_or("oidc.policyArns must be a list of strings"))
                .collect::<Result<_, _>>()?,
            Some(Value { repr: ValueRepr::Null, .. }) => Vec::new(),
            Some(_) => return Err("oidc.policyArns must be a list of strings".to_owned()),
        };
        Ok(Oidc { role_arn, session_name, duration_seconds, policy_arns })
    }

    async fn assume_role(&self, token_file: Option<&Path>) -> Result<Value, String> {
        let source = token_source(token_file, &env_var)?;
        let token = fetch_token(&source).await?;
        // AssumeRoleWithWebIdentity is not signed: the token is the credential.
        let config = aws_config::defaults(crate::aws::behavior_version()).no_credentials().load().await;
        let config = if config.region().is_none() {
            config.into_builder().region(aws_config::Region::new(crate::aws::DEFAULT_REGION)).build()
        } else {
            config
        };
        let sts = aws_sdk_sts::Client::from_conf(
            aws_sdk_sts::config::Builder::from(&config).interceptor(crate::aws::CallLog).build(),
        );
        let mut call = sts
            .assume_role_with_web_identity()
            .role_arn(&self.role_arn)
            .role_session_name(&self.session_name)
            .web_identity_token(token)
            .duration_seconds(self.duration_seconds);
        for arn in &self.policy_arns {
            call = call.policy_arns(PolicyDescriptorType::builder().arn(arn).build());
        }
        let out = call.send().await.map_err(|e| error_message("sts:AssumeRoleWithWebIdentity", &e))?;
        let creds = out.credentials().ok_or("sts:AssumeRoleWithWebIdentity returned no credentials")?;
        Ok(credentials_value(
            Value::string(creds.access_key_id()),
            Value::string(creds.secret_access_key()),
            Some(Value::string(creds.session_token())),
        ))
    }
}

/// `{accessKeyId, secretAccessKey, sessionToken?}` with the secret parts flagged secret.
fn credentials_value(access_key_id: Value, secret_access_key: Value, session_token: Option<Value>) -> Value {
    let mut out = BTreeMap::new();
    out.insert("accessKeyId".to_owned(), access_key_id);
    out.insert("secretAccessKey".to_owned(), secret_access_key.with_secret(true));
    if let Some(t) = session_token {
        out.insert("sessionToken".to_owned(), t.with_secret(true));
    }
    Value::object(out)
}

/// The `static` login: the keys, passed through (the key id keeps its own secretness).
fn static_login(v: &Value) -> Result<Value, String> {
    let login = Login::from_value(v, "static")?;
    let o = v.as_object().ok_or("static must be an object")?;
    let plain = |name: &str| o.get(name).map(|x| Value { trace: Default::default(), ..x.clone() });
    let id = plain("accessKeyId").unwrap_or_else(|| Value::string(login.access_key_id.clone()));
    let secret = plain("secretAccessKey").unwrap_or_else(|| Value::string(login.secret_access_key.clone()));
    let token = login.session_token.as_ref().and_then(|_| plain("sessionToken"));
    Ok(credentials_value(id, secret, token))
}

impl Provider for AwsLogin {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>) {
        let duration = Schema::string()
            .pattern("^([0-9]+h)?([0-9]+m)?([0-9]+s)?$")
            .default_value(DEFAULT_DURATION)
            .description("How long the credentials last (e.g. 1h, 30m).");
        let oidc = Schema::object()
            .properties([
                ("roleArn", Schema::string().min_length(20).max_length(2048).description("The role to assume.")),
                (
                    "sessionName",
                    Schema::string()
                        .min_length(2)
                        .max_length(64)
                        .pattern(r"^[\w+=,.@-]*$")
                        .description("The role session name."),
                ),
                ("duration", duration),
                (
                    "policyArns",
                    Schema::array()
                        .items(Schema::string().min_length(20).max_length(2048))
                        .description("Managed policies that further restrict the session."),
                ),
                (
                    "subjectAttributes",
                    Schema::array()
                        .items(Schema::string().enum_values(SUBJECT_ATTRIBUTES))
                        .description("Attributes of Pulumi Cloud's token subject (no effect in escrot)."),
                ),
            ])
            .required(["roleArn", "sessionName"])
            .description("Assume a role with an OIDC token (STS AssumeRoleWithWebIdentity).");
        let static_ = Schema::object()
            .properties([
                ("accessKeyId", Schema::string().description("The AWS access key ID.")),
                ("secretAccessKey", Schema::string().description("The AWS secret access key.")),
                ("sessionToken", Schema::string().description("The AWS session token.")),
            ])
            .required(["accessKeyId", "secretAccessKey"])
            .description("Static AWS credentials.");
        let inputs = Schema::object().properties([("oidc", oidc), ("static", static_)]).build();
        (inputs, login_value_schema().build())
    }

    fn open(&self, inputs: &BTreeMap<String, Value>, _ctx: &OpenContext<'_>) -> Result<Value, Error> {
        match (inputs.get("oidc"), inputs.get("static")) {
            (Some(_), Some(_)) => Err("aws-login takes either oidc or static, not both".into()),
            (Some(oidc), None) => {
                let oidc = Oidc::from_value(oidc)?;
                let token_file = self.token_file.clone();
                Ok(run_blocking(move || Box::pin(async move { oidc.assume_role(token_file.as_deref()).await }))??)
            }
            (None, Some(s)) => Ok(static_login(s)?),
            (None, None) => Err("aws-login needs oidc or static".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("2h"), Some(7200));
        assert_eq!(parse_duration("1h30m"), Some(5400));
        assert_eq!(parse_duration("15m"), Some(900));
        assert_eq!(parse_duration("1h2m3s"), Some(3723));
        assert_eq!(parse_duration("90s"), Some(90));
        for bad in ["", "h", "1m1h", "1d", "1h1h", "1.5h", "10"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn token_sources_in_order() {
        let with = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned())
        };
        let all: &[(&str, &str)] = &[
            ("ESCROT_OIDC_TOKEN", "t"),
            ("ESCROT_OIDC_TOKEN_FILE", "/a"),
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "/b"),
            ("ACTIONS_ID_TOKEN_REQUEST_URL", "http://x/?v=1"),
            ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "y"),
        ];
        assert_eq!(
            token_source(Some(Path::new("/flag")), &with(all)),
            Ok(TokenSource::File { var: "--oidc-token-file", path: "/flag".into() })
        );
        assert_eq!(token_source(None, &with(all)), Ok(TokenSource::Inline));
        assert_eq!(
            token_source(None, &with(&all[1..])),
            Ok(TokenSource::File { var: "ESCROT_OIDC_TOKEN_FILE", path: "/a".into() })
        );
        assert_eq!(
            token_source(None, &with(&all[2..])),
            Ok(TokenSource::File { var: "AWS_WEB_IDENTITY_TOKEN_FILE", path: "/b".into() })
        );
        assert_eq!(
            token_source(None, &with(&all[3..])),
            Ok(TokenSource::GitHubActions { url: "http://x/?v=1".into() })
        );
        assert_eq!(token_source(None, &with(&all[3..4])), Err(NO_TOKEN_SOURCE.to_owned()));
        assert_eq!(token_source(None, &with(&[("ESCROT_OIDC_TOKEN", "")])), Err(NO_TOKEN_SOURCE.to_owned()));
    }

    #[test]
    fn static_passes_through_and_flags_secrets() {
        let v = Value::object(BTreeMap::from([
            ("accessKeyId".to_owned(), Value::string("AKIA1")),
            ("secretAccessKey".to_owned(), Value::string("s")),
        ]));
        let out = static_login(&v).expect("a login");
        let o = out.as_object().expect("an object");
        assert!(!o["accessKeyId"].secret);
        assert!(o["secretAccessKey"].secret);
        assert!(!o.contains_key("sessionToken"));
    }

    #[test]
    fn oidc_inputs() {
        let v = Value::object(BTreeMap::from([
            ("roleArn".to_owned(), Value::string("arn:aws:iam::123456789012:role/esc")),
            ("sessionName".to_owned(), Value::string("esc")),
            ("duration".to_owned(), Value::string("1h")),
        ]));
        let o = Oidc::from_value(&v).expect("valid");
        assert_eq!(o.duration_seconds, 3600);
        let bad = Value::object(BTreeMap::from([("roleArn".to_owned(), Value::string("x"))]));
        assert_eq!(Oidc::from_value(&bad), Err("oidc.sessionName is required".to_owned()));
    }
}
