//! Name masking (the paper's data option): tool names become `func_k` and parameter names
//! `param_k`, so the model must read descriptions instead of leaning on names.
//!
//! The mapping is deterministic and local to one task:
//! * the k-th entry of `tools` (1-based, task order) becomes `func_k`;
//! * the k-th top-level parameter of a function (1-based, order of its `properties`) becomes
//!   `param_k`; numbering restarts for every function. `required` is renamed to match.
//!
//! It is applied to the tool specs, every ground-truth call (name and parameter names), assistant
//! `tool_calls` (name and argument keys), tool messages' `name` (in `messages` and a task's own
//! `demonstrations` alike), and, as whole-word text replacement, function names in every message
//! text, tool description, scripted user message and expected answer. A name matches only where
//! the characters around it are not letters, digits or `_`; longer names are replaced first. A
//! name that is one plain word (`translate`, `Search`: letters only, no capital after the first)
//! is left alone in free text, where it is far more often the ordinary word than the function
//! ("please translate this"); so are parameter names (`name`, `city`), and nested property names
//! inside a parameter's schema.
//! Only inline tools can be masked: a `{"name"}` tool must keep its real name to run.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::checker::ExpectedCall;
use crate::spec::{FunctionSpec, ToolCall};
use crate::task::{Task, ToolRef};

/// Errors of masking.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MaskError {
    /// The task names a directory tool, whose real name is needed to run it.
    #[error(
        "task `{task}`: tool `{tool}` comes from a tool directory; only inline tools can be masked (inline it first)"
    )]
    NamedTool {
        /// The task's id.
        task: String,
        /// The tool.
        tool: String,
    },
}

/// One function's masked names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaskedFunction {
    /// The real name.
    pub original: String,
    /// `func_k`.
    pub masked: String,
    /// `(real parameter name, param_k)`, in `properties` order.
    pub params: Vec<(String, String)>,
}

/// The mapping of one task, to undo masking (e.g. to run a masked call on the real tool).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameMap {
    /// One entry per tool, in task order.
    pub functions: Vec<MaskedFunction>,
}

impl NameMap {
    /// The mapping of `tools` (see the module doc).
    pub fn for_specs(tools: &[FunctionSpec]) -> Self {
        let functions = tools
            .iter()
            .enumerate()
            .map(|(i, spec)| MaskedFunction {
                original: spec.name.clone(),
                masked: format!("func_{}", i + 1),
                params: spec
                    .properties()
                    .map(|p| {
                        p.keys()
                            .enumerate()
                            .map(|(j, k)| (k.clone(), format!("param_{}", j + 1)))
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect();
        Self { functions }
    }

    fn by_original(&self, name: &str) -> Option<&MaskedFunction> {
        self.functions.iter().find(|f| f.original == name)
    }

    fn by_masked(&self, name: &str) -> Option<&MaskedFunction> {
        self.functions.iter().find(|f| f.masked == name)
    }

    /// A real call in masked names (unknown names are left as they are).
    pub fn mask_call(&self, call: &ToolCall) -> ToolCall {
        rename_call(call, self.by_original(&call.name), false)
    }

    /// A masked call (e.g. the model's) in real names (unknown names are left as they are).
    pub fn unmask_call(&self, call: &ToolCall) -> ToolCall {
        rename_call(call, self.by_masked(&call.name), true)
    }

    /// Replaces function names in free text (whole words, longest first).
    pub fn mask_text(&self, text: &str) -> String {
        let mut pairs: Vec<(&str, &str)> = self
            .functions
            .iter()
            .filter(|f| !is_plain_word(&f.original))
            .map(|f| (f.original.as_str(), f.masked.as_str()))
            .collect();
        pairs.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
        replace_words(text, &pairs)
    }
}

fn rename_call(call: &ToolCall, function: Option<&MaskedFunction>, undo: bool) -> ToolCall {
    let Some(f) = function else {
        return call.clone();
    };
    let name = if undo { &f.original } else { &f.masked };
    let arguments = match &call.arguments {
        Value::Object(args) => Value::Object(
            args.iter()
                .map(|(k, v)| (rename_param(f, k, undo), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    };
    ToolCall::new(name.clone(), arguments)
}

fn rename_param(f: &MaskedFunction, param: &str, undo: bool) -> String {
    f.params
        .iter()
        .find(|(real, masked)| if undo { masked == param } else { real == param })
        .map_or(
            param,
            |(real, masked)| {
                if undo { real.as_str() } else { masked.as_str() }
            },
        )
        .to_string()
}

/// One ordinary word: letters only, none uppercase after the first.
fn is_plain_word(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(char::is_alphabetic) && chars.all(char::is_lowercase)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Replaces each `from` by its `to` where it stands as a whole word; `pairs` in priority order.
fn replace_words(text: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut prev: Option<char> = None;
    while i < text.len() {
        let rest = &text[i..];
        let hit = pairs.iter().find(|(from, _)| {
            !from.is_empty()
                && rest.starts_with(from)
                && !prev.is_some_and(is_word_char)
                && !rest[from.len()..].chars().next().is_some_and(is_word_char)
        });
        if let Some((from, to)) = hit {
            out.push_str(to);
            i += from.len();
            prev = from.chars().last();
        } else if let Some(c) = rest.chars().next() {
            out.push(c);
            i += c.len_utf8();
            prev = Some(c);
        } else {
            break;
        }
    }
    out
}

fn mask_spec(spec: &FunctionSpec, f: &MaskedFunction, map: &NameMap) -> FunctionSpec {
    let rename: HashMap<&str, &str> = f
        .params
        .iter()
        .map(|(r, m)| (r.as_str(), m.as_str()))
        .collect();
    let mut parameters = spec.parameters.clone();
    if let Some(Value::Object(props)) = parameters.get_mut("properties") {
        let renamed: Map<String, Value> = std::mem::take(props)
            .into_iter()
            .map(|(k, v)| (rename.get(k.as_str()).map_or(k, |m| m.to_string()), v))
            .collect();
        *props = renamed;
    }
    if let Some(Value::Array(required)) = parameters.get_mut("required") {
        for r in required.iter_mut() {
            if let Some(m) = r.as_str().and_then(|s| rename.get(s)) {
                *r = Value::String(m.to_string());
            }
        }
    }
    FunctionSpec {
        name: f.masked.clone(),
        description: map.mask_text(&spec.description),
        parameters,
    }
}

/// `call` with its function and parameter names masked; the parameters keep their order.
fn mask_expected(call: &ExpectedCall, map: &NameMap) -> ExpectedCall {
    match map.by_original(&call.name) {
        None => call.clone(),
        Some(f) => ExpectedCall {
            name: f.masked.clone(),
            params: call
                .params
                .iter()
                .map(|(k, v)| (rename_param(f, k, false), v.clone()))
                .collect(),
        },
    }
}

/// The masked task and the mapping that undoes it (see the module doc).
pub fn mask_task(task: &Task) -> Result<(Task, NameMap), MaskError> {
    let mut specs = Vec::with_capacity(task.tools.len());
    for tool in &task.tools {
        match tool {
            ToolRef::Inline(spec) => specs.push(spec.clone()),
            ToolRef::Named(name) => {
                return Err(MaskError::NamedTool {
                    task: task.id.clone(),
                    tool: name.clone(),
                });
            }
        }
    }
    let map = NameMap::for_specs(&specs);
    let mut out = task.clone();
    out.tools = specs
        .iter()
        .zip(&map.functions)
        .map(|(spec, f)| ToolRef::Inline(mask_spec(spec, f, &map)))
        .collect();
    for m in out.messages.iter_mut().chain(&mut out.demonstrations) {
        m.content = map.mask_text(&m.content);
        m.tool_calls = m.tool_calls.iter().map(|c| map.mask_call(c)).collect();
        if let Some(name) = &m.name {
            m.name = Some(
                map.by_original(name)
                    .map_or_else(|| name.clone(), |f| f.masked.clone()),
            );
        }
    }
    for turn in &mut out.turns {
        turn.user = turn.user.as_deref().map(|u| map.mask_text(u));
        turn.expected_answer = turn.expected_answer.as_deref().map(|a| map.mask_text(a));
        for alternative in &mut turn.ground_truth {
            for call in alternative.iter_mut() {
                *call = mask_expected(call, &map);
            }
        }
    }
    Ok((out, map))
}

#[cfg(test)]
#[path = "mask_tests.rs"]
mod tests;
