//! Tool `trading_bot` (stateful, world `session-tool`): BFCL's `TradingBot` (a stock trading
//! account), written in Rust to behave as the official Python class does (results, error
//! texts, exception texts, state), with and without `long_context`. Replayed against traces
//! of the Python class in `traces.jsonl` (see [`tz_tool_common::bfcl::trace`]); `spec.json`
//! is BFCL's function docs for the class.
//!
//! State (the public attributes BFCL compares): `orders` (a dict keyed by order id; a scenario's
//! digit-string ids become ints), `account_info`, `authenticated`, `market_status`,
//! `order_counter`, `stocks`, `watch_list`, `transaction_history` and `long_context`. They are
//! kept as the Python values they are, since a scenario may give any shape (BFCL's own orders
//! have no `id` and a stray `"order_type": "Buy"` entry). Deposits and withdrawals get a
//! timestamp drawn from `random.Random(random_seed)` (default 1053520) between `CURRENT_TIME`
//! (2024-09-01 10:30) and a day later, formatted in UTC as the recorder runs (`TZ=UTC`).
//!
//! Layout: [`scenario`] loads, [`orders`] (orders), [`account`] (login, funds, transaction
//! history), [`market`] (stocks, watch list), [`clock`] (timestamps), [`data`]
//! (the long-context extensions); the Python operations and their exception texts are the
//! shared [`tz_tool_common::bfcl::pyops`].
//!
//! Differences from the Python class:
//! * `get_watchlist` in long context returns a list ending with Python's `Ellipsis` (the last
//!   element of BFCL's `WATCH_LIST_EXTENSION`), which [`PyVal`] cannot hold: the method
//!   returns the list's text (`str(list)`) as a `str`, the same result text.
//! * Ints are 64-bit: arithmetic whose int result leaves `i64` (a scenario balance or
//!   `order_counter` near 2^63) is reported as an error; Python's ints grow. An order id
//!   given as a digit string beyond `i64` fails the scenario.
//! * `random_seed: null` takes the default seed where Python would seed from the OS; a str or
//!   a container, or a float of magnitude 2^63 or more, fails the scenario (see
//!   [`PyRandom::from_seed`]).
//! * A name that is not one of the 20 API methods answers as Python does for an attribute or
//!   an unknown name ([`no_method`]); Python would also reach its private methods. The host
//!   only lets spec.json's names through.
#![warn(missing_docs)]

use tz_tool_common::bfcl::pyops::{Param, optional, required};
use tz_tool_common::bfcl::{ApiClass, no_method};
use tz_tool_common::py::PyVal;
use tz_tool_common::pyrandom::PyRandom;

pub mod account;
pub mod clock;
pub mod data;
pub mod market;
pub mod orders;
pub mod scenario;

/// The functions, as BFCL documents them (`multi_turn_func_doc/trading_bot.json`).
pub const SPEC: &str = include_str!("../spec.json");

tz_tool_common::bfcl_component!(crate::TradingBot, crate::SPEC);
tz_tool_common::bfcl_class_tests!(crate::TradingBot, traces >= 136, calls >= 661);

/// BFCL's `TradingBot`.
#[derive(Debug, Clone)]
pub struct TradingBot {
    orders: PyVal,
    account_info: PyVal,
    authenticated: PyVal,
    market_status: PyVal,
    order_counter: PyVal,
    stocks: PyVal,
    watch_list: PyVal,
    transaction_history: PyVal,
    long_context: bool,
    random: PyRandom,
}

/// `TradingBot.method`'s arguments bound to `params` (see
/// [`tz_tool_common::bfcl::pyops::bind`]).
fn bind<const N: usize>(
    args: &PyVal,
    method: &str,
    params: [Param<'_>; N],
) -> Result<[PyVal; N], String> {
    tz_tool_common::bfcl::pyops::bind(args, TradingBot::CLASS, method, params)
}

impl TradingBot {
    /// Whether a user is logged in (`not self.authenticated` is false).
    fn logged_in(&self) -> bool {
        self.authenticated.truthy()
    }
}

impl ApiClass for TradingBot {
    const CLASS: &'static str = "TradingBot";

    fn load(scenario: &PyVal, long_context: bool) -> Result<Self, String> {
        scenario::load(scenario, long_context)
    }

    fn call(&mut self, name: &str, args: &PyVal) -> Result<PyVal, String> {
        match name {
            "get_current_time" => {
                bind(args, name, [])?;
                Ok(PyVal::one(
                    "current_time",
                    PyVal::str(clock::CURRENT_TIME_TEXT),
                ))
            }
            "get_symbol_by_name" => {
                let [company] = bind(args, name, [required("name")])?;
                market::symbol_by_name(&company)
            }
            "get_stock_info" => {
                let [symbol] = bind(args, name, [required("symbol")])?;
                self.get_stock_info(&symbol)
            }
            "get_order_details" => {
                let [id] = bind(args, name, [required("order_id")])?;
                self.get_order_details(&id)
            }
            "cancel_order" => {
                let [id] = bind(args, name, [required("order_id")])?;
                self.cancel_order(id)
            }
            "place_order" => {
                let params = ["order_type", "symbol", "price", "amount"].map(required);
                let [order_type, symbol, price, amount] = bind(args, name, params)?;
                self.place_order(order_type, symbol, &price, amount)
            }
            "withdraw_funds" => {
                let [amount] = bind(args, name, [required("amount")])?;
                self.withdraw_funds(amount)
            }
            "fund_account" => {
                let [amount] = bind(args, name, [required("amount")])?;
                self.fund_account(amount)
            }
            "get_account_info" => {
                bind(args, name, [])?;
                Ok(self.get_account_info())
            }
            "trading_login" => {
                bind(args, name, [required("username"), required("password")])?;
                Ok(self.trading_login())
            }
            "trading_get_login_status" => {
                bind(args, name, [])?;
                Ok(PyVal::one("status", PyVal::Bool(self.logged_in())))
            }
            "trading_logout" => {
                bind(args, name, [])?;
                Ok(self.trading_logout())
            }
            "remove_stock_from_watchlist" => {
                let [symbol] = bind(args, name, [required("symbol")])?;
                self.remove_stock_from_watchlist(&symbol)
            }
            "get_watchlist" => {
                bind(args, name, [])?;
                self.get_watchlist()
            }
            "get_order_history" => {
                bind(args, name, [])?;
                Ok(self.get_order_history())
            }
            "get_transaction_history" => {
                let params = [
                    optional("start_date", PyVal::None),
                    optional("end_date", PyVal::None),
                ];
                let [start, end] = bind(args, name, params)?;
                self.get_transaction_history(&start, &end)
            }
            "get_available_stocks" => {
                let [sector] = bind(args, name, [required("sector")])?;
                self.get_available_stocks(&sector)
            }
            "filter_stocks_by_price" => {
                let params = ["stocks", "min_price", "max_price"].map(required);
                let [stocks, min, max] = bind(args, name, params)?;
                self.filter_stocks_by_price(&stocks, &min, &max)
            }
            "add_to_watchlist" => {
                let [stock] = bind(args, name, [required("stock")])?;
                self.add_to_watchlist(stock)
            }
            "notify_price_change" => {
                let [stocks, threshold] = bind(args, name, ["stocks", "threshold"].map(required))?;
                self.notify_price_change(&stocks, &threshold)
            }
            _ => Err(no_method(self, name)),
        }
    }

    fn state(&self) -> PyVal {
        PyVal::dict([
            ("orders", self.orders.clone()),
            ("account_info", self.account_info.clone()),
            ("authenticated", self.authenticated.clone()),
            ("market_status", self.market_status.clone()),
            ("order_counter", self.order_counter.clone()),
            ("stocks", self.stocks.clone()),
            ("watch_list", self.watch_list.clone()),
            ("transaction_history", self.transaction_history.clone()),
            ("long_context", PyVal::Bool(self.long_context)),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_python_could_not_load_or_seed_is_refused() {
        let load =
            |json: &str| TradingBot::load(&PyVal::parse(json).expect("json"), false).map(|_| ());
        assert_eq!(
            load(r#"{"orders": [1]}"#),
            Err("'list' object has no attribute 'items'".into())
        );
        assert!(load(r#"{"random_seed": "abc"}"#).is_err());
        assert!(load(r#"{"random_seed": [1]}"#).is_err());
        assert!(load(r#"{"orders": {"\u00b2": {}}}"#).is_err());
        assert!(load(r#"{"orders": {"99999999999999999999": {}}}"#).is_err());
        assert_eq!(load(r#"{"random_seed": 7.0}"#), Ok(()));
    }

    #[test]
    fn an_integral_float_seed_draws_as_its_int() {
        let scenario = |seed: &str| {
            PyVal::parse(&format!(
                r#"{{"authenticated": true, "random_seed": {seed}}}"#
            ))
            .expect("json")
        };
        let amount = PyVal::parse(r#"{"amount": 1}"#).expect("json");
        let mut a = TradingBot::load(&scenario("7"), false).expect("int seed");
        let mut b = TradingBot::load(&scenario("7.0"), false).expect("float seed");
        a.call("fund_account", &amount).expect("funds");
        b.call("fund_account", &amount).expect("funds");
        assert_eq!(a.state(), b.state());
    }
}
