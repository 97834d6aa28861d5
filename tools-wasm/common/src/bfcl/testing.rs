//! The checks every BFCL class crate's tests make, written once: [`replays`] replays the
//! crate's `traces.jsonl` (recorded from the official Python class) and insists that it
//! covered enough, and [`check_signatures`] holds the class to the methods and parameters its
//! `spec.json` documents (BFCL's function docs match the Python signatures exactly, required
//! parameters in signature order). A class crate runs both with one line in its root:
//! `tz_tool_common::bfcl_class_tests!(crate::TicketApi, traces >= 51, calls >= 101);`.

use super::ApiClass;
use super::pyops::missing_arguments;
use super::trace::{Replayed, replay};
use crate::py::PyVal;

/// [`replay`] of `jsonl` for class `C`, which must replay at least `traces` traces and `calls`
/// calls (so that a trace file that lost its lines, or a class name that matches none of them,
/// fails rather than passes empty). `Err` lists the mismatches, or says what fell short.
pub fn replays<C: ApiClass>(jsonl: &str, traces: usize, calls: usize) -> Result<Replayed, String> {
    let done = replay::<C>(jsonl)?;
    if done.traces < traces || done.calls < calls {
        return Err(format!(
            "{}: replayed {} traces and {} calls, expected at least {traces} and {calls}",
            C::CLASS,
            done.traces,
            done.calls
        ));
    }
    Ok(done)
}

/// Checks class `C` (loaded with its default scenario, afresh for each call) against `spec`,
/// BFCL's function docs for it (a JSON array of `{"name", "parameters": {"properties",
/// "required"}}`). For every function, as Python binds the call:
/// * `{}` raises `Class.name() missing N required positional argument(s): ...` naming the
///   documented required parameters in order, or, with none required, is no binding error;
/// * every documented parameter (as `None`) binds;
/// * an undocumented keyword raises `Class.name() got an unexpected keyword argument '...'`,
///   and `self` raises `... got multiple values for argument 'self'`.
///
/// Gives the number of functions checked; `Err` lists every problem.
pub fn check_signatures<C: ApiClass>(spec: &str) -> Result<usize, String> {
    let spec = PyVal::parse(spec).map_err(|e| format!("spec is not JSON: {e}"))?;
    let PyVal::List(functions) = spec else {
        return Err("spec is not a JSON array".into());
    };
    let mut problems = Vec::new();
    for function in &functions {
        let Some(name) = function.get("name").and_then(PyVal::as_str) else {
            problems.push(format!("a function without a name: {}", function.to_json()));
            continue;
        };
        let parameters = function.get("parameters");
        let names = |key: &str| -> Vec<String> {
            match parameters.and_then(|p| p.get(key)) {
                Some(PyVal::Dict(items)) => {
                    items.iter().map(|(k, _)| crate::py::py_str(k)).collect()
                }
                Some(PyVal::List(items)) => items.iter().map(crate::py::py_str).collect(),
                _ => Vec::new(),
            }
        };
        check_function::<C>(
            name,
            &names("properties"),
            &names("required"),
            &mut problems,
        );
    }
    if problems.is_empty() {
        Ok(functions.len())
    } else {
        Err(problems.join("\n"))
    }
}

/// The checks of [`check_signatures`] for one function.
fn check_function<C: ApiClass>(
    name: &str,
    properties: &[String],
    required: &[String],
    problems: &mut Vec<String>,
) {
    let qualname = format!("{}.{name}()", C::CLASS);
    let call = |args: &[(&str, PyVal)]| -> Result<PyVal, String> {
        let mut class = C::load(&PyVal::Dict(Vec::new()), false)?;
        class.call(name, &PyVal::dict(args.iter().cloned()))
    };
    let no_method = format!("'{}' object has no attribute '{name}'", C::CLASS);
    let is_binding_error = |out: &Result<PyVal, String>| match out {
        Err(e) => {
            e.starts_with(&format!("{qualname} missing "))
                || e.starts_with(&format!("{qualname} got "))
                || *e == no_method
        }
        Ok(_) => false,
    };
    let none = call(&[]);
    if required.is_empty() {
        if is_binding_error(&none) {
            problems.push(format!("{name}(): {none:?}"));
        }
    } else {
        let required: Vec<&str> = required.iter().map(String::as_str).collect();
        let want = missing_arguments(C::CLASS, name, &required);
        if none.as_ref().err() != Some(&want) {
            problems.push(format!("{name}(): {none:?}, expected Err({want:?})"));
        }
    }
    let all: Vec<(&str, PyVal)> = properties
        .iter()
        .map(|p| (p.as_str(), PyVal::None))
        .collect();
    let out = call(&all);
    if is_binding_error(&out) {
        problems.push(format!("{name}(every documented parameter): {out:?}"));
    }
    for (key, want) in [
        (
            "zz_undocumented",
            "got an unexpected keyword argument 'zz_undocumented'",
        ),
        ("self", "got multiple values for argument 'self'"),
    ] {
        let out = call(&[(key, PyVal::None)]);
        let want = format!("{qualname} {want}");
        if out.as_ref().err() != Some(&want) {
            problems.push(format!(
                "{name}({key}=None): {out:?}, expected Err({want:?})"
            ));
        }
    }
}

/// The tests every BFCL class crate runs, as a `class_tests` module of two `#[test]`s:
/// `replays_the_recorded_behaviour_of_the_python_class` ([`replays`] of the crate's
/// `traces.jsonl`, with at least the given numbers of traces and calls) and
/// `the_spec_documents_every_method_and_parameter_the_class_binds` ([`check_signatures`]
/// against the crate's `SPEC`). Invoked in the crate root as
/// `tz_tool_common::bfcl_class_tests!(crate::TicketApi, traces >= 51, calls >= 101);`: the
/// class (an [`ApiClass`]), then the least numbers. `crate::SPEC` must hold the spec text, and
/// `traces.jsonl` lie in the crate's directory (`include_str!` reads it relative to the file
/// that invokes the macro, here `src/lib.rs`).
#[macro_export]
// `crate::SPEC` is meant: the calling class crate's spec, not this crate's.
#[allow(clippy::crate_in_macro_def)]
macro_rules! bfcl_class_tests {
    ($class:ty, traces >= $min_traces:expr, calls >= $min_calls:expr $(,)?) => {
        #[cfg(test)]
        mod class_tests {
            #[test]
            fn replays_the_recorded_behaviour_of_the_python_class() {
                let traces = include_str!("../traces.jsonl");
                let replayed =
                    $crate::bfcl::testing::replays::<$class>(traces, $min_traces, $min_calls);
                replayed.unwrap_or_else(|e| panic!("{e}"));
            }

            #[test]
            fn the_spec_documents_every_method_and_parameter_the_class_binds() {
                let checked = $crate::bfcl::testing::check_signatures::<$class>(crate::SPEC);
                checked.unwrap_or_else(|e| panic!("{e}"));
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bfcl::pyops::{bind, optional, required};

    /// A class with one method, `greet(name, punctuation="!")`, bound as Python binds it,
    /// and one public attribute, `greeting`.
    struct Greeter;

    impl ApiClass for Greeter {
        const CLASS: &'static str = "Greeter";

        fn load(_scenario: &PyVal, _long_context: bool) -> Result<Self, String> {
            Ok(Greeter)
        }

        fn call(&mut self, name: &str, args: &PyVal) -> Result<PyVal, String> {
            match name {
                "greet" => {
                    let params = [required("name"), optional("punctuation", PyVal::str("!"))];
                    let [who, mark] = bind(args, Self::CLASS, name, params)?;
                    Ok(PyVal::str(format!(
                        "hi {}{}",
                        crate::py::py_str(&who),
                        crate::py::py_str(&mark)
                    )))
                }
                _ => Err(crate::bfcl::no_method(self, name)),
            }
        }

        fn state(&self) -> PyVal {
            PyVal::one("greeting", PyVal::str("hi"))
        }
    }

    fn spec(properties: &str, required: &str) -> String {
        format!(
            r#"[{{"name": "greet", "parameters": {{"type": "dict",
                "properties": {properties}, "required": {required}}}}}]"#
        )
    }

    #[test]
    fn a_class_that_binds_as_documented_passes() {
        let ok = spec(r#"{"name": {}, "punctuation": {}}"#, r#"["name"]"#);
        assert_eq!(check_signatures::<Greeter>(&ok), Ok(1));
    }

    #[test]
    fn a_missing_method_or_a_parameter_documented_otherwise_is_reported() {
        let renamed = spec(r#"{"who": {}, "punctuation": {}}"#, r#"["who"]"#);
        let err = check_signatures::<Greeter>(&renamed).expect_err("`who` is not a parameter");
        assert!(
            err.contains("missing 1 required positional argument: 'who'"),
            "{err}"
        );
        assert!(err.contains("unexpected keyword argument 'who'"), "{err}");
        let optional = spec(r#"{"name": {}, "punctuation": {}}"#, "[]");
        assert!(check_signatures::<Greeter>(&optional).is_err());
        let missing = r#"[{"name": "wave", "parameters": {"properties": {}, "required": []}}]"#;
        let err = check_signatures::<Greeter>(missing).expect_err("no wave");
        assert!(err.contains("has no attribute 'wave'"), "{err}");
    }

    #[test]
    fn a_name_that_is_no_method_fails_as_python_fails_on_it() {
        let call = |name: &str| Greeter.call(name, &PyVal::Dict(Vec::new()));
        assert_eq!(call("greeting"), Err("'str' object is not callable".into()));
        assert_eq!(
            call("wave"),
            Err("'Greeter' object has no attribute 'wave'".into())
        );
    }

    #[test]
    fn replays_insists_on_enough_traces() {
        let line = r#"{"id": "t", "class": "Greeter", "scenario": null,
            "initial_state": {"greeting": "hi"},
            "calls": [{"name": "greet", "args": {"name": "a"}, "result": "hi a!"}]}"#
            .replace('\n', " ");
        assert_eq!(
            replays::<Greeter>(&line, 1, 1),
            Ok(Replayed {
                traces: 1,
                calls: 1
            })
        );
        let short = replays::<Greeter>(&line, 2, 1).expect_err("one trace only");
        assert!(short.contains("replayed 1 traces"), "{short}");
    }
}
