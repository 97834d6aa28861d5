//! `TradingBot`'s market methods: symbols, stock info, sectors, price filters and
//! notifications, and the watch list.

use tz_tool_common::bfcl::pyops::{Cmp, abs, append, compare, contains, dict_get, iterate};
use tz_tool_common::bfcl::pyops::{no_attribute, set_item, subscript, type_name};
use tz_tool_common::py::{PyVal, py_str, repr, str_repr};

use crate::TradingBot;
use crate::data::{
    AUTOMOBILE_EXTENSION, MA_5_EXTENSION, MA_20_EXTENSION, TECHNOLOGY_EXTENSION,
    WATCH_LIST_EXTENSION,
};

/// `get_symbol_by_name`'s `symbol_map`.
const SYMBOLS: &[(&str, &str)] = &[
    ("Apple", "AAPL"),
    ("Google", "GOOG"),
    ("Tesla", "TSLA"),
    ("Microsoft", "MSFT"),
    ("Nvidia", "NVDA"),
    ("Zeta Corp", "ZETA"),
    ("Alpha Tech", "ALPH"),
    ("Omega Industries", "OMEG"),
    ("Quasar Ltd.", "QUAS"),
    ("Neptune Systems", "NEPT"),
    ("Synex Solutions", "SYNX"),
    ("Amazon", "AMZN"),
    ("Gorilla", "GORI"),
];

/// `get_symbol_by_name(name)`: the symbol, or "Stock not found".
pub fn symbol_by_name(name: &PyVal) -> Result<PyVal, String> {
    let map = PyVal::dict(SYMBOLS.iter().map(|&(n, s)| (n, PyVal::str(s))));
    let symbol = dict_get(&map, name, PyVal::str("Stock not found"))?;
    Ok(PyVal::one("symbol", symbol))
}

/// `value.copy()` for a dict or a list.
fn copy(value: &PyVal) -> Result<PyVal, String> {
    match value {
        PyVal::Dict(_) | PyVal::List(_) => Ok(value.clone()),
        other => Err(no_attribute(other, "copy")),
    }
}

fn floats(values: &[f64]) -> PyVal {
    PyVal::List(values.iter().map(|f| PyVal::Float(*f)).collect())
}

impl TradingBot {
    /// `get_stock_info(symbol)`: the stock's dict; in long context a copy whose `MA(5)` and
    /// `MA(20)` are BFCL's long lists.
    pub fn get_stock_info(&self, symbol: &PyVal) -> Result<PyVal, String> {
        if !contains(&self.stocks, symbol)? {
            return Ok(PyVal::error(format!(
                "Stock with symbol '{}' not found.",
                py_str(symbol)
            )));
        }
        let stock = subscript(&self.stocks, symbol)?;
        if !self.long_context {
            return Ok(stock.clone());
        }
        let mut stock = copy(stock)?;
        set_item(&mut stock, PyVal::str("MA(5)"), floats(MA_5_EXTENSION))?;
        set_item(&mut stock, PyVal::str("MA(20)"), floats(MA_20_EXTENSION))?;
        Ok(stock)
    }

    /// `get_available_stocks(sector)`: the symbols of "Technology" or "Automobile" (longer
    /// lists in long context), else an empty list.
    pub fn get_available_stocks(&self, sector: &PyVal) -> Result<PyVal, String> {
        let mut technology = vec!["AAPL", "GOOG", "MSFT", "NVDA"];
        let mut automobile = vec!["TSLA", "F", "GM"];
        if self.long_context {
            technology.extend(TECHNOLOGY_EXTENSION);
            automobile.extend(AUTOMOBILE_EXTENSION);
        }
        let map = PyVal::dict([
            ("Technology", PyVal::strs(technology)),
            ("Automobile", PyVal::strs(automobile)),
        ]);
        let list = dict_get(&map, sector, PyVal::List(Vec::new()))?;
        Ok(PyVal::one("stock_list", list))
    }

    /// `self.stocks.get(symbol, {}).get("price", 0)`.
    fn price_of(&self, symbol: &PyVal) -> Result<PyVal, String> {
        let stock = dict_get(&self.stocks, symbol, PyVal::Dict(Vec::new()))?;
        dict_get(&stock, &PyVal::str("price"), PyVal::Int(0))
    }

    /// `filter_stocks_by_price(stocks, min_price, max_price)`: the symbols whose price (0 for
    /// an unknown one) lies in `[min_price, max_price]`.
    pub fn filter_stocks_by_price(
        &self,
        stocks: &PyVal,
        min: &PyVal,
        max: &PyVal,
    ) -> Result<PyVal, String> {
        let mut kept = Vec::new();
        for symbol in iterate(stocks)? {
            if compare(&self.price_of(&symbol)?, Cmp::Ge, min)?
                && compare(&self.price_of(&symbol)?, Cmp::Le, max)?
            {
                kept.push(symbol);
            }
        }
        Ok(PyVal::one("filtered_stocks", PyVal::List(kept)))
    }

    /// `add_to_watchlist(stock)`: adds a known symbol not yet watched; the watch list either way.
    pub fn add_to_watchlist(&mut self, stock: PyVal) -> Result<PyVal, String> {
        if !contains(&self.watch_list, &stock)? && contains(&self.stocks, &stock)? {
            append(&mut self.watch_list, stock)?;
        }
        Ok(PyVal::one("watchlist", self.watch_list.clone()))
    }

    /// `remove_stock_from_watchlist(symbol)`: removes its first occurrence.
    pub fn remove_stock_from_watchlist(&mut self, symbol: &PyVal) -> Result<PyVal, String> {
        if !self.logged_in() {
            return Ok(PyVal::error(
                "User not authenticated. Please log in to modify the watchlist.",
            ));
        }
        if !contains(&self.watch_list, symbol)? {
            return Ok(PyVal::error(format!(
                "Stock {} not found in watchlist.",
                py_str(symbol)
            )));
        }
        let PyVal::List(items) = &mut self.watch_list else {
            return Err(no_attribute(&self.watch_list, "remove"));
        };
        if let Some(i) = items.iter().position(|x| x.py_eq(symbol)) {
            items.remove(i);
        }
        Ok(PyVal::one(
            "status",
            PyVal::str(format!(
                "Stock {} removed from watchlist successfully.",
                py_str(symbol)
            )),
        ))
    }

    /// `get_watchlist()`: `{"watchlist": [...]}`; a bare list when not logged in or in long
    /// context. The long-context list ends with `Ellipsis`, so its text is built here (BFCL's
    /// result text of a list is its `str`).
    pub fn get_watchlist(&self) -> Result<PyVal, String> {
        if !self.logged_in() {
            return Ok(PyVal::strs([
                "Error: User not authenticated. Please log in to view the watchlist.",
            ]));
        }
        if !self.long_context {
            return Ok(PyVal::one("watchlist", self.watch_list.clone()));
        }
        let items = match &self.watch_list {
            PyVal::List(items) => items,
            // A dict has `copy` but no `extend`.
            PyVal::Dict(_) => return Err(no_attribute(&self.watch_list, "extend")),
            other => return Err(no_attribute(other, "copy")),
        };
        let parts: Vec<String> = items
            .iter()
            .map(repr)
            .chain(WATCH_LIST_EXTENSION.iter().map(|s| str_repr(s)))
            .chain(["Ellipsis".to_string()])
            .collect();
        Ok(PyVal::Str(format!("[{}]", parts.join(", "))))
    }

    /// `notify_price_change(stocks, threshold)`: names the known symbols whose
    /// `|percent_change| >= threshold`.
    pub fn notify_price_change(&self, stocks: &PyVal, threshold: &PyVal) -> Result<PyVal, String> {
        let change_key = PyVal::str("percent_change");
        let mut changed = Vec::new();
        for symbol in iterate(stocks)? {
            if contains(&self.stocks, &symbol)? {
                let change = subscript(subscript(&self.stocks, &symbol)?, &change_key)?;
                if compare(&abs(change)?, Cmp::Ge, threshold)? {
                    changed.push(symbol);
                }
            }
        }
        if changed.is_empty() {
            return Ok(PyVal::one(
                "notification",
                PyVal::str("No significant price changes in the selected stocks."),
            ));
        }
        let mut names = Vec::with_capacity(changed.len());
        for (i, symbol) in changed.iter().enumerate() {
            match symbol {
                PyVal::Str(s) => names.push(s.as_str()),
                other => {
                    return Err(format!(
                        "sequence item {i}: expected str instance, {} found",
                        type_name(other)
                    ));
                }
            }
        }
        Ok(PyVal::one(
            "notification",
            PyVal::str(format!(
                "Stocks {} have significant price changes.",
                names.join(", ")
            )),
        ))
    }
}
