//! Helpers shared by Tool Zero's shipped tools.
//!
//! Every tool crate keeps its domain logic in plain Rust and exposes two functions,
//! `spec() -> String` and `call(name, arguments) -> Result<String, String>`, which the
//! wasm-only glue forwards to the WIT exports. This crate holds what they all need:
//! [`args`] reads a JSON arguments object defensively, [`spec`] builds function specs and
//! checks them, [`number`] formats numbers deterministically, [`fuzzy`] suggests close names.
#![warn(missing_docs)]

pub mod args;
pub mod fuzzy;
pub mod number;
pub mod spec;

pub use args::Args;
pub use spec::{FunctionSpec, Param, check_spec};

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
