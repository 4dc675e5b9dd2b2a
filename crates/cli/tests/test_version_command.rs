//! `escrot version history` and `escrot version rollback`.

use crate::common;

use common::{TestEnv, open_store, store_filters};
use escrot_store::EnvName;
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

#[test]
fn rollback_warns_about_rotated_credentials() {
    let env = TestEnv::new();
    env.init(
        "acme/app/dev",
        "values:\n  pw:\n    fn::rotate::password:\n      inputs: {length: 16}\n      state: {current: abc}\n",
    );
    env.esc(&["set", "acme/app/dev", "x", "1"]);
    assert_snapshot!(env.esc(&["version", "rollback", "acme/app/dev", "1"]), @"
    Environment 'acme/app/dev' rolled back to revision 1.
    New revision '3' was created.
    [stderr]
    warning: revision 1 holds rotated credentials (`fn::rotate`); those rotated since then may already be retired and no longer work: run `escrot rotate acme/app/dev` to get fresh ones
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
