//! The class's fixed tables and the flight price rule: routes with their base fares
//! (`get_flight_cost`'s `base_costs`, 153 routes in the class's order), the airports
//! `list_all_airports` names, the cities `get_nearest_airport_by_city` knows, and the rates of
//! `compute_exchange_rate`.

use tz_tool_common::bfcl::pyops::{Op, binary, decimal_value, hashable, is_digit, iterate};
use tz_tool_common::bfcl::pyops::{no_attribute, to_float};
use tz_tool_common::py::{PyVal, py_round, str_repr};

/// `(from, to, base fare in USD)` for every route, in the order of the class's dict.
pub const BASE_COSTS: [(&str, &str, i64); 153] = [
    ("SFO", "LAX", 200),
    ("SFO", "JFK", 500),
    ("SFO", "ORD", 400),
    ("SFO", "BOS", 450),
    ("SFO", "RMS", 300),
    ("SFO", "SBK", 350),
    ("SFO", "MPC", 370),
    ("SFO", "SVP", 320),
    ("SFO", "SHD", 330),
    ("SFO", "SSV", 340),
    ("SFO", "OKD", 360),
    ("SFO", "WLB", 310),
    ("SFO", "CRH", 380),
    ("SFO", "ATV", 390),
    ("SFO", "PHV", 420),
    ("SFO", "GFD", 430),
    ("SFO", "CIA", 700),
    ("LAX", "SFO", 100),
    ("LAX", "JFK", 600),
    ("LAX", "ORD", 500),
    ("LAX", "BOS", 550),
    ("LAX", "RMS", 310),
    ("LAX", "SBK", 320),
    ("LAX", "MPC", 330),
    ("LAX", "SVP", 340),
    ("LAX", "SHD", 350),
    ("LAX", "SSV", 360),
    ("LAX", "OKD", 370),
    ("LAX", "WLB", 380),
    ("LAX", "CRH", 390),
    ("LAX", "ATV", 400),
    ("LAX", "PHV", 410),
    ("LAX", "GFD", 420),
    ("LAX", "HND", 430),
    ("JFK", "ORD", 300),
    ("JFK", "BOS", 250),
    ("JFK", "RMS", 450),
    ("JFK", "SBK", 460),
    ("JFK", "MPC", 470),
    ("JFK", "SVP", 480),
    ("JFK", "SHD", 490),
    ("JFK", "SSV", 500),
    ("JFK", "OKD", 510),
    ("JFK", "WLB", 520),
    ("JFK", "CRH", 530),
    ("JFK", "ATV", 540),
    ("JFK", "PHV", 550),
    ("JFK", "GFD", 560),
    ("JFK", "LAX", 570),
    ("JFK", "HND", 800),
    ("JFK", "PVG", 950),
    ("JFK", "PEK", 1000),
    ("ORD", "LAX", 180),
    ("ORD", "BOS", 200),
    ("ORD", "RMS", 350),
    ("ORD", "SBK", 360),
    ("ORD", "MPC", 370),
    ("ORD", "SVP", 380),
    ("ORD", "SHD", 390),
    ("ORD", "SSV", 400),
    ("ORD", "OKD", 410),
    ("ORD", "WLB", 420),
    ("ORD", "CRH", 430),
    ("ORD", "ATV", 440),
    ("ORD", "PHV", 450),
    ("ORD", "GFD", 460),
    ("BOS", "RMS", 400),
    ("BOS", "SBK", 410),
    ("BOS", "MPC", 420),
    ("BOS", "SVP", 430),
    ("BOS", "SHD", 440),
    ("BOS", "SSV", 450),
    ("BOS", "OKD", 460),
    ("BOS", "WLB", 470),
    ("BOS", "CRH", 480),
    ("BOS", "ATV", 490),
    ("BOS", "PHV", 500),
    ("BOS", "GFD", 510),
    ("RMS", "BOS", 200),
    ("RMS", "JFK", 210),
    ("RMS", "SBK", 220),
    ("RMS", "MPC", 230),
    ("RMS", "SVP", 240),
    ("RMS", "SHD", 250),
    ("RMS", "SSV", 260),
    ("RMS", "OKD", 270),
    ("RMS", "WLB", 280),
    ("RMS", "CRH", 290),
    ("RMS", "ATV", 300),
    ("RMS", "PHV", 310),
    ("RMS", "GFD", 320),
    ("RMS", "LAX", 330),
    ("SBK", "MPC", 200),
    ("SBK", "SVP", 210),
    ("SBK", "SHD", 220),
    ("SBK", "SSV", 230),
    ("SBK", "OKD", 240),
    ("SBK", "WLB", 250),
    ("SBK", "CRH", 260),
    ("SBK", "ATV", 270),
    ("SBK", "PHV", 280),
    ("SBK", "GFD", 290),
    ("MPC", "SVP", 210),
    ("MPC", "SHD", 220),
    ("MPC", "SSV", 230),
    ("MPC", "OKD", 240),
    ("MPC", "WLB", 250),
    ("MPC", "CRH", 260),
    ("MPC", "ATV", 270),
    ("MPC", "PHV", 280),
    ("MPC", "GFD", 290),
    ("SVP", "SHD", 230),
    ("SVP", "SSV", 240),
    ("SVP", "OKD", 250),
    ("SVP", "WLB", 260),
    ("SVP", "CRH", 270),
    ("SVP", "ATV", 280),
    ("SVP", "PHV", 290),
    ("SVP", "GFD", 300),
    ("SHD", "SSV", 220),
    ("SHD", "OKD", 230),
    ("SHD", "WLB", 240),
    ("SHD", "CRH", 250),
    ("SHD", "ATV", 260),
    ("SHD", "PHV", 270),
    ("SHD", "GFD", 280),
    ("SSV", "OKD", 240),
    ("SSV", "WLB", 250),
    ("SSV", "CRH", 260),
    ("SSV", "ATV", 270),
    ("SSV", "PHV", 280),
    ("SSV", "GFD", 290),
    ("OKD", "WLB", 230),
    ("OKD", "CRH", 240),
    ("OKD", "ATV", 250),
    ("OKD", "PHV", 260),
    ("OKD", "GFD", 270),
    ("WLB", "CRH", 250),
    ("WLB", "ATV", 260),
    ("WLB", "PHV", 270),
    ("WLB", "GFD", 280),
    ("CRH", "ATV", 240),
    ("CRH", "PHV", 250),
    ("CRH", "GFD", 260),
    ("CRH", "SFO", 270),
    ("CRH", "RMS", 280),
    ("CRH", "HKG", 290),
    ("CRH", "JFK", 300),
    ("ATV", "PHV", 230),
    ("ATV", "GFD", 240),
    ("PHV", "GFD", 220),
    ("LHR", "CDG", 100),
    ("OKD", "LAX", 220),
];

/// `list_all_airports()`, in the class's order.
pub const AIRPORTS: [&str; 23] = [
    "RMS", "SBK", "MPC", "SVP", "SHD", "CDG", "LHR", "SSV", "OKD", "WLB", "PEK", "HND", "HKG",
    "CIA", "CRH", "ATV", "PHV", "GFD", "SFO", "LAX", "JFK", "ORD", "BOS",
];

/// `get_nearest_airport_by_city`'s map (city, airport).
pub const CITY_AIRPORTS: [(&str, &str); 23] = [
    ("Rivermist", "RMS"),
    ("Stonebrook", "SBK"),
    ("Maplecrest", "MPC"),
    ("Silverpine", "SVP"),
    ("Shadowridge", "SHD"),
    ("London", "LHR"),
    ("Paris", "CDG"),
    ("Sunset Valley", "SSV"),
    ("Oakendale", "OKD"),
    ("Willowbend", "WLB"),
    ("Crescent Hollow", "CRH"),
    ("Autumnville", "ATV"),
    ("Pinehaven", "PHV"),
    ("Greenfield", "GFD"),
    ("San Francisco", "SFO"),
    ("Los Angeles", "LAX"),
    ("New York", "JFK"),
    ("Chicago", "ORD"),
    ("Boston", "BOS"),
    ("Beijing", "PEK"),
    ("Hong Kong", "HKG"),
    ("Rome", "CIA"),
    ("Tokyo", "HND"),
];

/// `compute_exchange_rate`'s rates from USD, in the class's order: an int rate multiplies
/// as an int.
pub const EXCHANGE_RATES: [(&str, &str, Rate); 10] = [
    ("USD", "RMB", Rate::Int(7)),
    ("USD", "EUR", Rate::Float(0.8)),
    ("USD", "JPY", Rate::Int(110)),
    ("USD", "GBP", Rate::Float(0.7)),
    ("USD", "CAD", Rate::Float(1.3)),
    ("USD", "AUD", Rate::Float(1.4)),
    ("USD", "INR", Rate::Int(70)),
    ("USD", "RUB", Rate::Int(60)),
    ("USD", "BRL", Rate::Float(3.8)),
    ("USD", "MXN", Rate::Int(20)),
];

/// An exchange rate as the class writes it (`7` or `0.8`).
#[derive(Debug, Clone, Copy)]
pub enum Rate {
    /// An int literal.
    Int(i64),
    /// A float literal.
    Float(f64),
}

impl Rate {
    fn value(self) -> PyVal {
        match self {
            Rate::Int(i) => PyVal::Int(i),
            Rate::Float(f) => PyVal::Float(f),
        }
    }
}

/// `compute_exchange_rate(base, target, value)`: `float(value * rate)` from USD,
/// `round(value / rate, 2)` to USD; `Err` is the exception text.
pub fn exchange(base: &PyVal, target: &PyVal, value: &PyVal) -> Result<PyVal, String> {
    for (from, to, rate) in EXCHANGE_RATES {
        let (from, to) = (PyVal::str(from), PyVal::str(to));
        if base.py_eq(&from) && target.py_eq(&to) {
            let product = binary(value, Op::Mul, &rate.value())?;
            return Ok(PyVal::Float(to_float(&product)?));
        }
        if base.py_eq(&to) && target.py_eq(&from) {
            let quotient = to_float(&binary(value, Op::Div, &rate.value())?)?;
            return Ok(PyVal::Float(py_round(quotient, 2)));
        }
    }
    Err("No available exchange rate for the given currencies.".into())
}

/// What `get_flight_cost` computes before it builds its list: the route's fare and the
/// multiplier that class and date give every fare.
pub struct Fare {
    /// The requested route's cost in USD.
    pub cost: f64,
    /// class factor x date multiplier, applied to every route's base fare.
    pub multiplier: i64,
}

/// `get_flight_cost`'s checks and arithmetic: the route must exist (`ValueError`), the class
/// be economy (x1), business (x2) or first (x5) (`ValueError`); a date whose digits sum to an
/// even number doubles the fare. `Err` is the exception text.
pub fn fare(from: &PyVal, to: &PyVal, date: &PyVal, class: &PyVal) -> Result<Fare, String> {
    hashable(from)?;
    hashable(to)?;
    let base = BASE_COSTS
        .iter()
        .find(|(f, t, _)| from.as_str() == Some(f) && to.as_str() == Some(t))
        .map(|(_, _, cost)| *cost)
        .ok_or("No available route for the given airports.")?;
    let factor = match class.as_str() {
        Some("economy") => 1,
        Some("business") => 2,
        Some("first") => 5,
        _ => return Err("Invalid travel class. Options are: economy, business, first.".into()),
    };
    let date_multiplier = if digit_sum_is_odd(date)? { 1 } else { 2 };
    let multiplier = factor * date_multiplier;
    Ok(Fare {
        cost: (base * multiplier) as f64,
        multiplier,
    })
}

/// The parity of `sum(int(char) for char in date if char.isdigit())` (only the parity
/// matters, and the parity of `int(s)` is that of its last digit). Iterating a non-str
/// iterates its items (a list's elements, a dict's keys) as Python does.
fn digit_sum_is_odd(date: &PyVal) -> Result<bool, String> {
    let items = iterate(date)?;
    let mut odd = false;
    for item in &items {
        let PyVal::Str(text) = item else {
            return Err(no_attribute(item, "isdigit"));
        };
        if text.is_empty() || !text.chars().all(is_digit) {
            continue;
        }
        let mut last = 0;
        for c in text.chars() {
            last = decimal_value(c).ok_or_else(|| {
                format!("invalid literal for int() with base 10: {}", str_repr(text))
            })?;
        }
        odd ^= last % 2 == 1;
    }
    Ok(odd)
}
