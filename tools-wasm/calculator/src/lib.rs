//! Tool `calculator`: exact-enough arithmetic for a language model.
//!
//! Functions: `calculate` (an expression evaluator, see [`expr`]), `percent_change` and
//! `summary_statistics`. Results are JSON objects whose numbers are formatted by
//! [`tz_tool_common::number`]: integers without `.0`, others to 12 significant digits.
#![warn(missing_docs)]

#[cfg(target_arch = "wasm32")]
mod component;
pub mod expr;

use serde_json::json;
use tz_tool_common::number::{self, json_number};
use tz_tool_common::spec::spec_json;
use tz_tool_common::{Args, FunctionSpec, Param};

/// Most numbers `summary_statistics` accepts.
pub const MAX_NUMBERS: usize = 10_000;

fn functions() -> Vec<FunctionSpec> {
    vec![
        FunctionSpec::new(
            "calculate",
            "Evaluates an arithmetic expression exactly as written and returns {\"result\": number}. Supports + - * / % (remainder; its sign follows the dividend), ^ or ** (power, right-associative and tighter than unary minus: -2^2 = -4), parentheses, unary minus, the functions sqrt, pow(x, y), round(x[, digits]), abs, min(...), max(...), ln, log10, log2, exp, sin, cos, tan (radians), floor, ceil, and the constants pi and e.",
            vec![
                Param::string(
                    "expression",
                    "The expression, e.g. '(3 + 4) * 2 ^ 3' or 'round(sqrt(2), 4)'",
                )
                .with("maxLength", json!(expr::MAX_EXPRESSION_CHARS)),
            ],
        ),
        FunctionSpec::new(
            "percent_change",
            "Computes the percentage change from old_value to new_value: (new - old) / |old| * 100. Returns {\"percent_change\", \"absolute_change\"}.",
            vec![
                Param::number("old_value", "The starting value (must not be 0)"),
                Param::number("new_value", "The ending value"),
            ],
        ),
        FunctionSpec::new(
            "summary_statistics",
            "Summarizes a list of numbers: count, sum, mean, median, min, max, range, population_std_dev and sample_std_dev (null for a single number).",
            vec![
                Param::array("numbers", "The numbers to summarize (1 to 10000)", "number")
                    .with("minItems", json!(1))
                    .with("maxItems", json!(MAX_NUMBERS)),
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
        "calculate" => {
            // The most called function: its one-number result is written directly.
            let mut out = String::from("{\"result\":");
            number::push_number(&mut out, expr::evaluate(args.str("expression")?)?);
            out.push('}');
            return Ok(out);
        }
        "percent_change" => percent_change(args.f64("old_value")?, args.f64("new_value")?)?,
        "summary_statistics" => summary_statistics(&args.f64_array("numbers")?)?,
        _ => {
            let names: Vec<&str> = functions().iter().map(|f| f.name).collect();
            return Err(tz_tool_common::unknown_function(name, &names));
        }
    };
    Ok(tz_tool_common::json_text(&out))
}

/// `(new - old) / |old| * 100`, plus the absolute change.
pub fn percent_change(old: f64, new: f64) -> Result<serde_json::Value, String> {
    if old == 0.0 {
        return Err("old_value is 0: a percentage change from zero is undefined".into());
    }
    let pct = (new - old) / old.abs() * 100.0;
    if !pct.is_finite() {
        return Err("the numbers are too large to compare".into());
    }
    Ok(json!({
        "percent_change": json_number(pct),
        "absolute_change": json_number(new - old),
    }))
}

/// Count, sum, mean, median, extremes and standard deviations of `xs`.
pub fn summary_statistics(xs: &[f64]) -> Result<serde_json::Value, String> {
    if xs.is_empty() {
        return Err("numbers is empty: give at least one number".into());
    }
    if xs.len() > MAX_NUMBERS {
        return Err(format!("too many numbers: at most {MAX_NUMBERS}"));
    }
    let n = xs.len() as f64;
    let sum: f64 = xs.iter().sum();
    let mean = sum / n;
    let mut sorted = xs.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    let median = if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    };
    let ss: f64 = xs.iter().map(|x| (x - mean) * (x - mean)).sum();
    let (min, max) = (sorted[0], sorted[sorted.len() - 1]);
    if !sum.is_finite() || !ss.is_finite() {
        return Err("the numbers are too large to summarize".into());
    }
    let sample = if xs.len() > 1 {
        json_number((ss / (n - 1.0)).sqrt())
    } else {
        serde_json::Value::Null
    };
    Ok(json!({
        "count": xs.len(),
        "sum": json_number(sum),
        "mean": json_number(mean),
        "median": json_number(median),
        "min": json_number(min),
        "max": json_number(max),
        "range": json_number(max - min),
        "population_std_dev": json_number((ss / n).sqrt()),
        "sample_std_dev": sample,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_is_well_formed_and_every_function_dispatches() {
        let names = tz_tool_common::check_spec(&spec()).unwrap();
        assert_eq!(names, ["calculate", "percent_change", "summary_statistics"]);
        for n in names {
            let err = call(&n, "{}").unwrap_err();
            assert!(err.starts_with("missing required parameter"), "{n}: {err}");
        }
    }

    #[test]
    fn calculate_returns_a_formatted_result() {
        assert_eq!(
            call("calculate", r#"{"expression":"2+3*4"}"#).unwrap(),
            r#"{"result":14}"#
        );
        assert_eq!(
            call("calculate", r#"{"expression":"0.1+0.2"}"#).unwrap(),
            r#"{"result":0.3}"#
        );
        assert_eq!(
            call("calculate", r#"{"expression":"10/4"}"#).unwrap(),
            r#"{"result":2.5}"#
        );
        assert_eq!(
            call("calculate", r#"{"expression":"1/0"}"#).unwrap_err(),
            "division by zero at position 2"
        );
    }

    #[test]
    fn percent_change_handles_growth_decline_and_zero() {
        let v: serde_json::Value = serde_json::from_str(
            &call("percent_change", r#"{"old_value":80,"new_value":100}"#).unwrap(),
        )
        .unwrap();
        assert_eq!(v, json!({"percent_change": 25, "absolute_change": 20}));
        assert_eq!(
            percent_change(-50.0, -25.0).unwrap(),
            json!({"percent_change": 50, "absolute_change": 25})
        );
        assert_eq!(
            percent_change(3.0, 2.0).unwrap()["percent_change"],
            json!(-33.3333333333)
        );
        assert_eq!(
            percent_change(0.0, 5.0).unwrap_err(),
            "old_value is 0: a percentage change from zero is undefined"
        );
        assert!(percent_change(1e-320, 1e308).is_err());
    }

    #[test]
    fn summary_statistics_reports_every_measure() {
        let out = call("summary_statistics", r#"{"numbers":[2,4,4,4,5,5,7,9]}"#).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["count"], 8);
        assert_eq!(v["sum"], 40);
        assert_eq!(v["mean"], 5);
        assert_eq!(v["median"], 4.5);
        assert_eq!(v["min"], 2);
        assert_eq!(v["max"], 9);
        assert_eq!(v["range"], 7);
        assert_eq!(v["population_std_dev"], 2);
        assert_eq!(v["sample_std_dev"], json!(2.1380899353));
        let one = summary_statistics(&[3.5]).unwrap();
        assert_eq!(one["median"], 3.5);
        assert_eq!(one["sample_std_dev"], serde_json::Value::Null);
        assert_eq!(summary_statistics(&[3.0, 1.0, 2.0]).unwrap()["median"], 2);
    }

    #[test]
    fn summary_statistics_refuses_empty_huge_and_overflowing_input() {
        assert_eq!(
            call("summary_statistics", r#"{"numbers":[]}"#).unwrap_err(),
            "numbers is empty: give at least one number"
        );
        assert!(summary_statistics(&vec![1.0; MAX_NUMBERS + 1]).is_err());
        assert!(summary_statistics(&[1e308, 1e308]).is_err());
        assert_eq!(
            call("summary_statistics", r#"{"numbers":[1,"x"]}"#).unwrap_err(),
            "parameter 'numbers' must hold only numbers; item 1 is string"
        );
    }

    #[test]
    fn bad_calls_get_helpful_errors() {
        assert_eq!(
            call("calculat", "{}").unwrap_err(),
            "unknown function 'calculat'; did you mean 'calculate'? functions here: calculate, percent_change, summary_statistics"
        );
        assert!(
            call("calculate", "not json")
                .unwrap_err()
                .starts_with("arguments are not valid JSON")
        );
        assert_eq!(
            call("calculate", r#"{"expression":5}"#).unwrap_err(),
            "parameter 'expression' must be a string, got number"
        );
    }
}
