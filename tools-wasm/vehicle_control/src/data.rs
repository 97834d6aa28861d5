//! The long-context extensions `VehicleControlAPI` returns when loaded with
//! `long_context=True`: BFCL's `long_context.py` constants `CAR_STATUS_METADATA_EXTENSION`,
//! `INTERMEDIARY_CITIES`, `LONG_WEATHER_EXTENSION` and `PARKING_BRAKE_INSTRUCTION`, kept in
//! `long_context.json` exactly as Python holds them (dict order included). Written with
//! bfcl-eval 2026.3.23:
//!
//! ```text
//! /work/venv-bfcl/bin/python -c 'import json
//! from bfcl_eval.eval_checker.multi_turn_eval.func_source_code import long_context as m
//! names = ["CAR_STATUS_METADATA_EXTENSION", "INTERMEDIARY_CITIES",
//!          "LONG_WEATHER_EXTENSION", "PARKING_BRAKE_INSTRUCTION"]
//! f = open("tools-wasm/vehicle_control/long_context.json", "w")
//! json.dump({n: getattr(m, n) for n in names}, f, indent=1); f.write("\n")'
//! ```

use tz_tool_common::py::PyVal;

const JSON: &str = include_str!("../long_context.json");

/// The extensions, parsed.
#[derive(Debug, Clone)]
pub struct LongContext {
    /// `CAR_STATUS_METADATA_EXTENSION` (a str).
    pub car_status_metadata: PyVal,
    /// `INTERMEDIARY_CITIES` (a list of str).
    pub intermediary_cities: PyVal,
    /// `LONG_WEATHER_EXTENSION` (a dict; `get_outside_temperature_from_google` sets its
    /// `outsideTemperature` and returns it).
    pub weather: PyVal,
    /// `PARKING_BRAKE_INSTRUCTION` (a str).
    pub parking_brake_instruction: PyVal,
}

impl LongContext {
    /// Parses the embedded data.
    pub fn load() -> Result<Self, String> {
        let all = PyVal::parse(JSON).map_err(|e| format!("long_context.json: {e}"))?;
        let take = |key: &str| {
            all.get(key)
                .cloned()
                .ok_or_else(|| format!("long_context.json has no `{key}`"))
        };
        Ok(Self {
            car_status_metadata: take("CAR_STATUS_METADATA_EXTENSION")?,
            intermediary_cities: take("INTERMEDIARY_CITIES")?,
            weather: take("LONG_WEATHER_EXTENSION")?,
            parking_brake_instruction: take("PARKING_BRAKE_INSTRUCTION")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_data_has_the_shapes_the_class_uses() {
        let data = LongContext::load().expect("long_context.json parses");
        assert!(matches!(data.car_status_metadata, PyVal::Str(_)));
        assert!(matches!(data.parking_brake_instruction, PyVal::Str(_)));
        assert!(matches!(&data.intermediary_cities, PyVal::List(c) if c.len() > 100));
        assert!(data.weather.get("-1_day").is_some());
        assert!(data.weather.get("outsideTemperature").is_none());
    }
}
