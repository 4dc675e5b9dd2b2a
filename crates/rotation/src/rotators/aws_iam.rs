//! `fn::rotate::aws-iam`: rotates the access keys of one IAM user, keeping two valid keys
//! (the state's `current` and `previous`).
//!
//! One rotation, step by step (the engine journals each):
//! - `create`: `iam:ListAccessKeys` (also proves the user exists); when the user already
//!   has AWS's limit of two keys, `iam:DeleteAccessKey` of the state's `previous` key —
//!   never of a key the state does not name, which is an error naming it; then
//!   `iam:CreateAccessKey`. The new state is `{current: new, previous: old current}`.
//! - `verify`: `sts:GetCallerIdentity` signed with the new key, retried with backoff while
//!   IAM's eventual consistency rejects it (bounded), and checked to be the user's.
//! - `retire` (after the commit): `iam:TagUser` with the rotation time.
//! - `undo`: deletes the new key (it was never committed, so nobody uses it).
//! - `recover_unrecorded`: after a crash between `CreateAccessKey` and the journal's record
//!   of it, deletes the keys that neither the state nor anyone else knows and that were
//!   created after the interrupted attempt began.
//!
//! Four IAM calls per rotation in the steady state, plus STS calls: the verification's, and
//! `prepare`'s `sts:GetCallerIdentity` of the login (the login must be in the user's
//! account, or IAM would reach another account's user of that name), made once per login
//! however many users it rotates. The rotations share their SDK clients, and those one
//! HTTP client: a call reuses a connection an earlier one opened. Throttling and 5xx
//! answers are retried by the SDK's standard retry policy.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_iam::types::Tag;
use aws_smithy_types::date_time::Format;

mod arn;
mod inputs;
mod logins;

pub use arn::UserArn;
use inputs::{IamInputs, problems};
use logins::{Caller, Logins, Signed};

use super::{Created, Result, RotateError, RotationRequest, Rotator};
use crate::aws::{self, Login, error_code, error_message, login_value_schema};
use crate::failpoint;
use escrot_esc::provider::InputProblem;
use escrot_esc::schema::Schema;
use escrot_esc::value::{Trace, Value, ValueRepr};

/// The tag `retire` puts on the user: when escrot last rotated its keys.
pub const ROTATED_AT_TAG: &str = "escrot:rotated-at";

/// How long `verify` keeps retrying a new key that IAM does not accept yet, unless
/// `ESCROT_AWS_VERIFY_TIMEOUT` (seconds) says otherwise.
const DEFAULT_VERIFY_TIMEOUT: Duration = Duration::from_secs(30);
const FIRST_VERIFY_DELAY: Duration = Duration::from_millis(200);
const MAX_VERIFY_DELAY: Duration = Duration::from_secs(5);

/// The error codes with which STS rejects a key IAM has not propagated yet.
const NOT_YET_VALID: &[&str] = &["InvalidClientTokenId", "SignatureDoesNotMatch", "AuthFailure", "AccessDenied"];

/// How long after `create` began a key it made can be dated (the call's own retries and
/// timeouts, and clock differences between this machine and AWS).
const CREATE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// The field of `prepare`'s result that lists the user's key ids.
const PREPARED_KEYS: &str = "accessKeyIds";

/// The key ids `prepare` listed, if it ran.
fn prepared_keys(req: &RotationRequest) -> Option<Vec<String>> {
    let ids = req.prepared.get(PREPARED_KEYS)?.as_array()?;
    ids.iter().map(|id| id.as_str().map(str::to_owned)).collect()
}

/// The `aws-iam` rotator. Its rotations share their SDK clients, by login and region, and
/// what the login's `sts:GetCallerIdentity` said.
#[derive(Clone, Debug, Default)]
pub struct AwsIam {
    logins: Arc<Logins>,
}

/// An access key as the state holds it.
#[derive(Clone, PartialEq, Eq)]
struct Key {
    id: String,
    secret: String,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Key({}, [secret])", self.id)
    }
}

/// A key of the user as `ListAccessKeys` shows it.
#[derive(Clone, Debug, PartialEq)]
struct Listed {
    id: String,
    created: Option<aws_smithy_types::DateTime>,
}

/// The validated inputs, with clients signed with the login.
struct Session {
    user: UserArn,
    /// Whether `userArn` is secret: messages then name the user by its role, and what AWS
    /// says is redacted of its name.
    secret_user: bool,
    signed: Arc<Signed>,
}

impl Session {
    async fn new(rotator: &AwsIam, req: &RotationRequest) -> Result<Session> {
        let inputs = IamInputs::read(&req.inputs)?;
        let (user, secret_user) = inputs.user()?;
        let signed = rotator.logins.signed(inputs.login.as_ref(), inputs.region()).await;
        Ok(Session { user, secret_user, signed })
    }

    /// Who the login is (`sts:GetCallerIdentity`, asked once per login).
    async fn login_caller(&self) -> Result<&Caller> {
        self.signed.caller().await
    }

    /// The user, for messages: `IAM user NAME`, or its role when its ARN is secret.
    fn user_label(&self) -> String {
        if self.secret_user {
            "the rotated IAM user (secret)".to_owned()
        } else {
            format!("IAM user {}", self.user.name)
        }
    }

    /// What AWS says about a call, without the user's name when it is secret (AWS quotes
    /// it: `The user with name NAME cannot be found.`).
    fn aws_message<E>(&self, operation: &str, e: &aws::SdkFailure<E>) -> String
    where
        E: aws_smithy_types::error::metadata::ProvideErrorMetadata + std::error::Error + 'static,
    {
        let message = error_message(operation, e);
        if self.secret_user { message.replace(&self.user.name, "[secret]") } else { message }
    }

    /// [`Session::aws_message`] as the error of a call that changes nothing.
    fn aws_error<E>(&self, operation: &str, e: &aws::SdkFailure<E>) -> RotateError
    where
        E: aws_smithy_types::error::metadata::ProvideErrorMetadata + std::error::Error + 'static,
    {
        RotateError::new(self.aws_message(operation, e))
    }

    /// Fails unless the login is in the user's account: IAM calls name the user by its
    /// name only, so in another account they would reach another user of that name.
    fn check_account(&self, caller_account: Option<&str>) -> Result<()> {
        match caller_account {
            Some(account) if account != self.user.account => {
                let theirs = if self.secret_user { String::new() } else { format!(" {}", self.user.account) };
                Err(RotateError::new(format!(
                    "userArn is in another account{theirs} than the login (account {account}): escrot manages the \
                     keys of users in the login's own account only; use a login of the user's account"
                )))
            }
            _ => Ok(()),
        }
    }

    async fn list_keys(&self) -> Result<Vec<Listed>> {
        let out = self
            .signed
            .iam
            .list_access_keys()
            .user_name(&self.user.name)
            .send()
            .await
            .map_err(|e| self.aws_error("iam:ListAccessKeys", &e))?;
        Ok(out
            .access_key_metadata()
            .iter()
            .filter_map(|k| Some(Listed { id: k.access_key_id()?.to_owned(), created: k.create_date().copied() }))
            .collect())
    }

    /// Deletes a key; a key that is already gone is fine.
    async fn delete_key(&self, id: &str) -> Result<()> {
        match self.signed.iam.delete_access_key().user_name(&self.user.name).access_key_id(id).send().await {
            Ok(_) => Ok(()),
            Err(e) if error_code(&e).as_deref() == Some("NoSuchEntity") => Ok(()),
            // Unless IAM answered, the key may be gone.
            Err(e @ aws_smithy_runtime_api::client::result::SdkError::ServiceError(_)) => {
                Err(RotateError::new(self.aws_message("iam:DeleteAccessKey", &e)))
            }
            Err(e) => Err(RotateError::unknown(self.aws_message("iam:DeleteAccessKey", &e))),
        }
    }

    /// `sts:GetCallerIdentity` signed with `key`: the ARN it is for.
    async fn caller(&self, key: &Key) -> std::result::Result<String, (Option<String>, String)> {
        let login = Login { access_key_id: key.id.clone(), secret_access_key: key.secret.clone(), session_token: None };
        let config = aws_sdk_sts::config::Builder::from(&self.signed.config)
            .credentials_provider(login.credentials("escrot-aws-iam-new-key"))
            .interceptor(aws::CallLog)
            .build();
        let sts = aws_sdk_sts::Client::from_conf(config);
        match sts.get_caller_identity().send().await {
            Ok(out) => Ok(out.arn().unwrap_or_default().to_owned()),
            Err(e) => Err((error_code(&e), error_message("sts:GetCallerIdentity", &e))),
        }
    }
}

/// The ids of the state's `current` and `previous` keys.
fn state_ids(state: Option<&Value>) -> (Option<String>, Option<String>) {
    let id = |name: &str| {
        state
            .and_then(Value::as_object)
            .and_then(|o| o.get(name))
            .and_then(Value::as_object)
            .and_then(|k| k.get("accessKeyId"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    (id("current"), id("previous"))
}

/// A key of the state (`current` or `previous`), secret flagged, trace dropped.
fn state_key(state: Option<&Value>, name: &str) -> Option<Value> {
    let v = state.and_then(Value::as_object)?.get(name)?;
    if matches!(v.repr, ValueRepr::Null) {
        return None;
    }
    Some(mark_key(v))
}

/// A key object with its `secretAccessKey` flagged secret and traces dropped.
fn mark_key(v: &Value) -> Value {
    let Some(o) = v.as_object() else { return Value { trace: Trace::default(), ..v.clone() } };
    let mut out = BTreeMap::new();
    for (k, x) in o {
        let mut x = Value { trace: Trace::default(), ..x.clone() };
        if k == "secretAccessKey" {
            x.secret = true;
        }
        out.insert(k.clone(), x);
    }
    Value { repr: ValueRepr::Object(out), secret: v.secret, unknown: v.unknown, trace: Trace::default() }
}

/// The new key of a `Created`.
fn created_key(created: &Created) -> Result<Key> {
    let current = created.new_state.as_object().and_then(|o| o.get("current")).and_then(Value::as_object);
    let get = |name: &str| current.and_then(|c| c.get(name)).and_then(Value::as_str).map(str::to_owned);
    match (get("accessKeyId"), get("secretAccessKey")) {
        (Some(id), Some(secret)) => Ok(Key { id, secret }),
        _ => Err(RotateError::new("the journaled state has no new access key")),
    }
}

/// The user name the ARN from `GetCallerIdentity` names, with its account.
fn caller_user(arn: &str) -> Option<UserArn> {
    UserArn::parse(arn).ok()
}

fn verify_timeout() -> Duration {
    escrot_vars::get("ESCROT_AWS_VERIFY_TIMEOUT")
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
        .unwrap_or(DEFAULT_VERIFY_TIMEOUT)
}

fn unknown_key_error(user_label: &str, unknown: &[&Listed]) -> RotateError {
    let ids: Vec<&str> = unknown.iter().map(|k| k.id.as_str()).collect();
    let (what, it) = if ids.len() == 1 {
        (format!("access key {}, which", ids[0]), "it")
    } else {
        (format!("access keys {}, which", ids.join(" and ")), "them")
    };
    RotateError::new(format!(
        "{user_label} already has two access keys, including {what} the state does not know (neither its current \
         nor its previous key); escrot deletes only the previous key: delete {it} or record {it} in the state, then \
         rotate again"
    ))
}

/// What to do about the user's keys before creating one: which key to delete, if any.
fn plan_deletion<'a>(
    user: &str,
    keys: &'a [Listed],
    current: Option<&str>,
    previous: Option<&str>,
) -> Result<Option<&'a Listed>> {
    if keys.len() < 2 {
        return Ok(None);
    }
    let unknown: Vec<&Listed> =
        keys.iter().filter(|k| Some(k.id.as_str()) != current && Some(k.id.as_str()) != previous).collect();
    if !unknown.is_empty() {
        return Err(unknown_key_error(user, &unknown));
    }
    Ok(keys.iter().find(|k| Some(k.id.as_str()) == previous))
}

#[async_trait]
impl Rotator for AwsIam {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>, Arc<Schema>) {
        let inputs = Schema::object()
            .properties([
                ("region", Schema::string().default_value(aws::DEFAULT_REGION).description("The AWS region to call.")),
                (
                    "login",
                    login_value_schema().description(
                        "The credentials that manage the user's keys (usually an aws-login value of another \
                         environment). Without it, the standard AWS credential chain is used.",
                    ),
                ),
                ("userArn", Schema::string().description("The ARN of the IAM user whose keys are rotated.")),
            ])
            .required(["userArn"])
            .rotate_only(["login"])
            .build();
        let key = || {
            Schema::object()
                .properties([
                    ("accessKeyId", Schema::string().description("The access key ID.")),
                    ("secretAccessKey", Schema::string().secret().description("The secret access key.")),
                    ("createdAt", Schema::string().description("When the key was created (RFC 3339).")),
                ])
                .required(["accessKeyId", "secretAccessKey"])
        };
        let state = Schema::object()
            .properties([
                ("current", key().description("The newest access key.")),
                ("previous", key().description("The access key before it, still valid.")),
            ])
            .required(["current"])
            .build();
        (inputs, state.clone(), state)
    }

    fn validate(&self, inputs: &BTreeMap<String, Value>) -> Vec<InputProblem> {
        problems(inputs)
    }

    fn open(&self, _inputs: &BTreeMap<String, Value>, state: Option<&Value>) -> Result<Value> {
        let Some(o) = state.and_then(Value::as_object) else { return Ok(Value::object(BTreeMap::new())) };
        let mut out = BTreeMap::new();
        for (k, v) in o {
            let v = if k == "current" || k == "previous" { mark_key(v) } else { v.clone() };
            out.insert(k.clone(), v);
        }
        Ok(Value { repr: ValueRepr::Object(out), ..state.cloned().unwrap_or_else(Value::null) })
    }

    async fn preflight(&self, req: &RotationRequest) -> Result<Vec<String>> {
        let s = Session::new(self, req).await?;
        let mut lines = Vec::new();
        let me = s.login_caller().await?;
        lines.push(format!("signed in as {}", me.arn.as_deref().unwrap_or("an unknown identity")));
        s.check_account(me.account.as_deref())?;
        s.signed.iam.get_user().user_name(&s.user.name).send().await.map_err(|e| s.aws_error("iam:GetUser", &e))?;
        let keys = s.list_keys().await?;
        let (current, previous) = state_ids(req.state.as_ref());
        let role = |id: &str| {
            if Some(id) == current.as_deref() {
                " (current)"
            } else if Some(id) == previous.as_deref() {
                " (previous)"
            } else {
                " (not in the state)"
            }
        };
        let listed: Vec<String> = keys.iter().map(|k| format!("{}{}", k.id, role(&k.id))).collect();
        lines.push(match listed.len() {
            0 => format!("{} has no access keys", s.user_label()),
            n => {
                format!("{} has {n} access key{}: {}", s.user_label(), if n == 1 { "" } else { "s" }, listed.join(", "))
            }
        });
        if let Some(k) = plan_deletion(&s.user_label(), &keys, current.as_deref(), previous.as_deref())? {
            lines.push(format!("would delete access key {} (previous)", k.id));
        } else if keys.len() >= 2 {
            return Err(RotateError::new(format!(
                "{} has two access keys and the state names neither as previous: no room for a new key",
                s.user_label()
            )));
        }
        lines.push("would create a new access key and verify it with sts:GetCallerIdentity".to_owned());
        Ok(lines)
    }

    /// The user's keys before `create`: a key missing from this list was made after it.
    /// Also refuses a user in another account than the login's.
    async fn prepare(&self, req: &RotationRequest) -> Result<serde_json::Value> {
        let s = Session::new(self, req).await?;
        // Before anything changes: IAM would take the user's name in another account. Both
        // calls only read, so they go out together (the login's is asked once per run).
        let (me, keys) = tokio::join!(s.login_caller(), s.list_keys());
        s.check_account(me?.account.as_deref())?;
        let keys = keys?;
        Ok(serde_json::json!({ PREPARED_KEYS: keys.iter().map(|k| k.id.as_str()).collect::<Vec<_>>() }))
    }

    async fn create(&self, req: &RotationRequest) -> Result<Created> {
        let s = Session::new(self, req).await?;
        let (current, previous) = state_ids(req.state.as_ref());
        if let Some(c) = req.state.as_ref().and_then(Value::as_object).and_then(|o| o.get("current"))
            && c.unknown
        {
            return Err(RotateError::new("the state's current key is unknown; rotating would lose it"));
        }
        // `prepare` listed the keys a moment ago (and the engine holds the environment's
        // lock): no second ListAccessKeys.
        let keys = match prepared_keys(req) {
            Some(ids) => ids.into_iter().map(|id| Listed { id, created: None }).collect(),
            None => s.list_keys().await?,
        };
        let deleted = match plan_deletion(&s.user_label(), &keys, current.as_deref(), previous.as_deref())? {
            Some(k) => {
                s.delete_key(&k.id).await?;
                Some(k.id.clone())
            }
            None if keys.len() >= 2 => {
                return Err(RotateError::new(format!(
                    "{} has two access keys and the state names neither as previous: no room for a new key",
                    s.user_label()
                )));
            }
            None => None,
        };
        let out = s.signed.iam.create_access_key().user_name(&s.user.name).send().await.map_err(|e| {
            // A key may exist unless IAM answered with an error; and a key deleted to
            // make room is a change either way.
            let message = s.aws_message("iam:CreateAccessKey", &e);
            let answered = matches!(e, aws_smithy_runtime_api::client::result::SdkError::ServiceError(_));
            if answered && deleted.is_none() { RotateError::new(message) } else { RotateError::unknown(message) }
        })?;
        let key = out.access_key().ok_or_else(|| RotateError::unknown("iam:CreateAccessKey returned no key"))?;
        failpoint::hit(failpoint::DURING_CREATE);
        let created_at =
            key.create_date().and_then(|d| d.fmt(Format::DateTime).ok()).unwrap_or_else(escrot_store::now_rfc3339);
        let mut new_key = BTreeMap::new();
        new_key.insert("accessKeyId".to_owned(), Value::string(key.access_key_id()));
        new_key.insert("secretAccessKey".to_owned(), Value::string(key.secret_access_key()).with_secret(true));
        new_key.insert("createdAt".to_owned(), Value::string(created_at));
        let mut state = BTreeMap::new();
        state.insert("current".to_owned(), Value::object(new_key));
        if let Some(old) = state_key(req.state.as_ref(), "current") {
            state.insert("previous".to_owned(), old);
        }
        Ok(Created {
            new_state: Value::object(state),
            extra: serde_json::json!({
                "userName": s.user.name,
                "accessKeyId": key.access_key_id(),
                "deletedAccessKeyId": deleted,
            }),
        })
    }

    async fn verify(&self, req: &RotationRequest, created: &Created) -> Result<()> {
        let s = Session::new(self, req).await?;
        let key = created_key(created)?;
        let deadline = tokio::time::Instant::now() + verify_timeout();
        let mut delay = FIRST_VERIFY_DELAY;
        let mut attempts = 0;
        loop {
            attempts += 1;
            match s.caller(&key).await {
                Ok(arn) => {
                    return match caller_user(&arn) {
                        Some(u) if u == s.user => Ok(()),
                        _ => Err(RotateError::new(format!(
                            "the new access key {} signs in as {arn}, not as {}",
                            key.id,
                            s.user_label()
                        ))),
                    };
                }
                Err((code, message)) => {
                    let retry = code.as_deref().is_some_and(|c| NOT_YET_VALID.contains(&c));
                    let now = tokio::time::Instant::now();
                    if !retry || now + delay > deadline {
                        let tries = if attempts == 1 { String::new() } else { format!(" after {attempts} attempts") };
                        return Err(RotateError::new(format!(
                            "the new access key {} does not work{tries}: {message}",
                            key.id
                        )));
                    }
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(MAX_VERIFY_DELAY);
                }
            }
        }
    }

    async fn retire(&self, req: &RotationRequest, _created: &Created) -> Result<()> {
        let s = Session::new(self, req).await?;
        let tag = Tag::builder()
            .key(ROTATED_AT_TAG)
            .value(escrot_store::now_rfc3339())
            .build()
            .map_err(|e| RotateError::new(format!("cannot build the {ROTATED_AT_TAG} tag: {e}")))?;
        s.signed
            .iam
            .tag_user()
            .user_name(&s.user.name)
            .tags(tag)
            .send()
            .await
            .map_err(|e| s.aws_error("iam:TagUser", &e))?;
        Ok(())
    }

    async fn undo(&self, req: &RotationRequest, created: &Created) -> Result<()> {
        let s = Session::new(self, req).await?;
        let key = created_key(created)?;
        s.delete_key(&key.id).await
    }

    /// Deletes the key the interrupted `create` made: one that neither the state nor
    /// `prepare`'s list knows, made no later than [`CREATE_WINDOW`] after `create` began. A
    /// key made later is someone else's (an operator's, after the crash) and is left alone:
    /// if it stands in the way, `create` says so and names it.
    async fn recover_unrecorded(&self, req: &RotationRequest, started_at: &str) -> Result<()> {
        let s = Session::new(self, req).await?;
        let began = aws_smithy_types::DateTime::from_str(started_at, Format::DateTime)
            .map_err(|_| RotateError::new(format!("the journal's start time {started_at} is not RFC 3339")))?
            .secs();
        let (current, previous) = state_ids(req.state.as_ref());
        let before = prepared_keys(req);
        for k in &s.list_keys().await? {
            let in_state = Some(k.id.as_str()) == current.as_deref() || Some(k.id.as_str()) == previous.as_deref();
            // AWS reports creation times to the second, by its clock; the window allows for
            // this machine's clock being off by as much.
            let made = k.created.map(|c| c.secs());
            let ours = match &before {
                Some(ids) => !ids.contains(&k.id) && made.is_some_and(|m| m <= began + CREATE_WINDOW.as_secs() as i64),
                // An entry journaled before `prepare` existed: anything made since it began.
                None => made.is_some_and(|m| m >= began),
            };
            if !in_state && ours {
                s.delete_key(&k.id).await?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(ids: &[&str]) -> Vec<Listed> {
        ids.iter().map(|id| Listed { id: (*id).to_owned(), created: None }).collect()
    }

    #[test]
    fn a_secret_user_arn_never_shows_in_messages() {
        let inputs = |arn: Value| BTreeMap::from([("userArn".to_owned(), arn)]);
        let role = "arn:aws:iam::123456789012:role/hidden-role";
        let shown = problems(&inputs(Value::string(role)));
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].path.to_string(), "userArn");
        assert!(shown[0].message.contains(role), "{}", shown[0].message);
        let hidden = problems(&inputs(Value::string(role).with_secret(true)));
        assert!(hidden[0].message.ends_with("(the ARN is secret)") && !hidden[0].message.contains("hidden-role"));
        assert!(problems(&inputs(Value::unknown())).is_empty());
        assert!(problems(&inputs(Value::string("arn:aws:iam::123456789012:user/ci"))).is_empty());
    }

    #[test]
    fn deletion_plans() {
        let keys = listed(&["A", "B"]);
        assert_eq!(
            plan_deletion("IAM user u", &keys, Some("A"), Some("B")).map(|k| k.map(|k| k.id.clone())),
            Ok(Some("B".into()))
        );
        assert_eq!(plan_deletion("IAM user u", &listed(&["A"]), Some("A"), Some("B")), Ok(None));
        assert_eq!(plan_deletion("IAM user u", &listed(&["X"]), None, None), Ok(None));
        let err = plan_deletion("IAM user u", &keys, Some("A"), None).err().map(|e| e.message).unwrap_or_default();
        assert!(err.contains("access key B, which the state does not know"), "{err}");
        let err = plan_deletion("IAM user u", &keys, None, None).err().map(|e| e.message).unwrap_or_default();
        assert!(err.contains("access keys A and B, which"), "{err}");
    }

    #[test]
    fn open_flags_secrets() {
        let key = Value::object(BTreeMap::from([
            ("accessKeyId".to_owned(), Value::string("AKIA1")),
            ("secretAccessKey".to_owned(), Value::string("s")),
        ]));
        let state = Value::object(BTreeMap::from([("current".to_owned(), key)]));
        let out = AwsIam::default().open(&BTreeMap::new(), Some(&state)).expect("opened");
        let current = out.as_object().and_then(|o| o.get("current")).and_then(Value::as_object).expect("current");
        assert!(current["secretAccessKey"].secret);
        assert!(!current["accessKeyId"].secret);
        assert_eq!(format!("{out:?}"), r#"{"current": {"accessKeyId": "AKIA1", "secretAccessKey": [secret]}}"#);
    }

    #[test]
    fn state_ids_are_read() {
        let key = |id: &str| Value::object(BTreeMap::from([("accessKeyId".to_owned(), Value::string(id))]));
        let state =
            Value::object(BTreeMap::from([("current".to_owned(), key("A")), ("previous".to_owned(), key("B"))]));
        assert_eq!(state_ids(Some(&state)), (Some("A".into()), Some("B".into())));
        assert_eq!(state_ids(None), (None, None));
    }
}
