//! `tz config show|default`: the resolved config as TOML (feed it back with `--config` to
//! reproduce a run), or every key with its default and its meaning.

use std::process::ExitCode;

use clap::Subcommand;

use crate::Failure;
use crate::config::{ConfigArgs, DEFAULT_TOML};
use crate::out::Out;

/// The `config` subcommands.
#[derive(Subcommand)]
pub enum ConfigCommand {
    /// Print the config resolved from the defaults, --config and --set, as TOML.
    Show,
    /// Print every key with its default value and what it does.
    Default,
}

/// Runs a `config` subcommand.
pub fn run(cmd: &ConfigCommand, args: &ConfigArgs) -> Result<ExitCode, Failure> {
    let mut out = Out::stdout();
    match cmd {
        ConfigCommand::Show => {
            let cfg = args.load()?;
            let problems = cfg.problems();
            if !problems.is_empty() {
                return Err(Failure::Usage(anyhow::anyhow!(
                    "invalid config: {}",
                    problems.join("; ")
                )));
            }
            out.text(&cfg.to_toml()?)?;
        }
        ConfigCommand::Default => out.text(DEFAULT_TOML)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
