//! The commands about directories: `pwd`, `ls`, `cd`, `mkdir`, `find`, `du`.

use tz_tool_common::py::PyVal;

use crate::params::{bind, optional, required, text};
use crate::{GorillaFileSystem, RECURSION, valid_name};

impl GorillaFileSystem {
    /// `pwd()`: the names from the current directory up through its `parent`s, the root's
    /// name included (Python's loop compares a name with the root object, which never
    /// matches), joined by `/` after a `/`: `//` at a root named `/`.
    pub(crate) fn pwd(&mut self, args: &PyVal) -> Result<PyVal, String> {
        bind("pwd", args, [])?;
        let mut names = Vec::new();
        let mut dir = Some(self.current);
        while let Some(id) = dir {
            let d = self.tree.dir(id);
            names.push(d.name.as_str());
            dir = d.parent;
        }
        names.reverse();
        Ok(PyVal::one(
            "current_working_directory",
            PyVal::str(format!("/{}", names.join("/"))),
        ))
    }

    /// `ls(a=False)`: the current directory's names, without those starting with `.` unless
    /// `a`.
    pub(crate) fn ls(&mut self, args: &PyVal) -> Result<PyVal, String> {
        let [a] = bind("ls", args, [optional("a", PyVal::Bool(false))])?;
        let all = a.truthy();
        let names = self
            .tree
            .contents(self.current)
            .iter()
            .map(|(name, _)| name.as_str())
            .filter(|name| all || !name.starts_with('.'));
        Ok(PyVal::one("current_directory_content", PyVal::strs(names)))
    }

    /// `cd(folder)`: one level at a time (`..`, `.`, `/` or a name), trailing `/` ignored.
    pub(crate) fn cd(&mut self, args: &PyVal) -> Result<PyVal, String> {
        let [folder] = bind("cd", args, [required("folder")])?;
        let mut folder = text(&folder, "cd", "folder")?.trim_end_matches('/');
        if folder.is_empty() {
            folder = "/";
        }
        if !matches!(folder, "." | ".." | "/") && folder.contains('/') {
            return Ok(PyVal::error(format!(
                "cd: {folder}: Unsupported path. Only one folder level at a time is supported."
            )));
        }
        if folder == ".." {
            // Only the root has no parent, so Python's `self.root == self._current_dir`
            // holds whenever the parent is missing.
            return Ok(match self.tree.dir(self.current).parent {
                Some(parent) => {
                    self.current = parent;
                    PyVal::Dict(Vec::new())
                }
                None => PyVal::error("Current directory is already the root. Cannot go back."),
            });
        }
        match self.navigate(Some(folder)) {
            Ok(dir) => {
                self.current = dir;
                Ok(PyVal::one(
                    "current_working_directory",
                    PyVal::str(&self.tree.dir(dir).name),
                ))
            }
            Err(error) => Ok(error),
        }
    }

    /// `mkdir(dir_name)`: a new empty directory here; `None` on success.
    pub(crate) fn mkdir(&mut self, args: &PyVal) -> Result<PyVal, String> {
        let [dir_name] = bind("mkdir", args, [required("dir_name")])?;
        let name = text(&dir_name, "mkdir", "dir_name")?;
        if !valid_name(name) {
            return Ok(PyVal::error(format!(
                "mkdir: cannot create directory '{name}': Invalid character"
            )));
        }
        if self.tree.contains(self.current, name) {
            return Ok(PyVal::error(format!(
                "mkdir: cannot create directory '{name}': File exists"
            )));
        }
        self.tree.add_directory(self.current, name)?;
        Ok(PyVal::None)
    }

    /// `find(path=".", name=None)`: every item under `path` (recursively, depth first in
    /// dict order) whose name contains `name`, as `path` (trailing `/` dropped) + `/` + the
    /// names down to it.
    pub(crate) fn find(&mut self, args: &PyVal) -> Result<PyVal, String> {
        let [path, name] = bind(
            "find",
            args,
            [
                optional("path", PyVal::str(".")),
                optional("name", PyVal::None),
            ],
        )?;
        let path = match &path {
            PyVal::None => None,
            other => Some(text(other, "find", "path")?),
        };
        let name = match &name {
            PyVal::None => None,
            other => Some(text(other, "find", "name")?),
        };
        let dir = match self.navigate(path) {
            Ok(dir) => dir,
            Err(error) => {
                let message = error.get("error").and_then(PyVal::as_str).unwrap_or("");
                return Ok(match message.strip_prefix("cd:") {
                    Some(rest) => PyVal::error(format!("find:{rest}")),
                    None => error,
                });
            }
        };
        let Some(path) = path else {
            return Err("'NoneType' object has no attribute 'rstrip'".into());
        };
        let mut matches = Vec::new();
        self.tree
            .walk(
                dir,
                path.trim_end_matches('/'),
                &mut |item_path, item_name| {
                    if name.is_none_or(|n| item_name.contains(n)) {
                        matches.push(PyVal::str(item_path));
                    }
                },
            )
            .map_err(|_| RECURSION.to_string())?;
        Ok(PyVal::one("matches", PyVal::List(matches)))
    }

    /// `du(human_readable=False)`: the UTF-8 bytes of every file under the current
    /// directory, as `"N bytes"` or `"x.xx KB"` (dividing by 1024 while it is at least 1024).
    pub(crate) fn du(&mut self, args: &PyVal) -> Result<PyVal, String> {
        let [human] = bind("du", args, [optional("human_readable", PyVal::Bool(false))])?;
        let dir = match self.navigate(None) {
            Ok(dir) => dir,
            Err(error) => return Ok(error),
        };
        let total = self.tree.size(dir).map_err(|_| RECURSION.to_string())?;
        let size = if human.truthy() {
            let mut size = total as f64;
            let mut shown = None;
            for unit in ["B", "KB", "MB", "GB", "TB"] {
                if size < 1024.0 {
                    shown = Some(format!("{size:.2} {unit}"));
                    break;
                }
                size /= 1024.0;
            }
            shown.unwrap_or_else(|| format!("{size:.2} PB"))
        } else {
            format!("{total} bytes")
        };
        Ok(PyVal::one("disk_usage", PyVal::str(size)))
    }
}
