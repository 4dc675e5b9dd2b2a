//! Webhooks as the store keeps them: where a rotation event is sent (`escrot webhook`), and
//! the record of every delivery. Sending is `escrot-webhook`'s job; the store only keeps
//! the subscriptions, their secrets sealed with the store key, and the deliveries (pending
//! ones leased to the process that sends them, so that one a killed process left behind is
//! sent by the next, and never by two at once).

use std::fmt;

use zeroize::Zeroizing;

use crate::name::EnvName;

/// A webhook's id: a number, unique in the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WebhookId(pub i64);

impl fmt::Display for WebhookId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A delivery's id: a number, unique in the store (sent as `X-Escrot-Delivery`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeliveryId(pub i64);

impl fmt::Display for DeliveryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What a webhook receives the events of: one environment, or every environment of an
/// organization (`acme/*`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum WebhookScope {
    Environment(EnvName),
    Org(String),
}

impl WebhookScope {
    /// Whether the events of `env` go to a webhook of this scope.
    pub fn applies_to(&self, env: &EnvName) -> bool {
        match self {
            WebhookScope::Environment(name) => name == env,
            WebhookScope::Org(org) => org == &env.org,
        }
    }

    pub fn org(&self) -> &str {
        match self {
            WebhookScope::Environment(name) => &name.org,
            WebhookScope::Org(org) => org,
        }
    }

    /// The (project, environment) columns: both `NULL` for an organization.
    pub(crate) fn columns(&self) -> (Option<&str>, Option<&str>) {
        match self {
            WebhookScope::Environment(name) => (Some(&name.project), Some(&name.env)),
            WebhookScope::Org(_) => (None, None),
        }
    }

    pub(crate) fn from_columns(org: String, project: Option<String>, env: Option<String>) -> WebhookScope {
        match (project, env) {
            (Some(project), Some(env)) => WebhookScope::Environment(EnvName { org, project, env }),
            _ => WebhookScope::Org(org),
        }
    }
}

impl fmt::Display for WebhookScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookScope::Environment(name) => write!(f, "{name}"),
            WebhookScope::Org(org) => write!(f, "{org}/*"),
        }
    }
}

/// A webhook to create.
#[derive(Clone, Debug)]
pub struct NewWebhook {
    pub scope: WebhookScope,
    pub url: String,
    /// `raw` (escrot's JSON, signed) or `slack` (a message for a Slack incoming webhook).
    pub format: String,
    /// The events it receives (`rotation-succeeded`, `rotation-failed`, `revision-created`).
    pub events: Vec<String>,
    /// The HMAC key its deliveries are signed with; sealed with the store key at rest.
    pub secret: Zeroizing<String>,
}

/// A webhook as stored, without its secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookRecord {
    pub id: WebhookId,
    pub scope: WebhookScope,
    pub url: String,
    pub format: String,
    pub events: Vec<String>,
    pub created_at: String,
}

/// Which webhooks [`Store::list_webhooks`](crate::Store::list_webhooks) lists.
#[derive(Clone, Copy, Debug)]
pub enum WebhookFilter<'a> {
    /// Those of exactly this scope.
    Scope(&'a WebhookScope),
    /// Those that receive the events of this environment: its own and its organization's.
    AppliesTo(&'a EnvName),
    /// Every webhook (of this organization only, if given).
    All(Option<&'a str>),
}

/// Where a delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryStatus {
    /// Recorded, not sent yet (or being sent by the process that holds its lease).
    Pending,
    /// Answered with a 2xx status.
    Delivered,
    /// Not delivered after its tries.
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }

    pub(crate) fn from_db(text: &str) -> Result<DeliveryStatus, crate::StoreError> {
        match text {
            "pending" => Ok(DeliveryStatus::Pending),
            "delivered" => Ok(DeliveryStatus::Delivered),
            "failed" => Ok(DeliveryStatus::Failed),
            other => Err(crate::StoreError::Corrupt(format!("unknown delivery status '{other}'"))),
        }
    }
}

impl fmt::Display for DeliveryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A delivery to record as pending, before it is sent.
#[derive(Clone, Debug)]
pub struct NewDelivery {
    pub webhook: WebhookId,
    pub event: String,
    /// The environment the event is of (`None`: a ping).
    pub environment: Option<String>,
    /// The rotation attempt the event is of, if any.
    pub attempt: Option<String>,
    /// The event as JSON; it never holds a secret value, so it is stored as is.
    pub payload: String,
}

/// A delivery as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryRecord {
    pub id: DeliveryId,
    pub webhook: WebhookId,
    pub event: String,
    pub environment: Option<String>,
    pub attempt: Option<String>,
    pub payload: String,
    pub status: DeliveryStatus,
    /// The HTTP status of the last try, if one was answered.
    pub status_code: Option<u16>,
    /// How long the tries took, backoff included.
    pub duration_ms: Option<u64>,
    /// Why the last try failed.
    pub error: Option<String>,
    /// How many tries were made.
    pub tries: u32,
    pub created_at: String,
    pub finished_at: Option<String>,
}

/// A pending delivery claimed to be sent: the record with where it goes and how it is
/// signed.
#[derive(Clone, Debug)]
pub struct ClaimedDelivery {
    pub delivery: DeliveryRecord,
    pub url: String,
    pub format: String,
    pub secret: Zeroizing<String>,
}

/// How a delivery ended, to record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryOutcome {
    /// `Delivered` or `Failed`.
    pub status: DeliveryStatus,
    pub status_code: Option<u16>,
    pub duration_ms: u64,
    pub error: Option<String>,
    pub tries: u32,
}

/// The additional data a webhook secret is sealed with: its scope and URL, so that a
/// sealed secret moved to another row, or a row whose URL was changed behind escrot's back,
/// no longer opens.
pub(crate) fn secret_aad(scope: &WebhookScope, url: &str) -> Vec<u8> {
    let mut aad = b"escrot webhook secret".to_vec();
    for part in [scope.to_string().as_str(), url] {
        aad.push(0);
        aad.extend_from_slice(part.as_bytes());
    }
    aad
}

/// A webhook with its sealed secret as stored: what `store copy` moves (the copy holds the
/// same store key, so the sealed secret is copied as it is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookExport {
    pub record: WebhookRecord,
    pub sealed_secret: Vec<u8>,
}

/// A webhook's secret, decrypted (with the current store key or a retired one: a data key
/// rotation does not re-seal webhook secrets, the retired keys still open them).
pub(crate) fn open_secret(
    key: &crate::key::StoreKey,
    scope: &WebhookScope,
    url: &str,
    sealed: &[u8],
) -> Result<Zeroizing<String>, crate::StoreError> {
    let plain = key.open(&secret_aad(scope, url), sealed)?;
    String::from_utf8(plain.to_vec())
        .map(Zeroizing::new)
        .map_err(|_| crate::StoreError::Corrupt("a webhook secret is not UTF-8".into()))
}
