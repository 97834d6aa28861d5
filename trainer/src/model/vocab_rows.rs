//! The per-row arithmetic of [`super::ops::token_logprobs`] on the CPU: one pass over each row of
//! a `[rows × vocab]` logit chunk, where candle's composed ops made about nine (scale, max,
//! subtract, exp, sum, log, subtract, exp, multiply), each allocating a chunk-sized tensor.
//!
//! With `z = logits / T`, `m = max_j z_j` and `s = Σ_j exp(z_j − m)` (summed in f64):
//!
//! ```text
//! log Z     = m + ln s
//! log p(y)  = z_y − log Z
//! H         = log Z − Σ_j p_j z_j = log Z − (Σ_j exp(z_j − m) z_j) / s
//! ∂ℓ/∂logit_j = (g / T) (1[j = y] − exp(z_j − log Z))     for ℓ = g · log p(y)
//! ```

use rayon::prelude::*;

/// What one row's forward pass gives: `log p(y)`, `log Z` (kept for the backward pass) and the
/// entropy `H` in nats.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RowStats {
    pub(crate) logprob: f32,
    pub(crate) log_z: f32,
    pub(crate) entropy: f32,
}

/// [`RowStats`] of every row of `logits` (`[targets.len(), vocab]`, row-major, before the
/// temperature), rows in parallel.
pub(crate) fn forward_rows(
    logits: &[f32],
    vocab: usize,
    targets: &[u32],
    temperature: f64,
) -> Vec<RowStats> {
    let inv_t = (1.0 / temperature) as f32;
    logits
        .par_chunks(vocab)
        .zip(targets.par_iter())
        .map(|(row, &y)| {
            let m = row.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v * inv_t));
            let (mut s, mut sz) = (0f64, 0f64);
            for &v in row {
                let z = v * inv_t;
                let e = (z - m).exp();
                s += f64::from(e);
                sz += f64::from(e * z);
            }
            let log_z = f64::from(m) + s.ln();
            RowStats {
                logprob: (f64::from(row[y as usize] * inv_t) - log_z) as f32,
                log_z: log_z as f32,
                entropy: (log_z - sz / s) as f32,
            }
        })
        .collect()
}

/// Overwrites each row of `logits` (as in [`forward_rows`]) with `∂ℓ/∂logit` for
/// `ℓ = Σ_i g_i · log p_i(y_i)`, given each row's `log Z` from the forward pass.
pub(crate) fn grad_rows(
    logits: &mut [f32],
    vocab: usize,
    targets: &[u32],
    log_z: &[f32],
    g: &[f32],
    temperature: f64,
) {
    let inv_t = (1.0 / temperature) as f32;
    logits
        .par_chunks_mut(vocab)
        .zip(targets.par_iter().zip(log_z.par_iter().zip(g.par_iter())))
        .for_each(|(row, (&y, (&lz, &gi)))| {
            let scale = gi * inv_t;
            for v in row.iter_mut() {
                *v = -scale * (*v * inv_t - lz).exp();
            }
            row[y as usize] += scale;
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pass_statistics_equal_the_definitions_in_f64() {
        let vocab = 7;
        let logits: Vec<f32> = (0..2 * vocab)
            .map(|i| ((i * 37) % 11) as f32 - 4.5)
            .collect();
        let targets = [3u32, 6];
        let t = 0.8;
        let stats = forward_rows(&logits, vocab, &targets, t);
        for (r, row) in logits.chunks(vocab).enumerate() {
            let z: Vec<f64> = row.iter().map(|&v| f64::from(v) / t).collect();
            let log_z = z.iter().map(|v| v.exp()).sum::<f64>().ln();
            let p: Vec<f64> = z.iter().map(|v| (v - log_z).exp()).collect();
            let h = -p.iter().map(|p| p * p.ln()).sum::<f64>();
            let s = stats[r];
            assert!((f64::from(s.logprob) - (z[targets[r] as usize] - log_z)).abs() < 1e-5);
            assert!((f64::from(s.log_z) - log_z).abs() < 1e-5);
            assert!((f64::from(s.entropy) - h).abs() < 1e-5);
        }
        // The gradient against central differences of g · log p(y) in the logits.
        let g = [0.7f32, -1.3];
        let log_z: Vec<f32> = stats.iter().map(|s| s.log_z).collect();
        let mut grad = logits.clone();
        grad_rows(&mut grad, vocab, &targets, &log_z, &g, t);
        let loss = |l: &[f32]| -> f64 {
            forward_rows(l, vocab, &targets, t)
                .iter()
                .zip(g)
                .map(|(s, g)| f64::from(s.logprob) * f64::from(g))
                .sum()
        };
        for j in 0..logits.len() {
            let (mut up, mut down) = (logits.clone(), logits.clone());
            up[j] += 1e-2;
            down[j] -= 1e-2;
            let fd = (loss(&up) - loss(&down)) / 2e-2;
            assert!(
                (fd - f64::from(grad[j])).abs() < 1e-3,
                "{j}: {fd} vs {}",
                grad[j]
            );
        }
    }
}
