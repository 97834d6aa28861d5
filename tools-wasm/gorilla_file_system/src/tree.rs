//! The object graph of BFCL's `File` and `Directory` objects, kept as Python keeps it.
//!
//! Python's file system is a graph of objects, not a tree of values: `cp` of a directory gives
//! the copy a shallow copy of the source's `contents` dict (the children are the same `File`
//! and `Directory` objects, so writing a file through one path changes it under the other),
//! and `mv` of a directory hands the very same `contents` dict to the new directory (whose
//! children keep their old `parent`). To behave identically, this module keeps three arenas
//! with Python's identities: files, directories and `contents` dicts ([`Map`]s), each referred
//! to by index. Nothing is ever freed; an episode makes few objects.
//!
//! Such sharing can even make a directory contain itself (`cp("d", "d")`), which Python
//! follows until `RecursionError`; the walks here notice a `contents` dict met twice on one
//! path and stop ([`Tree::encode`] writes `"{...}"` there, as Python's `repr` does).

use tz_tool_common::py::PyVal;

/// A `File` object's index.
pub type FileId = usize;
/// A `Directory` object's index.
pub type DirId = usize;
/// A `contents` dict's index.
pub type MapId = usize;

/// What a `contents` dict holds under a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    /// A `File`.
    File(FileId),
    /// A `Directory`.
    Dir(DirId),
}

/// A `File`: `name`, `content` (the modification time Python keeps is not state).
#[derive(Debug, Clone)]
pub struct FileObj {
    /// `File.name`.
    pub name: String,
    /// `File.content`.
    pub content: String,
}

/// A `Directory`: `name`, `parent`, and which `contents` dict it holds.
#[derive(Debug, Clone)]
pub struct DirObj {
    /// `Directory.name`.
    pub name: String,
    /// `Directory.parent` (`None` only for the root).
    pub parent: Option<DirId>,
    /// `Directory.contents`.
    pub contents: MapId,
}

/// A walk met a `contents` dict inside itself (where Python recurses until
/// `RecursionError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cycle;

/// A `contents` dict: names to nodes, in insertion order.
pub type Map = Vec<(String, Node)>;

/// The arenas (see the module docs).
#[derive(Debug, Clone, Default)]
pub struct Tree {
    files: Vec<FileObj>,
    dirs: Vec<DirObj>,
    maps: Vec<Map>,
}

impl Tree {
    /// `File(name, content)`.
    pub fn new_file(&mut self, name: &str, content: &str) -> FileId {
        self.files.push(FileObj {
            name: name.to_string(),
            content: content.to_string(),
        });
        self.files.len() - 1
    }

    /// `Directory(name, parent)`, with a new empty `contents` dict.
    pub fn new_dir(&mut self, name: &str, parent: Option<DirId>) -> DirId {
        self.maps.push(Vec::new());
        self.dirs.push(DirObj {
            name: name.to_string(),
            parent,
            contents: self.maps.len() - 1,
        });
        self.dirs.len() - 1
    }

    /// A file object.
    pub fn file(&self, id: FileId) -> &FileObj {
        &self.files[id]
    }

    /// A file object, to write.
    pub fn file_mut(&mut self, id: FileId) -> &mut FileObj {
        &mut self.files[id]
    }

    /// A directory object.
    pub fn dir(&self, id: DirId) -> &DirObj {
        &self.dirs[id]
    }

    /// `directory.contents`.
    pub fn contents(&self, dir: DirId) -> &Map {
        &self.maps[self.dirs[dir].contents]
    }

    /// `directory.contents = other.contents` (the same dict object).
    pub fn share_contents(&mut self, dir: DirId, from: DirId) {
        self.dirs[dir].contents = self.dirs[from].contents;
    }

    /// `directory.contents = other.contents.copy()` (a new dict, the same children).
    pub fn copy_contents(&mut self, dir: DirId, from: DirId) {
        let copy = self.contents(from).clone();
        self.maps.push(copy);
        self.dirs[dir].contents = self.maps.len() - 1;
    }

    /// `name in directory.contents`.
    pub fn contains(&self, dir: DirId, name: &str) -> bool {
        self.get(dir, name).is_some()
    }

    /// `directory.contents.get(name)`.
    pub fn get(&self, dir: DirId, name: &str) -> Option<Node> {
        self.contents(dir)
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, node)| *node)
    }

    /// `Directory._get_item(name)`: `"."` is the directory itself, whatever it contains.
    pub fn get_item(&self, dir: DirId, name: &str) -> Option<Node> {
        if name == "." {
            Some(Node::Dir(dir))
        } else {
            self.get(dir, name)
        }
    }

    /// `directory.contents[name] = node` (a present name keeps its place).
    pub fn insert(&mut self, dir: DirId, name: &str, node: Node) {
        let map = &mut self.maps[self.dirs[dir].contents];
        match map.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = node,
            None => map.push((name.to_string(), node)),
        }
    }

    /// `directory.contents.pop(name)`.
    pub fn pop(&mut self, dir: DirId, name: &str) -> Option<Node> {
        let map = &mut self.maps[self.dirs[dir].contents];
        let at = map.iter().position(|(k, _)| k == name)?;
        Some(map.remove(at).1)
    }

    /// `Directory._add_file(name, content)`; `Err` is the `ValueError` Python raises when
    /// the name is taken.
    pub fn add_file(&mut self, dir: DirId, name: &str, content: &str) -> Result<FileId, String> {
        if self.contains(dir, name) {
            return Err(format!(
                "File '{name}' already exists in directory '{}'.",
                self.dirs[dir].name
            ));
        }
        let file = self.new_file(name, content);
        self.insert(dir, name, Node::File(file));
        Ok(file)
    }

    /// `Directory._add_directory(name)`; `Err` is the `ValueError` Python raises when the
    /// name is taken.
    pub fn add_directory(&mut self, dir: DirId, name: &str) -> Result<DirId, String> {
        if self.contains(dir, name) {
            return Err(format!(
                "Directory '{name}' already exists in directory '{}'.",
                self.dirs[dir].name
            ));
        }
        let child = self.new_dir(name, Some(dir));
        self.insert(dir, name, Node::Dir(child));
        Ok(child)
    }

    /// Calls `visit(path, name, node)` for every item under `dir`, depth first in dict order
    /// (`find`'s walk); `Err(Cycle)` where a `contents` dict contains itself (Python recurses
    /// until `RecursionError`).
    pub fn walk(
        &self,
        dir: DirId,
        base: &str,
        visit: &mut dyn FnMut(&str, &str),
    ) -> Result<(), Cycle> {
        self.walk_inner(dir, base, visit, &mut Vec::new())
    }

    fn walk_inner(
        &self,
        dir: DirId,
        base: &str,
        visit: &mut dyn FnMut(&str, &str),
        path: &mut Vec<MapId>,
    ) -> Result<(), Cycle> {
        let map = self.dirs[dir].contents;
        if path.contains(&map) {
            return Err(Cycle);
        }
        path.push(map);
        for (name, node) in &self.maps[map] {
            let item_path = format!("{base}/{name}");
            visit(&item_path, name);
            if let Node::Dir(child) = node {
                self.walk_inner(*child, &item_path, visit, path)?;
            }
        }
        path.pop();
        Ok(())
    }

    /// The UTF-8 size of every file under `dir` (`du`'s `get_size`); `Err(Cycle)` on a
    /// directory containing itself.
    pub fn size(&self, dir: DirId) -> Result<u64, Cycle> {
        self.size_inner(dir, &mut Vec::new())
    }

    fn size_inner(&self, dir: DirId, path: &mut Vec<MapId>) -> Result<u64, Cycle> {
        let map = self.dirs[dir].contents;
        if path.contains(&map) {
            return Err(Cycle);
        }
        path.push(map);
        let mut total = 0u64;
        for (_, node) in &self.maps[map] {
            total = total.saturating_add(match node {
                Node::File(f) => self.files[*f].content.len() as u64,
                Node::Dir(d) => self.size_inner(*d, path)?,
            });
        }
        path.pop();
        Ok(total)
    }

    /// A directory as the trace recorder encodes it: `{"name", "contents": {name: item}}`, a
    /// file as `{"name", "content"}` (what `Directory.__eq__` and `File.__eq__` compare). A
    /// `contents` dict met again inside itself is written `"{...}"`.
    pub fn encode(&self, dir: DirId) -> PyVal {
        self.encode_inner(dir, &mut Vec::new())
    }

    fn encode_inner(&self, dir: DirId, path: &mut Vec<MapId>) -> PyVal {
        let d = &self.dirs[dir];
        if path.contains(&d.contents) {
            return PyVal::dict([
                ("name", PyVal::str(&d.name)),
                ("contents", PyVal::str("{...}")),
            ]);
        }
        path.push(d.contents);
        let items = self.maps[d.contents]
            .iter()
            .map(|(name, node)| {
                let value = match node {
                    Node::File(f) => PyVal::dict([
                        ("name", PyVal::str(&self.files[*f].name)),
                        ("content", PyVal::str(&self.files[*f].content)),
                    ]),
                    Node::Dir(child) => self.encode_inner(*child, path),
                };
                (PyVal::str(name), value)
            })
            .collect();
        path.pop();
        PyVal::dict([
            ("name", PyVal::str(&d.name)),
            ("contents", PyVal::Dict(items)),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copied_directory_shares_its_children_but_not_its_dict() {
        let mut t = Tree::default();
        let root = t.new_dir("/", None);
        let a = t.add_directory(root, "a").expect("new");
        let f = t.add_file(a, "f", "x").expect("new");
        let b = t.add_directory(root, "b").expect("new");
        t.copy_contents(b, a);
        t.file_mut(f).content = "y".into();
        assert_eq!(t.get(b, "f"), Some(Node::File(f)));
        t.add_file(b, "g", "").expect("new");
        assert!(!t.contains(a, "g"));
    }

    #[test]
    fn a_directory_containing_itself_is_cut_where_it_repeats() {
        let mut t = Tree::default();
        let root = t.new_dir("/", None);
        let d = t.add_directory(root, "d").expect("new");
        let inner = t.add_directory(d, "d").expect("new");
        t.copy_contents(inner, d);
        assert_eq!(t.size(root), Err(Cycle));
        assert_eq!(t.walk(root, "", &mut |_, _| {}), Err(Cycle));
        let text = t.encode(root).to_json().to_string();
        assert!(text.contains("\"{...}\""), "{text}");
    }
}
