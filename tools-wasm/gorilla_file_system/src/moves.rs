//! The commands that move, copy and remove items of the current directory: `mv`, `cp`,
//! `rm`, `rmdir`. Both `mv` and `cp` of a directory keep Python's sharing (see
//! [`crate::tree`]): `mv` gives the new directory the source's very `contents` dict, `cp` a
//! shallow copy of it.

use tz_tool_common::py::PyVal;

use crate::GorillaFileSystem;
use crate::params::{bind, required, text};
use crate::tree::{DirId, Node};

/// What `mv` and `cp` do with the source once they know where it goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Transfer {
    Move,
    Copy,
}

impl Transfer {
    fn verb(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::Move => ("mv", "move", "moved"),
            Self::Copy => ("cp", "copy", "copied"),
        }
    }
}

impl GorillaFileSystem {
    /// `mv(source, destination)`.
    pub(crate) fn mv(&mut self, args: &PyVal) -> Result<PyVal, String> {
        self.transfer(args, Transfer::Move)
    }

    /// `cp(source, destination)`.
    pub(crate) fn cp(&mut self, args: &PyVal) -> Result<PyVal, String> {
        self.transfer(args, Transfer::Copy)
    }

    /// `mv` and `cp`: into an existing directory `destination` (as `destination/source`),
    /// else under the new name `destination` here. The texts differ only in the verb, and
    /// in the existence check inside the directory, where `cp` looks for
    /// `"{destination}/{source}"` (a name no command can make, so a copy over an existing
    /// item reaches `_add_file` / `_add_directory`, which raise).
    fn transfer(&mut self, args: &PyVal, how: Transfer) -> Result<PyVal, String> {
        let (cmd, verb, done) = how.verb();
        let [source, destination] = bind(cmd, args, [required("source"), required("destination")])?;
        let source = text(&source, cmd, "source")?;
        let destination = text(&destination, cmd, "destination")?;
        let here = self.current;
        if !self.tree.contains(here, source) {
            return Ok(PyVal::error(format!(
                "{cmd}: cannot {verb} '{source}': No such file or directory"
            )));
        }
        let Some(item) = self.tree.get_item(here, source) else {
            return Ok(PyVal::error(format!(
                "{cmd}: cannot {verb} '{source}': Not a file or directory"
            )));
        };
        if destination.contains('/') {
            return Ok(PyVal::error(format!(
                "{cmd}: path not allowed in destination. Provide only a file or directory name."
            )));
        }
        if !self.tree.contains(here, destination) {
            if how == Transfer::Move {
                self.tree.pop(here, source);
            }
            self.place(item, here, destination, how)?;
            return Ok(PyVal::one(
                "result",
                PyVal::str(format!("'{source}' {done} to '{destination}'")),
            ));
        }
        let Some(Node::Dir(target)) = self.tree.get_item(here, destination) else {
            return Ok(PyVal::error(format!(
                "{cmd}: cannot {verb} '{source}' to '{destination}': Not a directory"
            )));
        };
        let taken = match how {
            Transfer::Move => source.to_string(),
            Transfer::Copy => format!("{destination}/{source}"),
        };
        if self.tree.contains(target, &taken) {
            return Ok(PyVal::error(format!(
                "{cmd}: cannot {verb} '{source}' to '{destination}/{source}': File exists"
            )));
        }
        if how == Transfer::Move {
            self.tree.pop(here, source);
        }
        self.place(item, target, source, how)?;
        Ok(PyVal::one(
            "result",
            PyVal::str(format!("'{source}' {done} to '{destination}/{source}'")),
        ))
    }

    /// Adds `item` to `dir` as `name`: a file as a new `File` with its content, a directory
    /// as a new `Directory` holding the source's `contents` (moved) or a copy of them.
    fn place(&mut self, item: Node, dir: DirId, name: &str, how: Transfer) -> Result<(), String> {
        match item {
            Node::File(file) => {
                let content = self.tree.file(file).content.clone();
                self.tree.add_file(dir, name, &content)?;
            }
            Node::Dir(source) => {
                let new = self.tree.add_directory(dir, name)?;
                match how {
                    Transfer::Move => self.tree.share_contents(new, source),
                    Transfer::Copy => self.tree.copy_contents(new, source),
                }
            }
        }
        Ok(())
    }

    /// `rm(file_name)`: removes a file or a directory (empty or not).
    pub(crate) fn rm(&mut self, args: &PyVal) -> Result<PyVal, String> {
        let [file_name] = bind("rm", args, [required("file_name")])?;
        let name = text(&file_name, "rm", "file_name")?;
        if !self.tree.contains(self.current, name) {
            return Ok(PyVal::error(format!(
                "rm: cannot remove '{name}': No such file or directory"
            )));
        }
        self.tree.pop(self.current, name);
        Ok(PyVal::one(
            "result",
            PyVal::str(format!("'{name}' removed")),
        ))
    }

    /// `rmdir(dir_name)`: removes an empty directory.
    pub(crate) fn rmdir(&mut self, args: &PyVal) -> Result<PyVal, String> {
        let [dir_name] = bind("rmdir", args, [required("dir_name")])?;
        let name = text(&dir_name, "rmdir", "dir_name")?;
        if !self.tree.contains(self.current, name) {
            return Ok(PyVal::error(format!(
                "rmdir: cannot remove '{name}': No such file or directory"
            )));
        }
        match self.tree.get_item(self.current, name) {
            Some(Node::Dir(dir)) if !self.tree.contents(dir).is_empty() => Ok(PyVal::error(
                format!("rmdir: cannot remove '{name}': Directory not empty"),
            )),
            Some(Node::Dir(_)) => {
                self.tree.pop(self.current, name);
                Ok(PyVal::one(
                    "result",
                    PyVal::str(format!("'{name}' removed")),
                ))
            }
            _ => Ok(PyVal::error(format!(
                "rmdir: cannot remove '{name}': Not a directory"
            ))),
        }
    }
}
