//! `tz`: the Tool Zero command line. Parses arguments, builds the config, calls a library and
//! maps the outcome to an exit code: 0 ok (also when the reader of our output closed the pipe),
//! 1 the run failed, 2 usage, config or input error.

mod config;
mod config_cmd;
mod data;
mod eval;
mod eval_apibank;
mod export;
mod generate;
mod out;
mod progress;
mod scaffold;
mod score;
mod terminal;
mod tools;
mod train;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Teach language models to use WebAssembly tools by pure reinforcement learning.
#[derive(Parser)]
#[command(name = "tz", version = env!("TZ_VERSION"), about)]
struct Cli {
    #[command(flatten)]
    config: config::ConfigArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List, check and call tool components.
    #[command(subcommand)]
    Tools(tools::ToolsCommand),
    /// Import, generate and check task files.
    #[command(subcommand)]
    Data(data::DataCommand),
    /// Score completions of tasks (reward parts as JSON Lines).
    Score(score::ScoreArgs),
    /// Sample a completion of a prompt from a model.
    Generate(generate::GenerateArgs),
    /// Train a model with GRPO against the tools (pure RL from the given model).
    Train(train::TrainArgs),
    /// Evaluate a model on BFCL or on task files (reproducible report), or compare two reports.
    Eval(eval::EvalArgs),
    /// Write a training checkpoint as a Hugging Face model directory.
    Export(export::ExportArgs),
    /// Show the resolved config, or every key with its default and meaning.
    #[command(subcommand)]
    Config(config_cmd::ConfigCommand),
}

/// How a command failed.
#[derive(Debug)]
pub enum Failure {
    /// The command ran and failed (exit code 1).
    Run(anyhow::Error),
    /// The command was misused, misconfigured or given bad input (exit code 2).
    Usage(anyhow::Error),
    /// The reader of our standard output went away: stop quietly (exit code 0).
    Closed,
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Run(e)
    }
}

fn main() -> ExitCode {
    tz_trainer::alloc::keep_freed_memory();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Tools(cmd) => tools::run(cmd, &cli.config),
        Command::Data(cmd) => data::run(cmd, &cli.config),
        Command::Score(args) => score::run(args, &cli.config),
        Command::Generate(args) => generate::run(&args, &cli.config),
        Command::Train(args) => train::run(args, &cli.config),
        Command::Eval(args) => eval::run(args, &cli.config),
        Command::Export(args) => export::run(&args),
        Command::Config(cmd) => config_cmd::run(&cmd, &cli.config),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Closed) => ExitCode::SUCCESS,
        Err(Failure::Run(e)) => {
            eprintln!("error: {}", terminal::text(&format!("{e:#}")));
            ExitCode::from(1)
        }
        Err(Failure::Usage(e)) => {
            eprintln!("error: {}", terminal::text(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}
