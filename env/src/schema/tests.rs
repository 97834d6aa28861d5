//! Hostile and ordinary argument schemas: what is refused at load, what validation costs.

use serde_json::{Value, json};

use super::*;

/// `levels` definitions, each applying the next one twice to the same value.
fn fan_out(levels: usize) -> Value {
    let mut defs = Map::new();
    for i in 0..levels {
        let next = format!("#/$defs/l{}", i + 1);
        defs.insert(
            format!("l{i}"),
            json!({"allOf": [{"$ref": next}, {"$ref": next}]}),
        );
    }
    defs.insert(format!("l{levels}"), json!({"type": "string"}));
    json!({"type": "object", "properties": {"x": {"$ref": "#/$defs/l0"}}, "$defs": defs})
}

fn refused(schema: Value) -> String {
    ArgSchema::compile(&schema).expect_err("refused at load")
}

#[test]
fn a_ref_fan_out_is_refused_at_load_and_a_small_one_is_not() {
    let err = refused(fan_out(30));
    assert!(err.contains("expands to more than"), "{err}");
    let ok = ArgSchema::compile(&fan_out(5)).expect("32 subschemas are fine");
    assert_eq!(ok.validate(&json!({"x": "a"})), Ok(()));
    assert!(ok.validate(&json!({"x": 1})).is_err());
}

#[test]
fn a_ref_cycle_on_the_same_value_is_refused_and_a_recursive_tree_is_not() {
    let err = refused(json!({"type": "object", "allOf": [{"$ref": "#"}]}));
    assert!(err.contains("never end"), "{err}");
    let err = refused(
        json!({"type": "object", "$defs": {"a": {"anyOf": [{"$ref": "#/$defs/b"}]}, "b": {"not": {"$ref": "#/$defs/a"}}}, "properties": {"x": {"$ref": "#/$defs/a"}}}),
    );
    assert!(err.contains("never end"), "{err}");
    let tree = json!({
        "type": "object",
        "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#"}}},
    });
    let schema = ArgSchema::compile(&tree).expect("recursion through members is fine");
    let value = json!({"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]});
    assert_eq!(schema.validate(&value), Ok(()));
    let bad = json!({"name": "a", "children": [{"name": 5}]});
    assert!(schema.validate(&bad).is_err());
}

#[test]
fn patterns_use_a_linear_engine_so_look_around_is_refused_at_load() {
    let err = refused(
        json!({"type": "object", "properties": {"s": {"type": "string", "pattern": "^(?=a)a+$"}}}),
    );
    assert!(err.contains("cannot be compiled"), "{err}");
    // The classic catastrophic pattern is linear here: a long near-miss is simply invalid.
    let schema = ArgSchema::compile(
        &json!({"type": "object", "properties": {"s": {"type": "string", "pattern": "^(a+)+$"}}}),
    )
    .expect("no look-around");
    let near_miss = format!("{}b", "a".repeat(50_000));
    let err = schema
        .validate(&json!({"s": near_miss}))
        .expect_err("does not match");
    assert!(err.contains("does not match"), "{err}");
    assert_eq!(schema.validate(&json!({"s": "aaaa"})), Ok(()));
}

#[test]
fn a_huge_regex_is_refused_at_load() {
    let err = refused(
        json!({"type": "object", "properties": {"s": {"type": "string", "pattern": "^(?:\\p{L}{100}){100}$"}}}),
    );
    assert!(err.contains("cannot be compiled"), "{err}");
}

#[test]
fn validation_past_the_step_budget_is_an_error_and_smaller_arguments_pass() {
    let schema = ArgSchema::compile(&json!({
        "type": "object",
        "properties": {"xs": {"type": "array", "items": {"allOf": [{"type": "integer"}, {"minimum": 0}, {"maximum": 9}]}}},
    }))
    .expect("ordinary schema");
    let small = json!({"xs": vec![1; 1_000]});
    assert_eq!(schema.validate(&small), Ok(()));
    let huge = json!({"xs": vec![1; 300_000]});
    let err = schema.validate(&huge).expect_err("over the budget");
    assert!(err.contains("steps"), "{err}");
}

#[test]
fn long_strings_under_a_pattern_are_charged_for_their_length() {
    let schema = ArgSchema::compile(&json!({
        "type": "object",
        "properties": {"xs": {"type": "array", "items": {"type": "string", "pattern": "^a*$"}}},
    }))
    .expect("ordinary schema");
    let item = "a".repeat(64 * 1024);
    assert_eq!(
        schema.validate(&json!({"xs": vec![item.clone(); 4]})),
        Ok(())
    );
    let err = schema
        .validate(&json!({"xs": vec![item; 1_000]}))
        .expect_err("64 MiB of patterned text is over the budget");
    assert!(err.contains("steps"), "{err}");
}

#[test]
fn refs_other_than_local_pointers_and_costly_keywords_are_refused() {
    for (schema, needle) in [
        (
            json!({"type": "object", "properties": {"a": {"$ref": "http://example.com/s.json"}}}),
            "only local refs",
        ),
        (
            json!({"type": "object", "properties": {"a": {"$ref": "#foo"}}}),
            "not anchors",
        ),
        (
            json!({"type": "object", "properties": {"a": {"$ref": "#/nowhere"}}}),
            "points at nothing",
        ),
        (
            json!({"type": "object", "unevaluatedProperties": false}),
            "unevaluatedProperties",
        ),
        (
            json!({"type": "object", "properties": {"a": {"$id": "http://x/y", "type": "string"}}}),
            "$id",
        ),
    ] {
        let err = refused(schema);
        assert!(err.contains(needle), "{needle}: {err}");
    }
}

#[test]
fn ordinary_tool_schemas_validate_as_before() {
    let schema = ArgSchema::compile(&json!({
        "type": "object",
        "properties": {
            "city": {"type": "string", "pattern": "^[A-Z][a-z]+$"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            "days": {"type": "integer", "minimum": 1}
        },
        "required": ["city"],
        "additionalProperties": false
    }))
    .expect("ordinary schema");
    assert_eq!(
        schema.validate(&json!({"city": "Paris", "days": 3})),
        Ok(())
    );
    let err = schema
        .validate(&json!({"city": "paris", "unit": "kelvin", "extra": 1}))
        .expect_err("three violations");
    assert_eq!(err.lines().count(), 3, "{err}");
}
