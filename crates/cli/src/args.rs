//! The command line, as clap sees it. Everything here is also what the man pages and the
//! shell completions are generated from (see `generate.rs`).

use clap::{Args, Parser, Subcommand, ValueEnum};

use escrot_esc::PropertyPath;

mod jwks;
mod schedule;
mod webhook;
pub use jwks::*;
pub use schedule::*;
pub use webhook::*;

pub use crate::output::values::ValueFormat;

const AFTER_HELP: &str = "\
Exit codes: 0 success, 1 an evaluation or a rotation failed, 2 invalid configuration or usage.

Environments live in a store (`--store sqlite:PATH`, default under the user's data
directory, or `--store postgres://USER@HOST:PORT/DB`, shared by a team) and are named
`org/project/env` (`project/env` uses the default organization, `--org`). `check`, `get`
and `open` also read YAML files: an argument that is an existing file, or ends in
`.yaml`/`.yml`, is a file, whose imports are resolved from sibling files (`imports:
[common]` reads `common.yaml` next to the importing file, `acme/common` reads
`acme/common.yaml`).

Secrets (`fn::secret`) are encrypted in the store with the store key (the file beside the
database, e.g. `escrot.key`, or `ESCROT_KEY`, which a PostgreSQL store needs unless its
key is wrapped with AWS KMS: `escrot store key wrap`); output shows them as `[secret]`
unless --show-secrets is given. Revisions are recorded with the author `ESCROT_ACTOR`
(default: the user name).";

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
    /// Log what escrot does to stderr: -v each rotation step and cloud call with its
    /// duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter,
    /// replaces these levels)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Print only data and errors: no summaries, notes or warnings
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    /// Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the
    /// PG* variables fill what the URL omits) [default: an SQLite database in the user's data
    /// directory]
    #[arg(long, global = true, value_name = "URL", env = "ESCROT_STORE", hide_env_values = true)]
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
    Init(InitArgs),
    Ls(LsArgs),
    Get(GetArgs),
    Open(OpenArgs),
    Run(RunArgs),
    Set(SetArgs),
    Rm(RmArgs),
    Edit(EditArgs),
    Diff(DiffArgs),
    Version(VersionArgs),
    Rotate(RotateArgs),
    Rotation(RotationArgs),
    Schedule(ScheduleArgs),
    Webhook(WebhookArgs),
    Check(CheckArgs),
    Completion(CompletionArgs),
    Store(crate::commands::store_admin::StoreArgs),
    Jwks(JwksArgs),
}

/// Create an environment
///
/// Creates the environment NAME in the store, from the definition in FILE (`-` reads
/// standard input) or empty (`values: {}`). The definition is checked first: with errors,
/// nothing is created. Plaintext `fn::secret` values are encrypted with the store key.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot init acme/db/prod\n  escrot init acme/db/prod -f prod.yaml\n  \
                        escrot --org acme init db/prod")]
pub struct InitArgs {
    /// The new environment: `org/project/env`, or `project/env` in the default organization
    #[arg(value_name = "NAME")]
    pub name: String,

    /// Read the definition from this YAML file (`-` for standard input)
    #[arg(long, short, value_name = "FILE")]
    pub file: Option<std::path::PathBuf>,

    /// Succeed without changing anything when the environment already exists (for scripts)
    #[arg(long)]
    pub if_not_exists: bool,
}

/// List environments
///
/// Prints the name (`org/project/env`) of every environment of the store, one per line,
/// sorted; only those of one organization when --org (or ESCROT_ORG) is given.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot ls\n  escrot ls --org acme")]
pub struct LsArgs {}

/// Set a value in an environment
///
/// Changes the value at PATH (under `values`, or under the document root when PATH starts
/// with `imports`) and commits the result as a new revision. VALUE is read as YAML, so
/// `42`, `true` and `[a, b]` are a number, a boolean and a list; --string keeps it a string.
/// VALUE `-` is read from standard input (one trailing newline dropped). With --secret and
/// no VALUE, the value is asked for on the terminal without echo (or read from standard
/// input when it is not a terminal), so that it never shows in the process list.
/// The rest of the definition (comments, formatting) is kept byte for byte.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot set acme/app/dev app.url https://example.com\n  escrot set acme/app/dev \
                        app.port 8080\n  escrot set acme/app/dev db.password --secret\n  vault read -field=pw x | \
                        escrot set acme/app/dev db.password - --secret\n  escrot set acme/app/dev version 1.10 \
                        --string")]
pub struct SetArgs {
    /// The environment (`org/project/env` or `project/env`)
    #[arg(value_name = "NAME")]
    pub name: String,

    /// The property path to set (e.g. `app.url`, `hosts[0]`, `a["b.c"]`)
    #[arg(value_name = "PATH", value_parser = parse_path)]
    pub path: PropertyPath,

    /// The new value, read as YAML (unless --string); `-` reads it from standard input
    #[arg(value_name = "VALUE", allow_hyphen_values = true, required_unless_present = "secret")]
    pub value: Option<String>,

    /// Store the value as a secret (`fn::secret`, encrypted with the store key)
    #[arg(long)]
    pub secret: bool,

    /// Take VALUE as a string as it is, without reading it as YAML
    #[arg(long)]
    pub string: bool,
}

/// Remove an environment, or a value from one
///
/// With PATH, removes the value at PATH (under `values`) and commits the result as a new
/// revision. Without PATH, removes the whole environment (asking first, unless --yes); its
/// history stays in the store's database.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot rm acme/app/dev app.debug\n  escrot rm acme/app/dev --yes")]
pub struct RmArgs {
    /// The environment (`org/project/env` or `project/env`)
    #[arg(value_name = "NAME")]
    pub name: String,

    /// The property path of the value to remove; without it, the environment is removed
    #[arg(value_name = "PATH", value_parser = parse_path)]
    pub path: Option<PropertyPath>,

    /// Remove the environment without asking
    #[arg(long, short)]
    pub yes: bool,
}

/// Edit an environment's definition in an editor
///
/// Opens the definition, with its secrets decrypted, in a private temporary file with
/// --editor, $VISUAL, $EDITOR or `vi`. When the editor exits, the definition is checked;
/// without errors, its secrets are encrypted and it is committed as a new revision. With
/// errors, the editor opens again on the edit, with the diagnostics on top as comments;
/// saving it unchanged aborts, and if the editor fails (or someone else committed
/// meanwhile), the edit is kept, encrypted with the store key, in a private file whose path
/// is printed: --resume FILE goes on with it. An empty file aborts the edit. The temporary file is removed
/// whatever happens, also when escrot is stopped (SIGTERM, SIGHUP, SIGINT: passed on to
/// the editor).
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot edit acme/app/dev\n  EDITOR=nano escrot edit acme/app/dev\n  escrot edit \
                        acme/app/dev --editor 'code -w'")]
pub struct EditArgs {
    /// The environment (`org/project/env` or `project/env`)
    #[arg(value_name = "NAME")]
    pub name: String,

    /// The editor command to run (the file name is appended) [default: $VISUAL, $EDITOR, vi]
    #[arg(long, value_name = "COMMAND")]
    pub editor: Option<String>,

    /// Go on with an edit that could not be saved, from the file escrot kept it in (it is
    /// saved onto the revision it was made on, and the file is removed once saved)
    #[arg(long, value_name = "FILE")]
    pub resume: Option<std::path::PathBuf>,
}

/// Show the differences between two revisions
///
/// Prints a unified diff of two revisions' definitions: the revision given and the one
/// before it, or the two given (`NAME@REV` or `NAME@TAG`; a second argument of just `@REV`
/// or `REV` means the same environment). Secrets are shown as `[secret]` (a changed secret
/// still shows as a changed line) unless --show-secrets is given.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot diff acme/app/dev\n  escrot diff acme/app/dev@3\n  escrot diff \
                        acme/app/dev@2 acme/app/dev@5\n  escrot diff acme/app/dev@stable @latest")]
pub struct DiffArgs {
    /// The environment and revision (`NAME`, `NAME@REV`, `NAME@TAG`); alone, it is compared
    /// with the revision before it
    #[arg(value_name = "NAME[@REV]")]
    pub from: String,

    /// The revision to compare with (`NAME@REV`, `@REV` or `REV`)
    #[arg(value_name = "NAME@REV")]
    pub to: Option<String>,

    /// Show secret values in plaintext
    #[arg(long)]
    pub show_secrets: bool,
}

/// Revisions of an environment: list them, or restore one
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot version history acme/app/dev\n  escrot version rollback acme/app/dev 3")]
pub struct VersionArgs {
    #[command(subcommand)]
    pub command: VersionCommand,
}

#[derive(Debug, Subcommand)]
pub enum VersionCommand {
    History(VersionHistoryArgs),
    Rollback(VersionRollbackArgs),
    Tag(VersionTagArgs),
}

/// Name a revision with a tag, list the tags, or remove one
///
/// `escrot version tag NAME TAG [REV]` points TAG at revision REV (default: the latest),
/// creating or moving it; `NAME@TAG` then names that revision in `get`, `open`, `diff`
/// and `version rollback`. `--list` prints the tags; `--delete` removes TAG.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot version tag acme/app/dev stable\n  escrot version tag acme/app/dev \
                        stable 3\n  escrot version tag acme/app/dev --list\n  escrot version tag acme/app/dev stable \
                        --delete")]
pub struct VersionTagArgs {
    /// The environment (`org/project/env` or `project/env`)
    #[arg(value_name = "NAME")]
    pub name: String,

    /// The tag (letters, digits, `-`, `_`, `.`; not all digits, not `latest`)
    #[arg(value_name = "TAG", required_unless_present = "list")]
    pub tag: Option<String>,

    /// The revision to tag (default: the latest)
    #[arg(value_name = "REV", conflicts_with_all = ["list", "delete"])]
    pub revision: Option<u64>,

    /// List the environment's tags
    #[arg(long, conflicts_with = "delete")]
    pub list: bool,

    /// Remove the tag
    #[arg(long)]
    pub delete: bool,
}

/// List the revisions of an environment, newest first
///
/// Prints each revision's number, kind (create, edit, rotation, rollback), author, time
/// (UTC) and tags.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot version history acme/app/dev\n  escrot version history acme/app/dev \
                        --output json")]
pub struct VersionHistoryArgs {
    /// The environment (`org/project/env` or `project/env`)
    #[arg(value_name = "NAME")]
    pub name: String,

    /// How to print the revisions
    #[arg(long, short, value_enum, default_value_t = ListOutput::Table)]
    pub output: ListOutput,
}

/// Restore an older revision of an environment
///
/// Commits the definition of revision REV (a number or a tag) as a new revision, of kind
/// `rollback`. Rotations are not rolled back: each `fn::rotate` keeps its state of the
/// latest revision (the credentials that exist now), unless --include-rotation-state is
/// given. A `fn::rotate` removed since keeps the state of the last revision that had it.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot version rollback acme/app/dev 3\n  escrot version rollback \
                        acme/app/dev@stable")]
pub struct VersionRollbackArgs {
    /// The environment (`NAME`, or `NAME@REV` instead of giving REV)
    #[arg(value_name = "NAME")]
    pub name: String,

    /// The revision to restore (a number or a tag)
    #[arg(value_name = "REV")]
    pub revision: Option<String>,

    /// Restore the old `fn::rotate` states too (their credentials may already be retired)
    #[arg(long)]
    pub include_rotation_state: bool,
}

/// The rotation log of an environment
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot rotation history acme/db/prod")]
pub struct RotationArgs {
    #[command(subcommand)]
    pub command: RotationCommand,
}

#[derive(Debug, Subcommand)]
pub enum RotationCommand {
    History(RotationHistoryArgs),
}

/// List the rotations of an environment, newest first
///
/// Prints one line per path of each rotation attempt: when it started (UTC), the attempt
/// (short id), the path, the rotator, the result, how long it took and, for a failure, why.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot rotation history acme/db/prod\n  escrot rotation history acme/db/prod \
                        --output json")]
pub struct RotationHistoryArgs {
    /// The environment (`org/project/env` or `project/env`)
    #[arg(value_name = "NAME")]
    pub name: String,

    /// How to print the log
    #[arg(long, short, value_enum, default_value_t = ListOutput::Table)]
    pub output: ListOutput,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListOutput {
    /// A table
    Table,
    /// A JSON array
    Json,
}

/// Validate environments statically, for CI
///
/// Parses each environment (of the store, or in a file), resolves its imports and checks
/// references, types and built-in function arguments without opening any provider. Prints
/// one diagnostic per problem with its `file:line:col` (or `org/project/env:line:col`), and
/// exits with 2 when any has an error.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot check acme/app/dev\n  escrot check examples/acme/app.yaml\n  escrot \
                        check --format github envs/*.yaml")]
pub struct CheckArgs {
    /// The environments to check: names (`org/project/env[@REV]`) or YAML files
    #[arg(value_name = "NAME|FILE", required = true)]
    pub files: Vec<std::path::PathBuf>,

    /// How to print diagnostics
    #[arg(long, short, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// Also check each rotator against its cloud, changing nothing (for aws-iam: the login
    /// works, the user exists and has room for a new key)
    #[arg(long)]
    pub live: bool,

    #[command(flatten)]
    pub providers: ProviderArgs,
}

/// Flags for the providers that commands opening environments call.
#[derive(Clone, Debug, Default, Args)]
pub struct ProviderArgs {
    /// A file holding the OIDC token for `aws-login` with `oidc` (re-read on every open; wins
    /// over ESCROT_OIDC_TOKEN, ESCROT_OIDC_TOKEN_FILE, AWS_WEB_IDENTITY_TOKEN_FILE and GitHub
    /// Actions' token service)
    #[arg(long, value_name = "FILE")]
    pub oidc_token_file: Option<std::path::PathBuf>,
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
/// Evaluates the environment (opening providers) and prints its values, or the value at
/// PATH. Secrets are printed as `[secret]` unless --show-secrets is given.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot open acme/app/dev\n  escrot open acme/app/dev@3 app.url --format \
                        string\n  escrot open examples/acme/app.yaml --format dotenv")]
pub struct OpenArgs {
    /// The environment: a name (`org/project/env[@REV|@TAG]`) or a YAML file
    #[arg(value_name = "NAME|FILE")]
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

    #[command(flatten)]
    pub providers: ProviderArgs,
}

/// Open an environment and run a command with its variables and files
///
/// Opens the environment (as `open` does) and runs COMMAND with ARGS, not in a shell. The
/// scalars of its top-level `environmentVariables` are added to the command's environment;
/// each scalar of its top-level `files` is written to a temporary file (mode 0600, in a
/// private directory under $XDG_RUNTIME_DIR or the system's temporary directory) whose path
/// is exported under the file's key. `${path}` in ARGS is replaced by the environment's value
/// at that path, as in `esc run`: `$$` is `$`, so write `$${VAR}` and `$$$$` for a shell's `${VAR}`
/// and `$$` (`$VAR` needs no escaping). Secrets of at least 3 bytes (exported, or put in
/// ARGS) are replaced by `[secret]` in the command's stdout and stderr, unless
/// --interactive, which gives the command the terminal as it is. The files are removed when
/// the command exits, also when escrot is stopped by SIGTERM, SIGHUP or SIGINT (passed on to
/// the command, whose exit escrot waits for); not when escrot is killed with SIGKILL.
///
/// Exit status: the command's (128+N when it was killed by signal N); 127 when it is not
/// found, 126 when it cannot be run; 2 (or 1, a failed evaluation) when the environment
/// has errors, which stop the run before the command starts.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot run acme/app/dev -- ./server\n  escrot run acme/app/dev@3 -- sh -c 'psql \
                        \"$DATABASE_URL\"'\n  escrot run acme/app/dev -- curl -u 'admin:${api.password}' \
                        https://api.example.com\n  escrot run -i acme/app/dev -- psql")]
pub struct RunArgs {
    /// The environment: a name (`org/project/env[@REV|@TAG]`) or a YAML file
    #[arg(value_name = "NAME|FILE")]
    pub file: std::path::PathBuf,

    /// The command to run and its arguments (put `--` before them when they start with `-`)
    #[arg(value_name = "COMMAND", required = true, num_args = 1.., trailing_var_arg = true, allow_hyphen_values = true)]
    pub command: Vec<std::ffi::OsString>,

    /// The command is interactive: give it the terminal, without filtering secrets from its
    /// output
    #[arg(long, short)]
    pub interactive: bool,

    #[command(flatten)]
    pub providers: ProviderArgs,
}

/// Show an environment's definition or its statically checked values
///
/// Without flags, prints the value at PATH (or the whole environment) as JSON, its YAML
/// definition and where it was defined. Values come from a static check: values that
/// need a provider are `[unknown]`. Secrets are redacted unless --show-secrets is given.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot get acme/app/dev app.url\n  escrot get acme/app/dev@2 --definition\n  \
                        escrot get acme/app/dev --definition --show-secrets\n  escrot get examples/acme/app.yaml \
                        --value dotenv")]
pub struct GetArgs {
    /// The environment: a name (`org/project/env[@REV|@TAG]`) or a YAML file
    #[arg(value_name = "NAME|FILE")]
    pub file: std::path::PathBuf,

    /// The property path to show (e.g. `a.b[0]["c.d"]`); under `values`, or under the document
    /// root when it starts with `imports`
    #[arg(value_name = "PATH", value_parser = parse_path)]
    pub path: Option<PropertyPath>,

    /// Print only the YAML definition (of the whole environment, or of the sub-tree at PATH)
    #[arg(long, conflicts_with = "value")]
    pub definition: bool,

    /// Print only the value, in this format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub value: Option<ValueFormat>,

    /// Print secret values in plaintext
    #[arg(long)]
    pub show_secrets: bool,
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
                        escrot rotate --file env.yaml\n  escrot rotate --due --concurrency 8")]
pub struct RotateArgs {
    /// The environment (`org/project/env` or `project/env`); with --file, the first PATH
    #[arg(value_name = "NAME", required_unless_present_any = ["file", "due"])]
    pub name: Option<String>,

    /// Property paths of the `fn::rotate` values to rotate (default: all)
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,

    /// Rotate the environment in this YAML file (written back in place) instead of the store
    #[arg(long, value_name = "FILE")]
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

    /// How many rotators run at once (with --due, also how many schedules)
    // 8: against a cloud's latency, twice as fast as 4, most of what more can give
    // (bench/latency_aws.sh), and few connections for a cloud's or database's limits.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: u16,

    /// How long to wait for another rotation of the same environment (or file) to finish
    /// before giving up with exit status 1 (`30s`, `10m`, `1h`, or seconds)
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = escrot_rotation::lock::parse_duration)]
    pub lock_timeout: std::time::Duration,

    #[command(flatten)]
    pub due: DueArgs,

    #[command(flatten)]
    pub providers: ProviderArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RotateOutput {
    Table,
    Json,
    Yaml,
}

/// The store key: wrap it with AWS KMS, rotate it, show where it comes from
///
/// The store key (the data key) encrypts every secret of the store. Without KMS it is the
/// file beside the database (`escrot.key`) or ESCROT_KEY, which every runner needs a copy
/// of. `wrap --kms ARN` keeps it in the store encrypted with a KMS key: any runner allowed
/// `kms:Decrypt` on that key then opens the store with no key file (AWS credentials from
/// the standard chain; AWS_ENDPOINT_URL honoured). The key file is no longer read once the
/// key is wrapped; ESCROT_KEY, when set, still takes precedence.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot store key wrap --kms arn:aws:kms:us-east-1:123456789012:key/1234abcd\n  \
                        escrot store key rotate --kms arn:aws:kms:us-east-1:123456789012:key/5678efgh\n  escrot \
                        store key rotate\n  escrot store key status")]
pub struct StoreKeyArgs {
    #[command(subcommand)]
    pub command: StoreKeyCommand,
}

#[derive(Debug, Subcommand)]
pub enum StoreKeyCommand {
    Wrap(StoreKeyWrapArgs),
    Rotate(StoreKeyRotateArgs),
    Status(StoreKeyStatusArgs),
}

/// Wrap the store key with an AWS KMS key (kms:Encrypt and kms:Decrypt)
///
/// Encrypts the store's data key with the KMS key (with an encryption context naming
/// escrot and this store), checks that it decrypts again, and keeps the result in the
/// store. The data key itself does not change: nothing is re-encrypted. Afterwards the key
/// file is not read any more; delete it once a runner has opened the store through KMS.
#[derive(Debug, Args)]
pub struct StoreKeyWrapArgs {
    /// The KMS key: its ARN (recommended: it names the region), key id or alias
    #[arg(long, value_name = "ARN")]
    pub kms: String,
}

/// Rotate the wrapping key (--kms ARN) or the data key (no flag)
///
/// With --kms ARN: the same data key is wrapped again with that KMS key (another key, or
/// the same key, to use its newest key material); no secret changes. Without it: a new data
/// key, wrapped with the store's KMS key, and every environment's secrets re-encrypted with
/// it as a new revision (kind `edit`) in one transaction. Older revisions are not rewritten
/// and stay readable (`escrot get NAME@N`): the store keeps the replaced data keys, sealed
/// with the new one. Refused while any rotation is unfinished in the journal. Needs a
/// wrapped store key (`escrot store key wrap`).
#[derive(Debug, Args)]
pub struct StoreKeyRotateArgs {
    /// Wrap the data key with this KMS key instead of replacing the data key
    #[arg(long, value_name = "ARN")]
    pub kms: Option<String>,
}

/// Show where the store key comes from
#[derive(Debug, Args)]
pub struct StoreKeyStatusArgs {}
