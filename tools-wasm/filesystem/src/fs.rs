//! The in-memory file system: a sorted map from absolute normalized paths to nodes, a working
//! directory and size accounting. Every operation checks its preconditions first and changes
//! nothing when it fails.

use crate::path::{self, inside_prefix, join, parent, resolve};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write;
use tz_tool_common::push_json_str;

/// Largest file, in bytes of UTF-8.
pub const MAX_FILE_BYTES: usize = 64 * 1024;
/// Largest total size of all files, in bytes.
pub const MAX_TOTAL_BYTES: usize = 1024 * 1024;
/// Most files and directories in one file system (the root included).
pub const MAX_NODES: usize = 1000;
/// Most paths `find` reports.
pub const MAX_FIND_RESULTS: usize = 200;

/// A file or a directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A directory; its children are the paths directly inside it.
    Dir,
    /// A text file and its content.
    File(String),
}

/// One file system: the state of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSystem {
    nodes: BTreeMap<String, Node>,
    cwd: String,
    total_bytes: usize,
}

impl Default for FileSystem {
    fn default() -> Self {
        Self::new()
    }
}

fn no_such(p: &str) -> String {
    format!("no such file or directory: '{p}'")
}

impl FileSystem {
    /// An empty file system (just `/`), working directory `/`.
    pub fn new() -> Self {
        let mut nodes = BTreeMap::new();
        nodes.insert("/".to_string(), Node::Dir);
        Self {
            nodes,
            cwd: "/".into(),
            total_bytes: 0,
        }
    }

    /// A file system holding `entries` (absolute normalized paths; `None` content is a
    /// directory), working in `cwd`. For trusted, well-formed trees such as a session's
    /// initial one: nodes go straight into the map, with none of the checks (or result
    /// values) of [`Self::mkdir`] and [`Self::write_file`]. The caller lists every parent
    /// directory, which the tests check for the initial tree.
    pub fn from_entries(entries: Vec<(String, Option<String>)>, cwd: &str) -> Self {
        let mut fs = Self::new();
        for (p, content) in entries {
            let node = match content {
                None => Node::Dir,
                Some(c) => {
                    fs.total_bytes += c.len();
                    Node::File(c)
                }
            };
            fs.nodes.insert(p, node);
        }
        if fs.nodes.contains_key(cwd) {
            fs.cwd = cwd.to_string();
        }
        fs
    }

    /// The whole state as JSON: `{"cwd", "nodes": {path: content, or null for a directory}}`.
    pub fn state(&self) -> Value {
        let nodes: serde_json::Map<String, Value> = self
            .nodes
            .iter()
            .map(|(p, node)| {
                let content = match node {
                    Node::Dir => Value::Null,
                    Node::File(c) => Value::String(c.clone()),
                };
                (p.clone(), content)
            })
            .collect();
        json!({"cwd": self.cwd, "nodes": nodes})
    }

    /// The working directory.
    pub fn cwd(&self) -> &str {
        &self.cwd
    }

    /// The node at absolute path `p`.
    pub fn node(&self, p: &str) -> Option<&Node> {
        self.nodes.get(p)
    }

    fn resolve(&self, p: &str) -> Result<String, String> {
        resolve(&self.cwd, p)
    }

    /// Paths strictly inside `dir`, in sorted order.
    fn descendants<'a>(&'a self, dir: &str) -> impl Iterator<Item = (&'a String, &'a Node)> + 'a {
        let prefix = inside_prefix(dir);
        self.nodes
            .range(prefix.clone()..)
            .take_while(move |(k, _)| k.starts_with(&prefix))
            .filter(|(k, _)| k.as_str() != "/")
    }

    /// Names and nodes directly inside `dir`.
    fn children<'a>(&'a self, dir: &str) -> impl Iterator<Item = (&'a str, &'a Node)> + 'a {
        let skip = inside_prefix(dir).len();
        self.descendants(dir)
            .map(move |(k, n)| (&k[skip..], n))
            .filter(|(rest, _)| !rest.contains('/'))
    }

    fn dir_exists(&self, p: &str) -> Result<(), String> {
        match self.nodes.get(p) {
            Some(Node::Dir) => Ok(()),
            Some(Node::File(_)) => Err(format!("not a directory: '{p}'")),
            None => Err(no_such(p)),
        }
    }

    fn parent_dir_exists(&self, p: &str) -> Result<(), String> {
        match parent(p) {
            Some(dir) => self.dir_exists(dir),
            None => Err("the root directory '/' cannot be changed this way".into()),
        }
    }

    fn room_for_nodes(&self, n: usize) -> Result<(), String> {
        if self.nodes.len() + n > MAX_NODES {
            return Err(format!(
                "the file system is full (at most {MAX_NODES} files and directories)"
            ));
        }
        Ok(())
    }

    /// `{"cwd"}`.
    pub fn pwd(&self) -> Value {
        json!({ "cwd": self.cwd })
    }

    /// Changes the working directory.
    pub fn cd(&mut self, p: &str) -> Result<Value, String> {
        let target = self.resolve(p)?;
        self.dir_exists(&target)?;
        self.cwd = target;
        Ok(self.pwd())
    }

    /// Lists a directory (or describes a file), as JSON text:
    /// `{"entries":[{"name","size","type"}...],"path"}` with keys in the sorted order the
    /// other results use. Written directly rather than through `Value`s: a listing is the
    /// biggest result here, and building it as maps measured 3x slower in the sandbox.
    pub fn ls(&self, p: &str) -> Result<String, String> {
        let target = self.resolve(p)?;
        let mut out = String::with_capacity(64);
        out.push_str("{\"entries\":[");
        let mut entry = |name: &str, node: &Node| {
            if !out.ends_with('[') {
                out.push(',');
            }
            out.push_str("{\"name\":");
            push_json_str(&mut out, name);
            match node {
                Node::Dir => out.push_str(",\"type\":\"dir\"}"),
                Node::File(c) => {
                    // Writing to a String cannot fail.
                    let _ = write!(out, ",\"size\":{},\"type\":\"file\"}}", c.len());
                }
            }
        };
        match self.nodes.get(&target) {
            None => return Err(no_such(&target)),
            Some(f @ Node::File(_)) => entry(path::name(&target), f),
            Some(Node::Dir) => {
                for (n, node) in self.children(&target) {
                    entry(n, node);
                }
            }
        }
        out.push_str("],\"path\":");
        push_json_str(&mut out, &target);
        out.push('}');
        Ok(out)
    }

    /// Creates a directory (with `parents`, also missing parents, and an existing directory
    /// is not an error).
    pub fn mkdir(&mut self, p: &str, parents: bool) -> Result<Value, String> {
        let target = self.resolve(p)?;
        match self.nodes.get(&target) {
            Some(Node::Dir) if parents => return Ok(json!({ "created": [], "path": target })),
            Some(Node::Dir) => return Err(format!("directory already exists: '{target}'")),
            Some(Node::File(_)) => return Err(format!("a file already exists at '{target}'")),
            None => {}
        }
        // Missing directories from the top down.
        let mut missing = vec![target.clone()];
        let mut up = parent(&target);
        while let Some(dir) = up {
            match self.nodes.get(dir) {
                Some(Node::Dir) => break,
                Some(Node::File(_)) => return Err(format!("not a directory: '{dir}'")),
                None if parents => missing.push(dir.to_string()),
                None => {
                    return Err(format!(
                        "parent directory does not exist: '{dir}' (pass parents: true to create it)"
                    ));
                }
            }
            up = parent(dir);
        }
        self.room_for_nodes(missing.len())?;
        missing.reverse();
        for dir in &missing {
            self.nodes.insert(dir.clone(), Node::Dir);
        }
        Ok(json!({ "created": missing, "path": target }))
    }

    /// Writes (or with `append`, appends to) a text file, creating it if needed.
    pub fn write_file(&mut self, p: &str, content: &str, append: bool) -> Result<Value, String> {
        let target = self.resolve(p)?;
        let old = match self.nodes.get(&target) {
            Some(Node::Dir) => return Err(format!("is a directory: '{target}'")),
            Some(Node::File(c)) => Some(c.as_str()),
            None => None,
        };
        if old.is_none() {
            self.parent_dir_exists(&target)?;
            self.room_for_nodes(1)?;
        }
        let new_content = match (old, append) {
            (Some(o), true) => format!("{o}{content}"),
            _ => content.to_string(),
        };
        if new_content.len() > MAX_FILE_BYTES {
            return Err(format!(
                "file would be too large: {} bytes (at most {MAX_FILE_BYTES})",
                new_content.len()
            ));
        }
        let old_len = old.map_or(0, str::len);
        let total = self.total_bytes - old_len + new_content.len();
        if total > MAX_TOTAL_BYTES {
            return Err(format!(
                "not enough space: the file system holds at most {MAX_TOTAL_BYTES} bytes"
            ));
        }
        let created = old.is_none();
        let size = new_content.len();
        self.nodes.insert(target.clone(), Node::File(new_content));
        self.total_bytes = total;
        Ok(json!({ "path": target, "size": size, "created": created }))
    }

    /// Reads a text file.
    pub fn read_file(&self, p: &str) -> Result<Value, String> {
        let target = self.resolve(p)?;
        match self.nodes.get(&target) {
            Some(Node::File(c)) => Ok(json!({ "path": target, "content": c })),
            Some(Node::Dir) => Err(format!("is a directory: '{target}' (use fs_ls to list it)")),
            None => Err(no_such(&target)),
        }
    }

    /// Removes a file, an empty directory, or with `recursive` a directory and its content.
    pub fn rm(&mut self, p: &str, recursive: bool) -> Result<Value, String> {
        let target = self.resolve(p)?;
        if target == "/" {
            return Err("refusing to remove the root directory '/'".into());
        }
        let doomed: Vec<String> = match self.nodes.get(&target) {
            None => return Err(no_such(&target)),
            Some(Node::File(_)) => vec![target.clone()],
            Some(Node::Dir) => {
                let inner: Vec<String> =
                    self.descendants(&target).map(|(k, _)| k.clone()).collect();
                if !inner.is_empty() && !recursive {
                    return Err(format!(
                        "directory not empty: '{target}' (pass recursive: true to remove it and its {} entries)",
                        inner.len()
                    ));
                }
                std::iter::once(target.clone()).chain(inner).collect()
            }
        };
        for k in &doomed {
            if let Some(Node::File(c)) = self.nodes.remove(k) {
                self.total_bytes -= c.len();
            }
        }
        // A working directory that no longer exists falls back to its nearest ancestor.
        while !self.nodes.contains_key(&self.cwd) {
            self.cwd = parent(&self.cwd).unwrap_or("/").to_string();
        }
        Ok(json!({ "removed": target, "count": doomed.len() }))
    }

    /// Moves or renames a file or directory. Into an existing directory it keeps its name;
    /// over an existing file it replaces the file (files only).
    pub fn mv(&mut self, source: &str, destination: &str) -> Result<Value, String> {
        let src = self.resolve(source)?;
        let src_is_dir = match self.nodes.get(&src) {
            None => return Err(no_such(&src)),
            Some(n) => *n == Node::Dir,
        };
        if src == "/" {
            return Err("refusing to move the root directory '/'".into());
        }
        let mut dst = self.resolve(destination)?;
        if self.nodes.get(&dst) == Some(&Node::Dir) {
            dst = join(&dst, path::name(&src));
        }
        if dst == src {
            return Err(format!("source and destination are the same: '{src}'"));
        }
        if src_is_dir && dst.starts_with(&inside_prefix(&src)) {
            return Err(format!(
                "cannot move directory '{src}' into itself ('{dst}')"
            ));
        }
        match self.nodes.get(&dst) {
            Some(Node::Dir) => return Err(format!("a directory already exists at '{dst}'")),
            Some(Node::File(_)) if src_is_dir => {
                return Err(format!(
                    "cannot replace file '{dst}' with directory '{src}'"
                ));
            }
            _ => {}
        }
        self.parent_dir_exists(&dst)?;
        // Move the node and everything under it, replacing a destination file if any.
        if let Some(Node::File(old)) = self.nodes.remove(&dst) {
            self.total_bytes -= old.len();
        }
        let mut moved: Vec<String> = vec![src.clone()];
        if src_is_dir {
            moved.extend(self.descendants(&src).map(|(k, _)| k.clone()));
        }
        for old in moved {
            if let Some(node) = self.nodes.remove(&old) {
                let new = format!("{dst}{}", &old[src.len()..]);
                self.nodes.insert(new, node);
            }
        }
        if self.cwd == src || self.cwd.starts_with(&inside_prefix(&src)) {
            self.cwd = format!("{dst}{}", &self.cwd[src.len()..]);
        }
        Ok(json!({ "moved": src, "to": dst }))
    }

    /// Finds paths under `p` (itself included) whose name matches the glob `pattern`,
    /// optionally only files or only directories.
    pub fn find(&self, p: &str, pattern: &str, kind: Option<&str>) -> Result<Value, String> {
        if pattern.chars().count() > path::MAX_NAME_CHARS {
            return Err(format!(
                "name pattern is too long (over {} characters)",
                path::MAX_NAME_CHARS
            ));
        }
        let root = self.resolve(p)?;
        let root_node = self.nodes.get(&root).ok_or_else(|| no_such(&root))?;
        let wanted = |n: &Node| match kind {
            Some("file") => matches!(n, Node::File(_)),
            Some("dir") => *n == Node::Dir,
            _ => true,
        };
        if let Some(k) = kind.filter(|k| !matches!(*k, "file" | "dir")) {
            return Err(format!(
                "unknown type '{}'; use 'file' or 'dir'",
                tz_tool_common::clip(k)
            ));
        }
        let mut found: Vec<&str> = Vec::new();
        let candidates = std::iter::once((&root, root_node)).chain(self.descendants(&root));
        for (k, n) in candidates {
            if wanted(n) && path::glob_match(pattern, path::name(k)) {
                found.push(k);
            }
        }
        let count = found.len();
        found.truncate(MAX_FIND_RESULTS);
        let mut out = json!({ "count": count, "paths": found });
        if count > MAX_FIND_RESULTS {
            out["note"] = json!(format!(
                "only the first {MAX_FIND_RESULTS} paths are listed"
            ));
        }
        Ok(out)
    }
}
