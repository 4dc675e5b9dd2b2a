//! The checks of a database rotator's inputs that its schema cannot express: the two
//! rotated users must be two users, and neither may be the managing user (rotating the
//! managing user's own password would lock out every other environment that manages the
//! database with it). `check` reports them at the offending input; `plan` refuses them.

use serde::Deserialize;

use crate::rotators::inputs::{self, Inputs, Known};
use escrot_esc::provider::InputProblem;

/// The user names as a check sees them: any of them may not be known yet (a rotate-only
/// input outside the root environment's check, a provider's output).
#[derive(Deserialize)]
struct Names {
    #[serde(rename = "rotateUsers", default)]
    users: Known<UserNames>,
    #[serde(default)]
    database: Known<DatabaseNames>,
}

#[derive(Default, Deserialize)]
struct UserNames {
    #[serde(default)]
    username1: Known<String>,
    #[serde(default)]
    username2: Known<String>,
}

#[derive(Deserialize)]
struct DatabaseNames {
    #[serde(rename = "managingUser", default)]
    managing_user: Known<ManagingName>,
}

#[derive(Deserialize)]
struct ManagingName {
    #[serde(default)]
    username: Known<String>,
}

/// What is wrong with the users of a `postgres` or `mysql` rotator, among those known.
pub(super) fn problems(inputs: &Inputs) -> Vec<InputProblem> {
    // `validate` sees inputs that match the schema; any that do not are the schema's to report.
    let Ok(names) = inputs::read::<Names>(inputs) else { return Vec::new() };
    let users = names.users.0.unwrap_or_default();
    let managing = names.database.0.and_then(|d| d.managing_user.0).and_then(|m| m.username.0);
    problems_of(users.username1.0.as_deref(), users.username2.0.as_deref(), managing.as_deref())
}

/// What is wrong with these users (`None`, or empty: not known). Messages name the
/// inputs, never the users (a user name may be secret).
pub(super) fn problems_of(user1: Option<&str>, user2: Option<&str>, managing: Option<&str>) -> Vec<InputProblem> {
    let [user1, user2, managing] = [user1, user2, managing].map(|name| name.filter(|n| !n.is_empty()));
    let mut out = Vec::new();
    let same = user1.is_some() && user1 == user2;
    if let Some(m) = managing {
        for (key, user) in [("username1", user1), ("username2", user2)] {
            if user == Some(m) && !(same && key == "username2") {
                out.push(InputProblem::at(
                    &format!("rotateUsers.{key}"),
                    format!(
                        "rotateUsers.{key} is the managing user (database.managingUser.username): rotating its \
                         password would lock out everything that manages the database as that user; rotate two \
                         other users"
                    ),
                ));
            }
        }
    }
    if same {
        out.push(InputProblem::at(
            "rotateUsers.username2",
            "rotateUsers.username1 and rotateUsers.username2 are the same user: they must be two different users \
             (the new password of one is set while the other's still works)",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use escrot_esc::value::Value;

    fn inputs(user1: Value, user2: Value, managing: Value) -> Inputs {
        let object = |entries: Vec<(&str, Value)>| {
            Value::object(entries.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<BTreeMap<_, _>>())
        };
        BTreeMap::from([
            ("rotateUsers".to_owned(), object(vec![("username1", user1), ("username2", user2)])),
            ("database".to_owned(), object(vec![("managingUser", object(vec![("username", managing)]))])),
        ])
    }

    fn paths(inputs: &Inputs) -> Vec<String> {
        problems(inputs).iter().map(|p| p.path.to_string()).collect()
    }

    #[test]
    fn users_must_differ_from_each_other_and_from_the_managing_user() {
        let s = Value::string;
        assert!(paths(&inputs(s("a"), s("b"), s("admin"))).is_empty());
        assert_eq!(paths(&inputs(s("a"), s("a"), s("admin"))), ["rotateUsers.username2"]);
        assert_eq!(paths(&inputs(s("admin"), s("b"), s("admin"))), ["rotateUsers.username1"]);
        assert_eq!(paths(&inputs(s("a"), s("admin"), s("admin"))), ["rotateUsers.username2"]);
        assert_eq!(
            paths(&inputs(s("admin"), s("admin"), s("admin"))),
            ["rotateUsers.username1", "rotateUsers.username2"]
        );
        // The managing user is rotate-only: unknown outside a rotation or the root's check.
        assert!(paths(&inputs(s("admin"), s("b"), Value::unknown())).is_empty());
        // Secret names are compared too, and never shown.
        let secret = s("admin").with_secret(true);
        let found = problems(&inputs(secret.clone(), s("b"), secret));
        assert_eq!(found.len(), 1);
        assert!(!found[0].message.contains("admin"), "{}", found[0].message);
    }
}
