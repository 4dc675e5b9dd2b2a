//! A webhook receiver on a loopback port for tests: it records every request (headers and
//! body), checks `X-Escrot-Signature` against the secret it is given (HMAC-SHA256 computed
//! here with the `hmac` crate, not with escrot's code), and answers with the statuses it is
//! told (then 200), or holds requests unanswered while `hold` is set.

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};

/// One request as it arrived.
#[derive(Clone, Debug)]
pub struct Received {
    pub path: String,
    /// Header names in lowercase.
    pub headers: HashMap<String, String>,
    pub body: String,
    /// Whether `x-escrot-signature` is the HMAC-SHA256 of the body under the secret.
    pub signed: bool,
}

impl Received {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(String::as_str).unwrap_or_default()
    }
}

#[derive(Default)]
struct State {
    secret: String,
    received: Vec<Received>,
    statuses: VecDeque<u16>,
}

pub struct Receiver {
    pub url: String,
    state: Arc<Mutex<State>>,
    hold: Arc<AtomicBool>,
}

fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

impl Receiver {
    /// A receiver that checks signatures with `secret` and answers 200.
    pub fn start(secret: &str) -> Receiver {
        Receiver::answering(secret, &[])
    }

    /// A receiver that answers `statuses` in turn, then 200.
    pub fn answering(secret: &str, statuses: &[u16]) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://127.0.0.1:{}/hook", listener.local_addr().unwrap().port());
        let state = Arc::new(Mutex::new(State {
            secret: secret.to_owned(),
            statuses: statuses.iter().copied().collect(),
            ..State::default()
        }));
        let hold = Arc::new(AtomicBool::new(false));
        let (s, h) = (Arc::clone(&state), Arc::clone(&hold));
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (s, h) = (Arc::clone(&s), Arc::clone(&h));
                thread::spawn(move || serve(stream, &s, &h));
            }
        });
        Receiver { url, state, hold }
    }

    /// A URL nothing listens on (a receiver that is down).
    pub fn down_url() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        format!("http://127.0.0.1:{port}/hook")
    }

    pub fn set_secret(&self, secret: &str) {
        self.state.lock().unwrap().secret = secret.to_owned();
    }

    /// While set, requests are recorded and never answered.
    pub fn hold(&self, hold: bool) {
        self.hold.store(hold, Ordering::SeqCst);
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }

    /// Waits (up to 20 s) until `n` requests arrived, and returns them.
    pub fn wait_for(&self, n: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let got = self.received();
            if got.len() >= n || Instant::now() > deadline {
                return got;
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// The bodies received for `event`.
    pub fn events(&self, event: &str) -> Vec<serde_json::Value> {
        self.received().iter().filter(|r| r.header("x-escrot-event") == event).map(Received::json).collect()
    }
}

fn serve(stream: TcpStream, state: &Mutex<State>, hold: &AtomicBool) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or_default().to_owned();
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
        }
    }
    let length: usize = headers.get("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let status = {
        let mut s = state.lock().unwrap();
        let signed = headers.get("x-escrot-signature").is_some_and(|sig| *sig == sign(&s.secret, &body));
        let body = String::from_utf8_lossy(&body).into_owned();
        s.received.push(Received { path, headers, body, signed });
        s.statuses.pop_front().unwrap_or(200)
    };
    while hold.load(Ordering::SeqCst) {
        thread::sleep(Duration::from_millis(20));
    }
    let mut stream = stream;
    let _ = write!(stream, "HTTP/1.1 {status} X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
}
