//! The texts the `text` requests work on: sentences (fixed ones and notes built from
//! `pools`), identifier phrases of lowercase words, texts holding numbers and years, and
//! sentences with a word to replace. Each is built so that its answer is unambiguous:
//! identifier phrases are lowercase words without digits; number texts hold only standalone
//! numbers of 1-3 digits and 4-digit years; a replaced word occurs only as a whole word.

use super::phrasing::fill;
use super::pools::{self, CHORES, CITIES, PEOPLE, PLACES, THINGS, TIMES, WEEKDAYS};
use super::rng::Rng;

const SENTENCES: [&str; 24] = [
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
    "All that glitters is not gold.",
    "The early bird catches the worm.",
    "Pack light and bring a good book.",
    "The printer on the third floor is out of paper again.",
    "Happy birthday to the best neighbor on the street!",
    "Do not feed the ducks after sunset.",
    "The train to the coast leaves every hour on the hour.",
    "Small steps every day add up to big results.",
];

/// A sentence to measure: a fixed one or a generated note.
pub(crate) fn sentence(rng: &mut Rng) -> String {
    if rng.chance(0.35) {
        rng.pick(&SENTENCES).to_string()
    } else {
        pools::note(rng)
    }
}

const QUALIFIERS: [&str; 16] = [
    "max", "min", "default", "last", "first", "total", "average", "next", "previous", "primary",
    "current", "new", "old", "daily", "monthly", "final",
];
const NOUNS: [&str; 20] = [
    "user", "order", "payment", "customer", "session", "product", "invoice", "shipping", "account",
    "cache", "request", "file", "page", "retry", "login", "email", "tax", "item", "report",
    "event",
];
const FIELDS: [&str; 20] = [
    "id", "count", "total", "status", "date", "name", "limit", "timeout", "address", "amount",
    "size", "code", "rate", "value", "list", "key", "path", "type", "level", "index",
];

/// An identifier phrase: 2-3 lowercase words such as `max retry count`.
pub(crate) fn phrase(rng: &mut Rng) -> String {
    let noun = *rng.pick(&NOUNS);
    let field = *rng.pick(&FIELDS);
    if rng.chance(0.5) {
        format!("{} {noun} {field}", rng.pick(&QUALIFIERS))
    } else {
        format!("{noun} {field}")
    }
}

/// Frames of texts with numbers: `{n}` a number of 1-3 digits, `{y}` a year.
const NUMBERED: [&str; 12] = [
    "Invoice {n1} was paid in {y1} and invoice {n2} in {y2}.",
    "We sold {n1} bikes in {y1}, {n2} in {y2} and {n3} in {y3}.",
    "Room {n1} is booked from {y1} until {y2}.",
    "The band formed in {y1}, split in {y2} and reunited after {n1} years.",
    "Order {n1} shipped in {y1} with {n2} boxes.",
    "Flight {n1} left at {n2} and landed {n3} hours later in {y1}.",
    "Between {y1} and {y2} the town grew by {n1} percent.",
    "Chapter {n1} was written in {y1} and revised in {y2}.",
    "{who} ran {n1} races in {y1} and won {n2} of them.",
    "The museum opened in {y1} and had {n1} rooms until {y2}.",
    "Bus {n1} stopped running in {y1} after {n2} years of service.",
    "In {y1} the club had {n1} members; by {y2} it had {n2}.",
];

/// A text holding 2-4 standalone numbers: 1-3 digit numbers and 4-digit years.
pub(crate) fn numbered(rng: &mut Rng) -> String {
    let frame = *rng.pick(&NUMBERED);
    let n: Vec<String> = (0..3).map(|_| rng.range(1, 999).to_string()).collect();
    let mut years: Vec<i64> = (0..3).map(|_| rng.range(1800, 2030)).collect();
    years.sort_unstable();
    let y: Vec<String> = years.iter().map(i64::to_string).collect();
    let who = *rng.pick(&PEOPLE);
    fill(
        frame,
        &[
            ("n1", &n[0]),
            ("n2", &n[1]),
            ("n3", &n[2]),
            ("y1", &y[0]),
            ("y2", &y[1]),
            ("y3", &y[2]),
            ("who", who),
        ],
    )
}

/// Fixed replacements: (sentence, word, replacement).
const FIXED: [(&str, &str, &str); 8] = [
    (SENTENCES[0], "fox", "cat"),
    (SENTENCES[3], "noon", "midnight"),
    (SENTENCES[5], "Thursday", "Friday"),
    (SENTENCES[6], "sea", "lake"),
    (SENTENCES[10], "Lisbon", "Porto"),
    (SENTENCES[11], "cat", "dog"),
    (SENTENCES[12], "power", "strength"),
    (SENTENCES[15], "test", "sample"),
];

/// A sentence, a word in it, and its replacement: the word occurs only as a whole word, so
/// a literal pattern and a `\b`-bounded one replace the same text.
pub(crate) fn replacement(rng: &mut Rng) -> (String, String, String) {
    for _ in 0..8 {
        let (t, a, b) = draw_replacement(rng);
        if whole_words_only(&t, &a) {
            return (t, a, b);
        }
    }
    let (t, a, b) = FIXED[0];
    (t.into(), a.into(), b.into())
}

fn draw_replacement(rng: &mut Rng) -> (String, String, String) {
    let (pool, frames): (&[&str], [&str; 4]) = match rng.below(4) {
        0 => {
            let (t, a, b) = *rng.pick(&FIXED);
            return (t.into(), a.into(), b.into());
        }
        1 => (
            &PEOPLE,
            [
                "Meeting with {x} moved to {day} at {time}.",
                "{x} will bring the {thing} to the {place}.",
                "Ask {x} to {chore} before {day}.",
                "{x} said the {thing} is at the {place}.",
            ],
        ),
        2 => (
            &WEEKDAYS,
            [
                "The team lunch is on {x} at the {place}.",
                "The deadline moved from {x} to next week.",
                "Remember to {chore} on {x}.",
                "The {place} is closed every {x}.",
            ],
        ),
        _ => (
            &CITIES,
            [
                "Our new office opens next spring in {x}.",
                "{who} flies to {x} on {day}.",
                "The conference in {x} starts at {time}.",
                "I left the {thing} in a hotel in {x}.",
            ],
        ),
    };
    let pair = rng.sample(pool, 2);
    let (a, b) = (pair[0], pair[1]);
    let frame = *rng.pick(&frames);
    let text = fill(
        frame,
        &[
            ("x", a),
            ("day", *rng.pick(&WEEKDAYS)),
            ("time", *rng.pick(&TIMES)),
            ("thing", *rng.pick(&THINGS)),
            ("place", *rng.pick(&PLACES)),
            ("chore", *rng.pick(&CHORES)),
            ("who", *rng.pick(&PEOPLE)),
        ],
    );
    (text, a.into(), b.into())
}

/// Whether every occurrence of `word` in `text` is a whole word (and there is one).
fn whole_words_only(text: &str, word: &str) -> bool {
    let bounded = regex::Regex::new(&format!(r"\b{}\b", regex::escape(word)));
    let whole = bounded.map_or(0, |r| r.find_iter(text).count());
    whole > 0 && whole == text.matches(word).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaced_words_occur_only_as_whole_words() {
        let mut rng = Rng::new(5, 5);
        for _ in 0..500 {
            let (t, a, b) = replacement(&mut rng);
            assert!(whole_words_only(&t, &a), "{t} / {a}");
            assert_ne!(a, b);
        }
        assert!(!whole_words_only("the cat concatenates", "cat"));
    }

    #[test]
    fn number_texts_hold_only_short_numbers_and_years() {
        let mut rng = Rng::new(6, 6);
        let re = regex::Regex::new(r"\d+").unwrap_or_else(|e| panic!("{e}"));
        for _ in 0..300 {
            let t = numbered(&mut rng);
            assert!(!t.contains('{'), "{t}");
            for m in re.find_iter(&t) {
                assert!(m.as_str().len() <= 4, "{t}");
            }
        }
    }
}
