//! The check of an `external` rotator's url that its schema cannot express: `https://`, or
//! plain `http://` to a loopback address when `ESCROT_EXTERNAL_ALLOW_HTTP=1` (a local
//! adapter, a test). The request carries a bearer token and the answer is a secret, so
//! neither may cross a network in the clear. `check` reports it at `url`.

use std::net::IpAddr;

use escrot_esc::provider::InputProblem;
use escrot_esc::value::Value;

/// Set to `1` to allow `http://` urls to loopback addresses.
pub const ALLOW_HTTP_ENV_VAR: &str = "ESCROT_EXTERNAL_ALLOW_HTTP";

/// What is wrong with the url, if it is known. Messages show it only when it is not secret.
pub(super) fn problems(inputs: &std::collections::BTreeMap<String, Value>) -> Vec<InputProblem> {
    let Some(url) = inputs.get("url").filter(|v| !v.unknown) else { return Vec::new() };
    let Some(text) = url.as_str() else { return Vec::new() };
    match url_problem(text, escrot_vars::get(ALLOW_HTTP_ENV_VAR).as_deref() == Some("1")) {
        None => Vec::new(),
        Some(problem) => {
            let shown = if url.secret { String::new() } else { format!(" ({text})") };
            vec![InputProblem::at("url", format!("url{shown} {problem}"))]
        }
    }
}

fn url_problem(text: &str, allow_http: bool) -> Option<String> {
    let url = match reqwest::Url::parse(text) {
        Ok(url) => url,
        Err(e) => return Some(format!("is not a URL: {e}")),
    };
    match url.scheme() {
        "https" => None,
        "http" if is_loopback(&url) && allow_http => None,
        "http" if is_loopback(&url) => Some(format!(
            "is plain http://: a rotation sends a bearer token and receives a secret; to allow http:// to this \
             loopback address (a local adapter, a test), set {ALLOW_HTTP_ENV_VAR}=1"
        )),
        "http" => Some(format!(
            "must be https://: a rotation sends a bearer token and receives a secret (plain http:// is allowed \
             only to a loopback address, with {ALLOW_HTTP_ENV_VAR}=1)"
        )),
        other => Some(format!("must be https:// (not {other}://)")),
    }
}

fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else { return false };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match host.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(url_problem("https://adapter.example/rotate", false), None);
        assert_eq!(url_problem("http://127.0.0.1:8080/", true), None);
        assert_eq!(url_problem("http://[::1]:8080/", true), None);
        assert_eq!(url_problem("http://localhost/", true), None);
        assert!(
            url_problem("http://127.0.0.1:8080/", false).is_some_and(|m| m.contains("ESCROT_EXTERNAL_ALLOW_HTTP=1"))
        );
        assert!(url_problem("http://10.0.0.1/", true).is_some_and(|m| m.starts_with("must be https://")));
        assert!(url_problem("ftp://x/", true).is_some_and(|m| m.contains("not ftp://")));
        assert!(url_problem("nope", true).is_some_and(|m| m.starts_with("is not a URL")));
    }

    #[test]
    fn a_secret_url_is_not_shown() {
        let inputs = std::collections::BTreeMap::from([(
            "url".to_owned(),
            Value::string("http://10.1.2.3/token=abc").with_secret(true),
        )]);
        let found = problems(&inputs);
        assert_eq!(found.len(), 1);
        assert!(!found[0].message.contains("abc"), "{}", found[0].message);
    }
}
