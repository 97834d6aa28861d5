//! End-to-end tests of the `tz` binary and of the shipped tools through the real sandbox:
//! one module per feature.

mod bfcl_multi_turn;
mod cli_behaviour;
mod common;
mod data_cli;
mod episodes;
mod eval_cli;
mod gen_multi_turn;
mod shipped_tools;
mod tidy;
mod tools_cli;
mod tools_new;
mod train_cli;
