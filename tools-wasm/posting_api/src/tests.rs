//! Tests of `TwitterAPI` beyond the trace replay and signature checks every class runs
//! (`bfcl_class_tests!` in the crate root): what the traces cannot reach (scenarios that do
//! not load, replaced tweets that shared the default mentions).

use super::*;

#[test]
fn a_scenario_with_a_tweet_id_that_is_not_an_int_does_not_load() {
    let scenario = PyVal::parse(r#"{"tweets": {"one": {}}}"#).unwrap();
    assert_eq!(
        TwitterApi::load(&scenario, false).err(),
        Some("invalid literal for int() with base 10: 'one'".into())
    );
    let scenario = PyVal::parse(r#"{"following_list": "alice"}"#).unwrap();
    assert!(TwitterApi::load(&scenario, false).is_err());
}

#[test]
fn a_post_that_replaces_a_tweet_sharing_the_default_mentions_stops_sharing_them() {
    let scenario = PyVal::parse(r#"{"authenticated": true}"#).unwrap();
    let mut class = TwitterApi::load(&scenario, false).unwrap();
    let call = |c: &mut TwitterApi, name: &str, args: &str| {
        c.call(name, &PyVal::parse(args).unwrap()).unwrap()
    };
    call(&mut class, "post_tweet", r#"{"content": "a"}"#);
    call(&mut class, "post_tweet", r#"{"content": "b"}"#);
    class.tweet_counter = PyVal::Int(0);
    call(
        &mut class,
        "post_tweet",
        r#"{"content": "c", "mentions": ["@own"]}"#,
    );
    call(
        &mut class,
        "mention",
        r#"{"tweet_id": 1, "mentioned_usernames": ["@s"]}"#,
    );
    let mentions = |c: &mut TwitterApi, id: &str| {
        call(c, "get_tweet", &format!(r#"{{"tweet_id": {id}}}"#))
            .get("mentions")
            .cloned()
    };
    assert_eq!(mentions(&mut class, "0"), Some(PyVal::strs(["@own"])));
    assert_eq!(mentions(&mut class, "1"), Some(PyVal::strs(["@s"])));
}
