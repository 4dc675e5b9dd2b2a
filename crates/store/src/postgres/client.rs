//! A session's client as the store's queries use it: every statement prepared once per
//! session, and transactions whose `BEGIN` travels with their first statement.
//!
//! `tokio_postgres` prepares a statement given as text in a round trip of its own before
//! executing it, and sends `BEGIN` in another: on a server a network hop away, round trips
//! are what a store call costs. Here a statement's text is prepared the first time the
//! session runs it and kept, by its text, for the session's life (a prepared statement
//! belongs to its session: the cache lives and dies with the [`PgClient`], so a reconnect
//! starts with an empty one). A transaction's `BEGIN` is sent without waiting, together
//! with its first statement (the server reads them in order), and a transaction that ran
//! nothing sends nothing.
//!
//! A transaction that ends without [`Tx::commit`] (an error returned early, or a read) is
//! rolled back when the job ends ([`PgClient::end_job`]), or before the next `BEGIN` of the
//! same job.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::task::{Context, Waker};

use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Error, Row, Statement};

type Params<'p> = &'p [&'p (dyn ToSql + Sync)];

/// A connected client, its prepared statements, and whether a transaction is open.
pub(crate) struct PgClient {
    client: Client,
    statements: RefCell<HashMap<String, Statement>>,
    in_transaction: Cell<bool>,
}

impl PgClient {
    pub(crate) fn new(client: Client) -> PgClient {
        PgClient { client, statements: RefCell::default(), in_transaction: Cell::new(false) }
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    /// The statement `sql`, prepared on this session the first time it is asked for.
    async fn statement(&self, sql: &str) -> Result<Statement, Error> {
        if let Some(statement) = self.statements.borrow().get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql).await?;
        self.statements.borrow_mut().insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    pub(crate) async fn query(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, Error> {
        let statement = self.statement(sql).await?;
        self.client.query(&statement, params).await
    }

    pub(crate) async fn query_one(&self, sql: &str, params: Params<'_>) -> Result<Row, Error> {
        let statement = self.statement(sql).await?;
        self.client.query_one(&statement, params).await
    }

    pub(crate) async fn query_opt(&self, sql: &str, params: Params<'_>) -> Result<Option<Row>, Error> {
        let statement = self.statement(sql).await?;
        self.client.query_opt(&statement, params).await
    }

    pub(crate) async fn execute(&self, sql: &str, params: Params<'_>) -> Result<u64, Error> {
        let statement = self.statement(sql).await?;
        self.client.execute(&statement, params).await
    }

    /// A read-write transaction at the server's default isolation (`READ COMMITTED`).
    pub(crate) async fn transaction(&mut self) -> Result<Tx<'_>, Error> {
        Ok(self.begin("BEGIN"))
    }

    /// A transaction that sees one snapshot for all its statements and writes nothing.
    pub(crate) async fn read_transaction(&mut self) -> Result<Tx<'_>, Error> {
        Ok(self.begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"))
    }

    fn begin(&mut self, begin: &str) -> Tx<'_> {
        // A transaction of this job that was dropped without committing is still open.
        let begin = if self.in_transaction.get() { format!("ROLLBACK; {begin}") } else { begin.to_owned() };
        Tx { client: self, begin: RefCell::new(Some(begin)) }
    }

    /// After each job: rolls back the transaction a job left open (it returned an error
    /// before committing, or only read), so that its locks and snapshot do not outlive the
    /// job. Nobody waits for the answer: the `ROLLBACK` is written now, and whatever the
    /// next job sends follows it.
    pub(crate) fn end_job(&self) {
        if self.in_transaction.replace(false) {
            let mut rollback = std::pin::pin!(self.client.batch_execute("ROLLBACK"));
            // The first poll writes the message; the answer is dropped unread, as
            // tokio_postgres itself does when a `Transaction` is dropped.
            let _ = rollback.as_mut().poll(&mut Context::from_waker(Waker::noop()));
        }
    }
}

/// A transaction on a [`PgClient`]; `BEGIN` is sent with its first statement.
pub(crate) struct Tx<'a> {
    client: &'a PgClient,
    /// The `BEGIN` not sent yet.
    begin: RefCell<Option<String>>,
}

impl Tx<'_> {
    /// Runs `statement`, the transaction's `BEGIN` pipelined before it if not sent yet.
    async fn run<T>(&self, statement: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
        let begin = self.begin.borrow_mut().take();
        match begin {
            None => statement.await,
            Some(begin) => {
                self.client.in_transaction.set(true);
                // Polled in order: `BEGIN` is written to the socket before the statement.
                let ((), out) = tokio::try_join!(self.client.client.batch_execute(&begin), statement)?;
                Ok(out)
            }
        }
    }

    pub(crate) async fn query(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, Error> {
        let statement = self.client.statement(sql).await?;
        self.run(self.client.client.query(&statement, params)).await
    }

    pub(crate) async fn query_one(&self, sql: &str, params: Params<'_>) -> Result<Row, Error> {
        let statement = self.client.statement(sql).await?;
        self.run(self.client.client.query_one(&statement, params)).await
    }

    pub(crate) async fn query_opt(&self, sql: &str, params: Params<'_>) -> Result<Option<Row>, Error> {
        let statement = self.client.statement(sql).await?;
        self.run(self.client.client.query_opt(&statement, params)).await
    }

    pub(crate) async fn execute(&self, sql: &str, params: Params<'_>) -> Result<u64, Error> {
        let statement = self.client.statement(sql).await?;
        self.run(self.client.client.execute(&statement, params)).await
    }

    /// Statements without parameters, as one simple query (DDL, `LOCK TABLE`).
    pub(crate) async fn batch_execute(&self, sql: &str) -> Result<(), Error> {
        self.run(self.client.client.batch_execute(sql)).await
    }

    /// Commits what the transaction ran (nothing to send if it ran nothing).
    pub(crate) async fn commit(self) -> Result<(), Error> {
        if self.begin.borrow().is_some() {
            return Ok(());
        }
        let committed = self.client.client.batch_execute("COMMIT").await;
        self.client.in_transaction.set(false);
        committed
    }
}
