//! The key/value cache of the inference path: one preallocated `[batch, kv_heads, capacity,
//! head_dim]` buffer per layer, written in place (`slice_set`), so decoding allocates no growing
//! tensors. In-place writes record no gradient: the cache is for sampling from detached weights.

use candle_core::{DType, Device, Tensor};

use crate::{Error, Result};

/// Keys and values of every layer for a batch of sequences that share one time axis.
#[derive(Debug, Clone)]
pub struct KvCache {
    layers: Vec<(Tensor, Tensor)>,
    len: usize,
    capacity: usize,
}

impl KvCache {
    /// An empty cache for `batch` rows of up to `capacity` tokens.
    pub fn new(
        layers: usize,
        batch: usize,
        kv_heads: usize,
        capacity: usize,
        head_dim: usize,
        device: &Device,
    ) -> Result<Self> {
        let shape = (batch, kv_heads, capacity, head_dim);
        let layers = (0..layers)
            .map(|_| {
                Ok((
                    Tensor::zeros(shape, DType::F32, device)?,
                    Tensor::zeros(shape, DType::F32, device)?,
                ))
            })
            .collect::<Result<_>>()?;
        Ok(Self {
            layers,
            len: 0,
            capacity,
        })
    }

    /// Tokens stored so far (the time offset of the next forward).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing is stored yet.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Rows in the cache.
    pub fn batch(&self) -> usize {
        self.layers.first().map_or(0, |(k, _)| k.dims()[0])
    }

    /// Writes `k`, `v` (`[b, kv_heads, t, d]`) for `layer` after the stored tokens and returns
    /// all keys and values so far (`[b, kv_heads, len + t, d]`). `len` advances in [`Self::advance`].
    pub(crate) fn append(&self, layer: usize, k: &Tensor, v: &Tensor) -> Result<(Tensor, Tensor)> {
        let t = k.dim(2)?;
        if self.len + t > self.capacity {
            return Err(Error::Sampling(format!(
                "kv cache full: {} + {t} tokens exceed its capacity {}",
                self.len, self.capacity
            )));
        }
        let (ck, cv) = &self.layers[layer];
        ck.slice_set(&k.contiguous()?, 2, self.len)?;
        cv.slice_set(&v.contiguous()?, 2, self.len)?;
        Ok((
            ck.narrow(2, 0, self.len + t)?,
            cv.narrow(2, 0, self.len + t)?,
        ))
    }

    /// Marks `t` more tokens as stored (after all layers were written).
    pub(crate) fn advance(&mut self, t: usize) {
        self.len += t;
    }

    /// Keeps only the given rows (e.g. to drop finished sequences), in the given order.
    pub fn select_rows(&mut self, rows: &[u32]) -> Result<()> {
        let Some((k0, _)) = self.layers.first() else {
            return Ok(());
        };
        let idx = Tensor::new(rows, k0.device())?;
        for (k, v) in &mut self.layers {
            *k = k.index_select(&idx, 0)?;
            *v = v.index_select(&idx, 0)?;
        }
        Ok(())
    }
}
