//! What the journal holds for one path, encoded as its payload.

use crate::rotators::Created;
use crate::target::Target;
use escrot_esc::value::Value;
use escrot_store::{JournalId, JournalStep};

/// The journal's payload for one path: where the state goes, what `prepare` returned once
/// `create` is about to run, and, once created, what was.
#[derive(Clone, Debug)]
pub(super) struct Payload {
    pub(super) state_path: String,
    /// Set just before `create` runs: from then on, something may have changed.
    pub(super) creating: Option<Creating>,
    pub(super) created: Option<Created>,
    /// Set when a run committed the rotation and then failed to retire: the next run retries
    /// retiring once, and rotates the path anew (unlike after a crash between commit and
    /// retire, when the commit is that next run's rotation of the path).
    pub(super) retire_failed: bool,
}

/// What the journal knows of a `create` that is running (or was, when the process died).
#[derive(Clone, Debug)]
pub(super) struct Creating {
    /// What `prepare` returned.
    pub(super) prepared: serde_json::Value,
    /// When the path's rotation began, before its intent was journaled (RFC 3339): nothing
    /// `create` made is older.
    pub(super) started_at: String,
}

impl Payload {
    pub(super) fn encode(&self) -> Vec<u8> {
        let creating =
            self.creating.as_ref().map(|c| serde_json::json!({"prepared": c.prepared, "started_at": c.started_at}));
        let created =
            self.created.as_ref().map(|c| serde_json::json!({"new_state": c.new_state.to_wire(), "extra": c.extra}));
        serde_json::to_vec(&serde_json::json!({
            "state_path": self.state_path,
            "creating": creating,
            "created": created,
            "retire_failed": self.retire_failed,
        }))
        .unwrap_or_default()
    }

    pub(super) fn decode(bytes: &[u8]) -> Option<Payload> {
        let v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
        let state_path = v.get("state_path")?.as_str()?.to_owned();
        let creating = match v.get("creating") {
            Some(c) if !c.is_null() => Some(Creating {
                prepared: c.get("prepared").cloned().unwrap_or_default(),
                started_at: c.get("started_at")?.as_str()?.to_owned(),
            }),
            _ => None,
        };
        let created = match v.get("created") {
            Some(c) if !c.is_null() => Some(Created {
                new_state: Value::from_wire(c.get("new_state")?)?,
                extra: c.get("extra").cloned().unwrap_or_default(),
            }),
            _ => None,
        };
        let retire_failed = v.get("retire_failed").and_then(serde_json::Value::as_bool).unwrap_or(false);
        Some(Payload { state_path, creating, created, retire_failed })
    }
}

/// Records in the journal that retiring failed after the commit (best effort: without the
/// mark, the next run takes the entry for a crash after the commit, which is only slower).
pub(super) fn mark_retire_failed(target: &dyn Target, journal: JournalId, state_path: &str, created: &Created) {
    let payload = Payload {
        state_path: state_path.to_owned(),
        creating: None,
        created: Some(created.clone()),
        retire_failed: true,
    };
    let _ = target.journal_update(journal, JournalStep::Committed, &payload.encode());
}
