//! The checks of a database rotator's inputs that its schema cannot express: the two
//! rotated users must be two users, and neither may be the managing user (rotating the
//! managing user's own password would lock out every other environment that manages the
//! database with it). `check` reports them at the offending input; `plan` refuses them.

use super::{Inputs, field};
use escrot_esc::provider::InputProblem;
use escrot_esc::value::{Value, ValueRepr};

/// A known, non-empty string at `name` in `v`; `None` when it is absent or not known yet
/// (a rotate-only input outside the root environment's check, a provider's output).
fn known_name<'a>(v: Option<&'a Value>, name: &str) -> Option<&'a str> {
    match field(v?, name) {
        Some(Value { repr: ValueRepr::String(s), unknown: false, .. }) if !s.is_empty() => Some(s),
        _ => None,
    }
}

/// What is wrong with the users of a `postgres` or `mysql` rotator. Messages name the
/// inputs, never the users (a user name may be secret).
pub(super) fn problems(inputs: &Inputs) -> Vec<InputProblem> {
    let users = inputs.get("rotateUsers");
    let user1 = known_name(users, "username1");
    let user2 = known_name(users, "username2");
    let managing = inputs.get("database").and_then(|db| field(db, "managingUser"));
    let managing = known_name(managing, "username");
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
