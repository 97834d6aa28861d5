//! A generator of tasks for the shipped tools (issue 4, part 1): varied natural-language
//! requests whose ground truth calls the real `calculator`, `units`, `calendar`, `text`,
//! `countries`, `filesystem`, `stats` (Python) and `cart` (JavaScript) functions with
//! arguments their schemas accept and the tools execute successfully.
//!
//! [`generate`] is deterministic from [`GenConfig::seed`] (an in-tree SplitMix64, see
//! `rng`) and yields seven categories ([`Kind`]): `single`, `multiple`, `parallel`,
//! `irrelevant`, `multi_turn` (the stateful file system), `class_multi_turn` (BFCL's
//! multi-turn API classes, state-checked; off in the default mix) and `cart_multi_turn` (the
//! shopping cart, state-checked). Tools are offered by name ([`crate::task::ToolRef::Named`]);
//! ids are `gen-<category>-<k>`, numbered per category in generation order across both splits.
//!
//! # Categories
//! * `single`: one call; every function of the request's tool is offered (so a capital may
//!   come from `country_capital` or `country_info`: both are listed as alternatives). Requests
//!   come from seven tool families, `stats` among them (percentiles, line fits, Pearson and
//!   Spearman correlations, z-scores, moving averages, weighted means over series of 3-12
//!   numbers drawn from scenes of several magnitudes, see `stats`).
//! * `multiple`: one call; the right function plus 2-4 functions of other tools.
//! * `parallel`: 2-3 independent calls in one call set (capitals or populations of several
//!   countries, several conversions or weekdays, two percentiles of a series, both
//!   correlations of a data set, two moving-average windows, or two requests of different
//!   tools joined in one message); the needed functions plus 0-3 distractors.
//! * `irrelevant`: a request no offered function serves; `ground_truth: []` (call nothing).
//!   The offered functions may be any tool's, `stats` and `cart` included (requests a cart
//!   might seem to serve, such as ordering food, are not drawn when `cart` is offered).
//! * `multi_turn`: a script of 2-3 user turns on one file-system session (see `fs_script`:
//!   create a folder and write into it, rename, move `notes.txt`, `cd` and write, append,
//!   delete, find, copy a file's text), each turn with its own ground truth; the file-system
//!   functions plus, half the time, 1-3 distractors.
//! * `class_multi_turn`: a *state-checked* script of 2-4 user turns on BFCL's multi-turn API
//!   classes (see `bfcl_script`): `GorillaFileSystem`, `TicketAPI`, `TwitterAPI`,
//!   `MessageAPI` and `TradingBot` (the `tools-wasm` components `gorilla_file_system`,
//!   `ticket_api`, `posting_api`, `message_api`, `trading_bot`), alone or two together. The
//!   scenario (`tool_config`) is drawn from the seed; later turns refer to what earlier turns
//!   made ("close the ticket you just opened", "sell half of what you bought") and their
//!   `reference_calls` are computed from the drawn world; `ground_truth` accepts exactly those
//!   calls (a parameter they pass at its default may also be left out; unlike the other
//!   categories, optional parameters they do not pass are not listed). Every function of the
//!   involved classes is offered. Weight 0 by default: it needs the BFCL class components,
//!   which the other categories do not ([`class_function_names`] lists what it may offer).
//! * `cart_multi_turn`: a *state-checked* script of 2-4 user turns on one `cart` session (see
//!   `cart`, which also says why it is a category of its own): fill a cart and change it,
//!   apply a coupon, check out, ask about an order; often from a start state in
//!   `tool_config` (a cart already holding items, a coupon, a product nearly sold out).
//!   Reference calls are computed from the modelled session, and `ground_truth` lists every
//!   optional parameter as the stateless categories do. Every `cart` function is offered,
//!   plus 1-3 distractors half the time. The catalog is copied in `cart_table`
//!   ([`cart_catalog`]; an end-to-end test compares it with the component's).
//!
//! Every optional parameter of a ground-truth call is listed (as `""` or its default), as the
//! BFCL checker rejects a parameter the answer does not list (so `correlation`'s `method` at
//! its default `"pearson"` may be left out). `expected_answer` holds the result computed here
//! (a number as the tools format it, a date, a capital, file content, an order id) where the
//! request has one short answer; `stats` answers come from the tool's own numerics (Python's
//! `math.fsum` ported to Rust, see `stats_values`) and match the component's to the digit.
//!
//! # Variety
//! A split of thousands of tasks should rarely repeat a message (issue 12). Each request
//! family has 8-20 templates (questions, commands, polite forms, requests set in a small
//! scene), and the values are drawn from wide spaces: numbers over several magnitudes, dates
//! over 160 years in seven spellings, all 197 countries and 52 units of the tools' own
//! tables, file and folder names and file contents composed from the word lists in `pools`,
//! generated sentences and identifier phrases for the text tool, and off-topic requests built
//! from frames with holes. An optional opener and closing (`phrasing::polish`) and, in
//! scripts, a short acknowledgement vary the surface further; literal payloads are always
//! quoted, so those can never be read as part of one. `tests.rs` bounds the duplicate rate of
//! a 2,000-task train split and the number of distinct ground truths (`class_tests.rs` and
//! `cart_tests.rs` do the same for the state-checked scripts, whose later turns also get a
//! connective such as "Next,", and in cart scripts sometimes an aside).
//!
//! # Train/test split
//! The split is decided per task before it is drawn: each category gets
//! `round(count * test_fraction)` test tasks, at shuffled positions. A test task is phrased
//! only with *held-out templates* (the last quarter, at least one, of every template list:
//! request templates, joiners of mixed parallel requests, multi-turn scripts and irrelevant
//! request frames, class-script and cart-script turns, their login sentences, introductions
//! and asides, see `phrasing::template`), so no test phrasing occurs in training. On top of that no (user
//! texts, ground truth) pair occurs in both splits: a draw that repeats one of the other split
//! is redrawn, and dropped after [`MAX_DRAWS`] tries (never seen in practice). Argument values
//! (numbers, dates, countries, ...), openers, closings, acknowledgements and connectives are
//! drawn from the same pools in both splits.

use std::collections::{BTreeMap, HashMap};

use crate::checker::ExpectedCall;
use crate::task::Task;

mod assemble;
mod bfcl_fs;
mod bfcl_message;
mod bfcl_mixed;
mod bfcl_script;
mod bfcl_ticket;
mod bfcl_trading;
mod bfcl_twitter;
mod calculator;
mod calendar;
mod cart;
mod cart_script;
mod cart_table;
mod cart_text;
mod catalog;
mod countries;
mod country_table;
mod filesystem;
mod fs_script;
mod irrelevant;
mod phrasing;
mod pools;
mod rng;
mod stats;
mod stats_values;
mod text;
mod text_values;
mod unit_table;
mod units;

use catalog::Tool;
use rng::Rng;

/// Draws of one task before it is dropped for colliding with the other split.
pub const MAX_DRAWS: usize = 20;
/// Most alternative call sets a ground truth lists (products of per-call alternatives).
const MAX_ALTERNATIVES: usize = 16;

/// The functions the generator calls, by name: every one must exist in the loaded registry.
pub fn shipped_function_names() -> &'static [&'static str] {
    &catalog::NAMES
}

/// The functions of BFCL's API classes the `class_multi_turn` category may offer, by name:
/// every one must exist in the loaded registry when that category is generated.
pub fn class_function_names() -> Vec<&'static str> {
    bfcl_script::function_names()
}

/// The `cart` tool's catalog as the `cart_multi_turn` scripts assume it, in the shape
/// `search_products("")` returns its `products`: `[{"product_id", "name", "category", "price",
/// "stock"}]` sorted by id (a test compares the two, so the generator's copy cannot drift).
pub fn cart_catalog() -> serde_json::Value {
    cart_table::listing()
}

/// Which split a task belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Split {
    /// Training data.
    Train,
    /// Held-out evaluation data.
    Test,
}

/// A task category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// One call to one function; the function's tool is offered.
    Single,
    /// One call; the right function among functions of several tools.
    Multiple,
    /// One request needing 2-3 independent calls in one call set.
    Parallel,
    /// A request no offered function can serve: call nothing.
    Irrelevant,
    /// 2-3 scripted user turns on the stateful file system, one call set each.
    MultiTurn,
    /// 2-4 scripted user turns on BFCL's API classes, checked by state (reference calls).
    ClassMultiTurn,
    /// 2-4 scripted user turns on one `cart` session, checked by state (reference calls).
    CartMultiTurn,
}

impl Kind {
    /// Every kind, in order.
    pub const ALL: [Kind; 7] = [
        Kind::Single,
        Kind::Multiple,
        Kind::Parallel,
        Kind::Irrelevant,
        Kind::MultiTurn,
        Kind::ClassMultiTurn,
        Kind::CartMultiTurn,
    ];

    /// The category name written in tasks.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::Parallel => "parallel",
            Kind::Irrelevant => "irrelevant",
            Kind::MultiTurn => "multi_turn",
            Kind::ClassMultiTurn => "class_multi_turn",
            Kind::CartMultiTurn => "cart_multi_turn",
        }
    }
}

/// Relative weights of the categories (need not sum to 1; negative counts as 0).
#[derive(Debug, Clone, PartialEq)]
pub struct KindWeights {
    /// `single`.
    pub single: f64,
    /// `multiple`.
    pub multiple: f64,
    /// `parallel`.
    pub parallel: f64,
    /// `irrelevant`.
    pub irrelevant: f64,
    /// `multi_turn`.
    pub multi_turn: f64,
    /// `class_multi_turn` (0 by default).
    pub class_multi_turn: f64,
    /// `cart_multi_turn` (state-checked scripts on the `cart` tool).
    pub cart_multi_turn: f64,
}

impl Default for KindWeights {
    /// 30% single, 20% multiple, 15% parallel, 10% irrelevant, 15% multi-turn, 10%
    /// cart scripts, no `class_multi_turn` (it needs the BFCL class components; opt in with a
    /// weight).
    fn default() -> Self {
        Self {
            single: 0.3,
            multiple: 0.2,
            parallel: 0.15,
            irrelevant: 0.1,
            multi_turn: 0.15,
            class_multi_turn: 0.0,
            cart_multi_turn: 0.1,
        }
    }
}

impl KindWeights {
    /// Weight 1 for `kind` and 0 for every other category.
    pub fn only(kind: Kind) -> Self {
        let w = |k: Kind| if k == kind { 1.0 } else { 0.0 };
        Self {
            single: w(Kind::Single),
            multiple: w(Kind::Multiple),
            parallel: w(Kind::Parallel),
            irrelevant: w(Kind::Irrelevant),
            multi_turn: w(Kind::MultiTurn),
            class_multi_turn: w(Kind::ClassMultiTurn),
            cart_multi_turn: w(Kind::CartMultiTurn),
        }
    }

    fn get(&self, kind: Kind) -> f64 {
        let w = match kind {
            Kind::Single => self.single,
            Kind::Multiple => self.multiple,
            Kind::Parallel => self.parallel,
            Kind::Irrelevant => self.irrelevant,
            Kind::MultiTurn => self.multi_turn,
            Kind::ClassMultiTurn => self.class_multi_turn,
            Kind::CartMultiTurn => self.cart_multi_turn,
        };
        if w.is_finite() { w.max(0.0) } else { 0.0 }
    }
}

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct GenConfig {
    /// Total tasks, both splits together.
    pub n: usize,
    /// The seed every draw derives from.
    pub seed: u64,
    /// Share of each category held out for test, clamped to 0..=1 (default 0.2).
    pub test_fraction: f64,
    /// The category mix.
    pub kinds: KindWeights,
}

impl Default for GenConfig {
    fn default() -> Self {
        Self {
            n: 1000,
            seed: 0,
            test_fraction: 0.2,
            kinds: KindWeights::default(),
        }
    }
}

/// The generated tasks.
#[derive(Debug, Clone, Default)]
pub struct GenOutput {
    /// Training tasks, in generation order.
    pub train: Vec<Task>,
    /// Test tasks, in generation order.
    pub test: Vec<Task>,
}

/// One request: its text, the tools it needs, and the calls that serve it.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    /// The user's words.
    pub text: String,
    /// The tools whose functions the calls use.
    pub tools: Vec<Tool>,
    /// Each needed call with its alternatives (the first is primary and always offered;
    /// the others are calls of other functions that serve the request equally well).
    pub calls: Vec<Vec<ExpectedCall>>,
    /// The answer the calls' results give, when computed.
    pub answer: Option<String>,
}

impl Request {
    /// A request served by one call (plus equally good `also` calls).
    pub(crate) fn one(
        text: String,
        tool: Tool,
        call: ExpectedCall,
        also: Vec<ExpectedCall>,
        answer: Option<String>,
    ) -> Self {
        let mut alts = vec![call];
        alts.extend(also);
        Self {
            text,
            tools: vec![tool],
            calls: vec![alts],
            answer,
        }
    }

    /// The names of the primary calls' functions.
    fn primary_functions(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .calls
            .iter()
            .filter_map(|alts| alts.first().map(|c| c.name.clone()))
            .collect();
        names.dedup();
        names
    }
}

/// Generates `cfg.n` tasks split into train and test (see the module doc).
pub fn generate(cfg: &GenConfig) -> GenOutput {
    let mut out = GenOutput::default();
    let mut counters: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut seen: HashMap<String, Split> = HashMap::new();
    for (i, (kind, split)) in plan(cfg).into_iter().enumerate() {
        let mut rng = Rng::new(cfg.seed, i as u64 + 1);
        for draw in 0..MAX_DRAWS {
            let mut task = assemble::build(kind, split, &mut rng);
            let key = dedupe_key(&task);
            match seen.get(&key) {
                Some(s) if *s != split => continue,
                Some(_) if draw + 1 < MAX_DRAWS => continue,
                _ => {}
            }
            seen.insert(key, split);
            let k = counters.entry(kind).or_insert(0);
            task.id = format!("gen-{}-{k}", kind.as_str());
            *k += 1;
            match split {
                Split::Train => out.train.push(task),
                Split::Test => out.test.push(task),
            }
            break;
        }
    }
    out
}

/// The (kind, split) of every task, in generation order: counts by largest remainder over the
/// weights, test shares per kind, positions shuffled.
fn plan(cfg: &GenConfig) -> Vec<(Kind, Split)> {
    let total: f64 = Kind::ALL.iter().map(|k| cfg.kinds.get(*k)).sum();
    if total <= 0.0 || cfg.n == 0 {
        return Vec::new();
    }
    let exact: Vec<f64> = Kind::ALL
        .iter()
        .map(|k| cfg.kinds.get(*k) / total * cfg.n as f64)
        .collect();
    let mut counts: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    let mut left = cfg.n - counts.iter().sum::<usize>();
    for &i in order.iter().cycle().take(order.len() * 2) {
        if left == 0 {
            break;
        }
        if exact[i] > 0.0 {
            counts[i] += 1;
            left -= 1;
        }
    }
    let fraction = if cfg.test_fraction.is_nan() {
        0.0
    } else {
        cfg.test_fraction.clamp(0.0, 1.0)
    };
    let mut slots = Vec::with_capacity(cfg.n);
    for (kind, count) in Kind::ALL.iter().zip(counts) {
        let mut test = (count as f64 * fraction).round() as usize;
        if count >= 2 && fraction > 0.0 && fraction < 1.0 {
            test = test.clamp(1, count - 1);
        }
        slots
            .extend((0..count).map(|j| (*kind, if j < test { Split::Test } else { Split::Train })));
    }
    Rng::new(cfg.seed, 0).shuffle(&mut slots);
    slots
}

/// What makes two tasks the same: every user text and every turn's ground truth.
fn dedupe_key(task: &Task) -> String {
    let users: Vec<&str> = task.messages.iter().map(|m| m.content.as_str()).collect();
    let truth = serde_json::to_string(&task.turns).unwrap_or_default();
    format!("{}\u{0}{truth}", users.join("\u{0}"))
}

#[cfg(test)]
mod cart_tests;
#[cfg(test)]
mod class_tests;
#[cfg(test)]
mod stats_tests;
#[cfg(test)]
mod tests;
