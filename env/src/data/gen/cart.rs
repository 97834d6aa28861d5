//! The `cart_multi_turn` category: state-checked scripts of 2-4 user turns on one session of
//! the `cart` tool (a JavaScript component, `tools-wasm/cart/tool.js`): fill a cart, change
//! it, apply a coupon, check out, ask about an order. Judged like `class_multi_turn` (see
//! [`crate::episode::state_check`]): each turn's `reference_calls` run on a reference session
//! and the model's session must end the turn in the same state, with every reference result
//! among the model's results.
//!
//! # Why a category of its own
//! The scripts are not `class_multi_turn` scripts: that category is off by default because it
//! needs the BFCL class components, while `cart` is a shipped tool and its scripts belong in
//! the default mix. Nor are they `multi_turn`: those file-system scripts are judged by their
//! ground truth alone (no `reference_calls`, no `tool_config`), and their readers (tests,
//! per-category reports) count on that. A kind of its own keeps both promises, has its own
//! weight ([`super::KindWeights::cart_multi_turn`]) and its own line in reports.
//!
//! # The world
//! [`Shop`] models the tool's state (stock, cart, coupon, orders) and its rules: quantities
//! never exceed the stock, coupons `SAVE10` (10% of the subtotal, rounded half up to the
//! cent), `FIVEOFF` ($5 off a subtotal of at least $25) and `BULK15` (15% off at 10 units or
//! more), a coupon dropped when the cart stops qualifying, order ids `ORD-0001`, ... counted
//! per session. A script may draw a start state (`tool_config`, about two scripts in five: a
//! cart that already holds items, perhaps with a coupon, or a product nearly out of stock),
//! then writes turns whose reference calls the world computes from the state the earlier
//! turns left ("remove one of the oat milks", "add the cheapest one", "add all that are
//! left", "what was in my first order?"). Every reference call succeeds on the drawn world:
//! `cart_tests.rs` replays them on the model, `tests/gen_multi_turn.rs` runs them through
//! the component, checks the answers against its results and plays an oracle.
//!
//! Each turn's `ground_truth` is one call set accepting exactly the reference calls, with
//! every optional parameter listed as the other categories list them (`add_to_cart`'s
//! `quantity` 1 may be left out; removing a whole line accepts the line's quantity or none).
//! The task offers every `cart` function and, half the time, 1-3 functions of other tools.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::assemble::distractors;
use super::bfcl_script::{call, call0, later};
use super::cart_table::{PRODUCTS, Product, money, product};
use super::catalog::{self, Tool, expect, s};
use super::rng::Rng;
use super::{Kind, Split, cart_script, phrasing};
use crate::checker::ExpectedCall;
use crate::spec::ToolCall;
use crate::task::{Message, Task, ToolRef, Turn};

/// The coupon codes the tool knows.
pub(crate) const COUPONS: [&str; 3] = ["SAVE10", "FIVEOFF", "BULK15"];

/// One placed order.
#[derive(Debug, Clone)]
pub(crate) struct Order {
    /// `ORD-0001`.
    pub id: String,
    /// The total paid, in cents.
    pub total: i64,
}

/// A `cart` session's state, as the tool keeps it.
#[derive(Debug, Clone)]
pub(crate) struct Shop {
    /// Units in stock per product.
    pub stock: BTreeMap<&'static str, i64>,
    /// Units in the cart per product.
    pub cart: BTreeMap<&'static str, i64>,
    /// The applied coupon.
    pub coupon: Option<&'static str>,
    /// Placed orders, in order.
    pub orders: Vec<Order>,
    /// The start state differs from a fresh session's (so the task needs a `tool_config`).
    configured: bool,
}

impl Shop {
    /// A fresh session: the catalog's stock, an empty cart.
    pub(crate) fn new() -> Self {
        Self {
            stock: PRODUCTS.iter().map(|p| (p.id, p.stock)).collect(),
            cart: BTreeMap::new(),
            coupon: None,
            orders: Vec::new(),
            configured: false,
        }
    }

    /// Starts with `cart` in the cart (quantities within stock).
    pub(crate) fn preload(&mut self, items: &[(&'static Product, i64)]) {
        for (p, q) in items {
            *self.cart.entry(p.id).or_default() += q;
        }
        self.configured = true;
    }

    /// Starts with `code` applied (it must qualify).
    pub(crate) fn precoupon(&mut self, code: &'static str) {
        self.coupon = Some(code);
        self.configured = true;
    }

    /// Starts with `n` units of `p` in stock.
    pub(crate) fn restock(&mut self, p: &Product, n: i64) {
        self.stock.insert(p.id, n);
        self.configured = true;
    }

    /// The `load` config of the start state, if it is not a fresh session's.
    fn config(&self) -> Option<Value> {
        if !self.configured {
            return None;
        }
        let mut c = serde_json::Map::new();
        if !self.cart.is_empty() {
            c.insert("cart".into(), json!(self.cart));
        }
        if let Some(code) = self.coupon {
            c.insert("coupon".into(), s(code));
        }
        let changed: BTreeMap<&str, i64> = PRODUCTS
            .iter()
            .filter(|p| self.stock.get(p.id) != Some(&p.stock))
            .map(|p| (p.id, self.stock.get(p.id).copied().unwrap_or(0)))
            .collect();
        if !changed.is_empty() {
            c.insert("stock".into(), json!(changed));
        }
        Some(Value::Object(c))
    }

    /// Units of `p` that can still go into the cart.
    pub(crate) fn available(&self, p: &Product) -> i64 {
        self.stock.get(p.id).copied().unwrap_or(0) - self.cart.get(p.id).copied().unwrap_or(0)
    }

    /// The cart's value before discounts, in cents.
    pub(crate) fn subtotal(&self) -> i64 {
        self.cart
            .iter()
            .map(|(id, q)| product(id).map_or(0, |p| p.price * q))
            .sum()
    }

    /// Units in the cart.
    pub(crate) fn units(&self) -> i64 {
        self.cart.values().sum()
    }

    /// The discount `code` would give the cart now, or `None` when it does not qualify.
    pub(crate) fn discount_of(&self, code: &str) -> Option<i64> {
        let sub = self.subtotal();
        match code {
            "SAVE10" if sub > 0 => Some((sub + 5) / 10),
            "FIVEOFF" if sub >= 2500 => Some(500),
            "BULK15" if self.units() >= 10 => Some((sub * 15 + 50) / 100),
            _ => None,
        }
    }

    /// What the cart costs now, in cents.
    pub(crate) fn total(&self) -> i64 {
        let discount = self.coupon.and_then(|c| self.discount_of(c)).unwrap_or(0);
        self.subtotal() - discount
    }

    /// The coupons the cart qualifies for now.
    pub(crate) fn qualifying(&self) -> Vec<&'static str> {
        COUPONS
            .into_iter()
            .filter(|c| self.discount_of(c).is_some())
            .collect()
    }

    /// Drops a coupon the cart no longer qualifies for.
    fn recheck(&mut self) {
        if self.coupon.is_some_and(|c| self.discount_of(c).is_none()) {
            self.coupon = None;
        }
    }

    /// `add_to_cart(p, q)` (`q` within [`Shop::available`]).
    pub(crate) fn add(&mut self, p: &'static Product, q: i64) -> ToolCall {
        *self.cart.entry(p.id).or_default() += q;
        self.recheck();
        call("add_to_cart", json!({"product_id": p.id, "quantity": q}))
    }

    /// `remove_from_cart(p, q)`; `None` removes the whole line (its units are returned with
    /// the call, for the ground truth).
    pub(crate) fn remove(
        &mut self,
        p: &'static Product,
        q: Option<i64>,
    ) -> (ToolCall, Option<i64>) {
        let had = self.cart.get(p.id).copied().unwrap_or(0);
        let left = q.map_or(0, |q| had - q);
        if left > 0 {
            self.cart.insert(p.id, left);
        } else {
            self.cart.remove(p.id);
        }
        self.recheck();
        match q {
            Some(q) => (
                call(
                    "remove_from_cart",
                    json!({"product_id": p.id, "quantity": q}),
                ),
                None,
            ),
            None => (
                call("remove_from_cart", json!({"product_id": p.id})),
                Some(had),
            ),
        }
    }

    /// `apply_coupon(written)` for a qualifying `code` (`written` may differ in case).
    pub(crate) fn apply(&mut self, code: &'static str, written: &str) -> ToolCall {
        self.coupon = Some(code);
        call("apply_coupon", json!({"code": written}))
    }

    /// `checkout()`: the order's id and the call.
    pub(crate) fn checkout(&mut self) -> (String, ToolCall) {
        let id = format!("ORD-{:04}", self.orders.len() + 1);
        let total = self.total();
        for (pid, q) in &self.cart {
            if let Some(s) = self.stock.get_mut(pid) {
                *s -= q;
            }
        }
        self.orders.push(Order {
            id: id.clone(),
            total,
        });
        self.cart.clear();
        self.coupon = None;
        (id, call0("checkout"))
    }
}

/// Money in cents as an answer (`12.5`).
pub(crate) fn price_text(cents: i64) -> String {
    money(cents).to_string()
}

/// A reference call as a ground-truth call accepting exactly its arguments, with every
/// optional parameter listed: `quantity` 1 of `add_to_cart` may be left out, and a
/// `remove_from_cart` of a whole line (`had` units) accepts `had` or no quantity.
fn listed(c: &ToolCall, had: Option<i64>) -> ExpectedCall {
    let mut given: Vec<(&str, Vec<Value>)> = Vec::new();
    if let Some(args) = c.arguments.as_object() {
        for (k, v) in args {
            let mut alts = vec![v.clone()];
            if c.name == "add_to_cart" && k == "quantity" && v == &json!(1) {
                alts.push(s(""));
            }
            given.push((k.as_str(), alts));
        }
    }
    if c.name == "remove_from_cart"
        && !given.iter().any(|(k, _)| *k == "quantity")
        && let Some(had) = had
    {
        given.push(("quantity", vec![s(""), Value::from(had)]));
    }
    expect(&c.name, given)
}

/// One `cart_multi_turn` task for `split` (its id is set by the caller).
pub(super) fn build(split: Split, rng: &mut Rng) -> Task {
    let script = cart_script::script(rng, split);
    let mut offered = catalog::tool_functions(Tool::Cart);
    if rng.chance(0.5) {
        let k = 1 + rng.below(3);
        offered.extend(distractors(rng, &[Tool::Cart], k));
    }
    rng.shuffle(&mut offered);
    let turns = script
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| Turn {
            user: (i > 0).then(|| later(rng, &step.text)),
            ground_truth: vec![step.calls.iter().map(|(c, had)| listed(c, *had)).collect()],
            expected_answer: step.answer.clone(),
            any_call: false,
            reference_calls: Some(step.calls.iter().map(|(c, _)| c.clone()).collect()),
            new_tools: Vec::new(),
        })
        .collect();
    let first = script.steps.first().map_or("", |s| s.text.as_str());
    Task {
        id: String::new(),
        demonstrations: Vec::new(),
        source: Some("gen".into()),
        category: Some(Kind::CartMultiTurn.as_str().into()),
        messages: vec![Message::user(phrasing::polish(rng, first))],
        tools: offered
            .into_iter()
            .map(|n| ToolRef::Named(n.into()))
            .collect(),
        tool_config: script
            .start
            .config()
            .map(|c| ("cart".to_string(), c))
            .into_iter()
            .collect(),
        turns,
        single_step: false,
    }
}

/// A turn of a cart script.
#[derive(Debug, Clone, Default)]
pub(crate) struct CartStep {
    /// The user's words.
    pub text: String,
    /// The reference calls, in order, each with the units its line held before it when it
    /// removes a whole line (see [`Shop::remove`]).
    pub calls: Vec<(ToolCall, Option<i64>)>,
    /// The answer the calls' results give, when short and computed.
    pub answer: Option<String>,
}

impl CartStep {
    /// A turn saying `text` with the calls of `calls` (none removing a whole line).
    pub(crate) fn new(text: String, calls: Vec<ToolCall>) -> Self {
        Self {
            text,
            calls: calls.into_iter().map(|c| (c, None)).collect(),
            answer: None,
        }
    }

    /// The same turn with `answer`.
    pub(crate) fn answer(mut self, answer: impl Into<String>) -> Self {
        self.answer = Some(answer.into());
        self
    }
}

/// A drawn script: the start state and the turns.
#[derive(Debug, Clone)]
pub(crate) struct CartScript {
    /// The session's state before the first turn.
    pub start: Shop,
    /// The user turns (2-4).
    pub steps: Vec<CartStep>,
}
