//! GRPO's math as small pure functions (Shao et al. 2024, "DeepSeekMath", §4.1), with the loss
//! aggregations of DAPO (Yu et al. 2025) and Dr. GRPO (Liu et al. 2025).
//!
//! For a prompt q, G completions o_1..o_G with rewards r_1..r_G, and each model token t of o_i:
//!
//! ```text
//! A_i     = (r_i − mean(r)) / (std(r) + ε)                          group-normalized advantage
//! ρ_i,t   = exp(log π_θ(o_i,t | q, o_i,<t) − log π_old(o_i,t | q, o_i,<t))
//! ℓ_i,t   = −min(ρ_i,t · A_i, clip(ρ_i,t, 1 − ε_low, 1 + ε_high) · A_i)  + β · KL_i,t
//! KL_i,t  = π_ref/π_θ − log(π_ref/π_θ) − 1                          (k3, Schulman 2020)
//! L       = Σ_i Σ_t w_i · ℓ_i,t                                       (w_i from the aggregation)
//! ```
//!
//! Choices, and where they come from:
//! * std is the sample standard deviation (N − 1 in the denominator), as `torch.std` in TRL and
//!   verl; ε = 1e-4 (TRL). A group whose rewards are all equal has A_i = 0 for every member: it
//!   contributes no policy gradient (TRL logs their share as `frac_reward_zero_std`). With
//!   `scale = false` (Dr. GRPO) A_i = r_i − mean(r).
//! * [`Aggregation`]: sequence-mean GRPO `w_i = 1/(N·|o_i|)`; token-level DAPO
//!   `w_i = 1/Σ_j |o_j|`; Dr. GRPO `w_i = 1/(N·L_max)` with L_max the generation budget. N and the
//!   token counts are over the whole batch of one optimizer step, never per micro-batch, so
//!   gradient accumulation gives the gradient of the full batch.

use serde::{Deserialize, Serialize};

/// ε added to the group std.
pub const STD_EPS: f64 = 1e-4;

/// How per-token losses are summed into the batch loss (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// GRPO: mean over each sequence's tokens, then over sequences.
    #[default]
    Grpo,
    /// DAPO: mean over every token of the batch.
    Dapo,
    /// Dr. GRPO: sum over tokens divided by sequences × the generation budget.
    DrGrpo,
}

/// Group-normalized advantages for `rewards` laid out group after group (`group_size` each):
/// `A_i = (r_i − mean) / (std + ε)`, or `r_i − mean` when `scale` is off. A group whose rewards
/// are all equal gets exactly 0 (the float mean of equal values need not equal them, and
/// `1e-16 / ε` is not zero).
pub fn group_advantages(rewards: &[f64], group_size: usize, scale: bool) -> Vec<f64> {
    let g = group_size.max(1);
    rewards
        .chunks(g)
        .flat_map(|group| {
            let (mean, std) = mean_std(group);
            let tied = group.iter().all(|r| r.to_bits() == group[0].to_bits());
            group.iter().map(move |r| {
                if tied {
                    return 0.0;
                }
                let centred = r - mean;
                if scale {
                    centred / (std + STD_EPS)
                } else {
                    centred
                }
            })
        })
        .collect()
}

/// Mean and sample standard deviation (N − 1; 0 for a single value).
pub fn mean_std(xs: &[f64]) -> (f64, f64) {
    let n = xs.len();
    if n == 0 {
        return (0.0, 0.0);
    }
    let mean = xs.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return (mean, 0.0);
    }
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    (mean, var.sqrt())
}

/// The share of groups whose rewards are all equal (their advantages are all zero).
pub fn frac_zero_std(rewards: &[f64], group_size: usize) -> f64 {
    let groups: Vec<&[f64]> = rewards.chunks(group_size.max(1)).collect();
    if groups.is_empty() {
        return 0.0;
    }
    let flat = groups
        .iter()
        .filter(|g| g.iter().all(|r| (r - g[0]).abs() < 1e-12))
        .count();
    flat as f64 / groups.len() as f64
}

/// The loss weight w_i of every model token of each sequence, given each sequence's count of
/// model tokens and the generation budget L_max (see [`Aggregation`]).
pub fn token_weights(aggregation: Aggregation, lengths: &[usize], max_len: usize) -> Vec<f64> {
    let n = lengths.len().max(1) as f64;
    let total: usize = lengths.iter().sum();
    lengths
        .iter()
        .map(|&len| match aggregation {
            Aggregation::Grpo if len == 0 => 0.0,
            Aggregation::Grpo => 1.0 / (n * len as f64),
            Aggregation::Dapo => 1.0 / total.max(1) as f64,
            Aggregation::DrGrpo => 1.0 / (n * max_len.max(1) as f64),
        })
        .collect()
}

/// The clipped surrogate of one token, `−min(ρ·A, clip(ρ, 1 − ε_low, 1 + ε_high)·A)`, with
/// `ρ = exp(logp − old)`, and its derivative with respect to `logp` (`−ρ·A` where the unclipped
/// term is the minimum, 0 where the clip is active). A scalar reference for the tensor version.
pub fn clipped_surrogate(logp: f64, old: f64, adv: f64, eps_low: f64, eps_high: f64) -> (f64, f64) {
    let ratio = (logp - old).exp();
    let unclipped = ratio * adv;
    let clipped = ratio.clamp(1.0 - eps_low, 1.0 + eps_high) * adv;
    if unclipped <= clipped {
        (-unclipped, -unclipped)
    } else {
        (-clipped, 0.0)
    }
}

/// k3, the KL estimator `π_ref/π − log(π_ref/π) − 1 ≥ 0` of one token from log-probabilities.
pub fn k3(logp: f64, ref_logp: f64) -> f64 {
    let d = ref_logp - logp;
    d.exp() - d - 1.0
}

/// Whether a token's ratio is clipped, and on which side (TRL's `clip_ratio/low_*`: ρ < 1 − ε_low
/// with A < 0; `clip_ratio/high_*`: ρ > 1 + ε_high with A > 0).
pub fn clip_side(ratio: f64, adv: f64, eps_low: f64, eps_high: f64) -> (bool, bool) {
    (
        ratio < 1.0 - eps_low && adv < 0.0,
        ratio > 1.0 + eps_high && adv > 0.0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tied_group_has_exactly_zero_advantage_even_when_its_float_mean_is_off() {
        // 8 × this reward sums to a mean that differs from it in the last bit.
        let r = -0.9620709099893783;
        let mean = [r; 8].iter().sum::<f64>() / 8.0;
        assert_ne!(mean, r, "the case this test is about");
        for scale in [true, false] {
            assert_eq!(group_advantages(&[r; 8], 8, scale), vec![0.0; 8]);
            assert_eq!(group_advantages(&[0.1; 3], 3, scale), vec![0.0; 3]);
        }
    }

    #[test]
    fn advantages_are_normalized_per_group_with_the_sample_std() {
        let a = group_advantages(&[1.0, 0.0, 1.0, 0.0, 5.0, 5.0], 2, true);
        let s = (0.5f64).sqrt(); // sample std of {1, 0}
        assert!((a[0] - 0.5 / (s + STD_EPS)).abs() < 1e-12);
        assert!((a[1] + 0.5 / (s + STD_EPS)).abs() < 1e-12);
        assert_eq!(&a[4..], &[0.0, 0.0], "a flat group has zero advantage");
        let raw = group_advantages(&[1.0, 0.0], 2, false);
        assert_eq!(raw, vec![0.5, -0.5]);
        assert!((frac_zero_std(&[1.0, 0.0, 5.0, 5.0], 2) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn each_aggregation_has_its_documented_denominator() {
        let lens = [2, 6];
        assert_eq!(
            token_weights(Aggregation::Grpo, &lens, 10),
            vec![0.25, 1.0 / 12.0]
        );
        assert_eq!(
            token_weights(Aggregation::Dapo, &lens, 10),
            vec![0.125, 0.125]
        );
        assert_eq!(
            token_weights(Aggregation::DrGrpo, &lens, 10),
            vec![0.05, 0.05]
        );
        // Each weighting sums the token losses to a mean of the right kind.
        let w = token_weights(Aggregation::Grpo, &lens, 10);
        assert!((w[0] * 2.0 + w[1] * 6.0 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn the_surrogate_clips_only_in_the_direction_the_advantage_pushes() {
        // A > 0: the ratio may not profit above 1 + ε.
        let (l, d) = clipped_surrogate(0.5f64.ln(), 0.0, 1.0, 0.2, 0.2);
        assert!((l + 0.5).abs() < 1e-12 && (d + 0.5).abs() < 1e-12);
        let (l, d) = clipped_surrogate(2.0f64.ln(), 0.0, 1.0, 0.2, 0.2);
        assert!((l + 1.2).abs() < 1e-12 && d == 0.0);
        // A < 0: no profit below 1 − ε, full gradient above.
        let (l, d) = clipped_surrogate(0.5f64.ln(), 0.0, -1.0, 0.2, 0.2);
        assert!((l - 0.8).abs() < 1e-12 && d == 0.0);
        let (_, d) = clipped_surrogate(2.0f64.ln(), 0.0, -1.0, 0.2, 0.2);
        assert!((d - 2.0).abs() < 1e-12);
        assert_eq!(clip_side(0.5, -1.0, 0.2, 0.2), (true, false));
        assert_eq!(clip_side(2.0, 1.0, 0.2, 0.28), (false, true));
    }

    #[test]
    fn k3_is_zero_at_equal_policies_and_positive_elsewhere() {
        assert_eq!(k3(-1.0, -1.0), 0.0);
        assert!(k3(-1.0, -2.0) > 0.0 && k3(-2.0, -1.0) > 0.0);
    }
}
