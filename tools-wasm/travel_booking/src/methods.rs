//! `TravelAPI`'s methods that check the token or touch cards and bookings, each in the
//! class's order of checks, with its failure results (`{"error": ...}`, or the status flag
//! `false` with the error) and the exceptions Python would raise (`Err`, the exception text).

use tz_tool_common::bfcl::pyops::{Cmp, Op, augmented, compare, hashable, item, position};
use tz_tool_common::bfcl::pyops::{strptime_type_error, type_name};
use tz_tool_common::py::{PyVal, py_str, repr};

use crate::{TravelApi, date, flights};

/// `contact_customer_support`'s answer.
pub const SUPPORT_MESSAGE: &str = "Thank you for contacting customer support. Your message has been received and we will get back to you shortly.";

/// `book_flight`'s message for an unknown class; Python prints a `set` (see the crate docs).
const INVALID_CLASS: &str = "Invalid travel class. Must be one of {'economy', 'business', 'first'}";

/// `{status: False, "error": error}`.
fn failed(status: &str, error: &str) -> PyVal {
    PyVal::dict([(status, PyVal::Bool(false)), ("error", PyVal::str(error))])
}

/// Sets `items[key]`: in place when present (Python keeps the key's position), else appended.
fn insert(items: &mut Vec<(PyVal, PyVal)>, key: PyVal, value: PyVal) -> Result<(), String> {
    match position(items, &key)? {
        Some(at) => items[at].1 = value,
        None => items.push((key, value)),
    }
    Ok(())
}

impl TravelApi {
    /// The check most methods start with: an expired token (`token_expires_in == 0`), then a
    /// token other than the one issued.
    pub(crate) fn token_error(&self, access_token: &PyVal) -> Option<&'static str> {
        if self.token_expires_in.py_eq(&PyVal::Int(0)) {
            Some("Token expired")
        } else if !access_token.py_eq(&self.access_token) {
            Some("Invalid access token")
        } else {
            None
        }
    }

    /// `authenticate_travel`: issues a 6-digit token valid for 2 uses.
    pub(crate) fn authenticate_travel(
        &mut self,
        grant_type: PyVal,
        first_name: PyVal,
        last_name: PyVal,
    ) -> PyVal {
        self.token_expires_in = PyVal::Int(2);
        self.access_token = PyVal::Str(self.random.randint(100_000, 999_999).to_string());
        self.token_type = PyVal::str("Bearer");
        self.token_scope = grant_type.clone();
        self.user_first_name = first_name;
        self.user_last_name = last_name;
        PyVal::dict([
            ("expires_in", PyVal::Int(2)),
            ("access_token", self.access_token.clone()),
            ("token_type", PyVal::str("Bearer")),
            ("scope", grant_type),
        ])
    }

    /// `register_credit_card`: a 12-digit card id and a random 5-digit balance.
    pub(crate) fn register_credit_card(
        &mut self,
        access_token: &PyVal,
        card_number: PyVal,
        expiration_date: PyVal,
        cardholder_name: PyVal,
        card_verification_number: PyVal,
    ) -> Result<PyVal, String> {
        if self.token_expires_in == PyVal::None {
            return Ok(PyVal::error("Token not initialized"));
        }
        if let Some(error) = self.token_error(access_token) {
            return Ok(PyVal::error(error));
        }
        if position(&self.credit_card_list, &card_number)?.is_some() {
            return Ok(PyVal::error("Card already registered"));
        }
        let card_id = PyVal::Str(
            self.random
                .randint(100_000_000_000, 999_999_999_999)
                .to_string(),
        );
        let card = PyVal::dict([
            ("card_number", card_number),
            ("expiration_date", expiration_date),
            ("cardholder_name", cardholder_name),
            ("card_verification_number", card_verification_number),
            ("balance", PyVal::Int(self.random.randint(10_000, 99_999))),
        ]);
        insert(&mut self.credit_card_list, card_id.clone(), card)?;
        Ok(PyVal::one("card_id", card_id))
    }

    /// `get_credit_card_balance`.
    pub(crate) fn get_credit_card_balance(
        &self,
        access_token: &PyVal,
        card_id: &PyVal,
    ) -> Result<PyVal, String> {
        if let Some(error) = self.token_error(access_token) {
            return Ok(PyVal::error(error));
        }
        let Some(at) = position(&self.credit_card_list, card_id)? else {
            let ids = self.credit_card_list.iter().map(|(k, _)| k.clone());
            return Ok(PyVal::error(format!(
                "Card not registered. Here are a list of card_id's: {}",
                repr(&PyVal::List(ids.collect()))
            )));
        };
        let balance = item(&self.credit_card_list[at].1, "balance")?;
        Ok(PyVal::one("card_balance", balance.clone()))
    }

    /// `book_flight`: charges the card the fare and records the booking (7-digit booking id,
    /// 8-digit transaction id).
    pub(crate) fn book_flight(
        &mut self,
        access_token: &PyVal,
        card_id: PyVal,
        travel_date: PyVal,
        travel_from: PyVal,
        travel_to: PyVal,
        travel_class: PyVal,
    ) -> Result<PyVal, String> {
        let fail = |error: &str| Ok(failed("booking_status", error));
        if let Some(error) = self.token_error(access_token) {
            return fail(error);
        }
        let Some(card_at) = position(&self.credit_card_list, &card_id)? else {
            return fail("Card not registered");
        };
        let Some(balance) = self.credit_card_list[card_at].1.get("balance").cloned() else {
            return fail("Balance not found");
        };
        let known = |code: &PyVal| flights::AIRPORTS.iter().any(|a| code.as_str() == Some(a));
        if !known(&travel_from) {
            return fail(&format!(
                "Invalid departure airport code: {}",
                py_str(&travel_from)
            ));
        }
        if !known(&travel_to) {
            return fail(&format!(
                "Invalid destination airport code: {}",
                py_str(&travel_to)
            ));
        }
        match &travel_date {
            PyVal::Str(text) if date::strptime_ymd(text).is_some() => {}
            PyVal::Str(_) => return fail("Invalid date format. Use YYYY-MM-DD."),
            other => return Err(strptime_type_error(other)),
        }
        hashable(&travel_class)?;
        if !matches!(
            travel_class.as_str(),
            Some("economy" | "business" | "first")
        ) {
            return fail(INVALID_CLASS);
        }
        let cost = match flights::fare(&travel_from, &travel_to, &travel_date, &travel_class) {
            Ok(fare) => PyVal::Float(fare.cost),
            Err(error) => return fail(&error),
        };
        if compare(&balance, Cmp::Lt, &cost)? {
            return fail("Insufficient funds");
        }
        if self.budget_limit != PyVal::None && compare(&balance, Cmp::Lt, &self.budget_limit)? {
            return fail("Balance is less than budget limit");
        }
        let charged = augmented(&balance, Op::Sub, &cost)?;
        self.credit_card_list[card_at].1.set("balance", charged);
        let booking_id = PyVal::Str(self.random.randint(1_000_000, 9_999_999).to_string());
        let transaction_id = PyVal::Str(self.random.randint(10_000_000, 99_999_999).to_string());
        let booking = PyVal::dict([
            ("card_id", card_id),
            ("travel_date", travel_date),
            ("travel_from", travel_from),
            ("travel_to", travel_to),
            ("travel_class", travel_class),
            ("travel_cost", cost),
            ("transaction_id", transaction_id.clone()),
        ]);
        insert(&mut self.booking_record, booking_id.clone(), booking)?;
        let history = match self.long_context {
            true => self.booking_record.clone(),
            false => Vec::new(),
        };
        Ok(PyVal::dict([
            ("booking_id", booking_id),
            ("transaction_id", transaction_id),
            ("booking_status", PyVal::Bool(true)),
            ("booking_history", PyVal::Dict(history)),
        ]))
    }

    /// `retrieve_invoice` (the unused `insurance_id` aside).
    pub(crate) fn retrieve_invoice(
        &self,
        access_token: &PyVal,
        booking_id: PyVal,
    ) -> Result<PyVal, String> {
        if let Some(error) = self.token_error(access_token) {
            return Ok(PyVal::error(error));
        }
        let Some(at) = position(&self.booking_record, &booking_id)? else {
            return Ok(PyVal::error("Booking not found"));
        };
        let booking = &self.booking_record[at].1;
        let mut invoice = vec![("booking_id", booking_id)];
        for key in [
            "travel_date",
            "travel_from",
            "travel_to",
            "travel_class",
            "travel_cost",
            "transaction_id",
        ] {
            invoice.push((key, item(booking, key)?.clone()));
        }
        Ok(PyVal::one("invoice", PyVal::dict(invoice)))
    }

    /// `cancel_booking`: refunds the booking's cost to its card and forgets the booking.
    pub(crate) fn cancel_booking(
        &mut self,
        access_token: &PyVal,
        booking_id: &PyVal,
    ) -> Result<PyVal, String> {
        if let Some(error) = self.token_error(access_token) {
            return Ok(failed("cancel_status", error));
        }
        let Some(at) = position(&self.booking_record, booking_id)? else {
            return Ok(failed("cancel_status", "Booking not found"));
        };
        let booking = &self.booking_record[at].1;
        let card_id = item(booking, "card_id")?.clone();
        let cost = item(booking, "travel_cost")?.clone();
        let card_at = position(&self.credit_card_list, &card_id)?.ok_or_else(|| repr(&card_id))?;
        let card = &mut self.credit_card_list[card_at].1;
        let refunded = augmented(item(card, "balance")?, Op::Add, &cost)?;
        card.set("balance", refunded);
        self.booking_record.remove(at);
        Ok(PyVal::one("cancel_status", PyVal::Bool(true)))
    }

    /// `verify_traveler_information`: the logged-in traveller, a valid birth date, 18 or
    /// older (see [`date::TODAY`]), a passport number starting `US`.
    pub(crate) fn verify_traveler_information(
        &self,
        first_name: &PyVal,
        last_name: &PyVal,
        date_of_birth: &PyVal,
        passport_number: &PyVal,
    ) -> Result<PyVal, String> {
        let failure = |why: String| {
            Ok(PyVal::dict([
                ("verification_status", PyVal::Bool(false)),
                ("verification_failure", PyVal::Str(why)),
            ]))
        };
        if !self.user_first_name.py_eq(first_name) || !self.user_last_name.py_eq(last_name) {
            return failure(format!(
                "Cannot book flight information for another user.Expected {} {}, got {} {}",
                py_str(&self.user_first_name),
                py_str(&self.user_last_name),
                py_str(first_name),
                py_str(last_name)
            ));
        }
        let birth = match date_of_birth {
            PyVal::Str(text) => date::strptime_ymd(text),
            other => return Err(strptime_type_error(other)),
        };
        let Some(birth) = birth else {
            return failure("Invalid date of birth format. Please use YYYY-MM-DD.".into());
        };
        if date::age(birth) < 18 {
            return failure("Traveler must be at least 18 years old.".into());
        }
        let PyVal::Str(passport) = passport_number else {
            return Err(format!(
                "'{}' object has no attribute 'startswith'",
                type_name(passport_number)
            ));
        };
        if !passport.starts_with("US") {
            return failure("Passport must be issued by the United States.".into());
        }
        Ok(PyVal::one("verification_status", PyVal::Bool(true)))
    }

    /// `purchase_insurance`: charges the card and answers a 9-digit insurance id (the
    /// insurance itself is not recorded).
    pub(crate) fn purchase_insurance(
        &mut self,
        access_token: &PyVal,
        booking_id: &PyVal,
        insurance_cost: &PyVal,
        card_id: &PyVal,
    ) -> Result<PyVal, String> {
        let fail = |error: &str| Ok(failed("insurance_status", error));
        if let Some(error) = self.token_error(access_token) {
            return fail(error);
        }
        if self.budget_limit != PyVal::None && compare(&self.budget_limit, Cmp::Lt, insurance_cost)?
        {
            return fail("Exceeded budget limit");
        }
        if position(&self.booking_record, booking_id)?.is_none() {
            return fail("Booking not found");
        }
        let Some(at) = position(&self.credit_card_list, card_id)? else {
            return fail("Credit card not registered");
        };
        let card = &mut self.credit_card_list[at].1;
        let charged = augmented(item(card, "balance")?, Op::Sub, insurance_cost)?;
        card.set("balance", charged);
        let insurance_id = self.random.randint(100_000_000, 999_999_999).to_string();
        Ok(PyVal::dict([
            ("insurance_id", PyVal::Str(insurance_id)),
            ("insurance_status", PyVal::Bool(true)),
        ]))
    }
}
