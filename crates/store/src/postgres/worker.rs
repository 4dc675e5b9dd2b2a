//! A connection to the PostgreSQL server on a thread of its own.
//!
//! Store methods are synchronous, as rusqlite's are, and they are called from inside tokio
//! (the rotation engine calls the store from async code), where the synchronous `postgres`
//! crate panics (it would start a runtime inside a runtime). So each connection lives on a
//! dedicated thread running a current-thread runtime with a `tokio_postgres` client; a
//! method sends it a job and blocks until the answer comes back over a std channel, which
//! blocks the caller just as an SQLite call does, and works inside or outside a runtime.
//!
//! The thread ends, closing the session (which releases its advisory locks), when the
//! [`Connection`] is dropped.

use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc;
use std::thread::JoinHandle;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::client::PgClient;
use super::url::PostgresLocation;
use crate::error::StoreError;

/// A future that borrows the connection's client (it never leaves the connection's thread).
pub(crate) type ClientFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

type Job = Box<dyn for<'a> FnOnce(&'a mut PgClient) -> ClientFuture<'a, ()> + Send>;

/// How a connection behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Session {
    /// Reads and writes; reconnects when the server closed the connection between jobs.
    ReadWrite,
    /// Every transaction read-only (`default_transaction_read_only`); reconnects too.
    ReadOnly,
    /// Holds session state (an advisory lock): never reconnects, since a new session would
    /// not hold it.
    Pinned,
}

/// One session with the server, served by its own thread.
pub(crate) struct Connection {
    jobs: Option<UnboundedSender<Job>>,
    thread: Option<JoinHandle<()>>,
    location: PostgresLocation,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Connection({})", self.location)
    }
}

impl Connection {
    /// Connects to `location` (waiting for the server's answer), the session named after
    /// this process (see [`application_name`]).
    pub(crate) fn open(location: &PostgresLocation, session: Session) -> Result<Connection, StoreError> {
        let (jobs, receiver) = unbounded_channel();
        let (ready, connected) = mpsc::channel();
        let loc = location.clone();
        let thread = std::thread::Builder::new()
            .name("escrot-postgres".into())
            .spawn(move || match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(rt) => rt.block_on(serve(loc, session, receiver, ready)),
                Err(e) => {
                    let _ = ready.send(Err(StoreError::io("cannot start the store's connection thread", e)));
                }
            })
            .map_err(|e| StoreError::io("cannot start the store's connection thread", e))?;
        let mut conn = Connection { jobs: Some(jobs), thread: Some(thread), location: location.clone() };
        match connected.recv() {
            Ok(Ok(())) => Ok(conn),
            Ok(Err(e)) => Err(conn.contextualize(e)),
            Err(_) => {
                conn.stop();
                Err(conn.gone())
            }
        }
    }

    /// Runs `job` on the connection's thread and waits for its answer.
    pub(crate) fn run<T, F>(&self, job: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'a> FnOnce(&'a mut PgClient) -> ClientFuture<'a, Result<T, StoreError>> + Send + 'static,
    {
        let (answer, answered) = mpsc::sync_channel(1);
        let job = boxed(move |client| {
            Box::pin(async move {
                let _ = answer.send(job(client).await);
            })
        });
        let sent = self.jobs.as_ref().is_some_and(|jobs| jobs.send(job).is_ok());
        if !sent {
            return Err(self.gone());
        }
        match answered.recv() {
            Ok(result) => result.map_err(|e| self.contextualize(e)),
            Err(_) => Err(self.gone()),
        }
    }

    /// Names the store in a database error and removes the password from it.
    fn contextualize(&self, e: StoreError) -> StoreError {
        match e {
            StoreError::Postgres { message, .. } => {
                StoreError::Postgres { store: self.location.to_string(), message: self.location.redact(message) }
            }
            other => other,
        }
    }

    fn gone(&self) -> StoreError {
        StoreError::Postgres {
            store: self.location.to_string(),
            message: "the connection to the server was lost".into(),
        }
    }

    fn stop(&mut self) {
        drop(self.jobs.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Closes the session (and so releases what it holds) before returning.
impl Drop for Connection {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Gives a closure the higher-ranked signature a job needs.
fn boxed<F>(f: F) -> Job
where
    F: for<'a> FnOnce(&'a mut PgClient) -> ClientFuture<'a, ()> + Send + 'static,
{
    Box::new(f)
}

/// A connected client and the task that drives its connection.
struct Live {
    client: PgClient,
    driver: tokio::task::JoinHandle<()>,
}

impl Live {
    /// Ends the session: the client says goodbye, and the driver finishes.
    async fn close(self) {
        drop(self.client);
        let _ = self.driver.await;
    }
}

/// The connection thread: connects, then runs jobs one at a time until the sender is gone.
async fn serve(
    location: PostgresLocation,
    session: Session,
    mut jobs: UnboundedReceiver<Job>,
    ready: mpsc::Sender<Result<(), StoreError>>,
) {
    let mut live = match connect(&location, session).await {
        Ok(live) => {
            let _ = ready.send(Ok(()));
            live
        }
        Err(e) => {
            let _ = ready.send(Err(e));
            return;
        }
    };
    while let Some(job) = jobs.recv().await {
        // A server restart or an idle timeout closed the session: a new one serves the job
        // (when that fails too, the job gets the closed client's error).
        if live.client.is_closed()
            && session != Session::Pinned
            && let Ok(fresh) = connect(&location, session).await
        {
            live = fresh;
        }
        job(&mut live.client).await;
        live.client.end_job();
    }
    live.close().await;
}

async fn connect(location: &PostgresLocation, session: Session) -> Result<Live, StoreError> {
    let tls_config = escrot_tls::client_config()
        .map_err(|message| StoreError::Postgres { store: String::new(), message: format!("TLS setup: {message}") })?;
    let tls = MakeRustlsConnect::new((*tls_config).clone());
    let (client, connection) = location.config(&application_name()).connect(tls).await?;
    let driver = tokio::spawn(async move {
        let _ = connection.await;
    });
    if session == Session::ReadOnly {
        client.batch_execute("SET default_transaction_read_only = on").await?;
    }
    Ok(Live { client: PgClient::new(client), driver })
}

/// How this process names its sessions, which is what a rotation waiting for another's lock
/// shows (`escrot pid 1234 on build-7`); at most 63 bytes, the server's limit.
pub(crate) fn application_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .or_else(|| escrot_vars::get("HOSTNAME"));
    let mut name = match host {
        Some(host) => format!("escrot pid {} on {host}", std::process::id()),
        None => format!("escrot pid {}", std::process::id()),
    };
    while name.len() > 63 {
        name.pop();
    }
    name
}
