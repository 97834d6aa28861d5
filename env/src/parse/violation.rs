//! Format violations: what a completion did wrong (errors) or leniently (notes).

use serde::Serialize;

/// How much a violation matters: errors break the format, notes record a leniency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The completion is not well formatted.
    Error,
    /// Accepted, but not the canonical format.
    Note,
}

/// One way a completion departs from the format. [`Violation::name`] is stable snake_case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "violation", rename_all = "snake_case")]
pub enum Violation {
    /// The input exceeded the size limit and was cut.
    #[error("completion of {bytes} bytes was cut to the size limit")]
    TooLong {
        /// The original size.
        bytes: usize,
    },
    /// No `<think>` block.
    #[error("no <think> block; start with <think>...</think>")]
    MissingThink,
    /// A `<think>` block came after another block.
    #[error("the <think> block must come first")]
    ThinkNotFirst,
    /// More than one `<think>` block.
    #[error("{count} <think> blocks; expected one")]
    MultipleThink {
        /// How many.
        count: usize,
    },
    /// Neither `<tool_call>` nor `<answer>`.
    #[error("no <tool_call> or <answer> block")]
    MissingToolCallOrAnswer,
    /// Both `<tool_call>` and `<answer>`.
    #[error("both <tool_call> and <answer>; expected one of them")]
    ToolCallAndAnswer,
    /// More than one `<tool_call>` block (their calls are concatenated).
    #[error("{count} <tool_call> blocks; put parallel calls in one list")]
    MultipleToolCallBlocks {
        /// How many.
        count: usize,
    },
    /// More than one `<answer>` block (the first is used).
    #[error("{count} <answer> blocks; expected one")]
    MultipleAnswers {
        /// How many.
        count: usize,
    },
    /// A tag opened or closed inside another block (kept as that block's text).
    #[error("<{tag}> inside <{inside}>")]
    NestedTag {
        /// The nested tag.
        tag: &'static str,
        /// The enclosing block.
        inside: &'static str,
    },
    /// A closing tag without its opening tag.
    #[error("</{tag}> without <{tag}>")]
    StrayCloseTag {
        /// The tag.
        tag: &'static str,
    },
    /// A block left open at the end of the text.
    #[error("<{tag}> is never closed")]
    UnclosedTag {
        /// The tag.
        tag: &'static str,
    },
    /// Non-whitespace text outside the tags.
    #[error("text outside the tags: {snippet:?}")]
    TextOutsideTags {
        /// The first characters of it.
        snippet: String,
    },
    /// An empty `<tool_call>` block or an empty list.
    #[error("empty <tool_call>; to call nothing, use <answer>")]
    EmptyToolCall,
    /// The block is not valid JSON (calls before the error are kept).
    #[error("invalid JSON in <tool_call>: {detail}")]
    InvalidJson {
        /// serde_json's message.
        detail: String,
    },
    /// A JSON value that is not a call (not an object, or no string `name`).
    #[error("not a call: {detail}")]
    NotACall {
        /// What was wrong.
        detail: String,
    },
    /// A call's arguments are neither an object nor a string holding one (the call is dropped).
    #[error("the arguments of `{name}` must be a JSON object")]
    ArgumentsNotObject {
        /// The function name.
        name: String,
    },
    /// Note: one call object instead of a list.
    #[error("a single call object instead of a list")]
    SingleObject,
    /// Note: `parameters` used for `arguments`.
    #[error("`parameters` used instead of `arguments`")]
    ParametersAlias,
    /// Note: the arguments were a JSON string holding an object.
    #[error("arguments given as a JSON string")]
    ArgumentsAsString,
    /// Note: several JSON values one after another in one block.
    #[error("{count} JSON values in one <tool_call>; expected one list")]
    SeveralJsonValues {
        /// How many.
        count: usize,
    },
}

impl Violation {
    /// The stable snake_case name.
    pub fn name(&self) -> &'static str {
        match self {
            Violation::TooLong { .. } => "too_long",
            Violation::MissingThink => "missing_think",
            Violation::ThinkNotFirst => "think_not_first",
            Violation::MultipleThink { .. } => "multiple_think",
            Violation::MissingToolCallOrAnswer => "missing_tool_call_or_answer",
            Violation::ToolCallAndAnswer => "tool_call_and_answer",
            Violation::MultipleToolCallBlocks { .. } => "multiple_tool_call_blocks",
            Violation::MultipleAnswers { .. } => "multiple_answers",
            Violation::NestedTag { .. } => "nested_tag",
            Violation::StrayCloseTag { .. } => "stray_close_tag",
            Violation::UnclosedTag { .. } => "unclosed_tag",
            Violation::TextOutsideTags { .. } => "text_outside_tags",
            Violation::EmptyToolCall => "empty_tool_call",
            Violation::InvalidJson { .. } => "invalid_json",
            Violation::NotACall { .. } => "not_a_call",
            Violation::ArgumentsNotObject { .. } => "arguments_not_object",
            Violation::SingleObject => "single_object",
            Violation::ParametersAlias => "parameters_alias",
            Violation::ArgumentsAsString => "arguments_as_string",
            Violation::SeveralJsonValues { .. } => "several_json_values",
        }
    }

    /// A human-readable detail (the `Display` text).
    pub fn detail(&self) -> String {
        self.to_string()
    }

    /// Whether this breaks the format or only notes a leniency.
    pub fn severity(&self) -> Severity {
        match self {
            Violation::SingleObject
            | Violation::ParametersAlias
            | Violation::ArgumentsAsString
            | Violation::SeveralJsonValues { .. } => Severity::Note,
            _ => Severity::Error,
        }
    }
}
