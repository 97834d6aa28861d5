//! Python's `str` operations the commands use, with Python's exact rules: `splitlines()`
//! (eleven line boundaries, no empty last line), `split()` (Python's notion of whitespace)
//! and `len()` (code points).

use tz_tool_common::bfcl::pyops::is_space;

/// `s.splitlines()`: splits at `\n`, `\r`, `\r\n`, `\v`, `\f`, `\x1c`, `\x1d`, `\x1e`,
/// `\x85`, U+2028 and U+2029; a boundary at the very end gives no empty line.
pub fn splitlines(s: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let boundary = matches!(
            c,
            '\n' | '\r'
                | '\u{b}'
                | '\u{c}'
                | '\u{1c}'
                | '\u{1d}'
                | '\u{1e}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if !boundary {
            continue;
        }
        lines.push(&s[start..i]);
        let mut end = i + c.len_utf8();
        if c == '\r'
            && let Some((j, '\n')) = chars.peek().copied()
        {
            chars.next();
            end = j + 1;
        }
        start = end;
    }
    if start < s.len() {
        lines.push(&s[start..]);
    }
    lines
}

/// `len(s.split())`: the number of runs of non-whitespace.
pub fn word_count(s: &str) -> usize {
    s.split(is_space).filter(|w| !w.is_empty()).count()
}

/// `len(s)`: code points.
pub fn len(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitlines_follows_python() {
        assert_eq!(splitlines(""), Vec::<&str>::new());
        assert_eq!(splitlines("\n"), vec![""]);
        assert_eq!(
            splitlines("a\r\nb\rc\n\nd\u{2028}e\u{1c}"),
            vec!["a", "b", "c", "", "d", "e"]
        );
        assert_eq!(splitlines("a\r"), vec!["a"]);
        assert_eq!(splitlines("a\r\r\nb"), vec!["a", "", "b"]);
    }

    #[test]
    fn split_counts_python_whitespace_runs() {
        assert_eq!(word_count("  a\x1fb\u{3000}c \t"), 3);
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("\u{200b}"), 1);
    }
}
