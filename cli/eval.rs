//! `tz eval`: a model on BFCL (single-turn categories, and the multi-turn ones played as
//! state-checked episodes) or on our own task files, greedy and sandboxed, with a byte-reproducible
//! JSON report and a Markdown table; `tz eval compare A B` sets two reports side by side.
//!
//! Every choice that moves a score is recorded in the report's `setup`: model and the SHA-256 of
//! its files, template, seed, sampling settings, token budgets, code version; the data files
//! carry their SHA-256 too. Timings go to standard error only, so two runs of the same setup
//! write identical bytes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, anyhow};
use clap::{Args, Subcommand};
use serde_json::json;
use tz_env::data::{bfcl, bfcl_multi_turn};
use tz_env::registry::Registry;
use tz_env::report::{self, FileHash, Report, Skipped};
use tz_env::task::Task;

use crate::Failure;
use crate::config::{Config, ConfigArgs, ModelFlags, SandboxFlags};
use crate::out::Out;
use crate::progress::EvalProgress;

/// `tz eval` arguments: evaluate (the flags) or `compare`.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct EvalArgs {
    #[command(subcommand)]
    command: Option<EvalCommand>,
    #[command(flatten)]
    run: RunArgs,
}

/// `tz eval` subcommands.
#[derive(Subcommand)]
enum EvalCommand {
    /// Print two reports side by side (accuracy, delta) and the examples whose verdict changed.
    Compare {
        /// The first report (JSON from `tz eval --out`).
        a: PathBuf,
        /// The second report.
        b: PathBuf,
    },
}

/// Which benchmark `--data` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Bench {
    /// A BFCL folder: `BFCL_v4_<category>.json` and `possible_answer/` (BFCL v4 single-turn).
    Bfcl,
    /// A task file of ours (JSON Lines), played through the sandbox to the end.
    Tasks,
    /// API-Bank levels 1-3 in ToolRL's processed form (`level-N-api_processed.json` in a folder),
    /// prompted and scored as ToolRL does.
    Apibank,
}

#[derive(Args)]
pub(crate) struct RunArgs {
    /// The benchmark.
    #[arg(long, value_enum, default_value = "bfcl")]
    pub(crate) bench: Bench,
    /// The BFCL folder, or the task file for `--bench tasks`.
    #[arg(long)]
    pub(crate) data: Option<PathBuf>,
    /// Tool directory (BFCL's functions run in its `schema_mock.wasm`).
    #[arg(long, default_value = "tools-wasm")]
    tools: PathBuf,
    #[command(flatten)]
    model: ModelFlags,
    /// Only these categories (comma-separated BFCL names, or task categories).
    #[arg(long, value_delimiter = ',')]
    pub(crate) categories: Vec<String>,
    /// At most this many examples per category (the first ones).
    #[arg(long)]
    pub(crate) limit: Option<usize>,
    /// Seed of the sandboxes (decoding is greedy) [train.seed].
    #[arg(long)]
    pub(crate) seed: Option<u64>,
    /// Examples decoded together.
    #[arg(long, default_value_t = 16)]
    pub(crate) batch: usize,
    /// CPU threads for decoding [default: every core]; the report is the same for any value.
    #[arg(long)]
    pub(crate) jobs: Option<usize>,
    /// Write the JSON report here.
    #[arg(long, short)]
    pub(crate) out: Option<PathBuf>,
    /// Also write the Markdown table here.
    #[arg(long)]
    pub(crate) markdown: Option<PathBuf>,
    #[command(flatten)]
    limits: SandboxFlags,
}

/// Runs `tz eval`.
pub fn run(args: EvalArgs, config: &ConfigArgs) -> Result<ExitCode, Failure> {
    match args.command {
        Some(EvalCommand::Compare { a, b }) => compare(&a, &b),
        None => evaluate(&args.run, config),
    }
}

fn read_report(path: &Path) -> Result<Report, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(anyhow!("cannot read {}: {e}", path.display())))?;
    serde_json::from_str(&text)
        .map_err(|e| Failure::Usage(anyhow!("{} is not a `tz eval` report: {e}", path.display())))
}

fn compare(a: &Path, b: &Path) -> Result<ExitCode, Failure> {
    let (ra, rb) = (read_report(a)?, read_report(b)?);
    let mut out = Out::stdout();
    out.line(format!("A: {}\nB: {}\n", a.display(), b.display()))?;
    out.text(&crate::terminal::text(&report::compare_markdown(&ra, &rb)))?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn resolve(args: &RunArgs, config: &ConfigArgs) -> Result<Config, Failure> {
    let mut cfg = config.load()?;
    args.limits.apply(&mut cfg.sandbox);
    args.model.apply(&mut cfg);
    if let Some(v) = args.seed {
        cfg.train.seed = v;
    }
    if args.batch == 0 {
        return Err(Failure::Usage(anyhow!("--batch must be at least 1")));
    }
    if let Some(jobs) = args.jobs {
        if jobs == 0 {
            return Err(Failure::Usage(anyhow!("--jobs must be at least 1")));
        }
        // Decoding (the sampler's kernels and candle's gemm) runs on rayon's global pool.
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build_global()
            .map_err(|e| Failure::Usage(anyhow!("--jobs: {e}")))?;
    }
    Ok(cfg)
}

/// The tasks to evaluate, the data files read and the examples skipped.
struct Loaded {
    tasks: Vec<Task>,
    files: Vec<FileHash>,
    skipped: Vec<Skipped>,
}

pub(crate) fn hash(path: &Path) -> Result<FileHash, Failure> {
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::Usage(anyhow!("cannot read {}: {e}", path.display())))?;
    Ok(FileHash {
        path: path.display().to_string(),
        sha256: report::sha256_hex(&bytes),
    })
}

/// Every BFCL category `tz eval --bench bfcl` runs: single-turn, then multi-turn.
fn bfcl_categories() -> impl Iterator<Item = &'static str> {
    bfcl::CATEGORIES
        .iter()
        .chain(bfcl_multi_turn::CATEGORIES)
        .copied()
}

fn load_bfcl(dir: &Path, wanted: &[String]) -> Result<Loaded, Failure> {
    let known = || bfcl_categories().collect::<Vec<_>>().join(", ");
    for c in wanted {
        if !bfcl_categories().any(|k| k == c) {
            return Err(Failure::Usage(anyhow!(
                "--categories: unknown BFCL category `{c}`; known: {}",
                known()
            )));
        }
    }
    if !dir.is_dir() {
        return Err(Failure::Usage(anyhow!(
            "--data {}: not a folder (expected BFCL's BFCL_v4_<category>.json files)",
            dir.display()
        )));
    }
    let mut loaded = Loaded {
        tasks: Vec::new(),
        files: Vec::new(),
        skipped: Vec::new(),
    };
    let mut multi_turn = false;
    for category in bfcl_categories() {
        if !wanted.is_empty() && !wanted.iter().any(|w| w == category) {
            continue;
        }
        let Some(path) = bfcl::category_file(dir, category) else {
            continue;
        };
        let imported = bfcl::import_file(&path).map_err(|e| Failure::Usage(anyhow!(e)))?;
        multi_turn |= bfcl_multi_turn::CATEGORIES.contains(&category);
        loaded.files.push(hash(&path)?);
        let answers = bfcl::answer_path(&path);
        if answers.is_file() {
            loaded.files.push(hash(&answers)?);
        }
        loaded
            .skipped
            .extend(imported.skipped.iter().map(|s| Skipped {
                at: s.at.clone(),
                reason: format!("{s}"),
            }));
        loaded.tasks.extend(imported.tasks);
    }
    if loaded.files.is_empty() {
        return Err(Failure::Usage(anyhow!(
            "--data {}: no BFCL category file{} (expected BFCL_v4_<category>.json for one of: {})",
            dir.display(),
            if wanted.is_empty() {
                ""
            } else {
                " of the chosen categories"
            },
            known()
        )));
    }
    if multi_turn {
        // The multi-turn tasks' function docs (the missed-function turns show them).
        for (_, tool) in bfcl_multi_turn::CLASS_TOOLS {
            let doc = dir.join("multi_turn_func_doc").join(format!("{tool}.json"));
            if doc.is_file() {
                loaded.files.push(hash(&doc)?);
            }
        }
    }
    Ok(loaded)
}

fn load_tasks(path: &Path, wanted: &[String]) -> Result<Loaded, Failure> {
    let (tasks, errors) = crate::data::read_task_file(path)?;
    let skipped = errors
        .into_iter()
        .map(|e| Skipped {
            at: path.display().to_string(),
            reason: e,
        })
        .collect();
    let tasks = tasks
        .into_iter()
        .filter(|t| {
            wanted.is_empty()
                || wanted
                    .iter()
                    .any(|w| Some(w.as_str()) == t.category.as_deref())
        })
        .collect();
    Ok(Loaded {
        tasks,
        files: vec![hash(path)?],
        skipped,
    })
}

/// The first `limit` items of each category (`category_of`), in order.
pub(crate) fn limit_per_category<T, K: Ord>(
    items: Vec<T>,
    limit: Option<usize>,
    category_of: impl Fn(&T) -> K,
) -> Vec<T> {
    let Some(limit) = limit else {
        return items;
    };
    let mut seen: BTreeMap<K, usize> = BTreeMap::new();
    items
        .into_iter()
        .filter(|t| {
            let n = seen.entry(category_of(t)).or_default();
            *n += 1;
            *n <= limit
        })
        .collect()
}

/// The model's files (a file, or a folder's files) and their SHA-256, in name order.
pub(crate) fn model_files(source: &Path) -> Vec<FileHash> {
    let mut paths: Vec<PathBuf> = if source.is_dir() {
        std::fs::read_dir(source)
            .map(|d| {
                d.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.is_file())
                    .collect()
            })
            .unwrap_or_default()
    } else {
        vec![source.to_path_buf()]
    };
    paths.sort();
    paths.iter().filter_map(|p| hash(p).ok()).collect()
}

fn evaluate(args: &RunArgs, config: &ConfigArgs) -> Result<ExitCode, Failure> {
    let started = Instant::now();
    let mut cfg = resolve(args, config)?;
    let data = args.data.as_deref().ok_or_else(|| {
        Failure::Usage(anyhow!(
            "--data is required (a BFCL folder, a task file or an API-Bank folder)"
        ))
    })?;
    let loaded = match args.bench {
        Bench::Bfcl => load_bfcl(data, &args.categories)?,
        Bench::Tasks => load_tasks(data, &args.categories)?,
        Bench::Apibank => return crate::eval_apibank::run(args, &cfg, data, started),
    };
    let mut tasks = limit_per_category(loaded.tasks, args.limit, |t| t.category.clone());
    if tasks.is_empty() {
        return Err(Failure::Usage(anyhow!(
            "no example to evaluate in {}",
            data.display()
        )));
    }
    let registry = Registry::load_dir(&args.tools, cfg.sandbox.clone())
        .map_err(|e| Failure::Usage(anyhow!("--tools: {e}")))?;
    crate::terminal::warn_problems(&registry);
    let shots = attach_shots(&cfg, &mut tasks, &registry)?;
    let named = registry.specs();
    let ckpt = cfg.load_checkpoint(&cfg.device()?)?;
    cfg.env.template = cfg
        .env
        .template
        .resolve(|t| ckpt.tokenizer.token_id(t).is_some());
    let model = ckpt.model().map_err(|e| anyhow!(e))?;
    let loaded_at = started.elapsed();

    let episode = cfg.episode();
    let mut examples = Vec::with_capacity(tasks.len());
    let mut skipped = loaded.skipped;
    let mut decode = std::time::Duration::ZERO;
    let mut judging = std::time::Duration::ZERO;
    let progress = EvalProgress::new(tasks.len());
    for (chunk_index, chunk) in tasks.chunks(args.batch).enumerate() {
        let first = chunk_index * args.batch;
        // Tasks whose tools are missing are skipped with the reason, never scored as failures.
        let mut playable = Vec::new();
        let mut specs = Vec::new();
        for task in chunk {
            let later = task.all_tool_names().into_iter().find(|n| {
                !registry.functions().contains_key(*n) && !task.tools.iter().any(|t| t.name() == *n)
            });
            match task.resolve_tools(&named).and_then(|s| match later {
                Some(n) => Err(format!(
                    "task `{}`: tool `{n}` is not in the tool directory",
                    task.id
                )),
                None => Ok(s),
            }) {
                Ok(s) => {
                    playable.push(task.clone());
                    specs.push(s);
                }
                Err(e) => skipped.push(Skipped {
                    at: task.id.clone(),
                    reason: format!("{e} (pass --tools DIR)"),
                }),
            }
        }
        let t = Instant::now();
        let (_, trajectories) = tz_trainer::eval::evaluate_from(
            &model,
            &ckpt.tokenizer,
            &registry,
            &playable,
            first,
            &episode,
            &cfg.sampler,
            cfg.train.seed,
        )
        .map_err(|e| anyhow!(e))?;
        decode += t.elapsed();
        let t = Instant::now();
        for ((task, specs), trajectory) in playable.iter().zip(&specs).zip(&trajectories) {
            examples.push(report::judge(task, specs, &trajectory.episode));
        }
        judging += t.elapsed();
        progress.update(examples.len(), examples.iter().filter(|e| e.valid).count());
    }
    progress.finish();

    let mut setup = BTreeMap::from([
        ("model".to_string(), json!(cfg.model.name)),
        ("model_files".to_string(), json!(model_files(&ckpt.source))),
        ("template".to_string(), json!(cfg.env.template)),
        ("seed".to_string(), json!(cfg.train.seed)),
        (
            "sampling".to_string(),
            json!({"temperature": 0.0, "max_new_tokens": cfg.sampler.max_new_tokens}),
        ),
        (
            "episode".to_string(),
            json!({
                "max_tokens": episode.max_tokens,
                "max_rounds_per_turn": episode.max_rounds_per_turn,
                "demonstrations": episode.demonstrations,
                "assistant_prefill": episode.assistant_prefill,
            }),
        ),
        ("code_version".to_string(), json!(env!("TZ_VERSION"))),
        ("limit_per_category".to_string(), json!(args.limit)),
    ]);
    if let (Some(prefill), Some(recorded)) = (
        &episode.result_prefill,
        setup.get_mut("episode").and_then(|e| e.as_object_mut()),
    ) {
        // Recorded only when set, so reports without it stay byte-identical.
        recorded.insert("result_prefill".into(), json!(prefill));
    }
    if let Some(shots) = shots {
        setup.insert("shots".to_string(), shots);
    }
    let bench = match args.bench {
        Bench::Bfcl => "bfcl",
        Bench::Tasks | Bench::Apibank => "tasks",
    };
    let report = Report::new(bench, setup, loaded.files, skipped, examples);
    write_report(args, &report)?;
    eprintln!(
        "categories found: {}; time: load {:.1} s, decode and sandbox {:.1} s, judge {:.3} s ({:.2} examples/s)",
        report.categories_found.join(", "),
        loaded_at.as_secs_f64(),
        decode.as_secs_f64(),
        judging.as_secs_f64(),
        report.examples.len() as f64 / decode.as_secs_f64().max(1e-9)
    );
    print_table(&report)
}

/// Under `train.shots = k > 0`, gives each task up to k shots from the pool training would
/// use (`train.data`, or the generated train split of `train.seed`), as `tz train` does for its
/// held-out tasks, and returns what the report's `setup.shots` records: k, the pool and how
/// many tasks got how many. A task file that already carries demonstrations (`tz data shots`)
/// is an error then, not shots twice. BFCL's functions are its examples' own, so its tasks
/// find no shot there, and the counts say so.
fn attach_shots(
    cfg: &Config,
    tasks: &mut [Task],
    registry: &Registry,
) -> Result<Option<serde_json::Value>, Failure> {
    let k = cfg.train.shots;
    if k == 0 {
        return Ok(None);
    }
    crate::data::refuse_second_shots(tasks.iter(), k)?;
    let (sets, _) = crate::train::load_sets(cfg)?;
    let pool: Vec<Task> = sets.into_iter().flat_map(|s| s.tasks).collect();
    let counts = crate::data::attach_shots(tasks, &pool, &cfg.train, registry);
    eprintln!("{}", crate::data::shot_summary(&counts, k));
    let source = if cfg.train.data.is_empty() {
        json!({"generated": cfg.train.generated_tasks, "seed": cfg.train.seed,
               "class_multi_turn": cfg.train.generated_class_multi_turn})
    } else {
        json!(
            cfg.train
                .data
                .iter()
                .map(|p| hash(p))
                .collect::<Result<Vec<_>, _>>()?
        )
    };
    let style = serde_json::to_value(cfg.train.shot_style).map_err(|e| anyhow!(e))?;
    Ok(Some(json!({
        "k": k,
        "style": style,
        "unplayable": counts.unplayable,
        "pool": source,
        "pool_candidates": counts.candidates,
        "tasks_with_k": counts.full,
        "tasks_with_fewer": counts.partial,
        "tasks_with_none": counts.none,
    })))
}

/// Writes the JSON report (`--out`) and the Markdown table (`--markdown`).
pub(crate) fn write_report(args: &RunArgs, report: &Report) -> Result<(), Failure> {
    if let Some(path) = &args.out {
        let text = serde_json::to_string_pretty(report).map_err(|e| anyhow!(e))?;
        std::fs::write(path, text + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &args.markdown {
        std::fs::write(path, report::markdown(report))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// Prints the Markdown table on standard output.
pub(crate) fn print_table(report: &Report) -> Result<ExitCode, Failure> {
    let table = report::markdown(report);
    let mut out = Out::stdout();
    out.text(&crate::terminal::text(&table))?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
