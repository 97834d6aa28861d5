//! The crate's error type: one `thiserror` enum with structured variants and a `Result` alias.

use std::path::PathBuf;

/// Everything that can go wrong while loading, running or sampling a policy.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A tensor operation failed (shape mismatch, device error ...).
    #[error("tensor operation failed: {0}")]
    Candle(#[from] candle_core::Error),
    /// Reading or writing a file failed.
    #[error("cannot access {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A JSON file (config.json, tokenizer.json, index) is malformed.
    #[error("cannot parse {path}: {source}")]
    Json {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: serde_json::Error,
    },
    /// The default model has not been downloaded.
    #[error(
        "default model not found at {path}; run scripts/fetch-model.sh (it honours TZ_MODEL_DIR) \
         or pass --model PATH"
    )]
    DefaultModelMissing {
        /// Where it was expected.
        path: PathBuf,
    },
    /// `--model` names neither a file, nor a directory, nor a hub id (`org/name[@revision]`).
    #[error(
        "model {spec:?} is not a local GGUF file, a Hugging Face model directory, or a hub id \
         such as HuggingFaceTB/SmolLM2-135M (optionally @revision)"
    )]
    ModelNotFound {
        /// The model argument as given.
        spec: String,
    },
    /// Fetching a model from the Hugging Face hub failed.
    #[error(
        "cannot fetch {repo} from the Hugging Face hub: {message}. Check the network, HF_ENDPOINT \
         and HF_TOKEN, or download it where the hub is reachable (`huggingface-cli download \
         REPO --local-dir DIR`) and pass --model DIR"
    )]
    Hub {
        /// `org/name@revision`.
        repo: String,
        /// What went wrong.
        message: String,
    },
    /// A checkpoint lacks a required piece (tensor, metadata key, file).
    #[error("{what} is missing from {source_name}")]
    Missing {
        /// What is missing.
        what: String,
        /// Where it was looked for.
        source_name: String,
    },
    /// The model configuration is not supported or inconsistent.
    #[error("unsupported model configuration: {0}")]
    Config(String),
    /// The tokenizer could not be built, or failed to encode/decode.
    #[error("tokenizer error: {0}")]
    Tokenizer(String),
    /// The chat template could not be rendered.
    #[error("chat template error: {0}")]
    Template(String),
    /// Sampling parameters or requests are invalid.
    #[error("invalid sampling request: {0}")]
    Sampling(String),
    /// The requested device is not available in this build or on this machine.
    #[error("device {0} is not available: {1}")]
    Device(String, String),
    /// A loss or gradient was NaN or infinite.
    #[error("non-finite value: {0}")]
    NonFinite(String),
    /// The environment failed on the host side (a tool directory, a task, the sandbox).
    #[error("environment: {0}")]
    Env(Box<tz_env::Error>),
}

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Wraps an environment error.
    pub fn env(e: tz_env::Error) -> Self {
        Error::Env(Box::new(e))
    }

    /// Wraps an IO error with the path it concerns.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A missing tensor, key or file.
    pub(crate) fn missing(what: impl Into<String>, source_name: impl Into<String>) -> Self {
        Error::Missing {
            what: what.into(),
            source_name: source_name.into(),
        }
    }
}
