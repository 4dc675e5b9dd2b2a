//! Property paths: `a.b[0]["c.d"]`, as ESC prints them in diagnostics and patches, and as
//! users write them on the command line.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Accessor {
    Key(String),
    Index(usize),
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PropertyPath(pub Vec<Accessor>);

/// Whether a key must be written as `["key"]` rather than `.key` (ESC's `MustEscapeKey`).
pub fn must_escape_key(k: &str) -> bool {
    k.char_indices().any(|(i, c)| !(c.is_ascii_alphabetic() || c == '_' || (c.is_ascii_digit() && i > 0)))
}

/// Appends an object key to a path, quoting it when needed (ESC's `JoinKey`).
pub fn join_key(root: &str, k: &str) -> String {
    if k.is_empty() {
        return root.to_owned();
    }
    if !must_escape_key(k) {
        return if root.is_empty() { k.to_owned() } else { format!("{root}.{k}") };
    }
    let mut s = String::with_capacity(root.len() + k.len() + 4);
    s.push_str(root);
    s.push_str("[\"");
    for c in k.chars() {
        if c == '"' {
            s.push('\\');
        }
        s.push(c);
    }
    s.push_str("\"]");
    s
}

/// Appends an array index to a path.
pub fn join_index(root: &str, i: usize) -> String {
    format!("{root}[{i}]")
}

impl fmt::Display for PropertyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        for a in &self.0 {
            s = match a {
                Accessor::Key(k) => join_key(&s, k),
                Accessor::Index(i) => join_index(&s, *i),
            };
        }
        f.write_str(&s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("'{path}' is an invalid property path: {reason}")]
pub struct ParseError {
    pub path: String,
    pub reason: String,
}

impl PropertyPath {
    pub fn new(accessors: Vec<Accessor>) -> Self {
        PropertyPath(accessors)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Parses `a.b[0]["c.d"]`.
    pub fn parse(path: &str) -> Result<PropertyPath, ParseError> {
        let err = |reason: &str| ParseError { path: path.to_owned(), reason: reason.to_owned() };
        let bytes = path.as_bytes();
        let mut accessors = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'[' => {
                    if bytes.get(i + 1) == Some(&b'"') {
                        let mut key = String::new();
                        let mut j = i + 2;
                        let mut chars = path[j..].char_indices();
                        let mut closed = false;
                        while let Some((off, c)) = chars.next() {
                            match c {
                                '\\' => {
                                    if let Some((_, n)) = chars.next() {
                                        key.push(n);
                                    }
                                }
                                '"' => {
                                    j += off + 1;
                                    closed = true;
                                    break;
                                }
                                _ => key.push(c),
                            }
                        }
                        if !closed || bytes.get(j) != Some(&b']') {
                            return Err(err("missing closing quote or bracket in property key"));
                        }
                        accessors.push(Accessor::Key(key));
                        i = j + 1;
                    } else {
                        let end = path[i..].find(']').ok_or_else(|| err("missing closing bracket in array index"))? + i;
                        let index = path[i + 1..end].parse::<usize>().map_err(|_| err("invalid array index"))?;
                        accessors.push(Accessor::Index(index));
                        i = end + 1;
                    }
                }
                b'.' if !accessors.is_empty() => {
                    i += 1;
                    let end = path[i..].find(['.', '[']).map_or(path.len(), |e| e + i);
                    if end == i {
                        return Err(err("expected property name"));
                    }
                    accessors.push(Accessor::Key(path[i..end].to_owned()));
                    i = end;
                }
                _ if accessors.is_empty() => {
                    let end = path.find(['.', '[']).unwrap_or(path.len());
                    if end == 0 {
                        return Err(err("expected property name"));
                    }
                    accessors.push(Accessor::Key(path[..end].to_owned()));
                    i = end;
                }
                _ => return Err(err("expected '.' or '['")),
            }
        }
        if accessors.is_empty() {
            return Err(err("the path is empty"));
        }
        Ok(PropertyPath(accessors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for p in ["a", "a.b", "a[0]", r#"a["b.c"][1].d"#, r#"examples.deeply.nested[0]["quoted \"property\""].path"#] {
            assert_eq!(PropertyPath::parse(p).unwrap().to_string(), p);
        }
    }

    #[test]
    fn rejects_garbage() {
        for p in ["", ".a", "a[", "a[x]", r#"a["b"#, "a..b"] {
            assert!(PropertyPath::parse(p).is_err(), "{p}");
        }
    }
}
