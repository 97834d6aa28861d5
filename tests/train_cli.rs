//! `tz train` and `tz export` end to end with the default model (SmolLM2-135M-Instruct) against
//! the shipped tools: a two-step run writes its run directory and a checkpoint that reloads and
//! generates, resumes, and exports to a Hugging Face directory that loads too.

use std::path::Path;

use crate::common::*;

fn s(p: &Path) -> &str {
    p.to_str().expect("utf8 path")
}

#[test]
fn a_two_step_run_of_the_default_model_writes_a_checkpoint_that_reloads_and_generates() {
    let model = tz_trainer::default_model_path();
    assert!(
        model.is_file(),
        "this test needs the default model at {}: run scripts/fetch-model.sh",
        model.display()
    );
    let tmp = tempfile::tempdir().expect("tmp");
    let run = tmp.path().join("run");
    let tools = tools_dir();
    // Tasks offering one function keep prompts short (a prompt lists every offered function).
    let task = |i: usize, a: u32, b: u32| {
        format!(
            r#"{{"id":"c{i}","messages":[{{"role":"user","content":"What is {a} times {b}?"}}],"tools":[{{"name":"calculate"}}],"turns":[{{"ground_truth":[[{{"calculate":{{"expression":["{a}*{b}","{a} * {b}"]}}}}]]}}]}}"#
        )
    };
    let data = tmp.path().join("tasks.jsonl");
    let eval = tmp.path().join("eval.jsonl");
    std::fs::write(
        &data,
        (0..4)
            .map(|i| task(i, 3 + i as u32, 7))
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .expect("write");
    std::fs::write(
        &eval,
        (4..6)
            .map(|i| task(i, 11, i as u32))
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .expect("write");
    let small = [
        "--data",
        s(&data),
        "--eval-data",
        s(&eval),
        "--set",
        "train.eval_tasks=2",
        "--set",
        "train.checkpoint_every=1",
        "--set",
        "sampler.max_new_tokens=16",
        "--set",
        "env.max_tokens=32",
        "--set",
        "env.max_rounds_per_turn=2",
    ];
    let mut args = vec![
        "train",
        "--tools",
        s(&tools),
        "--steps",
        "2",
        "--prompts-per-step",
        "2",
        "--group-size",
        "2",
        "-o",
        s(&run),
    ];
    args.extend(small);
    let out = tz(&args);
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    for file in [
        "config.toml",
        "run.json",
        "metrics.jsonl",
        "samples.jsonl",
        "plot.svg",
    ] {
        assert!(run.join(file).is_file(), "{file} missing: {}", stderr(&out));
    }
    let metrics = std::fs::read_to_string(run.join("metrics.jsonl")).expect("metrics");
    let rows: Vec<serde_json::Value> = metrics
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(rows.len(), 3, "two steps and the final evaluation");
    for key in [
        "reward",
        "reward_std",
        "frac_reward_zero_std",
        "completions/mean_length",
        "clip_ratio/region_mean",
        "entropy",
        "grad_norm",
        "learning_rate",
        "sigma",
        "logprob_gap/max",
        "time/sampling",
        "time/sandbox",
        "eval/strict_accuracy",
    ] {
        assert!(
            rows[0].get(key).is_some(),
            "metric {key} missing: {}",
            rows[0]
        );
    }
    assert!(
        rows[0]["logprob_gap/max"].as_f64().expect("gap") < 1e-3,
        "sampler and trainer disagree: {}",
        rows[0]
    );
    let ckpt = run.join("checkpoints").join("step-000002");
    assert!(ckpt.join("optimizer.safetensors").is_file());
    let generated = tz(&[
        "generate",
        "--model",
        s(&ckpt),
        "--prompt",
        "What is 2+2?",
        "--chat",
        "--max-new-tokens",
        "4",
        "--temperature",
        "0",
    ]);
    assert!(generated.status.success(), "{}", stderr(&generated));
    // Resume with one more step: continues from step 2, logs step 2 once.
    let more = tz(&[
        "train",
        "--tools",
        s(&tools),
        "--resume",
        s(&run),
        "--steps",
        "3",
    ]);
    assert!(more.status.success(), "{}", stderr(&more));
    assert!(run.join("checkpoints").join("step-000003").is_dir());
    let export = tmp.path().join("export");
    let exported = tz(&["export", s(&run), "-o", s(&export)]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    for file in [
        "config.json",
        "model.safetensors",
        "tokenizer.json",
        "tokenizer_config.json",
        "generation_config.json",
    ] {
        assert!(export.join(file).is_file(), "{file} missing");
    }
    assert!(!export.join("optimizer.safetensors").exists());
    let again = tz(&[
        "generate",
        "--model",
        s(&export),
        "--prompt",
        "What is 2+2?",
        "--chat",
        "--max-new-tokens",
        "4",
        "--temperature",
        "0",
    ]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(stdout(&again), {
        let direct = tz(&[
            "generate",
            "--model",
            s(&run.join("checkpoints").join("step-000003")),
            "--prompt",
            "What is 2+2?",
            "--chat",
            "--max-new-tokens",
            "4",
            "--temperature",
            "0",
        ]);
        stdout(&direct)
    });
}
