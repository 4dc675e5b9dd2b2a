//! Real servers the integration tests start: moto (IAM, STS) and PostgreSQL/MariaDB, and a
//! proxy counting connections, from the workspace's shared `escrot-testkit` crate.

pub use escrot_testkit::{adapter, databases, moto, proxy, redis};
