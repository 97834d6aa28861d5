//! The prefill of [`super::generate`]: every distinct prompt of a request batch into one KV
//! cache, sharing what prompts of one group have in common and bounding the attention memory.
//!
//! In a multi-round episode each later round asks for the whole transcript again: a GRPO
//! group's samples then have distinct prompts that share the task prompt (often a thousand
//! tokens of tool docs) and differ only in what each sample said and was told. Prefilling each
//! whole (as one left-padded batch) cost a forward pass over every row's full length and an
//! attention score tensor of `rows × heads × t × t`: a step of 8 groups × 8 samples with
//! 1,000-token prompts spent ~1,200 s there on two cores. So the prefill runs in two stages:
//!
//! 1. **Shared prefixes.** The distinct prompts of one group (requests of one `prompt_index`)
//!    share their longest common prefix, less at least the last token of each (whose logits
//!    start sampling); each group's prefix is prefilled once, in one batch over the groups, and
//!    its cache row copied to each of the group's prompts.
//! 2. **The rests.** Every prompt's remaining tokens (at least one) are prefilled on top of its
//!    prefix, in one batch, left-padded: pad columns are masked out for every later query.
//!
//! Both stages run in column chunks sized so that one attention score tensor
//! (`rows × heads × chunk × columns`) stays near [`SCORE_BUDGET`] entries; a chunk's pad
//! tokens are computed and masked like any other. A prompt alone is its own group: its prefix
//! is all but its last token. Rows differ from the one-stage prefill only by rounding (the
//! shapes of the matmuls change), as they already did with the batch's padding.

use std::collections::HashMap;

use candle_core::Tensor;

use crate::Result;
use crate::model::{KvCache, Model};

/// Entries of one `[rows, heads, chunk, columns]` attention score tensor a chunk may make
/// (32 Mi f32 = 128 MiB; candle's attention keeps a few such tensors alive at once).
pub(super) const SCORE_BUDGET: usize = 1 << 25;

/// The cache and state after the prefill of the distinct prompts.
pub(super) struct Prefilled {
    /// One row per distinct prompt (in the order given), holding its whole prompt.
    pub cache: KvCache,
    /// Per distinct prompt, the attention mask over the cache's columns (1 = its token).
    pub mask: Vec<Vec<f32>>,
    /// `[prompts, vocab]` logits after each prompt's last token.
    pub logits: Tensor,
}

/// Prefills `prompts` (distinct, each non-empty; `groups[i]` the group of prompt i) into a new
/// cache of `rows` rows (at least `prompts.len()`) with room for `new_tokens` more columns,
/// in chunks whose score tensors hold about `budget` entries ([`SCORE_BUDGET`]; the tests also
/// run it with a budget of one, every column a chunk of its own).
pub(super) fn prefill(
    model: &Model,
    pad_id: u32,
    prompts: &[Vec<u32>],
    groups: &[u64],
    rows: usize,
    new_tokens: usize,
    budget: usize,
) -> Result<Prefilled> {
    // `source[i]`: the stage-1 row of prompt i; stage-1 rows are numbered in order of first
    // appearance, so `source[i] <= i` and copying from the last prompt down reads every
    // stage-1 row before anything overwrites it.
    let mut row_of_group: HashMap<u64, usize> = HashMap::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let source: Vec<usize> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let s = *row_of_group.entry(*g).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            members[s].push(i);
            s
        })
        .collect();
    let shared: Vec<usize> = members
        .iter()
        .map(|m| {
            let first = &prompts[m[0]];
            let common = m.iter().skip(1).fold(first.len(), |n, &i| {
                n.min(
                    first
                        .iter()
                        .zip(&prompts[i])
                        .take_while(|(a, b)| a == b)
                        .count(),
                )
            });
            let shortest = m.iter().map(|&i| prompts[i].len()).min().unwrap_or(0);
            common.min(shortest.saturating_sub(1))
        })
        .collect();
    let longest_prefix = shared.iter().copied().max().unwrap_or(0);
    let longest_rest = source
        .iter()
        .zip(prompts)
        .map(|(&s, p)| p.len() - shared[s])
        .max()
        .unwrap_or(0);
    let mut cache = model.new_cache(rows, longest_prefix + longest_rest + new_tokens)?;

    // Stage 1: each group's shared prefix once.
    cache.set_rows(members.len())?;
    let prefixes: Vec<Extension<'_>> = members
        .iter()
        .zip(&shared)
        .map(|(m, &n)| Extension {
            ids: &prompts[m[0]][..n],
            start: 0,
        })
        .collect();
    let no_mask = vec![Vec::new(); members.len()];
    let (stage1_mask, _) = extend(model, &mut cache, pad_id, &prefixes, no_mask, false, budget)?;

    // Stage 2: copy each prefix to its prompts, then every prompt's rest.
    cache.set_rows(prompts.len())?;
    for (i, &s) in source.iter().enumerate().rev() {
        cache.copy_row(s, i)?;
    }
    let rests: Vec<Extension<'_>> = source
        .iter()
        .zip(prompts)
        .map(|(&s, p)| Extension {
            ids: &p[shared[s]..],
            start: shared[s] as u32,
        })
        .collect();
    let base: Vec<Vec<f32>> = source.iter().map(|&s| stage1_mask[s].clone()).collect();
    let (mask, logits) = extend(model, &mut cache, pad_id, &rests, base, true, budget)?;
    let logits = logits
        .ok_or_else(|| crate::Error::Sampling("every prompt needs at least one token".into()))?;
    Ok(Prefilled {
        cache,
        mask,
        logits,
    })
}

/// Tokens to append to one cache row, the first at position `start`.
struct Extension<'a> {
    ids: &'a [u32],
    start: u32,
}

/// Appends `rows[r]` to row r of `cache` (left-padded to the longest, in column chunks) and
/// returns each row's mask over the cache's columns after it (`mask[r]`, the mask so far,
/// extended) and, when `logits` is asked for and something was appended, the `[rows, vocab]`
/// logits of the last column (only the last chunk goes through the output projection).
fn extend(
    model: &Model,
    cache: &mut KvCache,
    pad_id: u32,
    rows: &[Extension<'_>],
    mut mask: Vec<Vec<f32>>,
    logits: bool,
    budget: usize,
) -> Result<(Vec<Vec<f32>>, Option<Tensor>)> {
    let width = rows.iter().map(|r| r.ids.len()).max().unwrap_or(0);
    let n = rows.len();
    let mut ids = vec![pad_id; n * width];
    let mut positions = vec![0u32; n * width];
    for (r, row) in rows.iter().enumerate() {
        let pad = width - row.ids.len();
        ids[r * width + pad..(r + 1) * width].copy_from_slice(row.ids);
        for (i, p) in positions[r * width + pad..(r + 1) * width]
            .iter_mut()
            .enumerate()
        {
            *p = row.start + i as u32;
        }
        mask[r].extend(std::iter::repeat_n(0.0, pad));
        mask[r].extend(std::iter::repeat_n(1.0, row.ids.len()));
    }
    if width == 0 {
        return Ok((mask, None));
    }
    let heads = model.config().num_attention_heads.max(1);
    let columns = cache.len() + width;
    let chunk = (budget / (n * heads * columns).max(1)).clamp(1, width);
    let device = model.device().clone();
    let mut last = None;
    let mut at = 0;
    while at < width {
        let w = chunk.min(width - at);
        let take = |v: &[u32]| -> Vec<u32> {
            (0..n)
                .flat_map(|r| v[r * width + at..r * width + at + w].iter().copied())
                .collect()
        };
        let seen = cache.len() + w;
        let flat_mask: Vec<f32> = mask
            .iter()
            .flat_map(|m| m[..seen].iter().copied())
            .collect();
        let (ids, positions, flat_mask) = (
            Tensor::from_vec(take(&ids), (n, w), &device)?,
            Tensor::from_vec(take(&positions), (n, w), &device)?,
            Tensor::from_vec(flat_mask, (n, seen), &device)?,
        );
        at += w;
        if logits && at == width {
            last = Some(model.forward_last(&ids, &positions, &flat_mask, cache)?);
        } else {
            model.forward_hidden(&ids, &positions, &flat_mask, Some(cache))?;
        }
    }
    Ok((mask, last))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use candle_core::{DType, Device, IndexOp};
    use candle_nn::{VarBuilder, VarMap};

    use super::*;
    use crate::model::{Batch, Padding};

    fn tiny() -> Model {
        let cfg = serde_json::from_value(serde_json::json!({
            "model_type": "llama", "vocab_size": 61, "hidden_size": 32,
            "intermediate_size": 48, "num_hidden_layers": 2, "num_attention_heads": 4,
            "num_key_value_heads": 2, "max_position_embeddings": 128, "rms_norm_eps": 1e-5,
            "rope_theta": 10000.0, "tie_word_embeddings": false,
        }))
        .unwrap();
        let varmap = VarMap::new();
        Model::new(
            &cfg,
            VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu),
        )
        .unwrap()
    }

    /// Logits after the last token of `seq`, from the full forward pass without a cache.
    fn last_logits(model: &Model, seq: &[u32]) -> Vec<f32> {
        let b = Batch::new(&[seq.to_vec()], 0, Padding::Right, &Device::Cpu).unwrap();
        let logits = model.forward(&b).unwrap().squeeze(0).unwrap();
        logits.i(seq.len() - 1).unwrap().to_vec1().unwrap()
    }

    #[test]
    fn shared_prefixes_and_column_chunks_give_each_prompt_its_own_last_logits() {
        let model = tiny();
        let task: Vec<u32> = (0..23).map(|i| (i * 7 + 3) % 61).collect();
        let with = |tail: &[u32]| [task.clone(), tail.to_vec()].concat();
        // Group 0: three later-round prompts sharing the task (one is the task itself, one
        // shares a token past it); group 1: a prompt alone; group 2: a one-token prompt.
        let prompts = vec![
            with(&[5, 9, 11, 2]),
            task.clone(),
            vec![40, 41, 42, 43, 44, 45],
            with(&[5, 17]),
            vec![8],
        ];
        let groups = [0, 0, 1, 0, 2];
        let whole = prefill(&model, 0, &prompts, &groups, 7, 4, SCORE_BUDGET).unwrap();
        let chunked = prefill(&model, 0, &prompts, &groups, 7, 4, 1).unwrap();
        assert_eq!(whole.mask, chunked.mask);
        assert_eq!(whole.cache.len(), chunked.cache.len());
        for (i, p) in prompts.iter().enumerate() {
            // Each row's mask holds exactly its tokens.
            assert_eq!(
                whole.mask[i].iter().sum::<f32>() as usize,
                p.len(),
                "prompt {i}"
            );
            let want = last_logits(&model, p);
            for got in [&whole.logits, &chunked.logits] {
                let got: Vec<f32> = got.i(i).unwrap().to_vec1().unwrap();
                let diff = got
                    .iter()
                    .zip(&want)
                    .map(|(a, b)| (a - b).abs())
                    .fold(0f32, f32::max);
                assert!(diff < 1e-4, "prompt {i}: logits differ by {diff}");
            }
        }
        // The task was prefilled once for group 0: the cache holds the longest shared prefix
        // (22 tokens: all but the last of the task, a prompt of that group) plus the longest rest.
        assert_eq!(whole.cache.len(), 22 + 5);
    }
}
