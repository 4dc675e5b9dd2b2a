//! What `${context}` holds when escrot evaluates an environment, as ESC fills it: who
//! evaluates (`pulumi.user.login`: the actor, `ESCROT_ACTOR` or the OS user, who is also
//! the author of revisions), in which organization (`pulumi.organization.login`), and the
//! names of the environment being evaluated and of the one that was opened
//! (`currentEnvironment.name`, `rootEnvironment.name`: the evaluator sets these, an import
//! being current under the root that imports it). Every command that evaluates (`open`,
//! `get`, `check`, `rotate`, the write gate's check) takes its context from here, so that
//! they agree, and a rotation uses one context for all its evaluations.

use std::collections::BTreeMap;

use escrot_esc::{ExecContext, Value};
use escrot_store::EnvName;

use crate::workspace::{author, default_org};

/// The context of an environment of the store: its organization, and its name within
/// it, `project/env`, as ESC names environments in the context (the evaluator knows it as
/// `org/project/env`).
pub fn for_store(env: &EnvName) -> ExecContext {
    context(&env.org).with_root_name(format!("{}/{}", env.project, env.env))
}

/// The context of an environment file: the default organization (`--org`, `ESCROT_ORG`,
/// `default`), and the name escrot evaluates it under (the file's name without its
/// extension; its imports, sibling files, are named as they are imported).
pub fn for_file(org_flag: Option<&str>) -> ExecContext {
    context(&default_org(org_flag))
}

fn context(org: &str) -> ExecContext {
    let login = |login: String| Value::object(BTreeMap::from([("login".to_owned(), Value::string(login))]));
    let pulumi =
        BTreeMap::from([("user".to_owned(), login(author())), ("organization".to_owned(), login(org.to_owned()))]);
    ExecContext { properties: BTreeMap::from([("pulumi".to_owned(), Value::object(pulumi))]), root_name: None }
}
