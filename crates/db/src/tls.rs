//! TLS for database connections: the rustls client configuration shared with the
//! PostgreSQL store lives in `escrot-tls` (so that the store need not depend on this
//! crate's MySQL client); this module keeps its old path for the rotators.

pub use escrot_tls::*;
