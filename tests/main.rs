//! End-to-end tests of the `tz` binary: one module per feature.
