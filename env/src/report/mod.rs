//! Evaluation reports: each example's verdict and reason, per-category accuracy, BFCL's summary
//! scores, a Markdown table, and the comparison of two reports. No tensors: the trainer plays
//! the episodes, this module judges and tabulates what they recorded.
//!
//! A report is deterministic: examples in task order, categories in BFCL's order, no timings
//! (the CLI prints those to standard error), so two runs of the same model, data and seed
//! give byte-identical JSON.

mod bfcl_summary;
mod markdown;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::checker::{self, Category};
use crate::episode::Episode;
use crate::episode::Origin;
use crate::spec::{FunctionSpec, ToolCall};
use crate::task::Task;

pub use bfcl_summary::{Score, Summary, summarize};
pub use markdown::{compare_markdown, markdown};

/// One example's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExampleResult {
    /// The task's id.
    pub id: String,
    /// Its category (BFCL's, or the task's own, or `tasks`).
    pub category: String,
    /// SHA-256 of the rendered prompt the model saw.
    pub prompt_sha256: String,
    /// The model's raw output (every completion of the episode, in order).
    pub output: String,
    /// The calls parsed from it (all turns).
    pub calls: Vec<ToolCall>,
    /// Format violations found in the output.
    pub violations: Vec<String>,
    /// Whether the example passed.
    pub valid: bool,
    /// Why not, when not valid (the checker's reason).
    pub reason: Option<String>,
    /// BFCL's error type for the reason (`value_error:string`, `simple_function_checker:wrong_count`, ...).
    pub error_type: Option<String>,
}

/// One category's accuracy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryScore {
    /// The category.
    pub category: String,
    /// Examples evaluated.
    pub examples: usize,
    /// Examples that passed.
    pub correct: usize,
    /// `correct / examples`.
    pub accuracy: f64,
}

/// The checker category of a BFCL category name (`live_multiple` → [`Category::Multiple`]).
pub fn checker_category(name: &str) -> Option<Category> {
    let base = name.strip_prefix("live_").unwrap_or(name);
    Some(match base {
        "simple" | "simple_python" | "simple_java" | "simple_javascript" => Category::Simple,
        "multiple" => Category::Multiple,
        "parallel" => Category::Parallel,
        "parallel_multiple" => Category::ParallelMultiple,
        "irrelevance" => Category::Irrelevance,
        "relevance" => Category::Relevance,
        _ => return None,
    })
}

/// SHA-256 of `bytes` in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Judges one played episode of `task` (whose functions are `specs`).
///
/// A single-step task with a BFCL category is checked as BFCL checks it: the calls of its one
/// turn against each possible answer under the category's rules (order-free for parallel
/// categories, no call for irrelevance, any call for relevance). Any other task passes when
/// every turn's calls matched its ground truth exactly (the strict reward's `strict_match`).
/// A state-checked task (BFCL multi-turn) passes when every checked turn passed its state check
/// ([`crate::episode::state_check`]); its reason and error type are the first failure's.
pub fn judge(task: &Task, specs: &[FunctionSpec], episode: &Episode) -> ExampleResult {
    let calls: Vec<ToolCall> = episode
        .turns
        .iter()
        .flat_map(|t| t.calls.iter().cloned())
        .collect();
    let violations: Vec<String> = episode
        .turns
        .iter()
        .flat_map(|t| t.violations.iter().cloned())
        .collect();
    let category = task.category.clone().unwrap_or_else(|| "tasks".to_string());
    let bfcl = task
        .category
        .as_deref()
        .and_then(checker_category)
        .filter(|_| task.single_step && task.turns.len() == 1);
    let state = episode.state_verdict().map(|(valid, error_type)| {
        let reason = episode
            .turns
            .iter()
            .filter_map(|t| t.state_check.as_ref())
            .find(|c| !c.valid)
            .and_then(|c| c.message.clone());
        (valid, reason, error_type)
    });
    let (valid, reason, error_type) = match (state, bfcl) {
        (Some(verdict), _) => verdict,
        (None, Some(kind)) => {
            let (kind, verdict) = bfcl_verdict(task, kind, specs, &calls);
            let error_type = verdict
                .reason
                .as_ref()
                .map(|r| r.bfcl_error_type_in(kind).to_string());
            (
                verdict.valid,
                verdict.reason.map(|r| r.to_string()),
                error_type,
            )
        }
        (None, None) if task.is_state_checked() => (
            false,
            Some("no turn of the episode was state-checked".into()),
            None,
        ),
        (None, None) => strict_verdict(episode),
    };
    ExampleResult {
        id: task.id.clone(),
        category,
        prompt_sha256: sha256_hex(episode.text_of(Origin::Prompt).as_bytes()),
        output: episode.text_of(Origin::Model),
        calls,
        violations,
        valid,
        reason,
        error_type,
    }
}

/// BFCL's verdict: the first possible answer that passes, else the first one's reason; with the
/// category the checker applied.
fn bfcl_verdict(
    task: &Task,
    kind: Category,
    specs: &[FunctionSpec],
    calls: &[ToolCall],
) -> (Category, checker::Verdict) {
    let truth = task.truth(0);
    let kind = match kind {
        _ if truth.any_call => Category::Relevance,
        _ if truth.alternatives.iter().all(|a| a.is_empty()) => Category::Irrelevance,
        k => k,
    };
    let mut first = None;
    let alternatives: Vec<&[checker::ExpectedCall]> = if truth.alternatives.is_empty() {
        vec![&[]]
    } else {
        truth.alternatives.iter().map(|a| a.as_slice()).collect()
    };
    for alt in alternatives {
        let verdict = checker::check_category_in(truth.language, kind, specs, calls, alt);
        if verdict.valid {
            return (kind, verdict);
        }
        first.get_or_insert(verdict);
    }
    (kind, first.unwrap_or_else(checker::Verdict::pass))
}

/// Every turn matched exactly (the strict reward's `strict_match` is 1 on every turn).
fn strict_verdict(episode: &Episode) -> (bool, Option<String>, Option<String>) {
    let missed: Vec<usize> = episode
        .turns
        .iter()
        .filter(|t| t.reward.get("strict_match") != Some(1.0))
        .map(|t| t.turn)
        .collect();
    if missed.is_empty() && !episode.turns.is_empty() {
        (true, None, None)
    } else if episode.turns.is_empty() {
        (false, Some("the episode has no scored turn".into()), None)
    } else {
        let turns: Vec<String> = missed.iter().map(usize::to_string).collect();
        (
            false,
            Some(format!(
                "turn(s) {} did not match the ground truth exactly",
                turns.join(", ")
            )),
            Some("strict_match".into()),
        )
    }
}

/// Per-category accuracy, categories in the order BFCL lists them ([`crate::data::bfcl::CATEGORIES`],
/// then the multi-turn ones), other names after them by name.
pub fn category_scores(examples: &[ExampleResult]) -> Vec<CategoryScore> {
    let mut by: BTreeMap<(usize, String), (usize, usize)> = BTreeMap::new();
    for e in examples {
        let rank = crate::data::bfcl::CATEGORIES
            .iter()
            .chain(crate::data::bfcl_multi_turn::CATEGORIES)
            .position(|c| *c == e.category)
            .unwrap_or(usize::MAX);
        let entry = by.entry((rank, e.category.clone())).or_default();
        entry.0 += 1;
        entry.1 += usize::from(e.valid);
    }
    by.into_iter()
        .map(|((_, category), (examples, correct))| CategoryScore {
            category,
            examples,
            correct,
            accuracy: correct as f64 / examples.max(1) as f64,
        })
        .collect()
}

/// A data file and its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileHash {
    /// The path as given.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

/// An example the harness could not evaluate, with why (counted, never silently dropped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// Where: a file and line, or a task id.
    pub at: String,
    /// Why.
    pub reason: String,
}

/// A whole evaluation report (what `tz eval` writes as JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// `bfcl` or `tasks`.
    pub bench: String,
    /// What was run: model, template, seed, code version, sampling, data files.
    pub setup: BTreeMap<String, serde_json::Value>,
    /// The data files read, with their SHA-256.
    pub data_files: Vec<FileHash>,
    /// Categories found in the data, in BFCL's order.
    pub categories_found: Vec<String>,
    /// Examples skipped with their reason.
    pub skipped: Vec<Skipped>,
    /// Per-category accuracy.
    pub categories: Vec<CategoryScore>,
    /// BFCL's summary scores (see [`summarize`]).
    pub summary: Summary,
    /// Every example, in task order.
    pub examples: Vec<ExampleResult>,
}

impl Report {
    /// Builds the scores from `examples`.
    pub fn new(
        bench: &str,
        setup: BTreeMap<String, serde_json::Value>,
        data_files: Vec<FileHash>,
        skipped: Vec<Skipped>,
        examples: Vec<ExampleResult>,
    ) -> Report {
        let categories = category_scores(&examples);
        let summary = summarize(&categories);
        Report {
            bench: bench.to_string(),
            setup,
            data_files,
            categories_found: categories.iter().map(|c| c.category.clone()).collect(),
            skipped,
            categories,
            summary,
            examples,
        }
    }

    /// Share of all examples that passed.
    pub fn accuracy(&self) -> f64 {
        let n = self.examples.len().max(1) as f64;
        self.examples.iter().filter(|e| e.valid).count() as f64 / n
    }
}
