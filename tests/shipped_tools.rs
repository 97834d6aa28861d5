//! Every shipped tool through the real sandbox: each function answers a normal call, tool
//! errors come back as `tool_error`, and the stateful tool keeps state per episode only.

use tz_env::sandbox::Outcome;

use crate::common::shipped_registry;

/// (function, arguments, text the result must contain)
const CASES: &[(&str, &str, &str)] = &[
    (
        "calculate",
        r#"{"expression": "2 + 3 * (4 - 1) / sqrt(16)"}"#,
        r#""result":4.25"#,
    ),
    (
        "calculate",
        r#"{"expression": "-2^2 + round(2.567, 2)"}"#,
        "result",
    ),
    (
        "percent_change",
        r#"{"old_value": 50, "new_value": 75}"#,
        r#""percent_change":50"#,
    ),
    (
        "summary_statistics",
        r#"{"numbers": [1, 2, 3, 4]}"#,
        r#""median":2.5"#,
    ),
    (
        "convert_units",
        r#"{"value": 1, "from_unit": "km", "to_unit": "m"}"#,
        r#""result":1000"#,
    ),
    (
        "convert_units",
        r#"{"value": 100, "from_unit": "F", "to_unit": "C"}"#,
        "37.77",
    ),
    (
        "convert_units",
        r#"{"value": 1, "from_unit": "GiB", "to_unit": "MiB"}"#,
        r#""result":1024"#,
    ),
    ("list_units", r#"{"category": "mass"}"#, "kilogram"),
    ("day_of_week", r#"{"date": "2024-02-29"}"#, "Thursday"),
    (
        "add_days",
        r#"{"date": "2024-12-31", "days": 1}"#,
        "2025-01-01",
    ),
    (
        "add_months",
        r#"{"date": "2024-01-31", "months": 1}"#,
        r#""date":"2024-02-29""#,
    ),
    (
        "days_between",
        r#"{"start_date": "2024-01-01", "end_date": "2025-01-01"}"#,
        r#""days":366"#,
    ),
    (
        "is_leap_year",
        r#"{"year": 1900}"#,
        r#""is_leap_year":false"#,
    ),
    (
        "days_in_month",
        r#"{"year": 2024, "month": 2}"#,
        r#""days":29"#,
    ),
    ("text_length", r#"{"text": "héllo"}"#, r#""characters":5"#),
    (
        "word_count",
        r#"{"text": "one two. three"}"#,
        r#""words":3"#,
    ),
    (
        "regex_match",
        r#"{"text": "a1b22", "pattern": "\\d+"}"#,
        r#""count":2"#,
    ),
    (
        "regex_replace",
        r##"{"text": "a1b22", "pattern": "\\d+", "replacement": "#"}"##,
        r##""result":"a#b#""##,
    ),
    (
        "change_case",
        r#"{"text": "Hello World", "case": "snake"}"#,
        "hello_world",
    ),
    (
        "country_info",
        r#"{"country": "Japan"}"#,
        r#""capital":"Tokyo""#,
    ),
    ("country_capital", r#"{"country": "usa"}"#, "Washington"),
    ("countries_by_currency", r#"{"currency": "EUR"}"#, "France"),
    (
        "countries_by_continent",
        r#"{"continent": "Oceania"}"#,
        "Australia",
    ),
];

#[test]
fn every_stateless_function_answers_a_normal_call() {
    let reg = shipped_registry();
    for (name, args, expect) in CASES {
        let out = reg.episode(0).call(name, args).expect("host ok");
        match &out.outcome {
            Outcome::Ok { result } => {
                assert!(result.contains(expect), "{name}: {result} lacks {expect}")
            }
            other => panic!("{name} {args}: {other:?}"),
        }
    }
}

#[test]
fn tool_errors_help_the_model() {
    let reg = shipped_registry();
    let cases = [
        ("calculate", r#"{"expression": "1/0"}"#, "division by zero"),
        ("calculate", r#"{"expression": "2 + * 3"}"#, "position"),
        (
            "convert_units",
            r#"{"value": 1, "from_unit": "kg", "to_unit": "m"}"#,
            "kg",
        ),
        ("day_of_week", r#"{"date": "2023-02-29"}"#, "2023-02-29"),
        (
            "country_capital",
            r#"{"country": "Frnace"}"#,
            "did you mean 'France'",
        ),
        ("regex_match", r#"{"text": "x", "pattern": "("}"#, "regex"),
    ];
    for (name, args, expect) in cases {
        match reg.episode(0).call(name, args).expect("host ok").outcome {
            Outcome::ToolError { message } => assert!(
                message.to_lowercase().contains(&expect.to_lowercase()),
                "{name}: {message}"
            ),
            other => panic!("{name} {args}: expected a tool error, got {other:?}"),
        }
    }
}

fn ok(ep: &mut tz_env::registry::EpisodeTools<'_>, name: &str, args: &str) -> String {
    match ep.call(name, args).expect("host ok").outcome {
        Outcome::Ok { result } => result,
        other => panic!("{name} {args}: {other:?}"),
    }
}

#[test]
fn the_filesystem_session_keeps_state_within_an_episode_only() {
    let reg = shipped_registry();
    let mut ep = reg.episode(5);
    ok(&mut ep, "fs_mkdir", r#"{"path": "/work"}"#);
    ok(
        &mut ep,
        "fs_write_file",
        r#"{"path": "/work/notes.txt", "content": "hello"}"#,
    );
    ok(
        &mut ep,
        "fs_mv",
        r#"{"source": "/work/notes.txt", "destination": "/work/n.txt"}"#,
    );
    assert!(ok(&mut ep, "fs_read_file", r#"{"path": "/work/n.txt"}"#).contains("hello"));
    assert!(ok(&mut ep, "fs_ls", r#"{"path": "/work"}"#).contains("n.txt"));
    ok(&mut ep, "fs_rm", r#"{"path": "/work/n.txt"}"#);
    assert!(!ok(&mut ep, "fs_ls", r#"{"path": "/work"}"#).contains("n.txt"));

    let mut other = reg.episode(5);
    let fresh = other
        .call("fs_ls", r#"{"path": "/work"}"#)
        .expect("host ok");
    assert!(
        matches!(fresh.outcome, Outcome::ToolError { .. }),
        "{fresh:?}"
    );
}

#[test]
fn the_filesystem_starts_from_the_same_tree_for_one_seed_and_another_for_another_seed() {
    let reg = shipped_registry();
    let budget = r#"{"path": "/home/user/documents/budget.csv"}"#;
    let read = |seed: u64| ok(&mut reg.episode(seed), "fs_read_file", budget);
    assert_eq!(read(1), read(1));
    assert_ne!(read(1), read(2));
}

#[test]
fn schema_only_functions_validate_arguments_and_return_a_deterministic_placeholder() {
    let reg = shipped_registry();
    let spec = tz_env::spec::FunctionSpec {
        name: "calc_area".into(),
        description: "BFCL-style schema".into(),
        parameters: serde_json::json!({"type": "dict", "properties": {"base": {"type": "integer"}, "h": {"type": "float"}}, "required": ["base"]}),
    };
    let mut ep = reg
        .episode_with(0, std::slice::from_ref(&spec))
        .expect("schema_mock loaded");
    let a = ok(&mut ep, "calc_area", r#"{"base": 3, "h": 2.5}"#);
    assert!(a.contains("calc_area") && a.contains("result_id"), "{a}");
    let b = ok(
        &mut reg
            .episode_with(9, std::slice::from_ref(&spec))
            .expect("mock"),
        "calc_area",
        r#"{"h": 2.5, "base": 3}"#,
    );
    assert_eq!(a, b, "placeholder depends on the arguments only");
    let bad = ep.call("calc_area", r#"{"h": 2.5}"#).expect("host ok");
    assert!(
        matches!(bad.outcome, Outcome::InvalidArguments { .. }),
        "{bad:?}"
    );
    // Loaded functions still work alongside.
    assert!(ok(&mut ep, "is_leap_year", r#"{"year": 2024}"#).contains("true"));
}
