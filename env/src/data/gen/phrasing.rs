//! Natural-language helpers: template filling, the train/test template split, and numbers,
//! dates and lists written the way people write them.
//!
//! Templates are plain strings with `{name}` holes. Every template list is split by position:
//! the last quarter (at least one) is held out for the test split, the rest is for training,
//! so a test task is always phrased with a template the training data never uses.

use serde_json::Value;

use super::Split;
use super::rng::Rng;

/// Fills the `{name}` holes of `template` with `values`.
pub(crate) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// How many templates of a list of `len` the test split holds out: the last quarter, at least 1.
pub(crate) fn held_out(len: usize) -> usize {
    (len / 4).max(1)
}

/// A template of `templates` for `split`: test draws from the held-out tail, train from the
/// rest. Lists of one template are shared (only used where the text differs by construction).
pub(crate) fn template<'a>(rng: &mut Rng, templates: &[&'a str], split: Split) -> &'a str {
    let len = templates.len();
    if len < 2 {
        return templates.first().copied().unwrap_or("");
    }
    let test = held_out(len);
    match split {
        Split::Train => templates[rng.below(len - test)],
        Split::Test => templates[len - test + rng.below(test)],
    }
}

/// `x` as the tools format numbers: integers without `.0`, others to 12 significant digits.
pub(crate) fn json_number(x: f64) -> Value {
    if !x.is_finite() {
        return Value::Null;
    }
    let r: f64 = format!("{x:.11e}").parse().unwrap_or(x);
    if r.fract() == 0.0 && r.abs() < 9.007_199_254_740_992e15 {
        return Value::from(r as i64);
    }
    serde_json::Number::from_f64(r).map_or(Value::Null, Value::Number)
}

/// `x` formatted as [`json_number`] writes it.
pub(crate) fn number(x: f64) -> String {
    json_number(x).to_string()
}

/// The acceptable JSON values of a number argument: an integral value as both `5` and `5.0`.
pub(crate) fn num_values(x: f64) -> Vec<Value> {
    let v = json_number(x);
    if v.is_i64() {
        let f = serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number);
        vec![v, f]
    } else {
        vec![v]
    }
}

/// An integer with thousands separators: `12345` -> `12,345`.
pub(crate) fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// `n` written either plainly or with thousands separators.
pub(crate) fn int_text(rng: &mut Rng, n: i64) -> String {
    if n.abs() >= 1000 && rng.chance(0.5) {
        thousands(n)
    } else {
        n.to_string()
    }
}

/// `["a"]` -> `a`; `["a", "b"]` -> `a and b`; `["a", "b", "c"]` -> `a, b and c`.
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The text with its first letter lowercased (for joining sentences), unless the first word
/// is "I" or an acronym.
pub(crate) fn lower_first(text: &str) -> String {
    let first_word = text.split([' ', '\'', ',']).next().unwrap_or("");
    if first_word == "I" || first_word.chars().filter(|c| c.is_uppercase()).count() > 1 {
        return text.to_string();
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The English month names.
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `1st`, `2nd`, `3rd`, `4th`, ..., `11th`, `21st`.
pub(crate) fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A friendly opener or nothing, for variety (nothing half the time).
pub(crate) fn opener(rng: &mut Rng) -> &'static str {
    const OPENERS: [&str; 18] = [
        "Hi! ",
        "Quick question: ",
        "Hey! ",
        "Could you help me? ",
        "Hello. ",
        "Hi there. ",
        "Good morning! ",
        "I need a hand with something. ",
        "Hey, quick one: ",
        "Sorry to bother you. ",
        "Can you help? ",
        "Hello! ",
        "Morning! ",
        "One more thing: ",
        "Help me out here. ",
        "Hi, I'm stuck. ",
        "Good evening. ",
        "Question for you: ",
    ];
    if rng.chance(0.5) {
        ""
    } else {
        OPENERS[rng.below(OPENERS.len())]
    }
}

/// A polite closing or nothing (nothing most of the time). Only for requests whose literal
/// payloads (file contents, texts) are quoted, so the closing cannot be read as part of one.
pub(crate) fn closer(rng: &mut Rng) -> &'static str {
    const CLOSERS: [&str; 10] = [
        " Thanks!",
        " Thank you.",
        " Thanks in advance.",
        " Much appreciated.",
        " Cheers!",
        " Thanks a lot!",
        " Thank you so much.",
        " I'd appreciate it.",
        " Thanks, that helps a lot.",
        " Many thanks.",
    ];
    if rng.chance(0.65) {
        ""
    } else {
        CLOSERS[rng.below(CLOSERS.len())]
    }
}

/// A short acknowledgement before a later turn of a script, or nothing (almost half the time).
pub(crate) fn ack(rng: &mut Rng) -> &'static str {
    const ACKS: [&str; 20] = [
        "Great. ",
        "Thanks. ",
        "OK. ",
        "Perfect. ",
        "Nice. ",
        "Good. ",
        "Alright. ",
        "Thanks, that worked. ",
        "Cool. ",
        "Got it. ",
        "Great, thanks. ",
        "OK, next step. ",
        "Looks good. ",
        "Thank you! ",
        "Excellent. ",
        "Done? Good. ",
        "Nice work. ",
        "OK, that's done. ",
        "Super. ",
        "Sounds good. ",
    ];
    if rng.chance(0.45) {
        ""
    } else {
        ACKS[rng.below(ACKS.len())]
    }
}

/// `text` with an optional opener before it and an optional closing after it.
pub(crate) fn polish(rng: &mut Rng, text: &str) -> String {
    let open = opener(rng);
    let close = closer(rng);
    format!("{open}{text}{close}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_formatted_like_the_tools_format_them() {
        assert_eq!(number(7.0), "7");
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(number(5.0 * 1000.0 / 1609.344), "3.10685596119");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(num_values(5.0), vec![Value::from(5), Value::from(5.0)]);
    }

    #[test]
    fn text_helpers_write_what_people_write() {
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(999), "999");
        assert_eq!(
            and_list(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(lower_first("What is it?"), "what is it?");
        assert_eq!(lower_first("I have 3 km."), "I have 3 km.");
        assert_eq!(ordinal(1), "1st");
        assert_eq!(ordinal(12), "12th");
        assert_eq!(ordinal(23), "23rd");
        assert_eq!(
            fill("{a} + {b} = {a}", &[("a", "1"), ("b", "2")]),
            "1 + 2 = 1"
        );
    }

    #[test]
    fn test_templates_are_never_train_templates() {
        let ts = ["a", "b", "c", "d", "e"];
        let mut rng = Rng::new(1, 2);
        for _ in 0..200 {
            assert_ne!(template(&mut rng, &ts, Split::Train), "e");
            assert_eq!(template(&mut rng, &ts, Split::Test), "e");
        }
    }
}
