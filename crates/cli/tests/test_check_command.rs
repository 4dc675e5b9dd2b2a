//! `escrot check`: the real binary, its output and exit codes.
//!
//! Tests marked "(evaluator)" need the language core (`load_yaml`, `check_environment`).

use crate::common;

use common::TestEnv;
use insta::assert_snapshot;

const CLEAN: &str = "\
imports:
  - common
values:
  url: https://${host}/app
  password:
    fn::secret: hunter2
";

const COMMON: &str = "\
values:
  host: db.example.com
";

const BROKEN: &str = "\
values:
  obj:
    foo: bar
  ref: ${obj.bar}
";

#[test]
fn requires_a_file() {
    let env = TestEnv::new();
    assert_snapshot!(env.run(&["check"]), @r"
    [stderr]
    error: the following required arguments were not provided:
      <NAME|FILE>...

    Usage: escrot check <NAME|FILE>...

    For more information, try '--help'.
    [exit status: 2]
    ");
}

#[test]
fn rejects_an_unknown_format() {
    let env = TestEnv::new();
    let out = env.run(&["check", "--format", "xml", "app.yaml"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("invalid value 'xml' for '--format <FORMAT>'"), "{out}");
}

#[test]
fn missing_file_and_directory() {
    let env = TestEnv::new();
    std::fs::create_dir(env.path().join("dir")).unwrap();
    assert_snapshot!(env.run(&["check", "nope.yaml", "dir"]), @r"
    nope.yaml: error: no such file
    dir: error: is a directory, not an environment file
    [stderr]
    Checked 2 files: 2 errors.
    [exit status: 2]
    ");
}

#[test]
fn invalid_utf8() {
    let env = TestEnv::new();
    env.write("bad.yaml", b"values:\n  a: \xff\xfe\n");
    assert_snapshot!(env.run(&["check", "bad.yaml"]), @"
    bad.yaml: error: the file is not valid UTF-8 (at byte 13); environment definitions must be UTF-8 text
    [stderr]
    Checked 1 file: 1 error.
    [exit status: 2]
    ");
}

#[test]
fn too_large() {
    let env = TestEnv::new();
    let mut big = String::from("values:\n  a: |\n");
    while big.len() < 50 * 1024 * 1024 {
        big.push_str("    0123456789012345678901234567890123456789012345678901234567890123456789\n");
    }
    env.write("big.yaml", &big);
    let out = env.run(&["check", "big.yaml"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stdout.starts_with("big.yaml: error: the file is too large ("), "{out}");
    assert!(out.stdout.contains("environment files are limited to 16 MiB"), "{out}");
}

#[test]
fn file_errors_as_json_and_github() {
    let env = TestEnv::new();
    assert_snapshot!(env.run(&["check", "--format", "json", "nope.yaml"]), @r#"
    [
      {
        "detail": "",
        "environment": null,
        "file": "nope.yaml",
        "path": "",
        "range": null,
        "severity": "error",
        "summary": "no such file"
      }
    ]
    [exit status: 2]
    "#);
    assert_snapshot!(env.run(&["check", "--format", "github", "nope.yaml"]), @r"
    ::error file=nope.yaml::no such file
    [exit status: 2]
    ");
}

/// (evaluator)
#[test]
fn clean_environment_with_an_import() {
    let env = TestEnv::new();
    env.write("app.yaml", CLEAN);
    env.write("common.yaml", COMMON);
    assert_snapshot!(env.run(&["check", "app.yaml"]), @r"
    [stderr]
    Checked 1 file: no problems found.
    [exit status: 0]
    ");
    assert_snapshot!(env.run(&["check", "--quiet", "app.yaml"]), @"[exit status: 0]");
    assert_snapshot!(env.run(&["check", "--format", "json", "app.yaml"]), @r"
    []
    [exit status: 0]
    ");
    assert_snapshot!(env.run(&["check", "--format", "github", "app.yaml"]), @"[exit status: 0]");
}

/// (evaluator)
#[test]
fn errors_as_text() {
    let env = TestEnv::new();
    env.write("broken.yaml", BROKEN);
    assert_snapshot!(env.run(&["check", "broken.yaml"]), @r#"
    broken.yaml:4:13: error: unknown property "bar"
     4 |   ref: ${obj.bar}
       |             ^^^^
    [stderr]
    Checked 1 file: 1 error.
    [exit status: 2]
    "#);
}

/// (evaluator) The caret is placed by display width: each CJK character before the error
/// takes two cells, so counting characters would put it two cells short, under `${`.
#[test]
fn carets_land_under_wide_characters() {
    let env = TestEnv::new();
    env.write("wide.yaml", "values:\n  名前: ${missing}\n  é: ${x}\n");
    assert_snapshot!(env.run(&["check", "wide.yaml"]), @r#"
    wide.yaml:2:9: error: unknown property "missing"
     2 |   名前: ${missing}
       |           ^^^^^^^
    wide.yaml:3:8: error: unknown property "x"; did you mean "é"?
     3 |   é: ${x}
       |        ^
    [stderr]
    Checked 1 file: 2 errors.
    [exit status: 2]
    "#);
}

/// (evaluator)
#[test]
fn errors_in_color() {
    let env = TestEnv::new();
    env.write("broken.yaml", BROKEN);
    let out = env.run(&["check", "--color", "always", "broken.yaml"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stdout.contains("\u{1b}["), "{out}");
    // `never` wins over CLICOLOR_FORCE; NO_COLOR turns `auto` off.
    let out = env.run_with_env(&["check", "--color", "never", "broken.yaml"], &[("CLICOLOR_FORCE", "1")]);
    assert!(!out.stdout.contains('\u{1b}'), "{out}");
    let out = env.run_with_env(&["check", "broken.yaml"], &[("NO_COLOR", "1")]);
    assert!(!out.stdout.contains('\u{1b}'), "{out}");
}

/// (evaluator)
#[test]
fn errors_as_json() {
    let env = TestEnv::new();
    env.write("broken.yaml", BROKEN);
    assert_snapshot!(env.run(&["check", "--format", "json", "broken.yaml"]), @r#"
    [
      {
        "detail": "",
        "environment": "broken",
        "file": "broken.yaml",
        "path": "values.ref",
        "range": {
          "end": {
            "byte": 44,
            "column": 17,
            "line": 4
          },
          "start": {
            "byte": 40,
            "column": 13,
            "line": 4
          }
        },
        "severity": "error",
        "summary": "unknown property \"bar\""
      }
    ]
    [exit status: 2]
    "#);
}

/// (evaluator)
#[test]
fn errors_as_github_commands() {
    let env = TestEnv::new();
    env.write("broken.yaml", BROKEN);
    assert_snapshot!(env.run(&["check", "--format", "github", "broken.yaml"]), @r#"
    ::error file=broken.yaml,line=4,col=13,endLine=4,endColumn=17::unknown property "bar"
    [exit status: 2]
    "#);
}

/// (evaluator) A missing import is the core's diagnostic; the loader's message says
/// which file it looked for.
#[test]
fn missing_import() {
    let env = TestEnv::new();
    env.write("app.yaml", "imports:\n  - nope\nvalues:\n  a: 1\n");
    let out = env.run(&["check", "app.yaml"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stdout.contains(r#"environment "nope" not found (no file nope.yaml)"#), "{out}");
}

/// (evaluator) Diagnostics in an imported environment point into its file.
#[test]
fn errors_in_an_imported_file() {
    let env = TestEnv::new();
    env.write("app.yaml", "imports:\n  - acme/broken\nvalues:\n  a: 1\n");
    env.write("acme/broken.yaml", BROKEN);
    let out = env.run(&["check", "app.yaml"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stdout.contains("acme/broken.yaml:4:13: error: unknown property \"bar\""), "{out}");
}

/// (evaluator) Several files: every problem of every file, one exit code.
#[test]
fn several_files() {
    let env = TestEnv::new();
    env.write("app.yaml", CLEAN);
    env.write("common.yaml", COMMON);
    env.write("broken.yaml", BROKEN);
    let out = env.run(&["check", "app.yaml", "broken.yaml", "nope.yaml"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("Checked 3 files: 2 errors."), "{out}");
}

/// (evaluator) Deeply nested input is a diagnostic, never a crash.
#[test]
fn deep_nesting() {
    let env = TestEnv::new();
    let depth = 10_000;
    let doc = format!("values:\n  a: {}1{}\n", "[".repeat(depth), "]".repeat(depth));
    env.write("deep.yaml", doc);
    let out = env.run(&["check", "deep.yaml"]);
    assert!(out.code == 0 || out.code == 2, "{out}");
    assert!(!out.stderr.contains("panicked") && !out.stderr.contains("overflow"), "{out}");
}

/// (evaluator) A chain of references longer than the evaluator's depth limit is reported at
/// the reference where the chain becomes too deep (every 10,000 links), never a stack
/// overflow: 100,000 links used to abort the process.
#[test]
fn long_reference_chain() {
    let env = TestEnv::new();
    let links = 100_000;
    let mut doc = String::from("values:\n");
    for i in 0..links {
        doc.push_str(&format!("  a{i}: ${{a{}}}\n", i + 1));
    }
    doc.push_str(&format!("  a{links}: end\n"));
    env.write("chain.yaml", doc);
    let out = env.run(&["check", "chain.yaml"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("Checked 1 file: 10 errors."), "{}", out.stderr);
    let first: Vec<&str> = out.stdout.lines().take(3).collect();
    assert_snapshot!(first.join("\n"), @r"
    chain.yaml:10001:10: error: reference chain too deep (more than 10000 nested evaluations)
     10001 |   a9999: ${a10000}
           |          ^^^^^^^^^
    ");
}

/// (evaluator) `fn::toJSON` nested 200 times doubles its escapes at every level: it used to
/// exhaust memory. Strings the built-ins make are limited to 16 MiB.
#[test]
fn nested_to_json() {
    let env = TestEnv::new();
    let mut doc = String::from("values:\n  x:\n");
    let mut indent = "    ".to_owned();
    for _ in 0..200 {
        doc.push_str(&format!("{indent}fn::toJSON:\n"));
        indent.push_str("  ");
    }
    doc.push_str(&format!("{indent}a: \"<&>\"\n"));
    env.write("json.yaml", doc);
    let out = env.run(&["check", "json.yaml"]);
    assert_eq!(out.code, 2, "{out}");
    let first = out.stdout.lines().next().unwrap_or_default();
    assert_snapshot!(first, @"json.yaml:181:361: error: the result of fn::toJSON would be longer than 16 MiB");
}

/// (evaluator) Strings that double at every step reach the 16 MiB limit on what built-ins and
/// interpolations make: each chain is reported once, where it crosses the limit.
#[test]
fn strings_longer_than_the_limit() {
    let env = TestEnv::new();
    let mut doc = format!("values:\n  s0: {}\n", "x".repeat(1024));
    for i in 1..=16 {
        let p = i - 1;
        doc.push_str(&format!("  s{i}: ${{s{p}}}${{s{p}}}\n"));
        doc.push_str(&format!("  j{i}: {{fn::join: ['', ['${{{}}}', '${{{}}}']]}}\n", j(p), j(p)));
        doc.push_str(&format!("  t{i}: {{fn::toString: ['${{{}}}', '${{{}}}']}}\n", t(p), t(p)));
    }
    // base64 grows by a third at every step: from 4 MiB, past 16 MiB in 5.
    doc.push_str("  b0: ${s12}\n");
    for i in 1..=6 {
        doc.push_str(&format!("  b{i}: {{fn::toBase64: '${{b{}}}'}}\n", i - 1));
    }
    env.write("long.yaml", doc);
    let out = env.run(&["check", "long.yaml"]);
    let errors: Vec<&str> = out.stdout.lines().filter(|l| l.contains("error:")).collect();
    assert_snapshot!(errors.join("\n"), @r"
    long.yaml:38:8: error: the result of fn::toString would be longer than 16 MiB
    long.yaml:45:8: error: the interpolated string would be longer than 16 MiB
    long.yaml:46:8: error: the result of fn::join would be longer than 16 MiB
    long.yaml:56:7: error: the result of fn::toBase64 would be longer than 16 MiB
    ");
    assert_eq!(out.code, 2, "{out}");
}

fn j(i: usize) -> String {
    if i == 0 { "s0".into() } else { format!("j{i}") }
}

fn t(i: usize) -> String {
    if i == 0 { "s0".into() } else { format!("t{i}") }
}

/// (evaluator) Built-ins nested as deeply as the YAML parser allows (1,000 levels) evaluate
/// without overflowing the stack.
#[test]
fn deeply_nested_builtins() {
    let env = TestEnv::new();
    let mut doc = String::from("values:\n  string:\n");
    // One mapping a level, alternating built-ins that keep the string as it is.
    for level in 0..990 {
        let f = if level % 2 == 0 { "fn::toString" } else { "fn::final" };
        doc.push_str(&format!("{}{f}:\n", "  ".repeat(level + 2)));
    }
    doc.push_str(&format!("{}a\n", "  ".repeat(992)));
    // `fn::join` takes a list of a list: three YAML levels a level, in block style (flow
    // collections nest at most 255 deep).
    doc.push_str("  join:\n");
    let depth = 330;
    for level in 0..depth {
        let indent = " ".repeat(4 + 6 * level);
        doc.push_str(&format!("{indent}fn::join:\n{indent}  - '-'\n{indent}  - - a\n"));
        if level + 1 < depth {
            doc.push_str(&format!("{indent}    - \n"));
        } else {
            doc.push_str(&format!("{indent}    - b\n"));
        }
    }
    env.write("nested.yaml", doc);
    let out = env.run(&["open", "nested.yaml", "--format", "json"]);
    assert_eq!(out.code, 0, "{out}");
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(value["string"], "a");
    let joined = value["join"].as_str().expect("a string");
    assert_eq!(joined.len(), 2 * depth + 1, "{joined}");
}

#[test]
fn help() {
    let env = TestEnv::new();
    let out = env.run(&["check", "--help"]);
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stdout.contains("Usage: escrot check [OPTIONS] <NAME|FILE>..."), "{out}");
}

/// (evaluator) The shipped example is clean.
#[test]
fn example_is_clean() {
    let env = TestEnv::new();
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/acme/app.yaml");
    let out = env.run(&["check", example.to_str().unwrap_or_default()]);
    assert_eq!(out.code, 0, "{out}");
}

// ---- environments of the store ----

#[test]
fn store_names_and_files_together() {
    let env = TestEnv::new();
    env.init("acme/app/good", "values:\n  a: 1\n");
    env.init("acme/app/bad", "values:\n  a: 1\n");
    // An import that disappears later makes a checked environment go bad.
    env.init("acme/app/base", "values:\n  b: 2\n");
    env.esc(&["set", "acme/app/bad", "imports", "[base]"]);
    env.esc(&["rm", "acme/app/base", "--yes"]);
    env.write("file.yaml", "values:\n  c: ${nope}\n");
    assert_snapshot!(env.esc(&["check", "acme/app/good", "acme/app/bad", "file.yaml", "acme/app/none"]), @r#"
    acme/app/bad:4:5: error: environment "acme/app/base" not found
     4 |   - base
       |     ^^^^
    file.yaml:2:8: error: unknown property "nope"
     2 |   c: ${nope}
       |        ^^^^
    acme/app/none: error: environment 'acme/app/none' does not exist; `escrot ls` lists the environments, `escrot init acme/app/none` creates it
    [stderr]
    Checked 4 environments: 3 errors.
    [exit status: 2]
    "#);
    assert_snapshot!(env.esc(&["check", "--format", "github", "acme/app/bad@2"]), @r#"
    ::error file=acme/app/bad@2,line=4,col=5,endLine=4,endColumn=9::environment "acme/app/base" not found
    [exit status: 2]
    "#);
}

/// Source lines under diagnostics never show a secret's plaintext (the value is masked in
/// place, so the caret still points at the right column); nor does a malformed secret.
#[test]
fn secrets_are_masked_in_source_lines() {
    let env = TestEnv::new();
    env.write(
        "leak.yaml",
        "values:\n  c: {x: \"${nope}\", p: {fn::secret: hunter3}}\n  d: {fn::secret: hunter2, e: 1}\n",
    );
    let out = env.run(&["check", "leak.yaml"]);
    assert!(!out.stdout.contains("hunter") && !out.stderr.contains("hunter"), "{out}");
    assert_snapshot!(out, @r#"
    leak.yaml:2:10: error: unknown property "nope"
     2 |   c: {x: "${nope}", p: {fn::secret: xxxxxxx}}
       |          ^^^^^^^
    leak.yaml:3:6: error: illegal call to builtin function: "fn::secret" must be the only key within its containing object
     3 |   d: {fn::secret: xxxxxxx, e: 1}
       |      ^^^^^^^^^^^^^^^^^^^^^^^^^^
    [stderr]
    Checked 1 file: 2 errors.
    [exit status: 2]
    "#);
}

/// `--live`: a rotator whose login cannot be evaluated is an error at its path, with the
/// reason (exit 1, as the rotation would fail); one whose inputs use another rotation's
/// output is only noted (with -v).
#[test]
fn live_check_fails_when_the_inputs_cannot_be_evaluated() {
    let env = TestEnv::new();
    env.write(
        "app.yaml",
        "values:\n  login:\n    fn::open::aws-login:\n      oidc:\n        roleArn: arn:aws:iam::123456789012:role/x\n        \
         sessionName: esc\n  keys:\n    fn::rotate::aws-iam:\n      inputs:\n        login: ${login}\n        \
         userArn: arn:aws:iam::123456789012:user/ci\n  app:\n    fn::rotate::password:\n      inputs:\n        \
         length: 24\n  derived:\n    fn::rotate::password:\n      inputs:\n        length: 12\n        \
         overrideSpecial: ${app.current}\n",
    );
    let url = format!("sqlite:{}", env.path().join("escrot.db").display());
    let out = env.run_with_env(&["--store", &url, "-v", "check", "--live", "app.yaml"], &common::NO_OIDC_TOKEN);
    assert_snapshot!(out, @r#"
    app.yaml: error: live check of keys (aws-iam) failed: its inputs could not be evaluated: values.login: aws-login oidc needs an OIDC token: pass --oidc-token-file FILE, set ESCROT_OIDC_TOKEN (the token), ESCROT_OIDC_TOKEN_FILE or AWS_WEB_IDENTITY_TOKEN_FILE (a file holding it), or run in GitHub Actions with `permissions: id-token: write` (ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN)
    [stderr]
    checking app.yaml (environment "app")
    app.yaml: derived: not checked live (its inputs use the output of app, which is rotated first)
    Checked 1 file: 1 error.
    [exit status: 1]
    "#);
    // A live failure is a rotation that would fail: the dry run exits the same way.
    let out = env.run_with_env(&["--store", &url, "rotate", "--file", "app.yaml", "--dry-run"], &common::NO_OIDC_TOKEN);
    assert_eq!(out.code, 1, "{out}");
}

/// Values doubled through references (a "billion laughs"): 40 lines would make 2^40
/// copies; the evaluation stops at its budget with one error instead of exhausting memory.
#[test]
fn doubling_references_stop_at_the_copy_budget() {
    let env = TestEnv::new();
    let mut yaml = String::from("values:\n  a0: [x]\n");
    for i in 1..40 {
        yaml.push_str(&format!("  a{i}: [\"${{a{}}}\", \"${{a{}}}\"]\n", i - 1, i - 1));
    }
    env.write("bomb.yaml", &yaml);
    assert_snapshot!(env.run(&["check", "bomb.yaml"]), @"
    bomb.yaml: error: the environment is too large to evaluate: its references copy more than 2000000 values
    [stderr]
    Checked 1 file: 1 error.
    [exit status: 2]
    ");
}

/// `${context}` is known when checking (ESC fills it before evaluating): references to it
/// are no problem, in a file, in an environment of the store, or in what they import.
#[test]
fn context_references_are_known() {
    let env = TestEnv::new();
    common::context::files(&env);
    common::context::stored(&env);
    assert_snapshot!(env.esc(&["check", "app.yaml", "acme/proj/app"]), @"
    [stderr]
    Checked 2 environments: no problems found.
    [exit status: 0]
    ");
    assert_snapshot!(env.esc(&["check", "--format", "json", "app.yaml", "acme/proj/app"]), @"
    []
    [exit status: 0]
    ");
}

/// A property the context does not have is an error, with a suggestion when one is close.
#[test]
fn unknown_context_property() {
    let env = TestEnv::new();
    env.write("app.yaml", "values:\n  who: ${context.pulumi.usr.login}\n  env: ${context.environment.name}\n");
    assert_snapshot!(env.run(&["check", "app.yaml"]), @r#"
    app.yaml:2:24: error: unknown property "usr"; did you mean "user"?
     2 |   who: ${context.pulumi.usr.login}
       |                        ^^^^
    app.yaml:3:17: error: unknown property "environment"
     3 |   env: ${context.environment.name}
       |                 ^^^^^^^^^^^^
    [stderr]
    Checked 1 file: 2 errors.
    [exit status: 2]
    "#);
}
