//! `VehicleControlAPI`'s methods that read or change the car's state, each as the Python
//! method does it, step for step (an exception part-way leaves the changes made before it,
//! as in Python).

use tz_tool_common::bfcl::pyops::{Cmp, Op, augmented, binary, compare, iterate, position};
use tz_tool_common::bfcl::pyops::{to_float, type_name};
use tz_tool_common::py::{PyVal, repr};

use crate::{MAX_FUEL_LEVEL, MIN_FUEL_LEVEL, VehicleControlApi, route};

/// `0 <= value <= high`, as Python's chained comparison evaluates it.
fn within(value: &PyVal, high: i64) -> Result<bool, String> {
    Ok(compare(&PyVal::Int(0), Cmp::Le, value)? && compare(value, Cmp::Le, &PyVal::Int(high))?)
}

pub(crate) fn is(value: &PyVal, text: &str) -> bool {
    value.as_str() == Some(text)
}

impl VehicleControlApi {
    pub(crate) fn start_engine(&mut self, mode: &PyVal) -> Result<PyVal, String> {
        if is(mode, "STOP") {
            self.engine_state = PyVal::str("stopped");
        }
        if compare(&self.remaining_unlocked_doors, Cmp::Gt, &PyVal::Int(0))? {
            let mut unlocked = Vec::new();
            for (i, (door, status)) in self.door_status.iter().enumerate() {
                if is(status, "unlocked") {
                    let name = door.as_str().ok_or_else(|| {
                        format!(
                            "sequence item {i}: expected str instance, {} found",
                            type_name(door)
                        )
                    })?;
                    unlocked.push(name);
                }
            }
            return Ok(PyVal::error(format!(
                "All doors must be locked before starting the engine. Here are the unlocked doors: {}",
                unlocked.join(", ")
            )));
        }
        if !is(&self.brake_pedal_status, "pressed") {
            return Ok(PyVal::error(
                "Brake pedal needs to be pressed when starting the engine.",
            ));
        }
        if !self.brake_pedal_force.py_eq(&PyVal::Float(1000.0)) {
            return Ok(PyVal::error(
                "Must press the brake fully before starting the engine.",
            ));
        }
        if compare(&self.fuel_level, Cmp::Lt, &PyVal::Float(MIN_FUEL_LEVEL))? {
            return Ok(PyVal::error("Fuel tank is empty."));
        }
        if !is(mode, "START") {
            return Ok(PyVal::error("Invalid ignition mode."));
        }
        self.engine_state = PyVal::str("running");
        Ok(PyVal::dict([
            ("engineState", self.engine_state.clone()),
            ("fuelLevel", self.fuel_level.clone()),
            ("batteryVoltage", self.battery_voltage.clone()),
        ]))
    }

    pub(crate) fn fill_fuel_tank(&mut self, amount: &PyVal) -> Result<PyVal, String> {
        if compare(amount, Cmp::Lt, &PyVal::Int(0))? {
            return Ok(PyVal::error("Fuel amount cannot be negative."));
        }
        let total = binary(&self.fuel_level, Op::Add, amount)?;
        if compare(&total, Cmp::Gt, &PyVal::Int(MAX_FUEL_LEVEL))? {
            return Ok(PyVal::error("Cannot fill gas above the tank capacity."));
        }
        if compare(&total, Cmp::Lt, &PyVal::Float(MIN_FUEL_LEVEL))? {
            return Ok(PyVal::error(
                "Fuel tank is empty. Min fuel level is 0 gallons.",
            ));
        }
        self.fuel_level = total;
        Ok(PyVal::one("fuelLevel", self.fuel_level.clone()))
    }

    pub(crate) fn lock_doors(&mut self, unlock: &PyVal, doors: &PyVal) -> Result<PyVal, String> {
        let (target, step) = if unlock.truthy() {
            ("unlocked", Op::Add)
        } else {
            ("locked", Op::Sub)
        };
        for door in iterate(doors)? {
            let i = position(&self.door_status, &door)?.ok_or_else(|| repr(&door))?;
            if is(&self.door_status[i].1, target) {
                continue;
            }
            self.door_status[i].1 = PyVal::str(target);
            self.remaining_unlocked_doors =
                augmented(&self.remaining_unlocked_doors, step, &PyVal::Int(1))?;
        }
        Ok(PyVal::dict([
            ("lockStatus", PyVal::str(target)),
            (
                "remainingUnlockedDoors",
                self.remaining_unlocked_doors.clone(),
            ),
        ]))
    }

    pub(crate) fn adjust_climate_control(&mut self, args: [PyVal; 4]) -> Result<PyVal, String> {
        let [temperature, unit, fan_speed, mode] = args;
        if !within(&fan_speed, 100)? {
            return Ok(PyVal::error("Fan speed must be between 0 and 100."));
        }
        self.ac_temperature = temperature.clone();
        if is(&unit, "fahrenheit") {
            let t = binary(&temperature, Op::Sub, &PyVal::Int(32))?;
            let t = binary(&t, Op::Mul, &PyVal::Int(5))?;
            self.ac_temperature = binary(&t, Op::Div, &PyVal::Int(9))?;
        }
        self.fan_speed = fan_speed;
        self.ac_mode = mode.clone();
        Ok(PyVal::dict([
            ("currentACTemperature", temperature),
            ("climateMode", mode),
            ("humidityLevel", self.humidity_level.clone()),
        ]))
    }

    pub(crate) fn outside_temperature(&mut self) -> PyVal {
        let t = PyVal::Float(self.random.uniform(-10.0, 40.0));
        match &mut self.long_context {
            Some(data) => {
                data.weather.set("outsideTemperature", t);
                data.weather.clone()
            }
            None => PyVal::one("outsideTemperature", t),
        }
    }

    pub(crate) fn display_car_status(&self, option: &PyVal) -> PyVal {
        let mut status: Vec<(&str, PyVal)> = Vec::new();
        if let Some(data) = &self.long_context {
            status.push(("metadata", data.car_status_metadata.clone()));
        }
        let v = |x: &PyVal| x.clone();
        match option.as_str().unwrap_or_default() {
            "fuel" => status.push(("fuelLevel", v(&self.fuel_level))),
            "battery" => status.push(("batteryVoltage", v(&self.battery_voltage))),
            "doors" => status.push(("doorStatus", PyVal::Dict(self.door_status.clone()))),
            "climate" => status.extend([
                ("currentACTemperature", v(&self.ac_temperature)),
                ("fanSpeed", v(&self.fan_speed)),
                ("climateMode", v(&self.ac_mode)),
                ("humidityLevel", v(&self.humidity_level)),
            ]),
            "headlights" => status.push(("headlightStatus", v(&self.head_light_status))),
            "parkingBrake" => status.extend([
                ("parkingBrakeStatus", v(&self.parking_brake_status)),
                ("parkingBrakeForce", v(&self.parking_brake_force)),
                ("slopeAngle", v(&self.slope_angle)),
            ]),
            "brakePedal" => status.extend([
                ("brakePedalStatus", v(&self.brake_pedal_status)),
                ("brakePedalForce", v(&self.brake_pedal_force)),
            ]),
            "engine" => status.push(("engineState", v(&self.engine_state))),
            _ => status.push(("error", PyVal::str("Invalid option"))),
        }
        PyVal::dict(status)
    }

    pub(crate) fn activate_parking_brake(&mut self, mode: &PyVal) -> PyVal {
        let (status, force) = match mode.as_str() {
            Some("engage") => ("engaged", 500.0),
            Some("release") => ("released", 0.0),
            _ => return PyVal::error("Invalid mode"),
        };
        self.parking_brake_status = PyVal::str(status);
        self.parking_brake_force = PyVal::Float(force);
        self.slope_angle = PyVal::Float(10.0);
        let mut out = Vec::new();
        if let Some(data) = &self.long_context {
            out.push((
                "parkingBrakeInstruction",
                data.parking_brake_instruction.clone(),
            ));
        }
        out.extend([
            ("parkingBrakeStatus", PyVal::str(status)),
            ("_parkingBrakeForce", PyVal::Float(force)),
            ("_slopeAngle", PyVal::Float(10.0)),
        ]);
        PyVal::dict(out)
    }

    pub(crate) fn release_brake_pedal(&mut self) -> PyVal {
        self.brake_pedal_status = PyVal::str("released");
        self.brake_pedal_force = PyVal::Float(0.0);
        PyVal::dict([
            ("brakePedalStatus", PyVal::str("released")),
            ("brakePedalForce", PyVal::Float(0.0)),
        ])
    }

    pub(crate) fn press_brake_pedal(&mut self, position: &PyVal) -> Result<PyVal, String> {
        if !within(position, 1)? {
            return Ok(PyVal::error("Pedal position must be between 0 and 1."));
        }
        if position.py_eq(&PyVal::Int(0)) {
            return Ok(self.release_brake_pedal());
        }
        let force = binary(position, Op::Mul, &PyVal::Int(1000))?;
        self.brake_pedal_status = PyVal::str("pressed");
        self.brake_pedal_force = force.clone();
        Ok(PyVal::dict([
            ("brakePedalStatus", PyVal::str("pressed")),
            ("brakePedalForce", PyVal::Float(to_float(&force)?)),
        ]))
    }

    pub(crate) fn set_cruise_control(&mut self, args: [PyVal; 3]) -> Result<PyVal, String> {
        let [speed, activate, distance] = args;
        let distance = to_float(&distance)?;
        let speed = to_float(&speed)?;
        if is(&self.engine_state, "stopped") {
            return Ok(PyVal::error(
                "Start the engine before activating the cruise control.",
            ));
        }
        self.distance_to_next_vehicle = PyVal::Float(distance);
        let status = if activate.truthy() {
            // Python's float `%` is zero exactly when `fmod` is.
            if !(0.0..=120.0).contains(&speed) || speed % 5.0 != 0.0 {
                return Ok(PyVal::error("Invalid speed"));
            }
            "active"
        } else {
            "inactive"
        };
        self.cruise_status = PyVal::str(status);
        Ok(PyVal::dict([
            ("cruiseStatus", PyVal::str(status)),
            ("currentSpeed", PyVal::Float(speed)),
            ("distanceToNextVehicle", PyVal::Float(distance)),
        ]))
    }

    pub(crate) fn estimate_distance(&self, city_a: &PyVal, city_b: &PyVal) -> PyVal {
        let mut out = route::distance(city_a, city_b);
        if let Some(data) = &self.long_context {
            out.set("intermediaryCities", data.intermediary_cities.clone());
        }
        out
    }

    pub(crate) fn check_tire_pressure(&self) -> Result<PyVal, String> {
        let sum = binary(
            &self.front_left_tire_pressure,
            Op::Add,
            &self.front_right_tire_pressure,
        )?;
        let sum = binary(&sum, Op::Add, &self.rear_left_tire_pressure)?;
        let sum = binary(&sum, Op::Add, &self.rear_right_tire_pressure)?;
        let mean = binary(&sum, Op::Div, &PyVal::Int(4))?;
        let healthy =
            compare(&PyVal::Int(30), Cmp::Le, &mean)? && compare(&mean, Cmp::Le, &PyVal::Int(35))?;
        let car_info = match &self.long_context {
            Some(data) => data.car_status_metadata.clone(),
            None => PyVal::Dict(Vec::new()),
        };
        Ok(PyVal::dict([
            (
                "frontLeftTirePressure",
                self.front_left_tire_pressure.clone(),
            ),
            (
                "frontRightTirePressure",
                self.front_right_tire_pressure.clone(),
            ),
            ("rearLeftTirePressure", self.rear_left_tire_pressure.clone()),
            (
                "rearRightTirePressure",
                self.rear_right_tire_pressure.clone(),
            ),
            ("healthy_tire_pressure", PyVal::Bool(healthy)),
            ("car_info", car_info),
        ]))
    }

    /// The public attributes, by their Python names, in `vars()` order.
    pub(crate) fn attributes(&self) -> Vec<(&'static str, PyVal)> {
        vec![
            ("fuelLevel", self.fuel_level.clone()),
            ("batteryVoltage", self.battery_voltage.clone()),
            ("engine_state", self.engine_state.clone()),
            (
                "remainingUnlockedDoors",
                self.remaining_unlocked_doors.clone(),
            ),
            ("doorStatus", PyVal::Dict(self.door_status.clone())),
            ("acTemperature", self.ac_temperature.clone()),
            ("fanSpeed", self.fan_speed.clone()),
            ("acMode", self.ac_mode.clone()),
            ("humidityLevel", self.humidity_level.clone()),
            ("headLightStatus", self.head_light_status.clone()),
            ("parkingBrakeStatus", self.parking_brake_status.clone()),
            ("brakePedalStatus", self.brake_pedal_status.clone()),
            (
                "distanceToNextVehicle",
                self.distance_to_next_vehicle.clone(),
            ),
            ("cruiseStatus", self.cruise_status.clone()),
            ("destination", self.destination.clone()),
            (
                "frontLeftTirePressure",
                self.front_left_tire_pressure.clone(),
            ),
            (
                "frontRightTirePressure",
                self.front_right_tire_pressure.clone(),
            ),
            ("rearLeftTirePressure", self.rear_left_tire_pressure.clone()),
            (
                "rearRightTirePressure",
                self.rear_right_tire_pressure.clone(),
            ),
            ("long_context", PyVal::Bool(self.long_context.is_some())),
        ]
    }
}
