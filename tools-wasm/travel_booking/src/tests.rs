//! Tests of the whole class beyond the trace replay and signature checks every class runs
//! (`bfcl_class_tests!` in the crate root): the signature table against `spec.json`, and what
//! the traces cannot show (a process-dependent message, hostile values, scenarios that do not
//! load).

use super::*;
use tz_tool_common::bfcl::testing::check_signatures;
use tz_tool_common::py::bfcl_text;

#[test]
fn every_signature_is_a_documented_function() {
    let checked = check_signatures::<TravelApi>(SPEC).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(checked, SIGNATURES.len());
}

#[test]
fn booking_an_unknown_class_lists_the_classes_in_a_fixed_order() {
    let scenario = PyVal::parse(
        r#"{"access_token": "t", "token_expires_in": 2,
            "credit_card_list": {"c": {"balance": 100}}}"#,
    )
    .expect("json");
    let mut api = TravelApi::load(&scenario, false).expect("loads");
    let args = PyVal::parse(
        r#"{"access_token": "t", "card_id": "c", "travel_date": "2024-01-01",
            "travel_from": "SFO", "travel_to": "LAX", "travel_class": "coach"}"#,
    )
    .expect("json");
    let out = api.call("book_flight", &args).expect("a result");
    assert_eq!(
        bfcl_text(&out),
        r#"{"booking_status": false, "error": "Invalid travel class. Must be one of {'economy', 'business', 'first'}"}"#
    );
}

#[test]
fn any_argument_values_get_an_answer_rather_than_a_panic() {
    let values = [
        PyVal::None,
        PyVal::Bool(true),
        PyVal::Int(i64::MAX),
        PyVal::Int(i64::MIN),
        PyVal::Float(f64::NAN),
        PyVal::Float(f64::NEG_INFINITY),
        PyVal::str(""),
        PyVal::str("\u{ff12}\u{b2}-1-\u{663}"),
        PyVal::List(vec![PyVal::str("9"), PyVal::Int(1)]),
        PyVal::dict([("k", PyVal::None)]),
    ];
    let scenario = PyVal::parse(
        r#"{"access_token": null, "token_expires_in": "0", "budget_limit": "x",
            "credit_card_list": {"c": {"balance": "lots"}, "d": {}},
            "booking_record": {"b": {"card_id": ["c"], "travel_cost": null}}}"#,
    )
    .expect("json");
    for long_context in [false, true] {
        let mut api = TravelApi::load(&scenario, long_context).expect("loads");
        for (name, params, _) in SIGNATURES {
            for value in &values {
                let args = PyVal::dict(params.iter().map(|p| (*p, value.clone())));
                let _ = api.call(name, &args);
                let _ = api.call(name, &PyVal::Dict(Vec::new()));
            }
        }
    }
}

#[test]
fn scenarios_the_class_cannot_represent_do_not_load() {
    for bad in [
        r#"{"random_seed": "abc"}"#,
        r#"{"random_seed": [1]}"#,
        r#"{"credit_card_list": []}"#,
        r#"{"booking_record": {"b": 1}}"#,
    ] {
        let scenario = PyVal::parse(bad).expect("json");
        assert!(TravelApi::load(&scenario, false).is_err(), "{bad}");
    }
}
