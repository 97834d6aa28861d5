//! Reading and writing task files (JSON Lines): every bad line is reported with `file:line`,
//! good lines are kept; writing is one compact JSON object per line. Also how a turn's ground
//! truth is read and written ([`sorted_params`]).

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::Path;

use super::{Result, Task, TaskError};

/// A bad line of a task file: where it is and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct LineError {
    /// The file (or origin name) read.
    pub path: String,
    /// 1-based line number.
    pub line: usize,
    /// What was wrong and what was expected.
    pub message: String,
}

/// The tasks read from a file and every bad line.
#[derive(Debug, Default)]
pub struct LoadReport {
    /// Valid tasks, in file order.
    pub tasks: Vec<Task>,
    /// One entry per bad line, in file order.
    pub errors: Vec<LineError>,
}

/// Reads tasks from JSON Lines; blank lines are skipped, bad lines reported with `origin:line`.
pub fn read_tasks(reader: impl BufRead, origin: &str) -> std::io::Result<LoadReport> {
    let mut report = LoadReport::default();
    let mut ids = BTreeMap::<String, usize>::new();
    for (index, line) in reader.lines().enumerate() {
        let line = line?;
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let mut fail = |message: String| {
            report.errors.push(LineError {
                path: origin.to_string(),
                line: number,
                message,
            })
        };
        let task: Task = match serde_json::from_str(&line) {
            Ok(task) => task,
            Err(e) => {
                fail(format!("expected a task object ({e})"));
                continue;
            }
        };
        let problems = task.problems();
        if !problems.is_empty() {
            fail(format!("task `{}`: {}", task.id, problems.join("; ")));
            continue;
        }
        if let Some(first) = ids.get(&task.id) {
            fail(format!(
                "duplicate id `{}` (first on line {first})",
                task.id
            ));
            continue;
        }
        ids.insert(task.id.clone(), number);
        report.tasks.push(task);
    }
    Ok(report)
}

/// Reads a task file (see [`read_tasks`]).
pub fn load_tasks(path: &Path) -> Result<LoadReport> {
    let io = |source| TaskError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    read_tasks(std::io::BufReader::new(file), &path.display().to_string()).map_err(io)
}

/// One task as a JSON line (no trailing newline).
pub fn to_line(task: &Task) -> Result<String> {
    serde_json::to_string(task).map_err(|source| TaskError::Serialize {
        id: task.id.clone(),
        source,
    })
}

/// Writes tasks as JSON Lines, one per line, each ending in `\n`.
pub fn write_tasks(mut writer: impl Write, tasks: &[Task]) -> std::io::Result<()> {
    for task in tasks {
        let line = to_line(task).map_err(std::io::Error::other)?;
        writer.write_all(line.as_bytes())?;
        writer.write_all(b"\n")?;
    }
    writer.flush()
}

/// Writes tasks to a file (see [`write_tasks`]).
pub fn save_tasks(path: &Path, tasks: &[Task]) -> Result<()> {
    let io = |source| TaskError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::create(path).map_err(io)?;
    write_tasks(std::io::BufWriter::new(file), tasks).map_err(io)
}

/// `Turn::ground_truth` as task files hold it: every expected call's parameters in name order,
/// on reading as on writing; values (and objects inside them) keep their stored order.
pub(super) mod sorted_params {
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use serde_json::{Map, Value};

    use crate::checker::{ExpectedCall, PossibleAnswer};

    /// One call as `{"name": {params in name order}}`.
    struct Sorted<'a>(&'a ExpectedCall);

    /// A call's parameters in name order.
    struct ByName<'a>(&'a Map<String, Value>);

    impl Serialize for Sorted<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(Some(1))?;
            map.serialize_entry(&self.0.name, &ByName(&self.0.params))?;
            map.end()
        }
    }

    impl Serialize for ByName<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut entries: Vec<(&String, &Value)> = self.0.iter().collect();
            entries.sort_unstable_by_key(|(name, _)| *name);
            serializer.collect_map(entries)
        }
    }

    /// Writes the alternatives, each call's parameters in name order.
    pub(in crate::task) fn serialize<S: Serializer>(
        alternatives: &[PossibleAnswer],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            alternatives
                .iter()
                .map(|calls| calls.iter().map(Sorted).collect::<Vec<_>>()),
        )
    }

    /// Reads the alternatives ([`ExpectedCall`]'s own checks), then puts each call's parameters
    /// in name order.
    pub(in crate::task) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<PossibleAnswer>, D::Error> {
        let mut alternatives = Vec::<PossibleAnswer>::deserialize(deserializer)?;
        alternatives
            .iter_mut()
            .flatten()
            .for_each(ExpectedCall::sort_params);
        Ok(alternatives)
    }
}
