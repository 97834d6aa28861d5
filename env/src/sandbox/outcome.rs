//! Typed outcomes of a tool call. Every outcome carries the fuel it used; none is an `Err`.

use serde::{Deserialize, Serialize};

use super::clock::VirtualDeadline;
use super::host::MemoryLimit;

/// How a call ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// The tool returned `ok(result)`.
    Ok {
        /// The text shown to the model.
        result: String,
    },
    /// The tool returned `err(message)`: a tool-level error shown to the model.
    ToolError {
        /// The tool's message.
        message: String,
    },
    /// The arguments were not JSON or violated the function's schema; the guest did not run.
    InvalidArguments {
        /// What is wrong (the schema violations, one per line).
        message: String,
    },
    /// No loaded tool has a function of this name.
    UnknownTool {
        /// The name the model used.
        name: String,
        /// Closest known names, best first.
        suggestions: Vec<String>,
    },
    /// The call burned its whole fuel budget.
    OutOfFuel,
    /// The call ran past its deadline: its virtual sleep budget, or the wall-clock backstop.
    DeadlineExceeded {
        /// `virtual` (the guest slept too long) or `wall_clock` (the backstop fired).
        clock: DeadlineClock,
    },
    /// The store's memory would have exceeded its cap.
    MemoryLimit {
        /// Total bytes asked for.
        requested: u64,
        /// The cap.
        cap: u64,
    },
    /// The guest trapped (the instance is discarded; the next call gets a fresh one).
    Trap {
        /// The trap kind, e.g. `unreachable_code_reached`, `stack_overflow`.
        trap: String,
        /// wasmtime's message.
        message: String,
    },
    /// The tool failed earlier in this episode (trap, fuel, memory or deadline) and stays
    /// unavailable until the episode ends: its instance, with any session state, was discarded,
    /// and a silent fresh start would hide the lost state from the model.
    Unavailable {
        /// The earlier failure's kind (`trap`, `out_of_fuel`, ...).
        cause: String,
    },
    /// The result was larger than the output cap.
    OutputTooLarge {
        /// The result's length in bytes.
        bytes: u64,
        /// The cap in bytes.
        limit: u64,
    },
    /// No store could be created: `max_live_stores` stores are alive already. A host limit,
    /// not the tool's failure: the tool is not poisoned and a later call may succeed.
    PoolExhausted {
        /// `sandbox.max_live_stores`.
        limit: u32,
    },
}

/// The [`Outcome::Trap`] kind for a guest that broke the component ABI (a pointer or length
/// out of bounds, invalid UTF-8, a resource handle it never created, a bad discriminant).
pub const ABI_VIOLATION: &str = "abi_violation";

/// Which clock ended a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineClock {
    /// The guest slept (virtually) past its per-call budget: deterministic.
    Virtual,
    /// The wall-clock backstop fired: not deterministic, a sign the fuel limit is too high.
    WallClock,
}

impl Outcome {
    /// Stable snake_case name of the outcome's kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Ok { .. } => "ok",
            Outcome::ToolError { .. } => "tool_error",
            Outcome::InvalidArguments { .. } => "invalid_arguments",
            Outcome::UnknownTool { .. } => "unknown_tool",
            Outcome::OutOfFuel => "out_of_fuel",
            Outcome::DeadlineExceeded { .. } => "deadline_exceeded",
            Outcome::MemoryLimit { .. } => "memory_limit",
            Outcome::Trap { .. } => "trap",
            Outcome::Unavailable { .. } => "unavailable",
            Outcome::OutputTooLarge { .. } => "output_too_large",
            Outcome::PoolExhausted { .. } => "pool_exhausted",
        }
    }

    /// Whether the call succeeded (`ok`).
    pub fn is_ok(&self) -> bool {
        matches!(self, Outcome::Ok { .. })
    }

    /// Whether the instance must be discarded after this outcome.
    pub fn poisons_instance(&self) -> bool {
        matches!(
            self,
            Outcome::OutOfFuel
                | Outcome::DeadlineExceeded { .. }
                | Outcome::MemoryLimit { .. }
                | Outcome::Trap { .. }
        )
    }

    /// The text a model sees as the tool's response.
    pub fn model_text(&self) -> String {
        match self {
            Outcome::Ok { result } => result.clone(),
            Outcome::ToolError { message } => format!("error: {message}"),
            Outcome::InvalidArguments { message } => format!("error: invalid arguments: {message}"),
            Outcome::UnknownTool { name, suggestions } if suggestions.is_empty() => {
                format!("error: unknown function `{name}`")
            }
            Outcome::UnknownTool { name, suggestions } => format!(
                "error: unknown function `{name}`; did you mean {}?",
                suggestions
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            Outcome::OutOfFuel => "error: the tool ran out of fuel".into(),
            Outcome::DeadlineExceeded { .. } => "error: the tool timed out".into(),
            Outcome::MemoryLimit { .. } => "error: the tool ran out of memory".into(),
            Outcome::Trap { trap, .. } => format!("error: the tool crashed ({trap})"),
            Outcome::Unavailable { cause } => format!(
                "error: the tool failed earlier in this conversation ({cause}) and is unavailable"
            ),
            Outcome::OutputTooLarge { bytes, limit } => {
                format!(
                    "error: the tool's output ({bytes} bytes) exceeds the limit of {limit} bytes"
                )
            }
            Outcome::PoolExhausted { .. } => {
                "error: the sandbox is busy and could not start the tool; try again".into()
            }
        }
    }

    /// A one-line description for people (logs, `tz tools` problems): the model's text plus
    /// what only a developer needs, such as a trap's message or the limit to raise.
    pub fn detail(&self) -> String {
        match self {
            Outcome::Trap { trap, message } => format!("{trap}: {message}"),
            Outcome::PoolExhausted { limit } => format!(
                "pool exhausted: {limit} tool stores are alive already; raise sandbox.max_live_stores or run fewer episodes at once"
            ),
            Outcome::MemoryLimit { requested, cap } => {
                format!("memory limit: {requested} bytes asked for, the cap is {cap}")
            }
            other => other.model_text().trim_start_matches("error: ").to_string(),
        }
    }

    /// Classifies an error from creating an instance: the pool being full is
    /// [`Outcome::PoolExhausted`]; anything else happened inside the guest's own start-up
    /// (the component was compiled and linked when it loaded), so it is the guest's failure.
    pub fn from_instantiate_error(err: &wasmtime::Error, live_stores: u32) -> Outcome {
        if err
            .downcast_ref::<wasmtime::PoolConcurrencyLimitError>()
            .is_some()
        {
            return Outcome::PoolExhausted { limit: live_stores };
        }
        Outcome::from_guest_error(err)
    }

    /// Classifies a guest error (a trap or a host function's error) into an outcome.
    pub fn from_guest_error(err: &wasmtime::Error) -> Outcome {
        if let Some(d) = err.downcast_ref::<VirtualDeadline>() {
            let _ = d;
            return Outcome::DeadlineExceeded {
                clock: DeadlineClock::Virtual,
            };
        }
        if let Some(m) = err.downcast_ref::<MemoryLimit>() {
            return Outcome::MemoryLimit {
                requested: m.requested as u64,
                cap: m.cap as u64,
            };
        }
        match err.downcast_ref::<wasmtime::Trap>() {
            Some(wasmtime::Trap::OutOfFuel) => Outcome::OutOfFuel,
            Some(wasmtime::Trap::Interrupt) => Outcome::DeadlineExceeded {
                clock: DeadlineClock::WallClock,
            },
            Some(trap) => Outcome::Trap {
                trap: trap_name(trap),
                message: format!("{err:#}"),
            },
            // Not a trap and not a limit: wasmtime refused what the guest handed back through
            // the canonical ABI (its message says what: "string pointer/length out of bounds
            // of memory", "invalid utf-8", "unknown handle index", ...).
            None => Outcome::Trap {
                trap: ABI_VIOLATION.into(),
                message: format!("{err:#}"),
            },
        }
    }
}

fn trap_name(trap: &wasmtime::Trap) -> String {
    let debug = format!("{trap:?}");
    let mut out = String::with_capacity(debug.len() + 4);
    for (i, ch) in debug.chars().enumerate() {
        if ch.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(ch.to_ascii_lowercase());
        } else if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else {
            break;
        }
    }
    out
}

/// One call's outcome with what it cost and what it printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallOutcome {
    /// How the call ended.
    pub outcome: Outcome,
    /// Fuel the call burned (0 when the guest did not run).
    pub fuel_used: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trap_names_are_snake_case() {
        assert_eq!(trap_name(&wasmtime::Trap::StackOverflow), "stack_overflow");
        assert_eq!(
            trap_name(&wasmtime::Trap::UnreachableCodeReached),
            "unreachable_code_reached"
        );
    }

    #[test]
    fn outcomes_serialize_with_a_kind_tag() {
        let json = serde_json::to_string(&Outcome::OutOfFuel).expect("serializes");
        assert_eq!(json, r#"{"kind":"out_of_fuel"}"#);
    }
}
