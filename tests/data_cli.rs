//! `tz data import|gen|check` and `tz score` on the shared data and the shipped tools.

use std::path::Path;

use serde_json::Value;

use crate::common::*;

fn s(p: &Path) -> &str {
    p.to_str().expect("utf8 path")
}

#[test]
fn gen_writes_both_splits_deterministically_and_check_accepts_them() {
    let tmp = tempfile::tempdir().expect("tmp");
    let a = tmp.path().join("a.jsonl");
    let b = tmp.path().join("b.jsonl");
    let tools = tools_dir();
    for out in [&a, &b] {
        let run = tz(&[
            "data",
            "gen",
            "--tools",
            s(&tools),
            "--n",
            "60",
            "--seed",
            "4",
            "-o",
            s(out),
        ]);
        assert!(run.status.success(), "{}", stderr(&run));
    }
    assert_eq!(std::fs::read(&a).expect("a"), std::fs::read(&b).expect("b"));
    // The default mix covers the Python and JavaScript tools: stats requests and
    // state-checked cart scripts (with reference calls).
    let train = std::fs::read_to_string(&a).expect("train split");
    assert!(train.contains(r#""category":"cart_multi_turn""#), "{train}");
    assert!(train.contains(r#""reference_calls""#));
    let stats = [
        "percentile",
        "linear_regression",
        "correlation",
        "zscores",
        "moving_average",
        "weighted_mean",
    ];
    let called = |f: &&str| train.contains(&format!("{{\"{f}\":"));
    assert!(stats.iter().any(called), "no stats call in {train}");
    let test_split = tmp.path().join("a.test.jsonl");
    assert!(
        std::fs::read_to_string(&test_split)
            .expect("test split")
            .lines()
            .count()
            > 0
    );
    for f in [&a, &test_split] {
        let check = tz(&["data", "check", s(f), "--tools", s(&tools)]);
        assert!(
            check.status.success(),
            "{}{}",
            stdout(&check),
            stderr(&check)
        );
    }
}

/// `tz data shots` gives each held-out task a solved train task that calls only functions the
/// task offers, the same file twice, and a file `tz data check` accepts.
#[test]
fn shots_give_each_task_a_solved_train_task_that_calls_what_it_offers() {
    let tmp = tempfile::tempdir().expect("tmp");
    let train = tmp.path().join("t.jsonl");
    let tools = tools_dir();
    gen_tasks(80, 2, &train);
    let test = tmp.path().join("t.test.jsonl");
    let outs = [tmp.path().join("a.jsonl"), tmp.path().join("b.jsonl")];
    for out in &outs {
        let run = shots(&test, &train, 2, out);
        assert!(run.status.success(), "{}", stderr(&run));
        assert!(
            stderr(&run).contains("pool tasks can be shots"),
            "{}",
            stderr(&run)
        );
    }
    let a = std::fs::read_to_string(&outs[0]).expect("shots");
    assert_eq!(a, std::fs::read_to_string(&outs[1]).expect("again"));
    let train_text = std::fs::read_to_string(&train).expect("train");
    let (mut with, mut total) = (0, 0);
    for line in a.lines() {
        let task: Value = serde_json::from_str(line).expect("task");
        total += 1;
        let offered: Vec<&str> = task["tools"]
            .as_array()
            .expect("tools")
            .iter()
            .map(|t| t["name"].as_str().expect("name"))
            .collect();
        let Some(demos) = task["demonstrations"].as_array() else {
            continue;
        };
        with += 1;
        assert!(demos.len() <= 4 && demos.len() % 2 == 0, "{demos:?}");
        for pair in demos.chunks(2) {
            assert_eq!(pair[0]["role"], "user");
            assert_eq!(pair[1]["role"], "assistant");
            let request = pair[0]["content"].as_str().expect("request");
            assert!(train_text.contains(&serde_json::to_string(request).expect("json")));
            assert_ne!(Some(request), task["messages"][0]["content"].as_str());
            for call in pair[1]["tool_calls"].as_array().expect("calls") {
                let name = call["name"].as_str().expect("name");
                assert!(offered.contains(&name), "{name} not in {offered:?}");
            }
        }
    }
    assert!(with * 10 >= total * 9, "{with} of {total} tasks got shots");
    let check = tz(&["data", "check", s(&outs[0]), "--tools", s(&tools)]);
    assert!(check.status.success(), "{}", stdout(&check));
    let cleared = tmp.path().join("c.jsonl");
    let run = shots(&outs[0], &train, 0, &cleared);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(
        std::fs::read(&cleared).expect("cleared"),
        std::fs::read(&test).expect("test split"),
        "k = 0 removes the shots"
    );
}

#[test]
fn import_bfcl_and_rlla_then_check() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = shared_data();
    let bfcl = tmp.path().join("bfcl.jsonl");
    let out = tz(&[
        "data",
        "import",
        "--from",
        "bfcl",
        s(&data.join("bfcl")),
        "-o",
        s(&bfcl),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&bfcl)
            .expect("read")
            .lines()
            .count(),
        840
    );
    let rlla = tmp.path().join("rlla.jsonl");
    let out = tz(&[
        "data",
        "import",
        "--from",
        "rlla",
        s(&data.join("rlla/rlla_4k/test.jsonl")),
        "-o",
        s(&rlla),
        "--filter",
        "--mask",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&rlla).expect("read");
    assert!(
        text.contains("\"func_1\"") && text.contains("\"param_1\""),
        "masked names"
    );
    for f in [&bfcl, &rlla] {
        let check = tz(&["data", "check", s(f)]);
        assert!(
            check.status.success(),
            "{}{}",
            stdout(&check),
            stderr(&check)
        );
    }
}

#[test]
fn check_reports_bad_lines_and_unresolvable_tools_one_line_each() {
    let tmp = tempfile::tempdir().expect("tmp");
    let f = tmp.path().join("bad.jsonl");
    let good = r#"{"id":"t1","messages":[{"role":"user","content":"hi"}],"tools":[{"name":"nope_fn"}],"turns":[{"ground_truth":[]}]}"#;
    std::fs::write(&f, format!("{{not json\n{good}\n{{\"id\": 3}}\n")).expect("write");
    let out = tz(&["data", "check", s(&f), "--tools", s(&tools_dir())]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].contains("bad.jsonl:1"), "{text}");
    assert!(lines[1].contains("bad.jsonl:3"), "{text}");
    assert!(lines[2].contains("nope_fn"), "{text}");
}

#[test]
fn score_prints_reward_parts_per_completion_and_follows_the_schedule() {
    let tmp = tempfile::tempdir().expect("tmp");
    let tasks = tmp.path().join("tasks.jsonl");
    std::fs::write(
        &tasks,
        r#"{"id":"t1","messages":[{"role":"user","content":"area?"}],"tools":[{"name":"area","description":"area","parameters":{"type":"dict","properties":{"base":{"type":"integer"}},"required":["base"]}}],"turns":[{"ground_truth":[[{"area":{"base":[10]}}]]}]}
"#,
    )
    .expect("write");
    let completions = tmp.path().join("c.jsonl");
    std::fs::write(
        &completions,
        concat!(
            r#"{"id":"t1","completion":"<think>ok</think><tool_call>[{\"name\": \"area\", \"arguments\": {\"base\": 10}}]</tool_call>"}"#,
            "\n",
            r#"{"id":"t1","completion":"garbage"}"#,
            "\n"
        ),
    )
    .expect("write");
    let score = |step: &str| {
        let out = tz(&[
            "score",
            "--tasks",
            s(&tasks),
            "--completions",
            s(&completions),
            "--step",
            step,
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).expect("json line"))
            .collect::<Vec<_>>()
    };
    let early = score("0");
    let late = score("50");
    assert_eq!(early.len(), 2);
    assert!(early[0]["reward"].as_f64() > early[1]["reward"].as_f64());
    assert_eq!(early[0]["parts"]["strict_match"], 1.0);
    assert!(late[0]["parts"]["sigma"].as_f64() > early[0]["parts"]["sigma"].as_f64());
    let bad = tz(&[
        "score",
        "--tasks",
        s(&tasks),
        "--completions",
        s(&completions),
        "--reward",
        "nope",
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn score_gives_the_calling_completion_the_higher_reward_on_an_imported_relevance_task() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(
        tmp.path().join("BFCL_v4_live_relevance.json"),
        r#"{"id": "live_relevance_0", "question": [[{"role": "user", "content": "Weather in Paris?"}]], "function": [{"name": "get_weather", "description": "d", "parameters": {"type": "dict", "properties": {"city": {"type": "string"}}, "required": ["city"]}}]}"#,
    )
    .expect("write");
    let tasks = tmp.path().join("tasks.jsonl");
    let out = tz(&[
        "data",
        "import",
        "--from",
        "bfcl",
        s(tmp.path()),
        "-o",
        s(&tasks),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let completions = tmp.path().join("c.jsonl");
    std::fs::write(
        &completions,
        concat!(
            r#"{"id":"live_relevance_0","completion":"<think>ok</think><tool_call>[{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}]</tool_call>"}"#,
            "\n",
            r#"{"id":"live_relevance_0","completion":"<think>no</think><answer>I cannot help.</answer>"}"#,
            "\n"
        ),
    )
    .expect("write");
    for step in ["0", "50"] {
        let out = tz(&[
            "score",
            "--tasks",
            s(&tasks),
            "--completions",
            s(&completions),
            "--step",
            step,
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let lines: Vec<Value> = stdout(&out)
            .lines()
            .map(|l| serde_json::from_str(l).expect("json line"))
            .collect();
        assert!(
            lines[0]["reward"].as_f64() > lines[1]["reward"].as_f64(),
            "{lines:?}"
        );
        assert_eq!(lines[0]["parts"]["strict_match"], 1.0);
        assert_eq!(lines[1]["parts"]["strict_match"], 0.0);
    }
}

/// `tz data shots --style turn` shows each shot's calls' results from the tools and an answer,
/// in a file `tz data check` accepts.
#[test]
fn whole_turn_shots_show_each_call_s_result_and_an_answer() {
    let tmp = tempfile::tempdir().expect("tmp");
    let train = tmp.path().join("t.jsonl");
    let tools = tools_dir();
    gen_tasks(60, 4, &train);
    let test = tmp.path().join("t.test.jsonl");
    let out = tmp.path().join("turn.jsonl");
    let run = tz(&[
        "data",
        "shots",
        s(&test),
        "--pool",
        s(&train),
        "--style",
        "turn",
        "--tools",
        s(&tools),
        "-o",
        s(&out),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let mut shots = 0;
    for line in std::fs::read_to_string(&out).expect("shots").lines() {
        let task: Value = serde_json::from_str(line).expect("task");
        let Some(demos) = task["demonstrations"].as_array() else {
            continue;
        };
        shots += 1;
        let calls = demos[1]["tool_calls"].as_array().expect("calls");
        assert_eq!(demos.len(), 3 + calls.len(), "{demos:?}");
        for (call, result) in calls.iter().zip(&demos[2..]) {
            assert_eq!(result["role"], "tool");
            assert_eq!(result["name"], call["name"]);
            let text = result["content"].as_str().expect("result");
            assert!(!text.is_empty() && !text.starts_with("error"), "{text}");
        }
        let last = &demos[demos.len() - 1];
        assert_eq!(last["role"], "assistant");
        let answer = last["content"].as_str().expect("answer");
        assert!(answer.contains("</think><answer>"), "{answer}");
    }
    assert!(shots > 0, "no task got a shot");
    let check = tz(&["data", "check", s(&out), "--tools", s(&tools)]);
    assert!(check.status.success(), "{}", stdout(&check));
}
