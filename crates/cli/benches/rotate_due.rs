//! `rotate --due` benchmark (issue 11): 200 environments with a `password` rotator and a
//! schedule that is due, rotated by one `escrot rotate --due` (at its default concurrency
//! and at --concurrency 1 and 4) and by 200 separate `escrot rotate NAME` processes, on a
//! SQLite store and on a PostgreSQL store (a real server, started by escrot-testkit).
//!
//! It runs the real binary (this profile's `escrot`, built by cargo for the benchmark) as a
//! user would; each measurement gets a fresh store, set up through the library (not timed):
//! the environments, and for `--due` a once-schedule whose time has just passed, as
//! `schedule new --once` leaves it when its time comes. After each run it checks that every
//! environment was rotated exactly once (one new revision, one rotation log entry, one
//! scheduled run), so the figures are of real work.
//!
//! The store's share is timed in-process, on another fresh store set up the same way: the
//! same `DueRunner` and `Engine` the binary runs (or, for the processes, opening the store
//! and the same `Engine`), with a target that times each store call of a rotation (the
//! rotation lock, reads, journal writes, the commit); the runner's claims and run records
//! are its time outside the rotations.
//!
//! Prints a table; asserts only that the rotations happened. Run with `bash
//! bench/rotate_due.sh` (or `cargo bench -p escrot --bench rotate_due`).

use std::process::Command;
use std::time::{Duration, Instant};

use escrot_store::{EnvName, KeySource, ScheduleDue, ScheduleSpec, Store, StoreLocation, format_timestamp};
use jiff::{SignedDuration, Timestamp};

const ENVIRONMENTS: usize = 200;
/// `escrot rotate --concurrency`'s default (crates/cli/src/args.rs), which `--due` also uses.
const DEFAULT_CONCURRENCY: usize = 8;
const PASSWORD: &str = "values:\n  pw:\n    fn::rotate::password:\n      inputs:\n        length: 32\n";
const ESCROT: &str = env!("CARGO_BIN_EXE_escrot");

/// A fresh, empty store, and what a process needs to open it.
struct Fresh {
    url: String,
    /// `ESCROT_KEY` (PostgreSQL); `None`: the key file beside the SQLite database.
    key: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl Fresh {
    fn key_source(&self) -> KeySource {
        match &self.key {
            Some(k) => KeySource::Base64(zeroize::Zeroizing::new(k.clone())),
            None => KeySource::BesideDatabase,
        }
    }

    fn open(&self) -> Box<dyn Store> {
        let location = StoreLocation::parse(&self.url).expect("a store URL");
        escrot_store::open_store(&location, &self.key_source()).expect("open the store")
    }

    /// `escrot -v --store URL ARGS…`, with nothing from the caller's environment that would
    /// change what it does.
    fn escrot(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(ESCROT);
        cmd.args(["-v", "--store", &self.url]).args(args).env("ESCROT_ACTOR", "bench").env("NO_COLOR", "1");
        for var in ["ESCROT_STORE", "ESCROT_KEY", "ESCROT_ORG", "ESCROT_LOG", "ESCROT_LEASE", "ESCROT_FAILPOINT"] {
            cmd.env_remove(var);
        }
        if let Some(key) = &self.key {
            cmd.env("ESCROT_KEY", key);
        }
        cmd
    }
}

/// The environments `bench/due/envNNN`, each with a password rotator, and with `due` a
/// once-schedule whose time has just passed.
fn set_up(fresh: &Fresh, due: bool) -> Vec<EnvName> {
    let mut store = fresh.open();
    let at = format_timestamp(Timestamp::now() - SignedDuration::from_secs(1));
    let spec = ScheduleSpec {
        kind: "once".into(),
        expression: at.clone(),
        window_seconds: None,
        time_zone: "UTC".into(),
        anchor_at: at.clone(),
    };
    let when = ScheduleDue { at: at.clone(), occurrence: at };
    let names: Vec<EnvName> =
        (0..ENVIRONMENTS).map(|i| EnvName::new("bench", "due", &format!("env{i:03}")).expect("a name")).collect();
    for name in &names {
        store.create_environment(name, PASSWORD, "bench").expect("created");
        if due {
            store.create_schedule(name, &[], &spec, Some(&when)).expect("a schedule");
        }
    }
    names
}

/// Each environment rotated exactly once: one new revision, one rotation log entry (and
/// with `due`, one scheduled run).
fn check_rotated_once(fresh: &Fresh, names: &[EnvName], due: bool) {
    let store = fresh.open();
    for name in names {
        assert_eq!(store.latest(name).expect("latest").number, 2, "{name}: one new revision");
        assert_eq!(store.rotation_log(name).expect("the log").len(), 1, "{name}: one rotation");
        if due {
            assert_eq!(store.schedule_history(name, None).expect("history").len(), 1, "{name}: one run");
        }
    }
}

struct Measured {
    /// The real binary's wall time, timed from outside.
    wall: Duration,
    /// The same rotations in this process, timed store call by store call.
    split: in_process::Split,
}

fn run_ok(mut cmd: Command) -> String {
    let out = cmd.output().expect("run escrot");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "escrot failed: {:?}\n{stdout}\n{stderr}", out.status);
    stdout.into_owned()
}

/// How the environments are rotated: one `rotate --due` (at `--concurrency N` if given),
/// or one `rotate NAME` process per environment.
#[derive(Clone, Copy)]
enum Mode {
    Due(Option<u16>),
    Processes,
}

impl Mode {
    fn label(self) -> String {
        match self {
            Mode::Due(None) => format!("rotate --due (default concurrency {DEFAULT_CONCURRENCY})"),
            Mode::Due(Some(n)) => format!("rotate --due --concurrency {n}"),
            Mode::Processes => format!("{ENVIRONMENTS} × rotate NAME (processes)"),
        }
    }
}

/// Runs the real binary in `mode` on a fresh store, and checks what it did.
fn with_processes(fresh: &Fresh, mode: Mode) -> Duration {
    let due = matches!(mode, Mode::Due(_));
    let names = set_up(fresh, due);
    let start = Instant::now();
    match mode {
        Mode::Due(concurrency) => {
            let n = concurrency.map(|n| n.to_string());
            let mut args = vec!["rotate", "--due"];
            if let Some(n) = &n {
                args.extend(["--concurrency", n]);
            }
            let stdout = run_ok(fresh.escrot(&args));
            let rows = stdout.lines().filter(|l| l.starts_with("bench/due/")).count();
            assert_eq!(rows, ENVIRONMENTS, "one row per environment:\n{stdout}");
        }
        Mode::Processes => {
            for name in &names {
                run_ok(fresh.escrot(&["rotate", &name.to_string()]));
            }
        }
    }
    let wall = start.elapsed();
    check_rotated_once(fresh, &names, due);
    wall
}

fn measure(fresh: &dyn Fn() -> Fresh, mode: Mode) -> Measured {
    Measured { wall: with_processes(&fresh(), mode), split: in_process::run(&fresh(), mode) }
}

fn bench_backend(backend: &str, fresh: &dyn Fn() -> Fresh) {
    let modes = [Mode::Due(None), Mode::Due(Some(1)), Mode::Due(Some(4)), Mode::Processes];
    let rows: Vec<(Mode, Measured)> = modes.iter().map(|&m| (m, measure(fresh, m))).collect();
    let processes = rows.last().expect("the processes' row").1.wall.as_secs_f64();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0 / ENVIRONMENTS as f64;
    for (mode, m) in &rows {
        let wall = m.wall.as_secs_f64();
        let [lock, read, journal, commit] = m.split.calls.map(ms);
        println!(
            "{backend:<8} {:<37} {wall:>6.2} {:>7.2} {:>6.1}× {:>8.2} {:>6.2} {:>4.0}%  {lock:>5.2} {read:>5.2} {journal:>5.2} \
             {commit:>5.2} {:>6.2}",
            mode.label(),
            ms(m.wall),
            processes / wall,
            ms(m.split.wall),
            ms(m.split.store()),
            100.0 * m.split.store().as_secs_f64() / m.split.wall.as_secs_f64(),
            ms(m.split.outside),
        );
    }
}

fn sqlite() -> Fresh {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite:{}", dir.path().join("escrot.db").display());
    Fresh { url, key: None, _dir: Some(dir) }
}

fn main() {
    // `cargo test --all-targets` runs benches without `--bench`: stay quick there.
    if !std::env::args().any(|a| a == "--bench") {
        println!("rotate --due benchmark: run it with `cargo bench -p escrot --bench rotate_due`");
        return;
    }
    println!("{ENVIRONMENTS} due environments, one password rotator each; {ESCROT}");
    println!(
        "{:<8} {:<37} {:>6} {:>7} {:>7} {:>8} {:>6} {:>5}  {:>5} {:>5} {:>5} {:>5} {:>6}",
        "BACKEND",
        "MODE",
        "WALL s",
        "MS/ROT",
        "VS 200",
        "IN-PROC",
        "STORE",
        "SHARE",
        "lock",
        "read",
        "jrnl",
        "commit",
        "runner"
    );
    bench_backend("sqlite", &sqlite);
    match escrot_testkit::databases::postgres() {
        Some(server) => bench_backend("postgres", &|| {
            let db = server.store_database("due_bench");
            let key = escrot_store::StoreKey::generate("bench").expect("a key").to_base64().to_string();
            Fresh { url: db.url(), key: Some(key), _dir: None }
        }),
        None => println!("postgres  skipped: PostgreSQL is not installed"),
    }
    println!(
        "\nWALL s / MS/ROT: the real binary, timed from outside (ms per rotation). VS 200: how many times faster \
         than {ENVIRONMENTS} separate `escrot rotate NAME` processes.\nIN-PROC: the same rotations run in this \
         process on another fresh store (the same DueRunner and Engine; for the processes' row, opening the store \
         then the same Engine, so MS/ROT - IN-PROC is the cost of a process), ms per rotation. STORE: the store's \
         ms per rotation in it, SHARE: of IN-PROC; by call: the rotation lock, reads, journal writes, the commit, \
         and the runner's claims and run records (outside the rotations; for processes: opening the store).\n\
         The PostgreSQL server is the test suites' (escrot-testkit, fsync=off): its commits do not wait for the \
         disk; SQLite's (in the temporary directory) do."
    );
}

/// The store's share, timed in-process: the runner and engine `rotate --due` uses, with a
/// target that times every store call of a rotation.
mod in_process {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    use escrot::workspace::StoreEnvironmentLoader;
    use escrot_esc::ExecContext;
    use escrot_rotation::due::{DEFAULT_LEASE, DueRunner, Prelocked, RotateFuture};
    use escrot_rotation::lock::LockWait;
    use escrot_rotation::providers::Registry;
    use escrot_rotation::target::{Latest, StoreTarget, Target};
    use escrot_rotation::{Engine, RotateOptions};
    use escrot_store::{
        AttemptId, EnvName, JournalChange, JournalEntry, JournalId, JournalSync, JournalWrite, LockRequest,
        RotationLock, RotationLogEntry, Store, StoreError, StoreKey, StoreLocation,
    };
    use jiff::Timestamp;

    use super::{Fresh, Mode, set_up};

    /// The kinds of store calls a rotation makes through its target.
    #[derive(Clone, Copy)]
    enum Call {
        /// Taking the rotation lock (on PostgreSQL: a session of its own, then the lock).
        Lock,
        /// Reading the definition, the pending journal, what an attempt committed.
        Read,
        /// Journal writes.
        Journal,
        /// The commit (revision, rotation log, journal) and log appends.
        Commit,
    }

    /// A store target that adds the time of each of its calls to `nanos[call]`.
    struct Timed<'a> {
        inner: StoreTarget<'a>,
        nanos: &'a [AtomicU64; 4],
    }

    impl Timed<'_> {
        fn time<T>(&self, call: Call, f: impl FnOnce() -> T) -> T {
            let start = Instant::now();
            let out = f();
            self.nanos[call as usize].fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
            out
        }
    }

    impl Target for Timed<'_> {
        fn name(&self) -> String {
            self.inner.name()
        }
        fn lock(&self) -> Result<RotationLock, StoreError> {
            self.time(Call::Lock, || self.inner.lock())
        }
        fn latest(&self) -> Result<Latest, StoreError> {
            self.time(Call::Read, || self.inner.latest())
        }
        fn commit(
            &self,
            expected: u64,
            yaml: &str,
            author: &str,
            log: &[RotationLogEntry],
            journal: &[JournalChange],
        ) -> Result<u64, StoreError> {
            self.time(Call::Commit, || self.inner.commit(expected, yaml, author, log, journal))
        }
        fn append_log(&self, log: &[RotationLogEntry]) -> Result<(), StoreError> {
            self.time(Call::Commit, || self.inner.append_log(log))
        }
        fn journal_finish(&self, id: JournalId) -> Result<(), StoreError> {
            self.time(Call::Journal, || self.inner.journal_finish(id))
        }
        fn journal_write(&self, writes: &[JournalWrite], sync: JournalSync) -> Result<Vec<JournalId>, StoreError> {
            self.time(Call::Journal, || self.inner.journal_write(writes, sync))
        }
        fn journal_pending(&self) -> Result<Vec<JournalEntry>, StoreError> {
            self.time(Call::Read, || self.inner.journal_pending())
        }
        fn committed_by(&self, attempt: &AttemptId) -> Result<Option<u64>, StoreError> {
            self.time(Call::Read, || self.inner.committed_by(attempt))
        }
    }

    /// The store as the CLI's workspace holds it (a `Mutex<dyn Store>`), and its key.
    fn open(fresh: &Fresh) -> (Arc<Mutex<dyn Store>>, Arc<StoreKey>) {
        fn shared(store: impl Store + 'static) -> (Arc<Mutex<dyn Store>>, Arc<StoreKey>) {
            let key = store.key();
            (Arc::new(Mutex::new(store)), key)
        }
        let keys = fresh.key_source();
        match StoreLocation::parse(&fresh.url).expect("a store URL") {
            StoreLocation::Sqlite(path) => {
                shared(escrot_store::SqliteStore::open_path(&path, &keys).expect("the store"))
            }
            StoreLocation::Postgres(pg) => shared(escrot_store::PostgresStore::open(&pg, &keys).expect("the store")),
        }
    }

    /// Where the time of an in-process run went.
    pub struct Split {
        pub wall: Duration,
        /// Lock, reads, journal, commit: see [`Call`].
        pub calls: [Duration; 4],
        /// The runner's claims and run records (`--due`), or opening the store (processes).
        pub outside: Duration,
    }

    impl Split {
        pub fn store(&self) -> Duration {
            self.calls.iter().sum::<Duration>() + self.outside
        }
    }

    /// `mode`'s rotations of the environments in this process, on a fresh store.
    pub fn run(fresh: &Fresh, mode: Mode) -> Split {
        let names = set_up(fresh, matches!(mode, Mode::Due(_)));
        let registry = Registry::new();
        let lookup = |n: &str| registry.rotators().get(n);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        let (store_nanos, rotating_nanos) = (std::array::from_fn(|_| AtomicU64::new(0)), AtomicU64::new(0));
        let mut opening = Duration::ZERO;
        let (shared, key) = open(fresh);
        let (registry, lookup, store_nanos, rotating_nanos) = (&registry, &lookup, &store_nanos, &rotating_nanos);
        // `prelock`: as `rotate --due` does, the lock is waited for off the runner's thread
        // (`Prelocked`), and that wait is the lock's time.
        let rotate = |store: Arc<Mutex<dyn Store>>,
                      key: Arc<StoreKey>,
                      env: EnvName,
                      opts: RotateOptions,
                      prelock: bool| async move {
            let start = Instant::now();
            let loader = StoreEnvironmentLoader::for_store(store.clone(), key.clone(), &env);
            let engine = Engine {
                rotators: lookup,
                providers: registry,
                environments: &loader,
                decrypter: key.as_ref(),
                encrypter: key.as_ref(),
                exec_context: ExecContext::default(),
                author: "bench".into(),
                concurrency: super::DEFAULT_CONCURRENCY,
            };
            let target = Timed { inner: StoreTarget::new(&*store, env.clone()), nanos: store_nanos };
            let idle_nanos = AtomicU64::new(0);
            let report = if prelock {
                let request = store.lock().unwrap_or_else(|e| e.into_inner()).rotation_lock(&env);
                // Timed where it waits (on a blocking thread): the await around it also
                // spans the other rotations the runtime runs meanwhile.
                let waited = Arc::new(AtomicU64::new(0));
                let timed = {
                    let waited = Arc::clone(&waited);
                    LockRequest::new(move |wait| {
                        let start = Instant::now();
                        let lock = request.wait(wait);
                        waited.store(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
                        lock
                    })
                };
                let awaiting = Instant::now();
                let locked = Prelocked::wait(&target, timed, LockWait::default()).await;
                // The runtime ran other rotations meanwhile: not this one's time.
                idle_nanos.fetch_add(awaiting.elapsed().as_nanos() as u64, Ordering::Relaxed);
                store_nanos[Call::Lock as usize].fetch_add(waited.load(Ordering::Relaxed), Ordering::Relaxed);
                engine.rotate(&locked, &opts).await
            } else {
                engine.rotate(&target, &opts).await
            };
            let idle = idle_nanos.load(Ordering::Relaxed);
            rotating_nanos.fetch_add((start.elapsed().as_nanos() as u64).saturating_sub(idle), Ordering::Relaxed);
            report
        };
        let start = Instant::now();
        match mode {
            Mode::Due(concurrency) => {
                let (store, key) = (&shared, &key);
                let each = move |env: EnvName, opts: RotateOptions| -> RotateFuture<'_> {
                    Box::pin(rotate(store.clone(), key.clone(), env, opts, true))
                };
                let clock = Timestamp::now;
                let runner = DueRunner {
                    store: &*shared,
                    owner: "bench".into(),
                    lease: DEFAULT_LEASE,
                    limit: usize::MAX,
                    org: None,
                    concurrency: concurrency.map_or(super::DEFAULT_CONCURRENCY, usize::from),
                    clock: &clock,
                };
                let runs = runtime.block_on(runner.run(&each)).expect("the due run");
                assert_eq!(runs.len(), names.len(), "every schedule ran");
            }
            Mode::Processes => {
                drop(shared);
                for name in &names {
                    let opened = Instant::now();
                    let (store, key) = open(fresh);
                    opening += opened.elapsed();
                    let report = runtime.block_on(rotate(store, key, name.clone(), RotateOptions::default(), false));
                    assert_eq!(report.expect("rotated").outcomes.len(), 1);
                }
            }
        }
        let wall = start.elapsed();
        let rotating = Duration::from_nanos(rotating_nanos.load(Ordering::Relaxed));
        let calls = std::array::from_fn(|i| Duration::from_nanos(store_nanos[i].load(Ordering::Relaxed)));
        // Outside the rotations (each counted without its wait for the lock, during which
        // the runtime runs the others), the runner does nothing but store calls (claims,
        // run records) and a little arithmetic on schedules; the processes' loop only opens.
        let outside = match mode {
            Mode::Due(_) => wall.saturating_sub(rotating),
            Mode::Processes => opening,
        };
        Split { wall, calls, outside }
    }
}
