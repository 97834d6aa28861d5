//! `TradingBot` scripts (`trading_bot`): a drawn brokerage account (the class's eleven stocks
//! at drawn prices, a balance, past orders, a watchlist), and turns on the orders and funds
//! they create (buy shares at the current price, check "that order", sell half of what was
//! bought or cancel it; deposit, withdraw, show the account; watch a stock, unwatch another,
//! show the list; look up an order, cancel it, place it again at a new price; list the
//! technology stocks, filter them by price, watch every one left).
//!
//! A new order takes its id from `order_counter`, as the class does. A purchase never costs
//! more than the balance, a withdrawal needs the market open (drawn open 80% of the time; the
//! script asks for the account instead when it is closed). When the account is logged out,
//! the first turn that needs a login gives credentials and starts with `trading_login`.

use serde_json::{Map, Value, json};

use super::Split;
use super::bfcl_script::{
    Class, Login, Script, Step, call, call0, introduced, login_once, say, with_login,
};
use super::bfcl_ticket::{password, username};
use super::phrasing::thousands;
use super::rng::Rng;
use crate::spec::ToolCall;

/// The class's stocks: symbol, company name (`get_symbol_by_name`'s map) and default price.
const STOCKS: [(&str, &str, f64); 11] = [
    ("AAPL", "Apple", 227.16),
    ("GOOG", "Google", 2840.34),
    ("TSLA", "Tesla", 667.92),
    ("MSFT", "Microsoft", 310.23),
    ("NVDA", "Nvidia", 220.34),
    ("ALPH", "Alpha Tech", 1320.45),
    ("OMEG", "Omega Industries", 457.23),
    ("QUAS", "Quasar Ltd.", 725.89),
    ("NEPT", "Neptune Systems", 88.34),
    ("SYNX", "Synex Solutions", 345.67),
    ("ZETA", "Zeta Corp", 22.09),
];
/// `get_available_stocks("Technology")`.
const TECHNOLOGY: [&str; 4] = ["AAPL", "GOOG", "MSFT", "NVDA"];

/// `x` rounded to cents.
fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A price as people write it: `227.16`, `88.30`.
fn money(x: f64) -> String {
    format!("{x:.2}")
}

#[derive(Debug, Clone)]
struct Order {
    id: i64,
    order_type: &'static str,
    symbol: String,
    price: f64,
    amount: i64,
    status: &'static str,
}

/// A `TradingBot` world.
#[derive(Debug, Clone)]
pub(crate) struct Trading {
    prices: Vec<f64>,
    stats: Vec<(f64, f64, f64, f64)>,
    balance: f64,
    account_id: i64,
    card: i64,
    authenticated: bool,
    market_open: bool,
    orders: Vec<Order>,
    counter: i64,
    watch: Vec<String>,
    seed: i64,
    user: String,
    password: String,
}

impl Trading {
    /// Prices within 15% of the class's defaults, a balance of 10,000-80,000, 1-3 past
    /// orders (the first still open), a watchlist of 1-3 stocks.
    pub(crate) fn draw(rng: &mut Rng) -> Self {
        let prices: Vec<f64> = STOCKS
            .iter()
            .map(|(_, _, p)| cents(p * (0.85 + rng.range(0, 300) as f64 / 1000.0)))
            .collect();
        let stats = prices
            .iter()
            .map(|p| {
                let pct = rng.range(-60, 60) as f64 / 100.0;
                let volume = rng.range(300, 4000) as f64 / 1000.0;
                let ma5 = cents(p * (0.99 + rng.range(0, 20) as f64 / 1000.0));
                let ma20 = cents(p * (0.98 + rng.range(0, 40) as f64 / 1000.0));
                (pct, volume, ma5, ma20)
            })
            .collect();
        let mut id = rng.range(10_000, 60_000);
        let mut orders = Vec::new();
        for i in 0..1 + rng.below(3) {
            let s = rng.below(STOCKS.len());
            let status = match i {
                0 => *rng.pick(&["Open", "Pending"]),
                _ => *rng.pick(&["Completed", "Pending", "Open"]),
            };
            orders.push(Order {
                id,
                order_type: if rng.chance(0.5) { "Buy" } else { "Sell" },
                symbol: STOCKS[s].0.to_string(),
                price: cents(prices[s] * 0.97),
                amount: rng.range(1, 30),
                status,
            });
            id += rng.range(1, 150);
        }
        let symbols: Vec<String> = STOCKS.iter().map(|s| s.0.to_string()).collect();
        let k = 1 + rng.below(3);
        let watch = rng.sample(&symbols, k);
        Self {
            prices,
            stats,
            balance: rng.range(1_000_000, 8_000_000) as f64 / 100.0,
            account_id: rng.range(10_000, 99_999),
            card: rng.range(1_000_000_000_000_000, 9_999_999_999_999_999),
            authenticated: rng.chance(0.5),
            market_open: rng.chance(0.8),
            orders,
            counter: id + rng.range(0, 50),
            watch,
            seed: rng.range(1000, 9_999_999),
            user: username(rng),
            password: password(rng),
        }
    }

    /// The scenario `_load_scenario` takes.
    pub(crate) fn scenario(&self) -> Value {
        let mut stocks = Map::new();
        for (i, (sym, _, _)) in STOCKS.iter().enumerate() {
            let (pct, volume, ma5, ma20) = self.stats[i];
            stocks.insert(
                sym.to_string(),
                json!({"price": self.prices[i], "percent_change": pct, "volume": volume,
                       "MA(5)": ma5, "MA(20)": ma20}),
            );
        }
        let mut orders = Map::new();
        for o in &self.orders {
            orders.insert(
                o.id.to_string(),
                json!({"id": o.id, "order_type": o.order_type, "symbol": o.symbol,
                       "price": o.price, "amount": o.amount, "status": o.status}),
            );
        }
        json!({
            "orders": orders,
            "account_info": {"account_id": self.account_id, "balance": self.balance,
                             "binding_card": self.card},
            "authenticated": self.authenticated,
            "market_status": if self.market_open { "Open" } else { "Closed" },
            "order_counter": self.counter, "stocks": stocks, "watch_list": self.watch,
            "transaction_history": [], "random_seed": self.seed,
        })
    }

    /// The credentials sentence and `trading_login` call when logged out.
    pub(crate) fn login(&mut self, rng: &mut Rng, split: Split) -> (Option<String>, Vec<ToolCall>) {
        login_once(
            rng,
            split,
            &LOGIN,
            "trading_login",
            Login {
                logged_in: &mut self.authenticated,
                user: &self.user,
                password: &self.password,
            },
        )
    }

    /// `place_order` (the new order's id is the counter).
    pub(crate) fn order(
        &mut self,
        kind: &'static str,
        symbol: &str,
        price: f64,
        amount: i64,
    ) -> (i64, ToolCall) {
        let id = self.counter;
        self.counter += 1;
        self.orders.push(Order {
            id,
            order_type: kind,
            symbol: symbol.to_string(),
            price,
            amount,
            status: "Open",
        });
        let c = call(
            "place_order",
            json!({"order_type": kind, "symbol": symbol, "price": price, "amount": amount}),
        );
        (id, c)
    }

    /// A purchase the balance covers: a stock index and an even number of shares (2-20).
    fn affordable(&self, rng: &mut Rng) -> (usize, i64) {
        let options: Vec<usize> = (0..STOCKS.len())
            .filter(|i| self.prices[*i] * 2.0 <= self.balance)
            .collect();
        let i = if options.is_empty() {
            10
        } else {
            *rng.pick(&options)
        };
        let most = ((self.balance / self.prices[i]) as i64).clamp(2, 20);
        (i, 2 * rng.range(1, (most / 2).max(1)))
    }
}

/// A script on one drawn account.
pub(crate) fn script(rng: &mut Rng, split: Split) -> Script {
    let mut world = Trading::draw(rng);
    let scenario = world.scenario();
    let steps = match rng.below(5) {
        0 | 1 => buy(rng, split, &mut world),
        2 => funds(rng, split, &mut world),
        3 => watchlist(rng, split, &mut world),
        _ if rng.chance(0.5) => existing_order(rng, split, &mut world),
        _ => sector(rng, split, &mut world),
    };
    Script {
        worlds: vec![(Class::Trading, scenario)],
        steps,
    }
}

/// A purchase turn and what it bought.
pub(crate) struct Bought {
    /// The turn.
    pub step: Step,
    /// The new order's id.
    pub id: i64,
    /// The stock's symbol.
    pub symbol: &'static str,
    /// The stock's index in [`STOCKS`].
    index: usize,
    /// The number of shares (even).
    pub shares: i64,
}

/// A purchase of an affordable stock at its current price (named by company or symbol).
pub(crate) fn buy_turn(rng: &mut Rng, split: Split, w: &mut Trading) -> Bought {
    let (i, n) = w.affordable(rng);
    let (sym, company, _) = STOCKS[i];
    let (login, mut calls) = w.login(rng, split);
    let named = i != 7 && rng.chance(0.5);
    if named {
        calls.push(call("get_symbol_by_name", json!({"name": company})));
    }
    calls.push(call("get_stock_info", json!({"symbol": sym})));
    let (id, order) = w.order("Buy", sym, w.prices[i], n);
    calls.push(order);
    let ns = n.to_string();
    let stock = if named { company } else { sym };
    let text = say(rng, &BUY, split, &[("n", &ns), ("stock", stock)]);
    Bought {
        step: Step::new(with_login(rng, login, text), calls),
        id,
        symbol: sym,
        index: i,
        shares: n,
    }
}

fn buy(rng: &mut Rng, split: Split, w: &mut Trading) -> Vec<Step> {
    let b = buy_turn(rng, split, w);
    let (id, sym, n) = (b.id, b.symbol, b.shares);
    let p2 = cents(w.prices[b.index] * (1.01 + rng.range(0, 80) as f64 / 1000.0));
    let (oid, p2s) = (id.to_string(), money(p2));
    let v = [("oid", oid.as_str()), ("p2", &p2s)];
    let details = call("get_order_details", json!({"order_id": id}));
    let mut steps = vec![
        b.step,
        Step::new(say(rng, &ORDER_STATUS, split, &v), vec![details]),
    ];
    if rng.chance(0.5) {
        let (_, sell) = w.order("Sell", sym, p2, n / 2);
        steps.push(Step::new(say(rng, &SELL_HALF, split, &v), vec![sell]));
    } else {
        let cancel = call("cancel_order", json!({"order_id": id}));
        steps.push(Step::new(say(rng, &CANCEL_NEW, split, &v), vec![cancel]));
    }
    steps
}

fn funds(rng: &mut Rng, split: Split, w: &mut Trading) -> Vec<Step> {
    let amount = rng.range(5, 200) as f64 * 50.0;
    let (login, mut calls) = w.login(rng, split);
    calls.push(call("fund_account", json!({"amount": amount})));
    w.balance += amount;
    let back = (rng.range(1, 20) as f64 * 100.0).min(w.balance.floor());
    let (a, b) = (thousands(amount as i64), thousands(back as i64));
    let v = [("amount", a.as_str()), ("amount2", &b)];
    let text = say(rng, &FUND, split, &v);
    let mut steps = vec![Step::new(with_login(rng, login, text), calls)];
    if w.market_open {
        let c = call("withdraw_funds", json!({"amount": back}));
        steps.push(Step::new(say(rng, &WITHDRAW, split, &v), vec![c]));
    }
    let info = Step::new(
        say(rng, &ACCOUNT_INFO, split, &v),
        vec![call0("get_account_info")],
    );
    steps.push(info);
    if steps.len() == 2 || rng.chance(0.3) {
        steps.push(Step::new(
            say(rng, &LOGOUT, split, &v),
            vec![call0("trading_logout")],
        ));
    }
    steps
}

fn watchlist(rng: &mut Rng, split: Split, w: &mut Trading) -> Vec<Step> {
    let fresh: Vec<usize> = (0..STOCKS.len())
        .filter(|i| !w.watch.iter().any(|s| s == STOCKS[*i].0))
        .collect();
    let i = *rng.pick(&fresh);
    let (sym, company, _) = STOCKS[i];
    let named = i != 7 && rng.chance(0.4);
    let mut first = Vec::new();
    if named {
        first.push(call("get_symbol_by_name", json!({"name": company})));
    }
    first.push(call("add_to_watchlist", json!({"stock": sym})));
    let old = rng.pick(&w.watch).clone();
    w.watch.push(sym.to_string());
    w.watch.retain(|s| *s != old);
    let stock = if named { company } else { sym };
    let v = [("stock", stock), ("old", old.as_str())];
    let (login, mut calls) = w.login(rng, split);
    calls.push(call("remove_stock_from_watchlist", json!({"symbol": old})));
    let text = say(rng, &WATCH_REMOVE, split, &v);
    let add = say(rng, &WATCH_ADD, split, &v);
    let mut steps = vec![
        Step::new(introduced(rng, split, &w.user, add), first),
        Step::new(with_login(rng, login, text), calls),
    ];
    if rng.chance(0.7) {
        let show = call0("get_watchlist");
        steps.push(
            Step::new(say(rng, &WATCH_SHOW, split, &v), vec![show]).answer(w.watch.join(", ")),
        );
    }
    steps
}

fn existing_order(rng: &mut Rng, split: Split, w: &mut Trading) -> Vec<Step> {
    let old = w.orders[0].clone();
    let price = cents(old.price * (0.95 + rng.range(0, 100) as f64 / 1000.0));
    let affordable = old.order_type == "Sell" || price * old.amount as f64 <= w.balance;
    let (oid, ps) = (old.id.to_string(), money(price));
    let v = [("oid", oid.as_str()), ("p", &ps)];
    let get = call("get_order_details", json!({"order_id": old.id}));
    let cancel = call("cancel_order", json!({"order_id": old.id}));
    let mut steps = vec![
        Step::new(say(rng, &ORDER_LOOKUP, split, &v), vec![get]).answer(old.status),
        Step::new(say(rng, &CANCEL_OLD, split, &v), vec![cancel]),
    ];
    if affordable {
        let (login, mut calls) = w.login(rng, split);
        calls.push(w.order(old.order_type, &old.symbol, price, old.amount).1);
        let text = say(rng, &REPLACE, split, &v);
        steps.push(Step::new(with_login(rng, login, text), calls));
    }
    steps
}

fn sector(rng: &mut Rng, split: Split, w: &mut Trading) -> Vec<Step> {
    let mut tech: Vec<(f64, &str)> = TECHNOLOGY
        .iter()
        .map(|s| {
            let i = STOCKS.iter().position(|x| x.0 == *s).unwrap_or(0);
            (w.prices[i], *s)
        })
        .collect();
    tech.sort_by(|a, b| a.0.total_cmp(&b.0));
    let from = rng.below(tech.len());
    let to = from + rng.below(tech.len() - from);
    let lo = (tech[from].0 * 0.9).floor();
    let hi = (tech[to].0 * 1.05).ceil();
    let kept: Vec<&str> = TECHNOLOGY
        .iter()
        .copied()
        .filter(|s| tech.iter().any(|(p, x)| x == s && *p >= lo && *p <= hi))
        .collect();
    let (los, his) = (thousands(lo as i64), thousands(hi as i64));
    let v = [("lo", los.as_str()), ("hi", &his)];
    let list = call("get_available_stocks", json!({"sector": "Technology"}));
    let filter = call(
        "filter_stocks_by_price",
        json!({"stocks": TECHNOLOGY, "min_price": lo, "max_price": hi}),
    );
    let mut adds = Vec::new();
    for s in &kept {
        if !w.watch.iter().any(|x| x == s) {
            w.watch.push(s.to_string());
        }
        adds.push(call("add_to_watchlist", json!({"stock": s})));
    }
    let ask = say(rng, &SECTOR, split, &v);
    vec![
        Step::new(introduced(rng, split, &w.user, ask), vec![list]),
        Step::new(say(rng, &FILTER, split, &v), vec![filter]).answer(kept.join(", ")),
        Step::new(say(rng, &WATCH_ALL, split, &v), adds),
    ]
}

const LOGIN: [&str; 8] = [
    "I'm logged out of my trading account; my username is {user} and my password is {password}.",
    "You'll need to log in to trading first: username {user}, password {password}.",
    "Log me in to the trading platform as {user} (password {password}) first.",
    "My brokerage credentials are {user} / {password}.",
    "Sign in to trading with username {user} and password {password} before that.",
    "Use my trading login: {user}, password {password}.",
    "First log in to my trading account ({user}, password {password}).",
    "If you need to log in to trading, I'm {user} and the password is {password}.",
];
const BUY: [&str; 12] = [
    "Buy {n} shares of {stock} at the current market price.",
    "Place a buy order for {n} {stock} shares at today's price.",
    "I'd like to purchase {n} shares of {stock} at whatever it's trading at now.",
    "Get me {n} shares of {stock}, priced at the current quote.",
    "Put in an order to buy {n} shares of {stock} at its current price.",
    "Can you buy {n} {stock} shares for me at the going rate?",
    "Let's invest in {stock}: buy {n} shares at the present price.",
    "Order {n} shares of {stock} at the latest price.",
    "Please buy {n} shares in {stock}, using the current stock price.",
    "Look up the current price of {stock} and buy {n} shares at it.",
    "I want {n} shares of {stock}; buy them at the current price.",
    "Execute a purchase of {n} {stock} shares at the prevailing price.",
];
const ORDER_STATUS: [&str; 8] = [
    "What's the status of that order?",
    "Show me the details of the order you just placed.",
    "Check on that order for me.",
    "Pull up the order you just made.",
    "Give me the details of order {oid}.",
    "How's that order doing? Show me its details.",
    "Let me see the new order's details.",
    "Look up the order you placed.",
];
const SELL_HALF: [&str; 8] = [
    "Now sell half of what I just bought, at ${p2} a share.",
    "Place a sell order for half of those shares at ${p2} each.",
    "Sell half the shares from that order at ${p2} per share.",
    "I changed my mind about half of them: sell them at ${p2}.",
    "Put half of the purchased shares up for sale at ${p2}.",
    "Sell half of that position at a price of ${p2}.",
    "Offload half of the shares you bought, at ${p2} per share.",
    "Create a sell order for half the amount I bought, priced at ${p2}.",
];
const CANCEL_NEW: [&str; 8] = [
    "Actually, cancel that order.",
    "On second thought, cancel the order you just placed.",
    "Please cancel order {oid}.",
    "Cancel the new order, I've changed my mind.",
    "Withdraw that order: cancel it.",
    "Call off the purchase; cancel the order.",
    "Scrap that order, please.",
    "Cancel the order I just made.",
];
const FUND: [&str; 12] = [
    "Add ${amount} to my trading account.",
    "Deposit ${amount} into my account.",
    "Fund my trading account with ${amount}.",
    "Please top up my account by ${amount}.",
    "Put ${amount} into my brokerage account.",
    "I want to deposit ${amount} for trading.",
    "Can you fund the account with ${amount}?",
    "Transfer ${amount} into my trading balance.",
    "Load ${amount} onto my trading account.",
    "Increase my account balance by depositing ${amount}.",
    "Make a deposit of ${amount} to my account.",
    "Credit my trading account with ${amount}.",
];
const WITHDRAW: [&str; 8] = [
    "Now withdraw ${amount2}.",
    "Take ${amount2} out of the account.",
    "Withdraw ${amount2} from my trading balance.",
    "I need ${amount2} back; withdraw it.",
    "Please make a withdrawal of ${amount2}.",
    "Pull ${amount2} out of my account.",
    "Cash out ${amount2} from the account.",
    "Withdraw ${amount2}, please.",
];
const ACCOUNT_INFO: [&str; 8] = [
    "What's my account balance now?",
    "Show me my account information.",
    "Pull up my account details.",
    "How much is in my trading account now?",
    "Check my account info, please.",
    "Let me see my balance.",
    "Get my account information.",
    "Display my account details and balance.",
];
const LOGOUT: [&str; 8] = [
    "That's all for now; log me out of trading.",
    "Please log out of my trading account.",
    "Sign me out of the trading system.",
    "Log out of trading now.",
    "End my trading session.",
    "I'm done. Log out of the trading platform.",
    "Log me off the trading account.",
    "Sign out of trading, please.",
];
const WATCH_ADD: [&str; 12] = [
    "Add {stock} to my watchlist.",
    "Put {stock} on my watchlist, please.",
    "I want to keep an eye on {stock}. Add it to the watchlist.",
    "Can you watch {stock} for me? Add it to my list.",
    "Start tracking {stock} on my watchlist.",
    "Include {stock} in my watchlist.",
    "Please add {stock} to the stocks I'm watching.",
    "Add {stock} to the list of stocks I watch.",
    "Track {stock} by adding it to my watchlist.",
    "Watchlist {stock} for me.",
    "I'd like {stock} on my watchlist.",
    "Add the stock {stock} to my watch list.",
];
const WATCH_REMOVE: [&str; 8] = [
    "Remove {old} from it.",
    "Take {old} off my watchlist.",
    "I'm no longer interested in {old}; remove it from the watchlist.",
    "Drop {old} from the watchlist.",
    "Please remove {old} from my watched stocks.",
    "Stop watching {old}.",
    "Delete {old} from my watchlist.",
    "Get {old} off the watchlist.",
];
const WATCH_SHOW: [&str; 8] = [
    "Show me my watchlist now.",
    "What's on my watchlist?",
    "List the stocks I'm watching.",
    "Pull up my watchlist.",
    "Let me see the watchlist.",
    "Which stocks am I watching now?",
    "Display my current watchlist.",
    "Get my watchlist, please.",
];
const ORDER_LOOKUP: [&str; 12] = [
    "What's the status of order {oid}?",
    "Pull up order {oid}.",
    "Show me the details of order number {oid}.",
    "Check order {oid} for me.",
    "Look up my order {oid}.",
    "How is order {oid} doing?",
    "Get me the details of order #{oid}.",
    "I'd like to see order {oid}.",
    "Fetch order {oid}, please.",
    "Can you find order {oid}?",
    "Tell me about order {oid}.",
    "Open the details of order {oid}.",
];
const CANCEL_OLD: [&str; 8] = [
    "Cancel it.",
    "Please cancel that order.",
    "I don't want it anymore; cancel order {oid}.",
    "Cancel order {oid}, please.",
    "Call that order off.",
    "Go ahead and cancel it.",
    "Withdraw that order.",
    "Scrap order {oid}.",
];
const REPLACE: [&str; 8] = [
    "Then place the same order again, but at ${p} per share.",
    "Re-submit that order with a price of ${p}.",
    "Place a new order just like it, priced at ${p}.",
    "Put the order in again at ${p} a share.",
    "Make the same trade again at ${p}.",
    "Place an identical order, except at ${p} per share.",
    "Redo that order with the price set to ${p}.",
    "Submit it again, same symbol and amount, at ${p}.",
];
const SECTOR: [&str; 12] = [
    "Which technology stocks are available?",
    "List the stocks in the Technology sector.",
    "Show me the available tech stocks.",
    "What stocks can I trade in the Technology sector?",
    "Give me the Technology sector's stock list.",
    "Pull up the technology stocks.",
    "What are the tech sector symbols?",
    "Find the available stocks in Technology.",
    "Which symbols are in the Technology sector?",
    "Get the list of Technology stocks.",
    "I'm interested in tech. Which stocks are available?",
    "Show the stocks available in the Technology sector.",
];
const FILTER: [&str; 8] = [
    "Which of those are priced between ${lo} and ${hi}?",
    "Filter them to prices from ${lo} to ${hi}.",
    "Keep only the ones between ${lo} and ${hi}.",
    "Narrow the list to stocks priced between ${lo} and ${hi}.",
    "Of those, which cost between ${lo} and ${hi}?",
    "Filter those stocks by price: minimum ${lo}, maximum ${hi}.",
    "Show me which of them trade between ${lo} and ${hi}.",
    "Limit them to a price range of ${lo} to ${hi}.",
];
const WATCH_ALL: [&str; 8] = [
    "Add each of those to my watchlist, in the order listed.",
    "Put all of them on my watchlist, in that order.",
    "Watch every one of those, adding them in the order given.",
    "Add the filtered stocks to my watchlist, one by one in order.",
    "Please add them all to the watchlist in the same order.",
    "Track each of them on my watchlist, keeping the order.",
    "In the order shown, add those stocks to my watchlist.",
    "Add them to the watchlist, first to last.",
];
