//! `tz data import|gen|shots|check`: make and validate task files (JSON Lines).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::anyhow;
use clap::Subcommand;
use tz_env::data::shots::ShotStyle;
use tz_env::data::{self, Source, filter, mask};
use tz_env::registry::Registry;
use tz_env::spec::FunctionSpec;
use tz_env::task::{self, Task};

use crate::Failure;
use crate::config::{ConfigArgs, SandboxFlags};
use crate::out::{Out, io_failure, is_dash, open_input, refuse_dash};

/// A dataset format to import.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum From {
    /// ToolRL rlla rows (a JSON Lines file).
    Rlla,
    /// BFCL v4 (a question file, or a folder of them with possible_answer/).
    Bfcl,
}

/// The `data` subcommands.
#[derive(Subcommand)]
pub enum DataCommand {
    /// Import ToolRL (rlla) rows or BFCL v4 files as tasks.
    Import {
        /// Source format.
        #[arg(long = "from", value_enum)]
        from: From,
        /// A rlla JSON Lines file, or a BFCL question file or folder (with possible_answer/).
        path: PathBuf,
        /// Output task file (`-`: standard output).
        #[arg(short, long)]
        output: PathBuf,
        /// Drop tasks whose ground truth does not validate against their own specs.
        #[arg(long)]
        filter: bool,
        /// Mask tool and parameter names to func_k / param_k (consistently).
        #[arg(long)]
        mask: bool,
    },
    /// Generate tasks for the shipped tools: train split to OUTPUT, test split beside it.
    Gen {
        /// Tool directory whose functions the tasks use (checked to exist).
        #[arg(long)]
        tools: PathBuf,
        /// Number of tasks (both splits together).
        #[arg(long, default_value_t = 1000)]
        n: usize,
        /// Seed (same seed, same tasks).
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Weight of state-checked multi-turn scripts on BFCL's API class tools
        /// (`class_multi_turn`) next to the default mix, whose weights sum to 1 (0: none).
        #[arg(long, default_value_t = 0.0)]
        class_multi_turn: f64,
        /// Output task file for the train split; the test split goes to `<stem>.test.jsonl`
        /// (two files, so not `-`).
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        limits: SandboxFlags,
    },
    /// Give every task of a file few-shot demonstrations: up to K solved tasks of the pool
    /// (e.g. the train split) that call only functions the task offers (see `train.shots`).
    Shots {
        /// Task file to add shots to (JSON Lines; `-`: standard input).
        tasks: PathBuf,
        /// Task file the shots come from (repeatable); a task is never its own shot.
        #[arg(long, required = true)]
        pool: Vec<PathBuf>,
        /// Shots per task (0 removes them).
        #[arg(short, long, default_value_t = 1)]
        k: usize,
        /// What a shot shows after its request: `call` (the message that calls) or `turn`
        /// (also the calls' results, run in the tools of --tools, and an answer).
        #[arg(long, value_enum, default_value = "call")]
        style: ShotStyleArg,
        /// Tool directory a `turn` shot's calls run in.
        #[arg(long, default_value = "tools-wasm")]
        tools: PathBuf,
        #[command(flatten)]
        limits: SandboxFlags,
        /// Output task file (`-`: standard output).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Check a task file: every line parses, every tool resolves, every ground-truth call
    /// validates against its schema. One line per problem; exit 1 if any.
    Check {
        /// Task file (JSON Lines; `-`: standard input).
        tasks: PathBuf,
        /// Tool directory for tasks that name tools (not needed for inline schemas).
        #[arg(long)]
        tools: Option<PathBuf>,
        #[command(flatten)]
        limits: SandboxFlags,
    },
}

/// Runs a `data` subcommand.
pub fn run(cmd: DataCommand, args: &ConfigArgs) -> Result<ExitCode, Failure> {
    let mut out = Out::stdout();
    let code = match cmd {
        DataCommand::Import {
            from,
            path,
            output,
            filter,
            mask,
        } => import(from, &path, &output, filter, mask, &mut out),
        DataCommand::Gen {
            tools,
            n,
            seed,
            class_multi_turn,
            output,
            limits,
        } => {
            let cfg = data::r#gen::GenConfig {
                n,
                seed,
                kinds: data::r#gen::KindWeights {
                    class_multi_turn,
                    ..Default::default()
                },
                ..data::r#gen::GenConfig::default()
            };
            gen_tasks(&tools, &cfg, &output, args, &limits, &mut out)
        }
        DataCommand::Shots {
            tasks,
            pool,
            k,
            style,
            tools,
            limits,
            output,
        } => {
            let registry = match style {
                ShotStyleArg::Call => None,
                ShotStyleArg::Turn => Some(load_registry(&tools, args, &limits)?),
            };
            shots(&tasks, &pool, k, registry.as_ref(), &output, &mut out)
        }
        DataCommand::Check {
            tasks,
            tools,
            limits,
        } => check(&tasks, tools.as_deref(), args, &limits, &mut out),
    }?;
    out.flush()?;
    Ok(code)
}

fn import(
    from: From,
    path: &Path,
    output: &Path,
    do_filter: bool,
    do_mask: bool,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let source = match from {
        From::Rlla => Source::Rlla,
        From::Bfcl => Source::Bfcl,
    };
    let report = data::import(source, path).map_err(|e| Failure::Usage(anyhow!(e)))?;
    for (reason, count) in report.skip_counts() {
        eprintln!("skipped {count}: {}", reason.as_str());
    }
    let mut tasks = report.tasks;
    if do_filter {
        let (kept, freport) = filter::filter_parseable(tasks, &[]);
        eprintln!(
            "filter: kept {}, dropped {} {:?}",
            freport.kept, freport.dropped, freport.by_kind
        );
        tasks = kept;
    }
    if do_mask {
        tasks = tasks
            .iter()
            .map(|t| mask::mask_task(t).map(|(masked, _)| masked))
            .collect::<Result<_, _>>()
            .map_err(|e| anyhow!(e))?;
    }
    write_task_file(output, &tasks, out)
}

/// Writes `tasks` to `output` (`-`: standard output) and says how many went where.
fn write_task_file(output: &Path, tasks: &[Task], out: &mut Out) -> Result<ExitCode, Failure> {
    if is_dash(output) {
        task::write_tasks(out.writer(), tasks).map_err(io_failure)?;
        eprintln!("wrote {} tasks to standard output", tasks.len());
    } else {
        task::save_tasks(output, tasks).map_err(|e| anyhow!(e))?;
        out.line(format!(
            "wrote {} tasks to {}",
            tasks.len(),
            output.display()
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `tz data shots --style`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ShotStyleArg {
    /// The message that calls, cut there.
    Call,
    /// Also the calls' results and an answer.
    Turn,
}

/// `tz data shots`: whole-turn shots when `registry` is given.
fn shots(
    path: &Path,
    pool: &[PathBuf],
    k: usize,
    registry: Option<&Registry>,
    output: &Path,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let mut tasks = read_valid_tasks(path)?;
    let mut shots_from = Vec::new();
    for p in pool {
        shots_from.extend(read_valid_tasks(p)?);
    }
    let report = match registry {
        None => data::shots::attach(&mut tasks, &shots_from, k),
        Some(registry) => data::shots::attach_played(&mut tasks, &shots_from, k, registry),
    };
    eprintln!("{}", shot_summary(&report, k));
    write_task_file(output, &tasks, out)
}

/// Gives `tasks` up to `train.shots` shots from `pool` in `train.shot_style` (whole turns run
/// their calls in `registry`), as `tz train` and `tz eval` do.
pub fn attach_shots(
    tasks: &mut [Task],
    pool: &[Task],
    train: &tz_trainer::train::config::TrainConfig,
    registry: &Registry,
) -> data::shots::ShotReport {
    match train.shot_style {
        ShotStyle::Call => data::shots::attach(tasks, pool, train.shots),
        ShotStyle::Turn => data::shots::attach_played(tasks, pool, train.shots, registry),
    }
}

/// One line on what [`data::shots::attach`] did, for `k` shots per task.
pub fn shot_summary(report: &data::shots::ShotReport, k: usize) -> String {
    format!(
        "shots: {} pool tasks can be shots{}; {} tasks got {k}, {} fewer, {} none",
        report.candidates,
        match report.unplayable {
            0 => String::new(),
            n => format!(" ({n} passed over: a call returned no result)"),
        },
        report.full,
        report.partial,
        report.none
    )
}

/// Under `train.shots = k > 0`, an error if a task already carries demonstrations (a file
/// written by `tz data shots`): shots would replace them, so the prompt would not be the file's.
pub fn refuse_second_shots<'a>(
    tasks: impl IntoIterator<Item = &'a Task>,
    k: usize,
) -> Result<(), Failure> {
    match tasks.into_iter().find(|t| !t.demonstrations.is_empty()) {
        Some(t) => Err(Failure::Usage(anyhow!(
            "task `{}` already carries demonstrations, and train.shots = {k} would replace them; \
             use the file as it is with --set train.shots=0, or the file without shots",
            t.id
        ))),
        None => Ok(()),
    }
}

/// A task file that must read without a bad line (a usage error naming each one otherwise).
pub fn read_valid_tasks(path: &Path) -> Result<Vec<Task>, Failure> {
    let (tasks, errors) = read_task_file(path)?;
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("{e}");
        }
        return Err(Failure::Usage(anyhow!(
            "{} bad line(s) in {}; `tz data check` lists them",
            errors.len(),
            path.display()
        )));
    }
    Ok(tasks)
}

fn load_registry(
    dir: &Path,
    args: &ConfigArgs,
    limits: &SandboxFlags,
) -> Result<Registry, Failure> {
    let cfg = crate::config::sandbox(args, limits)?;
    let registry = Registry::load_dir(dir, cfg).map_err(|e| anyhow!(e))?;
    crate::terminal::warn_problems(&registry);
    Ok(registry)
}

fn gen_tasks(
    tools: &Path,
    cfg: &data::r#gen::GenConfig,
    output: &Path,
    args: &ConfigArgs,
    limits: &SandboxFlags,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    refuse_dash(
        output,
        "`data gen` writes two files (the train split and <stem>.test.jsonl)",
    )?;
    if !(cfg.kinds.class_multi_turn >= 0.0 && cfg.kinds.class_multi_turn.is_finite()) {
        return Err(Failure::Usage(anyhow!(
            "--class-multi-turn must be a finite weight >= 0"
        )));
    }
    let registry = load_registry(tools, args, limits)?;
    let mut needed: Vec<&str> = data::r#gen::shipped_function_names().to_vec();
    if cfg.kinds.class_multi_turn > 0.0 {
        needed.extend(data::r#gen::class_function_names());
    }
    let missing: Vec<&str> = needed
        .into_iter()
        .filter(|name| !registry.functions().contains_key(*name))
        .collect();
    if !missing.is_empty() {
        return Err(Failure::Run(anyhow!(
            "the generator needs functions that {} lacks: {}; build the shipped tools with scripts/build-tools.sh",
            tools.display(),
            missing.join(", ")
        )));
    }
    let generated = data::r#gen::generate(cfg);
    let test_path = test_split_path(output);
    task::save_tasks(output, &generated.train).map_err(|e| anyhow!(e))?;
    task::save_tasks(&test_path, &generated.test).map_err(|e| anyhow!(e))?;
    out.line(format!(
        "wrote {} train tasks to {} and {} test tasks to {}",
        generated.train.len(),
        output.display(),
        generated.test.len(),
        test_path.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// `tasks.jsonl` -> `tasks.test.jsonl`.
pub fn test_split_path(output: &Path) -> PathBuf {
    let stem = output
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    output.with_file_name(format!("{stem}.test.jsonl"))
}

/// Reads a task file (`-`: standard input); `Err` (a usage error) when it cannot be read.
/// Returns the tasks and the bad lines, one message each naming file and line.
pub fn read_task_file(path: &Path) -> Result<(Vec<Task>, Vec<String>), Failure> {
    let reader = open_input(path)?;
    let name = if is_dash(path) {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let report = task::read_tasks(reader, &name)
        .map_err(|e| Failure::Usage(anyhow!("cannot read tasks from {name}: {e}")))?;
    Ok((
        report.tasks,
        report.errors.iter().map(ToString::to_string).collect(),
    ))
}

fn check(
    path: &Path,
    tools: Option<&Path>,
    args: &ConfigArgs,
    limits: &SandboxFlags,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let registry = tools.map(|d| load_registry(d, args, limits)).transpose()?;
    let named: Vec<FunctionSpec> = registry.as_ref().map(Registry::specs).unwrap_or_default();
    let (tasks, errors) = read_task_file(path)?;
    let mut problems = errors.len();
    for e in &errors {
        out.line(crate::terminal::text(&e.to_string()))?;
    }
    for task in &tasks {
        for p in task.problems() {
            let line = format!("{}: task `{}`: {p}", path.display(), task.id);
            out.line(crate::terminal::text(&line))?;
            problems += 1;
        }
        if let Err(e) = task.resolve_tools(&named) {
            let hint = if registry.is_none() {
                " (pass --tools DIR)"
            } else {
                ""
            };
            let line = format!("{}: {e}{hint}", path.display());
            out.line(crate::terminal::text(&line))?;
            problems += 1;
            continue;
        }
        for p in filter::problems(task, &named) {
            let line = format!("{}: task `{}`: {p}", path.display(), task.id);
            out.line(crate::terminal::text(&line))?;
            problems += 1;
        }
    }
    if problems == 0 {
        out.line(format!(
            "ok: {} tasks, every tool resolves and every ground-truth call validates",
            tasks.len()
        ))?;
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{problems} problem(s) in {}", path.display());
        Ok(ExitCode::from(1))
    }
}
