//! The run directory's logs: `metrics.jsonl` (one line per step), `samples.jsonl` (a few full
//! episodes per step) and `plot.svg` (rewritten after each step). On resume, lines of steps at
//! or after the resumed step (written after the last checkpoint by the interrupted run) are
//! dropped, so each step appears once.

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

    /// Appends the first `k` episodes of a step, with their reward and advantage.
    pub fn samples(
        &mut self,
        step: u64,
        trajs: &[Trajectory],
        adv: &[f64],
        k: usize,
    ) -> Result<()> {
        for (t, a) in trajs.iter().zip(adv).take(k) {
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
