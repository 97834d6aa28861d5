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
    // stats (Python): exact texts, numbers formatted as the Rust tools format them.
    (
        "percentile",
        r#"{"values": [4, 1, 3, 2], "percentile": 25}"#,
        r#"{"percentile":25,"value":1.75}"#,
    ),
    (
        "linear_regression",
        r#"{"x": [1, 2, 3, 4], "y": [3, 5, 7, 9]}"#,
        r#"{"slope":2,"intercept":1,"r_squared":1,"n":4}"#,
    ),
    (
        "correlation",
        r#"{"x": [1, 2, 3, 4], "y": [1, 3, 2, 4], "method": "spearman"}"#,
        r#"{"method":"spearman","correlation":0.8,"n":4}"#,
    ),
    (
        "zscores",
        r#"{"values": [2, 4, 4, 4, 5, 5, 7, 9]}"#,
        r#"{"mean":5,"stdev":2,"zscores":[-1.5,-0.5,-0.5,-0.5,0,0,1,2]}"#,
    ),
    (
        "moving_average",
        r#"{"values": [0.1, 0.2, 0.3, 0.4], "window": 2}"#,
        r#"{"window":2,"averages":[0.15,0.25,0.35]}"#,
    ),
    (
        "weighted_mean",
        r#"{"values": [1, 2, 3], "weights": [3, 1, 0]}"#,
        r#"{"weighted_mean":1.25}"#,
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
        (
            "linear_regression",
            r#"{"x": [1, 2, 3], "y": [1, 2]}"#,
            "x has 3 values, y has 2",
        ),
        (
            "correlation",
            r#"{"x": [1, 2], "y": [4, 4]}"#,
            "y must not be constant",
        ),
        ("zscores", r#"{"values": [3, 3]}"#, "all values are equal"),
        (
            "moving_average",
            r#"{"values": [1, 2], "window": 3}"#,
            "window 3 is larger than the number of values (2)",
        ),
        (
            "weighted_mean",
            r#"{"values": [1, 2], "weights": [0, 0]}"#,
            "positive sum",
        ),
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

/// Fuel a typical call of an interpreted tool (Python, JavaScript) may burn: a fifth of the
/// default per-call budget, so a tool that grew much slower fails here rather than in training.
const TYPICAL_CALL_FUEL: u64 = 10_000_000;

#[test]
fn the_python_stats_tool_answers_in_a_fifth_of_the_fuel_budget_and_the_same_twice() {
    let reg = shipped_registry();
    let budget = reg.sandbox().config().fuel_per_call;
    assert!(TYPICAL_CALL_FUEL <= budget / 5, "budget {budget}");
    let run = || -> Vec<String> {
        let mut ep = reg.episode(3);
        CASES
            .iter()
            .filter(|(name, _, _)| STATS.contains(name))
            .map(|(name, args, _)| {
                let out = ep.call(name, args).expect("host ok");
                assert!(
                    out.fuel_used < TYPICAL_CALL_FUEL,
                    "{name}: {} fuel",
                    out.fuel_used
                );
                format!("{:?}", out.outcome)
            })
            .collect()
    };
    let first = run();
    assert_eq!(first.len(), STATS.len());
    assert_eq!(first, run(), "the same calls give the same results");
}

/// The stats tool's functions.
const STATS: &[&str] = &[
    "percentile",
    "linear_regression",
    "correlation",
    "zscores",
    "moving_average",
    "weighted_mean",
];

/// The state of `tool`'s session as JSON.
fn state(ep: &mut tz_env::registry::EpisodeTools<'_>, tool: &str) -> serde_json::Value {
    match ep.state(tool).outcome {
        Outcome::Ok { result } => serde_json::from_str(&result).expect("state is JSON"),
        other => panic!("state of {tool}: {other:?}"),
    }
}

/// One cart episode from a loaded config: every result text, then the final state text.
fn cart_episode(reg: &tz_env::registry::Registry, seed: u64) -> Vec<String> {
    let mut ep = reg.episode(seed);
    ep.set_config(
        "cart",
        r#"{"cart": {"bananas": 2}, "stock": {"olive-oil": 3}}"#.into(),
    )
    .expect("cart is a session tool");
    let mut texts = Vec::new();
    let mut step = |ep: &mut tz_env::registry::EpisodeTools<'_>, name: &str, args: &str| {
        let out = ep.call(name, args).expect("host ok");
        assert!(
            out.fuel_used < TYPICAL_CALL_FUEL,
            "{name}: {} fuel",
            out.fuel_used
        );
        let text = match out.outcome {
            Outcome::Ok { result } => result,
            Outcome::ToolError { message } => format!("error: {message}"),
            other => panic!("{name} {args}: {other:?}"),
        };
        texts.push(text.clone());
        text
    };
    // 2 x 1.29 (loaded) + 3 x 10.99 + 1 x 1.29 = 36.84; SAVE10 takes 3.68 (368.4 cents).
    let add = step(
        &mut ep,
        "add_to_cart",
        r#"{"product_id": "olive-oil", "quantity": 3}"#,
    );
    assert_eq!(
        add,
        r#"{"product_id":"olive-oil","quantity":3,"cart_total":35.55}"#
    );
    let add = step(&mut ep, "add_to_cart", r#"{"product_id": "bananas"}"#);
    assert_eq!(
        add,
        r#"{"product_id":"bananas","quantity":3,"cart_total":36.84}"#
    );
    let coupon = step(&mut ep, "apply_coupon", r#"{"code": "save10"}"#);
    assert_eq!(
        coupon,
        r#"{"coupon":"SAVE10","discount":3.68,"total":33.16}"#
    );
    let view: serde_json::Value =
        serde_json::from_str(&step(&mut ep, "view_cart", "{}")).expect("JSON");
    assert_eq!(view["subtotal"], 36.84);
    assert_eq!(view["items"][0]["product_id"], "bananas");
    assert_eq!(view["items"][1]["line_total"], 32.97);
    // The loaded stock of 3 olive oils is all in the cart.
    let more = step(&mut ep, "add_to_cart", r#"{"product_id": "olive-oil"}"#);
    assert!(
        more.contains("3 in stock and 3 already in the cart"),
        "{more}"
    );
    let unknown = step(&mut ep, "add_to_cart", r#"{"product_id": "oatmilk"}"#);
    assert_eq!(
        unknown,
        "error: unknown product 'oatmilk'; did you mean 'oat-milk'?"
    );
    let order = step(&mut ep, "checkout", "{}");
    assert_eq!(order, r#"{"order_id":"ORD-0001","items":6,"total":33.16}"#);
    let status = step(&mut ep, "order_status", r#"{"order_id": "ORD-0001"}"#);
    assert!(
        status.ends_with(r#""total":33.16,"status":"placed"}"#),
        "{status}"
    );

    let s = state(&mut ep, "cart");
    assert_eq!(s["cart"], serde_json::json!({}));
    assert_eq!(s["coupon"], serde_json::Value::Null);
    assert_eq!(
        s["orders"],
        serde_json::json!([{"order_id": "ORD-0001", "items": {"bananas": 3, "olive-oil": 3}, "total_cents": 3316}])
    );
    assert_eq!(s["stock"]["olive-oil"], 0);
    assert_eq!(s["stock"]["bananas"], 37);
    assert_eq!(s["stock"].as_object().map(|m| m.len()), Some(24));
    texts.push(s.to_string());
    texts
}

#[test]
fn the_javascript_cart_keeps_a_loaded_session_through_an_episode_the_same_for_any_seed() {
    let reg = shipped_registry();
    let first = cart_episode(&reg, 11);
    assert_eq!(
        first,
        cart_episode(&reg, 11),
        "the same seed, the same bytes"
    );
    assert_eq!(first, cart_episode(&reg, 12), "the seed is unused");

    // A fresh episode starts from the catalog, not from another episode's cart.
    let mut fresh = reg.episode(11);
    let view = ok(&mut fresh, "view_cart", "{}");
    assert_eq!(
        view,
        r#"{"items":[],"subtotal":0,"coupon":null,"discount":0,"total":0}"#
    );
    assert_eq!(state(&mut fresh, "cart")["stock"]["olive-oil"], 15);
}

#[test]
fn a_cart_config_the_session_cannot_load_fails_the_tool_for_the_episode() {
    let reg = shipped_registry();
    let mut ep = reg.episode(0);
    ep.set_config("cart", r#"{"cart": {"oatmilk": 1}}"#.into())
        .expect("cart is a session tool");
    let detail = ep
        .call("view_cart", "{}")
        .expect("an outcome")
        .outcome
        .detail();
    assert!(
        detail.contains("load_failed") && detail.contains("did you mean 'oat-milk'"),
        "{detail}"
    );
    assert!(ok(&mut ep, "zscores", r#"{"values": [1, 3]}"#).contains(r#""zscores":[-1,1]"#));
}
