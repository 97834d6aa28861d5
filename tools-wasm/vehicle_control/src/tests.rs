//! Tests of `VehicleControlAPI` beyond the trace replay and signature checks every class
//! runs (`bfcl_class_tests!` in the crate root): what the traces cannot reach (scenarios that
//! do not load, seeds).

use super::*;

fn parse(json: &str) -> PyVal {
    PyVal::parse(json).expect("test JSON")
}

#[test]
fn a_scenario_whose_door_status_is_not_a_dict_does_not_load() {
    let err = VehicleControlApi::load(&parse(r#"{"doorStatus": ["driver"]}"#), false).err();
    assert_eq!(err, Some("'list' object has no attribute 'keys'".into()));
}

#[test]
fn str_and_container_seeds_are_refused_and_integral_floats_seed_as_ints() {
    assert!(VehicleControlApi::load(&parse(r#"{"random_seed": "abc"}"#), false).is_err());
    assert!(VehicleControlApi::load(&parse(r#"{"random_seed": [1]}"#), false).is_err());
    let speed = |scenario: &str| {
        let mut class = VehicleControlApi::load(&parse(scenario), false).expect("loads");
        class
            .call("get_current_speed", &parse("{}"))
            .expect("speed")
    };
    assert_eq!(
        speed(r#"{"random_seed": 7.0}"#),
        speed(r#"{"random_seed": 7}"#)
    );
    assert_eq!(speed(r#"{"random_seed": null}"#), speed("{}"));
}
