//! External rotator benchmark (issue 13): N `fn::rotate::external` rotators (100) in one
//! environment against a local HTTPS adapter (escrot-testkit's, a test CA) that answers
//! each request after D ms (50), rotated by one `escrot rotate` at --concurrency 1, 8, 16
//! and 32. The latency limit is N × D ÷ concurrency (what the adapter's delay alone costs
//! with that many requests in flight); the target at 16 is at most 1.5 times it.
//!
//! Each measurement gets a fresh SQLite store with the environment and its signing key
//! (made through the library first: a first rotation would include the RSA key generation,
//! which happens once per store). The real binary (this profile's `escrot`) runs as a user
//! would; after each run the benchmark checks that every path succeeded and that the
//! adapter received N requests. Also printed: the TLS connections the adapter accepted
//! (connection reuse: at most one per request in flight), and a row with an adapter that
//! answers at once (D = 0), escrot's own cost.
//!
//! Run with `bash bench/external.sh [N] [--delay-ms D]`.

use std::process::Command;
use std::time::Instant;

use escrot_testkit::adapter::Adapter;

const ESCROT: &str = env!("CARGO_BIN_EXE_escrot");
const ENV: &str = "bench/external/app";

struct Fresh {
    dir: tempfile::TempDir,
}

impl Fresh {
    fn url(&self) -> String {
        format!("sqlite:{}", self.dir.path().join("escrot.db").display())
    }

    fn escrot(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(ESCROT);
        cmd.args(["--store", &self.url()]).args(args).env("ESCROT_ACTOR", "bench").env("NO_COLOR", "1");
        for var in ["ESCROT_STORE", "ESCROT_KEY", "ESCROT_ORG", "ESCROT_LOG", "ESCROT_FAILPOINT"] {
            cmd.env_remove(var);
        }
        cmd
    }
}

/// A fresh store holding `ENV` with `n` external rotators on `url`, and its signing key.
fn set_up(n: usize, url: &str) -> Fresh {
    let fresh = Fresh { dir: tempfile::tempdir().expect("a temporary directory") };
    let mut yaml = String::from("values:\n");
    for i in 0..n {
        yaml.push_str(&format!(
            "  key{i:03}:\n    fn::rotate::external:\n      inputs:\n        url: {url}\n        request: {{n: {i}}}\n"
        ));
    }
    let file = fresh.dir.path().join("app.yaml");
    std::fs::write(&file, yaml).expect("write the definition");
    let out = fresh.escrot(&["init", ENV, "-f", file.to_str().expect("a path")]).output().expect("run escrot init");
    assert!(out.status.success(), "init: {}", String::from_utf8_lossy(&out.stderr));
    let location = escrot_store::StoreLocation::parse(&fresh.url()).expect("a store URL");
    let mut store =
        escrot_store::open_store(&location, &escrot_store::KeySource::BesideDatabase).expect("open the store");
    escrot_rotation::signing::current_key(&mut *store).expect("the signing key");
    fresh
}

/// One timed `escrot rotate ENV --concurrency C`: the wall time in ms, and the connections
/// the adapter accepted meanwhile.
fn run(adapter: &Adapter, path: &str, n: usize, concurrency: usize) -> (f64, u64) {
    let fresh = set_up(n, &adapter.url(path));
    let (requests, connections) = (adapter.requests().len(), adapter.connections());
    let ca = adapter.ca_file.as_ref().expect("a TLS adapter").display().to_string();
    let mut cmd = fresh.escrot(&["rotate", ENV, "--concurrency", &concurrency.to_string(), "--output", "json"]);
    cmd.env("ESCROT_CA_FILE", &ca);
    let start = Instant::now();
    let out = cmd.output().expect("run escrot rotate");
    let wall = start.elapsed().as_secs_f64() * 1000.0;
    assert!(
        out.status.success(),
        "rotate: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the JSON report");
    let rotations = report["rotations"].as_array().expect("rotations");
    assert_eq!(rotations.len(), n);
    assert!(rotations.iter().all(|r| r["result"] == "succeeded"), "{report}");
    assert_eq!(adapter.requests().len() - requests, n, "one request per rotation");
    (wall, adapter.connections() - connections)
}

fn main() {
    // `cargo test --all-targets` runs benches without `--bench`: stay quick there.
    let args: Vec<String> = std::env::args().collect();
    if !args.iter().any(|a| a == "--bench") {
        println!("external rotator benchmark: run it with `bash bench/external.sh`");
        return;
    }
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)?.parse::<usize>().ok());
    let n = value("--n").unwrap_or(100);
    let delay = value("--delay-ms").unwrap_or(50);
    let adapter = Adapter::https();
    println!("{n} external rotators in one environment, an HTTPS adapter answering after {delay} ms; {ESCROT}");
    println!("{:>11} {:>9} {:>9} {:>6} {:>11}", "CONCURRENCY", "WALL ms", "LIMIT ms", "RATIO", "CONNECTIONS");
    for concurrency in [1, 8, 16, 32] {
        let (wall, connections) = run(&adapter, &format!("/delay/{delay}"), n, concurrency);
        let limit = (n * delay) as f64 / concurrency as f64;
        println!("{concurrency:>11} {wall:>9.0} {limit:>9.1} {:>6.2} {connections:>11}", wall / limit);
    }
    let (wall, connections) = run(&adapter, "/delay/0", n, 16);
    println!("{:>11} {wall:>9.0} {:>9} {:>6} {connections:>11}  (an adapter answering at once)", 16, "-", "-");
    println!(
        "\nWALL: `escrot rotate` from start to exit (opening the store, {n} signed requests, the journal, the \
         commit). LIMIT: {n} × {delay} ms ÷ concurrency, the adapter's delay alone. RATIO: WALL ÷ LIMIT (target at \
         16: ≤ 1.5). CONNECTIONS: TLS connections the adapter accepted (reused across requests)."
    );
}
