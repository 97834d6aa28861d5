//! Tool `calendar`: date arithmetic on explicit ISO dates (`YYYY-MM-DD`, proleptic
//! Gregorian, years 0001-9999). It never reads a clock: "today" must come from the task.
//!
//! Functions: `day_of_week`, `add_days`, `add_months` (the day is clamped to the target
//! month's end: 2024-01-31 + 1 month = 2024-02-29), `days_between`, `is_leap_year`,
//! `days_in_month`. Arithmetic lives in [`date`].
#![warn(missing_docs)]

#[cfg(target_arch = "wasm32")]
mod component;
pub mod date;

use date::{Date, WEEKDAYS};
use serde_json::{Value, json};
use tz_tool_common::spec::spec_json;
use tz_tool_common::{Args, FunctionSpec, Param};

const DATE_DOC: &str = "A date as YYYY-MM-DD, e.g. 2024-03-15";

fn functions() -> Vec<FunctionSpec> {
    vec![
        FunctionSpec::new(
            "day_of_week",
            "Returns the weekday of a date: {\"date\", \"day_of_week\" (e.g. \"Friday\"), \"iso_weekday\" (1 = Monday ... 7 = Sunday)}.",
            vec![Param::string("date", DATE_DOC)],
        ),
        FunctionSpec::new(
            "add_days",
            "Adds a number of days (negative to subtract) to a date and returns {\"date\", \"day_of_week\"}.",
            vec![
                Param::string("date", DATE_DOC),
                Param::integer("days", "Days to add; negative moves back in time"),
            ],
        ),
        FunctionSpec::new(
            "add_months",
            "Adds calendar months (negative to subtract) to a date. If the day does not exist in the target month it is clamped to the month's last day (2024-01-31 + 1 month = 2024-02-29) and \"clamped\" is true. Returns {\"date\", \"clamped\"}.",
            vec![
                Param::string("date", DATE_DOC),
                Param::integer(
                    "months",
                    "Months to add; negative moves back (12 = one year)",
                ),
            ],
        ),
        FunctionSpec::new(
            "days_between",
            "Counts the days from start_date to end_date (end minus start; negative if end is earlier). Returns {\"days\", \"weeks\" (whole weeks), \"remaining_days\"}.",
            vec![
                Param::string("start_date", DATE_DOC),
                Param::string("end_date", DATE_DOC),
            ],
        ),
        FunctionSpec::new(
            "is_leap_year",
            "Says whether a year is a Gregorian leap year (divisible by 4, except centuries not divisible by 400). Returns {\"year\", \"is_leap_year\", \"days_in_year\"}.",
            vec![Param::integer("year", "The year, e.g. 2024")],
        ),
        FunctionSpec::new(
            "days_in_month",
            "Returns the number of days in a month of a year: {\"year\", \"month\", \"month_name\", \"days\"}.",
            vec![
                Param::integer("year", "The year, e.g. 2024"),
                Param::integer("month", "The month number, 1 = January ... 12 = December")
                    .with("minimum", json!(1))
                    .with("maximum", json!(12)),
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
    let date = |key: &str| -> Result<Date, String> { Date::parse(args.str(key)?) };
    let out = match name {
        "day_of_week" => day_of_week(date("date")?),
        "add_days" => add_days(date("date")?, args.i64("days")?)?,
        "add_months" => add_months(date("date")?, args.i64("months")?)?,
        "days_between" => days_between(date("start_date")?, date("end_date")?),
        "is_leap_year" => is_leap_year(args.i64("year")?),
        "days_in_month" => days_in_month(args.i64("year")?, args.i64("month")?)?,
        _ => {
            let names: Vec<&str> = functions().iter().map(|f| f.name).collect();
            return Err(tz_tool_common::unknown_function(name, &names));
        }
    };
    Ok(tz_tool_common::json_text(&out))
}

const OUT_OF_RANGE: &str = "the resulting date is outside the supported years 0001 to 9999";

/// The weekday of `d`.
pub fn day_of_week(d: Date) -> Value {
    let w = d.weekday();
    json!({ "date": d.to_string(), "day_of_week": WEEKDAYS[w], "iso_weekday": w + 1 })
}

/// `d` plus `days` days.
pub fn add_days(d: Date, days: i64) -> Result<Value, String> {
    let target = d
        .to_days()
        .checked_add(days)
        .and_then(Date::from_days)
        .ok_or(OUT_OF_RANGE)?;
    Ok(json!({ "date": target.to_string(), "day_of_week": WEEKDAYS[target.weekday()] }))
}

/// `d` plus `months` months, clamped to the month's end.
pub fn add_months(d: Date, months: i64) -> Result<Value, String> {
    let (target, clamped) = d.add_months(months).ok_or(OUT_OF_RANGE)?;
    Ok(json!({ "date": target.to_string(), "clamped": clamped }))
}

/// `end - start` in days, and in whole weeks plus remaining days.
pub fn days_between(start: Date, end: Date) -> Value {
    let days = end.to_days() - start.to_days();
    json!({ "days": days, "weeks": days / 7, "remaining_days": days % 7 })
}

/// Whether `year` is a leap year.
pub fn is_leap_year(year: i64) -> Value {
    let leap = date::is_leap(year);
    json!({ "year": year, "is_leap_year": leap, "days_in_year": if leap { 366 } else { 365 } })
}

/// The length of `month` in `year`.
pub fn days_in_month(year: i64, month: i64) -> Result<Value, String> {
    if !(1..=12).contains(&month) {
        return Err(format!("month must be 1 to 12, got {month}"));
    }
    let m = month as u32;
    Ok(json!({
        "year": year,
        "month": month,
        "month_name": date::month_name(m),
        "days": date::days_in_month(year, m),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(name: &str, args: Value) -> Value {
        serde_json::from_str(&call(name, &args.to_string()).unwrap()).unwrap()
    }

    fn err(name: &str, args: Value) -> String {
        call(name, &args.to_string()).unwrap_err()
    }

    #[test]
    fn spec_is_well_formed_and_every_function_dispatches() {
        let names = tz_tool_common::check_spec(&spec()).unwrap();
        assert_eq!(names.len(), 6);
        for n in names {
            let e = call(&n, "{}").unwrap_err();
            assert!(e.starts_with("missing required parameter"), "{n}: {e}");
        }
    }

    #[test]
    fn day_of_week_names_the_weekday() {
        assert_eq!(
            ok("day_of_week", json!({"date": "2024-03-15"})),
            json!({"date": "2024-03-15", "day_of_week": "Friday", "iso_weekday": 5})
        );
        assert_eq!(
            ok("day_of_week", json!({"date": "2023-12-31"}))["iso_weekday"],
            7
        );
        assert!(err("day_of_week", json!({"date": "15/03/2024"})).contains("expected YYYY-MM-DD"));
    }

    #[test]
    fn add_days_crosses_months_years_and_leap_days() {
        let add = |d: &str, n: i64| ok("add_days", json!({"date": d, "days": n}))["date"].clone();
        assert_eq!(add("2024-02-28", 1), "2024-02-29");
        assert_eq!(add("2023-02-28", 1), "2023-03-01");
        assert_eq!(add("2024-12-31", 1), "2025-01-01");
        assert_eq!(add("2024-03-01", -1), "2024-02-29");
        assert_eq!(add("2024-01-01", 366), "2025-01-01");
        assert_eq!(add("2024-01-01", 0), "2024-01-01");
        assert_eq!(
            ok("add_days", json!({"date": "2024-03-15", "days": 100})),
            json!({"date": "2024-06-23", "day_of_week": "Sunday"})
        );
        assert_eq!(
            err("add_days", json!({"date": "9999-12-31", "days": 1})),
            "the resulting date is outside the supported years 0001 to 9999"
        );
        assert_eq!(
            err("add_days", json!({"date": "2024-01-01", "days": i64::MAX})),
            OUT_OF_RANGE
        );
        assert_eq!(
            err("add_days", json!({"date": "2024-01-01", "days": 1.5})),
            "parameter 'days' must be an integer in range, got 1.5"
        );
    }

    #[test]
    fn add_months_clamps_and_says_so() {
        assert_eq!(
            ok("add_months", json!({"date": "2024-01-31", "months": 1})),
            json!({"date": "2024-02-29", "clamped": true})
        );
        assert_eq!(
            ok("add_months", json!({"date": "2024-08-15", "months": -8})),
            json!({"date": "2023-12-15", "clamped": false})
        );
        assert_eq!(
            ok("add_months", json!({"date": "2024-10-31", "months": 14}))["date"],
            "2025-12-31"
        );
        assert_eq!(
            err("add_months", json!({"date": "0001-03-01", "months": -3})),
            OUT_OF_RANGE
        );
    }

    #[test]
    fn days_between_is_signed_and_splits_into_weeks() {
        assert_eq!(
            ok(
                "days_between",
                json!({"start_date": "2024-01-01", "end_date": "2024-12-25"})
            ),
            json!({"days": 359, "weeks": 51, "remaining_days": 2})
        );
        assert_eq!(
            ok(
                "days_between",
                json!({"start_date": "2024-03-10", "end_date": "2024-03-01"})
            ),
            json!({"days": -9, "weeks": -1, "remaining_days": -2})
        );
        assert_eq!(
            ok(
                "days_between",
                json!({"start_date": "2000-01-01", "end_date": "2000-01-01"})
            )["days"],
            0
        );
        assert_eq!(
            err(
                "days_between",
                json!({"start_date": "2024-01-01", "end_date": "2024-02-30"})
            ),
            "invalid date '2024-02-30': day must be 01 to 29; February 2024 has 29 days"
        );
    }

    #[test]
    fn leap_years_and_month_lengths() {
        assert_eq!(
            ok("is_leap_year", json!({"year": 2024})),
            json!({"year": 2024, "is_leap_year": true, "days_in_year": 366})
        );
        assert_eq!(
            ok("is_leap_year", json!({"year": 1900}))["is_leap_year"],
            false
        );
        assert_eq!(
            ok("is_leap_year", json!({"year": 2000}))["is_leap_year"],
            true
        );
        assert_eq!(
            ok("days_in_month", json!({"year": 2023, "month": 2})),
            json!({"year": 2023, "month": 2, "month_name": "February", "days": 28})
        );
        assert_eq!(
            err("days_in_month", json!({"year": 2023, "month": 13})),
            "month must be 1 to 12, got 13"
        );
    }

    #[test]
    fn unknown_functions_are_named() {
        assert!(err("weekday", json!({})).starts_with("unknown function 'weekday'"));
    }
}
