//! The one Python operation MessageAPI's methods need beyond the shared ones of
//! [`tz_tool_common::bfcl::pyops`]: `str.zfill`.

use tz_tool_common::py::{PyVal, py_str};

/// Python's `str(value).zfill(width)`: zeros after any sign, up to `width` characters.
pub fn zfill(value: &PyVal, width: usize) -> String {
    let text = py_str(value);
    let len = text.chars().count();
    if len >= width {
        return text;
    }
    let zeros = "0".repeat(width - len);
    match text.strip_prefix(['+', '-']) {
        Some(rest) => format!("{}{zeros}{rest}", &text[..1]),
        None => format!("{zeros}{text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zfill_pads_after_the_sign() {
        assert_eq!(zfill(&PyVal::Int(5), 3), "005");
        assert_eq!(zfill(&PyVal::Int(-5), 3), "-05");
        assert_eq!(zfill(&PyVal::Int(1234), 3), "1234");
        assert_eq!(zfill(&PyVal::Float(5.0), 3), "5.0");
    }
}
