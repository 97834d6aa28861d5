//! The parallel-isolation check every hostile guest runs: good and hostile calls interleaved
//! on every core, each in its own episode.

use rayon::prelude::*;
use tz_env::registry::Registry;
use tz_env::sandbox::Outcome;

use crate::common::call_once;

/// Runs `calls` calls in parallel, even ones the `good` call `(name, args, expected result)`,
/// odd ones cycling through `hostile` `(name, args)`; asserts every good call answered
/// exactly and every hostile call failed.
pub fn assert_good_calls_undisturbed(
    reg: &Registry,
    good: (&str, &str, &str),
    hostile: &[(&str, &str)],
    calls: usize,
) {
    let results: Vec<(usize, Outcome)> = (0..calls)
        .into_par_iter()
        .map(|i| {
            let (name, args) = if i % 2 == 0 {
                (good.0, good.1)
            } else {
                hostile[(i / 2) % hostile.len()]
            };
            (i, call_once(reg, i as u64, name, args).outcome)
        })
        .collect();
    for (i, outcome) in results {
        if i % 2 == 0 {
            assert_eq!(
                outcome,
                Outcome::Ok {
                    result: good.2.into()
                },
                "call {i}"
            );
        } else {
            assert!(
                !outcome.is_ok(),
                "hostile call {i} should fail: {outcome:?}"
            );
        }
    }
}
