//! Tool `filesystem` (stateful, world `session-tool`): an in-memory Unix-like file system,
//! one per session (episode).
//!
//! A session starts in `/home/user` with a small tree whose file contents derive from the
//! session's seed ([`initial_tree`]), so tasks like "sum the amounts in budget.csv" have
//! seed-specific answers. Functions: `fs_pwd`, `fs_cd`, `fs_ls`, `fs_mkdir`,
//! `fs_write_file`, `fs_read_file`, `fs_rm`, `fs_mv`, `fs_find`. Sizes are capped
//! (see [`fs`]): 64 KiB per file, 1 MiB in all, 1000 entries.
#![warn(missing_docs)]

#[cfg(target_arch = "wasm32")]
mod component;
pub mod fs;
pub mod path;

use fs::FileSystem;
use serde_json::json;
use tz_tool_common::spec::spec_json;
use tz_tool_common::{Args, FunctionSpec, Param};

fn functions() -> Vec<FunctionSpec> {
    let path = |doc: &'static str| {
        Param::string("path", doc).with("maxLength", json!(path::MAX_PATH_CHARS))
    };
    vec![
        FunctionSpec::new(
            "fs_pwd",
            "Returns the current working directory: {\"cwd\"}.",
            vec![],
        ),
        FunctionSpec::new(
            "fs_cd",
            "Changes the current working directory. Returns {\"cwd\"}.",
            vec![path(
                "Directory to change to; absolute, relative, '..' or '~'",
            )],
        ),
        FunctionSpec::new(
            "fs_ls",
            "Lists a directory: {\"path\", \"entries\": [{\"name\", \"type\" (file or dir), \"size\" (bytes, files only)}]}, sorted by name.",
            vec![path("Directory to list (default: the current directory)").optional()],
        ),
        FunctionSpec::new(
            "fs_mkdir",
            "Creates a directory. With parents: true, also creates missing parent directories and accepts an existing directory. Returns {\"path\", \"created\"}.",
            vec![
                path("Directory to create"),
                Param::boolean("parents", "Create missing parents too (default false)").optional(),
            ],
        ),
        FunctionSpec::new(
            "fs_write_file",
            "Writes text to a file, creating it or replacing its content (or with append: true, adding to its end). The parent directory must exist. Files are limited to 64 KiB. Returns {\"path\", \"size\", \"created\"}.",
            vec![
                path("File to write"),
                Param::string("content", "The text to write")
                    .with("maxLength", json!(fs::MAX_FILE_BYTES)),
                Param::boolean("append", "Append instead of replacing (default false)").optional(),
            ],
        ),
        FunctionSpec::new(
            "fs_read_file",
            "Reads a text file. Returns {\"path\", \"content\"}.",
            vec![path("File to read")],
        ),
        FunctionSpec::new(
            "fs_rm",
            "Removes a file or an empty directory; with recursive: true, a directory and everything in it. Returns {\"removed\", \"count\"}.",
            vec![
                path("File or directory to remove"),
                Param::boolean(
                    "recursive",
                    "Remove a non-empty directory with its content (default false)",
                )
                .optional(),
            ],
        ),
        FunctionSpec::new(
            "fs_mv",
            "Moves or renames a file or directory. If the destination is an existing directory the source moves into it; an existing destination file is replaced. Returns {\"moved\", \"to\"}.",
            vec![
                Param::string("source", "Path to move")
                    .with("maxLength", json!(path::MAX_PATH_CHARS)),
                Param::string(
                    "destination",
                    "New path, or an existing directory to move into",
                )
                .with("maxLength", json!(path::MAX_PATH_CHARS)),
            ],
        ),
        FunctionSpec::new(
            "fs_find",
            "Finds files and directories under a directory (recursively, itself included) whose name matches a glob pattern (* any characters, ? one character). Returns {\"count\", \"paths\"} (at most 200 paths, sorted).",
            vec![
                path("Directory to search (default: the current directory)").optional(),
                Param::string(
                    "name",
                    "Glob pattern for the name, e.g. '*.txt' (default '*')",
                )
                .optional()
                .with("maxLength", json!(path::MAX_NAME_CHARS)),
                Param::one_of(
                    "type",
                    "Only files or only directories (default both)",
                    &["file", "dir"],
                )
                .optional(),
            ],
        ),
    ]
}

/// The tool's spec: a JSON array of function descriptions.
pub fn spec() -> String {
    spec_json(&functions())
}

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny deterministic generator for the seeded
/// initial content.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const MONTHS: [&str; 6] = ["January", "February", "March", "April", "May", "June"];
const TASKS: [&str; 8] = [
    "renew passport",
    "call the dentist",
    "buy groceries",
    "pay electricity bill",
    "back up laptop",
    "water the plants",
    "book train tickets",
    "reply to Alex",
];

/// The tree a session with `seed` starts with, as (path, content) pairs; `None` content is a
/// directory. Fixed layout; budget amounts, to-do items and the host name vary with the seed.
pub fn initial_tree(seed: u64) -> Vec<(String, Option<String>)> {
    let mut rng = SplitMix64(seed);
    let mut budget = String::from("month,amount\n");
    for m in MONTHS {
        budget.push_str(&format!("{m},{}\n", 100 + rng.below(900)));
    }
    let mut todo = String::from("TODO\n");
    let mut tasks: Vec<&str> = TASKS.to_vec();
    for i in 0..4 {
        let pick = i + rng.below((tasks.len() - i) as u64) as usize;
        tasks.swap(i, pick);
        todo.push_str(&format!("- {}\n", tasks[i]));
    }
    let dir = |p: &str| (p.to_string(), None);
    let file = |p: &str, c: String| (p.to_string(), Some(c));
    vec![
        dir("/etc"),
        file(
            "/etc/hostname",
            format!("host-{:04x}\n", rng.below(0x10000)),
        ),
        dir("/home"),
        dir("/home/user"),
        dir("/home/user/documents"),
        file("/home/user/documents/budget.csv", budget),
        file(
            "/home/user/documents/report.md",
            "# Quarterly report\n\nSales grew in every region.\nSee budget.csv for the numbers.\n"
                .into(),
        ),
        file("/home/user/notes.txt", todo),
        dir("/home/user/projects"),
        dir("/home/user/projects/hello"),
        file(
            "/home/user/projects/hello/README.md",
            "# hello\n\nPrints a greeting.\n".into(),
        ),
        file(
            "/home/user/projects/hello/main.py",
            "print(\"hello, world\")\n".into(),
        ),
        dir("/tmp"),
    ]
}

/// One episode's file system.
#[derive(Debug, Clone)]
pub struct Session {
    fs: FileSystem,
}

impl Session {
    /// A session whose file system holds [`initial_tree`]`(seed)`, working in `/home/user`.
    pub fn new(seed: u64) -> Self {
        Self {
            fs: FileSystem::from_entries(initial_tree(seed), path::HOME),
        }
    }

    /// `session.load`: this tool's initial tree always derives from the seed, so the only
    /// config it accepts is an empty object (or `null`).
    pub fn load(&mut self, config: &str) -> Result<(), String> {
        match serde_json::from_str::<serde_json::Value>(config) {
            Ok(serde_json::Value::Null) => Ok(()),
            Ok(serde_json::Value::Object(map)) if map.is_empty() => Ok(()),
            _ => Err(format!(
                "filesystem takes no config (its initial tree derives from the episode seed); got {}",
                tz_tool_common::clip(config)
            )),
        }
    }

    /// `session.state`: the file system as JSON text (see [`FileSystem::state`]).
    pub fn state(&self) -> String {
        tz_tool_common::json_text(&self.fs.state())
    }

    /// The file system (for tests and inspection).
    pub fn fs(&self) -> &FileSystem {
        &self.fs
    }

    /// Calls function `name` with JSON `arguments` against this session's state.
    pub fn call(&mut self, name: &str, arguments: &str) -> Result<String, String> {
        let args = Args::parse(arguments)?;
        let fs = &mut self.fs;
        let out = match name {
            "fs_pwd" => fs.pwd(),
            "fs_cd" => fs.cd(args.str("path")?)?,
            "fs_ls" => return fs.ls(args.opt_str("path")?.unwrap_or(".")),
            "fs_mkdir" => fs.mkdir(
                args.str("path")?,
                args.opt_bool("parents")?.unwrap_or(false),
            )?,
            "fs_write_file" => fs.write_file(
                args.str("path")?,
                args.str("content")?,
                args.opt_bool("append")?.unwrap_or(false),
            )?,
            "fs_read_file" => fs.read_file(args.str("path")?)?,
            "fs_rm" => fs.rm(
                args.str("path")?,
                args.opt_bool("recursive")?.unwrap_or(false),
            )?,
            "fs_mv" => fs.mv(args.str("source")?, args.str("destination")?)?,
            "fs_find" => fs.find(
                args.opt_str("path")?.unwrap_or("."),
                args.opt_str("name")?.unwrap_or("*"),
                args.opt_str("type")?,
            )?,
            _ => {
                let names: Vec<&str> = functions().iter().map(|f| f.name).collect();
                return Err(tz_tool_common::unknown_function(name, &names));
            }
        };
        Ok(tz_tool_common::json_text(&out))
    }
}

#[cfg(test)]
mod tests;
