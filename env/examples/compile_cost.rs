//! How long Cranelift takes on a function with many locals and loops, the cost that
//! `sandbox::precheck` bounds; or, given `.wasm` files, what the precheck measures in them.
//!
//! `cargo run --release -p tz-env --example compile_cost -- LOCALS LOOPS USES_PER_LOOP`
//! `cargo run --release -p tz-env --example compile_cost -- tools-wasm/*.wasm`

use std::time::Instant;

use tz_env::sandbox::precheck::code_stats;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().all(|a| a.ends_with(".wasm")) {
        for path in &args {
            let wasm = std::fs::read(path).expect("readable .wasm file");
            let s = code_stats(&wasm);
            println!(
                "{path}: {} bytes, {} functions, largest locals×loops {}, total {}",
                wasm.len(),
                s.functions,
                s.max_function_cost,
                s.total_cost
            );
        }
        return;
    }
    let n: Vec<usize> = args
        .iter()
        .map(|a| a.parse().expect("LOCALS LOOPS USES_PER_LOOP are numbers"))
        .collect();
    let (locals, loops, per) = (n[0], n[1], n[2]);
    let mut body = String::new();
    for l in 0..loops {
        body.push_str(&format!("(loop $l{l}"));
        for k in 0..per {
            let i = (l * per + k) % locals;
            body.push_str(&format!(
                " (local.set {i} (i64.add (local.get {i}) (i64.const 1)))"
            ));
        }
        body.push_str(&format!(
            " (br_if $l{l} (i64.eqz (local.get {}))))",
            l % locals
        ));
    }
    let text = format!(
        "(module (func (export \"f\") (local {}) {body}))",
        "i64 ".repeat(locals)
    );
    let wasm = wat::parse_str(&text).expect("generated text parses");
    let mut cfg = wasmtime::Config::new();
    cfg.consume_fuel(true)
        .epoch_interruption(true)
        .cranelift_nan_canonicalization(true);
    let engine = wasmtime::Engine::new(&cfg).expect("engine");
    let start = Instant::now();
    let _module = wasmtime::Module::new(&engine, &wasm).expect("compiles");
    println!(
        "locals {locals} loops {loops} uses/loop {per}: {} bytes, {:.2} s",
        wasm.len(),
        start.elapsed().as_secs_f64()
    );
}
