//! Real servers the integration tests start: moto (IAM, STS) and PostgreSQL/MariaDB, and a
//! proxy counting connections, from the workspace's shared `escrot-testkit` crate.

pub use escrot_testkit::{adapter, aws_values, databases, moto, proxy, redis};
