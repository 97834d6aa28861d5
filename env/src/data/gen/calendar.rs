//! Requests for the `calendar` tool: weekdays, adding days or months, days between dates,
//! leap years and month lengths. Dates are written in several styles in the request and as
//! ISO `YYYY-MM-DD` in the ground truth; answers come from the civil-calendar arithmetic
//! below (Howard Hinnant's `days_from_civil`).

use serde_json::Value;

use super::catalog::{Tool, expect, s};
use super::phrasing::{MONTHS, fill, ordinal, template};
use super::rng::Rng;
use super::{Request, Split};

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A date of the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Date {
    y: i64,
    m: u32,
    d: u32,
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn month_len(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// Days since 1970-01-01.
    fn days(self) -> i64 {
        let y = if self.m <= 2 { self.y - 1 } else { self.y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn from_days(z: i64) -> Self {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i64::from(m <= 2);
        Self { y, m, d }
    }

    fn weekday(self) -> &'static str {
        // 1970-01-01 was a Thursday (index 3).
        WEEKDAYS[(self.days() + 3).rem_euclid(7) as usize]
    }

    fn add_months(self, months: i64) -> Self {
        let total = self.y * 12 + i64::from(self.m) - 1 + months;
        let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        Self {
            y,
            m,
            d: self.d.min(month_len(y, m)),
        }
    }

    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }

    /// The date as a person might write it (never a numeric day/month order, which is
    /// ambiguous between countries).
    fn words(self, rng: &mut Rng) -> String {
        let month = MONTHS[(self.m - 1) as usize];
        let short = &month[..3];
        match rng.below(8) {
            0 | 1 => self.iso(),
            2 => format!("{month} {}, {}", self.d, self.y),
            3 => format!("{} {month} {}", self.d, self.y),
            4 => format!("the {} of {month} {}", ordinal(self.d), self.y),
            5 => format!("{month} {}, {}", ordinal(self.d), self.y),
            6 => format!("{short} {}, {}", self.d, self.y),
            _ => format!("{} {short} {}", self.d, self.y),
        }
    }
}

fn draw(rng: &mut Rng) -> Date {
    let y = rng.range(1900, 2060);
    let m = rng.range(1, 12) as u32;
    let d = rng.range(1, i64::from(month_len(y, m))) as u32;
    Date { y, m, d }
}

fn date_value(d: Date) -> Vec<Value> {
    vec![s(&d.iso())]
}

/// A request for one calendar function.
pub(crate) fn request(rng: &mut Rng, split: Split) -> Request {
    match rng.below(7) {
        0 | 1 => weekday(rng, split),
        2 => add_days(rng, split),
        3 => between(rng, split),
        4 => add_months(rng, split),
        5 => leap(rng, split),
        _ => month_days(rng, split),
    }
}

fn weekday_call(d: Date) -> crate::checker::ExpectedCall {
    expect("day_of_week", vec![("date", date_value(d))])
}

fn weekday(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 16] = [
        "What day of the week is {d}?",
        "Which weekday does {d} fall on?",
        "On what day of the week was {d}?",
        "Tell me the weekday for {d}.",
        "My daughter was born on {d}. What day of the week was that?",
        "Our wedding is on {d}. Which day of the week is that?",
        "I have an exam on {d}. What weekday will it be?",
        "Do you know what day of the week {d} is?",
        "What weekday was {d}?",
        "The concert is on {d}. Is that a Friday or some other day?",
        "Find the day of the week for {d}.",
        "Which day of the week is the date {d}?",
        "Is {d} a weekday or a weekend? Tell me which day it is.",
        "My grandfather was born on {d}. Which weekday was it?",
        "Could you check what day {d} falls on?",
        "I'm planning a party on {d}. What day of the week is that?",
    ];
    let d = draw(rng);
    let text = fill(template(rng, &T, split), &[("d", &d.words(rng))]);
    Request::one(
        text,
        Tool::Calendar,
        weekday_call(d),
        vec![],
        Some(d.weekday().into()),
    )
}

fn add_days(rng: &mut Rng, split: Split) -> Request {
    const LATER: [&str; 12] = [
        "What date is {n} days after {d}?",
        "Add {n} days to {d}.",
        "If today is {d}, what will the date be in {n} days?",
        "What's the date {n} days from {d}?",
        "My library books were borrowed on {d} and are due {n} days later. What's the due date?",
        "A {n}-day trial starts on {d}. On what date does it end?",
        "I start a {n}-day challenge on {d}. Which date is day {n} after that?",
        "The invoice dated {d} is payable within {n} days. What's the deadline?",
        "Starting on {d}, which date comes {n} days later?",
        "Count {n} days forward from {d}. What date do I land on?",
        "What will the date be {n} days after {d}?",
        "The seeds were planted on {d} and need {n} days to sprout. When will they sprout?",
    ];
    const EARLIER: [&str; 8] = [
        "What date was {n} days before {d}?",
        "Subtract {n} days from {d}.",
        "Go back {n} days from {d}. What date is that?",
        "The event is on {d} and registration closes {n} days before. When does it close?",
        "My project is due on {d}; I want to start {n} days earlier. What's the start date?",
        "Which date lies {n} days earlier than {d}?",
        "What was the date {n} days prior to {d}?",
        "Count back {n} days from {d}. Which date is it?",
    ];
    let d = draw(rng);
    let n = rng.range(2, 400);
    let back = rng.chance(0.35);
    let t = template(rng, if back { &EARLIER[..] } else { &LATER[..] }, split);
    let days = if back { -n } else { n };
    let text = fill(t, &[("n", &n.to_string()), ("d", &d.words(rng))]);
    let call = expect(
        "add_days",
        vec![("date", date_value(d)), ("days", vec![Value::from(days)])],
    );
    let answer = Date::from_days(d.days() + days).iso();
    Request::one(text, Tool::Calendar, call, vec![], Some(answer))
}

fn between(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 12] = [
        "How many days are there between {a} and {b}?",
        "Count the days from {a} to {b}.",
        "How many days from {a} until {b}?",
        "What's the number of days between {a} and {b}?",
        "I started my job on {a} and left on {b}. How many days did I work there?",
        "We moved in on {a} and out on {b}. How many days did we live there?",
        "How long, in days, is it from {a} to {b}?",
        "The loan runs from {a} to {b}. How many days is that?",
        "If a project runs from {a} to {b}, how many days is that?",
        "Tell me how many days separate {a} and {b}.",
        "My subscription started on {a} and ended on {b}. How many days was that?",
        "Compute the number of days from {a} to {b}.",
    ];
    let a = draw(rng);
    let b = Date::from_days(a.days() + rng.range(1, 1500));
    let text = fill(
        template(rng, &T, split),
        &[("a", &a.words(rng)), ("b", &b.words(rng))],
    );
    let call = expect(
        "days_between",
        vec![("start_date", date_value(a)), ("end_date", date_value(b))],
    );
    let answer = (b.days() - a.days()).to_string();
    Request::one(text, Tool::Calendar, call, vec![], Some(answer))
}

fn add_months(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 12] = [
        "What date is {n} months after {d}?",
        "Add {n} months to {d}.",
        "My passport was issued on {d}. What's the date {n} months later?",
        "A warranty starting on {d} lasts {n} months. When does it run out?",
        "Shift {d} by {n} months. What date do I get?",
        "The lease begins on {d} and runs for {n} months. What's the end date?",
        "I'll check back {n} months after {d}. Which date is that?",
        "What's the date {n} months from {d}?",
        "If a contract starts on {d} and lasts {n} months, on what date does it end?",
        "Move {d} forward by {n} months.",
        "What date comes {n} calendar months after {d}?",
        "Our next review is {n} months after {d}. When is it?",
    ];
    let d = draw(rng);
    let n = rng.range(1, 30);
    let text = fill(
        template(rng, &T, split),
        &[("n", &n.to_string()), ("d", &d.words(rng))],
    );
    let call = expect(
        "add_months",
        vec![("date", date_value(d)), ("months", vec![Value::from(n)])],
    );
    Request::one(
        text,
        Tool::Calendar,
        call,
        vec![],
        Some(d.add_months(n).iso()),
    )
}

fn leap(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 12] = [
        "Is {y} a leap year?",
        "Was {y} a leap year?",
        "Tell me whether {y} is a leap year.",
        "Does {y} have a February 29th?",
        "For a calendar I'm printing: is {y} a leap year?",
        "Check if {y} is a leap year, please.",
        "Is the year {y} a leap year or not?",
        "Is {y} one of the leap years?",
        "Does the year {y} have 366 days?",
        "Can you tell me if {y} was a leap year?",
        "Leap year or not: {y}?",
        "Is there a leap day in {y}?",
    ];
    let y = if rng.chance(0.2) {
        *rng.pick(&[1700i64, 1900, 2000, 2100, 2400])
    } else {
        rng.range(1582, 2400)
    };
    let text = fill(template(rng, &T, split), &[("y", &y.to_string())]);
    let call = expect("is_leap_year", vec![("year", vec![Value::from(y)])]);
    let answer = if is_leap(y) { "yes" } else { "no" };
    Request::one(text, Tool::Calendar, call, vec![], Some(answer.into()))
}

fn month_days(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 10] = [
        "How many days are in {m} {y}?",
        "How many days does {m} {y} have?",
        "What is the number of days in {m} of {y}?",
        "I'm planning a budget for {m} {y}. How many days does that month have?",
        "How many days will {m} {y} have?",
        "Tell me the length of {m} {y} in days.",
        "How many days were there in {m} {y}?",
        "How long is {m} {y}, in days?",
        "Count the days in {m} {y} for me.",
        "What's the day count of {m} {y}?",
    ];
    let y = rng.range(1900, 2100);
    let m = rng.range(1, 12) as u32;
    let text = fill(
        template(rng, &T, split),
        &[("m", MONTHS[(m - 1) as usize]), ("y", &y.to_string())],
    );
    let call = expect(
        "days_in_month",
        vec![
            ("year", vec![Value::from(y)]),
            ("month", vec![Value::from(m)]),
        ],
    );
    Request::one(
        text,
        Tool::Calendar,
        call,
        vec![],
        Some(month_len(y, m).to_string()),
    )
}

/// The weekdays of 2-3 dates in one request.
pub(crate) fn parallel(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 8] = [
        "What days of the week are {l}?",
        "Tell me the weekdays of {l}.",
        "I have appointments on {l}. Which weekdays are those?",
        "Give me the day of the week for each of {l}.",
        "Which weekdays were {l}?",
        "Look up the weekdays of these dates: {l}.",
        "For each of these dates, which day of the week is it: {l}?",
        "Which weekdays do {l} fall on?",
    ];
    let k = 2 + rng.below(2);
    let mut dates: Vec<Date> = Vec::new();
    while dates.len() < k {
        let d = draw(rng);
        if !dates.contains(&d) {
            dates.push(d);
        }
    }
    let words: Vec<String> = dates.iter().map(|d| d.words(rng)).collect();
    let text = fill(
        template(rng, &T, split),
        &[("l", &super::phrasing::and_list(&words))],
    );
    let answer: Vec<&str> = dates.iter().map(|d| d.weekday()).collect();
    Request {
        text,
        tools: vec![Tool::Calendar],
        calls: dates.iter().map(|d| vec![weekday_call(*d)]).collect(),
        answer: Some(answer.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_arithmetic_agrees_with_known_dates() {
        let d = Date {
            y: 1976,
            m: 7,
            d: 4,
        };
        assert_eq!(d.weekday(), "Sunday");
        assert_eq!(Date::from_days(d.days()), d);
        assert_eq!(
            Date {
                y: 2024,
                m: 3,
                d: 15
            }
            .weekday(),
            "Friday"
        );
        let jan31 = Date {
            y: 2024,
            m: 1,
            d: 31,
        };
        assert_eq!(jan31.add_months(1).iso(), "2024-02-29");
        assert_eq!(
            Date {
                y: 1970,
                m: 1,
                d: 1
            }
            .days(),
            0
        );
    }
}
