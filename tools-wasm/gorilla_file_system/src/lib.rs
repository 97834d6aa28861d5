//! Tool `gorilla_file_system` (stateful, world `session-tool`): BFCL's `GorillaFileSystem`
//! (an in-memory file system with `cd`, `ls`, `cat`, `mv`, `cp` ...), written in Rust to
//! behave as the official Python class does (results, error texts, exceptions, state).
//! Replayed against traces of the Python class in `traces.jsonl` (see
//! [`tz_tool_common::bfcl::trace`]); `spec.json` is BFCL's function docs for the class.
//!
//! State (the public attributes BFCL compares): `root`, the directory tree (a directory as
//! `{"name", "contents"}`, a file as `{"name", "content"}`: what `Directory.__eq__` and
//! `File.__eq__` compare), and `long_context`. The current directory is private.
//!
//! The Python objects' identities matter (a copied directory shares its children with the
//! source; a moved one shares its `contents` dict and its children keep their old `parent`):
//! [`tree`] keeps them. Long context appends [`data::FILE_CONTENT_EXTENSION`] to the
//! scenario's files and adds [`data::POPULATE_FILE_EXTENSION`] to its innermost directories.
//!
//! Known differences from the Python class:
//! * a directory that contains itself (`cp("d", "d")` makes one) sends Python's `find` and
//!   `du` into `RecursionError`; here they fail at once with the same text
//!   (`maximum recursion depth exceeded while calling a Python object`; Python's wording
//!   varies with the stack), and the state writes the repeated directory's contents as
//!   `"{...}"` where Python has an infinite structure. An acyclic tree deeper than Python's
//!   recursion limit (about a thousand levels) is walked here where Python raises;
//! * arguments of a type the schema forbids (the host rejects them before the guest runs)
//!   get a `TypeError` text of this crate's wording where Python's would vary by operation;
//! * files keep no modification time (Python's `_last_modified` is `datetime.now()`, private
//!   and never read);
//! * a scenario file whose `content` is not a str is refused at `load` (Python keeps it, or
//!   raises under long context); a scenario Python cannot load (a missing `type` or
//!   `contents`) is refused with the `KeyError`'s text.
//!
//! The recorder cannot trace a self-containing directory (encoding the state recurses
//! forever), so unit tests below cover that case.
#![warn(missing_docs)]

pub mod data;
mod dirs;
mod files;
mod moves;
pub mod params;
pub mod pystr;
pub mod tree;

use tz_tool_common::bfcl::{ApiClass, no_method};
use tz_tool_common::py::PyVal;

use crate::data::{FILE_CONTENT_EXTENSION, FILES_TAIL_USED, POPULATE_FILE_EXTENSION};
use crate::tree::{DirId, Node, Tree};

/// The functions, as BFCL documents them (`multi_turn_func_doc/gorilla_file_system.json`).
pub const SPEC: &str = include_str!("../spec.json");

/// The class's name in BFCL (and in Python's error texts).
pub const CLASS: &str = "GorillaFileSystem";

tz_tool_common::bfcl_component!(crate::GorillaFileSystem, crate::SPEC);
tz_tool_common::bfcl_class_tests!(crate::GorillaFileSystem, traces >= 118, calls >= 880);

/// BFCL's `GorillaFileSystem`.
#[derive(Debug, Clone)]
pub struct GorillaFileSystem {
    tree: Tree,
    root: DirId,
    /// `_current_dir` (private: not state).
    current: DirId,
    long_context: bool,
}

/// `RecursionError`'s text where Python would walk a directory that contains itself.
const RECURSION: &str = "maximum recursion depth exceeded while calling a Python object";

/// `_validate_file_or_directory_name`: none of `|/\?%*:"><`.
fn valid_name(name: &str) -> bool {
    !name.chars().any(|c| "|/\\?%*:\"><".contains(c))
}

impl GorillaFileSystem {
    /// `_load_directory(current, parent)`: loads the scenario's `contents` dict into
    /// `parent`; under long context, extends file contents and populates a directory with
    /// no subdirectory.
    fn load_directory(&mut self, contents: &PyVal, parent: DirId) -> Result<(), String> {
        let PyVal::Dict(items) = contents else {
            return Err("a scenario directory's 'contents' must be a dict".into());
        };
        let mut bottommost = true;
        for (name, data) in items {
            let name = name.as_str().unwrap_or_default();
            let kind = data.get("type").ok_or("'type'")?;
            match kind.as_str() {
                Some("directory") => {
                    bottommost = false;
                    let dir = self.tree.new_dir(name, Some(parent));
                    self.load_directory(data.get("contents").ok_or("'contents'")?, dir)?;
                    self.tree.insert(parent, name, Node::Dir(dir));
                }
                Some("file") => {
                    let content = data.get("content").ok_or("'content'")?;
                    let content = content.as_str().ok_or_else(|| {
                        format!("file '{name}': a content that is not a str is not supported")
                    })?;
                    let mut content = content.to_string();
                    if self.long_context && !FILES_TAIL_USED.contains(&name) {
                        content.push_str(FILE_CONTENT_EXTENSION);
                    }
                    let file = self.tree.new_file(name, &content);
                    self.tree.insert(parent, name, Node::File(file));
                }
                _ => {}
            }
        }
        if bottommost && self.long_context {
            for name in POPULATE_FILE_EXTENSION {
                self.tree.add_file(parent, name, "")?;
            }
        }
        Ok(())
    }

    /// `_navigate_to_directory(path)`: `None` and `"."` are the current directory, `"/"` the
    /// root; otherwise each `/`-separated part from the root (a leading `/`) or the current
    /// directory must name a directory. `Err` is the `{"error": "cd: ..."}` result.
    fn navigate(&self, path: Option<&str>) -> Result<DirId, PyVal> {
        let path = match path {
            None | Some(".") => return Ok(self.current),
            Some("/") => return Ok(self.root),
            Some(path) => path,
        };
        let mut dir = if path.starts_with('/') {
            self.root
        } else {
            self.current
        };
        for part in path.trim_matches('/').split('/') {
            match self.tree.get_item(dir, part) {
                Some(Node::Dir(next)) => dir = next,
                _ => {
                    return Err(PyVal::error(format!(
                        "cd: '{path}': No such file or directory"
                    )));
                }
            }
        }
        Ok(dir)
    }
}

impl ApiClass for GorillaFileSystem {
    const CLASS: &'static str = CLASS;

    fn load(scenario: &PyVal, long_context: bool) -> Result<Self, String> {
        let mut fs = Self {
            tree: Tree::default(),
            root: 0,
            current: 0,
            long_context,
        };
        fs.root = match scenario.get("root") {
            None => fs.tree.new_dir("/", None),
            Some(PyVal::Dict(items)) => {
                let (name, data) = items.first().ok_or("list index out of range")?;
                let root = fs.tree.new_dir(name.as_str().unwrap_or_default(), None);
                fs.load_directory(data.get("contents").ok_or("'contents'")?, root)?;
                root
            }
            Some(_) => return Err("the scenario's 'root' must be a dict".into()),
        };
        fs.current = fs.root;
        Ok(fs)
    }

    fn call(&mut self, name: &str, args: &PyVal) -> Result<PyVal, String> {
        match name {
            "pwd" => self.pwd(args),
            "ls" => self.ls(args),
            "cd" => self.cd(args),
            "mkdir" => self.mkdir(args),
            "touch" => self.touch(args),
            "echo" => self.echo(args),
            "cat" => self.cat(args),
            "find" => self.find(args),
            "wc" => self.wc(args),
            "sort" => self.sort(args),
            "grep" => self.grep(args),
            "du" => self.du(args),
            "tail" => self.tail(args),
            "diff" => self.diff(args),
            "mv" => self.mv(args),
            "rm" => self.rm(args),
            "rmdir" => self.rmdir(args),
            "cp" => self.cp(args),
            _ => Err(no_method(self, name)),
        }
    }

    fn state(&self) -> PyVal {
        PyVal::dict([
            ("long_context", PyVal::Bool(self.long_context)),
            ("root", self.tree.encode(self.root)),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(fs: &mut GorillaFileSystem, name: &str, args: &str) -> Result<String, String> {
        let args = PyVal::parse(args).expect("JSON args");
        fs.call(name, &args)
            .map(|v| tz_tool_common::py::bfcl_text(&v))
    }

    #[test]
    fn a_directory_copied_into_itself_fails_find_and_du_as_python_recursion_does() {
        let mut fs = GorillaFileSystem::load(&PyVal::Dict(Vec::new()), false).expect("load");
        call(&mut fs, "mkdir", r#"{"dir_name": "d"}"#).expect("mkdir");
        let out = call(&mut fs, "cp", r#"{"source": "d", "destination": "d"}"#);
        assert_eq!(out.as_deref(), Ok(r#"{"result": "'d' copied to 'd/d'"}"#));
        assert_eq!(call(&mut fs, "find", "{}"), Err(RECURSION.to_string()));
        assert_eq!(call(&mut fs, "du", "{}"), Err(RECURSION.to_string()));
        // Python can still step down it as far as one likes.
        for _ in 0..3 {
            call(&mut fs, "cd", r#"{"folder": "d"}"#).expect("cd");
        }
        let pwd = call(&mut fs, "pwd", "{}");
        assert_eq!(
            pwd.as_deref(),
            Ok(r#"{"current_working_directory": "///d/d"}"#)
        );
        let state = fs.state().to_json().to_string();
        assert!(state.contains(r#""contents":"{...}""#), "{state}");
    }

    #[test]
    fn long_context_refuses_a_scenario_file_named_as_a_populated_one() {
        let scenario = PyVal::parse(
            r#"{"root": {"r": {"type": "directory", "contents": {
                "image_605952633285970710.jpg": {"type": "file", "content": "x"}}}}}"#,
        )
        .expect("JSON");
        let err = GorillaFileSystem::load(&scenario, true).expect_err("name taken");
        assert_eq!(
            err,
            "File 'image_605952633285970710.jpg' already exists in directory 'r'."
        );
        assert!(GorillaFileSystem::load(&scenario, false).is_ok());
    }

    #[test]
    fn wrong_typed_arguments_are_errors_not_panics() {
        let mut fs = GorillaFileSystem::load(&PyVal::Dict(Vec::new()), false).expect("load");
        for (name, args) in [
            ("cd", r#"{"folder": 3}"#),
            ("cat", r#"{"file_name": null}"#),
            ("cp", r#"{"source": [], "destination": "x"}"#),
            ("find", r#"{"path": 1}"#),
            ("find", r#"{"name": 1}"#),
            ("echo", r#"{"content": 1, "file_name": 2}"#),
        ] {
            let out = call(&mut fs, name, args);
            assert!(out.is_err(), "{name}({args}): {out:?}");
        }
    }
}
