//! `escrot jwks …`: the key escrot signs `fn::rotate::external` requests with, as clap
//! sees it.

use clap::{Args, Subcommand};

use super::ListOutput;

/// Print the public keys (JWKS) that fn::rotate::external adapters verify escrot's requests with
///
/// Every request of a `fn::rotate::external` rotation carries a JWT (RS256) signed with the
/// store's signing key. Without a subcommand, prints the JSON Web Key Set of every signing
/// key of the store — the current one and those it replaced, which stay until dropped — for
/// adapters to trust (serve it, or configure it in the adapter). The first use creates the
/// key (RSA-2048), and says so on stderr.
///
/// The private half is kept in the store, encrypted with the store key like every secret;
/// it is never printed. The tokens' issuer (`iss`) is ESCROT_ISSUER, by default
/// `urn:escrot`.
#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Examples:\n  escrot jwks > jwks.json\n  escrot jwks ls\n  escrot jwks rotate\n  escrot jwks \
                  drop 2bX0yN…"
)]
pub struct JwksArgs {
    #[command(subcommand)]
    pub command: Option<JwksCommand>,
}

#[derive(Debug, Subcommand)]
pub enum JwksCommand {
    #[command(visible_alias = "list")]
    Ls(JwksLsArgs),
    Rotate(JwksRotateArgs),
    Drop(JwksDropArgs),
}

/// List the signing keys: kid, state (current or retired), when created and retired
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot jwks ls\n  escrot jwks ls -o json")]
pub struct JwksLsArgs {
    /// How to print the list
    #[arg(long, short, value_enum, default_value_t = ListOutput::Table)]
    pub output: ListOutput,
}

/// Make a new current signing key; the old one stays in the JWKS, retired
///
/// Creates a new key pair, which signs every request from now on. The key it replaces is
/// retired in the same transaction: it never signs again (its private half is erased), but
/// its public key stays in `escrot jwks` so that adapters keep accepting tokens it signed
/// until they expire. Give adapters the new JWKS, then `escrot jwks drop` the old key.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot jwks rotate\n  escrot jwks > jwks.json   # publish both keys")]
pub struct JwksRotateArgs {}

/// Remove a retired signing key from the JWKS
///
/// Once adapters no longer need it (every token it signed has expired), a retired key can
/// be dropped: it leaves `escrot jwks` for good. The current key cannot be dropped: rotate
/// first (`escrot jwks rotate`).
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  escrot jwks ls\n  escrot jwks drop 2bX0yN…")]
pub struct JwksDropArgs {
    /// The key id of a retired key, as `escrot jwks ls` shows it
    // A kid is base64url, so it may start with `-`: it is a value, not a flag.
    #[arg(value_name = "KID", allow_hyphen_values = true)]
    pub kid: String,
}
