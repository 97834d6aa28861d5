//! The commands about files of the current directory: `touch`, `echo`, `cat`, `wc`, `sort`,
//! `grep`, `tail`, `diff`.

use tz_tool_common::bfcl::pyops::type_name;
use tz_tool_common::py::{PyVal, py_str};

use crate::params::{bind, optional, required, text};
use crate::pystr::{len, splitlines, word_count};
use crate::tree::{FileId, Node};
use crate::{GorillaFileSystem, valid_name};

impl GorillaFileSystem {
    /// The file `name` of the current directory: `name in contents` and `_get_item(name)` a
    /// `File` (`_get_item(".")` is the directory itself, even where a `.` entry exists).
    fn file_here(&self, name: &str) -> Option<FileId> {
        if !self.tree.contains(self.current, name) {
            return None;
        }
        match self.tree.get_item(self.current, name) {
            Some(Node::File(file)) => Some(file),
            _ => None,
        }
    }

    /// The content of the file `name` of the current directory.
    fn content_here(&self, name: &str) -> Option<&str> {
        self.file_here(name)
            .map(|file| self.tree.file(file).content.as_str())
    }

    /// `touch(file_name)`: a new empty file here; `None` on success.
    pub(crate) fn touch(&mut self, args: &PyVal) -> Result<PyVal, String> {
        let [file_name] = bind("touch", args, [required("file_name")])?;
        let name = text(&file_name, "touch", "file_name")?;
        if !valid_name(name) {
            return Ok(PyVal::error(format!(
                "touch: cannot touch '{name}': Invalid character"
            )));
        }
        if self.tree.contains(self.current, name) {
            return Ok(PyVal::error(format!(
                "touch: cannot touch '{name}': File exists"
            )));
        }
        self.tree.add_file(self.current, name, "")?;
        Ok(PyVal::None)
    }

    /// `echo(content, file_name=None)`: `{"terminal_output": content}` without a file name
    /// (or with an empty one), else replaces an existing file's content and gives `None`.
    pub(crate) fn echo(&mut self, args: &PyVal) -> Result<PyVal, String> {
        let [content, file_name] = bind(
            "echo",
            args,
            [required("content"), optional("file_name", PyVal::None)],
        )?;
        if file_name == PyVal::None {
            return Ok(PyVal::one("terminal_output", content));
        }
        let name = text(&file_name, "echo", "file_name")?;
        if !valid_name(name) {
            return Ok(PyVal::error(format!(
                "echo: cannot write to '{name}': Invalid character"
            )));
        }
        if name.is_empty() {
            return Ok(PyVal::one("terminal_output", content));
        }
        if !self.tree.contains(self.current, name) {
            return Ok(PyVal::error(format!(
                "echo: cannot write to '{name}': No such file"
            )));
        }
        match self.tree.get_item(self.current, name) {
            Some(Node::File(file)) => {
                let content = text(&content, "echo", "content")?;
                self.tree.file_mut(file).content = content.to_string();
                Ok(PyVal::None)
            }
            _ => Err("'Directory' object has no attribute '_write'".into()),
        }
    }

    /// `cat(file_name)`: `{"file_content": ...}`.
    pub(crate) fn cat(&mut self, args: &PyVal) -> Result<PyVal, String> {
        let [file_name] = bind("cat", args, [required("file_name")])?;
        let name = text(&file_name, "cat", "file_name")?;
        if !valid_name(name) {
            return Ok(PyVal::error(format!("cat: '{name}': Invalid character")));
        }
        if !self.tree.contains(self.current, name) {
            return Ok(PyVal::error(format!(
                "cat: '{name}': No such file or directory"
            )));
        }
        Ok(match self.content_here(name) {
            Some(content) => PyVal::one("file_content", PyVal::str(content)),
            None => PyVal::error(format!("cat: '{name}': Is a directory")),
        })
    }

    /// `wc(file_name, mode="l")`: lines (`splitlines`), words (`split`) or characters (code
    /// points).
    pub(crate) fn wc(&mut self, args: &PyVal) -> Result<PyVal, String> {
        let [file_name, mode] = bind(
            "wc",
            args,
            [required("file_name"), optional("mode", PyVal::str("l"))],
        )?;
        let kind = match mode.as_str() {
            Some("l") => "lines",
            Some("w") => "words",
            Some("c") => "characters",
            _ => {
                return Ok(PyVal::error(format!(
                    "wc: invalid mode '{}'",
                    py_str(&mode)
                )));
            }
        };
        let name = text(&file_name, "wc", "file_name")?;
        let Some(content) = self.content_here(name) else {
            return Ok(PyVal::error(format!(
                "wc: {name}: No such file or directory"
            )));
        };
        let count = match kind {
            "lines" => splitlines(content).len(),
            "words" => word_count(content),
            _ => len(content),
        };
        Ok(PyVal::dict([
            ("count", PyVal::Int(count as i64)),
            ("type", PyVal::str(kind)),
        ]))
    }

    /// `sort(file_name)`: the lines sorted by code point, joined by `\n`.
    pub(crate) fn sort(&mut self, args: &PyVal) -> Result<PyVal, String> {
        let [file_name] = bind("sort", args, [required("file_name")])?;
        let name = text(&file_name, "sort", "file_name")?;
        let Some(content) = self.content_here(name) else {
            return Ok(PyVal::error(format!(
                "sort: {name}: No such file or directory"
            )));
        };
        let mut lines = splitlines(content);
        lines.sort_unstable();
        Ok(PyVal::one("sorted_content", PyVal::str(lines.join("\n"))))
    }

    /// `grep(file_name, pattern)`: the lines containing `pattern` (a plain substring).
    pub(crate) fn grep(&mut self, args: &PyVal) -> Result<PyVal, String> {
        let [file_name, pattern] =
            bind("grep", args, [required("file_name"), required("pattern")])?;
        let name = text(&file_name, "grep", "file_name")?;
        let Some(content) = self.content_here(name) else {
            return Ok(PyVal::error(format!(
                "grep: {name}: No such file or directory"
            )));
        };
        let pattern = text(&pattern, "grep", "pattern")?;
        let lines = splitlines(content)
            .into_iter()
            .filter(|line| line.contains(pattern));
        Ok(PyVal::one("matching_lines", PyVal::strs(lines)))
    }

    /// `tail(file_name, lines=10)`: `content.splitlines()[-lines:]` joined by `\n`, `lines`
    /// first capped at the line count (so `0` and negative counts slice as Python does).
    pub(crate) fn tail(&mut self, args: &PyVal) -> Result<PyVal, String> {
        let [file_name, lines] = bind(
            "tail",
            args,
            [required("file_name"), optional("lines", PyVal::Int(10))],
        )?;
        let name = text(&file_name, "tail", "file_name")?;
        let Some(content) = self.content_here(name) else {
            return Ok(PyVal::error(format!(
                "tail: {name}: No such file or directory"
            )));
        };
        let all = splitlines(content);
        let n = all.len() as i128;
        let wanted = match lines {
            PyVal::Int(_) | PyVal::Bool(_) => i128::from(lines.as_int().unwrap_or(0)).min(n),
            // `lines = len(content)` makes an int of a float above the count; any other
            // float reaches the slice, which refuses it.
            PyVal::Float(f) if f > n as f64 => n,
            PyVal::Float(_) => {
                return Err(
                    "slice indices must be integers or None or have an __index__ method".into(),
                );
            }
            other => {
                return Err(format!(
                    "'>' not supported between instances of '{}' and 'int'",
                    type_name(&other)
                ));
            }
        };
        let start = match wanted {
            w if w > 0 => n - w,
            0 => 0,
            w => (-w).min(n),
        };
        let start = usize::try_from(start).unwrap_or(0);
        Ok(PyVal::one(
            "last_lines",
            PyVal::str(all[start..].join("\n")),
        ))
    }

    /// `diff(file_name1, file_name2)`: `- a\n+ b` for each differing pair of lines (up to the
    /// shorter file), joined by `\n`.
    pub(crate) fn diff(&mut self, args: &PyVal) -> Result<PyVal, String> {
        let [name1, name2] = bind(
            "diff",
            args,
            [required("file_name1"), required("file_name2")],
        )?;
        let name1 = text(&name1, "diff", "file_name1")?;
        let name2 = text(&name2, "diff", "file_name2")?;
        let (Some(file1), Some(file2)) = (self.content_here(name1), self.content_here(name2))
        else {
            return Ok(PyVal::error(format!(
                "diff: {name1} or {name2}: No such file or directory"
            )));
        };
        let lines: Vec<String> = splitlines(file1)
            .into_iter()
            .zip(splitlines(file2))
            .filter(|(a, b)| a != b)
            .map(|(a, b)| format!("- {a}\n+ {b}"))
            .collect();
        Ok(PyVal::one("diff_lines", PyVal::str(lines.join("\n"))))
    }
}
