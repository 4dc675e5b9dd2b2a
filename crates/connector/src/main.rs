//! `escrot-connector`: escrot's rotation connector (see the `escrot_connector` library).
//!
//! - `escrot-connector serve [--listen ADDR] [--function-timeout SECS]`: a local endpoint
//!   that speaks the Lambda Invoke API (tests, or running the connector outside Lambda);
//! - `escrot-connector lambda` (built with `--features lambda`): the AWS Lambda runtime.
//!   Deployed as a Lambda's `bootstrap`, it starts in this mode on its own (Lambda sets
//!   `AWS_LAMBDA_RUNTIME_API`).

use std::net::SocketAddr;
use std::time::Duration;

use clap::{Parser, Subcommand};
use escrot_connector::serve::{self, ServeOptions};

/// escrot's rotation connector: sets database passwords for escrot or Pulumi ESC, and rotates AWS Secrets Manager database secrets (createSecret, setSecret, testSecret, finishSecret)
#[derive(Debug, Parser)]
#[command(name = "escrot-connector", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the Lambda Invoke API locally (no authentication: loopback or a private network only)
    Serve {
        /// The address to listen on (port 0: any free port, printed on stderr)
        #[arg(long, default_value = "127.0.0.1:9001")]
        listen: SocketAddr,
        /// Stop an invocation after this many seconds, answering as a timed-out Lambda does
        #[arg(long, value_name = "SECS", default_value_t = 60.0)]
        function_timeout: f64,
    },
    /// Run as an AWS Lambda function (needs the `lambda` cargo feature)
    Lambda,
}

fn main() {
    let cli = Cli::parse();
    let command = match cli.command {
        Some(c) => c,
        None if escrot_vars::get_os("AWS_LAMBDA_RUNTIME_API").is_some() => Command::Lambda,
        None => {
            eprintln!("escrot-connector: give a command (serve or lambda); see --help");
            std::process::exit(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("escrot-connector: cannot start the async runtime: {e}");
            std::process::exit(1);
        }
    };
    let result: Result<(), String> = runtime.block_on(async {
        match command {
            Command::Serve { listen, function_timeout } => {
                if !(function_timeout > 0.0 && function_timeout.is_finite()) {
                    return Err("--function-timeout must be a positive number of seconds".into());
                }
                let opts = ServeOptions { function_timeout: Duration::from_secs_f64(function_timeout) };
                serve::run(listen, opts).await.map_err(|e| format!("cannot serve on {listen}: {e}"))
            }
            Command::Lambda => lambda().await,
        }
    });
    if let Err(e) = result {
        eprintln!("escrot-connector: {e}");
        std::process::exit(1);
    }
}

#[cfg(feature = "lambda")]
async fn lambda() -> Result<(), String> {
    escrot_connector::lambda::run().await
}

#[cfg(not(feature = "lambda"))]
async fn lambda() -> Result<(), String> {
    Err("this build has no Lambda runtime: build with `cargo build --release --features lambda`".into())
}
