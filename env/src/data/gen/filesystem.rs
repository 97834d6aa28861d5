//! Requests for the stateful `filesystem` tool: one-call requests on the seeded starting tree
//! (the multi-turn scripts are in `fs_script`), and the path, name and content helpers both
//! share.
//!
//! A session starts in `/home/user` holding `documents/{budget.csv,report.md}`, `notes.txt`
//! and `projects/hello/{README.md,main.py}` (`tools-wasm/filesystem/src/lib.rs`,
//! `initial_tree`); only `budget.csv`, `notes.txt` and `/etc/hostname` vary with the seed. The
//! requests rely only on that layout, on the fixed contents, and on the paths a request or
//! script itself creates: new names ([`new_dir`], [`new_file`]) never clash with the starting
//! tree. A path is accepted relative to the home directory, with `./`, with `~/` or absolute.
//! File contents are notes built from `pools`, always quoted in the request.

use serde_json::Value;

use super::catalog::{Tool, expect, s};
use super::phrasing::{fill, template};
use super::pools;
use super::rng::Rng;
use super::{Request, Split};
use crate::checker::ExpectedCall;

pub(crate) const HOME: &str = "/home/user";
pub(crate) const REPORT: &str =
    "# Quarterly report\n\nSales grew in every region.\nSee budget.csv for the numbers.\n";
pub(crate) const README: &str = "# hello\n\nPrints a greeting.\n";
pub(crate) const MAIN_PY: &str = "print(\"hello, world\")\n";

/// The starting tree's files, relative to the home directory, with their fixed contents.
pub(crate) const FILES: [(&str, Option<&str>); 5] = [
    ("documents/report.md", Some(REPORT)),
    ("projects/hello/main.py", Some(MAIN_PY)),
    ("projects/hello/README.md", Some(README)),
    ("notes.txt", None),
    ("documents/budget.csv", None),
];

const TOPICS: [&str; 32] = [
    "reports",
    "archive",
    "drafts",
    "photos",
    "recipes",
    "backup",
    "invoices",
    "travel",
    "music",
    "scratch",
    "ideas",
    "receipts",
    "taxes",
    "school",
    "garden",
    "work",
    "letters",
    "fitness",
    "books",
    "contracts",
    "designs",
    "meetings",
    "clients",
    "research",
    "videos",
    "games",
    "wedding",
    "podcast",
    "camping",
    "courses",
    "exports",
    "samples",
];
const ADJECTIVES: [&str; 8] = [
    "old", "new", "shared", "personal", "team", "family", "spare", "misc",
];
const BASES: [&str; 28] = [
    "summary",
    "todo",
    "ideas",
    "log",
    "plan",
    "shopping",
    "draft",
    "memo",
    "agenda",
    "journal",
    "packing_list",
    "reading_list",
    "recipe",
    "contacts",
    "goals",
    "minutes",
    "checklist",
    "schedule",
    "questions",
    "gift_ideas",
    "trip_plan",
    "chores",
    "reminders",
    "budget_notes",
    "feedback",
    "meeting",
    "changelog",
    "wishlist",
];

/// A directory name the starting tree does not have: `taxes`, `taxes-2024`, `old-photos`,
/// `taxes-march`.
pub(crate) fn new_dir(rng: &mut Rng) -> String {
    let topic = *rng.pick(&TOPICS);
    match rng.below(5) {
        0 => topic.to_string(),
        1 => format!("{topic}-{}", rng.range(2015, 2027)),
        2 => format!("{topic}_{}", rng.range(2015, 2027)),
        3 => format!("{}-{topic}", rng.pick(&ADJECTIVES)),
        _ => format!("{topic}-{}", pools::MONTHS_LOWER[rng.below(12)]),
    }
}

/// A file name the starting tree does not have: `todo.md`, `trip_plan_2025.txt`.
pub(crate) fn new_file(rng: &mut Rng) -> String {
    let base = *rng.pick(&BASES);
    let ext = if rng.chance(0.6) { "txt" } else { "md" };
    match rng.below(6) {
        0..=2 => format!("{base}.{ext}"),
        3 => format!("{base}_{}.{ext}", rng.range(2015, 2027)),
        4 => format!("{base}_v{}.{ext}", rng.range(2, 9)),
        _ => format!(
            "{base}_{}.{ext}",
            pools::WEEKDAYS[rng.below(7)].to_lowercase()
        ),
    }
}

/// How a request writes the starting path `rel`: mostly as is, sometimes from `~` or `/`.
pub(crate) fn spell(rng: &mut Rng, rel: &str) -> String {
    match rng.below(5) {
        0 => format!("~/{rel}"),
        1 => format!("{HOME}/{rel}"),
        _ => rel.to_string(),
    }
}

/// Every way to write `rel` (relative to the home directory, the starting directory).
pub(crate) fn paths(rel: &str) -> Vec<Value> {
    vec![
        s(rel),
        s(&format!("./{rel}")),
        s(&format!("~/{rel}")),
        s(&format!("{HOME}/{rel}")),
    ]
}

/// Every way to write `rel` after changing into `dir` (a directory below home): relative to
/// it, or from home.
pub(crate) fn paths_in(dir: &str, rel: &str) -> Vec<Value> {
    vec![
        s(rel),
        s(&format!("./{rel}")),
        s(&format!("~/{dir}/{rel}")),
        s(&format!("{HOME}/{dir}/{rel}")),
    ]
}

/// Every way to name the home directory, including leaving the path out.
pub(crate) fn home() -> Vec<Value> {
    vec![s(""), s("."), s("~"), s(HOME), s("./"), s("~/")]
}

/// Content as written, or with the trailing newline a model may add (or leave off).
pub(crate) fn content(text: &str) -> Vec<Value> {
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

pub(crate) fn mkdir(d: &str) -> ExpectedCall {
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

pub(crate) fn write(path: Vec<Value>, text: &str) -> ExpectedCall {
    expect(
        "fs_write_file",
        vec![("path", path), ("content", content(text))],
    )
}

pub(crate) fn read(path: Vec<Value>) -> ExpectedCall {
    expect("fs_read_file", vec![("path", path)])
}

pub(crate) const MKDIR: [&str; 12] = [
    "Create a new folder called {d} in my home directory.",
    "Make a directory named {d}.",
    "I need a new folder, {d}, in my home folder.",
    "Set up a folder {d} under my home directory.",
    "Could you make a {d} directory for me?",
    "Please create the directory {d}.",
    "I'm organizing my files. Create a folder named {d}.",
    "Add a new directory called {d} to my home folder.",
    "Please set up a directory called {d}.",
    "mkdir {d}, please.",
    "Create an empty folder with the name {d}.",
    "Start a new folder {d} in home.",
];
pub(crate) const WRITE_HOME: [&str; 12] = [
    "Write a file called {f} in my home directory with the text \"{c}\"",
    "Create {f} containing exactly: \"{c}\"",
    "Save a note to {f} saying \"{c}\"",
    "Make a new file {f} with this content: \"{c}\"",
    "Put \"{c}\" into a new file named {f}.",
    "I want to remember this: \"{c}\" Save it as {f} in my home folder.",
    "Create a text file {f} that says \"{c}\"",
    "Jot down \"{c}\" in a file called {f}.",
    "Please write \"{c}\" to {f}.",
    "Store the text \"{c}\" in {f} in my home directory.",
    "New file {f}, content: \"{c}\"",
    "Could you save \"{c}\" in a file named {f}?",
];

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
    match rng.below(12) {
        0 => {
            const T: [&str; 8] = [
                "Which directory am I in right now?",
                "Print the current working directory.",
                "What's my current folder?",
                "Show me the path of the directory I'm working in.",
                "Where am I in the file system?",
                "pwd, please.",
                "Tell me the current directory.",
                "What's the working directory at the moment?",
            ];
            one(
                template(rng, &T, split).into(),
                expect("fs_pwd", vec![]),
                Some(HOME),
            )
        }
        1 => {
            const T: [&str; 12] = [
                "What's in my {d} folder?",
                "List the contents of {d}.",
                "Show me the files in {d}.",
                "I forgot what I keep in {d}. Can you list it?",
                "What does the {d} directory contain?",
                "Run ls on {d}.",
                "Give me a listing of {d}.",
                "Which files and folders are inside {d}?",
                "Which entries does the {d} directory have?",
                "Could you show me what's under {d}?",
                "List everything in {d}, please.",
                "What can I find in {d}?",
            ];
            const DIRS: [(&str, &str); 3] = [
                ("documents", "budget.csv, report.md"),
                ("projects", "hello"),
                ("projects/hello", "README.md, main.py"),
            ];
            let (d, listing) = *rng.pick(&DIRS);
            let written = spell(rng, d);
            let text = fill(template(rng, &T, split), &[("d", &written)]);
            one(
                text,
                expect("fs_ls", vec![("path", paths(d))]),
                Some(listing),
            )
        }
        2 => {
            const T: [&str; 12] = [
                "Show me the contents of {f}.",
                "Read {f} for me.",
                "What does {f} say?",
                "Can you print the file {f}?",
                "I need to see what's in {f}.",
                "Display {f}.",
                "cat {f}, please.",
                "Let me see the text of {f}.",
                "Open {f} and tell me what's inside.",
                "What's written in {f}?",
                "Read out the file {f}.",
                "Please show {f}.",
            ];
            let (f, text_of) = *rng.pick(&FILES);
            let written = spell(rng, f);
            let text = fill(template(rng, &T, split), &[("f", &written)]);
            one(text, read(paths(f)), text_of)
        }
        3 => find(rng, split),
        4 | 5 => {
            let d = new_dir(rng);
            let text = fill(template(rng, &MKDIR, split), &[("d", &d)]);
            one(text, mkdir(&d), None)
        }
        6 | 7 => {
            let (f, c) = (new_file(rng), pools::note(rng));
            let text = fill(template(rng, &WRITE_HOME, split), &[("f", &f), ("c", &c)]);
            one(text, write(paths(&f), &c), None)
        }
        8 => {
            const T: [&str; 8] = [
                "Append the line \"- {c}\" to notes.txt.",
                "Add \"- {c}\" as a new line at the end of my notes.txt.",
                "Put \"- {c}\" at the bottom of notes.txt.",
                "My to-do list is notes.txt. Append \"- {c}\" to it.",
                "Could you add the line \"- {c}\" to notes.txt without touching the rest?",
                "Tack \"- {c}\" onto the end of notes.txt.",
                "Append \"- {c}\" to the file notes.txt, please.",
                "Add one more item to notes.txt: \"- {c}\"",
            ];
            let c = *rng.pick(&pools::CHORES);
            let text = fill(template(rng, &T, split), &[("c", c)]);
            let call = expect(
                "fs_write_file",
                vec![
                    ("path", paths("notes.txt")),
                    ("content", content(&format!("- {c}\n"))),
                    ("append", vec![Value::Bool(true)]),
                ],
            );
            one(text, call, None)
        }
        9 => {
            const T: [&str; 8] = [
                "Go to my {d} folder.",
                "Change into the {d} directory.",
                "cd {d}",
                "Switch the working directory to {d}.",
                "Take me to {d}.",
                "Please move into the {d} folder.",
                "Make {d} the current directory.",
                "Navigate to {d}.",
            ];
            let d = *rng.pick(&["documents", "projects", "projects/hello"]);
            let written = spell(rng, d);
            let text = fill(template(rng, &T, split), &[("d", &written)]);
            let call = expect("fs_cd", vec![("path", paths(d))]);
            one(text, call, Some(&format!("{HOME}/{d}")))
        }
        10 => remove(rng, split),
        _ => relocate(rng, split),
    }
}

/// `fs_find` by extension, under home or one of its folders.
fn find(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 12] = [
        "Find all {e} files in {w}.",
        "Search {w} for {e} files.",
        "Which {e} files do I have in {w}?",
        "List every {e} file in {w}, including subfolders.",
        "I'm looking for my {e} files in {w}. Where are they?",
        "Show me all {e} files anywhere in {w}.",
        "Are there any {e} files in {w}? List them.",
        "Look through {w} and find the {e} files.",
        "Locate every {e} file in {w}.",
        "Get me the paths of all {e} files in {w}.",
        "Find the {e} files stored in {w}.",
        "What {e} files are there in {w}?",
    ];
    const KINDS: [(&str, &str); 4] = [
        ("*.md", "Markdown (.md)"),
        ("*.py", "Python (.py)"),
        ("*.csv", "CSV (.csv)"),
        ("*.txt", ".txt"),
    ];
    const WHERE: [(&str, &str); 3] = [
        ("", "my home directory"),
        ("documents", "my documents folder"),
        ("projects", "the projects folder"),
    ];
    let (glob, label) = *rng.pick(&KINDS);
    let (dir, words) = *rng.pick(&WHERE);
    let text = fill(template(rng, &T, split), &[("e", label), ("w", words)]);
    let ext = &glob[1..];
    let found: Vec<String> = FILES
        .iter()
        .filter(|(f, _)| f.ends_with(ext) && f.starts_with(dir))
        .map(|(f, _)| format!("{HOME}/{f}"))
        .collect();
    let mut found = found;
    found.sort();
    let path = if dir.is_empty() { home() } else { paths(dir) };
    let call = expect(
        "fs_find",
        vec![
            ("path", path),
            ("name", vec![s(glob)]),
            ("type", vec![s(""), s("file")]),
        ],
    );
    Request::one(text, Tool::Filesystem, call, vec![], Some(found.join(", ")))
}

/// `fs_rm` of a starting file, or of a starting folder with everything in it.
fn remove(rng: &mut Rng, split: Split) -> Request {
    const FILE: [&str; 8] = [
        "Delete {p}.",
        "Remove the file {p}.",
        "I don't need {p} anymore. Please delete it.",
        "Get rid of {p}.",
        "Please remove {p} from my files.",
        "Trash the file {p}.",
        "rm {p}",
        "Can you delete the file {p} for me?",
    ];
    const DIR: [&str; 8] = [
        "Delete the {p} folder and everything in it.",
        "Remove the directory {p} with all its contents.",
        "I'm done with {p}. Delete the whole folder.",
        "Wipe out the {p} directory, including its files.",
        "Please remove {p} recursively.",
        "Get rid of the folder {p} and what's inside.",
        "rm -r {p}",
        "Clear away the whole {p} directory tree.",
    ];
    let (p, recursive, ts) = if rng.chance(0.6) {
        let (f, _) = *rng.pick(&FILES);
        let r = vec![s(""), Value::Bool(false), Value::Bool(true)];
        (f, r, &FILE)
    } else {
        let d = *rng.pick(&["documents", "projects", "projects/hello"]);
        (d, vec![Value::Bool(true)], &DIR)
    };
    let written = spell(rng, p);
    let text = fill(template(rng, ts, split), &[("p", &written)]);
    let call = expect("fs_rm", vec![("path", paths(p)), ("recursive", recursive)]);
    Request::one(text, Tool::Filesystem, call, vec![], None)
}

/// `fs_mv` of a starting file into another starting folder.
fn relocate(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 8] = [
        "Move {f} into the {d} folder.",
        "Put {f} in {d}.",
        "Please move the file {f} to {d}.",
        "{f} belongs in {d}. Move it there.",
        "Relocate {f} to the {d} directory.",
        "Could you file {f} away in {d}?",
        "mv {f} {d}/",
        "Shift {f} over to {d}.",
    ];
    let (f, _) = *rng.pick(&FILES);
    let name = f.rsplit('/').next().unwrap_or(f);
    let dirs: Vec<&str> = ["documents", "projects", "projects/hello"]
        .into_iter()
        .filter(|d| f.rsplit_once('/').map(|(p, _)| p) != Some(*d))
        .collect();
    let d = *rng.pick(&dirs);
    let written = spell(rng, f);
    let text = fill(template(rng, &T, split), &[("f", &written), ("d", d)]);
    let mut dest = paths(d);
    dest.extend(paths(&format!("{d}/{name}")));
    let call = expect("fs_mv", vec![("source", paths(f)), ("destination", dest)]);
    Request::one(text, Tool::Filesystem, call, vec![], None)
}
