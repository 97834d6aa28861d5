//! `tz eval` end to end with the default model on the shared BFCL categories: reports are
//! byte-identical across runs, `compare` lists deltas, and bad input is a clear error or a
//! counted skip.

use std::path::Path;

use serde_json::Value;

use crate::common::*;

fn s(p: &Path) -> &str {
    p.to_str().expect("utf8 path")
}

/// `tz eval` on `data` with a small token budget, writing `out`.
fn eval(data: &Path, extra: &[&str], out: &Path) -> std::process::Output {
    let tools = tools_dir();
    let mut args = vec![
        "eval",
        "--data",
        s(data),
        "--tools",
        s(&tools),
        "--limit",
        "1",
        "--set",
        "sampler.max_new_tokens=12",
        "--out",
        s(out),
    ];
    args.extend_from_slice(extra);
    tz(&args)
}

#[test]
fn two_runs_write_identical_reports_with_verdicts_reasons_and_hashes() {
    let model = tz_trainer::default_model_path();
    assert!(
        model.is_file(),
        "this test needs the default model at {}: run scripts/fetch-model.sh",
        model.display()
    );
    let tmp = tempfile::tempdir().expect("tmp");
    let bfcl = shared_data().join("bfcl");
    let (a, b) = (tmp.path().join("a.json"), tmp.path().join("b.json"));
    let cats = ["--categories", "simple_python,irrelevance", "--batch", "1"];
    let first = eval(&bfcl, &cats, &a);
    assert!(first.status.success(), "{}", stderr(&first));
    let cats = ["--categories", "simple_python,irrelevance", "--jobs", "1"];
    let second = eval(&bfcl, &cats, &b);
    assert!(second.status.success(), "{}", stderr(&second));
    let (ta, tb) = (
        std::fs::read(&a).expect("report a"),
        std::fs::read(&b).expect("report b"),
    );
    assert!(
        ta == tb,
        "batch size, thread count or run changed the report"
    );
    let report: Value = serde_json::from_slice(&ta).expect("json");
    assert_eq!(
        report["categories_found"],
        serde_json::json!(["simple_python", "irrelevance"])
    );
    let examples = report["examples"].as_array().expect("examples");
    assert_eq!(examples.len(), 2);
    for e in examples {
        assert_eq!(e["prompt_sha256"].as_str().map(str::len), Some(64), "{e}");
        assert!(e["valid"].is_boolean(), "{e}");
        assert_eq!(e["valid"] == false, e["reason"].is_string(), "{e}");
    }
    assert_eq!(report["data_files"].as_array().map(Vec::len), Some(3));
    assert!(report["setup"]["model_files"][0]["sha256"].is_string());
    let table = stdout(&first);
    assert!(table.contains("| simple_python | 1 |"), "{table}");

    let compared = tz(&["eval", "compare", s(&a), s(&b)]);
    assert!(compared.status.success(), "{}", stderr(&compared));
    assert!(
        stdout(&compared).contains("0 example(s) changed verdict"),
        "{}",
        stdout(&compared)
    );
}

#[test]
fn bad_input_is_a_clear_error_or_a_counted_skip() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("r.json");
    let bfcl = shared_data().join("bfcl");
    let unknown = eval(&bfcl, &["--categories", "simple_cobol"], &out);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("unknown BFCL category `simple_cobol`"),
        "{}",
        stderr(&unknown)
    );

    // A question file whose possible-answer file is missing.
    let dir = tmp.path().join("bfcl");
    std::fs::create_dir_all(dir.join("possible_answer")).expect("mkdir");
    std::fs::copy(
        bfcl.join("BFCL_v4_multiple.json"),
        dir.join("BFCL_v4_multiple.json"),
    )
    .expect("copy");
    let missing = eval(&dir, &[], &out);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("possible_answer"),
        "{}",
        stderr(&missing)
    );

    // A malformed line is skipped with its reason and counted in the report.
    let mut text = std::fs::read_to_string(bfcl.join("BFCL_v4_irrelevance.json")).expect("read");
    text.push_str("{not json\n");
    std::fs::write(dir.join("BFCL_v4_irrelevance.json"), text).expect("write");
    std::fs::remove_file(dir.join("BFCL_v4_multiple.json")).expect("rm");
    let skipped = eval(&dir, &[], &out);
    assert!(skipped.status.success(), "{}", stderr(&skipped));
    let report: Value =
        serde_json::from_slice(&std::fs::read(&out).expect("report")).expect("json");
    let skips = report["skipped"].as_array().expect("skipped");
    assert_eq!(skips.len(), 1, "{skips:?}");
    assert!(
        skips[0]["at"]
            .as_str()
            .is_some_and(|a| a.contains("BFCL_v4_irrelevance.json:")),
        "{skips:?}"
    );
}

#[test]
fn under_train_shots_eval_shows_the_prompts_training_shows() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (train, test) = (tmp.path().join("t.jsonl"), tmp.path().join("t.test.jsonl"));
    gen_tasks(60, 2, &train);
    // The same shots written into the file by `tz data shots` ...
    let with_shots = tmp.path().join("shots.jsonl");
    let written = shots(&test, &train, 1, &with_shots);
    assert!(written.status.success(), "{}", stderr(&written));
    let reports = ["file", "config", "none"].map(|n| tmp.path().join(format!("{n}.json")));
    let plain = ["--bench", "tasks", "--categories", "single,multiple"];
    let file = eval(&with_shots, &plain, &reports[0]);
    assert!(file.status.success(), "{}", stderr(&file));
    // ... as the config's train.shots attaches from its train.data, and none.
    let pool = format!("train.data=[\"{}\"]", s(&train));
    let by_config = [&plain[..], &["--set", "train.shots=1", "--set", &pool]].concat();
    let config = eval(&test, &by_config, &reports[1]);
    assert!(config.status.success(), "{}", stderr(&config));
    assert!(
        stderr(&config).contains("pool tasks can be shots"),
        "{}",
        stderr(&config)
    );
    let none = eval(&test, &plain, &reports[2]);
    assert!(none.status.success(), "{}", stderr(&none));
    let read = |p: &Path| -> Value {
        serde_json::from_slice(&std::fs::read(p).expect("report")).expect("json")
    };
    let [file, config, none] = reports.each_ref().map(|p| read(p));
    let prompts = |r: &Value| -> Vec<(String, String)> {
        r["examples"]
            .as_array()
            .expect("examples")
            .iter()
            .map(|e| (e["id"].to_string(), e["prompt_sha256"].to_string()))
            .collect()
    };
    assert_eq!(prompts(&file).len(), 2, "{file}");
    assert_eq!(prompts(&file), prompts(&config), "the same prompts");
    let differ = prompts(&none)
        .iter()
        .zip(prompts(&config))
        .filter(|(a, b)| **a != *b)
        .count();
    assert_eq!(differ, prompts(&none).len(), "every task got its shot");
    let recorded = &config["setup"]["shots"];
    assert_eq!(recorded["k"], 1, "{recorded}");
    assert_eq!(recorded["style"], "call", "{recorded}");
    assert_eq!(recorded["tasks_with_none"], 0, "{recorded}");
    assert_eq!(
        recorded["pool"][0]["sha256"].as_str().map(str::len),
        Some(64)
    );
    assert!(
        file["setup"].get("shots").is_none(),
        "recorded only when used"
    );
    // A file that already carries shots is not given a second set.
    let twice = eval(&with_shots, &by_config, &reports[1]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(
        stderr(&twice).contains("already carries demonstrations"),
        "{}",
        stderr(&twice)
    );
    // Whole-turn shots: the file `tz data shots --style turn` writes and the config's
    // train.shot_style = "turn" show the same prompts, which are not the call-only ones.
    let turn_file = tmp.path().join("turn-shots.jsonl");
    let tools = tools_dir();
    let written = tz(&[
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
        s(&turn_file),
    ]);
    assert!(written.status.success(), "{}", stderr(&written));
    let turn_reports = ["turn-file", "turn-config"].map(|n| tmp.path().join(format!("{n}.json")));
    let run = eval(&turn_file, &plain, &turn_reports[0]);
    assert!(run.status.success(), "{}", stderr(&run));
    let by_turn = [&by_config[..], &["--set", "train.shot_style=\"turn\""]].concat();
    let run = eval(&test, &by_turn, &turn_reports[1]);
    assert!(run.status.success(), "{}", stderr(&run));
    let [turn_file, turn_config] = turn_reports.each_ref().map(|p| read(p));
    assert_eq!(
        prompts(&turn_file),
        prompts(&turn_config),
        "the same prompts"
    );
    assert!(
        prompts(&turn_config)
            .iter()
            .zip(prompts(&config))
            .all(|(a, b)| *a != b),
        "a whole turn is not the call-only shot"
    );
    assert_eq!(turn_config["setup"]["shots"]["style"], "turn");
}

#[test]
fn api_bank_is_prompted_with_its_system_prompt_and_scored_per_level() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("r.json");
    let apibank = shared_data().join("apibank");
    let run = eval(&apibank, &["--bench", "apibank", "--batch", "2"], &out);
    assert!(run.status.success(), "{}", stderr(&run));
    let report: Value =
        serde_json::from_slice(&std::fs::read(&out).expect("report")).expect("json");
    assert_eq!(report["bench"], "apibank");
    assert_eq!(report["categories_found"], serde_json::json!(["level-2"]));
    let example = &report["examples"][0];
    assert_eq!(example["id"], "Level2_0");
    assert_eq!(
        example["valid"] == false,
        example["reason"].is_string(),
        "{example}"
    );
    let missing = eval(tmp.path(), &["--bench", "apibank"], &out);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("api_processed.json"),
        "{}",
        stderr(&missing)
    );
}
