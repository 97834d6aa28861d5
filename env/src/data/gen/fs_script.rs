//! Multi-turn scripts on one `filesystem` session: 2-3 user turns, one call each, every turn
//! consistent with the state the previous turns leave. The scenarios: a folder, a file in it,
//! read back; write, rename, read; a folder that `notes.txt` moves into; exploring a starting
//! folder; copying a starting file's text; a folder to `cd` into and write in; write then
//! append; build then delete a folder; a new Markdown file found by `fs_find`; a renamed
//! folder. Names and contents are drawn fresh each time (see `filesystem`).

use serde_json::Value;

use super::Split;
use super::catalog::{expect, s};
use super::filesystem::{
    HOME, MAIN_PY, MKDIR, README, REPORT, WRITE_HOME, content, home, mkdir, new_dir, new_file,
    paths, paths_in, read, spell, write,
};
use super::phrasing::{fill, template};
use super::pools;
use super::rng::Rng;
use crate::checker::ExpectedCall;

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

fn step(text: String, call: ExpectedCall, answer: Option<&str>) -> Step {
    Step {
        text,
        calls: vec![vec![call]],
        answer: answer.map(String::from),
    }
}

/// The values a script's templates may name: `{d}` folder, `{f}` file, `{c}` content,
/// `{g}` a second name, `{c2}` a second content.
struct Names {
    d: String,
    f: String,
    c: String,
    g: String,
    c2: String,
}

impl Names {
    fn fill(&self, rng: &mut Rng, templates: &[&str], split: Split) -> String {
        let t = template(rng, templates, split);
        fill(
            t,
            &[
                ("d", &self.d),
                ("f", &self.f),
                ("c2", &self.c2),
                ("c", &self.c),
                ("g", &self.g),
            ],
        )
    }
}

const WRITE_IN: [&str; 8] = [
    "Now create a file {f} inside it containing: \"{c}\"",
    "Inside {d}, write a file named {f} with the text \"{c}\"",
    "Save \"{c}\" into a new file {f} in that folder.",
    "In the new folder, make {f} and write \"{c}\" in it.",
    "Add a file {f} to {d} that reads \"{c}\"",
    "Next, put \"{c}\" in {d}/{f}.",
    "Put a file called {f} in {d} that says: \"{c}\"",
    "Then write \"{c}\" to {f} inside {d}.",
];
const READ_BACK: [&str; 12] = [
    "Read {f} back to me.",
    "Show me what {f} contains now.",
    "Now open {f} so I can check it.",
    "Let me double-check: what's in {f}?",
    "Print the contents of {f}.",
    "Read {f} to confirm it was saved.",
    "Can I see {f} now?",
    "Display {f} so I can proofread it.",
    "Read that file back to me.",
    "What does {f} say? Read it.",
    "Open {f} and tell me its contents.",
    "Check {f} for me: what's in it?",
];

/// A script on one session: 2-3 steps.
pub(crate) fn script(rng: &mut Rng, split: Split) -> Vec<Step> {
    let n = Names {
        d: new_dir(rng),
        f: new_file(rng),
        c: pools::note(rng),
        g: String::new(),
        c2: pools::note(rng),
    };
    let in_d = format!("{}/{}", n.d, n.f);
    match rng.below(12) {
        0 | 1 => {
            let mut steps = vec![
                step(n.fill(rng, &MKDIR, split), mkdir(&n.d), None),
                step(
                    n.fill(rng, &WRITE_IN, split),
                    write(paths(&in_d), &n.c),
                    None,
                ),
            ];
            if rng.chance(0.7) {
                let text = n.fill(rng, &READ_BACK, split);
                steps.push(step(text, read(paths(&in_d)), Some(&n.c)));
            }
            steps
        }
        2 => rename(rng, split, n),
        3 => move_notes(rng, split, &n),
        4 => explore(rng, split),
        5 => copy(rng, split, &n),
        6 | 7 => cd_and_write(rng, split, &n),
        8 => append(rng, split, &n),
        9 => build_and_delete(rng, split, &n),
        10 => find_new(rng, split, n),
        _ => rename_folder(rng, split, &n),
    }
}

fn rename(rng: &mut Rng, split: Split, mut n: Names) -> Vec<Step> {
    const RENAME: [&str; 8] = [
        "Rename it to {g}.",
        "Actually, call that file {g} instead.",
        "Change its name to {g}, please.",
        "I'd prefer the name {g}. Rename {f}.",
        "Give {f} the new name {g}.",
        "Let's call it {g} from now on.",
        "Please move {f} to {g}.",
        "Change the file's name to {g}.",
    ];
    const READ: [&str; 8] = [
        "What's in {g}?",
        "Read {g} back to me.",
        "Now show me {g}.",
        "Check {g}: what does it say?",
        "Open the renamed file, {g}.",
        "Let me see {g}.",
        "Show me the contents of {g}.",
        "Print {g}, please.",
    ];
    let (base, ext) = n.f.rsplit_once('.').unwrap_or((&n.f, "txt"));
    n.g = match rng.below(3) {
        0 => format!("old_{}", n.f),
        1 => format!("{base}_final.{ext}"),
        _ => format!("{base}_backup.{ext}"),
    };
    let mv = expect(
        "fs_mv",
        vec![("source", paths(&n.f)), ("destination", paths(&n.g))],
    );
    vec![
        step(
            n.fill(rng, &WRITE_HOME, split),
            write(paths(&n.f), &n.c),
            None,
        ),
        step(n.fill(rng, &RENAME, split), mv, None),
        step(n.fill(rng, &READ, split), read(paths(&n.g)), Some(&n.c)),
    ]
}

fn move_notes(rng: &mut Rng, split: Split, n: &Names) -> Vec<Step> {
    const MOVE: [&str; 8] = [
        "Move my notes.txt into {d}.",
        "Put notes.txt inside the {d} folder.",
        "Now move notes.txt over to {d}.",
        "Transfer notes.txt into the new {d} folder.",
        "notes.txt should live in {d}. Move it.",
        "Drag notes.txt into {d}, so to speak.",
        "Please file notes.txt away in {d}.",
        "Relocate notes.txt to {d}.",
    ];
    const LIST: [&str; 8] = [
        "List what's in {d} now.",
        "Show me the contents of {d}.",
        "Check that it's there: list {d}.",
        "What does {d} contain now?",
        "Run ls on {d}.",
        "Which files are in {d} at the moment?",
        "What files are in {d}?",
        "Check {d} and tell me what it holds.",
    ];
    let mut dest = paths(&n.d);
    dest.extend(paths(&format!("{}/notes.txt", n.d)));
    let mv = expect(
        "fs_mv",
        vec![("source", paths("notes.txt")), ("destination", dest)],
    );
    let ls = expect("fs_ls", vec![("path", paths(&n.d))]);
    vec![
        step(n.fill(rng, &MKDIR, split), mkdir(&n.d), None),
        step(n.fill(rng, &MOVE, split), mv, None),
        step(n.fill(rng, &LIST, split), ls, Some("notes.txt")),
    ]
}

/// `cd` into a starting folder, list it, read a file there.
fn explore(rng: &mut Rng, split: Split) -> Vec<Step> {
    const CD: [&str; 8] = [
        "Go into the {d} directory.",
        "Change the working directory to {d}.",
        "I want to work in {d}. Switch there.",
        "Move into {d} for me.",
        "Navigate into the {d} folder.",
        "Take me to {d}.",
        "cd into {d}, please.",
        "Switch to my {d} folder.",
    ];
    const LS: [&str; 12] = [
        "What files are in here?",
        "List the current directory.",
        "What's in this folder?",
        "Show me the files here.",
        "List everything in the current folder.",
        "And what does it contain?",
        "Now that I'm here, what's in it?",
        "Give me a listing of where I am now.",
        "Show me what this folder contains.",
        "Which files does this directory hold?",
        "ls here, please.",
        "What do we have in the current directory?",
    ];
    const READ: [&str; 8] = [
        "Now show me {f}.",
        "Read {f} for me.",
        "Open {f}.",
        "Print {f} from this folder.",
        "What does {f} say?",
        "Let me see {f}.",
        "What's in {f}?",
        "Open {f} and show me the text.",
    ];
    let (d, listing, f, text) = *rng.pick(&[
        ("projects/hello", "README.md, main.py", "main.py", MAIN_PY),
        ("projects/hello", "README.md, main.py", "README.md", README),
        ("documents", "budget.csv, report.md", "report.md", REPORT),
    ]);
    let n = Names {
        d: spell(rng, d),
        f: f.into(),
        c: String::new(),
        g: String::new(),
        c2: String::new(),
    };
    let mut cwd = vec![s(""), s("."), s("./")];
    cwd.extend([s(&format!("{HOME}/{d}")), s(&format!("~/{d}"))]);
    let cd = expect("fs_cd", vec![("path", paths(d))]);
    let ls = expect("fs_ls", vec![("path", cwd)]);
    let mut steps = vec![
        step(n.fill(rng, &CD, split), cd, None),
        step(n.fill(rng, &LS, split), ls, Some(listing)),
    ];
    if rng.chance(0.7) {
        let text_step = n.fill(rng, &READ, split);
        steps.push(step(text_step, read(paths_in(d, f)), Some(text)));
    }
    steps
}

/// Read a fixed starting file, then save its text under a new name.
fn copy(rng: &mut Rng, split: Split, n: &Names) -> Vec<Step> {
    const READ: [&str; 8] = [
        "Show me the contents of {g}.",
        "What does {g} say?",
        "Read {g} for me.",
        "I need the text of {g}. Open it.",
        "Print {g}.",
        "Let me see what's in {g}.",
        "Open the file {g}.",
        "What's written in {g}?",
    ];
    const COPY: [&str; 8] = [
        "Save an exact copy of that text to {f}.",
        "Write the same content into a new file {f} in my home directory.",
        "Duplicate that text into {f}, word for word.",
        "Make a copy of it called {f} in my home folder.",
        "Store that exact text in {f} as well.",
        "Put the same text into {f}, unchanged.",
        "Copy that text, unchanged, into {f}.",
        "Duplicate it: put exactly that content in {f}.",
    ];
    let (g, text) = *rng.pick(&[
        ("projects/hello/README.md", README),
        ("documents/report.md", REPORT),
        ("projects/hello/main.py", MAIN_PY),
    ]);
    let names = Names {
        g: spell(rng, g),
        f: n.f.clone(),
        d: String::new(),
        c: String::new(),
        c2: String::new(),
    };
    vec![
        step(names.fill(rng, &READ, split), read(paths(g)), Some(text)),
        step(
            names.fill(rng, &COPY, split),
            write(paths(&n.f), text),
            None,
        ),
    ]
}

/// Make a folder, `cd` into it, write a file there by its relative name.
fn cd_and_write(rng: &mut Rng, split: Split, n: &Names) -> Vec<Step> {
    const CD: [&str; 8] = [
        "Now go into {d}.",
        "Change into that new folder, {d}.",
        "Switch the working directory to {d}.",
        "cd into {d}.",
        "Let's work inside {d} from now on.",
        "Move into the {d} directory.",
        "Make {d} the current directory.",
        "Step into {d}, please.",
    ];
    const WRITE: [&str; 8] = [
        "Create {f} here with the text \"{c}\"",
        "In this folder, write \"{c}\" to a file called {f}.",
        "Save \"{c}\" as {f} in the current directory.",
        "Make a file {f} right here that says \"{c}\"",
        "Write a new file {f} here containing \"{c}\"",
        "Put \"{c}\" into {f} in this directory.",
        "Here, create {f} with the content \"{c}\"",
        "Add a file named {f} in the current folder: \"{c}\"",
    ];
    vec![
        step(n.fill(rng, &MKDIR, split), mkdir(&n.d), None),
        step(
            n.fill(rng, &CD, split),
            expect("fs_cd", vec![("path", paths(&n.d))]),
            None,
        ),
        step(
            n.fill(rng, &WRITE, split),
            write(paths_in(&n.d, &n.f), &n.c),
            None,
        ),
    ]
}

/// Write a file, append a second line, read both back.
fn append(rng: &mut Rng, split: Split, n: &Names) -> Vec<Step> {
    const APPEND: [&str; 8] = [
        "Append the line \"{c2}\" to {f}.",
        "Add \"{c2}\" as a second line of {f}.",
        "Now add \"{c2}\" at the end of {f}, keeping what's there.",
        "I forgot something. Append \"{c2}\" to {f}.",
        "Tack \"{c2}\" onto the end of {f}.",
        "Also add the line \"{c2}\" to {f}.",
        "Put \"{c2}\" at the bottom of {f} without overwriting it.",
        "Add another line to {f}: \"{c2}\"",
    ];
    let first = format!("{}\n", n.c);
    let second = format!("{}\n", n.c2);
    let add = expect(
        "fs_write_file",
        vec![
            ("path", paths(&n.f)),
            ("content", content(&second)),
            ("append", vec![Value::Bool(true)]),
        ],
    );
    vec![
        step(
            n.fill(rng, &WRITE_HOME, split),
            write(paths(&n.f), &first),
            None,
        ),
        step(n.fill(rng, &APPEND, split), add, None),
        step(
            n.fill(rng, &READ_BACK, split),
            read(paths(&n.f)),
            Some(&format!("{first}{second}")),
        ),
    ]
}

/// Make a folder with a file in it, then delete the folder.
fn build_and_delete(rng: &mut Rng, split: Split, n: &Names) -> Vec<Step> {
    const DELETE: [&str; 8] = [
        "Actually, delete the {d} folder with everything in it.",
        "Never mind. Remove {d} and its contents.",
        "I changed my mind: get rid of the whole {d} directory.",
        "Delete {d}, including {f}.",
        "Please remove the folder {d} recursively.",
        "Clean up: delete {d} and all it holds.",
        "Scrap the {d} folder entirely.",
        "Remove the {d} directory and the file inside it.",
    ];
    let in_d = format!("{}/{}", n.d, n.f);
    let rm = expect(
        "fs_rm",
        vec![
            ("path", paths(&n.d)),
            ("recursive", vec![Value::Bool(true)]),
        ],
    );
    vec![
        step(n.fill(rng, &MKDIR, split), mkdir(&n.d), None),
        step(
            n.fill(rng, &WRITE_IN, split),
            write(paths(&in_d), &n.c),
            None,
        ),
        step(n.fill(rng, &DELETE, split), rm, None),
    ]
}

/// Write a Markdown or text file into a new folder, then find every file of its kind.
fn find_new(rng: &mut Rng, split: Split, mut n: Names) -> Vec<Step> {
    const FIND: [&str; 12] = [
        "Now find all {e} files in my home directory.",
        "Search my home folder for every {e} file.",
        "Which {e} files do I have now, anywhere under home?",
        "List all the {e} files in my home directory, {f} included.",
        "Find every file ending in {e} below my home folder.",
        "Where are all my {e} files? Search home.",
        "Besides {f}, which {e} files do I have? Search my home directory.",
        "Search home for {e} files; {f} should be among them.",
        "Locate the {e} files under my home directory.",
        "Show me every {e} file in home and its subfolders.",
        "Find all {e} files under home, including the one in {d}.",
        "Which files in my home directory end with {e}?",
    ];
    let (ext, existing): (&str, &[&str]) = if rng.chance(0.5) {
        (".md", &["documents/report.md", "projects/hello/README.md"])
    } else {
        (".txt", &["notes.txt"])
    };
    let base = n.f.rsplit_once('.').map_or(n.f.as_str(), |(b, _)| b);
    n.f = format!("{base}{ext}");
    let in_d = format!("{}/{}", n.d, n.f);
    let mut found: Vec<String> = existing.iter().map(|p| format!("{HOME}/{p}")).collect();
    found.push(format!("{HOME}/{in_d}"));
    found.sort();
    let find_text = fill(
        template(rng, &FIND, split),
        &[("e", ext), ("f", &n.f), ("d", &n.d)],
    );
    let call = expect(
        "fs_find",
        vec![
            ("path", home()),
            ("name", vec![s(&format!("*{ext}"))]),
            ("type", vec![s(""), s("file")]),
        ],
    );
    vec![
        step(n.fill(rng, &MKDIR, split), mkdir(&n.d), None),
        step(
            n.fill(rng, &WRITE_IN, split),
            write(paths(&in_d), &n.c),
            None,
        ),
        step(find_text, call, Some(&found.join(", "))),
    ]
}

/// Make a folder with a file, then rename the folder.
fn rename_folder(rng: &mut Rng, split: Split, n: &Names) -> Vec<Step> {
    const RENAME: [&str; 8] = [
        "Rename the folder {d} to {g}.",
        "Actually, call the {d} directory {g} instead.",
        "Change the folder's name from {d} to {g}.",
        "Please rename {d} as {g}.",
        "I'd rather the folder were called {g}. Rename it.",
        "Move {d} to {g} (a rename).",
        "Let's rename {d} to {g}.",
        "Give the folder {d} the new name {g}.",
    ];
    let mut g = new_dir(rng);
    while g == n.d {
        g = new_dir(rng);
    }
    let names = Names {
        g,
        d: n.d.clone(),
        f: n.f.clone(),
        c: n.c.clone(),
        c2: String::new(),
    };
    let in_d = format!("{}/{}", n.d, n.f);
    let mv = expect(
        "fs_mv",
        vec![("source", paths(&n.d)), ("destination", paths(&names.g))],
    );
    vec![
        step(names.fill(rng, &MKDIR, split), mkdir(&n.d), None),
        step(
            names.fill(rng, &WRITE_IN, split),
            write(paths(&in_d), &n.c),
            None,
        ),
        step(names.fill(rng, &RENAME, split), mv, None),
    ]
}
