//! `escrot run NAME|FILE [--] COMMAND [ARGS…]`: open an environment and run a command with
//! its `environmentVariables` and `files`, like `esc run`: `${…}` in ARGS replaced from
//! the environment (`interpolate`), the files written to a private directory that is
//! removed when the command exits (`crate::private_temp`), secrets replaced by `[secret]` in
//! its output unless `--interactive` (`redact`), signals forwarded to it (`child`).
//!
//! Where ESC differs: `esc run -i` replaces itself with the command (exec), so its files
//! are never removed; escrot waits for the command and removes them. ESC does not trap
//! signals, so Ctrl-C leaves its files behind; escrot removes them. ESC holds back output
//! until a newline to redact it; escrot passes on all that cannot be the start of a secret.

mod child;
mod interpolate;
mod redact;

use std::process::Command;
use std::sync::Arc;

use crate::args::RunArgs;
use crate::commands::{open, signals};
use crate::exported::Exports;
use crate::private_temp::PrivateFiles;
use crate::{CliError, CliResult, Ui};

pub fn run(ui: &Ui, args: RunArgs) -> CliResult {
    let Some((program, rest)) = args.command.split_first() else {
        return Err(CliError::invalid(
            "no command to run: give it after the environment (`escrot run NAME -- COMMAND`)",
        ));
    };
    let env = open::evaluate(ui, &args.file, &args.providers, false)?;
    let exports = Exports::of(&env.properties);
    let mut secrets: Vec<String> = exports.secrets().map(str::to_owned).collect();
    let mut argv = Vec::with_capacity(rest.len());
    for arg in rest {
        let interpolated = interpolate::interpolate(arg, &env.properties);
        secrets.extend(interpolated.secrets);
        argv.push(interpolated.arg);
    }
    let redaction = match args.interactive {
        true => None,
        false => Some(Arc::new(
            redact::Secrets::new(secrets.iter().map(String::as_str))
                .map_err(|e| CliError::failed(format!("cannot prepare the redaction of secrets: {e}")))?,
        )),
    };
    // Before any file is on disk: from here on, a signal only sets a flag (and, once the
    // command runs, is forwarded to it).
    let trap = signals::Trap::install();
    let files = PrivateFiles::create()
        .map_err(|e| CliError::failed(format!("cannot create a private directory for the files: {e}")))?;
    let paths = files.write(&exports.files).map_err(|e| CliError::failed(format!("cannot write the files: {e}")))?;
    if let Some(signal) = trap.received() {
        // Stopped before the command started: nothing to wait for.
        drop(files);
        return Ok(128 + signal);
    }
    let mut command = Command::new(program);
    command.args(&argv);
    for var in &exports.variables {
        command.env(&var.name, &var.text);
    }
    for (name, path) in &paths {
        command.env(name, path);
    }
    let code = child::run(command, program, redaction, &trap);
    // The files go before escrot exits, whatever the command did.
    drop(files);
    code
}
