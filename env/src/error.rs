//! The environment's error type: host failures only.
//!
//! A guest trap, running out of fuel, an oversized output or a malformed model output is an
//! episode *outcome* (see [`crate::sandbox::Outcome`]), never an `Err`. `Err` is for problems
//! of the host: unreadable files, components that cannot load, invalid specs or configs.

use std::path::PathBuf;

/// Result alias for the environment crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong on the host side.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read or written.
    #[error("cannot access {path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A `.wasm` file is not a loadable tool component.
    #[error("{path}: not a usable tool component: {message}")]
    Component {
        /// The component's file.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// A tool's `spec` is malformed.
    #[error("{path}: invalid spec: {message}")]
    Spec {
        /// The component's file (or `<inline>` for schema-only tools).
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// Two tools define the same function name.
    #[error("function `{name}` is defined by both {first} and {second}: rename one of them")]
    DuplicateFunction {
        /// The clashing name.
        name: String,
        /// The first file that defines it.
        first: PathBuf,
        /// The second file that defines it.
        second: PathBuf,
    },
    /// A directory holds no tool components.
    #[error("no tool components (*.wasm) in {0}: build them with scripts/build-tools.sh")]
    NoTools(PathBuf),
    /// The sandbox configuration is invalid.
    #[error("invalid sandbox config: {}", .0.join("; "))]
    Config(Vec<String>),
    /// The wasmtime engine or linker could not be set up.
    #[error("cannot set up the wasmtime engine: {0}")]
    Engine(String),
    /// The host could not create a store or instance (for example, the instance pool is full).
    #[error("cannot instantiate {tool}: {message}")]
    Instantiate {
        /// The tool's file name.
        tool: String,
        /// What went wrong and what to do.
        message: String,
    },
}
