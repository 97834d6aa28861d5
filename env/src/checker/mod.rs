//! The BFCL AST checker, shared by rewards and evaluation: a Rust port of the official
//! `bfcl-eval` checker (`bfcl_eval/eval_checker/ast_eval/ast_checker.py` and its Java and
//! JavaScript type converters, bfcl-eval 2026.3.23).
//!
//! * [`check`]: the model's calls against one possible answer, with the semantics of every
//!   category at once: no expected call → the model must call nothing (irrelevance); one →
//!   exactly one call, checked as `simple`/`multiple`; several → exact count and greedy matching
//!   in answer order (`parallel`, `parallel_multiple`): each expected call takes the first unused
//!   model call that passes — not an optimal matching, so order can matter, as upstream.
//! * [`check_category`]: the same, with an explicit BFCL [`Category`].
//! * [`check_call`]: one call against one expected call (`simple_function_checker`).
//! * [`check_in`], [`check_category_in`], [`check_call_in`]: the same in a task's [`Language`]
//!   (`simple_java` and `simple_javascript` are Java and JavaScript, see [`lang`]); the plain
//!   functions are Python.
//!
//! Where upstream would pick a spec by position (`simple` uses the first function) this port
//! looks the spec up by the answer's function name, which is the same on BFCL data and also
//! right for tasks that list several tools; an answer naming a function absent from the specs
//! is reported as [`CheckError::UnknownFunction`] (a data error) instead of crashing.
//!
//! Types: BFCL's `dict float integer boolean string array tuple any` and JSON Schema's `object
//! number` both work. Values follow Python semantics over JSON ([`value`]): `bool` is not `int`
//! under the type check, `1 == 1.0 == True` under `==`.

mod answer;
mod call;
mod error;
pub mod lang;
pub mod value;

#[cfg(test)]
mod bfcl_tests;
#[cfg(test)]
mod parity_tests;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use answer::{AnswerError, ExpectedCall, PossibleAnswer};
pub use call::{accepts, check_call, check_call_in};
pub use error::CheckError;
pub use lang::Language;

use crate::spec::{FunctionSpec, ToolCall};

/// The checker's verdict: `valid`, or the reason it is not (`reason` is `None` iff `valid`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// Whether the calls match the answer.
    pub valid: bool,
    /// Why not, when not valid.
    pub reason: Option<CheckError>,
}

impl Verdict {
    /// A passing verdict.
    pub fn pass() -> Self {
        Self {
            valid: true,
            reason: None,
        }
    }

    /// A failing verdict with its reason.
    pub fn fail(reason: CheckError) -> Self {
        Self {
            valid: false,
            reason: Some(reason),
        }
    }

    fn from_result(r: Result<(), CheckError>) -> Self {
        match r {
            Ok(()) => Self::pass(),
            Err(e) => Self::fail(e),
        }
    }
}

/// BFCL's AST test categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// One function, one call.
    Simple,
    /// Several functions, one call.
    Multiple,
    /// One function, several calls (order free, greedy matching).
    Parallel,
    /// Several functions, several calls (order free, greedy matching).
    ParallelMultiple,
    /// No function fits: passes when the model makes no call.
    Irrelevance,
    /// Some function fits: passes when the model makes at least one call.
    Relevance,
}

/// The spec of the function called `name`.
pub fn find_spec<'a>(specs: &'a [FunctionSpec], name: &str) -> Option<&'a FunctionSpec> {
    specs.iter().find(|s| s.name == name)
}

/// Checks the model's `calls` against one possible `answer`, choosing the category from the
/// answer's length (see the module doc); Python.
pub fn check(specs: &[FunctionSpec], calls: &[ToolCall], answer: &[ExpectedCall]) -> Verdict {
    check_in(Language::Python, specs, calls, answer)
}

/// [`check`] in the task's language.
pub fn check_in(
    language: Language,
    specs: &[FunctionSpec],
    calls: &[ToolCall],
    answer: &[ExpectedCall],
) -> Verdict {
    let category = match answer.len() {
        0 => Category::Irrelevance,
        1 => Category::Simple,
        _ => Category::Parallel,
    };
    check_category_in(language, category, specs, calls, answer)
}

/// Checks the model's `calls` against one possible `answer` under a BFCL category; Python.
pub fn check_category(
    category: Category,
    specs: &[FunctionSpec],
    calls: &[ToolCall],
    answer: &[ExpectedCall],
) -> Verdict {
    check_category_in(Language::Python, category, specs, calls, answer)
}

/// [`check_category`] in the task's language.
pub fn check_category_in(
    language: Language,
    category: Category,
    specs: &[FunctionSpec],
    calls: &[ToolCall],
    answer: &[ExpectedCall],
) -> Verdict {
    match category {
        Category::Irrelevance if calls.is_empty() => Verdict::pass(),
        Category::Irrelevance => Verdict::fail(CheckError::WrongCount {
            expected: 0,
            got: calls.len(),
        }),
        Category::Relevance if calls.is_empty() => Verdict::fail(CheckError::WrongCount {
            expected: 1,
            got: 0,
        }),
        Category::Relevance => Verdict::pass(),
        _ if calls.len() != answer.len() => Verdict::fail(CheckError::WrongCount {
            expected: answer.len(),
            got: calls.len(),
        }),
        Category::Simple | Category::Multiple => match (answer.first(), calls.first()) {
            (Some(expected), Some(call)) => {
                Verdict::from_result(check_one(language, specs, call, expected))
            }
            _ => Verdict::pass(),
        },
        Category::Parallel | Category::ParallelMultiple => {
            Verdict::from_result(check_greedy(language, specs, calls, answer))
        }
    }
}

fn check_one(
    language: Language,
    specs: &[FunctionSpec],
    call: &ToolCall,
    expected: &ExpectedCall,
) -> Result<(), CheckError> {
    let spec = find_spec(specs, &expected.name).ok_or_else(|| CheckError::UnknownFunction {
        name: expected.name.clone(),
    })?;
    check_call_in(language, spec, call, expected)
}

/// `parallel_function_checker_no_order`: each expected call, in order, takes the first unused
/// model call that passes.
fn check_greedy(
    language: Language,
    specs: &[FunctionSpec],
    calls: &[ToolCall],
    answer: &[ExpectedCall],
) -> Result<(), CheckError> {
    let mut used = vec![false; calls.len()];
    for (index, expected) in answer.iter().enumerate() {
        let mut closest: Option<(bool, CheckError)> = None;
        let mut matched = false;
        for (j, call) in calls.iter().enumerate() {
            if used[j] {
                continue;
            }
            match check_one(language, specs, call, expected) {
                Ok(()) => {
                    used[j] = true;
                    matched = true;
                    break;
                }
                Err(e @ CheckError::UnknownFunction { .. }) => return Err(e),
                Err(e) => {
                    let same_name = call.name == expected.name;
                    if closest.as_ref().is_none_or(|(s, _)| !s && same_name) {
                        closest = Some((same_name, e));
                    }
                }
            }
        }
        if !matched {
            let closest = closest.map_or(
                CheckError::WrongCount {
                    expected: answer.len(),
                    got: calls.len(),
                },
                |(_, e)| e,
            );
            return Err(CheckError::NoMatch {
                index,
                closest: Box::new(closest),
            });
        }
    }
    Ok(())
}
