//! The parseability filter: keep a task only if every ground-truth call validates against the
//! task's own tool specs.
//!
//! The check is deliberately small (the BFCL checker does the full type and value rules):
//! * the called function is one of the task's tools (named tools resolved from `named`);
//! * every parameter the call lists is documented in the spec's `properties` (when the spec has
//!   `properties`);
//! * every `required` parameter is listed with at least one acceptable value other than `""`
//!   ("may be omitted" contradicts "required", so no answer could pass);
//! * every listed parameter has at least one acceptable value, and at least one of them fits the
//!   parameter's declared top-level JSON type (`string`, `integer`, `number`/`float` (an integer is
//!   accepted), `boolean`, `array`/`tuple`, `object`/`dict`); `""` (omitted) and `null` always fit;
//!   other type names (`any`, Java/JavaScript names) and untyped parameters are not checked. So a
//!   ground truth is dropped only when no answer could satisfy it (BFCL's `simple_python_307` lists
//!   `venue: ["", true]` for a string: omitting it still passes, so it is kept).

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde_json::Value;

use crate::spec::FunctionSpec;
use crate::task::{Task, ToolRef};

/// Why a ground-truth call does not validate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A `{"name"}` tool that `named` does not provide.
    UnresolvedTool(String),
    /// The call's function is not among the task's tools.
    UnknownFunction(String),
    /// A required parameter is not given (or only as `""`).
    MissingRequired {
        /// The function.
        function: String,
        /// The parameter.
        param: String,
    },
    /// A parameter the spec does not document.
    UnknownParam {
        /// The function.
        function: String,
        /// The parameter.
        param: String,
    },
    /// No acceptable value has the parameter's declared type.
    WrongType {
        /// The function.
        function: String,
        /// The parameter.
        param: String,
        /// The declared type.
        expected: String,
    },
    /// A parameter with an empty list of acceptable values.
    NoAcceptableValue {
        /// The function.
        function: String,
        /// The parameter.
        param: String,
    },
}

impl Problem {
    /// A short snake_case kind, used to count problems.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::UnresolvedTool(_) => "unresolved_tool",
            Self::UnknownFunction(_) => "unknown_function",
            Self::MissingRequired { .. } => "missing_required",
            Self::UnknownParam { .. } => "unknown_param",
            Self::NoAcceptableValue { .. } => "no_acceptable_value",
            Self::WrongType { .. } => "wrong_type",
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnresolvedTool(n) => write!(f, "tool `{n}` is not in the tool directory"),
            Self::UnknownFunction(n) => {
                write!(f, "ground truth calls `{n}`, which the task does not offer")
            }
            Self::MissingRequired { function, param } => {
                write!(
                    f,
                    "ground truth call `{function}` lacks required parameter `{param}`"
                )
            }
            Self::UnknownParam { function, param } => {
                write!(
                    f,
                    "ground truth call `{function}` passes `{param}`, which its spec does not document"
                )
            }
            Self::WrongType {
                function,
                param,
                expected,
            } => write!(
                f,
                "ground truth call `{function}` gives `{param}` no value of its type `{expected}`"
            ),
            Self::NoAcceptableValue { function, param } => {
                write!(
                    f,
                    "ground truth call `{function}` lists no acceptable value for `{param}`"
                )
            }
        }
    }
}

/// Every problem of a task's ground truth; `named` provides the specs of `{"name"}` tools.
pub fn problems(task: &Task, named: &[FunctionSpec]) -> Vec<Problem> {
    let directory: HashMap<&str, &FunctionSpec> =
        named.iter().map(|s| (s.name.as_str(), s)).collect();
    let mut specs = HashMap::new();
    let mut out = Vec::new();
    for tool in &task.tools {
        match tool {
            ToolRef::Inline(spec) => {
                specs.insert(spec.name.as_str(), spec);
            }
            ToolRef::Named(name) => match directory.get(name.as_str()) {
                Some(spec) => {
                    specs.insert(name.as_str(), *spec);
                }
                None => out.push(Problem::UnresolvedTool(name.clone())),
            },
        }
    }
    // Functions a later turn adds (BFCL's missed functions) are the directory's too.
    for name in task.turns.iter().flat_map(|t| &t.new_tools) {
        match directory.get(name.as_str()) {
            Some(spec) => {
                specs.insert(name.as_str(), *spec);
            }
            None => out.push(Problem::UnresolvedTool(name.clone())),
        }
    }
    let calls = task.turns.iter().flat_map(|t| &t.ground_truth).flatten();
    for call in calls {
        let function = || call.name.clone();
        let Some(spec) = specs.get(call.name.as_str()) else {
            out.push(Problem::UnknownFunction(function()));
            continue;
        };
        if let Some(props) = spec.properties() {
            for param in call
                .params
                .keys()
                .filter(|p| !props.contains_key(p.as_str()))
            {
                let param = param.clone();
                out.push(Problem::UnknownParam {
                    function: function(),
                    param,
                });
            }
        }
        for param in call.params.keys() {
            let values = call.alternatives(param);
            if values.is_empty() {
                let param = param.clone();
                out.push(Problem::NoAcceptableValue {
                    function: function(),
                    param,
                });
            }
            let declared = spec
                .properties()
                .and_then(|p| p.get(param))
                .and_then(|schema| schema.get("type"))
                .and_then(Value::as_str);
            if let Some(expected) = declared
                && !values.is_empty()
                && !values.iter().any(|v| has_type(v, expected))
            {
                out.push(Problem::WrongType {
                    function: function(),
                    param: param.clone(),
                    expected: expected.to_string(),
                });
            }
        }
        for param in spec.required() {
            let given = call.alternatives(param).iter().any(|v| v != "");
            if !given {
                let param = param.to_string();
                out.push(Problem::MissingRequired {
                    function: function(),
                    param,
                });
            }
        }
    }
    out
}

/// Whether an acceptable value fits a declared top-level type (`""` and `null` always do; unknown
/// type names are not checked).
fn has_type(value: &Value, declared: &str) -> bool {
    if value.is_null() || value == "" {
        return true;
    }
    match declared {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" | "float" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" | "tuple" => value.is_array(),
        "object" | "dict" => value.is_object(),
        _ => true,
    }
}

/// What the filter dropped, counted by problem kind (a task counts once per kind it has).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FilterReport {
    /// Tasks kept.
    pub kept: usize,
    /// Tasks dropped.
    pub dropped: usize,
    /// Dropped tasks per problem kind.
    pub by_kind: BTreeMap<&'static str, usize>,
    /// `(task id, first problem)` of each dropped task, in input order.
    pub examples: Vec<(String, String)>,
}

/// Keeps the tasks whose ground truth validates (see the module doc); order is preserved.
pub fn filter_parseable(tasks: Vec<Task>, named: &[FunctionSpec]) -> (Vec<Task>, FilterReport) {
    let mut report = FilterReport::default();
    let mut kept = Vec::with_capacity(tasks.len());
    for task in tasks {
        let found = problems(&task, named);
        if found.is_empty() {
            report.kept += 1;
            kept.push(task);
            continue;
        }
        report.dropped += 1;
        let mut kinds: Vec<&'static str> = found.iter().map(Problem::kind).collect();
        kinds.sort_unstable();
        kinds.dedup();
        for kind in kinds {
            *report.by_kind.entry(kind).or_insert(0) += 1;
        }
        report
            .examples
            .push((task.id.clone(), found[0].to_string()));
    }
    (kept, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checker::ExpectedCall;
    use crate::task::{Message, Turn};
    use serde_json::{Value, json};

    fn task(params: Value, tools: Vec<ToolRef>) -> Task {
        let call: ExpectedCall = serde_json::from_value(json!({ "area": params })).expect("call");
        Task {
            tool_config: Default::default(),
            id: "t".into(),
            demonstrations: Vec::new(),
            source: None,
            category: None,
            messages: vec![Message::user("q")],
            tools,
            turns: vec![Turn {
                ground_truth: vec![vec![call]],
                ..Turn::default()
            }],
            single_step: false,
        }
    }

    fn area() -> FunctionSpec {
        FunctionSpec {
            name: "area".into(),
            description: String::new(),
            parameters: json!({"type": "object", "properties": {"base": {}, "unit": {"type": "string"}}, "required": ["base"]}),
        }
    }

    #[test]
    fn a_ground_truth_that_matches_its_spec_passes() {
        let t = task(
            json!({"base": [10], "unit": ["m", "", 3]}),
            vec![ToolRef::Inline(area())],
        );
        assert!(problems(&t, &[]).is_empty());
    }

    #[test]
    fn each_kind_of_problem_is_found() {
        let inline = || vec![ToolRef::Inline(area())];
        let kinds = |t: &Task| {
            problems(t, &[])
                .iter()
                .map(Problem::kind)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            kinds(&task(json!({"unit": ["m"]}), inline())),
            ["missing_required"]
        );
        assert_eq!(
            kinds(&task(json!({"base": [""]}), inline())),
            ["missing_required"]
        );
        assert_eq!(
            kinds(&task(json!({"base": [1], "h": [2]}), inline())),
            ["unknown_param"]
        );
        assert_eq!(
            kinds(&task(json!({"base": []}), inline())),
            ["no_acceptable_value", "missing_required"]
        );
        assert_eq!(
            kinds(&task(json!({"base": [1]}), vec![])),
            ["unknown_function"]
        );
        assert_eq!(
            kinds(&task(json!({"base": [1], "unit": [3, true]}), inline())),
            ["wrong_type"]
        );
        let named = vec![ToolRef::Named("area".into())];
        assert_eq!(
            kinds(&task(json!({"base": [1]}), named.clone())),
            ["unresolved_tool", "unknown_function"]
        );
        assert!(problems(&task(json!({"base": [1]}), named), &[area()]).is_empty());
    }

    #[test]
    fn the_filter_keeps_order_and_counts_dropped_tasks_by_kind() {
        let good = task(json!({"base": [1]}), vec![ToolRef::Inline(area())]);
        let bad = Task {
            id: "bad".into(),
            ..task(json!({"h": [1]}), vec![ToolRef::Inline(area())])
        };
        let (kept, report) = filter_parseable(vec![good.clone(), bad, good.clone()], &[]);
        assert_eq!(kept, vec![good.clone(), good]);
        assert_eq!((report.kept, report.dropped), (2, 1));
        assert_eq!(report.by_kind.get("unknown_param"), Some(&1));
        assert_eq!(report.by_kind.get("missing_required"), Some(&1));
        assert_eq!(report.examples[0].0, "bad");
    }
}
