//! `tz`: the Tool Zero command line. Parses arguments, builds the config, calls a library and
//! maps the outcome to an exit code (0 ok, 1 run failed, 2 usage or config error).

mod config;
mod data;
mod generate;
mod score;
mod tools;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Teach language models to use WebAssembly tools by pure reinforcement learning.
#[derive(Parser)]
#[command(name = "tz", version, about)]
struct Cli {
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
}

/// How a command failed: exit code 1 (the run failed) or 2 (usage or config error).
#[derive(Debug)]
pub enum Failure {
    /// The command ran and failed (exit code 1).
    Run(anyhow::Error),
    /// The command was misused or misconfigured (exit code 2).
    Usage(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Run(e)
    }
}

/// Writes `text` to stdout; a closed pipe (`tz ... | head`) is not an error.
pub fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Tools(cmd) => tools::run(cmd),
        Command::Data(cmd) => data::run(cmd),
        Command::Score(args) => score::run(args),
        Command::Generate(args) => generate::run(&args)
            .map(|()| ExitCode::SUCCESS)
            .map_err(Failure::Run),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Run(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
