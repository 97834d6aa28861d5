//! The model output format and its parser.
//!
//! A completion is `<think>…</think>` followed by either
//! `<tool_call>[{"name": "...", "arguments": {...}}]</tool_call>` (one or more parallel calls)
//! or `<answer>…</answer>`. Inside an answer, BFCL's Python-call syntax `[f(a=1), g(b="x")]`
//! (or a bare `f(a=1)`) also counts as calls, when there is no `<tool_call>` block.
//!
//! [`parse`] never panics and never fails: it returns what it could read plus a list of
//! [`Violation`]s. Decisions for odd input:
//! * several `<tool_call>` blocks: all their calls, concatenated in order, plus
//!   `multiple_tool_call_blocks`; several `<answer>` blocks: the first, plus `multiple_answers`;
//! * a tag opened inside another block (`<think>…<tool_call>…</think>`) is text of that block,
//!   plus `nested_tag`; inside a `<tool_call>` block the JSON is read first, so a tag written
//!   inside a JSON string (`{"html": "a</tool_call>b"}`) is part of the string, not a tag; an unclosed block runs to the end of the text, plus `unclosed_tag` (a
//!   truncated `<tool_call>` is still parsed, and usually fails as JSON);
//! * leniencies that still yield calls are *notes*, not errors: a single call object instead of a
//!   list, `parameters` for `arguments`, arguments as a JSON string, several JSON values in
//!   one block. [`Parsed::is_well_formatted`] ignores notes.
//! * input beyond [`MAX_INPUT_BYTES`] is cut (`too_long`); every step is linear in the input,
//!   JSON nesting is bounded by serde_json's recursion limit and Python literals by
//!   [`python::MAX_DEPTH`], and each violation name is recorded once.

pub mod python;
mod violation;

#[cfg(test)]
mod tests;

use serde_json::Value;

pub use python::{PythonError, parse_python_calls, parse_python_literal, render_python_calls};
pub use violation::{Severity, Violation};

use crate::spec::ToolCall;

/// Input beyond this many bytes is ignored (and reported as `too_long`).
pub const MAX_INPUT_BYTES: usize = 1 << 20;

/// What a completion said: its reasoning, its calls, its answer, and how it broke the format.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Parsed {
    /// The first `<think>` block's text, trimmed.
    pub think: Option<String>,
    /// The calls from every `<tool_call>` block (or the answer's Python calls), in order.
    pub calls: Vec<ToolCall>,
    /// The first `<answer>` block's text, trimmed.
    pub answer: Option<String>,
    /// Format violations and notes, each name at most once, in the order found.
    pub violations: Vec<Violation>,
}

impl Parsed {
    /// True when the completion follows the format: no violation of [`Severity::Error`] (so
    /// exactly one `<think>` first, then exactly one `<tool_call>` or `<answer>`, nothing else
    /// outside the tags, valid JSON calls).
    pub fn is_well_formatted(&self) -> bool {
        self.violations
            .iter()
            .all(|v| v.severity() == Severity::Note)
    }

    /// True when something usable came out: at least one call or an answer.
    pub fn is_parseable(&self) -> bool {
        !self.calls.is_empty() || self.answer.is_some()
    }

    /// True when a violation with this name was recorded.
    pub fn has(&self, name: &str) -> bool {
        self.violations.iter().any(|v| v.name() == name)
    }

    fn push(&mut self, v: Violation) {
        if !self.has(v.name()) {
            self.violations.push(v);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Think,
    ToolCall,
    Answer,
}

impl Tag {
    const ALL: [Tag; 3] = [Tag::Think, Tag::ToolCall, Tag::Answer];

    fn name(self) -> &'static str {
        match self {
            Tag::Think => "think",
            Tag::ToolCall => "tool_call",
            Tag::Answer => "answer",
        }
    }

    fn open(self) -> &'static str {
        match self {
            Tag::Think => "<think>",
            Tag::ToolCall => "<tool_call>",
            Tag::Answer => "<answer>",
        }
    }

    fn close(self) -> &'static str {
        match self {
            Tag::Think => "</think>",
            Tag::ToolCall => "</tool_call>",
            Tag::Answer => "</answer>",
        }
    }
}

/// A tag occurrence: byte range, which tag, opening or closing.
struct Event {
    start: usize,
    end: usize,
    tag: Tag,
    open: bool,
}

fn scan_tags(text: &str) -> Vec<Event> {
    let mut events = Vec::new();
    let mut pos = 0;
    while let Some(off) = text.get(pos..).and_then(|rest| rest.find('<')) {
        let start = pos + off;
        let rest = text.get(start..).unwrap_or_default();
        let hit = Tag::ALL.iter().find_map(|&tag| {
            if rest.starts_with(tag.open()) {
                Some((tag, true, tag.open().len()))
            } else if rest.starts_with(tag.close()) {
                Some((tag, false, tag.close().len()))
            } else {
                None
            }
        });
        pos = start + 1;
        if let Some((tag, open, len)) = hit {
            events.push(Event {
                start,
                end: start + len,
                tag,
                open,
            });
            pos = start + len;
        }
    }
    events
}

/// A tag's block: its content's byte range.
struct Block {
    tag: Tag,
    start: usize,
    end: usize,
}

/// Parses a completion (see the module doc for the format and the rules for odd input).
pub fn parse(completion: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut cut = completion.len().min(MAX_INPUT_BYTES);
    while !completion.is_char_boundary(cut) {
        cut -= 1;
    }
    if cut < completion.len() {
        out.push(Violation::TooLong {
            bytes: completion.len(),
        });
    }
    let text = completion.get(..cut).unwrap_or_default();
    let blocks = split_blocks(text, &mut out);
    let content = |b: &Block| text.get(b.start..b.end).unwrap_or_default().trim();

    let count = |t: Tag| blocks.iter().filter(|b| b.tag == t).count();
    let (thinks, tool_calls, answers) =
        (count(Tag::Think), count(Tag::ToolCall), count(Tag::Answer));
    match blocks.iter().position(|b| b.tag == Tag::Think) {
        None => out.push(Violation::MissingThink),
        Some(0) => {}
        Some(_) => out.push(Violation::ThinkNotFirst),
    }
    if thinks > 1 {
        out.push(Violation::MultipleThink { count: thinks });
    }
    if tool_calls > 1 {
        out.push(Violation::MultipleToolCallBlocks { count: tool_calls });
    }
    if answers > 1 {
        out.push(Violation::MultipleAnswers { count: answers });
    }
    match (tool_calls, answers) {
        (0, 0) => out.push(Violation::MissingToolCallOrAnswer),
        (0, _) | (_, 0) => {}
        _ => out.push(Violation::ToolCallAndAnswer),
    }
    out.think = blocks
        .iter()
        .find(|b| b.tag == Tag::Think)
        .map(|b| content(b).to_string());
    out.answer = blocks
        .iter()
        .find(|b| b.tag == Tag::Answer)
        .map(|b| content(b).to_string());
    for block in blocks.iter().filter(|b| b.tag == Tag::ToolCall) {
        parse_tool_call_block(content(block), &mut out);
    }
    if tool_calls == 0
        && let Some(answer) = out.answer.as_deref()
        && let Ok(calls) = parse_python_calls(answer)
    {
        out.calls = calls;
    }
    out
}

/// Splits the text into tag blocks, recording text outside tags, nesting and unclosed tags.
fn split_blocks(text: &str, out: &mut Parsed) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<(Tag, usize)> = None;
    let mut outside_from = 0;
    // Inside a `<tool_call>` block the JSON is read first: tags inside its strings are text.
    let mut json_until = 0;
    for ev in scan_tags(text) {
        if ev.start < json_until {
            continue;
        }
        match open {
            None if ev.open => {
                outside_text(text.get(outside_from..ev.start), out);
                open = Some((ev.tag, ev.end));
                if ev.tag == Tag::ToolCall {
                    json_until = json_extent(text, ev.end);
                }
            }
            None => out.push(Violation::StrayCloseTag { tag: ev.tag.name() }),
            Some((tag, start)) if tag == ev.tag && !ev.open => {
                blocks.push(Block {
                    tag,
                    start,
                    end: ev.start,
                });
                open = None;
                outside_from = ev.end;
            }
            Some((tag, _)) => out.push(Violation::NestedTag {
                tag: ev.tag.name(),
                inside: tag.name(),
            }),
        }
    }
    match open {
        Some((tag, start)) => {
            out.push(Violation::UnclosedTag { tag: tag.name() });
            blocks.push(Block {
                tag,
                start,
                end: text.len(),
            });
        }
        None => outside_text(text.get(outside_from..), out),
    }
    blocks
}

/// Where the JSON values that start at byte `from` end (`from` itself when none parses), so tag
/// look-alikes inside JSON strings are not read as tags.
fn json_extent(text: &str, from: usize) -> usize {
    let rest = text.get(from..).unwrap_or_default();
    let mut values = serde_json::Deserializer::from_str(rest).into_iter::<serde::de::IgnoredAny>();
    let mut end = 0;
    while let Some(Ok(_)) = values.next() {
        end = values.byte_offset();
    }
    from + end
}

fn outside_text(text: Option<&str>, out: &mut Parsed) {
    let text = text.unwrap_or_default().trim();
    if !text.is_empty() {
        let snippet: String = text.chars().take(40).collect();
        out.push(Violation::TextOutsideTags { snippet });
    }
}

/// Reads the JSON in one `<tool_call>` block into calls.
fn parse_tool_call_block(content: &str, out: &mut Parsed) {
    if content.is_empty() {
        out.push(Violation::EmptyToolCall);
        return;
    }
    let mut values = Vec::new();
    for item in serde_json::Deserializer::from_str(content).into_iter::<Value>() {
        match item {
            Ok(v) => values.push(v),
            Err(e) => {
                out.push(Violation::InvalidJson {
                    detail: e.to_string(),
                });
                break;
            }
        }
    }
    if values.len() > 1 {
        out.push(Violation::SeveralJsonValues {
            count: values.len(),
        });
    }
    for value in values {
        match value {
            Value::Array(items) if items.is_empty() => out.push(Violation::EmptyToolCall),
            Value::Array(items) => items.into_iter().for_each(|item| push_call(item, out)),
            obj @ Value::Object(_) => {
                out.push(Violation::SingleObject);
                push_call(obj, out);
            }
            other => out.push(Violation::NotACall {
                detail: format!("expected a list of call objects, got {}", json_kind(&other)),
            }),
        }
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// One `{"name", "arguments"}` object into a call, with the leniencies the module doc lists.
fn push_call(item: Value, out: &mut Parsed) {
    let Value::Object(mut obj) = item else {
        out.push(Violation::NotACall {
            detail: format!("expected a call object, got {}", json_kind(&item)),
        });
        return;
    };
    let Some(Value::String(name)) = obj.remove("name") else {
        out.push(Violation::NotACall {
            detail: "a call object needs a string `name`".into(),
        });
        return;
    };
    let args = match (obj.remove("arguments"), obj.remove("parameters")) {
        (Some(a), _) => a,
        (None, Some(p)) => {
            out.push(Violation::ParametersAlias);
            p
        }
        (None, None) => Value::Object(serde_json::Map::new()),
    };
    let args = match args {
        Value::String(s) => match serde_json::from_str::<Value>(&s) {
            Ok(v @ Value::Object(_)) => {
                out.push(Violation::ArgumentsAsString);
                v
            }
            _ => Value::String(s),
        },
        other => other,
    };
    if args.is_object() {
        out.calls.push(ToolCall::new(name, args));
    } else {
        out.push(Violation::ArgumentsNotObject { name });
    }
}

/// Renders calls as a `<tool_call>` block in the format [`parse`] reads.
pub fn render_tool_call_block(calls: &[ToolCall]) -> String {
    let json = serde_json::to_string(calls).unwrap_or_else(|_| "[]".into());
    format!("<tool_call>{json}</tool_call>")
}
