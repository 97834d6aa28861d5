//! BFCL's Python-call syntax: `[func(a=1, b="x"), mod.g(c=[1, 2], d={"k": 2.5}, e=True)]`.
//!
//! A small recursive-descent parser over Python literals: ints (with `_` separators), floats
//! (fraction and/or exponent), optional sign, strings in either quote with the usual escapes,
//! `True`/`False`/`None`, lists, tuples (as JSON arrays), dicts (keys become strings). Calls take
//! keyword arguments only, as BFCL's answers do; names may be dotted. Nesting is limited to
//! [`MAX_DEPTH`] so hostile input cannot exhaust the stack; work is linear in the input.

use serde_json::{Map, Number, Value};

use crate::spec::ToolCall;

/// Deepest literal nesting accepted.
pub const MAX_DEPTH: usize = 64;

/// Why a text is not a list of Python calls (the byte offset where parsing stopped).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid python call syntax at byte {at}: {what}")]
pub struct PythonError {
    /// Byte offset into the parsed text.
    pub at: usize,
    /// What was expected.
    pub what: &'static str,
}

/// Parses `[f(a=1), g(b=2)]` or a bare `f(a=1)` into calls (the whole text must be consumed).
pub fn parse_python_calls(text: &str) -> Result<Vec<ToolCall>, PythonError> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
        depth: 0,
    };
    p.ws();
    let mut calls = Vec::new();
    if p.eat(b'[') {
        p.ws();
        if !p.eat(b']') {
            loop {
                calls.push(p.call()?);
                p.ws();
                if p.eat(b',') {
                    p.ws();
                    if p.eat(b']') {
                        break;
                    }
                    continue;
                }
                p.expect(b']', "`,` or `]` after a call")?;
                break;
            }
        }
    } else {
        calls.push(p.call()?);
    }
    p.ws();
    if p.i != p.s.len() {
        return Err(p.err("end of input after the calls"));
    }
    Ok(calls)
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn err(&self, what: &'static str) -> PythonError {
        PythonError { at: self.i, what }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        let hit = self.peek() == Some(c);
        if hit {
            self.i += 1;
        }
        hit
    }

    fn expect(&mut self, c: u8, what: &'static str) -> Result<(), PythonError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.err(what))
        }
    }

    fn ident(&mut self) -> Option<&'a str> {
        let start = self.i;
        if !self
            .peek()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
        {
            return None;
        }
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            self.i += 1;
        }
        self.text.get(start..self.i)
    }

    fn call(&mut self) -> Result<ToolCall, PythonError> {
        let start = self.i;
        self.ident().ok_or_else(|| self.err("a function name"))?;
        while self.eat(b'.') {
            self.ident().ok_or_else(|| self.err("a name after `.`"))?;
        }
        let name = self.text.get(start..self.i).unwrap_or_default().to_string();
        self.ws();
        self.expect(b'(', "`(` after the function name")?;
        let mut args = Map::new();
        self.ws();
        while !self.eat(b')') {
            let key = self
                .ident()
                .ok_or_else(|| self.err("a keyword argument name"))?
                .to_string();
            self.ws();
            self.expect(b'=', "`=` after the argument name (keyword arguments only)")?;
            self.ws();
            let value = self.value()?;
            args.insert(key, value);
            self.ws();
            if !self.eat(b',') {
                self.expect(b')', "`,` or `)` after an argument")?;
                break;
            }
            self.ws();
        }
        Ok(ToolCall::new(name, Value::Object(args)))
    }

    fn value(&mut self) -> Result<Value, PythonError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.err("shallower nesting"));
        }
        self.depth += 1;
        let v = self.value_inner();
        self.depth -= 1;
        v
    }

    fn value_inner(&mut self) -> Result<Value, PythonError> {
        match self.peek() {
            Some(b'[') => {
                self.i += 1;
                self.seq(b']').map(Value::Array)
            }
            Some(b'(') => {
                self.i += 1;
                self.tuple()
            }
            Some(b'{') => {
                self.i += 1;
                self.dict()
            }
            Some(q @ (b'"' | b'\'')) => self.string(q).map(Value::String),
            Some(c) if c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.') => self.number(),
            Some(c) if c.is_ascii_alphabetic() => match self.ident() {
                Some("True") => Ok(Value::Bool(true)),
                Some("False") => Ok(Value::Bool(false)),
                Some("None") => Ok(Value::Null),
                _ => Err(self.err("a literal (variables and calls are not values)")),
            },
            _ => Err(self.err("a value")),
        }
    }

    /// Comma-separated values up to `close` (trailing comma allowed).
    fn seq(&mut self, close: u8) -> Result<Vec<Value>, PythonError> {
        let mut items = Vec::new();
        self.ws();
        while !self.eat(close) {
            items.push(self.value()?);
            self.ws();
            if !self.eat(b',') {
                self.expect(close, "`,` or a closing bracket")?;
                break;
            }
            self.ws();
        }
        Ok(items)
    }

    /// `(a)` is `a`; `()`, `(a,)` and `(a, b)` are tuples (JSON arrays).
    fn tuple(&mut self) -> Result<Value, PythonError> {
        self.ws();
        if self.eat(b')') {
            return Ok(Value::Array(Vec::new()));
        }
        let first = self.value()?;
        self.ws();
        if self.eat(b')') {
            return Ok(first);
        }
        self.expect(b',', "`,` or `)` in a tuple")?;
        let mut rest = self.seq(b')')?;
        rest.insert(0, first);
        Ok(Value::Array(rest))
    }

    fn dict(&mut self) -> Result<Value, PythonError> {
        let mut map = Map::new();
        self.ws();
        while !self.eat(b'}') {
            let key = match self.value()? {
                Value::String(s) => s,
                k @ (Value::Number(_) | Value::Bool(_) | Value::Null) => k.to_string(),
                _ => return Err(self.err("a string or number dict key")),
            };
            self.ws();
            self.expect(b':', "`:` after a dict key")?;
            self.ws();
            let value = self.value()?;
            map.insert(key, value);
            self.ws();
            if !self.eat(b',') {
                self.expect(b'}', "`,` or `}` in a dict")?;
                break;
            }
            self.ws();
        }
        Ok(Value::Object(map))
    }

    fn string(&mut self, quote: u8) -> Result<String, PythonError> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let start = self.i;
            while self
                .peek()
                .is_some_and(|c| c != quote && c != b'\\' && c != b'\n')
            {
                self.i += 1;
            }
            out.push_str(self.text.get(start..self.i).unwrap_or_default());
            match self.peek() {
                Some(c) if c == quote => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    self.escape(&mut out)?;
                }
                _ => return Err(self.err("a closing quote")),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), PythonError> {
        let Some(c) = self.peek() else {
            return Err(self.err("an escape character"));
        };
        self.i += 1;
        let simple = match c {
            b'n' => Some('\n'),
            b't' => Some('\t'),
            b'r' => Some('\r'),
            b'0' => Some('\0'),
            b'a' => Some('\u{7}'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'v' => Some('\u{b}'),
            b'\\' => Some('\\'),
            b'\'' => Some('\''),
            b'"' => Some('"'),
            b'\n' => return Ok(()),
            _ => None,
        };
        if let Some(ch) = simple {
            out.push(ch);
            return Ok(());
        }
        let digits = match c {
            b'x' => 2,
            b'u' => 4,
            b'U' => 8,
            _ => {
                // Unknown escapes keep the backslash, as Python does; copy the whole char.
                self.i -= 1;
                out.push('\\');
                return Ok(());
            }
        };
        let hex = self
            .text
            .get(self.i..self.i + digits)
            .ok_or_else(|| self.err("hex digits"))?;
        let code = u32::from_str_radix(hex, 16).map_err(|_| self.err("hex digits"))?;
        out.push(char::from_u32(code).ok_or_else(|| self.err("a valid code point"))?);
        self.i += digits;
        Ok(())
    }

    fn number(&mut self) -> Result<Value, PythonError> {
        let start = self.i;
        if matches!(self.peek(), Some(b'-' | b'+')) {
            self.i += 1;
        }
        let mut float = false;
        let mut digits = 0usize;
        while let Some(c) = self.peek() {
            match c {
                b'0'..=b'9' => digits += 1,
                b'_' => {}
                b'.' if !float => float = true,
                _ => break,
            }
            self.i += 1;
        }
        if digits == 0 {
            return Err(self.err("a number"));
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            float = true;
            self.i += 1;
            if matches!(self.peek(), Some(b'-' | b'+')) {
                self.i += 1;
            }
            let exp_start = self.i;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.i += 1;
            }
            if self.i == exp_start {
                return Err(self.err("exponent digits"));
            }
        }
        let raw: String = self
            .text
            .get(start..self.i)
            .unwrap_or_default()
            .replace('_', "");
        let raw = raw.strip_prefix('+').unwrap_or(&raw);
        if !float {
            if let Ok(n) = raw.parse::<i64>() {
                return Ok(Value::from(n));
            }
            if let Ok(n) = raw.parse::<u64>() {
                return Ok(Value::from(n));
            }
        }
        raw.parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| self.err("a finite number"))
    }
}

/// Renders calls in BFCL's Python syntax (`[f(a=1, b='x')]`); the inverse of
/// [`parse_python_calls`] for arguments whose keys are identifiers.
pub fn render_python_calls(calls: &[ToolCall]) -> String {
    let mut out = String::from("[");
    for (i, call) in calls.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&call.name);
        out.push('(');
        if let Some(args) = call.arguments.as_object() {
            for (j, (k, v)) in args.iter().enumerate() {
                if j > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push('=');
                render_value(v, &mut out);
            }
        }
        out.push(')');
    }
    out.push(']');
    out
}

fn render_value(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Number(n) => match (n.is_f64(), n.as_f64()) {
            (true, Some(f)) => out.push_str(&format!("{f:?}")),
            _ => out.push_str(&n.to_string()),
        },
        // JSON string escapes are valid Python escapes.
        Value::String(s) => out.push_str(&Value::String(s.clone()).to_string()),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                render_value(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push_str(": ");
                render_value(item, out);
            }
            out.push('}');
        }
    }
}
