//! One call against one expected call: a port of BFCL's `simple_function_checker`.
//!
//! Order of checks, as upstream: function name; every `required` parameter present; for each
//! given parameter (in the model's order) documented and listed by the answer, for Java and
//! JavaScript the string demand and the conversion ([`super::lang`]), then the type check
//! (Python: int → float allowed at the top level only), then a value check that depends on the
//! declared type (string: standardized; list: ordered, top-level strings standardized; dict and
//! list of dicts: per key; else Python `==`); finally every answer parameter without a `""`
//! alternative must have been given.
//!
//! Deviations, where upstream would crash rather than decide: a parameter without a declared
//! type (or with a type name neither BFCL nor JSON Schema uses) skips the type check and is
//! compared with `==`; a missing `required` list means none; JSON Schema's `number` is treated
//! as `float`, `object` as `dict`, and a type list (`["string", "null"]`) uses its first
//! non-null entry.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::Language;
use super::answer::ExpectedCall;
use super::error::CheckError;
use super::lang;
use super::value::{
    PyType, is_omit_marker, py_eq, py_in, standardize, standardize_value, standardized_eq,
};
use crate::spec::{FunctionSpec, ToolCall};

/// Checks one model call against one expected call of the function `spec` describes (Python).
pub fn check_call(
    spec: &FunctionSpec,
    call: &ToolCall,
    expected: &ExpectedCall,
) -> Result<(), CheckError> {
    check_call_in(Language::Python, spec, call, expected)
}

/// Checks one model call against one expected call of the function `spec` describes, in the
/// task's language.
pub fn check_call_in(
    language: Language,
    spec: &FunctionSpec,
    call: &ToolCall,
    expected: &ExpectedCall,
) -> Result<(), CheckError> {
    if call.name != spec.name {
        return Err(CheckError::WrongFuncName {
            expected: spec.name.clone(),
            got: call.name.clone(),
        });
    }
    let Some(args) = call.arguments.as_object() else {
        return Err(CheckError::ArgumentsNotObject {
            func: call.name.clone(),
        });
    };
    if let Some(param) = spec.required().into_iter().find(|p| !args.contains_key(*p)) {
        return Err(CheckError::MissingRequired {
            func: call.name.clone(),
            param: param.to_string(),
        });
    }
    let empty = Map::new();
    let props = spec.properties().unwrap_or(&empty);
    for (param, value) in args {
        let (Some(details), true) = (props.get(param), expected.params.contains_key(param)) else {
            return Err(CheckError::UnexpectedParam {
                func: call.name.clone(),
                param: param.clone(),
            });
        };
        check_param(
            language,
            param,
            value,
            details,
            expected.alternatives(param),
        )?;
    }
    for (param, alts) in &expected.params {
        let optional = alts
            .as_array()
            .is_some_and(|a| a.iter().any(is_omit_marker));
        if !args.contains_key(param) && !optional {
            return Err(CheckError::MissingOptional {
                func: call.name.clone(),
                param: param.clone(),
            });
        }
    }
    Ok(())
}

/// The declared type name of a parameter schema (`"type"`, or a type list's first non-null).
fn declared_type(details: &Value) -> Option<&str> {
    match details.get("type")? {
        Value::String(s) => Some(s),
        Value::Array(a) => a.iter().filter_map(Value::as_str).find(|t| *t != "null"),
        _ => None,
    }
}

/// Type and value check of one given parameter.
fn check_param(
    language: Language,
    param: &str,
    value: &Value,
    details: &Value,
    alts: &[Value],
) -> Result<(), CheckError> {
    let declared = declared_type(details);
    let items = details.get("items").and_then(declared_type);
    let (expected, nested, value): (PyType, Option<PyType>, Cow<'_, Value>) = match language {
        Language::Python => {
            let Some(expected) = declared.and_then(PyType::from_declared) else {
                return other_value(param, value, alts);
            };
            let nested = match declared {
                Some("array" | "tuple") => items.and_then(PyType::from_declared),
                _ => None,
            };
            // Python auto-converts int to float, at the top level only.
            let value = match (expected, value) {
                (PyType::Float, Value::Number(n)) if !n.is_f64() => {
                    Cow::Owned(n.as_f64().map_or(Value::Null, Value::from))
                }
                _ => Cow::Borrowed(value),
            };
            (expected, nested, value)
        }
        _ => match lang::convert(language, param, value, declared.unwrap_or(""), items)? {
            Some(c) => (c.expected, c.nested, Cow::Owned(c.value)),
            None => return other_value(param, value, alts),
        },
    };
    let value = value.as_ref();
    let is_variable = type_check(param, value, alts, declared.unwrap_or(""), expected, nested)?;
    if !is_variable {
        match (value, expected, nested) {
            (Value::Object(map), PyType::Dict, _) => return dict_check(param, map, alts),
            (Value::Array(items), PyType::List, Some(PyType::Dict)) => {
                return list_dict_check(param, items, alts);
            }
            (Value::String(s), PyType::Str, _) => return string_check(param, s, alts),
            (Value::Array(items), PyType::List, _) => return list_check(param, items, alts),
            _ => {}
        }
    }
    other_value(param, value, alts)
}

fn other_value(param: &str, value: &Value, alts: &[Value]) -> Result<(), CheckError> {
    if py_in(value, alts) {
        Ok(())
    } else {
        Err(CheckError::OtherValue {
            param: param.to_string(),
            got: value.to_string(),
        })
    }
}

/// BFCL's `type_checker`: `Ok(is_variable)`, where a "variable" is a value whose type is the
/// answer's type rather than the declared one (then only `==` against the answer applies).
fn type_check(
    param: &str,
    value: &Value,
    alts: &[Value],
    declared: &str,
    expected: PyType,
    nested: Option<PyType>,
) -> Result<bool, CheckError> {
    let answer_type = alts.iter().find(|a| !is_omit_marker(a)).map(PyType::of);
    let is_variable = answer_type.is_some_and(|t| t != expected);
    let got = PyType::of(value);
    if got == expected {
        let (Some(inner), Value::Array(items)) = (nested, value) else {
            return Ok(is_variable);
        };
        for alt in alts {
            let fits = match alt {
                Value::Array(alt_items) => items.iter().all(|v| inner_type_ok(v, alt_items, inner)),
                _ => true,
            };
            if fits {
                return Ok(is_variable);
            }
        }
        if answer_type == Some(got) {
            return Err(CheckError::NestedTypeMismatch {
                param: param.to_string(),
                inner: inner.name().to_string(),
            });
        }
    } else if answer_type == Some(got) {
        return Ok(true);
    }
    Err(CheckError::TypeMismatch {
        param: param.to_string(),
        expected: declared.to_string(),
        got: got.name().to_string(),
    })
}

/// The one-level recursive `type_checker` call on a list item.
fn inner_type_ok(v: &Value, alt_items: &[Value], inner: PyType) -> bool {
    let t = PyType::of(v);
    t == inner
        || alt_items
            .iter()
            .find(|a| !is_omit_marker(a))
            .map(PyType::of)
            == Some(t)
}

/// BFCL's `string_checker`: standardized equality with a string alternative.
fn string_check(param: &str, s: &str, alts: &[Value]) -> Result<(), CheckError> {
    let hit = alts
        .iter()
        .any(|a| matches!(a, Value::String(x) if standardized_eq(x, s)));
    if hit {
        Ok(())
    } else {
        Err(CheckError::StringValue {
            param: param.to_string(),
            got: Value::String(s.to_string()).to_string(),
        })
    }
}

/// An alternative of a list parameter, standardized. `""` becomes `[]`, as Python's
/// `range(len(""))` makes it; another string is a list of its characters; other values have no
/// length in Python and match nothing.
fn list_alternative(alt: &Value) -> Option<Vec<Value>> {
    match alt {
        Value::Array(items) => Some(items.iter().map(standardize_value).collect()),
        Value::String(s) => Some(
            s.chars()
                .map(|c| Value::String(standardize(c.encode_utf8(&mut [0; 4]))))
                .collect(),
        ),
        _ => None,
    }
}

/// BFCL's `list_checker`: ordered, element-wise `==` after standardizing top-level strings.
fn list_check(param: &str, items: &[Value], alts: &[Value]) -> Result<(), CheckError> {
    let got: Vec<Value> = items.iter().map(standardize_value).collect();
    let hit = alts
        .iter()
        .filter_map(list_alternative)
        .any(|alt| alt.len() == got.len() && alt.iter().zip(&got).all(|(a, b)| py_eq(a, b)));
    if hit {
        Ok(())
    } else {
        Err(CheckError::ListValue {
            param: param.to_string(),
            got: Value::Array(items.to_vec()).to_string(),
        })
    }
}

/// BFCL's `dict_checker`: some non-`""` alternative accepts every key and value of the dict, and
/// the dict has every alternative key without a `""` alternative. The error reported is the last
/// alternative's, with the missing-key check run even after a value mismatch (as upstream). A
/// key whose alternatives are a string rather than a list (BFCL data has a few) is read as
/// Python reads it: its alternatives are the string's characters, and it may be omitted (`""
/// in s` is true).
pub(super) fn dict_check(
    param: &str,
    map: &Map<String, Value>,
    alts: &[Value],
) -> Result<(), CheckError> {
    let mut result = CheckError::DictUnclear {
        param: param.to_string(),
    };
    for alt in alts.iter().filter(|a| !is_omit_marker(a)) {
        let Value::Object(alt) = alt else {
            result = CheckError::DictKey {
                param: param.to_string(),
                key: map.keys().next().cloned().unwrap_or_default(),
            };
            continue;
        };
        let mut ok = true;
        for (key, v) in map {
            let Some(key_alts) = alt.get(key) else {
                result = dict_key(param, key);
                ok = false;
                break;
            };
            let got = standardize_value(v);
            let accepted = match key_alts {
                Value::Array(a) => a.iter().any(|x| py_eq(&got, &standardize_value(x))),
                // upstream indexes the alternatives: a string's are its characters
                Value::String(s) => s.chars().any(|c| {
                    py_eq(
                        &got,
                        &Value::String(standardize(c.encode_utf8(&mut [0; 4]))),
                    )
                }),
                other => py_eq(&got, &standardize_value(other)),
            };
            if !accepted {
                result = CheckError::DictValue {
                    param: param.to_string(),
                    key: key.clone(),
                };
                ok = false;
                break;
            }
        }
        for (key, key_alts) in alt {
            // Python's `"" in alternatives`: any string contains `""`, a dict may have it as a key
            let optional = match key_alts {
                Value::Array(a) => a.iter().any(is_omit_marker),
                Value::String(_) => true,
                Value::Object(m) => m.contains_key(""),
                _ => false,
            };
            if !map.contains_key(key) && !optional {
                result = dict_key(param, key);
                ok = false;
                break;
            }
        }
        if ok {
            return Ok(());
        }
    }
    Err(result)
}

fn dict_key(param: &str, key: &str) -> CheckError {
    CheckError::DictKey {
        param: param.to_string(),
        key: key.to_string(),
    }
}

/// BFCL's `list_dict_checker`: same length as an alternative and each dict accepted in order.
fn list_dict_check(param: &str, items: &[Value], alts: &[Value]) -> Result<(), CheckError> {
    let mut result = CheckError::ListDictCount {
        param: param.to_string(),
    };
    for alt in alts {
        let alt_items: &[Value] = match alt {
            Value::Array(a) => a,
            Value::String(s) if s.is_empty() => &[],
            _ => continue,
        };
        if alt_items.len() != items.len() {
            result = CheckError::ListDictCount {
                param: param.to_string(),
            };
            continue;
        }
        let mut ok = true;
        for (item, expected) in items.iter().zip(alt_items) {
            let checked = match item {
                Value::Object(map) => dict_check(param, map, std::slice::from_ref(expected)),
                _ => Err(dict_key(param, "")),
            };
            if let Err(e) = checked {
                result = e;
                ok = false;
                break;
            }
        }
        if ok {
            return Ok(());
        }
    }
    Err(result)
}

/// Whether the answer accepts `value` for `param` (the per-parameter type and value check of
/// [`check_call_in`]); without a spec, or for a parameter the spec does not document, Python `in`.
pub fn accepts(
    language: Language,
    spec: Option<&FunctionSpec>,
    param: &str,
    value: &Value,
    alts: &[Value],
) -> bool {
    let details = spec.and_then(|s| s.properties()).and_then(|p| p.get(param));
    match details {
        Some(details) => check_param(language, param, value, details, alts).is_ok(),
        None => py_in(value, alts),
    }
}
