//! How many rotations the engine keeps in flight: `concurrency` at all times, each starting
//! as soon as another finishes, and retirements as many at once. The rotator here waits, in
//! one rotation's step, for another rotation's step to begin: that happens only if the two
//! are in flight together.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use escrot_esc::provider::{Decrypter, EnvironmentLoader, Error};
use escrot_esc::schema::Schema;
use escrot_esc::value::Value;
use escrot_rotation::providers::Registry;
use escrot_rotation::rotators::{self, Created, Password, RotateError, RotationRequest, Rotator};
use escrot_rotation::target::FileTarget;
use escrot_rotation::{Engine, RotateOptions, RotationReport};
use escrot_store::{RotationResult, StoreKey};

/// A password rotator whose `create` or `retire` of one path waits (up to a few seconds)
/// until that step of another path has begun.
struct Waiting {
    step: &'static str,
    waiter: &'static str,
    awaited: &'static str,
    begun: Mutex<HashSet<(&'static str, String)>>,
}

impl Waiting {
    async fn step(&self, step: &'static str, path: &str) -> rotators::Result<()> {
        self.begun.lock().unwrap().insert((step, path.to_owned()));
        if step != self.step || path != self.waiter {
            return Ok(());
        }
        for _ in 0..300 {
            if self.begun.lock().unwrap().contains(&(step, self.awaited.to_owned())) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        Err(RotateError::new(format!("{step} of {} never began while {path}'s ran", self.awaited)))
    }
}

#[async_trait]
impl Rotator for Waiting {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>, Arc<Schema>) {
        Password.schema()
    }

    fn open(&self, inputs: &BTreeMap<String, Value>, state: Option<&Value>) -> rotators::Result<Value> {
        Password.open(inputs, state)
    }

    fn undo_is_complete(&self) -> bool {
        true
    }

    async fn create(&self, req: &RotationRequest) -> rotators::Result<Created> {
        self.step("create", &req.path).await?;
        Password.create(req).await
    }

    async fn retire(&self, req: &RotationRequest, _created: &Created) -> rotators::Result<()> {
        self.step("retire", &req.path).await
    }
}

struct NoImports;

impl EnvironmentLoader for NoImports {
    fn load_environment(&self, name: &str) -> Result<(String, Arc<dyn Decrypter>), Error> {
        Err(format!("no environment {name}").into())
    }
}

/// Rotates `paths` (each a `fn::rotate::waiting`) at `concurrency`.
fn rotate(rotator: Waiting, paths: &[&str], concurrency: usize) -> RotationReport {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("env.yaml");
    let nodes: String =
        paths.iter().map(|p| format!("  {p}:\n    fn::rotate::waiting:\n      inputs: {{}}\n")).collect();
    std::fs::write(&path, format!("values:\n{nodes}")).unwrap();
    let key = Arc::new(StoreKey::generate("test").unwrap());
    let target = FileTarget::new(&path, "env", key.clone()).expect("the file exists");
    let rotator: Arc<dyn Rotator> = Arc::new(rotator);
    let mut registry = rotators::Registry::empty();
    registry.insert("waiting", rotator.clone());
    let registry = Registry::with_rotators(registry);
    let lookup = move |name: &str| (name == "waiting").then(|| rotator.clone());
    let engine = Engine {
        rotators: &lookup,
        providers: &registry,
        environments: &NoImports,
        decrypter: key.as_ref(),
        encrypter: key.as_ref(),
        exec_context: escrot_esc::ExecContext::default(),
        author: "test".into(),
        concurrency,
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(engine.rotate(&target, &RotateOptions::default())).expect("the rotation ran")
}

fn waiting(step: &'static str, waiter: &'static str, awaited: &'static str) -> Waiting {
    Waiting { step, waiter, awaited, begun: Mutex::default() }
}

/// Two at once, three rotations: the third starts when the second is done, while the first
/// still runs (it waits for the third to begin).
#[test]
fn a_slow_rotation_holds_up_no_other() {
    let report = rotate(waiting("create", "a", "c"), &["a", "b", "c"], 2);
    let results: Vec<_> = report.outcomes.iter().map(|o| (o.path.as_str(), o.result, o.error.as_deref())).collect();
    assert_eq!(
        results,
        [
            ("a", RotationResult::Succeeded, None),
            ("b", RotationResult::Succeeded, None),
            ("c", RotationResult::Succeeded, None)
        ]
    );
    assert!(report.new_revision.is_some());
}

/// After the commit, the retirements run `concurrency` at once too.
#[test]
fn retirements_run_at_once() {
    let report = rotate(waiting("retire", "a", "b"), &["a", "b"], 2);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert!(report.outcomes.iter().all(|o| o.result == RotationResult::Succeeded), "{:?}", report.outcomes);
}

/// At concurrency 1, one after the other: the waiting rotation fails, the others succeed.
#[test]
fn one_at_a_time_means_one_at_a_time() {
    let report = rotate(waiting("create", "a", "b"), &["a", "b"], 1);
    let results: Vec<_> = report.outcomes.iter().map(|o| (o.path.as_str(), o.result)).collect();
    assert_eq!(results, [("a", RotationResult::Failed), ("b", RotationResult::Succeeded)]);
    assert_eq!(report.outcomes[0].error.as_deref(), Some("create of b never began while a's ran"));
}
