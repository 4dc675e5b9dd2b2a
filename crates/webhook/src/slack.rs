//! A Slack incoming-webhook message for an event: `{"text": …}` in Slack's mrkdwn, made
//! from the event's JSON payload (so a Slack delivery says what a raw one says, no more).

use serde_json::{Value, json};

/// At most this many paths are listed in a message (the rest are counted).
const MAX_PATHS: usize = 20;

fn text<'a>(payload: &'a Value, key: &str) -> &'a str {
    payload.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Slack escapes `&`, `<` and `>` in text.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The body to post to a Slack incoming webhook for `payload`.
pub fn slack_body(payload: &Value) -> String {
    let env = escape(text(payload, "environment"));
    let revision = payload.get("revision").and_then(Value::as_u64);
    let message = match text(payload, "event") {
        "rotation-succeeded" | "rotation-failed" => rotation_text(payload, &env, revision),
        "revision-created" => format!(
            ":memo: New revision {} of *{env}* ({} by {})",
            revision.unwrap_or_default(),
            escape(text(payload, "kind")),
            escape(text(payload, "user"))
        ),
        "ping" => format!(
            ":wave: escrot webhook {} of *{}* works.",
            payload.get("webhook").and_then(Value::as_i64).unwrap_or_default(),
            escape(text(payload, "scope"))
        ),
        other => format!("escrot event {}", escape(other)),
    };
    json!({ "text": message }).to_string()
}

fn rotation_text(payload: &Value, env: &str, revision: Option<u64>) -> String {
    let failed = text(payload, "event") == "rotation-failed";
    let mut lines = vec![if failed {
        format!(":x: Rotation of *{env}* failed")
    } else {
        format!(":white_check_mark: Rotation of *{env}* succeeded")
    }];
    let mut facts = Vec::new();
    if let Some(rev) = revision {
        facts.push(format!("revision {rev}"));
    }
    if let Some(schedule) = payload.get("schedule").and_then(Value::as_i64) {
        facts.push(format!("schedule {schedule}"));
    }
    if let Some(attempt) = payload.get("attempt").and_then(Value::as_str) {
        facts.push(format!("attempt `{}`", escape(attempt)));
    }
    if !facts.is_empty() {
        lines[0].push_str(&format!(" ({})", facts.join(", ")));
    }
    if let Some(error) = payload.get("error").and_then(Value::as_str) {
        lines.push(format!("> {}", escape(error)));
    }
    let paths = payload.get("rotations").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    for p in paths.iter().take(MAX_PATHS) {
        let mut line =
            format!("• `{}` ({}): {}", escape(text(p, "path")), escape(text(p, "rotator")), escape(text(p, "result")));
        if let Some(error) = p.get("error").and_then(Value::as_str) {
            line.push_str(&format!(" — {}", escape(error)));
        }
        lines.push(line);
    }
    if paths.len() > MAX_PATHS {
        lines.push(format!("… and {} more", paths.len() - MAX_PATHS));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_rotation_reads_as_a_message() {
        let payload = json!({
            "event": "rotation-failed", "environment": "acme/app/prod", "revision": null, "schedule": 3,
            "attempt": "a1", "rotations": [
                {"path": "db", "rotator": "postgres", "result": "failed", "error": "cannot connect <x>"},
                {"path": "pw", "rotator": "password", "result": "succeeded", "error": null},
            ],
        });
        let body: Value = serde_json::from_str(&slack_body(&payload)).unwrap();
        assert_eq!(
            body["text"],
            ":x: Rotation of *acme/app/prod* failed (schedule 3, attempt `a1`)\n• `db` (postgres): failed — cannot \
             connect &lt;x&gt;\n• `pw` (password): succeeded"
        );
    }
}
