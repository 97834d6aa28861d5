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

/// The error for a function name this tool does not provide, listing the ones it does.
pub fn unknown_function(name: &str, known: &[&str]) -> String {
    fuzzy::suggest(
        &format!("unknown function '{name}'"),
        name,
        known.iter().copied(),
        &format!("functions here: {}", known.join(", ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_function_suggests_the_closest_and_lists_all() {
        let msg = unknown_function("calculat", &["calculate", "percent_change"]);
        assert_eq!(
            msg,
            "unknown function 'calculat'; did you mean 'calculate'? functions here: calculate, percent_change"
        );
    }
}
