//! Requests for the `text` tool: lengths, word counts, case changes, regex matching and
//! replacing. The texts come from `text_values`, built so that the answers are unambiguous
//! (identifier phrases are lowercase words; regex texts hold only the numbers asked about).

use serde_json::Value;

use super::catalog::{Tool, expect, s, strs};
use super::phrasing::{fill, template};
use super::rng::Rng;
use super::text_values::{numbered, phrase, replacement, sentence};
use super::{Request, Split};

/// A request for one text function.
pub(crate) fn request(rng: &mut Rng, split: Split) -> Request {
    match rng.below(6) {
        0 => length(rng, split),
        1 => words(rng, split),
        2 | 3 => case(rng, split),
        4 => matches(rng, split),
        _ => replace(rng, split),
    }
}

fn text_call(name: &str, text: &str) -> crate::checker::ExpectedCall {
    expect(name, vec![("text", vec![s(text)])])
}

fn length(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 12] = [
        "How many characters are in \"{t}\"?",
        "Count the characters in the text \"{t}\".",
        "What is the length of the string \"{t}\"?",
        "I'm writing a text message: \"{t}\" How many characters is it?",
        "My tweet draft is \"{t}\". How long is it in characters?",
        "Please measure the length of \"{t}\".",
        "How many characters does \"{t}\" have, spaces included?",
        "Tell me the character count of \"{t}\".",
        "How long, in characters, is \"{t}\"?",
        "Give me the character count of: \"{t}\"",
        "What's the length of this text: \"{t}\"?",
        "Could you count how many characters \"{t}\" contains?",
    ];
    let t = if rng.chance(0.6) {
        sentence(rng)
    } else {
        phrase(rng)
    };
    let t = t.as_str();
    let text = fill(template(rng, &T, split), &[("t", t)]);
    let answer = t.chars().count().to_string();
    Request::one(
        text,
        Tool::Text,
        text_call("text_length", t),
        vec![],
        Some(answer),
    )
}

fn words(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 12] = [
        "How many words are in \"{t}\"?",
        "Count the words in this sentence: \"{t}\"",
        "Give me the word count of \"{t}\".",
        "My note says \"{t}\" How many words is that?",
        "Please count the words in \"{t}\".",
        "How many words does the sentence \"{t}\" contain?",
        "I need a word count for: \"{t}\"",
        "Tell me how many words \"{t}\" has.",
        "What's the number of words in \"{t}\"?",
        "Word count of \"{t}\", please.",
        "Count how many words appear in \"{t}\".",
        "How many words long is \"{t}\"?",
    ];
    let t = sentence(rng);
    let t = t.as_str();
    let text = fill(template(rng, &T, split), &[("t", t)]);
    let answer = t.split_whitespace().count().to_string();
    Request::one(
        text,
        Tool::Text,
        text_call("word_count", t),
        vec![],
        Some(answer),
    )
}

/// The case's names in requests, and `words` written in it.
fn styled(case: &str, words: &[&str]) -> (&'static [&'static str], String) {
    let cap = |w: &str| {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    match case {
        "upper" => (
            &["uppercase", "upper case", "all caps"],
            words.join(" ").to_uppercase(),
        ),
        "lower" => (&["lowercase", "lower case"], words.join(" ")),
        "title" => (
            &["title case", "Title Case"],
            words.iter().map(|w| cap(w)).collect::<Vec<_>>().join(" "),
        ),
        "snake" => (&["snake_case", "snake case"], words.join("_")),
        "kebab" => (&["kebab-case", "kebab case"], words.join("-")),
        "camel" => {
            let mut out = words.first().map(|w| w.to_string()).unwrap_or_default();
            for w in words.iter().skip(1) {
                out.push_str(&cap(w));
            }
            (&["camelCase", "camel case"], out)
        }
        _ => (
            &["PascalCase", "Pascal case"],
            words.iter().map(|w| cap(w)).collect(),
        ),
    }
}

fn case(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 12] = [
        "Convert \"{t}\" to {c}.",
        "Change \"{t}\" into {c}.",
        "Rewrite \"{t}\" in {c}.",
        "I need a variable name for \"{t}\" in {c}.",
        "Format \"{t}\" as {c}.",
        "Put \"{t}\" into {c}, please.",
        "How is \"{t}\" written in {c}?",
        "Our style guide wants {c}. Convert \"{t}\".",
        "Turn the phrase \"{t}\" into {c}, please.",
        "What does \"{t}\" look like in {c}?",
        "Make \"{t}\" {c}.",
        "Apply {c} to \"{t}\".",
    ];
    let t = phrase(rng);
    let t = t.as_str();
    let case = *rng.pick(super::catalog::CASES);
    let words: Vec<&str> = t.split(' ').collect();
    let (names, answer) = styled(case, &words);
    let name = names[rng.below(names.len())];
    let text = fill(template(rng, &T, split), &[("t", t), ("c", name)]);
    let call = expect(
        "change_case",
        vec![("text", vec![s(t)]), ("case", vec![s(case)])],
    );
    Request::one(text, Tool::Text, call, vec![], Some(answer))
}

fn matches(rng: &mut Rng, split: Split) -> Request {
    let t = numbered(rng);
    let t = t.as_str();
    let (tmpl, patterns, re): (&[&str], &[&str], &str) = if rng.chance(0.5) {
        (
            &[
                "Find all the numbers in \"{t}\" using a regular expression.",
                "Use a regex to list every number in \"{t}\".",
                "Extract all numbers from the text \"{t}\".",
                "Pull every number out of \"{t}\" with a regex.",
                "List the numbers that occur in \"{t}\", using regex matching.",
                "Which numbers appear in \"{t}\"? Match them with a regex.",
                "Run a regex over \"{t}\" and give me all the numbers.",
                "Match every run of digits in \"{t}\".",
            ],
            &["\\d+", "[0-9]+", "\\b\\d+\\b", "\\b[0-9]+\\b"],
            "[0-9]+",
        )
    } else {
        (
            &[
                "Find every four-digit year in \"{t}\" with a regular expression.",
                "Use a regex to extract the 4-digit numbers from \"{t}\".",
                "List all four-digit numbers in \"{t}\".",
                "Match the years in \"{t}\" with a regex for four digits.",
                "Extract each 4-digit year from \"{t}\" using a regular expression.",
                "Which years (four digits) are mentioned in \"{t}\"? Use regex matching.",
                "With a regex, find the four-digit numbers in \"{t}\".",
                "Get me all years (4 digits) from \"{t}\" via a regex.",
            ],
            &["\\d{4}", "[0-9]{4}", "\\b\\d{4}\\b", "\\b[0-9]{4}\\b"],
            "\\b[0-9]{4}\\b",
        )
    };
    let text = fill(template(rng, tmpl, split), &[("t", t)]);
    let found: Vec<&str> = regex::Regex::new(re)
        .map(|r| r.find_iter(t).map(|m| m.as_str()).collect())
        .unwrap_or_default();
    let call = expect(
        "regex_match",
        vec![("text", vec![s(t)]), ("pattern", strs(patterns))],
    );
    Request::one(text, Tool::Text, call, vec![], Some(found.join(", ")))
}

fn replace(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 12] = [
        "Replace every \"{a}\" with \"{b}\" in \"{t}\".",
        "In the text \"{t}\", change \"{a}\" to \"{b}\".",
        "Swap the word \"{a}\" for \"{b}\" in this sentence: \"{t}\"",
        "I made a mistake in \"{t}\": it should say \"{b}\" instead of \"{a}\". Fix it with a replace.",
        "Use a regex replace to turn \"{a}\" into \"{b}\" in \"{t}\".",
        "Please replace \"{a}\" by \"{b}\" in \"{t}\".",
        "Edit \"{t}\" so that \"{a}\" becomes \"{b}\".",
        "Rewrite \"{t}\" with \"{b}\" in place of \"{a}\".",
        "Substitute \"{b}\" for each \"{a}\" in \"{t}\".",
        "Change all occurrences of \"{a}\" to \"{b}\" in \"{t}\".",
        "In \"{t}\", put \"{b}\" wherever \"{a}\" appears.",
        "Find \"{a}\" in \"{t}\" and replace it with \"{b}\".",
    ];
    let (t, a, b) = replacement(rng);
    let (t, a, b) = (t.as_str(), a.as_str(), b.as_str());
    let text = fill(template(rng, &T, split), &[("a", a), ("b", b), ("t", t)]);
    let call = expect(
        "regex_replace",
        vec![
            ("text", vec![s(t)]),
            ("pattern", vec![s(a), s(&format!("\\b{a}\\b"))]),
            ("replacement", vec![s(b)]),
        ],
    );
    let answer: Value = s(&t.replace(a, b));
    Request::one(
        text,
        Tool::Text,
        call,
        vec![],
        answer.as_str().map(String::from),
    )
}
