//! Real servers the integration tests start: moto (IAM, STS) and PostgreSQL/MariaDB.

pub mod databases;
pub mod moto;
