//! `GorillaFileSystem` scripts: a drawn file tree, and turns that build on each other
//! (make a folder, move a file into "the folder you just created", count its words there;
//! write a new note, read it, copy it, change the copy and diff the two; grep, tail, sort or
//! rename a file; find a file and back it up next to it; list a folder, delete a file, remove
//! an empty folder; diff two files, count both, move one into a new folder).
//!
//! The class changes directory one level at a time (`cd` takes a name, `..` or `/`) and every
//! other function works on names in the current directory, so the world tracks the working
//! directory and a turn's reference calls start with the `cd`s it needs. The tree has the
//! shape BFCL's scenarios have: a root folder with 1-2 files and 2-3 folders of 1-3 files
//! (the first of at least two), sometimes an empty folder; all names distinct.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::Split;
use super::bfcl_script::{Class, Script, Step, call, say};
use super::filesystem::{new_dir, new_file};
use super::pools;
use super::rng::Rng;
use crate::spec::ToolCall;

/// A folder of the world: files (name, content) and sub-folders.
#[derive(Debug, Clone)]
struct Dir {
    name: String,
    files: Vec<(String, String)>,
    dirs: Vec<Dir>,
}

impl Dir {
    fn new(name: String) -> Self {
        Self {
            name,
            files: Vec::new(),
            dirs: Vec::new(),
        }
    }

    fn json(&self) -> Value {
        let mut contents = Map::new();
        for (name, content) in &self.files {
            contents.insert(name.clone(), json!({"type": "file", "content": content}));
        }
        for dir in &self.dirs {
            contents.insert(dir.name.clone(), dir.json());
        }
        json!({"type": "directory", "contents": contents})
    }
}

/// A `GorillaFileSystem` world: the tree, the working directory (names below the root) and
/// every name in use.
#[derive(Debug, Clone)]
pub(crate) struct Files {
    root: Dir,
    cwd: Vec<String>,
    names: BTreeSet<String>,
}

/// Lines of a file: 2-4 notes.
fn lines(rng: &mut Rng) -> String {
    let n = 2 + rng.below(3);
    (0..n)
        .map(|_| pools::note(rng))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Files {
    /// A tree drawn from the seed (see the module docs).
    pub(crate) fn draw(rng: &mut Rng) -> Self {
        let person = rng.pick(&pools::PEOPLE).to_lowercase();
        let root = match rng.below(5) {
            0 => "workspace".to_string(),
            1 => format!("{person}_files"),
            2 => format!("{person}_home"),
            3 => "documents".to_string(),
            _ => person,
        };
        let mut fs = Self {
            root: Dir::new(root.clone()),
            cwd: Vec::new(),
            names: BTreeSet::from([root]),
        };
        for _ in 0..1 + rng.below(2) {
            let name = fs.fresh_file(rng);
            let text = lines(rng);
            fs.root.files.push((name, text));
        }
        for i in 0..2 + rng.below(2) {
            let mut dir = Dir::new(fs.fresh_dir(rng));
            let files = if i == 0 {
                2 + rng.below(2)
            } else {
                1 + rng.below(3)
            };
            for _ in 0..files {
                let name = fs.fresh_file(rng);
                dir.files.push((name, lines(rng)));
            }
            fs.root.dirs.push(dir);
        }
        if rng.chance(0.4) {
            let empty = Dir::new(fs.fresh_dir(rng));
            fs.root.dirs.push(empty);
        }
        fs
    }

    /// The scenario `_load_scenario` takes: `{"root": {name: directory}}`.
    pub(crate) fn scenario(&self) -> Value {
        json!({"root": {self.root.name.clone(): self.root.json()}})
    }

    /// A file name no item of the tree has.
    pub(crate) fn fresh_file(&mut self, rng: &mut Rng) -> String {
        let mut name = new_file(rng);
        while self.names.contains(&name) {
            name = format!("{}_{}", rng.range(2, 99), new_file(rng));
        }
        self.names.insert(name.clone());
        name
    }

    /// A folder name no item of the tree has.
    pub(crate) fn fresh_dir(&mut self, rng: &mut Rng) -> String {
        let mut name = new_dir(rng);
        while self.names.contains(&name) {
            name = format!("{}-{}", new_dir(rng), rng.range(2, 99));
        }
        self.names.insert(name.clone());
        name
    }

    /// The working directory.
    fn here(&mut self) -> &mut Dir {
        let mut dir = &mut self.root;
        for name in &self.cwd {
            match dir.dirs.iter().position(|d| d.name == *name) {
                Some(i) => dir = &mut dir.dirs[i],
                None => break,
            }
        }
        dir
    }

    /// The content of `file` in the working directory ("" when absent).
    pub(crate) fn content(&mut self, file: &str) -> String {
        let here = self.here();
        here.files
            .iter()
            .find(|(n, _)| n == file)
            .map(|(_, c)| c.clone())
            .unwrap_or_default()
    }

    /// `cd` calls from the working directory to `path` (folder names below the root).
    pub(crate) fn go(&mut self, path: &[String]) -> Vec<ToolCall> {
        let common = self
            .cwd
            .iter()
            .zip(path)
            .take_while(|(a, b)| a == b)
            .count();
        let mut calls = Vec::new();
        for _ in common..self.cwd.len() {
            calls.push(call("cd", json!({"folder": ".."})));
        }
        for name in &path[common..] {
            calls.push(call("cd", json!({"folder": name})));
        }
        self.cwd = path.to_vec();
        calls
    }

    /// A path (root or a first-level folder) whose folder holds at least `min` files, and
    /// one of those files.
    pub(crate) fn pick_file(
        &mut self,
        rng: &mut Rng,
        min: usize,
        top: bool,
    ) -> (Vec<String>, String) {
        let mut options: Vec<Vec<String>> = Vec::new();
        if top && self.root.files.len() >= min {
            options.push(Vec::new());
        }
        for d in self.root.dirs.iter().filter(|d| d.files.len() >= min) {
            options.push(vec![d.name.clone()]);
        }
        let path = rng.pick(&options).clone();
        let saved = std::mem::replace(&mut self.cwd, path.clone());
        let files: Vec<String> = self.here().files.iter().map(|(n, _)| n.clone()).collect();
        self.cwd = saved;
        let file = rng.pick(&files).clone();
        (path, file)
    }

    /// The name of the root folder.
    pub(crate) fn root_name(&self) -> &str {
        &self.root.name
    }

    /// An empty first-level folder, if the tree has one.
    fn empty_dir(&self) -> Option<String> {
        self.root
            .dirs
            .iter()
            .find(|d| d.files.is_empty() && d.dirs.is_empty())
            .map(|d| d.name.clone())
    }

    /// The names of the files in the working directory.
    fn files_here(&mut self) -> Vec<String> {
        self.here().files.iter().map(|(n, _)| n.clone()).collect()
    }

    pub(crate) fn mkdir(&mut self, name: &str) -> ToolCall {
        self.here().dirs.push(Dir::new(name.to_string()));
        call("mkdir", json!({"dir_name": name}))
    }

    pub(crate) fn touch(&mut self, name: &str) -> ToolCall {
        self.here().files.push((name.to_string(), String::new()));
        call("touch", json!({"file_name": name}))
    }

    pub(crate) fn echo(&mut self, content: &str, file: &str) -> ToolCall {
        if let Some(f) = self.here().files.iter_mut().find(|(n, _)| n == file) {
            f.1 = content.to_string();
        }
        call("echo", json!({"content": content, "file_name": file}))
    }

    /// `mv` of a file: into `dst` when it is a folder here, else a rename.
    pub(crate) fn mv(&mut self, src: &str, dst: &str) -> ToolCall {
        let here = self.here();
        if let Some(i) = here.files.iter().position(|(n, _)| n == src) {
            let (name, content) = here.files.remove(i);
            match here.dirs.iter_mut().find(|d| d.name == dst) {
                Some(d) => d.files.push((name, content)),
                None => here.files.push((dst.to_string(), content)),
            }
        }
        call("mv", json!({"source": src, "destination": dst}))
    }

    /// `cp` of a file: into `dst` when it is a folder here, else a copy named `dst`.
    pub(crate) fn cp(&mut self, src: &str, dst: &str) -> ToolCall {
        let here = self.here();
        if let Some((name, content)) = here.files.iter().find(|(n, _)| n == src).cloned() {
            match here.dirs.iter_mut().find(|d| d.name == dst) {
                Some(d) => d.files.push((name, content)),
                None => here.files.push((dst.to_string(), content)),
            }
        }
        call("cp", json!({"source": src, "destination": dst}))
    }

    fn rm(&mut self, name: &str) -> ToolCall {
        let here = self.here();
        here.files.retain(|(n, _)| n != name);
        here.dirs.retain(|d| d.name != name);
        call("rm", json!({"file_name": name}))
    }

    fn rmdir(&mut self, name: &str) -> ToolCall {
        self.here().dirs.retain(|d| d.name != name);
        call("rmdir", json!({"dir_name": name}))
    }
}

/// `cat` of a file here, with its content as the answer.
pub(crate) fn cat(fs: &mut Files, text: String, file: &str) -> Step {
    let content = fs.content(file);
    Step::new(text, vec![call("cat", json!({"file_name": file}))]).answer(content)
}

/// A `wc` unit as people say it and as the class spells it, with the count of `content`.
fn unit(rng: &mut Rng, content: &str) -> (&'static str, &'static str, usize) {
    match rng.below(3) {
        0 => ("lines", "l", content.lines().count()),
        1 => ("words", "w", content.split_whitespace().count()),
        _ => ("characters", "c", content.chars().count()),
    }
}

fn wc(file: &str, mode: &str) -> ToolCall {
    call("wc", json!({"file_name": file, "mode": mode}))
}

/// A script on one drawn tree.
pub(crate) fn script(rng: &mut Rng, split: Split) -> Script {
    let mut fs = Files::draw(rng);
    let scenario = fs.scenario();
    let steps = match rng.below(6) {
        0 => organize(rng, split, &mut fs),
        1 => note(rng, split, &mut fs),
        2 => inspect(rng, split, &mut fs),
        3 => find(rng, split, &mut fs),
        4 => cleanup(rng, split, &mut fs),
        _ => compare(rng, split, &mut fs),
    };
    Script {
        worlds: vec![(Class::Files, scenario)],
        steps,
    }
}

/// A folder in `dir`, a file of `dir` moved into it, a count there, perhaps a copy.
fn organize(rng: &mut Rng, split: Split, fs: &mut Files) -> Vec<Step> {
    let (path, file) = fs.pick_file(rng, 1, false);
    let dir = path.join("/");
    let new = fs.fresh_dir(rng);
    let copy = fs.fresh_file(rng);
    let mut first = fs.go(&path);
    first.push(fs.mkdir(&new));
    let v = [
        ("dir", dir.as_str()),
        ("file", &file),
        ("new", &new),
        ("copy", &copy),
    ];
    let mut steps = vec![
        Step::new(say(rng, &MKDIR_IN, split, &v), first),
        Step::new(say(rng, &MOVE_INTO, split, &v), vec![fs.mv(&file, &new)]),
    ];
    let mut inside = path.clone();
    inside.push(new.clone());
    let mut calls = fs.go(&inside);
    let content = fs.content(&file);
    let (word, mode, count) = unit(rng, &content);
    calls.push(wc(&file, mode));
    let v2 = [("file", file.as_str()), ("new", &new), ("unit", word)];
    steps.push(Step::new(say(rng, &COUNT_IN, split, &v2), calls).answer(count.to_string()));
    if rng.chance(0.5) {
        steps.push(Step::new(
            say(rng, &COPY_AS, split, &v),
            vec![fs.cp(&file, &copy)],
        ));
    }
    steps
}

/// A new note in a folder, read back, then perhaps copied, changed and diffed.
fn note(rng: &mut Rng, split: Split, fs: &mut Files) -> Vec<Step> {
    let (path, _) = fs.pick_file(rng, 1, false);
    let dir = path.join("/");
    let file = fs.fresh_file(rng);
    let copy = fs.fresh_file(rng);
    let (content, content2) = (pools::note(rng), pools::note(rng));
    let mut first = fs.go(&path);
    first.push(fs.touch(&file));
    first.push(fs.echo(&content, &file));
    let v = [
        ("dir", dir.as_str()),
        ("file", &file),
        ("copy", &copy),
        ("content", &content),
    ];
    let mut steps = vec![Step::new(say(rng, &NEW_NOTE, split, &v), first)];
    let read = say(rng, &READ_BACK, split, &v);
    steps.push(cat(fs, read, &file));
    if rng.chance(0.6) {
        steps.push(Step::new(
            say(rng, &COPY_AS, split, &v),
            vec![fs.cp(&file, &copy)],
        ));
        let v2 = [
            ("file", file.as_str()),
            ("copy", &copy),
            ("content", &content2),
        ];
        let calls = vec![
            fs.echo(&content2, &copy),
            call("diff", json!({"file_name1": file, "file_name2": copy})),
        ];
        steps.push(Step::new(say(rng, &EDIT_DIFF, split, &v2), calls));
    }
    steps
}

/// Grep a file, tail it, then sort or rename it.
fn inspect(rng: &mut Rng, split: Split, fs: &mut Files) -> Vec<Step> {
    let (path, file) = fs.pick_file(rng, 1, false);
    let dir = path.join("/");
    let mut calls = fs.go(&path);
    let content = fs.content(&file);
    let words: Vec<&str> = content
        .split_whitespace()
        .map(|w| w.trim_end_matches(['.', ',', ':']))
        .filter(|w| w.len() >= 4 && w.chars().all(char::is_alphabetic))
        .collect();
    let kw = if words.is_empty() {
        "the"
    } else {
        *rng.pick(&words)
    };
    calls.push(call("grep", json!({"file_name": file, "pattern": kw})));
    let k = 1 + rng.below(3);
    let n = if k == 1 {
        "line".to_string()
    } else {
        format!("{k} lines")
    };
    let renamed = fs.fresh_file(rng);
    let v = [
        ("dir", dir.as_str()),
        ("file", &file),
        ("kw", kw),
        ("n", &n),
        ("copy", &renamed),
    ];
    let tail = call("tail", json!({"file_name": file, "lines": k}));
    let mut steps = vec![
        Step::new(say(rng, &GREP, split, &v), calls),
        Step::new(say(rng, &TAIL, split, &v), vec![tail]),
    ];
    if rng.chance(0.5) {
        let sort = call("sort", json!({"file_name": file}));
        steps.push(Step::new(say(rng, &SORT, split, &v), vec![sort]));
    }
    if steps.len() == 2 || rng.chance(0.3) {
        steps.push(Step::new(
            say(rng, &RENAME, split, &v),
            vec![fs.mv(&file, &renamed)],
        ));
    }
    steps
}

/// Find a file, read it where it is, back it up into a new folder beside it.
fn find(rng: &mut Rng, split: Split, fs: &mut Files) -> Vec<Step> {
    let (path, file) = fs.pick_file(rng, 1, false);
    let new = fs.fresh_dir(rng);
    let v = [("file", file.as_str()), ("new", &new)];
    let search = call("find", json!({"path": ".", "name": file}));
    let mut steps = vec![Step::new(say(rng, &FIND, split, &v), vec![search])];
    let mut calls = fs.go(&path);
    let content = fs.content(&file);
    calls.push(call("cat", json!({"file_name": file})));
    steps.push(Step::new(say(rng, &GO_READ, split, &v), calls).answer(content));
    if rng.chance(0.7) {
        let calls = vec![fs.mkdir(&new), fs.cp(&file, &new)];
        steps.push(Step::new(say(rng, &BACKUP, split, &v), calls));
    }
    steps
}

/// List a folder, delete a file in it, then remove an empty folder or check disk usage.
fn cleanup(rng: &mut Rng, split: Split, fs: &mut Files) -> Vec<Step> {
    let (path, file) = fs.pick_file(rng, 1, false);
    let dir = path.join("/");
    let mut calls = fs.go(&path);
    let listing = fs.files_here().join(", ");
    calls.push(call("ls", json!({})));
    let empty = fs.empty_dir();
    let e = empty.clone().unwrap_or_default();
    let v = [("dir", dir.as_str()), ("file", &file), ("empty", &e)];
    let mut steps = vec![
        Step::new(say(rng, &LIST, split, &v), calls).answer(listing),
        Step::new(say(rng, &DELETE_FILE, split, &v), vec![fs.rm(&file)]),
    ];
    let mut calls = fs.go(&[]);
    match empty {
        Some(e) if rng.chance(0.7) => {
            calls.push(fs.rmdir(&e));
            steps.push(Step::new(say(rng, &RMDIR_EMPTY, split, &v), calls));
        }
        _ => {
            calls.push(call("du", json!({"human_readable": true})));
            steps.push(Step::new(say(rng, &DU, split, &v), calls));
        }
    }
    steps
}

/// Diff two files of a folder, count both, move one into a new folder there.
fn compare(rng: &mut Rng, split: Split, fs: &mut Files) -> Vec<Step> {
    let (path, file) = fs.pick_file(rng, 2, true);
    let mut calls = fs.go(&path);
    let others: Vec<String> = fs.files_here().into_iter().filter(|f| *f != file).collect();
    let other = rng.pick(&others).clone();
    let dir = if path.is_empty() {
        fs.root_name().to_string()
    } else {
        path.join("/")
    };
    let new = fs.fresh_dir(rng);
    calls.push(call(
        "diff",
        json!({"file_name1": file, "file_name2": other}),
    ));
    let (a, b) = (fs.content(&file), fs.content(&other));
    let (word, mode, ca) = unit(rng, &a);
    let cb = match mode {
        "l" => b.lines().count(),
        "w" => b.split_whitespace().count(),
        _ => b.chars().count(),
    };
    let v = [
        ("dir", dir.as_str()),
        ("file", &file),
        ("other", &other),
        ("unit", word),
        ("new", &new),
    ];
    let counts = vec![wc(&file, mode), wc(&other, mode)];
    let mut steps = vec![
        Step::new(say(rng, &DIFF, split, &v), calls),
        Step::new(say(rng, &COUNT_BOTH, split, &v), counts).answer(format!("{ca}; {cb}")),
    ];
    if rng.chance(0.6) {
        let calls = vec![fs.mkdir(&new), fs.mv(&other, &new)];
        steps.push(Step::new(say(rng, &MOVE_NEW, split, &v), calls));
    }
    steps
}

const MKDIR_IN: [&str; 12] = [
    "In {dir}, create a new folder named {new}.",
    "Make a directory called {new} inside {dir}.",
    "I need a {new} folder in {dir}. Can you create it?",
    "Go to {dir} and set up a new folder, {new}.",
    "Create the folder {new} within my {dir} directory.",
    "Inside {dir}, please add a subfolder called {new}.",
    "Could you make a new directory {new} under {dir}?",
    "Let's organize {dir}: start by creating a folder named {new}.",
    "Head into {dir} and make a fresh directory named {new}.",
    "Add a {new} directory to {dir}.",
    "Please create {new} as a new folder in {dir}.",
    "Over in {dir}, I'd like a new folder called {new}.",
];
const MOVE_INTO: [&str; 12] = [
    "Now move {file} into the folder you just created.",
    "Put {file} in that new folder.",
    "Move {file} into {new}.",
    "Next, file {file} away in the new {new} folder.",
    "Transfer {file} over to the folder you made.",
    "{file} belongs in {new}. Please move it there.",
    "Shift {file} into the directory you just created.",
    "Relocate {file} into {new}, please.",
    "Drop {file} into the new folder.",
    "Then move {file} inside {new}.",
    "Could you move {file} into the {new} directory?",
    "Stick {file} in the folder we just made.",
];
const COUNT_IN: [&str; 12] = [
    "Go into {new} and tell me how many {unit} {file} has.",
    "Inside the new folder, count the {unit} in {file}.",
    "How many {unit} are in {file} now? It's in {new}.",
    "Switch to {new} and give me the {unit} count of {file}.",
    "Open up the new folder and count the {unit} of {file}.",
    "Change into {new}, then count how many {unit} {file} contains.",
    "What's the number of {unit} in {file}? Look inside {new}.",
    "Step into {new} and count the {unit} in {file}.",
    "Navigate into {new} and report the {unit} in {file}.",
    "From inside {new}, count the {unit} in {file}.",
    "Count the {unit} of {file} in its new home, {new}.",
    "Enter {new} and find out how many {unit} are in {file}.",
];
const COPY_AS: [&str; 8] = [
    "Also make a copy of {file} named {copy}.",
    "Duplicate {file} as {copy} in the same folder.",
    "Keep a backup: copy {file} to {copy}.",
    "Copy {file} to a new file called {copy}.",
    "Make a second copy of {file}, called {copy}.",
    "Create {copy} as a copy of {file}.",
    "Save a duplicate of {file} under the name {copy}.",
    "Clone {file} into {copy}, right there.",
];
const NEW_NOTE: [&str; 12] = [
    "In my {dir} folder, create a file named {file} and write \"{content}\" in it.",
    "Go to {dir}, make a new file {file}, and put \"{content}\" inside.",
    "Please add {file} to {dir} with the text \"{content}\"",
    "Create {file} in {dir}. Its content should be: \"{content}\"",
    "Inside {dir}, I need a new file {file} that says \"{content}\"",
    "Write \"{content}\" into a brand-new file {file} in {dir}.",
    "Could you start a file called {file} in {dir} and fill it with \"{content}\"?",
    "Set up {file} in the {dir} directory containing \"{content}\"",
    "Make a note file {file} under {dir} reading \"{content}\"",
    "Open a new file {file} in {dir} and type \"{content}\" into it.",
    "Put a new file {file} in {dir} with this line: \"{content}\"",
    "In {dir}, touch {file} and then write \"{content}\" to it.",
];
const READ_BACK: [&str; 12] = [
    "Read {file} back to me.",
    "Show me what {file} says now.",
    "Display the contents of {file}.",
    "Let me double-check: what's in {file}?",
    "Print {file} so I can proofread it.",
    "Can you open {file} and show me the text?",
    "What does {file} contain?",
    "Read that file back, please.",
    "Cat {file} for me.",
    "Show me the file you just wrote.",
    "Check {file}: what's inside?",
    "I'd like to see {file} now.",
];
const EDIT_DIFF: [&str; 8] = [
    "Overwrite {copy} with \"{content}\", then compare {file} with {copy}.",
    "Replace the text of {copy} by \"{content}\" and diff {file} against {copy}.",
    "Change {copy} to say \"{content}\", then show me the diff of {file} and {copy}.",
    "Write \"{content}\" into {copy}, replacing what's there, then compare {file} to {copy}.",
    "Put \"{content}\" in {copy} instead, and show how {file} and {copy} differ.",
    "Update {copy} so it reads \"{content}\", then run a diff of {file} and {copy}.",
    "Make {copy} say \"{content}\" and compare {file} with it line by line.",
    "Rewrite {copy} as \"{content}\"; then diff {file} and {copy}.",
];
const GREP: [&str; 12] = [
    "In {dir}, find the lines of {file} that mention '{kw}'.",
    "Search {file} in my {dir} folder for '{kw}'.",
    "Which lines of {file} (in {dir}) contain '{kw}'?",
    "Go to {dir} and grep {file} for '{kw}'.",
    "Look through {file} in {dir} and show me every line with '{kw}'.",
    "I'm looking for '{kw}' in {file}, which is in {dir}. Show me the matching lines.",
    "Check {file} in {dir} for lines containing '{kw}'.",
    "Pull out the lines mentioning '{kw}' from {file} in {dir}.",
    "Does {file} in {dir} say anything about '{kw}'? Show me those lines.",
    "Find '{kw}' in {file} over in the {dir} folder.",
    "Grep for '{kw}' in {file}; it lives in {dir}.",
    "Show the lines in {dir}'s {file} that include '{kw}'.",
];
const TAIL: [&str; 8] = [
    "Now show me the last {n} of {file}.",
    "What are the final {n} of {file}?",
    "Give me the last {n} of that file.",
    "Tail {file}: the last {n}, please.",
    "Print only the last {n} of {file}.",
    "And the bottom {n} of {file}?",
    "Show the closing {n} of {file}.",
    "Let me see the last {n} of it.",
];
const SORT: [&str; 8] = [
    "Sort {file} line by line.",
    "Now sort the lines of {file} alphabetically.",
    "Can you sort {file} for me?",
    "Put the lines of {file} in sorted order.",
    "Sort that file's contents.",
    "Give me {file} sorted alphabetically.",
    "Alphabetize the lines of {file}.",
    "Show {file} with its lines sorted.",
];
const RENAME: [&str; 8] = [
    "Rename {file} to {copy}.",
    "Change the name of {file} to {copy}.",
    "Call that file {copy} from now on.",
    "Please rename it: {file} should become {copy}.",
    "Give {file} the new name {copy}.",
    "I'd prefer {copy} as the name. Rename {file}.",
    "Move {file} to {copy}, as a rename.",
    "Let's rename {file} as {copy}.",
];
const FIND: [&str; 12] = [
    "Where is {file}? Search everything under the current directory.",
    "I can't remember where I put {file}. Can you find it?",
    "Find {file} for me somewhere in this directory tree.",
    "Locate the file {file}.",
    "Search for {file} starting from the current folder.",
    "Which folder holds {file}? Look it up.",
    "Look for a file named {file} in here and its subfolders.",
    "Track down {file}, please.",
    "Hunt for {file} below the current directory.",
    "Where did {file} end up? Search for it.",
    "Run a search for anything called {file}.",
    "Help me find {file}; it's somewhere in these folders.",
];
const GO_READ: [&str; 8] = [
    "Go to that folder and show me {file}.",
    "Switch into the folder it's in and read it to me.",
    "Head over there and display {file}.",
    "Open {file} from its folder.",
    "Change into its directory and print {file}.",
    "Navigate there and show me what {file} says.",
    "Move into that directory and cat {file}.",
    "Go where it is and read it out.",
];
const BACKUP: [&str; 8] = [
    "Make a folder {new} right there and copy {file} into it.",
    "Create a {new} directory next to it and put a copy of {file} inside.",
    "Back it up: new folder {new} in the same place, with a copy of {file}.",
    "Add a folder called {new} in that directory and copy {file} there.",
    "Set up {new} beside {file} and copy the file into it.",
    "I want a backup. Create {new} here and copy {file} into it.",
    "Create the directory {new} in this folder, then copy {file} into {new}.",
    "Copy {file} into a new folder named {new} in the same directory.",
];
const LIST: [&str; 12] = [
    "What's in my {dir} folder?",
    "List the contents of {dir}.",
    "Show me the files in {dir}.",
    "Go into {dir} and list everything.",
    "Which files does {dir} have?",
    "Open {dir} and tell me what's there.",
    "Give me a listing of the {dir} directory.",
    "Change to {dir} and show its contents.",
    "Take a look inside {dir}: what files are there?",
    "I want to tidy up {dir}. What's in it?",
    "Switch to {dir} and run ls.",
    "Enumerate what's inside the {dir} folder.",
];
const DELETE_FILE: [&str; 8] = [
    "Delete {file}.",
    "Remove {file} from this folder.",
    "Get rid of {file}, I don't need it anymore.",
    "Please delete the file {file}.",
    "Trash {file}.",
    "{file} can go. Remove it.",
    "Erase {file} from {dir}.",
    "Throw away {file}.",
];
const RMDIR_EMPTY: [&str; 8] = [
    "Then go back up and remove the empty {empty} folder.",
    "Also, {empty} is empty; delete that directory. It's one level up.",
    "Back in the parent folder, remove the empty directory {empty}.",
    "Go up one level and get rid of the empty folder {empty}.",
    "Return to the parent directory and delete {empty}, which is empty.",
    "One more: the {empty} folder next to {dir} is empty, remove it.",
    "Move up a level and rmdir {empty}.",
    "Head back to the parent and remove the {empty} directory.",
];
const DU: [&str; 8] = [
    "Go back up and tell me the total disk usage, in a human-readable form.",
    "From the parent folder, how much space is everything using? Human-readable, please.",
    "Back up one level and show the disk usage in KB/MB format.",
    "Return to the parent directory and report the disk usage, human-readable.",
    "How much disk space does the parent directory take now? Make it human-readable.",
    "Go up one folder and check the disk usage in a readable unit.",
    "Step back to the parent and give me its size in human-readable units.",
    "Move up a level and estimate the disk usage (human-readable).",
];
const DIFF: [&str; 12] = [
    "In {dir}, compare {file} with {other}.",
    "Go to {dir} and diff {file} against {other}.",
    "How do {file} and {other} differ? They're both in {dir}.",
    "Show me the differences between {file} and {other} in my {dir} folder.",
    "Compare {file} to {other} line by line; both are in {dir}.",
    "Inside {dir}, run a diff of {file} and {other}.",
    "Check what changed between {file} and {other} in {dir}.",
    "Line by line, how does {file} differ from {other}? Look in {dir}.",
    "Diff {file} and {other} in {dir} for me.",
    "I'd like a comparison of {file} with {other}, over in {dir}.",
    "Open {dir} and compare {file} and {other}.",
    "Are {file} and {other} in {dir} different? Show the diff.",
];
const COUNT_BOTH: [&str; 8] = [
    "How many {unit} does each of them have? {file} first.",
    "Count the {unit} in {file} and in {other}.",
    "Give me the {unit} counts of {file} and {other}.",
    "Which one is longer? Count the {unit} of {file} and of {other}.",
    "Tell me the number of {unit} in {file} and {other}.",
    "Count {unit} for both {file} and {other}.",
    "What are the {unit} counts for {file} and {other}?",
    "And how many {unit} are in each, {file} and {other}?",
];
const MOVE_NEW: [&str; 8] = [
    "Make a folder {new} here and move {other} into it.",
    "Put {other} into a new folder called {new} in {dir}.",
    "Create {new} in this directory and move {other} there.",
    "Move {other} into a fresh folder named {new}.",
    "Set up a {new} folder and file {other} away in it.",
    "{other} should go into a new directory, {new}. Please do that.",
    "Create the folder {new} and shift {other} into it.",
    "Tuck {other} away in a new subfolder {new}.",
];
