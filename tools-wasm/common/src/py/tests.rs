//! Tests of [`super`]: every expected text below was printed by CPython 3 (`repr`, `str`,
//! `json.dumps`, `round`).

use super::*;

#[test]
fn floats_strings_and_their_json_match_cpython() {
    assert_eq!(float_repr(0.1_f64), "0.1");
    assert_eq!(float_repr(1.0_f64), "1.0");
    assert_eq!(float_repr(-2.5_f64), "-2.5");
    assert_eq!(float_repr(1e-05_f64), "1e-05");
    assert_eq!(float_repr(0.0001_f64), "0.0001");
    assert_eq!(float_repr(1e+16_f64), "1e+16");
    assert_eq!(float_repr(1.2345e+16_f64), "1.2345e+16");
    assert_eq!(float_repr(123456789.123_f64), "123456789.123");
    assert_eq!(float_repr(1e-07_f64), "1e-07");
    assert_eq!(float_repr(-0.0_f64), "-0.0");
    assert_eq!(float_repr(3000000000000000.0_f64), "3000000000000000.0");
    assert_eq!(float_repr(9999999999999998.0_f64), "9999999999999998.0");
    assert_eq!(float_repr(2.675_f64), "2.675");
    assert_eq!(float_repr(0.3333333333333333_f64), "0.3333333333333333");
    assert_eq!(float_repr(5e-324_f64), "5e-324");
    assert_eq!(
        float_repr(1.7976931348623157e+308_f64),
        "1.7976931348623157e+308"
    );
    assert_eq!(str_repr("plain"), "'plain'");
    assert_eq!(json_dumps(&PyVal::str("plain")), "\"plain\"");
    assert_eq!(str_repr("it's"), "\"it's\"");
    assert_eq!(json_dumps(&PyVal::str("it's")), "\"it's\"");
    assert_eq!(str_repr("say \"hi\""), "'say \"hi\"'");
    assert_eq!(json_dumps(&PyVal::str("say \"hi\"")), "\"say \\\"hi\\\"\"");
    assert_eq!(str_repr("both ' and \""), "'both \\' and \"'");
    assert_eq!(
        json_dumps(&PyVal::str("both ' and \"")),
        "\"both ' and \\\"\""
    );
    assert_eq!(str_repr("tab\u{9}new\u{a}line\\"), "'tab\\tnew\\nline\\\\'");
    assert_eq!(
        json_dumps(&PyVal::str("tab\u{9}new\u{a}line\\")),
        "\"tab\\tnew\\nline\\\\\""
    );
    assert_eq!(str_repr("caf\u{e9} \u{a0}x"), "'caf\u{e9} \\xa0x'");
    assert_eq!(
        json_dumps(&PyVal::str("caf\u{e9} \u{a0}x")),
        "\"caf\\u00e9 \\u00a0x\""
    );
    assert_eq!(str_repr("\u{7}bell"), "'\\x07bell'");
    assert_eq!(json_dumps(&PyVal::str("\u{7}bell")), "\"\\u0007bell\"");
    assert_eq!(str_repr("\u{1f600}"), "'\u{1f600}'");
    assert_eq!(json_dumps(&PyVal::str("\u{1f600}")), "\"\\ud83d\\ude00\"");
}

#[test]
fn a_tie_between_two_shortest_spellings_takes_the_nearest_as_cpython() {
    // repr(1860172337178248.25) == '1860172337178248.2' (the value is exactly ...248.25; the
    // shortest round-trip strings are ...248.2 and ...248.3, and Python prints the even one).
    assert_eq!(float_repr(1860172337178248.0 + 0.25), "1860172337178248.2");
}

#[test]
fn containers_match_cpython_str_and_json_dumps() {
    let d = PyVal::Dict(vec![
        (PyVal::str("a"), PyVal::Int(1)),
        (
            PyVal::str("b"),
            PyVal::List(vec![
                PyVal::Float(1.5),
                PyVal::None,
                PyVal::Bool(true),
                PyVal::str("x"),
            ]),
        ),
        (
            PyVal::str("c"),
            PyVal::one("d", PyVal::Tuple(vec![PyVal::Int(1), PyVal::Int(2)])),
        ),
        (PyVal::Int(3), PyVal::str("int key")),
    ]);
    assert_eq!(
        json_dumps(&d),
        r#"{"a": 1, "b": [1.5, null, true, "x"], "c": {"d": [1, 2]}, "3": "int key"}"#
    );
    assert_eq!(
        repr(&d),
        r#"{'a': 1, 'b': [1.5, None, True, 'x'], 'c': {'d': (1, 2)}, 3: 'int key'}"#
    );
    let l = PyVal::List(vec![
        PyVal::Int(1),
        PyVal::Tuple(vec![PyVal::Int(2)]),
        PyVal::str("a'b"),
    ]);
    assert_eq!(bfcl_text(&l), r#"[1, (2,), "a'b"]"#);
    assert_eq!(bfcl_text(&d), json_dumps(&d));
    assert_eq!(bfcl_text(&PyVal::str("as is")), "as is");
    assert_eq!(bfcl_text(&PyVal::Float(2.0)), "2.0");
    assert_eq!(d.to_json()["3"], "int key");
}

#[test]
fn round_is_half_even_on_the_exact_binary_value_as_in_cpython() {
    assert_eq!(py_round(2.675, 2), 2.67);
    assert_eq!(py_round(0.125, 2), 0.12);
    assert_eq!(py_round(1.005, 2), 1.0);
    assert_eq!(py_round(2.5, 0), 2.0);
    assert_eq!(py_round(-1.25, 1), -1.2);
}
