//! Helpers shared by Tool Zero's shipped tools.
//!
//! Every tool crate keeps its domain logic in plain Rust and exposes two functions,
//! `spec() -> String` and `call(name, arguments) -> Result<String, String>`, which the
//! wasm-only glue forwards to the WIT exports. This crate holds what they all need:
//! [`args`] reads a JSON arguments object defensively, [`spec`] builds function specs and
//! checks them, [`number`] formats numbers deterministically, [`fuzzy`] suggests close names,
//! [`civil`] converts calendar dates to day numbers. [`bfcl`], [`py`] and [`pyrandom`] serve
//! the BFCL API classes: Python's values, operations and random numbers.
#![warn(missing_docs)]

pub mod args;
pub mod bfcl;
pub mod civil;
pub mod fuzzy;
pub mod number;
pub mod py;
pub mod pyrandom;
pub mod spec;

pub use args::Args;
pub use spec::{FunctionSpec, Param, check_spec};

/// `value` as compact JSON text, the form every tool returns. Same bytes as
/// `value.to_string()`, but written straight into a byte buffer: `Display` goes through
/// `fmt::Formatter` piece by piece, which measured about 3x slower inside the sandbox.
pub fn json_text(value: &serde_json::Value) -> String {
    // Serializing a `Value` cannot fail: its map keys are strings.
    serde_json::to_string(value).unwrap_or_default()
}

/// Appends `text` to `out` as a JSON string literal (serde_json's quoting and escaping),
/// for results written without building a `Value`.
pub fn push_json_str(out: &mut String, text: &str) {
    // Serializing a string cannot fail.
    out.push_str(&serde_json::to_string(text).unwrap_or_default());
}

/// Longest piece of the caller's input echoed back in an error message.
pub const MAX_ECHO_CHARS: usize = 80;

/// `input` for quoting in an error message: cut to [`MAX_ECHO_CHARS`] characters (with
/// "..." appended) so a huge argument never comes back in full.
pub fn clip(input: &str) -> String {
    if input.chars().count() <= MAX_ECHO_CHARS {
        input.to_string()
    } else {
        let head: String = input.chars().take(MAX_ECHO_CHARS).collect();
        format!("{head}...")
    }
}

/// The error for a function name this tool does not provide, listing the ones it does.
pub fn unknown_function(name: &str, known: &[&str]) -> String {
    fuzzy::suggest(
        &format!("unknown function '{}'", clip(name)),
        name,
        known.iter().copied(),
        &format!("functions here: {}", known.join(", ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_text_matches_display() {
        let v = serde_json::json!({"b": [1, 2.5, "x\"y\n"], "a": null, "c": {"é": true}});
        assert_eq!(json_text(&v), v.to_string());
    }

    #[test]
    fn push_json_str_escapes_like_serde_json() {
        for text in [
            "plain",
            "",
            "quote \" back \\ slash",
            "\n\r\t\u{8}\u{c}\u{1}\u{1f}",
            "é ✓ 😀",
            "\u{7f}",
        ] {
            let mut out = String::new();
            push_json_str(&mut out, text);
            assert_eq!(out, serde_json::Value::from(text).to_string(), "{text:?}");
        }
    }

    #[test]
    fn clip_cuts_long_input() {
        assert_eq!(clip("short"), "short");
        assert_eq!(clip(&"é".repeat(81)), format!("{}...", "é".repeat(80)));
        assert_eq!(clip(&"x".repeat(80)).len(), 80);
    }

    #[test]
    fn unknown_function_suggests_the_closest_and_lists_all() {
        let msg = unknown_function("calculat", &["calculate", "percent_change"]);
        assert_eq!(
            msg,
            "unknown function 'calculat'; did you mean 'calculate'? functions here: calculate, percent_change"
        );
    }
}
