//! Tool `vehicle_control` (stateful, world `session-tool`): BFCL's `VehicleControlAPI` (engine,
//! doors, climate, brakes, cruise control, navigation), written in Rust to behave as the
//! official Python class does (results, error texts, exceptions, state, and the long-context
//! extensions). Replayed against traces of the Python class in `traces.jsonl` (see
//! [`tz_tool_common::bfcl::trace`]); `spec.json` is BFCL's function docs for the class.
//!
//! State (the public attributes BFCL compares): `fuelLevel`, `batteryVoltage`,
//! `engine_state`, `remainingUnlockedDoors` (recomputed on load from `doorStatus`),
//! `doorStatus`, `acTemperature`, `fanSpeed`, `acMode`, `humidityLevel`, `headLightStatus`,
//! `parkingBrakeStatus`, `brakePedalStatus`, `distanceToNextVehicle`, `cruiseStatus`,
//! `destination`, the four tire pressures and `long_context`. The private `_parkingBrakeForce`,
//! `_slopeAngle` and `_brakePedalForce` are kept but not compared. Values stay the Python
//! values a scenario gives (an int fuel level stays an int: [`tz_tool_common::bfcl::pyops`]
//! does Python's arithmetic).
//!
//! `get_current_speed` and `get_outside_temperature_from_google` draw from the class's own
//! `random.Random(random_seed)` (default seed 141053), reproduced by [`PyRandom`].
//!
//! Differences from the Python class:
//! * `random_seed: null` seeds Python's generator from the OS (a different stream each run);
//!   here it seeds as the default 141053. A seed that is a str, a container or a float of
//!   magnitude 2^63 or more is refused on load (see [`PyRandom::from_seed`]).
//! * `load` refuses a scenario whose `doorStatus` is not a dict (Python raises there too, with
//!   its own message).
//! * Python's `LONG_WEATHER_EXTENSION` is one module-level dict that every long-context
//!   instance writes `outsideTemperature` into; here each instance has its own copy (results
//!   are the same: the value is written just before it is returned).
//! * Ints are 64-bit (see [`tz_tool_common::bfcl::pyops::arith`]).
#![warn(missing_docs)]

mod car;
mod data;
mod route;

use car::is;
use tz_tool_common::bfcl::pyops::{Cmp, Op, binary, bind, compare, optional, required, type_name};
use tz_tool_common::bfcl::{ApiClass, no_method};
use tz_tool_common::py::PyVal;
use tz_tool_common::pyrandom::PyRandom;

/// The functions, as BFCL documents them (`multi_turn_func_doc/vehicle_control.json`).
pub const SPEC: &str = include_str!("../spec.json");

tz_tool_common::bfcl_component!(crate::VehicleControlApi, crate::SPEC);
tz_tool_common::bfcl_class_tests!(crate::VehicleControlApi, traces >= 125, calls >= 850);

/// `DEFAULT_STATE["random_seed"]`.
const DEFAULT_SEED: i64 = 141_053;
/// `MAX_FUEL_LEVEL` (an int in Python).
const MAX_FUEL_LEVEL: i64 = 50;
/// `MIN_FUEL_LEVEL`.
const MIN_FUEL_LEVEL: f64 = 0.0;
/// `MILE_PER_GALLON`.
const MILE_PER_GALLON: f64 = 20.0;

/// BFCL's `VehicleControlAPI`.
#[derive(Debug, Clone)]
pub struct VehicleControlApi {
    random: PyRandom,
    fuel_level: PyVal,
    battery_voltage: PyVal,
    engine_state: PyVal,
    remaining_unlocked_doors: PyVal,
    /// `doorStatus`: (door, "locked" / "unlocked") in order.
    door_status: Vec<(PyVal, PyVal)>,
    ac_temperature: PyVal,
    fan_speed: PyVal,
    ac_mode: PyVal,
    humidity_level: PyVal,
    head_light_status: PyVal,
    parking_brake_status: PyVal,
    parking_brake_force: PyVal,
    slope_angle: PyVal,
    brake_pedal_status: PyVal,
    brake_pedal_force: PyVal,
    distance_to_next_vehicle: PyVal,
    cruise_status: PyVal,
    destination: PyVal,
    front_left_tire_pressure: PyVal,
    front_right_tire_pressure: PyVal,
    rear_left_tire_pressure: PyVal,
    rear_right_tire_pressure: PyVal,
    /// The long-context extensions, present when loaded with `long_context`.
    long_context: Option<data::LongContext>,
}

impl ApiClass for VehicleControlApi {
    const CLASS: &'static str = "VehicleControlAPI";

    fn load(scenario: &PyVal, long_context: bool) -> Result<Self, String> {
        let get = |key: &str, default: PyVal| scenario.get_or(key, default);
        let float = |key: &str, default: f64| get(key, PyVal::Float(default));
        let door_status = match scenario.get("doorStatus") {
            None => ["driver", "passenger", "rear_left", "rear_right"]
                .map(|d| (PyVal::str(d), PyVal::str("unlocked")))
                .to_vec(),
            Some(PyVal::Dict(items)) => items.clone(),
            Some(other) => {
                return Err(format!(
                    "'{}' object has no attribute 'keys'",
                    type_name(other)
                ));
            }
        };
        let locked = door_status.iter().filter(|(_, s)| is(s, "locked")).count();
        Ok(Self {
            random: PyRandom::from_seed(scenario.get("random_seed"), DEFAULT_SEED)?,
            fuel_level: float("fuelLevel", 0.0),
            battery_voltage: float("batteryVoltage", 12.6),
            engine_state: get("engineState", PyVal::str("stopped")),
            remaining_unlocked_doors: PyVal::Int(4 - i64::try_from(locked).unwrap_or(4)),
            door_status,
            ac_temperature: float("acTemperature", 25.0),
            fan_speed: get("fanSpeed", PyVal::Int(50)),
            ac_mode: get("acMode", PyVal::str("auto")),
            humidity_level: float("humidityLevel", 50.0),
            head_light_status: get("headLightStatus", PyVal::str("off")),
            parking_brake_status: get("parkingBrakeStatus", PyVal::str("released")),
            parking_brake_force: float("parkingBrakeForce", 0.0),
            slope_angle: float("slopeAngle", 0.0),
            brake_pedal_status: get("brakePedalStatus", PyVal::str("released")),
            brake_pedal_force: float("brakePedalForce", 0.0),
            distance_to_next_vehicle: float("distanceToNextVehicle", 50.0),
            cruise_status: get("cruiseStatus", PyVal::str("inactive")),
            destination: get("destination", PyVal::str("None")),
            front_left_tire_pressure: float("frontLeftTirePressure", 32.0),
            front_right_tire_pressure: float("frontRightTirePressure", 32.0),
            rear_left_tire_pressure: float("rearLeftTirePressure", 30.0),
            rear_right_tire_pressure: float("rearRightTirePressure", 30.0),
            long_context: if long_context {
                Some(data::LongContext::load()?)
            } else {
                None
            },
        })
    }

    fn call(&mut self, name: &str, args: &PyVal) -> Result<PyVal, String> {
        let arg = |param: &str| bind(args, Self::CLASS, name, [required(param)]).map(|[v]| v);
        let none = || bind(args, Self::CLASS, name, []);
        let text = |param, default: &str| optional(param, PyVal::str(default));
        match name {
            "startEngine" => self.start_engine(&arg("ignitionMode")?),
            "fillFuelTank" => self.fill_fuel_tank(&arg("fuelAmount")?),
            "lockDoors" => {
                let params = [required("unlock"), required("door")];
                let [unlock, door] = bind(args, Self::CLASS, name, params)?;
                self.lock_doors(&unlock, &door)
            }
            "adjustClimateControl" => {
                let params = [
                    required("temperature"),
                    text("unit", "celsius"),
                    optional("fanSpeed", PyVal::Int(50)),
                    text("mode", "auto"),
                ];
                self.adjust_climate_control(bind(args, Self::CLASS, name, params)?)
            }
            "get_outside_temperature_from_google" => {
                none()?;
                Ok(self.outside_temperature())
            }
            "get_outside_temperature_from_weather_com" => {
                none()?;
                Ok(PyVal::one("error", PyVal::Int(404)))
            }
            "setHeadlights" => {
                let mode = arg("mode")?;
                Ok(match mode.as_str() {
                    Some(m @ ("on" | "off" | "auto")) => {
                        let status = if m == "on" { "on" } else { "off" };
                        self.head_light_status = PyVal::str(status);
                        PyVal::one("headlightStatus", PyVal::str(status))
                    }
                    _ => PyVal::error("Invalid headlight mode."),
                })
            }
            "displayCarStatus" => Ok(self.display_car_status(&arg("option")?)),
            "activateParkingBrake" => Ok(self.activate_parking_brake(&arg("mode")?)),
            "pressBrakePedal" => self.press_brake_pedal(&arg("pedalPosition")?),
            "releaseBrakePedal" => {
                none()?;
                Ok(self.release_brake_pedal())
            }
            "setCruiseControl" => {
                let params = ["speed", "activate", "distanceToNextVehicle"].map(required);
                self.set_cruise_control(bind(args, Self::CLASS, name, params)?)
            }
            "get_current_speed" => {
                none()?;
                let speed = self.random.uniform(0.0, 120.0);
                Ok(PyVal::one("currentSpeed", PyVal::Float(speed)))
            }
            "display_log" => Ok(PyVal::one("log", arg("messages")?)),
            "estimate_drive_feasibility_by_mileage" => {
                let distance = arg("distance")?;
                let range = binary(&self.fuel_level, Op::Mul, &PyVal::Float(MILE_PER_GALLON))?;
                let short = compare(&range, Cmp::Lt, &distance)?;
                Ok(PyVal::one("canDrive", PyVal::Bool(!short)))
            }
            "liter_to_gallon" => {
                let gallon = binary(&arg("liter")?, Op::Mul, &PyVal::Float(0.264172))?;
                Ok(PyVal::one("gallon", gallon))
            }
            "gallon_to_liter" => {
                let liter = binary(&arg("gallon")?, Op::Mul, &PyVal::Float(3.78541))?;
                Ok(PyVal::one("liter", liter))
            }
            "estimate_distance" => {
                let params = [required("cityA"), required("cityB")];
                let [a, b] = bind(args, Self::CLASS, name, params)?;
                Ok(self.estimate_distance(&a, &b))
            }
            "get_zipcode_based_on_city" => {
                let zip = route::zipcode(&arg("city")?);
                Ok(PyVal::one("zipcode", PyVal::str(zip)))
            }
            "set_navigation" => {
                self.destination = arg("destination")?;
                let status = binary(&PyVal::str("Navigating to "), Op::Add, &self.destination)?;
                Ok(PyVal::one("status", status))
            }
            "check_tire_pressure" => {
                none()?;
                self.check_tire_pressure()
            }
            "find_nearest_tire_shop" => {
                none()?;
                Ok(PyVal::one(
                    "shopLocation",
                    PyVal::str("456 Oakwood Avenue, Rivermist, 83214"),
                ))
            }
            _ => Err(no_method(self, name)),
        }
    }

    fn state(&self) -> PyVal {
        PyVal::dict(self.attributes())
    }
}

#[cfg(test)]
mod tests;
