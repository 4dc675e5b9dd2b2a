//! An example `fn::rotate::external` adapter (see README.md beside this crate): an HTTPS
//! server that checks each request's token against the JWKS `escrot jwks` printed
//! (signature, `aud`, `iss`, `exp`, `body_hash`), answers a retried `jti` with its first
//! answer, and rotates the password of one Redis ACL user, keeping the previous password
//! valid until the next rotation.
//!
//! Usage: `escrot-example-adapter --listen ADDR --cert PEM --key PEM --jwks FILE
//! --audience URL --redis HOST:PORT --user NAME [--issuer ISS]`, with the managing Redis
//! user in `ADAPTER_REDIS_USERNAME` and `ADAPTER_REDIS_PASSWORD` (not on the command line,
//! where `ps` shows it).

mod redis;
mod verify;

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::Arc;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde_json::json;

/// The largest request accepted.
const MAX_REQUEST_BYTES: usize = 1 << 20;

struct Config {
    listen: String,
    cert: PathBuf,
    key: PathBuf,
    verifier: verify::Verifier,
    redis: redis::Target,
}

fn config() -> Result<Config, String> {
    let mut args: BTreeMap<String, String> = BTreeMap::new();
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let name = flag.strip_prefix("--").ok_or_else(|| format!("unexpected argument {flag}"))?;
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        args.insert(name.to_owned(), value);
    }
    let mut take = |name: &str| args.remove(name).ok_or_else(|| format!("--{name} is required"));
    let env = |name: &str| std::env::var(name).map_err(|_| format!("{name} must be set"));
    let config = Config {
        listen: take("listen")?,
        cert: take("cert")?.into(),
        key: take("key")?.into(),
        verifier: verify::Verifier::new(
            take("jwks")?.into(),
            take("audience")?,
            take("issuer").unwrap_or_else(|_| "urn:escrot".to_owned()),
        )?,
        redis: redis::Target {
            address: take("redis")?,
            user: take("user")?,
            admin_user: env("ADAPTER_REDIS_USERNAME")?,
            admin_password: env("ADAPTER_REDIS_PASSWORD")?,
        },
    };
    if let Some(unknown) = args.keys().next() {
        return Err(format!("unknown option --{unknown}"));
    }
    Ok(config)
}

fn tls(config: &Config) -> Result<tokio_rustls::TlsAcceptor, String> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&config.cert)
        .and_then(|certs| certs.collect())
        .map_err(|e| format!("{}: {e}", config.cert.display()))?;
    let key = PrivateKeyDer::from_pem_file(&config.key).map_err(|e| format!("{}: {e}", config.key.display()))?;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let server = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|b| b.with_no_client_auth().with_single_cert(certs, key))
        .map_err(|e| format!("TLS: {e}"))?;
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(server)))
}

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("escrot-example-adapter: {e}");
        std::process::exit(2);
    }
}

async fn run() -> Result<(), String> {
    let config = Arc::new(config()?);
    let acceptor = tls(&config)?;
    let listener =
        tokio::net::TcpListener::bind(&config.listen).await.map_err(|e| format!("{}: {e}", config.listen))?;
    println!("listening on {}", listener.local_addr().map_err(|e| e.to_string())?);
    loop {
        let Ok((tcp, _)) = listener.accept().await else { continue };
        let (acceptor, config) = (acceptor.clone(), config.clone());
        tokio::spawn(async move {
            let Ok(stream) = acceptor.accept(tcp).await else { return };
            let service = hyper::service::service_fn(move |req| handle(req, config.clone()));
            let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

fn answer(status: StatusCode, body: &serde_json::Value) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = status;
    response.headers_mut().insert("content-type", hyper::header::HeaderValue::from_static("application/json"));
    response
}

fn refuse(status: StatusCode, message: &str) -> Response<Full<Bytes>> {
    eprintln!("refused ({status}): {message}");
    answer(status, &json!({ "message": message }))
}

async fn handle(req: Request<Incoming>, config: Arc<Config>) -> Result<Response<Full<Bytes>>, Infallible> {
    if req.method() != hyper::Method::POST || req.uri().path() != "/rotate" {
        return Ok(refuse(StatusCode::NOT_FOUND, "POST /rotate"));
    }
    let token = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned);
    let attempt = req.headers().get("x-escrot-attempt").and_then(|v| v.to_str().ok()).unwrap_or("-").to_owned();
    let body = match Limited::new(req.into_body(), MAX_REQUEST_BYTES).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => return Ok(refuse(StatusCode::PAYLOAD_TOO_LARGE, "the request is too large")),
    };
    let Some(token) = token else { return Ok(refuse(StatusCode::UNAUTHORIZED, "no bearer token")) };
    let claims = match config.verifier.verify(&token, &body) {
        Ok(claims) => claims,
        Err(e) => return Ok(refuse(StatusCode::UNAUTHORIZED, &e)),
    };
    let jti = claims["jti"].as_str().unwrap_or_default().to_owned();
    // One rotation at a time, and a jti seen before answered from memory: a retry (the
    // same jti and body) gets the first answer, anything else with that jti is refused.
    let mut seen = config.verifier.seen.lock().await;
    if let Some((hash, first)) = seen.get(&jti) {
        if *hash == claims["body_hash"] {
            eprintln!("retry of {jti} (attempt {attempt}): answered again");
            return Ok(answer(StatusCode::OK, first));
        }
        return Ok(refuse(StatusCode::CONFLICT, "this token's jti was used for another request"));
    }
    let request: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(_) => return Ok(refuse(StatusCode::BAD_REQUEST, "the body is not JSON")),
    };
    match config.redis.rotate(&request).await {
        Ok(new_state) => {
            eprintln!("rotated for {} (attempt {attempt}, jti {jti})", claims["trigger_user"]);
            seen.insert(jti, (claims["body_hash"].clone(), new_state.clone()));
            Ok(answer(StatusCode::OK, &new_state))
        }
        Err((status, message)) => Ok(refuse(status, &message)),
    }
}
