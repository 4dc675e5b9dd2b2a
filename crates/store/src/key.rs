//! The store key: 32 random bytes that encrypt what the store must keep secret at rest —
//! rotation journal payloads (new credentials in flight) and, through [`Encrypter`] /
//! [`Decrypter`], the `fn::secret` ciphertexts the language core writes into definitions.
//!
//! Where it comes from, in order: an explicit key (`ESCROT_KEY`, standard base64), else a key
//! file beside the database (`escrot.db` → `escrot.key`) created on first use. The file is
//! created with mode 0600 from the first byte (create-new with the mode, then hard-linked into
//! place, so no other process ever sees it partially written or world-readable), and a key
//! file that other users could read is refused rather than silently trusted.
//!
//! Encryption is XChaCha20-Poly1305: its 24-byte nonces are random per value, so no counter
//! needs to be kept in sync across processes sharing one store. A payload is
//! `nonce (24 bytes) || ciphertext || tag (16 bytes)`. Each use binds its own associated data
//! (a secret in a definition cannot be passed off as a journal payload, or the reverse).

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

use super::error::{KeyError, StoreError};
use escrot_esc::provider::{self, Decrypter, Encrypter};

/// Length of a store key in bytes.
pub const KEY_LEN: usize = 32;
/// Length of the random nonce that starts every payload.
pub const NONCE_LEN: usize = 24;
/// Length of the authentication tag that ends every payload.
pub const TAG_LEN: usize = 16;

/// The environment variable holding an explicit store key (standard base64 of 32 bytes).
pub const KEY_ENV_VAR: &str = "ESCROT_KEY";

/// Associated data of the secrets the language core encrypts through [`Encrypter`].
pub(crate) const AAD_SECRET: &[u8] = b"escrot/secret/v1";
/// Associated data of rotation journal payloads.
pub(crate) const AAD_JOURNAL: &[u8] = b"escrot/journal/v1";
/// Associated data of an edit kept in a file because it could not be saved (followed by
/// what the edit was made on, so that a file cannot be replayed onto another environment).
pub(crate) const AAD_KEPT_EDIT: &[u8] = b"escrot/kept-edit/v1\0";
fn kept_edit_aad(context: &str) -> Vec<u8> {
    [AAD_KEPT_EDIT, context.as_bytes()].concat()
}

/// Associated data of the key check value kept in the database.
pub(crate) const AAD_KEY_CHECK: &[u8] = b"escrot/key-check/v1";
/// Associated data of the retired data keys, kept sealed under the current one (see
/// [`envelope`](crate::envelope)).
pub(crate) const AAD_RETIRED_KEYS: &[u8] = b"escrot/retired-keys/v1";
/// The plaintext of the key check value (see the `meta` table).
pub(crate) const KEY_CHECK_PLAINTEXT: &[u8] = b"escrot store key check";

/// Where the store key comes from. `Debug` never shows an inline key.
#[derive(Clone)]
pub enum KeySource {
    /// The key file beside the database (`<db>.key`, e.g. `escrot.key`), created on first use.
    BesideDatabase,
    /// A key file at this path, created on first use.
    File(PathBuf),
    /// A key given inline in standard base64 (what `ESCROT_KEY` holds).
    Base64(Zeroizing<String>),
}

impl KeySource {
    /// `ESCROT_KEY` when it is set (and not empty), else the key file beside the database.
    pub fn from_env() -> KeySource {
        match escrot_vars::get(KEY_ENV_VAR) {
            Some(v) => KeySource::Base64(Zeroizing::new(v)),
            None => KeySource::BesideDatabase,
        }
    }
}

impl fmt::Debug for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySource::BesideDatabase => f.write_str("BesideDatabase"),
            KeySource::File(p) => f.debug_tuple("File").field(p).finish(),
            KeySource::Base64(_) => f.write_str("Base64([redacted])"),
        }
    }
}

/// A 32-byte store key, zeroized on drop, never printed. It encrypts with its current key;
/// it decrypts with the current key or, for what was written before a data key rotation,
/// with one of the retired keys the store keeps (see [`envelope`](crate::envelope)).
pub struct StoreKey {
    key: Zeroizing<[u8; KEY_LEN]>,
    /// Where the key came from ("ESCROT_KEY", a file path), for error messages.
    origin: String,
    /// Data keys replaced by `escrot store key rotate`, newest first: old revisions and
    /// files still hold ciphertexts made with them.
    retired: Vec<Zeroizing<[u8; KEY_LEN]>>,
}

impl fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoreKey")
            .field("origin", &self.origin)
            .field("key", &"[redacted]")
            .field("retired", &self.retired.len())
            .finish()
    }
}

impl StoreKey {
    /// A new random key from the operating system's CSPRNG.
    pub fn generate(origin: impl Into<String>) -> Result<StoreKey, KeyError> {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        getrandom::fill(&mut key[..]).map_err(|e| KeyError::Random(e.to_string()))?;
        Ok(StoreKey { key, origin: origin.into(), retired: Vec::new() })
    }

    /// A key from raw bytes.
    pub fn from_bytes(bytes: Zeroizing<[u8; KEY_LEN]>, origin: impl Into<String>) -> StoreKey {
        StoreKey { key: bytes, origin: origin.into(), retired: Vec::new() }
    }

    /// A key from a byte slice that must be [`KEY_LEN`] long (what a key wrapper returns).
    pub(crate) fn from_slice(bytes: &[u8], origin: impl Into<String>) -> Result<StoreKey, KeyError> {
        let origin = origin.into();
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        if bytes.len() != KEY_LEN {
            return Err(KeyError::Invalid {
                origin,
                reason: format!("it is {} bytes instead of {KEY_LEN}", bytes.len()),
            });
        }
        key.copy_from_slice(bytes);
        Ok(StoreKey { key, origin, retired: Vec::new() })
    }

    /// The current key's bytes, for a key wrapper to encrypt. Never printed or stored.
    pub(crate) fn bytes(&self) -> &[u8; KEY_LEN] {
        &self.key
    }

    /// Adds the data keys this one replaced (newest first), so that what they encrypted
    /// still decrypts.
    pub(crate) fn with_retired(mut self, retired: Vec<Zeroizing<[u8; KEY_LEN]>>) -> StoreKey {
        self.retired = retired;
        self
    }

    /// The retired data keys, newest first.
    pub(crate) fn retired(&self) -> &[Zeroizing<[u8; KEY_LEN]>] {
        &self.retired
    }

    /// A key from standard base64 (surrounding whitespace ignored). `origin` names where the
    /// text came from in error messages (e.g. `ESCROT_KEY`).
    pub fn from_base64(text: &str, origin: impl Into<String>) -> Result<StoreKey, KeyError> {
        let origin = origin.into();
        // The decoder's error may quote an offending byte of the key; keep only its kind.
        let bytes = Zeroizing::new(BASE64.decode(text.trim()).map_err(|_| KeyError::Invalid {
            origin: origin.clone(),
            reason: "it is not valid standard base64".into(),
        })?);
        if bytes.len() != KEY_LEN {
            return Err(KeyError::Invalid {
                origin,
                reason: format!("it decodes to {} bytes instead of {KEY_LEN}", bytes.len()),
            });
        }
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        key.copy_from_slice(&bytes);
        Ok(StoreKey { key, origin, retired: Vec::new() })
    }

    /// The key in standard base64, as `ESCROT_KEY` and key files hold it.
    pub fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(BASE64.encode(&self.key[..]))
    }

    /// Where the key came from, for messages.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Encrypts `plaintext`, binding `aad`: `nonce || ciphertext || tag`.
    pub(crate) fn seal(&self, aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, KeyError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| KeyError::Random(e.to_string()))?;
        let cipher = XChaCha20Poly1305::new_from_slice(&self.key[..])
            .map_err(|_| KeyError::Encrypt("invalid key length".into()))?;
        let ct = cipher
            .encrypt(&XNonce::from(nonce), Payload { msg: plaintext, aad })
            .map_err(|_| KeyError::Encrypt("the cipher refused the message".into()))?;
        let mut out = Vec::with_capacity(NONCE_LEN + ct.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        Ok(out)
    }

    /// Decrypts a payload made by [`seal`](Self::seal) with the same `aad`, with the current
    /// key or a retired one (the tag tells which: a wrong key fails authentication, so
    /// trying each is safe). A wrong key, a different `aad`, a truncated or altered payload
    /// all give [`KeyError::Decrypt`].
    pub(crate) fn open(&self, aad: &[u8], payload: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        std::iter::once(&self.key)
            .chain(&self.retired)
            .find_map(|key| open_with(key, aad, payload).ok())
            .ok_or(KeyError::Decrypt)
    }

    /// Decrypts with the current key only: the key check, which must tell a retired key
    /// from the current one.
    pub(crate) fn open_current(&self, aad: &[u8], payload: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        open_with(&self.key, aad, payload)
    }

    /// Encrypts an edit that could not be saved, in standard base64, binding `context` (the
    /// environment and revision it was made on): a kept edit is never plaintext on disk.
    pub fn seal_kept_edit(&self, context: &str, text: &str) -> Result<String, KeyError> {
        Ok(BASE64.encode(self.seal(&kept_edit_aad(context), text.as_bytes())?))
    }

    /// Decrypts what [`seal_kept_edit`](Self::seal_kept_edit) made with the same `context`.
    pub fn open_kept_edit(&self, context: &str, sealed: &str) -> Result<Zeroizing<String>, KeyError> {
        let payload = BASE64.decode(sealed.trim()).map_err(|_| KeyError::Decrypt)?;
        let plain = self.open(&kept_edit_aad(context), &payload)?;
        String::from_utf8(plain.to_vec()).map(Zeroizing::new).map_err(|_| KeyError::Decrypt)
    }

    /// Reads the key file at `path`, refusing it unless it is a regular file only its owner
    /// can read or write (mode 0600 or stricter).
    pub fn read_file(path: &Path) -> Result<StoreKey, StoreError> {
        let mut file = File::open(path)
            .map_err(|e| StoreError::io(format!("cannot open the store key file {}", path.display()), e))?;
        // Check the metadata of the file we opened, not of the path, so that what we check
        // is what we read.
        let meta = file
            .metadata()
            .map_err(|e| StoreError::io(format!("cannot inspect the store key file {}", path.display()), e))?;
        if !meta.is_file() {
            return Err(KeyError::NotAFile { path: path.to_owned() }.into());
        }
        check_permissions(path, &meta)?;
        let mut text = Zeroizing::new(String::new());
        file.read_to_string(&mut text)
            .map_err(|e| StoreError::io(format!("cannot read the store key file {}", path.display()), e))?;
        Ok(StoreKey::from_base64(&text, path.display().to_string())?)
    }

    /// Writes this key into a new key file at `path` (mode 0600 from the first byte, as a
    /// key file made on first use), for a store copied from another one: returns the key the
    /// file holds, which is another one when another process created the file first.
    pub fn write_new_file(&self, path: &Path) -> Result<StoreKey, StoreError> {
        let copy = StoreKey::from_bytes(self.key.clone(), path.display().to_string());
        write_key_file(path, copy)
    }

    /// Reads the key file at `path`; when it does not exist and `create` is true, creates it
    /// with a new random key. When it does not exist and `create` is false (the store already
    /// holds data encrypted under some key), fails with [`KeyError::Missing`] instead of
    /// making a key that would decrypt nothing.
    pub fn read_or_create_file(path: &Path, create: bool) -> Result<StoreKey, StoreError> {
        match StoreKey::read_file(path) {
            Err(StoreError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
                if create {
                    create_key_file(path)
                } else {
                    Err(KeyError::Missing { path: path.to_owned() }.into())
                }
            }
            other => other,
        }
    }
}

fn open_with(key: &[u8; KEY_LEN], aad: &[u8], payload: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    if payload.len() < NONCE_LEN + TAG_LEN {
        return Err(KeyError::Decrypt);
    }
    let (nonce, ct) = payload.split_at(NONCE_LEN);
    let nonce = XNonce::try_from(nonce).map_err(|_| KeyError::Decrypt)?;
    let cipher = XChaCha20Poly1305::new_from_slice(&key[..]).map_err(|_| KeyError::Decrypt)?;
    cipher.decrypt(&nonce, Payload { msg: ct, aad }).map(Zeroizing::new).map_err(|_| KeyError::Decrypt)
}

#[cfg(unix)]
fn check_permissions(path: &Path, meta: &fs::Metadata) -> Result<(), StoreError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o7777;
    if mode & 0o077 != 0 {
        return Err(KeyError::LoosePermissions { path: path.to_owned(), mode }.into());
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_permissions(_path: &Path, _meta: &fs::Metadata) -> Result<(), StoreError> {
    Ok(())
}

/// Opens a new file that must not exist yet, readable and writable by its owner only from
/// the moment it is created (umask can only remove bits).
fn create_new_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Creates the key file atomically: the key is written and synced to a private temporary
/// file, which is then hard-linked to `path`. `link` fails if `path` exists, so when two
/// processes race on first use one wins and the other reads the winner's key; nobody ever
/// reads a half-written key file.
fn create_key_file(path: &Path) -> Result<StoreKey, StoreError> {
    write_key_file(path, StoreKey::generate(path.display().to_string())?)
}

/// Writes `key` into the key file `path`, which must not exist yet, as [`create_key_file`]
/// does; returns the file's key (another process's, when it created the file first).
fn write_key_file(path: &Path, key: StoreKey) -> Result<StoreKey, StoreError> {
    let mut suffix = [0u8; 8];
    getrandom::fill(&mut suffix).map_err(|e| KeyError::Random(e.to_string()))?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "escrot.key".into());
    let tmp = path.with_file_name(format!(".{file_name}.{}.tmp", hex::encode(suffix)));
    let ctx = || format!("cannot create the store key file {}", path.display());

    let write = |file: &mut File| -> io::Result<()> {
        let mut text = key.to_base64();
        text.push('\n');
        file.write_all(text.as_bytes())?;
        file.sync_all()
    };
    let mut file = create_new_private(&tmp).map_err(|e| StoreError::io(ctx(), e))?;
    if let Err(e) = write(&mut file) {
        let _ = fs::remove_file(&tmp);
        return Err(StoreError::io(ctx(), e));
    }
    drop(file);
    let linked = fs::hard_link(&tmp, path);
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => {
            sync_parent_dir(path);
            Ok(key)
        }
        // Another process created it first: use theirs.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => StoreKey::read_file(path),
        // A file system without hard links: create the file in place (still create-new and
        // 0600; a concurrent first use could then read a partial file and fail cleanly).
        Err(_) => {
            let mut file = match create_new_private(path) {
                Ok(f) => f,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return StoreKey::read_file(path),
                Err(e) => return Err(StoreError::io(ctx(), e)),
            };
            write(&mut file).map_err(|e| StoreError::io(ctx(), e))?;
            sync_parent_dir(path);
            Ok(key)
        }
    }
}

/// Makes the new directory entry durable. Best effort: not every platform can open a
/// directory, and the key file itself is already synced.
fn sync_parent_dir(path: &Path) {
    if let Some(dir) = path.parent()
        && let Ok(d) = File::open(if dir.as_os_str().is_empty() { Path::new(".") } else { dir })
    {
        let _ = d.sync_all();
    }
}

impl Encrypter for StoreKey {
    fn encrypt(&self, plaintext: &[u8]) -> Result<Vec<u8>, provider::Error> {
        Ok(self.seal(AAD_SECRET, plaintext)?)
    }
}

impl Decrypter for StoreKey {
    fn decrypt(&self, ciphertext: &[u8]) -> Result<Vec<u8>, provider::Error> {
        // The trait hands the plaintext over by value; the caller owns its lifetime.
        Ok(self.open(AAD_SECRET, ciphertext)?.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_round_trip_and_tamper() {
        let k = StoreKey::generate("test").unwrap();
        let p = k.seal(AAD_JOURNAL, b"hunter2").unwrap();
        assert_eq!(p.len(), NONCE_LEN + 7 + TAG_LEN);
        assert_eq!(&k.open(AAD_JOURNAL, &p).unwrap()[..], b"hunter2");
        // Fresh nonce every time.
        assert_ne!(k.seal(AAD_JOURNAL, b"hunter2").unwrap(), p);
        // Other associated data, altered byte, truncation, other key: all Decrypt, no panic.
        assert!(matches!(k.open(AAD_SECRET, &p), Err(KeyError::Decrypt)));
        let mut bad = p.clone();
        bad[NONCE_LEN] ^= 1;
        assert!(matches!(k.open(AAD_JOURNAL, &bad), Err(KeyError::Decrypt)));
        assert!(matches!(k.open(AAD_JOURNAL, &p[..10]), Err(KeyError::Decrypt)));
        assert!(matches!(k.open(AAD_JOURNAL, &[]), Err(KeyError::Decrypt)));
        let other = StoreKey::generate("other").unwrap();
        let e = other.open(AAD_JOURNAL, &p).unwrap_err();
        assert!(e.to_string().contains("cannot decrypt: the store key does not match"));
    }

    #[test]
    fn retired_keys_decrypt_but_never_pass_as_current() {
        let old = StoreKey::generate("old").unwrap();
        let sealed_old = old.seal(AAD_SECRET, b"from before").unwrap();
        let new = StoreKey::generate("new").unwrap().with_retired(vec![Zeroizing::new(*old.bytes())]);
        assert_eq!(&new.open(AAD_SECRET, &sealed_old).unwrap()[..], b"from before");
        assert!(matches!(new.open_current(AAD_SECRET, &sealed_old), Err(KeyError::Decrypt)));
        // New ciphertexts are the current key's only.
        let sealed_new = new.seal(AAD_SECRET, b"after").unwrap();
        assert!(matches!(old.open(AAD_SECRET, &sealed_new), Err(KeyError::Decrypt)));
        assert!(format!("{new:?}").contains("retired: 1"));
        assert!(StoreKey::from_slice(&[0u8; 16], "kms").unwrap_err().to_string().contains("16 bytes instead of 32"));
    }

    #[test]
    fn encrypter_decrypter_traits() {
        let k = StoreKey::generate("test").unwrap();
        let ct = Encrypter::encrypt(&k, b"s3cret").unwrap();
        assert_eq!(Decrypter::decrypt(&k, &ct).unwrap(), b"s3cret");
        let other = StoreKey::generate("other").unwrap();
        let e = Decrypter::decrypt(&other, &ct).unwrap_err();
        assert!(e.to_string().starts_with("cannot decrypt"));
    }

    #[test]
    fn base64_round_trip_and_errors() {
        let k = StoreKey::generate("test").unwrap();
        let b = k.to_base64();
        let k2 = StoreKey::from_base64(&format!("  {}\n", &*b), "ESCROT_KEY").unwrap();
        assert_eq!(k2.key[..], k.key[..]);
        let e = StoreKey::from_base64("not base64!!", "ESCROT_KEY").unwrap_err().to_string();
        assert!(e.contains("ESCROT_KEY") && e.contains("base64"), "{e}");
        let e = StoreKey::from_base64(&BASE64.encode([1u8; 16]), "ESCROT_KEY").unwrap_err().to_string();
        assert!(e.contains("16 bytes instead of 32"), "{e}");
    }

    #[test]
    fn debug_never_shows_the_key() {
        let k = StoreKey::generate("somewhere").unwrap();
        let b64 = k.to_base64();
        let d = format!("{k:?}");
        assert!(d.contains("redacted") && d.contains("somewhere"));
        assert!(!d.contains(b64.as_str()));
        let s = KeySource::Base64(b64.clone());
        assert!(!format!("{s:?}").contains(b64.as_str()));
    }
}
