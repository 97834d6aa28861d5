//! Text from tools and models made safe for a terminal.
//!
//! A tool's names, descriptions, error texts and results, and its file name, are untrusted: an
//! escape sequence in them could set the terminal's title, clear the screen, recolour output or
//! hide text. Everything `tz` prints for people (tables, problems, warnings, `tools call`
//! results, errors) goes through [`text`] or [`field`], which write C0 and C1 control
//! characters (except newline and tab in [`text`]), DEL and the Unicode bidirectional
//! overrides as visible `\u{..}` escapes. JSON output needs nothing: serde escapes control
//! characters, and it is data, not terminal text.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal raw.
fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| unsafe_char(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) && !keep(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` with control characters escaped, newlines and tabs kept (multi-line text).
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, |c| c == '\n' || c == '\t')
}

/// `s` with every control character escaped, newlines and tabs too (one table cell or line).
pub fn field(s: &str) -> Cow<'_, str> {
    escape(s, |_| false)
}

/// Prints a registry's load problems to standard error as warnings.
pub fn warn_problems(registry: &tz_env::registry::Registry) {
    for p in registry.problems() {
        eprintln!("warning: skipped: {}", text(&p.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible_text() {
        assert_eq!(
            text("a\u{1b}]0;pwned\u{7}b\nc\td"),
            "a\\u{1b}]0;pwned\\u{7}b\nc\td"
        );
        assert_eq!(field("x\ny\u{9b}2J"), "x\\u{a}y\\u{9b}2J");
        assert_eq!(field("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        assert!(matches!(text("héllo wörld ✓\n"), Cow::Borrowed(_)));
    }
}
