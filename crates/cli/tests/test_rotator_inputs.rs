//! Rotator inputs that match their schema but cannot be rotated (a database rotator that
//! would rotate its managing user, twin users, password minimums beyond the length, a
//! `userArn` that is no IAM user's): `check`, `init` and `rotate --dry-run` refuse them
//! with a diagnostic at the offending input, before any rotation is attempted.

use crate::common;

use common::TestEnv;
use insta::assert_snapshot;

/// A postgres rotator whose `username1` is its managing user, and a mysql one whose two
/// users are one (through a reference: blamed at the reference).
const DATABASES: &str = "\
values:
  admin: root
  pg:
    fn::rotate::postgres:
      inputs:
        database:
          host: localhost
          port: 5432
          database: app
          managingUser:
            username: manager
            password:
              fn::secret: manager-pw
        rotateUsers:
          username1: manager
          username2: app_b
  my:
    fn::rotate::mysql:
      inputs:
        database:
          host: localhost
          port: 3306
          database: app
          managingUser:
            username: ${admin}
            password:
              fn::secret: root-pw
        rotateUsers:
          username1: app
          username2: app
";

/// Password minimums beyond the length (given, and the default 16), a minimum past its
/// bound, and an aws-iam `userArn` that names a role.
const GENERATED_AND_AWS: &str = "\
values:
  short:
    fn::rotate::password:
      inputs:
        length: 10
        minLower: 6
        minUpper: 6
  default-length:
    fn::rotate::password:
      inputs:
        minNumeric: 10
        minSpecial: 10
  too-many:
    fn::rotate::password:
      inputs:
        minNumeric: 101
  keys:
    fn::rotate::aws-iam:
      inputs:
        userArn: arn:aws:iam::123456789012:role/ci
";

#[test]
fn check_refuses_the_managing_user_and_twin_users() {
    let env = TestEnv::new();
    env.write("db.yaml", DATABASES);
    assert_snapshot!(env.run(&["check", "db.yaml"]), @"
    db.yaml:15:22: error: rotateUsers.username1 is the managing user (database.managingUser.username): rotating its password would lock out everything that manages the database as that user; rotate two other users
     15 |           username1: manager
        |                      ^^^^^^^
    db.yaml:30:22: error: rotateUsers.username1 and rotateUsers.username2 are the same user: they must be two different users (the new password of one is set while the other's still works)
     30 |           username2: app
        |                      ^^^
    [stderr]
    Checked 1 file: 2 errors.
    [exit status: 2]
    ");
}

/// `managingUser` is rotate-only: an environment that imports the rotator does not
/// evaluate it, so only the twin users are diagnosed there (in the imported file).
#[test]
fn the_managing_user_is_compared_only_where_it_is_evaluated() {
    let env = TestEnv::new();
    env.write("db.yaml", DATABASES);
    env.write("app.yaml", "imports:\n  - db\nvalues:\n  x: 1\n");
    let out = env.run(&["check", "app.yaml"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stdout.contains("db.yaml:30:22: error: rotateUsers.username1 and rotateUsers.username2"), "{out}");
    assert!(!out.stdout.contains("is the managing user"), "{out}");
}

/// A user name given as a secret is compared too, and never shown.
#[test]
fn a_secret_managing_user_is_compared_and_never_shown() {
    let env = TestEnv::new();
    let yaml = DATABASES
        .replace("username: manager", "username:\n              fn::secret: svc-manager")
        .replace("username1: manager", "username1:\n            fn::secret: svc-manager");
    env.write("db.yaml", &yaml);
    let out = env.run(&["check", "db.yaml"]);
    assert!(!out.to_string().contains("svc-manager"), "{out}");
    assert!(out.stdout.contains("db.yaml:17:13: error: rotateUsers.username1 is the managing user"), "{out}");
}

#[test]
fn check_refuses_impossible_passwords_and_user_arns() {
    let env = TestEnv::new();
    env.write("app.yaml", GENERATED_AND_AWS);
    assert_snapshot!(env.run(&["check", "app.yaml"]), @r#"
    app.yaml:5:17: error: the minimums add up to 12 (minLower 6 + minUpper 6), more than length 10
     5 |         length: 10
       |                 ^^
    app.yaml:11:9: error: the minimums add up to 20 (minNumeric 10 + minSpecial 10), more than length 16
     11 |         minNumeric: 10
        |         ^^^^^^^^^^^^^^
    app.yaml:16:21: error: expected a number less than or equal to 100
     16 |         minNumeric: 101
        |                     ^^^
    app.yaml:20:18: error: userArn is not an IAM user ARN (arn:aws:iam::ACCOUNT:user/[PATH/]NAME, with a 12-digit ACCOUNT): it does not name a user (user/…) (got "arn:aws:iam::123456789012:role/ci")
     20 |         userArn: arn:aws:iam::123456789012:role/ci
        |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
    [stderr]
    Checked 1 file: 4 errors.
    [exit status: 2]
    "#);
}

/// `init` and `set` check as `check` does: nothing is saved.
#[test]
fn init_and_set_refuse_them() {
    let env = TestEnv::new();
    env.write("db.yaml", DATABASES);
    let out = env.esc(&["init", "acme/db/app", "-f", "db.yaml"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("db.yaml:15:22: error: rotateUsers.username1 is the managing user"), "{out}");
    assert_eq!(env.esc(&["ls"]).stdout, "", "nothing was created");

    env.init("acme/app/pw", "values:\n  pw:\n    fn::rotate::password:\n      inputs:\n        length: 10\n");
    let out = env.esc(&["set", "acme/app/pw", "pw[\"fn::rotate::password\"].inputs.minSpecial", "11"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("error: the minimums add up to 11 (minSpecial 11), more than length 10"), "{out}");
}

/// The dry run fails as the rotation would, before any database or cloud is contacted.
#[test]
fn the_dry_run_refuses_them() {
    let env = TestEnv::new();
    env.write("db.yaml", DATABASES);
    env.write("app.yaml", GENERATED_AND_AWS.replace("minNumeric: 101", "minNumeric: 1"));
    for (file, paths) in [("db.yaml", ["pg", "my"]), ("app.yaml", ["short", "keys"])] {
        let out = env.esc(&["rotate", "--file", file, "--dry-run"]);
        assert_eq!(out.code, 1, "{out}");
        for path in paths {
            assert!(out.stdout.contains(&format!("      the rotation of {path} would fail\n")), "{path}: {out}");
        }
    }
    let out = env.esc(&["rotate", "--file", "db.yaml", "--dry-run"]);
    assert!(
        out.stdout.contains(
            "  pg: postgres — not evaluable now: rotateUsers.username1 is the managing user \
             (database.managingUser.username)"
        ),
        "{out}"
    );
}
