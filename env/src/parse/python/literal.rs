//! Python literals as BFCL's `resolve_ast_by_type` decodes them: numbers, strings, constants,
//! names, nested calls, lists, tuples, dicts, and its unary-operator rule (`-`, `+`, `~` and
//! `not` all negate a number or bool operand).

use serde_json::{Map, Number, Value};

use super::{Parser, PythonError};

impl Parser<'_> {
    /// One keyword-argument value (or list item, dict key or value).
    pub(super) fn value(&mut self) -> Result<Value, PythonError> {
        self.nested(Self::value_inner)
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
            Some(b'"' | b'\'') => self.strings(false).map(Value::String),
            Some(b'-' | b'+' | b'~') => {
                self.i += 1;
                self.ws();
                self.negated()
            }
            Some(b'.') if self.eat_str("...") => Ok(Value::String("...".into())),
            Some(c) if c.is_ascii_digit() || c == b'.' => self.number(),
            _ => self.word_value(),
        }
    }

    /// `True`, `False`, `None`, `not x`, a prefixed string, a call, or a name (its own text).
    fn word_value(&mut self) -> Result<Value, PythonError> {
        let start = self.i;
        let word = self.word().ok_or_else(|| self.err("a value"))?;
        if matches!(self.peek(), Some(b'"' | b'\'')) {
            let lower = word.to_ascii_lowercase();
            return match lower.as_str() {
                "r" => self.strings(true).map(Value::String),
                "u" => self.strings(false).map(Value::String),
                // only a dropped argument may hold bytes (ASCII only) or an f-string
                "b" | "f" | "br" | "rb" | "fr" | "rf" if self.skipping > 0 => {
                    let text = self.strings(lower.contains('r'))?;
                    if lower.contains('b') && !text.is_ascii() {
                        return Err(self.err("ASCII characters in a bytes literal"));
                    }
                    Ok(Value::String(text))
                }
                _ => Err(self.err("a str literal (bytes and f-strings are not values)")),
            };
        }
        match word {
            "True" => Ok(Value::Bool(true)),
            "False" => Ok(Value::Bool(false)),
            "None" => Ok(Value::Null),
            // in a dropped argument `not` is an operator, placed by Python's grammar
            "not" if self.skipping == 0 => {
                self.ws();
                self.negated()
            }
            w if super::KEYWORDS.contains(&w) => {
                self.i = start;
                Err(self.err("a value (not a reserved word)"))
            }
            w => self.name_or_call(w),
        }
    }

    /// After a name: a call with keyword arguments is upstream's nested call
    /// `{"name": {arguments}}`, a call without any argument its source text `"name()"`; a
    /// bare name is its own text. (A call with only positional arguments upstream writes back
    /// with `ast.unparse`, which this reader does not reproduce: refused.)
    fn name_or_call(&mut self, first: &str) -> Result<Value, PythonError> {
        let after_name = self.i;
        let mut name = first.to_string();
        loop {
            self.ws();
            if !self.eat(b'.') {
                break;
            }
            self.ws();
            match self.ident() {
                Some(part) => {
                    name.push('.');
                    name.push_str(part);
                }
                None => break,
            }
        }
        if !self.eat(b'(') {
            self.i = after_name;
            return Ok(Value::String(first.to_string()));
        }
        let (args, positional) = self.call_args()?;
        if !args.is_empty() {
            let mut call = Map::new();
            call.insert(name, Value::Object(args));
            Ok(Value::Object(call))
        } else if positional == 0 {
            Ok(Value::String(format!("{name}()")))
        } else {
            Err(self.err("a nested call with keyword arguments or none"))
        }
    }

    /// Upstream's `-value.operand.value`: the operand of `-` or `+` must be a number or bool
    /// constant, and the result is its negation whichever the sign.
    /// Parentheses around the operand change nothing (`-(5)` is -5).
    fn negated(&mut self) -> Result<Value, PythonError> {
        let mut parens = 0;
        while self.eat(b'(') {
            self.ws();
            parens += 1;
        }
        let operand = match self.peek() {
            Some(c) if c.is_ascii_digit() || c == b'.' => self.number()?,
            _ => match self.word() {
                Some("True") => Value::Bool(true),
                Some("False") => Value::Bool(false),
                _ => return Err(self.err("a number after a unary sign")),
            },
        };
        for _ in 0..parens {
            self.ws();
            self.expect(b')', "`)` after the operand")?;
        }
        negate(&operand).ok_or_else(|| self.err("a negatable number"))
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

    /// A dict; a repeated key keeps its first position and its last value, as in Python.
    fn dict(&mut self) -> Result<Value, PythonError> {
        let mut map = Map::new();
        self.ws();
        while !self.eat(b'}') {
            let key = match self.value()? {
                Value::String(s) => s,
                Value::Bool(true) => "True".into(),
                Value::Bool(false) => "False".into(),
                Value::Null => "None".into(),
                k @ Value::Number(_) => k.to_string(),
                _ => return Err(self.err("a hashable dict key")),
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

    /// One string literal, then any literals right after it (implicit concatenation).
    fn strings(&mut self, raw: bool) -> Result<String, PythonError> {
        let mut out = self.string(raw)?;
        loop {
            let save = self.i;
            self.ws();
            let next_raw = match (self.peek(), self.peek_at(1)) {
                (Some(b'"' | b'\''), _) => false,
                (Some(b'r' | b'R'), Some(b'"' | b'\'')) => true,
                (Some(b'u' | b'U'), Some(b'"' | b'\'')) => false,
                _ => {
                    self.i = save;
                    return Ok(out);
                }
            };
            if !matches!(self.peek(), Some(b'"' | b'\'')) {
                self.i += 1;
            }
            out.push_str(&self.string(next_raw)?);
        }
    }

    fn string(&mut self, raw: bool) -> Result<String, PythonError> {
        let Some(quote) = self.peek() else {
            return Err(self.err("a quote"));
        };
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
                Some(b'\\') if raw => {
                    // A raw string keeps the backslash and the character after it.
                    self.i += 1;
                    let c = self
                        .peek_char()
                        .ok_or_else(|| self.err("a closing quote"))?;
                    out.push('\\');
                    out.push(c);
                    self.i += c.len_utf8();
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
        let simple = match c {
            b'n' => Some('\n'),
            b't' => Some('\t'),
            b'r' => Some('\r'),
            b'a' => Some('\u{7}'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'v' => Some('\u{b}'),
            b'\\' => Some('\\'),
            b'\'' => Some('\''),
            b'"' => Some('"'),
            _ => None,
        };
        if let Some(ch) = simple {
            self.i += 1;
            out.push(ch);
            return Ok(());
        }
        if c == b'\n' {
            self.i += 1;
            return Ok(());
        }
        if (b'0'..=b'7').contains(&c) {
            let mut code = 0u32;
            for _ in 0..3 {
                match self.peek() {
                    Some(d @ b'0'..=b'7') => {
                        code = code * 8 + u32::from(d - b'0');
                        self.i += 1;
                    }
                    _ => break,
                }
            }
            out.push(char::from_u32(code).ok_or_else(|| self.err("a valid code point"))?);
            return Ok(());
        }
        let digits = match c {
            b'x' => 2,
            b'u' => 4,
            b'U' => 8,
            b'N' => return Err(self.err("an escape other than \\N{...}")),
            _ => {
                // Unknown escapes keep the backslash, as Python does.
                out.push('\\');
                return Ok(());
            }
        };
        self.i += 1;
        let hex = self
            .text
            .get(self.i..self.i + digits)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.err("hex digits"))?;
        let code = u32::from_str_radix(hex, 16).map_err(|_| self.err("hex digits"))?;
        // A lone surrogate is a Python string but no Rust one: fine only where it is dropped.
        let ch = match char::from_u32(code) {
            Some(ch) => ch,
            None if self.skipping > 0 && code <= 0x10FFFF => char::REPLACEMENT_CHARACTER,
            None => return Err(self.err("a valid code point")),
        };
        out.push(ch);
        self.i += digits;
        Ok(())
    }

    /// An unsigned number literal, with Python's rules for `_`, leading zeros and prefixes.
    fn number(&mut self) -> Result<Value, PythonError> {
        let start = self.i;
        if self.peek() == Some(b'0')
            && matches!(
                self.peek_at(1),
                Some(b'x' | b'X' | b'o' | b'O' | b'b' | b'B')
            )
        {
            let radix = match self.peek_at(1) {
                Some(b'x' | b'X') => 16,
                Some(b'o' | b'O') => 8,
                _ => 2,
            };
            self.i += 2;
            self.eat(b'_');
            let digits = self.digits(radix).ok_or_else(|| self.err("digits"))?;
            return int_value(&digits, radix).ok_or_else(|| self.err("an integer"));
        }
        let int_part = self.digits(10);
        let mut float = false;
        let mut frac = None;
        if self.peek() == Some(b'.') && self.peek_at(1) != Some(b'_') {
            self.i += 1;
            float = true;
            frac = self.digits(10);
        }
        if int_part.is_none() && frac.is_none() {
            self.i = start;
            return Err(self.err("a number"));
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            float = true;
            self.i += 1;
            if !self.eat(b'-') {
                self.eat(b'+');
            }
            self.digits(10).ok_or_else(|| self.err("exponent digits"))?;
        }
        // A complex number is syntax a dropped argument may hold (`Null` stands in for it).
        if self.skipping > 0 && matches!(self.peek(), Some(b'j' | b'J')) {
            self.i += 1;
            return Ok(Value::Null);
        }
        if self
            .peek_char()
            .is_some_and(|c| c == '_' || c == '.' || super::is_ident_continue(c))
        {
            return Err(self.err("a separator after a number"));
        }
        let raw: String = self
            .text
            .get(start..self.i)
            .unwrap_or_default()
            .replace('_', "");
        if !float {
            if raw.len() > 1 && raw.starts_with('0') && raw.bytes().any(|b| b != b'0') {
                return Err(self.err("no leading zeros in a decimal integer"));
            }
            return int_value(&raw, 10).ok_or_else(|| self.err("an integer"));
        }
        match raw.parse::<f64>().ok().map(Number::from_f64) {
            Some(Some(n)) => Ok(Value::Number(n)),
            // infinite: JSON has no such number, but a dropped argument may hold one
            Some(None) if self.skipping > 0 => Ok(Value::Null),
            _ => Err(self.err("a finite number")),
        }
    }

    /// Digits of `radix` with single `_` between them (Python's `digitpart`), without the
    /// underscores; `None` (and nothing consumed) when there is no digit here.
    fn digits(&mut self, radix: u32) -> Option<String> {
        let start = self.i;
        let mut out = String::new();
        loop {
            match self.peek() {
                Some(c) if char::from(c).is_digit(radix) => {
                    out.push(char::from(c));
                    self.i += 1;
                }
                Some(b'_')
                    if !out.is_empty()
                        && self
                            .peek_at(1)
                            .is_some_and(|c| char::from(c).is_digit(radix)) =>
                {
                    self.i += 1;
                }
                _ => break,
            }
        }
        if out.is_empty() {
            self.i = start;
            None
        } else {
            Some(out)
        }
    }
}

/// An integer in JSON: i64, else u64, else (beyond JSON's integers) the nearest float.
fn int_value(digits: &str, radix: u32) -> Option<Value> {
    if let Ok(n) = i64::from_str_radix(digits, radix) {
        return Some(Value::from(n));
    }
    if let Ok(n) = u64::from_str_radix(digits, radix) {
        return Some(Value::from(n));
    }
    let approx = digits.chars().try_fold(0f64, |acc, c| {
        Some(acc * f64::from(radix) + f64::from(c.to_digit(radix)?))
    })?;
    Number::from_f64(approx).map(Value::Number)
}

/// Python's unary minus on a number or bool constant (a bool becomes an int).
fn negate(v: &Value) -> Option<Value> {
    match v {
        Value::Bool(b) => Some(Value::from(-i64::from(*b))),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                return Some(
                    i.checked_neg()
                        .map_or(Value::from(i.unsigned_abs()), Value::from),
                );
            }
            if let Some(u) = n.as_u64() {
                return Some(match u.checked_sub(1).map(i64::try_from) {
                    Some(Ok(m)) => Value::from(-m - 1),
                    _ => Number::from_f64(-(u as f64)).map(Value::Number)?,
                });
            }
            n.as_f64()
                .and_then(|f| Number::from_f64(-f))
                .map(Value::Number)
        }
        _ => None,
    }
}
