//! Real database servers for tests: PostgreSQL and MariaDB from the Debian packages
//! (`.ci/run` installs them), started once per test binary in a temporary directory on a
//! free loopback port, and stopped when the test process ends (a watchdog process waits for
//! it, then stops the server and removes the directory — even after a panic or an abort).
//!
//! Each test gets its own database, managing user and two rotated users ([`Server::fixture`]),
//! so tests run in parallel on one server.
//!
//! When a server's programs are missing: with `CI` set the test fails; otherwise it is
//! skipped with a message on stderr.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use mysql_async::prelude::Queryable;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Postgres,
    Mysql,
}

impl Kind {
    pub fn rotator(self) -> &'static str {
        match self {
            Kind::Postgres => "postgres",
            Kind::Mysql => "mysql",
        }
    }
}

/// A running server.
pub struct Server {
    pub kind: Kind,
    pub port: u16,
    /// The administrator: `postgres` over TCP, or MariaDB's root over the Unix socket.
    admin_password: String,
    socket: PathBuf,
}

/// One test's database and users on a server.
#[derive(Clone, Debug)]
pub struct Fixture {
    pub kind: Kind,
    pub port: u16,
    pub database: String,
    pub managing: (String, String),
    pub user1: (String, String),
    pub user2: (String, String),
}

const ADMIN_PASSWORD: &str = "admin-Secret-0";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime")
}

/// The PostgreSQL server of this test process, started on first use; `None` to skip.
pub fn postgres() -> Option<&'static Server> {
    static SERVER: OnceLock<Option<Server>> = OnceLock::new();
    SERVER.get_or_init(|| available("PostgreSQL", postgres_bin_dir().is_some()).then(start_postgres)).as_ref()
}

/// A second PostgreSQL server that offers TLS with a certificate for `127.0.0.1` from a
/// test CA, and the CA's PEM file; `None` to skip (also when `openssl` is missing).
pub fn postgres_tls() -> Option<&'static (Server, PathBuf)> {
    static SERVER: OnceLock<Option<(Server, PathBuf)>> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            let installed = postgres_bin_dir().is_some() && find_program("openssl").is_some();
            available("PostgreSQL (with openssl)", installed).then(|| {
                let dir = scratch_dir("escrot-pg-tls-");
                let ca = make_certificates(&dir);
                (start_postgres_in(dir.clone(), Some(&dir)), ca)
            })
        })
        .as_ref()
}

/// A CA and a server certificate for 127.0.0.1 signed by it, in `dir`: returns the CA's
/// path; the server's are `dir/server.pem` and `dir/server.key`.
pub(crate) fn make_certificates(dir: &Path) -> PathBuf {
    let openssl = find_program("openssl").expect("openssl");
    let p = |name: &str| dir.join(name).display().to_string();
    run(
        Command::new(&openssl).args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]).args([
            "-keyout",
            &p("ca.key"),
            "-out",
            &p("ca.pem"),
            "-subj",
            "/CN=escrot test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ]),
        "openssl: the CA",
    );
    run(
        Command::new(&openssl).args(["req", "-newkey", "rsa:2048", "-nodes"]).args([
            "-keyout",
            &p("server.key"),
            "-out",
            &p("server.csr"),
            "-subj",
            "/CN=127.0.0.1",
        ]),
        "openssl: the server key",
    );
    std::fs::write(dir.join("ext.cnf"), "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n").expect("write");
    run(
        Command::new(&openssl).args(["x509", "-req", "-days", "2", "-CAcreateserial"]).args([
            "-in",
            &p("server.csr"),
            "-CA",
            &p("ca.pem"),
            "-CAkey",
            &p("ca.key"),
            "-out",
            &p("server.pem"),
            "-extfile",
            &p("ext.cnf"),
        ]),
        "openssl: the server certificate",
    );
    dir.join("ca.pem")
}

/// The MariaDB server of this test process, started on first use; `None` to skip.
pub fn mariadb() -> Option<&'static Server> {
    static SERVER: OnceLock<Option<Server>> = OnceLock::new();
    SERVER.get_or_init(|| available("MariaDB", mariadb_programs().is_some()).then(start_mariadb)).as_ref()
}

/// The server for `kind`.
pub fn server(kind: Kind) -> Option<&'static Server> {
    match kind {
        Kind::Postgres => postgres(),
        Kind::Mysql => mariadb(),
    }
}

fn available(name: &str, installed: bool) -> bool {
    if installed {
        return true;
    }
    if escrot_vars::running_in_ci() {
        panic!(
            "{name} is not installed, and CI is set: install it (`.ci/run` does: apt-get install postgresql mariadb-server)"
        );
    }
    eprintln!("skipping: {name} is not installed (apt-get install postgresql mariadb-server)");
    false
}

fn postgres_bin_dir() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists() && p.join("pg_ctl").exists())
        .collect();
    dirs.sort_by_key(|p| {
        p.parent().and_then(|v| v.file_name()).and_then(|v| v.to_str()).and_then(|v| v.parse::<u32>().ok())
    });
    dirs.pop()
}

pub(crate) fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/usr/bin", "/sbin"].iter().map(PathBuf::from))
        .map(|d| d.join(name))
        .find(|p| p.exists())
}

fn mariadb_programs() -> Option<(PathBuf, PathBuf)> {
    Some((find_program("mariadb-install-db")?, find_program("mariadbd")?))
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// A directory that outlives this function; the watchdog removes it.
pub(crate) fn scratch_dir(prefix: &str) -> PathBuf {
    tempfile::Builder::new().prefix(prefix).tempdir().expect("a temporary directory").keep()
}

/// Runs `cleanup` (a shell command) once this process has ended. (The watchdog outlives
/// this process by design, so it is never waited for.)
#[allow(clippy::zombie_processes)]
pub(crate) fn watchdog(cleanup: &str) {
    let script = format!("while kill -0 {} 2>/dev/null; do sleep 0.3; done; {cleanup}", std::process::id());
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the watchdog");
}

fn run(cmd: &mut Command, what: &str) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

pub(crate) fn sh_quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "'\\''"))
}

/// PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user
/// (which the Debian package creates) in a directory that user owns.
fn as_postgres(program: PathBuf) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn start_postgres() -> Server {
    start_postgres_in(scratch_dir("escrot-pg-"), None)
}

/// Starts PostgreSQL in `dir`; with `tls`, a directory holding `server.pem` and
/// `server.key`, it offers TLS.
fn start_postgres_in(dir: PathBuf, tls: Option<&Path>) -> Server {
    let bin = postgres_bin_dir().expect("PostgreSQL programs");
    if is_root() {
        run(Command::new("chown").args(["-R", "postgres:"]).arg(&dir), "chown the PostgreSQL directory");
    }
    let data = dir.join("data");
    let pwfile = dir.join("pw");
    std::fs::write(&pwfile, ADMIN_PASSWORD).expect("write the password file");
    if is_root() {
        run(Command::new("chown").args(["postgres:"]).arg(&pwfile), "chown the password file");
    }
    run(
        as_postgres(bin.join("initdb"))
            .arg("-D")
            .arg(&data)
            .args(["-N", "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256"])
            .arg(format!("--pwfile={}", pwfile.display())),
        "initdb",
    );
    let port = free_port();
    let mut options = format!("-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", dir.display());
    if let Some(tls) = tls {
        std::fs::set_permissions(tls.join("server.key"), std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .expect("chmod the key");
        if is_root() {
            run(Command::new("chown").args(["-R", "postgres:"]).arg(tls), "chown the certificates");
        }
        options.push_str(&format!(
            " -c ssl=on -c ssl_cert_file={} -c ssl_key_file={}",
            tls.join("server.pem").display(),
            tls.join("server.key").display()
        ));
    }
    run(
        as_postgres(bin.join("pg_ctl"))
            .arg("-D")
            .arg(&data)
            .args(["-w", "-o", &options, "-l"])
            .arg(dir.join("log"))
            .arg("start"),
        "pg_ctl start",
    );
    let stop = if is_root() {
        format!("runuser -u postgres -- {} -D {} -m immediate stop", sh_quote(&bin.join("pg_ctl")), sh_quote(&data))
    } else {
        format!("{} -D {} -m immediate stop", sh_quote(&bin.join("pg_ctl")), sh_quote(&data))
    };
    watchdog(&format!("{stop}; rm -rf {}", sh_quote(&dir)));
    Server { kind: Kind::Postgres, port, admin_password: ADMIN_PASSWORD.into(), socket: dir }
}

/// (`mariadbd` runs until the watchdog stops it, so it is never waited for.)
#[allow(clippy::zombie_processes)]
fn start_mariadb() -> Server {
    let (install_db, mariadbd) = mariadb_programs().expect("MariaDB programs");
    let dir = scratch_dir("escrot-mariadb-");
    let data = dir.join("data");
    let user = if is_root() {
        "root".to_owned()
    } else {
        std::env::var("USER").or_else(|_| std::env::var("LOGNAME")).unwrap_or_else(|_| "nobody".into())
    };
    run(
        Command::new(&install_db)
            .arg("--no-defaults")
            .arg(format!("--user={user}"))
            .arg(format!("--datadir={}", data.display()))
            .args(["--auth-root-authentication-method=normal", "--skip-test-db"]),
        "mariadb-install-db",
    );
    let port = free_port();
    let socket = dir.join("mysqld.sock");
    let child = Command::new(&mariadbd)
        .arg("--no-defaults")
        .arg(format!("--user={user}"))
        .arg(format!("--datadir={}", data.display()))
        .arg(format!("--port={port}"))
        .arg("--bind-address=127.0.0.1")
        .arg(format!("--socket={}", socket.display()))
        .arg(format!("--pid-file={}", dir.join("mysqld.pid").display()))
        .arg(format!("--log-error={}", dir.join("error.log").display()))
        .args(["--skip-name-resolve", "--innodb-flush-log-at-trx-commit=0", "--skip-log-bin"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start mariadbd");
    watchdog(&format!("kill -9 {} 2>/dev/null; rm -rf {}", child.id(), sh_quote(&dir)));
    let server = Server { kind: Kind::Mysql, port, admin_password: String::new(), socket };
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let ready = runtime().block_on(async {
            let mut c = server.mysql_admin().await?;
            c.ping().await?;
            c.disconnect().await
        });
        match ready {
            Ok(()) => break,
            Err(e) if Instant::now() > deadline => {
                let log = std::fs::read_to_string(dir.join("error.log")).unwrap_or_default();
                panic!("MariaDB did not start: {e}\n{log}")
            }
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    server
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl Server {
    async fn mysql_admin(&self) -> mysql_async::Result<mysql_async::Conn> {
        let opts =
            mysql_async::OptsBuilder::default().socket(Some(self.socket.display().to_string())).user(Some("root"));
        mysql_async::Conn::new(opts).await
    }

    async fn postgres_admin(&self, database: &str) -> tokio_postgres::Client {
        let (client, conn) = tokio_postgres::Config::new()
            .host("127.0.0.1")
            .port(self.port)
            .user("postgres")
            .password(&self.admin_password)
            .dbname(database)
            .connect(tokio_postgres::NoTls)
            .await
            .expect("connect as postgres");
        tokio::spawn(async move {
            let _ = conn.await;
        });
        client
    }

    /// Runs administrator SQL.
    pub fn admin_sql(&self, sql: &str) {
        runtime().block_on(async {
            match self.kind {
                Kind::Postgres => self.postgres_admin("postgres").await.batch_execute(sql).await.expect(sql),
                Kind::Mysql => {
                    let mut c = self.mysql_admin().await.expect("connect as root");
                    c.query_drop(sql).await.expect(sql);
                    let _ = c.disconnect().await;
                }
            }
        })
    }

    /// A fresh database, managing user and two rotated users named after `tag` (names may
    /// hold any character; `user_names` overrides the rotated users' names).
    pub fn fixture(&self, tag: &str) -> Fixture {
        self.fixture_with_names(tag, None)
    }

    pub fn fixture_with_names(&self, tag: &str, user_names: Option<(&str, &str)>) -> Fixture {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let id = format!("{tag}_{}_{n}", std::process::id());
        let database = format!("db_{id}");
        let managing = (format!("mgr_{id}"), format!("mgr-Pw-{n}"));
        let (n1, n2) = user_names
            .map(|(a, b)| (format!("{a}{n}"), format!("{b}{n}")))
            .unwrap_or_else(|| (format!("app_a_{id}"), format!("app_b_{id}")));
        let user1 = (n1, format!("initial-A-{n}"));
        let user2 = (n2, format!("initial-B-{n}"));
        let sql = match self.kind {
            Kind::Postgres => {
                let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
                let l = |s: &str| format!("'{}'", s.replace('\'', "''"));
                format!(
                    "CREATE DATABASE {db};
                     CREATE ROLE {m} LOGIN CREATEROLE PASSWORD {mp};
                     CREATE ROLE {u1} LOGIN PASSWORD {p1};
                     CREATE ROLE {u2} LOGIN PASSWORD {p2};
                     GRANT {u1} TO {m} WITH ADMIN OPTION;
                     GRANT {u2} TO {m} WITH ADMIN OPTION;",
                    db = q(&database),
                    m = q(&managing.0),
                    mp = l(&managing.1),
                    u1 = q(&user1.0),
                    p1 = l(&user1.1),
                    u2 = q(&user2.0),
                    p2 = l(&user2.1),
                )
            }
            Kind::Mysql => {
                let l = |s: &str| format!("'{}'", s.replace('\\', "\\\\").replace('\'', "''"));
                format!(
                    "CREATE DATABASE `{database}`;
                     CREATE USER {m}@'%' IDENTIFIED BY {mp};
                     GRANT CREATE USER ON *.* TO {m}@'%';
                     GRANT ALL ON `{database}`.* TO {m}@'%';
                     CREATE USER {u1}@'%' IDENTIFIED BY {p1};
                     CREATE USER {u2}@'%' IDENTIFIED BY {p2};",
                    m = l(&managing.0),
                    mp = l(&managing.1),
                    u1 = l(&user1.0),
                    p1 = l(&user1.1),
                    u2 = l(&user2.0),
                    p2 = l(&user2.1),
                )
            }
        };
        for statement in sql.split(";\n") {
            let statement = statement.trim().trim_end_matches(';');
            if !statement.is_empty() {
                self.admin_sql(statement);
            }
        }
        Fixture { kind: self.kind, port: self.port, database, managing, user1, user2 }
    }

    /// The roles (PostgreSQL) or accounts (MariaDB) whose name contains `fragment`.
    pub fn users_like(&self, fragment: &str) -> Vec<String> {
        runtime().block_on(async {
            match self.kind {
                Kind::Postgres => {
                    let c = self.postgres_admin("postgres").await;
                    let rows = c
                        .query("SELECT rolname FROM pg_roles WHERE strpos(rolname, $1) > 0", &[&fragment])
                        .await
                        .expect("list roles");
                    rows.iter().map(|r| r.get(0)).collect()
                }
                Kind::Mysql => {
                    let mut c = self.mysql_admin().await.expect("connect as root");
                    let names: Vec<String> = c
                        .exec("SELECT User FROM mysql.user WHERE LOCATE(?, User) > 0", (fragment,))
                        .await
                        .expect("list users");
                    let _ = c.disconnect().await;
                    names
                }
            }
        })
    }
}

impl Fixture {
    /// Whether `user` logs in with `password` (over TCP, as clients do).
    pub fn can_login(&self, user: &str, password: &str) -> bool {
        runtime().block_on(async {
            match self.kind {
                Kind::Postgres => tokio_postgres::Config::new()
                    .host("127.0.0.1")
                    .port(self.port)
                    .user(user)
                    .password(password)
                    .dbname(&self.database)
                    .connect(tokio_postgres::NoTls)
                    .await
                    .is_ok(),
                Kind::Mysql => {
                    let opts = mysql_async::OptsBuilder::default()
                        .ip_or_hostname("127.0.0.1")
                        .tcp_port(self.port)
                        .user(Some(user))
                        .pass(Some(password))
                        .prefer_socket(false);
                    match mysql_async::Conn::new(opts).await {
                        Ok(c) => {
                            let _ = c.disconnect().await;
                            true
                        }
                        Err(_) => false,
                    }
                }
            }
        })
    }

    /// The `database` input (direct mode), as YAML lines indented by `indent` spaces; the
    /// managing user comes from `managing_user` (a YAML value, e.g. a reference).
    pub fn database_yaml(&self, indent: usize, managing_user: &str) -> String {
        let pad = " ".repeat(indent);
        format!(
            "{pad}host: 127.0.0.1\n{pad}port: {}\n{pad}database: {}\n{pad}managingUser: {managing_user}\n",
            self.port,
            yaml_str(&self.database)
        )
    }
}

/// A YAML double-quoted string.
pub fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).expect("a string")
}

/// An empty database owned by a role of its own with a password: where a test keeps a
/// PostgreSQL store.
#[derive(Clone, Debug)]
pub struct StoreDatabase {
    pub port: u16,
    pub database: String,
    pub user: String,
    pub password: String,
}

impl StoreDatabase {
    /// `postgres://USER:PASSWORD@127.0.0.1:PORT/DATABASE` (TLS `prefer`, the default: the
    /// test server offers none).
    pub fn url(&self) -> String {
        format!("postgres://{}:{}@127.0.0.1:{}/{}", self.user, self.password, self.port, self.database)
    }

    /// The URL as escrot shows it: no password, the TLS mode spelled out.
    pub fn shown_url(&self) -> String {
        format!("postgres://{}@127.0.0.1:{}/{}?sslmode=prefer", self.user, self.port, self.database)
    }
}

impl Server {
    /// A new empty database and its owner (`tag` may hold letters, digits and `_`).
    pub fn store_database(&self, tag: &str) -> StoreDatabase {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tag: String = tag.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(30).collect();
        let id = format!("{}_{}_{n}", tag.to_ascii_lowercase(), std::process::id());
        let db = StoreDatabase {
            port: self.port,
            database: format!("store_{id}"),
            user: format!("escrot_{id}"),
            password: format!("Store-Pw-{n}-{}", std::process::id()),
        };
        self.admin_sql(&format!("CREATE ROLE \"{}\" LOGIN PASSWORD '{}'", db.user, db.password));
        self.admin_sql(&format!("CREATE DATABASE \"{}\" OWNER \"{}\"", db.database, db.user));
        db
    }

    /// Runs administrator SQL in `database` (PostgreSQL).
    pub fn admin_sql_in(&self, database: &str, sql: &str) {
        runtime().block_on(async { self.postgres_admin(database).await.batch_execute(sql).await.expect(sql) })
    }

    /// The first column of the rows `sql` returns in `database`, as text (PostgreSQL).
    pub fn admin_query_in(&self, database: &str, sql: &str) -> Vec<Option<String>> {
        runtime().block_on(async {
            let rows = self.postgres_admin(database).await.query(sql, &[]).await.expect(sql);
            rows.iter().map(|r| r.get(0)).collect()
        })
    }
}
