//! Dates as `TravelAPI` reads them: `datetime.strptime(text, "%Y-%m-%d")` (the shared
//! [`strptime`]), and the traveller's age against a fixed [`TODAY`].

use tz_tool_common::bfcl::strptime::{Format, strptime};

/// The date `verify_traveler_information` takes for today (year, month, day): BFCL v3's
/// multi-turn release, 2024-09-19. Python reads the machine's clock (`datetime.today()`); a
/// session tool has none, and a fixed day keeps episodes reproducible.
pub const TODAY: (i64, u32, u32) = (2024, 9, 19);

/// Whether `text` parses with `datetime.strptime(text, "%Y-%m-%d")`, as (year, month, day).
pub fn strptime_ymd(text: &str) -> Option<(i64, u32, u32)> {
    let (year, month, day, ..) = strptime(text, Format::Date).ok()?;
    Some((year, month, day))
}

/// Whole years from `birth` to [`TODAY`], as the class computes them.
pub fn age(birth: (i64, u32, u32)) -> i64 {
    let (year, month, day) = TODAY;
    year - birth.0 - i64::from((month, day) < (birth.1, birth.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_of_birth_is_read_as_strptime_reads_it_and_aged_to_today() {
        assert_eq!(strptime_ymd("2006-9-19"), Some((2006, 9, 19)));
        assert_eq!(strptime_ymd("2006-02-29"), None);
        assert_eq!(age((2006, 9, 19)), 18);
        assert_eq!(age((2006, 9, 20)), 17);
    }
}
