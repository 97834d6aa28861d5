//! Which tasks each optimizer step trains on: datasets mixed by weight, each read in a seeded
//! shuffled order, epoch after epoch.
//!
//! The choice is a pure function of (seed, step): slot k of step s draws its dataset from a
//! stream keyed by (seed, s, k), and each dataset hands out its tasks in the order of a
//! permutation keyed by (seed, dataset, epoch). A dataset's cursor is the number of tasks it
//! handed out in earlier steps, found by replaying the (cheap) dataset draws, so resuming at a
//! step needs nothing but the step.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tz_env::task::Task;

/// A named set of tasks with its mixing weight.
#[derive(Debug, Clone)]
pub struct TaskSet {
    /// Where it came from (a file name, or `generated`).
    pub name: String,
    /// Its tasks.
    pub tasks: Vec<Task>,
    /// Relative weight in the mix.
    pub weight: f64,
}

/// A stream keyed by the run seed and a few numbers.
pub fn keyed_rng(seed: u64, a: u64, b: u64, purpose: &[u8; 8]) -> ChaCha8Rng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&a.to_le_bytes());
    key[16..24].copy_from_slice(&b.to_le_bytes());
    key[24..].copy_from_slice(purpose);
    ChaCha8Rng::from_seed(key)
}

/// The mix of task sets a run samples from.
#[derive(Debug, Clone)]
pub struct Mixture {
    sets: Vec<TaskSet>,
    seed: u64,
    per_step: usize,
}

impl Mixture {
    /// A mix of `sets` (empty sets and zero weights are never drawn), `per_step` tasks a step.
    pub fn new(sets: Vec<TaskSet>, seed: u64, per_step: usize) -> Self {
        Self {
            sets,
            seed,
            per_step,
        }
    }

    /// The task sets.
    pub fn sets(&self) -> &[TaskSet] {
        &self.sets
    }

    /// The dataset of each slot of `step`.
    fn draws(&self, step: u64) -> Vec<usize> {
        let weights: Vec<f64> = self
            .sets
            .iter()
            .map(|s| {
                if s.tasks.is_empty() {
                    0.0
                } else {
                    s.weight.max(0.0)
                }
            })
            .collect();
        let total: f64 = weights.iter().sum();
        (0..self.per_step)
            .map(|slot| {
                let mut rng = keyed_rng(self.seed, step, slot as u64, b"datamix\0");
                let mut u = rng.random::<f64>() * total;
                for (i, w) in weights.iter().enumerate() {
                    if u < *w {
                        return i;
                    }
                    u -= w;
                }
                weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
            })
            .collect()
    }

    /// The `k`-th task a dataset hands out: its epoch's seeded permutation, position within it.
    fn nth(&self, set: usize, k: usize) -> (usize, &Task) {
        let tasks = &self.sets[set].tasks;
        let n = tasks.len();
        let (epoch, pos) = (k / n, k % n);
        let mut order: Vec<usize> = (0..n).collect();
        let mut rng = keyed_rng(self.seed, set as u64, epoch as u64, b"dataperm");
        for i in (1..n).rev() {
            let j = rng.random_range(0..=i);
            order.swap(i, j);
        }
        (order[pos], &tasks[order[pos]])
    }

    /// The tasks of `step`: (dataset, index in it, task) per slot.
    pub fn step_tasks(&self, step: u64) -> Vec<(usize, usize, &Task)> {
        let mut cursor = vec![0usize; self.sets.len()];
        for s in 0..step {
            for d in self.draws(s) {
                cursor[d] += 1;
            }
        }
        self.draws(step)
            .into_iter()
            .map(|d| {
                let (i, task) = self.nth(d, cursor[d]);
                cursor[d] += 1;
                (d, i, task)
            })
            .collect()
    }

    /// Per dataset, how many tasks the steps before `step` consumed (the data cursor).
    pub fn cursor(&self, step: u64) -> Vec<usize> {
        let mut cursor = vec![0usize; self.sets.len()];
        for s in 0..step {
            for d in self.draws(s) {
                cursor[d] += 1;
            }
        }
        cursor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(name: &str, n: usize, weight: f64) -> TaskSet {
        let task = |i: usize| -> Task {
            serde_json::from_value(serde_json::json!({"id": format!("{name}{i}"),
                "messages": [{"role": "user", "content": "q"}], "tools": [], "turns": [{"ground_truth": []}]}))
            .expect("task")
        };
        TaskSet {
            name: name.into(),
            tasks: (0..n).map(task).collect(),
            weight,
        }
    }

    #[test]
    fn each_dataset_is_read_whole_before_repeating_and_weights_set_the_mix() {
        let mix = Mixture::new(vec![set("a", 10, 3.0), set("b", 10, 1.0)], 7, 4);
        let mut seen_a = Vec::new();
        let mut from_b = 0;
        for step in 0..25 {
            for (d, i, _) in mix.step_tasks(step) {
                if d == 0 {
                    seen_a.push(i);
                } else {
                    from_b += 1;
                }
            }
        }
        let first: std::collections::BTreeSet<usize> = seen_a[..10].iter().copied().collect();
        assert_eq!(first.len(), 10, "the first epoch of `a` has no repeats");
        let share = from_b as f64 / 100.0;
        assert!((0.15..0.35).contains(&share), "b drew {share}");
    }

    #[test]
    fn a_step_picks_the_same_tasks_whatever_came_before_it_was_asked() {
        let mix = Mixture::new(vec![set("a", 5, 1.0), set("b", 3, 1.0)], 1, 3);
        let ids = |step| -> Vec<String> {
            mix.step_tasks(step)
                .iter()
                .map(|(_, _, t)| t.id.clone())
                .collect()
        };
        let later = ids(6);
        let _ = ids(2);
        assert_eq!(ids(6), later);
        assert_eq!(mix.cursor(6).iter().sum::<usize>(), 18);
    }
}
