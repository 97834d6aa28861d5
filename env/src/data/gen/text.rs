//! Requests for the `text` tool: lengths, word counts, case changes, regex matching and
//! replacing. The texts come from small pools chosen so that the answers are unambiguous
//! (identifier phrases are lowercase words; regex texts hold only the numbers asked about).

use serde_json::Value;

use super::catalog::{Tool, expect, s, strs};
use super::phrasing::{fill, template};
use super::rng::Rng;
use super::{Request, Split};

const SENTENCES: [&str; 16] = [
    "The quick brown fox jumps over the lazy dog.",
    "Rust makes systems programming safer.",
    "I left my umbrella at the train station again.",
    "Meet me at the library at noon.",
    "Every cloud has a silver lining.",
    "The meeting has been moved to Thursday morning.",
    "She sells sea shells by the sea shore.",
    "Please remember to water the plants while I am away.",
    "Coffee first, questions later.",
    "A journey of a thousand miles begins with a single step.",
    "Our new office opens next spring in Lisbon.",
    "The cat sat on the mat and looked at the rain.",
    "Knowledge is power, but enthusiasm pulls the switch.",
    "Two roads diverged in a yellow wood.",
    "Tool use is learned one reward at a time.",
    "Hello world, this is a test message.",
];

const PHRASES: [&str; 14] = [
    "user account id",
    "total sales amount",
    "max retry count",
    "first name",
    "shipping address line",
    "created at timestamp",
    "order status code",
    "last login date",
    "http request handler",
    "monthly active users",
    "default page size",
    "primary email address",
    "tax rate percent",
    "background color value",
];

/// Texts holding 2-4 standalone numbers of 1-3 digits and 4-digit years.
const NUMBERED: [&str; 8] = [
    "Invoice 42 was paid in 2021 and invoice 317 in 2023.",
    "We sold 18 bikes in 2019, 25 in 2020 and 31 in 2022.",
    "Room 12 is booked from 2024 until 2026.",
    "The band formed in 1994, split in 2008 and reunited after 11 years.",
    "Order 7 shipped in 2022 with 3 boxes.",
    "Flight 215 left at 9 and landed 4 hours later in 2025.",
    "Between 1990 and 2000 the town grew by 40 percent.",
    "Chapter 5 was written in 1851 and revised in 1853.",
];

/// Words to replace in [`SENTENCES`]: (sentence index, word, replacement).
const REPLACEMENTS: [(usize, &str, &str); 8] = [
    (0, "fox", "cat"),
    (3, "noon", "midnight"),
    (5, "Thursday", "Friday"),
    (6, "sea", "lake"),
    (10, "Lisbon", "Porto"),
    (11, "cat", "dog"),
    (12, "power", "strength"),
    (15, "test", "sample"),
];

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

fn text_call(name: &str, text: &str) -> crate::task::ExpectedCall {
    expect(name, vec![("text", vec![s(text)])])
}

fn length(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 5] = [
        "How many characters are in \"{t}\"?",
        "Count the characters in the text \"{t}\".",
        "What is the length of the string \"{t}\"?",
        "How long, in characters, is \"{t}\"?",
        "Give me the character count of: \"{t}\"",
    ];
    let pool: &[&str] = if rng.chance(0.5) {
        &SENTENCES
    } else {
        &PHRASES
    };
    let t = *rng.pick(pool);
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
    const T: [&str; 4] = [
        "How many words are in \"{t}\"?",
        "Count the words in this sentence: \"{t}\"",
        "Give me the word count of \"{t}\".",
        "What's the number of words in \"{t}\"?",
    ];
    let t = *rng.pick(&SENTENCES);
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
    const T: [&str; 5] = [
        "Convert \"{t}\" to {c}.",
        "Change \"{t}\" into {c}.",
        "Rewrite \"{t}\" in {c}.",
        "Turn the phrase \"{t}\" into {c}, please.",
        "What does \"{t}\" look like in {c}?",
    ];
    let t = *rng.pick(&PHRASES);
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
    let t = *rng.pick(&NUMBERED);
    let (tmpl, patterns, re): (&[&str], &[&str], &str) = if rng.chance(0.5) {
        (
            &[
                "Find all the numbers in \"{t}\" using a regular expression.",
                "Use a regex to list every number in \"{t}\".",
                "Extract all numbers from the text \"{t}\".",
                "Which numbers appear in \"{t}\"? Match them with a regex.",
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
                "Which years (four digits) are mentioned in \"{t}\"? Use regex matching.",
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
    const T: [&str; 4] = [
        "Replace every \"{a}\" with \"{b}\" in \"{t}\".",
        "In the text \"{t}\", change \"{a}\" to \"{b}\".",
        "Swap the word \"{a}\" for \"{b}\" in this sentence: \"{t}\"",
        "Substitute \"{b}\" for each \"{a}\" in \"{t}\".",
    ];
    let (i, a, b) = *rng.pick(&REPLACEMENTS);
    let t = SENTENCES[i];
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
