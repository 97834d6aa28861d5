//! The Python operations BFCL's API classes perform on the values a scenario or a call gives
//! them, with CPython 3.11's results and exception texts (the traces were recorded with it):
//! binding a call's keyword arguments to a method's parameters ([`bind`]), `type(x).__name__`,
//! dict lookups by `==` with `KeyError` and `unhashable type` texts, `in`, `obj[key]`,
//! `obj[key] = v`, `dict.get`, iteration, `len`, `list.append` and `str.lower`; and in
//! [`arith`] comparisons and arithmetic (`<`, `+=`, `*`, ...), in [`convert`] `int()`,
//! `float()` and Unicode digits.
//!
//! A scenario may give any JSON value where a class expects a dict, a list or a number, so
//! every operation answers every [`PyVal`] kind: the result Python computes, or the text of the
//! exception it raises (the `Err`, which the class passes on as its own exception).

use crate::py::{PyVal, py_str, repr};

pub mod arith;
pub mod convert;

pub use arith::{Cmp, INT_OVERFLOW, Op, abs, augmented, binary, compare};
pub use convert::{decimal_value, is_digit, is_space, parse_float, parse_int, to_float, to_int};

/// A method's parameter: its name and its default (`None` for a required parameter).
pub type Param<'a> = (&'a str, Option<PyVal>);

/// A required parameter.
pub fn required(name: &str) -> Param<'_> {
    (name, None)
}

/// An optional parameter with its default.
pub fn optional(name: &str, default: PyVal) -> Param<'_> {
    (name, Some(default))
}

/// Binds the keyword arguments `args` (a dict) of a call `obj.method(**args)` to the
/// parameters of `class.method`, as CPython 3.11 does: the values in `params` order (a
/// default where an argument is not given), or the `TypeError` text, among
/// `Class.method() got an unexpected keyword argument 'x'`,
/// `Class.method() got multiple values for argument 'self'` and
/// `Class.method() missing 2 required positional arguments: 'a' and 'b'` (see [`check_args`]).
pub fn bind<const N: usize>(
    args: &PyVal,
    class: &str,
    method: &str,
    params: [Param<'_>; N],
) -> Result<[PyVal; N], String> {
    let names = params.each_ref().map(|(name, _)| *name);
    check(args, class, method, &names, |i| params[i].1.is_none())?;
    Ok(params.map(|(name, default)| args.get(name).cloned().or(default).unwrap_or(PyVal::None)))
}

/// Checks the keyword arguments `args` of a call `obj.method(**args)` against the parameters
/// `params` of `class.method` (in signature order, the first `required` of them without a
/// default), giving CPython 3.11's `TypeError` text where the call fails: each keyword in the
/// order given must name a parameter (`self` is already bound: "got multiple values"), then
/// every required parameter not given is named, in signature order (`'a'`, `'a' and 'b'`,
/// `'a', 'b', and 'c'`).
pub fn check_args(
    args: &PyVal,
    class: &str,
    method: &str,
    params: &[&str],
    required: usize,
) -> Result<(), String> {
    check(args, class, method, params, |i| i < required)
}

fn check(
    args: &PyVal,
    class: &str,
    method: &str,
    params: &[&str],
    is_required: impl Fn(usize) -> bool,
) -> Result<(), String> {
    if let PyVal::Dict(items) = args {
        for (key, _) in items {
            let key = py_str(key);
            if key == "self" {
                return Err(format!(
                    "{class}.{method}() got multiple values for argument 'self'"
                ));
            }
            if !params.contains(&key.as_str()) {
                return Err(format!(
                    "{class}.{method}() got an unexpected keyword argument '{key}'"
                ));
            }
        }
    }
    let missing: Vec<&str> = params
        .iter()
        .enumerate()
        .filter(|&(i, name)| is_required(i) && args.get(name).is_none())
        .map(|(_, name)| *name)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing_arguments(class, method, &missing))
    }
}

/// The `TypeError` text for a call of `class.method` without the required parameters
/// `missing` (in signature order; at least one): `Class.method() missing 1 required
/// positional argument: 'a'`, `... 2 ... arguments: 'a' and 'b'`, `... 'a', 'b', and 'c'`.
pub fn missing_arguments(class: &str, method: &str, missing: &[&str]) -> String {
    let quoted: Vec<String> = missing.iter().map(|name| format!("'{name}'")).collect();
    let names = match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
    };
    let noun = if missing.len() == 1 {
        "argument"
    } else {
        "arguments"
    };
    format!(
        "{class}.{method}() missing {} required positional {noun}: {names}",
        missing.len()
    )
}

/// Python's `type(value).__name__`.
pub fn type_name(value: &PyVal) -> &'static str {
    match value {
        PyVal::None => "NoneType",
        PyVal::Bool(_) => "bool",
        PyVal::Int(_) => "int",
        PyVal::Float(_) => "float",
        PyVal::Str(_) => "str",
        PyVal::List(_) => "list",
        PyVal::Tuple(_) => "tuple",
        PyVal::Dict(_) => "dict",
    }
}

/// The `AttributeError` text for `value.attr` on a type without it.
pub fn no_attribute(value: &PyVal, attr: &str) -> String {
    format!("'{}' object has no attribute '{attr}'", type_name(value))
}

/// `Err` with the `TypeError` text when `key` cannot be a dict key or set member (a list, a
/// dict, or a tuple holding one).
pub fn hashable(key: &PyVal) -> Result<(), String> {
    match key {
        PyVal::List(_) | PyVal::Dict(_) => Err(format!("unhashable type: '{}'", type_name(key))),
        PyVal::Tuple(items) => items.iter().try_for_each(hashable),
        _ => Ok(()),
    }
}

/// The position of `key` among a dict's items, as `key in d` finds it: keys match by `==`
/// (`1`, `1.0` and `True` are one key, `"1"` another); an unhashable key is a `TypeError`.
pub fn position(items: &[(PyVal, PyVal)], key: &PyVal) -> Result<Option<usize>, String> {
    hashable(key)?;
    Ok(items.iter().position(|(k, _)| k.py_eq(key)))
}

/// `d[key] = value` on a dict's items: an existing key keeps its place (and its first
/// spelling, as in Python), a new one is appended.
pub fn dict_set(items: &mut Vec<(PyVal, PyVal)>, key: PyVal, value: PyVal) -> Result<(), String> {
    match position(items, &key)? {
        Some(i) => items[i].1 = value,
        None => items.push((key, value)),
    }
    Ok(())
}

/// `item in container`: a dict's keys, a list's or tuple's items, a substring of a str.
pub fn contains(container: &PyVal, item: &PyVal) -> Result<bool, String> {
    match container {
        PyVal::Dict(items) => Ok(position(items, item)?.is_some()),
        PyVal::List(items) | PyVal::Tuple(items) => Ok(items.iter().any(|x| x.py_eq(item))),
        PyVal::Str(s) => match item {
            PyVal::Str(sub) => Ok(s.contains(sub.as_str())),
            other => Err(format!(
                "'in <string>' requires string as left operand, not {}",
                type_name(other)
            )),
        },
        other => Err(format!(
            "argument of type '{}' is not iterable",
            type_name(other)
        )),
    }
}

/// `obj[key]`: a dict's value (`KeyError`, whose text is the key's `repr`, when absent), a
/// list's or tuple's item at an int index (negative from the end). Indexing a str with an
/// int is refused with this crate's own text (the character would be a new value; no class
/// indexes a str).
pub fn subscript<'a>(obj: &'a PyVal, key: &PyVal) -> Result<&'a PyVal, String> {
    match (obj, key) {
        (PyVal::Dict(items), _) => match position(items, key)? {
            Some(i) => Ok(&items[i].1),
            None => Err(repr(key)),
        },
        (PyVal::List(items) | PyVal::Tuple(items), PyVal::Int(_) | PyVal::Bool(_)) => {
            let index = key.as_int().unwrap_or(0);
            let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
            let at = if index < 0 { index + len } else { index };
            usize::try_from(at)
                .ok()
                .and_then(|i| items.get(i))
                .ok_or_else(|| format!("{} index out of range", type_name(obj)))
        }
        (PyVal::Str(_), PyVal::Int(_) | PyVal::Bool(_)) => {
            Err("indexing a str is not supported here".into())
        }
        _ => Err(bad_index(obj, key)),
    }
}

/// The `TypeError` of `obj[key]` for an `obj` that is not a dict and a `key` that is not an
/// int.
fn bad_index(obj: &PyVal, key: &PyVal) -> String {
    match obj {
        PyVal::List(_) | PyVal::Tuple(_) => format!(
            "{} indices must be integers or slices, not {}",
            type_name(obj),
            type_name(key)
        ),
        PyVal::Str(_) => format!("string indices must be integers, not '{}'", type_name(key)),
        other => format!("'{}' object is not subscriptable", type_name(other)),
    }
}

/// `obj[key]` for a str key (see [`subscript`]).
pub fn item<'a>(obj: &'a PyVal, key: &str) -> Result<&'a PyVal, String> {
    match obj {
        PyVal::Dict(_) => obj.get(key).ok_or_else(|| repr(&PyVal::str(key))),
        other => Err(bad_index(other, &PyVal::str(key))),
    }
}

/// `&mut obj[key]` for a str key, with [`item`]'s errors.
pub fn item_mut<'a>(obj: &'a mut PyVal, key: &str) -> Result<&'a mut PyVal, String> {
    match obj {
        PyVal::Dict(_) => obj.get_mut(key).ok_or_else(|| repr(&PyVal::str(key))),
        other => Err(bad_index(other, &PyVal::str(key))),
    }
}

/// `obj[key] = value`: a dict's entry (see [`dict_set`]) or a list's item at an int index.
pub fn set_item(obj: &mut PyVal, key: PyVal, value: PyVal) -> Result<(), String> {
    match obj {
        PyVal::Dict(items) => dict_set(items, key, value),
        PyVal::List(items) => {
            let index = match &key {
                PyVal::Int(_) | PyVal::Bool(_) => key.as_int().unwrap_or(0),
                other => {
                    return Err(format!(
                        "list indices must be integers or slices, not {}",
                        type_name(other)
                    ));
                }
            };
            let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
            let at = if index < 0 { index + len } else { index };
            let slot = usize::try_from(at).ok().and_then(|i| items.get_mut(i));
            let slot = slot.ok_or("list assignment index out of range")?;
            *slot = value;
            Ok(())
        }
        other => Err(format!(
            "'{}' object does not support item assignment",
            type_name(other)
        )),
    }
}

/// `obj.get(key, default)` on a dict.
pub fn dict_get(obj: &PyVal, key: &PyVal, default: PyVal) -> Result<PyVal, String> {
    match obj {
        PyVal::Dict(items) => Ok(match position(items, key)? {
            Some(i) => items[i].1.clone(),
            None => default,
        }),
        other => Err(no_attribute(other, "get")),
    }
}

/// The items `for x in value` visits: a list's or tuple's items, a dict's keys, a str's
/// characters.
pub fn iterate(value: &PyVal) -> Result<Vec<PyVal>, String> {
    match value {
        PyVal::List(items) | PyVal::Tuple(items) => Ok(items.clone()),
        PyVal::Dict(items) => Ok(items.iter().map(|(k, _)| k.clone()).collect()),
        PyVal::Str(s) => Ok(s.chars().map(|c| PyVal::Str(c.to_string())).collect()),
        other => Err(format!("'{}' object is not iterable", type_name(other))),
    }
}

/// `list.append(value)`.
pub fn append(list: &mut PyVal, value: PyVal) -> Result<(), String> {
    match list {
        PyVal::List(items) => {
            items.push(value);
            Ok(())
        }
        other => Err(no_attribute(other, "append")),
    }
}

/// `len(value)`: a str's characters, a container's items.
pub fn len(value: &PyVal) -> Result<i64, String> {
    let n = match value {
        PyVal::Str(s) => s.chars().count(),
        PyVal::List(items) | PyVal::Tuple(items) => items.len(),
        PyVal::Dict(items) => items.len(),
        other => {
            return Err(format!(
                "object of type '{}' has no len()",
                type_name(other)
            ));
        }
    };
    Ok(i64::try_from(n).unwrap_or(i64::MAX))
}

/// `value.lower()` for a str (Rust's Unicode tables, which may be a version apart from
/// Python 3.11's).
pub fn lower(value: &PyVal) -> Result<String, String> {
    match value {
        PyVal::Str(s) => Ok(s.to_lowercase()),
        other => Err(no_attribute(other, "lower")),
    }
}

/// The `TypeError` of `datetime.strptime(value, format)` for a `value` that is not a str
/// (CPython names `None` itself, other values by their type).
pub fn strptime_type_error(value: &PyVal) -> String {
    let shown = match value {
        PyVal::None => "None",
        other => type_name(other),
    };
    format!("strptime() argument 1 must be str, not {shown}")
}

#[cfg(test)]
mod tests;
