//! One HTTPS client for many SDK clients.
//!
//! An SDK client whose configuration names no HTTP client gets a new one, with a connection
//! pool of its own: each client escrot made opened connections of its own, so that nearly
//! every call paid for TCP and TLS handshakes (round trips to the cloud before the request
//! is even sent). Clients made from configurations that share [`https_client`] share its
//! pool, and a call goes out on a connection an earlier call opened.

use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
use aws_smithy_http_client::{Builder, ConnectorBuilder, proxy::ProxyConfig};
use aws_smithy_runtime_api::client::http::SharedHttpClient;

/// The HTTPS client the SDK would make for each client (rustls with aws-lc, and the proxy
/// settings of `HTTPS_PROXY`, `NO_PROXY`… as the pinned behaviour version reads them),
/// made once for all of them. Its connections belong to the async runtime that opened them.
pub fn https_client() -> SharedHttpClient {
    Builder::new().build_with_connector_fn(|settings, components| {
        let mut connector = ConnectorBuilder::default().tls_provider(tls::Provider::Rustls(CryptoMode::AwsLc));
        connector.set_connector_settings(settings.cloned());
        if let Some(components) = components {
            connector.set_sleep_impl(components.sleep_impl());
        }
        connector.set_proxy_config(Some(ProxyConfig::from_env()));
        connector.build()
    })
}
