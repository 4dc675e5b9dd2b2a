//! `escrot version history` and `escrot version rollback`.

use crate::common;

use common::{TestEnv, open_store, store_filters};
use escrot_store::{EnvName, Store};
use insta::assert_snapshot;

fn app() -> TestEnv {
    let env = TestEnv::new();
    env.init("acme/app/dev", "values:\n  url: https://example.com\n");
    env.esc(&["set", "acme/app/dev", "port", "8080"]);
    env
}

#[test]
fn history() {
    let env = app();
    let name = EnvName::new("acme", "app", "dev").expect("a name");
    let mut store = open_store(&env);
    store.set_tag(&name, "stable", 1).expect("tag revision 1");
    store.set_tag(&name, "blessed", 1).expect("tag revision 1");
    drop(store);
    insta::with_settings!({ filters => store_filters() }, {
        assert_snapshot!(env.esc(&["version", "history", "acme/app/dev"]), @"
        REVISION  KIND    AUTHOR  CREATED (UTC)         TAGS
        2         edit    test    YYYY-MM-DDTHH:MM:SSZ
        1         create  test    YYYY-MM-DDTHH:MM:SSZ  blessed, stable
        [exit status: 0]
        ");
        assert_snapshot!(env.esc(&["version", "history", "acme/app/dev", "--output", "json"]), @r#"
        [
          {
            "author": "test",
            "created": "YYYY-MM-DDTHH:MM:SSZ",
            "kind": "edit",
            "revision": 2,
            "tags": []
          },
          {
            "author": "test",
            "created": "YYYY-MM-DDTHH:MM:SSZ",
            "kind": "create",
            "revision": 1,
            "tags": [
              "blessed",
              "stable"
            ]
          }
        ]
        [exit status: 0]
        "#);
    });
}

#[test]
fn rollback() {
    let env = app();
    assert_snapshot!(env.esc(&["version", "rollback", "acme/app/dev", "1"]), @"
    Environment 'acme/app/dev' rolled back to revision 1.
    New revision '3' was created.
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["get", "acme/app/dev", "--definition"]), @"
    values:
      url: https://example.com
    [exit status: 0]
    ");
    insta::with_settings!({ filters => store_filters() }, {
        assert_snapshot!(env.esc(&["version", "history", "acme/app/dev"]), @"
        REVISION  KIND      AUTHOR  CREATED (UTC)         TAGS
        3         rollback  test    YYYY-MM-DDTHH:MM:SSZ
        2         edit      test    YYYY-MM-DDTHH:MM:SSZ
        1         create    test    YYYY-MM-DDTHH:MM:SSZ
        [exit status: 0]
        ");
    });
    // The same definition again is no change.
    assert_snapshot!(env.esc(&["version", "rollback", "acme/app/dev@1"]), @"
    [stderr]
    Environment 'acme/app/dev' already has the definition of revision 1 (revision 3 is the latest): no changes.
    [exit status: 0]
    ");
}

/// States that are the latest already are not mentioned.
#[test]
fn rollback_with_the_latest_states_says_nothing_of_them() {
    let env = TestEnv::new();
    env.init(
        "acme/app/dev",
        "values:\n  pw:\n    fn::rotate::password:\n      inputs: {length: 16}\n      state: {current: abc}\n",
    );
    env.esc(&["set", "acme/app/dev", "x", "1"]);
    assert_snapshot!(env.esc(&["version", "rollback", "acme/app/dev", "1"]), @"
    Environment 'acme/app/dev' rolled back to revision 1.
    New revision '3' was created.
    [exit status: 0]
    ");
}

#[test]
fn rollback_errors() {
    let env = app();
    assert_snapshot!(env.esc(&["version", "rollback", "acme/app/dev"]), @"
    [stderr]
    error: which revision? give one: `escrot version rollback acme/app/dev REV` (`escrot version history acme/app/dev` lists them)
    [exit status: 2]
    ");
    assert_snapshot!(env.esc(&["version", "rollback", "acme/app/dev", "7"]), @"
    [stderr]
    error: environment 'acme/app/dev' has no revision 7 (its latest revision is 2)
    [exit status: 2]
    ");
    assert_snapshot!(env.esc(&["version", "rollback", "acme/app/dev@1", "2"]), @"
    [stderr]
    error: give the revision once: `acme/app/dev@1` or `acme/app/dev 2`
    [exit status: 2]
    ");
    assert_snapshot!(env.esc(&["version", "history", "acme/app/nope"]), @"
    [stderr]
    error: environment 'acme/app/nope' does not exist; `escrot ls` lists the environments, `escrot init acme/app/nope` creates it
    [exit status: 2]
    ");
}

/// `version tag` names a revision; `NAME@TAG` then reads it; tags move, list and go.
#[test]
fn tags() {
    let env = app();
    assert_snapshot!(env.esc(&["version", "tag", "acme/app/dev", "stable", "1"]), @"
    Tag 'stable' of 'acme/app/dev' now names revision 1.
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["get", "acme/app/dev@stable", "--definition"]), @"
    values:
      url: https://example.com
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["version", "tag", "acme/app/dev", "current"]), @"
    Tag 'current' of 'acme/app/dev' now names revision 2.
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["version", "tag", "acme/app/dev", "--list"]), @"
    current	2
    stable	1
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["version", "tag", "acme/app/dev", "stable", "--delete"]), @"
    Tag 'stable' of 'acme/app/dev' was removed.
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["get", "acme/app/dev@stable"]), @"
    [stderr]
    error: environment 'acme/app/dev' has no tag 'stable'
    [exit status: 2]
    ");
    assert_snapshot!(env.esc(&["version", "tag", "acme/app/dev", "7", "1"]), @"
    [stderr]
    error: invalid tag name '7': a tag cannot be a number: '@N' always means revision N
    [exit status: 2]
    ");
    assert_snapshot!(env.esc(&["version", "tag", "acme/app/dev", "v1", "99"]), @"
    [stderr]
    error: environment 'acme/app/dev' has no revision 99 (its latest revision is 2)
    [exit status: 2]
    ");
}

const ROTATED: &str = "values:\n  url: https://a.example.com\n  pw:\n    fn::rotate::password:\n      inputs: {length: 16}\n  pin:\n    fn::rotate::password:\n      inputs: {length: 8}\n";

/// The value of `pw`, revealed.
fn revealed(env: &TestEnv, path: &str) -> String {
    let out = env.esc(&["open", "acme/app/dev", path, "--format", "json", "--show-secrets"]);
    assert_eq!(out.code, 0, "{out}");
    out.stdout
}

/// A rollback restores the old definition but not the old rotations: each `fn::rotate`
/// keeps its latest state (an old one names credentials already retired), and the next
/// rotation starts from it.
#[test]
fn rollback_keeps_the_latest_rotation_states() {
    let env = TestEnv::new();
    env.init("acme/app/dev", ROTATED);
    assert_eq!(env.esc(&["rotate", "acme/app/dev"]).code, 0);
    assert_eq!(env.esc(&["set", "acme/app/dev", "url", "https://b.example.com"]).code, 0);
    assert_eq!(env.esc(&["rotate", "acme/app/dev", "pw"]).code, 0);
    let (pw, pin) = (revealed(&env, "pw"), revealed(&env, "pin"));

    assert_snapshot!(env.esc(&["version", "rollback", "acme/app/dev", "2"]), @"
    Environment 'acme/app/dev' rolled back to revision 2.
    New revision '5' was created.
    [stderr]
    Rotations are not rolled back: pw kept the latest `fn::rotate` state (--include-rotation-state restores the old states too).
    [exit status: 0]
    ");
    assert_eq!(revealed(&env, "url"), "\"https://a.example.com\"\n");
    assert_eq!(revealed(&env, "pw"), pw, "pw keeps its latest state");
    assert_eq!(revealed(&env, "pin"), pin);
    // The diff of the rollback: only what is not rotation state.
    assert_snapshot!(env.esc(&["diff", "acme/app/dev"]), @"
    --- acme/app/dev@4
    +++ acme/app/dev@5
    @@ -1,5 +1,5 @@
     values:
    -  url: https://b.example.com
    +  url: https://a.example.com
       pw:
         fn::rotate::password:
           inputs: {length: 16}
    [exit status: 0]
    ");

    // Rotating from the kept states works.
    let out = env.esc(&["rotate", "acme/app/dev"]);
    assert_eq!(out.code, 0, "{out}");
    assert_ne!(revealed(&env, "pw"), pw);
}

/// `--include-rotation-state` restores the old states too, and says what that means.
#[test]
fn rollback_with_rotation_state_restores_it_and_warns() {
    let env = TestEnv::new();
    env.init("acme/app/dev", ROTATED);
    assert_eq!(env.esc(&["rotate", "acme/app/dev"]).code, 0);
    let pw = revealed(&env, "pw");
    assert_eq!(env.esc(&["rotate", "acme/app/dev"]).code, 0);
    assert_snapshot!(env.esc(&["version", "rollback", "acme/app/dev", "2", "--include-rotation-state"]), @"
    Environment 'acme/app/dev' rolled back to revision 2.
    New revision '4' was created.
    [stderr]
    warning: the `fn::rotate` states of revision 2 were restored too (--include-rotation-state): the credentials they name may already be retired and no longer work, and a rotation from them can fail (aws-iam refuses access keys its state does not know); `escrot version rollback acme/app/dev 3 --include-rotation-state` puts back the states of revision 3
    [exit status: 0]
    ");
    assert_eq!(revealed(&env, "pw"), pw);
}

/// A `fn::rotate` removed since the revision rolled back to keeps the state of the last
/// revision that had it (the last one escrot wrote), with a warning.
#[test]
fn rollback_of_a_removed_rotation_keeps_its_last_state() {
    let env = TestEnv::new();
    env.init("acme/app/dev", ROTATED);
    assert_eq!(env.esc(&["rotate", "acme/app/dev"]).code, 0);
    let pin = revealed(&env, "pin");
    assert_eq!(env.esc(&["rm", "acme/app/dev", "pin"]).code, 0);
    assert_eq!(env.esc(&["rotate", "acme/app/dev"]).code, 0);
    let pw = revealed(&env, "pw");
    assert_snapshot!(env.esc(&["version", "rollback", "acme/app/dev", "1"]), @"
    Environment 'acme/app/dev' rolled back to revision 1.
    New revision '5' was created.
    [stderr]
    warning: pin (password) is not in the latest revision: it keeps its state of revision 2, the last that had it; the credentials that state names may have been changed or deleted since
    Rotations are not rolled back: pw kept the latest `fn::rotate` state (--include-rotation-state restores the old states too).
    [exit status: 0]
    ");
    assert_eq!(revealed(&env, "pin"), pin);
    assert_eq!(revealed(&env, "pw"), pw);
    assert_eq!(env.esc(&["rotate", "acme/app/dev"]).code, 0);
}
