//! `${context}`: the caller's properties, and the names of the environment being evaluated
//! and of the root environment, as ESC's `ExecContext.CopyForEnv` sets them for each import.

use std::collections::BTreeMap;

use escrot_esc::{EvalOptions, ExecContext, Value, check_environment, eval_environment, load_yaml};

use crate::conformance::cipher::Rot128;
use crate::conformance::environments::InMemory;
use crate::conformance::providers::TestProviders;

/// Each environment says where it is evaluated: `NAME: current/root/user`.
fn reporting(name: &str, imports: &[&str]) -> String {
    let imports = if imports.is_empty() { String::new() } else { format!("imports: [{}]\n", imports.join(", ")) };
    format!(
        "{imports}values:\n  {name}: ${{context.currentEnvironment.name}}|${{context.rootEnvironment.name}}|${{context.pulumi.user.login}}\n"
    )
}

/// Opens `root` (named `name`) with `context`, importing from `imported`; returns its values
/// as JSON and every diagnostic's summary. A check must agree with the evaluation: the
/// context is known without opening anything.
fn open(name: &str, root: &str, imported: &[(&str, String)], context: ExecContext) -> (serde_json::Value, Vec<String>) {
    let environments = InMemory(imported.iter().map(|(n, s)| ((*n).to_owned(), s.clone())).collect());
    let providers = TestProviders::default();
    let opts = EvalOptions {
        decrypter: &Rot128,
        providers: &providers,
        environments: &environments,
        exec_context: context,
        show_secrets: false,
    };
    let (env, diags) = load_yaml(name, root);
    assert!(diags.is_empty(), "{diags:?}");
    let env = env.expect("an environment");
    let (opened, mut diags) = eval_environment(name, &env, &opts);
    let (checked, check_diags) = check_environment(name, &env, &opts);
    diags.extend(check_diags);
    let json = |e: Option<escrot_esc::Environment>| {
        let properties = e.map(|e| e.properties).unwrap_or_default();
        Value::object(properties).to_json(true)
    };
    let (opened, checked) = (json(opened), json(checked));
    assert_eq!(opened, checked, "the check sees the same context");
    (opened, diags.into_iter().map(|d| d.summary).collect())
}

fn user(login: &str) -> ExecContext {
    ExecContext::new(&Value::from_json(&serde_json::json!({"pulumi": {"user": {"login": login}}})))
}

#[test]
fn an_import_is_current_and_the_opened_environment_stays_root() {
    let imported = [("proj/a", reporting("a", &["proj/b"])), ("proj/b", reporting("b", &[]))];
    let (values, diags) = open("proj/app", &reporting("app", &["proj/a"]), &imported, user("alice"));
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        values,
        serde_json::json!({
            "app": "proj/app|proj/app|alice",
            "a": "proj/a|proj/app|alice",
            "b": "proj/b|proj/app|alice",
        })
    );
}

/// An inline reference (`${environments.proj.a.…}`) is an import like any other: `proj/a`
/// is current in it, under the root.
#[test]
fn an_inline_reference_is_current_under_the_root() {
    let imported = [("proj/a", reporting("a", &[]))];
    let root = "values:\n  via: ${environments.proj.a.a}\n";
    let (values, diags) = open("proj/app", root, &imported, user("erin"));
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(values, serde_json::json!({"via": "proj/a|proj/app|erin"}));
}

/// An anonymous root (`<yaml>`) is no root to its imports: the first named environment is.
#[test]
fn under_an_anonymous_root_the_first_named_import_is_root() {
    let imported = [("a", reporting("a", &["b"])), ("b", reporting("b", &[]))];
    let (values, diags) = open("<yaml>", &reporting("anon", &["a"]), &imported, user("bob"));
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(values, serde_json::json!({"anon": "<yaml>|<yaml>|bob", "a": "a|a|bob", "b": "b|a|bob"}));
}

/// A caller that evaluates an environment under another name than ESC would show
/// (`org/project/env` for `project/env`) names it in the context; its imports inherit it.
#[test]
fn the_root_name_can_differ_from_the_evaluation_name() {
    let imported = [("proj/a", reporting("a", &[]))];
    let context = user("carol").with_root_name("proj/app");
    let (values, diags) = open("acme/proj/app", &reporting("app", &["proj/a"]), &imported, context);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(values, serde_json::json!({"app": "proj/app|proj/app|carol", "a": "proj/a|proj/app|carol"}));
}

/// The caller cannot set the names: the evaluator's win.
#[test]
fn the_callers_own_environment_names_are_replaced() {
    let properties = serde_json::json!({
        "pulumi": {"user": {"login": "dave"}},
        "currentEnvironment": {"name": "forged"},
        "rootEnvironment": {"name": "forged"},
    });
    let (values, _) = open("proj/app", &reporting("app", &[]), &[], ExecContext::new(&Value::from_json(&properties)));
    assert_eq!(values, serde_json::json!({"app": "proj/app|proj/app|dave"}));
}

/// A property the context does not have is ESC's unknown-property error, and the value is
/// unknown; an empty context still names the environments.
#[test]
fn an_unknown_context_property_is_an_error() {
    let root = "values:\n  who: ${context.pulumi.user.login}\n  where: ${context.currentEnvironment.name}\n";
    let (values, diags) = open("proj/app", root, &[], ExecContext::default());
    assert_eq!(values, serde_json::json!({"who": "[unknown]", "where": "proj/app"}));
    assert_eq!(diags, vec![r#"unknown property "pulumi""#; 2]);
}

#[test]
fn context_properties_come_through_as_given() {
    let mut properties = BTreeMap::new();
    properties.insert("team".to_owned(), Value::string("platform"));
    let context = ExecContext { properties, root_name: None };
    let (values, diags) = open("app", "values:\n  team: ${context.team}\n", &[], context);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(values, serde_json::json!({"team": "platform"}));
}
