//! The command line as a Unix tool: a closed pipe ends a command quietly with exit code 0, `-`
//! is standard input or output (or refused where a command writes two files), every bad flag
//! value, config key and input file is exit code 2 with a message that names it, and the
//! config resolves the same way in every command (`tz config show` fed back reproduces itself).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::*;

fn s(p: &Path) -> &str {
    p.to_str().expect("utf8 path")
}

const TASK: &str = r#"{"id":"t1","messages":[{"role":"user","content":"area?"}],"tools":[{"name":"area","description":"area","parameters":{"type":"dict","properties":{"base":{"type":"integer"}},"required":["base"]}}],"turns":[{"ground_truth":[[{"area":{"base":[10]}}]]}]}"#;

/// Runs `tz` with `stdin` fed in.
fn tz_with_stdin(args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tz"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tz runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("tz ends")
}

#[test]
fn a_closed_pipe_ends_a_command_quietly_with_exit_code_zero() {
    let tmp = tempfile::tempdir().expect("tmp");
    let tasks = tmp.path().join("tasks.jsonl");
    std::fs::write(&tasks, format!("{TASK}\n")).expect("write");
    let completions = tmp.path().join("c.jsonl");
    let line = r#"{"id":"t1","completion":"<think>ok</think><tool_call>[{\"name\": \"area\", \"arguments\": {\"base\": 10}}]</tool_call>"}"#;
    std::fs::write(&completions, format!("{line}\n").repeat(20_000)).expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tz"))
        .args([
            "score",
            "--tasks",
            s(&tasks),
            "--completions",
            s(&completions),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tz runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("one line");
    // The reader goes away, as `head -1` does.
    let out = child.wait_with_output().expect("tz ends");
    assert!(first.contains("\"reward\""), "{first}");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

#[test]
fn dash_is_standard_input_and_output_and_is_refused_for_two_outputs() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(
        tmp.path().join("BFCL_v4_irrelevance.json"),
        r#"{"id": "irrelevance_0", "question": [[{"role": "user", "content": "Hi"}]], "function": [{"name": "f", "description": "d", "parameters": {"type": "dict", "properties": {}}}]}"#,
    )
    .expect("write");
    let out = tz(&["data", "import", "--from", "bfcl", s(tmp.path()), "-o", "-"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let tasks = stdout(&out);
    assert!(tasks.starts_with("{\"id\":\"irrelevance_0\""), "{tasks}");
    assert!(!tmp.path().join("-").exists() && !Path::new("-").exists());
    let check = tz_with_stdin(&["data", "check", "-"], &tasks);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(stdout(&check).starts_with("ok: 1 tasks"));
    let generated = tz(&["data", "gen", "--tools", s(&tools_dir()), "-o", "-"]);
    assert_eq!(generated.status.code(), Some(2));
    assert!(
        stderr(&generated).contains("two files"),
        "{}",
        stderr(&generated)
    );
    assert!(!Path::new("-").exists() && !Path::new("-.test.jsonl").exists());
    let completions =
        r#"{"id":"irrelevance_0","completion":"<think>no</think><answer>none fits</answer>"}"#;
    let tasks_path = tmp.path().join("t.jsonl");
    std::fs::write(&tasks_path, &tasks).expect("write");
    let scored = tz_with_stdin(
        &["score", "--tasks", s(&tasks_path), "--completions", "-"],
        completions,
    );
    assert!(scored.status.success(), "{}", stderr(&scored));
    assert!(
        stdout(&scored).contains("\"strict_match\":1.0"),
        "{}",
        stdout(&scored)
    );
}

#[test]
fn bad_flag_values_configs_and_input_files_exit_with_code_two_and_name_the_culprit() {
    let tmp = tempfile::tempdir().expect("tmp");
    let bad_toml = tmp.path().join("bad.toml");
    std::fs::write(&bad_toml, "[reward]\nkapa = 1\n").expect("write");
    let broken_toml = tmp.path().join("broken.toml");
    std::fs::write(&broken_toml, "[train\nlr = ").expect("write");
    let bad_tasks = tmp.path().join("bad.jsonl");
    std::fs::write(&bad_tasks, format!("{TASK}\n{{oops\n")).expect("write");
    let empty = tmp.path().join("empty.jsonl");
    std::fs::write(&empty, "").expect("write");
    let unknown_tool = tmp.path().join("unknown.jsonl");
    std::fs::write(
        &unknown_tool,
        r#"{"id":"u","messages":[{"role":"user","content":"hi"}],"tools":[{"name":"no_such_fn"}],"turns":[{"ground_truth":[]}]}"#,
    )
    .expect("write");
    // A file that already carries shots (as `tz data shots` writes it).
    let shot = r#"{"id":"t0","demonstrations":[{"role":"user","content":"area of 3?"},{"role":"assistant","content":"<tool_call>{\"name\": \"area\", \"arguments\": {\"base\": 3}}</tool_call>"}],"#;
    let with_shots = tmp.path().join("shots.jsonl");
    std::fs::write(&with_shots, TASK.replacen(r#"{"id":"t1","#, shot, 1)).expect("write");
    let tools = tools_dir();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["generate", "--prompt", "hi", "--top-p", "7"], "top_p"),
        (
            vec!["generate", "--prompt", "hi", "--device", "tpu"],
            "--device",
        ),
        (
            vec![
                "score",
                "--tasks",
                s(&bad_tasks),
                "--completions",
                s(&bad_tasks),
                "--reward",
                "nope",
            ],
            "tool_zero",
        ),
        (
            vec![
                "score",
                "--tasks",
                s(&bad_tasks),
                "--completions",
                s(&bad_tasks),
            ],
            "bad.jsonl:2",
        ),
        (vec!["--config", s(&bad_toml), "config", "show"], "kapa"),
        (
            vec!["--config", s(&broken_toml), "config", "show"],
            "broken.toml",
        ),
        (vec!["--set", "train.lr=-1", "config", "show"], "train.lr"),
        (vec!["--set", "nope.x=1", "config", "show"], "[nope]"),
        (
            vec!["tools", "list", s(&tools), "--fuel", "0"],
            "fuel_per_call",
        ),
        (vec!["tools", "list", s(&tools), "--fuel", "lots"], "--fuel"),
        (
            vec!["data", "import", "--from", "csv", s(&bad_tasks), "-o", "x"],
            "rlla",
        ),
        (
            vec!["data", "check", "/no/such/file.jsonl"],
            "/no/such/file.jsonl",
        ),
        (
            vec!["train", "--tools", s(&tools), "--data", s(&empty)],
            "holds no task",
        ),
        (
            vec!["train", "--tools", s(&tools), "--data", s(&bad_tasks)],
            "bad.jsonl:2",
        ),
        (
            vec!["train", "--tools", s(&tools), "--data", s(&unknown_tool)],
            "no_such_fn",
        ),
        (
            vec!["train", "--tools", s(&tools), "--set", "grpo.group_size=1"],
            "group_size",
        ),
        (
            vec![
                "train",
                "--tools",
                s(&tools),
                "--data",
                s(&with_shots),
                "--set",
                "train.shots=1",
            ],
            "already carries demonstrations",
        ),
        (
            vec![
                "train",
                "--tools",
                s(&tools),
                "--model",
                "/no/such/model.gguf",
            ],
            "/no/such/model.gguf",
        ),
        (vec!["train", "--tools", "/no/such/tools"], "/no/such/tools"),
        (vec!["export", s(tmp.path()), "-o", "x"], "checkpoint"),
    ];
    for (args, names) in cases {
        let out = tz(&args);
        assert_eq!(out.status.code(), Some(2), "tz {args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(names),
            "tz {args:?} should name {names}: {}",
            stderr(&out)
        );
        assert!(
            !stderr(&out).contains("panicked"),
            "tz {args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn the_shown_config_reproduces_itself_and_flags_beat_set_which_beats_the_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join("run.toml");
    std::fs::write(
        &file,
        "[train]\nlr = 2e-6\nsteps = 9\n[sampler]\ntemperature = 0.7\n",
    )
    .expect("write");
    let shown = tz(&[
        "--config",
        s(&file),
        "--set",
        "train.steps=11",
        "config",
        "show",
    ]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    let text = stdout(&shown);
    let parsed: toml::Table = toml::from_str(&text).expect("valid TOML");
    assert_eq!(parsed["train"]["lr"].as_float(), Some(2e-6), "{text}");
    assert_eq!(
        parsed["train"]["steps"].as_integer(),
        Some(11),
        "the --set beats the file"
    );
    assert_eq!(
        parsed["sampler"]["temperature"].as_float(),
        Some(0.7),
        "{text}"
    );
    let again_path = tmp.path().join("shown.toml");
    std::fs::write(&again_path, &text).expect("write");
    let again = tz(&["--config", s(&again_path), "config", "show"]);
    assert_eq!(stdout(&again), text, "byte for byte");
    let documented = tz(&["config", "default"]);
    assert!(stdout(&documented).contains("# Peak learning rate"));
    let help = tz(&["score", "--help"]);
    assert!(
        stdout(&help).contains("tool-zero") || stdout(&help).contains("tool_zero"),
        "{}",
        stdout(&help)
    );
}
