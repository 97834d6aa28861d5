//! `tz tools new`: a scaffolded project of each language (stateless and stateful) passes its
//! own native test, builds with `scripts/build-tool.sh`, is listed by `tz tools list` and
//! answers through the real sandbox, state included. Needs the set-up's toolchains
//! (`scripts/toolchains.sh`); the Rust builds share `target/scaffold-tests`.

use std::path::{Path, PathBuf};
use std::process::Command;

use tz_env::registry::Registry;
use tz_env::sandbox::{Outcome, SandboxConfig};

use crate::common::*;

/// Runs `program args` in `dir`, asserting success.
fn run_in(dir: &Path, program: &str, args: &[&str]) {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("target/scaffold-tests"),
        )
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} in {} failed:\n{}{}",
        dir.display(),
        stdout(&out),
        stderr(&out)
    );
}

/// Scaffolds `name` in `parent`, runs its native test and builds it; returns the project.
fn scaffold_and_build(parent: &Path, name: &str, lang: &str, stateful: bool) -> PathBuf {
    let parent_s = parent.to_str().expect("utf8");
    let mut args = vec!["tools", "new", name, "--lang", lang, "--dir", parent_s];
    if stateful {
        args.push("--stateful");
    }
    let out = tz(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let project = parent.join(name);
    assert!(
        stdout(&out).contains("scripts/build-tool.sh"),
        "{}",
        stdout(&out)
    );
    match lang {
        "rust" => run_in(&project, "cargo", &["test", "--quiet"]),
        "python" => run_in(&project, "python3", &["-m", "unittest", "--quiet"]),
        _ => run_in(&project, "node", &["--test"]),
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/build-tool.sh");
    run_in(parent, script.to_str().expect("utf8"), &[name]);
    assert!(parent.join(format!("{name}.wasm")).is_file());
    project
}

/// Checks both scaffolds of `lang` through `tz tools list`, `tz tools call` and an episode.
fn check_language(lang: &str) {
    let root = tempfile::tempdir().expect("temp dir");
    let plain = format!("{lang}_plain");
    let notes = format!("{lang}_notes");
    scaffold_and_build(root.path(), &plain, lang, false);
    scaffold_and_build(root.path(), &notes, lang, true);
    let dir = root.path().to_str().expect("utf8");

    let list = tz(&["tools", "list", dir]);
    let text = stdout(&list);
    assert!(list.status.success(), "{}", stderr(&list));
    assert!(text.contains("3 functions in 2 tools"), "{text}");

    let greet = format!("{plain}_greet");
    let ok = tz(&[
        "tools",
        "call",
        dir,
        &greet,
        r#"{"name": "Ada", "excited": true}"#,
    ]);
    assert!(ok.status.success(), "{}", stdout(&ok));
    assert!(
        stdout(&ok).contains(r#"{"greeting":"Hello, Ada!"}"#),
        "{}",
        stdout(&ok)
    );
    let err = tz(&["tools", "call", dir, &greet, r#"{"name": " "}"#]);
    assert_eq!(err.status.code(), Some(1));
    assert!(
        stdout(&err).contains("outcome: tool_error"),
        "{}",
        stdout(&err)
    );
    assert!(
        stdout(&err).contains("must not be empty"),
        "{}",
        stdout(&err)
    );

    // The stateful tool: a config loads, calls change the state, episodes are separate.
    let cfg = SandboxConfig {
        cache_dir: Some(cli_cache_dir()),
        ..SandboxConfig::default()
    };
    let reg = Registry::load_dir(root.path(), cfg).expect("registry");
    assert!(reg.problems().is_empty(), "{:?}", reg.problems().len());
    let mut ep = reg.episode(7);
    ep.set_config(&notes, r#"{"notes": ["buy milk"]}"#.to_string())
        .expect("set config");
    let add = ep
        .call(&format!("{notes}_add_note"), r#"{"text": "call Ada"}"#)
        .expect("host ok");
    assert_eq!(
        add.outcome,
        Outcome::Ok {
            result: r#"{"count":2}"#.to_string()
        }
    );
    let state = ep.state(&notes);
    assert_eq!(
        state.outcome,
        Outcome::Ok {
            result: r#"{"notes":["buy milk","call Ada"]}"#.to_string()
        }
    );
    let fresh = reg
        .episode(7)
        .call(&format!("{notes}_list_notes"), "{}")
        .expect("host ok");
    assert_eq!(
        fresh.outcome,
        Outcome::Ok {
            result: r#"{"notes":[]}"#.to_string()
        }
    );
}

#[test]
fn a_scaffolded_python_tool_builds_and_answers_through_the_sandbox() {
    check_language("python");
}

#[test]
fn a_scaffolded_javascript_tool_builds_and_answers_through_the_sandbox() {
    check_language("js");
}

#[test]
fn a_scaffolded_rust_tool_builds_and_answers_through_the_sandbox() {
    check_language("rust");
}

#[test]
fn an_invalid_name_or_an_existing_directory_is_a_usage_error() {
    let root = tempfile::tempdir().expect("temp dir");
    let dir = root.path().to_str().expect("utf8");
    let bad = tz(&["tools", "new", "My-Tool", "--lang", "python", "--dir", dir]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("invalid tool name"),
        "{}",
        stderr(&bad)
    );
    std::fs::create_dir(root.path().join("taken")).expect("mkdir");
    let taken = tz(&["tools", "new", "taken", "--lang", "js", "--dir", dir]);
    assert_eq!(taken.status.code(), Some(2));
    assert!(
        stderr(&taken).contains("already exists"),
        "{}",
        stderr(&taken)
    );
}
