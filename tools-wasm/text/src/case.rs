//! Case conversion: upper, lower, title, and the identifier styles snake, kebab, camel and
//! pascal, which first split the text into words at spaces, punctuation and camelCase humps.

/// The case styles `change_case` accepts.
pub const CASES: &[&str] = &[
    "upper", "lower", "title", "snake", "kebab", "camel", "pascal",
];

/// Splits `text` into words: runs of letters and digits, broken at any other character, at a
/// lower-to-upper change (`fooBar`), after digits before an upper (`v2Beta`), and before the
/// last capital of an acronym followed by lowercase (`HTTPServer` -> `HTTP`, `Server`).
pub fn words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if !cur.is_empty() && c.is_uppercase() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_numeric() || (prev.is_uppercase() && next_lower) {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// Title case: the first letter of every word upper, the rest lower; everything else
/// (spacing, punctuation) kept. An apostrophe does not start a word ("don't" -> "Don't").
fn title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at_start = true;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if at_start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            at_start = false;
        } else {
            out.push(c);
            at_start = !matches!(c, '\'' | '\u{2019}');
        }
    }
    out
}

/// Converts `text` to `case` (one of [`CASES`]).
pub fn change_case(text: &str, case: &str) -> Result<String, String> {
    let lower_words = || {
        words(text)
            .iter()
            .map(|w| w.to_lowercase())
            .collect::<Vec<_>>()
    };
    Ok(match case.to_ascii_lowercase().as_str() {
        "upper" => text.to_uppercase(),
        "lower" => text.to_lowercase(),
        "title" => title(text),
        "snake" => lower_words().join("_"),
        "kebab" => lower_words().join("-"),
        "camel" => {
            let ws = lower_words();
            let mut out = ws.first().cloned().unwrap_or_default();
            for w in ws.iter().skip(1) {
                out.push_str(&capitalize(w));
            }
            out
        }
        "pascal" => words(text).iter().map(|w| capitalize(w)).collect(),
        other => {
            return Err(format!(
                "unknown case '{}'; valid cases: {}",
                tz_tool_common::clip(other),
                CASES.join(", ")
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_at_separators_and_humps() {
        assert_eq!(words("hello world"), ["hello", "world"]);
        assert_eq!(words("  user_id-value  "), ["user", "id", "value"]);
        assert_eq!(
            words("parseHTTPServerResponse"),
            ["parse", "HTTP", "Server", "Response"]
        );
        assert_eq!(words("version2Beta"), ["version2", "Beta"]);
        assert_eq!(words("XMLHttpRequest"), ["XML", "Http", "Request"]);
        assert!(words("  -- ").is_empty());
    }

    #[test]
    fn every_case_style_converts() {
        let c = |t: &str, k: &str| change_case(t, k).unwrap();
        assert_eq!(c("Hello World", "upper"), "HELLO WORLD");
        assert_eq!(c("Hello World", "lower"), "hello world");
        assert_eq!(
            c("the QUICK brown-fox don't", "title"),
            "The Quick Brown-Fox Don't"
        );
        assert_eq!(c("Hello World Again", "snake"), "hello_world_again");
        assert_eq!(c("userAccountID", "snake"), "user_account_id");
        assert_eq!(c("Hello World", "kebab"), "hello-world");
        assert_eq!(c("hello_world_again", "camel"), "helloWorldAgain");
        assert_eq!(c("hello world", "pascal"), "HelloWorld");
        assert_eq!(c("straße", "upper"), "STRASSE");
        assert_eq!(c("", "camel"), "");
        assert_eq!(c("x", "TITLE"), "X");
    }

    #[test]
    fn unknown_cases_list_the_valid_ones() {
        assert_eq!(
            change_case("x", "shout").unwrap_err(),
            "unknown case 'shout'; valid cases: upper, lower, title, snake, kebab, camel, pascal"
        );
    }
}
