//! Runs ESC's own conformance corpus (see `../shared/esc-conformance/README.md`) against
//! our evaluator, one trial per case: `eval::<case>` for `eval/<case>/`, `crypt::<name>`
//! for `crypt/<name>.{plaintext,ciphertext}.yaml`.
//!
//! The flow of an eval case mirrors ESC's Go driver (`eval/eval_test.go`): load (compare
//! `loadDiags`) → if that produced an environment: check (`checkDiags`, `checkJson`) →
//! eval (`evalDiags`, `evalJSONRevealed`, `evalJsonRedacted`) → if `overrides.rotate`:
//! rotate `overrides.rotatePaths` (`rotateDiags`, `rotateJson`, `rotatePatches`).
//!
//! Run: `cargo test --test esc_conformance` (filters work: `-- eval::rotate`). With
//! `ESC_CONFORMANCE_DETAILED=1`, cases whose plain forms agree also compare the detailed
//! values (secret/unknown flags, source traces) of `check`, `eval` and `rotate`. The corpus
//! is `$ESC_CONFORMANCE_DIR`, else `../shared/esc-conformance`; when it is missing the
//! run is skipped, except under `CI=true`, where that is a failure.

mod conformance;

use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use escrot_esc::diag;
use escrot_esc::{
    Environment, EvalOptions, PropertyPath, check_environment, eval_environment, load_yaml, rotate_environment,
};
use libtest_mimic::{Arguments, Completion, Failed, Trial};

use conformance::cipher::Rot128;
use conformance::compare::{diff_detailed, diff_diagnostics, diff_json, diff_patches, diff_text, environment_json};
use conformance::corpus::{CryptCase, EvalCase, corpus_dir, crypt_cases, eval_cases};
use conformance::environments::CaseDirectory;
use conformance::expected::{DetailedEnvironment, Expected, Overrides, read_json_file};
use conformance::panics::{catch, install_quiet_hook};
use conformance::providers::{TestProviders, exec_context};
use escrot_esc::crypt::{decrypt_document, encrypt_document};

/// Cases we knowingly do not pass yet, by trial name (`eval::<case>` or `crypt::<name>`),
/// with a one-line reason. They run, and are reported as ignored while they fail; one that
/// passes fails the run, so that it gets removed from this list.
const KNOWN_GAPS: &[(&str, &str)] = &[];

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let corpus = corpus_dir();
    if !corpus.join("eval").is_dir() {
        let ci = escrot_vars::running_in_ci();
        println!(
            "esc_conformance: no corpus at {} (set ESC_CONFORMANCE_DIR); {}",
            corpus.display(),
            if ci { "failing, since CI=true" } else { "skipping" }
        );
        return if ci { ExitCode::FAILURE } else { ExitCode::SUCCESS };
    }

    install_quiet_hook();
    let mut trials: Vec<Trial> = eval_cases(&corpus).into_iter().map(eval_trial).collect();
    trials.extend(crypt_cases(&corpus).into_iter().map(crypt_trial));

    let conclusion = libtest_mimic::run(&args, trials);
    if !args.list {
        let ran = conclusion.num_passed + conclusion.num_failed + conclusion.num_ignored;
        println!("conformance: {}/{ran} cases pass", conclusion.num_passed);
    }
    conclusion.exit_code()
}

/// How long a case may run before it counts as hung (`ESC_CONFORMANCE_TIMEOUT_SECS`).
fn case_timeout() -> Duration {
    let secs = std::env::var("ESC_CONFORMANCE_TIMEOUT_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(30);
    Duration::from_secs(secs)
}

/// Runs a case runner on its own thread so that a hung evaluator (e.g. looping on a cycle)
/// fails its case instead of the whole run. A timed-out thread is abandoned.
fn run_with_timeout(differences: impl FnOnce() -> Vec<String> + Send + 'static) -> Vec<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(differences());
    });
    let timeout = case_timeout();
    receiver.recv_timeout(timeout).unwrap_or_else(|err| match err {
        RecvTimeoutError::Timeout => vec![format!("timed out after {}s (an infinite loop?)", timeout.as_secs())],
        RecvTimeoutError::Disconnected => vec!["the case runner died without a result".to_owned()],
    })
}

/// A trial that compares the differences a case runner finds, honouring [`KNOWN_GAPS`].
fn trial(name: String, differences: impl FnOnce() -> Vec<String> + Send + 'static) -> Trial {
    let gap = KNOWN_GAPS.iter().find(|(gap, _)| *gap == name).map(|(_, reason)| *reason);
    Trial::ignorable_test(name, move || {
        let differences = run_with_timeout(differences);
        match (gap, differences.is_empty()) {
            (None, true) => Ok(Completion::Completed),
            (None, false) => Err(Failed::from(differences.join("\n"))),
            (Some(reason), false) => Ok(Completion::ignored_with(format!("known gap: {reason}"))),
            (Some(_), true) => Err(Failed::from("this known gap now passes: remove it from KNOWN_GAPS")),
        }
    })
}

fn eval_trial(case: EvalCase) -> Trial {
    trial(format!("eval::{}", case.name), move || {
        let mut differences = eval_case_differences(&case).unwrap_or_else(|problem| vec![problem]);
        if !differences.is_empty() {
            differences.insert(0, format!("case {}:", case.dir.display()));
        }
        differences
    })
}

/// Runs one eval case and lists how our results differ from `expected.json`. `Err` is a
/// problem with the case itself or a stage that panicked before anything could be compared.
fn eval_case_differences(case: &EvalCase) -> Result<Vec<String>, String> {
    let overrides: Overrides = read_json_file(&case.dir.join("overrides.json"))?.unwrap_or_default();
    let expected: Expected = read_json_file(&case.dir.join("expected.json"))?.ok_or("no expected.json")?;
    let source = read_text(&case.dir.join("env.yaml"))?;
    let name = overrides.root_environment.clone().unwrap_or_else(|| case.name.clone());
    let mut differences = Vec::new();

    let (env, mut load_diags) = catch("load_yaml", || load_yaml(&name, &source))?;
    diag::sort(&mut load_diags);
    differences.extend(diff_diagnostics("loadDiags", &expected.load_diags, &load_diags));
    let Some(env) = env else {
        if expected.expects_environment() {
            differences.push("load_yaml produced no environment, but expected.json has check/eval results".to_owned());
        }
        return Ok(differences);
    };

    let providers = TestProviders::default();
    let environments = CaseDirectory { dir: case.dir.clone(), case: case.name.clone() };
    let opts = EvalOptions {
        decrypter: &Rot128,
        providers: &providers,
        environments: &environments,
        exec_context: exec_context(),
        show_secrets: overrides.show_secrets,
    };

    // The results to compare in detail: (label, expected properties, ours).
    let mut detailed = Vec::new();
    match catch("check_environment", || check_environment(&name, &env, &opts)) {
        Ok((check, mut diags)) => {
            diag::sort(&mut diags);
            differences.extend(diff_diagnostics("checkDiags", &expected.check_diags, &diags));
            let check_json = environment_json(check.as_ref(), true);
            differences.extend(diff_json("checkJson", expected.check_json.as_ref(), check_json.as_ref()));
            detailed.push(("check", expected.check.as_ref(), check));
        }
        Err(panic) => differences.push(panic),
    }

    match catch("eval_environment", || eval_environment(&name, &env, &opts)) {
        Ok((eval, mut diags)) => {
            diag::sort(&mut diags);
            differences.extend(diff_diagnostics("evalDiags", &expected.eval_diags, &diags));
            let revealed = environment_json(eval.as_ref(), false);
            differences.extend(diff_json("evalJSONRevealed", expected.eval_json_revealed.as_ref(), revealed.as_ref()));
            let redacted = environment_json(eval.as_ref(), true);
            differences.extend(diff_json("evalJsonRedacted", expected.eval_json_redacted.as_ref(), redacted.as_ref()));
            detailed.push(("eval", expected.eval.as_ref(), eval));
        }
        Err(panic) => differences.push(panic),
    }

    if !overrides.rotate {
        if expected.expects_rotation() {
            differences.push("expected.json has rotation results, but overrides.json asks for no rotation".to_owned());
        }
        return Ok(with_detailed_differences(differences, detailed));
    }
    let paths = overrides
        .rotate_paths
        .iter()
        .map(|p| PropertyPath::parse(p))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|err| format!("overrides.json: rotatePaths: {err}"))?;
    match catch("rotate_environment", || rotate_environment(&name, &env, &opts, &paths)) {
        Ok((rotated, patches, mut diags)) => {
            diag::sort(&mut diags);
            differences.extend(diff_diagnostics("rotateDiags", &expected.rotate_diags, &diags));
            let rotated_json = environment_json(rotated.as_ref(), true);
            differences.extend(diff_json("rotateJson", expected.rotate_json.as_ref(), rotated_json.as_ref()));
            differences.extend(diff_patches(&expected.rotate_patches, &patches));
            detailed.push(("rotate", expected.rotate.as_ref(), rotated));
        }
        Err(panic) => differences.push(panic),
    }
    Ok(with_detailed_differences(differences, detailed))
}

/// With `ESC_CONFORMANCE_DETAILED=1`, and only once the plain forms agree, also compares
/// the detailed values (secret/unknown flags and source traces) of `check`, `eval` and
/// `rotate` with ours.
fn with_detailed_differences(
    mut differences: Vec<String>,
    detailed: Vec<(&str, Option<&DetailedEnvironment>, Option<Environment>)>,
) -> Vec<String> {
    let requested = std::env::var("ESC_CONFORMANCE_DETAILED").is_ok_and(|v| v == "1");
    if requested && differences.is_empty() {
        for (label, expected, ours) in detailed {
            differences.extend(diff_detailed(label, expected.map(|e| &e.properties), ours.as_ref()));
        }
    }
    differences
}

fn crypt_trial(case: CryptCase) -> Trial {
    trial(format!("crypt::{}", case.name), move || {
        crypt_case_differences(&case).unwrap_or_else(|problem| vec![problem])
    })
}

/// Encrypts the plaintext document (must give the ciphertext document) and decrypts the
/// ciphertext document (must give the plaintext document), with the toy cipher.
fn crypt_case_differences(case: &CryptCase) -> Result<Vec<String>, String> {
    let plaintext = read_text(&case.plaintext)?;
    let ciphertext = read_text(&case.ciphertext)?;
    let mut differences = Vec::new();
    match catch("encrypt_document", || encrypt_document(&case.name, &plaintext, &Rot128)) {
        Ok(Ok(encrypted)) => differences.extend(diff_text("encrypted", &ciphertext, &encrypted)),
        Ok(Err(diags)) => differences.push(format!("encrypt_document failed: {}", join_diagnostics(&diags))),
        Err(panic) => differences.push(panic),
    }
    match catch("decrypt_document", || decrypt_document(&case.name, &ciphertext, &Rot128)) {
        Ok(Ok(decrypted)) => differences.extend(diff_text("decrypted", &plaintext, &decrypted)),
        Ok(Err(diags)) => differences.push(format!("decrypt_document failed: {}", join_diagnostics(&diags))),
        Err(panic) => differences.push(panic),
    }
    Ok(differences)
}

fn join_diagnostics(diags: &[diag::Diagnostic]) -> String {
    diags.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}
