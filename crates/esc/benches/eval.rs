//! Benchmark of the language core (run it with `bench/run.sh`). Prints figures, asserts
//! nothing:
//!
//! - a generated environment of 10,000 values (nested objects, interpolations, imports of
//!   generated environments, `fn::secret` ciphertexts): median time of parsing the YAML
//!   alone, of loading it, of checking and of evaluating it; target: load + check ≤ 3× parse;
//! - the corpus's `eval/bench` case (many imports): load + eval time;
//! - peak resident memory (`VmHWM`); target ≤ 50 MB.
//!
//! Options: `--iterations N` (default 5), `--delay-ms N` (the `bench` provider's sleep,
//! default 0), `--values N` (default 10000).

#[path = "../tests/conformance/mod.rs"]
mod conformance;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use escrot_esc::{EvalOptions, check_environment, eval_environment, load_yaml, syntax};

use conformance::cipher::{Rot128, toy_ciphertext};
use conformance::corpus::corpus_dir;
use conformance::environments::{CaseDirectory, InMemory};
use conformance::panics::{catch, install_quiet_hook};
use conformance::providers::{TestProviders, exec_context, go_duration};

const ROOT: &str = "bench-root";
/// Generated environments the root imports.
const IMPORTED: usize = 3;
/// Values in each imported environment.
const IMPORTED_VALUES: usize = 100;

struct Options {
    iterations: usize,
    delay: Duration,
    values: usize,
}

fn parse_options() -> Options {
    let mut options = Options { iterations: 5, delay: Duration::ZERO, values: 10_000 };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = || args.next().and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
        match arg.as_str() {
            "--iterations" => options.iterations = number().max(1) as usize,
            "--delay-ms" => options.delay = Duration::from_millis(number()),
            "--values" => options.values = number().max(1) as usize,
            _ => {} // e.g. the `--bench` that `cargo bench` passes
        }
    }
    options
}

fn main() {
    let options = parse_options();
    install_quiet_hook();
    generated_environment(&options);
    corpus_bench_case(&options);
    match peak_rss_kib() {
        Some(kib) => println!("peak RSS (VmHWM): {:.1} MB (target ≤ 50 MB)", kib as f64 / 1024.0),
        None => println!("peak RSS: unavailable (no /proc/self/status)"),
    }
}

/// The root environment: groups of ten objects of ten leaves each, `values` leaves in all.
/// Leaves cycle through strings, numbers, booleans, interpolations of sibling values,
/// references to imported values, and `fn::secret` ciphertexts.
fn generate_root(values: usize) -> String {
    let mut yaml = String::from("imports:\n");
    for k in 0..IMPORTED {
        let _ = writeln!(yaml, "  - imported{k}");
    }
    yaml.push_str("values:\n");
    let secret = toy_ciphertext("hunter2");
    for n in 0..values {
        let (group, object, leaf) = (n / 100, (n / 10) % 10, n % 10);
        if n % 100 == 0 {
            let _ = writeln!(yaml, "  group{group}:");
        }
        if n % 10 == 0 {
            let _ = writeln!(yaml, "    object{object}:");
        }
        let value = match leaf {
            0..=3 => format!("value-{n}"),
            4 => n.to_string(),
            5 => (n % 2 == 0).to_string(),
            6 | 7 => format!("\"prefix-${{group{group}.object{object}.leaf0}}-suffix\""),
            8 => format!("${{shared{}.v{}}}", n % IMPORTED, n % IMPORTED_VALUES),
            _ => format!("{{'fn::secret': {{ciphertext: {secret}}}}}"),
        };
        let _ = writeln!(yaml, "      leaf{leaf}: {value}");
    }
    yaml
}

fn generate_imported() -> BTreeMap<String, String> {
    (0..IMPORTED)
        .map(|k| {
            let mut yaml = format!("values:\n  shared{k}:\n");
            for m in 0..IMPORTED_VALUES {
                let _ = writeln!(yaml, "    v{m}: shared-{k}-{m}");
            }
            (format!("imported{k}"), yaml)
        })
        .collect()
}

fn generated_environment(options: &Options) {
    let source = generate_root(options.values);
    println!(
        "generated environment: {} values, {} imports, {} KB of YAML; median of {} runs",
        options.values,
        IMPORTED,
        source.len() / 1024,
        options.iterations
    );
    let environments = InMemory(generate_imported());
    let providers = TestProviders { bench_delay: options.delay };
    let opts = EvalOptions {
        decrypter: &Rot128,
        providers: &providers,
        environments: &environments,
        exec_context: exec_context(),
        show_secrets: false,
    };

    let parse = measure("parse (syntax::decode)", options.iterations, || syntax::decode(ROOT, &source));
    let load = measure("load (load_yaml)", options.iterations, || load_yaml(ROOT, &source));
    let Ok((Some(env), _)) = catch("load_yaml", || load_yaml(ROOT, &source)) else {
        println!("  (no environment loaded: check and eval skipped)");
        return;
    };
    let check = measure("check (check_environment)", options.iterations, || check_environment(ROOT, &env, &opts));
    measure("eval (eval_environment)", options.iterations, || eval_environment(ROOT, &env, &opts));
    if let (Some(parse), Some(load), Some(check)) = (parse, load, check) {
        let ratio = |d: Duration| d.as_secs_f64() / parse.as_secs_f64().max(1e-9);
        println!("  check / parse: {:.2}×", ratio(check));
        println!("  (load + check) / parse: {:.2}× (target ≤ 3×)", ratio(load + check));
    }
}

/// The corpus's `eval/bench` case: an environment that imports many others.
fn corpus_bench_case(options: &Options) {
    let dir = corpus_dir().join("eval/bench");
    let Ok(source) = std::fs::read_to_string(dir.join("env.yaml")) else {
        println!("corpus eval/bench: not found at {} (set ESC_CONFORMANCE_DIR)", dir.display());
        return;
    };
    println!(
        "corpus eval/bench (bench provider delay {}); median of {} runs",
        go_duration(options.delay),
        options.iterations
    );
    let environments = CaseDirectory { dir: dir.clone(), case: "bench".to_owned() };
    let providers = TestProviders { bench_delay: options.delay };
    let opts = EvalOptions {
        decrypter: &Rot128,
        providers: &providers,
        environments: &environments,
        exec_context: exec_context(),
        show_secrets: false,
    };
    measure("load + eval", options.iterations, || {
        let (env, _) = load_yaml("bench", &source);
        env.map(|env| eval_environment("bench", &env, &opts))
    });
}

/// Runs `f` `iterations` times and prints the median time; `None` (and a note) when it
/// panics, e.g. on a `todo!()` of the core.
fn measure<T>(label: &str, iterations: usize, mut f: impl FnMut() -> T) -> Option<Duration> {
    let mut times = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let start = Instant::now();
        if let Err(panic) = catch(label, || black_box(f())) {
            println!("  {label}: not measured ({panic})");
            return None;
        }
        times.push(start.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    println!("  {label}: {:.2} ms", median.as_secs_f64() * 1e3);
    Some(median)
}

/// The process's peak resident set size, in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
