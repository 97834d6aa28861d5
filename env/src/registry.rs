//! The tool registry: every component of a directory, their validated specs, and per-episode
//! handles that route calls by function name.
//!
//! Loading policy: every `*.wasm` file at the top level of the directory is loaded (in file
//! name order, compiled in parallel). A file that fails to load, a malformed spec, or a
//! function name that clashes with an earlier file's is recorded as a *problem* and skipped;
//! the other tools still load. `tz tools check` fails when there is any problem; `tz tools
//! list` and `tz tools call` print the problems as warnings and go on.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::sandbox::{CallOutcome, LoadedTool, Outcome, Sandbox, SandboxConfig, ToolInstance};
use crate::schema::ArgSchema;
use crate::spec::FunctionSpec;

/// One function of a loaded tool, with its compiled argument schema.
pub struct Function {
    /// The function's spec.
    pub spec: FunctionSpec,
    /// Index of the tool that provides it in [`Registry::tools`].
    pub tool: usize,
    validator: ArgSchema,
}

/// Every tool of a directory, ready to instantiate.
pub struct Registry {
    sandbox: Arc<Sandbox>,
    tools: Vec<LoadedTool>,
    functions: BTreeMap<String, Function>,
    problems: Vec<Error>,
}

impl Registry {
    /// Loads every top-level `*.wasm` file of `dir` into a new sandbox built from `config`.
    pub fn load_dir(dir: &Path, config: SandboxConfig) -> Result<Registry> {
        Self::load_dir_in(Arc::new(Sandbox::new(config)?), dir)
    }

    /// Loads every top-level `*.wasm` file of `dir` into `sandbox`.
    pub fn load_dir_in(sandbox: Arc<Sandbox>, dir: &Path) -> Result<Registry> {
        let paths = wasm_files(dir)?;
        if paths.is_empty() {
            return Err(Error::NoTools(dir.to_path_buf()));
        }
        let loaded: Vec<Result<LoadedTool>> = paths.par_iter().map(|p| sandbox.load(p)).collect();
        let mut registry = Registry {
            sandbox,
            tools: Vec::new(),
            functions: BTreeMap::new(),
            problems: Vec::new(),
        };
        for tool in loaded {
            match tool {
                Ok(tool) => registry.add_tool(tool),
                Err(e) => registry.problems.push(e),
            }
        }
        Ok(registry)
    }

    fn add_tool(&mut self, tool: LoadedTool) {
        let specs = match parse_spec(&tool.spec_json, &tool.path) {
            Ok(specs) => specs,
            Err(problems) => {
                self.problems.extend(problems);
                return;
            }
        };
        let index = self.tools.len();
        for (spec, validator) in specs {
            if let Some(existing) = self.functions.get(&spec.name) {
                self.problems.push(Error::DuplicateFunction {
                    name: spec.name.clone(),
                    first: self.tools[existing.tool].path.clone(),
                    second: tool.path.clone(),
                });
                continue;
            }
            self.functions.insert(
                spec.name.clone(),
                Function {
                    spec,
                    tool: index,
                    validator,
                },
            );
        }
        self.tools.push(tool);
    }

    /// The sandbox the tools run in.
    pub fn sandbox(&self) -> &Arc<Sandbox> {
        &self.sandbox
    }

    /// The loaded tools, in file name order.
    pub fn tools(&self) -> &[LoadedTool] {
        &self.tools
    }

    /// Every function, by name.
    pub fn functions(&self) -> &BTreeMap<String, Function> {
        &self.functions
    }

    /// Every function's spec, in name order.
    pub fn specs(&self) -> Vec<FunctionSpec> {
        self.functions.values().map(|f| f.spec.clone()).collect()
    }

    /// Problems found while loading (skipped files and functions).
    pub fn problems(&self) -> &[Error] {
        &self.problems
    }

    /// A handle for one episode: calls go to instances created on first use with `seed`.
    pub fn episode(&self, seed: u64) -> EpisodeTools<'_> {
        EpisodeTools {
            registry: self,
            seed,
            instances: (0..self.tools.len()).map(|_| Slot::Empty).collect(),
            inline: BTreeMap::new(),
            mock: None,
            configs: BTreeMap::new(),
        }
    }

    /// Index of the tool named `name` (its file stem).
    pub fn tool_index(&self, name: &str) -> Option<usize> {
        self.tools.iter().position(|t| t.name == name)
    }

    /// Checks `arguments` against `name`'s schema; `Err` holds the outcome to report.
    pub fn check_call(
        &self,
        name: &str,
        arguments: &str,
    ) -> std::result::Result<(&Function, Value), Outcome> {
        let Some(function) = self.functions.get(name) else {
            return Err(Outcome::UnknownTool {
                name: name.to_string(),
                suggestions: suggest(name, self.functions.keys().map(String::as_str)),
            });
        };
        let value = validate(Some(&function.validator), arguments)?;
        Ok((function, value))
    }

    /// Index of the generic schema-only component (`schema_mock.wasm`), if loaded.
    pub fn schema_mock(&self) -> Option<usize> {
        self.tools.iter().position(|t| t.name == SCHEMA_MOCK)
    }

    /// Like [`Registry::episode`], plus functions that exist only as schemas (`inline`): their
    /// arguments are validated against the schema and the call runs in the generic
    /// `schema_mock` component, which returns a deterministic placeholder result. An inline
    /// function shadows a loaded function of the same name. BFCL type names (`dict`, `float`,
    /// `tuple`, `any`) are mapped to JSON Schema; a schema that still does not compile
    /// accepts any object.
    pub fn episode_with(&self, seed: u64, inline: &[FunctionSpec]) -> Result<EpisodeTools<'_>> {
        let mut episode = self.episode(seed);
        if inline.is_empty() {
            return Ok(episode);
        }
        episode.mock = Some(self.schema_mock().ok_or_else(|| Error::Spec {
            path: PathBuf::from("<inline>"),
            message: format!(
                "the task has schema-only functions ({}), which run in {SCHEMA_MOCK}.wasm: add it to the tool directory (scripts/build-tools.sh builds it)",
                inline.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", ")
            ),
        })?);
        for spec in inline {
            let mut spec = spec.clone();
            spec.parameters = json_schema_from_bfcl(&spec.parameters);
            let validator = check_function(serde_json::json!(spec)).ok().map(|(_, v)| v);
            episode.inline.insert(spec.name.clone(), validator);
        }
        Ok(episode)
    }
}

/// The [`Outcome::Unavailable`] cause of a session whose `load` failed.
pub const LOAD_FAILED: &str = "load_failed";

/// File stem of the generic component that runs schema-only functions.
pub const SCHEMA_MOCK: &str = "schema_mock";

/// Parses `arguments` and checks them against `validator` (none: any JSON object passes).
fn validate(validator: Option<&ArgSchema>, arguments: &str) -> std::result::Result<Value, Outcome> {
    let value: Value = serde_json::from_str(arguments).map_err(|e| Outcome::InvalidArguments {
        message: format!("arguments are not valid JSON: {e}"),
    })?;
    let Some(validator) = validator else {
        return if value.is_object() {
            Ok(value)
        } else {
            Err(Outcome::InvalidArguments {
                message: "arguments must be a JSON object".into(),
            })
        };
    };
    validator
        .validate(&value)
        .map(|()| value)
        .map_err(|message| Outcome::InvalidArguments { message })
}

/// Maps BFCL's parameter type names to JSON Schema: `dict` -> `object`, `float` -> `number`,
/// `tuple` -> `array`, `any` -> no type constraint; recursively.
pub fn json_schema_from_bfcl(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                if k == "type"
                    && let Some(t) = v.as_str()
                {
                    match t {
                        "dict" => out.insert(k.clone(), Value::from("object")),
                        "float" => out.insert(k.clone(), Value::from("number")),
                        "tuple" => out.insert(k.clone(), Value::from("array")),
                        "any" => None,
                        _ => out.insert(k.clone(), v.clone()),
                    };
                    continue;
                }
                out.insert(k.clone(), json_schema_from_bfcl(v));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(json_schema_from_bfcl).collect()),
        other => other.clone(),
    }
}

/// The tools of one episode: one store per tool, created on first use, dropped with the
/// episode. A stateful tool's session lives as long as its store.
pub struct EpisodeTools<'r> {
    registry: &'r Registry,
    seed: u64,
    instances: Vec<Slot>,
    /// Schema-only functions and their validators (see [`Registry::episode_with`]).
    inline: BTreeMap<String, Option<ArgSchema>>,
    /// Index of the `schema_mock` tool when there are inline functions.
    mock: Option<usize>,
    /// Session configs by tool index, `load`ed when the tool's session starts.
    configs: BTreeMap<usize, String>,
}

/// One tool's instance in an episode.
enum Slot {
    /// Not instantiated yet.
    Empty,
    /// Instantiated and healthy.
    Live(ToolInstance),
    /// Failed (trap, fuel, memory, deadline) during instantiation or a call: every later call
    /// in the episode is [`Outcome::Unavailable`] with this cause.
    Failed(&'static str),
}

impl EpisodeTools<'_> {
    /// Calls function `name` with `arguments` (a JSON object text). An unknown name is an
    /// [`Outcome::UnknownTool`] with suggestions from the loaded and the inline functions.
    /// A tool whose instance failed earlier in the episode answers [`Outcome::Unavailable`].
    ///
    /// Every failure, the guest's or the sandbox's, is an [`Outcome`]; the `Result` is kept for
    /// callers that also resolve tools by other means.
    pub fn call(&mut self, name: &str, arguments: &str) -> Result<CallOutcome> {
        let checked = match (self.inline.get(name), self.mock) {
            (Some(validator), Some(mock)) => validate(validator.as_ref(), arguments).map(|_| mock),
            _ => self
                .registry
                .check_call(name, arguments)
                .map(|(f, _)| f.tool)
                .map_err(|outcome| self.with_inline_suggestions(outcome)),
        };
        let tool = match checked {
            Ok(tool) => tool,
            Err(outcome) => {
                return Ok(CallOutcome {
                    outcome,
                    fuel_used: 0,
                });
            }
        };
        let cfg = self.registry.sandbox.config();
        let inst = match self.live(tool) {
            Ok(inst) => inst,
            Err(out) => return Ok(out),
        };
        let out = inst.call(cfg, name, arguments);
        if out.outcome.poisons_instance() {
            self.instances[tool] = Slot::Failed(out.outcome.kind());
        }
        Ok(out)
    }

    /// The live instance of tool `tool`, started (and its session config loaded) on first use.
    /// `Err` is the outcome to report: the tool failed earlier in the episode, or now.
    fn live(&mut self, tool: usize) -> std::result::Result<&mut ToolInstance, CallOutcome> {
        let cfg = self.registry.sandbox.config();
        let slot = &mut self.instances[tool];
        if let Slot::Failed(cause) = slot {
            return Err(CallOutcome {
                outcome: Outcome::Unavailable {
                    cause: (*cause).to_string(),
                },
                fuel_used: 0,
            });
        }
        if matches!(slot, Slot::Empty) {
            let mut inst = match self.registry.tools[tool].instantiate(cfg, self.seed) {
                Ok(inst) => inst,
                Err(failed) => {
                    if failed.outcome.poisons_instance() {
                        *slot = Slot::Failed(failed.outcome.kind());
                    }
                    return Err(failed);
                }
            };
            if let Some(config) = self.configs.get(&tool) {
                let loaded = inst.load(cfg, config);
                if !matches!(loaded.outcome, Outcome::Ok { .. }) {
                    // A session that did not load its initial state must not answer calls
                    // from some other state: the tool is failed for the episode.
                    *slot = Slot::Failed(LOAD_FAILED);
                    return Err(CallOutcome {
                        outcome: Outcome::Unavailable {
                            cause: format!("{LOAD_FAILED}: {}", loaded.outcome.detail()),
                        },
                        fuel_used: loaded.fuel_used,
                    });
                }
            }
            *slot = Slot::Live(inst);
        }
        match slot {
            Slot::Live(inst) => Ok(inst),
            // Not reached: the slot was filled above or the function returned.
            Slot::Empty | Slot::Failed(_) => Err(CallOutcome {
                outcome: Outcome::Unavailable {
                    cause: "not_started".into(),
                },
                fuel_used: 0,
            }),
        }
    }

    /// Sets the config the session of stateful tool `tool` (a file stem) `load`s when it
    /// starts in this episode (before its first call or state read). Call it before using
    /// the tool.
    pub fn set_config(&mut self, tool: &str, config: String) -> Result<()> {
        let index = self.registry.tool_index(tool).ok_or_else(|| Error::Spec {
            path: PathBuf::from(format!("{tool}.wasm")),
            message: format!(
                "the task configures tool `{tool}`, which is not in the tool directory"
            ),
        })?;
        let loaded = &self.registry.tools[index];
        if loaded.kind != crate::sandbox::ToolKind::Stateful {
            return Err(Error::Spec {
                path: loaded.path.clone(),
                message: format!(
                    "the task configures tool `{tool}`, but it is stateless: only session tools take a config"
                ),
            });
        }
        self.configs.insert(index, config);
        Ok(())
    }

    /// The state of stateful tool `tool`'s session (a file stem) as `Outcome::Ok { result:
    /// json }`, starting the session first if no call has yet. Any other outcome says why it
    /// could not be read (unknown or stateless tool, a failed session, an oversized state).
    pub fn state(&mut self, tool: &str) -> CallOutcome {
        let Some(index) = self.registry.tool_index(tool) else {
            return CallOutcome {
                outcome: Outcome::Unavailable {
                    cause: format!("no tool `{tool}` in the tool directory"),
                },
                fuel_used: 0,
            };
        };
        let cfg = self.registry.sandbox.config();
        let out = match self.live(index) {
            Ok(inst) => inst.state(cfg),
            Err(out) => return out,
        };
        if out.outcome.poisons_instance() {
            self.instances[index] = Slot::Failed(out.outcome.kind());
        }
        out
    }

    /// Whether `name` is a function of a loaded stateless tool (not a schema-only function, not
    /// a session tool's): calling it leaves no state behind.
    pub fn is_stateless(&self, name: &str) -> bool {
        !self.inline.contains_key(name)
            && self.registry.functions.get(name).is_some_and(|f| {
                self.registry.tools[f.tool].kind == crate::sandbox::ToolKind::Stateless
            })
    }

    /// An unknown-function outcome whose suggestions also consider the inline functions.
    fn with_inline_suggestions(&self, outcome: Outcome) -> Outcome {
        match outcome {
            Outcome::UnknownTool { name, .. } if !self.inline.is_empty() => {
                let known = self
                    .registry
                    .functions
                    .keys()
                    .chain(self.inline.keys())
                    .map(String::as_str);
                Outcome::UnknownTool {
                    suggestions: suggest(&name, known),
                    name,
                }
            }
            other => other,
        }
    }

    /// What `tool`'s guest printed to stdout and stderr in this episode (if instantiated).
    pub fn stdio(&self, tool: usize) -> Option<(Vec<u8>, Vec<u8>)> {
        match self.instances.get(tool)? {
            Slot::Live(inst) => Some(inst.stdio()),
            Slot::Empty | Slot::Failed(_) => None,
        }
    }
}

/// The top-level `*.wasm` files of `dir`, sorted by name.
pub fn wasm_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let io = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.extension().is_some_and(|e| e == "wasm") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// Parses and validates a `spec` JSON array; returns every problem found.
pub fn parse_spec(
    json: &str,
    path: &Path,
) -> std::result::Result<Vec<(FunctionSpec, ArgSchema)>, Vec<Error>> {
    let problem = |message: String| Error::Spec {
        path: path.to_path_buf(),
        message,
    };
    let items: Vec<Value> = match serde_json::from_str(json) {
        Ok(Value::Array(items)) => items,
        Ok(_) => return Err(vec![problem("spec() must return a JSON array".into())]),
        Err(e) => return Err(vec![problem(format!("spec() is not valid JSON: {e}"))]),
    };
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (i, item) in items.into_iter().enumerate() {
        match check_function(item) {
            Ok((spec, validator)) if !seen.insert(spec.name.clone()) => {
                let _ = validator;
                problems.push(problem(format!("function `{}` is listed twice", spec.name)));
            }
            Ok(pair) => out.push(pair),
            Err(message) => problems.push(problem(format!("function #{i}: {message}"))),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Validates one spec entry and compiles its argument validator.
pub fn check_function(item: Value) -> std::result::Result<(FunctionSpec, ArgSchema), String> {
    let spec: FunctionSpec = serde_json::from_value(item)
        .map_err(|e| format!("expected {{\"name\", \"description\", \"parameters\"}}: {e}"))?;
    if !valid_name(&spec.name) {
        return Err(format!(
            "name `{}` must be 1-64 characters of letters, digits, `_`, `.` or `-`, starting with a letter or `_`",
            spec.name
        ));
    }
    if spec.parameters.get("type").and_then(Value::as_str) != Some("object") {
        return Err(format!(
            "`{}`: parameters must be a JSON Schema with \"type\": \"object\"",
            spec.name
        ));
    }
    let validator =
        ArgSchema::compile(&spec.parameters).map_err(|e| format!("`{}`: {e}", spec.name))?;
    Ok((spec, validator))
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    name.len() <= 64
        && (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// Up to three known names closest to `name` (edit distance at most a third of its length).
pub fn suggest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Vec<String> {
    let limit = (name.chars().count() / 3).max(2);
    let lower = name.to_lowercase();
    let mut scored: Vec<(usize, &str)> = known
        .map(|k| (levenshtein(&lower, &k.to_lowercase()), k))
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(3)
        .map(|(_, k)| k.to_string())
        .collect()
}

/// Levenshtein edit distance over characters.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn levenshtein_counts_edits() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
    }

    #[test]
    fn suggestions_are_close_names_best_first() {
        let known = ["calculate", "convert_units", "country_info"];
        assert_eq!(suggest("calculte", known.into_iter()), vec!["calculate"]);
        assert!(suggest("zzzzzz", known.into_iter()).is_empty());
    }

    #[test]
    fn a_spec_with_a_bad_schema_reports_the_function() {
        let spec = json!([{"name": "f", "description": "", "parameters": {"type": "object", "properties": {"a": {"type": 5}}}}]);
        let err = parse_spec(&spec.to_string(), Path::new("t.wasm"))
            .map(|_| ())
            .expect_err("bad schema");
        assert!(
            err[0].to_string().contains("not a valid JSON Schema"),
            "{}",
            err[0]
        );
    }

    #[test]
    fn function_names_with_control_characters_are_refused() {
        for name in ["f\u{1b}[2J", "f\n", "f\u{7}", "f\u{202e}"] {
            let spec = json!([{"name": name, "parameters": {"type": "object"}}]);
            let err = parse_spec(&spec.to_string(), Path::new("t.wasm"))
                .map(|_| ())
                .expect_err("control character in a name");
            assert!(
                err[0].to_string().contains("must be 1-64 characters"),
                "{}",
                err[0]
            );
        }
    }

    #[test]
    fn a_spec_must_be_an_array_of_named_object_schemas() {
        assert!(parse_spec("{}", Path::new("t.wasm")).is_err());
        assert!(
            parse_spec(
                "[{\"name\": \"9x\", \"parameters\": {\"type\": \"object\"}}]",
                Path::new("t.wasm")
            )
            .is_err()
        );
        assert!(
            parse_spec(
                "[{\"name\": \"f\", \"parameters\": {\"type\": \"string\"}}]",
                Path::new("t.wasm")
            )
            .is_err()
        );
        let dup = json!([{"name": "f", "parameters": {"type": "object"}}, {"name": "f", "parameters": {"type": "object"}}]);
        assert!(parse_spec(&dup.to_string(), Path::new("t.wasm")).is_err());
        assert_eq!(
            parse_spec(
                "[{\"name\": \"f\", \"parameters\": {\"type\": \"object\"}}]",
                Path::new("t.wasm")
            )
            .map(|v| v.len())
            .ok(),
            Some(1)
        );
    }
}
