# PyTorch baseline for trainer/benches/decode.rs: SmolLM2-135M (the same GGUF, dequantized to f32),
# transformers generate, 128 new tokens (EOS suppressed), temperature 1, full vocabulary, 2 threads.
import os, time, torch
from transformers import AutoModelForCausalLM, AutoTokenizer
torch.set_num_threads(2)
d = os.path.expanduser("~/.cache/tz/models"); f = "SmolLM2-135M-Instruct.Q4_1.gguf"
tok = AutoTokenizer.from_pretrained(d, gguf_file=f)
model = AutoModelForCausalLM.from_pretrained(d, gguf_file=f, dtype=torch.float32).eval()
msgs = [{"role": "user", "content": "Write a short story about a robot."}]
prompt = tok.apply_chat_template(msgs, tokenize=False, add_generation_prompt=True)
ids = tok(prompt, return_tensors="pt", add_special_tokens=False).input_ids
with torch.no_grad():  # warm-up: first-call costs stay out of the timings
    model.generate(ids, attention_mask=torch.ones_like(ids), do_sample=True, max_new_tokens=8, pad_token_id=2)
for b in [1, 8]:
    x = ids.repeat(b, 1)
    with torch.no_grad():
        t = time.time()
        out = model.generate(x, attention_mask=torch.ones_like(x), do_sample=True, temperature=1.0, top_k=0, top_p=1.0,
                             max_new_tokens=128, min_new_tokens=128, pad_token_id=2)
        dt = time.time() - t
    n = (out.shape[1] - x.shape[1]) * b
    print(f"torch batch {b}: {n} tokens in {dt:.2f}s = {n/dt:.1f} tok/s", flush=True)
