//! The language's tests, except the conformance corpus (its own harness), in one binary:
//! the corpus's `yaml/` and `yaml-edit/` cases, the schema validator against the corpus's
//! test provider, and property tests (no panic on any input; edits keep other bytes).

mod conformance;

mod no_panic;
mod schema;
mod yaml_corpus;
mod yaml_edit;
