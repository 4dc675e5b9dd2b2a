//! Where imported environments come from: a case's directory (`imports: [a]` reads
//! `a.yaml` next to `env.yaml`), or an in-memory map (property tests, benchmark).

use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::PathBuf;
use std::sync::Arc;

use escrot_esc::provider::{Decrypter, EnvironmentLoader, Error};

use super::cipher::Rot128;

/// Reads `<dir>/<name>.yaml`. A missing file fails with the message of ESC's Go test
/// loader (`open testdata/eval/<case>/<name>.yaml: no such file or directory`), which the
/// corpus's expected diagnostics quote.
pub struct CaseDirectory {
    pub dir: PathBuf,
    /// The case's directory name, for the Go-style error message.
    pub case: String,
}

impl EnvironmentLoader for CaseDirectory {
    fn load_environment(&self, name: &str) -> Result<(String, Arc<dyn Decrypter>), Error> {
        let go_path = format!("testdata/eval/{}/{name}.yaml", self.case);
        match std::fs::read_to_string(self.dir.join(format!("{name}.yaml"))) {
            Ok(source) => Ok((source, Arc::new(Rot128))),
            Err(err) if err.kind() == ErrorKind::NotFound => {
                Err(format!("open {go_path}: no such file or directory").into())
            }
            Err(err) => Err(format!("open {go_path}: {err}").into()),
        }
    }
}

/// Environments held in memory, by name.
#[derive(Clone, Debug, Default)]
pub struct InMemory(pub BTreeMap<String, String>);

impl EnvironmentLoader for InMemory {
    fn load_environment(&self, name: &str) -> Result<(String, Arc<dyn Decrypter>), Error> {
        match self.0.get(name) {
            Some(source) => Ok((source.clone(), Arc::new(Rot128))),
            None => Err(format!("environment {name:?} not found").into()),
        }
    }
}
