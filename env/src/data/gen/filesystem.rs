//! Requests for the stateful `filesystem` tool: one-call requests on the seeded starting tree,
//! and the multi-turn scripts (2-3 user turns, one call set each).
//!
//! A session starts in `/home/user` holding `documents/{budget.csv,report.md}`, `notes.txt`
//! and `projects/hello/{README.md,main.py}` (`tools-wasm/filesystem/src/lib.rs`,
//! `initial_tree`); only `budget.csv`, `notes.txt` and `/etc/hostname` vary with the seed. The
//! requests rely only on that layout, on the fixed contents, and on the paths the script
//! itself creates (names that never clash with the starting tree). A path is accepted relative
//! to the home directory, with `./`, with `~/` or absolute.

use serde_json::Value;

use super::catalog::{Tool, expect, s};
use super::phrasing::{fill, template};
use super::rng::Rng;
use super::{Request, Split};
use crate::task::ExpectedCall;

const HOME: &str = "/home/user";
const REPORT: &str =
    "# Quarterly report\n\nSales grew in every region.\nSee budget.csv for the numbers.\n";
const README: &str = "# hello\n\nPrints a greeting.\n";
const MAIN_PY: &str = "print(\"hello, world\")\n";

const NEW_DIRS: [&str; 12] = [
    "reports", "archive", "drafts", "photos", "recipes", "backup", "invoices", "travel", "music",
    "scratch", "ideas", "receipts",
];
const NEW_FILES: [&str; 10] = [
    "summary.txt",
    "todo.md",
    "ideas.txt",
    "log.txt",
    "plan.md",
    "shopping.txt",
    "draft.md",
    "memo.txt",
    "agenda.txt",
    "journal.md",
];
const CONTENTS: [&str; 10] = [
    "Meeting moved to Thursday at 10am.",
    "Buy milk, eggs and bread.",
    "Q3 revenue looks strong.",
    "Remember to call the bank.",
    "Flight AB123 departs at 7:45.",
    "Draft the project proposal by Friday.",
    "The Wi-Fi password is on the fridge.",
    "Pick up the dry cleaning.",
    "Dinner with Sam on Saturday.",
    "Renew the car insurance in May.",
];

/// One user turn of a script.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    /// The user's words.
    pub text: String,
    /// The calls of the turn, each with its alternatives.
    pub calls: Vec<Vec<ExpectedCall>>,
    /// The answer, when known.
    pub answer: Option<String>,
}

/// Every way to write `rel` (relative to the home directory, the starting directory).
fn paths(rel: &str) -> Vec<Value> {
    vec![
        s(rel),
        s(&format!("./{rel}")),
        s(&format!("~/{rel}")),
        s(&format!("{HOME}/{rel}")),
    ]
}

/// Every way to name the home directory, including leaving the path out.
fn home() -> Vec<Value> {
    vec![s(""), s("."), s("~"), s(HOME), s("./"), s("~/")]
}

/// Content as written, or with the trailing newline a model may add.
fn content(text: &str) -> Vec<Value> {
    let trimmed = text.trim_end_matches('\n');
    vec![s(text), s(&format!("{trimmed}\n")), s(trimmed)]
        .into_iter()
        .fold(Vec::new(), |mut acc, v| {
            if !acc.contains(&v) {
                acc.push(v);
            }
            acc
        })
}

/// A one-call request on the starting tree.
pub(crate) fn request(rng: &mut Rng, split: Split) -> Request {
    let one = |text: String, call, answer: Option<&str>| {
        Request::one(
            text,
            Tool::Filesystem,
            call,
            vec![],
            answer.map(String::from),
        )
    };
    match rng.below(6) {
        0 => {
            const T: [&str; 4] = [
                "Which directory am I in right now?",
                "Print the current working directory.",
                "Where am I in the file system?",
                "What's my current folder?",
            ];
            one(
                template(rng, &T, split).into(),
                expect("fs_pwd", vec![]),
                Some(HOME),
            )
        }
        1 => {
            const T: [&str; 4] = [
                "What's in my {d} folder?",
                "List the contents of {d}.",
                "Show me the files in {d}.",
                "Which entries does the {d} directory have?",
            ];
            const DIRS: [(&str, &str); 3] = [
                ("documents", "budget.csv, report.md"),
                ("projects", "hello"),
                ("projects/hello", "README.md, main.py"),
            ];
            let (d, listing) = *rng.pick(&DIRS);
            let text = fill(template(rng, &T, split), &[("d", d)]);
            one(
                text,
                expect("fs_ls", vec![("path", paths(d))]),
                Some(listing),
            )
        }
        2 => {
            const T: [&str; 4] = [
                "Show me the contents of {f}.",
                "Read {f} for me.",
                "What does {f} say?",
                "Open {f} and tell me what's inside.",
            ];
            const FILES: [(&str, Option<&str>); 5] = [
                ("documents/report.md", Some(REPORT)),
                ("projects/hello/main.py", Some(MAIN_PY)),
                ("projects/hello/README.md", Some(README)),
                ("notes.txt", None),
                ("documents/budget.csv", None),
            ];
            let (f, text_of) = *rng.pick(&FILES);
            let text = fill(template(rng, &T, split), &[("f", f)]);
            one(
                text,
                expect("fs_read_file", vec![("path", paths(f))]),
                text_of,
            )
        }
        3 => {
            const T: [&str; 4] = [
                "Find all {e} files in my home directory.",
                "Search my home folder for {e} files.",
                "Which {e} files do I have under my home directory?",
                "Locate every {e} file below my home folder.",
            ];
            const KINDS: [(&str, &str, &str); 4] = [
                (
                    "*.md",
                    "Markdown (.md)",
                    "/home/user/documents/report.md, /home/user/projects/hello/README.md",
                ),
                ("*.py", "Python (.py)", "/home/user/projects/hello/main.py"),
                ("*.csv", "CSV (.csv)", "/home/user/documents/budget.csv"),
                ("*.txt", ".txt", "/home/user/notes.txt"),
            ];
            let (glob, label, found) = *rng.pick(&KINDS);
            let text = fill(template(rng, &T, split), &[("e", label)]);
            let call = expect(
                "fs_find",
                vec![
                    ("path", home()),
                    ("name", vec![s(glob)]),
                    ("type", vec![s(""), s("file")]),
                ],
            );
            one(text, call, Some(found))
        }
        4 => {
            let d = *rng.pick(&NEW_DIRS);
            let text = fill(template(rng, &MKDIR, split), &[("d", d)]);
            one(text, mkdir(d), None)
        }
        _ => {
            let (f, c) = (*rng.pick(&NEW_FILES), *rng.pick(&CONTENTS));
            let text = fill(template(rng, &WRITE_HOME, split), &[("f", f), ("c", c)]);
            one(text, write(f, c), None)
        }
    }
}

const MKDIR: [&str; 4] = [
    "Create a new folder called {d} in my home directory.",
    "Make a directory named {d}.",
    "I need a new folder, {d}, in my home folder.",
    "Please set up a directory called {d}.",
];
const WRITE_HOME: [&str; 4] = [
    "Write a file called {f} in my home directory with the text \"{c}\"",
    "Create {f} containing exactly: \"{c}\"",
    "Save a note to {f} saying \"{c}\"",
    "Make a new file {f} with this content: \"{c}\"",
];

fn mkdir(d: &str) -> ExpectedCall {
    expect(
        "fs_mkdir",
        vec![
            ("path", paths(d)),
            (
                "parents",
                vec![s(""), Value::Bool(false), Value::Bool(true)],
            ),
        ],
    )
}

fn write(rel: &str, text: &str) -> ExpectedCall {
    expect(
        "fs_write_file",
        vec![("path", paths(rel)), ("content", content(text))],
    )
}

fn step(text: String, call: ExpectedCall, answer: Option<&str>) -> Step {
    Step {
        text,
        calls: vec![vec![call]],
        answer: answer.map(String::from),
    }
}

/// A multi-turn script on one session: 2-3 steps, each consistent with the state the
/// previous steps leave.
pub(crate) fn script(rng: &mut Rng, split: Split) -> Vec<Step> {
    let d = *rng.pick(&NEW_DIRS);
    let f = *rng.pick(&NEW_FILES);
    let c = *rng.pick(&CONTENTS);
    let in_d = format!("{d}/{f}");
    let scenario = rng.below(6);
    let with_read = rng.chance(0.7);
    let v = [("d", d), ("f", f), ("c", c)];
    let mut t = |ts: &[&str]| fill(template(rng, ts, split), &v);
    const WRITE_IN: [&str; 4] = [
        "Now create a file {f} inside it containing: \"{c}\"",
        "Inside {d}, write a file named {f} with the text \"{c}\"",
        "Save \"{c}\" into a new file {f} in that folder.",
        "Put a file called {f} in {d} that says: \"{c}\"",
    ];
    match scenario {
        0 | 1 => {
            const READ: [&str; 4] = [
                "Read that file back to me.",
                "Show me what {f} contains now.",
                "What does the file say? Read it.",
                "Open {f} and tell me its contents.",
            ];
            let mut steps = vec![
                step(t(&MKDIR), mkdir(d), None),
                step(t(&WRITE_IN), write(&in_d, c), None),
            ];
            if with_read {
                let read = expect("fs_read_file", vec![("path", paths(&in_d))]);
                steps.push(step(t(&READ), read, Some(c)));
            }
            steps
        }
        2 => {
            const RENAME: [&str; 4] = [
                "Rename it to {g}.",
                "Actually, call that file {g} instead.",
                "Please move {f} to {g}.",
                "Change the file's name to {g}.",
            ];
            const READ: [&str; 4] = [
                "What's in {g}?",
                "Read {g} back to me.",
                "Show me the contents of {g}.",
                "Print {g}, please.",
            ];
            let g = format!("old_{f}");
            let mut t =
                |ts: &[&str]| fill(template(rng, ts, split), &[("f", f), ("g", &g), ("c", c)]);
            let mv = expect(
                "fs_mv",
                vec![("source", paths(f)), ("destination", paths(&g))],
            );
            let read = expect("fs_read_file", vec![("path", paths(&g))]);
            vec![
                step(t(&WRITE_HOME), write(f, c), None),
                step(t(&RENAME), mv, None),
                step(t(&READ), read, Some(c)),
            ]
        }
        3 => {
            const MOVE: [&str; 4] = [
                "Move my notes.txt into {d}.",
                "Put notes.txt inside the {d} folder.",
                "Please file notes.txt away in {d}.",
                "Relocate notes.txt to {d}.",
            ];
            const LIST: [&str; 4] = [
                "List what's in {d} now.",
                "Show me the contents of {d}.",
                "What files are in {d}?",
                "Check {d} and tell me what it holds.",
            ];
            let mut dest = paths(d);
            dest.extend(paths(&format!("{d}/notes.txt")));
            let mv = expect(
                "fs_mv",
                vec![("source", paths("notes.txt")), ("destination", dest)],
            );
            let ls = expect("fs_ls", vec![("path", paths(d))]);
            vec![
                step(t(&MKDIR), mkdir(d), None),
                step(t(&MOVE), mv, None),
                step(t(&LIST), ls, Some("notes.txt")),
            ]
        }
        4 => {
            const CD: [&str; 4] = [
                "Go into the projects/hello directory.",
                "Change the working directory to projects/hello.",
                "cd into projects/hello, please.",
                "Switch to my projects/hello folder.",
            ];
            const LS: [&str; 4] = [
                "What files are in here?",
                "List the current directory.",
                "Show me what this folder contains.",
                "Which files does this directory hold?",
            ];
            const READ: [&str; 4] = [
                "Now show me main.py.",
                "Read main.py for me.",
                "What's in main.py?",
                "Open main.py and show me the code.",
            ];
            let here = "/home/user/projects/hello";
            let mut cwd = vec![s(""), s("."), s("./"), s(here), s("~/projects/hello")];
            cwd.dedup();
            let cd = expect("fs_cd", vec![("path", paths("projects/hello"))]);
            let ls = expect("fs_ls", vec![("path", cwd)]);
            let main = vec![
                s("main.py"),
                s("./main.py"),
                s(&format!("{here}/main.py")),
                s("~/projects/hello/main.py"),
            ];
            let read = expect("fs_read_file", vec![("path", main)]);
            let mut steps = vec![
                step(t(&CD), cd, None),
                step(t(&LS), ls, Some("README.md, main.py")),
            ];
            if with_read {
                steps.push(step(t(&READ), read, Some(MAIN_PY)));
            }
            steps
        }
        _ => {
            const READ: [&str; 4] = [
                "Show me the contents of projects/hello/README.md.",
                "What does the README in projects/hello say?",
                "Read projects/hello/README.md for me.",
                "Open the file projects/hello/README.md.",
            ];
            const COPY: [&str; 4] = [
                "Save an exact copy of that text to {f}.",
                "Write the same content into a new file {f} in my home directory.",
                "Copy that text, unchanged, into {f}.",
                "Duplicate it: put exactly that content in {f}.",
            ];
            let read = expect(
                "fs_read_file",
                vec![("path", paths("projects/hello/README.md"))],
            );
            vec![
                step(t(&READ), read, Some(README)),
                step(t(&COPY), write(f, README), None),
            ]
        }
    }
}
