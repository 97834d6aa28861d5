//! `TradingBot`'s account methods: logging in and out, the account info, funding and
//! withdrawing (each recorded in `transaction_history` with a drawn timestamp), and the
//! transaction history between two dates.

use tz_tool_common::bfcl::pyops::{Cmp, Op, augmented, compare, iterate, no_attribute};
use tz_tool_common::bfcl::pyops::{set_item, strptime_type_error, subscript};
use tz_tool_common::py::PyVal;

use crate::TradingBot;
use crate::clock::{self, CURRENT_TIME, DAY, Format};
use crate::data::TRANSACTION_HISTORY_EXTENSION;

/// The key `"balance"`.
fn balance_key() -> PyVal {
    PyVal::str("balance")
}

/// `datetime.strptime(value, format)` for an argument that may not be a string.
fn strptime(value: &PyVal, format: Format) -> Result<clock::DateTime, String> {
    match value {
        PyVal::Str(text) => clock::strptime(text, format),
        other => Err(strptime_type_error(other)),
    }
}

impl TradingBot {
    /// `trading_login(username, password)`: any credentials log in.
    pub fn trading_login(&mut self) -> PyVal {
        if self.logged_in() {
            return PyVal::one("status", PyVal::str("Already logged in"));
        }
        self.authenticated = PyVal::Bool(true);
        PyVal::one("status", PyVal::str("Logged in successfully"))
    }

    /// `trading_logout()`.
    pub fn trading_logout(&mut self) -> PyVal {
        if !self.logged_in() {
            return PyVal::one("status", PyVal::str("No user is currently logged in"));
        }
        self.authenticated = PyVal::Bool(false);
        PyVal::one("status", PyVal::str("Logged out successfully"))
    }

    /// `get_account_info()`.
    pub fn get_account_info(&self) -> PyVal {
        if !self.logged_in() {
            return PyVal::error(
                "User not authenticated. Please log in to view account information.",
            );
        }
        self.account_info.clone()
    }

    /// Appends `{"type": kind, "amount": amount, "timestamp": ...}` to the history, the
    /// timestamp drawn uniformly from the day after `CURRENT_TIME` (both ends included).
    fn record_transaction(&mut self, kind: &str, amount: PyVal) -> Result<(), String> {
        // Python looks `append` up before it builds the entry (and draws the timestamp).
        let PyVal::List(history) = &mut self.transaction_history else {
            return Err(no_attribute(&self.transaction_history, "append"));
        };
        let seconds = self.random.randint(CURRENT_TIME, CURRENT_TIME + DAY);
        history.push(PyVal::dict([
            ("type", PyVal::str(kind)),
            ("amount", amount),
            ("timestamp", PyVal::str(clock::format_timestamp(seconds))),
        ]));
        Ok(())
    }

    /// `self.account_info["balance"] += amount` (or `-=`).
    fn change_balance(&mut self, amount: &PyVal, withdraw: bool) -> Result<(), String> {
        let balance = subscript(&self.account_info, &balance_key())?;
        let op = if withdraw { Op::Sub } else { Op::Add };
        let updated = augmented(balance, op, amount)?;
        set_item(&mut self.account_info, balance_key(), updated)
    }

    /// `{"status": status, "new_balance": self.account_info["balance"]}`.
    fn balance_result(&self, status: &str) -> Result<PyVal, String> {
        Ok(PyVal::dict([
            ("status", PyVal::str(status)),
            (
                "new_balance",
                subscript(&self.account_info, &balance_key())?.clone(),
            ),
        ]))
    }

    /// `withdraw_funds(amount)`: only while the market is open.
    pub fn withdraw_funds(&mut self, amount: PyVal) -> Result<PyVal, String> {
        if !self.logged_in() {
            return Ok(PyVal::error(
                "User not authenticated. Please log in to make a transaction.",
            ));
        }
        if !self.market_status.py_eq(&PyVal::str("Open")) {
            return Ok(PyVal::error(
                "Market is closed. Transactions are not allowed.",
            ));
        }
        if compare(&amount, Cmp::Le, &PyVal::Int(0))? {
            return Ok(PyVal::error("Transaction amount must be positive."));
        }
        let balance = subscript(&self.account_info, &balance_key())?;
        if compare(&amount, Cmp::Gt, balance)? {
            return Ok(PyVal::error("Insufficient funds for withdrawal."));
        }
        self.change_balance(&amount, true)?;
        self.record_transaction("withdrawal", amount)?;
        self.balance_result("Withdrawal successful")
    }

    /// `fund_account(amount)`.
    pub fn fund_account(&mut self, amount: PyVal) -> Result<PyVal, String> {
        if !self.logged_in() {
            return Ok(PyVal::error(
                "User not authenticated. Please log in to fund the account.",
            ));
        }
        if compare(&amount, Cmp::Le, &PyVal::Int(0))? {
            return Ok(PyVal::error("Funding amount must be positive."));
        }
        self.change_balance(&amount, false)?;
        self.record_transaction("deposit", amount)?;
        self.balance_result("Account funded successfully")
    }

    /// `get_transaction_history(start_date=None, end_date=None)`: the transactions whose
    /// timestamp lies in `[start, end]` (dates at midnight; an empty or missing bound is open),
    /// then in long context BFCL's extension.
    pub fn get_transaction_history(&self, start: &PyVal, end: &PyVal) -> Result<PyVal, String> {
        if !self.logged_in() {
            return Ok(PyVal::List(vec![PyVal::error(
                "User not authenticated. Please log in to view transaction history.",
            )]));
        }
        let start = match start.truthy() {
            true => Some(strptime(start, Format::Date)?),
            false => None,
        };
        let end = match end.truthy() {
            true => Some(strptime(end, Format::Date)?),
            false => None,
        };
        let mut filtered = Vec::new();
        for transaction in iterate(&self.transaction_history)? {
            let stamp = subscript(&transaction, &PyVal::str("timestamp"))?;
            let at = strptime(stamp, Format::DateTime)?;
            if start.is_none_or(|s| s <= at) && end.is_none_or(|e| at <= e) {
                filtered.push(transaction);
            }
        }
        if self.long_context {
            filtered.extend(
                TRANSACTION_HISTORY_EXTENSION
                    .iter()
                    .map(|&(kind, amount, at)| {
                        PyVal::dict([
                            ("type", PyVal::str(kind)),
                            ("amount", PyVal::Float(amount)),
                            ("timestamp", PyVal::str(at)),
                        ])
                    }),
            );
        }
        Ok(PyVal::one("transaction_history", PyVal::List(filtered)))
    }
}
