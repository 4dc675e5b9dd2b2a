//! Real servers for escrot's tests, shared by the crates' test suites (a dev-dependency
//! only, never published): PostgreSQL and MariaDB ([`databases`]), started once per test
//! binary on a free loopback port, moto, a local AWS ([`moto`]; Secrets Manager secrets and
//! Parameter Store parameters in it, [`aws_values`]), and a TCP proxy that
//! counts connections and round trips ([`proxy`]), Redis ([`redis`]), an
//! `fn::rotate::external` adapter over HTTPS with a test CA ([`adapter`]), and moto's
//! Secrets Manager in the states a rotation function sees ([`secrets_manager`]).

pub mod adapter;
pub mod aws_values;
pub mod databases;
pub mod moto;
pub mod proxy;
pub mod redis;
pub mod secrets_manager;
