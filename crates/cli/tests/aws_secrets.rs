//! `fn::open::aws-secrets` and `fn::open::aws-parameter-store` end to end: the real binary
//! against moto with its signature and IAM policy checks on. Values, their secret marking
//! and redaction (every output is searched for the secret values), versions, a missing
//! secret or parameter, a login without the policy (AccessDenied), the names of one call
//! fetched at once, `check` of bad inputs, and the everyday pattern: database credentials
//! opened from Secrets Manager, read with `fn::fromJSON`, imported by an environment that
//! rotates, or handed to `fn::rotate::postgres` as its managing user.

use crate::common;
use crate::support::{aws_values, databases, moto};

use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{Output, TestEnv};
use moto::{Key, Moto, MotoGuard};

const DB_PASSWORD: &str = "Sm-db-pa55word-7f3k";
const NEW_DB_PASSWORD: &str = "Sm-rotated-pa55word-q9z";
const API_KEY: &str = "sm-api-key-41f0c2";
const PARAMETER_PASSWORD: &str = "ssm-secure-pa55-e8d1";

/// moto with the values, a user `reader` allowed to read them, a user `nobody` allowed
/// nothing and a user `rotator` allowed to put secret values, and authentication on.
struct World {
    moto: MotoGuard,
    env: TestEnv,
    reader: Key,
    nobody: Key,
    /// Allowed to create secrets and put new versions of them (as a rotation in Secrets
    /// Manager does).
    rotator: Key,
    /// More secrets no output may show (besides the constants and the keys).
    more_secrets: std::cell::RefCell<Vec<String>>,
    /// The version ids of the secret `db-creds`: the first and the current one.
    db_versions: (String, String),
}

impl World {
    fn new() -> Option<World> {
        let moto = Moto::lock()?;
        moto.create_user("reader");
        moto.put_policy("reader", &["secretsmanager:GetSecretValue", "ssm:GetParameter"]);
        let reader = moto.create_key("reader");
        moto.create_user("nobody");
        let nobody = moto.create_key("nobody");
        moto.create_user("rotator");
        moto.put_policy("rotator", &["secretsmanager:CreateSecret", "secretsmanager:PutSecretValue"]);
        let rotator = moto.create_key("rotator");
        let any = Key::any();
        let first = aws_values::create_secret(&moto, &any, "db-creds", &db_creds("app_old", "Sm-first-password"));
        let current = aws_values::put_secret_value(&moto, &any, "db-creds", &db_creds("app", DB_PASSWORD));
        aws_values::create_secret(&moto, &any, "api-key", API_KEY);
        aws_values::create_binary_secret(&moto, &any, "blob", b"\x00\x01binary");
        aws_values::put_parameter(&moto, &any, "/app/host", "db-old.example", "String");
        aws_values::put_parameter(&moto, &any, "/app/host", "db.example", "String");
        aws_values::put_parameter(&moto, &any, "/app/replicas", "r1.example,r2.example", "StringList");
        aws_values::put_parameter(&moto, &any, "/app/password", PARAMETER_PASSWORD, "SecureString");
        moto.enforce_auth();
        Some(World {
            moto,
            env: TestEnv::new(),
            reader,
            nobody,
            rotator,
            more_secrets: Default::default(),
            db_versions: (first, current),
        })
    }

    /// A static aws-login of `key` at `aws.login`, then `rest` (YAML under `values`).
    fn file(&self, key: &Key, rest: &str) -> String {
        format!(
            "values:\n  aws:\n    login:\n      fn::open::aws-login:\n        static:\n          accessKeyId: {}\n          \
             secretAccessKey:\n            fn::secret: {}\n{rest}",
            key.id, key.secret
        )
    }

    /// Runs escrot against moto (reached at `endpoint`, moto itself when `None`) and checks
    /// that no secret is in its output.
    fn run_at(&self, args: &[&str], endpoint: Option<String>, extra: &[(&str, &str)]) -> Output {
        let mut vars = self.moto.env();
        if let Some(url) = endpoint {
            vars.retain(|(k, _)| k != "AWS_ENDPOINT_URL");
            vars.push(("AWS_ENDPOINT_URL".into(), url));
        }
        vars.extend(extra.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        vars.push(("ESCROT_ACTOR".into(), "test".into()));
        let pairs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let out = self.env.run_with_env(args, &pairs);
        if !args.contains(&"--show-secrets") {
            self.assert_no_secrets(&out);
        }
        out
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_at(args, None, &[])
    }

    /// Every secret of the test: the values, the keys, and what it learnt.
    fn secrets(&self) -> Vec<String> {
        let keys = [&self.reader.secret, &self.nobody.secret, &self.rotator.secret];
        let values = [DB_PASSWORD, NEW_DB_PASSWORD, API_KEY, PARAMETER_PASSWORD].map(str::to_owned);
        values.into_iter().chain(keys.map(String::clone)).chain(self.more_secrets.borrow().iter().cloned()).collect()
    }

    fn assert_no_secrets(&self, out: &Output) {
        for s in self.secrets() {
            assert!(!out.stdout.contains(&s), "a secret in stdout: {out}");
            assert!(!out.stderr.contains(&s), "a secret in stderr: {out}");
        }
    }

    /// No secret is in the store's files in the clear: what providers read is never kept,
    /// and rotators' states are encrypted.
    fn assert_no_secrets_in_the_store(&self) {
        let bytes = self.env.store_bytes();
        for s in self.secrets() {
            assert!(!bytes.windows(s.len()).any(|w| w == s.as_bytes()), "a secret in the store's files");
        }
    }

    /// The value at `path` of the file `app.yaml`, secrets shown.
    fn shown(&self, path: &str) -> String {
        let out = self.run(&["open", "app.yaml", path, "--format", "string", "--show-secrets"]);
        assert_eq!(out.code, 0, "{out}");
        out.stdout.trim_end().to_owned()
    }
}

fn db_creds(username: &str, password: &str) -> String {
    serde_json::json!({"username": username, "password": password}).to_string()
}

fn json(out: &Output) -> serde_json::Value {
    assert_eq!(out.code, 0, "{out}");
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out}"))
}

const SECRETS: &str = "    secrets:
      fn::open::aws-secrets:
        region: us-east-1
        login: ${aws.login}
        get:
          db:
            secretId: db-creds
          api:
            secretId: api-key
  db:
    fn::fromJSON: ${aws.secrets.db}
  url: postgres://${db.username}:${db.password}@db.example:5432/app
  environmentVariables:
    API_KEY: ${aws.secrets.api}
";

#[test]
fn secrets_open_as_secrets_and_are_redacted() {
    let Some(w) = World::new() else { return };
    w.env.write("app.yaml", w.file(&w.reader, SECRETS));
    let out = w.run(&["open", "app.yaml"]);
    let v = json(&out);
    assert_eq!(v["aws"]["secrets"], serde_json::json!({"api": "[secret]", "db": "[secret]"}), "{out}");
    assert_eq!(v["environmentVariables"]["API_KEY"], "[secret]", "{out}");
    assert_eq!(v["url"], "[secret]", "{out}");
    let out = w.run(&["open", "app.yaml", "--format", "dotenv"]);
    assert_eq!(out.stdout, "API_KEY=\"[secret]\"\n", "{out}");

    assert_eq!(w.shown("aws.secrets.api"), API_KEY);
    assert_eq!(w.shown("url"), format!("postgres://app:{DB_PASSWORD}@db.example:5432/app"));
    assert_eq!(w.shown("db.username"), "app");
    let out = w.run(&["open", "app.yaml", "--format", "dotenv", "--show-secrets"]);
    assert_eq!(out.stdout, format!("API_KEY=\"{API_KEY}\"\n"), "{out}");

    // -v logs each call, and nothing of what it read.
    let out = w.run(&["-v", "open", "app.yaml"]);
    assert_eq!(out.code, 0, "{out}");
    assert_eq!(out.stderr.matches("secretsmanager:GetSecretValue").count(), 2, "{out}");
}

#[test]
fn versions_by_stage_and_id_and_binary_secrets() {
    let Some(w) = World::new() else { return };
    let (first, current) = w.db_versions.clone();
    let rest = format!(
        "    secrets:
      fn::open::aws-secrets:
        login: ${{aws.login}}
        get:
          current: {{secretId: db-creds}}
          previous: {{secretId: db-creds, versionStage: AWSPREVIOUS}}
          first: {{secretId: db-creds, versionId: {first}}}
          latest: {{secretId: db-creds, versionId: {current}, versionStage: AWSCURRENT}}
          blob: {{secretId: blob}}
"
    );
    w.env.write("app.yaml", w.file(&w.reader, &rest));
    assert_eq!(w.shown("aws.secrets.current"), db_creds("app", DB_PASSWORD));
    assert_eq!(w.shown("aws.secrets.previous"), db_creds("app_old", "Sm-first-password"));
    assert_eq!(w.shown("aws.secrets.first"), db_creds("app_old", "Sm-first-password"));
    assert_eq!(w.shown("aws.secrets.latest"), db_creds("app", DB_PASSWORD));
    // Binary secrets are their bytes in base64.
    assert_eq!(w.shown("aws.secrets.blob"), "AAFiaW5hcnk=");
}

#[test]
fn a_missing_secret_fails_the_provider_naming_it() {
    let Some(w) = World::new() else { return };
    let rest = "    secrets:
      fn::open::aws-secrets:
        login: ${aws.login}
        get:
          api: {secretId: api-key}
          db: {secretId: no-such-secret}
          old: {secretId: api-key, versionStage: AWSPREVIOUS}
  api: ${aws.secrets.api}
";
    w.env.write("app.yaml", w.file(&w.reader, rest));
    let out = w.run(&["open", "app.yaml"]);
    assert_eq!(out.code, 1, "{out}");
    assert!(
        out.stderr.contains(
            "app.yaml:10:7: error: aws-secrets: get db: secretsmanager:GetSecretValue: ResourceNotFoundException: \
             Secrets Manager can't find the specified secret.; get old: secretsmanager:GetSecretValue: \
             ResourceNotFoundException: Secrets Manager can't find the specified secret."
        ),
        "{out}"
    );
    assert!(out.stdout.is_empty(), "{out}");
}

#[test]
fn a_login_without_the_policy_is_denied() {
    let Some(w) = World::new() else { return };
    let rest = "    secrets:
      fn::open::aws-secrets:
        login: ${aws.login}
        get:
          db: {secretId: db-creds}
    params:
      fn::open::aws-parameter-store:
        login: ${aws.login}
        get:
          host: {name: /app/host}
";
    w.env.write("app.yaml", w.file(&w.nobody, rest));
    let out = w.run(&["open", "app.yaml"]);
    assert_eq!(out.code, 1, "{out}");
    for expected in [
        "error: aws-secrets: get db: secretsmanager:GetSecretValue: AccessDenied: User: \
         arn:aws:iam::123456789012:user/nobody is not authorized to perform: secretsmanager:GetSecretValue",
        "error: aws-parameter-store: get host: ssm:GetParameter: AccessDenied: User: \
         arn:aws:iam::123456789012:user/nobody is not authorized to perform: ssm:GetParameter",
    ] {
        assert!(out.stderr.contains(expected), "{expected}\n{out}");
    }
}

#[test]
fn parameters_by_type_version_and_decryption() {
    let Some(w) = World::new() else { return };
    let rest = "    params:
      fn::open::aws-parameter-store:
        region: us-east-1
        login: ${aws.login}
        get:
          host: {name: /app/host}
          oldHost: {name: '/app/host:1'}
          replicas: {name: /app/replicas}
          password: {name: /app/password, decrypt: true}
          ciphertext: {name: /app/password}
          notDecrypted: {name: /app/password, decrypt: false}
";
    w.env.write("app.yaml", w.file(&w.reader, rest));
    let out = w.run(&["open", "app.yaml", "aws.params"]);
    assert_eq!(
        json(&out),
        serde_json::json!({
            "ciphertext": "[secret]",
            "host": "db.example",
            "notDecrypted": "[secret]",
            "oldHost": "db-old.example",
            "password": "[secret]",
            "replicas": ["r1.example", "r2.example"],
        }),
        "{out}"
    );
    assert_eq!(w.shown("aws.params.password"), PARAMETER_PASSWORD);
    // Without decrypt, AWS answers with the ciphertext (moto's is the value behind a prefix).
    for name in ["ciphertext", "notDecrypted"] {
        let raw = w.shown(&format!("aws.params.{name}"));
        assert!(raw != PARAMETER_PASSWORD && raw.starts_with("kms:"), "{raw}");
    }
}

#[test]
fn a_missing_parameter_fails_the_provider_naming_it() {
    let Some(w) = World::new() else { return };
    let rest = "    params:
      fn::open::aws-parameter-store:
        login: ${aws.login}
        get:
          host: {name: /app/host}
          gone: {name: /app/gone}
";
    w.env.write("app.yaml", w.file(&w.reader, rest));
    let out = w.run(&["open", "app.yaml"]);
    assert_eq!(out.code, 1, "{out}");
    assert!(
        out.stderr.contains("error: aws-parameter-store: get gone: ssm:GetParameter: ParameterNotFound: "),
        "{out}"
    );
    assert!(!out.stderr.contains("get host"), "{out}");
}

/// Without `login`, the standard credential chain signs (here the key in `AWS_*`).
#[test]
fn without_a_login_the_credential_chain_signs() {
    let Some(w) = World::new() else { return };
    let yaml = "values:\n  params:\n    fn::open::aws-parameter-store:\n      get:\n        host: {name: /app/host}\n";
    w.env.write("app.yaml", yaml);
    let chain = [("AWS_ACCESS_KEY_ID", w.reader.id.as_str()), ("AWS_SECRET_ACCESS_KEY", w.reader.secret.as_str())];
    let out = w.run_at(&["open", "app.yaml"], None, &chain);
    assert_eq!(json(&out), serde_json::json!({"params": {"host": "db.example"}}), "{out}");
}

/// A TCP proxy in front of `to` that holds each connection `delay` before passing it on
/// (moto closes its connections after each answer, so each request is one connection);
/// returns its port and the most connections that were open at once.
fn overlap_proxy(to: u16, delay: Duration) -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (open, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let seen = most.clone();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { return };
            let (open, most) = (open.clone(), most.clone());
            std::thread::spawn(move || {
                let now = open.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(delay);
                if let Ok(server) = TcpStream::connect(("127.0.0.1", to)) {
                    let (mut c_in, mut s_out) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                    let up = std::thread::spawn(move || {
                        let _ = std::io::copy(&mut c_in, &mut s_out);
                        let _ = s_out.shutdown(Shutdown::Write);
                    });
                    let (mut s_in, mut c_out) = (server, client);
                    let _ = std::io::copy(&mut s_in, &mut c_out);
                    let _ = c_out.shutdown(Shutdown::Both);
                    let _ = up.join();
                }
                open.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
    (port, seen)
}

/// The names of one provider are fetched at once: their requests are in flight together.
#[test]
fn the_names_of_one_call_are_fetched_concurrently() {
    let Some(w) = World::new() else { return };
    let names: String = (0..4).map(|i| format!("          k{i}: {{secretId: api-key}}\n")).collect();
    let rest =
        format!("    secrets:\n      fn::open::aws-secrets:\n        login: ${{aws.login}}\n        get:\n{names}");
    w.env.write("app.yaml", w.file(&w.reader, &rest));
    let (port, most) = overlap_proxy(w.moto.port, Duration::from_millis(300));
    let out = w.run_at(&["open", "app.yaml"], Some(format!("http://127.0.0.1:{port}")), &[]);
    assert_eq!(json(&out)["aws"]["secrets"].as_object().map(|o| o.len()), Some(4), "{out}");
    assert_eq!(most.load(Ordering::SeqCst), 4, "{out}");
}

#[test]
fn check_reports_bad_inputs_where_they_are() {
    let env = TestEnv::new();
    env.write(
        "bad.yaml",
        "values:
  secrets:
    fn::open::aws-secrets:
      region: 1
  entries:
    fn::open::aws-secrets:
      get:
        db: {versionId: x}
        api: {secretId: 7}
  params:
    fn::open::aws-parameter-store:
      get:
        host: {decrypt: maybe}
",
    );
    let out = env.run(&["check", "bad.yaml"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("6 errors"), "{out}");
    for expected in [
        "bad.yaml:4:7: error: missing required properties: get",
        "bad.yaml:4:15: error: expected string, got number",
        "bad.yaml:8:13: error: missing required properties: secretId",
        "bad.yaml:9:25: error: expected string, got number",
        "bad.yaml:13:15: error: missing required properties: name",
        "bad.yaml:13:25: error: expected boolean, got string",
    ] {
        assert!(out.stdout.contains(expected) || out.stderr.contains(expected), "{expected}\n{out}");
    }
}

/// The everyday pattern: an environment opens its database credentials from Secrets
/// Manager (`fn::fromJSON` over the secret), another imports it and rotates its own
/// password, and a rotation in Secrets Manager shows at the next open.
#[test]
fn an_environment_importing_secrets_rotates() {
    let Some(w) = World::new() else { return };
    w.env.init("acme/app/aws", &w.file(&w.reader, SECRETS));
    w.env.init(
        "acme/app/service",
        "imports:\n  - aws\nvalues:\n  token:\n    fn::rotate::password:\n      inputs: {length: 24}\n  \
         dsn: ${url}\n  user: ${db.username}\n",
    );
    let store = w.env.store_url();
    let esc = |args: &[&str]| {
        let mut all = vec!["--store", store.as_str()];
        all.extend_from_slice(args);
        w.run(&all)
    };
    let out = esc(&["rotate", "acme/app/service"]);
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stdout.contains("token  password  succeeded"), "{out}");
    let out = esc(&["open", "acme/app/service"]);
    let v = json(&out);
    assert_eq!(
        (&v["dsn"], &v["user"], &v["token"]["current"]),
        (&"[secret]".into(), &"[secret]".into(), &"[secret]".into())
    );
    let dsn = |w: &World| {
        let out =
            w.run(&["--store", &store, "open", "acme/app/service", "dsn", "--format", "string", "--show-secrets"]);
        assert_eq!(out.code, 0, "{out}");
        out.stdout.trim_end().to_owned()
    };
    assert_eq!(dsn(&w), format!("postgres://app:{DB_PASSWORD}@db.example:5432/app"));

    // Secrets Manager rotates the database's password: the next open reads the new one.
    aws_values::put_secret_value(&w.moto, &w.rotator, "db-creds", &db_creds("app", NEW_DB_PASSWORD));
    assert_eq!(dsn(&w), format!("postgres://app:{NEW_DB_PASSWORD}@db.example:5432/app"));
    let out = esc(&["rotate", "acme/app/service"]);
    assert_eq!(out.code, 0, "{out}");
    w.assert_no_secrets_in_the_store();
}

/// The pattern with a database: the managing user's credentials live in Secrets Manager,
/// an admin environment opens them (`fn::fromJSON`), and `fn::rotate::postgres` of another
/// environment reaches them through `${environments…}`; after Secrets Manager rotates the
/// managing user's password, the next rotation reads the new one.
#[test]
fn a_database_rotation_with_its_managing_user_in_secrets_manager() {
    let Some(w) = World::new() else { return };
    let Some(server) = databases::postgres() else { return };
    let f = server.fixture("smprov");
    let (manager, manager_password) = f.managing.clone();
    w.more_secrets.borrow_mut().push(manager_password.clone());
    aws_values::create_secret(&w.moto, &w.rotator, "prod/db-manager", &db_creds(&manager, &manager_password));
    let admin = "    secrets:
      fn::open::aws-secrets:
        login: ${aws.login}
        get:
          manager: {secretId: prod/db-manager}
  manager:
    fn::fromJSON: ${aws.secrets.manager}
";
    w.env.init("acme/db/admin", &w.file(&w.reader, admin));
    let app = format!(
        "values:\n  db:\n    fn::rotate::postgres:\n      inputs:\n        database:\n{}        rotateUsers:\n          \
         username1: {}\n          username2: {}\n",
        f.database_yaml(10, "${environments.db.admin.manager}"),
        databases::yaml_str(&f.user1.0),
        databases::yaml_str(&f.user2.0)
    );
    w.env.init("acme/db/app", &app);
    let store = w.env.store_url();
    let rotate = || {
        let out = w.run(&["--store", &store, "rotate", "acme/db/app"]);
        assert_eq!(out.code, 0, "{out}");
        assert!(out.stdout.contains("db    postgres  succeeded"), "{out}");
    };
    let current = || {
        let out = w.run(&["--store", &store, "open", "acme/db/app", "db.current", "--show-secrets"]);
        let v = json(&out);
        let (user, password) = (v["username"].as_str().unwrap(), v["password"].as_str().unwrap());
        w.more_secrets.borrow_mut().push(password.to_owned());
        (user.to_owned(), password.to_owned())
    };
    rotate();
    let (user, password) = current();
    assert!(f.can_login(&user, &password), "the rotated user logs in");

    // Secrets Manager rotates the managing user's password (as its rotation function would:
    // the database first, then the secret's new version).
    let new_manager_password = "Mgr-rotated-by-Sm-5u2";
    w.more_secrets.borrow_mut().push(new_manager_password.to_owned());
    server.admin_sql(&format!("ALTER ROLE \"{manager}\" PASSWORD '{new_manager_password}'"));
    aws_values::put_secret_value(&w.moto, &w.rotator, "prod/db-manager", &db_creds(&manager, new_manager_password));
    assert!(!f.can_login(&manager, &manager_password), "the old managing password is gone");
    rotate();
    let (user2, password2) = current();
    assert_ne!(user2, user, "the other user of the two");
    assert!(f.can_login(&user2, &password2) && f.can_login(&user, &password), "both users log in");
    w.assert_no_secrets_in_the_store();
}
