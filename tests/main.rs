//! End-to-end tests of the `tz` binary and of the shipped tools through the real sandbox:
//! one module per feature.

mod common;
mod data_cli;
mod episodes;
mod shipped_tools;
mod tools_cli;
