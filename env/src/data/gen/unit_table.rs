//! The units the generator converts between, copied from `tools-wasm/units/src/table.rs`:
//! symbols, aliases and factors as the tool has them (all 52 units), plus how requests write
//! each unit after a number. Spellings listed here beyond the tool's aliases (`degrees
//! Celsius`, `°C`) are ones the tool's lookup accepts by stripping a degree sign or prefix.

/// A unit: category, the tool's symbol, the names used in requests (singular, plural), the
/// abbreviation written after a number (`""`: always spelled out), the size in the category's
/// base unit (unused for temperatures), and the other spellings the tool accepts.
pub(crate) struct Unit {
    pub category: &'static str,
    pub symbol: &'static str,
    pub one: &'static str,
    pub many: &'static str,
    pub short: &'static str,
    pub factor: f64,
    pub aliases: &'static [&'static str],
}

const fn u(
    category: &'static str,
    symbol: &'static str,
    names: (&'static str, &'static str),
    short: &'static str,
    factor: f64,
    aliases: &'static [&'static str],
) -> Unit {
    Unit {
        category,
        symbol,
        one: names.0,
        many: names.1,
        short,
        factor,
        aliases,
    }
}

/// Every unit of the tool. `one` is only written for a value of exactly 1, and where the tool
/// has no singular alias (`feet per second`) the plural stands in for it.
#[rustfmt::skip]
pub(crate) const UNITS: &[Unit] = &[
    u("length", "mm", ("millimeter", "millimeters"), "mm", 0.001, &["millimeter", "millimeters", "millimetres"]),
    u("length", "cm", ("centimeter", "centimeters"), "cm", 0.01, &["centimeter", "centimeters", "centimetres"]),
    u("length", "m", ("meter", "meters"), "m", 1.0, &["meter", "meters", "metre", "metres"]),
    u("length", "km", ("kilometer", "kilometers"), "km", 1000.0, &["kilometer", "kilometers", "kilometres"]),
    u("length", "in", ("inch", "inches"), "", 0.0254, &["inch", "inches"]),
    u("length", "ft", ("foot", "feet"), "ft", 0.3048, &["foot", "feet"]),
    u("length", "yd", ("yard", "yards"), "", 0.9144, &["yard", "yards"]),
    u("length", "mi", ("mile", "miles"), "", 1609.344, &["mile", "miles"]),
    u("length", "nmi", ("nautical mile", "nautical miles"), "", 1852.0, &["nautical mile", "nautical miles"]),
    u("mass", "mg", ("milligram", "milligrams"), "mg", 1e-6, &["milligram", "milligrams"]),
    u("mass", "g", ("gram", "grams"), "g", 0.001, &["gram", "grams"]),
    u("mass", "kg", ("kilogram", "kilograms"), "kg", 1.0, &["kilogram", "kilograms", "kilo", "kilos"]),
    u("mass", "t", ("metric ton", "metric tons"), "", 1000.0, &["tonne", "tonnes", "metric ton", "metric tons"]),
    u("mass", "oz", ("ounce", "ounces"), "oz", 0.028349523125, &["ounce", "ounces"]),
    u("mass", "lb", ("pound", "pounds"), "lb", 0.45359237, &["pound", "pounds", "lbs"]),
    u("mass", "st", ("stone", "stone"), "", 6.35029318, &["stone", "stones"]),
    u("temperature", "C", ("degree Celsius", "degrees Celsius"), "°C", 0.0, &["celsius", "degc", "centigrade", "degrees Celsius", "°C"]),
    u("temperature", "F", ("degree Fahrenheit", "degrees Fahrenheit"), "°F", 0.0, &["fahrenheit", "degf", "degrees Fahrenheit", "°F"]),
    u("temperature", "K", ("kelvin", "kelvins"), "K", 0.0, &["kelvin", "kelvins"]),
    u("time", "ms", ("millisecond", "milliseconds"), "ms", 0.001, &["millisecond", "milliseconds"]),
    u("time", "s", ("second", "seconds"), "", 1.0, &["sec", "secs", "second", "seconds"]),
    u("time", "min", ("minute", "minutes"), "min", 60.0, &["mins", "minute", "minutes"]),
    u("time", "h", ("hour", "hours"), "h", 3600.0, &["hr", "hrs", "hour", "hours"]),
    u("time", "day", ("day", "days"), "", 86400.0, &["d", "days"]),
    u("time", "week", ("week", "weeks"), "", 604800.0, &["wk", "weeks"]),
    u("time", "year", ("year", "years"), "", 31536000.0, &["yr", "years"]),
    u("data", "bit", ("bit", "bits"), "", 0.125, &["bits"]),
    u("data", "B", ("byte", "bytes"), "", 1.0, &["byte", "bytes"]),
    u("data", "kB", ("kilobyte", "kilobytes"), "kB", 1e3, &["kilobyte", "kilobytes"]),
    u("data", "MB", ("megabyte", "megabytes"), "MB", 1e6, &["megabyte", "megabytes"]),
    u("data", "GB", ("gigabyte", "gigabytes"), "GB", 1e9, &["gigabyte", "gigabytes"]),
    u("data", "TB", ("terabyte", "terabytes"), "TB", 1e12, &["terabyte", "terabytes"]),
    u("data", "KiB", ("kibibyte", "kibibytes"), "KiB", 1024.0, &["kibibyte", "kibibytes"]),
    u("data", "MiB", ("mebibyte", "mebibytes"), "MiB", 1048576.0, &["mebibyte", "mebibytes"]),
    u("data", "GiB", ("gibibyte", "gibibytes"), "GiB", 1073741824.0, &["gibibyte", "gibibytes"]),
    u("data", "TiB", ("tebibyte", "tebibytes"), "TiB", 1099511627776.0, &["tebibyte", "tebibytes"]),
    u("volume", "ml", ("milliliter", "milliliters"), "ml", 0.001, &["milliliter", "milliliters", "millilitre", "millilitres"]),
    u("volume", "l", ("liter", "liters"), "L", 1.0, &["liter", "liters", "litre", "litres"]),
    u("volume", "m3", ("cubic meter", "cubic meters"), "", 1000.0, &["cubic meter", "cubic meters", "cubic metre"]),
    u("volume", "tsp", ("teaspoon", "teaspoons"), "tsp", 0.00492892159375, &["teaspoon", "teaspoons"]),
    u("volume", "tbsp", ("tablespoon", "tablespoons"), "tbsp", 0.01478676478125, &["tablespoon", "tablespoons"]),
    u("volume", "fl_oz", ("fluid ounce", "fluid ounces"), "fl oz", 0.0295735295625, &["fl oz", "fluid ounce", "fluid ounces"]),
    u("volume", "cup", ("cup", "cups"), "", 0.2365882365, &["cups"]),
    u("volume", "pt", ("pint", "pints"), "", 0.473176473, &["pint", "pints"]),
    u("volume", "qt", ("quart", "quarts"), "", 0.946352946, &["quart", "quarts"]),
    u("volume", "gal", ("gallon", "gallons"), "gal", 3.785411784, &["gallon", "gallons"]),
    u("speed", "m/s", ("meters per second", "meters per second"), "m/s", 1.0, &["mps", "meters per second", "metres per second"]),
    u("speed", "km/h", ("kilometers per hour", "kilometers per hour"), "km/h", 1.0 / 3.6, &["kph", "kmh", "kilometers per hour", "kilometres per hour"]),
    u("speed", "mph", ("miles per hour", "miles per hour"), "mph", 0.44704, &["miles per hour"]),
    u("speed", "kn", ("knot", "knots"), "", 1852.0 / 3600.0, &["knot", "knots"]),
    u("speed", "ft/s", ("feet per second", "feet per second"), "ft/s", 0.3048, &["fps", "feet per second"]),
];
