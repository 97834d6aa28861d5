//! Replay of call traces recorded from BFCL's official Python classes
//! (`scripts/bfcl_multi_turn/record_traces.py` writes them, one JSON object per line):
//!
//! ```json
//! {"id": "gt/multi_turn_base_3", "class": "TicketAPI", "long_context": false,
//!  "scenario": {...} or null, "initial_state": {...},
//!  "calls": [{"name": "create_ticket", "args": {"title": "x"}, "result": "{\"id\": 1, ...}",
//!             "state": {...}},
//!            {"name": "get_ticket", "args": {"ticket_id": 9}, "error": "..."}]}
//! ```
//!
//! `scenario: null` means the class was built with its default scenario (`_load_scenario({})`).
//! A call has `result` (the result text BFCL makes of the return value) or `error` (the raised
//! exception's `str`). `state` (the public attributes after the call) is present when the call
//! changed it. Replay builds the Rust class from the same scenario, makes the same calls and
//! compares every result, error and state with [`super::json_eq`].

use serde_json::Value;

use super::{ApiClass, json_eq};
use crate::py::{PyVal, bfcl_text};

/// How many mismatches a replay lists before it stops.
const MAX_REPORTED: usize = 20;

/// What a replay checked.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Replayed {
    /// Traces replayed.
    pub traces: usize,
    /// Calls replayed.
    pub calls: usize,
}

/// Replays every trace of `jsonl` for class `C`. `Err` lists the mismatches (up to 20), each
/// naming its trace, call and what differed.
pub fn replay<C: ApiClass>(jsonl: &str) -> Result<Replayed, String> {
    let mut done = Replayed::default();
    let mut problems = Vec::new();
    for (line_no, line) in jsonl.lines().enumerate() {
        if line.trim().is_empty() || problems.len() >= MAX_REPORTED {
            continue;
        }
        let trace = PyVal::parse(line).map_err(|e| format!("trace line {}: {e}", line_no + 1))?;
        let field = |key: &str| trace.get(key).cloned().unwrap_or(PyVal::None);
        if field("class").as_str() != Some(C::CLASS) {
            continue;
        }
        done.traces += 1;
        let id = py_text(&field("id"));
        let scenario = match field("scenario") {
            d @ PyVal::Dict(_) => d,
            _ => PyVal::Dict(Vec::new()),
        };
        let long_context = field("long_context").truthy();
        let mut class = match C::load(&scenario, long_context) {
            Ok(class) => class,
            Err(e) => {
                problems.push(format!("{id}: the scenario does not load: {e}"));
                continue;
            }
        };
        let initial = class.state().to_json();
        let want = field("initial_state").to_json();
        if !json_eq(&initial, &want) {
            problems.push(format!(
                "{id}: initial state differs:\n  rust:   {}\n  python: {}",
                clip(&initial),
                clip(&want)
            ));
            continue;
        }
        let calls = match field("calls") {
            PyVal::List(calls) => calls,
            _ => Vec::new(),
        };
        for (i, call) in calls.iter().enumerate() {
            done.calls += 1;
            let name = call.get("name").and_then(PyVal::as_str).unwrap_or_default();
            let args = call.get("args").cloned().unwrap_or(PyVal::Dict(Vec::new()));
            let got = class.call(name, &args);
            let at = format!("{id} call {i} {name}({})", args.to_json());
            match (&got, call.get("result"), call.get("error")) {
                (Ok(value), Some(PyVal::Str(want)), _) => {
                    let text = bfcl_text(value);
                    if &text != want {
                        problems.push(format!("{at}: result\n  rust:   {text}\n  python: {want}"));
                    }
                }
                (Err(e), _, Some(PyVal::Str(want))) => {
                    if e != want {
                        problems.push(format!("{at}: error\n  rust:   {e}\n  python: {want}"));
                    }
                }
                (got, want, want_err) => problems.push(format!(
                    "{at}: outcome\n  rust:   {got:?}\n  python: result {want:?} error {want_err:?}"
                )),
            }
            if let Some(want) = call.get("state") {
                let state = class.state().to_json();
                let want = want.to_json();
                if !json_eq(&state, &want) {
                    problems.push(format!(
                        "{at}: state after the call\n  rust:   {}\n  python: {}",
                        clip(&state),
                        clip(&want)
                    ));
                }
            }
            if problems.len() >= MAX_REPORTED {
                break;
            }
        }
    }
    if problems.is_empty() {
        Ok(done)
    } else {
        Err(problems.join("\n"))
    }
}

fn py_text(value: &PyVal) -> String {
    value.as_str().unwrap_or("?").to_string()
}

fn clip(value: &Value) -> String {
    let text = value.to_string();
    if text.len() <= 600 {
        text
    } else {
        let mut end = 600;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}... ({} bytes)", &text[..end], text.len())
    }
}
