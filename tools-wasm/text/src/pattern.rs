//! Regular-expression matching and replacement with bounded cost.
//!
//! The `regex` crate runs in time linear in the text (no backtracking), and here patterns are
//! capped in length, compiled size and nesting; replacements may reference at most
//! [`MAX_REPLACEMENT_REFS`] groups and the result is capped at [`crate::MAX_TEXT_CHARS`], so
//! no input can make a call's time or memory blow up. Offsets are character (not byte) indices.

use regex::{Regex, RegexBuilder};
use serde_json::{Map, Value, json};

/// Longest pattern accepted, in characters.
pub const MAX_PATTERN_CHARS: usize = 1_000;
/// Most matches `regex_match` reports.
pub const MAX_MATCHES: usize = 100;
/// Most group references (`$1`, `${name}`) in a replacement.
pub const MAX_REPLACEMENT_REFS: usize = 20;
/// Longest string reported per match or group; longer ones are cut and flagged.
pub const MAX_REPORTED_CHARS: usize = 500;

/// Compiles `pattern` within the size limits.
pub fn compile(pattern: &str, case_insensitive: bool) -> Result<Regex, String> {
    if pattern.chars().count() > MAX_PATTERN_CHARS {
        return Err(format!(
            "pattern is too long (over {MAX_PATTERN_CHARS} characters)"
        ));
    }
    RegexBuilder::new(pattern)
        .case_insensitive(case_insensitive)
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 20)
        .nest_limit(64)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(_) => {
                "pattern is too complex (compiled size over 1 MiB); simplify it".to_string()
            }
            e => format!(
                "invalid regex pattern (Rust regex syntax, no look-around or backreferences): {e}"
            ),
        })
}

fn report(s: &str, truncated: &mut bool) -> Value {
    if s.chars().count() > MAX_REPORTED_CHARS {
        *truncated = true;
        json!(s.chars().take(MAX_REPORTED_CHARS).collect::<String>())
    } else {
        json!(s)
    }
}

/// Finds up to `max_matches` matches of `re` in `text`, with their groups.
pub fn find_matches(re: &Regex, text: &str, max_matches: usize) -> Value {
    let max = max_matches.clamp(1, MAX_MATCHES);
    let names: Vec<Option<&str>> = re.capture_names().collect();
    let mut matches = Vec::new();
    let mut truncated = false;
    let mut total = 0usize;
    // Byte offsets become char offsets by counting forward from the previous match.
    let (mut byte_at, mut char_at) = (0usize, 0usize);
    let mut char_index = |byte: usize| {
        char_at += text[byte_at..byte].chars().count();
        byte_at = byte;
        char_at
    };
    for caps in re.captures_iter(text) {
        total += 1;
        if matches.len() == max {
            continue;
        }
        let Some(m) = caps.get(0) else { continue };
        let start = char_index(m.start());
        let end = start + m.as_str().chars().count();
        let mut groups = Vec::new();
        let mut named = Map::new();
        for (i, name) in names.iter().enumerate().skip(1) {
            let g = caps
                .get(i)
                .map_or(Value::Null, |g| report(g.as_str(), &mut truncated));
            if let Some(n) = name {
                named.insert((*n).to_string(), g.clone());
            }
            groups.push(g);
        }
        let mut entry = json!({
            "match": report(m.as_str(), &mut truncated),
            "start": start,
            "end": end,
            "groups": groups,
        });
        if !named.is_empty() {
            entry["named_groups"] = Value::Object(named);
        }
        matches.push(entry);
    }
    let mut out = json!({ "matched": total > 0, "count": total, "matches": matches });
    if total > matches.len() {
        out["note"] = json!(format!(
            "only the first {} matches are listed",
            matches.len()
        ));
    }
    if truncated {
        out["truncated_to_chars"] = json!(MAX_REPORTED_CHARS);
    }
    out
}

/// Replaces matches of `re` in `text` by `replacement` (`$1`, `${name}`, `$$` for a dollar),
/// all of them or the first `limit`.
pub fn replace(
    re: &Regex,
    text: &str,
    replacement: &str,
    limit: Option<usize>,
    max_chars: usize,
) -> Result<Value, String> {
    let refs = replacement.matches('$').count() - 2 * replacement.matches("$$").count();
    if refs > MAX_REPLACEMENT_REFS {
        return Err(format!(
            "replacement has too many group references (over {MAX_REPLACEMENT_REFS})"
        ));
    }
    let mut out = String::new();
    let mut last = 0;
    let mut count = 0;
    for caps in re.captures_iter(text) {
        if limit.is_some_and(|l| count >= l) {
            break;
        }
        let Some(m) = caps.get(0) else { continue };
        out.push_str(&text[last..m.start()]);
        caps.expand(replacement, &mut out);
        last = m.end();
        count += 1;
        if out.len() > max_chars * 4 || out.chars().count() > max_chars {
            return Err(format!("the result would exceed {max_chars} characters"));
        }
    }
    out.push_str(&text[last..]);
    if out.chars().count() > max_chars {
        return Err(format!("the result would exceed {max_chars} characters"));
    }
    Ok(json!({ "result": out, "replacements": count }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn re(p: &str) -> Regex {
        compile(p, false).unwrap()
    }

    #[test]
    fn matches_report_char_offsets_and_groups() {
        let out = find_matches(&re(r"(\d+)-(\d+)?"), "é 12-34 and 5-", 10);
        assert_eq!(
            out,
            json!({"matched": true, "count": 2, "matches": [
                {"match": "12-34", "start": 2, "end": 7, "groups": ["12", "34"]},
                {"match": "5-", "start": 12, "end": 14, "groups": ["5", null]}]})
        );
    }

    #[test]
    fn named_groups_are_reported_by_name() {
        let out = find_matches(
            &re(r"(?P<user>\w+)@(?P<host>[\w.]+)"),
            "mail bob@example.com",
            5,
        );
        assert_eq!(
            out["matches"][0]["named_groups"],
            json!({"user": "bob", "host": "example.com"})
        );
        assert_eq!(out["matches"][0]["groups"], json!(["bob", "example.com"]));
    }

    #[test]
    fn no_match_and_capped_matches() {
        assert_eq!(
            find_matches(&re("z"), "abc", 5),
            json!({"matched": false, "count": 0, "matches": []})
        );
        let out = find_matches(&re("a"), &"a".repeat(300), 500);
        assert_eq!(out["count"], 300);
        assert_eq!(out["matches"].as_array().unwrap().len(), MAX_MATCHES);
        assert_eq!(out["note"], "only the first 100 matches are listed");
        let long = find_matches(&re(".+"), &"x".repeat(2000), 1);
        assert_eq!(long["truncated_to_chars"], 500);
        assert_eq!(long["matches"][0]["end"], 2000);
    }

    #[test]
    fn compile_rejects_bad_long_and_huge_patterns() {
        assert!(
            compile("(", false)
                .unwrap_err()
                .starts_with("invalid regex pattern")
        );
        assert!(
            compile(r"(?=x)", false)
                .unwrap_err()
                .contains("look-around")
        );
        assert!(
            compile(&"a".repeat(1001), false)
                .unwrap_err()
                .starts_with("pattern is too long")
        );
        assert_eq!(
            compile(r"\w{500}\w{500}", false).unwrap_err(),
            "pattern is too complex (compiled size over 1 MiB); simplify it"
        );
        assert!(compile("HELLO", true).unwrap().is_match("hello"));
    }

    #[test]
    fn replace_expands_groups_and_counts() {
        let out = replace(&re(r"(\w+)@(\w+)"), "a@b c@d", "$2 at ${1}", None, 1000).unwrap();
        assert_eq!(out, json!({"result": "b at a d at c", "replacements": 2}));
        let first = replace(&re("o"), "foo boo", "0", Some(1), 1000).unwrap();
        assert_eq!(first, json!({"result": "f0o boo", "replacements": 1}));
        let none = replace(&re("z"), "abc", "y", None, 1000).unwrap();
        assert_eq!(none, json!({"result": "abc", "replacements": 0}));
        let dollars = replace(&re("x"), "x", "$$5", None, 1000).unwrap();
        assert_eq!(dollars["result"], "$5");
    }

    #[test]
    fn replace_refuses_output_blowups() {
        assert_eq!(
            replace(&re(""), &"a".repeat(100), &"b".repeat(50), None, 1000).unwrap_err(),
            "the result would exceed 1000 characters"
        );
        assert_eq!(
            replace(&re("a"), "a", &"$0".repeat(21), None, 1000).unwrap_err(),
            "replacement has too many group references (over 20)"
        );
    }
}
