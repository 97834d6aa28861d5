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
        "--set",
        "train.shots=1",
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
        "tool_calls/frac_episodes",
        "tool_calls/mean",
        "completions/mean_length",
        "clip_ratio/region_mean",
        "entropy",
        "grad_norm",
        "learning_rate",
        "sigma",
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
    // Measured wherever a sequence was trained (a step whose groups all tied trains none).
    for row in &rows {
        if let Some(gap) = row.get("logprob_gap/max") {
            assert!(
                gap.as_f64().expect("gap") < 1e-3,
                "sampler and trainer disagree: {row}"
            );
        }
    }
    // train.shots = 1: every prompt shows one other training task, solved by its call.
    assert!(
        stderr(&out).contains("pool tasks can be shots"),
        "{}",
        stderr(&out)
    );
    let samples = std::fs::read_to_string(run.join("samples.jsonl")).expect("samples");
    let first: serde_json::Value =
        serde_json::from_str(samples.lines().next().expect("a sample")).expect("json");
    let prompt = first["episode"]["segments"][0]["text"]
        .as_str()
        .expect("prompt");
    assert_eq!(prompt.matches(" times 7?").count(), 2, "{prompt}");
    assert!(
        prompt.contains("<think>The user asks for this; the calculate function does it.</think>"),
        "{prompt}"
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
    // Resume for many more steps and press Ctrl-C (SIGINT) once step 3 is logged: the run
    // stops after that step with a checkpoint (none is due: checkpoint_every is raised), exit 0.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tz"))
        .args([
            "train",
            "--tools",
            s(&tools),
            "--resume",
            s(&run),
            "--steps",
            "50",
            "--set",
            "train.checkpoint_every=100",
        ])
        .env("TZ_CACHE_DIR", cli_cache_dir())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("tz runs");
    let mut seen = Vec::new();
    let stderr_pipe = child.stderr.take().expect("stderr");
    for line in std::io::BufRead::lines(std::io::BufReader::new(stderr_pipe)) {
        let line = line.expect("stderr line");
        seen.push(line.clone());
        if line.starts_with("step 3/50") {
            let pid = child.id().to_string();
            let sent = std::process::Command::new("kill")
                .args(["-INT", &pid])
                .status()
                .expect("kill runs");
            assert!(sent.success());
        }
    }
    let status = child.wait().expect("wait");
    let seen = seen.join("\n");
    assert!(
        status.success(),
        "Ctrl-C is a clean stop, exit 0: {status:?}\n{seen}"
    );
    assert!(seen.contains("stopped early"), "{seen}");
    // The signal lands after step 3's line: the run stops after step 3 or, when the trainer
    // had already looked at the flag, after step 4; either way with that step's checkpoint.
    let newest = ["step-000004", "step-000003"]
        .into_iter()
        .find(|c| run.join("checkpoints").join(c).is_dir());
    assert!(newest.is_some(), "the stop writes a checkpoint: {seen}");
    assert!(
        !run.join("checkpoints").join("step-000005").exists(),
        "the run stopped within a step of the signal: {seen}"
    );
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
            s(&run.join("checkpoints").join(newest.expect("checked"))),
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
