//! What BFCL's multi-turn API classes share as session tools: the [`ApiClass`] trait each class
//! crate implements, the [`ClassSession`] that turns it into `session-tool` methods, the
//! Python operations the classes perform with CPython's exception texts ([`pyops`]: argument
//! binding, dict lookups, comparisons, arithmetic) and [`strptime`], [`trace`] replay of recorded behaviour of
//! the official Python classes, and the checks every class crate's tests make ([`testing`]).
//!
//! # The contract with BFCL
//! BFCL builds a class, calls `_load_scenario(initial_config[class], long_context=...)` on it,
//! then evaluates the model's calls as Python method calls. A method's return value becomes the
//! result text through [`bfcl_text`] (a dict through `json.dumps`, a str as is, else `str()`);
//! an exception becomes `"Error during execution: {exception}"`. The state BFCL's checker
//! compares is the instance's public attributes (`vars()` without `_`-prefixed names), with
//! Python `==`.
//!
//! Here:
//! * `session.load(config)` takes `{"scenario": {...}, "long_context": bool}`: the class's
//!   entry of `initial_config` and the category flag. Without `load` the session holds the
//!   class's default scenario (`_load_scenario({})`), as BFCL does for a class with no entry;
//! * `session.call` answers `ok(text)` with BFCL's result text, or `err(message)` where
//!   Python raises (message = `str(exception)`; BFCL's checker prefixes it);
//! * `session.state()` is a JSON object of the public attributes (see [`ApiClass::state`]),
//!   compared with [`json_eq`] (Python `==` on the decoded values).
//!
//! Randomness comes from each class's own seeded `random.Random` ([`crate::pyrandom`]), seeded
//! as upstream from the scenario's `random_seed` or the class's default; the episode seed
//! passed to the constructor is not used, so a BFCL entry gives the same ids as upstream.

use serde_json::Value;

use crate::py::{PyVal, bfcl_text};

pub mod pyops;
pub mod strptime;
pub mod testing;
pub mod trace;

/// One BFCL API class, written in Rust. Values are [`PyVal`]s: a scenario may hold any keys,
/// and their order shows in results (`json.dumps` keeps dict order).
pub trait ApiClass: Sized {
    /// The class's name in BFCL (`GorillaFileSystem`, `MathAPI`, ...).
    const CLASS: &'static str;

    /// `Class()` followed by `_load_scenario(scenario, long_context)`; `scenario` is a dict
    /// (empty for the default scenario). `Err` is for a scenario this implementation cannot
    /// represent (where Python would raise or misbehave).
    fn load(scenario: &PyVal, long_context: bool) -> Result<Self, String>;

    /// Calls method `name` with keyword `args` (a dict, already valid for the method's
    /// schema). `Err` is the text of the exception Python would raise.
    fn call(&mut self, name: &str, args: &PyVal) -> Result<PyVal, String>;

    /// The public attributes as a dict `{attribute: value}`: exactly the attributes Python's
    /// `vars(instance)` holds without a leading `_`, nested objects as their `__eq__`
    /// compares them (the trace recorder encodes Python's the same way).
    fn state(&self) -> PyVal;
}

/// The exception Python raises for `obj.name(...)` where `name` is none of the class's
/// methods: `'list' object is not callable` where `name` is a public attribute (one of
/// [`ApiClass::state`]), else `'Class' object has no attribute 'name'`. Private attributes and
/// methods (`_`-prefixed), which Python would also reach, are not known here.
pub fn no_method<C: ApiClass>(class: &C, name: &str) -> String {
    match class.state().get(name) {
        Some(value) => format!("'{}' object is not callable", pyops::type_name(value)),
        None => format!("'{}' object has no attribute '{name}'", C::CLASS),
    }
}

/// A class behind the `session-tool` methods (see the module docs).
pub struct ClassSession<C: ApiClass> {
    inner: Result<C, String>,
}

impl<C: ApiClass> Default for ClassSession<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C: ApiClass> ClassSession<C> {
    /// A session holding the class's default scenario.
    pub fn new() -> Self {
        Self {
            inner: C::load(&PyVal::Dict(Vec::new()), false),
        }
    }

    /// `session.load`: `{"scenario": object, "long_context": bool}` (both optional).
    pub fn load(&mut self, config: &str) -> Result<(), String> {
        let class = C::CLASS;
        let value = PyVal::parse(config).map_err(|e| format!("{class} config is not JSON: {e}"))?;
        let PyVal::Dict(items) = value else {
            return Err(format!(
                "{class} config must be an object {{\"scenario\", \"long_context\"}}"
            ));
        };
        let mut scenario = PyVal::Dict(Vec::new());
        let mut long_context = false;
        for (key, value) in items {
            match (key.as_str().unwrap_or_default(), value) {
                ("scenario", PyVal::None) => {}
                ("scenario", v @ PyVal::Dict(_)) => scenario = v,
                ("scenario", _) => {
                    return Err(format!("{class} config: `scenario` must be an object"));
                }
                ("long_context", PyVal::None) => {}
                ("long_context", PyVal::Bool(b)) => long_context = b,
                ("long_context", _) => {
                    return Err(format!("{class} config: `long_context` must be a boolean"));
                }
                (other, _) => {
                    return Err(format!(
                        "{class} config: unknown key `{other}` (known: scenario, long_context)"
                    ));
                }
            }
        }
        self.inner = Ok(C::load(&scenario, long_context)?);
        Ok(())
    }

    /// `session.call`: BFCL's result text, or the exception's message.
    pub fn call(&mut self, name: &str, arguments: &str) -> Result<String, String> {
        let class = self.inner.as_mut().map_err(|e| e.clone())?;
        let args = match PyVal::parse(arguments) {
            Ok(args @ PyVal::Dict(_)) => args,
            _ => return Err("arguments must be a JSON object".into()),
        };
        class.call(name, &args).map(|value| bfcl_text(&value))
    }

    /// `session.state`: the public attributes as JSON text (`{}` for a failed scenario).
    pub fn state(&self) -> String {
        match &self.inner {
            Ok(class) => crate::json_text(&class.state().to_json()),
            Err(_) => "{}".into(),
        }
    }

    /// The class (for tests), or why its scenario failed to load.
    pub fn class(&self) -> Result<&C, &String> {
        self.inner.as_ref()
    }
}

/// Python `==` on two decoded JSON values: numbers by value (`1 == 1.0`), objects as maps
/// (key order ignored, as dict equality ignores it), arrays in order. Booleans are not numbers
/// here, although Python has `True == 1`: no class state mixes them.
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// The wasm32 glue of a BFCL class crate: `tz_tool_common::bfcl_component!(crate::TicketApi,
/// crate::SPEC);` in the crate root exports class `$class` (an [`ApiClass`]) as
/// `tz:tool/stateful` with `spec()` answering `$spec` (the crate's `spec.json`). The crate
/// depends on `wit-bindgen` for wasm32, like every tool.
#[macro_export]
macro_rules! bfcl_component {
    ($class:ty, $spec:expr) => {
        #[cfg(target_arch = "wasm32")]
        // The generated bindings use `unsafe` for the canonical ABI and carry no docs.
        #[allow(unsafe_code, missing_docs)]
        mod component {
            use std::cell::RefCell;

            wit_bindgen::generate!({ path: "../../wit", world: "session-tool" });

            struct Component;

            impl exports::tz::tool::stateful::Guest for Component {
                type Session = Session;

                fn spec() -> String {
                    $spec.to_string()
                }
            }

            /// The WIT methods take `&self`, so the session sits in a `RefCell`; a component
            /// instance is single-threaded and never re-entered, so borrowing cannot fail
            /// (answered with an error all the same rather than a panic).
            struct Session(RefCell<$crate::bfcl::ClassSession<$class>>);

            const BUSY: &str = "the session is busy";

            impl exports::tz::tool::stateful::GuestSession for Session {
                fn new(_seed: u64) -> Self {
                    Session(RefCell::new($crate::bfcl::ClassSession::new()))
                }

                fn call(&self, name: String, arguments: String) -> Result<String, String> {
                    match self.0.try_borrow_mut() {
                        Ok(mut s) => s.call(&name, &arguments),
                        Err(_) => Err(BUSY.to_string()),
                    }
                }

                fn load(&self, config: String) -> Result<(), String> {
                    match self.0.try_borrow_mut() {
                        Ok(mut s) => s.load(&config),
                        Err(_) => Err(BUSY.to_string()),
                    }
                }

                fn state(&self) -> String {
                    self.0.try_borrow().map(|s| s.state()).unwrap_or_default()
                }
            }

            export!(Component);
        }
    };
}
