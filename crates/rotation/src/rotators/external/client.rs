//! The external rotator's HTTP client: one reqwest client per run (its pool keeps the
//! connections to an adapter, so a run of many rotations pays one TLS handshake per
//! concurrent connection, not one per rotation), rustls with the platform's and Mozilla's
//! roots plus `ESCROT_CA_FILE`, no redirects (a redirect would carry the bearer token and
//! the request elsewhere), timeouts, retries with backoff, and a limit on the answer's size.

use std::sync::OnceLock;
use std::time::Duration;

use escrot_db::{Secret, redact};

/// A PEM bundle of extra CAs for adapters' certificates (a private CA).
pub const CA_FILE_ENV_VAR: &str = "ESCROT_CA_FILE";
/// The connect timeout (`10s` by default).
pub const CONNECT_TIMEOUT_ENV_VAR: &str = "ESCROT_EXTERNAL_CONNECT_TIMEOUT";
/// The time one request may take, connecting included (`30s` by default).
pub const TIMEOUT_ENV_VAR: &str = "ESCROT_EXTERNAL_TIMEOUT";
/// How many times a request is retried after a connection error or a 502, 503 or 504 (3).
pub const RETRIES_ENV_VAR: &str = "ESCROT_EXTERNAL_RETRIES";
/// The largest answer read from an adapter.
pub const MAX_RESPONSE_BYTES: usize = 1024 * 1024;
/// How much of an adapter's error message is shown.
const MAX_MESSAGE_CHARS: usize = 200;
/// The first retry's delay, doubled for each next one up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// What the run's requests share: the client and the settings it was made with.
pub struct Client {
    http: reqwest::Client,
    pub timeout: Duration,
    pub retries: u32,
}

/// The client of this process, made on first use (a rotation without external rotators
/// makes none). An error (an unreadable `ESCROT_CA_FILE`, a bad timeout) is a failure of
/// each external rotation, with the same message.
pub fn client() -> Result<&'static Client, String> {
    static CLIENT: OnceLock<Result<Client, String>> = OnceLock::new();
    CLIENT.get_or_init(build).as_ref().map_err(Clone::clone)
}

fn duration_var(name: &str, default: Duration) -> Result<Duration, String> {
    match escrot_vars::get(name) {
        None => Ok(default),
        Some(text) => match escrot_store::lock::parse_duration(&text) {
            Ok(d) if !d.is_zero() => Ok(d),
            Ok(_) => Err(format!("{name} must be more than 0")),
            Err(e) => Err(format!("{name}: {e}")),
        },
    }
}

fn build() -> Result<Client, String> {
    let connect_timeout = duration_var(CONNECT_TIMEOUT_ENV_VAR, Duration::from_secs(10))?;
    let timeout = duration_var(TIMEOUT_ENV_VAR, Duration::from_secs(30))?;
    let retries = match escrot_vars::get(RETRIES_ENV_VAR) {
        None => 3,
        Some(text) => text
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= 10)
            .ok_or_else(|| format!("{RETRIES_ENV_VAR} must be a number from 0 to 10 (got \"{text}\")"))?,
    };
    let tls = escrot_tls::config_with_ca_file(CA_FILE_ENV_VAR)?;
    let http = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .connect_timeout(connect_timeout)
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("escrot/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("cannot start the HTTP client: {}", escrot_db::error_chain(&e)))?;
    Ok(Client { http, timeout, retries })
}

/// One request to an adapter, as it is sent on every try.
pub struct Call<'a> {
    pub url: &'a str,
    /// The adapter, for messages (its url, or a placeholder when the url is secret).
    pub label: &'a str,
    pub body: &'a [u8],
    pub token: &'a str,
    pub attempt: &'a str,
    /// What no message may show: the request's secrets and the token.
    pub secrets: &'a [Secret],
}

/// How a call failed.
#[derive(Debug, PartialEq, Eq)]
pub struct CallError {
    pub message: String,
    /// The request may have reached the adapter (a timeout after it was sent, an answer
    /// that could not be read): the adapter may have rotated.
    pub outcome_unknown: bool,
}

/// A 200 answer's body.
pub type Answer = Vec<u8>;

impl Client {
    /// POSTs the call, retrying connection errors and 502, 503 and 504 answers with the
    /// same body and token (so the same `jti`: an adapter can tell a retry from a new
    /// rotation). Returns a 200 answer's body; any other status is an error with the
    /// adapter's message, redacted of the call's secrets and cut short.
    pub async fn post(&self, call: &Call<'_>) -> Result<Answer, CallError> {
        let mut backoff = FIRST_BACKOFF;
        let mut tries = 0;
        loop {
            tries += 1;
            let retry = match self.try_once(call).await {
                Ok(answer) => return Ok(answer),
                Err(Try::Retryable(e)) if tries <= self.retries => e,
                Err(Try::Retryable(e) | Try::Final(e)) => {
                    let after = if tries > 1 { format!(" (after {tries} tries)") } else { String::new() };
                    return Err(CallError { message: format!("{}{after}", e.message), ..e });
                }
            };
            tracing::debug!(adapter = call.label, tries, "retrying: {}", retry.message);
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(MAX_BACKOFF);
        }
    }

    async fn try_once(&self, call: &Call<'_>) -> Result<Answer, Try> {
        let response = self
            .http
            .post(call.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(reqwest::header::ACCEPT, "application/json")
            .header("X-Escrot-Attempt", call.attempt)
            .bearer_auth(call.token)
            .body(call.body.to_vec())
            .send()
            .await
            .map_err(|e| self.send_error(call, e))?;
        let status = response.status();
        let body = read_limited(response).await.map_err(|e| {
            let what = if status == reqwest::StatusCode::OK { "its answer" } else { "its error" };
            Try::Final(CallError {
                message: format!("{} answered {status}, but {what} could not be read: {e}", call.label),
                // A 200 means the adapter rotated: the answer, and the credential, are lost.
                outcome_unknown: status == reqwest::StatusCode::OK,
            })
        })?;
        if status == reqwest::StatusCode::OK {
            return Ok(body);
        }
        let error = CallError {
            message: format!("{} answered {status}{}", call.label, adapter_message(&body, call.secrets)),
            outcome_unknown: false,
        };
        match status.as_u16() {
            502..=504 => Err(Try::Retryable(error)),
            _ => Err(Try::Final(error)),
        }
    }

    fn send_error(&self, call: &Call<'_>, e: reqwest::Error) -> Try {
        let (connect, timeout) = (e.is_connect(), e.is_timeout());
        // reqwest's errors name the url, which may be secret: messages name the adapter.
        let chain = redact(&escrot_db::error_chain(&e.without_url()), &call.secrets.iter().collect::<Vec<_>>());
        if connect {
            // Not sent: nothing happened at the adapter.
            return Try::Retryable(CallError {
                message: format!("cannot connect to {}: {chain}", call.label),
                outcome_unknown: false,
            });
        }
        let message = if timeout {
            format!(
                "{} did not answer within {} ({TIMEOUT_ENV_VAR}); it may have rotated",
                call.label,
                escrot_store::lock::format_duration(self.timeout)
            )
        } else {
            format!("the request to {} failed after it was sent ({chain}); the adapter may have rotated", call.label)
        };
        Try::Final(CallError { message, outcome_unknown: true })
    }
}

enum Try {
    Retryable(CallError),
    Final(CallError),
}

/// The body, refused beyond [`MAX_RESPONSE_BYTES`].
async fn read_limited(mut response: reqwest::Response) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| escrot_db::error_chain(&e.without_url()))? {
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(format!("it is larger than {} KiB", MAX_RESPONSE_BYTES / 1024));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// `: MESSAGE` from an error answer: its JSON `message` or `error` field, else its text;
/// every secret of the request redacted before it is cut to [`MAX_MESSAGE_CHARS`] (so a
/// cut cannot leave part of a secret), on one line. Nothing when the body is empty.
pub fn adapter_message(body: &[u8], secrets: &[Secret]) -> String {
    let text = String::from_utf8_lossy(body);
    let json: Option<serde_json::Value> = serde_json::from_str(&text).ok();
    let field = json.as_ref().and_then(|j| ["message", "error"].iter().find_map(|k| j.get(*k)?.as_str()));
    let text = field.map(str::to_owned).unwrap_or_else(|| text.into_owned());
    let redacted = redact(&text, &secrets.iter().collect::<Vec<_>>());
    let line: String = redacted.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.is_empty() {
        return String::new();
    }
    let mut chars = line.chars();
    let shown: String = chars.by_ref().take(MAX_MESSAGE_CHARS).collect();
    let more = if chars.next().is_some() { "…" } else { "" };
    format!(": {shown}{more}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_redacted_then_cut() {
        let secret = Secret::new("s3cr\"et");
        let body = format!(r#"{{"message": "bad request {{\"password\": \"s3cr\\\"et\"}} {}"}}"#, "x".repeat(300));
        let m = adapter_message(body.as_bytes(), std::slice::from_ref(&secret));
        assert!(!m.contains("s3cr"), "{m}");
        assert!(m.starts_with(": bad request {\"password\": \"[secret]\"}"), "{m}");
        assert_eq!(m.chars().count(), 2 + MAX_MESSAGE_CHARS + 1, "{m}");
        assert_eq!(adapter_message(b"plain\ntext", &[]), ": plain text");
        assert_eq!(adapter_message(b"", &[]), "");
        assert_eq!(adapter_message(br#"{"error": "nope"}"#, &[]), ": nope");
    }
}
