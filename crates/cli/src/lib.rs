//! The command-line interface: argument parsing ([`args`]), one module per command
//! ([`commands`]), what commands print ([`output`]), environments in plain files
//! ([`files`]), and the glue that turns their results into exit codes. The domain lives in
//! the library crates: `escrot-esc` (the language), `escrot-store`, `escrot-rotation`.
//!
//! Exit codes: 0 success, 1 an evaluation failed, 2 invalid configuration or usage (clap's
//! own usage errors exit with 2 as well).

pub mod args;
pub mod commands;
pub mod context;
pub mod exported;
pub mod files;
pub mod generate;
pub mod output;
pub mod private_temp;
pub mod workspace;

use std::ffi::OsString;
use std::io::Write;

use clap::{CommandFactory, FromArgMatches};

pub use args::Cli;
use args::{ColorWhen, Command, GlobalArgs};

/// Exit code: everything went well.
pub const EXIT_OK: i32 = 0;
/// Exit code: an evaluation (or, later, a rotation) failed.
pub const EXIT_FAILED: i32 = 1;
/// Exit code: invalid configuration or usage.
pub const EXIT_INVALID: i32 = 2;
/// Exit code: escrot itself crashed (a bug).
pub const EXIT_PANIC: i32 = 101;

/// The stack size of the thread that runs the command. Evaluating (and printing) deeply
/// nested documents recurses; a big stack turns "10,000 levels of nesting" from a stack
/// overflow into an ordinary diagnostic. The memory is only reserved, not committed.
const STACK_SIZE: usize = 256 * 1024 * 1024;

/// An error that ends a command: its message (printed as `error: MESSAGE`) and exit code.
#[derive(Debug)]
pub struct CliError {
    pub message: String,
    pub code: i32,
}

impl CliError {
    /// Invalid configuration or usage (exit code 2).
    pub fn invalid(message: impl Into<String>) -> CliError {
        CliError { message: message.into(), code: EXIT_INVALID }
    }

    /// A failed evaluation (exit code 1).
    pub fn failed(message: impl Into<String>) -> CliError {
        CliError { message: message.into(), code: EXIT_FAILED }
    }
}

/// Writing to stdout failed. A closed pipe (`escrot open … | head`) is not an error.
impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> CliError {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return CliError { message: String::new(), code: EXIT_OK };
        }
        CliError { message: format!("could not write the output: {e}"), code: EXIT_FAILED }
    }
}

pub type CliResult = Result<i32, CliError>;

/// What every command gets besides its own arguments.
pub struct Ui {
    pub verbose: u8,
    pub quiet: bool,
    pub color: anstream::ColorChoice,
    /// `--store`, for store-backed commands.
    pub store: Option<String>,
    /// `--org`, for store-backed commands.
    pub org: Option<String>,
}

impl Ui {
    fn new(global: &GlobalArgs) -> Ui {
        let color = match global.color {
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
            ColorWhen::Auto => anstream::ColorChoice::Auto,
        };
        Ui { verbose: global.verbose, quiet: global.quiet, color, store: global.store.clone(), org: global.org.clone() }
    }

    /// Standard output, colored or not as asked (data goes here).
    pub fn stdout(&self) -> anstream::AutoStream<std::io::StdoutLock<'static>> {
        anstream::AutoStream::new(std::io::stdout().lock(), self.color)
    }

    /// Standard error, colored or not as asked (diagnostics, notes and errors go here).
    pub fn stderr(&self) -> anstream::AutoStream<std::io::StderrLock<'static>> {
        anstream::AutoStream::new(std::io::stderr().lock(), self.color)
    }

    /// Prints a summary line (what a command did) to stdout, unless `--quiet`.
    pub fn summary(&self, message: impl std::fmt::Display) -> std::io::Result<()> {
        if !self.quiet {
            writeln!(self.stdout(), "{message}")?;
        }
        Ok(())
    }

    /// Prints a note to stderr when `-v` was given.
    pub fn verbose(&self, message: impl std::fmt::Display) {
        if self.verbose > 0 && !self.quiet {
            let _ = writeln!(self.stderr(), "{message}");
        }
    }

    /// Prints `warning: MESSAGE` to stderr unless `--quiet`.
    pub fn warn(&self, message: impl std::fmt::Display) {
        if !self.quiet {
            let style = anstyle::AnsiColor::Yellow.on_default().bold();
            let _ = writeln!(self.stderr(), "{style}warning:{style:#} {message}");
        }
    }

    /// Prints `error: MESSAGE` to stderr.
    pub fn error(&self, message: impl std::fmt::Display) {
        let style = anstyle::AnsiColor::Red.on_default().bold();
        let _ = writeln!(self.stderr(), "{style}error:{style:#} {message}");
    }
}

/// Runs escrot with the process's arguments and returns its exit code.
pub fn run() -> i32 {
    run_with_args(std::env::args_os().collect())
}

/// Runs escrot with the given arguments (the first is the program name) on a thread with
/// a big stack, and returns the exit code.
pub fn run_with_args(args: Vec<OsString>) -> i32 {
    let worker =
        std::thread::Builder::new().name("escrot".into()).stack_size(STACK_SIZE).spawn(move || run_inner(args));
    match worker {
        Ok(handle) => handle.join().unwrap_or_else(|_| {
            // The panic message was already printed by the default hook.
            eprintln!("error: escrot crashed; this is a bug, please report it with the command you ran");
            EXIT_PANIC
        }),
        Err(e) => {
            eprintln!("error: could not start escrot's worker thread: {e}");
            EXIT_FAILED
        }
    }
}

/// The `--color` choice, found before clap parses the arguments, so that clap's own
/// help and usage errors follow it too.
fn clap_color(args: &[OsString]) -> clap::ColorChoice {
    let mut choice = clap::ColorChoice::Auto;
    let mut args = args.iter().map(|a| a.to_str().unwrap_or_default());
    while let Some(arg) = args.next() {
        let value = match arg {
            "--" => break,
            "--color" => args.next().unwrap_or_default(),
            _ => arg.strip_prefix("--color=").unwrap_or_default(),
        };
        match value {
            "always" => choice = clap::ColorChoice::Always,
            "never" => choice = clap::ColorChoice::Never,
            "auto" => choice = clap::ColorChoice::Auto,
            _ => {}
        }
    }
    choice
}

/// What escrot does, logged through `tracing` to stderr: with `-v`, each step of each
/// rotation and each cloud call (info); `-vv` adds debug events, `-vvv` trace events.
/// Only escrot's own events: its dependencies' (the AWS SDK's, hyper's) could hold request
/// details. `ESCROT_LOG` (a `RUST_LOG`-style filter, e.g. `escrot_rotation=debug`) replaces the
/// default filter, and is the way to see other crates' events.
/// The crates whose events `-v` shows: escrot's own (each crate is a `tracing` target).
const ESCROT_CRATES: [&str; 7] =
    ["escrot", "escrot_rotation", "escrot_db", "escrot_store", "escrot_esc", "escrot_connector", "escrot_webhook"];

fn init_logging(global: &GlobalArgs) {
    use std::io::IsTerminal;
    let filter = match escrot_vars::get("ESCROT_LOG") {
        Some(filter) => filter,
        None => {
            let level = match global.verbose {
                0 => return,
                1 => "info",
                2 => "debug",
                _ => "trace",
            };
            ESCROT_CRATES.iter().map(|c| format!("{c}={level}")).collect::<Vec<_>>().join(",")
        }
    };
    let ansi = match global.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::builder().parse_lossy(filter))
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .with_target(false)
        .without_time()
        .compact()
        .try_init();
}

fn run_inner(args: Vec<OsString>) -> i32 {
    let color = clap_color(&args);
    let matches = match Cli::command().color(color).try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    // clap takes `ESCROT_STORE=` for a value; escrot takes an empty variable for an unset
    // one (see `vars`). An empty `--store ""` typed on the command line stays an error.
    let from_empty_env = |id: &str, value: &Option<String>| {
        matches.value_source(id) == Some(clap::parser::ValueSource::EnvVariable)
            && value.as_deref().is_some_and(|v| v.trim().is_empty())
    };
    if from_empty_env("store", &cli.global.store) {
        cli.global.store = None;
    }
    if from_empty_env("org", &cli.global.org) {
        cli.global.org = None;
    }
    init_logging(&cli.global);
    let ui = Ui::new(&cli.global);
    let result = match cli.command {
        Command::Init(args) => commands::init::run(&ui, args),
        Command::Ls(args) => commands::ls::run(&ui, args),
        Command::Get(args) => commands::get::run(&ui, args),
        Command::Open(args) => commands::open::run(&ui, args),
        Command::Run(args) => commands::run::run(&ui, args),
        Command::Set(args) => commands::set::run(&ui, args),
        Command::Rm(args) => commands::rm::run(&ui, args),
        Command::Edit(args) => commands::edit::run(&ui, args),
        Command::Diff(args) => commands::diff::run(&ui, args),
        Command::Version(args) => commands::version::run(&ui, args),
        Command::Rotate(args) => commands::rotate::run(&ui, args),
        Command::Rotation(args) => commands::rotation::run(&ui, args),
        Command::Schedule(args) => commands::schedule::run(&ui, args),
        Command::Webhook(args) => commands::webhook::run(&ui, args),
        Command::Check(args) => commands::check::run(&ui, args),
        Command::Completion(args) => commands::completion::run(&ui, args),
        Command::Store(args) => commands::store_admin::run(&ui, args),
        Command::Jwks(args) => commands::jwks::run(&ui, args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if !e.message.is_empty() {
                ui.error(&e.message);
            }
            e.code
        }
    }
}
