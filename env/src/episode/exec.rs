//! Execution-equivalent calls: where the tools are real, a call that returns what the expected
//! call returns is right, however it is spelled.
//!
//! A generated task lists a few spellings of each value (`5/100*7959`, `7959*5/100`); the
//! model's `7959*0.05` fails AST matching although it computes the same thing, so strict
//! matching alone would punish correct behaviour. [`widen`] runs, in the episode's own sandbox,
//! each model call that AST matching rejects and the expected call of the same function
//! (written with its first accepted values); where both return `ok` with the same text, the
//! model call's values are added to that expected call's accepted values (and the parameters it
//! left out become optional). The reward checks the plain ground truth first and the widened
//! one only when the plain one fails, and records which decided (`strict_by_execution`).
//!
//! Scope: only functions of stateless components (calling them leaves no state, so running the
//! expected call cannot disturb the episode) and only tasks whose every function is a real
//! component (never the schema-only mock: imported benchmark tasks keep AST matching).
//! Deterministic: the sandbox is seeded by the episode, and each distinct call runs at most once.

use std::collections::HashMap;

use serde_json::Value;

use crate::checker::{ExpectedCall, check_call_in, find_spec};
use crate::error::Result;
use crate::registry::EpisodeTools;
use crate::reward::GroundTruth;
use crate::sandbox::Outcome;
use crate::spec::{FunctionSpec, ToolCall};

/// `truth` with [`GroundTruth::by_execution`] filled where some model call of `calls` returned
/// the same result as an expected call (unchanged when none did).
pub fn widen(
    tools: &mut EpisodeTools<'_>,
    specs: &[FunctionSpec],
    truth: &GroundTruth,
    calls: &[ToolCall],
) -> Result<GroundTruth> {
    if truth.any_call || calls.is_empty() {
        return Ok(truth.clone());
    }
    let mut results: HashMap<(String, String), Option<String>> = HashMap::new();
    let mut run = |tools: &mut EpisodeTools<'_>, call: &ToolCall| -> Result<Option<String>> {
        let key = (call.name.clone(), call.arguments.to_string());
        if let Some(hit) = results.get(&key) {
            return Ok(hit.clone());
        }
        let out = match tools.call(&call.name, &key.1)?.outcome {
            Outcome::Ok { result } => Some(result),
            _ => None,
        };
        results.insert(key, out.clone());
        Ok(out)
    };
    let mut widened = truth.alternatives.clone();
    let mut changed = false;
    for expected in widened.iter_mut().flatten() {
        if !tools.is_stateless(&expected.name) {
            continue;
        }
        let spec = find_spec(specs, &expected.name);
        let mut want: Option<Option<String>> = None;
        let mut equivalent = Vec::new();
        for call in calls.iter().filter(|c| c.name == expected.name) {
            if spec.is_some_and(|s| check_call_in(truth.language, s, call, expected).is_ok()) {
                continue;
            }
            let Some(got) = run(tools, call)? else {
                continue;
            };
            if want.is_none() {
                want = Some(run(
                    tools,
                    &expected.canonical_call(truth.language, spec, None),
                )?);
            }
            if want.as_ref().and_then(Option::as_deref) == Some(got.as_str()) {
                equivalent.push(call);
            }
        }
        for call in equivalent {
            accept(expected, call);
            changed = true;
        }
    }
    Ok(GroundTruth {
        by_execution: if changed { widened } else { Vec::new() },
        ..truth.clone()
    })
}

/// Adds `call`'s values to `expected`'s accepted values; parameters it omitted become optional.
fn accept(expected: &mut ExpectedCall, call: &ToolCall) {
    let Some(args) = call.arguments.as_object() else {
        return;
    };
    for (param, alts) in expected.params.iter_mut() {
        if let Value::Array(alts) = alts
            && !args.contains_key(param)
            && !alts.iter().any(|v| v.as_str() == Some(""))
        {
            alts.push(Value::String(String::new()));
        }
    }
    for (param, value) in args {
        let entry = expected
            .params
            .entry(param.clone())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(alts) = entry
            && !alts.contains(value)
        {
            alts.push(value.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accepting_a_call_adds_its_values_and_makes_omitted_parameters_optional() {
        let mut e: ExpectedCall = serde_json::from_value(
            json!({"convert": {"value": [26.2], "from": ["mi"], "digits": [2]}}),
        )
        .expect("valid answer");
        accept(
            &mut e,
            &ToolCall::new(
                "convert",
                json!({"value": 26.2, "from": "miles", "to": "km"}),
            ),
        );
        assert_eq!(
            serde_json::to_value(&e).expect("serializes"),
            json!({"convert": {"value": [26.2], "from": ["mi", "miles"], "digits": [2, ""], "to": ["km"]}})
        );
    }
}
