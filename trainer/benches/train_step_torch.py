# PyTorch baseline for trainer/benches/train_step.rs: one GRPO optimizer step of SmolLM2-135M
# (the same GGUF, dequantized to f32, through transformers) on the same batch: 8 x 256 token
# ids (the last 3/4 of each row trained), log-probs at temperature 0.8, the clipped surrogate,
# backward, clip_grad_norm_(1.0) and torch.optim.AdamW, 2 threads. Prints the median step time
# and the peak RSS. Usage: python3 train_step_torch.py [STEPS] (TZ_BENCH_BATCH, TZ_BENCH_SEQ).
import os, resource, statistics, sys, time, torch
from transformers import AutoModelForCausalLM
torch.set_num_threads(2)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
batch, seq = int(os.environ.get("TZ_BENCH_BATCH", 8)), int(os.environ.get("TZ_BENCH_SEQ", 256))
d = os.path.expanduser(os.environ.get("TZ_MODEL_DIR", "~/.cache/tz/models")); f = "SmolLM2-135M-Instruct.Q4_1.gguf"
model = AutoModelForCausalLM.from_pretrained(d, gguf_file=f, dtype=torch.float32)
model.train()
vocab = model.config.vocab_size
ids = torch.tensor([[(r * 7919 + i * 104729) % vocab for i in range(seq)] for r in range(batch)])
trained = torch.tensor([i >= seq // 4 for i in range(seq)])
mask = trained[1:].unsqueeze(0).expand(batch, -1).float()
old = torch.full((batch, seq - 1), -5.0)
adv = torch.tensor([1.0 if r % 2 == 0 else -1.0 for r in range(batch)]).unsqueeze(1)
weight = 1.0 / (batch * int(trained.sum()))
opt = torch.optim.AdamW(model.parameters(), lr=1e-6, weight_decay=0.0)
times = []
for s in range(steps + 1):
    t = time.time()
    logits = model(ids).logits[:, :-1] / 0.8
    logp = torch.log_softmax(logits, -1).gather(-1, ids[:, 1:].unsqueeze(-1)).squeeze(-1)
    ratio = torch.exp(logp - old)
    loss = -(torch.minimum(ratio * adv, ratio.clamp(0.8, 1.2) * adv) * mask).sum() * weight
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step(); opt.zero_grad(set_to_none=True)
    if s > 0:  # the first step allocates the optimizer state
        times.append(time.time() - t)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(f"torch {batch}x{seq}: median step {statistics.median(times):.2f}s over {steps} steps; peak RSS {peak} MiB", flush=True)
