//! `escrot edit`: the definition in an editor (here, scripts standing in for one).

use crate::common;

use common::TestEnv;
use insta::assert_snapshot;

const APP: &str = "\
# The app's settings.
values:
  url: https://example.com # where it lives
  password:
    fn::secret: hunter2
";

fn app() -> TestEnv {
    let env = TestEnv::new();
    env.init("acme/app/dev", APP);
    env
}

/// Writes an executable editor script and returns its path.
fn editor(env: &TestEnv, body: &str) -> String {
    let path = env.write("editor.sh", format!("#!/bin/sh\nset -e\n{body}\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod the editor");
    }
    path.display().to_string()
}

#[test]
fn edits_with_secrets_decrypted_and_encrypts_them_again() {
    let env = app();
    // The editor sees the secret in plaintext, in a private file; it changes the URL and
    // the secret.
    let script = editor(
        &env,
        r#"cp "$1" seen.yaml
stat -c %a "$1" > mode.txt
sed -i -e 's/example.com/example.org/' -e 's/hunter2/swordfish/' "$1""#,
    );
    assert_snapshot!(env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", &script)]), @"
    Environment 'acme/app/dev' updated.
    New revision '2' was created.
    [exit status: 0]
    ");
    assert_eq!(std::fs::read_to_string(env.path().join("seen.yaml")).unwrap(), APP);
    assert_eq!(std::fs::read_to_string(env.path().join("mode.txt")).unwrap().trim(), "600");
    assert_snapshot!(env.esc(&["get", "acme/app/dev", "--definition"]), @r#"
    # The app's settings.
    values:
      url: https://example.org # where it lives
      password:
        fn::secret: "[secret]"
    [exit status: 0]
    "#);
    assert_snapshot!(env.esc(&["open", "acme/app/dev", "password", "--show-secrets"]), @r#"
    "swordfish"
    [exit status: 0]
    "#);
    assert!(!env.store_bytes().windows(9).any(|w| w == b"swordfish"));
}

#[test]
fn visual_wins_and_the_temporary_file_is_removed() {
    let env = app();
    let visual = editor(&env, r#"echo "$1" > path.txt; sed -i 's/example.com/visual.example/' "$1""#);
    let out = env.esc_with_env(&["edit", "acme/app/dev"], &[("VISUAL", &visual), ("EDITOR", "false")]);
    assert_eq!(out.code, 0, "{out}");
    let tmp = std::fs::read_to_string(env.path().join("path.txt")).unwrap();
    assert!(!std::path::Path::new(tmp.trim()).exists(), "{tmp} was not removed");
    assert!(env.esc(&["get", "acme/app/dev", "--definition"]).stdout.contains("visual.example"));
}

#[test]
fn no_changes() {
    let env = app();
    assert_snapshot!(env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", "true")]), @"
    [stderr]
    No changes to environment 'acme/app/dev'; nothing was saved.
    [exit status: 0]
    ");
}

#[test]
fn empty_definition_aborts() {
    let env = app();
    let script = editor(&env, r#": > "$1""#);
    assert_snapshot!(env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", &script)]), @"
    [stderr]
    Aborting the edit: the definition is empty; nothing was saved.
    [exit status: 0]
    ");
}

#[test]
fn errors_save_nothing() {
    let env = app();
    let script = editor(&env, r#"printf 'values:\n  a: ${nope}\n  password:\n    fn::secret: hunter2\n' > "$1""#);
    assert_snapshot!(env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", &script)]), @r#"
    [stderr]
    acme/app/dev:2:8: error: unknown property "nope"
     2 |   a: ${nope}
       |        ^^^^
    error: the definition of environment 'acme/app/dev' still has the errors shown above; the edit was aborted and nothing was saved
    [exit status: 2]
    "#);
    let out = env.esc(&["version", "history", "acme/app/dev", "--output", "json"]);
    assert_eq!(out.stdout.matches("\"revision\"").count(), 1, "{out}");
}

#[test]
fn failing_or_missing_editor() {
    let env = app();
    assert_snapshot!(env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", "false")]), @"
    [stderr]
    error: the editor `false` failed (exit status: 1); nothing was saved
    [exit status: 1]
    ");
    assert_snapshot!(env.esc(&["edit", "acme/app/dev", "--editor", "/nonexistent/editor"]), @"
    [stderr]
    error: cannot run the editor `/nonexistent/editor`: No such file or directory (os error 2); set --editor, VISUAL or EDITOR to an editor that is installed
    [exit status: 2]
    ");
}

#[test]
fn a_concurrent_change_is_a_conflict() {
    let env = app();
    // While the editor is open, someone else changes the environment.
    let store = env.store_url();
    let bin = assert_cmd::cargo::cargo_bin("escrot");
    let script = editor(
        &env,
        &format!(
            r#"ESCROT_STORE='{store}' '{}' set acme/app/dev other 1 > /dev/null
sed -i 's/example.com/example.org/' "$1""#,
            bin.display()
        ),
    );
    let out = env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", &script)]);
    let (out, kept) = kept_file(&out);
    assert_snapshot!(out, @"
    [stderr]
    error: environment 'acme/app/dev' was changed by someone else while this command ran (it is now at revision 2); nothing was saved: run the command again
    Your edit was kept, encrypted with the store key, in [kept file]; resume it with `escrot edit acme/app/dev --resume [kept file]`.
    [exit status: 1]
    ");
    // The edit is not lost, and not on disk in plaintext: neither the secret nor the edit.
    let sealed = std::fs::read_to_string(&kept).unwrap();
    assert!(!sealed.contains("hunter2") && !sealed.contains("example.org"), "{sealed}");

    // Resumed, the editor shows what was committed since on top; saving replaces it.
    let resume = editor(&env, r#"cp "$1" resumed.yaml"#);
    let kept_arg = kept.display().to_string();
    let out = env.esc_with_env(&["edit", "acme/app/dev", "--resume", &kept_arg], &[("EDITOR", &resume)]);
    assert_snapshot!(out, @"
    Environment 'acme/app/dev' updated.
    New revision '3' was created.
    [exit status: 0]
    ");
    assert_snapshot!(std::fs::read_to_string(env.path().join("resumed.yaml")).unwrap(), @r#"
    # escrot: this edit was made on revision 1; revision 2 was committed since, with these changes:
    # --- acme/app/dev@1
    # +++ acme/app/dev@2
    # @@ -3,3 +3,4 @@
    #    url: https://example.com # where it lives
    #    password:
    #      fn::secret: hunter2
    # +  other: 1
    # Saving replaces revision 2 with this edit: carry over what you want to keep.
    # (escrot removes these notes before checking the definition)
    # The app's settings.
    values:
      url: https://example.org # where it lives
      password:
        fn::secret: hunter2
    "#);
    assert_snapshot!(env.esc(&["get", "acme/app/dev", "--definition"]), @r#"
    # The app's settings.
    values:
      url: https://example.org # where it lives
      password:
        fn::secret: "[secret]"
    [exit status: 0]
    "#);
    // Saved, the kept file is gone.
    assert!(!kept.exists());
}

/// A kept edit resumes only with its own environment and its own store's key.
#[test]
fn a_kept_edit_is_bound_to_its_environment_and_key() {
    let env = app();
    env.init("acme/app/prod", APP);
    let script = editor(
        &env,
        r#"if head -1 "$1" | grep -q '^# escrot:'; then exit 3; fi
sed -i 's/url: .*/url: ${nope}/' "$1""#,
    );
    let (_, kept) = kept_file(&env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", &script)]));
    let kept_arg = kept.display().to_string();
    let out = env.esc_with_env(&["edit", "acme/app/prod", "--resume", &kept_arg], &[("EDITOR", "true")]);
    assert_snapshot!(out.to_string().replace(&kept_arg, "[kept file]"), @"
    [stderr]
    error: [kept file] holds an edit of environment 'acme/app/dev', not 'acme/app/prod'; run `escrot edit acme/app/dev --resume [kept file]`
    [exit status: 2]
    ");
    let other = TestEnv::new();
    other.init("acme/app/dev", APP);
    let out = other.esc_with_env(&["edit", "acme/app/dev", "--resume", &kept_arg], &[("EDITOR", "true")]);
    assert_snapshot!(out.to_string().replace(&kept_arg, "[kept file]"), @"
    [stderr]
    error: cannot decrypt [kept file]: it was encrypted with another store key (or altered); open it with the store it was made with
    [exit status: 2]
    ");
    let not_kept = env.write("plain.yaml", "values: {}\n");
    let out =
        env.esc_with_env(&["edit", "acme/app/dev", "--resume", &not_kept.display().to_string()], &[("EDITOR", "true")]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("is not an edit kept by `escrot edit`"), "{out}");
    // The file survives refusals.
    assert!(kept.exists());
    std::fs::remove_file(kept).unwrap();
}

/// The output with the path of the file an edit was kept in replaced by `[kept file]`, and
/// that path (the file is checked to be private).
fn kept_file(out: &common::Output) -> (String, std::path::PathBuf) {
    let text = out.to_string();
    let re = regex::Regex::new(r"Your edit was kept, encrypted with the store key, in (\S+);").unwrap();
    let path = std::path::PathBuf::from(&re.captures(&text).unwrap_or_else(|| panic!("no kept file: {text}"))[1]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    (text.replace(&path.display().to_string(), "[kept file]"), path)
}

/// An edit with errors opens again, the diagnostics on top as comments; fixed, it is
/// saved without them.
#[test]
fn an_edit_with_errors_opens_again_with_the_diagnostics() {
    let env = app();
    let script = editor(
        &env,
        r#"if head -1 "$1" | grep -q '^# escrot:'; then
  cp "$1" second.yaml
  sed -i 's/${nope}/fixed/' "$1"
else
  sed -i 's/url: .*/url: ${nope}/' "$1"
fi"#,
    );
    assert_snapshot!(env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", &script)]), @r#"
    Environment 'acme/app/dev' updated.
    New revision '2' was created.
    [stderr]
    acme/app/dev:3:10: error: unknown property "nope"
     3 |   url: ${nope}
       |          ^^^^
    [exit status: 0]
    "#);
    assert_snapshot!(std::fs::read_to_string(env.path().join("second.yaml")).unwrap(), @r#"
    # escrot: this definition has errors (below). Fix them and save to try again;
    # save it unchanged, or empty, to abort.
    #
    # acme/app/dev:3:10: error: unknown property "nope"
    #  3 |   url: ${nope}
    #    |          ^^^^
    # (escrot removes these notes before checking the definition)
    # The app's settings.
    values:
      url: ${nope}
      password:
        fn::secret: hunter2
    "#);
    assert_snapshot!(env.esc(&["get", "acme/app/dev", "--definition"]), @r#"
    # The app's settings.
    values:
      url: fixed
      password:
        fn::secret: "[secret]"
    [exit status: 0]
    "#);
}

/// Emptied when it opens again, the edit is aborted.
#[test]
fn an_edit_with_errors_emptied_aborts() {
    let env = app();
    let script = editor(
        &env,
        r#"if head -1 "$1" | grep -q '^# escrot:'; then : > "$1"; else echo 'values: ${nope}' > "$1"; fi"#,
    );
    let out = env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", &script)]);
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stderr.ends_with("Aborting the edit: the definition is empty; nothing was saved.\n"), "{out}");
    assert_eq!(
        env.esc(&["version", "history", "acme/app/dev", "--output", "json"]).stdout.matches("\"revision\"").count(),
        1
    );
}

/// When the editor cannot open the edit with errors again, the edit is kept in a private
/// file, with its diagnostics, and the error says where.
#[test]
fn an_edit_with_errors_is_kept_when_the_editor_fails() {
    let env = app();
    let script = editor(
        &env,
        r#"if head -1 "$1" | grep -q '^# escrot:'; then exit 3; fi
sed -i 's/url: .*/url: ${nope}/' "$1""#,
    );
    let out = env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", &script)]);
    let (out, kept) = kept_file(&out);
    assert_snapshot!(out.replace(&script, "[editor]"), @r#"
    [stderr]
    acme/app/dev:3:10: error: unknown property "nope"
     3 |   url: ${nope}
       |          ^^^^
    error: the editor `[editor]` failed (exit status: 3); nothing was saved
    Your edit was kept, encrypted with the store key, in [kept file]; resume it with `escrot edit acme/app/dev --resume [kept file]`.
    [exit status: 1]
    "#);
    assert!(!std::fs::read_to_string(&kept).unwrap().contains("hunter2"));
    // Resumed (only rotations, none here, since): the editor opens on the edit with its
    // errors; fixed, it is saved.
    let fix = editor(&env, r#"cp "$1" resumed.yaml; sed -i 's/${nope}/fixed/' "$1""#);
    let kept_arg = kept.display().to_string();
    let out = env.esc_with_env(&["edit", "acme/app/dev", "--resume", &kept_arg], &[("EDITOR", &fix)]);
    assert_eq!(out.code, 0, "{out}");
    assert_snapshot!(std::fs::read_to_string(env.path().join("resumed.yaml")).unwrap(), @r#"
    # escrot: this definition has errors (below). Fix them and save to try again;
    # save it unchanged, or empty, to abort.
    #
    # acme/app/dev:3:10: error: unknown property "nope"
    #  3 |   url: ${nope}
    #    |          ^^^^
    # (escrot removes these notes before checking the definition)
    # The app's settings.
    values:
      url: ${nope}
      password:
        fn::secret: hunter2
    "#);
    assert!(env.esc(&["get", "acme/app/dev", "--definition"]).stdout.contains("url: fixed"));
    assert!(!kept.exists());
}

#[test]
fn unknown_environment() {
    let env = TestEnv::new();
    assert_snapshot!(env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", "true")]), @"
    [stderr]
    error: environment 'acme/app/dev' does not exist; `escrot ls` lists the environments, `escrot init acme/app/dev` creates it
    [exit status: 2]
    ");
}

/// A definition saved as invalid YAML is reported as invalid YAML (as `check` says it),
/// not as a decryption failure, and nothing is saved (saved unchanged when the editor opens
/// again, the edit is aborted).
#[test]
fn invalid_yaml_is_reported_as_such() {
    let env = app();
    let script = editor(&env, r#"printf 'values:\n  a: [1\n  b: 2\n' > "$1""#);
    assert_snapshot!(env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", &script)]), @"
    [stderr]
    acme/app/dev: error: yaml: line 3: illegal placement of ':' indicator
    error: the definition of environment 'acme/app/dev' still has the errors shown above; the edit was aborted and nothing was saved
    [exit status: 2]
    ");
    assert_eq!(env.esc(&["version", "history", "acme/app/dev"]).stdout.lines().count(), 2, "nothing was saved");
}

/// Killed while the editor is open (SIGTERM, SIGHUP or SIGINT), `edit` removes the
/// decrypted copy, passes the signal on to the editor, and dies of the signal; the secret
/// is nowhere in the temporary directory.
#[cfg(unix)]
#[test]
fn a_signal_removes_the_decrypted_copy() {
    use std::os::unix::process::ExitStatusExt;
    for (name, number) in [("TERM", libc::SIGTERM), ("HUP", libc::SIGHUP), ("INT", libc::SIGINT)] {
        let env = TestEnv::new();
        // A secret no other test (or file) has.
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        let secret = format!("sig{name}-{}-{nanos}", std::process::id());
        // Only a file written since can hold it: older files need not be searched.
        let started = std::time::SystemTime::now() - std::time::Duration::from_secs(1);
        env.init("acme/app/dev", &format!("values:\n  password:\n    fn::secret: {secret}\n"));
        let script = editor(&env, r#"echo $$ > editor.pid; echo "$1" > path.tmp; mv path.tmp path.txt; exec sleep 60"#);
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("escrot"));
        common::with_default_signals(&mut command);
        let mut child = command
            .args(["edit", "acme/app/dev", "--editor", &script])
            .current_dir(env.path())
            .env("ESCROT_STORE", env.store_url())
            .env("ESCROT_ACTOR", "test")
            .env_remove("ESCROT_KEY")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let path_file = env.path().join("path.txt");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while !path_file.exists() {
            assert!(std::time::Instant::now() < deadline, "the editor did not start");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let tmp = std::path::PathBuf::from(std::fs::read_to_string(&path_file).unwrap().trim());
        assert!(std::fs::read_to_string(&tmp).unwrap().contains(&secret), "the editor sees the secret");
        let editor_pid = std::fs::read_to_string(env.path().join("editor.pid")).unwrap().trim().to_owned();

        // SAFETY: kill(2) on our own child.
        assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, number) }, 0);
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(number), "SIG{name}: {status}");
        assert!(!tmp.exists(), "SIG{name}: {} was left", tmp.display());
        assert!(!tmp.parent().unwrap().exists(), "SIG{name}: its directory was left");
        // The editor got the signal too.
        assert!(!std::path::Path::new(&format!("/proc/{editor_pid}")).exists(), "SIG{name}: the editor still runs");
        let found = files_containing(&std::env::temp_dir(), secret.as_bytes(), started);
        assert!(found.is_empty(), "SIG{name}: the secret is on disk in {found:?}");
    }
}

/// The files under `dir` (not following links), modified since `since`, that contain
/// `needle`.
fn files_containing(dir: &std::path::Path, needle: &[u8], since: std::time::SystemTime) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                pending.push(entry.path());
            } else if kind.is_file()
                && entry.metadata().is_ok_and(|m| m.len() < 16 << 20 && m.modified().is_ok_and(|t| t >= since))
                && std::fs::read(entry.path()).is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
            {
                found.push(entry.path());
            }
        }
    }
    found
}

/// While the editor is open, a rotation (a scheduled one, say) commits new states. The edit
/// changed no state, so it is saved on top of the rotation, keeping the rotated state: the
/// user's work is not refused for a change they could not have seen.
#[test]
fn an_edit_is_saved_onto_a_rotation_made_meanwhile() {
    let env = TestEnv::new();
    env.init(
        "acme/app/dev",
        "values:\n  url: https://example.com\n  pw:\n    fn::rotate::password:\n      inputs: {length: 20}\n",
    );
    assert_eq!(env.esc(&["rotate", "acme/app/dev"]).code, 0);
    let store = env.store_url();
    let bin = assert_cmd::cargo::cargo_bin("escrot");
    let script = editor(
        &env,
        &format!(
            r#"ESCROT_STORE='{store}' ESCROT_ACTOR=scheduler '{}' rotate acme/app/dev > /dev/null
sed -i 's/example.com/example.org/' "$1""#,
            bin.display()
        ),
    );
    let out = env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", &script)]);
    assert_snapshot!(out, @"
    Environment 'acme/app/dev' updated.
    New revision '4' was created.
    [stderr]
    Environment 'acme/app/dev' was rotated meanwhile (revision 3): the edit is saved with its new states.
    [exit status: 0]
    ");
    let rotated = env.esc(&["open", "acme/app/dev@3", "pw", "--show-secrets", "--format", "json"]);
    let now = env.esc(&["open", "acme/app/dev", "--show-secrets", "--format", "json"]);
    assert!(now.stdout.contains("https://example.org"), "the edit is saved: {now}");
    let current = rotated.stdout.split('"').nth(3).expect("the rotated current password").to_owned();
    assert!(now.stdout.contains(&current), "the rotation's state is kept: {now}\n{rotated}");
}

/// An edit that changed a rotation state itself is not moved onto a rotation made
/// meanwhile (that would throw one of the two states away): it is kept, as any conflict.
#[test]
fn an_edit_of_a_state_is_not_moved_onto_a_rotation() {
    let env = TestEnv::new();
    env.init(
        "acme/app/dev",
        "values:\n  pw:\n    fn::rotate::password:\n      inputs: {length: 20}\n      state: {current: {fn::secret: mine}}\n",
    );
    let store = env.store_url();
    let bin = assert_cmd::cargo::cargo_bin("escrot");
    let script = editor(
        &env,
        &format!(
            r#"ESCROT_STORE='{store}' '{}' rotate acme/app/dev > /dev/null
sed -i 's/mine/edited/' "$1""#,
            bin.display()
        ),
    );
    let out = env.esc_with_env(&["edit", "acme/app/dev"], &[("EDITOR", &script)]);
    assert_eq!(out.code, 1, "{out}");
    let (_, kept) = kept_file(&out);
    std::fs::remove_file(kept).unwrap();
}
