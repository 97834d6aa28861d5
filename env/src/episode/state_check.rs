//! State-checked turns: BFCL's multi-turn checker, run live inside an episode.
//!
//! A task whose turns carry `reference_calls` (see [`crate::task`]) is checked by execution, as
//! BFCL checks its multi-turn categories (`multi_turn_checker.py`, bfcl-eval 2026.3.23):
//!
//! * the episode keeps a second set of tool sessions, the *reference*, seeded and configured
//!   like the model's (same seed, same `tool_config`); at the end of each user turn the turn's
//!   reference calls run on it, in order. The reference persists across turns, as BFCL's
//!   ground-truth instances do;
//! * a turn with no reference calls is not checked (BFCL skips it; its model calls still ran
//!   and changed the model's state, which later turns see);
//! * otherwise the turn passes when, in this order:
//!   1. the model made at least one call in the turn (`multi_turn:empty_turn_model_response`);
//!   2. every compared session has the same state in both sets
//!      (`multi_turn:instance_state_mismatch`): `session.state()` texts equal as JSON values,
//!      numbers compared by value (Python `==` on the classes' public attributes);
//!   3. every reference result text occurs among the model's result texts *of the whole
//!      episode so far*, as a multiset, order ignored (`multi_turn:execution_response_mismatch`);
//! * a turn that ran out of rounds fails (`multi_turn:force_terminated`; BFCL fails an entry
//!   whose model was forced to quit), whatever its state;
//! * the task passes when every checked turn passes (BFCL stops at the first failure; the
//!   episode checks every turn, so each turn's reward has its own verdict).
//!
//! Result texts are BFCL's: a tool's `ok` text as is; its `err` text as
//! `"Error during execution: {err}"`; any other outcome (invalid arguments, unknown function,
//! a crashed tool) as `"Error during execution: {detail}"`. A session changes only through
//! calls, so a tool no call reached since its states were last found equal is not read again. The compared sessions are those of
//! every stateful tool that hosts a function the task offers, plus every tool in `tool_config`.
//!
//! Every function of a compared tool can be called, offered yet or not: BFCL executes any
//! method of the entry's classes (a missed function before its turn, an excluded one), and
//! some ground truths call a function before the turn that offers it.
//!
//! Differences from BFCL, by design: the host validates arguments against the function's
//! schema before a call runs, so a call Python would have run with a wrong-typed value (and
//! perhaps succeeded by duck typing) is an `invalid_arguments` outcome here.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::checker::value::py_eq;
use crate::error::Result;
use crate::registry::{EpisodeTools, Registry};
use crate::sandbox::{Outcome, ToolKind};
use crate::spec::ToolCall;
use crate::task::Task;

/// The verdict on one state-checked turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnCheck {
    /// Whether the turn passed.
    pub valid: bool,
    /// BFCL's error type when it failed (`multi_turn:instance_state_mismatch`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_type: Option<String>,
    /// What differed, for a reader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl TurnCheck {
    fn pass() -> Self {
        Self {
            valid: true,
            error_type: None,
            message: None,
        }
    }

    fn fail(error_type: &str, message: String) -> Self {
        Self {
            valid: false,
            error_type: Some(error_type.to_string()),
            message: Some(message),
        }
    }
}

/// The reference sessions of a state-checked episode, and the model's results so far.
pub struct StateChecker<'r> {
    reference: EpisodeTools<'r>,
    compared: Vec<String>,
    /// The compared tool of each function of a compared tool.
    tool_of: BTreeMap<String, String>,
    /// Compared tools a call may have changed since their states were last found equal (a
    /// session changes only through calls, so the others need no new comparison).
    dirty: BTreeSet<String>,
    model_results: Vec<String>,
}

/// BFCL's text for a call's outcome (see the module docs).
pub fn result_text(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Ok { result } => result.clone(),
        Outcome::ToolError { message } => format!("Error during execution: {message}"),
        other => format!("Error during execution: {}", other.detail()),
    }
}

/// Configures `tools` with the task's `tool_config` (each tool's session `load`s its entry).
pub fn configure(tools: &mut EpisodeTools<'_>, task: &Task) -> Result<()> {
    for (tool, config) in &task.tool_config {
        tools.set_config(tool, config.to_string())?;
    }
    Ok(())
}

impl<'r> StateChecker<'r> {
    /// The checker of `task` (which must be state-checked), its reference sessions seeded with
    /// `seed`.
    pub fn new(registry: &'r Registry, task: &Task, seed: u64) -> Result<Self> {
        let mut reference = registry.episode(seed);
        configure(&mut reference, task)?;
        let mut compared: BTreeSet<String> = task.tool_config.keys().cloned().collect();
        for name in task.all_tool_names() {
            if let Some(f) = registry.functions().get(name) {
                let tool = &registry.tools()[f.tool];
                if tool.kind == ToolKind::Stateful {
                    compared.insert(tool.name.clone());
                }
            }
        }
        let tool_of = registry
            .functions()
            .iter()
            .filter_map(|(name, f)| {
                let tool = &registry.tools()[f.tool].name;
                compared
                    .contains(tool)
                    .then(|| (name.clone(), tool.clone()))
            })
            .collect();
        Ok(Self {
            reference,
            dirty: compared.clone(),
            compared: compared.into_iter().collect(),
            tool_of,
            model_results: Vec::new(),
        })
    }

    /// The tools whose sessions are compared (file stems).
    pub fn compared(&self) -> &[String] {
        &self.compared
    }

    /// Every function of a compared tool: what an episode of the task may call.
    pub fn functions(&self) -> impl Iterator<Item = &str> {
        self.tool_of.keys().map(String::as_str)
    }

    /// Records a model call of `function` and its outcome (every call the episode runs, in
    /// order).
    pub fn record(&mut self, function: &str, outcome: &Outcome) {
        self.touch(function);
        self.model_results.push(result_text(outcome));
    }

    /// Marks the tool of `function` (if compared) as possibly changed.
    fn touch(&mut self, function: &str) {
        if let Some(tool) = self.tool_of.get(function) {
            self.dirty.insert(tool.clone());
        }
    }

    /// Runs turn `turn`'s reference calls and checks the model's state against them. `None`
    /// for a turn with nothing to check. `model_called` says whether the model made a call in
    /// the turn; `forced_out` that it was still calling when its rounds ran out.
    pub fn check_turn(
        &mut self,
        model: &mut EpisodeTools<'_>,
        turn: usize,
        reference_calls: &[ToolCall],
        model_called: bool,
        forced_out: bool,
    ) -> Result<Option<TurnCheck>> {
        let mut expected = Vec::with_capacity(reference_calls.len());
        for call in reference_calls {
            self.touch(&call.name);
            let out = self
                .reference
                .call(&call.name, &call.arguments.to_string())?;
            expected.push(result_text(&out.outcome));
        }
        if reference_calls.is_empty() {
            return Ok(None);
        }
        if forced_out {
            return Ok(Some(TurnCheck::fail(
                "multi_turn:force_terminated",
                format!("the model was still calling tools when turn {turn} ran out of rounds"),
            )));
        }
        if !model_called {
            return Ok(Some(TurnCheck::fail(
                "multi_turn:empty_turn_model_response",
                format!("Model response list is empty for turn {turn}"),
            )));
        }
        for tool in &self.compared {
            if !self.dirty.contains(tool) {
                continue;
            }
            let mine = model.state(tool).outcome;
            let theirs = self.reference.state(tool).outcome;
            let (Outcome::Ok { result: a }, Outcome::Ok { result: b }) = (&mine, &theirs) else {
                return Ok(Some(TurnCheck::fail(
                    "multi_turn:instance_state_mismatch",
                    format!(
                        "the state of {tool} could not be read: model {}, reference {}",
                        mine.detail(),
                        theirs.detail()
                    ),
                )));
            };
            if let Some(diff) = state_difference(a, b) {
                return Ok(Some(TurnCheck::fail(
                    "multi_turn:instance_state_mismatch",
                    format!(
                        "Model instance for {tool} does not match the state with ground truth instance: {diff}"
                    ),
                )));
            }
            self.dirty.remove(tool);
        }
        let missing = missing_results(&expected, &self.model_results);
        if !missing.is_empty() {
            return Ok(Some(TurnCheck::fail(
                "multi_turn:execution_response_mismatch",
                format!(
                    "Model response execution results so far does not contain all the ground truth response execution results for turn {turn}; missing: {}",
                    serde_json::to_string(&missing).unwrap_or_default()
                ),
            )));
        }
        Ok(Some(TurnCheck::pass()))
    }
}

/// The reference results missing from the model's results, as multisets (each model result
/// answers for one reference result at most).
pub fn missing_results(expected: &[String], got: &[String]) -> Vec<String> {
    let mut pool: Vec<&str> = got.iter().map(String::as_str).collect();
    let mut missing = Vec::new();
    for want in expected {
        match pool.iter().position(|g| g == want) {
            Some(i) => {
                pool.swap_remove(i);
            }
            None => missing.push(want.clone()),
        }
    }
    missing
}

/// `None` when two state texts are equal as JSON values under Python `==` ([`py_eq`]); else which
/// top-level attributes differ (or why the texts could not be compared).
pub fn state_difference(model: &str, reference: &str) -> Option<String> {
    // A tool writes one state one way, so equal texts (the common case) need no parsing.
    if model == reference {
        return None;
    }
    let parse = |text: &str| serde_json::from_str::<Value>(text);
    let (a, b) = match (parse(model), parse(reference)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return Some(format!("a state is not JSON: {e}")),
    };
    if py_eq(&a, &b) {
        return None;
    }
    match (&a, &b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            let differing: Vec<&str> = keys
                .into_iter()
                .filter(|k| match (x.get(*k), y.get(*k)) {
                    (Some(p), Some(q)) => !py_eq(p, q),
                    _ => true,
                })
                .map(String::as_str)
                .collect();
            Some(format!("attributes {differing:?} differ"))
        }
        _ => Some("the states differ".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_matched_as_multisets_in_any_order() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(missing_results(&s(&["a", "b"]), &s(&["b", "x", "a"])).is_empty());
        assert_eq!(missing_results(&s(&["a", "a"]), &s(&["a"])), s(&["a"]));
        assert_eq!(missing_results(&s(&["c"]), &s(&[])), s(&["c"]));
    }

    #[test]
    fn states_compare_numbers_by_value_and_name_the_differing_attributes() {
        assert_eq!(
            state_difference(r#"{"a": 1, "b": [2]}"#, r#"{"b": [2.0], "a": 1.0}"#),
            None
        );
        let diff = state_difference(r#"{"a": 1, "b": 2}"#, r#"{"a": 1, "b": 3}"#).expect("differs");
        assert!(diff.contains("\"b\"") && !diff.contains("\"a\""), "{diff}");
        assert!(state_difference("{", "{}").is_some());
    }
}
