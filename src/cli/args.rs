//! The command line, as clap sees it. Everything here is also what the man pages and the
//! shell completions are generated from (see `generate.rs`).

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::esc::PropertyPath;

const AFTER_HELP: &str = "\
Exit codes: 0 success, 1 an evaluation failed, 2 invalid configuration or usage.

Environments are read from YAML files; their imports are resolved from sibling files
(`imports: [common]` reads `common.yaml` next to the importing file, `acme/common` reads
`acme/common.yaml`).";

/// Evaluate Pulumi ESC environments and rotate their secrets, locally.
#[derive(Debug, Parser)]
#[command(name = "escrot", version, about, after_help = AFTER_HELP, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command takes.
#[derive(Clone, Debug, Args)]
pub struct GlobalArgs {
    /// Print more about what escrot does (to stderr); repeat for more
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Print only data and errors: no summaries, notes or warnings
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    /// Where environments live: `sqlite:PATH` [default: the user's data directory]
    #[arg(long, global = true, value_name = "URL", env = "ESCROT_STORE")]
    pub store: Option<String>,

    /// The organization of environment names given as `project/env` [default: `default`]
    #[arg(long, global = true, value_name = "ORG", env = "ESCROT_ORG")]
    pub org: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Check(CheckArgs),
    Open(OpenArgs),
    Get(GetArgs),
    Completion(CompletionArgs),
    Rotate(RotateArgs),
}

/// Validate environment files statically, for CI
///
/// Parses each file, resolves its imports and checks references, types and built-in
/// function arguments without opening any provider. Prints one diagnostic per problem
/// with its `file:line:col`, and exits with 2 when any file has an error.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot check examples/acme/app.yaml\n  escrot check --format github envs/*.yaml")]
pub struct CheckArgs {
    /// The environment files to check
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<std::path::PathBuf>,

    /// How to print diagnostics
    #[arg(long, short, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// `file:line:col: error: summary` and the source line, underlined
    Text,
    /// A JSON array of diagnostics
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::summary`)
    Github,
}

/// Open an environment and print its values
///
/// Evaluates the environment in FILE (opening providers) and prints its values, or the
/// value at PATH. Secrets are printed as `[secret]` unless --show-secrets is given.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot open examples/acme/app.yaml\n  escrot open examples/acme/app.yaml \
                        app.url --format string\n  escrot open examples/acme/app.yaml --format dotenv")]
pub struct OpenArgs {
    /// The environment file
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,

    /// Print only the value at this property path (e.g. `a.b[0]["c.d"]`)
    #[arg(value_name = "PATH", value_parser = parse_path)]
    pub path: Option<PropertyPath>,

    /// The output format (`dotenv` and `shell` print the `environmentVariables`)
    #[arg(long, short, value_enum, default_value_t = ValueFormat::Json)]
    pub format: ValueFormat,

    /// Print secret values in plaintext
    #[arg(long)]
    pub show_secrets: bool,
}

/// Show an environment's definition or its statically checked values
///
/// Without flags, prints the value at PATH (or the whole environment) as JSON, its YAML
/// definition and where it was defined. Values come from a static check: values that
/// need a provider are `[unknown]`. Secrets are redacted unless --show-secrets is given.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot get examples/acme/app.yaml app.url\n  escrot get examples/acme/app.yaml \
                        --definition\n  escrot get examples/acme/app.yaml --value dotenv")]
pub struct GetArgs {
    /// The environment file
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,

    /// The property path to show (e.g. `a.b[0]["c.d"]`); under `values`, or under the document
    /// root when it starts with `imports`
    #[arg(value_name = "PATH", value_parser = parse_path)]
    pub path: Option<PropertyPath>,

    /// Print only the YAML definition (of the whole file, or of the sub-tree at PATH)
    #[arg(long, conflicts_with = "value")]
    pub definition: bool,

    /// Print only the value, in this format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub value: Option<ValueFormat>,

    /// Print secret values in plaintext
    #[arg(long)]
    pub show_secrets: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ValueFormat {
    /// JSON, indented
    Json,
    /// YAML
    Yaml,
    /// `NAME="value"` lines from `environmentVariables`
    Dotenv,
    /// `export NAME="value"` lines from `environmentVariables`
    Shell,
    /// The value as a plain string
    String,
}

impl ValueFormat {
    pub fn name(self) -> &'static str {
        match self {
            ValueFormat::Json => "json",
            ValueFormat::Yaml => "yaml",
            ValueFormat::Dotenv => "dotenv",
            ValueFormat::Shell => "shell",
            ValueFormat::String => "string",
        }
    }
}

/// Print a shell completion script
///
/// Example: `escrot completion bash > /etc/bash_completion.d/escrot`. The same scripts are
/// shipped in the `completions/` folder.
#[derive(Debug, Args)]
pub struct CompletionArgs {
    /// The shell to complete for
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

fn parse_path(s: &str) -> Result<PropertyPath, String> {
    PropertyPath::parse(s).map_err(|e| e.reason)
}

/// Rotate the secrets of an environment
///
/// Runs every `fn::rotate` of the environment (or those at the given paths): each new
/// credential is created, verified, and committed as a new revision; the credential two
/// generations old is retired after the commit. A run that was interrupted is finished
/// (or undone) by the next one.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot rotate acme/db/prod\n  escrot rotate acme/db/prod creds.app --dry-run\n  \
                        escrot rotate --file env.yaml")]
pub struct RotateArgs {
    /// The environment (`org/project/env` or `project/env`); not with --file
    #[arg(value_name = "NAME", required_unless_present = "file")]
    pub name: Option<String>,

    /// Property paths of the `fn::rotate` values to rotate (default: all)
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,

    /// Rotate the environment in this YAML file (written back in place) instead of the store
    #[arg(long, value_name = "FILE", conflicts_with = "name")]
    pub file: Option<std::path::PathBuf>,

    /// Show the plan and the state diff; change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// How to print the result
    #[arg(long, short, value_enum, default_value_t = RotateOutput::Table)]
    pub output: RotateOutput,

    /// Show secret values in the dry-run diff
    #[arg(long)]
    pub show_secrets: bool,

    /// How many rotators run at once
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: u16,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RotateOutput {
    Table,
    Json,
    Yaml,
}
