//! Python's comparisons and arithmetic on [`PyVal`]s: `int op int` stays an int (a fuel level
//! of `10` plus `5` shows as `15`, not `15.0`), `bool` is an int, an int with a float gives a
//! float, `/` always gives a float, an int and a float compare by their exact values, `+`
//! joins strs, lists and tuples, `*` repeats them, `list += iterable` extends, and what Python
//! refuses is its `TypeError` text.
//!
//! Limitations: ints are 64-bit, so an int result outside `i64` is an error ([`INT_OVERFLOW`])
//! where Python's int would grow; `int / int` divides the two values as floats (exact below
//! 2^53; Python rounds the exact quotient); a repetition longer than [`MAX_REPEAT`] is refused
//! as a `MemoryError` (whose text is empty).

use std::cmp::Ordering;

use super::{iterate, type_name};
use crate::py::PyVal;

/// The error for an int result outside 64 bits (Python's ints are unbounded).
pub const INT_OVERFLOW: &str = "the int result does not fit in 64 bits (not supported here)";

/// The longest str (in bytes) or list or tuple (in items) a repetition `seq * n` makes.
pub const MAX_REPEAT: usize = 1 << 16;

/// A Python number: a `bool` is the int it is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Num {
    Int(i64),
    Float(f64),
}

impl Num {
    fn of(value: &PyVal) -> Option<Num> {
        match value {
            PyVal::Float(f) => Some(Num::Float(*f)),
            other => other.as_int().map(Num::Int),
        }
    }

    /// `float(self)` (the nearest float to an int, as Python converts it).
    fn f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }
}

/// An arithmetic operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (true division)
    Div,
}

impl Op {
    fn symbol(self) -> &'static str {
        match self {
            Op::Add => "+",
            Op::Sub => "-",
            Op::Mul => "*",
            Op::Div => "/",
        }
    }
}

/// An ordering operator (`==` never raises: see [`PyVal::py_eq`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Cmp {
    fn symbol(self) -> &'static str {
        match self {
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
        }
    }

    fn holds(self, ordering: Ordering) -> bool {
        match self {
            Cmp::Lt => ordering == Ordering::Less,
            Cmp::Le => ordering != Ordering::Greater,
            Cmp::Gt => ordering == Ordering::Greater,
            Cmp::Ge => ordering != Ordering::Less,
        }
    }
}

/// `a <op> b`: numbers by exact value (NaN compares false), strs by code point, lists with
/// lists and tuples with tuples item by item (the first unequal pair decides, else the
/// shorter is smaller); any other pairing is Python's `TypeError`.
pub fn compare(a: &PyVal, op: Cmp, b: &PyVal) -> Result<bool, String> {
    match (a, b, Num::of(a), Num::of(b)) {
        (_, _, Some(x), Some(y)) => Ok(num_order(x, y).is_some_and(|o| op.holds(o))),
        (PyVal::Str(x), PyVal::Str(y), _, _) => Ok(op.holds(x.as_str().cmp(y.as_str()))),
        (PyVal::List(x), PyVal::List(y), _, _) | (PyVal::Tuple(x), PyVal::Tuple(y), _, _) => {
            match x.iter().zip(y).find(|(p, q)| !p.py_eq(q)) {
                Some((p, q)) => compare(p, op, q),
                None => Ok(op.holds(x.len().cmp(&y.len()))),
            }
        }
        _ => Err(format!(
            "'{}' not supported between instances of '{}' and '{}'",
            op.symbol(),
            type_name(a),
            type_name(b)
        )),
    }
}

/// The order of two numbers, `None` when a NaN makes them unordered.
fn num_order(a: Num, b: Num) -> Option<Ordering> {
    match (a, b) {
        (Num::Int(i), Num::Int(j)) => Some(i.cmp(&j)),
        (Num::Float(f), Num::Float(g)) => f.partial_cmp(&g),
        (Num::Int(i), Num::Float(f)) => int_float_order(i, f),
        (Num::Float(f), Num::Int(i)) => int_float_order(i, f).map(Ordering::reverse),
    }
}

/// How int `i` orders against float `f`, exactly (Python does not round `i` to a float).
fn int_float_order(i: i64, f: f64) -> Option<Ordering> {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if f.is_nan() {
        return None;
    }
    if f >= TWO_63 {
        return Some(Ordering::Less);
    }
    if f < -TWO_63 {
        return Some(Ordering::Greater);
    }
    let floor = f.floor();
    // `floor` is integral and within i64, so the cast is exact.
    let whole = floor as i64;
    Some(i.cmp(&whole).then(if f > floor {
        Ordering::Less
    } else {
        Ordering::Equal
    }))
}

/// `a <op> b`.
pub fn binary(a: &PyVal, op: Op, b: &PyVal) -> Result<PyVal, String> {
    operate(a, op, b, false)
}

/// The value `a <op>= b` gives `a`: as [`binary`], except that `list += iterable` extends
/// the list by any iterable, and the `TypeError` text names the augmented operator (`+=`).
pub fn augmented(a: &PyVal, op: Op, b: &PyVal) -> Result<PyVal, String> {
    if let (PyVal::List(items), Op::Add) = (a, op) {
        let mut items = items.clone();
        items.extend(iterate(b)?);
        return Ok(PyVal::List(items));
    }
    operate(a, op, b, true)
}

fn operate(a: &PyVal, op: Op, b: &PyVal, in_place: bool) -> Result<PyVal, String> {
    let (Some(x), Some(y)) = (Num::of(a), Num::of(b)) else {
        return sequences(a, op, b, in_place);
    };
    let num = match (op, x, y) {
        (Op::Div, _, _) => {
            if y.f64() == 0.0 {
                return Err(match (x, y) {
                    (Num::Int(_), Num::Int(_)) => "division by zero".into(),
                    _ => "float division by zero".into(),
                });
            }
            Num::Float(x.f64() / y.f64())
        }
        (_, Num::Int(i), Num::Int(j)) => Num::Int(
            match op {
                Op::Add => i.checked_add(j),
                Op::Sub => i.checked_sub(j),
                _ => i.checked_mul(j),
            }
            .ok_or(INT_OVERFLOW)?,
        ),
        _ => {
            let (p, q) = (x.f64(), y.f64());
            Num::Float(match op {
                Op::Add => p + q,
                Op::Sub => p - q,
                _ => p * q,
            })
        }
    };
    Ok(match num {
        Num::Int(i) => PyVal::Int(i),
        Num::Float(f) => PyVal::Float(f),
    })
}

/// `a <op> b` where one side is not a number: `+` joins two strs, lists or tuples, `*`
/// repeats a sequence by an int; the rest is Python's `TypeError`.
fn sequences(a: &PyVal, op: Op, b: &PyVal, in_place: bool) -> Result<PyVal, String> {
    let is_seq = |v: &PyVal| matches!(v, PyVal::Str(_) | PyVal::List(_) | PyVal::Tuple(_));
    match (op, a, b) {
        (Op::Add, PyVal::Str(s), PyVal::Str(t)) => Ok(PyVal::Str(format!("{s}{t}"))),
        (Op::Add, PyVal::List(s), PyVal::List(t)) => Ok(PyVal::List([&s[..], t].concat())),
        (Op::Add, PyVal::Tuple(s), PyVal::Tuple(t)) => Ok(PyVal::Tuple([&s[..], t].concat())),
        (Op::Add, seq, other) if is_seq(seq) => Err(format!(
            "can only concatenate {0} (not \"{1}\") to {0}",
            type_name(seq),
            type_name(other)
        )),
        (Op::Mul, seq, n) | (Op::Mul, n, seq) if is_seq(seq) => repeat(seq, n),
        _ => Err(format!(
            "unsupported operand type(s) for {}{}: '{}' and '{}'",
            op.symbol(),
            if in_place { "=" } else { "" },
            type_name(a),
            type_name(b)
        )),
    }
}

/// `seq * n` for a str, list or tuple `seq` (an int `n` below 1 gives an empty one).
fn repeat(seq: &PyVal, n: &PyVal) -> Result<PyVal, String> {
    let times = match n {
        PyVal::Int(_) | PyVal::Bool(_) => n.as_int().unwrap_or(0).max(0),
        other => {
            return Err(format!(
                "can't multiply sequence by non-int of type '{}'",
                type_name(other)
            ));
        }
    };
    let len = match seq {
        PyVal::Str(s) => s.len(),
        PyVal::List(items) | PyVal::Tuple(items) => items.len(),
        _ => 0,
    };
    let total = len as i128 * i128::from(times);
    if matches!(seq, PyVal::Str(_)) && total > i128::from(i64::MAX) {
        return Err("repeated string is too long".into());
    }
    if total > MAX_REPEAT as i128 {
        return Err(String::new());
    }
    // Both fit in `usize` now: `total` is at most `MAX_REPEAT`, and so is `times` unless
    // `seq` is empty.
    let (times, total) = (if len == 0 { 0 } else { times as usize }, total as usize);
    let items = |items: &[PyVal]| items.iter().cycle().take(total).cloned().collect();
    Ok(match seq {
        PyVal::Str(s) => PyVal::Str(s.repeat(times)),
        PyVal::List(v) => PyVal::List(items(v)),
        PyVal::Tuple(v) => PyVal::Tuple(items(v)),
        other => other.clone(),
    })
}

/// `abs(value)`.
pub fn abs(value: &PyVal) -> Result<PyVal, String> {
    match value {
        PyVal::Float(f) => Ok(PyVal::Float(f.abs())),
        PyVal::Int(_) | PyVal::Bool(_) => value
            .as_int()
            .and_then(i64::checked_abs)
            .map(PyVal::Int)
            .ok_or_else(|| INT_OVERFLOW.to_string()),
        other => Err(format!(
            "bad operand type for abs(): '{}'",
            type_name(other)
        )),
    }
}
