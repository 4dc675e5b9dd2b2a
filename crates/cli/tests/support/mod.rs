//! Real servers the integration tests start: moto (IAM, STS) and PostgreSQL/MariaDB, from
//! the workspace's shared `escrot-testkit` crate.

pub use escrot_testkit::{databases, moto};
