//! Prompts: the system prompt (tools as JSON Schema plus the output format) and the conversation
//! templates, as pure functions of their inputs.
//!
//! # Output format the system prompt asks for
//! `<think>…</think>` followed by either `<tool_call>[{"name": "...", "arguments": {...}}]</tool_call>`
//! (a JSON list; several objects are parallel calls) or `<answer>…</answer>`.
//!
//! # Templates ([`Template`], serde names `auto`, `base`, `chatml`, `llama3`)
//! * `base`, the "zero" setting for base models: `System: …\nUser: …\nAssistant:`; one line prefix
//!   per turn, turns separated by `\n`, history assistant turns `Assistant: <content>`.
//! * `chatml` (Qwen2.5, SmolLM2): `<|im_start|>role\n…<|im_end|>\n`, generation prefix
//!   `<|im_start|>assistant\n`.
//! * `llama3`: `<|begin_of_text|>` then `<|start_header_id|>role<|end_header_id|>\n\n…<|eot_id|>`,
//!   generation prefix `<|start_header_id|>assistant<|end_header_id|>\n\n`.
//!
//! A task's leading `system` message replaces the default first line of the system prompt; the
//! tool list and format rules always follow it. An assistant history message renders as its
//! `content`, then (if it made calls) a newline and `<tool_call>[…]</tool_call>` with its
//! `tool_calls` as compact JSON.
//!
//! # Demonstrations and prefill (opt-in, `[env]`)
//! [`render_with`] places example turns (a user request, an assistant turn in the output format,
//! tool results) between the system prompt and the conversation, rendered as history. An
//! episode's `assistant_prefill` is written verbatim after every assistant prefix: the model
//! continues it, and the parser reads it together with the completion. Both are prompt text.
//!
//! # Tool results
//! As Qwen2.5 does, consecutive `tool` messages form one turn of role `user` (`base`, `chatml`;
//! `ipython` in `llama3`, Llama 3.1's tool-output role) whose content is one block per result,
//! `<tool_response>\n{"name": …, "content": …}\n</tool_response>`, blocks separated by `\n`.
//! `content` is the result embedded as JSON when it parses as JSON, else as a JSON string.
//!
//! # Multi-turn episodes
//! The model's completion ends where it stopped (the end-of-turn token is not part of it). The next
//! prompt is `prompt + completion + continuation(template, new_messages)`: the end-of-turn marker,
//! the new tool (or scripted user) turn, and the assistant prefix. Building prompts this way keeps
//! every earlier token unchanged; re-rendering the history with [`render`] gives the same text for
//! chat templates (for `base`, when the completion starts with a space).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::spec::FunctionSpec;
use crate::task::{Message, Role, Task};

/// The conversation template a prompt is rendered with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Template {
    /// The model's own: a trainer or evaluator resolves it from the tokenizer (ChatML when it has
    /// `<|im_start|>`, Llama 3 when it has `<|start_header_id|>`, else `base`) with
    /// [`Template::resolve`]; rendered unresolved, it is `base`.
    #[default]
    #[serde(rename = "auto")]
    Auto,
    /// Plain-text conversation for base models (the "zero" setting).
    #[serde(rename = "base")]
    Base,
    /// ChatML, as used by Qwen2.5 and SmolLM2.
    #[serde(rename = "chatml")]
    ChatMl,
    /// Llama 3 (3.1, 3.2) header/eot format.
    #[serde(rename = "llama3")]
    Llama3,
}

impl Template {
    /// The serde / command-line name: `base`, `chatml` or `llama3`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Base => "base",
            Self::ChatMl => "chatml",
            Self::Llama3 => "llama3",
        }
    }
}

impl std::fmt::Display for Template {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Template {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        [Self::Auto, Self::Base, Self::ChatMl, Self::Llama3]
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| {
                format!("unknown template `{s}`, expected one of auto, base, chatml, llama3")
            })
    }
}

impl Template {
    /// `self`, or for [`Template::Auto`] the template a tokenizer with special token `has(text)`
    /// was made for.
    pub fn resolve(self, has: impl Fn(&str) -> bool) -> Template {
        match self {
            Template::Auto if has("<|im_start|>") && has("<|im_end|>") => Template::ChatMl,
            Template::Auto if has("<|start_header_id|>") && has("<|eot_id|>") => Template::Llama3,
            Template::Auto => Template::Base,
            other => other,
        }
    }
}

/// The first line of the system prompt when the task has no system message of its own.
pub const DEFAULT_PREAMBLE: &str =
    "You are a helpful assistant that can call functions to help the user.";

/// The system prompt: `preamble`, the tools as JSON Schema, and the output format.
pub fn system_prompt(preamble: &str, tools: &[FunctionSpec]) -> String {
    let mut out = String::new();
    out.push_str(preamble);
    out.push_str(
        "\n\n# Tools\n\nYou may call one or more of the following functions. \
         Each is given as JSON: its name, what it does, and its parameters as JSON Schema.\n<tools>\n",
    );
    for tool in tools {
        out.push_str(&serde_json::to_string(tool).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(
        "</tools>\n\n# Output format\n\n\
         First think step by step inside <think>...</think>. Then do exactly one of:\n\
         - call functions: <tool_call>[{\"name\": \"function name\", \"arguments\": {\"parameter\": value}}]</tool_call>, \
         a JSON list with one object per call (several objects to make parallel calls);\n\
         - answer the user: <answer>your answer</answer>.\n\n\
         Function results come back inside <tool_response>...</tool_response>. \
         If no function fits the request, call none and answer instead.",
    );
    out
}

/// The full prompt for `messages` with `tools`, ending with the assistant generation prefix.
pub fn render(template: Template, messages: &[Message], tools: &[FunctionSpec]) -> String {
    render_with(template, &[], messages, tools)
}

/// [`render`] with `demonstrations` (example turns: user, assistant, tool messages) between the
/// system prompt and the conversation's own messages.
pub fn render_with(
    template: Template,
    demonstrations: &[Message],
    messages: &[Message],
    tools: &[FunctionSpec],
) -> String {
    let (preamble, rest) = match messages.split_first() {
        Some((first, rest)) if first.role == Role::System => (first.content.as_str(), rest),
        _ => (DEFAULT_PREAMBLE, messages),
    };
    let mut out = String::from(match template {
        Template::Llama3 => "<|begin_of_text|>",
        Template::Auto | Template::Base | Template::ChatMl => "",
    });
    out.push_str(&turn(template, "system", &system_prompt(preamble, tools)));
    out.push_str(&render_turns(template, demonstrations));
    out.push_str(&render_turns(template, rest));
    out.push_str(assistant_prefix(template));
    out
}

/// [`render_with`] for a task's own `demonstrations` and `messages`; `tools` are the task's
/// tools resolved to specs.
pub fn render_task(template: Template, task: &Task, tools: &[FunctionSpec]) -> String {
    render_with(template, &task.demonstrations, &task.messages, tools)
}

/// What follows a completion in a multi-turn episode: the end of the assistant turn, the
/// `new_messages` (tool results, or a scripted user message) and the assistant prefix.
pub fn continuation(template: Template, new_messages: &[Message]) -> String {
    continuation_after(template, new_messages, false)
}

/// [`continuation`] after a completion that may already have closed its turn: when
/// `turn_closed` (the model generated an end-of-turn marker, which is then part of its own
/// text and tokens), the template's marker is not written again, only the glue after it.
pub fn continuation_after(
    template: Template,
    new_messages: &[Message],
    turn_closed: bool,
) -> String {
    let end = end_of_turn(template);
    let end = match end_of_turn_marker(template) {
        Some(marker) if turn_closed => end.strip_prefix(marker).unwrap_or(end),
        _ => end,
    };
    let mut out = String::from(end);
    out.push_str(&render_turns(template, new_messages));
    out.push_str(assistant_prefix(template));
    out
}

/// `prompt + completion + continuation(template, new_messages)`: the next prompt of an episode.
pub fn extend_prompt(
    template: Template,
    prompt: &str,
    completion: &str,
    new_messages: &[Message],
) -> String {
    let mut out = String::with_capacity(prompt.len() + completion.len() + 256);
    out.push_str(prompt);
    out.push_str(completion);
    out.push_str(&continuation(template, new_messages));
    out
}

/// The text that opens the model's turn (the end of every rendered prompt).
pub fn assistant_prefix(template: Template) -> &'static str {
    match template {
        Template::Auto | Template::Base => "Assistant:",
        Template::ChatMl => "<|im_start|>assistant\n",
        Template::Llama3 => "<|start_header_id|>assistant<|end_header_id|>\n\n",
    }
}

/// The text that closes any turn (for chat templates, the end-of-turn special token).
pub fn end_of_turn(template: Template) -> &'static str {
    match template {
        Template::Auto | Template::Base => "\n",
        Template::ChatMl => "<|im_end|>\n",
        Template::Llama3 => "<|eot_id|>",
    }
}

/// The special token that closes a turn (`<|im_end|>`, `<|eot_id|>`); `base` has none.
pub fn end_of_turn_marker(template: Template) -> Option<&'static str> {
    match template {
        Template::Auto | Template::Base => None,
        Template::ChatMl => Some("<|im_end|>"),
        Template::Llama3 => Some("<|eot_id|>"),
    }
}

/// Special tokens with which a model ends its turn: the template's end-of-turn marker and the
/// end-of-text token. A sampler stops on their ids (decoded text leaves special tokens out, so
/// they never match as strings); the marker is part of the model's turn and trained.
pub fn stop_markers(template: Template) -> &'static [&'static str] {
    match template {
        Template::Auto | Template::Base => &[],
        Template::ChatMl => &["<|im_end|>", "<|endoftext|>"],
        Template::Llama3 => &["<|eot_id|>", "<|end_of_text|>"],
    }
}

/// Plain-text strings at which to stop generating a model turn (the `base` template's next
/// speaker labels); chat templates end turns with [`stop_markers`] instead.
pub fn stop_strings(template: Template) -> &'static [&'static str] {
    match template {
        Template::Auto | Template::Base => &["\nUser:", "\nSystem:"],
        Template::ChatMl | Template::Llama3 => &[],
    }
}

fn turn(template: Template, role: &str, content: &str) -> String {
    match template {
        Template::Auto | Template::Base => {
            let label = match role {
                "system" => "System",
                "assistant" => "Assistant",
                _ => "User",
            };
            let sep = if content.starts_with(char::is_whitespace) {
                ""
            } else {
                " "
            };
            format!("{label}:{sep}{content}\n")
        }
        Template::ChatMl => format!("<|im_start|>{role}\n{content}<|im_end|>\n"),
        Template::Llama3 => {
            format!("<|start_header_id|>{role}<|end_header_id|>\n\n{content}<|eot_id|>")
        }
    }
}

fn render_turns(template: Template, messages: &[Message]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < messages.len() {
        let message = &messages[i];
        if message.role == Role::Tool {
            let run = messages[i..]
                .iter()
                .take_while(|m| m.role == Role::Tool)
                .count();
            let blocks: Vec<String> = messages[i..i + run].iter().map(tool_response).collect();
            let role = if template == Template::Llama3 {
                "ipython"
            } else {
                "user"
            };
            out.push_str(&turn(template, role, &blocks.join("\n")));
            i += run;
            continue;
        }
        let content = match message.role {
            Role::Assistant => assistant_text(message),
            _ => message.content.clone(),
        };
        out.push_str(&turn(template, &message.role.to_string(), &content));
        i += 1;
    }
    out
}

/// An assistant message as the model would have written it: content, then its calls.
pub fn assistant_text(message: &Message) -> String {
    if message.tool_calls.is_empty() {
        return message.content.clone();
    }
    let calls = serde_json::to_string(&message.tool_calls).unwrap_or_default();
    let sep = if message.content.is_empty() { "" } else { "\n" };
    format!("{}{sep}<tool_call>{calls}</tool_call>", message.content)
}

/// One tool result as a `<tool_response>` block (see the module doc).
pub fn tool_response(message: &Message) -> String {
    let content = serde_json::from_str::<Value>(&message.content)
        .unwrap_or_else(|_| Value::String(message.content.clone()));
    let body = serde_json::json!({
        "name": message.name.as_deref().unwrap_or_default(),
        "content": content,
    });
    format!("<tool_response>\n{body}\n</tool_response>")
}

#[cfg(test)]
mod tests;
