//! `TradingBot`'s dates: its fixed `CURRENT_TIME` (2024-09-01 10:30) and the transaction
//! timestamps it draws from the day after it; `datetime.strptime` for the two formats the
//! class parses is the shared [`tz_tool_common::bfcl::strptime`].
//!
//! Python converts between `datetime` and Unix time in the process's local time zone; the
//! traces were recorded with `TZ=UTC`, and this module is UTC throughout.

use tz_tool_common::civil::{civil_from_days, days_from_civil};

pub use tz_tool_common::bfcl::strptime::{DateTime, Format, strptime};

/// `CURRENT_TIME` as Unix seconds (`datetime(2024, 9, 1, 10, 30).timestamp()` in UTC).
pub const CURRENT_TIME: i64 = days_from_civil(2024, 9, 1) * DAY + 10 * 3600 + 30 * 60;

/// `CURRENT_TIME.strftime("%I:%M %p")`.
pub const CURRENT_TIME_TEXT: &str = "10:30 AM";

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// `datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M:%S")` in UTC.
pub fn format_timestamp(seconds: i64) -> String {
    let (y, m, d) = civil_from_days(seconds.div_euclid(DAY));
    let s = seconds.rem_euclid(DAY);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_time_is_2024_09_01_10_30_utc() {
        // `int(datetime(2024, 9, 1, 10, 30).timestamp())` printed by CPython with TZ=UTC.
        assert_eq!(CURRENT_TIME, 1_725_186_600);
        assert_eq!(format_timestamp(CURRENT_TIME), "2024-09-01 10:30:00");
        assert_eq!(format_timestamp(CURRENT_TIME + DAY), "2024-09-02 10:30:00");
        assert_eq!(format_timestamp(951_782_400), "2000-02-29 00:00:00");
        assert_eq!(format_timestamp(-1), "1969-12-31 23:59:59");
    }
}
