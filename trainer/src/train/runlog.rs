//! The run directory's logs: `metrics.jsonl` (one line per step), `samples.jsonl` (a few full
//! episodes per step, spread over the groups) and `plot.svg` (rewritten after each step). On
//! resume, lines of steps at or after the resumed step (written after the last checkpoint by the
//! interrupted run) are dropped, so each step appears once.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::{Metrics, plot};
use crate::rollout::Trajectory;
use crate::{Error, Result};

/// Open log files of a run.
pub struct RunLog {
    dir: PathBuf,
    rows: Vec<Metrics>,
}

impl RunLog {
    /// Opens (creating) the logs of `dir`, keeping only lines of steps before `start`.
    pub fn open(dir: &Path, start: u64) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let rows: Vec<Metrics> = keep_before(&dir.join("metrics.jsonl"), start)?
            .iter()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        keep_before(&dir.join("samples.jsonl"), start)?;
        Ok(Self {
            dir: dir.to_path_buf(),
            rows,
        })
    }

    /// Appends one metrics row and redraws the plot.
    pub fn metrics(&mut self, m: &Metrics) -> Result<()> {
        let line = serde_json::to_string(m).map_err(|source| Error::Json {
            path: self.dir.join("metrics.jsonl"),
            source,
        })?;
        append(&self.dir.join("metrics.jsonl"), &line)?;
        self.rows.push(m.clone());
        let path = self.dir.join("plot.svg");
        let tmp = self.dir.join(".plot.svg.tmp");
        std::fs::write(&tmp, plot::svg(&self.rows)).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
    }

    /// Appends `k` episodes of a step (chosen by [`picks`]), with their reward and advantage.
    pub fn samples(
        &mut self,
        step: u64,
        trajs: &[Trajectory],
        adv: &[f64],
        k: usize,
    ) -> Result<()> {
        for i in picks(trajs, k) {
            let (t, a) = (&trajs[i], adv[i]);
            let line = json!({
                "step": step,
                "prompt": t.prompt,
                "sample": t.sample,
                "reward": t.episode.reward.total,
                "advantage": a,
                "model_tokens": t.model_tokens(),
                "episode": t.episode,
            });
            append(&self.dir.join("samples.jsonl"), &line.to_string())?;
        }
        Ok(())
    }

    /// Every metrics row so far.
    pub fn rows(&self) -> &[BTreeMap<String, f64>] {
        &self.rows
    }
}

/// Which `k` episodes of a step to log: spread over the groups, so a step shows many tasks, and
/// within a group from both ends of its rewards, so it shows what was reinforced and what was
/// pushed down. Pick i is member ⌊i / groups⌋ of group i mod groups, a group's members ordered
/// best, worst, second best, second worst, … (ties by sample index).
fn picks(trajs: &[Trajectory], k: usize) -> Vec<usize> {
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, t) in trajs.iter().enumerate() {
        groups.entry(t.prompt).or_default().push(i);
    }
    let orders: Vec<Vec<usize>> = groups
        .into_values()
        .map(|mut members| {
            members.sort_by(|&a, &b| {
                let r = |i: usize| trajs[i].episode.reward.total;
                r(b).total_cmp(&r(a))
                    .then(trajs[a].sample.cmp(&trajs[b].sample))
            });
            let (mut lo, mut hi) = (0, members.len());
            let mut out = Vec::with_capacity(members.len());
            while lo < hi {
                out.push(members[lo]);
                lo += 1;
                if lo < hi {
                    hi -= 1;
                    out.push(members[hi]);
                }
            }
            out
        })
        .collect();
    let rounds = orders.iter().map(Vec::len).max().unwrap_or(0);
    (0..rounds)
        .flat_map(|r| orders.iter().filter_map(move |o| o.get(r).copied()))
        .take(k)
        .collect()
}

fn append(path: &Path, line: &str) -> Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    writeln!(f, "{line}").map_err(|e| Error::io(path, e))
}

/// Rewrites `path` keeping only lines whose `step` is below `start`; returns them.
fn keep_before(path: &Path, start: u64) -> Result<Vec<String>> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(Vec::new());
    };
    let kept: Vec<String> = text
        .lines()
        .filter(|l| {
            serde_json::from_str::<serde_json::Value>(l)
                .ok()
                .and_then(|v| v.get("step")?.as_f64())
                .is_some_and(|s| s < start as f64)
        })
        .map(str::to_string)
        .collect();
    let mut body = kept.join("\n");
    if !body.is_empty() {
        body.push('\n');
    }
    std::fs::write(path, body).map_err(|e| Error::io(path, e))?;
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::metrics::tests::traj;

    #[test]
    fn logged_samples_cover_the_groups_and_both_ends_of_each() {
        // Three groups of three; rewards chosen so best and worst are not the first samples.
        let rewards = [[0.1, 0.9, 0.5], [0.0, 0.0, 0.0], [-1.0, 0.3, 0.7]];
        let trajs: Vec<Trajectory> = rewards
            .iter()
            .enumerate()
            .flat_map(|(p, g)| g.iter().enumerate().map(move |(s, r)| traj(p, s, *r, 0)))
            .collect();
        let got: Vec<(usize, usize)> = picks(&trajs, 7)
            .into_iter()
            .map(|i| (trajs[i].prompt, trajs[i].sample))
            .collect();
        assert_eq!(
            got,
            [(0, 1), (1, 0), (2, 2), (0, 0), (1, 2), (2, 0), (0, 2)],
            "the best of each group, then the worst, then the rest (ties by sample)"
        );
        assert_eq!(picks(&trajs, 0), Vec::<usize>::new());
        assert_eq!(picks(&trajs, 20).len(), 9, "never more than the step has");
        assert_eq!(picks(&[], 4), Vec::<usize>::new());
    }
}
