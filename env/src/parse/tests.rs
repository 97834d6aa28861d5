//! Parser tests: the data-driven cases in `cases.jsonl`, hostile inputs, and seeded properties.

use proptest::prelude::*;
use serde::Deserialize;
use serde_json::{Value, json};

use super::*;

/// One line of `cases.jsonl`: an input and everything the parser must make of it.
#[derive(Deserialize)]
struct Case {
    name: String,
    input: String,
    think: Option<String>,
    calls: Vec<ToolCall>,
    answer: Option<String>,
    violations: Vec<String>,
    well_formatted: bool,
}

fn check(case: &Case) {
    let parsed = parse(&case.input);
    let mut names: Vec<&str> = parsed.violations.iter().map(Violation::name).collect();
    names.sort_unstable();
    assert_eq!(names, case.violations, "{}: violations", case.name);
    assert_eq!(parsed.calls, case.calls, "{}: calls", case.name);
    assert_eq!(parsed.answer, case.answer, "{}: answer", case.name);
    assert_eq!(parsed.think, case.think, "{}: think", case.name);
    assert_eq!(
        parsed.is_well_formatted(),
        case.well_formatted,
        "{}: well formatted",
        case.name
    );
}

#[test]
fn every_case_in_the_case_file_parses_as_recorded() {
    let cases: Vec<Case> = include_str!("cases.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad case line {l}: {e}")))
        .collect();
    assert!(cases.len() >= 40);
    cases.iter().for_each(check);
}

#[test]
fn enormous_input_is_cut_and_parsed_in_bounded_time() {
    let big = format!(
        "<think>{}</think><answer>a</answer>",
        "é".repeat(MAX_INPUT_BYTES)
    );
    let start = std::time::Instant::now();
    let parsed = parse(&big);
    assert!(parsed.has("too_long") && parsed.has("unclosed_tag"));
    // linear: a few ms per MiB; a generous bound that only a quadratic scan would break
    assert!(start.elapsed().as_secs() < 5);
}

#[test]
fn thousands_of_nested_tags_give_one_violation_each_kind() {
    let input = format!(
        "<think>{}</think><answer>a</answer>",
        "<answer></tool_call>".repeat(50_000)
    );
    let parsed = parse(&input);
    assert_eq!(parsed.answer.as_deref(), Some("a"));
    assert_eq!(parsed.violations.len(), 1, "{:?}", parsed.violations);
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let json = format!(
        "<think>x</think><tool_call>{}</tool_call>",
        "[".repeat(100_000)
    );
    assert!(parse(&json).has("invalid_json"));
    let py = format!(
        "<think>x</think><answer>[f(a={})]</answer>",
        "[".repeat(100_000)
    );
    let parsed = parse(&py);
    assert!(parsed.calls.is_empty() && parsed.answer.is_some());
    let err = parse_python_calls(&format!("f(a={}1{})", "(".repeat(100), ")".repeat(100)));
    assert!(err.is_err());
    let n = 100_000;
    for deep in [
        format!("f({}1{})", "(".repeat(n), ")".repeat(n)),
        format!("{}f(){}", "(".repeat(n), ")".repeat(n)),
        format!("f({}x)", "lambda: ".repeat(n)),
        format!("f({}x)", "x if y else ".repeat(n)),
        format!("f(a={}1{})", "g(k=".repeat(n), ")".repeat(n)),
    ] {
        assert!(parse_python_calls(&deep).is_err());
    }
    // long but flat: read in a loop
    assert!(parse_python_calls(&format!("f({}1)", "-".repeat(n))).is_ok());
    assert!(parse_python_calls(&format!("f({}y)", "x.".repeat(n))).is_ok());
}

#[test]
fn rendered_blocks_parse_back_to_the_same_calls() {
    let calls = vec![ToolCall::new(
        "f",
        json!({"a": [1, 2.5, "x"], "b": {"c": null}}),
    )];
    let parsed = parse(&format!(
        "<think>t</think>{}",
        render_tool_call_block(&calls)
    ));
    assert!(parsed.is_well_formatted());
    assert_eq!(parsed.calls, calls);
    assert_eq!(parse_python_calls(&render_python_calls(&calls)), Ok(calls));
}

/// `parse_python_calls` against what bfcl-eval 2026.3.23's own decoder makes of the same
/// text (`default_decode_ast_prompting`, Python 3.11), each verified by running it; `None` =
/// upstream fails to decode. Upstream also decodes `g(1)` as `"g(1)"`, `x[0]` as `"x[0]"` and
/// `1+2` as 3 (`ast.unparse`, `eval`), which this parser refuses (see its module doc).
#[test]
fn python_calls_decode_as_bfcl_decodes_them() {
    let cases: [(&str, Option<Value>); 35] = [
        ("get_weather(\"Paris\")", Some(json!([{"get_weather": {}}]))),
        (
            "[f(g(1), x, 2+3, a.b, h(k=1), [1])]",
            Some(json!([{"f": {}}])),
        ),
        ("[f(a, b=1)]", Some(json!([{"f": {"b": 1}}]))),
        ("[f(a=1, 2)]", None),
        ("[f(a=1, a=2)]", Some(json!([{"f": {"a": 2}}]))),
        (
            "f(a=1), g(b=2)",
            Some(json!([{"f": {"a": 1}}, {"g": {"b": 2}}])),
        ),
        ("[f(a=1)", Some(json!([{"f": {"a": 1}}]))),
        ("f(a=1)]", Some(json!([{"f": {"a": 1}}]))),
        ("`f(a=1)`", Some(json!([{"f": {"a": 1}}]))),
        ("[  f ( a = 1 ) ]", Some(json!([{"f": {"a": 1}}]))),
        ("[a . b(x=1)]", Some(json!([{"a.b": {"x": 1}}]))),
        (
            "[coche(año_vehiculo=2024, d={True: 1, None: 2, False: 3})]",
            Some(
                json!([{"coche": {"año_vehiculo": 2024, "d": {"True": 1, "None": 2, "False": 3}}}]),
            ),
        ),
        ("[é.ü(ö=1)]", Some(json!([{"é.ü": {"ö": 1}}]))),
        ("[f(from=1)]", None),
        ("[f(a=007)]", None),
        ("[f(a=1_)]", None),
        ("[f(a=1.5.2)]", None),
        (
            "[f(a=0x1F, b=0o7, c=0b11, d=1_0.5, e=\"a\" 'b', g=r'\\d', h=u'x', i=...)]",
            Some(
                json!([{"f": {"a": 31, "b": 7, "c": 3, "d": 10.5, "e": "ab", "g": "\\d", "h": "x", "i": "..."}}]),
            ),
        ),
        (
            "[f(a=-True, b=-False, c=+2.5, d=- 3)]",
            Some(json!([{"f": {"a": -1, "b": 0, "c": -2.5, "d": -3}}])),
        ),
        ("[f(a=--3)]", None),
        ("[f(a=-x)]", None),
        ("[f(a=\"\\101\\0\")]", Some(json!([{"f": {"a": "A\u{0}"}}]))),
        ("[f(x=True and False)]", None),
        ("Paris", None),
        ("[]", Some(json!([]))),
        (
            "[f(a = {'k': [1, 2]})]",
            Some(json!([{"f": {"a": {"k": [1, 2]}}}])),
        ),
        ("[f(a=1)] # a comment", Some(json!([{"f": {"a": 1}}]))),
        ("(f(a=1))", Some(json!([{"f": {"a": 1}}]))),
        ("[True(a=1)]", Some(json!([{"": {"a": 1}}]))),
        (
            "[f(a=g(k=1), b=g(), c=a.b(k=[1]))]",
            Some(json!([{"f": {"a": {"g": {"k": 1}}, "b": "g()", "c": {"a.b": {"k": [1]}}}}])),
        ),
        (
            "[f(a=~5, b=not True, c=-(5))]",
            Some(json!([{"f": {"a": -5, "b": -1, "c": -5}}])),
        ),
        (
            "[f(*x, a=1, **y)]",
            Some(json!([{"f": {"a": 1, "None": "y"}}])),
        ),
        ("[f(**y, 1)]", None),
        (
            "[f(x if y else z, [i for i in x if i], lambda: 1)]",
            Some(json!([{"f": {}}])),
        ),
        ("[f(a == not b)]", None),
    ];
    for (text, want) in cases {
        let got = parse_python_calls(text).ok().map(|calls| {
            calls
                .into_iter()
                .map(|c| json!({c.name: c.arguments}))
                .collect::<Value>()
        });
        assert_eq!(got, want, "{text}");
    }
}

/// The known differences from BFCL's decoder (see `python/mod.rs`): upstream's output for each
/// text is in the comment; this parser refuses the text or, for tuples, reads an array.
#[test]
fn known_differences_from_bfcls_decoder_are_refusals_or_arrays() {
    let refused = [
        "[f(a=1+2)]",           // {"a": 3}: upstream eval()s arithmetic
        "[f(a=x[0])]",          // {"a": "x[0]"}: ast.unparse
        "[f(a=g(1))]",          // {"a": "g(1)"}: ast.unparse
        "[f(a=b'x')]",          // {"a": b"x"}: bytes
        "[f(a=1j)]",            // {"a": 1j}: complex
        "[f(a=1e999)]",         // {"a": inf}
        "[f(a='\\ud800')]",     // a lone surrogate
        "[f(a={(1, 2): 3})]",   // a tuple key
        "[f(a='\\N{BULLET}')]", // {"a": "•"}: a named escape
    ];
    for text in refused {
        assert!(parse_python_calls(text).is_err(), "{text}");
    }
    // upstream: a tuple, which fails a type check against `array` and `==` against a list
    assert_eq!(
        parse_python_calls("[f(a=(1, 2))]"),
        Ok(vec![ToolCall::new("f", json!({"a": [1, 2]}))])
    );
}

/// One line of `python_parity.jsonl` (`scripts/bfcl_parity.py --decoder`): a seeded text and
/// what BFCL's decoder made of it (`None`: it failed to decode).
#[derive(Deserialize)]
struct DecoderCase {
    text: String,
    calls: Option<Vec<ToolCall>>,
}

#[test]
fn seeded_python_texts_decode_as_bfcl_decodes_them() {
    let mut wrong = Vec::new();
    let mut total = 0;
    for line in include_str!("python_parity.jsonl").lines() {
        let case: DecoderCase =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("bad case {line}: {e}"));
        let ours = parse_python_calls(&case.text).ok();
        if ours != case.calls {
            wrong.push(format!(
                "{:?}\n  bfcl: {:?}\n  ours: {ours:?}",
                case.text, case.calls
            ));
        }
        total += 1;
    }
    assert!(total >= 4000, "only {total} cases");
    assert!(
        wrong.is_empty(),
        "{} of {total} differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn arb_call() -> impl Strategy<Value = ToolCall> {
    // Python's reserved words cannot name anything in its call syntax.
    let word = |w: &String| !w.split('.').any(|p| python::KEYWORDS.contains(&p));
    let name =
        "[a-z_][a-z0-9_]{0,8}(\\.[a-z_][a-z0-9_]{0,5})?".prop_filter("a reserved word", word);
    let key = "[a-z_][a-z0-9_]{0,6}".prop_filter("a reserved word", word);
    let args = prop::collection::btree_map(key, arb_value(), 0..4);
    (name, args).prop_map(|(n, a)| ToolCall::new(n, Value::Object(a.into_iter().collect())))
}

/// Pieces that make hostile completions: tags, JSON and Python fragments, unicode.
fn arb_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "<think>",
            "</think>",
            "<tool_call>",
            "</tool_call>",
            "<answer>",
            "</answer>",
            "<",
            "[",
            "]",
            "{",
            "}",
            "(",
            ")",
            "\"",
            "'",
            "\\",
            ",",
            ":",
            "=",
            "f(a=",
            "{\"name\": \"f\"",
            "\"arguments\":",
            "1e",
            "-",
            "True",
            "None",
            "🎉",
            "é",
            "\n",
        ])
        .prop_map(String::from),
        "\\PC{0,6}",
    ]
}

proptest! {
    #![proptest_config(crate::test_support::proptest_config(0x7001_2e60))]

    #[test]
    fn parsing_never_panics_on_arbitrary_text(s in "\\PC{0,200}") {
        let _ = parse(&s);
        let _ = parse_python_calls(&s);
    }

    #[test]
    fn parsing_never_panics_on_tag_soup(parts in prop::collection::vec(arb_fragment(), 0..40)) {
        let s = parts.concat();
        let parsed = parse(&s);
        prop_assert!(parsed.violations.len() <= 32);
        let _ = parse_python_calls(&s);
    }

    #[test]
    fn rendered_json_calls_round_trip(calls in prop::collection::vec(arb_call(), 1..4)) {
        let text = format!("<think>plan</think>\n{}", render_tool_call_block(&calls));
        let parsed = parse(&text);
        prop_assert!(parsed.is_well_formatted(), "{:?}", parsed.violations);
        prop_assert_eq!(parsed.calls, calls);
    }

    #[test]
    fn rendered_python_calls_round_trip(calls in prop::collection::vec(arb_call(), 1..4)) {
        let text = format!("<think>plan</think><answer>{}</answer>", render_python_calls(&calls));
        let parsed = parse(&text);
        prop_assert!(parsed.is_well_formatted(), "{:?}", parsed.violations);
        prop_assert_eq!(parsed.calls, calls);
    }
}
