//! The key/value cache of the inference path: one preallocated `[batch, kv_heads, capacity,
//! head_dim]` buffer per layer, written in place (`slice_set`), so decoding allocates no growing
//! tensors. In-place writes record no gradient: the cache is for sampling from detached weights.
//!
//! Rows are managed in place too: the live rows are the first [`KvCache::rows`] of the buffer (a
//! view, so shrinking copies nothing), and [`KvCache::copy_row`] copies one row's stored tokens
//! over another, so dropping a finished row moves one row's filled prefix instead of copying the
//! whole cache, and a prompt prefilled once is broadcast to its samples by copying its prefix.

use candle_core::{DType, Device, Tensor};

use crate::{Error, Result};

/// Keys and values of every layer for a batch of sequences that share one time axis.
#[derive(Debug, Clone)]
pub struct KvCache {
    /// Per layer, keys and values `[allocated rows, kv_heads, capacity, head_dim]`.
    layers: Vec<(Tensor, Tensor)>,
    /// Rows in use: the first `rows` of each buffer.
    rows: usize,
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
            rows: batch,
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

    /// Rows in use (the batch of the next forward).
    pub fn batch(&self) -> usize {
        self.rows
    }

    /// Rows allocated: the most [`Self::set_rows`] accepts.
    pub fn allocated_rows(&self) -> usize {
        self.layers.first().map_or(0, |(k, _)| k.dims()[0])
    }

    /// Uses the first `rows` allocated rows from now on. Shrinking copies nothing; rows that
    /// come back into use hold whatever they held (fill them with [`Self::copy_row`]).
    pub fn set_rows(&mut self, rows: usize) -> Result<()> {
        if rows > self.allocated_rows() {
            return Err(Error::Sampling(format!(
                "kv cache has {} rows, {rows} requested",
                self.allocated_rows()
            )));
        }
        self.rows = rows;
        Ok(())
    }

    /// Copies the stored tokens of row `from` over row `to` (both below the allocated rows),
    /// every layer: `len` positions, not the whole capacity.
    pub fn copy_row(&mut self, from: usize, to: usize) -> Result<()> {
        let rows = self.allocated_rows();
        if from >= rows || to >= rows {
            return Err(Error::Sampling(format!(
                "kv cache row {from} -> {to} is outside its {rows} rows"
            )));
        }
        if from == to || self.len == 0 {
            return Ok(());
        }
        for (k, v) in &self.layers {
            for t in [k, v] {
                // A copy first: `slice_set` refuses a source that shares the destination's storage.
                let src = t
                    .narrow(0, from, 1)?
                    .narrow(2, 0, self.len)?
                    .force_contiguous()?;
                t.narrow(0, to, 1)?.slice_set(&src, 2, 0)?;
            }
        }
        Ok(())
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
        let (ck, cv) = (ck.narrow(0, 0, self.rows)?, cv.narrow(0, 0, self.rows)?);
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
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-layer cache of `rows` rows whose row `r` holds `r * 100 + position` in every entry.
    fn filled(rows: usize, len: usize) -> KvCache {
        let cache = KvCache::new(1, rows, 2, 8, 3, &Device::Cpu).unwrap();
        let values: Vec<f32> = (0..rows * 2 * len * 3)
            .map(|i| ((i / (2 * len * 3)) * 100 + (i / 3) % len) as f32)
            .collect();
        let kv = Tensor::from_vec(values, (rows, 2, len, 3), &Device::Cpu).unwrap();
        cache.append(0, &kv, &kv).unwrap();
        let mut cache = cache;
        cache.advance(len);
        cache
    }

    fn row_values(cache: &KvCache, row: usize) -> Vec<f32> {
        let (k, v) = &cache.layers[0];
        let k = k
            .narrow(0, row, 1)
            .unwrap()
            .narrow(2, 0, cache.len())
            .unwrap();
        let v = v
            .narrow(0, row, 1)
            .unwrap()
            .narrow(2, 0, cache.len())
            .unwrap();
        let mut out = k.flatten_all().unwrap().to_vec1::<f32>().unwrap();
        out.extend(v.flatten_all().unwrap().to_vec1::<f32>().unwrap());
        out
    }

    #[test]
    fn a_copied_row_holds_its_source_and_other_rows_are_untouched() {
        let mut cache = filled(3, 5);
        let (row0, row2) = (row_values(&cache, 0), row_values(&cache, 2));
        cache.copy_row(2, 1).unwrap();
        assert_eq!(row_values(&cache, 1), row2);
        assert_eq!(row_values(&cache, 0), row0);
        assert_eq!(row_values(&cache, 2), row2);
        assert!(cache.copy_row(3, 0).is_err());
    }

    #[test]
    fn shrinking_the_rows_keeps_the_first_ones_and_appends_go_to_them() {
        let mut cache = filled(3, 2);
        let row1 = row_values(&cache, 1);
        cache.set_rows(2).unwrap();
        assert_eq!(cache.batch(), 2);
        let kv = Tensor::ones((2, 2, 1, 3), DType::F32, &Device::Cpu).unwrap();
        let (k, _) = cache.append(0, &kv, &kv).unwrap();
        assert_eq!(k.dims(), &[2, 2, 3, 3]);
        cache.advance(1);
        assert_eq!(row_values(&cache, 1)[..6], row1[..6]);
        assert!(cache.set_rows(4).is_err());
        cache.set_rows(3).unwrap();
        assert_eq!(cache.batch(), 3);
    }
}
