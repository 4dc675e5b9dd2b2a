//! Sending deliveries: one HTTP client for a run (rustls, no redirects followed), each
//! delivery tried at most [`Policy::tries`] times with a timeout per try and a doubling
//! backoff between tries, all of a run's deliveries at once. A delivery is retried after a
//! network error, a timeout, a 5xx or a 429; any other answer than a 2xx ends it as failed.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use escrot_store::{ClaimedDelivery, DeliveryOutcome, DeliveryStatus, Store};

use crate::sign::{SIGNATURE_HEADER, signature};
use crate::slack::slack_body;
use crate::{DeliverySummary, FailedDelivery};

/// The variables that override the policy (for tests, and for slow receivers): a timeout
/// per try (`5s`, `500ms`), the number of tries, the first backoff.
pub const POLICY_ENV_VARS: [&str; 3] = ["ESCROT_WEBHOOK_TIMEOUT", "ESCROT_WEBHOOK_TRIES", "ESCROT_WEBHOOK_BACKOFF"];

/// At most this many tries, whatever `ESCROT_WEBHOOK_TRIES` says: delivery stays bounded.
const MAX_TRIES: u32 = 10;

/// How deliveries are tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// The limit of one try, connecting included.
    pub timeout: Duration,
    pub tries: u32,
    /// The wait after the first failed try; it doubles after each next one.
    pub backoff: Duration,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy { timeout: Duration::from_secs(5), tries: 3, backoff: Duration::from_millis(500) }
    }
}

impl Policy {
    /// The default policy with the overrides of [`POLICY_ENV_VARS`]; a value that cannot
    /// be read is ignored (with a log line): delivery never fails the command.
    pub fn from_env() -> Policy {
        let mut policy = Policy::default();
        let duration = |name: &str| {
            escrot_vars::get(name).and_then(|text| match escrot_store::lock::parse_duration(&text) {
                Ok(d) => Some(d),
                Err(e) => {
                    tracing::warn!("{name}: {e}; using the default");
                    None
                }
            })
        };
        if let Some(d) = duration(POLICY_ENV_VARS[0]) {
            policy.timeout = d;
        }
        if let Some(text) = escrot_vars::get(POLICY_ENV_VARS[1]) {
            match text.trim().parse::<u32>() {
                Ok(n) if n >= 1 => policy.tries = n.min(MAX_TRIES),
                _ => tracing::warn!("{}: '{text}' is not a number of tries; using the default", POLICY_ENV_VARS[1]),
            }
        }
        if let Some(d) = duration(POLICY_ENV_VARS[2]) {
            policy.backoff = d;
        }
        policy
    }

    /// The wait after failed try `n` (1-based).
    fn backoff_after(&self, n: u32) -> Duration {
        self.backoff.saturating_mul(1 << (n - 1).min(16))
    }

    /// The longest a delivery takes: every try timing out, with every backoff.
    pub fn bound(&self) -> Duration {
        let waits: Duration = (1..self.tries).map(|n| self.backoff_after(n)).sum();
        self.timeout.saturating_mul(self.tries) + waits
    }

    /// How long a process keeps the deliveries it sends to itself: twice the bound, at
    /// least 2 s (timestamps are to the second), so that another process takes over only
    /// the deliveries of one that died.
    pub fn lease(&self) -> Duration {
        self.bound().saturating_mul(2).max(Duration::from_secs(2))
    }
}

fn client(policy: &Policy) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(policy.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("escrot/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("cannot make the webhook HTTP client: {}", describe(&e)))
}

/// A request error in words, without its URL (a Slack URL is a credential of its own).
fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        return "timed out".to_owned();
    }
    let mut parts = vec![if e.is_connect() { "cannot connect".to_owned() } else { "request failed".to_owned() }];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        // hyper-util's wrapper ("client error (Connect)") says nothing the next one does not.
        if !text.starts_with("client error (") && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

/// What one try came to.
enum Try {
    Delivered(u16),
    /// Worth another try (5xx, 429, a network error or a timeout).
    Retry(Option<u16>, String),
    Failed(u16, String),
}

async fn try_once(client: &reqwest::Client, c: &ClaimedDelivery, body: &str) -> Try {
    let request = client
        .post(&c.url)
        .header("Content-Type", "application/json")
        .header("X-Escrot-Event", &c.delivery.event)
        .header("X-Escrot-Delivery", c.delivery.id.to_string())
        .header(SIGNATURE_HEADER, signature(&c.secret, body.as_bytes()))
        .body(body.to_owned());
    match request.send().await {
        Ok(response) => {
            let status = response.status();
            let code = status.as_u16();
            let reason =
                format!("HTTP {code}{}", status.canonical_reason().map(|r| format!(" {r}")).unwrap_or_default());
            if status.is_success() {
                Try::Delivered(code)
            } else if status.is_server_error() || code == 429 {
                Try::Retry(Some(code), reason)
            } else {
                Try::Failed(code, reason)
            }
        }
        Err(e) => Try::Retry(None, describe(&e)),
    }
}

/// The body sent for a delivery in its webhook's format.
fn body_of(c: &ClaimedDelivery) -> String {
    match c.format.as_str() {
        "slack" => match serde_json::from_str(&c.delivery.payload) {
            Ok(payload) => slack_body(&payload),
            Err(_) => slack_body(&serde_json::Value::Null),
        },
        _ => c.delivery.payload.clone(),
    }
}

async fn deliver(client: &reqwest::Client, policy: &Policy, c: &ClaimedDelivery) -> DeliveryOutcome {
    let body = body_of(c);
    let started = Instant::now();
    let mut tries = 0;
    let (status, status_code, error) = loop {
        tries += 1;
        match try_once(client, c, &body).await {
            Try::Delivered(code) => break (DeliveryStatus::Delivered, Some(code), None),
            Try::Failed(code, reason) => break (DeliveryStatus::Failed, Some(code), Some(reason)),
            Try::Retry(code, reason) if tries >= policy.tries => break (DeliveryStatus::Failed, code, Some(reason)),
            Try::Retry(..) => tokio::time::sleep(policy.backoff_after(tries)).await,
        }
    };
    let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    tracing::info!(
        "webhook {} delivery {} ({}): {status} after {tries} {} in {duration_ms}ms{}",
        c.delivery.webhook,
        c.delivery.id,
        c.delivery.event,
        if tries == 1 { "try" } else { "tries" },
        error.as_deref().map(|e| format!(": {e}")).unwrap_or_default()
    );
    DeliveryOutcome { status, status_code, duration_ms, error, tries }
}

/// Sends `claimed` (on this thread's own runtime) and records each outcome.
pub(crate) fn deliver_all(store: &Mutex<dyn Store>, policy: &Policy, claimed: Vec<ClaimedDelivery>) -> DeliverySummary {
    let mut summary = DeliverySummary::default();
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            summary.errors.push(format!("cannot start the webhook sender: {e}"));
            return summary;
        }
    };
    let client = match client(policy) {
        Ok(client) => client,
        Err(e) => {
            summary.errors.push(e);
            return summary;
        }
    };
    let outcomes =
        runtime.block_on(futures_util::future::join_all(claimed.iter().map(|c| deliver(&client, policy, c))));
    for (c, outcome) in claimed.iter().zip(outcomes) {
        let recorded = store.lock().unwrap_or_else(|e| e.into_inner()).finish_delivery(c.delivery.id, &outcome);
        if let Err(e) = recorded {
            summary.errors.push(format!("cannot record webhook delivery {}: {e}", c.delivery.id));
        }
        match outcome.status {
            DeliveryStatus::Delivered => summary.delivered.push(c.delivery.id),
            _ => summary.failed.push(FailedDelivery {
                webhook: c.delivery.webhook,
                delivery: c.delivery.id,
                event: c.delivery.event.clone(),
                tries: outcome.tries,
                error: outcome.error.unwrap_or_default(),
            }),
        }
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_policy_is_bounded() {
        let p = Policy::default();
        assert_eq!(p.bound(), Duration::from_millis(15_000 + 500 + 1000));
        assert_eq!(p.lease(), Duration::from_millis(33_000));
        let one = Policy { timeout: Duration::from_millis(200), tries: 1, backoff: Duration::from_millis(10) };
        assert_eq!(one.lease(), Duration::from_secs(2));
    }
}
