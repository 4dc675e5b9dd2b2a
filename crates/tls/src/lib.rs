//! TLS for escrot's database connections (the rotators' and the PostgreSQL store's): rustls
//! with the aws-lc-rs provider, the platform's and Mozilla's root certificates, and optionally a
//! CA bundle of one's own.
//!
//! `ESCROT_DB_TLS` chooses the policy: `prefer` (the default: TLS when the server offers it,
//! as PostgreSQL's `sslmode=prefer`), `require` (refuse a server without TLS) or `disable`.
//! `ESCROT_DB_CA_FILE` names a PEM bundle of extra CAs (a cloud provider's database CA,
//! such as Amazon RDS's).

use std::sync::{Arc, OnceLock};

use rustls::ClientConfig;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

/// The variable that chooses the TLS policy.
pub const TLS_ENV_VAR: &str = "ESCROT_DB_TLS";
/// The variable naming a PEM bundle of extra CAs.
pub const CA_FILE_ENV_VAR: &str = "ESCROT_DB_CA_FILE";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsPolicy {
    Prefer,
    Require,
    Disable,
}

/// The policy `ESCROT_DB_TLS` asks for.
pub fn policy() -> Result<TlsPolicy, String> {
    match escrot_vars::get(TLS_ENV_VAR).as_deref() {
        None | Some("prefer") => Ok(TlsPolicy::Prefer),
        Some("require") => Ok(TlsPolicy::Require),
        Some("disable") => Ok(TlsPolicy::Disable),
        Some(other) => Err(format!("{TLS_ENV_VAR} must be prefer, require or disable (got \"{other}\")")),
    }
}

/// The extra CA certificates of `ESCROT_DB_CA_FILE`, PEM-encoded.
pub fn extra_ca_pem() -> Result<Option<Vec<u8>>, String> {
    match escrot_vars::get_os(CA_FILE_ENV_VAR) {
        None => Ok(None),
        Some(path) => std::fs::read(&path)
            .map(Some)
            .map_err(|e| format!("cannot read {CA_FILE_ENV_VAR} {}: {e}", std::path::Path::new(&path).display())),
    }
}

/// The client configuration, built once per process.
pub fn client_config() -> Result<Arc<ClientConfig>, String> {
    static CONFIG: OnceLock<Result<Arc<ClientConfig>, String>> = OnceLock::new();
    CONFIG.get_or_init(build).clone()
}

fn build() -> Result<Arc<ClientConfig>, String> {
    config_with_ca_file(CA_FILE_ENV_VAR).map(Arc::new)
}

/// A client configuration with the platform's and Mozilla's roots, plus the PEM bundle the
/// variable `ca_file_var` names, if it is set: the databases' (`ESCROT_DB_CA_FILE`), or the
/// external rotator's HTTPS client (`ESCROT_CA_FILE`), whose CAs are another concern.
pub fn config_with_ca_file(ca_file_var: &str) -> Result<ClientConfig, String> {
    let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    if let Some(path) = escrot_vars::get_os(ca_file_var) {
        let pem = std::fs::read(&path)
            .map_err(|e| format!("cannot read {ca_file_var} {}: {e}", std::path::Path::new(&path).display()))?;
        for cert in CertificateDer::pem_slice_iter(&pem) {
            let cert = cert.map_err(|e| format!("{ca_file_var}: {e}"))?;
            roots.add(cert).map_err(|e| format!("{ca_file_var}: {e}"))?;
        }
    }
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS setup: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}
