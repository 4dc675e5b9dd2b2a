//! YAML as escrot prints it. Emitting and quoting are `escrot_esc::yaml`'s (the same
//! renderer the byte-exact editor uses); this adds reading a definition into that tree,
//! through `saphyr`, which only the CLI depends on.

pub use escrot_esc::yaml::document::{Node, to_string};

/// Parses a definition into a [`Node`] tree, keeping key order, the text of plain scalars
/// and the decoded value of quoted and block scalars. Comments are not kept.
pub fn parse_definition(source: &str) -> Result<Node, String> {
    use saphyr::{Yaml, YamlLoader};
    let mut loader: YamlLoader<'_, Yaml<'_>> = YamlLoader::default();
    loader.early_parse(false);
    loader.allow_duplicate_keys(true);
    let mut parser = saphyr_parser::Parser::new_from_str(source);
    parser.load(&mut loader, true).map_err(|e| e.to_string())?;
    if let Some(e) = loader.error() {
        return Err(e.to_string());
    }
    let docs = loader.into_documents();
    Ok(docs.first().map_or(Node::Raw("null".into()), from_saphyr))
}

fn from_saphyr(y: &saphyr::Yaml<'_>) -> Node {
    use saphyr::{Scalar, ScalarStyle, Yaml};
    match y {
        Yaml::Representation(text, ScalarStyle::Plain, _) => Node::Raw(text.to_string()),
        Yaml::Representation(text, _, _) => Node::Str(text.to_string()),
        Yaml::Value(Scalar::String(s)) => Node::Str(s.to_string()),
        Yaml::Value(Scalar::Null) => Node::Raw("null".into()),
        Yaml::Value(Scalar::Boolean(b)) => Node::Raw(b.to_string()),
        Yaml::Value(Scalar::Integer(i)) => Node::Raw(i.to_string()),
        Yaml::Value(Scalar::FloatingPoint(f)) => Node::Raw(f.to_string()),
        Yaml::Sequence(items) => Node::Seq(items.iter().map(from_saphyr).collect()),
        Yaml::Mapping(m) => Node::Map(m.iter().map(|(k, v)| (from_saphyr(k), from_saphyr(v))).collect()),
        Yaml::Tagged(_, inner) => from_saphyr(inner),
        Yaml::Alias(_) | Yaml::BadValue => Node::Raw("null".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_keep_order_and_text() {
        let node = parse_definition("values:\n  z: 1.50 # c\n  a: 'quoted'\n  m: |\n    x\n").unwrap();
        assert_eq!(to_string(&node, 2), "values:\n  z: 1.50\n  a: quoted\n  m: |\n    x\n");
    }
}
