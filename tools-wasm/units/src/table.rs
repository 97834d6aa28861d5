//! The unit table: every unit's category, symbol, name, aliases and size in its category's
//! base unit (metre, kilogram, second, byte, litre, metre per second). Temperatures are
//! affine and converted through kelvin instead of by a factor.

/// A kind of quantity; units convert only within one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// Base unit: metre.
    Length,
    /// Base unit: kilogram.
    Mass,
    /// Converted through kelvin (offsets, not just factors).
    Temperature,
    /// Base unit: second.
    Time,
    /// Base unit: byte. SI prefixes are powers of 1000, IEC prefixes (KiB...) powers of 1024.
    Data,
    /// Base unit: litre. Customary units are US ones.
    Volume,
    /// Base unit: metre per second.
    Speed,
}

/// Every category, in listing order.
pub const CATEGORIES: &[Category] = &[
    Category::Length,
    Category::Mass,
    Category::Temperature,
    Category::Time,
    Category::Data,
    Category::Volume,
    Category::Speed,
];

impl Category {
    /// The category's name as the tool's arguments and results spell it.
    pub fn name(self) -> &'static str {
        match self {
            Category::Length => "length",
            Category::Mass => "mass",
            Category::Temperature => "temperature",
            Category::Time => "time",
            Category::Data => "data",
            Category::Volume => "volume",
            Category::Speed => "speed",
        }
    }

    /// The category called `name` (case-insensitive).
    pub fn parse(name: &str) -> Option<Category> {
        CATEGORIES
            .iter()
            .copied()
            .find(|c| c.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The units of this category, in table order.
    pub fn units(self) -> impl Iterator<Item = &'static Unit> {
        UNITS.iter().filter(move |u| u.category == self)
    }
}

/// One unit.
#[derive(Debug)]
pub struct Unit {
    /// Its category.
    pub category: Category,
    /// The canonical symbol used in results.
    pub symbol: &'static str,
    /// A readable name.
    pub name: &'static str,
    /// Size in the category's base unit (unused for temperatures).
    pub factor: f64,
    /// Other accepted spellings (matched case-insensitively, like the symbol).
    pub aliases: &'static [&'static str],
}

const fn u(
    category: Category,
    symbol: &'static str,
    name: &'static str,
    factor: f64,
    aliases: &'static [&'static str],
) -> Unit {
    Unit {
        category,
        symbol,
        name,
        factor,
        aliases,
    }
}

use Category::*;

/// The table. Symbols and aliases are unique case-insensitively (a test checks).
pub const UNITS: &[Unit] = &[
    u(
        Length,
        "mm",
        "millimetre",
        0.001,
        &["millimeter", "millimeters", "millimetres"],
    ),
    u(
        Length,
        "cm",
        "centimetre",
        0.01,
        &["centimeter", "centimeters", "centimetres"],
    ),
    u(
        Length,
        "m",
        "metre",
        1.0,
        &["meter", "meters", "metre", "metres"],
    ),
    u(
        Length,
        "km",
        "kilometre",
        1000.0,
        &["kilometer", "kilometers", "kilometres"],
    ),
    u(Length, "in", "inch", 0.0254, &["inch", "inches"]),
    u(Length, "ft", "foot", 0.3048, &["foot", "feet"]),
    u(Length, "yd", "yard", 0.9144, &["yard", "yards"]),
    u(Length, "mi", "mile", 1609.344, &["mile", "miles"]),
    u(
        Length,
        "nmi",
        "nautical mile",
        1852.0,
        &["nautical mile", "nautical miles"],
    ),
    u(Mass, "mg", "milligram", 1e-6, &["milligram", "milligrams"]),
    u(Mass, "g", "gram", 0.001, &["gram", "grams"]),
    u(
        Mass,
        "kg",
        "kilogram",
        1.0,
        &["kilogram", "kilograms", "kilo", "kilos"],
    ),
    u(
        Mass,
        "t",
        "metric tonne",
        1000.0,
        &["tonne", "tonnes", "metric ton", "metric tons"],
    ),
    u(
        Mass,
        "oz",
        "ounce (avoirdupois)",
        0.028349523125,
        &["ounce", "ounces"],
    ),
    u(Mass, "lb", "pound", 0.45359237, &["pound", "pounds", "lbs"]),
    u(Mass, "st", "stone", 6.35029318, &["stone", "stones"]),
    u(
        Temperature,
        "C",
        "degree Celsius",
        0.0,
        &["celsius", "degc", "centigrade"],
    ),
    u(
        Temperature,
        "F",
        "degree Fahrenheit",
        0.0,
        &["fahrenheit", "degf"],
    ),
    u(Temperature, "K", "kelvin", 0.0, &["kelvin", "kelvins"]),
    u(
        Time,
        "ms",
        "millisecond",
        0.001,
        &["millisecond", "milliseconds"],
    ),
    u(
        Time,
        "s",
        "second",
        1.0,
        &["sec", "secs", "second", "seconds"],
    ),
    u(Time, "min", "minute", 60.0, &["mins", "minute", "minutes"]),
    u(Time, "h", "hour", 3600.0, &["hr", "hrs", "hour", "hours"]),
    u(Time, "day", "day", 86400.0, &["d", "days"]),
    u(Time, "week", "week", 604800.0, &["wk", "weeks"]),
    u(
        Time,
        "year",
        "year (365 days)",
        31536000.0,
        &["yr", "years"],
    ),
    u(Data, "bit", "bit", 0.125, &["bits"]),
    u(Data, "B", "byte", 1.0, &["byte", "bytes"]),
    u(
        Data,
        "kB",
        "kilobyte (1000 B)",
        1e3,
        &["kilobyte", "kilobytes"],
    ),
    u(
        Data,
        "MB",
        "megabyte (1000 kB)",
        1e6,
        &["megabyte", "megabytes"],
    ),
    u(
        Data,
        "GB",
        "gigabyte (1000 MB)",
        1e9,
        &["gigabyte", "gigabytes"],
    ),
    u(
        Data,
        "TB",
        "terabyte (1000 GB)",
        1e12,
        &["terabyte", "terabytes"],
    ),
    u(
        Data,
        "KiB",
        "kibibyte (1024 B)",
        1024.0,
        &["kibibyte", "kibibytes"],
    ),
    u(
        Data,
        "MiB",
        "mebibyte (1024 KiB)",
        1048576.0,
        &["mebibyte", "mebibytes"],
    ),
    u(
        Data,
        "GiB",
        "gibibyte (1024 MiB)",
        1073741824.0,
        &["gibibyte", "gibibytes"],
    ),
    u(
        Data,
        "TiB",
        "tebibyte (1024 GiB)",
        1099511627776.0,
        &["tebibyte", "tebibytes"],
    ),
    u(
        Volume,
        "ml",
        "millilitre",
        0.001,
        &["milliliter", "milliliters", "millilitre", "millilitres"],
    ),
    u(
        Volume,
        "l",
        "litre",
        1.0,
        &["liter", "liters", "litre", "litres"],
    ),
    u(
        Volume,
        "m3",
        "cubic metre",
        1000.0,
        &["cubic meter", "cubic meters", "cubic metre"],
    ),
    u(
        Volume,
        "tsp",
        "US teaspoon",
        0.00492892159375,
        &["teaspoon", "teaspoons"],
    ),
    u(
        Volume,
        "tbsp",
        "US tablespoon",
        0.01478676478125,
        &["tablespoon", "tablespoons"],
    ),
    u(
        Volume,
        "fl_oz",
        "US fluid ounce",
        0.0295735295625,
        &["fl oz", "fluid ounce", "fluid ounces"],
    ),
    u(Volume, "cup", "US cup", 0.2365882365, &["cups"]),
    u(Volume, "pt", "US pint", 0.473176473, &["pint", "pints"]),
    u(Volume, "qt", "US quart", 0.946352946, &["quart", "quarts"]),
    u(
        Volume,
        "gal",
        "US gallon",
        3.785411784,
        &["gallon", "gallons"],
    ),
    u(
        Speed,
        "m/s",
        "metre per second",
        1.0,
        &["mps", "meters per second", "metres per second"],
    ),
    u(
        Speed,
        "km/h",
        "kilometre per hour",
        1.0 / 3.6,
        &["kph", "kmh", "kilometers per hour", "kilometres per hour"],
    ),
    u(Speed, "mph", "mile per hour", 0.44704, &["miles per hour"]),
    u(Speed, "kn", "knot", 1852.0 / 3600.0, &["knot", "knots"]),
    u(
        Speed,
        "ft/s",
        "foot per second",
        0.3048,
        &["fps", "feet per second"],
    ),
];

/// The unit spelled `text`: the symbol or an alias, case-insensitive, ignoring a degree sign
/// and a leading "degree(s) " (so "°F" and "degrees Celsius" work).
pub fn lookup(text: &str) -> Option<&'static Unit> {
    let mut key = text.trim().to_lowercase().replace('°', "");
    for prefix in ["degrees ", "degree "] {
        if let Some(rest) = key.strip_prefix(prefix) {
            key = rest.to_string();
        }
    }
    let key = key.trim();
    UNITS.iter().find(|u| {
        u.symbol.to_lowercase() == key || u.aliases.iter().any(|a| a.eq_ignore_ascii_case(key))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_names_exactly_one_unit() {
        let mut seen: Vec<String> = Vec::new();
        for unit in UNITS {
            let mut spellings = vec![unit.symbol.to_lowercase()];
            // An alias may repeat the unit's own name; uniqueness is across units.
            for a in unit.aliases {
                if !spellings.contains(&a.to_lowercase()) {
                    spellings.push(a.to_lowercase());
                }
            }
            for s in spellings {
                assert!(!seen.contains(&s), "'{s}' is ambiguous");
                seen.push(s);
            }
        }
    }

    #[test]
    fn lookup_is_case_insensitive_and_ignores_degree_signs() {
        assert_eq!(lookup("KM").map(|u| u.symbol), Some("km"));
        assert_eq!(lookup(" Miles ").map(|u| u.symbol), Some("mi"));
        assert_eq!(lookup("°F").map(|u| u.symbol), Some("F"));
        assert_eq!(lookup("degrees Celsius").map(|u| u.symbol), Some("C"));
        assert_eq!(lookup("kib").map(|u| u.symbol), Some("KiB"));
        assert_eq!(lookup("fl oz").map(|u| u.symbol), Some("fl_oz"));
        assert!(lookup("furlong").is_none());
    }

    #[test]
    fn categories_parse_and_list_their_units() {
        assert_eq!(Category::parse("Length"), Some(Category::Length));
        assert_eq!(Category::parse("colour"), None);
        assert_eq!(Category::Temperature.units().count(), 3);
        for c in CATEGORIES {
            assert!(c.units().count() >= 3, "{}", c.name());
        }
    }
}
