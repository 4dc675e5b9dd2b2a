//! Imports: evaluating each imported environment once per evaluation, diagnosing cycles,
//! and merging imported values under this environment's own.

use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;

use super::expr::Decl;
use super::value::{self, Repr, TAINT_ROTATE_ONLY, Val, ValRef};
use super::{DecrypterRef, EvalContext, Imported, MAX_EVAL_DEPTH, load_yaml, schemas};
use crate::ast::{self, ExprKind};
use crate::schema::Schema;

impl EvalContext<'_, '_> {
    pub(super) fn evaluate_imports(&mut self) {
        self.shared.imports.borrow_mut().insert(self.name.clone(), Imported::Evaluating);
        let mut mine = BTreeMap::new();
        let env = self.env.clone();
        for import in &env.imports {
            self.evaluate_import(&mut mine, import);
        }
        // A cycle through this environment must still be reported if it is imported again
        // elsewhere while being evaluated; once done, it is a plain import.
        let schema = schemas::record(
            mine.iter().map(|(k, v): (&String, &ValRef)| (k.clone(), v.borrow().schema.clone())).collect(),
        );
        let def = Decl::synthetic(ast::Expr::synthetic(ExprKind::Null), schema.clone());
        self.my_imports = Some(Val::new(def, schema, Repr::Object(mine)));
    }

    fn evaluate_import(&mut self, mine: &mut BTreeMap<String, ValRef>, import: &ast::Import) {
        let name = import.environment.value.clone();
        let mut merge = import.merge.unwrap_or(true);
        let rotate_only = import.rotate_only.unwrap_or(false);
        if rotate_only {
            if import.merge == Some(true) {
                self.diags.push(import.decl.error("rotateOnly: true implies merge: false"));
            }
            merge = false;
        }
        let Some(val) = self.import_value(&name, rotate_only, &import.decl, &import.environment) else { return };
        if rotate_only {
            val.borrow_mut().taint |= TAINT_ROTATE_ONLY;
        }
        mine.insert(name, val.clone());
        if merge {
            let val = self.copier().copy(&val);
            value::merge(&val, self.base.as_ref());
            self.base = Some(val);
        }
    }

    /// Loads and evaluates an imported environment (once per evaluation), or diagnoses why
    /// it cannot be.
    pub(super) fn import_value(
        &mut self,
        name: &str,
        rotate_only: bool,
        decl: &ast::Key,
        env_key: &ast::Key,
    ) -> Option<ValRef> {
        let state = match self.shared.imports.borrow().get(name) {
            Some(Imported::Evaluating) => Some(None),
            Some(Imported::Done(v)) => Some(Some(v.clone())),
            None => None,
        };
        match state {
            Some(None) => {
                self.diags.push(decl.error(format!("cyclic import of {name}")));
                return None;
            }
            Some(Some(v)) => return Some(v),
            None => {}
        }
        if rotate_only && !self.evaluates_rotate_only() {
            let def = Decl::missing(String::new(), None);
            return Some(Val::unknown(def, Schema::always()));
        }
        // A chain of imports recurses too.
        let Some(depth) = self.enter() else {
            self.diags
                .push(decl.error(format!("import chain too deep (more than {MAX_EVAL_DEPTH} nested evaluations)")));
            return None;
        };
        let (source, decrypter) = match self.shared.opts.environments.load_environment(name) {
            Ok(loaded) => loaded,
            Err(err) => {
                self.shared.depth.set(depth);
                self.diags.push(env_key.error(err.to_string()));
                return None;
            }
        };
        let (env, mut diags) = load_yaml(name, &source);
        self.diags.append(&mut diags);
        let env = env.unwrap_or_default();
        let mut imported = EvalContext::new(
            self.shared,
            self.mode,
            name,
            Rc::new(env),
            DecrypterRef::Owned(decrypter),
            HashSet::new(),
            Some(&self.root_context_name),
        );
        let v = imported.evaluate();
        self.shared.depth.set(depth);
        self.diags.append(&mut imported.diags);
        self.shared.imports.borrow_mut().insert(name.to_owned(), Imported::Done(v.clone()));
        Some(v)
    }
}
