//! Tests of the filesystem tool through its `call` interface, as the model would use it.

use super::*;
use serde_json::{Value, json};

fn session() -> Session {
    Session::new(42)
}

fn ok(s: &mut Session, name: &str, args: Value) -> Value {
    let out = s
        .call(name, &args.to_string())
        .unwrap_or_else(|e| panic!("{name} {args}: {e}"));
    serde_json::from_str(&out).unwrap()
}

fn err(s: &mut Session, name: &str, args: Value) -> String {
    s.call(name, &args.to_string()).unwrap_err()
}

#[test]
fn spec_is_well_formed_and_every_function_dispatches() {
    let names = tz_tool_common::check_spec(&spec()).unwrap();
    assert_eq!(names.len(), 9);
    let mut s = session();
    for n in names {
        if let Err(e) = s.call(&n, "{}") {
            assert!(e.starts_with("missing required parameter"), "{n}: {e}");
        }
    }
}

#[test]
fn sessions_start_in_home_with_a_seeded_tree() {
    let mut s = session();
    assert_eq!(
        ok(&mut s, "fs_pwd", json!({})),
        json!({"cwd": "/home/user"})
    );
    let ls = ok(&mut s, "fs_ls", json!({}));
    assert_eq!(
        ls["entries"],
        json!([
            {"name": "documents", "type": "dir"},
            {"name": "notes.txt", "type": "file", "size": ls["entries"][1]["size"]},
            {"name": "projects", "type": "dir"}
        ])
    );
    let budget = |seed| {
        let mut s = Session::new(seed);
        ok(
            &mut s,
            "fs_read_file",
            json!({"path": "documents/budget.csv"}),
        )["content"]
            .clone()
    };
    assert_eq!(budget(7), budget(7), "same seed, same content");
    assert_ne!(budget(7), budget(8), "another seed, other numbers");
    let csv = budget(7);
    let lines: Vec<&str> = csv.as_str().unwrap().lines().collect();
    assert_eq!(lines.len(), 7);
    assert_eq!(lines[0], "month,amount");
    assert!(lines[1].starts_with("January,"));
    for seed in [0, 1, u64::MAX] {
        let s = Session::new(seed);
        assert_eq!(s.fs().cwd(), "/home/user");
        assert_eq!(initial_tree(seed).len(), 13);
    }
}

#[test]
fn initial_tree_is_the_same_as_building_it_with_checked_operations() {
    // `from_entries` skips the checks; building the tree through mkdir/write_file must give
    // the identical file system, so the initial tree lists every parent and stays in bounds.
    for seed in [0, 7, u64::MAX] {
        let mut checked = fs::FileSystem::new();
        for (p, content) in initial_tree(seed) {
            match content {
                None => checked.mkdir(&p, false).map(drop),
                Some(c) => checked.write_file(&p, &c, false).map(drop),
            }
            .unwrap_or_else(|e| panic!("{p}: {e}"));
        }
        checked.cd(path::HOME).unwrap();
        assert_eq!(*Session::new(seed).fs(), checked);
    }
}

#[test]
fn cd_and_pwd_follow_relative_paths() {
    let mut s = session();
    assert_eq!(
        ok(&mut s, "fs_cd", json!({"path": "projects/hello"}))["cwd"],
        "/home/user/projects/hello"
    );
    assert_eq!(
        ok(&mut s, "fs_cd", json!({"path": "../.."}))["cwd"],
        "/home/user"
    );
    assert_eq!(ok(&mut s, "fs_cd", json!({"path": "/"}))["cwd"], "/");
    assert_eq!(
        ok(&mut s, "fs_cd", json!({"path": "~"}))["cwd"],
        "/home/user"
    );
    assert_eq!(
        err(&mut s, "fs_cd", json!({"path": "notes.txt"})),
        "not a directory: '/home/user/notes.txt'"
    );
    assert_eq!(
        err(&mut s, "fs_cd", json!({"path": "nowhere"})),
        "no such file or directory: '/home/user/nowhere'"
    );
}

#[test]
fn ls_lists_directories_and_describes_files() {
    let mut s = session();
    assert_eq!(
        ok(&mut s, "fs_ls", json!({"path": "/"})),
        json!({"path": "/", "entries": [
            {"name": "etc", "type": "dir"}, {"name": "home", "type": "dir"}, {"name": "tmp", "type": "dir"}]})
    );
    assert_eq!(
        ok(&mut s, "fs_ls", json!({"path": "/tmp"})),
        json!({"path": "/tmp", "entries": []})
    );
    assert_eq!(
        ok(&mut s, "fs_ls", json!({"path": "projects/hello/main.py"})),
        json!({"path": "/home/user/projects/hello/main.py",
            "entries": [{"name": "main.py", "type": "file", "size": 22}]})
    );
    assert_eq!(
        err(&mut s, "fs_ls", json!({"path": "/nope"})),
        "no such file or directory: '/nope'"
    );
}

#[test]
fn mkdir_creates_directories_and_parents_on_request() {
    let mut s = session();
    assert_eq!(
        ok(&mut s, "fs_mkdir", json!({"path": "music"})),
        json!({"path": "/home/user/music", "created": ["/home/user/music"]})
    );
    assert_eq!(
        err(&mut s, "fs_mkdir", json!({"path": "a/b/c"})),
        "parent directory does not exist: '/home/user/a/b' (pass parents: true to create it)"
    );
    assert_eq!(
        ok(
            &mut s,
            "fs_mkdir",
            json!({"path": "a/b/c", "parents": true})
        )["created"],
        json!(["/home/user/a", "/home/user/a/b", "/home/user/a/b/c"])
    );
    assert_eq!(
        ok(&mut s, "fs_mkdir", json!({"path": "a/b", "parents": true}))["created"],
        json!([])
    );
    assert_eq!(
        err(&mut s, "fs_mkdir", json!({"path": "music"})),
        "directory already exists: '/home/user/music'"
    );
    assert_eq!(
        err(&mut s, "fs_mkdir", json!({"path": "notes.txt"})),
        "a file already exists at '/home/user/notes.txt'"
    );
    assert_eq!(
        err(
            &mut s,
            "fs_mkdir",
            json!({"path": "notes.txt/x", "parents": true})
        ),
        "not a directory: '/home/user/notes.txt'"
    );
}

#[test]
fn write_and_read_files_with_replace_and_append() {
    let mut s = session();
    assert_eq!(
        ok(
            &mut s,
            "fs_write_file",
            json!({"path": "/tmp/a.txt", "content": "one\n"})
        ),
        json!({"path": "/tmp/a.txt", "size": 4, "created": true})
    );
    ok(
        &mut s,
        "fs_write_file",
        json!({"path": "/tmp/a.txt", "content": "two\n", "append": true}),
    );
    assert_eq!(
        ok(&mut s, "fs_read_file", json!({"path": "/tmp/a.txt"})),
        json!({"path": "/tmp/a.txt", "content": "one\ntwo\n"})
    );
    assert_eq!(
        ok(
            &mut s,
            "fs_write_file",
            json!({"path": "/tmp/a.txt", "content": "new"})
        )["created"],
        false
    );
    assert_eq!(
        ok(&mut s, "fs_read_file", json!({"path": "/tmp/a.txt"}))["content"],
        "new"
    );
    ok(
        &mut s,
        "fs_write_file",
        json!({"path": "/tmp/b.txt", "content": "x", "append": true}),
    );
    assert_eq!(
        ok(&mut s, "fs_read_file", json!({"path": "/tmp/b.txt"}))["content"],
        "x"
    );
}

#[test]
fn write_and_read_explain_bad_targets() {
    let mut s = session();
    assert_eq!(
        err(
            &mut s,
            "fs_write_file",
            json!({"path": "documents", "content": "x"})
        ),
        "is a directory: '/home/user/documents'"
    );
    assert_eq!(
        err(
            &mut s,
            "fs_write_file",
            json!({"path": "nodir/a.txt", "content": "x"})
        ),
        "no such file or directory: '/home/user/nodir'"
    );
    assert_eq!(
        err(
            &mut s,
            "fs_write_file",
            json!({"path": "notes.txt/a", "content": "x"})
        ),
        "not a directory: '/home/user/notes.txt'"
    );
    assert_eq!(
        err(&mut s, "fs_read_file", json!({"path": "documents"})),
        "is a directory: '/home/user/documents' (use fs_ls to list it)"
    );
    assert_eq!(
        err(&mut s, "fs_read_file", json!({"path": "missing.txt"})),
        "no such file or directory: '/home/user/missing.txt'"
    );
    assert_eq!(
        err(
            &mut s,
            "fs_write_file",
            json!({"path": "/", "content": "x"})
        ),
        "is a directory: '/'"
    );
}

#[test]
fn size_and_count_limits_hold() {
    let mut s = session();
    let big = "x".repeat(fs::MAX_FILE_BYTES + 1);
    assert_eq!(
        err(
            &mut s,
            "fs_write_file",
            json!({"path": "/tmp/big", "content": big})
        ),
        "file would be too large: 65537 bytes (at most 65536)"
    );
    let chunk = "y".repeat(fs::MAX_FILE_BYTES);
    ok(
        &mut s,
        "fs_write_file",
        json!({"path": "/tmp/grow", "content": chunk}),
    );
    assert!(
        err(
            &mut s,
            "fs_write_file",
            json!({"path": "/tmp/grow", "content": "z", "append": true})
        )
        .starts_with("file would be too large")
    );
    let mut full = None;
    for i in 0..20 {
        if let Err(e) = s.call(
            "fs_write_file",
            &json!({"path": format!("/tmp/f{i}"), "content": chunk}).to_string(),
        ) {
            full = Some(e);
            break;
        }
    }
    assert_eq!(
        full.unwrap(),
        "not enough space: the file system holds at most 1048576 bytes"
    );
    // Freeing space makes room again.
    ok(&mut s, "fs_rm", json!({"path": "/tmp/f0"}));
    ok(
        &mut s,
        "fs_write_file",
        json!({"path": "/tmp/again", "content": chunk}),
    );

    let mut t = session();
    let mut refused = None;
    for i in 0..fs::MAX_NODES {
        if let Err(e) = t.call(
            "fs_mkdir",
            &json!({"path": format!("/tmp/d{i}")}).to_string(),
        ) {
            refused = Some((i, e));
            break;
        }
    }
    let (made, e) = refused.unwrap();
    assert_eq!(
        e,
        "the file system is full (at most 1000 files and directories)"
    );
    assert_eq!(
        made + 14,
        fs::MAX_NODES,
        "the root and 13 initial entries count too"
    );
}

#[test]
fn rm_removes_files_and_directories_carefully() {
    let mut s = session();
    assert_eq!(
        ok(&mut s, "fs_rm", json!({"path": "notes.txt"})),
        json!({"removed": "/home/user/notes.txt", "count": 1})
    );
    assert_eq!(
        err(&mut s, "fs_rm", json!({"path": "projects"})),
        "directory not empty: '/home/user/projects' (pass recursive: true to remove it and its 3 entries)"
    );
    assert_eq!(
        ok(
            &mut s,
            "fs_rm",
            json!({"path": "projects", "recursive": true})
        )["count"],
        4
    );
    assert_eq!(ok(&mut s, "fs_rm", json!({"path": "/tmp"}))["count"], 1);
    assert_eq!(
        err(&mut s, "fs_rm", json!({"path": "/", "recursive": true})),
        "refusing to remove the root directory '/'"
    );
    assert_eq!(
        err(&mut s, "fs_rm", json!({"path": "ghost"})),
        "no such file or directory: '/home/user/ghost'"
    );
    // Removing the working directory moves it to the nearest surviving ancestor.
    ok(&mut s, "fs_cd", json!({"path": "documents"}));
    ok(&mut s, "fs_rm", json!({"path": "/home", "recursive": true}));
    assert_eq!(ok(&mut s, "fs_pwd", json!({})), json!({"cwd": "/"}));
}

#[test]
fn mv_renames_moves_into_directories_and_replaces_files() {
    let mut s = session();
    assert_eq!(
        ok(
            &mut s,
            "fs_mv",
            json!({"source": "notes.txt", "destination": "todo.txt"})
        ),
        json!({"moved": "/home/user/notes.txt", "to": "/home/user/todo.txt"})
    );
    assert_eq!(
        ok(
            &mut s,
            "fs_mv",
            json!({"source": "todo.txt", "destination": "documents"})
        )["to"],
        "/home/user/documents/todo.txt"
    );
    ok(
        &mut s,
        "fs_write_file",
        json!({"path": "/tmp/x", "content": "new"}),
    );
    ok(
        &mut s,
        "fs_mv",
        json!({"source": "/tmp/x", "destination": "documents/report.md"}),
    );
    assert_eq!(
        ok(
            &mut s,
            "fs_read_file",
            json!({"path": "documents/report.md"})
        )["content"],
        "new"
    );
    assert!(err(&mut s, "fs_read_file", json!({"path": "/tmp/x"})).starts_with("no such file"));
    // A directory moves with everything in it, and the working directory follows.
    ok(&mut s, "fs_cd", json!({"path": "projects/hello"}));
    ok(
        &mut s,
        "fs_mv",
        json!({"source": "/home/user/projects", "destination": "/srv"}),
    );
    assert_eq!(ok(&mut s, "fs_pwd", json!({}))["cwd"], "/srv/hello");
    assert_eq!(
        ok(&mut s, "fs_read_file", json!({"path": "main.py"}))["content"],
        "print(\"hello, world\")\n"
    );
}

#[test]
fn mv_refuses_impossible_moves() {
    let mut s = session();
    let e = |s: &mut Session, src: &str, dst: &str| {
        err(s, "fs_mv", json!({"source": src, "destination": dst}))
    };
    assert_eq!(
        e(&mut s, "ghost", "x"),
        "no such file or directory: '/home/user/ghost'"
    );
    assert_eq!(
        e(&mut s, "/", "/x"),
        "refusing to move the root directory '/'"
    );
    assert_eq!(
        e(&mut s, "projects", "projects/hello"),
        "cannot move directory '/home/user/projects' into itself ('/home/user/projects/hello/projects')"
    );
    assert_eq!(
        e(&mut s, "notes.txt", "."),
        "source and destination are the same: '/home/user/notes.txt'"
    );
    assert_eq!(
        e(&mut s, "projects", "notes.txt"),
        "cannot replace file '/home/user/notes.txt' with directory '/home/user/projects'"
    );
    ok(&mut s, "fs_mkdir", json!({"path": "/tmp/hello"}));
    assert_eq!(
        e(&mut s, "projects/hello", "/tmp"),
        "a directory already exists at '/tmp/hello'"
    );
    assert_eq!(
        e(&mut s, "notes.txt", "/nowhere/notes.txt"),
        "no such file or directory: '/nowhere'"
    );
}

#[test]
fn find_matches_globs_and_types() {
    let mut s = session();
    assert_eq!(
        ok(&mut s, "fs_find", json!({"name": "*.md"})),
        json!({"count": 2, "paths": ["/home/user/documents/report.md", "/home/user/projects/hello/README.md"]})
    );
    assert_eq!(
        ok(
            &mut s,
            "fs_find",
            json!({"path": "/", "type": "dir", "name": "h*"})
        )["paths"],
        json!(["/home", "/home/user/projects/hello"])
    );
    assert_eq!(ok(&mut s, "fs_find", json!({"path": "/etc"}))["count"], 2);
    assert_eq!(ok(&mut s, "fs_find", json!({"type": "file"}))["count"], 5);
    assert_eq!(
        ok(&mut s, "fs_find", json!({"name": "nothing*"})),
        json!({"count": 0, "paths": []})
    );
    assert_eq!(
        err(&mut s, "fs_find", json!({"path": "/nope"})),
        "no such file or directory: '/nope'"
    );
    assert_eq!(
        err(&mut s, "fs_find", json!({"name": "*".repeat(256)})),
        "name pattern is too long (over 255 characters)"
    );
    assert_eq!(
        err(&mut s, "fs_find", json!({"type": "link"})),
        "unknown type 'link'; use 'file' or 'dir'"
    );
    for i in 0..250 {
        ok(&mut s, "fs_mkdir", json!({"path": format!("/tmp/d{i:03}")}));
    }
    let many = ok(&mut s, "fs_find", json!({"path": "/tmp", "name": "d*"}));
    assert_eq!(many["count"], 250);
    assert_eq!(many["paths"].as_array().unwrap().len(), 200);
    assert_eq!(many["note"], "only the first 200 paths are listed");
}

#[test]
fn bad_calls_get_helpful_errors() {
    let mut s = session();
    assert!(
        err(&mut s, "fs_list", json!({}))
            .starts_with("unknown function 'fs_list'; did you mean 'fs_ls'?")
    );
    assert_eq!(
        err(&mut s, "fs_cd", json!({"path": ""})),
        "path is empty; use '.' for the current directory"
    );
    assert_eq!(
        s.call("fs_ls", "[]").unwrap_err(),
        "arguments must be a JSON object, got array"
    );
}

#[test]
fn ls_text_is_the_compact_sorted_json_every_result_uses() {
    let mut s = session();
    ok(
        &mut s,
        "fs_write_file",
        json!({"path": "odd \"name\"\n.txt", "content": "é"}),
    );
    for path in [".", "/", "/home/user/notes.txt", "odd \"name\"\n.txt"] {
        let text = s
            .call("fs_ls", &json!({ "path": path }).to_string())
            .unwrap();
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(tz_tool_common::json_text(&parsed), text, "{path}");
    }
}

#[test]
fn state_reports_every_node_and_the_working_directory_and_load_takes_only_an_empty_config() {
    let mut s = Session::new(7);
    assert_eq!(s.load("{}"), Ok(()));
    assert_eq!(s.load("null"), Ok(()));
    assert!(s.load(r#"{"files": {}}"#).is_err());
    let before: serde_json::Value = serde_json::from_str(&s.state()).expect("json");
    assert_eq!(before["cwd"], "/home/user");
    assert_eq!(before["nodes"]["/tmp"], serde_json::Value::Null);
    ok(
        &mut s,
        "fs_write_file",
        json!({"path": "/tmp/a.txt", "content": "hi"}),
    );
    let after: serde_json::Value = serde_json::from_str(&s.state()).expect("json");
    assert_eq!(after["nodes"]["/tmp/a.txt"], "hi");
    assert_ne!(before, after);
}
