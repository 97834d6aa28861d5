//! `datetime.strptime(text, format)` for the formats BFCL's classes parse (`%Y-%m-%d` and
//! `%Y-%m-%d %H:%M:%S`), as CPython 3.11's `_strptime` does it: the format becomes a regex
//! (`%Y` `\d\d\d\d`, `%m` `1[0-2]|0[1-9]|[1-9]`, `%d` `3[01]|[12]\d|0[1-9]|[1-9]| [1-9]`,
//! `%H` `2[0-3]|[0-1]\d|\d`, `%M` `[0-5]\d|\d`, `%S` `6[0-1]|[0-5]\d|\d`, a space `\s+`),
//! matched from the start with the first alternative that lets the rest match; `\d` is any
//! Unicode decimal digit and the group's value its `int()`. Text left over is "unconverted
//! data remains"; then `datetime(...)` checks the year, the day in its month and the second.

use super::pyops::{decimal_value, is_space};
use crate::civil::days_in_month;
use crate::py::str_repr;

/// A naive datetime to the second (year, month, day, hour, minute, second), ordered as
/// Python orders `datetime`s.
pub type DateTime = (i64, u32, u32, u32, u32, u32);

/// The formats the classes parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `%Y-%m-%d`
    Date,
    /// `%Y-%m-%d %H:%M:%S`
    DateTime,
}

impl Format {
    fn text(self) -> &'static str {
        match self {
            Format::Date => "%Y-%m-%d",
            Format::DateTime => "%Y-%m-%d %H:%M:%S",
        }
    }
}

/// One piece of a format's regex.
#[derive(Debug, Clone, Copy)]
enum Token {
    /// A directive (`%Y`, `%m` ...): its regex alternatives in order, each a fixed-length
    /// sequence of character classes; the digits it matched become its number.
    Field(&'static [&'static [Class]]),
    /// A literal character of the format.
    Lit(char),
    /// A space of the format, which matches `\s+`.
    Space,
}

/// A character class in a directive's alternative.
#[derive(Debug, Clone, Copy)]
enum Class {
    /// `[lo-hi]` (ASCII).
    Range(char, char),
    /// One character.
    Char(char),
    /// `\d`: any Unicode decimal digit.
    Digit,
}

use Class::{Char, Digit, Range};

const DIGIT: Class = Digit;
const YEAR: &[&[Class]] = &[&[DIGIT, DIGIT, DIGIT, DIGIT]];
const MONTH: &[&[Class]] = &[
    &[Char('1'), Range('0', '2')],
    &[Char('0'), Range('1', '9')],
    &[Range('1', '9')],
];
const DAY_OF_MONTH: &[&[Class]] = &[
    &[Char('3'), Range('0', '1')],
    &[Range('1', '2'), DIGIT],
    &[Char('0'), Range('1', '9')],
    &[Range('1', '9')],
    &[Char(' '), Range('1', '9')],
];
const HOUR: &[&[Class]] = &[
    &[Char('2'), Range('0', '3')],
    &[Range('0', '1'), DIGIT],
    &[DIGIT],
];
const MINUTE: &[&[Class]] = &[&[Range('0', '5'), DIGIT], &[DIGIT]];
const SECOND: &[&[Class]] = &[
    &[Char('6'), Range('0', '1')],
    &[Range('0', '5'), DIGIT],
    &[DIGIT],
];

const DATE_TOKENS: &[Token] = &[
    Token::Field(YEAR),
    Token::Lit('-'),
    Token::Field(MONTH),
    Token::Lit('-'),
    Token::Field(DAY_OF_MONTH),
];
const DATETIME_TOKENS: &[Token] = &[
    Token::Field(YEAR),
    Token::Lit('-'),
    Token::Field(MONTH),
    Token::Lit('-'),
    Token::Field(DAY_OF_MONTH),
    Token::Space,
    Token::Field(HOUR),
    Token::Lit(':'),
    Token::Field(MINUTE),
    Token::Lit(':'),
    Token::Field(SECOND),
];

/// Matches `tokens` at the start of `text` with backtracking, as `re.match` does: the end
/// of the match (in chars), with the fields' numbers pushed on `fields`, or `None`.
fn match_at(text: &[char], tokens: &[Token], fields: &mut Vec<u32>) -> Option<usize> {
    let Some((first, rest)) = tokens.split_first() else {
        return Some(0);
    };
    match first {
        Token::Lit(c) => {
            if text.first() == Some(c) {
                match_at(&text[1..], rest, fields).map(|end| end + 1)
            } else {
                None
            }
        }
        Token::Space => {
            let run = text.iter().take_while(|c| is_space(**c)).count();
            // Greedy, then shorter runs (never fewer than one).
            (1..=run)
                .rev()
                .find_map(|n| match_at(&text[n..], rest, fields).map(|end| end + n))
        }
        Token::Field(alternatives) => {
            for alternative in alternatives.iter() {
                let n = alternative.len();
                if text.len() < n {
                    continue;
                }
                let fits = alternative.iter().zip(text).all(|(class, c)| match class {
                    Range(lo, hi) => (*lo..=*hi).contains(c),
                    Char(x) => x == c,
                    Digit => decimal_value(*c).is_some(),
                });
                if !fits {
                    continue;
                }
                // `int()` of the group: at most four digits, so no overflow.
                let value = text[..n]
                    .iter()
                    .filter_map(|c| decimal_value(*c))
                    .fold(0u32, |acc, d| acc * 10 + u32::from(d));
                let depth = fields.len();
                fields.push(value);
                if let Some(end) = match_at(&text[n..], rest, fields) {
                    return Some(end + n);
                }
                fields.truncate(depth);
            }
            None
        }
    }
}

/// `datetime.strptime(text, format)`: the datetime, or the `ValueError` text.
pub fn strptime(text: &str, format: Format) -> Result<DateTime, String> {
    let chars: Vec<char> = text.chars().collect();
    let tokens = match format {
        Format::Date => DATE_TOKENS,
        Format::DateTime => DATETIME_TOKENS,
    };
    let mut fields = Vec::new();
    let Some(end) = match_at(&chars, tokens, &mut fields) else {
        return Err(format!(
            "time data {} does not match format {}",
            str_repr(text),
            str_repr(format.text())
        ));
    };
    if end != chars.len() {
        let rest: String = chars[end..].iter().collect();
        return Err(format!("unconverted data remains: {rest}"));
    }
    let get = |i: usize| fields.get(i).copied().unwrap_or(0);
    let (year, month, day) = (i64::from(get(0)), get(1), get(2));
    if year < 1 {
        return Err(format!("year {year} is out of range"));
    }
    if day > days_in_month(year, month) {
        return Err("day is out of range for month".into());
    }
    let (hour, minute, second) = (get(3), get(4), get(5));
    if second > 59 {
        return Err("second must be in 0..59".into());
    }
    Ok((year, month, day, hour, minute, second))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strptime_takes_the_first_alternative_that_lets_the_rest_match() {
        assert_eq!(
            strptime("2024-1-5", Format::Date),
            Ok((2024, 1, 5, 0, 0, 0))
        );
        assert_eq!(
            strptime("2024-12-31", Format::Date),
            Ok((2024, 12, 31, 0, 0, 0))
        );
        assert_eq!(
            strptime("2024-09-01  1:2:3", Format::DateTime),
            Ok((2024, 9, 1, 1, 2, 3))
        );
        assert_eq!(
            strptime("2024-09- 1\t10:00:00", Format::DateTime),
            Ok((2024, 9, 1, 10, 0, 0))
        );
    }

    #[test]
    fn strptime_reads_unicode_digits_where_the_regex_has_backslash_d() {
        let date = |text: &str| strptime(text, Format::Date).map(|t| (t.0, t.1, t.2));
        assert_eq!(
            date("\u{ff12}\u{ff10}\u{ff12}\u{ff14}-01-1\u{0663}"),
            Ok((2024, 1, 13))
        );
        assert_eq!(date("2024-01- 5"), Ok((2024, 1, 5)));
        assert_eq!(
            strptime("2024-09-01\u{3000}\u{661}:2:3", Format::DateTime),
            Ok((2024, 9, 1, 1, 2, 3))
        );
        // `[0-5]` and the like are ASCII: a month's digits are never Unicode ones.
        assert!(date("2024-\u{0661}-01").is_err());
        for bad in ["2024-04-31", "24-01-01", "2024/01/01", "2024-00-10", ""] {
            assert!(date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn strptime_reports_what_python_reports() {
        assert_eq!(
            strptime("2024-13-01", Format::Date),
            Err("time data '2024-13-01' does not match format '%Y-%m-%d'".into())
        );
        assert_eq!(
            strptime("2024-01-011", Format::Date),
            Err("unconverted data remains: 1".into())
        );
        assert_eq!(
            strptime("2023-02-29", Format::Date),
            Err("day is out of range for month".into())
        );
        assert_eq!(
            strptime("0000-01-01", Format::Date),
            Err("year 0 is out of range".into())
        );
        assert_eq!(
            strptime("2024-09-01 10:00:61", Format::DateTime),
            Err("second must be in 0..59".into())
        );
        assert_eq!(
            strptime("2024-01-01 ", Format::Date),
            Err("unconverted data remains:  ".into())
        );
    }
}
