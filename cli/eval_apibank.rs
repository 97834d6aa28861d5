//! `tz eval --bench apibank`: API-Bank levels 1-3 as ToolRL prompts and scores them (see
//! `tz_env::data::apibank`): `[system, user]` through the model's chat template, greedy, one
//! completion per example, no tool execution (the expected call is the whole answer).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::anyhow;
use serde_json::{Value, json};
use tz_env::data::apibank::{self, ApiBankExample};
use tz_env::report::{self, ExampleResult, Report, Skipped};
use tz_env::spec::ToolCall;
use tz_trainer::{ChatMessage, Request, SamplingParams, generate};

use crate::Failure;
use crate::config::Config;
use crate::eval::{RunArgs, hash, limit_per_category, model_files, print_table, write_report};

/// End-of-turn markers of the chat templates we know, stopped on when the tokenizer has them.
const END_OF_TURN: [&str; 3] = ["<|im_end|>", "<|eot_id|>", "<|endoftext|>"];

/// Runs the benchmark on the level files in `dir`.
pub fn run(
    args: &RunArgs,
    cfg: &Config,
    dir: &Path,
    started: Instant,
) -> Result<ExitCode, Failure> {
    if cfg.train.shots > 0 {
        eprintln!(
            "note: train.shots = {} is not applied to API-Bank (ToolRL's prompt has its own format)",
            cfg.train.shots
        );
    }
    let files = apibank::level_files(dir);
    if files.is_empty() {
        return Err(Failure::Usage(anyhow!(
            "--data {}: no level-1/2/3-api_processed.json (API-Bank as ToolRL processes it)",
            dir.display()
        )));
    }
    let mut examples: Vec<ApiBankExample> = Vec::new();
    let mut skipped = Vec::new();
    let mut hashes = Vec::new();
    for (level, path) in &files {
        let (found, bad) =
            apibank::read_level(path, *level).map_err(|e| Failure::Usage(anyhow!(e)))?;
        hashes.push(hash(path)?);
        skipped.extend(bad.into_iter().map(|(row, why)| Skipped {
            at: format!("{}: row {row}", path.display()),
            reason: why,
        }));
        examples.extend(
            found
                .into_iter()
                .filter(|e| args.categories.is_empty() || args.categories.contains(&e.level)),
        );
    }
    let examples = limit_per_category(examples, args.limit, |e| e.level.clone());
    let ckpt = cfg.load_checkpoint(&cfg.device()?)?;
    let model = ckpt.model().map_err(|e| anyhow!(e))?;
    let params = SamplingParams {
        temperature: 0.0,
        seed: cfg.train.seed,
        stop_ids: END_OF_TURN
            .iter()
            .filter_map(|t| ckpt.tokenizer.token_id(t))
            .collect(),
        ..cfg.sampler.clone()
    };
    let loaded_at = started.elapsed();
    let decoding = Instant::now();
    let mut results = Vec::with_capacity(examples.len());
    let progress = crate::progress::EvalProgress::new(examples.len());
    for (chunk_index, chunk) in examples.chunks(args.batch).enumerate() {
        let mut prompts = Vec::new();
        let mut requests = Vec::new();
        for (i, e) in chunk.iter().enumerate() {
            let prompt = ckpt
                .tokenizer
                .apply_chat_template(
                    &[
                        ChatMessage::new("system", &e.system),
                        ChatMessage::new("user", &e.user),
                    ],
                    true,
                )
                .map_err(|e| anyhow!(e))?;
            let ids = ckpt.tokenizer.encode(&prompt).map_err(|e| anyhow!(e))?;
            requests.push(Request::new(ids, (chunk_index * args.batch + i) as u64, 0));
            prompts.push(prompt);
        }
        let completions =
            generate(&model, &ckpt.tokenizer, &requests, &params).map_err(|e| anyhow!(e))?;
        for ((e, prompt), completion) in chunk.iter().zip(&prompts).zip(&completions) {
            results.push(judge(e, prompt, &completion.text));
        }
        progress.update(results.len(), results.iter().filter(|r| r.valid).count());
    }
    progress.finish();
    let decode = decoding.elapsed();
    let setup = BTreeMap::from([
        ("model".to_string(), json!(cfg.model.name)),
        ("model_files".to_string(), json!(model_files(&ckpt.source))),
        (
            "template".to_string(),
            json!("the model's chat template, [system, user]"),
        ),
        ("seed".to_string(), json!(cfg.train.seed)),
        (
            "sampling".to_string(),
            json!({"temperature": 0.0, "max_new_tokens": params.max_new_tokens}),
        ),
        ("code_version".to_string(), json!(env!("TZ_VERSION"))),
        ("limit_per_category".to_string(), json!(args.limit)),
        (
            "scoring".to_string(),
            json!("ToolRL evaluate.py soft match"),
        ),
    ]);
    let report = Report::new("apibank", setup, hashes, skipped, results);
    write_report(args, &report)?;
    eprintln!(
        "categories found: {}; time: load {:.1} s, decode {:.1} s ({:.2} examples/s)",
        report.categories_found.join(", "),
        loaded_at.as_secs_f64(),
        decode.as_secs_f64(),
        report.examples.len() as f64 / decode.as_secs_f64().max(1e-9)
    );
    print_table(&report)
}

fn judge(e: &ApiBankExample, prompt: &str, output: &str) -> ExampleResult {
    let calls = apibank::toolrl_calls(output);
    let valid = apibank::toolrl_correct(e, &calls);
    let shown = calls
        .iter()
        .map(|c| match c {
            Value::Object(m) => ToolCall::new(
                m.get("name").and_then(Value::as_str).unwrap_or(""),
                m.get("parameters").cloned().unwrap_or_else(|| c.clone()),
            ),
            other => ToolCall::new("", other.clone()),
        })
        .collect();
    ExampleResult {
        id: e.id.clone(),
        category: e.level.clone(),
        prompt_sha256: report::sha256_hex(prompt.as_bytes()),
        output: output.to_string(),
        calls: shown,
        violations: Vec::new(),
        valid,
        reason: (!valid).then(|| {
            format!(
                "no call of `{}` with parameters equal to {}",
                e.answer_name, e.answer_parameters
            )
        }),
        error_type: (!valid).then(|| "toolrl:no_match".to_string()),
    }
}
