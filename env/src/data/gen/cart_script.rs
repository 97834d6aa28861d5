//! The scripts of the `cart_multi_turn` category (see `cart`): six families of 2-4 turns,
//! each turn's reference calls computed from the [`Shop`] as the earlier turns left it.
//!
//! * fill and fix: add two or three products, then remove some units of one, keep only a
//!   few, drop a line or add more, then perhaps ask for the total or check out;
//! * coupon: fill a cart (or find one already filled), apply a coupon the cart qualifies for,
//!   check out, perhaps ask about the order by its id;
//! * search: look products up by a category or a word, add the cheapest or the dearest of
//!   what came back, perhaps check out;
//! * low stock: a product nearly sold out (`tool_config`), ask how many are left, add them
//!   all, check out, perhaps look again (none left);
//! * two orders: order and check out twice, then ask about the first order or one by id;
//! * review: a cart already filled (sometimes with a coupon), view it, drop a line (a coupon
//!   the cart stops qualifying for goes too), check out.
//!
//! Turns without values of their own ("What's in my cart?") open with a short context
//! sentence when they are the first turn, and later turns get an acknowledgement and a
//! connective (`bfcl_script::later`), so that they rarely repeat.

use super::Split;
use super::bfcl_script::{call, say};
use super::cart::{CartScript, CartStep, Shop, price_text};
use super::cart_table::{PRODUCTS, Product};
use super::cart_text::*;
use super::phrasing::and_list;
use super::pools::{PEOPLE, WEEKDAYS};
use super::rng::Rng;
use crate::spec::ToolCall;
use serde_json::json;

/// Who shops, for what, and by when: drawn once per script, so any turn may mention them
/// (holes `person`, `event`, `day`, `source` in every template).
struct Voice {
    split: Split,
    vars: [(&'static str, &'static str); 4],
}

impl Voice {
    fn draw(rng: &mut Rng, split: Split) -> Self {
        let vars = [
            ("person", *rng.pick(&PEOPLE)),
            ("event", *rng.pick(&EVENTS)),
            ("day", *rng.pick(&WEEKDAYS)),
            ("source", *rng.pick(&SOURCES)),
        ];
        Self { split, vars }
    }

    /// A template of `t` with the script's holes and `extra` filled.
    fn say(&self, rng: &mut Rng, t: &[&str], extra: &[(&str, &str)]) -> String {
        let mut vars: Vec<(&str, &str)> = extra.to_vec();
        vars.extend(self.vars.iter().copied());
        say(rng, t, self.split, &vars)
    }

    /// [`Voice::say`] with owned values.
    fn say_owned(&self, rng: &mut Rng, t: &[&str], extra: &[(&str, String)]) -> String {
        let vars: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.say(rng, t, &vars)
    }

    /// A template of `t` after a context sentence (for a first turn without values).
    fn in_context(&self, rng: &mut Rng, t: &[&str]) -> String {
        let context = self.say(rng, &CONTEXT, &[]);
        format!("{context} {}", self.say(rng, t, &[]))
    }

    /// `text` after a context sentence half the time.
    fn maybe_context(&self, rng: &mut Rng, text: String) -> String {
        if rng.chance(0.5) {
            format!("{} {text}", self.say(rng, &CONTEXT, &[]))
        } else {
            text
        }
    }
}

/// A script from a family chosen at random; later turns get an aside a third of the time
/// (unless it would repeat the event or day the turn already names).
pub(crate) fn script(rng: &mut Rng, split: Split) -> CartScript {
    let v = Voice::draw(rng, split);
    let mut script = match rng.below(14) {
        0..=2 => fill_and_fix(rng, &v),
        3..=5 => coupon(rng, &v),
        6..=7 => search(rng, &v),
        8..=9 => low_stock(rng, &v),
        10..=11 => two_orders(rng, &v),
        _ => review(rng, &v),
    };
    for step in script.steps.iter_mut().skip(1) {
        if rng.chance(0.35) {
            let aside = v.say(rng, &ASIDES, &[]);
            let repeats = v
                .vars
                .iter()
                .any(|(_, x)| aside.contains(x) && step.text.contains(x));
            if !repeats {
                step.text = format!("{} {aside}", step.text);
            }
        }
    }
    script
}

/// Number words people use for small counts.
const WORDS: [&str; 10] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

/// `q` as a digit or (up to ten, a third of the time) a word.
fn count(rng: &mut Rng, q: i64) -> String {
    if (1..=10).contains(&q) && rng.chance(0.33) {
        WORDS[(q - 1) as usize].to_string()
    } else {
        q.to_string()
    }
}

/// `q` units of `p` as a shopper says it: `a carton of oat milk`, `3 cartons of oat milk`.
fn units(rng: &mut Rng, p: &Product, q: i64) -> String {
    if q == 1 {
        let article = if rng.chance(0.7) { "a" } else { "one" };
        format!("{article} {}", p.one)
    } else {
        format!("{} {}", count(rng, q), p.many)
    }
}

/// A list of units: `3 cartons of oat milk and a bottle of dish soap`.
fn items(rng: &mut Rng, lines: &[(&'static Product, i64)]) -> String {
    let parts: Vec<String> = lines.iter().map(|(p, q)| units(rng, p, *q)).collect();
    and_list(&parts)
}

/// The product's name as a shopper writes it (`oat milk`).
fn name(p: &Product) -> String {
    p.name.to_lowercase()
}

/// `k` distinct products (not in `avoid`) with at least 8 units available, and a quantity of
/// each (1-4 mostly, up to 8).
fn draw_lines(
    rng: &mut Rng,
    shop: &Shop,
    k: usize,
    avoid: &[&str],
) -> Vec<(&'static Product, i64)> {
    let pool: Vec<&'static Product> = PRODUCTS
        .iter()
        .filter(|p| shop.available(p) >= 8 && !avoid.contains(&p.id))
        .collect();
    rng.sample(&pool, k)
        .into_iter()
        .map(|p| {
            let top = if rng.chance(0.8) { 4 } else { 8 };
            (p, rng.range(1, top))
        })
        .collect()
}

/// Adds `lines` in order.
fn add_all(shop: &mut Shop, lines: &[(&'static Product, i64)]) -> Vec<ToolCall> {
    lines.iter().map(|(p, q)| shop.add(p, *q)).collect()
}

/// The turn that adds `lines` (templates `t`, hole `items`).
fn add_turn(
    rng: &mut Rng,
    v: &Voice,
    shop: &mut Shop,
    t: &[&str],
    lines: &[(&'static Product, i64)],
) -> CartStep {
    let list = items(rng, lines);
    let text = v.say(rng, t, &[("items", &list)]);
    CartStep::new(text, add_all(shop, lines))
}

/// `text` with, `p` of the time, a request to add `lines` too (the calls appended).
fn with_extra(
    rng: &mut Rng,
    v: &Voice,
    shop: &mut Shop,
    step: CartStep,
    avoid: &[&str],
    p: f64,
) -> CartStep {
    if !rng.chance(p) {
        return step;
    }
    let k = 1 + rng.below(2);
    let lines = draw_lines(rng, shop, k, avoid);
    let list = items(rng, &lines);
    let more = v.say(rng, &ALSO_ADD, &[("items", &list)]);
    let mut step = step;
    step.text = format!("{} {more}", step.text);
    step.calls
        .extend(add_all(shop, &lines).into_iter().map(|c| (c, None)));
    step
}

/// A closing turn: the total (answered) or a checkout (answered with the order id).
fn close(rng: &mut Rng, v: &Voice, shop: &mut Shop) -> CartStep {
    if rng.chance(0.4) {
        let total = price_text(shop.total());
        CartStep::new(v.say(rng, &TOTAL, &[]), vec![view()]).answer(total)
    } else {
        checkout_turn(rng, v, shop)
    }
}

/// A checkout turn, answered with the order id.
fn checkout_turn(rng: &mut Rng, v: &Voice, shop: &mut Shop) -> CartStep {
    let (id, c) = shop.checkout();
    CartStep::new(v.say(rng, &CHECKOUT, &[]), vec![c]).answer(id)
}

fn view() -> ToolCall {
    super::bfcl_script::call0("view_cart")
}

fn fill_and_fix(rng: &mut Rng, v: &Voice) -> CartScript {
    let mut shop = Shop::new();
    let start = shop.clone();
    let k = 2 + rng.below(2);
    let lines = draw_lines(rng, &shop, k, &[]);
    let mut steps = vec![add_turn(rng, v, &mut shop, &ADD, &lines)];
    let (p, q) = *rng.pick(&lines);
    let nm = name(p);
    let fix = match rng.below(4) {
        0 | 1 if q >= 2 => {
            let less = rng.range(1, q - 1);
            let (c, _) = shop.remove(p, Some(less));
            let text = if rng.chance(0.5) {
                let vars = [("less", units(rng, p, less)), ("name", nm.clone())];
                v.say_owned(rng, &REMOVE_SOME, &vars)
            } else {
                let vars = [
                    ("keep", units(rng, p, q - less)),
                    ("left", count(rng, q - less)),
                    ("had", count(rng, q)),
                    ("name", nm.clone()),
                ];
                v.say_owned(rng, &KEEP_ONLY, &vars)
            };
            CartStep::new(text, vec![c])
        }
        2 => {
            let more = rng.range(1, 3);
            let c = shop.add(p, more);
            let vars = [
                ("more", units(rng, p, more)),
                ("all", units(rng, p, q + more)),
                ("total", count(rng, q + more)),
                ("name", nm.clone()),
            ];
            CartStep::new(v.say_owned(rng, &ADD_MORE, &vars), vec![c])
        }
        _ => remove_line(rng, v, &mut shop, p),
    };
    steps.push(fix);
    if rng.chance(0.7) {
        steps.push(close(rng, v, &mut shop));
    }
    CartScript { start, steps }
}

/// The turn that removes `p`'s whole line.
fn remove_line(rng: &mut Rng, v: &Voice, shop: &mut Shop, p: &'static Product) -> CartStep {
    let (c, had) = shop.remove(p, None);
    CartStep {
        text: v.say(rng, &REMOVE_LINE, &[("name", &name(p))]),
        calls: vec![(c, had)],
        answer: None,
    }
}

/// A coupon the cart qualifies for, as the user writes it (sometimes in lower case),
/// answered with the new total.
fn coupon_turn(rng: &mut Rng, v: &Voice, shop: &mut Shop) -> Option<CartStep> {
    let codes = shop.qualifying();
    if codes.is_empty() {
        return None;
    }
    let code = *rng.pick(&codes);
    let written = if rng.chance(0.2) {
        code.to_lowercase()
    } else {
        code.to_string()
    };
    let c = shop.apply(code, &written);
    let total = price_text(shop.total());
    let text = v.say(rng, &COUPON, &[("code", &written)]);
    Some(CartStep::new(text, vec![c]).answer(total))
}

/// The turn that asks about order `k` (by its id), answered with its total.
fn order_turn(rng: &mut Rng, v: &Voice, shop: &Shop, k: usize, t: &[&str]) -> CartStep {
    let order = &shop.orders[k];
    let c = call("order_status", json!({"order_id": order.id}));
    let text = v.say(rng, t, &[("oid", &order.id)]);
    CartStep::new(text, vec![c]).answer(price_text(order.total))
}

fn coupon(rng: &mut Rng, v: &Voice) -> CartScript {
    let mut shop = Shop::new();
    let mut steps = Vec::new();
    let k = 2 + rng.below(3);
    let mut lines = draw_lines(rng, &shop, k, &[]);
    let start = if rng.chance(0.5) {
        shop.preload(&lines);
        let start = shop.clone();
        let text = v.in_context(rng, &VIEW_FIRST);
        let step = CartStep::new(text, vec![view()]).answer(price_text(shop.total()));
        let ids: Vec<&str> = lines.iter().map(|(p, _)| p.id).collect();
        steps.push(with_extra(rng, v, &mut shop, step, &ids, 0.5));
        start
    } else {
        let start = shop.clone();
        if rng.chance(0.3) {
            // Enough units for BULK15 on the first line, where the stock allows.
            lines[0].1 = rng.range(10, 12).min(shop.available(lines[0].0));
        }
        steps.push(add_turn(rng, v, &mut shop, &ADD, &lines));
        start
    };
    if let Some(turn) = coupon_turn(rng, v, &mut shop) {
        steps.push(turn);
    }
    steps.push(checkout_turn(rng, v, &mut shop));
    if rng.chance(0.5) {
        steps.push(order_turn(rng, v, &shop, 0, &ORDER_STATUS));
    }
    CartScript { start, steps }
}

/// What `search_products(query)` lists (a case-insensitive substring of name, id or
/// category), in id order.
pub(crate) fn matches(query: &str) -> Vec<&'static Product> {
    let q = query.trim().to_lowercase();
    PRODUCTS
        .iter()
        .filter(|p| {
            p.name.to_lowercase().contains(&q) || p.id.contains(&q) || p.category.contains(&q)
        })
        .collect()
}

/// Queries that list at least two products with a unique cheapest and a unique dearest one:
/// categories and words of product names.
fn queries() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in &PRODUCTS {
        let words = p.name.split(' ').map(str::to_lowercase);
        for q in std::iter::once(p.category.to_string()).chain(words) {
            let hits = matches(&q);
            let unique = |f: fn(&&Product) -> i64| {
                let best = hits.iter().map(f).min();
                hits.iter().filter(|p| Some(f(p)) == best).count() == 1
            };
            if q.len() >= 3
                && hits.len() >= 2
                && unique(|p| p.price)
                && unique(|p| -p.price)
                && !out.contains(&q)
            {
                out.push(q);
            }
        }
    }
    out
}

fn search(rng: &mut Rng, v: &Voice) -> CartScript {
    let mut shop = Shop::new();
    let start = shop.clone();
    let qs = queries();
    let query = rng.pick(&qs).clone();
    let hits = matches(&query);
    let c = call("search_products", json!({"query": query}));
    let first = v.say(rng, &SEARCH, &[("query", &query)]);
    let first = v.maybe_context(rng, first);
    let names: Vec<&str> = hits.iter().map(|p| p.name).collect();
    let mut steps = vec![CartStep::new(first, vec![c]).answer(names.join("; "))];
    let cheapest = rng.chance(0.6);
    let pick = if cheapest {
        hits.iter().min_by_key(|p| p.price)
    } else {
        hits.iter().max_by_key(|p| p.price)
    };
    let Some(p) = pick.copied() else {
        return fill_and_fix(rng, v);
    };
    let q = rng.range(1, 6);
    let c = shop.add(p, q);
    let t: &[&str] = if cheapest { &CHEAPEST } else { &DEAREST };
    let n = count(rng, q);
    let step = CartStep::new(v.say(rng, t, &[("n", &n)]), vec![c]);
    steps.push(with_extra(rng, v, &mut shop, step, &[p.id], 0.4));
    if rng.chance(0.6) {
        steps.push(close(rng, v, &mut shop));
    }
    CartScript { start, steps }
}

fn low_stock(rng: &mut Rng, v: &Voice) -> CartScript {
    let mut shop = Shop::new();
    let p = rng.pick(&PRODUCTS);
    let left = rng.range(1, 8);
    shop.restock(p, left);
    if rng.chance(0.3) {
        let k = 1 + rng.below(2);
        let lines = draw_lines(rng, &shop, k, &[p.id]);
        shop.preload(&lines);
    }
    let start = shop.clone();
    let nm = name(p);
    let query = if rng.chance(0.7) {
        nm.clone()
    } else {
        p.id.to_string()
    };
    let c = call("search_products", json!({"query": query}));
    let lf = left.to_string();
    let vars = [
        ("name", nm.as_str()),
        ("many", p.many),
        ("left", lf.as_str()),
    ];
    let first = v.say(rng, &STOCK_Q, &vars);
    let first = v.maybe_context(rng, first);
    let mut steps = vec![CartStep::new(first, vec![c.clone()]).answer(lf.clone())];
    let add = shop.add(p, left);
    let step = CartStep::new(v.say(rng, &ALL_OF_THEM, &vars), vec![add]);
    steps.push(with_extra(rng, v, &mut shop, step, &[p.id], 0.4));
    steps.push(close(rng, v, &mut shop));
    if !shop.orders.is_empty() && rng.chance(0.5) {
        steps.push(CartStep::new(v.say(rng, &LEFT_NOW, &vars), vec![c]).answer("0"));
    }
    CartScript { start, steps }
}

fn two_orders(rng: &mut Rng, v: &Voice) -> CartScript {
    let mut shop = Shop::new();
    let start = shop.clone();
    let mut steps = Vec::new();
    for t in [&ADD_CHECKOUT[..], &SECOND_ORDER[..]] {
        let k = 1 + rng.below(3);
        let lines = draw_lines(rng, &shop, k, &[]);
        let list = items(rng, &lines);
        let text = v.say(rng, t, &[("items", &list)]);
        let mut calls = add_all(&mut shop, &lines);
        let (id, c) = shop.checkout();
        calls.push(c);
        steps.push(CartStep::new(text, calls).answer(id));
    }
    let which = rng.below(2);
    let t: &[&str] = if which == 0 && rng.chance(0.6) {
        &FIRST_ORDER
    } else {
        &ORDER_STATUS
    };
    steps.push(order_turn(rng, v, &shop, which, t));
    CartScript { start, steps }
}

fn review(rng: &mut Rng, v: &Voice) -> CartScript {
    let mut shop = Shop::new();
    let k = 2 + rng.below(3);
    let lines = draw_lines(rng, &shop, k, &[]);
    shop.preload(&lines);
    let codes = shop.qualifying();
    if rng.chance(0.5) && !codes.is_empty() {
        let code = codes[rng.below(codes.len())];
        shop.precoupon(code);
    }
    let start = shop.clone();
    let text = v.in_context(rng, &VIEW_FIRST);
    let mut steps = vec![CartStep::new(text, vec![view()]).answer(price_text(shop.total()))];
    let (p, _) = *rng.pick(&lines);
    let ids: Vec<&str> = lines.iter().map(|(p, _)| p.id).collect();
    let step = remove_line(rng, v, &mut shop, p);
    steps.push(with_extra(rng, v, &mut shop, step, &ids, 0.3));
    steps.push(close(rng, v, &mut shop));
    CartScript { start, steps }
}
