//! Unit tests of the checker's rules on small inline specs.

use serde_json::{Value, json};

use super::*;

fn spec(name: &str, props: Value, required: &[&str]) -> FunctionSpec {
    FunctionSpec {
        name: name.into(),
        description: String::new(),
        parameters: json!({"type": "dict", "properties": props, "required": required}),
    }
}

fn answer(v: Value) -> PossibleAnswer {
    serde_json::from_value(v).expect("valid possible answer")
}

fn kind(specs: &[FunctionSpec], calls: Value, ans: Value) -> &'static str {
    let calls: Vec<ToolCall> = serde_json::from_value(calls).expect("valid calls");
    check(specs, &calls, &answer(ans))
        .reason
        .map_or("valid", |r| r.kind())
}

fn area() -> Vec<FunctionSpec> {
    vec![spec(
        "area",
        json!({"base": {"type": "integer"}, "height": {"type": "float"}, "unit": {"type": "string"}}),
        &["base", "height"],
    )]
}

#[test]
fn an_int_is_accepted_for_a_float_but_not_a_float_for_an_int() {
    let ans = json!([{"area": {"base": [10], "height": [5.0], "unit": ["", "cm"]}}]);
    assert_eq!(
        kind(
            &area(),
            json!([{"name": "area", "arguments": {"base": 10, "height": 5}}]),
            ans.clone()
        ),
        "valid"
    );
    assert_eq!(
        kind(
            &area(),
            json!([{"name": "area", "arguments": {"base": 10.0, "height": 5}}]),
            ans
        ),
        "type_mismatch"
    );
}

#[test]
fn strings_compare_case_insensitively_without_punctuation() {
    let ans = json!([{"area": {"base": [1], "height": [1.0], "unit": ["square meters"]}}]);
    let calls = json!([{"name": "area", "arguments": {"base": 1, "height": 1.0, "unit": "Square-Meters."}}]);
    assert_eq!(kind(&area(), calls, ans), "valid");
}

#[test]
fn an_optional_parameter_may_be_omitted_or_given_but_a_listed_one_must_be_given() {
    let ans = json!([{"area": {"base": [1], "height": [1.0], "unit": ["", "cm"]}}]);
    assert_eq!(
        kind(
            &area(),
            json!([{"name": "area", "arguments": {"base": 1, "height": 1.0}}]),
            ans.clone()
        ),
        "valid"
    );
    assert_eq!(
        kind(
            &area(),
            json!([{"name": "area", "arguments": {"base": 1, "height": 1.0, "unit": ""}}]),
            ans
        ),
        "valid"
    );
    let strict = json!([{"area": {"base": [1], "height": [1.0], "unit": ["cm"]}}]);
    assert_eq!(
        kind(
            &area(),
            json!([{"name": "area", "arguments": {"base": 1, "height": 1.0}}]),
            strict
        ),
        "missing_optional"
    );
}

#[test]
fn a_documented_parameter_the_answer_omits_is_unexpected() {
    let ans = json!([{"area": {"base": [1], "height": [1.0]}}]);
    let calls = json!([{"name": "area", "arguments": {"base": 1, "height": 1.0, "unit": "cm"}}]);
    assert_eq!(kind(&area(), calls, ans), "unexpected_param");
}

#[test]
fn bool_and_int_are_distinct_types() {
    let specs = vec![spec("f", json!({"flag": {"type": "boolean"}}), &["flag"])];
    let ans = json!([{"f": {"flag": [true]}}]);
    assert_eq!(
        kind(
            &specs,
            json!([{"name": "f", "arguments": {"flag": 1}}]),
            ans.clone()
        ),
        "type_mismatch"
    );
    assert_eq!(
        kind(
            &specs,
            json!([{"name": "f", "arguments": {"flag": false}}]),
            ans
        ),
        "other_value"
    );
}

#[test]
fn lists_are_ordered_and_nested_types_are_checked() {
    let specs = vec![spec(
        "f",
        json!({"xs": {"type": "array", "items": {"type": "integer"}}}),
        &["xs"],
    )];
    let ans = json!([{"f": {"xs": [[1, 2]]}}]);
    assert_eq!(
        kind(
            &specs,
            json!([{"name": "f", "arguments": {"xs": [1, 2]}}]),
            ans.clone()
        ),
        "valid"
    );
    assert_eq!(
        kind(
            &specs,
            json!([{"name": "f", "arguments": {"xs": [2, 1]}}]),
            ans.clone()
        ),
        "list_value"
    );
    assert_eq!(
        kind(
            &specs,
            json!([{"name": "f", "arguments": {"xs": ["a"]}}]),
            ans
        ),
        "nested_type_mismatch"
    );
}

#[test]
fn dict_values_use_python_equality_without_type_checks() {
    let specs = vec![spec("f", json!({"d": {"type": "object"}}), &["d"])];
    let ans = json!([{"f": {"d": [{"n": [12.0], "s": ["New York"], "o": ["", 1]}]}}]);
    assert_eq!(
        kind(
            &specs,
            json!([{"name": "f", "arguments": {"d": {"n": 12, "s": "new york"}}}]),
            ans.clone()
        ),
        "valid"
    );
    assert_eq!(
        kind(
            &specs,
            json!([{"name": "f", "arguments": {"d": {"n": 12, "s": "x"}}}]),
            ans.clone()
        ),
        "dict_value"
    );
    assert_eq!(
        kind(
            &specs,
            json!([{"name": "f", "arguments": {"d": {"n": 12}}}]),
            ans.clone()
        ),
        "dict_key"
    );
    assert_eq!(
        kind(
            &specs,
            json!([{"name": "f", "arguments": {"d": {"z": 1, "n": 12, "s": "New York"}}}]),
            ans
        ),
        "dict_key"
    );
}

#[test]
fn lists_of_dicts_match_element_by_element() {
    let specs = vec![spec(
        "f",
        json!({"ds": {"type": "array", "items": {"type": "dict"}}}),
        &["ds"],
    )];
    let ans = json!([{"f": {"ds": [[{"a": [1]}, {"a": [2]}]]}}]);
    assert_eq!(
        kind(
            &specs,
            json!([{"name": "f", "arguments": {"ds": [{"a": 1}, {"a": 2}]}}]),
            ans.clone()
        ),
        "valid"
    );
    assert_eq!(
        kind(
            &specs,
            json!([{"name": "f", "arguments": {"ds": [{"a": 1}]}}]),
            ans.clone()
        ),
        "list_dict_count"
    );
    assert_eq!(
        kind(
            &specs,
            json!([{"name": "f", "arguments": {"ds": [{"a": 2}, {"a": 1}]}}]),
            ans
        ),
        "dict_value"
    );
}

#[test]
fn a_value_of_the_answers_type_counts_as_a_variable() {
    let specs = vec![spec("f", json!({"n": {"type": "integer"}}), &["n"])];
    let ans = json!([{"f": {"n": ["x"]}}]);
    assert_eq!(
        kind(
            &specs,
            json!([{"name": "f", "arguments": {"n": "x"}}]),
            ans.clone()
        ),
        "valid"
    );
    assert_eq!(
        kind(&specs, json!([{"name": "f", "arguments": {"n": "X"}}]), ans),
        "other_value"
    );
}

#[test]
fn parallel_calls_match_greedily_in_answer_order() {
    let specs = vec![spec("f", json!({"a": {"type": "integer"}}), &[])];
    let ans = json!([{"f": {"a": [1]}}, {"f": {"a": [2]}}]);
    assert_eq!(
        kind(
            &specs,
            json!([{"name": "f", "arguments": {"a": 2}}, {"name": "f", "arguments": {"a": 1}}]),
            ans.clone()
        ),
        "valid"
    );
    // greedy, not optimal: the first answer takes the first call that fits, leaving none for the second
    let greedy = json!([{"f": {"a": [1, 2]}}, {"f": {"a": [1]}}]);
    assert_eq!(
        kind(
            &specs,
            json!([{"name": "f", "arguments": {"a": 1}}, {"name": "f", "arguments": {"a": 2}}]),
            greedy
        ),
        "no_match"
    );
    assert_eq!(
        kind(&specs, json!([{"name": "f", "arguments": {"a": 1}}]), ans),
        "wrong_count"
    );
}

#[test]
fn no_expected_call_means_the_model_must_call_nothing() {
    assert_eq!(kind(&area(), json!([]), json!([])), "valid");
    assert_eq!(
        kind(
            &area(),
            json!([{"name": "area", "arguments": {}}]),
            json!([])
        ),
        "wrong_count"
    );
    let calls = [ToolCall::new("area", json!({}))];
    assert!(check_category(Category::Relevance, &area(), &calls, &[]).valid);
}

#[test]
fn an_answer_naming_an_unknown_function_is_a_data_error() {
    let ans = json!([{"nope": {}}]);
    assert_eq!(
        kind(&area(), json!([{"name": "nope", "arguments": {}}]), ans),
        "unknown_function"
    );
}

#[test]
fn arguments_that_are_not_an_object_are_rejected() {
    let ans = json!([{"area": {"base": [1], "height": [1.0]}}]);
    assert_eq!(
        kind(&area(), json!([{"name": "area", "arguments": [1, 2]}]), ans),
        "arguments_not_object"
    );
}

fn error_in(language: Language, specs: &[FunctionSpec], args: Value, ans: Value) -> &'static str {
    let calls = [ToolCall::new(specs[0].name.clone(), args)];
    check_in(language, specs, &calls, &answer(ans))
        .reason
        .map_or("valid", |r| r.bfcl_error_type())
}

fn java_spec() -> Vec<FunctionSpec> {
    vec![spec(
        "Db.query",
        json!({"limit": {"type": "long"}, "force": {"type": "boolean"},
               "ids": {"type": "ArrayList", "items": {"type": "integer"}},
               "names": {"type": "Array", "items": {"type": "String"}},
               "opts": {"type": "HashMap"}, "table": {"type": "String"}}),
        &["limit"],
    )]
}

#[test]
fn java_arguments_must_be_strings_and_are_converted_by_their_declared_type() {
    let ans = json!([{"Db.query": {"limit": [50], "force": ["", true],
        "ids": ["", [1, 2]], "names": ["", ["a"]], "opts": ["", {"k": [1]}], "table": ["", "users"]}}]);
    let java = |args: Value| error_in(Language::Java, &java_spec(), args, ans.clone());
    assert_eq!(java(json!({"limit": "50L"})), "valid");
    assert_eq!(java(json!({"limit": 50})), "type_error:java");
    assert_eq!(java(json!({"limit": "50"})), "type_error:simple");
    assert_eq!(java(json!({"limit": "50L", "force": "true"})), "valid");
    assert_eq!(
        java(json!({"limit": "50L", "force": "True"})),
        "type_error:simple"
    );
    let ids = "new ArrayList<Integer>(Arrays.asList(1, 2))";
    assert_eq!(java(json!({"limit": "50L", "ids": ids})), "valid");
    // upstream keeps the quotes of an `Array` of `String`: only the unquoted form matches
    assert_eq!(
        java(json!({"limit": "50L", "names": "new String[]{a}"})),
        "valid"
    );
    assert_eq!(
        java(json!({"limit": "50L", "names": "new String[]{\"a\"}"})),
        "value_error:list/tuple"
    );
    let opts = "new HashMap<String, Object>() {{ put(\"k\", 1); }}";
    assert_eq!(java(json!({"limit": "50L", "opts": opts})), "valid");
    assert_eq!(java(json!({"limit": "50L", "table": "Users"})), "valid");
    // the Python check of the same call converts nothing (and knows no `long`)
    assert_eq!(
        error_in(
            Language::Python,
            &java_spec(),
            json!({"limit": "50L"}),
            ans.clone()
        ),
        "value_error:others"
    );
}

#[test]
fn javascript_arguments_are_converted_by_their_declared_type() {
    let specs = vec![spec(
        "sort",
        json!({"items": {"type": "array", "items": {"type": "String"}}, "asc": {"type": "Boolean"},
               "n": {"type": "float"}, "opts": {"type": "dict"}}),
        &["items"],
    )];
    let ans = json!([{"sort": {"items": [["a", "b"]], "asc": ["", true], "n": ["", 3.0],
        "opts": ["", {"deep": [true]}]}}]);
    let js = |args: Value| error_in(Language::JavaScript, &specs, args, ans.clone());
    assert_eq!(js(json!({"items": "['a', 'b']"})), "valid");
    assert_eq!(js(json!({"items": ["a", "b"]})), "type_error:js");
    assert_eq!(
        js(json!({"items": "['a', 'b']", "asc": "true", "n": "3"})),
        "valid"
    );
    assert_eq!(
        js(json!({"items": "['a', 'b']", "n": "3.0f"})),
        "type_error:simple"
    );
    assert_eq!(
        js(json!({"items": "['a', 'b']", "opts": "{deep: true}"})),
        "valid"
    );
    assert_eq!(
        js(json!({"items": "['a', 'b']", "opts": "{deep: false}"})),
        "value_error:dict_value"
    );
}

#[test]
fn a_dict_key_whose_alternatives_are_a_string_is_read_as_python_reads_it() {
    // simple_java_64's answer: {"format": "epoch_millis"} where a list was meant; upstream
    // iterates the string (its characters are the alternatives) and `"" in s` is true
    let specs = vec![spec("f", json!({"meta": {"type": "dict"}}), &[])];
    let ans = json!([{"f": {"meta": [{"format": "epoch_millis"}]}}]);
    let call = |meta: Value| json!([{"name": "f", "arguments": {"meta": meta}}]);
    assert_eq!(kind(&specs, call(json!({})), ans.clone()), "valid");
    assert_eq!(
        kind(&specs, call(json!({"format": "E"})), ans.clone()),
        "valid"
    );
    assert_eq!(
        kind(&specs, call(json!({"format": "epoch_millis"})), ans),
        "dict_value"
    );
}
