//! BFCL's Python-call syntax: `[func(a=1, b="x"), mod.g(c=[1, 2], d={"k": 2.5}, e=True)]`.
//!
//! A recursive-descent reader that decodes what BFCL's own decoder decodes, the same way
//! (`bfcl_eval/model_handler/utils.py`: `default_decode_ast_prompting`, `ast_parse`,
//! `resolve_ast_call`, `resolve_ast_by_type`, bfcl-eval 2026.3.23):
//!
//! * the text is stripped of `` ` ``, newlines and spaces at both ends, and a missing `[` or `]`
//!   is added, so `f(a=1)` and `f(a=1), g(b=2)` read as lists; then it must be one Python list
//!   of calls (`[]` is no call);
//! * a call's name is a dotted name of Python (Unicode) identifiers; keyword arguments are
//!   decoded, **positional arguments are syntax-checked and dropped** (`get_weather("Paris")`
//!   is the call `get_weather` with no arguments), as upstream reads only `keywords`; a
//!   positional argument after a keyword one is a syntax error, a keyword given twice keeps
//!   its last value (Python's parser accepts it);
//! * values: ints (`_` separators, `0x`/`0o`/`0b`), floats, strings (either quote, `r`/`u`
//!   prefixes, the usual escapes, implicit concatenation), `True`/`False`/`None`, `...`
//!   (the string `"..."`), lists, tuples (as JSON arrays), dicts; a bare name is its own text
//!   (`unit=celsius` gives `"celsius"`); a unary `-` or `+` before a number or bool negates it,
//!   as upstream (`-value.operand.value`: `+5` reads as -5, `-True` as -1);
//! * dict keys become strings: strings as they are, `True`/`False`/`None` as `"True"`,
//!   `"False"`, `"None"`, numbers as written in JSON. Upstream keeps them Python objects, which
//!   never equal an answer's (string) key; the spellings chosen here never occur as keys of a
//!   BFCL answer either, so verdicts agree.
//!
//! Where upstream decodes something this reader rejects, the output is read as no call (a
//! documented difference, none of them on BFCL's ground truth): a call or attribute or
//! subscript *as a keyword value* (upstream: a nested call dict, `ast.unparse` text, or an
//! error), arithmetic in a keyword value (upstream `eval`s it), `*args`/`**kwargs`, bytes,
//! complex and infinite numbers, `\N{...}` escapes, and identifiers that only NFKC
//! normalization makes equal. Tuples read as arrays (upstream: tuples, which fail a type check
//! against `array`). Nesting is limited to [`MAX_DEPTH`] so hostile input cannot exhaust the
//! stack; work is linear in the input.

mod literal;
mod render;

use serde_json::{Map, Value};

pub use render::render_python_calls;

use crate::spec::ToolCall;

/// Deepest literal nesting accepted.
pub const MAX_DEPTH: usize = 64;

/// Python's reserved words: never an identifier (`True`, `False`, `None` are constants).
pub(crate) const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Why a text is not a list of Python calls (the byte offset where parsing stopped).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid python call syntax at byte {at}: {what}")]
pub struct PythonError {
    /// Byte offset into the parsed text.
    pub at: usize,
    /// What was expected.
    pub what: &'static str,
}

/// Parses `[f(a=1), g(b=2)]`, a bare `f(a=1)` or `f(a=1), g(b=2)` into calls, as BFCL's
/// decoder does (the whole text must be consumed).
pub fn parse_python_calls(text: &str) -> Result<Vec<ToolCall>, PythonError> {
    let is_trim = |c: char| matches!(c, '`' | '\n' | ' ');
    let trimmed = text.trim_matches(is_trim);
    let lead = text.len() - text.trim_start_matches(is_trim).len();
    let open = !trimmed.starts_with('[');
    let close = !trimmed.ends_with(']');
    let wrapped = format!(
        "{}{trimmed}{}",
        if open { "[" } else { "" },
        if close { "]" } else { "" }
    );
    let mut p = Parser {
        text: &wrapped,
        i: 0,
        depth: 0,
    };
    p.call_list().map_err(|e| PythonError {
        at: (e.at + lead)
            .saturating_sub(usize::from(open))
            .min(text.len()),
        what: e.what,
    })
}

/// True for a character that may start a Python identifier (XID_Start or `_`).
fn is_ident_start(c: char) -> bool {
    c == '_' || unicode_ident::is_xid_start(c)
}

/// True for a character that may continue a Python identifier.
fn is_ident_continue(c: char) -> bool {
    unicode_ident::is_xid_continue(c)
}

pub(super) struct Parser<'a> {
    text: &'a str,
    i: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn err(&self, what: &'static str) -> PythonError {
        PythonError { at: self.i, what }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.i).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.text.as_bytes().get(self.i + ahead).copied()
    }

    fn peek_char(&self) -> Option<char> {
        self.text.get(self.i..).and_then(|s| s.chars().next())
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

    fn eat_str(&mut self, s: &str) -> bool {
        let hit = self.text.get(self.i..).is_some_and(|t| t.starts_with(s));
        if hit {
            self.i += s.len();
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

    /// Runs `f` one nesting level deeper, refusing to go past [`MAX_DEPTH`].
    fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, PythonError>,
    ) -> Result<T, PythonError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.err("shallower nesting"));
        }
        self.depth += 1;
        let out = f(self);
        self.depth -= 1;
        out
    }

    /// A Python identifier or keyword (the raw word), without consuming anything if none.
    fn word(&mut self) -> Option<&'a str> {
        let start = self.i;
        if !self.peek_char().is_some_and(is_ident_start) {
            return None;
        }
        while let Some(c) = self.peek_char().filter(|c| is_ident_continue(*c)) {
            self.i += c.len_utf8();
        }
        self.text.get(start..self.i)
    }

    /// A Python identifier: a word that is not a reserved word.
    fn ident(&mut self) -> Option<&'a str> {
        let start = self.i;
        match self.word() {
            Some(w) if !KEYWORDS.contains(&w) => Some(w),
            _ => {
                self.i = start;
                None
            }
        }
    }

    /// `[call, call, ...]` (trailing comma allowed), then the end of the text.
    fn call_list(&mut self) -> Result<Vec<ToolCall>, PythonError> {
        self.expect(b'[', "`[`")?;
        let mut calls = Vec::new();
        self.ws();
        while !self.eat(b']') {
            calls.push(self.call()?);
            self.ws();
            if !self.eat(b',') {
                self.expect(b']', "`,` or `]` after a call")?;
                break;
            }
            self.ws();
        }
        self.ws();
        if self.i != self.text.len() {
            return Err(self.err("end of input after the calls"));
        }
        Ok(calls)
    }

    /// A dotted name of identifiers (spaces around the dots allowed, as in Python).
    fn dotted_name(&mut self) -> Result<String, PythonError> {
        let mut name = self
            .ident()
            .ok_or_else(|| self.err("a function name"))?
            .to_string();
        loop {
            let save = self.i;
            self.ws();
            if !self.eat(b'.') {
                self.i = save;
                return Ok(name);
            }
            self.ws();
            let part = self.ident().ok_or_else(|| self.err("a name after `.`"))?;
            name.push('.');
            name.push_str(part);
        }
    }

    fn call(&mut self) -> Result<ToolCall, PythonError> {
        let name = self.dotted_name()?;
        self.ws();
        self.expect(b'(', "`(` after the function name")?;
        let mut args = Map::new();
        let mut keywords = false;
        self.ws();
        while !self.eat(b')') {
            if let Some(key) = self.keyword()? {
                // `ast.parse` accepts a repeated keyword (only the compiler rejects it): the
                // last value wins, in the first one's place, as upstream's dict makes it.
                self.ws();
                let value = self.value()?;
                args.insert(key.to_string(), value);
                keywords = true;
            } else if keywords {
                return Err(self.err("a keyword argument (no positional one after a keyword)"));
            } else {
                // Upstream reads only keyword arguments: a positional one is dropped.
                self.skip_expr()?;
            }
            self.ws();
            if !self.eat(b',') {
                self.expect(b')', "`,` or `)` after an argument")?;
                break;
            }
            self.ws();
        }
        Ok(ToolCall::new(name, Value::Object(args)))
    }

    /// `name =` (not `==`): the keyword's name, or `None` with nothing consumed.
    fn keyword(&mut self) -> Result<Option<&'a str>, PythonError> {
        let start = self.i;
        if let Some(name) = self.ident() {
            self.ws();
            if self.peek() == Some(b'=') && self.peek_at(1) != Some(b'=') {
                self.i += 1;
                return Ok(Some(name));
            }
        }
        self.i = start;
        Ok(None)
    }

    /// Syntax-checks one Python expression without decoding it (positional arguments are
    /// dropped, so only their syntax matters): unary operators, atoms with `.name`, call and
    /// subscript suffixes, joined by binary, comparison and boolean operators.
    fn skip_expr(&mut self) -> Result<(), PythonError> {
        self.nested(|p| {
            loop {
                p.ws();
                while p.eat(b'-') || p.eat(b'+') || p.eat(b'~') || p.eat_word("not") {
                    p.ws();
                }
                p.skip_atom()?;
                p.skip_suffixes()?;
                p.ws();
                if !p.binary_operator() {
                    return Ok(());
                }
            }
        })
    }

    /// Consumes `word` when it is a whole word here.
    fn eat_word(&mut self, word: &str) -> bool {
        let start = self.i;
        if self.word() == Some(word) {
            return true;
        }
        self.i = start;
        false
    }

    fn binary_operator(&mut self) -> bool {
        const OPS: [&str; 19] = [
            "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "+", "-", "*", "/", "%", "@", "&", "|",
            "^", "<", ">",
        ];
        if OPS.iter().any(|op| self.eat_str(op)) {
            return true;
        }
        if self.eat_word("not") {
            self.ws();
            return self.eat_word("in");
        }
        if self.eat_word("is") {
            self.ws();
            self.eat_word("not");
            return true;
        }
        self.eat_word("and") || self.eat_word("or") || self.eat_word("in")
    }

    fn skip_atom(&mut self) -> Result<(), PythonError> {
        match self.peek() {
            Some(b'(') => {
                self.i += 1;
                self.skip_until(b')')
            }
            Some(b'[') => {
                self.i += 1;
                self.skip_until(b']')
            }
            Some(b'{') => {
                self.i += 1;
                self.skip_dict_or_set()
            }
            _ => {
                let start = self.i;
                if self.ident().is_some() && !matches!(self.peek(), Some(b'"' | b'\'')) {
                    return Ok(());
                }
                self.i = start;
                self.value().map(drop)
            }
        }
    }

    /// `.name`, `(args)` and `[index]` suffixes.
    fn skip_suffixes(&mut self) -> Result<(), PythonError> {
        loop {
            let save = self.i;
            self.ws();
            if self.eat(b'.') {
                self.ws();
                self.ident().ok_or_else(|| self.err("a name after `.`"))?;
            } else if self.peek() == Some(b'(') {
                self.i += 1;
                self.skip_call_args()?;
            } else if self.eat(b'[') {
                self.skip_until(b']')?;
            } else {
                self.i = save;
                return Ok(());
            }
        }
    }

    /// Comma-separated expressions up to `close` (trailing comma allowed).
    fn skip_until(&mut self, close: u8) -> Result<(), PythonError> {
        self.ws();
        while !self.eat(close) {
            self.skip_expr()?;
            self.ws();
            if !self.eat(b',') {
                self.expect(close, "`,` or a closing bracket")?;
                break;
            }
            self.ws();
        }
        Ok(())
    }

    fn skip_dict_or_set(&mut self) -> Result<(), PythonError> {
        self.ws();
        while !self.eat(b'}') {
            self.skip_expr()?;
            self.ws();
            if self.eat(b':') {
                self.skip_expr()?;
                self.ws();
            }
            if !self.eat(b',') {
                self.expect(b'}', "`,` or `}`")?;
                break;
            }
            self.ws();
        }
        Ok(())
    }

    /// The arguments of a call inside a positional argument: `name=expr` or `expr`.
    fn skip_call_args(&mut self) -> Result<(), PythonError> {
        self.ws();
        while !self.eat(b')') {
            self.keyword()?;
            self.skip_expr()?;
            self.ws();
            if !self.eat(b',') {
                self.expect(b')', "`,` or `)`")?;
                break;
            }
            self.ws();
        }
        Ok(())
    }
}
