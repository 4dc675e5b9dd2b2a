//! What the journal holds for one path, encoded as its payload.

use crate::rotators::Created;
use crate::target::Target;
use escrot_esc::value::Value;
use escrot_store::{JournalId, JournalStep, JournalSync, JournalWrite};
use zeroize::Zeroizing;

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

/// [`Payload`] as the journal holds it: JSON, the field names the journal has always had.
/// Missing optional parts read as absent, unknown keys are ignored.
#[derive(serde::Serialize, serde::Deserialize)]
struct PayloadWire {
    state_path: String,
    #[serde(default)]
    creating: Option<CreatingWire>,
    #[serde(default)]
    created: Option<CreatedWire>,
    #[serde(default)]
    retire_failed: bool,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct CreatingWire {
    #[serde(default)]
    prepared: serde_json::Value,
    started_at: String,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct CreatedWire {
    /// The new state in the value's lossless wire form (`Value::to_wire`).
    new_state: serde_json::Value,
    #[serde(default)]
    extra: serde_json::Value,
}

impl Payload {
    pub(super) fn encode(&self) -> Vec<u8> {
        let wire = PayloadWire {
            state_path: self.state_path.clone(),
            creating: self
                .creating
                .as_ref()
                .map(|c| CreatingWire { prepared: c.prepared.clone(), started_at: c.started_at.clone() }),
            created: self
                .created
                .as_ref()
                .map(|c| CreatedWire { new_state: c.new_state.to_wire(), extra: c.extra.clone() }),
            retire_failed: self.retire_failed,
        };
        serde_json::to_vec(&wire).unwrap_or_default()
    }

    pub(super) fn decode(bytes: &[u8]) -> Option<Payload> {
        let wire: PayloadWire = serde_json::from_slice(bytes).ok()?;
        let created = match wire.created {
            Some(c) => Some(Created { new_state: Value::from_wire(&c.new_state)?, extra: c.extra }),
            None => None,
        };
        Some(Payload {
            state_path: wire.state_path,
            creating: wire.creating.map(|c| Creating { prepared: c.prepared, started_at: c.started_at }),
            created,
            retire_failed: wire.retire_failed,
        })
    }
}

/// Records in the journal that retiring failed after the commit (best effort: without the
/// mark, the next run takes the entry for a crash after the commit, which is only slower).
pub(super) fn mark_retire_failed(target: &dyn Target, journal: JournalId, state_path: &str, created: &Created) {
    let _ = target.journal_write(&[retire_failed_write(journal, state_path, created)], JournalSync::Now);
}

/// The journal write that records that retiring failed after the commit.
pub(super) fn retire_failed_write(journal: JournalId, state_path: &str, created: &Created) -> JournalWrite {
    let payload = Payload {
        state_path: state_path.to_owned(),
        creating: None,
        created: Some(created.clone()),
        retire_failed: true,
    };
    JournalWrite::Update { id: journal, step: JournalStep::Committed, payload: Zeroizing::new(payload.encode()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A payload as journals written before the typed payload hold it (the keys sorted, as
    /// `serde_json::json!` wrote them) still decodes, and a new one reads back the same.
    #[test]
    fn payloads_of_existing_journals_decode() {
        let old = br#"{"created":{"extra":{"key_id":"AKIA1"},"new_state":{"value":{"password":{"secret":true,"value":"s3"}}}},"creating":{"prepared":["AKIA0"],"started_at":"2026-01-02T03:04:05Z"},"retire_failed":true,"state_path":"creds.state"}"#;
        let p = Payload::decode(old).expect("an old payload decodes");
        assert_eq!(p.state_path, "creds.state");
        assert!(p.retire_failed);
        let creating = p.creating.as_ref().expect("creating");
        assert_eq!(creating.prepared, serde_json::json!(["AKIA0"]));
        assert_eq!(creating.started_at, "2026-01-02T03:04:05Z");
        let created = p.created.as_ref().expect("created");
        assert_eq!(created.extra, serde_json::json!({"key_id": "AKIA1"}));
        let wire = serde_json::json!({"value": {"password": {"secret": true, "value": "s3"}}});
        assert_eq!(created.new_state.to_wire(), wire);

        let again = Payload::decode(&p.encode()).expect("a new payload decodes");
        let reencoded: serde_json::Value = serde_json::from_slice(&again.encode()).unwrap();
        assert_eq!(reencoded, serde_json::from_slice::<serde_json::Value>(old).unwrap());

        let planned = Payload::decode(br#"{"created":null,"creating":null,"retire_failed":false,"state_path":"p"}"#)
            .expect("a planned payload decodes");
        assert!(planned.creating.is_none() && planned.created.is_none() && !planned.retire_failed);
        assert!(Payload::decode(br#"{"creating":{"prepared":null}}"#).is_none());
    }
}
