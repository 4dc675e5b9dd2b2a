//! Secrets never leave escrot unasked: a known secret, set through every way of writing one
//! (`init -f`, `set --secret`, `edit`), is found in no command's output and nowhere in the
//! raw bytes of the store, except in the output of the commands given `--show-secrets`.

use crate::common;

use common::{Output, TestEnv};

const SECRETS: [&str; 3] = ["Init-Secret-6f1d2e", "Set-Secret-93ab47", "Edit-Secret-c2d9a1"];

fn assert_no_secret(what: &str, out: &Output) {
    for secret in SECRETS {
        assert!(!out.stdout.contains(secret) && !out.stderr.contains(secret), "{what} printed {secret}:\n{out}");
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn secrets_are_nowhere_but_where_asked_for() {
    let env = TestEnv::new();
    env.write(
        "app.yaml",
        format!(
            "values:\n  url: https://example.com\n  init:\n    fn::secret: {}\n  env:\n    environmentVariables:\n      \
             INIT: ${{init}}\n",
            SECRETS[0]
        ),
    );
    let script = env.write(
        "editor.sh",
        format!("#!/bin/sh\nsed -i 's/^values:/values:\\n  edited: {{fn::secret: {}}}/' \"$1\"\n", SECRETS[2]),
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod the editor");
    }
    let script = script.display().to_string();

    let mut runs: Vec<(String, Output)> = Vec::new();
    let mut run = |args: &[&str], extra: &[(&str, &str)]| {
        let out = env.esc_with_env(args, extra);
        assert!(out.code == 0, "{args:?}: {out}");
        runs.push((args.join(" "), out));
    };
    run(&["init", "acme/app/dev", "-f", "app.yaml"], &[]);
    run(&["set", "acme/app/dev", "set", SECRETS[1], "--secret"], &[]);
    // `set` takes the secret on the command line: it is an argument, not output.
    run(&["edit", "acme/app/dev"], &[("EDITOR", &script)]);
    run(&["-v", "ls"], &[]);
    run(&["get", "acme/app/dev"], &[]);
    run(&["get", "acme/app/dev", "--definition"], &[]);
    run(&["get", "acme/app/dev", "--value", "dotenv"], &[]);
    run(&["open", "acme/app/dev"], &[]);
    run(&["open", "acme/app/dev", "--format", "shell"], &[]);
    run(&["check", "acme/app/dev"], &[]);
    run(&["diff", "acme/app/dev"], &[]);
    run(&["diff", "acme/app/dev@1", "acme/app/dev@3"], &[]);
    run(&["version", "history", "acme/app/dev"], &[]);
    run(&["version", "rollback", "acme/app/dev", "2"], &[]);
    run(&["rotation", "history", "acme/app/dev"], &[]);
    run(&["rm", "acme/app/dev", "url"], &[]);
    for (what, out) in &runs {
        assert_no_secret(what, out);
    }

    // Asked for, each secret is there.
    let shown = env.esc(&["get", "acme/app/dev@3", "--definition", "--show-secrets"]);
    let opened = env.esc(&["open", "acme/app/dev@3", "--show-secrets"]);
    let diffed = env.esc(&["diff", "acme/app/dev@1", "acme/app/dev@3", "--show-secrets"]);
    for secret in SECRETS {
        assert!(shown.stdout.contains(secret), "get --show-secrets lacks {secret}:\n{shown}");
        assert!(opened.stdout.contains(secret), "open --show-secrets lacks {secret}:\n{opened}");
        assert!(
            diffed.stdout.contains(secret) || secret == SECRETS[0],
            "diff --show-secrets lacks {secret}:\n{diffed}"
        );
    }

    // And the store's files never hold one.
    let bytes = env.store_bytes();
    assert!(bytes.len() > 4096, "the store is empty?");
    for secret in SECRETS {
        assert!(!contains(&bytes, secret), "the store holds {secret} in plaintext");
    }
}
