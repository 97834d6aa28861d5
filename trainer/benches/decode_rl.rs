//! Rollout-shaped decoding of the default model (SmolLM2-135M, f32) on the CPU: the GRPO shape of
//! 8 prompts × 8 samples (each group shares its prompt, so it is prefilled once), up to 256 new
//! tokens at the rollout temperature 0.8, ending on the chat template's end-of-turn id (stop ids),
//! so rows finish at different steps. Prints tokens/s over the tokens actually sampled (each
//! row's ids up to and including its stop id). Needs `scripts/fetch-model.sh`.
//!
//! Not a criterion bench: one run takes about a minute, and criterion's ten-sample minimum would
//! hold a shared 2-core machine for ten. It runs one untimed warm-up generation (which also
//! counts the tokens: the same seed gives the same ids) and then `TZ_BENCH_RUNS` (default 1)
//! timed ones. The PyTorch baseline is `benches/decode_rl_torch.py` (the same prompts,
//! transformers `generate` with `num_return_sequences=8`); `scripts/bench_decode.sh` runs the
//! two alternately with the load average printed before each run.
#![allow(missing_docs)]

use std::time::Instant;

use tz_trainer::candle_core::Device;
use tz_trainer::{ChatMessage, Checkpoint, Request, SamplingParams, generate};

/// The system prompt every request shares (a tool-use prompt's length, roughly).
const SYSTEM: &str = "You are a helpful assistant with access to the following tools. \
To call a tool, answer with a JSON object {\"name\": ..., \"arguments\": {...}} inside \
<tool_call></tool_call> tags; otherwise answer in plain text. Tools: get_weather(city: string, \
unit: celsius|fahrenheit) returns the current weather of a city; calculate(expression: string) \
evaluates an arithmetic expression; search(query: string, max_results: integer) searches the \
web and returns titles and links; send_email(to: string, subject: string, body: string) sends \
an email. Think step by step before you answer, and keep answers short.";

/// The eight prompts (GRPO groups); their answers differ in length, so finishes are ragged.
const PROMPTS: [&str; 8] = [
    "What is 7 times 8?",
    "Name three primary colors.",
    "Write a haiku about the sea.",
    "Explain what a CPU does in two sentences.",
    "What is the weather like in Paris right now?",
    "Write a short story about a robot.",
    "Send an email to bob@example.com saying the meeting moved to 3pm.",
    "What is the capital of Japan?",
];
const SAMPLES: u64 = 8;
const NEW_TOKENS: usize = 256;

fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace()
        .nth(1)?
        .parse::<u64>()
        .ok()
        .map(|kib| kib / 1024)
}

fn main() {
    tz_trainer::alloc::keep_freed_memory();
    let runs: usize = std::env::var("TZ_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let ckpt = Checkpoint::load("default", &Device::Cpu)
        .unwrap_or_else(|e| panic!("{e} (run scripts/fetch-model.sh first)"));
    let model = ckpt.model().expect("model");
    let tokenizer = &ckpt.tokenizer;
    let stop_ids: Vec<u32> = ["<|im_end|>", "<|endoftext|>"]
        .iter()
        .filter_map(|m| tokenizer.token_id(m))
        .collect();
    let requests: Vec<Request> = PROMPTS
        .iter()
        .enumerate()
        .flat_map(|(p, user)| {
            let text = tokenizer
                .apply_chat_template(
                    &[
                        ChatMessage::new("system", SYSTEM),
                        ChatMessage::new("user", user),
                    ],
                    true,
                )
                .expect("template");
            let ids = tokenizer.encode(&text).expect("encode");
            (0..SAMPLES).map(move |s| Request::new(ids.clone(), p as u64, s))
        })
        .collect();
    let params = SamplingParams {
        temperature: 0.8,
        max_new_tokens: NEW_TOKENS,
        stop_ids,
        seed: 0,
        ..Default::default()
    };
    let prompt_len: Vec<usize> = requests.iter().map(|r| r.prompt_ids.len()).collect();
    let warm = generate(&model, tokenizer, &requests, &params).expect("generate");
    let lengths: Vec<usize> = warm.iter().map(|c| c.token_ids.len()).collect();
    let tokens: usize = lengths.iter().sum();
    println!(
        "candle rl 8x8: prompts {}-{} tokens, {tokens} new tokens (mean {:.0}, max {}, {} rows at the cap)",
        prompt_len.iter().min().unwrap_or(&0),
        prompt_len.iter().max().unwrap_or(&0),
        tokens as f64 / lengths.len() as f64,
        lengths.iter().max().unwrap_or(&0),
        lengths.iter().filter(|&&l| l == NEW_TOKENS).count(),
    );
    for run in 0..runs {
        let started = Instant::now();
        let out = generate(&model, tokenizer, &requests, &params).expect("generate");
        let secs = started.elapsed().as_secs_f64();
        assert_eq!(out, warm, "the same seed must give the same completions");
        println!(
            "candle rl 8x8 run {run}: {tokens} tokens in {secs:.2}s = {:.1} tok/s",
            tokens as f64 / secs
        );
    }
    println!("peak RSS: {:?} MiB", peak_rss_mib());
}
