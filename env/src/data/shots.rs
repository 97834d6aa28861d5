//! Few-shot demonstrations drawn from a pool of solved tasks (`tz data shots`, `train.shots`).
//!
//! A fixed demonstration (`[env] demonstrations`) calls one function, which most tasks do not
//! offer: a small model copies its name and is rewarded for the well-formed call. A *shot* here
//! is a solved task of the pool that calls only functions the target task offers: its request
//! (a user message) and its answer (an assistant message with a short `<think>` and the calls),
//! then, by [`ShotStyle`], nothing more or the calls' results and a closing answer. The model
//! sees the output format with names and argument shapes that exist in its own tool list.
//!
//! * A candidate is a pool task with a single user message, a different id and request than the
//!   target, and a first turn that calls something: its `reference_calls`, else its first
//!   non-empty ground-truth answer written as calls
//!   ([`crate::checker::ExpectedCall::canonical_call`]).
//! * Every function it calls must be offered by the target (its `tools` and `new_tools`). The
//!   target's own expected calls are never consulted, so a shot does not leak the answer beyond
//!   the tool list the prompt already shows; which offered function a shot calls is chance.
//! * The `k` shots are the candidates with the smallest FNV-1a hash of `(target id, candidate
//!   id)`: a pure function of the two files, independent of seeds, thread counts and order.
//!   A task with fewer candidates gets fewer shots (none when nothing fits).
//!
//! What a shot shows after its request is a [`ShotStyle`]. Cut after the call
//! ([`ShotStyle::Call`]), it never shows what follows a result, and SmolLM2-135M trained under
//! such shots answered a result by calling again (its own result echoed back as a call), which
//! fails strict matching (ARCHITECTURE.md, "Episodes and rewards"). A whole turn
//! ([`ShotStyle::Turn`], [`attach_played`]) adds the calls' real results, run in the sandbox as
//! an episode runs them (same message, same text), and a closing `<answer>`. A candidate whose
//! calls do not all return a result is passed over for the next one.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::registry::Registry;
use crate::sandbox::Outcome;
use crate::spec::ToolCall;
use crate::task::{Message, Role, Task};

/// What a shot shows after its request (`train.shot_style`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShotStyle {
    /// The assistant message that calls, and nothing after it.
    #[default]
    Call,
    /// The whole turn: the call, its results (run in the sandbox), and an answer.
    Turn,
}

/// A pool task usable as a shot: its request and the calls that answer it.
#[derive(Debug, Clone)]
struct Candidate<'a> {
    task: &'a Task,
    request: String,
    calls: Vec<ToolCall>,
}

/// What [`attach`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ShotReport {
    /// Pool tasks usable as shots.
    pub candidates: usize,
    /// Tasks that got `k` shots.
    pub full: usize,
    /// Tasks that got some shots but fewer than `k`.
    pub partial: usize,
    /// Tasks that got none (no candidate calls only functions they offer).
    pub none: usize,
    /// Candidates passed over because a call of theirs returned no result
    /// ([`ShotStyle::Turn`] only).
    pub unplayable: usize,
}

/// Sets the `demonstrations` of every task in `tasks` to up to `k` shots from `pool`, cut after
/// the call ([`ShotStyle::Call`]), replacing any it had; `k = 0` clears them.
pub fn attach(tasks: &mut [Task], pool: &[Task], k: usize) -> ShotReport {
    attach_with(tasks, pool, k, None)
}

/// [`attach`] with whole-turn shots ([`ShotStyle::Turn`]): each shot's calls run in a fresh
/// episode of `registry` (seeded from the pool task's id, configured with its `tool_config`),
/// and the shot shows their results and an answer after the call.
pub fn attach_played(
    tasks: &mut [Task],
    pool: &[Task],
    k: usize,
    registry: &Registry,
) -> ShotReport {
    attach_with(tasks, pool, k, Some(registry))
}

fn attach_with(
    tasks: &mut [Task],
    pool: &[Task],
    k: usize,
    registry: Option<&Registry>,
) -> ShotReport {
    let candidates: Vec<Candidate> = pool.iter().filter_map(candidate).collect();
    let mut report = ShotReport {
        candidates: candidates.len(),
        ..ShotReport::default()
    };
    // Each candidate plays once, whatever number of tasks it serves.
    let mut played: HashMap<&str, Option<Vec<Message>>> = HashMap::new();
    for task in tasks.iter_mut() {
        let shots = shots_for(task, &candidates, k, |c| match registry {
            None => Some(Vec::new()),
            Some(registry) => played
                .entry(c.task.id.as_str())
                .or_insert_with(|| play(registry, c))
                .clone(),
        });
        let got = shots.len();
        task.demonstrations = shots.into_iter().flatten().collect();
        match got {
            0 if k > 0 => report.none += 1,
            g if g < k => report.partial += 1,
            _ => report.full += 1,
        }
    }
    report.unplayable = played.values().filter(|p| p.is_none()).count();
    report
}

/// Up to `k` shots for `task`, each its messages. `after` gives what follows a candidate's
/// call (its results and answer), or `None` to pass the candidate over.
fn shots_for<'a>(
    task: &Task,
    candidates: &[Candidate<'a>],
    k: usize,
    mut after: impl FnMut(&Candidate<'a>) -> Option<Vec<Message>>,
) -> Vec<Vec<Message>> {
    if k == 0 {
        return Vec::new();
    }
    let offered: BTreeSet<&str> = task.all_tool_names().into_iter().collect();
    let own_request = request(task);
    let mut fitting: Vec<(u64, &Candidate)> = candidates
        .iter()
        .filter(|c| c.task.id != task.id && Some(c.request.as_str()) != own_request)
        .filter(|c| {
            c.calls
                .iter()
                .all(|call| offered.contains(call.name.as_str()))
        })
        .map(|c| (fnv1a(&[task.id.as_bytes(), b"\0", c.task.id.as_bytes()]), c))
        .collect();
    fitting.sort_by(|a, b| (a.0, &a.1.task.id).cmp(&(b.0, &b.1.task.id)));
    fitting
        .into_iter()
        .filter_map(|(_, c)| {
            let mut shot = vec![Message::user(c.request.clone()), calling(c)];
            shot.extend(after(c)?);
            Some(shot)
        })
        .take(k)
        .collect()
}

/// The distinct function names `calls` call, in order of first call.
fn names(calls: &[ToolCall]) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for call in calls {
        if !names.contains(&call.name.as_str()) {
            names.push(&call.name);
        }
    }
    names
}

/// The assistant message of a shot that calls: a short `<think>` and the calls.
fn calling(c: &Candidate) -> Message {
    let functions = match names(&c.calls).as_slice() {
        [one] => format!("the {one} function does it"),
        many => format!("the functions {} do it", many.join(", ")),
    };
    let mut answer = Message::new(
        Role::Assistant,
        format!("{CALL_THINK} {functions}.</think>"),
    );
    answer.tool_calls = c.calls.clone();
    answer
}

/// Longest result text an answer quotes, in characters (the tool message shows it whole).
const ANSWER_QUOTE_CHARS: usize = 200;

/// What follows `c`'s call in a whole-turn shot: one tool message per call, as an episode
/// writes it ([`Outcome::model_text`]), and an answer quoting the results; `None` when the
/// tools cannot be set up or a call returns no result (an error would teach the wrong thing).
fn play(registry: &Registry, c: &Candidate) -> Option<Vec<Message>> {
    let seed = fnv1a(&[b"shot\0", c.task.id.as_bytes()]);
    let mut tools = registry.episode_with(seed, &c.task.inline_specs()).ok()?;
    crate::episode::state_check::configure(&mut tools, c.task).ok()?;
    let mut out = Vec::with_capacity(c.calls.len() + 1);
    let mut quoted = Vec::with_capacity(c.calls.len());
    for call in &c.calls {
        let outcome = tools
            .call(&call.name, &call.arguments.to_string())
            .ok()?
            .outcome;
        let Outcome::Ok { result } = &outcome else {
            return None;
        };
        quoted.push(clip(result, ANSWER_QUOTE_CHARS));
        out.push(Message::tool(&call.name, outcome.model_text()));
    }
    out.push(Message::new(
        Role::Assistant,
        format!(
            "{RESULTS_THINK} I can answer the user now.</think><answer>{}</answer>",
            quoted.join("; ")
        ),
    ));
    Some(out)
}

/// How a whole-turn shot's closing message begins: one fixed sentence for any function, which
/// `[env] result_prefill` can repeat so the round after results opens as the shot's does
/// (`examples/shots-demo.toml`).
pub const RESULTS_THINK: &str = "<think>The results are in;";

/// How a shot's calling message begins (then the functions it calls), which `[env]
/// assistant_prefill` can repeat.
pub const CALL_THINK: &str = "<think>The user asks for this;";

/// `text`, cut to at most `chars` characters (with `...` when cut).
fn clip(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_string(),
    }
}

/// `task` as a shot, if it is one (see the module docs).
fn candidate(task: &Task) -> Option<Candidate<'_>> {
    let request = request(task)?.to_string();
    let turn = task.turns.first()?;
    let calls = match &turn.reference_calls {
        Some(calls) => calls.clone(),
        None => {
            let truth = task.truth(0);
            let answer = truth.alternatives.iter().find(|a| !a.is_empty())?;
            answer
                .iter()
                .map(|e| e.canonical_call(truth.language, None, None))
                .collect()
        }
    };
    if calls.is_empty() {
        return None;
    }
    Some(Candidate {
        task,
        request,
        calls,
    })
}

/// The request of a task made of one user message.
fn request(task: &Task) -> Option<&str> {
    match task.messages.as_slice() {
        [m] if m.role == Role::User => Some(&m.content),
        _ => None,
    }
}

/// 64-bit FNV-1a over the concatenated `parts`: stable across platforms and releases.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in parts.iter().flat_map(|p| p.iter()) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests;
