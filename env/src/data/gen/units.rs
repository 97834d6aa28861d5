//! Requests for the `units` tool: conversions (`convert_units`, every spelling the tool
//! accepts for a unit listed as an alternative) and unit listings (`list_units`). The units
//! are those of `tools-wasm/units/src/table.rs`, copied in `unit_table`. A request writes a
//! quantity with the unit's name or its abbreviation (`5 km`, `30°C`), in a plain request or
//! in a scene that fits the quantity's category (a recipe for volumes, weather for
//! temperatures).

use serde_json::Value;

use super::catalog::{Tool, expect, s, strs};
use super::phrasing::{fill, num_values, number, template};
use super::rng::Rng;
use super::unit_table::{UNITS, Unit};
use super::{Request, Split};

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
    } else {
        match rng.below(10) {
            0..=2 => rng.range(11, 999) as f64 / 10.0,
            3 => rng.range(2, 20) as f64 / 4.0,
            4 => rng.range(500, 20000) as f64,
            _ => rng.range(2, 500) as f64,
        }
    };
    (value, from, to)
}

fn convert_call(value: f64, from: &Unit, to: &Unit) -> crate::checker::ExpectedCall {
    expect(
        "convert_units",
        vec![
            ("value", num_values(value)),
            ("from_unit", spellings(from)),
            ("to_unit", spellings(to)),
        ],
    )
}

/// `value` with its unit as a person writes it: the name, or now and then the abbreviation.
fn phrase(rng: &mut Rng, value: f64, from: &Unit) -> String {
    let n = number(value);
    if !from.short.is_empty() && rng.chance(0.3) {
        if from.short.starts_with('°') {
            return format!("{n}{}", from.short);
        }
        return format!("{n} {}", from.short);
    }
    let name = if value == 1.0 { from.one } else { from.many };
    format!("{n} {name}")
}

/// Plain conversion requests.
const CONVERT: [&str; 20] = [
    "Convert {v} to {to}.",
    "How many {to} is {v}?",
    "What is {v} in {to}?",
    "I have {v}. How much is that in {to}?",
    "Please express {v} in {to}.",
    "{v} equals how many {to}?",
    "Can you turn {v} into {to}?",
    "What's {v} when measured in {to}?",
    "Could you convert {v} into {to} for me?",
    "I need {v} in {to}.",
    "Change {v} to {to}, please.",
    "How much is {v} in {to}?",
    "Quick conversion: {v} to {to}.",
    "What does {v} come to in {to}?",
    "Translate {v} into {to}.",
    "Give me {v} expressed in {to}.",
    "Tell me what {v} is in {to}.",
    "How would {v} be written in {to}?",
    "I'd like {v} converted to {to}.",
    "Work out {v} in {to}.",
];

/// Conversion requests set in a scene that fits the category (and any magnitude: a value
/// may be 0.5 or 20,000 of any unit of it).
fn scenes(category: &str) -> &'static [&'static str] {
    match category {
        "length" => &[
            "The measurement came out at {v}. What's that in {to}?",
            "The plan says the wall is {v} long. How many {to} is that?",
            "The cable is {v} long. Convert that to {to}.",
            "My notes give the distance as {v}. What is that in {to}?",
            "The spec sheet lists a length of {v}. Express it in {to}.",
            "We measured {v}. How long is that in {to}?",
            "The map says {v}. How many {to} would that be?",
            "The part must be {v} long. What's that in {to}?",
        ],
        "mass" => &[
            "The sample weighs {v}. What's that in {to}?",
            "The label says {v}. How many {to} is that?",
            "The scale shows {v}. Convert that to {to}.",
            "The shipping form lists {v}. What is that in {to}?",
            "The datasheet gives a mass of {v}. Express it in {to}.",
            "Our load is {v}. How heavy is that in {to}?",
            "I weighed it at {v}. How many {to} is that?",
            "The limit is {v}. What's that in {to}?",
        ],
        "temperature" => &[
            "The thermometer shows {v}. What's that in {to}?",
            "The sensor reads {v}. What is that in {to}?",
            "The lab sample is stored at {v}. Convert it to {to}.",
            "The forecast says {v}. How much is that in {to}?",
            "The recipe says {v}. What's that in {to}?",
            "The log recorded {v}. Express that in {to}.",
            "The manual gives a limit of {v}. What is it in {to}?",
            "My weather station says {v}. Convert that to {to}.",
        ],
        "time" => &[
            "The job ran for {v}. How many {to} is that?",
            "The process took {v}. What's that in {to}?",
            "The recording is {v} long. How long is that in {to}?",
            "The timer is set to {v}. Convert that to {to}.",
            "The experiment lasted {v}. How many {to} is that?",
            "The log says the task took {v}. What's that in {to}?",
            "The contract mentions a period of {v}. How much is that in {to}?",
            "The estimate is {v}. Express that in {to}.",
        ],
        "data" => &[
            "The file is {v}. How many {to} is that?",
            "The backup takes up {v}. What's that in {to}?",
            "The dataset is {v}. Convert that to {to}.",
            "The upload limit is {v}. How big is it in {to}?",
            "Our quota is {v}. What is that in {to}?",
            "The log folder holds {v}. Express that in {to}.",
            "The disk image is {v}. How many {to} is that?",
            "The attachment is {v}. What's that in {to}?",
        ],
        "volume" => &[
            "The container holds {v}. How many {to} is that?",
            "The tank holds {v}. What's that in {to}?",
            "The recipe calls for {v}. Convert that to {to}.",
            "The label says {v}. How much is that in {to}?",
            "We measured {v} of liquid. What is that in {to}?",
            "The order is for {v}. Express that in {to}.",
            "The spec gives a capacity of {v}. How many {to} is that?",
            "The flask contains {v}. What's that in {to}?",
        ],
        _ => &[
            "The sensor recorded {v}. What's that in {to}?",
            "The wind is blowing at {v}. Convert that to {to}.",
            "The vehicle was going {v}. How fast is that in {to}?",
            "The spec lists a top speed of {v}. What is that in {to}?",
            "The current flows at {v}. Express that in {to}.",
            "The radar showed {v}. How much is that in {to}?",
            "The log says {v}. What's that speed in {to}?",
            "The limit is {v}. What is that in {to}?",
        ],
    }
}

/// A request for one units function.
pub(crate) fn request(rng: &mut Rng, split: Split) -> Request {
    if rng.chance(0.12) {
        const T: [&str; 12] = [
            "Which {c} units can you convert between?",
            "List the supported units of {c}.",
            "What units of {c} do you know?",
            "Show me every {c} unit available.",
            "Which units can I use for {c}?",
            "Give me the list of {c} units you support.",
            "What {c} units are there to choose from?",
            "I want to convert some {c} values. Which units are supported?",
            "Tell me all the {c} units you handle.",
            "Enumerate the available units for {c}.",
            "Which {c} units does the converter accept?",
            "Could you list the units in the {c} category?",
        ];
        let c = *rng.pick(super::catalog::UNIT_CATEGORIES);
        let text = fill(template(rng, &T, split), &[("c", c)]);
        let call = expect("list_units", vec![("category", vec![s(c)])]);
        return Request::one(text, Tool::Units, call, vec![], None);
    }
    let (value, from, to) = draw(rng);
    let t = if rng.chance(0.4) {
        template(rng, scenes(from.category), split)
    } else {
        template(rng, &CONVERT, split)
    };
    let v = phrase(rng, value, from);
    let text = fill(t, &[("v", &v), ("to", to.many)]);
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
    const T: [&str; 8] = [
        "Convert {v1} to {t1} and {v2} to {t2}.",
        "How much is {v1} in {t1}, and {v2} in {t2}?",
        "I need two conversions: {v1} into {t1}, and {v2} into {t2}.",
        "What is {v1} in {t1}? And what is {v2} in {t2}?",
        "Two quick conversions, please: {v1} to {t1}, then {v2} to {t2}.",
        "Can you give me {v1} in {t1} as well as {v2} in {t2}?",
        "Please express {v1} in {t1} and also {v2} in {t2}.",
        "Convert both of these: {v1} into {t1}, and {v2} into {t2}.",
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
            ("v1", &phrase(rng, v1, f1)),
            ("t1", t1.many),
            ("v2", &phrase(rng, v2, f2)),
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
