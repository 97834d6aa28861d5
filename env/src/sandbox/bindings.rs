//! Host bindings generated from `wit/tool.wit`, one module per world.
#![allow(missing_docs)]

/// The stateless `tool` world.
pub mod stateless {
    wasmtime::component::bindgen!({ path: "../wit", world: "tool" });
}

/// The stateful `session-tool` world.
pub mod stateful {
    wasmtime::component::bindgen!({ path: "../wit", world: "session-tool" });
}

/// The WIT package version this host speaks.
pub const WIT_VERSION: &str = "0.2.0";
/// Export name of the stateless interface.
pub const STATELESS_EXPORT: &str = "tz:tool/stateless@0.2.0";
/// Export name of the stateful interface.
pub const STATEFUL_EXPORT: &str = "tz:tool/stateful@0.2.0";
