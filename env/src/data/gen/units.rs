//! Requests for the `units` tool: conversions (`convert_units`, every spelling the tool
//! accepts for a unit listed as an alternative) and unit listings (`list_units`). The unit
//! subset below copies symbols, aliases and factors from `tools-wasm/units/src/table.rs`.

use serde_json::Value;

use super::catalog::{Tool, expect, s, strs};
use super::phrasing::{fill, num_values, number, template};
use super::rng::Rng;
use super::{Request, Split};

/// A unit: category, the tool's symbol, the names used in requests (singular, plural), the
/// size in the category's base unit (unused for temperatures), and the other spellings the
/// tool accepts.
struct Unit {
    category: &'static str,
    symbol: &'static str,
    one: &'static str,
    many: &'static str,
    factor: f64,
    aliases: &'static [&'static str],
}

const fn u(
    category: &'static str,
    symbol: &'static str,
    one: &'static str,
    many: &'static str,
    factor: f64,
    aliases: &'static [&'static str],
) -> Unit {
    Unit {
        category,
        symbol,
        one,
        many,
        factor,
        aliases,
    }
}

const UNITS: &[Unit] = &[
    u(
        "length",
        "km",
        "kilometer",
        "kilometers",
        1000.0,
        &["kilometer", "kilometers", "kilometres"],
    ),
    u(
        "length",
        "m",
        "meter",
        "meters",
        1.0,
        &["meter", "meters", "metre", "metres"],
    ),
    u(
        "length",
        "cm",
        "centimeter",
        "centimeters",
        0.01,
        &["centimeter", "centimeters", "centimetres"],
    ),
    u(
        "length",
        "mi",
        "mile",
        "miles",
        1609.344,
        &["mile", "miles"],
    ),
    u("length", "ft", "foot", "feet", 0.3048, &["foot", "feet"]),
    u(
        "length",
        "in",
        "inch",
        "inches",
        0.0254,
        &["inch", "inches"],
    ),
    u("length", "yd", "yard", "yards", 0.9144, &["yard", "yards"]),
    u(
        "mass",
        "kg",
        "kilogram",
        "kilograms",
        1.0,
        &["kilogram", "kilograms", "kilo", "kilos"],
    ),
    u("mass", "g", "gram", "grams", 0.001, &["gram", "grams"]),
    u(
        "mass",
        "lb",
        "pound",
        "pounds",
        0.45359237,
        &["pound", "pounds", "lbs"],
    ),
    u(
        "mass",
        "oz",
        "ounce",
        "ounces",
        0.028349523125,
        &["ounce", "ounces"],
    ),
    u(
        "temperature",
        "C",
        "degree Celsius",
        "degrees Celsius",
        0.0,
        &["celsius", "degc", "centigrade", "degrees Celsius", "°C"],
    ),
    u(
        "temperature",
        "F",
        "degree Fahrenheit",
        "degrees Fahrenheit",
        0.0,
        &["fahrenheit", "degf", "degrees Fahrenheit", "°F"],
    ),
    u(
        "temperature",
        "K",
        "kelvin",
        "kelvins",
        0.0,
        &["kelvin", "kelvins"],
    ),
    u(
        "time",
        "h",
        "hour",
        "hours",
        3600.0,
        &["hr", "hrs", "hour", "hours"],
    ),
    u(
        "time",
        "min",
        "minute",
        "minutes",
        60.0,
        &["mins", "minute", "minutes"],
    ),
    u(
        "time",
        "s",
        "second",
        "seconds",
        1.0,
        &["sec", "secs", "second", "seconds"],
    ),
    u("time", "day", "day", "days", 86400.0, &["d", "days"]),
    u("time", "week", "week", "weeks", 604800.0, &["wk", "weeks"]),
    u(
        "data",
        "MB",
        "megabyte",
        "megabytes",
        1e6,
        &["megabyte", "megabytes"],
    ),
    u(
        "data",
        "GB",
        "gigabyte",
        "gigabytes",
        1e9,
        &["gigabyte", "gigabytes"],
    ),
    u(
        "data",
        "MiB",
        "mebibyte",
        "mebibytes",
        1048576.0,
        &["mebibyte", "mebibytes"],
    ),
    u(
        "data",
        "GiB",
        "gibibyte",
        "gibibytes",
        1073741824.0,
        &["gibibyte", "gibibytes"],
    ),
    u(
        "volume",
        "l",
        "liter",
        "liters",
        1.0,
        &["liter", "liters", "litre", "litres"],
    ),
    u(
        "volume",
        "ml",
        "milliliter",
        "milliliters",
        0.001,
        &["milliliter", "milliliters", "millilitre", "millilitres"],
    ),
    u(
        "volume",
        "gal",
        "gallon",
        "gallons",
        3.785411784,
        &["gallon", "gallons"],
    ),
    u("volume", "cup", "cup", "cups", 0.2365882365, &["cups"]),
    u(
        "speed",
        "km/h",
        "kilometer per hour",
        "kilometers per hour",
        1.0 / 3.6,
        &["kph", "kmh", "kilometers per hour", "kilometres per hour"],
    ),
    u(
        "speed",
        "mph",
        "mile per hour",
        "miles per hour",
        0.44704,
        &["miles per hour"],
    ),
    u(
        "speed",
        "m/s",
        "meter per second",
        "meters per second",
        1.0,
        &["mps", "meters per second", "metres per second"],
    ),
    u(
        "speed",
        "kn",
        "knot",
        "knots",
        1852.0 / 3600.0,
        &["knot", "knots"],
    ),
];

/// Every spelling of `unit` the tool accepts, symbol first.
fn spellings(unit: &Unit) -> Vec<Value> {
    let mut out = vec![s(unit.symbol)];
    out.extend(strs(unit.aliases));
    out
}

fn to_kelvin(symbol: &str, v: f64) -> f64 {
    match symbol {
        "C" => v + 273.15,
        "F" => (v - 32.0) * 5.0 / 9.0 + 273.15,
        _ => v,
    }
}

fn from_kelvin(symbol: &str, k: f64) -> f64 {
    match symbol {
        "C" => k - 273.15,
        "F" => (k - 273.15) * 9.0 / 5.0 + 32.0,
        _ => k,
    }
}

/// `value` in `from` converted to `to`, as the tool computes it.
fn convert(value: f64, from: &Unit, to: &Unit) -> f64 {
    if from.category == "temperature" {
        from_kelvin(to.symbol, to_kelvin(from.symbol, value).max(0.0))
    } else {
        value * from.factor / to.factor
    }
}

/// Two different units of one category, and a value that converts without trouble.
fn draw(rng: &mut Rng) -> (f64, &'static Unit, &'static Unit) {
    let from = rng.pick(UNITS);
    let same: Vec<&'static Unit> = UNITS
        .iter()
        .filter(|t| t.category == from.category && t.symbol != from.symbol)
        .collect();
    let to = *rng.pick(&same);
    let value = if from.category == "temperature" {
        match from.symbol {
            "K" => rng.range(200, 400) as f64,
            _ => rng.range(-30, 110) as f64,
        }
    } else if rng.chance(0.3) {
        rng.range(1, 999) as f64 / 10.0
    } else {
        rng.range(1, 500) as f64
    };
    (value, from, to)
}

fn convert_call(value: f64, from: &Unit, to: &Unit) -> crate::task::ExpectedCall {
    expect(
        "convert_units",
        vec![
            ("value", num_values(value)),
            ("from_unit", spellings(from)),
            ("to_unit", spellings(to)),
        ],
    )
}

fn phrase(value: f64, from: &Unit) -> String {
    let name = if value == 1.0 { from.one } else { from.many };
    format!("{} {name}", number(value))
}

/// A request for one units function.
pub(crate) fn request(rng: &mut Rng, split: Split) -> Request {
    if rng.chance(0.12) {
        const T: [&str; 4] = [
            "Which {c} units can you convert between?",
            "List the supported units of {c}.",
            "What units of {c} do you know?",
            "Show me every {c} unit available.",
        ];
        let c = *rng.pick(super::catalog::UNIT_CATEGORIES);
        let text = fill(template(rng, &T, split), &[("c", c)]);
        let call = expect("list_units", vec![("category", vec![s(c)])]);
        return Request::one(text, Tool::Units, call, vec![], None);
    }
    const T: [&str; 8] = [
        "Convert {v} to {to}.",
        "How many {to} is {v}?",
        "What is {v} in {to}?",
        "I have {v}. How much is that in {to}?",
        "Please express {v} in {to}.",
        "{v} equals how many {to}?",
        "Can you turn {v} into {to}?",
        "What's {v} when measured in {to}?",
    ];
    let (value, from, to) = draw(rng);
    let text = fill(
        template(rng, &T, split),
        &[("v", &phrase(value, from)), ("to", to.many)],
    );
    let answer = number(convert(value, from, to));
    Request::one(
        text,
        Tool::Units,
        convert_call(value, from, to),
        vec![],
        Some(answer),
    )
}

/// Two conversions in one request.
pub(crate) fn parallel(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 4] = [
        "Convert {v1} to {t1} and {v2} to {t2}.",
        "How much is {v1} in {t1}, and {v2} in {t2}?",
        "I need two conversions: {v1} into {t1}, and {v2} into {t2}.",
        "Please express {v1} in {t1} and also {v2} in {t2}.",
    ];
    let (v1, f1, t1) = draw(rng);
    let (mut v2, mut f2, mut t2) = draw(rng);
    for _ in 0..8 {
        if (v2, f2.symbol, t2.symbol) != (v1, f1.symbol, t1.symbol) {
            break;
        }
        (v2, f2, t2) = draw(rng);
    }
    let text = fill(
        template(rng, &T, split),
        &[
            ("v1", &phrase(v1, f1)),
            ("t1", t1.many),
            ("v2", &phrase(v2, f2)),
            ("t2", t2.many),
        ],
    );
    Request {
        text,
        tools: vec![Tool::Units],
        calls: vec![
            vec![convert_call(v1, f1, t1)],
            vec![convert_call(v2, f2, t2)],
        ],
        answer: Some(format!(
            "{}; {}",
            number(convert(v1, f1, t1)),
            number(convert(v2, f2, t2))
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_match_the_tools_own_examples() {
        let find = |s: &str| {
            UNITS
                .iter()
                .find(|u| u.symbol == s)
                .map(|u| u as *const Unit)
        };
        let unit = |s: &str| {
            UNITS
                .iter()
                .find(|u| u.symbol == s)
                .unwrap_or_else(|| panic!("{s}"))
        };
        assert!(find("km").is_some());
        assert_eq!(
            number(convert(5.0, unit("km"), unit("mi"))),
            "3.10685596119"
        );
        assert_eq!(number(convert(100.0, unit("C"), unit("F"))), "212");
        assert_eq!(number(convert(60.0, unit("mph"), unit("km/h"))), "96.56064");
        assert_eq!(number(convert(1.0, unit("GiB"), unit("MiB"))), "1024");
    }
}
