//! The signing keys of `fn::rotate::external` requests in the store, on both backends:
//! the first key created once however many processes race for it, rotation retiring the
//! current key in the same transaction, drop, copy between stores, and a data key
//! rotation (`escrot store key rotate`) after which the current key still opens and a
//! writer holding the retired data key can seal nothing.

mod common;

use std::sync::Barrier;
use std::thread;

use common::Backend;
use escrot_store::envelope::{new_data_key_change, wrap_change};
use escrot_store::*;
use zeroize::Zeroizing;

on_both_backends!(
    first_key_rotate_and_drop,
    concurrent_first_keys_have_one_winner,
    signing_keys_are_copied_to_another_store,
    the_current_key_opens_after_a_data_key_rotation,
);

/// A key as the store sees it: the store neither parses the JWK nor the private half.
fn new_key(kid: &str) -> NewSigningKey {
    NewSigningKey {
        kid: kid.into(),
        algorithm: "RS256".into(),
        public_jwk: format!(r#"{{"kty":"RSA","kid":"{kid}"}}"#),
        private_key: Zeroizing::new(format!("private half of {kid}").into_bytes()),
    }
}

fn states(s: &dyn Store) -> Vec<(String, SigningKeyState)> {
    s.list_signing_keys().unwrap().into_iter().map(|k| (k.kid, k.state)).collect()
}

fn current_kid(s: &dyn Store) -> Option<String> {
    s.current_signing_key().unwrap().map(|k| k.record.kid)
}

fn first_key_rotate_and_drop(b: &Backend) {
    let mut s = b.open();
    assert!(s.list_signing_keys().unwrap().is_empty());
    assert!(s.current_signing_key().unwrap().is_none());

    assert!(s.create_first_signing_key(&new_key("k1")).unwrap());
    assert!(!s.create_first_signing_key(&new_key("k2")).unwrap(), "a second first key is not stored");
    let current = s.current_signing_key().unwrap().unwrap();
    assert_eq!(current.record.kid, "k1");
    assert_eq!(&current.private_key[..], b"private half of k1");
    assert_eq!(current.record.public_jwk, r#"{"kty":"RSA","kid":"k1"}"#);
    assert!(!format!("{current:?}").contains("private half"), "{current:?}");

    assert_eq!(s.rotate_signing_key(&new_key("k2")).unwrap().as_deref(), Some("k1"));
    assert_eq!(states(&*s), [("k1".into(), SigningKeyState::Retired), ("k2".into(), SigningKeyState::Current)]);
    let listed = s.list_signing_keys().unwrap();
    assert!(listed[0].retired_at.is_some() && listed[1].retired_at.is_none(), "{listed:?}");
    assert_eq!(&s.current_signing_key().unwrap().unwrap().private_key[..], b"private half of k2");
    // A retired key's private half is wiped: only the current one's is exported.
    let exported = s.export_signing_keys().unwrap();
    assert_eq!(exported.iter().map(|k| k.private_key.is_some()).collect::<Vec<_>>(), [false, true]);

    let e = s.drop_signing_key("k2").unwrap_err();
    assert!(matches!(e, StoreError::SigningKeyIsCurrent(ref kid) if kid == "k2"), "{e:?}");
    assert!(e.to_string().contains("rotate first"), "{e}");
    let e = s.drop_signing_key("nope").unwrap_err();
    assert_eq!(e.to_string(), "the store has no signing key 'nope' (`escrot jwks ls` lists them)");
    s.drop_signing_key("k1").unwrap();
    assert_eq!(states(&*s), [("k2".into(), SigningKeyState::Current)]);
    // Another connection sees the same.
    assert_eq!(states(&*b.open_read_only()), [("k2".into(), SigningKeyState::Current)]);
}

fn concurrent_first_keys_have_one_winner(b: &Backend) {
    const WRITERS: usize = 4;
    let barrier = Barrier::new(WRITERS);
    let results: Vec<(bool, Option<String>)> = thread::scope(|scope| {
        let handles: Vec<_> = (0..WRITERS)
            .map(|i| {
                let barrier = &barrier;
                scope.spawn(move || {
                    // Each thread has its own store (its own connection), as processes would.
                    let mut s = b.open();
                    barrier.wait();
                    let created = s.create_first_signing_key(&new_key(&format!("k{i}"))).unwrap();
                    (created, current_kid(&*s))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(results.iter().filter(|(created, _)| *created).count(), 1, "{results:?}");
    let winner = results.iter().find(|(created, _)| *created).unwrap().1.clone();
    assert!(results.iter().all(|(_, kid)| *kid == winner), "{results:?}");
    assert_eq!(b.open().list_signing_keys().unwrap().len(), 1);
}

fn another_store_like(b: &Backend) -> Backend {
    match b {
        Backend::Sqlite(_) => Backend::sqlite(),
        Backend::Postgres { .. } => Backend::postgres("signing_keys_copy").unwrap(),
    }
}

fn signing_keys_are_copied_to_another_store(b: &Backend) {
    let mut source = b.open();
    source.create_first_signing_key(&new_key("k1")).unwrap();
    source.rotate_signing_key(&new_key("k2")).unwrap();
    let exported = source.export_signing_keys().unwrap();

    // The destination has a store key of its own: private halves are sealed again with it.
    let to = another_store_like(b);
    let mut destination = to.open();
    destination.import_signing_keys(&exported).unwrap();
    assert_eq!(destination.list_signing_keys().unwrap(), source.list_signing_keys().unwrap());
    assert_eq!(&destination.current_signing_key().unwrap().unwrap().private_key[..], b"private half of k2");

    let e = destination.import_signing_keys(&exported).unwrap_err();
    assert!(matches!(e, StoreError::DestinationHasSigningKeys { count: 2, .. }), "{e:?}");
}

/// A wrapper that "wraps" a data key by keeping it as it is: enough for the store's side of
/// a data key rotation, which only needs a wrap that unwraps.
struct KeptAsIs;

impl KeyWrapper for KeptAsIs {
    fn provider(&self) -> &'static str {
        "test"
    }

    fn wrap(&self, key_id: &str, data_key: &[u8], _context: &[(&str, &str)]) -> Result<WrappedKey, String> {
        Ok(WrappedKey { key_id: key_id.into(), ciphertext: data_key.to_vec() })
    }

    fn unwrap(&self, wrapped: &WrappedKey, _context: &[(&str, &str)]) -> Result<Zeroizing<Vec<u8>>, String> {
        Ok(Zeroizing::new(wrapped.ciphertext.clone()))
    }
}

fn the_current_key_opens_after_a_data_key_rotation(b: &Backend) {
    let mut s = b.open();
    s.create_first_signing_key(&new_key("k1")).unwrap();
    let wrap = wrap_change(&*s, &s.key(), &KeptAsIs, "test-key", false).unwrap();
    s.commit_key_change(&wrap, "admin").unwrap();
    let mut before = open_wrapped(b);
    let rotation = new_data_key_change(&*before, &before.key(), &KeptAsIs).unwrap();
    before.commit_key_change(&rotation, "admin").unwrap();

    // Sealed under the retired data key, the current key still opens (the retired keys).
    let mut after = open_wrapped(b);
    assert_eq!(&after.current_signing_key().unwrap().unwrap().private_key[..], b"private half of k1");
    // A writer that opened the store before the rotation holds the retired key: refused.
    let e = before.rotate_signing_key(&new_key("k2")).unwrap_err();
    assert!(matches!(e, StoreError::KeyChanged), "{e:?}");
    let e = before.import_signing_keys(&[]).unwrap_err();
    assert!(matches!(e, StoreError::KeyChanged), "{e:?}");
    assert_eq!(current_kid(&*after).as_deref(), Some("k1"));
    // The new data key's writer rotates, and the new current key opens.
    after.rotate_signing_key(&new_key("k2")).unwrap();
    assert_eq!(&open_wrapped(b).current_signing_key().unwrap().unwrap().private_key[..], b"private half of k2");
}

fn open_wrapped(b: &Backend) -> Box<dyn Store> {
    open_store_with_wrapper(&b.location(), &KeySource::BesideDatabase, Some(&KeptAsIs)).unwrap()
}
