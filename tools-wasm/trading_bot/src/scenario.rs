//! `TradingBot`'s `DEFAULT_STATE` and `_load_scenario`: each attribute is the scenario's
//! value for its key, else the default's; order ids that are strings of digits become ints.

use tz_tool_common::bfcl::pyops::{is_digit, no_attribute, set_item, to_int};
use tz_tool_common::py::PyVal;
use tz_tool_common::pyrandom::PyRandom;

use crate::TradingBot;

/// `DEFAULT_STATE["random_seed"]`.
const DEFAULT_SEED: i64 = 1_053_520;

/// `DEFAULT_STATE["stocks"]`: symbol, price, percent_change, volume, MA(5), MA(20).
const DEFAULT_STOCKS: &[(&str, f64, f64, f64, f64, f64)] = &[
    ("AAPL", 227.16, 0.17, 2.552, 227.11, 227.09),
    ("GOOG", 2840.34, 0.24, 1.123, 2835.67, 2842.15),
    ("TSLA", 667.92, -0.12, 1.654, 671.15, 668.20),
    ("MSFT", 310.23, 0.09, 3.234, 309.88, 310.11),
    ("NVDA", 220.34, 0.34, 1.234, 220.45, 220.67),
    ("ALPH", 1320.45, -0.08, 1.567, 1321.12, 1325.78),
    ("OMEG", 457.23, 0.12, 2.345, 456.78, 458.12),
    ("QUAS", 725.89, -0.03, 1.789, 726.45, 728.00),
    ("NEPT", 88.34, 0.19, 0.654, 88.21, 88.67),
    ("SYNX", 345.67, 0.11, 2.112, 345.34, 346.12),
    ("ZETA", 22.09, -0.05, 0.789, 22.12, 22.34),
];

fn default_order(
    id: i64,
    kind: &str,
    symbol: &str,
    price: f64,
    amount: i64,
    status: &str,
) -> PyVal {
    PyVal::dict([
        ("id", PyVal::Int(id)),
        ("order_type", PyVal::str(kind)),
        ("symbol", PyVal::str(symbol)),
        ("price", PyVal::Float(price)),
        ("amount", PyVal::Int(amount)),
        ("status", PyVal::str(status)),
    ])
}

fn default_orders() -> PyVal {
    PyVal::Dict(vec![
        (
            PyVal::Int(12345),
            default_order(12345, "Buy", "AAPL", 210.65, 10, "Completed"),
        ),
        (
            PyVal::Int(12446),
            default_order(12446, "Sell", "GOOG", 2840.56, 5, "Pending"),
        ),
    ])
}

fn default_account_info() -> PyVal {
    PyVal::dict([
        ("account_id", PyVal::Int(12345)),
        ("balance", PyVal::Float(10000.0)),
        ("binding_card", PyVal::Int(1_974_202_140_965_533)),
    ])
}

fn default_stocks() -> PyVal {
    PyVal::dict(
        DEFAULT_STOCKS
            .iter()
            .map(|&(symbol, price, change, volume, ma5, ma20)| {
                let stock = PyVal::dict([
                    ("price", PyVal::Float(price)),
                    ("percent_change", PyVal::Float(change)),
                    ("volume", PyVal::Float(volume)),
                    ("MA(5)", PyVal::Float(ma5)),
                    ("MA(20)", PyVal::Float(ma20)),
                ]);
                (symbol, stock)
            }),
    )
}

/// An order id as `_load_scenario` keeps it: `int(k) if isinstance(k, str) and k.isdigit()`.
fn order_key(key: PyVal) -> Result<PyVal, String> {
    match &key {
        PyVal::Str(s) if !s.is_empty() && s.chars().all(is_digit) => to_int(&key).map(PyVal::Int),
        _ => Ok(key),
    }
}

/// `TradingBot()` then `_load_scenario(scenario, long_context)`.
pub fn load(scenario: &PyVal, long_context: bool) -> Result<TradingBot, String> {
    let get =
        |key: &str, default: fn() -> PyVal| scenario.get(key).cloned().unwrap_or_else(default);
    let orders = get("orders", default_orders);
    let PyVal::Dict(items) = orders else {
        return Err(no_attribute(&orders, "items"));
    };
    // A dict comprehension: a key that repeats keeps its first place and its last value.
    let mut converted = PyVal::Dict(Vec::with_capacity(items.len()));
    for (key, value) in items {
        set_item(&mut converted, order_key(key)?, value)?;
    }
    Ok(TradingBot {
        orders: converted,
        account_info: get("account_info", default_account_info),
        authenticated: get("authenticated", || PyVal::Bool(false)),
        market_status: get("market_status", || PyVal::str("Closed")),
        order_counter: get("order_counter", || PyVal::Int(12446)),
        stocks: get("stocks", default_stocks),
        watch_list: get("watch_list", || PyVal::strs(["NVDA"])),
        transaction_history: get("transaction_history", || PyVal::List(Vec::new())),
        long_context,
        random: PyRandom::from_seed(scenario.get("random_seed"), DEFAULT_SEED)?,
    })
}
