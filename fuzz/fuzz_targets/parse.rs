//! Fuzzes the model-output parser: any bytes, as text, must parse without panicking, and the
//! calls read from the input must survive a render-and-parse round trip.
//!
//! Run: `cargo +nightly fuzz run parse -- -max_total_time=60` (from this folder's parent).
#![no_main]
#![allow(dead_code, missing_docs)]

#[path = "../../env/src/spec.rs"]
mod spec;

#[path = "../../env/src/parse/mod.rs"]
mod parse;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = parse::parse(&text);
    let _ = (parsed.is_well_formatted(), parsed.is_parseable());
    for v in &parsed.violations {
        let _ = (v.name(), v.detail(), v.severity());
    }
    if !parsed.calls.is_empty() {
        let block = parse::render_tool_call_block(&parsed.calls);
        let again = parse::parse(&format!("<think>x</think>{block}"));
        assert_eq!(again.calls, parsed.calls, "round trip of {block}");
    }
});
