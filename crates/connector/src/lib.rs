//! escrot's rotation connector: the program that runs inside the database's network (as an
//! AWS Lambda function) and sets database passwords. It serves two callers through one
//! function, told apart by the event's shape ([`invocation`]):
//!
//! - escrot — or Pulumi ESC — with ESC's connector events; the event, its answer and the
//!   handler are [`escrot_db::connector`]'s, shared with the rotators that send them;
//! - Secrets Manager, as a custom rotation function for database secrets
//!   ([`secrets_manager`]: the four steps, the single-user and alternating-users
//!   strategies).
//!
//! [`serve`] exposes it over a local HTTP endpoint that speaks the Lambda Invoke API, for
//! tests and for running the connector outside Lambda; the `lambda` cargo feature adds the
//! Lambda runtime (the `lambda` module). The binary is `escrot-connector`.

pub mod invocation;
#[cfg(feature = "lambda")]
pub mod lambda;
pub mod secrets_manager;
pub mod serve;
