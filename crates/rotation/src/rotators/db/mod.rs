//! `fn::rotate::postgres` and `fn::rotate::mysql`: alternating password rotation between
//! two pre-created database users, done by a privileged "managing" user.
//!
//! Each rotation sets a new generated password on the user that is *not* `current` (with
//! no state, `username1`), proves it logs in, and commits
//! `{current: {that user, new password}, previous: old current}`: clients still using the
//! old `current` keep working until the rotation after next (the two-secret strategy).
//!
//! Two ways to reach the database, as in ESC:
//! - direct: escrot connects to `host:port` as the managing user (TLS when the server
//!   offers it) and runs `ALTER ROLE … PASSWORD …` / `ALTER USER … IDENTIFIED BY …`;
//! - connector: `database.connector.awsLambda` names a Lambda inside the database's network
//!   that does the same on escrot's behalf (`escrot-connector` is escrot's own).
//!
//! Crash safety. The database keeps no copy of an old password, so `create` cannot be taken
//! back by deleting something, as an IAM key can. What makes it safe: the user `create`
//! changes is the one in `previous`, whose password escrot *knows* (it is in the state), so
//! - `undo` (a failed verification or commit) sets that known password again;
//! - `recover_unrecorded` (a crash between the change and the journal) does the same;
//! - a crash after the journal is finished by the engine, which re-verifies and commits
//!   the journaled new password.
//!
//! Only on the first two rotations (no `previous` yet) is the replaced password unknown to
//! escrot; then `undo` says so and the next rotation sets a fresh one.

mod connector_client;
pub(super) mod inputs;
mod validate;

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use escrot_db::{Credential, Endpoint, Kind, Secret, Sessions, SetError, mysql, postgres, redact};

use super::common;
use super::inputs::{Inputs, MaybeSecret, NonEmpty};
use super::password::Spec;
use super::{Created, Result, RotateError, RotationRequest, Rotator};
use escrot_esc::provider::InputProblem;
use escrot_esc::schema::Schema;
use escrot_esc::syntax::Number;
use escrot_esc::value::{Trace, Value, ValueRepr};
use inputs::DbInputs;

pub use connector_client::LambdaTarget;

/// The length of generated database passwords.
const PASSWORD_LENGTH: u64 = 32;
/// The special characters of generated database passwords: URL-unreserved, so that a
/// password can be pasted into a connection URL as is, while still satisfying password
/// policies that ask for a special character (MySQL's `validate_password`, MariaDB's
/// `simple_password_check`).
const PASSWORD_SPECIAL: &str = "-_.~";

/// How the rotator reaches the database.
#[derive(Clone, Debug)]
enum Mode {
    Direct,
    Connector(LambdaTarget),
}

/// A rotation request, read and checked.
#[derive(Clone, Debug)]
struct Plan {
    endpoint: Endpoint,
    managing: Credential,
    mode: Mode,
    /// The user whose password this rotation sets.
    target: String,
    /// The target's password before this rotation, when the state knows it (it is the
    /// `previous` user).
    target_old_password: Option<Secret>,
    /// The state's `current`, which becomes `previous`.
    current: Option<Value>,
    /// `username1` and `username2`.
    users: [String; 2],
    /// The user names given as secrets: messages name them by their role instead, and what
    /// servers and connectors say is redacted of them.
    secret_names: Vec<Secret>,
}

/// The `postgres` or `mysql` rotator.
#[derive(Clone)]
pub struct DbRotator {
    kind: Kind,
    /// The managing users' connections of this rotator's run (a registry is made for one
    /// command), shared by its rotations: `create`, `verify`'s login and `undo` of every
    /// rotation on a server reuse one managing connection instead of each opening one.
    sessions: Arc<Sessions>,
}

impl std::fmt::Debug for DbRotator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DbRotator").field("kind", &self.kind).finish_non_exhaustive()
    }
}

impl DbRotator {
    pub fn postgres() -> DbRotator {
        DbRotator { kind: Kind::Postgres, sessions: Arc::default() }
    }

    pub fn mysql() -> DbRotator {
        DbRotator { kind: Kind::Mysql, sessions: Arc::default() }
    }

    /// Sets `password` on `user`, directly or through the connector. Its error holds none
    /// of the secrets involved: the new and old passwords, the managing user's, the
    /// connector login's.
    async fn apply(&self, plan: &Plan, user: &str, password: &Secret, old: Option<&Secret>) -> Result<()> {
        let mut secrets = plan.secrets();
        secrets.push(password);
        secrets.extend(old);
        self.apply_unredacted(plan, user, password, old)
            .await
            .map_err(|e| RotateError { message: redact(&e.message, &secrets), outcome_unknown: e.outcome_unknown })
    }

    async fn apply_unredacted(
        &self,
        plan: &Plan,
        user: &str,
        password: &Secret,
        old: Option<&Secret>,
    ) -> std::result::Result<(), SetError> {
        match &plan.mode {
            Mode::Direct => {
                self.sessions.set_password(self.kind, &plan.endpoint, &plan.managing, user, password).await.map_err(
                    |e| SetError { message: format!("error rotating {}: {}", plan.user(user), e.message), ..e },
                )
            }
            Mode::Connector(lambda) => {
                let event = escrot_db::connector::Event {
                    kind: self.kind.name().to_owned(),
                    host: plan.endpoint.host.clone(),
                    port: plan.endpoint.port,
                    database: plan.endpoint.database.clone(),
                    managing_user: escrot_db::connector::User {
                        username: plan.managing.username.clone(),
                        password: plan.managing.password.clone(),
                    },
                    rotate_user: escrot_db::connector::RotateUser {
                        username: user.to_owned(),
                        password: old.cloned().unwrap_or_default(),
                        new_password: password.clone(),
                    },
                };
                connector_client::invoke(lambda, &event).await
            }
        }
    }

    /// Sets the target's known old password again; an error when it is not known.
    async fn restore(&self, plan: &Plan) -> Result<()> {
        match &plan.target_old_password {
            Some(old) => self.apply(plan, &plan.target, old, None).await,
            None => Err(RotateError::new(format!(
                "the database keeps no copy of the password {} had before (the state does not know it); the new, \
                 uncommitted password stays set until the next rotation replaces it",
                plan.user(&plan.target)
            ))),
        }
    }
}

/// `{username, password}`.
fn credential_schema(what: &str) -> Schema {
    Schema::object()
        .properties([
            ("username", Schema::string().description(format!("The {what}'s name."))),
            ("password", Schema::string().secret().description(format!("The {what}'s password."))),
        ])
        .required(["username", "password"])
}

fn login_schema() -> Schema {
    Schema::object()
        .properties([
            ("accessKeyId", Schema::string()),
            ("secretAccessKey", Schema::string().secret()),
            ("sessionToken", Schema::string().secret()),
        ])
        .required(["accessKeyId", "secretAccessKey"])
        .description("AWS credentials allowed to invoke the connector, e.g. the value of fn::open::aws-login.")
}

#[async_trait]
impl Rotator for DbRotator {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>, Arc<Schema>) {
        let connector = Schema::object()
            .properties([(
                "awsLambda",
                Schema::object()
                    .properties([
                        ("login", login_schema()),
                        ("lambdaArn", Schema::string().description("The ARN of the rotation connector Lambda.")),
                    ])
                    .required(["login", "lambdaArn"]),
            )])
            .required(["awsLambda"])
            .description("Rotate through a connector inside the database's network instead of connecting directly.");
        let database = Schema::object()
            .properties([
                ("host", Schema::string().description("The database server's host name or address.")),
                ("port", Schema::number().minimum(1).maximum(65535).multiple_of(1).description("The port.")),
                ("database", Schema::string().description("The database to connect to.")),
                ("managingUser", credential_schema("managing user")),
                ("connector", connector),
            ])
            .required(["host", "port", "database", "managingUser"])
            .rotate_only(["managingUser"]);
        let users = Schema::object()
            .properties([
                ("username1", Schema::string().description("The first user; rotated first.")),
                ("username2", Schema::string().description("The second user.")),
            ])
            .required(["username1", "username2"]);
        let inputs = Schema::object()
            .properties([("database", database), ("rotateUsers", users)])
            .required(["database", "rotateUsers"])
            .build();
        let state = Schema::object()
            .properties([
                ("current", credential_schema("current user")),
                ("previous", credential_schema("previous user")),
            ])
            .build();
        (inputs, state.clone(), state)
    }

    fn validate(&self, inputs: &Inputs) -> Vec<InputProblem> {
        validate::problems(inputs)
    }

    fn open(&self, _inputs: &BTreeMap<String, Value>, state: Option<&Value>) -> Result<Value> {
        Ok(open_state(state))
    }

    async fn preflight(&self, req: &RotationRequest) -> Result<Vec<String>> {
        let plan = plan(req)?;
        let what = format!(
            "would set a new password for {} ({} {})",
            plan.user(&plan.target),
            self.kind.name(),
            plan.endpoint
        );
        match &plan.mode {
            Mode::Direct => {
                match self.kind {
                    Kind::Postgres => postgres::check_roles(&plan.endpoint, &plan.managing, &plan.users).await,
                    Kind::Mysql => mysql::check_login(&plan.endpoint, &plan.managing).await,
                }
                .map_err(|e| RotateError::new(redact(&e, &plan.secrets())))?;
                Ok(vec![format!("{what}, connecting directly as {}", plan.user(&plan.managing.username))])
            }
            Mode::Connector(lambda) => {
                connector_client::dry_run(lambda).await.map_err(|e| RotateError::new(redact(&e, &plan.secrets())))?;
                Ok(vec![format!("{what}, through {}", lambda.label())])
            }
        }
    }

    async fn create(&self, req: &RotationRequest) -> Result<Created> {
        let plan = plan(req)?;
        let password = generate_password()?;
        self.apply(&plan, &plan.target, &password, plan.target_old_password.as_ref()).await?;
        crate::failpoint::hit(crate::failpoint::DURING_CREATE);
        let mut state = BTreeMap::new();
        if let Some(current) = &plan.current {
            state.insert("previous".to_owned(), strip_trace(current));
        }
        let username = Value::string(&plan.target).with_secret(plan.is_secret(&plan.target));
        state.insert("current".to_owned(), credential_value(username, &password));
        Ok(Created {
            new_state: Value::object(state),
            extra: serde_json::json!({"username": plan.target, "mode": plan.mode_name()}),
        })
    }

    async fn verify(&self, req: &RotationRequest, created: &Created) -> Result<()> {
        let plan = plan(req)?;
        let Mode::Direct = plan.mode else {
            // The connector answered 200 only after the database accepted the new password;
            // escrot cannot reach the database itself to log in.
            return Ok(());
        };
        let user = created_credential(created)?;
        self.sessions.login(self.kind, &plan.endpoint, &user).await.map_err(|e| {
            let message = format!("{} cannot log in with its new password: {e}", plan.user(&user.username));
            RotateError::new(redact(&message, &plan.secrets()))
        })
    }

    async fn undo(&self, req: &RotationRequest, created: &Created) -> Result<()> {
        let plan = plan(req)?;
        let user = created_credential(created)?;
        if user.username != plan.target {
            return Ok(());
        }
        self.restore(&plan).await
    }

    async fn recover_unrecorded(&self, req: &RotationRequest, _started_at: &str) -> Result<()> {
        // The interrupted attempt may have changed the target's password before recording
        // it; setting the known old password again undoes that (and is harmless if it
        // did not get that far).
        let plan = plan(req)?;
        if plan.target_old_password.is_none() {
            return Ok(());
        }
        self.restore(&plan).await
    }
}

impl Plan {
    /// Every secret the request holds: the managing user's password, the target's old
    /// password, and the connector login's secret key and session token.
    fn secrets(&self) -> Vec<&Secret> {
        let mut out = vec![&self.managing.password];
        out.extend(&self.secret_names);
        out.extend(&self.target_old_password);
        if let Mode::Connector(lambda) = &self.mode {
            out.extend(lambda.secrets());
        }
        out
    }

    fn is_secret(&self, name: &str) -> bool {
        self.secret_names.iter().any(|s| s.expose() == name)
    }

    /// A user, for messages: `user "NAME"`, or its role when its name is secret.
    fn user(&self, name: &str) -> String {
        if !self.is_secret(name) {
            return format!("user \"{name}\"");
        }
        if name == self.managing.username {
            "the managing user (secret)".to_owned()
        } else {
            "the rotated user (secret)".to_owned()
        }
    }

    fn mode_name(&self) -> &'static str {
        match self.mode {
            Mode::Direct => "direct",
            Mode::Connector(_) => "connector",
        }
    }
}

/// A new password from `fn::rotate::password`'s generator: 32 characters, at least one of
/// each class.
pub(super) fn generate_password() -> Result<Secret> {
    let num = |n: u64| Value::new(ValueRepr::Number(Number(n.to_string())));
    let inputs = Inputs::from([
        ("length".to_owned(), num(PASSWORD_LENGTH)),
        ("minLower".to_owned(), num(1)),
        ("minUpper".to_owned(), num(1)),
        ("minNumeric".to_owned(), num(1)),
        ("minSpecial".to_owned(), num(1)),
        ("overrideSpecial".to_owned(), Value::string(PASSWORD_SPECIAL)),
    ]);
    let spec = Spec::from_inputs(&inputs)?;
    let mut rng = common::secure_rng()?;
    Ok(Secret::new(spec.generate(&mut rng)))
}

fn credential_value(username: Value, password: &Secret) -> Value {
    Value::object(BTreeMap::from([
        ("username".to_owned(), username),
        ("password".to_owned(), Value::string(password.expose()).with_secret(true)),
    ]))
}

/// `v` without source traces, its `password` marked secret.
pub(super) fn strip_trace(v: &Value) -> Value {
    let repr = match &v.repr {
        ValueRepr::Object(o) => ValueRepr::Object(
            o.iter()
                .map(|(k, x)| {
                    let mut x = strip_trace(x);
                    if k == "password" {
                        x.secret = true;
                    }
                    (k.clone(), x)
                })
                .collect(),
        ),
        other => other.clone(),
    };
    Value { repr, trace: Trace::default(), ..v.clone() }
}

/// The value of the node: the state, passwords marked secret.
pub(super) fn open_state(state: Option<&Value>) -> Value {
    let Some(o) = state.and_then(Value::as_object) else { return Value::object(BTreeMap::new()) };
    let mut out = o.clone();
    for key in ["current", "previous"] {
        if let Some(ValueRepr::Object(cred)) = out.get_mut(key).map(|v| &mut v.repr)
            && let Some(p) = cred.get_mut("password")
        {
            p.secret = true;
        }
    }
    Value { repr: ValueRepr::Object(out), ..state.cloned().unwrap_or_else(Value::null) }
}

/// The credential `create` set, from its new state.
fn created_credential(created: &Created) -> Result<Credential> {
    let current = created.new_state.as_object().and_then(|o| o.get("current"));
    let username = current.and_then(|c| field_str(c, "username"));
    let password = current.and_then(|c| field_str(c, "password"));
    match (username, password) {
        (Some(u), Some(p)) => Ok(Credential { username: u.to_owned(), password: Secret::new(p) }),
        _ => Err(RotateError::new("the journaled state has no current username and password")),
    }
}

fn field<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    v.as_object()?.get(name)
}

fn field_str<'a>(v: &'a Value, name: &str) -> Option<&'a str> {
    field(v, name)?.as_str()
}

/// Reads the request: the inputs, and which user this rotation sets.
fn plan(req: &RotationRequest) -> Result<Plan> {
    let DbInputs { database: db, rotate_users: users } = super::inputs::read(&req.inputs)?;
    let mode = match db.connector {
        None => Mode::Direct,
        Some(connector) => {
            let lambda = connector.aws_lambda;
            Mode::Connector(LambdaTarget::new(lambda.lambda_arn.value.0, lambda.login, lambda.lambda_arn.secret)?)
        }
    };
    let managing_name = db.managing_user.username;
    let (user1, user2) = (users.username1.value.0.clone(), users.username2.value.0.clone());
    let problems = validate::problems_of(Some(&user1), Some(&user2), Some(&managing_name.value.0));
    if let Some(problem) = problems.into_iter().next() {
        return Err(RotateError::new(problem.message));
    }
    let secret_names = [&users.username1, &users.username2, &managing_name]
        .into_iter()
        .filter(|name: &&MaybeSecret<NonEmpty>| name.secret)
        .map(|name| Secret::new(name.value.0.clone()))
        .collect();

    let (current, previous) = known_state(req)?;
    let current_user = current.and_then(|c| field_str(c, "username"));
    let target = if current_user == Some(user1.as_str()) { user2.clone() } else { user1.clone() };
    let target_old_password = previous
        .filter(|p| field_str(p, "username") == Some(target.as_str()))
        .and_then(|p| field_str(p, "password"))
        .map(Secret::new);
    Ok(Plan {
        endpoint: Endpoint { host: db.host.0, port: db.port.0, database: db.database.0 },
        managing: Credential { username: managing_name.value.0, password: Secret::new(db.managing_user.password.0) },
        mode,
        target,
        target_old_password,
        current: current.cloned(),
        users: [user1, user2],
        secret_names,
    })
}

/// The state's `current` and `previous` values (when present), which must be known: a
/// rotation from an unknown (undecrypted) state would lose it.
fn known_state(req: &RotationRequest) -> Result<(Option<&Value>, Option<&Value>)> {
    let state = req.state.as_ref().filter(|s| !matches!(s.repr, ValueRepr::Null));
    let present = |c: &&Value| c.unknown || !matches!(c.repr, ValueRepr::Null);
    let current = state.and_then(|s| field(s, "current")).filter(present);
    let previous = state.and_then(|s| field(s, "previous")).filter(present);
    for (name, v) in [("current", current), ("previous", previous)] {
        if let Some(v) = v {
            let known = v.as_object().is_some_and(|o| o.values().all(|x| !x.unknown)) && !v.unknown;
            if !known {
                return Err(RotateError::new(format!(
                    "the state's {name} value is unknown (was it decrypted?); rotating would lose it"
                )));
            }
        }
    }
    Ok((current, previous))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cred(u: &str, p: &str) -> Value {
        credential_value(Value::string(u), &Secret::new(p))
    }

    fn request(state: Option<Value>) -> RotationRequest {
        let db = Value::object(BTreeMap::from([
            ("host".to_owned(), Value::string("127.0.0.1")),
            ("port".to_owned(), Value::new(ValueRepr::Number(Number("5432".into())))),
            ("database".to_owned(), Value::string("app")),
            ("managingUser".to_owned(), cred("admin", "admin-pw")),
        ]));
        let users = Value::object(BTreeMap::from([
            ("username1".to_owned(), Value::string("a")),
            ("username2".to_owned(), Value::string("b")),
        ]));
        RotationRequest {
            environment: "t".into(),
            path: "db".into(),
            inputs: BTreeMap::from([("database".to_owned(), db), ("rotateUsers".to_owned(), users)]),
            state,
            ..Default::default()
        }
    }

    fn state(current: Option<Value>, previous: Option<Value>) -> Value {
        let mut o = BTreeMap::new();
        if let Some(c) = current {
            o.insert("current".to_owned(), c);
        }
        if let Some(p) = previous {
            o.insert("previous".to_owned(), p);
        }
        Value::object(o)
    }

    #[test]
    fn alternates_between_the_two_users() {
        let p = plan(&request(None)).expect("valid");
        assert_eq!((p.target.as_str(), p.target_old_password.is_none()), ("a", true));
        let p = plan(&request(Some(state(Some(cred("a", "pa")), None)))).expect("valid");
        assert_eq!((p.target.as_str(), p.target_old_password.is_none()), ("b", true));
        let p = plan(&request(Some(state(Some(cred("b", "pb")), Some(cred("a", "pa")))))).expect("valid");
        assert_eq!(p.target, "a");
        assert_eq!(p.target_old_password.as_ref().map(Secret::expose), Some("pa"));
        // A current user that is neither of the two (the inputs changed): username1.
        let p = plan(&request(Some(state(Some(cred("zed", "pz")), None)))).expect("valid");
        assert_eq!(p.target, "a");
    }

    #[test]
    fn input_errors_name_the_input() {
        let mut req = request(None);
        req.inputs.remove("rotateUsers");
        assert_eq!(plan(&req).err().map(|e| e.message).as_deref(), Some("input rotateUsers is required"));
        let mut req = request(None);
        if let Some(ValueRepr::Object(db)) = req.inputs.get_mut("database").map(|v| &mut v.repr) {
            db.insert("port".into(), Value::new(ValueRepr::Number(Number("70000".into()))));
        }
        assert_eq!(
            plan(&req).err().map(|e| e.message).as_deref(),
            Some("input database.port must be a whole number between 1 and 65535 (got 70000)")
        );
        let mut req = request(None);
        if let Some(ValueRepr::Object(db)) = req.inputs.get_mut("database").map(|v| &mut v.repr) {
            db.insert("managingUser".into(), Value::unknown());
        }
        assert_eq!(plan(&req).err().map(|e| e.message).as_deref(), Some("input database.managingUser is unknown"));
    }

    #[test]
    fn secret_user_names_stay_secret() {
        let with = |key: &str, secret_of: &dyn Fn(&mut Value)| {
            let mut req = request(None);
            if let Some(v) = req.inputs.get_mut(key) {
                secret_of(v);
            }
            plan(&req).expect("valid")
        };
        let p = plan(&request(None)).expect("valid");
        assert!(!p.is_secret("a") && !p.is_secret("admin"));
        let p = with("rotateUsers", &|users| {
            if let ValueRepr::Object(o) = &mut users.repr {
                o.entry("username1".into()).and_modify(|u| u.secret = true);
            }
        });
        assert!(p.is_secret("a") && !p.is_secret("b"));
        assert_eq!(p.user("a"), "the rotated user (secret)");
        // Read out of a secret object, a name is secret too.
        let p = with("rotateUsers", &|users| users.secret = true);
        assert!(p.is_secret("a") && p.is_secret("b"));
        let p = with("database", &|db| db.secret = true);
        assert!(p.is_secret("admin") && !p.is_secret("a"));
        assert_eq!(p.user("admin"), "the managing user (secret)");
    }

    #[test]
    fn unknown_state_is_refused() {
        let err = plan(&request(Some(state(Some(Value::unknown()), None)))).err().map(|e| e.message);
        assert!(err.is_some_and(|m| m.contains("unknown")));
    }

    #[test]
    fn generated_passwords() {
        let p = generate_password().expect("generated");
        assert_eq!(p.expose().chars().count(), 32);
        assert!(p.expose().chars().all(|c| c.is_ascii_alphanumeric() || PASSWORD_SPECIAL.contains(c)));
        assert_eq!(format!("{p:?}"), "[secret]");
    }

    #[test]
    fn redaction() {
        let s = Secret::new("hunter2");
        assert_eq!(redact("near 'hunter2' at line 1", &[&s, &Secret::default()]), "near '[secret]' at line 1");
        let quoted = Secret::new("a\"b\\c");
        assert_eq!(redact(r#"{"password":"a\"b\\c"} a"b\c"#, &[&quoted]), r#"{"password":"[secret]"} [secret]"#);
    }

    #[test]
    fn open_marks_passwords_secret() {
        let s = state(Some(credential_value(Value::string("a"), &Secret::new("x"))), None);
        let mut plain = s.clone();
        if let ValueRepr::Object(o) = &mut plain.repr {
            o.insert("previous".into(), Value::object(BTreeMap::from([("password".into(), Value::string("y"))])));
        }
        let opened = open_state(Some(&plain));
        let o = opened.as_object().expect("object");
        assert!(field(&o["previous"], "password").is_some_and(|p| p.secret));
        assert!(field(&o["current"], "password").is_some_and(|p| p.secret));
        assert!(!field(&o["current"], "username").is_some_and(|p| p.secret));
    }
}
