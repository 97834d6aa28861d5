//! The key/value cache of the inference path: one preallocated `[batch, kv_heads, capacity,
//! head_dim]` buffer per layer, written in place, so decoding allocates no growing tensors: a
//! host vector on the CPU (the decoding step of [`super::step`] works on it directly; a
//! multi-token forward writes into it and reads back a tensor of what is stored), a tensor
//! written with `slice_set` on an accelerator. In-place writes record no gradient: the cache is
//! for sampling from detached weights.
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
    store: Store,
    /// Rows in use: the first `rows` of each buffer.
    rows: usize,
    allocated: usize,
    kv_heads: usize,
    head_dim: usize,
    len: usize,
    capacity: usize,
}

/// Per layer, keys and values `[allocated rows, kv_heads, capacity, head_dim]`: host vectors on
/// the CPU (the decoding step of [`super::step`] writes and reads them directly), tensors on an
/// accelerator.
#[derive(Debug, Clone)]
enum Store {
    Host(Vec<(Vec<f32>, Vec<f32>)>),
    Device(Vec<(Tensor, Tensor)>),
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
        let store = if device.is_cpu() {
            let n = batch * kv_heads * capacity * head_dim;
            Store::Host(
                (0..layers)
                    .map(|_| (vec![0f32; n], vec![0f32; n]))
                    .collect(),
            )
        } else {
            Store::Device(
                (0..layers)
                    .map(|_| {
                        Ok((
                            Tensor::zeros(shape, DType::F32, device)?,
                            Tensor::zeros(shape, DType::F32, device)?,
                        ))
                    })
                    .collect::<Result<_>>()?,
            )
        };
        Ok(Self {
            store,
            rows: batch,
            allocated: batch,
            kv_heads,
            head_dim,
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

    /// Tokens each row can hold.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Rows allocated: the most [`Self::set_rows`] accepts.
    pub fn allocated_rows(&self) -> usize {
        self.allocated
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
        let (kvh, cap, d, len) = (self.kv_heads, self.capacity, self.head_dim, self.len);
        match &mut self.store {
            Store::Host(layers) => {
                for (k, v) in layers {
                    for buf in [k, v] {
                        for h in 0..kvh {
                            let src = ((from * kvh + h) * cap) * d;
                            let dst = ((to * kvh + h) * cap) * d;
                            buf.copy_within(src..src + len * d, dst);
                        }
                    }
                }
            }
            Store::Device(layers) => {
                for (k, v) in layers.iter() {
                    for t in [k, v] {
                        // A copy first: `slice_set` refuses a source that shares the
                        // destination's storage.
                        let src = t
                            .narrow(0, from, 1)?
                            .narrow(2, 0, len)?
                            .force_contiguous()?;
                        t.narrow(0, to, 1)?.slice_set(&src, 2, 0)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Writes `k`, `v` (`[b, kv_heads, t, d]`) for `layer` after the stored tokens and returns
    /// all keys and values so far (`[b, kv_heads, len + t, d]`). `len` advances in [`Self::advance`].
    pub(crate) fn append(
        &mut self,
        layer: usize,
        k: &Tensor,
        v: &Tensor,
    ) -> Result<(Tensor, Tensor)> {
        let t = k.dim(2)?;
        if self.len + t > self.capacity {
            return Err(Error::Sampling(format!(
                "kv cache full: {} + {t} tokens exceed its capacity {}",
                self.len, self.capacity
            )));
        }
        let (rows, kvh, cap, d, len) = (
            self.rows,
            self.kv_heads,
            self.capacity,
            self.head_dim,
            self.len,
        );
        match &mut self.store {
            Store::Host(layers) => {
                let (ck, cv) = &mut layers[layer];
                let mut out = Vec::with_capacity(2);
                for (buf, new) in [(ck, k), (cv, v)] {
                    let new = new.contiguous()?;
                    let values = new.flatten_all()?.to_vec1::<f32>()?; // [rows, kvh, t, d]
                    for (block, src) in values.chunks_exact(t * d).enumerate() {
                        let at = (block * cap + len) * d; // block = row * kvh + head
                        buf[at..at + t * d].copy_from_slice(src);
                    }
                    if len == 0 {
                        out.push(new);
                        continue;
                    }
                    // Everything so far, gathered: [rows, kvh, len + t, d].
                    let mut all = Vec::with_capacity(rows * kvh * (len + t) * d);
                    for block in 0..rows * kvh {
                        let at = block * cap * d;
                        all.extend_from_slice(&buf[at..at + (len + t) * d]);
                    }
                    out.push(Tensor::from_vec(all, (rows, kvh, len + t, d), k.device())?);
                }
                let v = out.pop().expect("two tensors");
                let k = out.pop().expect("two tensors");
                Ok((k, v))
            }
            Store::Device(layers) => {
                let (ck, cv) = &layers[layer];
                let (ck, cv) = (ck.narrow(0, 0, rows)?, cv.narrow(0, 0, rows)?);
                ck.slice_set(&k.contiguous()?, 2, len)?;
                cv.slice_set(&v.contiguous()?, 2, len)?;
                Ok((ck.narrow(2, 0, len + t)?, cv.narrow(2, 0, len + t)?))
            }
        }
    }

    /// The host buffers of `layer` (keys, values; `[allocated rows, kv_heads, capacity,
    /// head_dim]`), or `None` for a cache on an accelerator.
    pub(crate) fn host_layer(&mut self, layer: usize) -> Option<(&mut [f32], &mut [f32])> {
        match &mut self.store {
            Store::Host(layers) => layers
                .get_mut(layer)
                .map(|(k, v)| (k.as_mut_slice(), v.as_mut_slice())),
            Store::Device(_) => None,
        }
    }

    /// Whether the buffers are host vectors (see [`Self::host_layer`]).
    pub(crate) fn is_host(&self) -> bool {
        matches!(self.store, Store::Host(_))
    }

    /// `(kv_heads, head_dim)` of every layer.
    pub(crate) fn head_shape(&self) -> (usize, usize) {
        (self.kv_heads, self.head_dim)
    }

    /// Marks `t` more tokens as stored (after all layers were written).
    pub(crate) fn advance(&mut self, t: usize) {
        self.len += t;
    }

    /// Row `row`'s stored keys then values of `layer`, flat (tests).
    #[cfg(test)]
    fn row_values(&self, layer: usize, row: usize) -> Vec<f32> {
        let (kvh, cap, d, len) = (self.kv_heads, self.capacity, self.head_dim, self.len);
        let mut out = Vec::new();
        match &self.store {
            Store::Host(layers) => {
                let (k, v) = &layers[layer];
                for buf in [k, v] {
                    for h in 0..kvh {
                        let at = ((row * kvh + h) * cap) * d;
                        out.extend_from_slice(&buf[at..at + len * d]);
                    }
                }
            }
            Store::Device(layers) => {
                let (k, v) = &layers[layer];
                for t in [k, v] {
                    let t = t.narrow(0, row, 1).unwrap().narrow(2, 0, len).unwrap();
                    out.extend(t.flatten_all().unwrap().to_vec1::<f32>().unwrap());
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-layer cache of `rows` rows whose row `r` holds `r * 100 + position` in every entry.
    fn filled(rows: usize, len: usize) -> KvCache {
        let mut cache = KvCache::new(1, rows, 2, 8, 3, &Device::Cpu).unwrap();
        let values: Vec<f32> = (0..rows * 2 * len * 3)
            .map(|i| ((i / (2 * len * 3)) * 100 + (i / 3) % len) as f32)
            .collect();
        let kv = Tensor::from_vec(values, (rows, 2, len, 3), &Device::Cpu).unwrap();
        cache.append(0, &kv, &kv).unwrap();
        cache.advance(len);
        cache
    }

    fn row_values(cache: &KvCache, row: usize) -> Vec<f32> {
        cache.row_values(0, row)
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
