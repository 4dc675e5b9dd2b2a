//! Real servers for escrot's tests, shared by the crates' test suites (a dev-dependency
//! only, never published): PostgreSQL and MariaDB ([`databases`]), started once per test
//! binary on a free loopback port, and moto, a local AWS ([`moto`]).

pub mod databases;
pub mod moto;
