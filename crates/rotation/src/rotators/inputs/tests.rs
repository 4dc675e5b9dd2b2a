use super::*;
use escrot_esc::syntax::Number;
use escrot_esc::value::ValueRepr;

fn num(s: &str) -> Value {
    Value::new(ValueRepr::Number(Number(s.to_owned())))
}

fn object(entries: Vec<(&str, Value)>) -> Value {
    Value::object(entries.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

fn inputs(entries: Vec<(&str, Value)>) -> Inputs {
    entries.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

#[derive(Debug, Deserialize)]
struct Count {
    #[serde(default)]
    n: Bounded<0, 100, 7>,
}

#[test]
fn whole_numbers_in_a_range() {
    let get = |v: Option<Value>| {
        let i = inputs(v.into_iter().map(|v| ("n", v)).collect());
        read::<Count>(&i).map(|c| c.n.0).map_err(|e| (e.path, e.message))
    };
    let at = |message: &str| Err(("n".to_owned(), message.to_owned()));
    assert_eq!(get(Some(num("12"))), Ok(12));
    assert_eq!(get(Some(num("1.2e1"))), Ok(12));
    assert_eq!(get(None), Ok(7));
    assert_eq!(get(Some(num("12.5"))), at("input n must be a whole number (got 12.5)"));
    assert_eq!(get(Some(num("101"))), at("input n must be between 0 and 100 (got 101)"));
    assert_eq!(get(Some(num("-1"))), at("input n must be between 0 and 100 (got -1)"));
    assert_eq!(get(Some(num("1e30"))), at("input n must be between 0 and 100 (got 1e30)"));
    assert_eq!(get(Some(num("1e999"))), at("input n must be a whole number (got 1e999)"));
    assert_eq!(get(Some(num("101").with_secret(true))), at("input n must be between 0 and 100"));
    assert_eq!(get(Some(Value::string("12"))), at("input n must be a number"));
    assert_eq!(get(Some(Value::null())), at("input n must be a number"));
    assert_eq!(get(Some(Value::unknown())), at("input n is unknown"));
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Database {
    host: NonEmpty,
    managing_user: User,
    connector: Option<Connector>,
}

#[derive(Debug, Deserialize)]
struct User {
    username: MaybeSecret<NonEmpty>,
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Connector {
    lambda_arn: String,
}

#[derive(Debug, Deserialize)]
struct Nested {
    database: Database,
}

fn database(host: Value, user: Value) -> Inputs {
    inputs(vec![("database", object(vec![("host", host), ("managingUser", user)]))])
}

fn nested_error(i: &Inputs) -> (String, String) {
    read::<Nested>(i).map(|_| ()).map_err(|e| (e.path, e.message)).err().unwrap_or_default()
}

#[test]
fn problems_are_located_at_their_input() {
    let user = |name: Value| object(vec![("username", name)]);
    let pair = |p: &str, m: &str| (p.to_owned(), m.to_owned());
    assert_eq!(nested_error(&inputs(vec![])), pair("database", "input database is required"));
    assert_eq!(
        nested_error(&inputs(vec![("database", Value::string("x"))])),
        pair("database", "input database must be an object")
    );
    assert_eq!(
        nested_error(&database(Value::string(""), user(Value::string("a")))),
        pair("database.host", "input database.host must not be empty")
    );
    assert_eq!(
        nested_error(&database(Value::string("h"), Value::unknown())),
        pair("database.managingUser", "input database.managingUser is unknown")
    );
    assert_eq!(
        nested_error(&database(Value::string("h"), object(vec![]))),
        pair("database.managingUser.username", "input database.managingUser.username is required")
    );
    assert_eq!(
        nested_error(&database(Value::string("h"), user(Value::new(ValueRepr::Bool(true))))),
        pair("database.managingUser.username", "input database.managingUser.username must be a string")
    );
    let tags = object(vec![("username", Value::string("a")), ("tags", Value::new(ValueRepr::Array(vec![num("1")])))]);
    assert_eq!(
        nested_error(&database(Value::string("h"), tags)),
        pair("database.managingUser.tags[0]", "input database.managingUser.tags[0] must be a string")
    );
    // The first problem in field order, whatever the keys' order.
    assert_eq!(
        nested_error(&database(Value::string(""), user(Value::string("")))),
        pair("database.host", "input database.host must not be empty")
    );
}

#[test]
fn null_is_absent_only_where_absence_is_allowed() {
    let mut i = database(Value::string("h"), object(vec![("username", Value::string("a"))]));
    if let Some(ValueRepr::Object(db)) = i.get_mut("database").map(|v| &mut v.repr) {
        db.insert("connector".into(), Value::null());
    }
    let read_back = read::<Nested>(&i).expect("valid");
    assert!(read_back.database.connector.is_none());
    assert_eq!(read_back.database.host, NonEmpty("h".to_owned()));
    assert!(read_back.database.managing_user.tags.is_empty());
    let connector = object(vec![("lambdaArn", Value::string("arn"))]);
    if let Some(ValueRepr::Object(db)) = i.get_mut("database").map(|v| &mut v.repr) {
        db.insert("connector".into(), connector);
    }
    let read_back = read::<Nested>(&i).expect("valid");
    assert_eq!(read_back.database.connector.map(|c| c.lambda_arn).as_deref(), Some("arn"));
    let i = database(Value::null(), object(vec![("username", Value::string("a"))]));
    assert_eq!(nested_error(&i).1, "input database.host must be a string");
}

#[test]
fn secrets_are_inherited_and_never_shown() {
    let read_user =
        |user: Value| read::<Nested>(&database(Value::string("h"), user)).map(|n| n.database.managing_user.username);
    let plain = read_user(object(vec![("username", Value::string("a"))])).expect("valid");
    assert_eq!((plain.value.0.as_str(), plain.secret), ("a", false));
    let own = read_user(object(vec![("username", Value::string("a").with_secret(true))])).expect("valid");
    assert!(own.secret);
    // Read out of a secret object, a value is secret, as ESC's property access makes it.
    let inherited = read_user(object(vec![("username", Value::string("a"))]).with_secret(true)).expect("valid");
    assert!(inherited.secret);
    assert_eq!(format!("{inherited:?}"), "[secret]");
    assert_eq!(format!("{plain:?}"), "NonEmpty(\"a\")");
}

#[derive(Debug, Deserialize)]
struct Lenient {
    #[serde(default)]
    a: Known<String>,
    #[serde(default)]
    b: Known<String>,
}

#[test]
fn known_reads_an_unknown_value_as_none_and_ignores_other_fields() {
    let i = inputs(vec![("a", Value::unknown()), ("b", Value::string("x")), ("other", Value::unknown())]);
    let l = read::<Lenient>(&i).expect("valid");
    assert_eq!((l.a, l.b), (Known(None), Known(Some("x".to_owned()))));
    let l = read::<Lenient>(&Inputs::new()).expect("valid");
    assert_eq!(l.a, Known(None));
    let bad = read::<Lenient>(&inputs(vec![("a", num("1"))])).err().map(|e| e.message);
    assert_eq!(bad.as_deref(), Some("input a must be a string"));
}

#[test]
fn quoted_keys_are_quoted_in_paths() {
    #[derive(Debug, Deserialize)]
    struct Odd {
        #[serde(rename = "a.b")]
        _ab: bool,
    }
    let e = read::<Odd>(&inputs(vec![("a.b", num("1"))])).expect_err("an error");
    assert_eq!((e.path.as_str(), e.message.as_str()), (r#"["a.b"]"#, r#"input ["a.b"] must be a boolean"#));
    assert_eq!(InputProblem::from(e).path.to_string(), r#"["a.b"]"#);
}
