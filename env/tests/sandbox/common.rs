//! Helpers: inline component text for hostile guests, temporary tool directories, the
//! prebuilt test guests (Rust, Python, JavaScript), configs and outcome accessors.

use std::path::{Path, PathBuf};

use tz_env::registry::{EpisodeTools, Registry};
use tz_env::sandbox::{CallOutcome, Outcome, SandboxConfig};

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

/// A prebuilt test guest, `target/test-guests/<name>.wasm` (`scripts/build-test-guests.sh`
/// builds every `tests/guests/<name>`: Rust, Python or JavaScript).
pub fn guest_wasm(name: &str) -> PathBuf {
    let path = std::env::var_os("TZ_TEST_GUESTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/test-guests"))
        .join(format!("{name}.wasm"));
    assert!(
        path.is_file(),
        "missing test guest {}: build it with scripts/build-test-guests.sh (the README set-up does)",
        path.display()
    );
    path
}

/// A registry holding only the prebuilt test guest `name` (see [`guest_wasm`]).
pub fn guest_registry(name: &str, cfg: SandboxConfig) -> (tempfile::TempDir, Registry) {
    let bytes = std::fs::read(guest_wasm(name)).expect("read the test guest");
    let dir = tool_dir(&[(&format!("{name}.wasm"), bytes)]);
    let reg = load_clean(dir.path(), cfg);
    (dir, reg)
}

/// A registry holding only the Rust hostile guest.
pub fn hostile_registry(cfg: SandboxConfig) -> (tempfile::TempDir, Registry) {
    guest_registry("hostile", cfg)
}

/// [`test_config`] with room for an interpreter (CPython, StarlingMonkey) and its bombs.
///
/// A fresh instance's linear memory starts at 12.5 MiB (CPython, componentize-py 0.25.1) or
/// 9.1 MiB (StarlingMonkey, componentize-js 0.23.0): 13 and 10 MiB are the smallest caps that
/// load them. 48 MiB leaves room for a 10 MB result (CPython holds the text and its UTF-8
/// copy: 32 MiB is the least that still ends in `output_too_large`, not `memory_limit`) while
/// an allocation bomb still ends within ~40 MiB. A trivial call burns ~0.16 M fuel (CPython)
/// and ~1 M (StarlingMonkey), so 50 M fuel ends a runaway loop quickly.
pub fn interpreter_config() -> SandboxConfig {
    SandboxConfig {
        fuel_per_call: 50_000_000,
        memory_mib: 48,
        ..test_config()
    }
}

/// [`interpreter_config`] with fuel and a wall-clock backstop high enough that memory and
/// recursion bombs reach the memory cap, not the fuel limit.
pub fn generous_interpreter_config() -> SandboxConfig {
    SandboxConfig {
        fuel_per_call: 2_000_000_000,
        timeout_ms: 60_000,
        ..interpreter_config()
    }
}

/// The result text of an `ok` outcome (panics with the outcome otherwise).
pub fn ok_text(out: &CallOutcome) -> String {
    match &out.outcome {
        Outcome::Ok { result } => result.clone(),
        other => panic!("expected ok, got {other:?}"),
    }
}

/// The message of a `tool_error` outcome (panics with the outcome otherwise).
pub fn tool_error(out: &CallOutcome) -> String {
    match &out.outcome {
        Outcome::ToolError { message } => message.clone(),
        other => panic!("expected a tool error, got {other:?}"),
    }
}

/// The trap kind of a `trap` outcome (panics with the outcome otherwise).
pub fn trap_kind(out: &CallOutcome) -> String {
    match &out.outcome {
        Outcome::Trap { trap, .. } => trap.clone(),
        other => panic!("expected a trap, got {other:?}"),
    }
}

/// What the episode's first tool printed to stdout so far, as text.
pub fn stdout_text(episode: &EpisodeTools<'_>) -> String {
    let (stdout, _) = episode.stdio(0).expect("the tool is instantiated");
    String::from_utf8(stdout).expect("utf-8 stdout")
}

/// Asserts that a flood of `line`s filled the capture of `cap` bytes exactly, with a prefix
/// of the flood (the write that crossed the cap was cut).
pub fn assert_flood_capped(stdout: &str, line: &str, cap: usize) {
    let tail = &stdout[stdout.len().saturating_sub(2 * line.len())..];
    assert_eq!(stdout.len(), cap, "ending {tail:?}");
    assert!(
        line.repeat(cap / line.len() + 1).starts_with(stdout),
        "not a prefix of the flood; ending {tail:?}"
    );
}

/// Runs `calls` (name, arguments) in order in one episode seeded with `seed`.
pub fn call_sequence(reg: &Registry, seed: u64, calls: &[(&str, &str)]) -> Vec<CallOutcome> {
    let mut episode = reg.episode(seed);
    calls
        .iter()
        .map(|(name, args)| episode.call(name, args).expect("host ok"))
        .collect()
}

/// One call in a fresh episode.
pub fn call_once(reg: &Registry, seed: u64, name: &str, args: &str) -> CallOutcome {
    reg.episode(seed).call(name, args).expect("host ok")
}
