//! Database rotation benchmark: 100 database users (50 environments × 2 users, each
//! environment rotated twice so that both of its users get a new password) on real
//! PostgreSQL and MariaDB servers, directly and through the rotation connector (escrot's
//! connector behind a local Lambda Invoke endpoint), through the real engine and store.
//!
//! Prints, per database and mode: time per rotation, and how it splits between escrot
//! (evaluation, journal, encryption, commit) and the rotator's calls to the database or
//! the Lambda endpoint (connecting, `ALTER`, the login that verifies). Asserts only that
//! every rotation succeeded. Run with `bash bench/db.sh` (or
//! `cargo bench -p escrot --bench db`); needs PostgreSQL and MariaDB installed (`.ci/run`).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use escrot::workspace::StoreEnvironmentLoader;
use escrot_esc::crypt::encrypt_document;
use escrot_esc::provider::Encrypter;
use escrot_esc::schema::Schema;
use escrot_esc::value::Value;
use escrot_rotation::providers::Registry;
use escrot_rotation::rotators::{self, Created, DbRotator, RotationRequest, Rotator};
use escrot_rotation::target::StoreTarget;
use escrot_rotation::{Engine, RotateOptions};
use escrot_store::{EnvName, KeySource, RotationResult, SqliteStore, Store};
use escrot_testkit::databases::{self, Fixture, Kind, yaml_str};

const ENVIRONMENTS: usize = 50;
const PASSES: usize = 2;
const LAMBDA_ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:escrot-connector";

/// A rotator that counts the time spent in the wrapped rotator's steps (its database or
/// Lambda calls).
struct Timed {
    inner: DbRotator,
    nanos: Arc<AtomicU64>,
}

impl Timed {
    async fn time<T>(&self, f: impl Future<Output = T>) -> T {
        let start = Instant::now();
        let out = f.await;
        self.nanos.fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
        out
    }
}

#[async_trait]
impl Rotator for Timed {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>, Arc<Schema>) {
        self.inner.schema()
    }
    fn open(&self, inputs: &BTreeMap<String, Value>, state: Option<&Value>) -> rotators::Result<Value> {
        self.inner.open(inputs, state)
    }
    async fn create(&self, req: &RotationRequest) -> rotators::Result<Created> {
        self.time(self.inner.create(req)).await
    }
    async fn verify(&self, req: &RotationRequest, created: &Created) -> rotators::Result<()> {
        self.time(self.inner.verify(req, created)).await
    }
    async fn retire(&self, req: &RotationRequest, created: &Created) -> rotators::Result<()> {
        self.time(self.inner.retire(req, created)).await
    }
    async fn undo(&self, req: &RotationRequest, created: &Created) -> rotators::Result<()> {
        self.time(self.inner.undo(req, created)).await
    }
}

fn start_connector() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    listener.set_nonblocking(true).expect("nonblocking");
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
            let opts = escrot_connector::serve::ServeOptions::default();
            let _ = escrot_connector::serve::serve(listener, opts).await;
        });
    });
    format!("http://{addr}")
}

fn definitions(i: usize, f: &Fixture, connector: bool) -> (String, String) {
    let creds = format!(
        "values:\n  managingUser:\n    username: {}\n    password:\n      fn::secret: {}\n  awsLogin:\n    \
         accessKeyId: AKIDBENCH\n    secretAccessKey:\n      fn::secret: bench-secret\n",
        yaml_str(&f.managing.0),
        yaml_str(&f.managing.1)
    );
    let connector = if connector {
        format!(
            "          connector:\n            awsLambda:\n              login: ${{environments.db.creds{i}.awsLogin}}\n              lambdaArn: {LAMBDA_ARN}\n"
        )
    } else {
        String::new()
    };
    let app = format!(
        "values:\n  db:\n    fn::rotate::{}:\n      inputs:\n        database:\n{}{connector}        rotateUsers:\n          \
         username1: {}\n          username2: {}\n",
        f.kind.rotator(),
        f.database_yaml(10, &format!("${{environments.db.creds{i}.managingUser}}")),
        yaml_str(&f.user1.0),
        yaml_str(&f.user2.0),
    );
    (creds, app)
}

fn run(kind: Kind, connector: bool, runtime: &tokio::runtime::Runtime) {
    let Some(server) = databases::server(kind) else { return };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut store = SqliteStore::open_path(&dir.path().join("escrot.db"), &KeySource::BesideDatabase).expect("a store");
    let key = store.key();
    let mut apps = Vec::new();
    for i in 0..ENVIRONMENTS {
        let f = server.fixture("bench");
        let (creds, app) = definitions(i, &f, connector);
        let creds_name = EnvName::new("bench", "db", &format!("creds{i}")).expect("a name");
        let creds = encrypt_document("creds", &creds, key.as_ref() as &dyn Encrypter).expect("encrypted");
        store.create_environment(&creds_name, &creds, "bench").expect("created");
        let app_name = EnvName::new("bench", "db", &format!("app{i}")).expect("a name");
        store.create_environment(&app_name, &app, "bench").expect("created");
        apps.push(app_name);
    }
    let store = Arc::new(Mutex::new(store));
    let nanos = Arc::new(AtomicU64::new(0));
    let mut rotators = rotators::Registry::builtin();
    let inner = match kind {
        Kind::Postgres => DbRotator::postgres(),
        Kind::Mysql => DbRotator::mysql(),
    };
    rotators.insert(kind.rotator(), Arc::new(Timed { inner, nanos: nanos.clone() }));
    let registry = Registry::with_rotators(rotators);
    let lookup = |n: &str| registry.rotators().get(n);

    let start = Instant::now();
    let mut rotated = 0usize;
    for _ in 0..PASSES {
        for name in &apps {
            let loader = StoreEnvironmentLoader::for_store(store.clone(), key.clone(), name);
            let engine = Engine {
                rotators: &lookup,
                providers: &registry,
                environments: &loader,
                decrypter: key.as_ref(),
                encrypter: key.as_ref(),
                exec_context: escrot_esc::ExecContext::default(),
                author: "bench".into(),
                concurrency: 4,
            };
            let target = StoreTarget::new(&*store, name.clone());
            let report = runtime.block_on(engine.rotate(&target, &RotateOptions::default())).expect("rotated");
            for o in &report.outcomes {
                assert_eq!(o.result, RotationResult::Succeeded, "{}: {:?}", name, o.error);
            }
            rotated += report.outcomes.len();
        }
    }
    let elapsed = start.elapsed();
    let calls = Duration::from_nanos(nanos.load(Ordering::Relaxed));
    let per = |d: Duration| d.as_secs_f64() * 1000.0 / rotated as f64;
    let mode = if connector { "connector (local Lambda Invoke endpoint)" } else { "direct" };
    println!("{} {mode}: {rotated} rotations of {} users in {ENVIRONMENTS} environments", kind.rotator(), rotated);
    println!("  wall time: {:.2} s, {:.1} ms per rotation", elapsed.as_secs_f64(), per(elapsed));
    println!(
        "  database{} calls: {:.1} ms per rotation ({:.0}%); escrot: {:.1} ms per rotation ({:.0}%)",
        if connector { "/Lambda" } else { "" },
        per(calls),
        100.0 * calls.as_secs_f64() / elapsed.as_secs_f64(),
        per(elapsed.saturating_sub(calls)),
        100.0 * elapsed.saturating_sub(calls).as_secs_f64() / elapsed.as_secs_f64(),
    );
}

fn main() {
    // `cargo test --all-targets` runs benches without `--bench`: stay quick there.
    if !std::env::args().any(|a| a == "--bench") {
        println!("database rotation benchmark: run it with `cargo bench -p escrot --bench db`");
        return;
    }
    let endpoint = start_connector();
    // SAFETY: set before any other thread of this program reads the environment (the
    // connector's thread does not).
    unsafe { std::env::set_var("AWS_ENDPOINT_URL_LAMBDA", &endpoint) };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    for kind in [Kind::Postgres, Kind::Mysql] {
        for connector in [false, true] {
            run(kind, connector, &runtime);
        }
    }
}
