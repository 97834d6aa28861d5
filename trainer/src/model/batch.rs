//! Padded batches: token ids, per-row positions and the key mask that the model's forward takes,
//! built from sequences of different lengths (left padding for sampling, right for training).

use candle_core::{Device, Tensor};

use crate::{Error, Result};

/// Where the padding goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Padding {
    /// Pads before each sequence, so all rows end in the same column (sampling).
    Left,
    /// Pads after each sequence, so all rows start in column 0 (training).
    Right,
}

/// A padded batch: `ids`, `positions` (u32, `[b, t]`) and `mask` (f32, `[b, t]`, 1 = real token).
#[derive(Debug, Clone)]
pub struct Batch {
    /// Token ids, `[b, t]` u32; padding holds `pad_id`.
    pub ids: Tensor,
    /// Rope positions, `[b, t]` u32: a token's index among its row's real tokens (0 on padding).
    pub positions: Tensor,
    /// Key mask, `[b, t]` f32: 1 for real tokens, 0 for padding.
    pub mask: Tensor,
    /// Each row's real length.
    pub lengths: Vec<usize>,
    /// How the batch was padded.
    pub padding: Padding,
}

impl Batch {
    /// Pads `seqs` to the longest one with `pad_id`.
    pub fn new(seqs: &[Vec<u32>], pad_id: u32, padding: Padding, device: &Device) -> Result<Self> {
        let b = seqs.len();
        let t = seqs.iter().map(Vec::len).max().unwrap_or(0);
        if b == 0 || t == 0 {
            return Err(Error::Sampling(
                "a batch needs at least one non-empty sequence".into(),
            ));
        }
        let mut ids = vec![pad_id; b * t];
        let mut positions = vec![0u32; b * t];
        let mut mask = vec![0f32; b * t];
        for (r, seq) in seqs.iter().enumerate() {
            let start = match padding {
                Padding::Left => t - seq.len(),
                Padding::Right => 0,
            };
            for (i, &id) in seq.iter().enumerate() {
                ids[r * t + start + i] = id;
                positions[r * t + start + i] = i as u32;
                mask[r * t + start + i] = 1.0;
            }
        }
        Ok(Self {
            ids: Tensor::from_vec(ids, (b, t), device)?,
            positions: Tensor::from_vec(positions, (b, t), device)?,
            mask: Tensor::from_vec(mask, (b, t), device)?,
            lengths: seqs.iter().map(Vec::len).collect(),
            padding,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_padding_aligns_ends_and_counts_positions_from_each_row_start() {
        let b = Batch::new(&[vec![5, 6, 7], vec![8]], 0, Padding::Left, &Device::Cpu).unwrap();
        assert_eq!(
            b.ids.to_vec2::<u32>().unwrap(),
            vec![vec![5, 6, 7], vec![0, 0, 8]]
        );
        assert_eq!(
            b.positions.to_vec2::<u32>().unwrap(),
            vec![vec![0, 1, 2], vec![0, 0, 0]]
        );
        assert_eq!(
            b.mask.to_vec2::<f32>().unwrap(),
            vec![vec![1., 1., 1.], vec![0., 0., 1.]]
        );
    }

    #[test]
    fn right_padding_starts_rows_at_column_zero() {
        let b = Batch::new(&[vec![5], vec![8, 9]], 0, Padding::Right, &Device::Cpu).unwrap();
        assert_eq!(
            b.ids.to_vec2::<u32>().unwrap(),
            vec![vec![5, 0], vec![8, 9]]
        );
        assert_eq!(
            b.mask.to_vec2::<f32>().unwrap(),
            vec![vec![1., 0.], vec![1., 1.]]
        );
    }
}
