//! `TradingBot`'s order methods: placing (an "Open" order, reported as "Pending"), looking
//! up (in long context with BFCL's analyst texts about the symbol), cancelling, and the list
//! of order ids.

use tz_tool_common::bfcl::pyops::{Cmp, Op, augmented, compare, contains, dict_get};
use tz_tool_common::bfcl::pyops::{no_attribute, set_item, subscript, to_float, to_int, type_name};
use tz_tool_common::py::{PyVal, py_str, repr};

use crate::TradingBot;
use crate::data::ORDER_DETAIL_EXTENSION;

impl TradingBot {
    /// The ids of the orders, in order.
    fn order_ids(&self) -> Vec<PyVal> {
        match &self.orders {
            PyVal::Dict(items) => items.iter().map(|(k, _)| k.clone()).collect(),
            _ => Vec::new(),
        }
    }

    /// `get_order_details(order_id)`: the order's dict; in long context a copy with
    /// `metadata` (BFCL's texts about the order's symbol).
    pub fn get_order_details(&self, id: &PyVal) -> Result<PyVal, String> {
        if !contains(&self.orders, id)? {
            return Ok(PyVal::error(format!(
                "Order with ID {} not found.Here is the list of orders_id: {}",
                py_str(id),
                repr(&PyVal::List(self.order_ids()))
            )));
        }
        let order = subscript(&self.orders, id)?;
        if !self.long_context {
            return Ok(order.clone());
        }
        let mut order = match order {
            PyVal::Dict(_) | PyVal::List(_) => order.clone(),
            other => return Err(no_attribute(other, "copy")),
        };
        // `template.format(symbol=symbol)` writes `format(symbol, "")`, which is `str(symbol)`.
        let symbol = py_str(subscript(&order, &PyVal::str("symbol"))?);
        let metadata = PyVal::dict(
            ORDER_DETAIL_EXTENSION
                .iter()
                .map(|&(key, template)| (key, PyVal::Str(template.replace("{symbol}", &symbol)))),
        );
        set_item(&mut order, PyVal::str("metadata"), metadata)?;
        Ok(order)
    }

    /// `cancel_order(order_id)`: any order not "Completed" becomes "Cancelled".
    pub fn cancel_order(&mut self, id: PyVal) -> Result<PyVal, String> {
        if !contains(&self.orders, &id)? {
            return Ok(PyVal::error(format!(
                "Order with ID {} not found.",
                py_str(&id)
            )));
        }
        let status_key = PyVal::str("status");
        let status = subscript(subscript(&self.orders, &id)?, &status_key)?;
        if status.py_eq(&PyVal::str("Completed")) {
            return Ok(PyVal::error(format!(
                "Can't cancel order {}. Order is already completed.",
                py_str(&id)
            )));
        }
        // The order is a dict: only a dict answered `order["status"]`.
        if let PyVal::Dict(items) = &mut self.orders
            && let Some((_, order)) = items.iter_mut().find(|(k, _)| k.py_eq(&id))
        {
            set_item(order, status_key, PyVal::str("Cancelled"))?;
        }
        Ok(PyVal::dict([
            ("order_id", id),
            ("status", PyVal::str("Cancelled")),
        ]))
    }

    /// `place_order(order_type, symbol, price, amount)`: checks the login, the symbol, the
    /// values and (for a buy) the balance, then records an "Open" order under
    /// `order_counter` and counts on.
    pub fn place_order(
        &mut self,
        order_type: PyVal,
        symbol: PyVal,
        price: &PyVal,
        amount: PyVal,
    ) -> Result<PyVal, String> {
        if !self.logged_in() {
            return Ok(PyVal::error(
                "User not authenticated. Please log in to place an order.",
            ));
        }
        if !contains(&self.stocks, &symbol)? {
            return Ok(PyVal::error(format!(
                "Invalid stock symbol: {}",
                py_str(&symbol)
            )));
        }
        let zero = PyVal::Int(0);
        if compare(price, Cmp::Le, &zero)? || compare(&amount, Cmp::Le, &zero)? {
            return Ok(PyVal::error("Price and amount must be positive values."));
        }
        let PyVal::Str(kind) = &order_type else {
            return Err(no_attribute(&order_type, "lower"));
        };
        if kind.to_lowercase() == "buy" {
            let total_cost = to_float(price)? * to_int(&amount)? as f64;
            let balance_key = PyVal::str("balance");
            let balance = dict_get(&self.account_info, &balance_key, zero.clone())?;
            if compare(&PyVal::Float(total_cost), Cmp::Gt, &balance)? {
                return Ok(PyVal::error(format!(
                    "Insufficient funds: required ${} but only ${} available.",
                    fixed2(&PyVal::Float(total_cost))?,
                    fixed2(&balance)?
                )));
            }
        }
        let price = PyVal::Float(to_float(price)?);
        let id = self.order_counter.clone();
        let order = PyVal::dict([
            ("id", id.clone()),
            ("order_type", order_type.clone()),
            ("symbol", symbol),
            ("price", price.clone()),
            ("amount", amount.clone()),
            ("status", PyVal::str("Open")),
        ]);
        set_item(&mut self.orders, id.clone(), order)?;
        self.order_counter = augmented(&self.order_counter, Op::Add, &PyVal::Int(1))?;
        Ok(PyVal::dict([
            ("order_id", id),
            ("order_type", order_type),
            ("status", PyVal::str("Pending")),
            ("price", price),
            ("amount", amount),
        ]))
    }

    /// `get_order_history()`: `{"history": [order ids]}`.
    pub fn get_order_history(&self) -> PyVal {
        if !self.logged_in() {
            return PyVal::List(vec![PyVal::error(
                "User not authenticated. Please log in to view order history.",
            )]);
        }
        PyVal::one("history", PyVal::List(self.order_ids()))
    }
}

/// `format(value, ".2f")` (as in an f-string `{value:.2f}`) for a number.
pub fn fixed2(value: &PyVal) -> Result<String, String> {
    match value {
        PyVal::Float(_) | PyVal::Int(_) | PyVal::Bool(_) => {
            let f = value.as_f64().unwrap_or(0.0);
            // Both round the exact binary value half to even; only NaN is spelled apart.
            Ok(if f.is_nan() {
                "nan".to_string()
            } else {
                format!("{f:.2}")
            })
        }
        PyVal::Str(_) => Err("Unknown format code 'f' for object of type 'str'".into()),
        other => Err(format!(
            "unsupported format string passed to {}.__format__",
            type_name(other)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_decimals_are_formatted_as_python_formats_them() {
        assert_eq!(fixed2(&PyVal::Float(2.675)), Ok("2.67".into()));
        assert_eq!(fixed2(&PyVal::Int(3)), Ok("3.00".into()));
        assert_eq!(fixed2(&PyVal::Float(f64::NAN)), Ok("nan".into()));
        assert_eq!(
            fixed2(&PyVal::str("x")),
            Err("Unknown format code 'f' for object of type 'str'".into())
        );
        assert_eq!(
            fixed2(&PyVal::None),
            Err("unsupported format string passed to NoneType.__format__".into())
        );
    }
}
