use escrot::esc::provider::*;
use escrot::esc::schema::Schema;
use escrot::esc::*;
use std::collections::BTreeMap;
use std::sync::Arc;

struct Rot;
impl Decrypter for Rot {
    fn decrypt(&self, c: &[u8]) -> Result<Vec<u8>, Error> {
        Ok(c.iter().map(|b| b.wrapping_add(128)).collect())
    }
}
struct TestP;
struct ErrP;
struct SecP;
impl Provider for TestP {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>) {
        (Schema::always(), Schema::always())
    }
    fn open(&self, i: &BTreeMap<String, Value>, _: &OpenContext<'_>) -> Result<Value, Error> {
        Ok(Value::object(i.clone()))
    }
}
impl Provider for SecP {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>) {
        (Schema::always(), Schema::always())
    }
    fn open(&self, i: &BTreeMap<String, Value>, _: &OpenContext<'_>) -> Result<Value, Error> {
        Ok(Value::object(i.clone()).with_secret(true))
    }
}
impl Provider for ErrP {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>) {
        (Schema::always(), Schema::always())
    }
    fn open(&self, i: &BTreeMap<String, Value>, _: &OpenContext<'_>) -> Result<Value, Error> {
        Err(i.get("why").and_then(|v| v.as_str()).unwrap_or("").to_string().into())
    }
}
struct Swap;
struct Echo;
impl Rotator for Swap {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>, Arc<Schema>) {
        (Schema::always(), Schema::always(), Schema::always())
    }
    fn open(&self, _: &BTreeMap<String, Value>, s: Option<&Value>, _: &OpenContext<'_>) -> Result<Value, Error> {
        Ok(s.cloned().unwrap_or(Value::object(Default::default())))
    }
    fn rotate(&self, _: &BTreeMap<String, Value>, s: Option<&Value>, _: &OpenContext<'_>) -> Result<Value, Error> {
        let s = s.and_then(|s| s.as_object()).cloned().unwrap_or_default();
        let mut o = BTreeMap::new();
        o.insert("a".into(), s.get("b").cloned().unwrap_or(Value::null()));
        o.insert("b".into(), s.get("a").cloned().unwrap_or(Value::null()));
        Ok(Value::object(o))
    }
}
impl Rotator for Echo {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>, Arc<Schema>) {
        let i = Schema {
            type_: "object".into(),
            rotate_only: vec!["next".into()],
            additional_properties: Some(Schema::always()),
            ..Default::default()
        };
        (Arc::new(i), Schema::always(), Schema::always())
    }
    fn open(&self, i: &BTreeMap<String, Value>, s: Option<&Value>, _: &OpenContext<'_>) -> Result<Value, Error> {
        if i.get("next").is_some_and(|n| !n.unknown) {
            return Err("next evaluated outside rotation".into());
        }
        Ok(s.cloned().unwrap_or(Value::object(Default::default())))
    }
    fn rotate(&self, i: &BTreeMap<String, Value>, s: Option<&Value>, _: &OpenContext<'_>) -> Result<Value, Error> {
        let mut o = BTreeMap::new();
        o.insert("current".into(), i.get("next").cloned().unwrap_or(Value::null()));
        o.insert(
            "previous".into(),
            s.and_then(|s| s.as_object()).and_then(|s| s.get("current")).cloned().unwrap_or(Value::null()),
        );
        Ok(Value::object(o))
    }
}
struct Loader;
impl ProviderLoader for Loader {
    fn load_provider(&self, n: &str) -> Result<Arc<dyn Provider>, Error> {
        match n {
            "test" | "schema" => Ok(Arc::new(TestP)),
            "error" => Ok(Arc::new(ErrP)),
            "secret-wrapper" => Ok(Arc::new(SecP)),
            _ => Err(format!("unknown provider {n:?}").into()),
        }
    }
    fn load_rotator(&self, n: &str) -> Result<Arc<dyn Rotator>, Error> {
        match n {
            "swap" => Ok(Arc::new(Swap)),
            "echo" => Ok(Arc::new(Echo)),
            _ => Err(format!("unknown rotator {n:?}").into()),
        }
    }
}
struct Envs(std::path::PathBuf, String);
impl EnvironmentLoader for Envs {
    fn load_environment(&self, n: &str) -> Result<(String, Arc<dyn Decrypter>), Error> {
        std::fs::read_to_string(self.0.join(format!("{n}.yaml")))
            .map(|s| (s, Arc::new(Rot) as Arc<dyn Decrypter>))
            .map_err(|_| format!("open testdata/eval/{}/{n}.yaml: no such file or directory", self.1).into())
    }
}

fn diags(d: &[Diagnostic]) -> Vec<String> {
    let mut v: Vec<String> = d
        .iter()
        .map(|d| {
            format!(
                "{} {:?} {} {:?}",
                d.severity as u8,
                d.summary,
                d.path,
                d.subject.as_ref().map(|s| (s.start.line, s.start.column, s.end.line, s.end.column))
            )
        })
        .collect();
    v.sort();
    v
}
fn ediags(d: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = d
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| {
                    format!(
                        "{} {:?} {} {:?}",
                        d["Severity"],
                        d["Summary"].as_str().unwrap(),
                        d["Path"].as_str().unwrap(),
                        d["Subject"].as_object().map(|s| (
                            s["Start"]["Line"].as_u64().unwrap() as usize,
                            s["Start"]["Column"].as_u64().unwrap() as usize,
                            s["End"]["Line"].as_u64().unwrap() as usize,
                            s["End"]["Column"].as_u64().unwrap() as usize
                        ))
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn scratch() {
    let root = std::path::Path::new("/work/shared/esc-conformance/eval");
    let only = std::env::var("CASE").ok();
    let mut pass = 0;
    let mut total = 0;
    for e in std::fs::read_dir(root).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().into_string().unwrap();
        if name == "bench" {
            continue;
        }
        if let Some(o) = &only {
            if o != &name {
                continue;
            }
        }
        total += 1;
        let dir = e.path();
        let exp: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
        let ov: serde_json::Value = std::fs::read_to_string(dir.join("overrides.json"))
            .ok()
            .map(|s| serde_json::from_str(&s).unwrap())
            .unwrap_or(serde_json::json!({}));
        let envname = ov["rootEnvironment"].as_str().unwrap_or(&name).to_string();
        let src = std::fs::read_to_string(dir.join("env.yaml")).unwrap();
        let mut ctx = BTreeMap::new();
        let mut user = BTreeMap::new();
        let mut id = BTreeMap::new();
        id.insert("id".into(), Value::string("USER_123"));
        user.insert("user".into(), Value::object(id));
        ctx.insert("pulumi".into(), Value::object(user));
        let envs = Envs(dir.clone(), name.clone());
        let opts = EvalOptions {
            decrypter: &Rot,
            providers: &Loader,
            environments: &envs,
            exec_context: Value::object(ctx),
            show_secrets: ov["showSecrets"].as_bool().unwrap_or(false),
        };
        let mut fails = vec![];
        let (env, ld) = load_yaml(&envname, &src);
        if diags(&ld) != ediags(&exp["loadDiags"]) {
            fails.push(format!("loadDiags\n  got {:#?}\n  exp {:#?}", diags(&ld), ediags(&exp["loadDiags"])));
        }
        if let Some(env) = env {
            let (c, cd) = check_environment(&envname, &env, &opts);
            if diags(&cd) != ediags(&exp["checkDiags"]) {
                fails.push(format!("checkDiags\n  got {:#?}\n  exp {:#?}", diags(&cd), ediags(&exp["checkDiags"])));
            }
            let cj = c.map(|c| Value::object(c.properties).to_json(true)).unwrap_or(serde_json::Value::Null);
            if cj != exp["checkJson"] {
                fails.push(format!("checkJson\n  got {cj}\n  exp {}", exp["checkJson"]));
            }
            let (v, vd) = eval_environment(&envname, &env, &opts);
            if diags(&vd) != ediags(&exp["evalDiags"]) {
                fails.push(format!("evalDiags\n  got {:#?}\n  exp {:#?}", diags(&vd), ediags(&exp["evalDiags"])));
            }
            let vj = v
                .as_ref()
                .map(|c| Value::object(c.properties.clone()).to_json(false))
                .unwrap_or(serde_json::Value::Null);
            if vj != exp["evalJSONRevealed"] {
                fails.push(format!("evalJSONRevealed\n  got {vj}\n  exp {}", exp["evalJSONRevealed"]));
            }
            let rj = v.map(|c| Value::object(c.properties).to_json(true)).unwrap_or(serde_json::Value::Null);
            if rj != exp["evalJsonRedacted"] {
                fails.push(format!("evalJsonRedacted\n  got {rj}\n  exp {}", exp["evalJsonRedacted"]));
            }
            if ov["rotate"].as_bool() == Some(true) {
                let paths: Vec<PropertyPath> = ov["rotatePaths"]
                    .as_array()
                    .map(|a| a.iter().map(|p| PropertyPath::parse(p.as_str().unwrap()).unwrap()).collect())
                    .unwrap_or_default();
                let (r, patches, rd) = rotate_environment(&envname, &env, &opts, &paths);
                if diags(&rd) != ediags(&exp["rotateDiags"]) {
                    fails.push(format!(
                        "rotateDiags\n  got {:#?}\n  exp {:#?}",
                        diags(&rd),
                        ediags(&exp["rotateDiags"])
                    ));
                }
                let rj = r.map(|c| Value::object(c.properties).to_json(true)).unwrap_or(serde_json::Value::Null);
                if rj != exp["rotateJson"] {
                    fails.push(format!("rotateJson\n  got {rj}\n  exp {}", exp["rotateJson"]));
                }
                let mut pp: Vec<(String, serde_json::Value)> =
                    patches.iter().map(|p| (p.doc_path.clone(), p.replacement.to_json(false))).collect();
                pp.sort_by(|a, b| a.0.cmp(&b.0));
                fn plain(v: &serde_json::Value) -> serde_json::Value {
                    match v.get("value") {
                        Some(serde_json::Value::Object(o)) => {
                            serde_json::Value::Object(o.iter().map(|(k, v)| (k.clone(), plain(v))).collect())
                        }
                        Some(serde_json::Value::Array(a)) => serde_json::Value::Array(a.iter().map(plain).collect()),
                        Some(x) => x.clone(),
                        None => serde_json::Value::Null,
                    }
                }
                let ep: Vec<(String, serde_json::Value)> = exp["rotatePatches"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|p| (p["DocPath"].as_str().unwrap().to_string(), plain(&p["Replacement"])))
                            .collect()
                    })
                    .unwrap_or_default();
                if pp != ep {
                    fails.push(format!("patches\n  got {pp:?}\n  exp {ep:?}"));
                }
            }
        }
        if fails.is_empty() {
            pass += 1;
        } else {
            println!("=== FAIL {name}");
            for f in &fails {
                println!("{}", &f[..f.len().min(3000)]);
            }
        }
    }
    println!("scratch: {pass}/{total}");
}
