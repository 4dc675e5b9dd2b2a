//! escrot's rotation connector: the program that runs inside the database's network (as an
//! AWS Lambda function) and sets a database user's password when escrot — or Pulumi ESC —
//! asks it to. The event, its answer and the handler that carries it out are
//! [`escrot_db::connector`]'s, shared with the rotators that send the events.
//!
//! [`serve`] exposes the handler over a local HTTP endpoint that speaks the Lambda Invoke
//! API, for tests and for running the connector outside Lambda; the `lambda` cargo feature
//! adds the Lambda runtime (the `lambda` module). The binary is `escrot-connector`.

#[cfg(feature = "lambda")]
pub mod lambda;
pub mod serve;
