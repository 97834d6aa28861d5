//! `tz tools list|check|call`: inspect and exercise a directory of tool components.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::anyhow;
use clap::Subcommand;
use serde_json::{Value, json};
use tz_env::registry::Registry;

use crate::Failure;
use crate::config::{ConfigArgs, SandboxFlags};
use crate::out::Out;
use crate::terminal::{field, text, warn_problems};

/// The `tools` subcommands.
#[derive(Subcommand)]
pub enum ToolsCommand {
    /// List every function: name, tool, description and parameters.
    List {
        /// Directory of tool components (`*.wasm`).
        dir: PathBuf,
        /// Print JSON (an array of function specs with their tool) instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        limits: SandboxFlags,
    },
    /// Validate every component and spec; exit 1 with one line per problem.
    Check {
        /// Directory of tool components (`*.wasm`).
        dir: PathBuf,
        #[command(flatten)]
        limits: SandboxFlags,
    },
    /// Call one function and print the outcome, the result and the fuel used.
    Call {
        /// Directory of tool components (`*.wasm`).
        dir: PathBuf,
        /// Function name.
        name: String,
        /// Arguments as a JSON object.
        arguments: String,
        /// Episode seed (virtual clocks, random, session state).
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Print the outcome as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        limits: SandboxFlags,
    },
    /// Scaffold a tool project (with a test) against the current WIT; build it with
    /// `scripts/build-tool.sh DIR/NAME`, which writes DIR/NAME.wasm.
    New {
        /// Tool name: a lowercase identifier (it prefixes the example functions).
        name: String,
        /// The project's language.
        #[arg(long, value_enum)]
        lang: crate::scaffold::Lang,
        /// A stateful tool (`session-tool`: one session per episode, `load` and `state`).
        #[arg(long)]
        stateful: bool,
        /// Directory to create the project in (the project is DIR/NAME).
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
}

/// Runs a `tools` subcommand.
pub fn run(cmd: ToolsCommand, args: &ConfigArgs) -> Result<ExitCode, Failure> {
    let mut out = Out::stdout();
    let code = match cmd {
        ToolsCommand::New {
            name,
            lang,
            stateful,
            dir,
        } => {
            let project = crate::scaffold::create(&dir, &name, lang, stateful)?;
            out.line(crate::scaffold::next_steps(&project, lang, stateful))?;
            Ok(ExitCode::SUCCESS)
        }
        ToolsCommand::List { dir, json, limits } => {
            let registry = load(&dir, args, &limits)?;
            list(json, &registry, &mut out)
        }
        ToolsCommand::Check { dir, limits } => {
            let registry = load(&dir, args, &limits)?;
            check(&dir, &registry, &mut out)
        }
        ToolsCommand::Call {
            dir,
            name,
            arguments,
            seed,
            json,
            limits,
        } => call(
            &load(&dir, args, &limits)?,
            &name,
            &arguments,
            seed,
            json,
            &mut out,
        ),
    }?;
    out.flush()?;
    Ok(code)
}

fn load(
    dir: &std::path::Path,
    args: &ConfigArgs,
    limits: &SandboxFlags,
) -> Result<Registry, Failure> {
    let cfg = crate::config::sandbox(args, limits)?;
    Registry::load_dir(dir, cfg).map_err(|e| Failure::Run(anyhow!(e)))
}

fn list(json: bool, registry: &Registry, out: &mut Out) -> Result<ExitCode, Failure> {
    warn_problems(registry);
    if json {
        let items: Vec<Value> = registry
            .functions()
            .values()
            .map(|f| {
                json!({
                    "name": f.spec.name,
                    "tool": registry.tools()[f.tool].name,
                    "description": f.spec.description,
                    "parameters": f.spec.parameters,
                })
            })
            .collect();
        let text = serde_json::to_string_pretty(&items).map_err(|e| anyhow!(e))?;
        out.line(text)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = format!(
        "{:<24} {:<12} {:<44} DESCRIPTION\n",
        "FUNCTION", "TOOL", "PARAMETERS"
    );
    for f in registry.functions().values() {
        text.push_str(&format!(
            "{:<24} {:<12} {:<44} {}\n",
            field(&f.spec.name),
            field(&registry.tools()[f.tool].name),
            field(&param_summary(&f.spec)),
            field(first_sentence(&f.spec.description))
        ));
    }
    text.push_str(&format!(
        "{} functions in {} tools\n",
        registry.functions().len(),
        registry.tools().len()
    ));
    out.text(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// `a*: number, b: string` (a `*` marks required parameters).
fn param_summary(spec: &tz_env::spec::FunctionSpec) -> String {
    let required = spec.required();
    let Some(props) = spec.properties() else {
        return String::new();
    };
    props
        .iter()
        .map(|(k, v)| {
            let ty = v.get("type").and_then(Value::as_str).unwrap_or("any");
            let star = if required.contains(&k.as_str()) {
                "*"
            } else {
                ""
            };
            format!("{k}{star}: {ty}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Text up to the first ". " followed by a capital letter (so "e.g. x" does not end it).
fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    let end = (0..bytes.len().saturating_sub(2))
        .find(|&i| bytes[i] == b'.' && bytes[i + 1] == b' ' && bytes[i + 2].is_ascii_uppercase())
        .map(|i| i + 1)
        .unwrap_or(text.len());
    &text[..end]
}

fn check(dir: &std::path::Path, registry: &Registry, out: &mut Out) -> Result<ExitCode, Failure> {
    for p in registry.problems() {
        out.line(field(&p.to_string()))?;
    }
    if registry.problems().is_empty() {
        out.line(format!(
            "ok: {} tools, {} functions, every spec valid",
            registry.tools().len(),
            registry.functions().len()
        ))?;
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "{} problem(s) in {}",
            registry.problems().len(),
            field(&dir.display().to_string())
        );
        Ok(ExitCode::from(1))
    }
}

fn call(
    registry: &Registry,
    name: &str,
    arguments: &str,
    seed: u64,
    json: bool,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    warn_problems(registry);
    let mut episode = registry.episode(seed);
    let result = episode.call(name, arguments).map_err(|e| anyhow!(e))?;
    if json {
        out.line(serde_json::to_string(&result).map_err(|e| anyhow!(e))?)?;
    } else {
        out.line(format!("outcome: {}", result.outcome.kind()))?;
        out.line(format!("fuel: {}", result.fuel_used))?;
        out.line(text(&result.outcome.model_text()))?;
    }
    Ok(if result.outcome.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
