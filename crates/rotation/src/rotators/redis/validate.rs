//! The check of a `redis` rotator's inputs that its schema cannot express: the rotated user
//! must not be the managing user (its rotation would retire the managing password every
//! environment that manages the server with it uses). `check` reports it at `user`.

use serde::Deserialize;

use crate::rotators::inputs::{self, Inputs, Known};
use escrot_esc::provider::InputProblem;

/// The user names as a check sees them: either may not be known yet (the managing user is
/// rotate-only).
#[derive(Deserialize)]
struct Names {
    #[serde(default)]
    user: Known<String>,
    #[serde(default)]
    server: Known<ServerNames>,
}

#[derive(Deserialize)]
struct ServerNames {
    #[serde(rename = "managingUser", default)]
    managing_user: Known<ManagingName>,
}

#[derive(Deserialize)]
struct ManagingName {
    #[serde(default)]
    username: Known<String>,
}

/// What is wrong with the users, among those known. The message names the inputs, never
/// the users (a user name may be secret).
pub(super) fn problems(inputs: &Inputs) -> Vec<InputProblem> {
    // `validate` sees inputs that match the schema; any that do not are the schema's to report.
    let Ok(names) = inputs::read::<Names>(inputs) else { return Vec::new() };
    let managing = names.server.0.and_then(|s| s.managing_user.0).and_then(|m| m.username.0);
    match (names.user.0, managing) {
        (Some(user), Some(managing)) if !user.is_empty() && user == managing => vec![InputProblem::at(
            "user",
            "user is the managing user (server.managingUser.username): rotating it would retire the password \
             everything that manages the server as that user logs in with; rotate another user",
        )],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use escrot_esc::value::Value;

    fn inputs(user: Value, managing: Value) -> Inputs {
        let object = |k: &str, v: Value| Value::object(BTreeMap::from([(k.to_owned(), v)]));
        BTreeMap::from([
            ("user".to_owned(), user),
            ("server".to_owned(), object("managingUser", object("username", managing))),
        ])
    }

    #[test]
    fn the_user_must_not_be_the_managing_user() {
        let s = Value::string;
        assert!(problems(&inputs(s("app"), s("mgr"))).is_empty());
        let found = problems(&inputs(s("mgr"), s("mgr")));
        assert_eq!(found.iter().map(|p| p.path.to_string()).collect::<Vec<_>>(), ["user"]);
        // Unknown outside a rotation or the root's check.
        assert!(problems(&inputs(s("mgr"), Value::unknown())).is_empty());
        let secret = s("mgr").with_secret(true);
        let found = problems(&inputs(secret.clone(), secret));
        assert_eq!(found.len(), 1);
        assert!(!found[0].message.contains("mgr"), "{}", found[0].message);
    }
}
