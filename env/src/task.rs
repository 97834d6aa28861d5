//! The task format: one JSON object per line (JSON Lines), read and written by this module.
//!
//! # Schema
//!
//! ```json
//! {"id": "simple_python_0", "source": "bfcl", "category": "simple_python",
//!  "messages": [{"role": "user", "content": "Find the area of a triangle with base 10 and height 5."}],
//!  "tools": [{"name": "calculate_triangle_area", "description": "Area of a triangle.",
//!             "parameters": {"type": "object", "properties": {"base": {"type": "integer"},
//!               "height": {"type": "integer"}, "unit": {"type": "string"}}, "required": ["base", "height"]}},
//!            {"name": "calculator"}],
//!  "turns": [{"ground_truth": [[{"calculate_triangle_area": {"base": [10], "height": [5], "unit": ["units", ""]}}]]}]}
//! ```
//!
//! Fields, in the order they are written (unknown fields are rejected everywhere):
//! * `id` (string, required, unique in a file).
//! * `source` (string, optional): where the task came from (`bfcl`, `rlla`, `gen`).
//! * `category` (string, optional): e.g. the BFCL category (`simple_python`, `irrelevance`, ...).
//! * `messages` (array, required, non-empty): the conversation so far. Each message is
//!   `{"role", "content", "tool_calls"?, "name"?, "tool_call_id"?}`:
//!   * `role`: `system` | `user` | `assistant` | `tool`;
//!   * `content`: the text. For `assistant`, the text the model wrote in the output format of
//!     [`crate::prompt`] (`<think>…</think>`, `<answer>…</answer>`) *without* its calls;
//!   * `tool_calls` (assistant only): the calls it made, `[{"name", "arguments"}]`, rendered after
//!     `content` as one `<tool_call>[…]</tool_call>` block;
//!   * `name` (tool only, required there): the function whose result `content` is;
//!   * `tool_call_id` (tool only, optional): the id of the call it answers.
//!
//!   The last message is a `user` or `tool` message: the model speaks next.
//! * `tools` (array, required): the functions offered. Each entry is either
//!   `{"name": "fn"}`, a function of the tool directory the task runs with, or an inline spec
//!   `{"name", "description", "parameters"}` (a tool that exists only as a schema; `parameters` is a
//!   JSON Schema object, BFCL's `dict`/`float`/`tuple`/`any` types allowed inside). Names are unique.
//! * `tool_config` (object, optional): initial state for session tools, `{tool: config}` where
//!   `tool` is a tool file stem (`ticket_api`) and `config` the JSON its `session.load` takes
//!   (BFCL's classes: `{"scenario": initial_config[class], "long_context": bool}`).
//! * `turns` (array, required, non-empty): one entry per user turn, `{"user"?, "ground_truth",
//!   "expected_answer"?, "any_call"?, "reference_calls"?, "new_tools"?}`:
//!   * `user`: the multi-turn script. Absent on turn 0 (its user message ends `messages`); required on
//!     every later turn: the user message appended after the previous turn ended;
//!   * `ground_truth`: the acceptable call sets (alternatives). Each alternative is a BFCL
//!     possible-answer list `[{"func_name": {"param": [acceptable values...]}}]`: one object with
//!     exactly one key per expected call (parallel calls: several objects, order irrelevant); each
//!     parameter lists its acceptable values, `""` among them meaning "may be omitted". `[]` (no
//!     alternatives) or an alternative `[]` means "call nothing";
//!   * `expected_answer`: the final answer text expected for the turn, if known;
//!   * `any_call`: `true` when any decodable call passes (BFCL `live_relevance`); `ground_truth` is
//!     then `[]`;
//!   * `reference_calls`: `[{"name", "arguments"}]`, the calls whose execution defines the turn's
//!     expected state and results (BFCL multi-turn). Present on every turn of a *state-checked*
//!     task (see [`crate::episode::state_check`]); `[]` is a turn with nothing to check;
//!   * `new_tools`: names of functions offered from this turn on (BFCL's missed functions), on
//!     top of `tools`.
//! * `single_step` (bool, default `false`): each user turn is exactly one generation, scored on
//!   the calls it writes, as the benchmark the task comes from scores it (every imported BFCL
//!   single-turn and ToolRL task). The calls still run in the sandbox (their outcomes are
//!   recorded) but their results are not shown to the model. Without it an episode lets the model
//!   call, read results and call again, up to the episode's `max_rounds_per_turn`.
//!
//! Writing is deterministic: struct fields in the order above, absent optional fields omitted,
//! parameter names of a ground-truth call sorted, all other JSON objects in their stored order.
//! Reading puts a ground-truth call's parameters in name order too, so a task read from a file
//! is the same in memory however its file ordered them.
//!
//! A ground-truth call is the checker's [`ExpectedCall`](crate::checker::ExpectedCall), the one
//! type for an expected call in every layer; in memory it keeps its parameters in the order it
//! was built with. Importers build it in their row's order ([`crate::data::bfcl`] in the BFCL
//! answer's order), the generator in name order. The order matters in one place: when a call
//! leaves out parameters the answer may not omit, the checker names the first in the answer's
//! order, as BFCL's checker does. So an imported task reports as upstream while in memory, and
//! after a trip through a task file names the first in name order; its verdicts, rewards and
//! equality (`==` ignores parameter order) are the same either way.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::checker::{Language, PossibleAnswer};
use crate::reward::GroundTruth;
use crate::spec::{FunctionSpec, ToolCall};

/// Errors of reading or writing task files (bad lines are reported, not returned as errors).
#[derive(Debug, thiserror::Error)]
pub enum TaskError {
    /// The file could not be opened, read or written.
    #[error("cannot access task file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A task could not be serialized (not expected for tasks built by this crate).
    #[error("cannot serialize task {id}: {source}")]
    Serialize {
        /// The task's id.
        id: String,
        /// The underlying error.
        source: serde_json::Error,
    },
}

/// Result alias of this module.
pub type Result<T> = std::result::Result<T, TaskError>;

/// One task: a conversation, the tools offered, and what the model should do in each turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// Unique id.
    pub id: String,
    /// Where the task came from (`bfcl`, `rlla`, `gen`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Category, e.g. the BFCL category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The conversation so far; the model speaks next.
    pub messages: Vec<Message>,
    /// Example turns (user, assistant, tool messages) rendered before `messages`, after any
    /// `[env] demonstrations`: this task's own in-context demonstrations, for example solved
    /// tasks of the training split that call only functions this task offers (`tz data shots`).
    /// Prompt text, never trained; empty by default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub demonstrations: Vec<Message>,
    /// The functions offered.
    pub tools: Vec<ToolRef>,
    /// Session tools' initial state: tool file stem -> the config its `session.load` takes.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tool_config: BTreeMap<String, Value>,
    /// One entry per user turn.
    pub turns: Vec<Turn>,
    /// Each user turn is one generation, scored on its calls as written (BFCL single-turn and
    /// ToolRL tasks); otherwise the model may call tools and see their results several times
    /// per turn.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub single_step: bool,
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Instructions for the model.
    System,
    /// The user.
    User,
    /// The model.
    Assistant,
    /// A function result.
    Tool,
}

/// One message of the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    /// Who wrote it.
    pub role: Role,
    /// The text (for an assistant: without its calls).
    pub content: String,
    /// Assistant only: the calls made, rendered after `content`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tool_calls: Vec<ToolCall>,
    /// Tool only: the function whose result this is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Tool only: the id of the call this answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
}

impl Message {
    /// A message of `role` with `content` and nothing else.
    pub fn new(role: Role, content: impl Into<String>) -> Self {
        Self {
            role,
            content: content.into(),
            tool_calls: Vec::new(),
            name: None,
            tool_call_id: None,
        }
    }

    /// A user message.
    pub fn user(content: impl Into<String>) -> Self {
        Self::new(Role::User, content)
    }

    /// A tool result of function `name`.
    pub fn tool(name: impl Into<String>, content: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            ..Self::new(Role::Tool, content)
        }
    }
}

/// A function offered to the model: by name from a tool directory, or an inline schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Value", into = "Value")]
pub enum ToolRef {
    /// `{"name": "fn"}`: a function of the tool directory the task runs with.
    Named(String),
    /// `{"name", "description", "parameters"}`: a tool that exists only as a schema.
    Inline(FunctionSpec),
}

impl ToolRef {
    /// The function's name.
    pub fn name(&self) -> &str {
        match self {
            Self::Named(name) => name,
            Self::Inline(spec) => &spec.name,
        }
    }
}

impl TryFrom<Value> for ToolRef {
    type Error = String;

    fn try_from(value: Value) -> std::result::Result<Self, String> {
        let Value::Object(map) = value else {
            return Err("a tool must be an object {\"name\"} or {\"name\", \"description\", \"parameters\"}".into());
        };
        let name = match map.get("name") {
            Some(Value::String(name)) if !name.is_empty() => name.clone(),
            _ => return Err("a tool needs a non-empty string \"name\"".into()),
        };
        if map.len() == 1 {
            return Ok(Self::Named(name));
        }
        if let Some(key) = map
            .keys()
            .find(|k| !matches!(k.as_str(), "name" | "description" | "parameters"))
        {
            return Err(format!(
                "unknown field `{key}` in tool `{name}`, expected `name`, `description`, `parameters`"
            ));
        }
        let description = match map.get("description") {
            None => String::new(),
            Some(Value::String(d)) => d.clone(),
            Some(_) => return Err(format!("tool `{name}`: `description` must be a string")),
        };
        let parameters = match map.get("parameters") {
            Some(p @ Value::Object(_)) => p.clone(),
            _ => {
                return Err(format!(
                    "tool `{name}`: an inline tool needs `parameters`, a JSON Schema object"
                ));
            }
        };
        Ok(Self::Inline(FunctionSpec {
            name,
            description,
            parameters,
        }))
    }
}

impl From<ToolRef> for Value {
    fn from(tool: ToolRef) -> Value {
        match tool {
            ToolRef::Named(name) => serde_json::json!({ "name": name }),
            ToolRef::Inline(spec) => serde_json::json!({
                "name": spec.name,
                "description": spec.description,
                "parameters": spec.parameters,
            }),
        }
    }
}

/// One user turn: the scripted user message (after turn 0) and what the model should do.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Turn {
    /// The user message appended before this turn (absent on turn 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Acceptable call sets; `[]` or an alternative `[]` means "call nothing". Each call's
    /// parameters are read and written in name order.
    #[serde(with = "io::sorted_params")]
    pub ground_truth: Vec<PossibleAnswer>,
    /// The final answer expected for the turn, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_answer: Option<String>,
    /// Any decodable call passes (BFCL `live_relevance`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub any_call: bool,
    /// The calls whose execution defines the expected state and results (state-checked tasks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_calls: Option<Vec<ToolCall>>,
    /// Functions offered from this turn on, on top of the task's `tools`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub new_tools: Vec<String>,
}

impl Turn {
    /// The turn's expectation as the reward and the checker read it: its ground truth, or
    /// "any call" for a relevance turn, checked in `language` (see [`Task::truth`], which every
    /// caller with a task uses: scoring, episodes, evaluation).
    pub fn truth(&self, language: Language) -> GroundTruth {
        if self.any_call {
            return GroundTruth {
                language,
                ..GroundTruth::any_call()
            };
        }
        GroundTruth {
            language,
            alternatives: self.ground_truth.clone(),
            ..GroundTruth::default()
        }
    }

    /// True when not calling anything is an acceptable outcome of this turn.
    pub fn accepts_no_call(&self) -> bool {
        !self.any_call
            && (self.ground_truth.is_empty() || self.ground_truth.iter().any(Vec::is_empty))
    }
}

impl Task {
    /// The expectation of turn `turn` (an empty one past the last turn), in the language its
    /// category implies (BFCL `simple_java` and `simple_javascript`; Python otherwise).
    pub fn truth(&self, turn: usize) -> GroundTruth {
        let language = Language::from_category(self.category.as_deref().unwrap_or(""));
        self.turns
            .get(turn)
            .map(|t| t.truth(language))
            .unwrap_or_default()
    }

    /// Whether the task is checked by executing reference calls and comparing session state
    /// (BFCL multi-turn), rather than by matching calls.
    pub fn is_state_checked(&self) -> bool {
        self.turns.iter().any(|t| t.reference_calls.is_some())
    }

    /// The names of every function the task ever offers: `tools` and every turn's `new_tools`.
    pub fn all_tool_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.tools.iter().map(ToolRef::name).collect();
        for turn in &self.turns {
            names.extend(turn.new_tools.iter().map(String::as_str));
        }
        names
    }

    /// The inline specs among `tools`, in order (named tools are resolved by a registry).
    pub fn inline_specs(&self) -> Vec<FunctionSpec> {
        self.tools
            .iter()
            .filter_map(|t| match t {
                ToolRef::Inline(spec) => Some(spec.clone()),
                ToolRef::Named(_) => None,
            })
            .collect()
    }

    /// The task's tools as specs, in task order: inline specs as they are, `{"name"}` tools looked
    /// up in `directory` (e.g. a registry's specs). Errs with the first name `directory` lacks.
    pub fn resolve_tools(
        &self,
        directory: &[FunctionSpec],
    ) -> std::result::Result<Vec<FunctionSpec>, String> {
        self.tools
            .iter()
            .map(|tool| match tool {
                ToolRef::Inline(spec) => Ok(spec.clone()),
                ToolRef::Named(name) => directory
                    .iter()
                    .find(|s| &s.name == name)
                    .cloned()
                    .ok_or_else(|| {
                        format!(
                            "task `{}`: tool `{name}` is not in the tool directory",
                            self.id
                        )
                    }),
            })
            .collect()
    }

    /// Every structural problem of the task (empty when valid), as readable phrases.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.id.is_empty() {
            out.push("`id` must not be empty".to_string());
        }
        match self.messages.last() {
            None => out.push("`messages` must not be empty".to_string()),
            Some(m) if !matches!(m.role, Role::User | Role::Tool) => {
                out.push("the last message must be a user or tool message".to_string());
            }
            Some(_) => {}
        }
        message_problems("message", &self.messages, &mut out);
        message_problems("demonstration", &self.demonstrations, &mut out);
        for (i, m) in self.demonstrations.iter().enumerate() {
            if m.role == Role::System {
                out.push(format!(
                    "demonstration {i}: a system message (demonstrations are user, assistant and \
                     tool turns)"
                ));
            }
        }
        let mut seen = BTreeSet::new();
        for tool in &self.tools {
            if !seen.insert(tool.name()) {
                out.push(format!("tool `{}` is listed twice", tool.name()));
            }
        }
        if self.turns.is_empty() {
            out.push("`turns` must not be empty".to_string());
        }
        for (i, turn) in self.turns.iter().enumerate() {
            match (i, &turn.user) {
                (0, Some(_)) => out.push(
                    "turn 0 takes its user message from `messages`; `user` is for later turns"
                        .into(),
                ),
                (i, None) if i > 0 => out.push(format!("turn {i} needs its `user` message")),
                _ => {}
            }
            if self.is_state_checked() && turn.reference_calls.is_none() {
                out.push(format!(
                    "turn {i}: a state-checked task needs `reference_calls` on every turn"
                ));
            }
            for name in &turn.new_tools {
                if !seen.insert(name) {
                    out.push(format!("turn {i}: new tool `{name}` is already offered"));
                }
            }
            if turn.any_call && !turn.ground_truth.is_empty() {
                out.push(format!(
                    "turn {i}: `any_call` needs an empty `ground_truth`"
                ));
            }
        }
        out
    }
}

/// The problems of `messages` (each named `what` and its index) that any conversation has.
fn message_problems(what: &str, messages: &[Message], out: &mut Vec<String>) {
    for (i, m) in messages.iter().enumerate() {
        if !m.tool_calls.is_empty() && m.role != Role::Assistant {
            out.push(format!(
                "{what} {i}: only assistant messages carry `tool_calls`"
            ));
        }
        match (m.role, &m.name) {
            (Role::Tool, None) => out.push(format!("{what} {i}: a tool message needs `name`")),
            (Role::Tool, Some(_)) => {}
            (_, Some(_)) => out.push(format!("{what} {i}: only tool messages carry `name`")),
            (_, None) => {}
        }
        if m.role != Role::Tool && m.tool_call_id.is_some() {
            out.push(format!(
                "{what} {i}: only tool messages carry `tool_call_id`"
            ));
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::System => "system",
            Self::User => "user",
            Self::Assistant => "assistant",
            Self::Tool => "tool",
        })
    }
}

mod io;
pub use io::{LineError, LoadReport, load_tasks, read_tasks, save_tasks, to_line, write_tasks};

#[cfg(test)]
mod tests;
