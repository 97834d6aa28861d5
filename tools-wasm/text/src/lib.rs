//! Tool `text`: measuring and transforming text.
//!
//! Functions: `text_length`, `word_count`, `regex_match` and `regex_replace` (see
//! [`pattern`]: Rust regex syntax, linear time, capped sizes) and `change_case` (see
//! [`case`]). Texts are capped at [`MAX_TEXT_CHARS`] characters.
#![warn(missing_docs)]

pub mod case;
#[cfg(target_arch = "wasm32")]
mod component;
pub mod pattern;

use serde_json::{Value, json};
use tz_tool_common::spec::spec_json;
use tz_tool_common::{Args, FunctionSpec, Param};

/// Longest text accepted or produced, in characters.
pub const MAX_TEXT_CHARS: usize = 100_000;

fn text_param() -> Param {
    Param::string("text", "The text to work on").with("maxLength", json!(MAX_TEXT_CHARS))
}

fn functions() -> Vec<FunctionSpec> {
    let case_insensitive = Param::boolean(
        "case_insensitive",
        "Match letters regardless of case (default false)",
    )
    .optional();
    let pattern = Param::string(
        "pattern",
        "A regular expression in Rust regex syntax (like PCRE without look-around or backreferences), e.g. '(\\\\d{4})-(\\\\d{2})'",
    )
    .with("maxLength", json!(pattern::MAX_PATTERN_CHARS));
    vec![
        FunctionSpec::new(
            "text_length",
            "Measures a text: {\"characters\" (Unicode scalar values), \"characters_excluding_whitespace\", \"bytes\" (UTF-8)}.",
            vec![text_param()],
        ),
        FunctionSpec::new(
            "word_count",
            "Counts the words (whitespace-separated), lines and sentences (runs ending in . ! or ?; approximate) of a text, plus the number of distinct words ignoring case and surrounding punctuation.",
            vec![text_param()],
        ),
        FunctionSpec::new(
            "regex_match",
            "Finds the matches of a regular expression in a text. Returns {\"matched\", \"count\", \"matches\": [{\"match\", \"start\", \"end\" (character offsets, end exclusive), \"groups\" (null for a group that did not take part), \"named_groups\"}]}.",
            vec![
                text_param(),
                pattern.clone(),
                Param::integer(
                    "max_matches",
                    "Most matches to list, 1 to 100 (default 20); count still counts all",
                )
                .optional()
                .with("minimum", json!(1))
                .with("maximum", json!(pattern::MAX_MATCHES)),
                case_insensitive.clone(),
            ],
        ),
        FunctionSpec::new(
            "regex_replace",
            "Replaces the matches of a regular expression in a text. The replacement may use $1 or ${1} for numbered groups, ${name} for named groups and $$ for a literal dollar (write ${1}x, not $1x). Returns {\"result\", \"replacements\"}.",
            vec![
                text_param(),
                pattern,
                Param::string(
                    "replacement",
                    "The replacement text, with optional group references",
                )
                .with("maxLength", json!(1000)),
                Param::integer(
                    "max_replacements",
                    "Replace only the first N matches (default: all)",
                )
                .optional()
                .with("minimum", json!(1)),
                case_insensitive,
            ],
        ),
        FunctionSpec::new(
            "change_case",
            "Changes the case of a text: upper, lower, title (Each Word Capitalized), snake (snake_case), kebab (kebab-case), camel (camelCase) or pascal (PascalCase). The identifier styles split words at spaces, punctuation and camelCase humps. Returns {\"result\"}.",
            vec![
                text_param(),
                Param::one_of("case", "The target case", case::CASES),
            ],
        ),
    ]
}

/// The tool's spec: a JSON array of function descriptions.
pub fn spec() -> String {
    spec_json(&functions())
}

/// Calls function `name` with JSON `arguments`.
pub fn call(name: &str, arguments: &str) -> Result<String, String> {
    let args = Args::parse(arguments)?;
    let names: Vec<&str> = functions().iter().map(|f| f.name).collect();
    if !names.contains(&name) {
        return Err(tz_tool_common::unknown_function(name, &names));
    }
    let text = args.str("text")?;
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(format!(
            "text is too long (over {MAX_TEXT_CHARS} characters)"
        ));
    }
    let ci = args.opt_bool("case_insensitive")?.unwrap_or(false);
    let out = match name {
        "text_length" => text_length(text),
        "word_count" => word_count(text),
        "regex_match" => {
            let re = pattern::compile(args.str("pattern")?, ci)?;
            let max = args.opt_i64("max_matches")?.unwrap_or(20);
            pattern::find_matches(
                &re,
                text,
                max.clamp(1, pattern::MAX_MATCHES as i64) as usize,
            )
        }
        "regex_replace" => {
            let re = pattern::compile(args.str("pattern")?, ci)?;
            let replacement = args.str("replacement")?;
            let limit = match args.opt_i64("max_replacements")? {
                Some(n) if n < 1 => return Err("max_replacements must be at least 1".into()),
                Some(n) => Some(n as usize),
                None => None,
            };
            pattern::replace(&re, text, replacement, limit, MAX_TEXT_CHARS)?
        }
        _ => json!({ "result": case::change_case(text, args.str("case")?)? }),
    };
    Ok(tz_tool_common::json_text(&out))
}

/// Character, non-whitespace character and byte counts.
pub fn text_length(text: &str) -> Value {
    json!({
        "characters": text.chars().count(),
        "characters_excluding_whitespace": text.chars().filter(|c| !c.is_whitespace()).count(),
        "bytes": text.len(),
    })
}

/// Word, line, sentence and distinct-word counts.
pub fn word_count(text: &str) -> Value {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut distinct: Vec<String> = words
        .iter()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    distinct.sort();
    distinct.dedup();
    let sentences = text
        .split(['.', '!', '?'])
        .filter(|s| s.chars().any(char::is_alphanumeric))
        .count();
    json!({
        "words": words.len(),
        "lines": text.lines().count(),
        "sentences": sentences,
        "distinct_words": distinct.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(name: &str, args: Value) -> Value {
        serde_json::from_str(&call(name, &args.to_string()).unwrap()).unwrap()
    }

    fn err(name: &str, args: Value) -> String {
        call(name, &args.to_string()).unwrap_err()
    }

    #[test]
    fn spec_is_well_formed_and_every_function_dispatches() {
        let names = tz_tool_common::check_spec(&spec()).unwrap();
        assert_eq!(
            names,
            [
                "text_length",
                "word_count",
                "regex_match",
                "regex_replace",
                "change_case"
            ]
        );
        for n in names {
            assert_eq!(
                call(&n, "{}").unwrap_err(),
                "missing required parameter 'text' (string)"
            );
        }
    }

    #[test]
    fn text_length_counts_chars_not_bytes() {
        assert_eq!(
            ok("text_length", json!({"text": "héllo wörld"})),
            json!({"characters": 11, "characters_excluding_whitespace": 10, "bytes": 13})
        );
        assert_eq!(ok("text_length", json!({"text": ""}))["characters"], 0);
    }

    #[test]
    fn word_count_counts_words_lines_sentences_and_distinct_words() {
        let text = "The cat sat. The dog ran!\nDid THE cat see it?";
        assert_eq!(
            ok("word_count", json!({"text": text})),
            json!({"words": 11, "lines": 2, "sentences": 3, "distinct_words": 8})
        );
        assert_eq!(
            ok("word_count", json!({"text": "   "})),
            json!({"words": 0, "lines": 1, "sentences": 0, "distinct_words": 0})
        );
        assert_eq!(ok("word_count", json!({"text": ""}))["lines"], 0);
    }

    #[test]
    fn regex_match_through_call_honours_options() {
        let out = ok(
            "regex_match",
            json!({"text": "Apple apple APPLE", "pattern": "apple", "case_insensitive": true, "max_matches": 2}),
        );
        assert_eq!(out["count"], 3);
        assert_eq!(out["matches"].as_array().unwrap().len(), 2);
        assert_eq!(
            ok("regex_match", json!({"text": "Apple", "pattern": "apple"}))["matched"],
            false
        );
        assert!(
            err("regex_match", json!({"text": "x", "pattern": "[a-"}))
                .starts_with("invalid regex pattern")
        );
        assert_eq!(
            err("regex_match", json!({"text": "x"})),
            "missing required parameter 'pattern' (string)"
        );
    }

    #[test]
    fn regex_replace_through_call_honours_options() {
        assert_eq!(
            ok(
                "regex_replace",
                json!({"text": "2024-03-15", "pattern": r"(\d+)-(\d+)-(\d+)", "replacement": "$3/$2/$1"})
            ),
            json!({"result": "15/03/2024", "replacements": 1})
        );
        assert_eq!(
            ok(
                "regex_replace",
                json!({"text": "A a A", "pattern": "a", "replacement": "b", "case_insensitive": true, "max_replacements": 2})
            ),
            json!({"result": "b b A", "replacements": 2})
        );
        assert_eq!(
            err(
                "regex_replace",
                json!({"text": "a", "pattern": "a", "replacement": "b", "max_replacements": 0})
            ),
            "max_replacements must be at least 1"
        );
    }

    #[test]
    fn change_case_through_call() {
        assert_eq!(
            ok(
                "change_case",
                json!({"text": "Hello big World", "case": "snake"})
            ),
            json!({"result": "hello_big_world"})
        );
        assert!(
            err("change_case", json!({"text": "x", "case": "loud"}))
                .starts_with("unknown case 'loud'")
        );
    }

    #[test]
    fn oversized_text_and_unknown_functions_are_refused() {
        let big = "a".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(
            err("text_length", json!({"text": big})),
            "text is too long (over 100000 characters)"
        );
        assert!(err("word_counts", json!({})).contains("did you mean 'word_count'?"));
    }
}
