//! What this adapter rotates: the password of one Redis ACL user, set by a managing user.
//! Its state is `{username, password}`; a rotation makes the user's passwords exactly the
//! new one and the state's (so clients on the previous password keep working until the
//! next rotation). A minimal RESP2 client over plain TCP (a local Redis).

use std::io::Read;

use hyper::StatusCode;
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

pub struct Target {
    pub address: String,
    /// The only ACL user this adapter rotates.
    pub user: String,
    pub admin_user: String,
    pub admin_password: String,
}

type Failure = (StatusCode, String);

fn unavailable(e: impl std::fmt::Display) -> Failure {
    (StatusCode::SERVICE_UNAVAILABLE, format!("redis: {e}"))
}

impl Target {
    /// Rotates as `request` (`{"request": {"user": NAME}, "state": {...} | null}`) asks.
    pub async fn rotate(&self, request: &serde_json::Value) -> Result<serde_json::Value, Failure> {
        let user = request["request"]["user"].as_str().unwrap_or_default();
        if user != self.user {
            return Err((StatusCode::FORBIDDEN, format!("this adapter rotates only the user {}", self.user)));
        }
        let previous = match &request["state"] {
            serde_json::Value::Null => None,
            state => Some(
                state["password"]
                    .as_str()
                    .ok_or((StatusCode::BAD_REQUEST, "the state has no password".to_owned()))?
                    .to_owned(),
            ),
        };
        let password = new_password().map_err(unavailable)?;
        let mut conn = Connection::open(&self.address).await.map_err(unavailable)?;
        conn.command(&["AUTH", &self.admin_user, &self.admin_password]).await?;
        let new = format!(">{password}");
        let mut command = vec!["ACL", "SETUSER", user];
        // The first rotation adds a password (the user's initial one stays until the next);
        // the others keep exactly the new one and the previous.
        let old = previous.as_ref().map(|p| format!(">{p}"));
        if let Some(old) = &old {
            command.extend(["resetpass", old.as_str()]);
        }
        command.push(&new);
        conn.command(&command).await?;
        Ok(json!({"username": user, "password": password}))
    }
}

fn new_password() -> std::io::Result<String> {
    let mut bytes = [0u8; 24];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

struct Connection {
    stream: BufReader<TcpStream>,
}

impl Connection {
    async fn open(address: &str) -> std::io::Result<Connection> {
        Ok(Connection { stream: BufReader::new(TcpStream::connect(address).await?) })
    }

    /// Sends a command; an error reply is a failure whose message leaves out the arguments.
    async fn command(&mut self, args: &[&str]) -> Result<(), Failure> {
        let mut out = format!("*{}\r\n", args.len()).into_bytes();
        for a in args {
            out.extend(format!("${}\r\n", a.len()).as_bytes());
            out.extend(a.as_bytes());
            out.extend(b"\r\n");
        }
        self.stream.get_mut().write_all(&out).await.map_err(unavailable)?;
        let mut line = String::new();
        self.stream.read_line(&mut line).await.map_err(unavailable)?;
        match line.as_bytes().first() {
            Some(b'+') => Ok(()),
            Some(b'-') => Err((StatusCode::BAD_GATEWAY, format!("redis {} refused: {}", args[0], line.trim_end()))),
            Some(b'$') => {
                // A bulk reply: read and ignore it.
                let n: usize = line[1..].trim().parse().unwrap_or(0);
                let mut skip = vec![0; n + 2];
                self.stream.read_exact(&mut skip).await.map_err(unavailable)?;
                Ok(())
            }
            _ => Err(unavailable("unexpected reply")),
        }
    }
}
