//! Few-shot demonstrations drawn from a pool of solved tasks (`tz data shots`, `train.shots`).
//!
//! A fixed demonstration (`[env] demonstrations`) calls one function, which most tasks do not
//! offer: a small model copies its name and is rewarded for the well-formed call. A *shot* here
//! is a solved task of the pool that calls only functions the target task offers: its request
//! (a user message) and its answer (an assistant message with a short `<think>` and the calls),
//! cut after the call as `examples/call-demo.toml` is. The model sees the output format with
//! names and argument shapes that exist in its own tool list.
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

use std::collections::BTreeSet;

use crate::spec::ToolCall;
use crate::task::{Message, Role, Task};

/// A pool task usable as a shot: its request and the calls that answer it.
#[derive(Debug, Clone)]
struct Candidate {
    id: String,
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
}

/// Sets the `demonstrations` of every task in `tasks` to up to `k` shots from `pool`
/// (replacing any it had; `k = 0` clears them).
pub fn attach(tasks: &mut [Task], pool: &[Task], k: usize) -> ShotReport {
    let candidates: Vec<Candidate> = pool.iter().filter_map(candidate).collect();
    let mut report = ShotReport {
        candidates: candidates.len(),
        ..ShotReport::default()
    };
    for task in tasks.iter_mut() {
        task.demonstrations = shots_for(task, &candidates, k);
        let got = task.demonstrations.len() / 2;
        match got {
            0 if k > 0 => report.none += 1,
            g if g < k => report.partial += 1,
            _ => report.full += 1,
        }
    }
    report
}

/// The demonstration messages of `task`: up to `k` shots, two messages each.
fn shots_for(task: &Task, candidates: &[Candidate], k: usize) -> Vec<Message> {
    if k == 0 {
        return Vec::new();
    }
    let offered: BTreeSet<&str> = task.all_tool_names().into_iter().collect();
    let own_request = request(task);
    let mut fitting: Vec<(u64, &Candidate)> = candidates
        .iter()
        .filter(|c| c.id != task.id && Some(c.request.as_str()) != own_request)
        .filter(|c| {
            c.calls
                .iter()
                .all(|call| offered.contains(call.name.as_str()))
        })
        .map(|c| (fnv1a(&[task.id.as_bytes(), b"\0", c.id.as_bytes()]), c))
        .collect();
    fitting.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
    fitting
        .into_iter()
        .take(k)
        .flat_map(|(_, c)| shot(c))
        .collect()
}

/// A shot's two messages: the request, and the answer that calls.
fn shot(c: &Candidate) -> [Message; 2] {
    let mut names: Vec<&str> = Vec::new();
    for call in &c.calls {
        if !names.contains(&call.name.as_str()) {
            names.push(&call.name);
        }
    }
    let functions = match names.as_slice() {
        [one] => format!("the {one} function does it"),
        many => format!("the functions {} do it", many.join(", ")),
    };
    let mut answer = Message::new(
        Role::Assistant,
        format!("<think>The user asks for this; {functions}.</think>"),
    );
    answer.tool_calls = c.calls.clone();
    [Message::user(c.request.clone()), answer]
}

/// `task` as a shot, if it is one (see the module docs).
fn candidate(task: &Task) -> Option<Candidate> {
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
        id: task.id.clone(),
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
