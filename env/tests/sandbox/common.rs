//! Helpers: inline component text for hostile guests, temporary tool directories, and the
//! prebuilt Rust hostile guest.

use std::path::{Path, PathBuf};

use tz_env::registry::Registry;
use tz_env::sandbox::{CallOutcome, SandboxConfig};

/// A config for tests: a shared compile cache under `target/`, small limits so failures
/// come quickly.
pub fn test_config() -> SandboxConfig {
    SandboxConfig {
        cache_dir: Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/test-cache")),
        fuel_per_call: 20_000_000,
        memory_mib: 32,
        timeout_ms: 1_000,
        max_output_bytes: 64 * 1024,
        max_state_bytes: 1 << 20,
        max_live_stores: 64,
        ..SandboxConfig::default()
    }
}

/// Escapes `s` for a WAT string literal.
fn wat_string(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// A stateless tool component in text form. `spec` is its spec JSON; `call_body` is the core
/// function body of `call(name_ptr, name_len, args_ptr, args_len) -> retptr`; `$ok` returns
/// `ok(string at ptr, len)`; `extra` adds core functions.
pub fn wat_tool(spec: &str, call_body: &str, extra: &str) -> String {
    format!(
        r#"(component
  (core module $m
    (memory (export "memory") 20)
    (global $heap (mut i32) (i32.const 65536))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.const 7)) (i32.const -8)))
      (global.set $heap (i32.add (local.get $p) (local.get 3)))
      (local.get $p))
    (data (i32.const 1024) "{spec}")
    (func (export "spec") (result i32)
      (i32.store (i32.const 0) (i32.const 1024))
      (i32.store (i32.const 4) (i32.const {len}))
      (i32.const 0))
    (func $ok (param $ptr i32) (param $len i32) (result i32)
      (i32.store8 (i32.const 16) (i32.const 0))
      (i32.store (i32.const 20) (local.get $ptr))
      (i32.store (i32.const 24) (local.get $len))
      (i32.const 16))
    {extra}
    (func (export "call") (param i32 i32 i32 i32) (result i32)
      {call_body}))
  (core instance $i (instantiate $m))
  (func $spec (result string)
    (canon lift (core func $i "spec") (memory (core memory $i "memory")) (realloc (core func $i "realloc"))))
  (func $call (param "name" string) (param "arguments" string) (result (result string (error string)))
    (canon lift (core func $i "call") (memory (core memory $i "memory")) (realloc (core func $i "realloc"))))
  (instance $inst (export "spec" (func $spec)) (export "call" (func $call)))
  (export "tz:tool/stateless@0.2.0" (instance $inst)))"#,
        spec = wat_string(spec),
        len = spec.len(),
    )
}

/// A one-function spec `[{"name": name, ...}]` with an open object schema.
pub fn spec_of(names: &[&str]) -> String {
    let items: Vec<String> = names
        .iter()
        .map(|n| {
            format!(r#"{{"name":"{n}","description":"test {n}","parameters":{{"type":"object"}}}}"#)
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// Compiles component text to binary.
pub fn wat_bytes(text: &str) -> Vec<u8> {
    wat::parse_str(text).expect("test component text must parse")
}

/// A temporary directory holding `files` (name, bytes).
pub fn tool_dir(files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("write tool");
    }
    dir
}

/// Loads a registry from a directory holding one text component.
pub fn wat_registry(
    spec: &str,
    call_body: &str,
    extra: &str,
    cfg: SandboxConfig,
) -> (tempfile::TempDir, Registry) {
    let dir = tool_dir(&[("t.wasm", wat_bytes(&wat_tool(spec, call_body, extra)))]);
    let reg = load_clean(dir.path(), cfg);
    (dir, reg)
}

/// Loads `dir`, asserting that every file in it loaded without a problem.
fn load_clean(dir: &Path, cfg: SandboxConfig) -> Registry {
    let reg = Registry::load_dir(dir, cfg).expect("registry loads");
    assert!(
        reg.problems().is_empty(),
        "{:?}",
        reg.problems()
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
    );
    reg
}

/// The prebuilt Rust hostile guest (`scripts/build-test-guests.sh`).
pub fn hostile_wasm() -> PathBuf {
    let path = std::env::var_os("TZ_TEST_GUESTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/test-guests"))
        .join("hostile.wasm");
    assert!(
        path.is_file(),
        "missing test guest {}: build it with scripts/build-test-guests.sh (the README set-up does)",
        path.display()
    );
    path
}

/// A registry holding only the hostile guest.
pub fn hostile_registry(cfg: SandboxConfig) -> (tempfile::TempDir, Registry) {
    let bytes = std::fs::read(hostile_wasm()).expect("read hostile.wasm");
    let dir = tool_dir(&[("hostile.wasm", bytes)]);
    let reg = load_clean(dir.path(), cfg);
    (dir, reg)
}

/// One call in a fresh episode.
pub fn call_once(reg: &Registry, seed: u64, name: &str, args: &str) -> CallOutcome {
    reg.episode(seed).call(name, args).expect("host ok")
}
