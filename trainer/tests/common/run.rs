//! Helpers shared by the training tests.

use tz_trainer::candle_core::Var;
use tz_trainer::candle_nn::VarMap;

/// A var map's variables by name, sorted.
pub fn named_vars(varmap: &VarMap) -> Vec<(String, Var)> {
    let mut v: Vec<(String, Var)> = varmap
        .data()
        .lock()
        .expect("var map")
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}
