//! Running the command: its output passed through the redactor (one thread per stream)
//! or its standard streams left as escrot's (`--interactive`), the signals escrot gets
//! forwarded to it, and its exit status turned into escrot's.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Arc;

use super::redact::{Redactor, Secrets};
use crate::CliError;
use crate::commands::signals;

/// Exit code: the command was not found (as shells say it).
pub const EXIT_NOT_FOUND: i32 = 127;
/// Exit code: the command was found but could not be run.
pub const EXIT_CANNOT_RUN: i32 = 126;

/// Runs `command` until it exits and returns its exit code (128+N when signal N killed it).
/// With `secrets`, its stdout and stderr are redacted; its stdin is escrot's either way.
pub fn run(
    mut command: Command,
    program: &OsStr,
    secrets: Option<Arc<Secrets>>,
    trap: &signals::Trap,
) -> Result<i32, CliError> {
    if secrets.is_some() {
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
    }
    let mut child = command.spawn().map_err(|e| {
        let code = if e.kind() == std::io::ErrorKind::NotFound { EXIT_NOT_FOUND } else { EXIT_CANNOT_RUN };
        CliError { message: format!("cannot run {:?}: {e}", program.to_string_lossy()), code }
    })?;
    trap.forward_to(&child);
    let pumps = secrets.map(|secrets| {
        let stdout = child.stdout.take().map(|from| pump(from, std::io::stdout(), secrets.clone()));
        let stderr = child.stderr.take().map(|from| pump(from, std::io::stderr(), secrets));
        [stdout, stderr]
    });
    let status = wait(&mut child, trap);
    finish_output(pumps.into_iter().flatten().flatten().collect(), trap);
    let status = status.map_err(|e| CliError::failed(format!("waiting for the command: {e}")))?;
    Ok(exit_code(status))
}

/// How often escrot looks whether the output is done, once the command exited.
const POLL_INTERVAL: std::time::Duration = std::time::Duration::from_millis(20);

/// As `esc run` (Go's `Cmd.Wait`), the output is passed on until the command and whatever
/// it started that holds its stdout or stderr are done with them — unless escrot is told
/// to stop meanwhile (a process left running in the background holds them).
fn finish_output(pumps: Vec<std::thread::JoinHandle<()>>, trap: &signals::Trap) {
    while !pumps.iter().all(std::thread::JoinHandle::is_finished) {
        if trap.take_to_forward().is_some() {
            return;
        }
        std::thread::sleep(POLL_INTERVAL);
    }
    for pump in pumps {
        let _ = pump.join();
    }
}

/// Copies `from` (the command's output) to `to` (escrot's), redacted, flushing as it goes.
fn pump(
    mut from: impl Read + Send + 'static,
    mut to: impl Write + Send + 'static,
    secrets: Arc<Secrets>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut redactor = Redactor::new(&secrets);
        let mut buf = vec![0u8; 16 * 1024];
        let mut out = Vec::new();
        loop {
            let n = match from.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            };
            out.clear();
            redactor.push(&buf[..n], &mut out);
            if to.write_all(&out).and_then(|()| to.flush()).is_err() {
                // escrot's output is closed: returning closes the pipe, so the command
                // finds its output closed, as it would have without escrot in between.
                return;
            }
        }
        out.clear();
        redactor.finish(&mut out);
        let _ = to.write_all(&out).and_then(|()| to.flush());
    })
}

/// Waits for the command to exit. The trap forwards signals meanwhile; it stops before the
/// command is reaped, so that no signal can reach a process that took its pid.
fn wait(child: &mut Child, trap: &signals::Trap) -> std::io::Result<ExitStatus> {
    wait_for_exit(child);
    trap.stop_forwarding();
    child.wait()
}

/// Blocks until the command exited, leaving it a zombie (WNOWAIT) for `Child::wait`.
#[cfg(unix)]
fn wait_for_exit(child: &Child) {
    let pid: libc::id_t = child.id();
    loop {
        // SAFETY: waitid(2) on our own child with a zeroed siginfo_t to fill.
        let rc = unsafe {
            let mut info: libc::siginfo_t = std::mem::zeroed();
            libc::waitid(libc::P_PID, pid, &mut info, libc::WEXITED | libc::WNOWAIT)
        };
        if rc == 0 || std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
            return;
        }
    }
}

#[cfg(not(unix))]
fn wait_for_exit(_child: &Child) {}

/// The command's exit code; 128+N for a command killed by signal N, as shells report it.
fn exit_code(status: ExitStatus) -> i32 {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return 128 + signal;
        }
    }
    status.code().unwrap_or(crate::EXIT_FAILED)
}
