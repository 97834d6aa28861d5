//! Shared-prefix packing for the loss: the samples of one GRPO group start with the same prompt
//! (often a thousand tokens of tool descriptions) and differ only in what follows, so one
//! packed row holds that prompt once and then each sample's own tokens, and the row's attention
//! spans ([`Row::spans`]) let each sample's tokens see the shared prompt and their own earlier
//! tokens only:
//!
//! ```text
//! sequences  a = P a₁ a₂       b = P b₁ b₂ b₃       (P: the tokens they share)
//! packed row P a₁ a₂ b₁ b₂ b₃,  positions 0‥|P|-1, |P|, |P|+1, |P|, |P|+1, |P|+2
//! attention  P: causal within P;  aᵢ: P and a_≤i;  bᵢ: P and b_≤i (never a)
//! ```
//!
//! Every token then has exactly the keys, values and rope position it has in its own
//! sequence, so its hidden state is the unpacked one (up to float summation order), and the
//! gradient of the shared part is the sum of each sample's: the one backward pass through the
//! shared prompt accumulates what the unpacked rows would each have sent through it. A token
//! scored from a shared position (the prompt's last token predicts each sample's first model
//! token) is selected once per sample, with that sample's target. The forward and backward
//! cost of the prompt is paid once per row instead of once per sample.
//!
//! Rows are built greedily over consecutive sequences (a group's samples are consecutive): a
//! sequence joins the current row when it shares at least half of its tokens with the row's
//! first sequence (and at least the prefix already shared in the row), and the row stays within
//! the micro-batch's token budget; otherwise it starts a new row.

use crate::model::Span;

/// A sequence's place in a packed row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    /// Its index among the sequences.
    pub seq: usize,
    /// The row column where its own tokens (those after the shared prefix) begin.
    pub start: usize,
    /// Its length (tokens).
    pub len: usize,
}

/// One packed row: a shared prefix, then each member's own tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The number of leading tokens every member shares (the first member's tokens
    /// `0..shared`).
    pub shared: usize,
    /// The members, in order.
    pub members: Vec<Member>,
    /// The row's length (columns).
    pub len: usize,
}

impl Row {
    /// A row holding one sequence of `len` tokens as it is.
    fn single(seq: usize, len: usize) -> Self {
        Self {
            shared: len,
            members: vec![Member {
                seq,
                start: len,
                len,
            }],
            len,
        }
    }

    /// The column of position `p` of member `m`.
    pub fn column(&self, m: &Member, p: usize) -> usize {
        if p < self.shared {
            p
        } else {
            m.start + (p - self.shared)
        }
    }

    /// Per column: the token id, its rope position, and its owner (`None` for the shared
    /// prefix, else the member's index in the row).
    pub fn columns(&self, seqs: &[&[u32]]) -> Vec<(u32, u32, Option<usize>)> {
        let mut out = Vec::with_capacity(self.len);
        let first = seqs[self.members[0].seq];
        out.extend((0..self.shared).map(|p| (first[p], p as u32, None)));
        for (k, m) in self.members.iter().enumerate() {
            let ids = seqs[m.seq];
            out.extend((self.shared..m.len).map(|p| (ids[p], p as u32, Some(k))));
        }
        debug_assert_eq!(out.len(), self.len);
        out
    }
}

/// The length of the common prefix of `a` and `b`.
fn common_prefix(a: &[u32], b: &[u32]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// Packs consecutive sequences into rows (see the module doc). With `share` false (or when no
/// two sequences qualify) every sequence is a row of its own.
pub fn pack(seqs: &[&[u32]], budget: usize, share: bool) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for (i, ids) in seqs.iter().enumerate() {
        if share && let Some(row) = rows.last_mut() {
            let first = seqs[row.members[0].seq];
            let common = common_prefix(first, ids);
            // A row of one sequence takes the common prefix as its shared part; a row that
            // already shares one keeps it.
            let shared = if row.members.len() == 1 {
                common
            } else {
                row.shared
            };
            let own = ids.len() - shared;
            let len = if row.members.len() == 1 {
                first.len() + own
            } else {
                row.len + own
            };
            if common >= shared && 2 * shared >= ids.len() && shared > 0 && len <= budget {
                if row.members.len() == 1 {
                    row.shared = shared;
                    row.members[0].start = shared;
                }
                row.members.push(Member {
                    seq: i,
                    start: row.len,
                    len: ids.len(),
                });
                row.len = len;
                continue;
            }
        }
        rows.push(Row::single(i, ids.len()));
    }
    rows
}

impl Row {
    /// The row's attention, padded to `cols` columns, as the model's spans: the shared columns
    /// see the shared columns up to themselves, a member's columns see every shared column and
    /// the member's own columns up to themselves, and padding columns see the padding up to
    /// themselves (their outputs are never read).
    pub(crate) fn spans(&self, cols: usize) -> Vec<Span> {
        let mut out = Vec::with_capacity(self.members.len() + 2);
        if self.shared > 0 {
            out.push(Span {
                start: 0,
                len: self.shared,
                shared: 0,
            });
        }
        for m in &self.members {
            if m.len > self.shared {
                out.push(Span {
                    start: m.start,
                    len: m.len - self.shared,
                    shared: self.shared,
                });
            }
        }
        if cols > self.len {
            out.push(Span {
                start: self.len,
                len: cols - self.len,
                shared: 0,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_sharing_its_prompt_packs_into_one_row() {
        let a: &[u32] = &[1, 2, 3, 4, 10, 11];
        let b: &[u32] = &[1, 2, 3, 4, 20];
        let c: &[u32] = &[1, 2, 3, 4, 30, 31, 32];
        let rows = pack(&[a, b, c], 100, true);
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!((r.shared, r.len), (4, 4 + 2 + 1 + 3));
        let starts: Vec<usize> = r.members.iter().map(|m| m.start).collect();
        assert_eq!(starts, vec![4, 6, 7]);
        let cols = r.columns(&[a, b, c]);
        let ids: Vec<u32> = cols.iter().map(|c| c.0).collect();
        let pos: Vec<u32> = cols.iter().map(|c| c.1).collect();
        assert_eq!(ids, vec![1, 2, 3, 4, 10, 11, 20, 30, 31, 32]);
        assert_eq!(pos, vec![0, 1, 2, 3, 4, 5, 4, 4, 5, 6]);
        assert_eq!(r.column(&r.members[2], 3), 3, "a shared position");
        assert_eq!(r.column(&r.members[2], 5), 8);
    }

    #[test]
    fn rows_split_at_the_budget_at_a_new_prompt_and_when_sharing_is_off() {
        let a: &[u32] = &[1, 2, 3, 4, 10];
        let b: &[u32] = &[1, 2, 3, 4, 20];
        let c: &[u32] = &[7, 2, 3, 4, 20];
        let d: &[u32] = &[7, 2, 3, 4, 21, 22];
        let rows = pack(&[a, b, c, d], 100, true);
        let members: Vec<Vec<usize>> = rows
            .iter()
            .map(|r| r.members.iter().map(|m| m.seq).collect())
            .collect();
        assert_eq!(members, vec![vec![0, 1], vec![2, 3]]);
        // The budget: a + b's own token is 6 columns; a budget of 5 keeps them apart.
        assert_eq!(pack(&[a, b], 5, true).len(), 2);
        assert_eq!(pack(&[a, b], 6, true).len(), 1);
        assert_eq!(pack(&[a, b, c, d], 100, false).len(), 4);
        // Sharing less than half of itself: its own row.
        let e: &[u32] = &[1, 2, 9, 9, 9, 9];
        assert_eq!(pack(&[a, e], 100, true).len(), 2);
        // A row keeps the prefix its second member set: a third sharing less starts a row.
        let f: &[u32] = &[1, 2, 3, 8];
        assert_eq!(pack(&[a, b, f], 100, true).len(), 2);
    }

    #[test]
    fn identical_sequences_share_everything_and_own_no_column() {
        let a: &[u32] = &[5, 6, 7];
        let rows = pack(&[a, a, a], 100, true);
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].shared, rows[0].len), (3, 3));
        assert!(rows[0].members.iter().all(|m| m.start == 3));
    }

    #[test]
    fn members_see_the_shared_prefix_and_themselves_only() {
        let a: &[u32] = &[1, 2, 10, 11];
        let b: &[u32] = &[1, 2, 20];
        let row = &pack(&[a, b], 100, true)[0];
        let m = crate::model::dense_allowed(&row.spans(6), 6);
        let show: Vec<String> = m
            .chunks(6)
            .map(|r| r.iter().map(|v| if *v > 0.0 { '1' } else { '.' }).collect())
            .collect();
        assert_eq!(
            show,
            vec![
                "1.....", // shared 1
                "11....", // shared 2
                "111...", // a: 10
                "1111..", // a: 11
                "11..1.", // b: 20 sees the prefix and itself, not a
                ".....1", // padding
            ]
        );
    }
}
