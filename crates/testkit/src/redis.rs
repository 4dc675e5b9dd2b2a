//! A real Redis server for tests: `redis-server` from the Debian package (`.ci/run`
//! installs it), started once per test binary in a temporary directory on a free loopback
//! port with an ACL file, and stopped by a watchdog when the test process ends.
//!
//! The `default` user (no password) is the tests' administrator; each test makes its own
//! managing user and rotated user ([`RedisServer::fixture`]), so tests run in parallel.
//! The TLS server ([`redis_tls`]) also listens in plain text on [`RedisServer::port`], for
//! that administration; the rotator is given [`RedisServer::tls_port`].
//!
//! When `redis-server` is missing: with `CI` set the test fails; otherwise it is skipped
//! with a message on stderr.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use crate::databases::{find_program, free_port, make_certificates, scratch_dir, sh_quote, watchdog};

/// A running `redis-server`.
pub struct RedisServer {
    /// The plain-text port.
    pub port: u16,
    /// The TLS port, and the test CA's PEM file, for the TLS server.
    pub tls: Option<(u16, PathBuf)>,
    /// The ACL file.
    pub acl_file: PathBuf,
}

/// One test's users: the managing user and the rotated user, with their passwords.
#[derive(Clone, Debug)]
pub struct RedisFixture {
    pub port: u16,
    pub managing: (String, String),
    pub user: (String, String),
}

/// The plain-text server of this test process, started on first use; `None` to skip.
pub fn redis() -> Option<&'static RedisServer> {
    static SERVER: OnceLock<Option<RedisServer>> = OnceLock::new();
    SERVER.get_or_init(|| available(false).then(|| start(scratch_dir("escrot-redis-"), false))).as_ref()
}

/// A server that also offers TLS with a certificate for 127.0.0.1 from a test CA.
pub fn redis_tls() -> Option<&'static RedisServer> {
    static SERVER: OnceLock<Option<RedisServer>> = OnceLock::new();
    SERVER.get_or_init(|| available(true).then(|| start(scratch_dir("escrot-redis-tls-"), true))).as_ref()
}

fn available(tls: bool) -> bool {
    let installed = find_program("redis-server").is_some() && (!tls || find_program("openssl").is_some());
    if installed {
        return true;
    }
    if escrot_vars::running_in_ci() {
        panic!(
            "redis-server is not installed, and CI is set: install it (`.ci/run` does: apt-get install redis-server)"
        );
    }
    eprintln!("skipping: redis-server is not installed (apt-get install redis-server)");
    false
}

#[allow(clippy::zombie_processes)]
fn start(dir: PathBuf, tls: bool) -> RedisServer {
    let acl_file = dir.join("users.acl");
    std::fs::write(&acl_file, "user default on nopass ~* &* +@all\n").expect("write the ACL file");
    let port = free_port();
    let mut cmd = Command::new(find_program("redis-server").expect("redis-server"));
    cmd.arg("--port").arg(port.to_string());
    cmd.args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"]);
    cmd.arg("--aclfile").arg(&acl_file).arg("--dir").arg(&dir);
    cmd.arg("--logfile").arg(dir.join("redis.log"));
    let tls = tls.then(|| {
        let ca = make_certificates(&dir);
        let tls_port = free_port();
        cmd.arg("--tls-port").arg(tls_port.to_string());
        cmd.arg("--tls-cert-file").arg(dir.join("server.pem"));
        cmd.arg("--tls-key-file").arg(dir.join("server.key"));
        cmd.arg("--tls-ca-cert-file").arg(&ca);
        cmd.args(["--tls-auth-clients", "no"]);
        (tls_port, ca)
    });
    let child =
        cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("start redis-server");
    watchdog(&format!("kill -9 {} 2>/dev/null; rm -rf {}", child.id(), sh_quote(&dir)));
    let server = RedisServer { port, tls, acl_file };
    let deadline = Instant::now() + Duration::from_secs(30);
    while server.try_command(&["PING"]).is_err() {
        if Instant::now() > deadline {
            let log = std::fs::read_to_string(dir.join("redis.log")).unwrap_or_default();
            panic!("redis-server did not start\n{log}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// Encodes a command as RESP.
fn encode(args: &[&str]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for a in args {
        out.extend_from_slice(format!("${}\r\n{a}\r\n", a.len()).as_bytes());
    }
    out
}

/// Reads one reply, flattened: each simple string, error, integer and bulk string is one
/// element (an error keeps its `-`); a nil is `(nil)`.
fn read_reply(r: &mut impl BufRead, out: &mut Vec<String>) -> std::io::Result<()> {
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Err(std::io::Error::other("the server closed the connection"));
    }
    let line = line.trim_end_matches("\r\n");
    let (kind, rest) = line.split_at(1);
    let n: i64 = rest.parse().unwrap_or(-1);
    match kind {
        "$" if n < 0 => out.push("(nil)".into()),
        "$" => {
            let mut buf = vec![0; n as usize + 2];
            std::io::Read::read_exact(r, &mut buf)?;
            out.push(String::from_utf8_lossy(&buf[..n as usize]).into_owned());
        }
        "*" if n < 0 => out.push("(nil)".into()),
        "*" => {
            for _ in 0..n {
                read_reply(r, out)?;
            }
        }
        "-" => out.push(line.to_owned()),
        _ => out.push(rest.to_owned()),
    }
    Ok(())
}

impl RedisServer {
    /// Runs commands on one plain-text connection (as `default`, unless a command
    /// authenticates); the replies of the last one, flattened.
    fn try_session(&self, commands: &[&[&str]]) -> std::io::Result<Vec<String>> {
        let stream = TcpStream::connect(("127.0.0.1", self.port))?;
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut out = Vec::new();
        for args in commands {
            (&stream).write_all(&encode(args))?;
            out.clear();
            read_reply(&mut reader, &mut out)?;
        }
        Ok(out)
    }

    fn try_command(&self, args: &[&str]) -> std::io::Result<Vec<String>> {
        self.try_session(&[args])
    }

    /// Runs a command as the administrator; its reply, flattened.
    pub fn command(&self, args: &[&str]) -> Vec<String> {
        self.try_command(args).unwrap_or_else(|e| panic!("redis {}: {e}", args[0]))
    }

    /// Whether `user` can log in with `password` (the connection is `default`'s before,
    /// so what counts is AUTH's reply, and who the connection is then; `user` must be
    /// allowed `ACL WHOAMI`, as the fixtures' rotated users are).
    pub fn can_login(&self, user: &str, password: &str) -> bool {
        let auth = self.try_command(&["AUTH", user, password]).expect("redis");
        let whoami = self.try_session(&[&["AUTH", user, password], &["ACL", "WHOAMI"]]).expect("redis");
        auth == ["OK"] && whoami == [user]
    }

    /// How many passwords `user` has.
    pub fn password_count(&self, user: &str) -> usize {
        let reply = self.command(&["ACL", "GETUSER", user]);
        let at = reply.iter().position(|x| x == "passwords").expect("ACL GETUSER lists passwords");
        let end = reply.iter().position(|x| x == "commands").expect("ACL GETUSER lists commands");
        end - at - 1
    }

    /// A managing user allowed only the ACL commands the rotator needs, and a rotated user
    /// with `initial` as its password; names made unique with `tag`.
    pub fn fixture_with_password(&self, tag: &str, initial: &str) -> RedisFixture {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let managing = (format!("mgr_{tag}_{n}"), format!("Mgr-Secret-{tag}-{n}"));
        let user = (format!("app_{tag}_{n}"), initial.to_owned());
        let set = |name: &str, pw: &str, rules: &[&str]| {
            let mut args = vec!["ACL", "SETUSER", name, "on"];
            let pw = format!(">{pw}");
            args.push(&pw);
            args.extend_from_slice(rules);
            assert_eq!(self.command(&args), ["OK"], "ACL SETUSER {name}");
        };
        set(&managing.0, &managing.1, &["-@all", "+acl|setuser", "+acl|getuser", "+acl|save"]);
        set(&user.0, &user.1, &["~*", "+@all"]);
        RedisFixture { port: self.tls.as_ref().map_or(self.port, |t| t.0), managing, user }
    }

    /// [`RedisServer::fixture_with_password`] with a plain initial password.
    pub fn fixture(&self, tag: &str) -> RedisFixture {
        self.fixture_with_password(tag, &format!("Initial-{tag}-password"))
    }

    /// The ACL file as the server last saved it.
    pub fn acl_file_text(&self) -> String {
        std::fs::read_to_string(&self.acl_file).expect("read the ACL file")
    }

    pub fn ca_file(&self) -> Option<&Path> {
        self.tls.as_ref().map(|t| t.1.as_path())
    }
}
