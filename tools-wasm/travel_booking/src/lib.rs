//! Tool `travel_booking` (stateful, world `session-tool`): BFCL's `TravelAPI` (flights, credit
//! cards, bookings, budget), written in Rust to behave as the official Python class does
//! (result texts, exception texts, state). Replayed against traces of the Python class in
//! `traces.jsonl` (see [`tz_tool_common::bfcl::trace`]); `spec.json` is BFCL's function docs.
//!
//! State (the public attributes BFCL compares): `credit_card_list` (card id -> card dict),
//! `booking_record` (booking id -> booking dict), `access_token`, `token_type`,
//! `token_expires_in`, `token_scope`, `user_first_name`, `user_last_name`, `budget_limit`,
//! `long_context`. Ids (tokens, cards, bookings, transactions, insurances) come from a
//! [`PyRandom`] seeded with the scenario's `random_seed` (default 141053), drawn in the class's
//! order. With `long_context` the cards and bookings of [`data`] join the scenario's.
//!
//! The pieces: [`methods`] (the methods that change or check state), [`flights`] (the fare,
//! airport, city and exchange-rate tables), [`date`] (`strptime`, age), [`data`]; Python's
//! operators on scenario values and argument binding are the shared
//! [`tz_tool_common::bfcl::pyops`].
//!
//! Known differences from the Python class:
//! * `verify_traveler_information` counts age up to [`date::TODAY`] (2024-09-19) where Python
//!   reads the clock.
//! * `book_flight` with an unknown `travel_class` lists the classes as
//!   `{'economy', 'business', 'first'}`; Python prints its `set`, whose order depends on the
//!   process's string-hash seed.
//! * Python shares the long-context cards and bookings between instances (`_add_credit_cards`
//!   inserts the module's dicts), so a balance changed in one episode shows in the next one of
//!   the same process; here every load starts from the data as written.
//! * The private `_flight_cost_lookup` is not kept: `book_flight` reads it only right after
//!   `get_flight_cost` rebuilt it, so its cost is the fare just computed (and its "No
//!   available route for the given parameters" branch cannot be reached, in Python either).
//! * `random_seed: null` takes the default seed, where Python seeds from the OS; a str or a
//!   container, or a float of magnitude 2^63 or more, does not load (see
//!   [`PyRandom::from_seed`]). `credit_card_list` and `booking_record` must be objects of
//!   objects; other scenarios do not load.
//! * Ints are 64 bits (see [`tz_tool_common::bfcl::pyops::arith`]): an int result past `i64`
//!   is an error, and `compute_exchange_rate` divides an int beyond 2^53 as a float (Python
//!   rounds the exact quotient). `strptime`, `isdigit` and `float()` know CPython 3.11's
//!   Unicode 14 digits.
//! * Only the methods in `spec.json` answer; Python would also run `_set_card_balance` and
//!   other private methods if named.
#![warn(missing_docs)]

mod data;
mod date;
mod flights;
mod methods;

use tz_tool_common::bfcl::pyops::{check_args, hashable, position, to_float};
use tz_tool_common::bfcl::{ApiClass, no_method};
use tz_tool_common::py::{PyVal, repr};
use tz_tool_common::pyrandom::PyRandom;

/// The functions, as BFCL documents them (`multi_turn_func_doc/travel_booking.json`).
pub const SPEC: &str = include_str!("../spec.json");

tz_tool_common::bfcl_component!(crate::TravelApi, crate::SPEC);
tz_tool_common::bfcl_class_tests!(crate::TravelApi, traces >= 126, calls >= 701);

/// The seed of `DEFAULT_STATE["random_seed"]`.
const DEFAULT_SEED: i64 = 141_053;

/// A dict's items in insertion order.
type Items = Vec<(PyVal, PyVal)>;

/// BFCL's `TravelAPI`.
#[derive(Debug, Clone)]
pub struct TravelApi {
    random: PyRandom,
    credit_card_list: Items,
    booking_record: Items,
    access_token: PyVal,
    token_type: PyVal,
    token_expires_in: PyVal,
    token_scope: PyVal,
    user_first_name: PyVal,
    user_last_name: PyVal,
    budget_limit: PyVal,
    long_context: bool,
}

/// Every public method: its parameters in order, and how many of them (the first ones) have
/// no default.
const SIGNATURES: [(&str, &[&str], usize); 18] = [
    (
        "authenticate_travel",
        &[
            "client_id",
            "client_secret",
            "refresh_token",
            "grant_type",
            "user_first_name",
            "user_last_name",
        ],
        6,
    ),
    ("travel_get_login_status", &[], 0),
    (
        "get_budget_fiscal_year",
        &["lastModifiedAfter", "includeRemoved"],
        0,
    ),
    (
        "register_credit_card",
        &[
            "access_token",
            "card_number",
            "expiration_date",
            "cardholder_name",
            "card_verification_number",
        ],
        5,
    ),
    (
        "get_flight_cost",
        &["travel_from", "travel_to", "travel_date", "travel_class"],
        4,
    ),
    ("get_credit_card_balance", &["access_token", "card_id"], 2),
    (
        "book_flight",
        &[
            "access_token",
            "card_id",
            "travel_date",
            "travel_from",
            "travel_to",
            "travel_class",
        ],
        6,
    ),
    (
        "retrieve_invoice",
        &["access_token", "booking_id", "insurance_id"],
        1,
    ),
    ("get_booking_history", &["access_token"], 1),
    ("list_all_airports", &[], 0),
    ("cancel_booking", &["access_token", "booking_id"], 2),
    (
        "compute_exchange_rate",
        &["base_currency", "target_currency", "value"],
        3,
    ),
    (
        "verify_traveler_information",
        &[
            "first_name",
            "last_name",
            "date_of_birth",
            "passport_number",
        ],
        4,
    ),
    ("set_budget_limit", &["access_token", "budget_limit"], 2),
    ("get_nearest_airport_by_city", &["location"], 1),
    (
        "purchase_insurance",
        &[
            "access_token",
            "insurance_type",
            "booking_id",
            "insurance_cost",
            "card_id",
        ],
        5,
    ),
    ("contact_customer_support", &["booking_id", "message"], 2),
    ("get_all_credit_cards", &[], 0),
];

/// A scenario's dict of dicts (`credit_card_list`, `booking_record`) as items.
fn records(value: PyVal, what: &str) -> Result<Items, String> {
    match value {
        PyVal::Dict(items) if items.iter().all(|(_, v)| matches!(v, PyVal::Dict(_))) => Ok(items),
        other => Err(format!(
            "TravelAPI scenario: `{what}` must be an object of objects, not {}",
            repr(&other)
        )),
    }
}

/// `_add_credit_cards` / `_add_booking_records`: the entries of `json` whose keys `items`
/// lacks, appended in order.
fn merge(items: &mut Items, json: &str) -> Result<(), String> {
    let PyVal::Dict(extra) = PyVal::parse(json)? else {
        return Err("long-context data is not an object".into());
    };
    for (key, value) in extra {
        if position(items, &key)?.is_none() {
            items.push((key, value));
        }
    }
    Ok(())
}

impl ApiClass for TravelApi {
    const CLASS: &'static str = "TravelAPI";

    fn load(scenario: &PyVal, long_context: bool) -> Result<Self, String> {
        let get = |key: &str, default: PyVal| scenario.get_or(key, default);
        let mut credit_card_list = records(
            get("credit_card_list", PyVal::Dict(Vec::new())),
            "credit_card_list",
        )?;
        let mut booking_record = records(
            get("booking_record", PyVal::Dict(Vec::new())),
            "booking_record",
        )?;
        if long_context {
            merge(&mut credit_card_list, data::CREDIT_CARDS)?;
            merge(&mut booking_record, data::BOOKINGS)?;
        }
        Ok(Self {
            random: PyRandom::from_seed(scenario.get("random_seed"), DEFAULT_SEED)?,
            credit_card_list,
            booking_record,
            access_token: get("access_token", PyVal::None),
            token_type: get("token_type", PyVal::None),
            token_expires_in: get("token_expires_in", PyVal::None),
            token_scope: get("token_scope", PyVal::None),
            user_first_name: get("user_first_name", PyVal::None),
            user_last_name: get("user_last_name", PyVal::None),
            budget_limit: get("budget_limit", PyVal::None),
            long_context,
        })
    }

    fn call(&mut self, name: &str, args: &PyVal) -> Result<PyVal, String> {
        let Some((_, params, required)) = SIGNATURES.iter().find(|(n, _, _)| *n == name) else {
            return Err(no_method(self, name));
        };
        check_args(args, Self::CLASS, name, params, *required)?;
        let arg = |key: &str| args.get_or(key, PyVal::None);
        match name {
            "authenticate_travel" => Ok(self.authenticate_travel(
                arg("grant_type"),
                arg("user_first_name"),
                arg("user_last_name"),
            )),
            "travel_get_login_status" => {
                let out = matches!(self.token_expires_in, PyVal::None)
                    || self.token_expires_in.py_eq(&PyVal::Int(0));
                Ok(PyVal::one("status", PyVal::Bool(!out)))
            }
            "get_budget_fiscal_year" => Ok(PyVal::one("budget_fiscal_year", PyVal::str("2018"))),
            "register_credit_card" => self.register_credit_card(
                &arg("access_token"),
                arg("card_number"),
                arg("expiration_date"),
                arg("cardholder_name"),
                arg("card_verification_number"),
            ),
            "get_flight_cost" => {
                let fare = flights::fare(
                    &arg("travel_from"),
                    &arg("travel_to"),
                    &arg("travel_date"),
                    &arg("travel_class"),
                )?;
                let costs = if self.long_context {
                    flights::BASE_COSTS
                        .iter()
                        .map(|(_, _, base)| PyVal::Float((base * fare.multiplier) as f64))
                        .collect()
                } else {
                    vec![PyVal::Float(fare.cost)]
                };
                Ok(PyVal::one("travel_cost_list", PyVal::List(costs)))
            }
            "get_credit_card_balance" => {
                self.get_credit_card_balance(&arg("access_token"), &arg("card_id"))
            }
            "book_flight" => self.book_flight(
                &arg("access_token"),
                arg("card_id"),
                arg("travel_date"),
                arg("travel_from"),
                arg("travel_to"),
                arg("travel_class"),
            ),
            "retrieve_invoice" => self.retrieve_invoice(&arg("access_token"), arg("booking_id")),
            "get_booking_history" => Ok(match self.token_error(&arg("access_token")) {
                Some(error) => PyVal::error(error),
                None => PyVal::one("booking_history", PyVal::Dict(self.booking_record.clone())),
            }),
            "list_all_airports" => Ok(PyVal::strs(flights::AIRPORTS)),
            "cancel_booking" => self.cancel_booking(&arg("access_token"), &arg("booking_id")),
            "compute_exchange_rate" => Ok(PyVal::one(
                "exchanged_value",
                flights::exchange(
                    &arg("base_currency"),
                    &arg("target_currency"),
                    &arg("value"),
                )?,
            )),
            "verify_traveler_information" => self.verify_traveler_information(
                &arg("first_name"),
                &arg("last_name"),
                &arg("date_of_birth"),
                &arg("passport_number"),
            ),
            "set_budget_limit" => {
                if let Some(error) = self.token_error(&arg("access_token")) {
                    return Ok(PyVal::error(error));
                }
                let limit = PyVal::Float(to_float(&arg("budget_limit"))?);
                self.budget_limit = limit.clone();
                Ok(PyVal::one("budget_limit", limit))
            }
            "get_nearest_airport_by_city" => {
                let location = arg("location");
                hashable(&location)?;
                let airport = flights::CITY_AIRPORTS
                    .iter()
                    .find(|(city, _)| location.as_str() == Some(city))
                    .map_or("Unknown", |(_, airport)| airport);
                Ok(PyVal::one("nearest_airport", PyVal::str(airport)))
            }
            "purchase_insurance" => self.purchase_insurance(
                &arg("access_token"),
                &arg("booking_id"),
                &arg("insurance_cost"),
                &arg("card_id"),
            ),
            "contact_customer_support" => {
                Ok(match position(&self.booking_record, &arg("booking_id"))? {
                    None => PyVal::error("Booking not found"),
                    Some(_) => PyVal::one(
                        "customer_support_message",
                        PyVal::str(methods::SUPPORT_MESSAGE),
                    ),
                })
            }
            "get_all_credit_cards" => Ok(PyVal::one(
                "credit_card_list",
                PyVal::Dict(self.credit_card_list.clone()),
            )),
            _ => Err(no_method(self, name)),
        }
    }

    fn state(&self) -> PyVal {
        PyVal::dict([
            (
                "credit_card_list",
                PyVal::Dict(self.credit_card_list.clone()),
            ),
            ("booking_record", PyVal::Dict(self.booking_record.clone())),
            ("access_token", self.access_token.clone()),
            ("token_type", self.token_type.clone()),
            ("token_expires_in", self.token_expires_in.clone()),
            ("token_scope", self.token_scope.clone()),
            ("user_first_name", self.user_first_name.clone()),
            ("user_last_name", self.user_last_name.clone()),
            ("budget_limit", self.budget_limit.clone()),
            ("long_context", PyVal::Bool(self.long_context)),
        ])
    }
}

#[cfg(test)]
mod tests;
