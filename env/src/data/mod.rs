//! Datasets turned into [`crate::task`] tasks, and the paper's data options.
//!
//! * [`apibank`]: API-Bank levels 1-3 in ToolRL's processed form, prompted and scored as ToolRL does.
//! * [`bfcl`]: BFCL v4 question + possible-answer files (JSON Lines despite `.json`);
//!   [`bfcl_docs`]: the function docs BFCL shows the model (language hints, Java/JS types).
//! * [`rlla`]: ToolRL's rlla rows (raw `{instruction, input, output}` or the processed veRL rows).
//! * [`filter`]: the parseability filter (drop tasks whose ground truth does not validate against
//!   its own tool specs) with counts per reason.
//! * [`mask`]: name masking, tool and parameter names to `func_k` / `param_k`, applied to tools,
//!   ground truth and messages alike, with the mapping to undo it.
//!
//! Importers never stop at a bad row: a row they cannot turn into a task is skipped and counted
//! with a [`SkipReason`] in the [`ImportReport`]. Only a file that cannot be read is an error.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::task::Task;

pub mod apibank;
pub mod bfcl;
pub mod bfcl_docs;
pub mod bfcl_multi_turn;
pub mod filter;
pub mod r#gen;
pub mod mask;
pub mod rlla;
pub mod shots;

/// Errors of the importers: files that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// A data file or folder could not be read.
    #[error("cannot read data {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A BFCL category that has possible answers lacks its `possible_answer/` file.
    #[error(
        "missing possible-answer file {path} for category `{category}`: BFCL keeps it in possible_answer/ beside the questions"
    )]
    MissingAnswers {
        /// The file that was expected.
        path: PathBuf,
        /// The category.
        category: String,
    },
    /// A file name that does not name a BFCL category this importer knows.
    #[error(
        "{path}: not a known BFCL category file; expected BFCL_v4_<category>.json with <category> one of {known}"
    )]
    UnknownCategory {
        /// The file.
        path: PathBuf,
        /// The known categories, comma-separated.
        known: String,
    },
    /// A folder given as BFCL data holds no file of a known category.
    #[error(
        "{path} holds no BFCL category file: expected BFCL_v4_<category>.json (or BFCL_v3_) with <category> one of {known}"
    )]
    NoBfclFiles {
        /// The folder.
        path: PathBuf,
        /// The known categories, comma-separated.
        known: String,
    },
    /// A data file whose JSON does not have the expected shape.
    #[error("{path}: {message}")]
    Json {
        /// The file.
        path: PathBuf,
        /// What was expected.
        message: String,
    },
}

/// Result alias of this module.
pub type Result<T> = std::result::Result<T, DataError>;

/// Why an importer skipped a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    /// The line is not the JSON object the format expects.
    MalformedRow,
    /// The tool list could not be read (rlla: the `**Available Tools**` section).
    BadTools,
    /// The history could not be read (rlla: a block of `input` that is not well formed).
    BadHistory,
    /// The target holds a call that is not `{"name", "parameters"}` JSON.
    BadCall,
    /// The target has neither a call nor an answer.
    NoTarget,
    /// A question without a possible answer (or the reverse).
    NoAnswer,
    /// A multi-turn BFCL entry in a single-turn importer.
    MultiTurn,
    /// An id given to several rows (answers of a question): which one is meant is unclear.
    DuplicateId,
}

impl SkipReason {
    /// A short snake_case name, used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MalformedRow => "malformed_row",
            Self::BadTools => "bad_tools",
            Self::BadHistory => "bad_history",
            Self::BadCall => "bad_call",
            Self::NoTarget => "no_target",
            Self::NoAnswer => "no_answer",
            Self::MultiTurn => "multi_turn",
            Self::DuplicateId => "duplicate_id",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One skipped row: where, why, and the details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// `file:line` (or `file: id` for a possible answer without its question).
    pub at: String,
    /// Why.
    pub reason: SkipReason,
    /// What was found.
    pub detail: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: skipped ({}): {}", self.at, self.reason, self.detail)
    }
}

/// What an importer produced: tasks in input order and every skipped row.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// The tasks.
    pub tasks: Vec<Task>,
    /// The rows that did not become tasks.
    pub skipped: Vec<Skipped>,
}

impl ImportReport {
    /// How many rows were skipped for each reason.
    pub fn skip_counts(&self) -> BTreeMap<SkipReason, usize> {
        let mut counts = BTreeMap::new();
        for s in &self.skipped {
            *counts.entry(s.reason).or_insert(0) += 1;
        }
        counts
    }

    /// Appends another report (tasks and skips keep their order).
    pub fn extend(&mut self, other: ImportReport) {
        self.tasks.extend(other.tasks);
        self.skipped.extend(other.skipped);
    }
}

/// A dataset format the importers read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// ToolRL rlla rows (a JSON Lines file).
    Rlla,
    /// BFCL v4 (a question file, or a folder of them with `possible_answer/`).
    Bfcl,
}

impl std::str::FromStr for Source {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "rlla" => Ok(Self::Rlla),
            "bfcl" => Ok(Self::Bfcl),
            other => Err(format!(
                "unknown data source `{other}`, expected rlla or bfcl"
            )),
        }
    }
}

/// Imports `path` as `source`: what `tz data import --from rlla|bfcl PATH` runs.
pub fn import(source: Source, path: &Path) -> Result<ImportReport> {
    match source {
        Source::Rlla => rlla::import(path),
        Source::Bfcl if path.is_dir() => bfcl::import_dir(path),
        Source::Bfcl => bfcl::import_file(path),
    }
}

/// Reads a whole file as text, naming the path on failure.
fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| DataError::Io {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests;
