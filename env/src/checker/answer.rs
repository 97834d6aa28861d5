//! BFCL possible answers: `[{"func_name": {"param": [alt1, alt2, ...]}}]`.
//!
//! Each expected call names one function and, per parameter, the list of acceptable values; an
//! empty string among them marks the parameter as one that may be omitted.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::value::is_omit_marker;
use crate::spec::ToolCall;

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
    /// The acceptable values of `param` (empty when the answer does not list it).
    pub fn alternatives(&self, param: &str) -> &[Value] {
        self.params
            .get(param)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The answer written as a model call: each parameter's first alternative that is not the
    /// omit marker; a parameter whose first alternative is `""` is left out unless it is listed in
    /// `required` (the function's required parameters, which BFCL demands even when marked `""`).
    pub fn canonical_call(&self, required: &[&str]) -> ToolCall {
        let mut args = Map::new();
        for (param, alts) in &self.params {
            let first = alts
                .as_array()
                .and_then(|a| a.iter().find(|v| !is_omit_marker(v)));
            let may_omit = alts
                .as_array()
                .and_then(|a| a.first())
                .is_some_and(is_omit_marker);
            if let (Some(v), false) = (first, may_omit && !required.contains(&param.as_str())) {
                args.insert(param.clone(), canonical_value(v));
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
            call.canonical_call(&[]).arguments,
            json!({"d": {"k": "a"}, "ds": [{"k": 1}], "xs": [1, 2]})
        );
    }

    #[test]
    fn the_canonical_call_takes_first_alternatives_and_skips_optional_ones() {
        let call: ExpectedCall =
            serde_json::from_value(json!({"f": {"a": [1, 2], "b": ["", "x"], "c": ["y", ""]}}))
                .expect("valid answer");
        assert_eq!(
            call.canonical_call(&[]).arguments,
            json!({"a": 1, "c": "y"})
        );
        assert_eq!(
            call.canonical_call(&["b"]).arguments,
            json!({"a": 1, "b": "x", "c": "y"})
        );
    }
}
