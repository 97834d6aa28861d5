//! `VehicleControlAPI`'s fixed lookup tables: the distances between pairs of zipcodes
//! (`estimate_distance`) and the zipcodes of cities (`get_zipcode_based_on_city`).

use tz_tool_common::py::PyVal;

/// Pairs of zipcodes and the distance between them in km, in the order Python tests them
/// (the first pair that matches either way round wins).
const DISTANCES: [(&str, &str, f64); 12] = [
    ("83214", "74532", 750.0),
    ("56108", "62947", 320.0),
    ("71354", "83462", 450.0),
    ("47329", "52013", 290.0),
    ("69238", "51479", 630.0),
    ("94016", "83214", 980.0),
    ("94016", "94704", 600.0),
    ("94704", "08540", 2550.0),
    ("94016", "08540", 1950.0),
    ("62947", "47329", 1053.0),
    ("94016", "62947", 780.0),
    ("74532", "94016", 880.0),
];

/// Cities and their zipcodes; any other city is `"00000"`.
const ZIPCODES: [(&str, &str); 11] = [
    ("Rivermist", "83214"),
    ("Stonebrook", "74532"),
    ("Maplecrest", "56108"),
    ("Silverpine", "62947"),
    ("Shadowridge", "71354"),
    ("Sunset Valley", "83462"),
    ("Oakendale", "47329"),
    ("Willowbend", "52013"),
    ("Crescent Hollow", "69238"),
    ("Autumnville", "51479"),
    ("San Francisco", "94016"),
];

/// `estimate_distance`'s result before the long-context extension: `{"distance": km}` or
/// `{"error": ...}`. Values that are not strs never match (Python's `==`).
pub fn distance(city_a: &PyVal, city_b: &PyVal) -> PyVal {
    let is = |v: &PyVal, zip: &str| v.as_str() == Some(zip);
    DISTANCES
        .iter()
        .find(|(a, b, _)| (is(city_a, a) && is(city_b, b)) || (is(city_a, b) && is(city_b, a)))
        .map(|(_, _, km)| PyVal::one("distance", PyVal::Float(*km)))
        .unwrap_or_else(|| PyVal::error("distance not found in database."))
}

/// `get_zipcode_based_on_city`'s zipcode for `city`.
pub fn zipcode(city: &PyVal) -> &'static str {
    ZIPCODES
        .iter()
        .find(|(name, _)| city.as_str() == Some(name))
        .map_or("00000", |(_, zip)| zip)
}
