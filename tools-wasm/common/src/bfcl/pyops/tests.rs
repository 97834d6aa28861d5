//! Tests of [`super`]: every expected text below is what CPython 3.11 prints for the same
//! operation (`str(exception)` where it raises).

use super::*;

fn json(text: &str) -> PyVal {
    PyVal::parse(text).expect("test JSON")
}

#[test]
fn binding_names_every_missing_argument_as_python_does() {
    let params = || [required("a"), required("b"), required("c")];
    let missing = |args: &str| bind(&json(args), "C", "m", params()).err();
    assert_eq!(
        missing("{}"),
        Some("C.m() missing 3 required positional arguments: 'a', 'b', and 'c'".into())
    );
    assert_eq!(
        missing(r#"{"b": 1}"#),
        Some("C.m() missing 2 required positional arguments: 'a' and 'c'".into())
    );
    assert_eq!(
        missing(r#"{"a": 1, "c": 1}"#),
        Some("C.m() missing 1 required positional argument: 'b'".into())
    );
}

#[test]
fn binding_reports_an_unexpected_keyword_before_missing_arguments() {
    let params = [required("a"), required("b")];
    assert_eq!(
        bind(&json(r#"{"b": 1, "zz": 2}"#), "C", "m", params),
        Err("C.m() got an unexpected keyword argument 'zz'".into())
    );
    // Keywords are checked in the order given: `self` first here, `x` first below.
    assert_eq!(
        check_args(&json(r#"{"self": 1, "x": 1}"#), "C", "m", &[], 0),
        Err("C.m() got multiple values for argument 'self'".into())
    );
    assert_eq!(
        check_args(&json(r#"{"x": 1, "self": 1}"#), "C", "m", &[], 0),
        Err("C.m() got an unexpected keyword argument 'x'".into())
    );
}

#[test]
fn binding_gives_values_in_signature_order_with_defaults() {
    let params = [
        required("a"),
        required("b"),
        optional("c", PyVal::Int(0)),
        optional("d", PyVal::str("x")),
    ];
    assert_eq!(
        bind(&json(r#"{"d": "y", "b": 2, "a": 1}"#), "C", "m", params),
        Ok([PyVal::Int(1), PyVal::Int(2), PyVal::Int(0), PyVal::str("y")])
    );
    assert_eq!(
        check_args(&json(r#"{"a": 1}"#), "C", "m", &["a", "b", "c"], 1),
        Ok(())
    );
}

#[test]
fn equal_numbers_are_one_dict_key_and_lists_are_no_key() {
    let mut items = vec![(PyVal::Int(1), PyVal::str("a"))];
    dict_set(&mut items, PyVal::Float(1.0), PyVal::str("b")).expect("hashable");
    dict_set(&mut items, PyVal::str("1"), PyVal::str("c")).expect("hashable");
    assert_eq!(
        items,
        vec![
            (PyVal::Int(1), PyVal::str("b")),
            (PyVal::str("1"), PyVal::str("c"))
        ]
    );
    assert_eq!(position(&items, &PyVal::Bool(true)), Ok(Some(0)));
    let unhashable = "unhashable type: 'list'".to_string();
    assert_eq!(position(&items, &json("[1]")), Err(unhashable.clone()));
    assert_eq!(contains(&PyVal::Dict(items), &json("[1]")), Err(unhashable));
}

#[test]
fn membership_follows_the_container_type() {
    assert_eq!(contains(&json(r#""abc""#), &PyVal::str("bc")), Ok(true));
    assert_eq!(contains(&json("[1, 2]"), &PyVal::Float(2.0)), Ok(true));
    assert_eq!(
        contains(&json(r#""abc""#), &PyVal::Int(1)),
        Err("'in <string>' requires string as left operand, not int".into())
    );
    assert_eq!(
        contains(&PyVal::Int(5), &PyVal::Int(1)),
        Err("argument of type 'int' is not iterable".into())
    );
}

#[test]
fn subscripting_gives_pythons_key_and_type_errors() {
    let d = json(r#"{"a": 1}"#);
    assert_eq!(item(&d, "a"), Ok(&PyVal::Int(1)));
    assert_eq!(item(&d, "b"), Err("'b'".into()));
    assert_eq!(subscript(&d, &PyVal::Float(1.5)), Err("1.5".into()));
    assert_eq!(
        item(&PyVal::Int(3), "x"),
        Err("'int' object is not subscriptable".into())
    );
    assert_eq!(
        item(&PyVal::None, "x"),
        Err("'NoneType' object is not subscriptable".into())
    );
    assert_eq!(
        item(&json("[]"), "x"),
        Err("list indices must be integers or slices, not str".into())
    );
    assert_eq!(
        item(&PyVal::str("x"), "a"),
        Err("string indices must be integers, not 'str'".into())
    );
    let list = json("[1, 2]");
    assert_eq!(subscript(&list, &PyVal::Int(-1)), Ok(&PyVal::Int(2)));
    assert_eq!(
        subscript(&list, &PyVal::Int(2)),
        Err("list index out of range".into())
    );
}

#[test]
fn item_assignment_gives_pythons_errors() {
    let mut d = json("{}");
    set_item(&mut d, PyVal::str("a"), PyVal::Int(1)).expect("dict");
    assert_eq!(d, json(r#"{"a": 1}"#));
    let mut list = json("[1]");
    set_item(&mut list, PyVal::Int(0), PyVal::Int(7)).expect("index 0");
    assert_eq!(list, json("[7]"));
    assert_eq!(
        set_item(&mut list, PyVal::Int(5), PyVal::None),
        Err("list assignment index out of range".into())
    );
    assert_eq!(
        set_item(&mut list, PyVal::str("a"), PyVal::None),
        Err("list indices must be integers or slices, not str".into())
    );
    assert_eq!(
        set_item(&mut PyVal::str("x"), PyVal::str("a"), PyVal::None),
        Err("'str' object does not support item assignment".into())
    );
    assert_eq!(
        dict_get(&PyVal::None, &PyVal::str("a"), PyVal::None),
        Err("'NoneType' object has no attribute 'get'".into())
    );
}

#[test]
fn len_iteration_append_and_lower_refuse_what_python_refuses() {
    assert_eq!(len(&PyVal::str("é1")), Ok(2));
    assert_eq!(
        len(&PyVal::Int(5)),
        Err("object of type 'int' has no len()".into())
    );
    assert_eq!(iterate(&json(r#"{"a": 1}"#)), Ok(vec![PyVal::str("a")]));
    assert_eq!(
        iterate(&PyVal::Float(1.0)),
        Err("'float' object is not iterable".into())
    );
    assert_eq!(
        append(&mut PyVal::str("x"), PyVal::None),
        Err("'str' object has no attribute 'append'".into())
    );
    assert_eq!(
        lower(&PyVal::None),
        Err("'NoneType' object has no attribute 'lower'".into())
    );
    assert_eq!(
        strptime_type_error(&PyVal::None),
        "strptime() argument 1 must be str, not None"
    );
    assert_eq!(
        strptime_type_error(&PyVal::Int(1)),
        "strptime() argument 1 must be str, not int"
    );
}

#[test]
fn an_int_and_a_float_compare_by_their_exact_values() {
    let big = PyVal::Int(9_007_199_254_740_993); // 2^53 + 1
    let float = PyVal::Float(9_007_199_254_740_992.0); // 2^53
    assert_eq!(compare(&big, Cmp::Gt, &float), Ok(true));
    assert_eq!(compare(&float, Cmp::Lt, &big), Ok(true));
    assert_eq!(compare(&big, Cmp::Lt, &float), Ok(false));
    assert_eq!(
        compare(&PyVal::Int(2), Cmp::Le, &PyVal::Float(2.5)),
        Ok(true)
    );
    assert_eq!(
        compare(&PyVal::Int(2), Cmp::Le, &PyVal::Float(2.0)),
        Ok(true)
    );
    assert_eq!(
        compare(&PyVal::Float(3.0), Cmp::Lt, &PyVal::Int(3)),
        Ok(false)
    );
    assert_eq!(
        compare(&PyVal::Int(-3), Cmp::Ge, &PyVal::Float(-2.5)),
        Ok(false)
    );
    assert_eq!(
        compare(&PyVal::Float(-0.5), Cmp::Lt, &PyVal::Int(0)),
        Ok(true)
    );
    assert_eq!(
        compare(&PyVal::Int(i64::MIN), Cmp::Lt, &PyVal::Float(-9.3e18)),
        Ok(false)
    );
    assert_eq!(
        compare(&PyVal::Int(i64::MAX), Cmp::Lt, &PyVal::Float(9.3e18)),
        Ok(true)
    );
    let nan = PyVal::Float(f64::NAN);
    assert_eq!(compare(&nan, Cmp::Le, &PyVal::Int(0)), Ok(false));
    assert_eq!(compare(&PyVal::Int(0), Cmp::Ge, &nan), Ok(false));
}

#[test]
fn strs_and_sequences_compare_as_python_compares_them() {
    assert_eq!(
        compare(&PyVal::str("b"), Cmp::Gt, &PyVal::str("abc")),
        Ok(true)
    );
    assert_eq!(compare(&json("[1, 2]"), Cmp::Lt, &json("[1, 3]")), Ok(true));
    assert_eq!(compare(&json("[1]"), Cmp::Lt, &json("[1, 0]")), Ok(true));
    assert_eq!(
        compare(&json(r#"[1, "a"]"#), Cmp::Lt, &json("[1, 2]")),
        Err("'<' not supported between instances of 'str' and 'int'".into())
    );
    let tuple = PyVal::Tuple(vec![PyVal::Int(1)]);
    assert_eq!(
        compare(&json("[1]"), Cmp::Lt, &tuple),
        Err("'<' not supported between instances of 'list' and 'tuple'".into())
    );
    assert_eq!(
        compare(&PyVal::None, Cmp::Ge, &PyVal::Float(1.0)),
        Err("'>=' not supported between instances of 'NoneType' and 'float'".into())
    );
}

#[test]
fn ints_stay_ints_and_division_gives_floats() {
    let (i, f) = (PyVal::Int(10), PyVal::Float(2.5));
    assert_eq!(binary(&i, Op::Add, &PyVal::Int(5)), Ok(PyVal::Int(15)));
    assert_eq!(binary(&i, Op::Add, &f), Ok(PyVal::Float(12.5)));
    assert_eq!(binary(&i, Op::Div, &PyVal::Int(4)), Ok(PyVal::Float(2.5)));
    assert_eq!(binary(&PyVal::Bool(true), Op::Mul, &i), Ok(PyVal::Int(10)));
    assert_eq!(
        augmented(&PyVal::Bool(true), Op::Add, &PyVal::Int(1)),
        Ok(PyVal::Int(2))
    );
    assert_eq!(
        binary(&i, Op::Div, &PyVal::Int(0)),
        Err("division by zero".into())
    );
    assert_eq!(
        binary(&f, Op::Div, &PyVal::Int(0)),
        Err("float division by zero".into())
    );
}

#[test]
fn int_results_past_64_bits_are_reported_not_wrapped() {
    let max = PyVal::Int(i64::MAX);
    assert_eq!(
        augmented(&max, Op::Add, &PyVal::Int(1)),
        Err(INT_OVERFLOW.into())
    );
    assert_eq!(binary(&max, Op::Mul, &max), Err(INT_OVERFLOW.into()));
    assert_eq!(abs(&PyVal::Int(i64::MIN)), Err(INT_OVERFLOW.into()));
    assert_eq!(abs(&PyVal::Int(-3)), Ok(PyVal::Int(3)));
    assert_eq!(
        abs(&PyVal::str("a")),
        Err("bad operand type for abs(): 'str'".into())
    );
}

#[test]
fn sequences_join_and_repeat_and_refuse_other_operands() {
    let s = PyVal::str("ab");
    assert_eq!(binary(&s, Op::Add, &PyVal::str("c")), Ok(PyVal::str("abc")));
    assert_eq!(binary(&s, Op::Mul, &PyVal::Int(2)), Ok(PyVal::str("abab")));
    assert_eq!(
        binary(&PyVal::Int(2), Op::Mul, &json("[1]")),
        Ok(json("[1, 1]"))
    );
    assert_eq!(binary(&s, Op::Mul, &PyVal::Int(-1)), Ok(PyVal::str("")));
    assert_eq!(
        binary(&s, Op::Mul, &PyVal::Int(i64::MAX)),
        Err("repeated string is too long".into())
    );
    // A `MemoryError` (empty text) past `MAX_REPEAT`, where Python would try.
    assert_eq!(
        binary(&json("[1]"), Op::Mul, &PyVal::Int(1 << 40)),
        Err(String::new())
    );
    assert_eq!(
        binary(&s, Op::Add, &PyVal::Int(1)),
        Err("can only concatenate str (not \"int\") to str".into())
    );
    assert_eq!(
        binary(&json("[1]"), Op::Add, &PyVal::str("x")),
        Err("can only concatenate list (not \"str\") to list".into())
    );
    assert_eq!(
        binary(&PyVal::Int(1), Op::Add, &s),
        Err("unsupported operand type(s) for +: 'int' and 'str'".into())
    );
    assert_eq!(
        binary(&s, Op::Mul, &PyVal::Float(2.0)),
        Err("can't multiply sequence by non-int of type 'float'".into())
    );
    assert_eq!(
        binary(&PyVal::None, Op::Mul, &json("[1]")),
        Err("can't multiply sequence by non-int of type 'NoneType'".into())
    );
}

#[test]
fn augmented_assignment_extends_lists_and_names_its_operator() {
    assert_eq!(
        augmented(&json("[1]"), Op::Add, &PyVal::str("ab")),
        Ok(json(r#"[1, "a", "b"]"#))
    );
    assert_eq!(
        augmented(&json("[1]"), Op::Add, &PyVal::Int(5)),
        Err("'int' object is not iterable".into())
    );
    let tuple = PyVal::Tuple(vec![PyVal::Int(1)]);
    assert_eq!(
        augmented(&tuple, Op::Add, &json("[2]")),
        Err("can only concatenate tuple (not \"list\") to tuple".into())
    );
    assert_eq!(
        augmented(&PyVal::None, Op::Add, &PyVal::Int(1)),
        Err("unsupported operand type(s) for +=: 'NoneType' and 'int'".into())
    );
    assert_eq!(
        augmented(&json("[1]"), Op::Sub, &json("[1]")),
        Err("unsupported operand type(s) for -=: 'list' and 'list'".into())
    );
}

#[test]
fn int_conversion_parses_strings_as_python_does() {
    let int = |s: &str| to_int(&PyVal::str(s));
    assert_eq!(int(" 12 "), Ok(12));
    assert_eq!(int("-1_000"), Ok(-1000));
    assert_eq!(int("+7"), Ok(7));
    assert_eq!(int("\u{663}"), Ok(3));
    assert_eq!(int("99999999999999999999"), Err(INT_OVERFLOW.into()));
    assert_eq!(
        parse_int("99999999999999999999"),
        Some(99_999_999_999_999_999_999)
    );
    for bad in ["", "1__0", "_1", "1_", "x", "1.5", "- 1", "1e3", "\u{b2}"] {
        assert_eq!(
            int(bad),
            Err(format!(
                "invalid literal for int() with base 10: {}",
                repr(&PyVal::str(bad))
            ))
        );
    }
    assert_eq!(to_int(&PyVal::Float(-2.7)), Ok(-2));
    assert_eq!(to_int(&PyVal::Float(1e30)), Err(INT_OVERFLOW.into()));
    assert_eq!(
        to_int(&PyVal::Float(f64::NAN)),
        Err("cannot convert float NaN to integer".into())
    );
    assert_eq!(
        to_int(&PyVal::None),
        Err(
            "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'"
                .into()
        )
    );
}

#[test]
fn float_conversion_parses_strings_as_python_does() {
    let float = |s: &str| to_float(&PyVal::str(s));
    assert_eq!(float(" 1_000.5 "), Ok(1000.5));
    assert_eq!(float("-Infinity"), Ok(f64::NEG_INFINITY));
    assert_eq!(float("iNf"), Ok(f64::INFINITY));
    assert_eq!(float(".5e1"), Ok(5.0));
    assert_eq!(float("\u{0661}\u{0662}"), Ok(12.0));
    assert_eq!(float("\u{a0}2\u{3000}"), Ok(2.0));
    for bad in [
        "", "1__0", "_1", "1_", "1_.5", "+-1", "0x10", "abc", "1.5x", "infinit", "\u{1c}1",
    ] {
        assert_eq!(
            float(bad),
            Err(format!(
                "could not convert string to float: {}",
                repr(&PyVal::str(bad))
            ))
        );
    }
    assert_eq!(
        to_float(&PyVal::None),
        Err("float() argument must be a string or a real number, not 'NoneType'".into())
    );
}

#[test]
fn whitespace_is_pythons_isspace() {
    assert!(is_space(' ') && is_space('\u{b}') && is_space('\u{1f}') && is_space('\u{3000}'));
    assert!(!is_space('\u{200b}') && !is_space('x'));
}

#[test]
fn digits_are_pythons_unicode_digits() {
    assert_eq!(decimal_value('7'), Some(7));
    assert_eq!(decimal_value('\u{0669}'), Some(9));
    assert_eq!(decimal_value('/'), None);
    assert_eq!(decimal_value('a'), None);
    assert!(is_digit('\u{b2}') && decimal_value('\u{b2}').is_none());
    assert!(!is_digit('x'));
}
