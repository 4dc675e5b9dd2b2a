//! A minimal Redis client: RESP2 commands (arrays of bulk strings) over TCP or TLS, enough
//! for the ACL commands the `redis` rotator sends. escrot has its own instead of the
//! `redis` crate because the crate is not in escrot's dependency tree and its TLS support
//! brings its own rustls setup; this one reuses `escrot-tls`'s configuration (system and
//! Mozilla roots plus `ESCROT_DB_CA_FILE`), as the database rotators do.
//!
//! Errors hold what the server answered; callers redact secrets from them.

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::pki_types::ServerName;

/// How long a connection or one command may take.
const TIMEOUT: Duration = Duration::from_secs(15);
/// The longest reply line or bulk string accepted (ACL GETUSER replies are short).
const MAX_REPLY: usize = 1 << 20;

/// A reply (RESP2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Reply {
    Status(String),
    Error(String),
    Integer(i64),
    Bulk(Option<Vec<u8>>),
    Array(Option<Vec<Reply>>),
}

/// Why a command failed: the message, and whether the command may have been carried out
/// (it was sent but no reply came).
#[derive(Debug)]
pub(super) struct ClientError {
    pub(super) message: String,
    pub(super) outcome_unknown: bool,
}

impl ClientError {
    fn refused(message: impl Into<String>) -> ClientError {
        ClientError { message: message.into(), outcome_unknown: false }
    }
}

trait Stream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Stream for T {}

/// One connection to a Redis server.
pub(super) struct Connection {
    stream: BufReader<Box<dyn Stream>>,
}

impl Connection {
    /// Connects to `host:port`, with TLS when `tls`.
    pub(super) async fn connect(host: &str, port: u16, tls: bool) -> Result<Connection, ClientError> {
        let address = format!("{host}:{port}");
        let tcp = tokio::time::timeout(TIMEOUT, TcpStream::connect(&address))
            .await
            .map_err(|_| ClientError::refused(format!("cannot connect to redis server {address}: timed out")))?
            .map_err(|e| ClientError::refused(format!("cannot connect to redis server {address}: {e}")))?;
        let stream: Box<dyn Stream> = if tls {
            let config = escrot_tls::client_config().map_err(ClientError::refused)?;
            let name = ServerName::try_from(host.to_owned())
                .map_err(|e| ClientError::refused(format!("invalid redis server name {host:?}: {e}")))?;
            let tls = tokio::time::timeout(TIMEOUT, TlsConnector::from(Arc::clone(&config)).connect(name, tcp))
                .await
                .map_err(|_| ClientError::refused(format!("TLS with redis server {address}: timed out")))?
                .map_err(|e| ClientError::refused(format!("TLS with redis server {address}: {e}")))?;
            Box::new(tls)
        } else {
            Box::new(tcp)
        };
        Ok(Connection { stream: BufReader::new(stream) })
    }

    /// Sends one command and reads its reply. An error reply is a `Reply::Error`, not an
    /// `Err`: `Err` is a failed connection.
    pub(super) async fn command(&mut self, args: &[&[u8]]) -> Result<Reply, ClientError> {
        let mut out = format!("*{}\r\n", args.len()).into_bytes();
        for a in args {
            out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
            out.extend_from_slice(a);
            out.extend_from_slice(b"\r\n");
        }
        let lost =
            |e: String| ClientError { message: format!("lost the redis connection: {e}"), outcome_unknown: true };
        let exchange = async {
            self.stream.get_mut().write_all(&out).await.map_err(|e| lost(e.to_string()))?;
            self.stream.get_mut().flush().await.map_err(|e| lost(e.to_string()))?;
            read_reply(&mut self.stream).await.map_err(lost)
        };
        tokio::time::timeout(TIMEOUT, exchange).await.map_err(|_| lost("timed out".to_owned()))?
    }

    /// `AUTH username password`: `Ok(false)` when the server refuses the login.
    pub(super) async fn auth(&mut self, username: &str, password: &str) -> Result<Result<(), String>, ClientError> {
        match self.command(&[b"AUTH", username.as_bytes(), password.as_bytes()]).await? {
            Reply::Status(_) => Ok(Ok(())),
            Reply::Error(e) => Ok(Err(e)),
            other => Err(ClientError::refused(format!("unexpected reply to AUTH: {other:?}"))),
        }
    }
}

async fn read_line<R: AsyncBufReadExt + Unpin>(r: &mut R) -> Result<String, String> {
    let mut line = Vec::new();
    let n = (&mut *r).take(MAX_REPLY as u64).read_until(b'\n', &mut line).await.map_err(|e| e.to_string())?;
    if n == 0 {
        return Err("the server closed the connection".to_owned());
    }
    if !line.ends_with(b"\r\n") {
        return Err("malformed reply".to_owned());
    }
    line.truncate(line.len() - 2);
    String::from_utf8(line).map_err(|_| "malformed reply".to_owned())
}

fn read_reply<'a, R: AsyncBufReadExt + Unpin + Send>(
    r: &'a mut R,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Reply, String>> + Send + 'a>> {
    Box::pin(async move {
        let line = read_line(r).await?;
        let (kind, rest) = line.split_at_checked(1).ok_or("malformed reply")?;
        let length = || rest.parse::<i64>().map_err(|_| "malformed reply".to_owned());
        match kind {
            "+" => Ok(Reply::Status(rest.to_owned())),
            "-" => Ok(Reply::Error(rest.to_owned())),
            ":" => Ok(Reply::Integer(length()?)),
            "$" => {
                let Ok(n) = usize::try_from(length()?) else { return Ok(Reply::Bulk(None)) };
                if n > MAX_REPLY {
                    return Err("reply too long".to_owned());
                }
                let mut buf = vec![0; n + 2];
                r.read_exact(&mut buf).await.map_err(|e| e.to_string())?;
                buf.truncate(n);
                Ok(Reply::Bulk(Some(buf)))
            }
            "*" => {
                let Ok(n) = usize::try_from(length()?) else { return Ok(Reply::Array(None)) };
                if n > 4096 {
                    return Err("reply too long".to_owned());
                }
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(read_reply(r).await?);
                }
                Ok(Reply::Array(Some(items)))
            }
            _ => Err("malformed reply".to_owned()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn parse(bytes: &[u8]) -> Result<Reply, String> {
        let mut r = bytes;
        read_reply(&mut r).await
    }

    #[tokio::test]
    async fn replies() {
        assert_eq!(parse(b"+OK\r\n").await, Ok(Reply::Status("OK".into())));
        assert_eq!(parse(b"-ERR no\r\n").await, Ok(Reply::Error("ERR no".into())));
        assert_eq!(parse(b":42\r\n").await, Ok(Reply::Integer(42)));
        assert_eq!(parse(b"$-1\r\n").await, Ok(Reply::Bulk(None)));
        assert_eq!(parse(b"*-1\r\n").await, Ok(Reply::Array(None)));
        // A bulk string holds any byte, CR LF included.
        assert_eq!(parse(b"$4\r\na\r\nb\r\n").await, Ok(Reply::Bulk(Some(b"a\r\nb".to_vec()))));
        assert_eq!(
            parse(b"*2\r\n$5\r\nflags\r\n*1\r\n$2\r\non\r\n").await,
            Ok(Reply::Array(Some(vec![
                Reply::Bulk(Some(b"flags".to_vec())),
                Reply::Array(Some(vec![Reply::Bulk(Some(b"on".to_vec()))])),
            ])))
        );
    }

    #[tokio::test]
    async fn malformed_replies_are_errors() {
        for bad in [&b""[..], b"+OK", b"?x\r\n", b":x\r\n", b"$5\r\nab\r\n", b"*2\r\n+a\r\n", b"\r\n"] {
            assert!(parse(bad).await.is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
        assert_eq!(parse(format!("${}\r\n", MAX_REPLY + 1).as_bytes()).await, Err("reply too long".into()));
    }
}
