//! Sandbox benches (being written).
fn main() {}
