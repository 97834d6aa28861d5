#!/usr/bin/env python3
"""Checks that transformers loads a `tz export` directory as we do: the tokenizer class,
the chat template, the prompt's token ids, and the logits (the last position's within 1e-4
of ours, every position's within 2e-4).

Usage (a venv with torch and transformers, as for the decode baseline):
    tz export RUN_DIR_OR_CHECKPOINT -o /tmp/exported
    python3 scripts/check_export.py /tmp/exported ["user message"]
Our logits come from `cargo run --release -p tz-trainer --example logits`, run on the same
directory. Exits 1, saying what differs, when anything does.
"""
import json, subprocess, sys, os
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
export = sys.argv[1]
message = sys.argv[2] if len(sys.argv) > 2 else "What is 17 times 23? Use the calculator."
ours = json.loads(subprocess.run(
    ["cargo", "run", "--release", "-q", "-p", "tz-trainer", "--example", "logits", "--", export, message],
    cwd=root, capture_output=True, text=True, check=False).stdout or "null")
if ours is None:
    sys.exit(f"our logits example failed on {export}")

tok = AutoTokenizer.from_pretrained(export)
model = AutoModelForCausalLM.from_pretrained(export, dtype=torch.float32).eval()
problems = []
prompt = message if tok.chat_template is None else tok.apply_chat_template(
    [{"role": "user", "content": message}], tokenize=False, add_generation_prompt=True)
if prompt != ours["prompt"]:
    problems.append(f"chat template renders {prompt!r}, ours {ours['prompt']!r}")
ids = tok(ours["prompt"], add_special_tokens=False).input_ids
if ids != ours["ids"]:
    problems.append(f"token ids differ: {ids[:12]}... vs ours {ours['ids'][:12]}...")
with torch.no_grad():
    logits = model(torch.tensor([ours["ids"]])).logits[0]
delta = (logits - torch.tensor(ours["logits"])).abs()
last, worst = delta[-1].max().item(), delta.max().item()
print(f"{type(tok).__name__}, {type(model).__name__}: {len(ids)} prompt ids; largest logit "
      f"difference at the last position {last:.2e}, over all {logits.numel()} logits {worst:.2e} "
      f"(logits up to {logits.abs().max().item():.1f})")
# The next-token logits (what generation reads) within 1e-4, as in trainer/tests/parity.rs;
# every position within 2e-4 (f32 sums in a different order over 30 layers).
if last > 1e-4:
    problems.append(f"last-position logits differ by {last:.2e} (> 1e-4)")
if worst > 2e-4:
    problems.append(f"logits differ by {worst:.2e} (> 2e-4)")
for p in problems:
    print("DIFFERS:", p)
sys.exit(1 if problems else 0)
