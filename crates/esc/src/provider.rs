//! The interfaces through which the evaluator reaches the outside world. The language
//! core does no I/O: providers (`fn::open::*`), rotators (`fn::rotate::*`), imported
//! environments and secret decryption are all passed in by the caller.

use std::collections::BTreeMap;
use std::sync::Arc;

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

/// A `fn::rotate::NAME` rotator.
pub trait Rotator: Send + Sync {
    /// The input, state and output schemas.
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>, Arc<Schema>);
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
