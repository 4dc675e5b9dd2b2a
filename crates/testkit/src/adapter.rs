//! A `fn::rotate::external` adapter for tests and benchmarks: a real HTTP/1.1 server
//! (hyper) on a free loopback port, over TLS with a certificate for 127.0.0.1 from a test
//! CA ([`Adapter::https`]) or in plain text ([`Adapter::http`]), on a thread of its own.
//!
//! What it does depends on the request's path:
//! - `/ok`: rotates a fake API key: answers `{"apiKey": "k-<random>", "version": N}`, N one
//!   more than the state's; a `jti` it has answered before gets the same answer again
//!   (what an adapter should do with a retry);
//! - `/delay/MS`: the same, after MS milliseconds (a slow adapter, the benchmark's);
//! - `/flaky/N`: 503 to the first N requests, then as `/ok`;
//! - `/error`: 500 with `{"message": "cannot rotate: <the request body>"}` (an adapter
//!   that echoes what it was sent, secrets included);
//! - `/malformed`: 200 with truncated JSON; `/array`: 200 with `[1, 2]`; `/huge`: 200
//!   with 2 MiB.
//!
//! Every request is recorded (path, headers, body) for the tests to check.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use crate::databases::{make_certificates, scratch_dir};

/// One request the adapter received.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub path: String,
    /// Header names in lower case.
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The bearer token.
    pub fn token(&self) -> Option<&str> {
        self.headers.get("authorization")?.strip_prefix("Bearer ")
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_default()
    }
}

#[derive(Default)]
struct Shared {
    requests: Mutex<Vec<Recorded>>,
    /// Requests per path, for `/flaky`.
    counts: Mutex<BTreeMap<String, u32>>,
    /// Answers by `jti`.
    answers: Mutex<BTreeMap<String, serde_json::Value>>,
    connections: AtomicU64,
}

/// A running adapter (it stops with the test process).
pub struct Adapter {
    pub port: u16,
    /// The test CA's PEM file (for `ESCROT_CA_FILE`), when it speaks TLS.
    pub ca_file: Option<PathBuf>,
    shared: Arc<Shared>,
}

/// The test CA and the server's certificate and key, made once per process.
fn certificates() -> &'static (PathBuf, PathBuf, PathBuf) {
    static CERTS: OnceLock<(PathBuf, PathBuf, PathBuf)> = OnceLock::new();
    CERTS.get_or_init(|| {
        let dir = scratch_dir("escrot-adapter-");
        let ca = make_certificates(&dir);
        (ca, dir.join("server.pem"), dir.join("server.key"))
    })
}

/// The TLS configuration of a server with the test CA's certificate for 127.0.0.1.
pub fn server_tls_config() -> Arc<rustls::ServerConfig> {
    let (_, cert, key) = certificates();
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_file_iter(cert).expect("the certificate").map(|c| c.expect("a certificate")).collect();
    let key = PrivateKeyDer::from_pem_file(key).expect("the server key");
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .expect("the server certificate");
    Arc::new(config)
}

/// The test CA's PEM file, and the server's certificate and key files.
pub fn test_ca() -> (PathBuf, PathBuf, PathBuf) {
    certificates().clone()
}

impl Adapter {
    /// An adapter over TLS (a certificate for 127.0.0.1 from the test CA).
    pub fn https() -> Adapter {
        Adapter::start(Some(server_tls_config()), Some(certificates().0.clone()))
    }

    /// An adapter in plain text.
    pub fn http() -> Adapter {
        Adapter::start(None, None)
    }

    fn start(tls: Option<Arc<rustls::ServerConfig>>, ca_file: Option<PathBuf>) -> Adapter {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        listener.set_nonblocking(true).expect("non-blocking");
        let port = listener.local_addr().expect("the port").port();
        let shared = Arc::new(Shared::default());
        let state = shared.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("the adapter's runtime");
            runtime.block_on(accept(listener, tls.map(tokio_rustls::TlsAcceptor::from), state));
        });
        Adapter { port, ca_file, shared }
    }

    /// The url of `path` (`/ok`) on this adapter.
    pub fn url(&self, path: &str) -> String {
        let scheme = if self.ca_file.is_some() { "https" } else { "http" };
        format!("{scheme}://127.0.0.1:{}{path}", self.port)
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Every `apiKey` the adapter has answered with (what outputs are searched for).
    pub fn issued_keys(&self) -> Vec<String> {
        let answers = self.shared.answers.lock().unwrap_or_else(|e| e.into_inner());
        answers.values().filter_map(|a| a["apiKey"].as_str().map(str::to_owned)).collect()
    }

    /// Sends a recorded request again, as is (a replay): the status and the body of the
    /// answer.
    pub fn replay(&self, r: &Recorded) -> (u16, Vec<u8>) {
        let headers: Vec<(String, String)> = r.headers.clone().into_iter().collect();
        post(self.port, self.ca_file.as_deref(), &r.path, &headers, &r.body)
    }

    /// The connections accepted so far (each a TLS handshake, over TLS).
    pub fn connections(&self) -> u64 {
        self.shared.connections.load(Ordering::Relaxed)
    }
}

async fn accept(listener: std::net::TcpListener, tls: Option<tokio_rustls::TlsAcceptor>, shared: Arc<Shared>) {
    let listener = tokio::net::TcpListener::from_std(listener).expect("the listener");
    loop {
        let Ok((tcp, _)) = listener.accept().await else { continue };
        shared.connections.fetch_add(1, Ordering::Relaxed);
        let (tls, shared) = (tls.clone(), shared.clone());
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| handle(req, shared.clone()));
            let http = hyper::server::conn::http1::Builder::new();
            match tls {
                Some(acceptor) => {
                    if let Ok(stream) = acceptor.accept(tcp).await {
                        let _ = http.serve_connection(TokioIo::new(stream), service).await;
                    }
                }
                None => {
                    let _ = http.serve_connection(TokioIo::new(tcp), service).await;
                }
            }
        });
    }
}

fn respond(status: StatusCode, body: impl Into<Bytes>) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(body.into()));
    *response.status_mut() = status;
    response.headers_mut().insert("content-type", "application/json".parse().expect("a header value"));
    response
}

async fn handle(req: Request<Incoming>, shared: Arc<Shared>) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = req.uri().path().to_owned();
    let headers = req
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let body = req.into_body().collect().await.map(|b| b.to_bytes().to_vec()).unwrap_or_default();
    let recorded = Recorded { path: path.clone(), headers, body };
    shared.requests.lock().unwrap_or_else(|e| e.into_inner()).push(recorded.clone());
    let count = {
        let mut counts = shared.counts.lock().unwrap_or_else(|e| e.into_inner());
        let n = counts.entry(path.clone()).or_default();
        *n += 1;
        *n
    };
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    Ok(match segments.as_slice() {
        ["ok"] => rotate(&recorded, &shared),
        ["delay", ms] => {
            tokio::time::sleep(Duration::from_millis(ms.parse().unwrap_or(0))).await;
            rotate(&recorded, &shared)
        }
        ["flaky", n] if count <= n.parse().unwrap_or(0) => {
            respond(StatusCode::SERVICE_UNAVAILABLE, r#"{"message": "try again"}"#)
        }
        ["flaky", _] => rotate(&recorded, &shared),
        ["error"] => {
            let echoed = String::from_utf8_lossy(&recorded.body).into_owned();
            let body = serde_json::json!({"message": format!("cannot rotate: {echoed}")}).to_string();
            respond(StatusCode::INTERNAL_SERVER_ERROR, body)
        }
        ["malformed"] => respond(StatusCode::OK, r#"{"apiKey": "k-tru"#),
        ["array"] => respond(StatusCode::OK, "[1, 2]"),
        ["huge"] => respond(StatusCode::OK, format!(r#"{{"apiKey": "{}"}}"#, "a".repeat(2 << 20))),
        _ => respond(StatusCode::NOT_FOUND, r#"{"message": "no such adapter"}"#),
    })
}

/// `/ok`'s answer: a new key, one version more than the state's; the same answer again for
/// a `jti` answered before.
fn rotate(recorded: &Recorded, shared: &Shared) -> Response<Full<Bytes>> {
    let jti = recorded.token().and_then(jti_of);
    let mut answers = shared.answers.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(answer) = jti.as_ref().and_then(|j| answers.get(j)) {
        return respond(StatusCode::OK, answer.to_string());
    }
    let version = recorded.json()["state"]["version"].as_u64().unwrap_or(0) + 1;
    let answer = serde_json::json!({"apiKey": format!("k-{}", random_hex()), "version": version});
    let key = jti.unwrap_or_else(|| format!("no jti {}", answers.len()));
    answers.insert(key, answer.clone());
    respond(StatusCode::OK, answer.to_string())
}

/// The `jti` claim of a token (read, not verified: the tests verify tokens themselves).
pub fn jti_of(token: &str) -> Option<String> {
    use base64::Engine as _;
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims["jti"].as_str().map(str::to_owned)
}

fn random_hex() -> String {
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes)).expect("/dev/urandom");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// POSTs `body` to `path` on 127.0.0.1:`port` (over TLS trusting only `ca_file` when
/// given) with `headers`, on a connection of its own: the status and body of the answer.
pub fn post(
    port: u16,
    ca_file: Option<&std::path::Path>,
    path: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> (u16, Vec<u8>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut head = format!("POST {path} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\nconnection: close\r\n");
    let skip = ["host", "connection", "content-length"];
    for (k, v) in headers.iter().filter(|(k, _)| !skip.contains(&k.to_ascii_lowercase().as_str())) {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
    let mut request = head.into_bytes();
    request.extend_from_slice(body);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let answer = runtime.block_on(async {
        let mut tcp = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
        let mut answer = Vec::new();
        match ca_file {
            Some(ca) => {
                let mut roots = rustls::RootCertStore::empty();
                for cert in CertificateDer::pem_file_iter(ca).expect("the CA") {
                    roots.add(cert.expect("a certificate")).expect("the CA");
                }
                let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
                let config = rustls::ClientConfig::builder_with_provider(provider)
                    .with_safe_default_protocol_versions()
                    .expect("TLS versions")
                    .with_root_certificates(roots)
                    .with_no_client_auth();
                let name = rustls::pki_types::ServerName::try_from("127.0.0.1").expect("a name");
                let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
                let mut tls = connector.connect(name, tcp).await.expect("a TLS connection");
                tls.write_all(&request).await.expect("send");
                let _ = tls.read_to_end(&mut answer).await;
            }
            None => {
                tcp.write_all(&request).await.expect("send");
                let _ = tcp.read_to_end(&mut answer).await;
            }
        }
        answer
    });
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").expect("an HTTP answer");
    let status_line = String::from_utf8_lossy(&answer[..split]).lines().next().unwrap_or_default().to_owned();
    let status = status_line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, answer[split + 4..].to_vec())
}
