//! `escrot webhook …`, as clap sees it.

use clap::{Args, Subcommand, ValueEnum};

use super::{EscListArgs, ListOutput, RecordOutput};

/// Webhooks: rotation events sent to a URL (an on-call tool, a Slack channel)
///
/// A webhook receives the events of one environment, or of every environment of an
/// organization (NAME `acme/*`): `rotation-succeeded` and `rotation-failed` after
/// `escrot rotate` and after each run of `rotate --due` (with the schedule's id), and
/// `revision-created` for every new revision (`init`, `set`, `rm`, `edit`, `version
/// rollback`, rotations). An event is a JSON document naming the environment, the
/// revision, each rotated path with its result and error, the rotation attempt and the
/// time — never a secret value — signed with HMAC-SHA256 of the body under the webhook's
/// secret, in the `X-Escrot-Signature` header (lowercase hex). With --format slack, the
/// event is posted as a readable message to a Slack incoming webhook.
///
/// Events are sent after the commit they report, and never fail or hold up what caused
/// them: each delivery is tried up to 3 times (5s each, 0.5s then 1s apart;
/// ESCROT_WEBHOOK_TIMEOUT, ESCROT_WEBHOOK_TRIES and ESCROT_WEBHOOK_BACKOFF change that), a
/// warning says when one failed, and every delivery is recorded in the store (`escrot
/// webhook deliveries`). A delivery that a killed process left unsent is sent by the next
/// `rotate`, `rotate --due` or write.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  escrot webhook new acme/db/prod --url https://oncall.example.com/hooks/escrot \\\n    \
                        --event rotation-failed\n  escrot webhook new 'acme/*' --url \
                        https://hooks.slack.com/services/T0/B0/XXXX --format slack\n  escrot webhook ls acme/db/prod\n  \
                        escrot webhook ping acme/db/prod 1\n  escrot webhook deliveries acme/db/prod 1"
)]
pub struct WebhookArgs {
    #[command(subcommand)]
    pub command: WebhookCommand,
}

#[derive(Debug, Subcommand)]
pub enum WebhookCommand {
    New(WebhookNewArgs),
    #[command(visible_alias = "list")]
    Ls(WebhookLsArgs),
    Get(WebhookGetArgs),
    #[command(visible_alias = "remove")]
    Rm(WebhookRmArgs),
    /// Send a webhook a `ping` event now
    ///
    /// Sends the webhook a `ping` event (whatever events it receives), signed like every
    /// delivery, records the delivery, and says how the receiver answered; exits 1 when it
    /// was not delivered.
    #[command(after_help = "Examples:\n  escrot webhook ping acme/db/prod 1\n  escrot webhook ping 'acme/*' 2")]
    Ping(WebhookIdArgs),
    Deliveries(WebhookDeliveriesArgs),
}

/// How a webhook's events are sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum WebhookFormat {
    /// escrot's JSON event, signed (`X-Escrot-Signature`)
    Raw,
    /// A message for a Slack incoming webhook (`{"text": …}`)
    Slack,
}

impl WebhookFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookFormat::Raw => "raw",
            WebhookFormat::Slack => "slack",
        }
    }
}

/// Create a webhook
///
/// Creates a webhook of the environment NAME, or of every environment of an organization
/// (`ORG/*`). The URL must be https://, or http:// to a loopback address (a receiver on
/// this machine). The secret its deliveries are signed with is read from standard input
/// with --secret-from-stdin; otherwise one is made and printed once, now, which needs
/// --show-secrets (like every secret escrot prints): keep it where the receiver can check
/// signatures with it (escrot never shows it again; it is kept encrypted with the store key).
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  escrot webhook new acme/db/prod --url https://oncall.example.com/escrot --show-secrets\n  \
                        escrot webhook new 'acme/*' --url https://hooks.slack.com/services/T0/B0/XXXX --format slack \
                        --event rotation-failed --show-secrets\n  printf %s \"$SECRET\" | escrot webhook new acme/db/prod --url \
                        https://ci.example.com/hook --secret-from-stdin"
)]
pub struct WebhookNewArgs {
    /// The environment (`org/project/env` or `project/env`), or `ORG/*` for all of an
    /// organization's
    #[arg(value_name = "NAME")]
    pub name: String,

    /// Where events are POSTed
    #[arg(long, value_name = "URL")]
    pub url: String,

    /// How events are sent
    #[arg(long, value_enum, default_value_t = WebhookFormat::Raw)]
    pub format: WebhookFormat,

    /// The events to send, comma-separated: rotation-succeeded, rotation-failed,
    /// revision-created [default: all three]
    #[arg(long = "event", value_name = "EVENTS", value_delimiter = ',')]
    pub events: Vec<String>,

    /// Read the signing secret from standard input (its first line) instead of making one
    #[arg(long)]
    pub secret_from_stdin: bool,

    /// Print the secret escrot makes (without --secret-from-stdin, it is shown only with this
    /// flag, and only now)
    #[arg(long, conflicts_with = "secret_from_stdin")]
    pub show_secrets: bool,

    /// How to print the new webhook
    #[arg(long, short, value_enum, default_value_t = RecordOutput::Text)]
    pub output: RecordOutput,
}

/// List webhooks
///
/// Prints the webhooks of NAME (an environment, or `ORG/*`), and for an environment also
/// those of its organization that apply to it; without NAME, every webhook (of one
/// organization with --org). Secrets are never shown.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot webhook ls\n  escrot webhook ls acme/db/prod\n  escrot webhook ls \
                        'acme/*' --output json")]
pub struct WebhookLsArgs {
    /// Only the webhooks that apply to this environment, or those of `ORG/*`
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    /// How to print the webhooks
    #[arg(long, short, value_enum, default_value_t = ListOutput::Table)]
    pub output: ListOutput,
}

/// Show a webhook (never its secret)
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot webhook get acme/db/prod 1\n  escrot webhook get 'acme/*' 2 --output json")]
pub struct WebhookGetArgs {
    #[command(flatten)]
    pub webhook: WebhookIdArgs,

    /// How to print the webhook
    #[arg(long, short, value_enum, default_value_t = RecordOutput::Text)]
    pub output: RecordOutput,
}

/// Remove a webhook and its deliveries
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot webhook rm acme/db/prod 1 --yes")]
pub struct WebhookRmArgs {
    #[command(flatten)]
    pub webhook: WebhookIdArgs,

    /// Do not ask for confirmation (needed when standard input is not a terminal)
    #[arg(long, short)]
    pub yes: bool,
}

// A webhook, `NAME ID` (the subcommand's variant says what is done with it).
#[derive(Debug, Args)]
pub struct WebhookIdArgs {
    /// The environment, or `ORG/*`, the webhook is of
    #[arg(value_name = "NAME")]
    pub name: String,

    /// The webhook's id (`escrot webhook ls NAME` shows it)
    #[arg(value_name = "ID")]
    pub id: i64,
}

/// List a webhook's deliveries, newest first
///
/// Prints each delivery: when it was made, its event, the rotation attempt, its status
/// (delivered, failed, or pending: not sent yet), the HTTP status, how long its tries took,
/// how many there were, and the last error.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot webhook deliveries acme/db/prod 1\n  escrot webhook deliveries \
                        'acme/*' 2 --count 5 --output json")]
pub struct WebhookDeliveriesArgs {
    #[command(flatten)]
    pub webhook: WebhookIdArgs,

    /// How to print the deliveries
    #[arg(long, short, value_enum, default_value_t = ListOutput::Table)]
    pub output: ListOutput,

    #[command(flatten)]
    pub esc: EscListArgs,
}
