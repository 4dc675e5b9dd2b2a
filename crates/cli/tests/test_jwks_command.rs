//! `escrot jwks …`: the signing key of `fn::rotate::external` requests, through the real
//! binary: created on first use, the JWKS verifying a token the key signs (checked with
//! `jsonwebtoken`, not escrot's code), rotation keeping the old public key, drop and its
//! refusals, `store copy` carrying the keys, a PostgreSQL store, and no private key bytes in
//! any output or in the database file.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use escrot_rotation::signing::{self, SigningKey};
use insta::assert_snapshot;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};

use crate::common;
use crate::support::databases;

use common::{Output, TestEnv, open_store, store_filters};

const AUDIENCE: &str = "https://adapter.example.com/rotate";

/// The output with times as `YYYY-MM-DDTHH:MM:SSZ` and each kid of `kids` as `KID1…`,
/// `KID2…`, padded to a kid's width so that tables stay aligned.
fn stable(out: &Output, kids: &[&str]) -> String {
    let mut text = out.to_string();
    for (pattern, replacement) in store_filters() {
        text = regex::Regex::new(pattern).unwrap().replace_all(&text, replacement).into_owned();
    }
    for (i, kid) in kids.iter().enumerate() {
        text = text.replace(kid, &format!("{:.<43}", format!("KID{}", i + 1)));
    }
    text
}

fn kids(out: &Output) -> Vec<String> {
    let set: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out}"));
    set["keys"].as_array().unwrap().iter().map(|k| k["kid"].as_str().unwrap().to_owned()).collect()
}

fn claims() -> Value {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    json!({"iss": signing::DEFAULT_ISSUER, "aud": AUDIENCE, "sub": "pulumi:environments:org:acme:env:prod",
           "iat": now, "exp": now + 300, "jti": "1", "body_hash": signing::body_hash(b"{}")})
}

/// Whether `token` verifies against the JWKS `escrot jwks` printed, as an adapter checks
/// it: the key the header's kid names, signature, audience, issuer and expiry.
fn verifies(token: &str, jwks_json: &str) -> bool {
    let set: JwkSet = serde_json::from_str(jwks_json).unwrap();
    let kid = jsonwebtoken::decode_header(token).unwrap().kid.unwrap();
    let Some(jwk) = set.find(&kid) else { return false };
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[AUDIENCE]);
    validation.set_issuer(&[signing::DEFAULT_ISSUER]);
    jsonwebtoken::decode::<Value>(token, &DecodingKey::from_jwk(jwk).unwrap(), &validation).is_ok()
}

/// The store's current signing key, as `fn::rotate::external` reads it.
fn current_key(env: &TestEnv) -> SigningKey {
    signing::current_key(&mut open_store(env)).unwrap()
}

#[test]
fn the_first_jwks_creates_the_key_and_verifies_its_tokens() {
    let env = TestEnv::new();
    let first = env.esc(&["jwks"]);
    assert_eq!(first.code, 0, "{first}");
    let kid = kids(&first).remove(0);
    let store = env.path().join(common::STORE_FILE).display().to_string();
    let shown = stable(&first, &[&kid]).replace(&store, "$STORE");
    // The modulus is the key's own: every other line is the same for every key.
    let shown: Vec<&str> = shown.lines().filter(|l| !l.contains("\"n\"")).collect();
    assert_snapshot!(shown.join("\n"), @r#"
    {
      "keys": [
        {
          "alg": "RS256",
          "e": "AQAB",
          "kid": "KID1.......................................",
          "kty": "RSA",
          "use": "sig"
        }
      ]
    }
    [stderr]
    Created the signing key KID1....................................... of $STORE: it signs fn::rotate::external requests.
    [exit status: 0]
    "#);
    // The next use reads the same key, and says nothing.
    let again = env.esc(&["jwks"]);
    assert_eq!((again.stdout.as_str(), again.stderr.as_str(), again.code), (first.stdout.as_str(), "", 0));
    assert_eq!(env.esc(&["jwks", "--quiet"]).stderr, "");
    // Publishing an existing key needs no write access: the store is opened read-only.
    let verbose = env.esc(&["-v", "jwks"]);
    assert!(verbose.stderr.contains("(read-only)"), "{verbose}");

    let key = current_key(&env);
    assert_eq!(key.kid(), kid);
    assert!(verifies(&key.sign_jwt(&claims()).unwrap(), &first.stdout));
    let other = SigningKey::generate().unwrap();
    assert!(!verifies(&other.sign_jwt(&claims()).unwrap(), &first.stdout), "another key's token is refused");
}

#[test]
fn a_quiet_first_jwks_says_nothing_on_stderr() {
    let env = TestEnv::new();
    let out = env.esc(&["jwks", "-q"]);
    assert_eq!((out.stderr.as_str(), out.code), ("", 0), "{out}");
    assert_eq!(kids(&out).len(), 1);
}

#[test]
fn rotate_keeps_the_old_key_in_the_jwks_until_dropped() {
    let env = TestEnv::new();
    let old_kid = kids(&env.esc(&["jwks"])).remove(0);
    let old_token = current_key(&env).sign_jwt(&claims()).unwrap();

    let rotated = env.esc(&["jwks", "rotate"]);
    let new_kid = current_key(&env).kid().to_owned();
    let ids = [old_kid.as_str(), new_kid.as_str()];
    assert_snapshot!(stable(&rotated, &ids), @"
    The signing key KID2....................................... is current: it signs fn::rotate::external requests.
    The signing key KID1....................................... is retired: it stays in `escrot jwks` until `escrot jwks drop KID1.......................................`.
    [exit status: 0]
    ");
    let jwks = env.esc(&["jwks"]);
    assert_eq!(kids(&jwks), ids, "both keys, oldest first");
    assert!(verifies(&old_token, &jwks.stdout), "a token of the retired key still verifies");
    assert!(verifies(&current_key(&env).sign_jwt(&claims()).unwrap(), &jwks.stdout));
    assert_snapshot!(stable(&env.esc(&["jwks", "ls"]), &ids), @"
    KID                                          STATE    ALG    CREATED (UTC)         RETIRED (UTC)
    KID1.......................................  retired  RS256  YYYY-MM-DDTHH:MM:SSZ  YYYY-MM-DDTHH:MM:SSZ
    KID2.......................................  current  RS256  YYYY-MM-DDTHH:MM:SSZ
    [exit status: 0]
    ");
    let listed: Value = serde_json::from_str(&env.esc(&["jwks", "ls", "-o", "json"]).stdout).unwrap();
    assert_eq!(listed[0]["state"], "retired");
    assert_eq!(listed[1]["retired"], Value::Null);

    assert_snapshot!(stable(&env.esc(&["jwks", "drop", &new_kid]), &ids), @"
    [stderr]
    error: signing key 'KID2.......................................' is the current one, which signs every fn::rotate::external request; rotate first (`escrot jwks rotate`), then drop it once no adapter needs it
    [exit status: 2]
    ");
    assert_snapshot!(env.esc(&["jwks", "drop", "no-such-kid"]), @"
    [stderr]
    error: the store has no signing key 'no-such-kid' (`escrot jwks ls` lists them)
    [exit status: 2]
    ");
    // A kid may start with `-` (base64url): it is read as the KID, not as a flag.
    assert_snapshot!(env.esc(&["jwks", "drop", "-tNoSuchKid"]), @"
    [stderr]
    error: the store has no signing key '-tNoSuchKid' (`escrot jwks ls` lists them)
    [exit status: 2]
    ");
    assert_snapshot!(stable(&env.esc(&["jwks", "drop", &old_kid]), &ids), @"
    Dropped the signing key KID1.......................................: adapters given the new JWKS no longer accept tokens it signed.
    [exit status: 0]
    ");
    let jwks = env.esc(&["jwks"]);
    assert_eq!(kids(&jwks), [new_kid.as_str()]);
    assert!(!verifies(&old_token, &jwks.stdout), "the dropped key's token no longer verifies");
}

#[test]
fn ls_of_a_store_without_keys_says_how_to_make_one() {
    let env = TestEnv::new();
    assert_snapshot!(env.esc(&["jwks", "ls"]), @"
    [stderr]
    The store has no signing key yet: `escrot jwks` creates one.
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["jwks", "ls", "-o", "json"]), @"
    []
    [exit status: 0]
    ");
}

#[test]
fn no_private_key_bytes_in_outputs_or_the_database_file() {
    let env = TestEnv::new();
    let mut outputs = vec![env.esc(&["jwks"]), env.esc(&["jwks", "rotate"])];
    let key = current_key(&env);
    outputs.extend([env.esc(&["jwks"]), env.esc(&["jwks", "ls"]), env.esc(&["jwks", "ls", "-o", "json"])]);
    outputs.push(env.esc(&["-vvv", "jwks"]));
    let der = key.to_pkcs8();
    let bytes = env.store_bytes();
    // The whole document, and 48 bytes from its middle (past the DER header every key shares).
    let middle = &der[der.len() / 2..der.len() / 2 + 48];
    for needle in [&der[..], middle] {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle), "private key bytes in the database file");
    }
    let texts = [STANDARD.encode(middle), URL_SAFE_NO_PAD.encode(middle), hex(middle)];
    let text_of_db = String::from_utf8_lossy(&bytes);
    for text in &texts {
        assert!(!text_of_db.contains(&text[..32]), "an encoding of the private key in the database file");
        for out in &outputs {
            assert!(!out.to_string().contains(&text[..32]), "private key in an output: {out}");
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn store_copy_carries_the_signing_keys() {
    let env = TestEnv::new();
    env.init("acme/app/prod", "values: {a: 1}\n");
    env.esc(&["jwks"]);
    env.esc(&["jwks", "rotate"]);
    let source_jwks = env.esc(&["jwks"]).stdout;
    let token = current_key(&env).sign_jwt(&claims()).unwrap();

    let copy = format!("sqlite:{}", env.path().join("copy.db").display());
    let out = env.run(&["store", "copy", "--from", &env.store_url(), "--to", &copy]);
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stdout.ends_with("Copied 2 signing key(s) (`escrot jwks`).\n"), "{out}");
    let copied = env.run(&["--store", &copy, "jwks"]);
    assert_eq!((copied.stdout.as_str(), copied.stderr.as_str()), (source_jwks.as_str(), ""), "{copied}");
    assert!(verifies(&token, &copied.stdout));
    let copied_ls = env.run(&["--store", &copy, "jwks", "ls"]).stdout;
    assert_eq!(copied_ls, env.esc(&["jwks", "ls"]).stdout, "states and times are kept");

    // A destination that has keys of its own is refused before anything is copied.
    let other = format!("sqlite:{}", env.path().join("other.db").display());
    let source_key = std::fs::read_to_string(env.path().join("s.key")).unwrap();
    let made = env.run_with_env(&["--store", &other, "jwks", "-q"], &[("ESCROT_KEY", source_key.trim())]);
    assert_eq!(made.code, 0, "{made}");
    let out = env.run(&["store", "copy", "--from", &env.store_url(), "--to", &other]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("already holds 1 signing key(s)"), "{out}");
    let listed = env.run_with_env(&["--store", &other, "ls"], &[("ESCROT_KEY", source_key.trim())]);
    assert_eq!((listed.stdout.as_str(), listed.code), ("", 0), "no environment was copied: {listed}");
}

#[test]
fn jwks_on_a_postgres_store() {
    let Some(server) = databases::postgres() else { return };
    let db = server.store_database("jwks_command");
    let key = escrot_store::StoreKey::generate("test").unwrap().to_base64().to_string();
    let env = TestEnv::new();
    let url = db.url();
    let esc = |args: &[&str]| env.run_with_env(args, &[("ESCROT_STORE", url.as_str()), ("ESCROT_KEY", &key)]);
    let first = esc(&["jwks"]);
    assert_eq!(first.code, 0, "{first}");
    assert!(first.stderr.starts_with("Created the signing key"), "{first}");
    let rotated = esc(&["jwks", "rotate"]);
    assert_eq!(rotated.code, 0, "{rotated}");
    let jwks = esc(&["jwks"]);
    let ids = kids(&jwks);
    assert_eq!(ids.len(), 2);
    let ls = esc(&["jwks", "ls"]);
    let states: Vec<&str> = ls.stdout.lines().skip(1).map(|l| l.split_whitespace().nth(1).unwrap()).collect();
    assert_eq!(states, ["retired", "current"], "{ls}");
    assert_eq!(esc(&["jwks", "drop", &ids[1]]).code, 2);
    let dropped = esc(&["jwks", "drop", &ids[0]]);
    assert_eq!(dropped.code, 0, "{dropped}");
    assert_eq!(kids(&esc(&["jwks"])), [ids[1].clone()]);
    for out in [first, rotated, jwks, ls, dropped] {
        assert!(!out.to_string().contains(&db.password), "the server's password in {out}");
    }
}
