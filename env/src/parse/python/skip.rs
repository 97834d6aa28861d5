//! Dropped positional arguments: upstream never decodes them, so only Python's syntax matters.
//! This reads a practical subset of Python expressions without building values: unary
//! operators, atoms (names, literals of any kind, brackets, dicts and sets) with `.name`, call
//! and subscript suffixes, binary, comparison and boolean operators (`not` only where Python
//! allows it), conditional expressions, starred items, comprehensions and simple lambdas.

use super::{KEYWORDS, Parser, PythonError};

impl Parser<'_> {
    /// Syntax-checks one expression.
    pub(super) fn skip_expr(&mut self) -> Result<(), PythonError> {
        self.skip_expr_with(true)
    }

    /// Syntax-checks one expression; `conditional`: whether `a if b else c` may follow (not in
    /// a comprehension's `in` and `if` parts).
    fn skip_expr_with(&mut self, conditional: bool) -> Result<(), PythonError> {
        self.nested(|p| {
            p.skipping += 1;
            let out = p.skip_expr_inner(conditional);
            p.skipping -= 1;
            out
        })
    }

    fn skip_expr_inner(&mut self, conditional: bool) -> Result<(), PythonError> {
        self.ws();
        if self.eat_word("lambda") {
            self.skip_lambda_params()?;
            return self.skip_expr();
        }
        // `not` may start an operand of `and`/`or` only (`a == not b` is a syntax error).
        let mut not_allowed = true;
        loop {
            self.ws();
            loop {
                if not_allowed && self.eat_word("not") {
                } else if self.eat(b'-') || self.eat(b'+') || self.eat(b'~') {
                    not_allowed = false;
                } else {
                    break;
                }
                self.ws();
            }
            self.skip_atom()?;
            self.skip_suffixes()?;
            self.ws();
            match self.binary_operator() {
                Some(boolean) => not_allowed = boolean,
                None => break,
            }
        }
        let save = self.i;
        self.ws();
        if conditional && self.eat_word("if") {
            self.skip_expr()?;
            self.ws();
            if !self.eat_word("else") {
                return Err(self.err("`else` in a conditional expression"));
            }
            return self.skip_expr();
        }
        self.i = save;
        Ok(())
    }

    /// `lambda` parameters up to the `:`: names, `*`/`**` names, defaults.
    fn skip_lambda_params(&mut self) -> Result<(), PythonError> {
        self.ws();
        while !self.eat(b':') {
            if !self.eat_str("**") {
                self.eat(b'*');
            }
            self.ws();
            self.ident().ok_or_else(|| self.err("a lambda parameter"))?;
            self.ws();
            if self.eat(b'=') {
                self.skip_expr()?;
                self.ws();
            }
            if !self.eat(b',') {
                self.expect(b':', "`:` after the lambda parameters")?;
                break;
            }
            self.ws();
        }
        Ok(())
    }

    /// Consumes `word` when it is a whole word here.
    pub(super) fn eat_word(&mut self, word: &str) -> bool {
        let start = self.i;
        if self.word() == Some(word) {
            return true;
        }
        self.i = start;
        false
    }

    /// A binary, comparison or boolean operator: `Some(true)` for `and`/`or`.
    fn binary_operator(&mut self) -> Option<bool> {
        const OPS: [&str; 19] = [
            "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "+", "-", "*", "/", "%", "@", "&", "|",
            "^", "<", ">",
        ];
        if OPS.iter().any(|op| self.eat_str(op)) {
            return Some(false);
        }
        let start = self.i;
        if self.eat_word("not") {
            self.ws();
            if self.eat_word("in") {
                return Some(false);
            }
            self.i = start;
            return None;
        }
        if self.eat_word("is") {
            self.ws();
            self.eat_word("not");
            return Some(false);
        }
        if self.eat_word("in") {
            return Some(false);
        }
        (self.eat_word("and") || self.eat_word("or")).then_some(true)
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
                if let Some(w) = self.word()
                    && !KEYWORDS.contains(&w)
                    && !matches!(self.peek(), Some(b'"' | b'\''))
                {
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
            } else if self.eat(b'(') {
                self.skip_call_args()?;
            } else if self.eat(b'[') {
                self.skip_until(b']')?;
            } else {
                self.i = save;
                return Ok(());
            }
        }
    }

    /// Comma-separated expressions (or `*x`) up to `close` (trailing comma allowed), or one
    /// expression and a comprehension.
    fn skip_until(&mut self, close: u8) -> Result<(), PythonError> {
        self.ws();
        let mut first = true;
        while !self.eat(close) {
            self.eat(b'*');
            self.skip_expr()?;
            self.ws();
            if first && self.skip_comprehension()? {
                self.ws();
                return self.expect(close, "a closing bracket after a comprehension");
            }
            first = false;
            if !self.eat(b',') {
                self.expect(close, "`,` or a closing bracket")?;
                break;
            }
            self.ws();
        }
        Ok(())
    }

    /// `for target in iterable [if condition]...` after a comprehension's element: whether one
    /// was there.
    fn skip_comprehension(&mut self) -> Result<bool, PythonError> {
        let mut any = false;
        loop {
            self.ws();
            if !self.eat_word("for") {
                return Ok(any);
            }
            any = true;
            loop {
                self.ws();
                self.skip_atom()?;
                self.skip_suffixes()?;
                self.ws();
                if !self.eat(b',') {
                    break;
                }
            }
            self.ws();
            if !self.eat_word("in") {
                return Err(self.err("`in` in a comprehension"));
            }
            self.skip_expr_with(false)?;
            loop {
                self.ws();
                if !self.eat_word("if") {
                    break;
                }
                self.skip_expr_with(false)?;
            }
        }
    }

    fn skip_dict_or_set(&mut self) -> Result<(), PythonError> {
        self.ws();
        let mut first = true;
        while !self.eat(b'}') {
            if self.eat_str("**") {
                self.skip_expr()?;
            } else {
                self.eat(b'*');
                self.skip_expr()?;
                self.ws();
                if self.eat(b':') {
                    self.skip_expr()?;
                }
            }
            self.ws();
            if first && self.skip_comprehension()? {
                self.ws();
                return self.expect(b'}', "`}` after a comprehension");
            }
            first = false;
            if !self.eat(b',') {
                self.expect(b'}', "`,` or `}`")?;
                break;
            }
            self.ws();
        }
        Ok(())
    }

    /// The arguments of a call inside a dropped argument: `name=expr`, `*expr`, `**expr`,
    /// `expr`.
    fn skip_call_args(&mut self) -> Result<(), PythonError> {
        self.ws();
        while !self.eat(b')') {
            if !self.eat_str("**") && !self.eat(b'*') {
                self.keyword();
            }
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
