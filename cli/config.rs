//! The run config: one TOML file for the whole program, one section per layer, and how the
//! command line overrides it.
//!
//! Sections: `[model]` (which checkpoint, which device), `[sampler]` (temperature, nucleus,
//! tokens per model turn), `[env]` (template, rounds, token budget, execution matching),
//! `[reward]` (the reward kind and its settings), `[sandbox]` (tool limits), `[train]` and
//! `[grpo]` (the trainer). Every default comes from the library type's `Default`; `tz config
//! default` prints them all with their meaning.
//!
//! Precedence: defaults < `--config FILE` < `--set section.key=value` < a command's own flags.
//! An unknown section or key is an error naming it; `[reward]` starts from the defaults of the
//! `kind` it names. `tz config show` prints the resolved config as TOML; fed back with
//! `--config`, it resolves to the same config, byte for byte.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow};
use clap::Args;
use serde::{Deserialize, Serialize};
use toml::{Table, Value};
use tz_env::episode::EpisodeConfig;
use tz_env::reward::RewardKind;
use tz_env::sandbox::SandboxConfig;
use tz_trainer::SamplingParams;
use tz_trainer::train::config::{GrpoConfig, TrainConfig};

use crate::Failure;

/// `[model]`: which checkpoint and where it runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ModelSection {
    /// `default` (SmolLM2-135M-Instruct from `scripts/fetch-model.sh`), a `.gguf` file, a Hugging
    /// Face model directory, or a hub id `org/name[@revision]`.
    pub name: String,
    /// `cpu`, `cuda` or `cuda:N` (CUDA needs a build with `--features cuda`).
    pub device: String,
}

impl Default for ModelSection {
    fn default() -> Self {
        Self {
            name: "default".into(),
            device: "cpu".into(),
        }
    }
}

/// The whole config.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `[model]`.
    pub model: ModelSection,
    /// `[sampler]`.
    pub sampler: SamplingParams,
    /// `[env]` (its reward is `[reward]`).
    pub env: EpisodeConfig,
    /// `[reward]`.
    pub reward: RewardKind,
    /// `[sandbox]`.
    pub sandbox: SandboxConfig,
    /// `[train]`.
    pub train: TrainConfig,
    /// `[grpo]`.
    pub grpo: GrpoConfig,
}

/// The sections, in file order.
pub const SECTIONS: [&str; 7] = [
    "model", "sampler", "env", "reward", "sandbox", "train", "grpo",
];

/// The documented defaults printed by `tz config default` (a test keeps it equal to the
/// defaults of the types).
pub const DEFAULT_TOML: &str = include_str!("config_default.toml");

impl Config {
    /// The episode settings with the configured reward.
    pub fn episode(&self) -> EpisodeConfig {
        EpisodeConfig {
            reward: self.reward.clone(),
            ..self.env.clone()
        }
    }

    /// The device `[model] device` names.
    pub fn device(&self) -> Result<tz_trainer::candle_core::Device, Failure> {
        let choice: tz_trainer::DeviceChoice = self
            .model
            .device
            .parse()
            .map_err(|e| Failure::Usage(anyhow!("{e}")))?;
        choice.device().map_err(|e| Failure::Usage(anyhow!("{e}")))
    }

    /// Loads the checkpoint `[model] name` names onto `device` (a name that resolves to
    /// nothing is a usage error).
    pub fn load_checkpoint(
        &self,
        device: &tz_trainer::candle_core::Device,
    ) -> Result<tz_trainer::Checkpoint, Failure> {
        let name = &self.model.name;
        tz_trainer::resolve(name).map_err(|e| Failure::Usage(anyhow!("--model: {e}")))?;
        Ok(tz_trainer::Checkpoint::load(name, device)
            .with_context(|| format!("loading model {name:?}"))?)
    }

    /// Every cross-field problem of the resolved config, all at once.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Err(e) = self.sampler.validate() {
            out.push(format!("[sampler] {e}"));
        }
        if let Err(p) = self.sandbox.validate() {
            out.extend(p);
        }
        if self.env.max_rounds_per_turn == 0 {
            out.push("env.max_rounds_per_turn must be >= 1".into());
        }
        if self.env.max_tokens == 0 {
            out.push("env.max_tokens must be >= 1".into());
        }
        for (i, m) in self.env.demonstrations.iter().enumerate() {
            if m.role == tz_env::task::Role::System {
                out.push(format!(
                    "env.demonstrations[{i}] is a system message; the system prompt is the task's \
                     (demonstrations are user, assistant and tool turns)"
                ));
            }
        }
        if let Err(e) = self.model.device.parse::<tz_trainer::DeviceChoice>() {
            out.push(format!("model.device: {e}"));
        }
        out.extend(self.train.problems());
        out.extend(self.grpo.problems());
        out
    }

    /// The resolved config as TOML (what `tz config show` prints).
    pub fn to_toml(&self) -> anyhow::Result<String> {
        toml::to_string(self).context("cannot write the config as TOML")
    }
}

/// The config flags every command takes.
#[derive(Debug, Clone, Args, Default)]
pub struct ConfigArgs {
    /// Config file (TOML, sections [model] [sampler] [env] [reward] [sandbox] [train] [grpo]);
    /// `tz config default` prints every key.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Override one key, e.g. `--set train.lr=2e-6` or `--set reward.kind=tool_rl`
    /// (repeatable; applied after --config, before a command's own flags).
    #[arg(long = "set", global = true, value_name = "SECTION.KEY=VALUE")]
    pub set: Vec<String>,
}

impl ConfigArgs {
    /// The config from the defaults, the file and the `--set` overrides (a usage error, exit
    /// code 2, when anything is wrong; the message names the file, section and key).
    pub fn load(&self) -> Result<Config, Failure> {
        resolve(self.config.as_deref(), &self.set).map_err(Failure::Usage)
    }
}

/// Defaults < file < overrides, section by section.
pub fn resolve(file: Option<&Path>, set: &[String]) -> anyhow::Result<Config> {
    let mut table = defaults_table()?;
    if let Some(path) = file {
        let text = read_text(path)?;
        let file_table: Table =
            toml::from_str(&text).with_context(|| format!("invalid config {}", path.display()))?;
        merge(&mut table, file_table).with_context(|| format!("in config {}", path.display()))?;
    }
    for item in set {
        let over = parse_set(item)?;
        merge(&mut table, over).with_context(|| format!("in --set {item}"))?;
    }
    from_table(table)
}

fn read_text(path: &Path) -> anyhow::Result<String> {
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .context("cannot read the config from standard input")?;
        return Ok(text);
    }
    std::fs::read_to_string(path).with_context(|| format!("cannot read config {}", path.display()))
}

fn defaults_table() -> anyhow::Result<Table> {
    Table::try_from(Config::default()).context("cannot build the default config")
}

/// `section.key=value` as a one-key table; the value is read as TOML (`2e-6`, `true`,
/// `"text"`, `[1, 2]`) and otherwise taken as a string.
fn parse_set(item: &str) -> anyhow::Result<Table> {
    let (key, value) = item
        .split_once('=')
        .ok_or_else(|| anyhow!("--set {item}: expected SECTION.KEY=VALUE"))?;
    let (section, key) = key.trim().split_once('.').ok_or_else(|| {
        anyhow!(
            "--set {item}: the key must be SECTION.KEY, e.g. train.lr (sections: {})",
            SECTIONS.join(", ")
        )
    })?;
    let value = value.trim();
    let parsed = toml::from_str::<Table>(&format!("v = {value}"))
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| Value::String(value.to_string()));
    let mut inner = Table::new();
    inner.insert(key.to_string(), parsed);
    let mut outer = Table::new();
    outer.insert(section.to_string(), Value::Table(inner));
    Ok(outer)
}

/// Deep-merges `over` into `base`: unknown sections are errors; a `[reward]` that changes
/// `kind` starts from that kind's defaults.
fn merge(base: &mut Table, over: Table) -> anyhow::Result<()> {
    for (section, value) in over {
        let Some(Value::Table(slot)) = base.get_mut(&section) else {
            return Err(anyhow!(
                "unknown section [{section}]; sections are {}",
                SECTIONS.join(", ")
            ));
        };
        let Value::Table(values) = value else {
            return Err(anyhow!("[{section}] must be a table of keys"));
        };
        if section == "reward"
            && let Some(kind) = values.get("kind").and_then(Value::as_str)
            && slot.get("kind").and_then(Value::as_str) != Some(kind)
        {
            let fresh = RewardKind::all()
                .into_iter()
                .find(|k| k.name() == kind)
                .ok_or_else(|| {
                    anyhow!(
                        "unknown reward.kind `{kind}`; kinds are {}",
                        RewardKind::all().map(|k| k.name()).join(", ")
                    )
                })?;
            *slot = Table::try_from(fresh).context("cannot build the reward defaults")?;
        }
        for (key, v) in values {
            slot.insert(key, v);
        }
    }
    Ok(())
}

/// Each section deserialized on its own, so an error names its section, and its key when one
/// key alone is at fault (serde's message for a bad value, such as `-1` for a count, names
/// only the type).
fn from_table(mut table: Table) -> anyhow::Result<Config> {
    fn section<T: for<'de> Deserialize<'de>>(table: &mut Table, name: &str) -> anyhow::Result<T> {
        let value = table.remove(name).unwrap_or(Value::Table(Table::new()));
        value.clone().try_into().map_err(|e: toml::de::Error| {
            match value.as_table().and_then(culprit::<T>) {
                Some(key) => anyhow!("[{name}] {key}: {}", e.message()),
                None => anyhow!("[{name}]: {}", e.message()),
            }
        })
    }
    /// The one key of a section without which it deserializes, if there is one.
    fn culprit<T: for<'de> Deserialize<'de>>(section: &Table) -> Option<&String> {
        section.keys().find(|key| {
            let mut rest = section.clone();
            rest.remove(*key);
            Value::Table(rest).try_into::<T>().is_ok()
        })
    }
    Ok(Config {
        model: section(&mut table, "model")?,
        sampler: section(&mut table, "sampler")?,
        env: section(&mut table, "env")?,
        reward: section(&mut table, "reward")?,
        sandbox: section(&mut table, "sandbox")?,
        train: section(&mut table, "train")?,
        grpo: section(&mut table, "grpo")?,
    })
}

/// Sandbox limit flags shared by the commands that load tools.
#[derive(Debug, Clone, Args, Default)]
pub struct SandboxFlags {
    /// Fuel per call (the deterministic instruction budget) [sandbox.fuel_per_call].
    #[arg(long)]
    pub fuel: Option<u64>,
    /// Memory cap per store, in MiB [sandbox.memory_mib].
    #[arg(long)]
    pub memory_mib: Option<u64>,
    /// Wall-clock backstop per call, in milliseconds [sandbox.timeout_ms].
    #[arg(long)]
    pub timeout_ms: Option<u64>,
    /// Largest result a call may return, in bytes [sandbox.max_output_bytes].
    #[arg(long)]
    pub max_output_bytes: Option<usize>,
    /// Compiled-component cache directory [sandbox.cache_dir].
    #[arg(long)]
    pub cache_dir: Option<PathBuf>,
    /// Compile every component afresh, without the cache [sandbox.no_cache].
    #[arg(long)]
    pub no_cache: bool,
}

/// A conversation template on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum TemplateName {
    /// The model's own (from its tokenizer's special tokens).
    Auto,
    /// Plain text, for base models.
    Base,
    /// ChatML (Qwen2.5, SmolLM2).
    Chatml,
    /// Llama 3.
    Llama3,
}

impl TemplateName {
    /// The environment's template.
    pub fn template(self) -> tz_env::prompt::Template {
        match self {
            TemplateName::Auto => tz_env::prompt::Template::Auto,
            TemplateName::Base => tz_env::prompt::Template::Base,
            TemplateName::Chatml => tz_env::prompt::Template::ChatMl,
            TemplateName::Llama3 => tz_env::prompt::Template::Llama3,
        }
    }
}

/// The model flags `tz train` and `tz eval` share (unset flags keep the config's values).
#[derive(Args)]
pub struct ModelFlags {
    /// The model: `default`, a GGUF file, a Hugging Face directory or a checkpoint [model.name].
    #[arg(long)]
    pub model: Option<String>,
    /// `cpu`, `cuda` or `cuda:N` [model.device].
    #[arg(long)]
    pub device: Option<String>,
    /// Conversation template [env.template].
    #[arg(long, value_enum)]
    pub template: Option<TemplateName>,
}

impl ModelFlags {
    /// Applies the flags given to `cfg`.
    pub fn apply(&self, cfg: &mut Config) {
        if let Some(v) = &self.model {
            cfg.model.name = v.clone();
        }
        if let Some(v) = &self.device {
            cfg.model.device = v.clone();
        }
        if let Some(t) = self.template {
            cfg.env.template = t.template();
        }
    }
}

impl SandboxFlags {
    /// Applies the flags given to `cfg`.
    pub fn apply(&self, cfg: &mut SandboxConfig) {
        if let Some(v) = self.fuel {
            cfg.fuel_per_call = v;
        }
        if let Some(v) = self.memory_mib {
            cfg.memory_mib = v;
        }
        if let Some(v) = self.timeout_ms {
            cfg.timeout_ms = v;
        }
        if let Some(v) = self.max_output_bytes {
            cfg.max_output_bytes = v;
        }
        if let Some(v) = &self.cache_dir {
            cfg.cache_dir = Some(v.clone());
        }
        if self.no_cache {
            cfg.no_cache = true;
        }
    }
}

/// The sandbox config of a command: the resolved config's `[sandbox]` with the flags applied,
/// validated (usage error when invalid).
pub fn sandbox(args: &ConfigArgs, flags: &SandboxFlags) -> Result<SandboxConfig, Failure> {
    let mut cfg = args.load()?.sandbox;
    flags.apply(&mut cfg);
    cfg.validate()
        .map_err(|p| Failure::Usage(anyhow!("invalid sandbox settings: {}", p.join("; "))))?;
    Ok(cfg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_of(table: &Table, prefix: &str, out: &mut Vec<String>) {
        for (k, v) in table {
            match v {
                Value::Table(t) => keys_of(t, &format!("{prefix}{k}."), out),
                _ => out.push(format!("{prefix}{k}")),
            }
        }
    }

    #[test]
    fn the_documented_defaults_are_the_defaults_and_name_every_key() {
        let parsed: Config = toml::from_str(DEFAULT_TOML).expect("the default file parses");
        assert_eq!(parsed, Config::default());
        let mut keys = Vec::new();
        keys_of(&defaults_table().expect("table"), "", &mut keys);
        let mut section = "";
        let mut documented = Vec::new();
        for line in DEFAULT_TOML.lines() {
            let line = line.trim_start_matches('#').trim();
            if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = s;
            } else if let Some((k, _)) = line.split_once(" = ") {
                documented.push(format!("{section}.{}", k.trim()));
            }
        }
        for key in keys {
            assert!(
                documented.contains(&key),
                "`{key}` is not in config_default.toml"
            );
        }
    }

    #[test]
    fn file_then_set_override_the_defaults_and_unknown_keys_name_their_section() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("run.toml");
        std::fs::write(&path, "[train]\nlr = 2e-6\n[reward]\nkind = \"tool_rl\"\n").expect("write");
        let cfg = resolve(
            Some(&path),
            &["train.steps=7".into(), "grpo.clip_high=0.28".into()],
        )
        .expect("resolves");
        assert_eq!(cfg.train.lr, 2e-6);
        assert_eq!(cfg.train.steps, 7);
        assert_eq!(cfg.grpo.clip_high, 0.28);
        assert_eq!(
            cfg.reward,
            RewardKind::ToolRl {
                dynamic_scaling: false
            }
        );
        let err = resolve(None, &["reward.kapa=1".into()]).expect_err("unknown key");
        assert!(
            format!("{err:#}").contains("[reward]") && format!("{err:#}").contains("kapa"),
            "{err:#}"
        );
        let err = resolve(None, &["nope.x=1".into()]).expect_err("unknown section");
        assert!(format!("{err:#}").contains("[nope]"), "{err:#}");
        let err = resolve(None, &["train.lr".into()]).expect_err("no value");
        assert!(format!("{err:#}").contains("SECTION.KEY=VALUE"), "{err:#}");
    }

    #[test]
    fn lora_keys_resolve_from_set_and_bad_values_name_their_key() {
        let cfg = resolve(
            None,
            &[
                "train.lora_rank=16".into(),
                "train.lora_alpha=32".into(),
                r#"train.lora_targets=["q_proj", "v_proj"]"#.into(),
            ],
        )
        .expect("resolves");
        assert_eq!(cfg.train.lora_rank, 16);
        assert_eq!(cfg.train.lora_alpha, 32.0);
        assert_eq!(cfg.train.lora_targets, ["q_proj", "v_proj"]);
        assert!(cfg.problems().is_empty(), "{:?}", cfg.problems());
        let bad = resolve(
            None,
            &[
                "train.lora_alpha=0".into(),
                r#"train.lora_targets=["q_proj", "lm_head"]"#.into(),
            ],
        )
        .expect("resolves");
        let problems = bad.problems().join("; ");
        assert!(
            problems.contains("train.lora_alpha") && problems.contains("train.lora_targets"),
            "{problems}"
        );
        let err = resolve(None, &["train.lora_rank=-1".into()]).expect_err("negative rank");
        assert!(format!("{err:#}").contains("[train] lora_rank"), "{err:#}");
    }

    /// The shipped examples resolve, have no problems, and survive `tz config show` (the
    /// demonstrations' call arguments are JSON inside TOML); shots-demo asks for one shot.
    #[test]
    fn the_demo_examples_resolve_and_round_trip_through_their_toml() {
        let dir = tempfile::tempdir().expect("tmp");
        for (file, turns) in [("format-demo.toml", 4), ("call-demo.toml", 2)] {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples")
                .join(file);
            let cfg = resolve(Some(&path), &[]).expect("the example resolves");
            assert!(cfg.problems().is_empty(), "{file}: {:?}", cfg.problems());
            assert_eq!(cfg.env.assistant_prefill, "<think>");
            assert_eq!(cfg.env.demonstrations.len(), turns, "{file}");
            let call = &cfg.env.demonstrations[1].tool_calls[0];
            assert_eq!(call.arguments, serde_json::json!({"expression": "12 * 7"}));
            let shown = dir.path().join(file);
            std::fs::write(&shown, cfg.to_toml().expect("toml")).expect("write");
            assert_eq!(resolve(Some(&shown), &[]).expect("resolves again"), cfg);
        }
        let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/shots-demo.toml");
        let cfg = resolve(Some(&shots), &[]).expect("shots-demo resolves");
        assert!(cfg.problems().is_empty(), "{:?}", cfg.problems());
        assert_eq!((cfg.train.shots, cfg.env.demonstrations.len()), (1, 0));
        assert_eq!(cfg.env.assistant_prefill, "<think>");
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/format-demo.toml");
        let system = resolve(
            Some(&path),
            &[r#"env.demonstrations=[{role = "system", content = "x"}]"#.into()],
        )
        .expect("resolves");
        assert!(
            system
                .problems()
                .join("; ")
                .contains("env.demonstrations[0]"),
            "{:?}",
            system.problems()
        );
    }

    #[test]
    fn the_training_dtype_resolves_from_set_and_an_unknown_one_names_its_key() {
        assert_eq!(
            resolve(None, &[]).expect("defaults").train.dtype,
            tz_trainer::Precision::F32
        );
        let cfg = resolve(None, &[r#"train.dtype="bf16""#.into()]).expect("resolves");
        assert_eq!(cfg.train.dtype, tz_trainer::Precision::Bf16);
        let err = resolve(None, &[r#"train.dtype="fp16""#.into()]).expect_err("unknown dtype");
        let err = format!("{err:#}");
        assert!(err.contains("dtype") && err.contains("bf16"), "{err}");
    }

    #[test]
    fn a_shown_config_resolves_to_itself_byte_for_byte() {
        let dir = tempfile::tempdir().expect("tmp");
        let cfg = resolve(
            None,
            &[
                "train.lr=3e-6".into(),
                "reward.kind=tool_n1".into(),
                "sandbox.cache_dir=\"/tmp/c\"".into(),
            ],
        )
        .expect("resolves");
        let shown = cfg.to_toml().expect("toml");
        let path = dir.path().join("shown.toml");
        std::fs::write(&path, &shown).expect("write");
        let again = resolve(Some(&path), &[]).expect("resolves");
        assert_eq!(again.to_toml().expect("toml"), shown);
        assert_eq!(again, cfg);
    }
}
