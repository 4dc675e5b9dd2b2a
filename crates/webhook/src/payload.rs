//! What a delivery says, as JSON. Payloads name environments, revisions, paths, rotators,
//! results and errors — never a value: rotation errors are written not to hold secrets
//! (ARCHITECTURE.md, "Invariants"), and nothing else here comes from a definition.

use escrot_store::{EnvName, WebhookRecord};
use serde_json::{Value, json};

use crate::event::Event;

/// How one path of a rotation fared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathResult {
    pub path: String,
    pub rotator: String,
    /// `succeeded`, `failed`, `not-evaluated`, `conflicted`, …
    pub result: String,
    pub error: Option<String>,
    pub duration_ms: u64,
}

/// A rotation to report (`rotation-succeeded` or `rotation-failed`).
#[derive(Clone, Debug)]
pub struct RotationEvent<'a> {
    pub env: &'a EnvName,
    /// The revision the rotation committed (`None`: it committed none).
    pub revision: Option<u64>,
    pub attempt: Option<&'a str>,
    /// The schedule whose run it was (`rotate --due`).
    pub schedule: Option<i64>,
    /// Why the run failed when no path did (a definition that does not load, say).
    pub error: Option<&'a str>,
    pub author: &'a str,
    pub paths: &'a [PathResult],
}

impl RotationEvent<'_> {
    /// `rotation-failed` if a path was not rotated as asked or the run failed, else
    /// `rotation-succeeded`.
    pub fn event(&self) -> Event {
        let failed = self.error.is_some() || self.paths.iter().any(|p| p.result != "succeeded");
        if failed { Event::RotationFailed } else { Event::RotationSucceeded }
    }
}

fn now() -> String {
    escrot_store::now_rfc3339()
}

/// The payload of a rotation event.
pub fn rotation_payload(r: &RotationEvent<'_>) -> Value {
    let rotations: Vec<Value> = r
        .paths
        .iter()
        .map(|p| {
            json!({
                "path": p.path,
                "rotator": p.rotator,
                "result": p.result,
                "error": p.error,
                "durationMs": p.duration_ms,
            })
        })
        .collect();
    json!({
        "event": r.event().as_str(),
        "timestamp": now(),
        "organization": r.env.org,
        "environment": r.env.to_string(),
        "revision": r.revision,
        "attempt": r.attempt,
        "schedule": r.schedule,
        "trigger": if r.schedule.is_some() { "schedule" } else { "manual" },
        "user": r.author,
        "error": r.error,
        "rotations": rotations,
    })
}

/// The payload of `revision-created`.
pub fn revision_payload(env: &EnvName, revision: u64, kind: &str, author: &str, attempt: Option<&str>) -> Value {
    json!({
        "event": Event::RevisionCreated.as_str(),
        "timestamp": now(),
        "organization": env.org,
        "environment": env.to_string(),
        "revision": revision,
        "kind": kind,
        "user": author,
        "attempt": attempt,
    })
}

/// The payload of `ping`.
pub fn ping_payload(hook: &WebhookRecord) -> Value {
    json!({
        "event": Event::Ping.as_str(),
        "timestamp": now(),
        "organization": hook.scope.org(),
        "webhook": hook.id.0,
        "scope": hook.scope.to_string(),
    })
}
