//! The key `fn::rotate::external` signs its tokens with, as `rotate` hands it to the
//! rotators: the store's, read (or created, on first use) only when a run makes its first
//! external request, so that a rotation without external rotators costs nothing more.

use std::sync::{Arc, Mutex};

use crate::workspace::Workspace;
use escrot_rotation::rotators::external::KeySource;
use escrot_rotation::signing::SigningKey;
use escrot_store::Store;

/// The key of this open store.
pub fn from_store(store: &Arc<Mutex<dyn Store>>) -> KeySource {
    let store = store.clone();
    Arc::new(move || {
        let mut store = store.lock().unwrap_or_else(|e| e.into_inner());
        current_key(&mut *store)
    })
}

/// The key of the store `--store` names, opened when it is first needed (`rotate --file`
/// opens no store for its environment).
pub fn from_store_flag(store_flag: Option<String>, org_flag: Option<String>) -> KeySource {
    Arc::new(move || {
        let ws = Workspace::open(store_flag.as_deref(), org_flag.as_deref()).map_err(|e| e.message)?;
        let mut store = ws.lock();
        current_key(&mut *store)
    })
}

fn current_key(store: &mut dyn Store) -> Result<SigningKey, String> {
    escrot_rotation::signing::current_key(store).map_err(|e| e.to_string())
}
