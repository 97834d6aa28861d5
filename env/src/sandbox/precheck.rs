//! Bounds on what a component may ask the compiler to do, checked before compiling.
//!
//! Cranelift's time and memory grow with a function's locals times its loops (every loop
//! header may need a block parameter for every local used after it): one 611 KB function with
//! 50,000 locals and 300 loops took 18.7 s and 1.4 GB to compile, 10,000 × 300 took 4.6 s,
//! 5,000 × 300 2.7 s and 410 MB, 1,500 × 1,000 4.9 s and 590 MB (`cargo run --release -p
//! tz-env --example compile_cost -- LOCALS LOOPS USES_PER_LOOP`, 2 cores, load 1.9). The
//! shipped Rust tools' largest product is 9,303 (`text.wasm`; the example also measures
//! `.wasm` files), so the limits leave them two orders of magnitude of room. A single parse
//! of the bytes (linear time, no compilation) finds the largest such product and the totals,
//! and a component over a [`CompileLimits`] bound is a load problem naming the bound, so
//! `tz tools check` on a hostile directory ends in seconds with bounded memory.
//!
//! Bytes that do not parse are left to wasmtime, whose validation reports them.

use wasmparser::{Operator, Parser, Payload};

/// Limits on a component's code, checked before it is compiled (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompileLimits {
    /// Largest component file. Interpreter components (CPython, SpiderMonkey) are 10-40 MB.
    pub max_bytes: usize,
    /// Most function bodies across all the component's core modules.
    pub max_functions: usize,
    /// Largest `locals × loops` of one function (the compile-cost driver: 2.7-4.9 s at 1.5 M).
    pub max_function_cost: u64,
    /// Largest sum of `locals × loops` over all functions (compilation is per function, in
    /// parallel, so this bounds the whole component's compile time).
    pub max_total_cost: u64,
}

/// The limits every load uses.
pub const COMPILE_LIMITS: CompileLimits = CompileLimits {
    max_bytes: 128 << 20,
    max_functions: 200_000,
    max_function_cost: 1_000_000,
    max_total_cost: 4_000_000,
};

/// What a parse of a component found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CodeStats {
    /// Function bodies in all core modules.
    pub functions: usize,
    /// Largest `locals × loops` of one function.
    pub max_function_cost: u64,
    /// Sum of `locals × loops`.
    pub total_cost: u64,
}

/// Measures `wasm` (a component or a core module). Parse errors end the scan early: wasmtime
/// reports them when it validates.
pub fn code_stats(wasm: &[u8]) -> CodeStats {
    let mut stats = CodeStats::default();
    for payload in Parser::new(0).parse_all(wasm) {
        let Ok(Payload::CodeSectionEntry(body)) = payload else {
            if payload.is_err() {
                break;
            }
            continue;
        };
        stats.functions += 1;
        let locals: u64 = body
            .get_locals_reader()
            .map(|r| {
                r.into_iter()
                    .filter_map(|l| l.ok())
                    .map(|(count, _)| u64::from(count))
                    .sum()
            })
            .unwrap_or(0);
        let mut loops = 0u64;
        if let Ok(mut ops) = body.get_operators_reader() {
            while !ops.eof() {
                match ops.read() {
                    Ok(Operator::Loop { .. }) => loops += 1,
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
        }
        let cost = locals.saturating_mul(loops);
        stats.max_function_cost = stats.max_function_cost.max(cost);
        stats.total_cost = stats.total_cost.saturating_add(cost);
    }
    stats
}

/// Checks `wasm` against `limits`; the message says which bound and by how much.
pub fn check(wasm: &[u8], limits: &CompileLimits) -> Result<(), String> {
    if wasm.len() > limits.max_bytes {
        return Err(format!(
            "is {} bytes; the limit is {} bytes",
            wasm.len(),
            limits.max_bytes
        ));
    }
    let stats = code_stats(wasm);
    if stats.functions > limits.max_functions {
        return Err(format!(
            "has {} functions; the limit is {}",
            stats.functions, limits.max_functions
        ));
    }
    if stats.max_function_cost > limits.max_function_cost {
        return Err(format!(
            "has a function whose locals × loops is {}; the limit is {} (it would take the compiler seconds to minutes and gigabytes): use fewer locals or split the function",
            stats.max_function_cost, limits.max_function_cost
        ));
    }
    if stats.total_cost > limits.max_total_cost {
        return Err(format!(
            "has functions whose locals × loops add up to {}; the limit is {}",
            stats.total_cost, limits.max_total_cost
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(locals: usize, loops: usize) -> Vec<u8> {
        let body: String = (0..loops).map(|_| "(loop nop)").collect();
        let text = format!(
            "(module (func (local {}) {body}) (func))",
            "i32 ".repeat(locals)
        );
        wat::parse_str(text).expect("valid module text")
    }

    #[test]
    fn locals_times_loops_is_measured_per_function() {
        let stats = code_stats(&module(100, 7));
        assert_eq!(stats.functions, 2);
        assert_eq!(stats.max_function_cost, 700);
        assert_eq!(stats.total_cost, 700);
    }

    #[test]
    fn a_function_over_the_cost_limit_is_refused_with_the_numbers() {
        let limits = CompileLimits {
            max_function_cost: 699,
            ..COMPILE_LIMITS
        };
        let err = check(&module(100, 7), &limits).expect_err("over the limit");
        assert!(err.contains("700") && err.contains("699"), "{err}");
        assert_eq!(check(&module(100, 6), &limits), Ok(()));
    }

    #[test]
    fn unparsable_bytes_are_left_to_wasmtime() {
        assert_eq!(check(b"\0asm\x0d\0\x01\0garbage", &COMPILE_LIMITS), Ok(()));
    }
}
