//! A recursive-descent evaluator for arithmetic expressions.
//!
//! Grammar, lowest precedence first (`^` is right-associative and binds tighter than unary
//! minus, so `-2^2 = -4` and `2^-1 = 0.5`):
//! ```text
//! expr    = term (("+" | "-") term)*
//! term    = unary (("*" | "/" | "%") unary)*
//! unary   = ("-" | "+") unary | power
//! power   = primary (("^" | "**") unary)?
//! primary = number | constant | function "(" expr ("," expr)* ")" | "(" expr ")"
//! ```
//! Positions in error messages are 1-based character columns.

use tz_tool_common::clip;

/// Longest expression accepted, in characters.
pub const MAX_EXPRESSION_CHARS: usize = 10_000;
/// Deepest nesting of parentheses / unary operators accepted (keeps the stack bounded).
const MAX_DEPTH: usize = 200;

/// The functions `calculate` knows, with their accepted argument counts (min, max).
pub const FUNCTIONS: &[(&str, usize, usize)] = &[
    ("sqrt", 1, 1),
    ("pow", 2, 2),
    ("round", 1, 2),
    ("abs", 1, 1),
    ("min", 1, 100),
    ("max", 1, 100),
    ("ln", 1, 1),
    ("log10", 1, 1),
    ("log2", 1, 1),
    ("exp", 1, 1),
    ("sin", 1, 1),
    ("cos", 1, 1),
    ("tan", 1, 1),
    ("floor", 1, 1),
    ("ceil", 1, 1),
];

/// The named constants.
pub const CONSTANTS: &[(&str, f64)] = &[("pi", std::f64::consts::PI), ("e", std::f64::consts::E)];

/// A token; identifiers borrow the expression text (no allocation per token).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    Num(f64),
    Ident(&'a str),
    Op(char),
    Open,
    Close,
    Comma,
    End,
}

/// Evaluates `expression`, or explains what is wrong with it and where.
pub fn evaluate(expression: &str) -> Result<f64, String> {
    if expression.chars().count() > MAX_EXPRESSION_CHARS {
        return Err(format!(
            "expression is too long (over {MAX_EXPRESSION_CHARS} characters)"
        ));
    }
    let tokens = lex(expression)?;
    if tokens.len() == 1 {
        return Err("empty expression: write e.g. '2 * (3 + 4)'".into());
    }
    let mut p = Parser {
        tokens,
        at: 0,
        depth: 0,
    };
    let value = p.expr()?;
    match p.peek() {
        Tok::End => Ok(value),
        Tok::Close => Err(format!("unmatched ')' at position {}", p.pos())),
        t => Err(format!(
            "expected an operator at position {} but found {}",
            p.pos(),
            describe(&t)
        )),
    }
}

/// Splits `s` into tokens with their 1-based character columns. Every token is ASCII, so the
/// scan works on bytes and decodes a character only where a non-ASCII one appears (Unicode
/// whitespace is skipped; anything else is an error naming it).
fn lex(s: &str) -> Result<Vec<(Tok<'_>, usize)>, String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 2 + 2);
    let mut i = 0;
    // Characters before byte `i`: the column of byte `i` is `col + 1`.
    let mut col = 0;
    while i < b.len() {
        let c = b[i];
        let pos = col + 1;
        if c >= 0x80 {
            let ch = s[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
            if ch.is_whitespace() {
                i += ch.len_utf8();
                col += 1;
                continue;
            }
            return Err(unexpected_char(ch, pos));
        }
        if c.is_ascii_whitespace() || c == 0x0b {
            i += 1;
            col += 1;
            continue;
        }
        if c.is_ascii_digit() || c == b'.' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            // An exponent only when digits follow: `2e3` is 2000 but `2e` is an error later.
            if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
                let mut j = i + 1;
                if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
                    j += 1;
                }
                if j < b.len() && b[j].is_ascii_digit() {
                    i = j;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            let text = &s[start..i];
            col += i - start;
            let n: f64 = text
                .parse()
                .map_err(|_| format!("invalid number '{}' at position {pos}", clip(text)))?;
            if !n.is_finite() {
                return Err(format!(
                    "number '{}' at position {pos} is too large",
                    clip(text)
                ));
            }
            out.push((Tok::Num(n), pos));
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            col += i - start;
            out.push((Tok::Ident(&s[start..i]), pos));
            continue;
        }
        let tok = match c {
            b'*' if b.get(i + 1) == Some(&b'*') => {
                i += 1;
                col += 1;
                Tok::Op('^')
            }
            b'+' | b'-' | b'*' | b'/' | b'%' | b'^' => Tok::Op(char::from(c)),
            b'(' => Tok::Open,
            b')' => Tok::Close,
            b',' => Tok::Comma,
            _ => return Err(unexpected_char(char::from(c), pos)),
        };
        out.push((tok, pos));
        i += 1;
        col += 1;
    }
    out.push((Tok::End, col + 1));
    Ok(out)
}

fn unexpected_char(c: char, pos: usize) -> String {
    format!(
        "unexpected character '{c}' at position {pos}; use numbers, + - * / % ^, parentheses, functions and the constants pi and e"
    )
}

fn describe(t: &Tok<'_>) -> String {
    match t {
        Tok::Num(n) => format!("the number {n}"),
        Tok::Ident(s) => format!("'{s}'"),
        Tok::Op(c) => format!("'{c}'"),
        Tok::Open => "'('".into(),
        Tok::Close => "')'".into(),
        Tok::Comma => "','".into(),
        Tok::End => "the end of the expression".into(),
    }
}

struct Parser<'a> {
    tokens: Vec<(Tok<'a>, usize)>,
    at: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Tok<'a> {
        self.tokens[self.at.min(self.tokens.len() - 1)].0
    }

    fn pos(&self) -> usize {
        self.tokens[self.at.min(self.tokens.len() - 1)].1
    }

    fn bump(&mut self) {
        if self.at < self.tokens.len() - 1 {
            self.at += 1;
        }
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(format!(
                "expression is nested too deeply (over {MAX_DEPTH} levels)"
            ));
        }
        Ok(())
    }

    fn expr(&mut self) -> Result<f64, String> {
        let mut acc = self.term()?;
        while let Tok::Op(op @ ('+' | '-')) = self.peek() {
            let pos = self.pos();
            self.bump();
            let rhs = self.term()?;
            acc = checked(if op == '+' { acc + rhs } else { acc - rhs }, op, pos)?;
        }
        Ok(acc)
    }

    fn term(&mut self) -> Result<f64, String> {
        let mut acc = self.unary()?;
        while let Tok::Op(op @ ('*' | '/' | '%')) = self.peek() {
            let pos = self.pos();
            self.bump();
            let rhs = self.unary()?;
            acc = match op {
                '*' => checked(acc * rhs, op, pos)?,
                _ if rhs == 0.0 => {
                    let what = if op == '/' { "division" } else { "modulo" };
                    return Err(format!("{what} by zero at position {pos}"));
                }
                '/' => checked(acc / rhs, op, pos)?,
                _ => checked(acc % rhs, op, pos)?,
            };
        }
        Ok(acc)
    }

    fn unary(&mut self) -> Result<f64, String> {
        match self.peek() {
            Tok::Op(op @ ('-' | '+')) => {
                self.bump();
                self.enter()?;
                let v = self.unary()?;
                self.depth -= 1;
                Ok(if op == '-' { -v } else { v })
            }
            _ => self.power(),
        }
    }

    fn power(&mut self) -> Result<f64, String> {
        let base = self.primary()?;
        if let Tok::Op('^') = self.peek() {
            let pos = self.pos();
            self.bump();
            self.enter()?;
            let exponent = self.unary()?;
            self.depth -= 1;
            return pow(base, exponent, pos);
        }
        Ok(base)
    }

    fn primary(&mut self) -> Result<f64, String> {
        let pos = self.pos();
        match self.peek() {
            Tok::Num(n) => {
                self.bump();
                Ok(n)
            }
            Tok::Open => {
                self.bump();
                self.enter()?;
                let v = self.expr()?;
                self.depth -= 1;
                self.expect_close(pos)?;
                Ok(v)
            }
            Tok::Ident(text) => {
                self.bump();
                if let Some(&(name, min, max)) =
                    FUNCTIONS.iter().find(|f| f.0.eq_ignore_ascii_case(text))
                {
                    return self.call(name, min, max, pos);
                }
                if let Some(&(_, v)) = CONSTANTS.iter().find(|c| c.0.eq_ignore_ascii_case(text)) {
                    return Ok(v);
                }
                Err(unknown_name(&text.to_ascii_lowercase(), pos))
            }
            Tok::End => {
                Err("unexpected end of expression: expected a number, '(' or a function".into())
            }
            t => Err(format!(
                "expected a number, '(' or a function at position {pos} but found {}",
                describe(&t)
            )),
        }
    }

    fn expect_close(&mut self, open_pos: usize) -> Result<(), String> {
        if self.peek() == Tok::Close {
            self.bump();
            return Ok(());
        }
        Err(format!(
            "expected ')' at position {} to close '(' at position {open_pos}, found {}",
            self.pos(),
            describe(&self.peek())
        ))
    }

    fn call(&mut self, name: &str, min: usize, max: usize, pos: usize) -> Result<f64, String> {
        if self.peek() != Tok::Open {
            return Err(format!(
                "function '{name}' at position {pos} must be followed by '(' e.g. {name}(2)"
            ));
        }
        let open = self.pos();
        self.bump();
        self.enter()?;
        let mut args = vec![self.expr()?];
        while self.peek() == Tok::Comma {
            self.bump();
            args.push(self.expr()?);
        }
        self.depth -= 1;
        self.expect_close(open)?;
        if args.len() < min || args.len() > max {
            let want = match (min, max) {
                (a, b) if a == b => format!("{a}"),
                (a, 100) => format!("at least {a}"),
                (a, b) => format!("{a} to {b}"),
            };
            return Err(format!(
                "function '{name}' at position {pos} takes {want} argument(s), got {}",
                args.len()
            ));
        }
        apply(name, &args, pos)
    }
}

fn unknown_name(name: &str, pos: usize) -> String {
    let names = FUNCTIONS
        .iter()
        .map(|f| f.0)
        .chain(CONSTANTS.iter().map(|c| c.0));
    let fns: Vec<&str> = FUNCTIONS.iter().map(|f| f.0).collect();
    tz_tool_common::fuzzy::suggest(
        &format!("unknown name '{}' at position {pos}", clip(name)),
        name,
        names,
        &format!("functions: {}; constants: pi, e", fns.join(", ")),
    )
}

fn checked(v: f64, op: char, pos: usize) -> Result<f64, String> {
    if v.is_nan() {
        Err(format!("'{op}' at position {pos} has no real result"))
    } else if v.is_infinite() {
        Err(format!(
            "overflow: the result of '{op}' at position {pos} is too large"
        ))
    } else {
        Ok(v)
    }
}

fn pow(base: f64, exponent: f64, pos: usize) -> Result<f64, String> {
    if base == 0.0 && exponent < 0.0 {
        return Err(format!(
            "division by zero at position {pos}: 0 raised to a negative power"
        ));
    }
    if base < 0.0 && exponent.fract() != 0.0 {
        return Err(format!(
            "power at position {pos}: a negative base with a fractional exponent has no real result"
        ));
    }
    checked(base.powf(exponent), '^', pos)
}

fn apply(name: &str, args: &[f64], pos: usize) -> Result<f64, String> {
    let x = args[0];
    let domain = |ok: bool, what: &str| {
        if ok {
            Ok(())
        } else {
            Err(format!(
                "{name} at position {pos} needs {what}, got {}",
                tz_tool_common::number::format_number(x)
            ))
        }
    };
    let v = match name {
        "sqrt" => {
            domain(x >= 0.0, "a non-negative number")?;
            x.sqrt()
        }
        "pow" => return pow(x, args[1], pos),
        "round" => {
            let digits = args.get(1).copied().unwrap_or(0.0);
            if digits.fract() != 0.0 || !(-15.0..=15.0).contains(&digits) {
                return Err(format!(
                    "round at position {pos}: digits must be a whole number from -15 to 15"
                ));
            }
            let scale = 10f64.powi(digits as i32);
            let scaled = x * scale;
            if !scaled.is_finite() || scaled.abs() >= 9.007_199_254_740_992e15 {
                // Beyond 2^53 a double has no fractional digits left to round away.
                x
            } else {
                scaled.round() / scale
            }
        }
        "abs" => x.abs(),
        "min" => args.iter().copied().fold(f64::INFINITY, f64::min),
        "max" => args.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        "ln" => {
            domain(x > 0.0, "a positive number")?;
            x.ln()
        }
        "log10" => {
            domain(x > 0.0, "a positive number")?;
            x.log10()
        }
        "log2" => {
            domain(x > 0.0, "a positive number")?;
            x.log2()
        }
        "exp" => x.exp(),
        "sin" => x.sin(),
        "cos" => x.cos(),
        "tan" => x.tan(),
        "floor" => x.floor(),
        "ceil" => x.ceil(),
        _ => return Err(unknown_name(name, pos)),
    };
    if v.is_infinite() {
        return Err(format!("overflow: {name} at position {pos} is too large"));
    }
    if v.is_nan() {
        return Err(format!("{name} at position {pos} has no real result"));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(s: &str) -> f64 {
        evaluate(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn err(s: &str) -> String {
        evaluate(s).expect_err(s)
    }

    #[test]
    fn precedence_and_associativity_follow_school_rules() {
        assert_eq!(eval("2 + 3 * 4"), 14.0);
        assert_eq!(eval("(2 + 3) * 4"), 20.0);
        assert_eq!(eval("10 - 4 - 3"), 3.0);
        assert_eq!(eval("100 / 10 / 5"), 2.0);
        assert_eq!(eval("2 ^ 3 ^ 2"), 512.0);
        assert_eq!(eval("2 ** 10"), 1024.0);
        assert_eq!(eval("7 % 3"), 1.0);
        assert_eq!(eval("-7 % 3"), -1.0);
    }

    #[test]
    fn unary_minus_binds_looser_than_power() {
        assert_eq!(eval("-2 ^ 2"), -4.0);
        assert_eq!(eval("(-2) ^ 2"), 4.0);
        assert_eq!(eval("2 ^ -1"), 0.5);
        assert_eq!(eval("--3"), 3.0);
        assert_eq!(eval("+3 - -3"), 6.0);
        assert_eq!(eval("2 * -3"), -6.0);
    }

    #[test]
    fn numbers_accept_decimals_and_exponents() {
        assert_eq!(eval(".5 + 1.25"), 1.75);
        assert_eq!(eval("1.5e3"), 1500.0);
        assert_eq!(eval("2E-2"), 0.02);
        assert_eq!(err("1.2.3"), "invalid number '1.2.3' at position 1");
        assert_eq!(
            err("2 + 1e400"),
            "number '1e400' at position 5 is too large"
        );
    }

    #[test]
    fn functions_and_constants_evaluate() {
        assert_eq!(eval("sqrt(16)"), 4.0);
        assert_eq!(eval("pow(2, 8)"), 256.0);
        assert_eq!(eval("round(2.5)"), 3.0);
        assert_eq!(eval("round(2.71828, 2)"), 2.72);
        assert_eq!(eval("round(1234, -2)"), 1200.0);
        assert_eq!(eval("round(1e300, 15)"), 1e300);
        assert_eq!(eval("round(-2.5)"), -3.0, "half away from zero");
        assert_eq!(eval("abs(-3)"), 3.0);
        assert_eq!(eval("min(3, 1, 2)"), 1.0);
        assert_eq!(eval("max(3, 1, 2)"), 3.0);
        assert_eq!(eval("ln(e)"), 1.0);
        assert_eq!(eval("log10(1000)"), 3.0);
        assert_eq!(eval("log2(8)"), 3.0);
        assert_eq!(eval("exp(0)"), 1.0);
        assert_eq!(eval("sin(0)"), 0.0);
        assert_eq!(eval("cos(0)"), 1.0);
        assert!((eval("tan(pi / 4)") - 1.0).abs() < 1e-12);
        assert_eq!(eval("floor(-2.5)"), -3.0);
        assert_eq!(eval("ceil(2.1)"), 3.0);
        assert_eq!(eval("PI"), std::f64::consts::PI);
        assert_eq!(eval("sqrt(max(9, 4) * 4)"), 6.0);
    }

    #[test]
    fn division_and_modulo_by_zero_are_errors_with_positions() {
        assert_eq!(err("1 / 0"), "division by zero at position 3");
        assert_eq!(err("5 % (2 - 2)"), "modulo by zero at position 3");
        assert_eq!(
            err("0 ^ -1"),
            "division by zero at position 3: 0 raised to a negative power"
        );
    }

    #[test]
    fn domain_errors_name_the_function_and_value() {
        assert_eq!(
            err("sqrt(-4)"),
            "sqrt at position 1 needs a non-negative number, got -4"
        );
        assert_eq!(
            err("ln(0)"),
            "ln at position 1 needs a positive number, got 0"
        );
        assert_eq!(
            err("log10(-1)"),
            "log10 at position 1 needs a positive number, got -1"
        );
        assert_eq!(
            err("log2(0)"),
            "log2 at position 1 needs a positive number, got 0"
        );
        assert!(err("(-8) ^ 0.5").contains("negative base with a fractional exponent"));
        assert_eq!(
            err("10 ^ 400"),
            "overflow: the result of '^' at position 4 is too large"
        );
        assert_eq!(err("exp(1000)"), "overflow: exp at position 1 is too large");
        assert_eq!(
            err("1e308 * 10"),
            "overflow: the result of '*' at position 7 is too large"
        );
        assert!(err("round(2, 0.5)").contains("digits must be a whole number"));
    }

    #[test]
    fn syntax_errors_point_at_the_problem() {
        assert_eq!(err(""), "empty expression: write e.g. '2 * (3 + 4)'");
        assert_eq!(err("   "), "empty expression: write e.g. '2 * (3 + 4)'");
        assert!(err("2 $ 3").starts_with("unexpected character '$' at position 3"));
        assert_eq!(
            err("2 +"),
            "unexpected end of expression: expected a number, '(' or a function"
        );
        assert_eq!(
            err("(1 + 2"),
            "expected ')' at position 7 to close '(' at position 1, found the end of the expression"
        );
        assert_eq!(err("1 + 2)"), "unmatched ')' at position 6");
        assert_eq!(
            err("2 3"),
            "expected an operator at position 3 but found the number 3"
        );
        assert_eq!(
            err("* 3"),
            "expected a number, '(' or a function at position 1 but found '*'"
        );
        assert!(
            err("sqr(4)").starts_with("unknown name 'sqr' at position 1; did you mean 'sqrt'?")
        );
        assert!(err("x + 1").contains("constants: pi, e"));
        assert_eq!(
            err("sqrt 4"),
            "function 'sqrt' at position 1 must be followed by '(' e.g. sqrt(2)"
        );
        assert_eq!(
            err("sqrt(1, 2)"),
            "function 'sqrt' at position 1 takes 1 argument(s), got 2"
        );
        assert_eq!(
            err("round(1, 2, 3)"),
            "function 'round' at position 1 takes 1 to 2 argument(s), got 3"
        );
        assert_eq!(
            err("2e"),
            "expected an operator at position 2 but found 'e'"
        );
    }

    #[test]
    fn hostile_inputs_are_refused_without_crashing() {
        let deep = format!("{}1{}", "(".repeat(500), ")".repeat(500));
        assert_eq!(
            err(&deep),
            "expression is nested too deeply (over 200 levels)"
        );
        let minus = format!("{}1", "-".repeat(500));
        assert!(err(&minus).contains("nested too deeply"));
        let long = "1+".repeat(6000) + "1";
        assert!(err(&long).starts_with("expression is too long"));
        assert_eq!(eval(&("1+".repeat(4000) + "1")), 4001.0);
    }
}
