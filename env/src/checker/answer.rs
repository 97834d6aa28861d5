//! BFCL possible answers: `[{"func_name": {"param": [alt1, alt2, ...]}}]`.
//!
//! Each expected call names one function and, per parameter, the list of acceptable values; an
//! empty string among them marks the parameter as one that may be omitted. [`ExpectedCall`] is
//! the one type for an expected call everywhere: the checker and rewards read it, task files
//! ([`crate::task`]) hold it as their ground truth, and the importers and the generator build it.
//! It keeps its parameters in the order it was given them (a BFCL answer's order, which the
//! checker walks as upstream does); task files write and read them in name order.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Language;
use super::call::accepts;
use super::value::is_omit_marker;
use crate::spec::{FunctionSpec, ToolCall};

/// One expected call in BFCL form: `{"func_name": {"param": [alternatives...]}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>", into = "Map<String, Value>")]
pub struct ExpectedCall {
    /// The function that must be called.
    pub name: String,
    /// Per parameter, the acceptable values (`""` = may be omitted), in the answer's order.
    pub params: Map<String, Value>,
}

/// A possible answer: the calls a model must make (several = parallel calls; none = no call).
pub type PossibleAnswer = Vec<ExpectedCall>;

/// Why a JSON value is not a BFCL expected call.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnswerError {
    /// The object did not have exactly one key (the function name).
    #[error("expected an object with exactly one key (the function name), got {0} keys")]
    NotSingleKey(usize),
    /// The function's value was not an object of parameters.
    #[error("expected the parameters of `{0}` as an object of alternative lists")]
    ParamsNotObject(String),
    /// A parameter's alternatives were not a list.
    #[error("expected the alternatives of `{func}.{param}` as a list")]
    AlternativesNotList {
        /// Function name.
        func: String,
        /// Parameter name.
        param: String,
    },
}

impl TryFrom<Map<String, Value>> for ExpectedCall {
    type Error = AnswerError;

    fn try_from(map: Map<String, Value>) -> Result<Self, Self::Error> {
        if map.len() != 1 {
            return Err(AnswerError::NotSingleKey(map.len()));
        }
        let Some((name, params)) = map.into_iter().next() else {
            return Err(AnswerError::NotSingleKey(0));
        };
        let Value::Object(params) = params else {
            return Err(AnswerError::ParamsNotObject(name));
        };
        if let Some((param, _)) = params.iter().find(|(_, v)| !v.is_array()) {
            return Err(AnswerError::AlternativesNotList {
                func: name,
                param: param.clone(),
            });
        }
        Ok(Self { name, params })
    }
}

impl From<ExpectedCall> for Map<String, Value> {
    fn from(call: ExpectedCall) -> Self {
        let mut map = Map::new();
        map.insert(call.name, Value::Object(call.params));
        map
    }
}

impl ExpectedCall {
    /// A call of `name` whose parameters accept the listed values, in the order given.
    pub fn new(
        name: impl Into<String>,
        params: impl IntoIterator<Item = (String, Vec<Value>)>,
    ) -> Self {
        Self {
            name: name.into(),
            params: params
                .into_iter()
                .map(|(k, alts)| (k, Value::Array(alts)))
                .collect(),
        }
    }

    /// Puts the parameters in name order, the order task files write them in.
    pub fn sort_params(&mut self) {
        self.params.sort_keys();
    }

    /// The acceptable values of `param` (empty when the answer does not list it).
    pub fn alternatives(&self, param: &str) -> &[Value] {
        self.params
            .get(param)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Whether `param` may be omitted: `""` is among its alternatives (anywhere, as BFCL reads
    /// it) and it is not in `required` (the function's required parameters, which BFCL demands
    /// even when the answer marks them `""`).
    pub fn is_optional(&self, param: &str, required: &[&str]) -> bool {
        !required.contains(&param) && self.alternatives(param).iter().any(is_omit_marker)
    }

    /// The answer written as a model call, as close to `given` (the model's call of this
    /// function, if any) as the answer allows: each parameter takes `given`'s value when the
    /// answer accepts it ([`accepts`]), else its first alternative that is not the omit marker.
    /// An optional parameter ([`ExpectedCall::is_optional`]) is left out unless `given` supplies
    /// an accepted value: a parameter the model rightly omitted is not expected of it.
    pub fn canonical_call(
        &self,
        language: Language,
        spec: Option<&FunctionSpec>,
        given: Option<&ToolCall>,
    ) -> ToolCall {
        let required = spec.map(FunctionSpec::required).unwrap_or_default();
        let given_args = given
            .filter(|g| g.name == self.name)
            .and_then(|g| g.arguments.as_object());
        let mut args = Map::new();
        for (param, alts) in &self.params {
            let alts = alts.as_array().map(Vec::as_slice).unwrap_or(&[]);
            let accepted = given_args
                .and_then(|a| a.get(param))
                .filter(|v| accepts(language, spec, param, v, alts));
            if let Some(v) = accepted {
                args.insert(param.clone(), v.clone());
            } else if !self.is_optional(param, &required)
                && let Some(first) = alts.iter().find(|v| !is_omit_marker(v))
            {
                args.insert(param.clone(), canonical_value(first));
            }
        }
        ToolCall::new(self.name.clone(), Value::Object(args))
    }
}

/// A dict alternative maps its keys to alternative lists: take each key's first value (keys
/// whose first alternative is `""` are left out); a list alternative may hold such dicts.
fn canonical_value(v: &Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter_map(|(k, alts)| match alts {
                    Value::Array(a) => match a.first() {
                        Some(first) if !is_omit_marker(first) => Some((k.clone(), first.clone())),
                        _ => None,
                    },
                    other => Some((k.clone(), other.clone())),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|x| {
                    if x.is_object() {
                        canonical_value(x)
                    } else {
                        x.clone()
                    }
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_expected_call_round_trips_through_bfcl_json() {
        let v = json!({"f": {"a": [1, 2], "b": ["", "x"]}});
        let call: ExpectedCall = serde_json::from_value(v.clone()).expect("valid answer");
        assert_eq!(call.name, "f");
        assert_eq!(call.alternatives("a"), &[json!(1), json!(2)]);
        assert_eq!(serde_json::to_value(&call).expect("serializes"), v);
    }

    #[test]
    fn malformed_answers_are_rejected_with_a_reason() {
        let two: Result<ExpectedCall, _> = serde_json::from_value(json!({"f": {}, "g": {}}));
        assert!(two.is_err());
        let not_list: Result<ExpectedCall, _> = serde_json::from_value(json!({"f": {"a": 1}}));
        assert!(not_list.is_err());
    }

    #[test]
    fn the_canonical_call_picks_first_values_inside_dict_alternatives() {
        let call: ExpectedCall = serde_json::from_value(
            json!({"f": {"d": [{"k": ["a", "b"], "o": ["", 1]}], "ds": [[{"k": [1]}]], "xs": [[1, 2]]}}),
        )
        .expect("valid answer");
        assert_eq!(
            call.canonical_call(Language::Python, None, None).arguments,
            json!({"d": {"k": "a"}, "ds": [{"k": 1}], "xs": [1, 2]})
        );
    }

    fn spec(required: &[&str]) -> FunctionSpec {
        FunctionSpec {
            name: "f".into(),
            description: String::new(),
            parameters: json!({"type": "object", "properties": {"a": {"type": "integer"},
                "b": {"type": "string"}, "c": {"type": "string"}}, "required": required}),
        }
    }

    #[test]
    fn the_canonical_call_leaves_out_optional_parameters_wherever_the_marker_stands() {
        let call: ExpectedCall =
            serde_json::from_value(json!({"f": {"a": [1, 2], "b": ["", "x"], "c": ["y", ""]}}))
                .expect("valid answer");
        assert_eq!(
            call.canonical_call(Language::Python, None, None).arguments,
            json!({"a": 1})
        );
        assert_eq!(
            call.canonical_call(Language::Python, Some(&spec(&["b", "c"])), None)
                .arguments,
            json!({"a": 1, "b": "x", "c": "y"})
        );
    }

    #[test]
    fn the_canonical_call_takes_the_models_accepted_values_and_only_those() {
        let call: ExpectedCall =
            serde_json::from_value(json!({"f": {"a": [1, 2], "b": ["", "x"], "c": ["y", ""]}}))
                .expect("valid answer");
        let spec = spec(&["a"]);
        let given = ToolCall::new("f", json!({"a": 2, "b": "X ", "c": "wrong"}));
        assert_eq!(
            call.canonical_call(Language::Python, Some(&spec), Some(&given))
                .arguments,
            json!({"a": 2, "b": "X "})
        );
        let other = ToolCall::new("g", json!({"a": 2}));
        assert_eq!(
            call.canonical_call(Language::Python, Some(&spec), Some(&other))
                .arguments,
            json!({"a": 1})
        );
    }
}
