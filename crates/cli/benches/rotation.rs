//! Rotation benchmark: 1,000 `password` rotators across 100 environments of a fresh store,
//! through the real engine (journal, create, commit, retire). Prints wall time, time per
//! rotation, store size, and the store's commit time against a bare SQLite insert of the
//! same text. Asserts nothing. Run with `cargo bench -p escrot --bench rotation`.

use std::sync::Mutex;
use std::time::Instant;

use escrot::workspace::StoreEnvironmentLoader;
use escrot_rotation::providers::Registry;
use escrot_rotation::target::StoreTarget;
use escrot_rotation::{Engine, RotateOptions};
use escrot_store::{EnvName, KeySource, RevisionKind, SqliteStore, Store};

const ENVIRONMENTS: usize = 100;
const ROTATORS_PER_ENV: usize = 10;

fn definition() -> String {
    let mut s = String::from("# generated for the rotation benchmark\nvalues:\n");
    for i in 0..ROTATORS_PER_ENV {
        s.push_str(&format!("  secret{i}:\n    fn::rotate::password:\n      inputs:\n        length: 32\n"));
    }
    s
}

fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir).into_iter().flatten().flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum()
}

fn main() {
    // `cargo test --all-targets` runs benches without `--bench`: stay quick there.
    if !std::env::args().any(|a| a == "--bench") {
        println!("rotation benchmark: run it with `cargo bench -p escrot --bench rotation`");
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut store = SqliteStore::open_path(&dir.path().join("escrot.db"), &KeySource::BesideDatabase).expect("a store");
    let names: Vec<EnvName> =
        (0..ENVIRONMENTS).map(|i| EnvName::new("bench", "db", &format!("env{i}")).expect("a name")).collect();
    let text = definition();
    for name in &names {
        store.create_environment(name, &text, "bench").expect("created");
    }
    let key = store.key();
    let store = std::sync::Arc::new(Mutex::new(store));
    let registry = Registry::new();
    let lookup = |n: &str| registry.rotators().get(n);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");

    let start = Instant::now();
    let mut rotated = 0;
    for name in &names {
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
        rotated += report.outcomes.len();
    }
    let elapsed = start.elapsed();
    println!("rotation: {rotated} password rotations across {ENVIRONMENTS} environments");
    println!("  wall time: {:.2} s", elapsed.as_secs_f64());
    println!("  per rotation: {:.2} ms", elapsed.as_secs_f64() * 1000.0 / rotated as f64);
    println!("  store size: {:.1} KB", dir_size(dir.path()) as f64 / 1024.0);

    // The store's commit (transaction, conflict check, revision row) against a bare insert.
    let rotated_text = {
        let s = store.lock().unwrap_or_else(|e| e.into_inner());
        s.latest(&names[0]).expect("latest").yaml
    };
    let rounds = 200;
    let start = Instant::now();
    for _ in 0..rounds {
        let mut s = store.lock().unwrap_or_else(|e| e.into_inner());
        let latest = s.latest(&names[0]).expect("latest").number;
        s.commit_revision(&names[0], latest, &rotated_text, RevisionKind::Edit, "bench").expect("committed");
    }
    let commit = start.elapsed().as_secs_f64() * 1000.0 / f64::from(rounds);
    let bare = rusqlite::Connection::open(dir.path().join("bare.db")).expect("a bare database");
    bare.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (id INTEGER PRIMARY KEY, yaml TEXT)",
    )
    .expect("a table");
    let start = Instant::now();
    for _ in 0..rounds {
        bare.execute("INSERT INTO t (yaml) VALUES (?1)", [&rotated_text]).expect("inserted");
    }
    let insert = start.elapsed().as_secs_f64() * 1000.0 / f64::from(rounds);
    println!(
        "  commit: {commit:.3} ms per revision; bare SQLite insert of the same text: {insert:.3} ms ({:.2}×)",
        commit / insert
    );
}
