//! `tz tools list|check|call` on the shipped tools and on broken directories.

use serde_json::Value;

use crate::common::*;

/// Inline component text for hostile tools (shared with the sandbox tests).
#[allow(dead_code)]
#[path = "../env/tests/sandbox/common.rs"]
mod guest;

#[test]
fn list_shows_every_shipped_function_and_json_is_machine_readable() {
    let dir = tools_dir();
    let out = tz(&["tools", "list", dir.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("calculate") && text.contains("calculator"),
        "{text}"
    );
    let json = tz(&["tools", "list", dir.to_str().expect("utf8"), "--json"]);
    let items: Vec<Value> = serde_json::from_slice(&json.stdout).expect("json array");
    assert!(items.len() >= 15, "{} functions", items.len());
    let tools: std::collections::BTreeSet<&str> =
        items.iter().filter_map(|i| i["tool"].as_str()).collect();
    assert!(tools.len() >= 6, "{tools:?}");
    for item in &items {
        assert_eq!(item["parameters"]["type"], "object", "{item}");
    }
}

#[test]
fn check_passes_on_the_shipped_tools() {
    let out = tz(&["tools", "check", tools_dir().to_str().expect("utf8")]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).starts_with("ok: "), "{}", stdout(&out));
}

#[test]
fn check_fails_with_one_line_per_problem_naming_the_file() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::copy(
        tools_dir().join("units.wasm"),
        dir.path().join("units.wasm"),
    )
    .expect("copy");
    std::fs::write(dir.path().join("broken.wasm"), b"garbage").expect("write");
    // A second copy of a tool clashes on every function name.
    std::fs::copy(
        tools_dir().join("units.wasm"),
        dir.path().join("z_units_again.wasm"),
    )
    .expect("copy");
    let out = tz(&["tools", "check", dir.path().to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains("broken.wasm"), "{text}");
    assert!(
        lines
            .iter()
            .skip(1)
            .all(|l| l.contains("z_units_again.wasm") && l.contains("units.wasm")),
        "{text}"
    );
    assert_eq!(lines.len(), 1 + 2, "{text}");
}

#[test]
fn call_prints_outcome_fuel_and_result_and_the_exit_code_follows_the_outcome() {
    let dir = tools_dir();
    let d = dir.to_str().expect("utf8");
    let ok = tz(&[
        "tools",
        "call",
        d,
        "convert_units",
        r#"{"value": 1, "from_unit": "km", "to_unit": "m"}"#,
    ]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let text = stdout(&ok);
    assert!(text.starts_with("outcome: ok\nfuel: "), "{text}");
    assert!(text.contains("1000"), "{text}");

    let bad = tz(&["tools", "call", d, "convert_units", r#"{"value": "x"}"#]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stdout(&bad).starts_with("outcome: invalid_arguments"),
        "{}",
        stdout(&bad)
    );

    let json = tz(&[
        "tools",
        "call",
        d,
        "calculate",
        r#"{"expression": "1/0"}"#,
        "--json",
    ]);
    let v: Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(v["outcome"]["kind"], "tool_error");
    assert!(v["fuel_used"].as_u64().expect("fuel") > 0);
}

#[test]
fn limits_come_from_the_config_file_and_flags_override_them() {
    let dir = tools_dir();
    let d = dir.to_str().expect("utf8");
    let cfg = tempfile::NamedTempFile::new().expect("tmp");
    std::fs::write(cfg.path(), "[sandbox]\nfuel_per_call = 1000\n").expect("write");
    let args = r#"{"expression": "sqrt(2) * 3 + 1"}"#;
    let starved = tz(&[
        "tools",
        "call",
        d,
        "calculate",
        args,
        "--config",
        cfg.path().to_str().expect("utf8"),
    ]);
    assert!(
        stdout(&starved).starts_with("outcome: out_of_fuel"),
        "{}",
        stdout(&starved)
    );
    let fed = tz(&[
        "tools",
        "call",
        d,
        "calculate",
        args,
        "--config",
        cfg.path().to_str().expect("utf8"),
        "--fuel",
        "10000000",
    ]);
    assert!(fed.status.success(), "{}", stdout(&fed));
}

#[test]
fn a_bad_config_is_a_usage_error() {
    let cfg = tempfile::NamedTempFile::new().expect("tmp");
    std::fs::write(cfg.path(), "[sandbox]\nfuel = 3\n").expect("write");
    let out = tz(&[
        "tools",
        "list",
        tools_dir().to_str().expect("utf8"),
        "--config",
        cfg.path().to_str().expect("utf8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown field"), "{}", stderr(&out));
    let zero = tz(&[
        "tools",
        "list",
        tools_dir().to_str().expect("utf8"),
        "--memory-mib",
        "0",
    ]);
    assert_eq!(zero.status.code(), Some(2));
}

#[test]
fn tool_text_and_file_names_cannot_send_escape_sequences_to_the_terminal() {
    // The description sets the window title and clears the screen; the error recolours.
    let spec = r#"[{"name":"f","description":"\u001b]0;pwned\u0007\u001b[2J Evil.","parameters":{"type":"object"}}]"#;
    let body = "(i32.store8 (i32.const 16) (i32.const 1)) (i32.store (i32.const 20) (i32.const 4096)) (i32.store (i32.const 24) (i32.const 8)) (i32.const 16)";
    let wasm = guest::wat_bytes(&guest::wat_tool(
        spec,
        body,
        r#"(data (i32.const 4096) "\1b[31mred")"#,
    ));
    let dir = guest::tool_dir(&[("\u{1b}]0;t\u{7}evil.wasm", wasm)]);
    let path = dir.path().to_str().expect("utf8");
    for args in [
        vec!["tools", "list", path],
        vec!["tools", "call", path, "f", "{}"],
        vec!["tools", "call", path, "\u{1b}[2Jnope", "{}"],
    ] {
        let out = tz(&args);
        let all = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
        assert!(
            !all.contains(&0x1b) && !all.contains(&0x07),
            "{args:?}: {}{}",
            stdout(&out),
            stderr(&out)
        );
        assert!(
            String::from_utf8_lossy(&all).contains("\\u{1b}"),
            "{args:?}: {}{}",
            stdout(&out),
            stderr(&out)
        );
    }
}
