//! The rotation connector's protocol and handler: what the connector (the program that runs
//! inside the database's network, `escrot-connector`) does when escrot — or Pulumi ESC —
//! asks it to set a database user's password.
//!
//! It speaks the event protocol of ESC's open-source connector, so either can serve either
//! client: the event is
//! `{"type":"postgres"|"mysql","host","port","database","managingUser":{"username","password"},
//! "rotateUser":{"username","password","newPassword"}}` and the answer
//! `{"code":200,"message":"ok"}` or `{"code":400,"message":"error rotating user \"…\": …"}`
//! (errors are answers, not function errors). escrot's connector answers 504 instead of 400
//! when the statement was sent but no answer came, so the password may have changed.

use serde::{Deserialize, Serialize};

use crate::{Credential, Endpoint, Kind, Secret, redact, set_password};

/// The invocation event.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Event {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    pub port: u16,
    #[serde(default)]
    pub database: String,
    #[serde(rename = "managingUser", default)]
    pub managing_user: User,
    #[serde(rename = "rotateUser", default)]
    pub rotate_user: RotateUser,
}

/// A user and its password.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct User {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: Secret,
}

/// The user whose password is set: its current password (informational; may be empty) and
/// the new one.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RotateUser {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: Secret,
    #[serde(rename = "newPassword", default)]
    pub new_password: Secret,
}

/// The code escrot's connector answers when the password may have been changed although
/// the change failed (the statement was sent; no answer came).
pub const UNKNOWN_OUTCOME: u16 = 504;

/// The connector's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    pub code: u16,
    #[serde(default)]
    pub message: String,
}

impl Response {
    pub fn ok() -> Response {
        Response { code: 200, message: "ok".into() }
    }

    pub fn error(message: impl Into<String>) -> Response {
        Response { code: 400, message: message.into() }
    }

    /// The statement was sent and no answer came: the password may have been changed.
    /// (ESC's connector answers 400 for every failure; escrot's tells this case apart, so
    /// that the rotating side cleans up after it.)
    pub fn unknown(message: impl Into<String>) -> Response {
        Response { code: UNKNOWN_OUTCOME, message: message.into() }
    }
}

/// Handles one event: sets the password, and answers. Logs one line to stderr (CloudWatch,
/// in Lambda), without secrets.
pub async fn handle(event: Event) -> Response {
    let response = handle_inner(&event).await;
    eprintln!(
        "escrot-connector: {} {}:{}/{} user \"{}\": {} {}",
        event.kind, event.host, event.port, event.database, event.rotate_user.username, response.code, response.message
    );
    response
}

async fn handle_inner(event: &Event) -> Response {
    let Some(kind) = Kind::from_name(&event.kind) else {
        return Response::error(format!("unknown database type \"{}\" (expected postgres or mysql)", event.kind));
    };
    let user = &event.rotate_user;
    if user.new_password.is_empty() {
        return Response::error("no password provided");
    }
    for (what, value) in [("host", &event.host), ("database", &event.database), ("rotateUser.username", &user.username)]
    {
        if value.is_empty() {
            return Response::error(format!("no {what} provided"));
        }
    }
    let endpoint = Endpoint { host: event.host.clone(), port: event.port, database: event.database.clone() };
    let managing =
        Credential { username: event.managing_user.username.clone(), password: event.managing_user.password.clone() };
    match set_password(kind, &endpoint, &managing, &user.username, &user.new_password).await {
        Ok(()) => Response::ok(),
        Err(e) => {
            let message =
                format!("error rotating user \"{}\": {}", user.username, redact(&e.message, &[&user.password]));
            if e.outcome_unknown { Response::unknown(message) } else { Response::error(message) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_event_is_esc_s() {
        let json = r#"{"type":"postgres","host":"h","port":5432,"database":"d",
            "managingUser":{"username":"m","password":"mp"},
            "rotateUser":{"username":"u","password":"old","newPassword":"new"}}"#;
        let e: Event = serde_json::from_str(json).expect("parses");
        assert_eq!((e.kind.as_str(), e.port, e.rotate_user.new_password.expose()), ("postgres", 5432, "new"));
        let back = serde_json::to_value(&e).expect("serializes");
        assert_eq!(back["rotateUser"]["newPassword"], "new");
        assert_eq!(back["managingUser"]["password"], "mp");
        let debug = format!("{e:?}");
        assert!(!debug.contains("mp") && !debug.contains("old") && !debug.contains("new\""), "{debug}");
    }

    #[tokio::test]
    async fn refusals() {
        let mut e = Event { kind: "oracle".into(), ..Event::default() };
        assert_eq!(handle_inner(&e).await.message, "unknown database type \"oracle\" (expected postgres or mysql)");
        e.kind = "mysql".into();
        assert_eq!(handle_inner(&e).await, Response::error("no password provided"));
        e.rotate_user.new_password = Secret::new("x");
        assert_eq!(handle_inner(&e).await, Response::error("no host provided"));
    }
}
