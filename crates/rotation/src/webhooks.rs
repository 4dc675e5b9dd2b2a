//! Where rotation events become webhook deliveries: every revision committed (the write
//! gate's and the rotation commit's, [`notify_revision`]), and every rotation's outcome
//! ([`notify_rotation`]: `escrot rotate`, and each run of `rotate --due`, which the due
//! runner announces itself). Each records pending deliveries in the store right after the
//! commit (see `escrot_webhook`); the command sends them when it is done. A failure to
//! record them is logged and never fails what was committed.

use std::sync::Mutex;

use escrot_store::{EnvName, RevisionKind, Store};
use escrot_webhook::{Event, PathResult, RotationEvent};

use crate::engine::RotationReport;

/// Announces revision `revision` of `env` (`revision-created`); returns how many
/// deliveries it made pending.
pub fn notify_revision(
    store: &Mutex<dyn Store>,
    env: &EnvName,
    revision: u64,
    kind: RevisionKind,
    author: &str,
    attempt: Option<&str>,
) -> usize {
    let payload = escrot_webhook::revision_payload(env, revision, kind.as_str(), author, attempt);
    escrot_webhook::notify(store, env, Event::RevisionCreated, attempt, &payload).unwrap_or_else(|e| {
        tracing::warn!("{env}: the webhooks of revision {revision} could not be recorded: {e}");
        0
    })
}

/// A rotation's outcome to announce.
#[derive(Clone, Copy, Debug)]
pub struct Rotated<'a> {
    pub env: &'a EnvName,
    /// The engine's report (`None`: the run failed before rotating, `error` says why).
    pub report: Option<&'a RotationReport>,
    pub attempt: Option<&'a str>,
    pub revision: Option<u64>,
    pub schedule: Option<i64>,
    pub error: Option<&'a str>,
    pub author: &'a str,
}

/// Announces a rotation (`rotation-succeeded` or `rotation-failed`); a rotation that had
/// nothing to rotate announces nothing. Returns how many deliveries it made pending.
pub fn notify_rotation(store: &Mutex<dyn Store>, r: &Rotated<'_>) -> usize {
    let paths: Vec<PathResult> = r
        .report
        .map(|report| {
            report
                .outcomes
                .iter()
                .map(|o| PathResult {
                    path: o.path.clone(),
                    rotator: o.rotator.clone(),
                    result: o.result.as_str().to_owned(),
                    error: o.error.clone(),
                    duration_ms: o.duration_ms,
                })
                .collect()
        })
        .unwrap_or_default();
    if paths.is_empty() && r.error.is_none() {
        return 0;
    }
    let event = RotationEvent {
        env: r.env,
        revision: r.revision,
        attempt: r.attempt,
        schedule: r.schedule,
        error: if paths.is_empty() { r.error } else { None },
        author: r.author,
        paths: &paths,
    };
    let payload = escrot_webhook::rotation_payload(&event);
    escrot_webhook::notify(store, r.env, event.event(), r.attempt, &payload).unwrap_or_else(|e| {
        tracing::warn!("{}: the webhooks of the rotation could not be recorded: {e}", r.env);
        0
    })
}
