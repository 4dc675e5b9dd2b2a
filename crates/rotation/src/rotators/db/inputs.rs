//! The inputs of the `postgres` and `mysql` rotators, as their schema describes them, in
//! the order they are checked. User names and the connector's ARN keep whether they are
//! secret: messages then name them by their role, and a secret user stays secret in the
//! state.

use std::fmt;

use serde::Deserialize;
use serde::de::{Unexpected, Visitor};

use crate::aws::Login;
use crate::rotators::inputs::{MaybeSecret, NonEmpty};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DbInputs {
    pub(super) database: DatabaseInput,
    pub(super) rotate_users: RotateUsers,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DatabaseInput {
    pub(super) host: NonEmpty,
    pub(super) port: Port,
    pub(super) database: NonEmpty,
    pub(super) managing_user: CredentialInput,
    /// Absent or `null`: escrot connects directly.
    pub(super) connector: Option<ConnectorInput>,
}

#[derive(Deserialize)]
pub(super) struct CredentialInput {
    pub(super) username: MaybeSecret<NonEmpty>,
    pub(super) password: NonEmpty,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ConnectorInput {
    pub(super) aws_lambda: AwsLambdaInput,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AwsLambdaInput {
    pub(super) lambda_arn: MaybeSecret<NonEmpty>,
    pub(super) login: Login,
}

#[derive(Deserialize)]
pub(super) struct RotateUsers {
    pub(super) username1: MaybeSecret<NonEmpty>,
    pub(super) username2: MaybeSecret<NonEmpty>,
}

/// `database.port`: a whole number from 1 to 65535.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Port(pub(crate) u16);

impl<'de> Deserialize<'de> for Port {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Port, D::Error> {
        struct PortNumber;
        impl Visitor<'_> for PortNumber {
            type Value = u16;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number between 1 and 65535")
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<u16, E> {
                u16::try_from(n)
                    .ok()
                    .filter(|p| *p >= 1)
                    .ok_or_else(|| E::invalid_value(Unexpected::Unsigned(n), &self))
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<u16, E> {
                Err(E::invalid_value(Unexpected::Signed(n), &self))
            }
            fn visit_f64<E: serde::de::Error>(self, f: f64) -> Result<u16, E> {
                Err(E::invalid_value(Unexpected::Float(f), &self))
            }
        }
        deserializer.deserialize_u16(PortNumber).map(Port)
    }
}
