//! `tz train`: GRPO against a tool directory, from the `[model]` checkpoint, on generated tasks
//! for the shipped tools or on `--data` task files. Everything that can be checked is checked
//! before any compute: the config, the tools, every task's tools, the data files.
//!
//! The run directory holds `config.toml` (the resolved config: `--config` it to reproduce the
//! run), `run.json` (code version, model, data files with their SHA-256), `metrics.jsonl`,
//! `samples.jsonl`, `plot.svg` and `checkpoints/`. `--resume RUN_DIR` continues a run from its
//! newest checkpoint with its saved config (flags and `--set` may still extend `train.steps`).
//! Ctrl-C stops after the current step with a checkpoint.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, anyhow};
use clap::Args;
use sha2::{Digest, Sha256};
use tz_env::registry::Registry;
use tz_env::task::Task;
use tz_trainer::train::data::{Mixture, TaskSet};
use tz_trainer::train::{self, Metrics, Observer, Run, checkpoint};

use crate::Failure;
use crate::config::{Config, ConfigArgs, ModelFlags, SandboxFlags};

/// `tz train` arguments (unset flags take the config's values).
#[derive(Args)]
pub struct TrainArgs {
    /// Directory of tool components the episodes call.
    #[arg(long)]
    tools: PathBuf,
    /// Task file to train on (repeatable); `FILE:WEIGHT` sets its mixing weight [train.data].
    /// Default: tasks generated for the shipped tools.
    #[arg(long)]
    data: Vec<String>,
    /// Held-out task file for evaluation [train.eval_data].
    #[arg(long)]
    eval_data: Option<PathBuf>,
    #[command(flatten)]
    model: ModelFlags,
    /// Run directory (default: runs/<seed>-<time>).
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Continue the run in this directory from its newest checkpoint.
    #[arg(long, conflicts_with = "out")]
    resume: Option<PathBuf>,
    /// Optimizer steps [train.steps].
    #[arg(long)]
    steps: Option<u64>,
    /// Run seed [train.seed].
    #[arg(long)]
    seed: Option<u64>,
    /// Peak learning rate [train.lr].
    #[arg(long)]
    lr: Option<f64>,
    /// Tasks per step [train.prompts_per_step].
    #[arg(long)]
    prompts_per_step: Option<usize>,
    /// Samples per task [grpo.group_size].
    #[arg(long)]
    group_size: Option<usize>,
    /// Precision of the training products: bf16 autocast keeps f32 master weights [train.dtype].
    #[arg(long, value_enum)]
    dtype: Option<DtypeName>,
    #[command(flatten)]
    limits: SandboxFlags,
}

/// A training precision on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum DtypeName {
    /// Every product in f32.
    F32,
    /// Products in bf16, master weights, gradients and optimizer state in f32.
    Bf16,
}

impl DtypeName {
    fn precision(self) -> tz_trainer::Precision {
        match self {
            DtypeName::F32 => tz_trainer::Precision::F32,
            DtypeName::Bf16 => tz_trainer::Precision::Bf16,
        }
    }
}

/// Runs `tz train`.
pub fn run(args: TrainArgs, config: &ConfigArgs) -> Result<ExitCode, Failure> {
    let cfg = resolve(&args, config)?;
    let sandbox = cfg.sandbox.clone();
    let registry =
        Registry::load_dir(&args.tools, sandbox).map_err(|e| Failure::Usage(anyhow!("{e}")))?;
    crate::terminal::warn_problems(&registry);
    let (sets, eval_tasks) = data(&cfg, &registry)?;
    let device = cfg.device()?;
    let (run_dir, resume) = match &args.resume {
        Some(dir) => {
            let latest = checkpoint::latest(dir).map_err(|e| Failure::Usage(anyhow!(e)))?;
            let loaded = checkpoint::load(&latest, &device).map_err(|e| anyhow!(e))?;
            eprintln!("resuming {} at step {}", dir.display(), loaded.state.step);
            (dir.clone(), Some(loaded))
        }
        None => (
            args.out
                .clone()
                .unwrap_or_else(|| default_run_dir(cfg.train.seed)),
            None,
        ),
    };
    let base = cfg.load_checkpoint(&device)?;
    let mut cfg = cfg;
    cfg.env.template = cfg
        .env
        .template
        .resolve(|t| base.tokenizer.token_id(t).is_some());
    std::fs::create_dir_all(&run_dir)
        .with_context(|| format!("cannot create run directory {}", run_dir.display()))?;
    let config_toml = cfg.to_toml()?;
    write_run_files(&run_dir, &cfg, &config_toml, &sets)?;
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("\nstopping after this step (Ctrl-C again to quit at once)");
    });
    // A resumed run takes its trained weights (or LoRA adapters) from `resume`; `model` is the
    // base (with LoRA, the frozen weights).
    let run = Run {
        model: base.clone(),
        reference: (cfg.grpo.kl_coef > 0.0).then(|| base.clone()),
        base_name: cfg.model.name.clone(),
        registry: &registry,
        mixture: Mixture::new(sets, cfg.train.seed, cfg.train.prompts_per_step),
        eval_tasks,
        episode: cfg.episode(),
        sampling: cfg.sampler.clone(),
        train: cfg.train.clone(),
        grpo: cfg.grpo.clone(),
        run_dir: run_dir.clone(),
        config_toml,
        code_version: env!("TZ_VERSION").to_string(),
        resume,
        stop,
    };
    let mut progress = Progress::new(cfg.train.steps);
    let summary = train::train(run, &mut progress).map_err(|e| anyhow!(e))?;
    progress.finish();
    let (before, after) = &summary.eval;
    match (before, after) {
        (Some(b), Some(a)) => eprintln!(
            "held-out strict accuracy {:.3} -> {:.3} ({} tasks)",
            b.strict_accuracy, a.strict_accuracy, a.episodes
        ),
        // A resumed run's earlier evaluations are in its metrics.jsonl.
        (None, Some(a)) => eprintln!(
            "held-out strict accuracy {:.3} ({} tasks; earlier evaluations in metrics.jsonl)",
            a.strict_accuracy, a.episodes
        ),
        _ => {}
    }
    if let Some(dir) = &summary.checkpoint {
        eprintln!("last checkpoint: {}", dir.display());
    }
    eprintln!(
        "{} steps{}; metrics, samples and plot.svg in {}",
        summary.steps,
        if summary.stopped {
            " (stopped early)"
        } else {
            ""
        },
        run_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The resolved config: the run's saved one when resuming, with flags applied, validated.
fn resolve(args: &TrainArgs, config: &ConfigArgs) -> Result<Config, Failure> {
    let mut cfg = match &args.resume {
        Some(dir) => {
            let saved = dir.join("config.toml");
            if config.config.is_some() {
                return Err(Failure::Usage(anyhow!(
                    "--resume uses the run's own config ({}); drop --config",
                    saved.display()
                )));
            }
            crate::config::resolve(Some(&saved), &config.set).map_err(Failure::Usage)?
        }
        None => config.load()?,
    };
    args.limits.apply(&mut cfg.sandbox);
    args.model.apply(&mut cfg);
    if let Some(v) = args.steps {
        cfg.train.steps = v;
    }
    if let Some(v) = args.seed {
        cfg.train.seed = v;
    }
    if let Some(v) = args.lr {
        cfg.train.lr = v;
    }
    if let Some(v) = args.prompts_per_step {
        cfg.train.prompts_per_step = v;
    }
    if let Some(v) = args.group_size {
        cfg.grpo.group_size = v;
    }
    if let Some(v) = args.dtype {
        cfg.train.dtype = v.precision();
    }
    if !args.data.is_empty() {
        let (files, weights) = parse_data(&args.data)?;
        cfg.train.data = files;
        cfg.train.data_weights = weights;
    }
    if let Some(v) = &args.eval_data {
        cfg.train.eval_data = Some(v.clone());
    }
    let problems = cfg.problems();
    if !problems.is_empty() {
        return Err(Failure::Usage(anyhow!(
            "invalid config: {}",
            problems.join("; ")
        )));
    }
    Ok(cfg)
}

/// `FILE[:WEIGHT]` flags as files and weights (all 1 when none is given).
fn parse_data(items: &[String]) -> Result<(Vec<PathBuf>, Vec<f64>), Failure> {
    let mut files = Vec::new();
    let mut weights = Vec::new();
    for item in items {
        let (file, weight) = match item.rsplit_once(':') {
            Some((f, w)) if w.parse::<f64>().is_ok() => (f, w.parse::<f64>().unwrap_or(1.0)),
            _ => (item.as_str(), 1.0),
        };
        if !(weight.is_finite() && weight >= 0.0) {
            return Err(Failure::Usage(anyhow!(
                "--data {item}: the weight must be >= 0"
            )));
        }
        files.push(PathBuf::from(file));
        weights.push(weight);
    }
    Ok((files, weights))
}

/// The training sets and the held-out tasks, every task checked against the tools.
fn data(cfg: &Config, registry: &Registry) -> Result<(Vec<TaskSet>, Vec<Task>), Failure> {
    let t = &cfg.train;
    let (mut sets, mut eval) = load_sets(cfg)?;
    if let Some(path) = &t.eval_data {
        eval = read_tasks(path)?;
    }
    if t.shots > 0 {
        let all = sets.iter().flat_map(|s| &s.tasks).chain(&eval);
        crate::data::refuse_second_shots(all, t.shots)?;
        // The pool is the training data as loaded (before any task gets shots).
        let pool: Vec<Task> = sets.iter().flat_map(|s| s.tasks.iter().cloned()).collect();
        let attach = |tasks: &mut [Task]| crate::data::attach_shots(tasks, &pool, t, registry);
        for set in &mut sets {
            let report = attach(&mut set.tasks);
            eprintln!(
                "{}: {}",
                set.name,
                crate::data::shot_summary(&report, t.shots)
            );
        }
        let report = attach(&mut eval);
        eprintln!("held-out: {}", crate::data::shot_summary(&report, t.shots));
    }
    let named = registry.specs();
    for task in sets.iter().flat_map(|s| &s.tasks).chain(&eval) {
        task.resolve_tools(&named)
            .map_err(|e| Failure::Usage(anyhow!("{e}; pass the tool directory that has it")))?;
    }
    if eval.is_empty() {
        eprintln!("note: no held-out tasks (pass --eval-data FILE); evaluation is skipped");
    }
    Ok((sets, eval))
}

/// The training sets (`train.data`, or tasks generated for the shipped tools from
/// `train.seed`) and, for generated data, its test split, as read: no shots attached, no tool
/// checked (`train.eval_data` is read by `data`, which alone needs it). `tz eval` takes its
/// shot pool from here, so an evaluation under `train.shots` shows the prompts training showed.
pub(crate) fn load_sets(cfg: &Config) -> Result<(Vec<TaskSet>, Vec<Task>), Failure> {
    let t = &cfg.train;
    let class_weight = t.generated_class_multi_turn;
    if !(class_weight >= 0.0 && class_weight.is_finite()) {
        return Err(Failure::Usage(anyhow!(
            "train.generated_class_multi_turn must be a finite weight >= 0 (got {class_weight})"
        )));
    }
    let (sets, eval) = if t.data.is_empty() {
        let generated = tz_env::data::r#gen::generate(&tz_env::data::r#gen::GenConfig {
            n: t.generated_tasks,
            seed: t.seed,
            kinds: tz_env::data::r#gen::KindWeights {
                class_multi_turn: t.generated_class_multi_turn,
                ..Default::default()
            },
            ..tz_env::data::r#gen::GenConfig::default()
        });
        let set = TaskSet {
            name: "generated".into(),
            tasks: generated.train,
            weight: 1.0,
        };
        (vec![set], generated.test)
    } else {
        let mut sets = Vec::new();
        for (i, path) in t.data.iter().enumerate() {
            let tasks = read_tasks(path)?;
            let weight = t.data_weights.get(i).copied().unwrap_or(1.0);
            sets.push(TaskSet {
                name: path.display().to_string(),
                tasks,
                weight,
            });
        }
        (sets, Vec::new())
    };
    Ok((sets, eval))
}

/// A task file that must exist, parse line by line and hold at least one task.
fn read_tasks(path: &Path) -> Result<Vec<Task>, Failure> {
    let tasks = crate::data::read_valid_tasks(path)?;
    if tasks.is_empty() {
        return Err(Failure::Usage(anyhow!("{} holds no task", path.display())));
    }
    Ok(tasks)
}

fn default_run_dir(seed: u64) -> PathBuf {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    PathBuf::from("runs").join(format!("seed{seed}-{secs}"))
}

/// `config.toml` and `run.json` (code version, model, data files and their SHA-256).
fn write_run_files(
    dir: &Path,
    cfg: &Config,
    config_toml: &str,
    sets: &[TaskSet],
) -> Result<(), Failure> {
    std::fs::write(dir.join("config.toml"), config_toml)
        .with_context(|| format!("cannot write {}", dir.join("config.toml").display()))?;
    let files: Vec<serde_json::Value> = cfg
        .train
        .data
        .iter()
        .chain(&cfg.train.eval_data)
        .map(|p| {
            let digest = std::fs::read(p).map(|bytes| hex::encode(Sha256::digest(&bytes)));
            serde_json::json!({"path": p, "sha256": digest.ok()})
        })
        .collect();
    let run = serde_json::json!({
        "code_version": env!("TZ_VERSION"),
        "model": cfg.model.name,
        "data": files,
        "tasks_per_set": sets.iter().map(|s| serde_json::json!({"name": s.name, "tasks": s.tasks.len(), "weight": s.weight})).collect::<Vec<_>>(),
    });
    let text = serde_json::to_string_pretty(&run).map_err(|e| anyhow!(e))?;
    std::fs::write(dir.join("run.json"), text)
        .with_context(|| format!("cannot write {}", dir.join("run.json").display()))?;
    Ok(())
}

/// A progress bar on a terminal, plain lines otherwise.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: std::time::Instant,
    /// The first step this process ran (a resumed run starts past 0).
    first: Option<u64>,
}

impl Progress {
    fn new(steps: u64) -> Self {
        let bar = crate::progress::terminal_bar(
            steps,
            "{bar:30} step {pos}/{len} {msg} [{elapsed_precise}, ETA {eta}]",
        );
        Self {
            bar,
            started: std::time::Instant::now(),
            first: None,
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish();
        }
    }
}

impl Observer for Progress {
    fn step(&mut self, step: u64, steps: u64, m: &Metrics) {
        let get = |k: &str| m.get(k).map_or("-".to_string(), |v| format!("{v:.3}"));
        if step >= steps {
            // The final held-out evaluation, after the last step: no step ran, so no rate.
            let msg = format!(
                "held-out strict accuracy after step {step}: {}",
                get("eval/strict_accuracy")
            );
            match &self.bar {
                Some(bar) => bar.set_message(msg),
                None => eprintln!("{msg}"),
            }
            return;
        }
        let first = *self.first.get_or_insert(step);
        let per_step = self.started.elapsed().as_secs_f64() / (step + 1 - first) as f64;
        let msg = format!(
            "reward {} strict {} eval {} {:.1} s/step",
            get("reward"),
            get("strict_accuracy"),
            get("eval/strict_accuracy"),
            per_step
        );
        match &self.bar {
            Some(bar) => {
                bar.set_position((step + 1).min(steps));
                bar.set_message(msg);
            }
            None => eprintln!("step {}/{steps} {msg}", step + 1),
        }
    }

    fn note(&mut self, message: &str) {
        match &self.bar {
            Some(bar) => bar.println(message),
            None => eprintln!("{message}"),
        }
    }
}
