//! Episodes: the multi-turn loop that turns a task, a tool set and a policy into a scored,
//! fully recorded interaction.
//!
//! ```text
//! prompt -> [model] -> parse -> calls? -> sandbox -> tool turn -> [model] -> ... -> answer
//!                                   \-> no call / answer / limits: score the turn, next user turn
//! ```
//!
//! A [`Rollout`] is a state machine so that a trainer can step many episodes in lockstep and
//! batch their generations: while [`Rollout::prompt`] is `Some(text)`, generate a continuation
//! of `text` and hand it to [`Rollout::feed`]; then [`Rollout::finish`] gives the [`Episode`].
//! [`run`] and [`run_many`] (parallel, with rayon) drive rollouts with a callback.
//!
//! Every piece of the transcript is a [`Segment`] with its [`Origin`], so the trainer can keep
//! prompt and tool-output tokens out of the loss. A token-level driver (the trainer) tokenizes
//! each prompt and tool segment once as it appears ([`Rollout::segments`]) and keeps the
//! sampled ids of the model's segments as they are, so it never re-encodes model text. When a
//! generation ends with an end-of-turn marker ([`Generation::end_of_turn`]) that marker is part
//! of the model's segment, and the continuation does not write it again.
//!
//! Optional in-context help (`[env]`, off by default): `demonstrations` render between the system
//! prompt and the task's messages (followed by the task's own `demonstrations`, see
//! [`crate::data::shots`]), and `assistant_prefill` follows every assistant prefix (in the
//! first prompt and in every continuation, so it belongs to the prompt or tool segment before
//! the model's; `result_prefill`, when set, replaces it after tool results); each completion
//! is parsed and recorded as prefill + generated text.
//!
//! Scoring: each user turn's model outputs are merged (calls of every round, in order; the
//! first `<think>`; the last `<answer>`; every violation) and scored against that turn's
//! expectation ([`Turn::truth`](crate::task::Turn::truth)) with the configured reward; the
//! episode's reward is the mean over turns, part by part. A turn that never ran (the token
//! budget ran out) scores as an empty completion. Calls to a function the task does not offer
//! are `unknown_tool` outcomes, even when the tool directory has it. A `single_step` task's
//! turn is exactly one generation: its calls run (and are recorded) but their results are not
//! shown. Where every offered function is a real component, a call also matches an expected
//! call when both return the same result in the sandbox ([`exec`]; the part
//! `strict_by_execution` records it).

pub mod exec;
mod record;
pub mod state_check;

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use record::{CallRecord, EndReason, Episode, Origin, Segment, TurnRecord};

use crate::error::{Error, Result};
use crate::parse::{Parsed, parse};
use crate::prompt::{self, Template};
use crate::registry::{EpisodeTools, Registry, suggest};
use crate::reward::{self, RewardBreakdown, RewardKind};
use crate::sandbox::{CallOutcome, Outcome};
use crate::spec::FunctionSpec;
use crate::task::{Message, Task, ToolRef};

/// Episode settings (the `[env]` config section).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EpisodeConfig {
    /// Conversation template.
    pub template: Template,
    /// Model generations per user turn (each may call tools); the last one should answer.
    pub max_rounds_per_turn: usize,
    /// Tokens the model may generate in the whole episode.
    pub max_tokens: usize,
    /// The reward (configured in its own `[reward]` section, not under `[env]`).
    #[serde(skip)]
    pub reward: RewardKind,
    /// Where every function a task offers is a real component, accept a call that returns the
    /// same result in the sandbox as an expected call ([`exec`]).
    pub match_by_execution: bool,
    /// Example turns (user, assistant, tool messages) shown after the system prompt and before
    /// every task's own messages: in-context demonstrations of the output format. They are
    /// prompt text (never trained); empty by default, as in the paper's "zero" setting.
    pub demonstrations: Vec<Message>,
    /// Text written after the assistant prefix of every model turn (for example `<think>`):
    /// prompt text the model continues, read by the parser together with each completion.
    pub assistant_prefill: String,
    /// The prefill after a round's tool results instead of `assistant_prefill` (`None`: the
    /// same), so a prompt can open the turn that reads a result differently from the one that
    /// reads a request.
    pub result_prefill: Option<String>,
}

impl Default for EpisodeConfig {
    fn default() -> Self {
        Self {
            template: Template::default(),
            max_rounds_per_turn: 3,
            max_tokens: 1024,
            reward: RewardKind::default(),
            match_by_execution: true,
            demonstrations: Vec::new(),
            assistant_prefill: String::new(),
            result_prefill: None,
        }
    }
}

/// What the policy produced for one prompt.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Generation {
    /// The completion text (without the stop string or end-of-turn token).
    pub text: String,
    /// Tokens it took (counts against [`EpisodeConfig::max_tokens`]).
    pub tokens: usize,
    /// The end-of-turn marker the model generated last (one of
    /// [`prompt::stop_markers`]), if it ended its turn itself: appended to its segment, and not
    /// written again by the continuation.
    pub end_of_turn: Option<String>,
}

/// Host time an episode spent, by kind (kept out of [`Episode`], which must stay
/// byte-identical for a seed).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timings {
    /// Running calls in the sandbox (including execution matching).
    pub sandbox: std::time::Duration,
    /// Parsing completions and computing rewards.
    pub scoring: std::time::Duration,
}

/// One episode in progress.
pub struct Rollout<'r> {
    task: &'r Task,
    specs: Vec<FunctionSpec>,
    offered: BTreeSet<String>,
    tools: EpisodeTools<'r>,
    cfg: EpisodeConfig,
    step: u64,
    /// The prefill the current generation continues.
    prefill: String,
    transcript: String,
    episode: Episode,
    turn: usize,
    round: usize,
    tokens: usize,
    merged: Parsed,
    completions: Vec<String>,
    turn_closed: bool,
    execution: bool,
    timings: Timings,
    done: bool,
    /// The reference sessions of a state-checked task (BFCL multi-turn).
    checker: Option<state_check::StateChecker<'r>>,
}

impl<'r> Rollout<'r> {
    /// Starts `task` with tools from `registry`, seeded with `seed`, scored at optimizer `step`.
    pub fn new(
        registry: &'r Registry,
        task: &'r Task,
        seed: u64,
        step: u64,
        cfg: &EpisodeConfig,
    ) -> Result<Self> {
        let mut specs = resolve_tools(registry, task)?;
        let mut tools = registry.episode_with(seed, &task.inline_specs())?;
        state_check::configure(&mut tools, task)?;
        let checker = if task.is_state_checked() {
            Some(state_check::StateChecker::new(registry, task, seed)?)
        } else {
            None
        };
        // A BFCL task shows the docs as BFCL shows them; the checker keeps the originals.
        let shown = crate::data::bfcl_docs::shown_specs(task, &specs);
        let demonstrations: Vec<Message> = cfg
            .demonstrations
            .iter()
            .chain(&task.demonstrations)
            .cloned()
            .collect();
        let mut transcript =
            prompt::render_with(cfg.template, &demonstrations, &task.messages, &shown);
        transcript.push_str(&cfg.assistant_prefill);
        // Functions offered later (a turn's `new_tools`) are scored from the start but offered,
        // and shown (in their turn's user message), only from their turn on.
        let mut offered: BTreeSet<String> = specs.iter().map(|s| s.name.clone()).collect();
        if let Some(checker) = &checker {
            // BFCL runs a call to any method of the entry's classes (see `state_check`).
            offered.extend(checker.functions().map(str::to_string));
        }
        for (i, turn) in task.turns.iter().enumerate() {
            for name in &turn.new_tools {
                specs.push(named_spec(registry, task, name)?);
                if i == 0 {
                    offered.insert(name.clone());
                }
            }
        }
        let episode = Episode {
            task_id: task.id.clone(),
            seed,
            step,
            segments: vec![Segment::new(Origin::Prompt, transcript.clone())],
            calls: Vec::new(),
            turns: Vec::new(),
            reward: RewardBreakdown {
                total: 0.0,
                parts: Vec::new(),
            },
            end: EndReason::Answered,
            tokens: 0,
        };
        Ok(Self {
            task,
            offered,
            specs,
            tools,
            cfg: cfg.clone(),
            step,
            prefill: cfg.assistant_prefill.clone(),
            transcript,
            episode,
            turn: 0,
            round: 0,
            tokens: 0,
            merged: Parsed::default(),
            completions: Vec::new(),
            turn_closed: false,
            execution: cfg.match_by_execution
                && checker.is_none()
                && task.tools.iter().all(|t| matches!(t, ToolRef::Named(_))),
            timings: Timings::default(),
            done: task.turns.is_empty(),
            checker,
        })
    }

    /// The text the model should continue, or `None` when the episode is over.
    pub fn prompt(&self) -> Option<&str> {
        (!self.done).then_some(self.transcript.as_str())
    }

    /// Plain-text stop strings for the generator (the `base` template's speaker labels).
    pub fn stop_strings(&self) -> &'static [&'static str] {
        prompt::stop_strings(self.cfg.template)
    }

    /// Special tokens that end the model's turn (see [`prompt::stop_markers`]).
    pub fn stop_markers(&self) -> &'static [&'static str] {
        prompt::stop_markers(self.cfg.template)
    }

    /// The transcript so far, piece by piece: a token-level driver tokenizes each new prompt or
    /// tool segment once and keeps its own sampled ids for model segments.
    pub fn segments(&self) -> &[Segment] {
        &self.episode.segments
    }

    /// Host time spent so far in the sandbox and in scoring.
    pub fn timings(&self) -> Timings {
        self.timings
    }

    /// Tokens the model may still generate in this episode.
    pub fn tokens_left(&self) -> usize {
        self.cfg.max_tokens.saturating_sub(self.tokens)
    }

    /// Hands the model's continuation of [`Rollout::prompt`] to the episode.
    pub fn feed(&mut self, generation: Generation) -> Result<()> {
        let started = std::time::Instant::now();
        let sandbox_before = self.timings.sandbox;
        let out = self.feed_untimed(generation);
        let sandbox = self.timings.sandbox - sandbox_before;
        self.timings.scoring += started.elapsed().saturating_sub(sandbox);
        out
    }

    fn feed_untimed(&mut self, generation: Generation) -> Result<()> {
        if self.done {
            return Ok(());
        }
        self.tokens += generation.tokens;
        let mut own = generation.text.clone();
        own.push_str(generation.end_of_turn.as_deref().unwrap_or_default());
        self.push(Origin::Model, &own);
        self.turn_closed = generation.end_of_turn.is_some();
        // The turn as the parser reads it: the prefill the model continued, then its text.
        let text = format!("{}{}", self.prefill, generation.text);
        let parsed = parse(&text);
        self.completions.push(text);
        merge(&mut self.merged, &parsed);
        self.round += 1;
        let out_of_tokens = self.tokens >= self.cfg.max_tokens;
        let wants_tools = !parsed.calls.is_empty() && parsed.answer.is_none();
        let single = self.task.single_step;
        if single || (wants_tools && !out_of_tokens && self.round < self.cfg.max_rounds_per_turn) {
            let mut results = Vec::with_capacity(parsed.calls.len());
            for call in &parsed.calls {
                let outcome = self.execute(call)?;
                results.push(Message::tool(&call.name, outcome.outcome.model_text()));
                self.episode.calls.push(CallRecord {
                    turn: self.turn,
                    round: self.round - 1,
                    call: call.clone(),
                    outcome,
                });
            }
            if !single {
                let text =
                    prompt::continuation_after(self.cfg.template, &results, self.turn_closed);
                self.push_opening(Origin::Tool, text);
                return Ok(());
            }
        }
        let reason = if out_of_tokens {
            EndReason::TokenBudget
        } else if single && !parsed.calls.is_empty() {
            EndReason::Called
        } else if wants_tools {
            EndReason::MaxRounds
        } else if parsed.answer.is_some() {
            EndReason::Answered
        } else {
            EndReason::NoCall
        };
        self.end_turn(reason)
    }

    fn execute(&mut self, call: &crate::spec::ToolCall) -> Result<CallOutcome> {
        let started = std::time::Instant::now();
        let out = self.execute_timed(call);
        self.timings.sandbox += started.elapsed();
        out
    }

    fn execute_timed(&mut self, call: &crate::spec::ToolCall) -> Result<CallOutcome> {
        let out = if self.offered.contains(&call.name) {
            self.tools.call(&call.name, &call.arguments.to_string())?
        } else {
            CallOutcome {
                outcome: Outcome::UnknownTool {
                    name: call.name.clone(),
                    suggestions: suggest(&call.name, self.offered.iter().map(String::as_str)),
                },
                fuel_used: 0,
            }
        };
        if let Some(checker) = &mut self.checker {
            checker.record(&call.name, &out.outcome);
        }
        Ok(out)
    }

    fn push(&mut self, origin: Origin, text: &str) {
        self.transcript.push_str(text);
        self.episode
            .segments
            .push(Segment::new(origin, text.to_string()));
    }

    /// Pushes `text`, which ends with an assistant prefix, and the prefill the model continues.
    fn push_opening(&mut self, origin: Origin, mut text: String) {
        self.prefill = match (origin, &self.cfg.result_prefill) {
            (Origin::Tool, Some(after_results)) => after_results.clone(),
            _ => self.cfg.assistant_prefill.clone(),
        };
        text.push_str(&self.prefill);
        self.push(origin, &text);
    }

    fn end_turn(&mut self, reason: EndReason) -> Result<()> {
        let parsed = std::mem::take(&mut self.merged);
        let completions = std::mem::take(&mut self.completions);
        self.score_turn(&parsed, completions, reason == EndReason::MaxRounds)?;
        self.turn += 1;
        self.round = 0;
        if let Some(next) = self.task.turns.get(self.turn) {
            self.offered.extend(next.new_tools.iter().cloned());
        }
        let next_user = self.task.turns.get(self.turn).and_then(|t| t.user.clone());
        match next_user {
            Some(user) if reason != EndReason::TokenBudget => {
                let text = prompt::continuation_after(
                    self.cfg.template,
                    &[Message::user(user)],
                    self.turn_closed,
                );
                self.push_opening(Origin::Prompt, text);
            }
            _ => {
                self.episode.end = reason;
                self.done = true;
            }
        }
        Ok(())
    }

    fn score_turn(
        &mut self,
        parsed: &Parsed,
        completions: Vec<String>,
        forced_out: bool,
    ) -> Result<()> {
        let mut state_check = None;
        if let (Some(checker), Some(refs)) = (
            &mut self.checker,
            self.task
                .turns
                .get(self.turn)
                .and_then(|t| t.reference_calls.as_ref()),
        ) {
            let started = std::time::Instant::now();
            let called = self.episode.calls.iter().any(|c| c.turn == self.turn);
            state_check =
                checker.check_turn(&mut self.tools, self.turn, refs, called, forced_out)?;
            self.timings.sandbox += started.elapsed();
        }
        let reward = match self.task.turns.get(self.turn) {
            Some(_) => {
                let mut truth = self.task.truth(self.turn);
                truth.state_verdict = state_check.as_ref().map(|c| c.valid);
                if self.execution && !parsed.calls.is_empty() {
                    let started = std::time::Instant::now();
                    truth = exec::widen(&mut self.tools, &self.specs, &truth, &parsed.calls)?;
                    self.timings.sandbox += started.elapsed();
                }
                reward::score_parsed(&self.cfg.reward, parsed, &self.specs, &truth, self.step)
            }
            None => RewardBreakdown {
                total: 0.0,
                parts: Vec::new(),
            },
        };
        self.episode.turns.push(TurnRecord {
            turn: self.turn,
            completions,
            calls: parsed.calls.clone(),
            violations: parsed
                .violations
                .iter()
                .map(|v| v.name().to_string())
                .collect(),
            reward,
            state_check,
        });
        Ok(())
    }

    /// Ends the episode (scoring turns that never ran as empty completions) and returns it.
    pub fn finish(mut self) -> Episode {
        while self.episode.turns.len() < self.task.turns.len() {
            let empty = parse("");
            // An empty completion makes no call; a state-checked turn still runs its reference
            // calls (keeping the reference in step), and fails as a turn without calls.
            let _ = self.score_turn(&empty, Vec::new(), false);
            self.turn += 1;
        }
        self.episode.tokens = self.tokens;
        self.episode.reward = record::mean_reward(&self.episode.turns);
        self.episode
    }
}

/// The task's tools as specs: inline ones as given, named ones from the registry (cloning only
/// the offered functions' specs, not the whole directory's).
fn resolve_tools(registry: &Registry, task: &Task) -> Result<Vec<FunctionSpec>> {
    task.tools
        .iter()
        .map(|tool| match tool {
            ToolRef::Inline(spec) => Ok(spec.clone()),
            ToolRef::Named(name) => registry
                .functions()
                .get(name)
                .map(|f| f.spec.clone())
                .ok_or_else(|| Error::Spec {
                    path: format!("<task {}>", task.id).into(),
                    message: format!("tool `{name}` is not in the tool directory"),
                }),
        })
        .collect()
}

/// The registry's spec of function `name`, which task `task` offers in a later turn.
fn named_spec(registry: &Registry, task: &Task, name: &str) -> Result<FunctionSpec> {
    registry
        .functions()
        .get(name)
        .map(|f| f.spec.clone())
        .ok_or_else(|| Error::Spec {
            path: format!("<task {}>", task.id).into(),
            message: format!(
                "tool `{name}` (offered in a later turn) is not in the tool directory"
            ),
        })
}

/// Folds one completion's parse into the turn's merged parse.
fn merge(into: &mut Parsed, next: &Parsed) {
    if into.think.is_none() {
        into.think = next.think.clone();
    }
    into.calls.extend(next.calls.iter().cloned());
    if next.answer.is_some() {
        into.answer = next.answer.clone();
    }
    for v in &next.violations {
        if !into.has(v.name()) {
            into.violations.push(v.clone());
        }
    }
}

/// Runs one episode, asking `generate` for every model turn.
pub fn run(
    registry: &Registry,
    task: &Task,
    seed: u64,
    step: u64,
    cfg: &EpisodeConfig,
    mut generate: impl FnMut(&str) -> Generation,
) -> Result<Episode> {
    let mut rollout = Rollout::new(registry, task, seed, step, cfg)?;
    while let Some(prompt) = rollout.prompt() {
        let generation = generate(prompt);
        rollout.feed(generation)?;
    }
    Ok(rollout.finish())
}

/// Runs many episodes in parallel (rayon); results keep the input order. `generate` gets the
/// job's index and the prompt.
pub fn run_many(
    registry: &Registry,
    jobs: &[(&Task, u64)],
    step: u64,
    cfg: &EpisodeConfig,
    generate: impl Fn(usize, &str) -> Generation + Sync,
) -> Vec<Result<Episode>> {
    jobs.par_iter()
        .enumerate()
        .map(|(i, (task, seed))| run(registry, task, *seed, step, cfg, |p| generate(i, p)))
        .collect()
}
