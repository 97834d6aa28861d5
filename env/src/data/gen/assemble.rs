//! Turning requests into tasks: which functions each category offers (the request's tool,
//! the right function among distractors, ...), the ground truth as every combination of the
//! offered alternatives, and the requests of the `parallel` category.

use super::catalog::{self, TOOLS, Tool};
use super::rng::Rng;
use super::{
    Kind, MAX_ALTERNATIVES, Request, Split, bfcl_script, calculator, calendar, cart, countries,
    filesystem, fs_script, irrelevant, phrasing, stats, text, units,
};
use crate::checker::{ExpectedCall, PossibleAnswer};
use crate::task::{Message, Task, ToolRef, Turn};

/// One task of `kind` for `split` (its id is set by the caller).
pub(super) fn build(kind: Kind, split: Split, rng: &mut Rng) -> Task {
    match kind {
        Kind::Single => {
            let req = single_request(rng, split, true);
            let mut offered = Vec::new();
            for tool in &req.tools {
                offered.extend(catalog::tool_functions(*tool));
            }
            task(kind, rng, &req, offered)
        }
        Kind::Multiple => {
            let req = single_request(rng, split, true);
            let mut offered: Vec<&'static str> = Vec::new();
            for name in req.primary_functions() {
                if let Some(f) = catalog::function(&name) {
                    offered.push(f.name);
                }
            }
            let k = 2 + rng.below(3);
            offered.extend(distractors(rng, &req.tools, k));
            task(kind, rng, &req, offered)
        }
        Kind::Parallel => {
            let req = parallel_request(rng, split);
            let mut offered: Vec<&'static str> = Vec::new();
            for name in req.primary_functions() {
                if let Some(f) = catalog::function(&name)
                    && !offered.contains(&f.name)
                {
                    offered.push(f.name);
                }
            }
            let k = rng.below(4);
            offered.extend(distractors(rng, &req.tools, k));
            task(kind, rng, &req, offered)
        }
        Kind::Irrelevant => {
            let first = *rng.pick(&TOOLS);
            let mut offered = catalog::tool_functions(first);
            if offered.len() > 4 {
                offered = rng.sample(&offered, 4);
            }
            let k = rng.below(3);
            offered.extend(distractors(rng, &[first], k));
            rng.shuffle(&mut offered);
            let with_cart = offered
                .iter()
                .any(|n| catalog::function(n).is_some_and(|f| f.tool == Tool::Cart));
            let text = irrelevant::request(rng, split, with_cart);
            Task {
                tool_config: Default::default(),
                id: String::new(),
                demonstrations: Vec::new(),
                source: Some("gen".into()),
                category: Some(kind.as_str().into()),
                messages: vec![Message::user(text)],
                tools: offered
                    .into_iter()
                    .map(|n| ToolRef::Named(n.into()))
                    .collect(),
                turns: vec![Turn::default()],
                single_step: false,
            }
        }
        Kind::ClassMultiTurn => bfcl_script::build(split, rng),
        Kind::CartMultiTurn => cart::build(split, rng),
        Kind::MultiTurn => {
            let script = fs_script::script(rng, split);
            let mut offered = catalog::tool_functions(Tool::Filesystem);
            if rng.chance(0.5) {
                let k = 1 + rng.below(3);
                offered.extend(distractors(rng, &[Tool::Filesystem], k));
            }
            rng.shuffle(&mut offered);
            let turns = script
                .iter()
                .enumerate()
                .map(|(i, step)| Turn {
                    reference_calls: None,
                    new_tools: Vec::new(),
                    user: (i > 0).then(|| format!("{}{}", phrasing::ack(rng), step.text)),
                    ground_truth: ground_truth(&step.calls, &offered),
                    expected_answer: step.answer.clone(),
                    any_call: false,
                })
                .collect();
            let first = script.first().map(|s| s.text.as_str()).unwrap_or_default();
            let first = phrasing::polish(rng, first);
            Task {
                tool_config: Default::default(),
                id: String::new(),
                demonstrations: Vec::new(),
                source: Some("gen".into()),
                category: Some(kind.as_str().into()),
                messages: vec![Message::user(first)],
                tools: offered
                    .into_iter()
                    .map(|n| ToolRef::Named(n.into()))
                    .collect(),
                turns,
                single_step: false,
            }
        }
    }
}

/// A one-turn task for `req` offering `offered` (shuffled).
fn task(kind: Kind, rng: &mut Rng, req: &Request, mut offered: Vec<&'static str>) -> Task {
    rng.shuffle(&mut offered);
    let text = phrasing::polish(rng, &req.text);
    Task {
        tool_config: Default::default(),
        id: String::new(),
        demonstrations: Vec::new(),
        source: Some("gen".into()),
        category: Some(kind.as_str().into()),
        messages: vec![Message::user(text)],
        tools: offered
            .iter()
            .map(|n| ToolRef::Named((*n).into()))
            .collect(),
        turns: vec![Turn {
            reference_calls: None,
            new_tools: Vec::new(),
            user: None,
            ground_truth: ground_truth(&req.calls, &offered),
            expected_answer: req.answer.clone(),
            any_call: false,
        }],
        single_step: false,
    }
}

/// The acceptable call sets: one call per needed call, any offered alternative of each.
pub(crate) fn ground_truth(calls: &[Vec<ExpectedCall>], offered: &[&str]) -> Vec<PossibleAnswer> {
    let mut sets: Vec<PossibleAnswer> = vec![Vec::new()];
    for alts in calls {
        let usable: Vec<&ExpectedCall> = alts
            .iter()
            .enumerate()
            .filter(|(i, c)| *i == 0 || offered.contains(&c.name.as_str()))
            .map(|(_, c)| c)
            .collect();
        let mut next = Vec::new();
        for set in &sets {
            for call in &usable {
                if next.len() < MAX_ALTERNATIVES {
                    let mut s = set.clone();
                    s.push((*call).clone());
                    next.push(s);
                }
            }
        }
        sets = next;
    }
    sets
}

/// `k` functions of tools other than `exclude`.
pub(crate) fn distractors(rng: &mut Rng, exclude: &[Tool], k: usize) -> Vec<&'static str> {
    let pool: Vec<&'static str> = catalog::FUNCTIONS
        .iter()
        .filter(|f| !exclude.contains(&f.tool))
        .map(|f| f.name)
        .collect();
    rng.sample(&pool, k)
}

/// A request served by one call, from a family chosen at random (the file system only
/// when `with_fs`).
fn single_request(rng: &mut Rng, split: Split, with_fs: bool) -> Request {
    let families = if with_fs { 7 } else { 6 };
    match rng.below(families) {
        0 => calculator::request(rng, split),
        1 => units::request(rng, split),
        2 => calendar::request(rng, split),
        3 => text::request(rng, split),
        4 => countries::request(rng, split),
        5 => stats::request(rng, split),
        _ => filesystem::request(rng, split),
    }
}

/// A request needing 2-3 independent calls: one function several times, or two requests of
/// different families joined.
fn parallel_request(rng: &mut Rng, split: Split) -> Request {
    match rng.below(6) {
        0 => units::parallel(rng, split),
        1 => calendar::parallel(rng, split),
        2 => countries::parallel(rng, split),
        3 => stats::parallel(rng, split),
        _ => {
            let a = single_request(rng, split, false);
            let mut b = single_request(rng, split, false);
            for _ in 0..8 {
                if b.tools != a.tools {
                    break;
                }
                b = single_request(rng, split, false);
            }
            const JOINERS: [&str; 12] = [
                "{a} Also, {b}",
                "Two things, please. {a} And {b}",
                "{a} Then, separately: {b}",
                "I have two questions. First: {a} Second: {b}",
                "{a} And while you're at it, {b}",
                "A couple of things. {a} Plus, {b}",
                "{a} On another note: {b}",
                "First, {a} Next, {b}",
                "{a} In addition, {b}",
                "Please answer both. (1) {a} (2) {b}",
                "{a} Oh, and {b}",
                "Two quick tasks. One: {a} Two: {b}",
            ];
            let joiner = phrasing::template(rng, &JOINERS, split);
            let a_text = mid_sentence(joiner, "{a}", &a.text);
            let b_text = mid_sentence(joiner, "{b}", &b.text);
            let answer = match (&a.answer, &b.answer) {
                (Some(x), Some(y)) => Some(format!("{x}; {y}")),
                _ => None,
            };
            let mut tools = a.tools.clone();
            tools.extend(b.tools.iter().copied());
            let mut calls = a.calls.clone();
            calls.extend(b.calls);
            Request {
                text: phrasing::fill(joiner, &[("a", &a_text), ("b", &b_text)]),
                tools,
                calls,
                answer,
            }
        }
    }
}

/// `text` as it goes into `hole` of `joiner`: lowercased where the hole continues a sentence
/// (after a comma or a word: "Also, {b}", "And {b}"), as is after a full stop, a colon or at
/// the start.
fn mid_sentence(joiner: &str, hole: &str, text: &str) -> String {
    let before = joiner.split(hole).next().unwrap_or("").trim_end();
    match before.chars().last() {
        Some(c) if c == ',' || c.is_alphabetic() => phrasing::lower_first(text),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::mid_sentence;

    #[test]
    fn joined_requests_are_lowercased_only_where_a_sentence_continues() {
        assert_eq!(
            mid_sentence("{a} Also, {b}", "{b}", "What is 2?"),
            "what is 2?"
        );
        assert_eq!(mid_sentence("{a} Oh, and {b}", "{b}", "Add 1."), "add 1.");
        assert_eq!(
            mid_sentence("{a} Also, {b}", "{a}", "What is 2?"),
            "What is 2?"
        );
        assert_eq!(
            mid_sentence("First: {a} Second: {b}", "{b}", "Add 1."),
            "Add 1."
        );
        assert_eq!(mid_sentence("(1) {a} (2) {b}", "{b}", "Add 1."), "Add 1.");
        assert_eq!(mid_sentence("{a} And {b}", "{b}", "I need 3."), "I need 3.");
    }
}
