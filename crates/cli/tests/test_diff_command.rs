//! `escrot diff`: unified diffs of revisions, secrets redacted.

use crate::common;

use common::TestEnv;
use insta::assert_snapshot;

fn app() -> TestEnv {
    let env = TestEnv::new();
    env.init("acme/app/dev", "values:\n  url: https://example.com\n  password:\n    fn::secret: hunter2\n");
    env.esc(&["set", "acme/app/dev", "port", "8080"]);
    env.esc(&["set", "acme/app/dev", "password", "swordfish", "--secret"]);
    env
}

#[test]
fn latest_against_the_one_before() {
    let env = app();
    assert_snapshot!(env.esc(&["diff", "acme/app/dev"]), @r#"
    --- acme/app/dev@2
    +++ acme/app/dev@3
    @@ -1,5 +1,5 @@
     values:
       url: https://example.com
       password:
    -    fn::secret: "[secret]"
    +    fn::secret: "[secret]"
       port: 8080
    [exit status: 0]
    "#);
    assert_snapshot!(env.esc(&["diff", "acme/app/dev", "--show-secrets"]), @"
    --- acme/app/dev@2
    +++ acme/app/dev@3
    @@ -1,5 +1,5 @@
     values:
       url: https://example.com
       password:
    -    fn::secret: hunter2
    +    fn::secret: swordfish
       port: 8080
    [exit status: 0]
    ");
}

#[test]
fn a_revision_against_the_one_before() {
    let env = app();
    assert_snapshot!(env.esc(&["diff", "acme/app/dev@2"]), @r#"
    --- acme/app/dev@1
    +++ acme/app/dev@2
    @@ -2,3 +2,4 @@
       url: https://example.com
       password:
         fn::secret: "[secret]"
    +  port: 8080
    [exit status: 0]
    "#);
    assert_snapshot!(env.esc(&["diff", "acme/app/dev@1"]), @r#"
    --- /dev/null
    +++ acme/app/dev@1
    @@ -0,0 +1,4 @@
    +values:
    +  url: https://example.com
    +  password:
    +    fn::secret: "[secret]"
    [exit status: 0]
    "#);
}

#[test]
fn two_revisions() {
    let env = app();
    assert_snapshot!(env.esc(&["diff", "acme/app/dev@1", "acme/app/dev@3"]), @r#"
    --- acme/app/dev@1
    +++ acme/app/dev@3
    @@ -1,4 +1,5 @@
     values:
       url: https://example.com
       password:
    -    fn::secret: "[secret]"
    +    fn::secret: "[secret]"
    +  port: 8080
    [exit status: 0]
    "#);
    assert_eq!(env.esc(&["diff", "acme/app/dev@1", "@3"]).stdout, env.esc(&["diff", "acme/app/dev@1", "3"]).stdout);
    assert_snapshot!(env.esc(&["diff", "acme/app/dev@2", "acme/app/dev@2"]), @"
    [stderr]
    No differences between acme/app/dev@2 and acme/app/dev@2.
    [exit status: 0]
    ");
}

#[test]
fn errors() {
    let env = app();
    assert_snapshot!(env.esc(&["diff", "acme/app/dev@9"]), @"
    [stderr]
    error: environment 'acme/app/dev' has no revision 9 (its latest revision is 3)
    [exit status: 2]
    ");
    assert_snapshot!(env.esc(&["diff", "acme/app/dev@nope"]), @"
    [stderr]
    error: environment 'acme/app/dev' has no tag 'nope'
    [exit status: 2]
    ");
    assert_snapshot!(env.esc(&["diff", "acme/app/other"]), @"
    [stderr]
    error: environment 'acme/app/other' does not exist; `escrot ls` lists the environments, `escrot init acme/app/other` creates it
    [exit status: 2]
    ");
}
