//! Webhooks on rotation events (`escrot webhook`): what is sent, how it is signed, and how
//! it is delivered.
//!
//! Delivery is an outbox: [`notify`] records a pending delivery in the store for each
//! webhook an event goes to (right after the commit it reports), leased to this process;
//! [`deliver_pending`] then sends the pending deliveries (this process's, and those a killed
//! process left once their lease expired), concurrently, each with bounded retries and
//! backoff ([`Policy`]), and records how each ended. Nothing here fails or blocks the
//! operation that caused the event for longer than the policy's bound: errors come back as
//! a [`DeliverySummary`] to warn about.
//!
//! `event.rs`: the events; `payload.rs`: their JSON (never a secret value); `sign.rs`:
//! `X-Escrot-Signature`; `slack.rs`: the Slack message; `send.rs`: the HTTP client, retries
//! and the policy.

mod event;
mod payload;
mod send;
mod sign;
mod slack;

use std::sync::{Mutex, OnceLock};

use escrot_store::{DeliveryId, EnvName, NewDelivery, Store, StoreError, WebhookFilter, WebhookId, WebhookRecord};

pub use event::{Event, EventError, parse_events};
pub use payload::{PathResult, RotationEvent, ping_payload, revision_payload, rotation_payload};
pub use send::{POLICY_ENV_VARS, Policy};
pub use sign::{SIGNATURE_HEADER, signature};
pub use slack::slack_body;

/// How many pending deliveries one [`deliver_pending`] sends at most (a backlog is sent
/// by the next ones).
const CLAIM_LIMIT: usize = 100;

/// This process's name as the owner of the deliveries it leases: its pid and a random part
/// (pids are reused).
pub fn owner() -> &'static str {
    static OWNER: OnceLock<String> = OnceLock::new();
    OWNER.get_or_init(|| {
        let mut random = [0u8; 4];
        let _ = getrandom::fill(&mut random);
        format!("{}-{}", std::process::id(), hex::encode(random))
    })
}

/// A new webhook secret: 32 random bytes as 64 hex digits.
pub fn generate_secret() -> Result<zeroize::Zeroizing<String>, String> {
    let mut bytes = zeroize::Zeroizing::new([0u8; 32]);
    getrandom::fill(&mut bytes[..]).map_err(|e| format!("cannot make a random secret: {e}"))?;
    Ok(zeroize::Zeroizing::new(hex::encode(&bytes[..])))
}

/// Records `payload` as a pending delivery of `event` for every webhook of `env` (its own
/// and its organization's) that receives `event`; returns how many. Called right after the
/// commit the event reports; [`deliver_pending`] sends them.
pub fn notify(
    store: &Mutex<dyn Store>,
    env: &EnvName,
    event: Event,
    attempt: Option<&str>,
    payload: &serde_json::Value,
) -> Result<usize, StoreError> {
    let mut store = store.lock().unwrap_or_else(|e| e.into_inner());
    let hooks = store.list_webhooks(WebhookFilter::AppliesTo(env))?;
    let deliveries: Vec<NewDelivery> = hooks
        .iter()
        .filter(|h| h.events.iter().any(|e| e == event.as_str()))
        .map(|h| NewDelivery {
            webhook: h.id,
            event: event.as_str().to_owned(),
            environment: Some(env.to_string()),
            attempt: attempt.map(str::to_owned),
            payload: payload.to_string(),
        })
        .collect();
    let lease_until = jiff::Timestamp::now() + Policy::from_env().lease();
    Ok(store.enqueue_deliveries(&deliveries, owner(), lease_until)?.len())
}

/// Records a `ping` of `hook` as pending (for [`deliver_pending`] to send now).
pub fn ping(store: &Mutex<dyn Store>, hook: &WebhookRecord) -> Result<DeliveryId, StoreError> {
    let delivery = NewDelivery {
        webhook: hook.id,
        event: Event::Ping.as_str().to_owned(),
        environment: None,
        attempt: None,
        payload: ping_payload(hook).to_string(),
    };
    let lease_until = jiff::Timestamp::now() + Policy::from_env().lease();
    let mut store = store.lock().unwrap_or_else(|e| e.into_inner());
    Ok(store.enqueue_deliveries(&[delivery], owner(), lease_until)?.remove(0))
}

/// A delivery that failed after its tries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedDelivery {
    pub webhook: WebhookId,
    pub delivery: DeliveryId,
    pub event: String,
    pub tries: u32,
    pub error: String,
}

/// What [`deliver_pending`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeliverySummary {
    /// The deliveries answered with a 2xx status.
    pub delivered: Vec<DeliveryId>,
    pub failed: Vec<FailedDelivery>,
    /// What went wrong with the store or the client (the deliveries stay pending, for the
    /// next run once their lease expired).
    pub errors: Vec<String>,
}

/// Sends the pending deliveries this process may send, concurrently, each with the
/// retries of [`Policy::from_env`], and records each outcome. Runs on a thread of its own
/// (with its own runtime), so it can be called from anywhere, inside tokio too; the store
/// is locked only to claim and to record, never while a request is in flight.
pub fn deliver_pending(store: &Mutex<dyn Store>) -> DeliverySummary {
    let policy = Policy::from_env();
    let now = jiff::Timestamp::now();
    let claimed = {
        let mut s = store.lock().unwrap_or_else(|e| e.into_inner());
        s.claim_deliveries(owner(), now, now + policy.lease(), CLAIM_LIMIT)
    };
    let claimed = match claimed {
        Ok(claimed) if claimed.is_empty() => return DeliverySummary::default(),
        Ok(claimed) => claimed,
        Err(e) => {
            return DeliverySummary {
                errors: vec![format!("cannot read the pending webhook deliveries: {e}")],
                ..Default::default()
            };
        }
    };
    std::thread::scope(|scope| {
        scope.spawn(|| send::deliver_all(store, &policy, claimed)).join().unwrap_or_else(|_| DeliverySummary {
            errors: vec!["the webhook sender panicked".into()],
            ..Default::default()
        })
    })
}

/// Whether `url` may be a webhook's: `https://`, or `http://` to a loopback address (a
/// receiver on the same machine; anything else would send signed events in clear text).
/// The error says why not.
pub fn check_url(url: &str) -> Result<(), String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("'{url}' is not a URL: {e}"))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("the URL must not hold a user name or password".to_owned());
    }
    match parsed.scheme() {
        "https" if parsed.host().is_some() => Ok(()),
        "http" if is_loopback(&parsed) => Ok(()),
        "http" => Err(format!(
            "'{url}' is http:// to another machine: use https:// (http:// is only for a receiver on this machine, \
             127.0.0.1, [::1] or localhost)"
        )),
        scheme => Err(format!("'{url}' is not an https:// URL (it is {scheme}:)")),
    }
}

fn is_loopback(url: &reqwest::Url) -> bool {
    let host = url.host_str().unwrap_or_default();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    #[test]
    fn webhook_urls() {
        use super::check_url;
        assert!(check_url("https://hooks.slack.com/services/T/B/X").is_ok());
        assert!(check_url("http://127.0.0.1:8080/hook").is_ok());
        assert!(check_url("http://[::1]:8080/").is_ok());
        assert!(check_url("http://localhost/").is_ok());
        assert!(check_url("http://example.com/").unwrap_err().contains("use https://"));
        assert!(check_url("ftp://example.com/").unwrap_err().contains("is not an https:// URL"));
        assert!(check_url("https://u:p@example.com/").unwrap_err().contains("user name"));
        assert!(check_url("not a url").unwrap_err().contains("is not a URL"));
    }
}
