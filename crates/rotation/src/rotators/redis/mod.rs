//! `fn::rotate::redis`: password rotation of one Redis (6+) ACL user, done by a managing
//! user allowed to run `ACL SETUSER`, `ACL GETUSER` and `ACL SAVE`.
//!
//! A Redis ACL user can hold several passwords, so one user suffices: `create` adds the new
//! password (`ACL SETUSER user #<sha256>`, by its hash, so the password itself never travels
//! on the managing connection nor appears in a server error), `verify` logs in with it on a
//! fresh connection, and the state becomes `{current: new, previous: old current}`.
//! `retire` then removes every password the user had before this rotation except the old
//! `current`: clients on `previous` keep working until the next rotation. After each change
//! the server's ACL file is saved (`ACL SAVE`) when it has one.
//!
//! Crash safety: `undo` removes the added hash, which undoes `create` completely.
//! `prepare` records the hashes the user has; a `create` interrupted before it was
//! journaled is cleaned up by removing every hash neither that list nor the state knows.

mod client;
mod validate;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use async_trait::async_trait;
use escrot_db::{Secret, redact};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::db::inputs::Port;
use super::inputs::{Inputs, MaybeSecret, NonEmpty};
use super::{Created, Result, RotateError, RotationRequest, Rotator};
use client::{ClientError, Connection, Reply};
use escrot_esc::provider::InputProblem;
use escrot_esc::schema::Schema;
use escrot_esc::value::{Value, ValueRepr};

/// The `redis` rotator.
#[derive(Clone, Debug, Default)]
pub struct RedisRotator;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RedisInputs {
    server: ServerInput,
    user: MaybeSecret<NonEmpty>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ServerInput {
    host: NonEmpty,
    port: Port,
    #[serde(default)]
    tls: Option<bool>,
    managing_user: ManagingInput,
}

#[derive(Deserialize)]
struct ManagingInput {
    username: MaybeSecret<NonEmpty>,
    password: NonEmpty,
}

/// A rotation request, read and checked.
struct Plan {
    host: String,
    port: u16,
    tls: bool,
    managing_user: MaybeSecret<String>,
    managing_password: Secret,
    user: MaybeSecret<String>,
    /// The state's `current`, which becomes `previous`.
    current: Option<Value>,
    /// The state's current password.
    current_password: Option<Secret>,
    /// The passwords of the state (current, previous), for redaction and recovery.
    known: Vec<Secret>,
}

fn plan(req: &RotationRequest) -> Result<Plan> {
    let inputs: RedisInputs = super::inputs::read(&req.inputs)?;
    if let Some(problem) = validate::problems(&req.inputs).into_iter().next() {
        return Err(RotateError::new(problem.message));
    }
    let state = req.state.as_ref().and_then(Value::as_object);
    let password_of = |key: &str| {
        state
            .and_then(|s| s.get(key))
            .and_then(Value::as_object)
            .and_then(|c| c.get("password"))
            .and_then(Value::as_str)
            .map(Secret::new)
    };
    let state_user = |key: &str| {
        state
            .and_then(|s| s.get(key))
            .and_then(Value::as_object)
            .and_then(|c| c.get("username"))
            .and_then(Value::as_str)
    };
    let user = MaybeSecret { value: inputs.user.value.0, secret: inputs.user.secret };
    let current = state.and_then(|s| s.get("current")).filter(|v| !matches!(v.repr, ValueRepr::Null)).cloned();
    if current.as_ref().is_some_and(|v| v.unknown) {
        return Err(RotateError::new(
            "the state's current value is unknown (was it decrypted?); rotating would lose it",
        ));
    }
    Ok(Plan {
        host: inputs.server.host.0,
        port: inputs.server.port.0,
        tls: inputs.server.tls.unwrap_or(false),
        managing_user: MaybeSecret {
            value: inputs.server.managing_user.username.value.0,
            secret: inputs.server.managing_user.username.secret,
        },
        managing_password: Secret::new(inputs.server.managing_user.password.0),
        user: MaybeSecret { value: user.value.clone(), secret: user.secret },
        current,
        // The old password kept on retire is the state's only when it is this user's (after
        // `user` changed, the rotation is a first one: nothing is retired).
        current_password: password_of("current").filter(|_| state_user("current") == Some(user.value.as_str())),
        known: ["current", "previous"].into_iter().filter_map(password_of).collect(),
    })
}

/// The SHA-256 of a password in hex, as `ACL GETUSER` lists it.
fn hash(password: &str) -> String {
    hex::encode(Sha256::digest(password.as_bytes()))
}

impl Plan {
    fn secrets(&self) -> Vec<Secret> {
        let mut out = vec![self.managing_password.clone()];
        out.extend(self.known.iter().cloned());
        for name in [&self.managing_user, &self.user] {
            if name.secret {
                out.push(Secret::new(name.value.clone()));
            }
        }
        out
    }

    /// A server or connection error, redacted of every secret of the request and `extra`.
    fn error(&self, what: &str, e: ClientError, extra: Option<&Secret>) -> RotateError {
        let mut secrets = self.secrets();
        secrets.extend(extra.cloned());
        let refs: Vec<&Secret> = secrets.iter().collect();
        RotateError { message: redact(&format!("{what}: {}", e.message), &refs), outcome_unknown: e.outcome_unknown }
    }

    fn answered(&self, what: &str, message: String) -> RotateError {
        self.error(what, ClientError { message, outcome_unknown: false }, None)
    }

    /// The rotated user, for messages.
    fn user_label(&self) -> String {
        if self.user.secret {
            "the rotated redis user (secret)".to_owned()
        } else {
            format!("redis user \"{}\"", self.user.value)
        }
    }

    fn endpoint(&self) -> String {
        format!("{}:{}{}", self.host, self.port, if self.tls { " (TLS)" } else { "" })
    }

    async fn connect(&self) -> Result<Connection> {
        Connection::connect(&self.host, self.port, self.tls).await.map_err(|e| self.error("redis", e, None))
    }

    /// A connection logged in as the managing user.
    async fn managing(&self) -> Result<Connection> {
        let mut conn = self.connect().await?;
        let login = conn
            .auth(&self.managing_user.value, self.managing_password.expose())
            .await
            .map_err(|e| self.error("redis", e, None))?;
        login.map_err(|e| self.answered("the managing user cannot log in to redis", e))?;
        Ok(conn)
    }

    /// The hashes of the rotated user's passwords; an error when the user does not exist.
    async fn hashes(&self, conn: &mut Connection) -> Result<Vec<String>> {
        let reply = conn
            .command(&[b"ACL", b"GETUSER", self.user.value.as_bytes()])
            .await
            .map_err(|e| self.error("ACL GETUSER", e, None))?;
        let fields = match reply {
            Reply::Array(Some(fields)) => fields,
            Reply::Array(None) | Reply::Bulk(None) => {
                let name = if self.user.secret { "NAME".to_owned() } else { self.user.value.clone() };
                return Err(RotateError::new(format!(
                    "{} does not exist on {}; create it first, e.g. with ACL SETUSER {name} on >PASSWORD ~* +@all",
                    self.user_label(),
                    self.endpoint()
                )));
            }
            Reply::Error(e) => return Err(self.answered("ACL GETUSER", e)),
            other => return Err(RotateError::new(format!("unexpected reply to ACL GETUSER: {other:?}"))),
        };
        let mut it = fields.into_iter();
        while let Some(key) = it.next() {
            let value = it.next();
            if key == Reply::Bulk(Some(b"passwords".to_vec()))
                && let Some(Reply::Array(Some(items))) = value
            {
                return Ok(items
                    .into_iter()
                    .filter_map(|i| match i {
                        Reply::Bulk(Some(b)) => String::from_utf8(b).ok(),
                        _ => None,
                    })
                    .collect());
            }
        }
        Ok(Vec::new())
    }

    /// `ACL SETUSER user MODIFIER` (the modifier is a hash: `#h` adds, `!h` removes).
    async fn set(&self, conn: &mut Connection, modifier: &str) -> Result<()> {
        let reply = conn
            .command(&[b"ACL", b"SETUSER", self.user.value.as_bytes(), modifier.as_bytes()])
            .await
            .map_err(|e| self.error(&format!("error rotating {}", self.user_label()), e, None))?;
        match reply {
            Reply::Status(_) => Ok(()),
            Reply::Error(e) => Err(self.answered(&format!("error rotating {}", self.user_label()), e)),
            other => Err(RotateError::new(format!("unexpected reply to ACL SETUSER: {other:?}"))),
        }
    }

    /// `ACL SAVE` when the server keeps its users in an ACL file.
    async fn save(&self, conn: &mut Connection) -> Result<()> {
        let reply = conn.command(&[b"ACL", b"SAVE"]).await.map_err(|e| self.error("ACL SAVE", e, None))?;
        match reply {
            Reply::Error(e) if !e.contains("not configured to use an ACL file") => Err(self.answered("ACL SAVE", e)),
            _ => Ok(()),
        }
    }

    /// Removes those of `hashes` the user still has (idempotent), then saves.
    async fn remove(&self, hashes: &BTreeSet<String>) -> Result<()> {
        let mut conn = self.managing().await?;
        let present = self.hashes(&mut conn).await?;
        let mut changed = false;
        for h in present.iter().filter(|h| hashes.contains(*h)) {
            self.set(&mut conn, &format!("!{h}")).await?;
            changed = true;
        }
        if changed {
            self.save(&mut conn).await?;
        }
        Ok(())
    }
}

fn credential_schema(what: &str) -> Schema {
    Schema::object()
        .properties([
            ("username", Schema::string().description(format!("The {what}'s name."))),
            ("password", Schema::string().secret().description(format!("The {what}'s password."))),
        ])
        .required(["username", "password"])
}

fn credential_value(username: &MaybeSecret<String>, password: &Secret) -> Value {
    Value::object(BTreeMap::from([
        ("username".to_owned(), Value::string(&username.value).with_secret(username.secret)),
        ("password".to_owned(), Value::string(password.expose()).with_secret(true)),
    ]))
}

/// The hashes journaled in `prepare`'s or `create`'s JSON under `key`.
fn json_hashes(v: &serde_json::Value, key: &str) -> BTreeSet<String> {
    v.get(key)
        .and_then(serde_json::Value::as_array)
        .map(|a| a.iter().filter_map(|h| h.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

fn created_password(created: &Created) -> Result<Secret> {
    created
        .new_state
        .as_object()
        .and_then(|o| o.get("current"))
        .and_then(Value::as_object)
        .and_then(|c| c.get("password"))
        .and_then(Value::as_str)
        .map(Secret::new)
        .ok_or_else(|| RotateError::new("the journaled state has no current password"))
}

#[async_trait]
impl Rotator for RedisRotator {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>, Arc<Schema>) {
        let server = Schema::object()
            .properties([
                ("host", Schema::string().description("The Redis server's host name or address.")),
                ("port", Schema::number().minimum(1).maximum(65535).multiple_of(1).description("The port.")),
                ("tls", Schema::boolean().description("Connect with TLS (default false).")),
                ("managingUser", credential_schema("managing user")),
            ])
            .required(["host", "port", "managingUser"])
            .rotate_only(["managingUser"]);
        let inputs = Schema::object()
            .properties([("server", server), ("user", Schema::string().description("The ACL user to rotate."))])
            .required(["server", "user"])
            .build();
        let state = Schema::object()
            .properties([
                ("current", credential_schema("current credential")),
                ("previous", credential_schema("previous credential")),
            ])
            .build();
        (inputs, state.clone(), state)
    }

    fn validate(&self, inputs: &Inputs) -> Vec<InputProblem> {
        validate::problems(inputs)
    }

    fn open(&self, _inputs: &Inputs, state: Option<&Value>) -> Result<Value> {
        Ok(super::db::open_state(state))
    }

    async fn preflight(&self, req: &RotationRequest) -> Result<Vec<String>> {
        let plan = plan(req)?;
        let mut conn = plan.managing().await?;
        plan.hashes(&mut conn).await?;
        Ok(vec![format!("would add a new password to {} on {}", plan.user_label(), plan.endpoint())])
    }

    async fn prepare(&self, req: &RotationRequest) -> Result<serde_json::Value> {
        let plan = plan(req)?;
        let mut conn = plan.managing().await?;
        Ok(serde_json::json!({"hashes": plan.hashes(&mut conn).await?}))
    }

    async fn create(&self, req: &RotationRequest) -> Result<Created> {
        let plan = plan(req)?;
        let password = super::db::generate_password()?;
        let new_hash = hash(password.expose());
        let mut conn = plan.managing().await?;
        plan.set(&mut conn, &format!("#{new_hash}")).await?;
        crate::failpoint::hit(crate::failpoint::DURING_CREATE);
        // The password is added by now: a failure to save it must be cleaned up after
        // (`recover_unrecorded` removes the hash `prepare` did not see).
        plan.save(&mut conn).await.map_err(|e| RotateError { outcome_unknown: true, ..e })?;
        // What `retire` removes: the passwords the user had before, except the one that
        // becomes `previous`. With no `current` yet, nothing (the password the user was
        // created with stays until the next rotation, as a `previous` would).
        let retire: BTreeSet<String> = match &plan.current_password {
            Some(current) => {
                let keep = hash(current.expose());
                json_hashes(&req.prepared, "hashes").into_iter().filter(|h| *h != keep && *h != new_hash).collect()
            }
            None => BTreeSet::new(),
        };
        let mut state = BTreeMap::new();
        if let Some(current) = &plan.current {
            state.insert("previous".to_owned(), super::db::strip_trace(current));
        }
        state.insert("current".to_owned(), credential_value(&plan.user, &password));
        Ok(Created { new_state: Value::object(state), extra: serde_json::json!({"hash": new_hash, "retire": retire}) })
    }

    async fn verify(&self, req: &RotationRequest, created: &Created) -> Result<()> {
        let plan = plan(req)?;
        let password = created_password(created)?;
        let mut conn = plan.connect().await?;
        let what = format!("{} cannot log in with its new password", plan.user_label());
        let login =
            conn.auth(&plan.user.value, password.expose()).await.map_err(|e| plan.error(&what, e, Some(&password)))?;
        login.map_err(|e| plan.error(&what, ClientError { message: e, outcome_unknown: false }, Some(&password)))
    }

    async fn retire(&self, req: &RotationRequest, created: &Created) -> Result<()> {
        let retire = json_hashes(&created.extra, "retire");
        if retire.is_empty() {
            return Ok(());
        }
        plan(req)?.remove(&retire).await
    }

    fn undo_is_complete(&self) -> bool {
        true
    }

    async fn undo(&self, req: &RotationRequest, created: &Created) -> Result<()> {
        let added: BTreeSet<String> =
            created.extra.get("hash").and_then(|h| h.as_str()).map(str::to_owned).into_iter().collect();
        plan(req)?.remove(&added).await
    }

    async fn recover_unrecorded(&self, req: &RotationRequest, _started_at: &str) -> Result<()> {
        // The interrupted `create` may have added a password it did not journal: it is
        // the one hash neither `prepare`'s list nor the state knows.
        let plan = plan(req)?;
        let mut known = json_hashes(&req.prepared, "hashes");
        if req.prepared.get("hashes").is_none() {
            return Ok(());
        }
        known.extend(plan.known.iter().map(|p| hash(p.expose())));
        let mut conn = plan.managing().await?;
        let stray: BTreeSet<String> =
            plan.hashes(&mut conn).await?.into_iter().filter(|h| !known.contains(h)).collect();
        drop(conn);
        if stray.is_empty() {
            return Ok(());
        }
        plan.remove(&stray).await
    }
}
