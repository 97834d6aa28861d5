//! Loading policy: malformed files, clashing names, bad specs, the compile cache.

use tz_env::error::Error;
use tz_env::registry::Registry;
use tz_env::sandbox::{CacheStatus, SandboxConfig};

use crate::common::*;

const ECHO: &str = "(call $ok (local.get 2) (local.get 3))";

#[test]
fn a_malformed_or_non_component_file_is_a_problem_naming_the_file_and_others_still_load() {
    let good = wat_bytes(&wat_tool(&spec_of(&["echo"]), ECHO, ""));
    let core_module = wat::parse_str("(module)").expect("module");
    let dir = tool_dir(&[
        ("a_good.wasm", good),
        ("b_garbage.wasm", b"not wasm at all".to_vec()),
        ("c_core.wasm", core_module),
        ("d_truncated.wasm", b"\0asm\x0d\x00\x01\x00\x01".to_vec()),
    ]);
    let reg = Registry::load_dir(dir.path(), test_config()).expect("loads");
    assert_eq!(reg.tools().len(), 1);
    assert!(reg.functions().contains_key("echo"));
    let problems: Vec<String> = reg.problems().iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(
        problems[0].contains("b_garbage.wasm") && problems[0].contains("magic"),
        "{problems:?}"
    );
    assert!(
        problems[1].contains("c_core.wasm") && problems[1].contains("core wasm module"),
        "{problems:?}"
    );
    assert!(problems[2].contains("d_truncated.wasm"), "{problems:?}");
}

#[test]
fn a_function_name_clash_names_both_files() {
    let a = wat_bytes(&wat_tool(&spec_of(&["same", "only_a"]), ECHO, ""));
    let b = wat_bytes(&wat_tool(&spec_of(&["same"]), ECHO, ""));
    let dir = tool_dir(&[("a.wasm", a), ("b.wasm", b)]);
    let reg = Registry::load_dir(dir.path(), test_config()).expect("loads");
    let msg = reg
        .problems()
        .first()
        .map(|p| p.to_string())
        .unwrap_or_default();
    assert!(
        matches!(
            reg.problems().first(),
            Some(Error::DuplicateFunction { .. })
        ),
        "{msg}"
    );
    assert!(
        msg.contains("a.wasm") && msg.contains("b.wasm") && msg.contains("`same`"),
        "{msg}"
    );
    assert!(reg.functions().contains_key("only_a"));
}

#[test]
fn a_spec_that_is_not_json_is_reported() {
    let bad = wat_bytes(&wat_tool("[{oops", ECHO, ""));
    let dir = tool_dir(&[("bad.wasm", bad)]);
    let reg = Registry::load_dir(dir.path(), test_config()).expect("loads");
    let msg = reg
        .problems()
        .first()
        .map(|p| p.to_string())
        .unwrap_or_default();
    assert!(
        msg.contains("bad.wasm") && msg.contains("not valid JSON"),
        "{msg}"
    );
}

#[test]
fn an_empty_directory_is_an_error_that_says_how_to_build_tools() {
    let dir = tempfile::tempdir().expect("tmp");
    let err = Registry::load_dir(dir.path(), test_config())
        .map(|_| ())
        .expect_err("empty");
    assert!(err.to_string().contains("scripts/build-tools.sh"), "{err}");
}

#[test]
fn the_compile_cache_is_used_and_a_damaged_entry_is_recompiled() {
    let cache = tempfile::tempdir().expect("tmp");
    let cfg = SandboxConfig {
        cache_dir: Some(cache.path().to_path_buf()),
        ..test_config()
    };
    let dir = tool_dir(&[(
        "t.wasm",
        wat_bytes(&wat_tool(&spec_of(&["echo"]), ECHO, "")),
    )]);
    let first = Registry::load_dir(dir.path(), cfg.clone()).expect("loads");
    assert_eq!(first.tools()[0].cache, CacheStatus::Miss);
    let second = Registry::load_dir(dir.path(), cfg.clone()).expect("loads");
    assert_eq!(second.tools()[0].cache, CacheStatus::Hit);
    for entry in std::fs::read_dir(cache.path()).expect("cache dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "cwasm") {
            let mut bytes = std::fs::read(&path).expect("read");
            let mid = bytes.len() / 2;
            bytes[mid] ^= 0xff;
            std::fs::write(&path, bytes).expect("damage");
        }
    }
    let third = Registry::load_dir(dir.path(), cfg).expect("loads");
    assert_eq!(third.tools()[0].cache, CacheStatus::Replaced);
    let out = third.episode(0).call("echo", "{}").expect("host ok");
    assert!(out.outcome.is_ok());
}
