# PyTorch baseline for trainer/benches/decode_rl.rs: the GRPO rollout shape, 8 prompts x 8 samples
# (transformers generate with num_return_sequences=8 on the 8 left-padded prompts), up to 256 new
# tokens at temperature 0.8 over the full vocabulary, ending on <|im_end|> / <|endoftext|>, 2
# threads, the same GGUF dequantized to f32. Tokens/s counts each row's ids up to and including its
# stop id (what a trainer uses), not the padding generate keeps computing for finished rows.
# Usage: python3 decode_rl_torch.py [RUNS]
import os, re, sys, time, torch
from transformers import AutoModelForCausalLM, AutoTokenizer

torch.set_num_threads(2)
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
here = os.path.dirname(os.path.abspath(__file__))
src = open(os.path.join(here, "decode_rl.rs")).read()
# The prompts and system text are read from the Rust bench so the two cannot drift apart.
system = re.search(r'const SYSTEM: &str = "(.*?)";', src, re.S).group(1)
system = re.sub(r"\\\n\s*", "", system).replace('\\"', '"')
prompts = re.findall(r'^    "(.*)",$', re.search(r"const PROMPTS.*?\];", src, re.S).group(0), re.M)
assert len(prompts) == 8, prompts

d = os.path.expanduser("~/.cache/tz/models"); f = "SmolLM2-135M-Instruct.Q4_1.gguf"
tok = AutoTokenizer.from_pretrained(d, gguf_file=f)
model = AutoModelForCausalLM.from_pretrained(d, gguf_file=f, dtype=torch.float32).eval()
stop = [tok.convert_tokens_to_ids(t) for t in ["<|im_end|>", "<|endoftext|>"]]
texts = [tok.apply_chat_template([{"role": "system", "content": system}, {"role": "user", "content": p}],
                                 tokenize=False, add_generation_prompt=True) for p in prompts]
tok.padding_side = "left"
enc = tok(texts, return_tensors="pt", padding=True, add_special_tokens=False)
lens = enc.attention_mask.sum(1).tolist()


def run(new_tokens):
    with torch.no_grad():
        t = time.time()
        out = model.generate(enc.input_ids, attention_mask=enc.attention_mask, do_sample=True, temperature=0.8,
                             top_k=0, top_p=1.0, max_new_tokens=new_tokens, num_return_sequences=8,
                             eos_token_id=stop, pad_token_id=stop[-1])
        dt = time.time() - t
    gen = out[:, enc.input_ids.shape[1]:].tolist()
    lengths = [next((i + 1 for i, x in enumerate(row) if x in stop), len(row)) for row in gen]
    return lengths, dt


run(8)  # warm-up: first-call costs stay out of the timings
for r in range(runs):
    lengths, dt = run(256)
    n = sum(lengths)
    print(f"torch rl 8x8: prompts {min(lens)}-{max(lens)} tokens, {n} new tokens (mean {n / len(lengths):.0f}, "
          f"max {max(lengths)}, {sum(l == 256 for l in lengths)} rows at the cap)", flush=True)
    print(f"torch rl 8x8 run {r}: {n} tokens in {dt:.2f}s = {n / dt:.1f} tok/s", flush=True)
