//! `fn::rotate::external`: a rotation done by an adapter of one's own, over HTTPS, as ESC
//! does it. The rotation POSTs `{"request": <request>, "state": <state.current or null>}`
//! to `url` with a bearer JWT (RS256, ESC's claims: `claims.rs`) signed by the store's
//! signing key, whose public half `escrot jwks` prints; a 200 JSON object becomes the new
//! `current`, and the old `current` becomes `previous` (which ESC does not keep).
//!
//! Steps: `prepare` nothing; `create` is the POST (`client.rs`: timeouts, retries of
//! connection errors and 502/503/504 with the same token, a size limit), whose answer the
//! engine journals before anything relies on it; `verify` nothing beyond the answer being a
//! JSON object (escrot cannot know what the adapter's credential is for); `retire` nothing.
//! ESC's protocol has no undo call: `undo` and `recover_unrecorded` can do nothing, so a
//! rotation the adapter carried out is never taken back — an adapter that must not rotate
//! twice for one attempt deduplicates on the token's `jti` (also sent as
//! `X-Escrot-Attempt`'s attempt id).

mod claims;
pub mod client;
mod validate;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use escrot_db::Secret;

use super::{Created, Result, RotateError, RotationRequest, Rotator};
use crate::signing::SigningKey;
use escrot_esc::provider::InputProblem;
use escrot_esc::schema::Schema;
use escrot_esc::value::{Trace, Value, ValueRepr};

pub use claims::jti;
pub use validate::ALLOW_HTTP_ENV_VAR;

/// Where the signing key comes from (the store's, created on first use): asked on the
/// first external request of a run, never by a run without one.
pub type KeySource = Arc<dyn Fn() -> std::result::Result<SigningKey, String> + Send + Sync>;

/// The `external` rotator.
#[derive(Clone, Default)]
pub struct External {
    source: Option<KeySource>,
    key: Arc<Mutex<Option<Arc<SigningKey>>>>,
}

impl std::fmt::Debug for External {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("External").field("has_key_source", &self.source.is_some()).finish()
    }
}

impl External {
    /// The rotator, signing with the key `source` gives.
    pub fn new(source: KeySource) -> External {
        External { source: Some(source), key: Arc::default() }
    }

    /// The run's signing key, asked for once.
    fn signing_key(&self) -> Result<Arc<SigningKey>> {
        let mut slot = self.key.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(key) = slot.as_ref() {
            return Ok(key.clone());
        }
        let source = self
            .source
            .as_ref()
            .ok_or_else(|| RotateError::new("the external rotator has no signing key here (this is a bug)"))?;
        let key = Arc::new(source().map_err(|e| RotateError::new(format!("the signing key: {e}")))?);
        *slot = Some(key.clone());
        Ok(key)
    }
}

/// A request, read and checked.
struct Plan {
    url: String,
    /// The adapter in messages: its url, unless the url is secret.
    label: String,
    request: serde_json::Value,
    /// The state's current: the adapter's last answer.
    current: Option<serde_json::Value>,
    /// The strings no message may show: the request's secret ones and the state's.
    secrets: Vec<Secret>,
}

fn plan(req: &RotationRequest) -> Result<Plan> {
    if let Some(problem) = validate::problems(&req.inputs).into_iter().next() {
        return Err(RotateError::new(problem.message));
    }
    let url_value = req.input("url").ok_or_else(|| RotateError::new("input url is required"))?;
    let url = url_value.as_str().ok_or_else(|| RotateError::new("input url must be a string"))?.to_owned();
    let label =
        if url_value.secret { "the adapter (its url is secret)".to_owned() } else { format!("the adapter {url}") };
    let request_value = req.input("request").cloned().unwrap_or_else(|| Value::object(BTreeMap::new()));
    if has_unknown(&request_value) {
        return Err(RotateError::new("input request is not known"));
    }
    let mut secrets = Vec::new();
    secret_strings(&request_value, false, &mut secrets);
    let current = current_object(req.state.as_ref(), "current")?;
    if let Some(c) = &current {
        json_strings(c, &mut secrets);
    }
    if url_value.secret {
        secrets.push(Secret::new(url.clone()));
    }
    Ok(Plan { url, label, request: request_value.to_json(false), current, secrets })
}

/// The state's `key` (`current`, `previous`) as the adapter's object: stored as a secret it
/// reads back as its JSON text; written by hand it may be an object.
fn current_object(state: Option<&Value>, key: &str) -> Result<Option<serde_json::Value>> {
    let Some(v) = state.and_then(Value::as_object).and_then(|o| o.get(key)) else { return Ok(None) };
    if v.unknown {
        return Err(RotateError::new(format!(
            "the state's {key} value is unknown (was it decrypted?); rotating would lose it"
        )));
    }
    match &v.repr {
        ValueRepr::Null => Ok(None),
        ValueRepr::Object(_) => Ok(Some(v.to_json(false))),
        ValueRepr::String(text) => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(o @ serde_json::Value::Object(_)) => Ok(Some(o)),
            _ => Err(RotateError::new(format!("the state's {key} is not a JSON object"))),
        },
        _ => Err(RotateError::new(format!("the state's {key} is not a JSON object"))),
    }
}

fn has_unknown(v: &Value) -> bool {
    v.unknown
        || match &v.repr {
            ValueRepr::Array(a) => a.iter().any(has_unknown),
            ValueRepr::Object(o) => o.values().any(has_unknown),
            _ => false,
        }
}

/// The strings of `v` that are secret (or inside a secret), for redaction.
fn secret_strings(v: &Value, inherited: bool, out: &mut Vec<Secret>) {
    let secret = inherited || v.secret;
    match &v.repr {
        ValueRepr::String(s) if secret => out.push(Secret::new(s.clone())),
        ValueRepr::Array(a) => a.iter().for_each(|x| secret_strings(x, secret, out)),
        ValueRepr::Object(o) => o.values().for_each(|x| secret_strings(x, secret, out)),
        _ => {}
    }
}

/// Every string of `v` (the state, all secret), for redaction.
fn json_strings(v: &serde_json::Value, out: &mut Vec<Secret>) {
    match v {
        serde_json::Value::String(s) => out.push(Secret::new(s.clone())),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| json_strings(x, out)),
        _ => {}
    }
}

/// The adapter's object as a state value: secret as a whole, so that it is stored as one
/// `fn::secret` (its JSON text) and every part of it is encrypted.
fn secret_object(json: &serde_json::Value) -> Value {
    Value { trace: Trace::default(), ..Value::from_json(json) }.with_secret(true)
}

fn now_seconds() -> i64 {
    jiff::Timestamp::now().as_second()
}

impl Plan {
    /// The body, exactly as sent and hashed.
    fn body(&self) -> Vec<u8> {
        let state = self.current.clone().unwrap_or(serde_json::Value::Null);
        serde_json::to_vec(&serde_json::json!({"request": self.request, "state": state})).unwrap_or_default()
    }

    /// The adapter's 200 answer, which must be a JSON object. The adapter has rotated by
    /// now, so a bad answer is a lost credential: the outcome is unknown. The answer is
    /// never shown (it is the new secret).
    fn answer(&self, body: &[u8]) -> Result<serde_json::Value> {
        match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(o @ serde_json::Value::Object(_)) => Ok(o),
            Ok(other) => Err(RotateError::unknown(format!(
                "{} answered 200 with JSON that is not an object (a{} {}), which cannot be the new state",
                self.label,
                if matches!(other, serde_json::Value::Array(_)) { "n" } else { "" },
                json_kind(&other)
            ))),
            Err(e) => Err(RotateError::unknown(format!(
                "{} answered 200 with malformed JSON ({} at line {} column {}); the adapter may have rotated",
                self.label,
                json_error_kind(&e),
                e.line(),
                e.column()
            ))),
        }
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// serde_json's category, without its message (which may quote the body).
fn json_error_kind(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Eof => "it ends early",
        serde_json::error::Category::Syntax => "a syntax error",
        _ => "not JSON",
    }
}

#[async_trait]
impl Rotator for External {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>, Arc<Schema>) {
        let inputs = Schema::object()
            .properties([
                ("url", Schema::string().description("The adapter's https:// URL, which rotations POST to.")),
                ("request", Schema::object().description("What the adapter is asked to rotate, sent as is.")),
            ])
            .required(["url"])
            .rotate_only(["request"])
            .build();
        // Stored, each answer is one `fn::secret` holding its JSON text (every part of it
        // encrypted), so the state holds strings; the value holds the objects.
        let stored = |what: &str| {
            Schema::any_of([Schema::object(), Schema::string()])
                .secret()
                .description(format!("{what}: a JSON object, stored encrypted as its JSON text."))
        };
        let state = Schema::object()
            .properties([
                ("current", stored("The adapter's last answer")),
                ("previous", stored("The answer before it (escrot keeps it; ESC does not)")),
            ])
            .build();
        let output = Schema::object()
            .properties([
                ("current", Schema::object().secret().description("The adapter's last answer.")),
                ("previous", Schema::object().secret().description("The answer before it (escrot only).")),
            ])
            .build();
        (inputs, state, output)
    }

    fn validate(&self, inputs: &BTreeMap<String, Value>) -> Vec<InputProblem> {
        validate::problems(inputs)
    }

    /// The stored answers, as objects, secret; no HTTP call.
    fn open(&self, _inputs: &BTreeMap<String, Value>, state: Option<&Value>) -> Result<Value> {
        let mut out = BTreeMap::new();
        for key in ["current", "previous"] {
            if let Some(v) = current_object(state, key)? {
                out.insert(key.to_owned(), secret_object(&v));
            }
        }
        Ok(Value::object(out))
    }

    async fn preflight(&self, req: &RotationRequest) -> Result<Vec<String>> {
        let plan = plan(req)?;
        let state = if plan.current.is_some() { "the current state" } else { "no state (a first rotation)" };
        Ok(vec![format!("would POST the request and {state} to {}", plan.label)])
    }

    /// Nothing to record; starts making the HTTP client on a thread of its own (once per
    /// process), so that loading the trust roots and seeding the TLS library's random
    /// generator overlap the journal's first write instead of delaying the first request.
    async fn prepare(&self, req: &RotationRequest) -> Result<serde_json::Value> {
        let _ = req;
        static WARM_UP: std::sync::Once = std::sync::Once::new();
        WARM_UP.call_once(|| {
            std::thread::spawn(|| {
                let _ = client::client();
                let mut seed = [0u8; 1];
                let _ = aws_lc_rs::rand::fill(&mut seed);
            });
        });
        Ok(serde_json::Value::Null)
    }

    async fn create(&self, req: &RotationRequest) -> Result<Created> {
        let plan = plan(req)?;
        let client = client::client().map_err(RotateError::new)?;
        let key = self.signing_key()?;
        let body = plan.body();
        let attempt = if req.attempt.is_empty() { "none" } else { req.attempt.as_str() };
        let claims = claims::claims(&claims::ClaimInputs {
            issuer: &crate::signing::issuer(),
            url: &plan.url,
            environment: &req.environment,
            path: &req.path,
            attempt,
            trigger_user: &req.trigger_user,
            body: &body,
            now: now_seconds(),
        });
        // An RSA signature is CPU work (a third of a millisecond): made on a blocking
        // thread, it leaves the engine's thread to the other rotations' requests.
        let signed = tokio::task::spawn_blocking({
            let claims = claims.clone();
            move || key.sign_jwt(&claims)
        })
        .await
        .map_err(|e| RotateError::new(format!("signing the token: {e}")))?;
        let token = signed.map_err(|e| RotateError::new(format!("signing the token: {e}")))?;
        let mut secrets = plan.secrets.clone();
        secrets.push(Secret::new(token.clone()));
        let call =
            client::Call { url: &plan.url, label: &plan.label, body: &body, token: &token, attempt, secrets: &secrets };
        let answer = client
            .post(&call)
            .await
            .map_err(|e| RotateError { message: e.message, outcome_unknown: e.outcome_unknown })?;
        crate::failpoint::hit(crate::failpoint::DURING_CREATE);
        let answer = plan.answer(&answer)?;
        let mut state = BTreeMap::new();
        if let Some(current) = &plan.current {
            state.insert("previous".to_owned(), secret_object(current));
        }
        state.insert("current".to_owned(), secret_object(&answer));
        Ok(Created {
            new_state: Value::object(state),
            extra: serde_json::json!({"jti": claims["jti"], "attempt": attempt}),
        })
    }

    /// A rotation at the adapter cannot be taken back (ESC's protocol has no undo): a
    /// conflicted rotation keeps its answer in the journal, for the next run to commit.
    fn undo_is_complete(&self) -> bool {
        false
    }
}
