//! `fn::open::aws-login`: static keys passed through, and OIDC web identity against a local
//! STS (moto), with the token from each source escrot reads; an OIDC login used by a
//! rotation (the provider runs inside the rotate command's runtime).

use crate::common;
use crate::support::moto;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use common::{Output, TestEnv};
use moto::{Key, Moto};

const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmFjbWUvYXBwIn0.c2lnbmF0dXJl";

/// Every token source unset, then `vars`; moto's endpoint when given.
fn run(env: &TestEnv, args: &[&str], moto: Option<&Moto>, vars: &[(&str, &str)]) -> Output {
    let mut all: Vec<(String, String)> = [
        "ESCROT_OIDC_TOKEN",
        "ESCROT_OIDC_TOKEN_FILE",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "ACTIONS_ID_TOKEN_REQUEST_URL",
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    ]
    .iter()
    .map(|k| ((*k).to_owned(), String::new()))
    .collect();
    if let Some(m) = moto {
        all.extend(m.env());
    }
    all.extend(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    env.run_with_env(args, &pairs)
}

fn oidc_file(role: &str) -> String {
    format!(
        "values:\n  aws:\n    fn::open::aws-login:\n      oidc:\n        roleArn: {role}\n        sessionName: escrot-test\n        duration: 1h\n"
    )
}

#[test]
fn static_keys_pass_through_with_secrets_flagged() {
    let env = TestEnv::new();
    env.write(
        "app.yaml",
        "values:\n  aws:\n    fn::open::aws-login:\n      static:\n        accessKeyId: AKIAEXAMPLE\n        secretAccessKey:\n          fn::secret: s3cr3t-value\n        sessionToken:\n          fn::secret: t0ken-value\n",
    );
    let out = run(&env, &["open", "app.yaml"], None, &[]);
    assert_eq!(out.code, 0, "{out}");
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"aws": {"accessKeyId": "AKIAEXAMPLE", "secretAccessKey": "[secret]", "sessionToken": "[secret]"}})
    );
    let out =
        run(&env, &["open", "app.yaml", "aws.secretAccessKey", "--format", "string", "--show-secrets"], None, &[]);
    assert_eq!(out.stdout.trim(), "s3cr3t-value", "{out}");
}

#[test]
fn oidc_token_from_the_environment_or_files() {
    let Some(moto) = Moto::lock() else { return };
    let role = moto.create_role("esc", &["sts:GetCallerIdentity"]);
    let env = TestEnv::new();
    env.write("app.yaml", oidc_file(&role));
    let token_file = env.write("token.jwt", format!("{TOKEN}\n"));
    let token_file = token_file.to_str().unwrap();
    // The flag wins over every variable (here one holding a token STS would refuse).
    let flag = ["open", "app.yaml", "--oidc-token-file", token_file];
    for (var, args, vars) in [
        ("ESCROT_OIDC_TOKEN", &flag[..2], [("ESCROT_OIDC_TOKEN", TOKEN)]),
        ("ESCROT_OIDC_TOKEN_FILE", &flag[..2], [("ESCROT_OIDC_TOKEN_FILE", token_file)]),
        ("AWS_WEB_IDENTITY_TOKEN_FILE", &flag[..2], [("AWS_WEB_IDENTITY_TOKEN_FILE", token_file)]),
        ("--oidc-token-file", &flag[..], [("ESCROT_OIDC_TOKEN", "not-a-token")]),
    ] {
        moto.start_recording();
        let out = run(&env, args, Some(&moto), &vars);
        assert_eq!(out.code, 0, "{var}: {out}");
        assert!(!out.stdout.contains(TOKEN) && !out.stderr.contains(TOKEN), "{out}");
        let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert!(json["aws"]["accessKeyId"].as_str().unwrap().starts_with("ASIA"), "{out}");
        assert_eq!(json["aws"]["secretAccessKey"], "[secret]");
        assert_eq!(json["aws"]["sessionToken"], "[secret]");
        let bodies = moto.recorded_bodies();
        assert_eq!(bodies.len(), 1, "{bodies:?}");
        let body = &bodies[0];
        assert!(body.contains("Action=AssumeRoleWithWebIdentity"), "{body}");
        assert!(body.contains(&format!("WebIdentityToken={TOKEN}")), "{var}: the token reaches STS: {body}");
        assert!(body.contains("RoleSessionName=escrot-test") && body.contains("DurationSeconds=3600"), "{body}");
    }
    let out = run(&env, &["open", "app.yaml"], Some(&moto), &[("ESCROT_OIDC_TOKEN_FILE", "/nonexistent/token")]);
    assert_eq!(out.code, 1, "{out}");
    assert!(
        out.stderr.contains("cannot read the OIDC token file /nonexistent/token (from ESCROT_OIDC_TOKEN_FILE)"),
        "{out}"
    );
    let out = run(&env, &["open", "app.yaml", "--oidc-token-file", "/nonexistent/token"], Some(&moto), &[]);
    assert_eq!(out.code, 1, "{out}");
    assert!(
        out.stderr.contains("cannot read the OIDC token file /nonexistent/token (from --oidc-token-file)"),
        "{out}"
    );
}

/// A one-request stand-in for GitHub Actions' token service: answers `{"value": TOKEN}`
/// and returns the request line and headers it got.
fn github_token_service() -> (String, std::thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/token?api-version=2.0", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut head = Vec::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let line = line.trim_end().to_owned();
            if line.is_empty() {
                break;
            }
            head.push(line);
        }
        let body = format!("{{\"count\":1,\"value\":\"{TOKEN}\"}}");
        let mut stream = stream;
        write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        head
    });
    (url, handle)
}

#[test]
fn oidc_token_from_github_actions() {
    let Some(moto) = Moto::lock() else { return };
    let role = moto.create_role("esc", &["sts:GetCallerIdentity"]);
    let env = TestEnv::new();
    env.write("app.yaml", oidc_file(&role));
    let (url, service) = github_token_service();
    moto.start_recording();
    let out = run(
        &env,
        &["open", "app.yaml"],
        Some(&moto),
        &[("ACTIONS_ID_TOKEN_REQUEST_URL", &url), ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "runtime-bearer")],
    );
    assert_eq!(out.code, 0, "{out}");
    let head = service.join().unwrap();
    assert_eq!(head[0], "GET /token?api-version=2.0&audience=sts.amazonaws.com HTTP/1.1", "{head:?}");
    assert!(head.iter().any(|h| h.eq_ignore_ascii_case("authorization: Bearer runtime-bearer")), "{head:?}");
    let bodies = moto.recorded_bodies();
    assert!(bodies.iter().any(|b| b.contains(&format!("WebIdentityToken={TOKEN}"))), "{bodies:?}");
}

/// The login of a rotation comes from OIDC: the provider runs while the rotate command's
/// runtime is busy (on a thread and runtime of its own), and the role's credentials rotate
/// the user's keys. (moto answers an unsigned AssumeRoleWithWebIdentity with an internal
/// error while it enforces authentication, so this runs with authentication off.)
#[test]
fn an_oidc_login_rotates_keys() {
    let Some(moto) = Moto::lock() else { return };
    let role = moto.create_role("rotator", &["iam:*", "sts:GetCallerIdentity"]);
    moto.create_user("ci");
    let env = TestEnv::new();
    let store = format!("sqlite:{}", env.path().join("escrot.db").display());
    let yaml = format!(
        "values:\n  keys:\n    fn::rotate::aws-iam:\n      inputs:\n        login:\n          fn::open::aws-login:\n            \
         oidc:\n              roleArn: {role}\n              sessionName: escrot\n              duration: 1h\n        \
         userArn: arn:aws:iam::123456789012:user/ci\n"
    );
    env.write("ci.yaml", &yaml);
    let out = run(&env, &["--store", &store, "init", "acme/aws/ci", "-f", "ci.yaml"], Some(&moto), &[]);
    assert_eq!(out.code, 0, "{out}");
    // The token comes from --oidc-token-file, which `rotate` takes as `open` does.
    let token_file = env.write("token.jwt", TOKEN);
    let rotate = ["--store", &store, "rotate", "acme/aws/ci", "--oidc-token-file", token_file.to_str().unwrap()];
    moto.start_recording();
    let out = run(&env, &rotate, Some(&moto), &[]);
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stdout.contains("\nkeys  aws-iam  succeeded"), "{out}");
    let actions = moto.recorded_actions();
    assert_eq!(actions.first().map(String::as_str), Some("sts:AssumeRoleWithWebIdentity"), "{actions:?}");
    assert_eq!(moto.keys("ci", &Key::any()).len(), 1);
}
