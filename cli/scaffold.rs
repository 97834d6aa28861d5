//! `tz tools new`: scaffolds a tool project (Rust, Python or JavaScript; stateless or
//! stateful) against the current WIT, with a native test, that `scripts/build-tool.sh` builds.
//!
//! The templates are the files under `cli/scaffold/`, compiled into the binary; `{{name}}`
//! and a few other placeholders are filled in. The project carries a copy of `wit/tool.wit`,
//! so it builds wherever it lives. It is written to a temporary sibling directory and renamed
//! into place: an existing path is never touched and a failed write leaves nothing behind.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow};
use clap::ValueEnum;

use crate::Failure;

/// The WIT every scaffold carries.
const WIT: &str = include_str!("../wit/tool.wit");

/// A tool project's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// Rust, with wit-bindgen (built for wasm32-wasip2 with cargo).
    Rust,
    /// Python, with componentize-py.
    Python,
    /// JavaScript, with componentize-js.
    Js,
}

impl Lang {
    fn as_str(self) -> &'static str {
        match self {
            Lang::Rust => "rust",
            Lang::Python => "python",
            Lang::Js => "js",
        }
    }
}

/// (path in the project, template text) for `lang`.
fn templates(lang: Lang, stateful: bool) -> Vec<(&'static str, &'static str)> {
    let readme = ("README.md", include_str!("scaffold/README.md"));
    let mut files = match (lang, stateful) {
        (Lang::Rust, false) => vec![
            ("Cargo.toml", include_str!("scaffold/rust/Cargo.toml")),
            ("src/lib.rs", include_str!("scaffold/rust/lib.rs")),
            (
                "src/component.rs",
                include_str!("scaffold/rust/component.rs"),
            ),
        ],
        (Lang::Rust, true) => vec![
            ("Cargo.toml", include_str!("scaffold/rust/Cargo.toml")),
            ("src/lib.rs", include_str!("scaffold/rust/lib_stateful.rs")),
            (
                "src/component.rs",
                include_str!("scaffold/rust/component_stateful.rs"),
            ),
        ],
        (Lang::Python, false) => vec![
            ("app.py", include_str!("scaffold/python/app.py")),
            ("logic.py", include_str!("scaffold/python/logic.py")),
            (
                "test_logic.py",
                include_str!("scaffold/python/test_logic.py"),
            ),
        ],
        (Lang::Python, true) => vec![
            ("app.py", include_str!("scaffold/python/app_stateful.py")),
            ("stateful.py", include_str!("scaffold/python/stateful.py")),
            (
                "logic.py",
                include_str!("scaffold/python/logic_stateful.py"),
            ),
            (
                "test_logic.py",
                include_str!("scaffold/python/test_logic_stateful.py"),
            ),
        ],
        (Lang::Js, false) => vec![
            ("package.json", include_str!("scaffold/js/package.json")),
            ("tool.js", include_str!("scaffold/js/tool.js")),
            ("tool.test.mjs", include_str!("scaffold/js/tool.test.mjs")),
        ],
        (Lang::Js, true) => vec![
            ("package.json", include_str!("scaffold/js/package.json")),
            ("tool.js", include_str!("scaffold/js/tool_stateful.js")),
            (
                "tool.test.mjs",
                include_str!("scaffold/js/tool_stateful.test.mjs"),
            ),
        ],
    };
    files.push(readme);
    files.push(("wit/tool.wit", WIT));
    files
}

/// The WIT package version (`0.2.0` of `package tz:tool@0.2.0;`).
fn wit_version() -> &'static str {
    WIT.lines()
        .find_map(|l| l.strip_prefix("package tz:tool@"))
        .and_then(|v| v.strip_suffix(';'))
        .unwrap_or("?")
}

/// A tool name is a lowercase identifier: it names the crate or package, the component file
/// and the prefix of the example functions.
fn check_name(name: &str) -> Result<(), Failure> {
    let mut chars = name.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.len() <= 64;
    if ok {
        Ok(())
    } else {
        Err(Failure::Usage(anyhow!(
            "invalid tool name '{name}': use a lowercase letter, then lowercase letters, digits or '_' (at most 64), e.g. 'weather'"
        )))
    }
}

/// Creates the project `parent/name`; returns its path.
pub fn create(parent: &Path, name: &str, lang: Lang, stateful: bool) -> Result<PathBuf, Failure> {
    check_name(name)?;
    let dir = parent.join(name);
    if dir.exists() {
        return Err(Failure::Usage(anyhow!(
            "{} already exists: choose another name or directory",
            dir.display()
        )));
    }
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let tmp = parent.join(format!(".{name}.tz-new.tmp"));
    let _ = std::fs::remove_dir_all(&tmp);
    let written = write_all(&tmp, &dir, name, lang, stateful)
        .and_then(|()| std::fs::rename(&tmp, &dir).context("cannot move the project into place"));
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(Failure::Run(e));
    }
    Ok(dir)
}

fn write_all(tmp: &Path, dir: &Path, name: &str, lang: Lang, stateful: bool) -> anyhow::Result<()> {
    let test_command = match lang {
        Lang::Rust => format!("cargo test --manifest-path {}/Cargo.toml", dir.display()),
        Lang::Python => format!("(cd {} && python3 -m unittest)", dir.display()),
        Lang::Js => format!("(cd {} && node --test)", dir.display()),
    };
    let world = if stateful { "session-tool" } else { "tool" };
    let stateful_flag = if stateful { " --stateful" } else { "" };
    for (path, template) in templates(lang, stateful) {
        let text = if path.starts_with("wit/") {
            template.to_string()
        } else {
            template
                .replace("{{name}}", name)
                .replace("{{lang}}", lang.as_str())
                .replace("{{world}}", world)
                .replace("{{stateful_flag}}", stateful_flag)
                .replace("{{wit_version}}", wit_version())
                .replace("{{dir}}", &dir.display().to_string())
                .replace("{{test_command}}", &test_command)
        };
        let file = tmp.join(path);
        if let Some(p) = file.parent() {
            std::fs::create_dir_all(p).with_context(|| format!("cannot create {}", p.display()))?;
        }
        std::fs::write(&file, text).with_context(|| format!("cannot write {}", file.display()))?;
    }
    Ok(())
}

/// What to do next, printed after the project is created.
pub fn next_steps(dir: &Path, lang: Lang, stateful: bool) -> String {
    let d = dir.display();
    let abs = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let test = match lang {
        Lang::Rust => format!("cargo test --manifest-path {d}/Cargo.toml"),
        Lang::Python => format!("(cd {d} && python3 -m unittest)"),
        Lang::Js => format!("(cd {d} && node --test)"),
    };
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| ".".to_string(), |p| p.display().to_string());
    format!(
        "created {d} ({} {} tool, tz:tool@{})\n  test:  {test}\n  build: scripts/build-tool.sh {}   (from the Tool Zero checkout; writes {d}.wasm)\n  list:  tz tools list {parent}",
        lang.as_str(),
        if stateful { "stateful" } else { "stateless" },
        wit_version(),
        abs.display(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_must_be_lowercase_identifiers() {
        for ok in ["weather", "w2", "my_tool"] {
            assert!(check_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", "Weather", "2w", "my-tool", "a b", "../x"] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_template_placeholder_is_filled() {
        let root = tempfile::tempdir().expect("temp dir");
        for lang in [Lang::Rust, Lang::Python, Lang::Js] {
            for stateful in [false, true] {
                let name = format!("t_{}_{stateful}", lang.as_str());
                let Ok(dir) = create(root.path(), &name, lang, stateful) else {
                    panic!("cannot scaffold {name}");
                };
                for (path, _) in templates(lang, stateful) {
                    let text = std::fs::read_to_string(dir.join(path)).expect("read");
                    assert!(!text.contains("{{"), "{name}/{path} has a placeholder left");
                }
            }
        }
    }

    #[test]
    fn an_existing_directory_is_refused_and_left_alone() {
        let root = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(root.path().join("taken")).expect("mkdir");
        std::fs::write(root.path().join("taken/keep.txt"), "mine").expect("write");
        assert!(matches!(
            create(root.path(), "taken", Lang::Python, false),
            Err(Failure::Usage(_))
        ));
        assert_eq!(
            std::fs::read_to_string(root.path().join("taken/keep.txt")).expect("read"),
            "mine"
        );
    }
}
