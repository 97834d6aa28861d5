//! Tool `units`: converts values between units of one category.
//!
//! Functions: `convert_units(value, from_unit, to_unit)` and `list_units([category])`.
//! Categories: length, mass, temperature (C/F/K, with offsets), time, data (SI kB = 1000 B
//! and IEC KiB = 1024 B), volume (US customary) and speed; see [`table`].
#![warn(missing_docs)]

#[cfg(target_arch = "wasm32")]
mod component;
pub mod table;

use serde_json::{Value, json};
use table::{CATEGORIES, Category, Unit};
use tz_tool_common::number::json_number;
use tz_tool_common::spec::spec_json;
use tz_tool_common::{Args, FunctionSpec, Param};

/// Absolute zero in each temperature unit, the lowest value accepted.
const ABSOLUTE_ZERO_K: f64 = 0.0;

fn category_names() -> Vec<&'static str> {
    CATEGORIES.iter().map(|c| c.name()).collect()
}

fn functions() -> Vec<FunctionSpec> {
    vec![
        FunctionSpec::new(
            "convert_units",
            "Converts a value from one unit to another of the same category (length, mass, temperature, time, data, volume, speed). Units are symbols or names, case-insensitive: e.g. km, mi, ft, kg, lb, C, F, K, h, day, MB, MiB, l, gal, km/h, mph. Data: kB/MB/GB are powers of 1000, KiB/MiB/GiB powers of 1024. Volume units are US customary; a year is 365 days. Returns {\"value\", \"from_unit\", \"to_unit\", \"result\", \"category\"}.",
            vec![
                Param::number("value", "The quantity to convert"),
                Param::string("from_unit", "The unit of value, e.g. 'km'"),
                Param::string("to_unit", "The unit to convert to, e.g. 'mi'"),
            ],
        ),
        FunctionSpec::new(
            "list_units",
            "Lists the supported units (symbol and name), for one category or for all.",
            vec![
                Param::one_of(
                    "category",
                    "Only this category; omit for all",
                    &category_names(),
                )
                .optional(),
            ],
        ),
    ]
}

/// The tool's spec: a JSON array of function descriptions.
pub fn spec() -> String {
    spec_json(&functions())
}

/// Calls function `name` with JSON `arguments`.
pub fn call(name: &str, arguments: &str) -> Result<String, String> {
    let args = Args::parse(arguments)?;
    let out = match name {
        "convert_units" => convert_units(
            args.f64("value")?,
            args.str("from_unit")?,
            args.str("to_unit")?,
        )?,
        "list_units" => list_units(args.opt_str("category")?)?,
        _ => {
            let names: Vec<&str> = functions().iter().map(|f| f.name).collect();
            return Err(tz_tool_common::unknown_function(name, &names));
        }
    };
    Ok(tz_tool_common::json_text(&out))
}

fn symbols(c: Category) -> String {
    c.units().map(|u| u.symbol).collect::<Vec<_>>().join(", ")
}

fn resolve(text: &str, other: Option<&Unit>) -> Result<&'static Unit, String> {
    if let Some(unit) = table::lookup(text) {
        return Ok(unit);
    }
    let spellings = table::UNITS
        .iter()
        .flat_map(|u| std::iter::once(u.symbol).chain(u.aliases.iter().copied()));
    let tail = match other {
        Some(o) => format!("valid {} units: {}", o.category.name(), symbols(o.category)),
        None => format!(
            "categories: {} (call list_units to see every unit)",
            category_names().join(", ")
        ),
    };
    Err(tz_tool_common::fuzzy::suggest(
        &format!("unknown unit '{}'", tz_tool_common::clip(text)),
        text,
        spellings,
        &tail,
    ))
}

fn to_kelvin(unit: &Unit, v: f64) -> f64 {
    match unit.symbol {
        "C" => v + 273.15,
        "F" => (v - 32.0) * 5.0 / 9.0 + 273.15,
        _ => v,
    }
}

fn from_kelvin(unit: &Unit, k: f64) -> f64 {
    match unit.symbol {
        "C" => k - 273.15,
        "F" => (k - 273.15) * 9.0 / 5.0 + 32.0,
        _ => k,
    }
}

/// Converts `value` from `from` to `to`.
pub fn convert_units(value: f64, from: &str, to: &str) -> Result<Value, String> {
    let from_unit = table::lookup(from);
    let to_unit = table::lookup(to);
    let f = resolve(from, to_unit)?;
    let t = resolve(to, from_unit)?;
    if f.category != t.category {
        return Err(format!(
            "cannot convert {} ({}) to {} ({}); valid {} units: {}",
            f.symbol,
            f.category.name(),
            t.symbol,
            t.category.name(),
            f.category.name(),
            symbols(f.category)
        ));
    }
    if !value.is_finite() {
        return Err("value must be a finite number".into());
    }
    let result = if f.category == Category::Temperature {
        let k = to_kelvin(f, value);
        // Tolerate float noise at exactly absolute zero (e.g. -459.67 F).
        if k < ABSOLUTE_ZERO_K - 1e-9 {
            return Err(format!(
                "{value} {} is below absolute zero (0 K = -273.15 C = -459.67 F)",
                f.symbol
            ));
        }
        from_kelvin(t, k.max(0.0))
    } else {
        value * f.factor / t.factor
    };
    if !result.is_finite() {
        return Err("the result is too large to represent".into());
    }
    Ok(json!({
        "value": json_number(value),
        "from_unit": f.symbol,
        "to_unit": t.symbol,
        "result": json_number(result),
        "category": f.category.name(),
    }))
}

/// The units of `category`, or of every category.
pub fn list_units(category: Option<&str>) -> Result<Value, String> {
    let listed: Vec<Category> = match category {
        None => CATEGORIES.to_vec(),
        Some(name) => vec![Category::parse(name).ok_or_else(|| {
            format!(
                "unknown category '{}'; categories: {}",
                tz_tool_common::clip(name),
                category_names().join(", ")
            )
        })?],
    };
    let mut out = serde_json::Map::new();
    for c in listed {
        let units: Vec<Value> = c
            .units()
            .map(|u| json!({ "symbol": u.symbol, "name": u.name }))
            .collect();
        out.insert(c.name().into(), Value::Array(units));
    }
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(v: f64, from: &str, to: &str) -> Value {
        convert_units(v, from, to).unwrap_or_else(|e| panic!("{from}->{to}: {e}"))["result"].clone()
    }

    #[test]
    fn spec_is_well_formed_and_every_function_dispatches() {
        let names = tz_tool_common::check_spec(&spec()).unwrap();
        assert_eq!(names, ["convert_units", "list_units"]);
        assert!(
            call("convert_units", "{}")
                .unwrap_err()
                .starts_with("missing required")
        );
        assert!(call("list_units", "{}").is_ok());
    }

    #[test]
    fn converts_lengths_masses_times_volumes_and_speeds() {
        assert_eq!(convert(5.0, "km", "mi"), json!(3.10685596119));
        assert_eq!(convert(1.0, "mi", "ft"), json!(5280));
        assert_eq!(convert(12.0, "in", "cm"), json!(30.48));
        assert_eq!(convert(1.0, "nmi", "m"), json!(1852));
        assert_eq!(convert(1.0, "kg", "lb"), json!(2.20462262185));
        assert_eq!(convert(16.0, "oz", "lb"), json!(1));
        assert_eq!(convert(1.0, "st", "lb"), json!(14));
        assert_eq!(convert(1.5, "h", "min"), json!(90));
        assert_eq!(convert(1.0, "week", "s"), json!(604800));
        assert_eq!(convert(1.0, "year", "day"), json!(365));
        assert_eq!(convert(1.0, "gal", "l"), json!(3.785411784));
        assert_eq!(convert(1.0, "cup", "tbsp"), json!(16));
        assert_eq!(convert(100.0, "km/h", "m/s"), json!(27.7777777778));
        assert_eq!(convert(60.0, "mph", "km/h"), json!(96.56064));
        assert_eq!(convert(1.0, "knot", "km/h"), json!(1.852));
    }

    #[test]
    fn data_sizes_distinguish_si_and_iec_prefixes() {
        assert_eq!(convert(1.0, "GB", "MB"), json!(1000));
        assert_eq!(convert(1.0, "GiB", "MiB"), json!(1024));
        assert_eq!(convert(1.0, "GiB", "GB"), json!(1.073741824));
        assert_eq!(convert(1.0, "kB", "bit"), json!(8000));
        assert_eq!(convert(2048.0, "bytes", "KiB"), json!(2));
    }

    #[test]
    fn temperatures_use_offsets() {
        assert_eq!(convert(100.0, "C", "F"), json!(212));
        assert_eq!(convert(32.0, "F", "C"), json!(0));
        assert_eq!(convert(-40.0, "celsius", "fahrenheit"), json!(-40));
        assert_eq!(convert(0.0, "K", "C"), json!(-273.15));
        assert_eq!(convert(98.6, "°F", "C"), json!(37));
        assert_eq!(convert(-459.67, "F", "K"), json!(0));
        assert_eq!(convert(25.0, "C", "C"), json!(25));
        assert_eq!(
            convert_units(-300.0, "C", "K").unwrap_err(),
            "-300 C is below absolute zero (0 K = -273.15 C = -459.67 F)"
        );
    }

    #[test]
    fn results_name_canonical_units_and_category() {
        let out = call(
            "convert_units",
            r#"{"value":2,"from_unit":"Kilometers","to_unit":"M"}"#,
        )
        .unwrap();
        assert_eq!(
            out,
            r#"{"category":"length","from_unit":"km","result":2000,"to_unit":"m","value":2}"#
        );
    }

    #[test]
    fn unknown_units_get_suggestions_and_the_valid_list() {
        assert_eq!(
            convert_units(1.0, "kilometrs", "mi").unwrap_err(),
            "unknown unit 'kilometrs'; did you mean 'kilometers'? valid length units: mm, cm, m, km, in, ft, yd, mi, nmi"
        );
        assert_eq!(
            convert_units(1.0, "furlong", "parsec").unwrap_err(),
            "unknown unit 'furlong'; categories: length, mass, temperature, time, data, volume, speed (call list_units to see every unit)"
        );
    }

    #[test]
    fn cross_category_conversion_is_refused() {
        assert_eq!(
            convert_units(1.0, "km", "kg").unwrap_err(),
            "cannot convert km (length) to kg (mass); valid length units: mm, cm, m, km, in, ft, yd, mi, nmi"
        );
        assert!(
            convert_units(1.0, "C", "m")
                .unwrap_err()
                .starts_with("cannot convert C (temperature)")
        );
    }

    #[test]
    fn overflow_is_an_error() {
        assert_eq!(
            convert_units(1e308, "TiB", "bit").unwrap_err(),
            "the result is too large to represent"
        );
        assert_eq!(
            convert_units(f64::NAN, "m", "km").unwrap_err(),
            "value must be a finite number"
        );
    }

    #[test]
    fn list_units_lists_one_or_all_categories() {
        let temps = list_units(Some("Temperature")).unwrap();
        assert_eq!(
            temps,
            json!({"temperature": [
                {"symbol": "C", "name": "degree Celsius"},
                {"symbol": "F", "name": "degree Fahrenheit"},
                {"symbol": "K", "name": "kelvin"}]})
        );
        let all = list_units(None).unwrap();
        assert_eq!(all.as_object().unwrap().len(), CATEGORIES.len());
        assert_eq!(
            list_units(Some("colour")).unwrap_err(),
            "unknown category 'colour'; categories: length, mass, temperature, time, data, volume, speed"
        );
    }

    #[test]
    fn bad_calls_get_helpful_errors() {
        assert!(
            call("convert", "{}")
                .unwrap_err()
                .contains("did you mean 'convert_units'?")
        );
        assert_eq!(
            call(
                "convert_units",
                r#"{"value":"1","from_unit":"m","to_unit":"km"}"#
            )
            .unwrap_err(),
            "parameter 'value' must be a number, got string"
        );
    }
}
