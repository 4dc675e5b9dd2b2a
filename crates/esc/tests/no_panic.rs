//! Property test: no input makes the language core panic. Generates YAML-ish environment
//! definitions (random nesting of maps, lists and scalars; `${…}` interpolations with
//! random, sometimes malformed, accessors; `fn::` calls with random arguments; imports of
//! random, sometimes missing or cyclic, environments) and arbitrary text, and runs load →
//! check → eval → rotate on each with the corpus's test providers.

use crate::conformance;

use std::collections::BTreeMap;

use escrot_esc::{EvalOptions, check_environment, eval_environment, load_yaml, rotate_environment};
use proptest::prelude::*;

use conformance::cipher::{Rot128, toy_ciphertext};
use conformance::environments::InMemory;
use conformance::providers::{TestProviders, exec_context};

/// The name of the environment under test (importing it makes a cycle).
const ROOT: &str = "root";
/// Names that imports and `${environments.…}` may use: some exist, some do not.
const ENVIRONMENT_NAMES: &[&str] = &["a", "b", "proj/c", "missing", ROOT];
/// Names of properties and roots of interpolations.
const NAMES: &[&str] = &["a", "b", "c", "x", "list", "context", "environments", "imports", "values", "", "a.b", "k-1"];
const BUILTINS: &[&str] = &[
    "fn::secret",
    "fn::open",
    "fn::open::test",
    "fn::open::error",
    "fn::open::secret-wrapper",
    "fn::open::schema",
    "fn::open::nope",
    "fn::rotate",
    "fn::rotate::swap",
    "fn::rotate::echo",
    "fn::join",
    "fn::split",
    "fn::concat",
    "fn::toJSON",
    "fn::fromJSON",
    "fn::toBase64",
    "fn::fromBase64",
    "fn::toString",
    "fn::final",
    "fn::nope",
];

/// A YAML node, rendered in block or flow style.
#[derive(Clone, Debug)]
enum Yaml {
    Scalar(String),
    List { flow: bool, items: Vec<Yaml> },
    Map { flow: bool, entries: Vec<(String, Yaml)> },
}

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(NAMES).prop_map(str::to_owned)
}

/// One accessor of a property path, sometimes malformed.
fn accessor() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => name().prop_map(|n| format!(".{n}")),
        2 => (0usize..4).prop_map(|i| format!("[{i}]")),
        2 => name().prop_map(|n| format!("[{:?}]", n)),
        1 => Just("[-1]".to_owned()),
        1 => Just("[".to_owned()),
        1 => Just("[\"x".to_owned()),
        1 => Just(".".to_owned()),
    ]
}

/// `${root.accessors…}`, or a malformed interpolation fragment.
fn interpolation() -> impl Strategy<Value = String> {
    let root = prop_oneof![
        4 => name(),
        1 => prop::sample::select(ENVIRONMENT_NAMES).prop_map(|e| format!("environments.{}", e.replace('/', "."))),
        1 => Just("context.pulumi.user.id".to_owned()),
    ];
    prop_oneof![
        8 => (root, prop::collection::vec(accessor(), 0..4)).prop_map(|(r, a)| format!("${{{r}{}}}", a.concat())),
        1 => Just("${".to_owned()),
        1 => Just("${}".to_owned()),
        1 => Just("$${a}".to_owned()),
        1 => Just("${a.b".to_owned()),
    ]
}

/// A scalar's text: literals, numbers, and strings with interpolations.
fn scalar_text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => "[a-z ]{0,8}",
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => prop::sample::select(&["true", "false", "null", "~", "3.14", "1e400", "-0", "0x1F", ".inf", ""][..])
            .prop_map(str::to_owned),
        4 => prop::collection::vec(prop_oneof![interpolation(), "[a-z ]{0,4}"], 1..4).prop_map(|parts| parts.concat()),
        1 => any::<String>(),
        1 => "[a-z]{0,12}".prop_map(|plaintext| toy_ciphertext(&plaintext)),
        1 => "[a-z]{0,12}".prop_map(|plaintext| format!("x{}", toy_ciphertext(&plaintext))),
    ]
}

/// A scalar node: plain when that is safe, else double-quoted.
fn scalar() -> impl Strategy<Value = Yaml> {
    scalar_text().prop_map(|text| Yaml::Scalar(render_scalar(&text)))
}

fn render_scalar(text: &str) -> String {
    let plain_safe = !text.is_empty()
        && text.chars().all(|c| c.is_ascii_alphanumeric() || " ${}.[]\"_-/~".contains(c))
        && !text.starts_with([' ', '[', '{', '"', '-', '~'])
        && !text.ends_with(' ')
        && !text.contains(" #")
        && !text.contains(": ");
    if plain_safe { text.to_owned() } else { serde_json::Value::String(text.to_owned()).to_string() }
}

/// A mapping key: a property name, a built-in, or something odd.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => name(),
        3 => prop::sample::select(BUILTINS).prop_map(str::to_owned),
        1 => Just("provider".to_owned()),
        1 => Just("inputs".to_owned()),
        1 => Just("state".to_owned()),
        1 => Just("ciphertext".to_owned()),
    ]
    .prop_map(|k| render_scalar(&k))
}

/// A random tree of maps, lists and scalars.
fn node() -> impl Strategy<Value = Yaml> {
    scalar().prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            (any::<bool>(), prop::collection::vec(inner.clone(), 0..5))
                .prop_map(|(flow, items)| Yaml::List { flow, items }),
            (any::<bool>(), prop::collection::vec((key(), inner), 0..5))
                .prop_map(|(flow, entries)| Yaml::Map { flow, entries }),
        ]
    })
}

/// An import: a name, or `{name: {merge: bool}}`.
fn import() -> impl Strategy<Value = Yaml> {
    let env = prop::sample::select(ENVIRONMENT_NAMES).prop_map(str::to_owned);
    prop_oneof![
        3 => env.clone().prop_map(|e| Yaml::Scalar(render_scalar(&e))),
        1 => (env, any::<bool>()).prop_map(|(e, merge)| Yaml::Map {
            flow: false,
            entries: vec![(
                render_scalar(&e),
                Yaml::Map { flow: true, entries: vec![("merge".to_owned(), Yaml::Scalar(merge.to_string()))] },
            )],
        }),
    ]
}

/// An environment definition: optional `imports`, `values`, sometimes an extra key.
fn environment() -> impl Strategy<Value = String> {
    let values = prop::collection::vec((key(), node()), 0..6);
    let extra = prop::option::weighted(0.1, (key(), node()));
    (prop::option::weighted(0.5, prop::collection::vec(import(), 0..4)), values, extra).prop_map(
        |(imports, values, extra)| {
            let mut entries = Vec::new();
            if let Some(imports) = imports {
                entries.push(("imports".to_owned(), Yaml::List { flow: false, items: imports }));
            }
            entries.push(("values".to_owned(), Yaml::Map { flow: false, entries: values }));
            entries.extend(extra);
            render(&Yaml::Map { flow: false, entries }, 0)
        },
    )
}

/// Renders a node in block style (or flow style where asked) at `indent`.
fn render(node: &Yaml, indent: usize) -> String {
    let pad = " ".repeat(indent);
    match node {
        Yaml::Scalar(s) => format!("{pad}{s}\n"),
        Yaml::List { flow: true, .. } | Yaml::Map { flow: true, .. } => format!("{pad}{}\n", render_flow(node)),
        Yaml::List { items, .. } if items.is_empty() => format!("{pad}[]\n"),
        Yaml::Map { entries, .. } if entries.is_empty() => format!("{pad}{{}}\n"),
        Yaml::List { items, .. } => items
            .iter()
            .map(|item| match item {
                Yaml::Scalar(s) => format!("{pad}- {s}\n"),
                _ => format!("{pad}-\n{}", render(item, indent + 2)),
            })
            .collect(),
        Yaml::Map { entries, .. } => entries
            .iter()
            .map(|(k, v)| match v {
                Yaml::Scalar(s) => format!("{pad}{k}: {s}\n"),
                _ => format!("{pad}{k}:\n{}", render(v, indent + 2)),
            })
            .collect(),
    }
}

fn render_flow(node: &Yaml) -> String {
    // Plain scalars stay plain unless they contain flow indicators.
    let quote = |s: &str| {
        if s.starts_with('"') || !s.contains([',', '[', ']', '{', '}', ':', '#']) {
            s.to_owned()
        } else {
            serde_json::Value::String(s.to_owned()).to_string()
        }
    };
    match node {
        Yaml::Scalar(s) => quote(s),
        Yaml::List { items, .. } => format!("[{}]", items.iter().map(render_flow).collect::<Vec<_>>().join(", ")),
        Yaml::Map { entries, .. } => format!(
            "{{{}}}",
            entries.iter().map(|(k, v)| format!("{}: {}", quote(k), render_flow(v))).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// Loads, checks, evaluates and rotates `source` as the environment `root`, importing from
/// `imported`. Only a panic fails.
fn run_pipeline(source: &str, imported: &BTreeMap<String, String>) {
    let (env, _) = load_yaml(ROOT, source);
    let Some(env) = env else { return };
    let mut environments = imported.clone();
    environments.insert(ROOT.to_owned(), source.to_owned());
    let environments = InMemory(environments);
    let providers = TestProviders::default();
    let opts = EvalOptions {
        decrypter: &Rot128,
        providers: &providers,
        environments: &environments,
        exec_context: exec_context(),
        show_secrets: false,
    };
    let _ = check_environment(ROOT, &env, &opts);
    let _ = eval_environment(ROOT, &env, &opts);
    let _ = rotate_environment(ROOT, &env, &opts, &[]);
}

/// The environments that imports can find (`a`, `b`, `proj/c`), generated like the root.
fn imported_environments() -> impl Strategy<Value = BTreeMap<String, String>> {
    prop::collection::vec(environment(), 3)
        .prop_map(|sources| ["a", "b", "proj/c"].iter().map(|n| (*n).to_owned()).zip(sources).collect())
}

fn config() -> ProptestConfig {
    ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_environments_do_not_panic(source in environment(), imported in imported_environments()) {
        run_pipeline(&source, &imported);
    }

    #[test]
    fn arbitrary_text_does_not_panic(
        source in prop_oneof![any::<String>(), "[\\[\\]{}:,\\- \n\"'#&*!|>a-z0-9$.]{0,120}"],
    ) {
        run_pipeline(&source, &BTreeMap::new());
    }
}
