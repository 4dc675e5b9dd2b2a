//! The interfaces through which the evaluator reaches the outside world. The language
//! core does no I/O: providers (`fn::open::*`), rotators (`fn::rotate::*`), imported
//! environments and secret decryption are all passed in by the caller.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::path::PropertyPath;
use crate::schema::Schema;
use crate::value::Value;

/// An error from a provider, rotator, loader or decrypter. Its `Display` text becomes the
/// diagnostic's summary, so it must never contain a secret.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// What a provider or rotator sees of the evaluation: the environment's name and the
/// execution context (`${context.…}`).
pub struct OpenContext<'a> {
    pub env_name: &'a str,
    pub exec_context: &'a Value,
    /// The document path of the `fn::open`/`fn::rotate` node (`values.db`).
    pub path: &'a str,
}

/// A `fn::open::NAME` provider.
pub trait Provider: Send + Sync {
    /// The input and output schemas.
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>);
    fn open(&self, inputs: &BTreeMap<String, Value>, ctx: &OpenContext<'_>) -> Result<Value, Error>;
}

/// A problem a rotator finds in its inputs that their schema cannot express (two inputs
/// that must differ, minimums that add up to more than a length): `path` is the offending
/// input, relative to the inputs (empty: the inputs as a whole). The message becomes a
/// diagnostic at that input's source, so it names inputs, never their values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputProblem {
    pub path: PropertyPath,
    pub message: String,
}

impl InputProblem {
    /// A problem at `path`, a property path relative to the inputs (`rotateUsers.username1`).
    pub fn at(path: &str, message: impl Into<String>) -> InputProblem {
        let path = PropertyPath::parse(path).unwrap_or_else(|_| PropertyPath::new(Vec::new()));
        InputProblem { path, message: message.into() }
    }
}

/// A `fn::rotate::NAME` rotator.
pub trait Rotator: Send + Sync {
    /// The input, state and output schemas.
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>, Arc<Schema>);
    /// What is wrong with inputs that match the input schema, before anything is rotated:
    /// called when checking and when rotating, never when opening. Inputs not known yet
    /// (provider outputs in a check, rotate-only inputs of an import) are unknown; a
    /// rotator skips the checks that need them.
    fn validate(&self, inputs: &BTreeMap<String, Value>) -> Vec<InputProblem> {
        let _ = inputs;
        Vec::new()
    }
    /// Produces the value of the `fn::rotate` node from its inputs and current state.
    fn open(
        &self,
        inputs: &BTreeMap<String, Value>,
        state: Option<&Value>,
        ctx: &OpenContext<'_>,
    ) -> Result<Value, Error>;
    /// Produces the next state.
    fn rotate(
        &self,
        inputs: &BTreeMap<String, Value>,
        state: Option<&Value>,
        ctx: &OpenContext<'_>,
    ) -> Result<Value, Error>;
}

pub trait ProviderLoader {
    fn load_provider(&self, name: &str) -> Result<Arc<dyn Provider>, Error>;
    fn load_rotator(&self, name: &str) -> Result<Arc<dyn Rotator>, Error>;
}

/// Loads imported environments by name: their YAML text and the decrypter for their
/// `fn::secret` ciphertexts.
pub trait EnvironmentLoader {
    fn load_environment(&self, name: &str) -> Result<(String, Arc<dyn Decrypter>), Error>;
}

/// Decrypts the payload of an `escx` envelope.
pub trait Decrypter: Send + Sync {
    fn decrypt(&self, ciphertext: &[u8]) -> Result<Vec<u8>, Error>;
}

/// Encrypts a plaintext into the payload of an `escx` envelope.
pub trait Encrypter: Send + Sync {
    fn encrypt(&self, plaintext: &[u8]) -> Result<Vec<u8>, Error>;
}
