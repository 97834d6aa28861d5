//! Proleptic Gregorian civil dates, years 0001 to 9999, with day-number arithmetic.
//!
//! Day numbers count days since 1970-01-01 (day 0), converted by
//! [`tz_tool_common::civil`] (Howard Hinnant's `days_from_civil` / `civil_from_days`).

use tz_tool_common::civil::{civil_from_days, days_from_civil};

/// The earliest and latest years accepted.
pub const YEARS: std::ops::RangeInclusive<i64> = 1..=9999;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Weekday names, Monday first (ISO 8601 numbering is index + 1).
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A valid calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year, 1 to 9999.
    pub year: i64,
    /// Month, 1 to 12.
    pub month: u32,
    /// Day of the month, 1 to its length.
    pub day: u32,
}

pub use tz_tool_common::civil::{days_in_month, is_leap};

/// The English name of `month` (1-12).
pub fn month_name(month: u32) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

impl Date {
    /// Parses a strict ISO date `YYYY-MM-DD`, explaining what is wrong otherwise.
    pub fn parse(text: &str) -> Result<Date, String> {
        let s = text.trim();
        let bad = |why: &str| format!("invalid date '{}': {why}", tz_tool_common::clip(text));
        let shape = |why: &str| bad(&format!("{why}; expected YYYY-MM-DD, e.g. 2024-03-15"));
        let parts: Vec<&str> = s.split('-').collect();
        if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return Err(shape("wrong format"));
        }
        if !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
            return Err(shape("non-digit characters"));
        }
        let num = |p: &str| p.parse::<i64>().unwrap_or(0);
        let (year, month, day) = (num(parts[0]), num(parts[1]), num(parts[2]));
        if !YEARS.contains(&year) {
            return Err(bad("year must be 0001 to 9999"));
        }
        if !(1..=12).contains(&month) {
            return Err(bad("month must be 01 to 12"));
        }
        let month = month as u32;
        let len = days_in_month(year, month);
        if day < 1 || day > i64::from(len) {
            let leap = if month == 2 && !is_leap(year) {
                format!("{year} is not a leap year, so ")
            } else {
                String::new()
            };
            return Err(bad(&format!(
                "day must be 01 to {len}; {leap}{} {year} has {len} days",
                month_name(month)
            )));
        }
        Ok(Date {
            year,
            month,
            day: day as u32,
        })
    }

    /// Days since 1970-01-01.
    pub fn to_days(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// The date `days` days after 1970-01-01, if its year is within 0001..9999.
    pub fn from_days(days: i64) -> Option<Date> {
        let (year, month, day) = civil_from_days(days);
        YEARS.contains(&year).then_some(Date { year, month, day })
    }

    /// ISO weekday index: 0 = Monday ... 6 = Sunday.
    pub fn weekday(self) -> usize {
        // 1970-01-01 was a Thursday (index 3).
        (self.to_days() + 3).rem_euclid(7) as usize
    }

    /// The date `months` months later (earlier if negative), with the day clamped to the
    /// target month's length; also says whether it was clamped.
    pub fn add_months(self, months: i64) -> Option<(Date, bool)> {
        if months.unsigned_abs() > 12 * 10_000 {
            return None;
        }
        let index = self.year * 12 + i64::from(self.month) - 1 + months;
        let year = index.div_euclid(12);
        let month = (index.rem_euclid(12) + 1) as u32;
        if !YEARS.contains(&year) {
            return None;
        }
        let len = days_in_month(year, month);
        let day = self.day.min(len);
        Some((Date { year, month, day }, day != self.day))
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        assert!(is_leap(2024));
        assert!(!is_leap(2023));
        assert!(!is_leap(1900));
        assert!(is_leap(2000));
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2023, 2), 28);
        assert_eq!(days_in_month(2023, 4), 30);
        assert_eq!(days_in_month(2023, 12), 31);
    }

    #[test]
    fn day_numbers_round_trip_across_the_whole_range() {
        assert_eq!(d("1970-01-01").to_days(), 0);
        assert_eq!(d("2000-03-01").to_days(), 11017);
        assert_eq!(d("1969-12-31").to_days(), -1);
        let first = d("0001-01-01").to_days();
        let last = d("9999-12-31").to_days();
        assert_eq!(last - first, 3_652_058);
        for z in (first..=last).step_by(997).chain([first, last]) {
            let date = Date::from_days(z).unwrap();
            assert_eq!(date.to_days(), z, "{date}");
        }
        assert_eq!(Date::from_days(first - 1), None);
        assert_eq!(Date::from_days(last + 1), None);
        assert_eq!(Date::from_days(i64::MAX), None);
        assert_eq!(Date::from_days(i64::MIN), None);
    }

    #[test]
    fn weekdays_match_known_dates() {
        assert_eq!(WEEKDAYS[d("1970-01-01").weekday()], "Thursday");
        assert_eq!(WEEKDAYS[d("2000-01-01").weekday()], "Saturday");
        assert_eq!(WEEKDAYS[d("2024-02-29").weekday()], "Thursday");
        assert_eq!(WEEKDAYS[d("0001-01-01").weekday()], "Monday");
    }

    #[test]
    fn parse_explains_every_kind_of_bad_date() {
        let e = |s: &str| Date::parse(s).unwrap_err();
        assert_eq!(
            e("2024/01/05"),
            "invalid date '2024/01/05': wrong format; expected YYYY-MM-DD, e.g. 2024-03-15"
        );
        assert_eq!(
            e("2024-1-5"),
            "invalid date '2024-1-5': wrong format; expected YYYY-MM-DD, e.g. 2024-03-15"
        );
        assert_eq!(
            e("2024-0a-05"),
            "invalid date '2024-0a-05': non-digit characters; expected YYYY-MM-DD, e.g. 2024-03-15"
        );
        assert_eq!(
            e("0000-01-01"),
            "invalid date '0000-01-01': year must be 0001 to 9999"
        );
        assert_eq!(
            e("2024-13-01"),
            "invalid date '2024-13-01': month must be 01 to 12"
        );
        assert_eq!(
            e("2023-02-29"),
            "invalid date '2023-02-29': day must be 01 to 28; 2023 is not a leap year, so February 2023 has 28 days"
        );
        assert_eq!(
            e("2023-04-31"),
            "invalid date '2023-04-31': day must be 01 to 30; April 2023 has 30 days"
        );
        assert_eq!(
            e("2023-04-00"),
            "invalid date '2023-04-00': day must be 01 to 30; April 2023 has 30 days"
        );
        assert_eq!(
            e(""),
            "invalid date '': wrong format; expected YYYY-MM-DD, e.g. 2024-03-15"
        );
        assert_eq!(d(" 2024-02-29 ").to_string(), "2024-02-29");
    }

    #[test]
    fn add_months_clamps_to_the_end_of_the_month() {
        assert_eq!(d("2024-01-31").add_months(1), Some((d("2024-02-29"), true)));
        assert_eq!(d("2023-01-31").add_months(1), Some((d("2023-02-28"), true)));
        assert_eq!(
            d("2024-03-15").add_months(-3),
            Some((d("2023-12-15"), false))
        );
        assert_eq!(
            d("2024-05-31").add_months(12),
            Some((d("2025-05-31"), false))
        );
        assert_eq!(
            d("2024-02-29").add_months(-12),
            Some((d("2023-02-28"), true))
        );
        assert_eq!(d("9999-12-01").add_months(1), None);
        assert_eq!(d("0001-01-01").add_months(-1), None);
        assert_eq!(d("2024-01-01").add_months(i64::MIN), None);
    }
}
