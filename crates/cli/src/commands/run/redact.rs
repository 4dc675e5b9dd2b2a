//! Replacing secrets by `[secret]` in a stream of output, as `esc run` does (an
//! Aho–Corasick replacer over the secret values of at least 3 bytes), but as a stream that
//! is passed on as soon as it can be: only a tail that could still become a secret (a
//! proper prefix of one) waits for more output. ESC waits for a newline instead, which
//! holds back a prompt or a progress bar.
//!
//! Matches are leftmost-longest, over the stream as a whole: a secret split across two
//! reads is replaced, and of two secrets where one begins the other, the longer wins.

use aho_corasick::{AhoCorasick, Input, MatchKind};

/// What replaces a secret.
pub const REPLACEMENT: &[u8] = b"[secret]";

/// ESC ignores shorter secrets: they have little entropy, and an empty one would match
/// between every two bytes.
pub const MIN_SECRET_LEN: usize = 3;

/// The secrets to replace, compiled once and shared by the stdout and stderr streams. No
/// `Debug`: it holds them in plaintext.
pub struct Secrets {
    /// `None` when there is nothing to replace.
    matcher: Option<AhoCorasick>,
    patterns: Vec<Vec<u8>>,
}

impl Secrets {
    pub fn new<'a>(values: impl IntoIterator<Item = &'a str>) -> Result<Secrets, aho_corasick::BuildError> {
        let mut patterns: Vec<Vec<u8>> =
            values.into_iter().filter(|s| s.len() >= MIN_SECRET_LEN).map(|s| s.as_bytes().to_vec()).collect();
        patterns.sort();
        patterns.dedup();
        let matcher = if patterns.is_empty() {
            None
        } else {
            Some(AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&patterns)?)
        };
        Ok(Secrets { matcher, patterns })
    }

    /// The length of the longest secret.
    fn longest(&self) -> usize {
        self.patterns.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// Whether `tail` (the end of what was read) is a proper prefix of a secret: with more
    /// output, it could become one.
    fn could_grow_into_secret(&self, tail: &[u8]) -> bool {
        self.patterns.iter().any(|p| p.len() > tail.len() && p.starts_with(tail))
    }
}

/// One output stream being redacted.
pub struct Redactor<'a> {
    secrets: &'a Secrets,
    /// Read but not passed on yet: shorter than the longest secret.
    pending: Vec<u8>,
}

impl<'a> Redactor<'a> {
    pub fn new(secrets: &'a Secrets) -> Redactor<'a> {
        Redactor { secrets, pending: Vec::new() }
    }

    /// Takes a chunk of output and appends to `out` all that is settled: everything before
    /// the earliest position where a secret could still begin.
    pub fn push(&mut self, chunk: &[u8], out: &mut Vec<u8>) {
        let Some(matcher) = &self.secrets.matcher else {
            out.extend_from_slice(chunk);
            return;
        };
        self.pending.extend_from_slice(chunk);
        let len = self.pending.len();
        let mut cursor = 0;
        let mut hold = self.unsettled_from(cursor);
        loop {
            let found = matcher.find(Input::new(&self.pending).span(cursor..len));
            match found {
                // A match that starts before any unsettled tail is final: no longer one can
                // start there (the text from there is not a proper prefix of a secret), and
                // none can start earlier.
                Some(m) if m.start() < hold => {
                    out.extend_from_slice(&self.pending[cursor..m.start()]);
                    out.extend_from_slice(REPLACEMENT);
                    cursor = m.end();
                    if cursor > hold {
                        // The tail was inside this match: matching resumes after it.
                        hold = self.unsettled_from(cursor);
                    }
                }
                _ => {
                    out.extend_from_slice(&self.pending[cursor..hold]);
                    self.pending.drain(..hold);
                    return;
                }
            }
        }
    }

    /// The output ended: what is pending is settled.
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        let pending = std::mem::take(&mut self.pending);
        match &self.secrets.matcher {
            Some(matcher) => matcher.replace_all_with_bytes(&pending, out, |_, _, out| {
                out.extend_from_slice(REPLACEMENT);
                true
            }),
            None => out.extend_from_slice(&pending),
        }
    }

    /// The earliest position at or after `from` where the pending text is a proper prefix
    /// of a secret (its length when there is none). Only the last `longest - 1` bytes can
    /// be one.
    fn unsettled_from(&self, from: usize) -> usize {
        let len = self.pending.len();
        let window = len.saturating_sub(self.secrets.longest().saturating_sub(1)).max(from);
        (window..len).find(|&s| self.secrets.could_grow_into_secret(&self.pending[s..])).unwrap_or(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Redacts `chunks` pushed one by one; returns what was passed on after each push, and
    /// at the end.
    fn redact(secrets: &[&str], chunks: &[&str]) -> (Vec<String>, String) {
        let secrets = Secrets::new(secrets.iter().copied()).unwrap();
        let mut redactor = Redactor::new(&secrets);
        let mut steps = Vec::new();
        let mut all = Vec::new();
        for chunk in chunks {
            let mut out = Vec::new();
            redactor.push(chunk.as_bytes(), &mut out);
            steps.push(String::from_utf8(out.clone()).unwrap());
            all.extend(out);
        }
        redactor.finish(&mut all);
        (steps, String::from_utf8(all).unwrap())
    }

    #[test]
    fn whole_and_split_secrets() {
        let (steps, all) = redact(&["hunter2"], &["pw=hunter2\n", "pw=hun", "ter2!"]);
        assert_eq!(steps, ["pw=[secret]\n", "pw=", "[secret]!"]);
        assert_eq!(all, "pw=[secret]\npw=[secret]!");
    }

    #[test]
    fn a_tail_that_is_not_a_secret_is_passed_on_at_the_end() {
        let (steps, all) = redact(&["hunter2"], &["x hunt"]);
        assert_eq!(steps, ["x "]);
        assert_eq!(all, "x hunt");
    }

    #[test]
    fn a_complete_secret_at_the_end_is_not_held_back() {
        let (steps, _) = redact(&["hunter2"], &["pw=hunter2"]);
        assert_eq!(steps, ["pw=[secret]"]);
    }

    #[test]
    fn longest_wins_even_across_reads() {
        let (steps, all) = redact(&["abc", "abcdef"], &["1abc", "def2", "abcx"]);
        assert_eq!(steps, ["1", "[secret]2", "[secret]x"]);
        assert_eq!(all, "1[secret]2[secret]x");
    }

    #[test]
    fn leftmost_wins_over_a_later_overlapping_secret() {
        let (_, all) = redact(&["abcd", "cdxy"], &["abcdx", "y"]);
        assert_eq!(all, "[secret]xy");
        let (_, all) = redact(&["abcd", "cdxy"], &["zcdx", "y"]);
        assert_eq!(all, "z[secret]");
    }

    #[test]
    fn short_secrets_are_ignored() {
        let (_, all) = redact(&["ab", ""], &["abab"]);
        assert_eq!(all, "abab");
    }

    #[test]
    fn byte_by_byte() {
        let text = "a hunter2 b hunter2hunter2 hunte";
        let chunks: Vec<String> = text.chars().map(String::from).collect();
        let chunks: Vec<&str> = chunks.iter().map(String::as_str).collect();
        let (_, all) = redact(&["hunter2"], &chunks);
        assert_eq!(all, "a [secret] b [secret][secret] hunte");
    }
}
