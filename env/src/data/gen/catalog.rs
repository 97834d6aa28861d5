//! The shipped tools' functions as the generator relies on them: names, parameters, JSON
//! types, which are required, enum values and defaults, written down from
//! `tools-wasm/*/src/lib.rs`, `tools-wasm/stats/app.py` and `tools-wasm/cart/tool.js` (the
//! lead cross-checks them against the loaded components).
//!
//! [`expect`] builds a ground-truth call and lists every optional parameter the caller did not
//! set as "may be omitted" (`""`) or given at its default, as BFCL's checker needs every
//! documented parameter a model may pass to appear in the answer.

use std::collections::BTreeMap;

use serde_json::Value;

/// A shipped tool (one WebAssembly component).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Tool {
    /// `calculator`.
    Calculator,
    /// `units`.
    Units,
    /// `calendar`.
    Calendar,
    /// `text`.
    Text,
    /// `countries`.
    Countries,
    /// `filesystem` (stateful).
    Filesystem,
    /// `stats` (a Python component).
    Stats,
    /// `cart` (stateful, a JavaScript component).
    Cart,
}

/// Every tool.
pub(crate) const TOOLS: [Tool; 8] = [
    Tool::Calculator,
    Tool::Units,
    Tool::Calendar,
    Tool::Text,
    Tool::Countries,
    Tool::Filesystem,
    Tool::Stats,
    Tool::Cart,
];

/// A parameter's JSON type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    /// `string`.
    Str,
    /// `number`.
    Num,
    /// `integer`.
    Int,
    /// `boolean`.
    Bool,
    /// `array` (of numbers: every array parameter shipped is one).
    Arr,
}

/// A parameter's default when omitted (what a model may also pass explicitly).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Def {
    /// Required, or optional without a value that means the same as omitting it.
    None,
    /// A boolean default.
    Bool(bool),
    /// An integer default.
    Int(i64),
    /// A string default.
    Str(&'static str),
}

/// One parameter.
#[derive(Debug)]
pub(crate) struct Param {
    /// Its name.
    pub name: &'static str,
    /// Its JSON type (read by the tests that check every ground truth against the schemas).
    #[cfg_attr(not(test), allow(dead_code))]
    pub ty: Ty,
    /// Whether the schema lists it in `required`.
    pub required: bool,
    /// The schema's `enum`, empty when unrestricted (read by the tests, like `ty`).
    #[cfg_attr(not(test), allow(dead_code))]
    pub values: &'static [&'static str],
    /// The default of an optional parameter.
    pub default: Def,
}

/// One function.
#[derive(Debug)]
pub(crate) struct Function {
    /// Its name (unique across tools).
    pub name: &'static str,
    /// Its tool.
    pub tool: Tool,
    /// Its parameters.
    pub params: &'static [Param],
}

const fn req(name: &'static str, ty: Ty) -> Param {
    Param {
        name,
        ty,
        required: true,
        values: &[],
        default: Def::None,
    }
}

const fn opt(name: &'static str, ty: Ty, default: Def) -> Param {
    Param {
        name,
        ty,
        required: false,
        values: &[],
        default,
    }
}

const fn f(name: &'static str, tool: Tool, params: &'static [Param]) -> Function {
    Function { name, tool, params }
}

/// `change_case`'s cases.
pub(crate) const CASES: &[&str] = &[
    "upper", "lower", "title", "snake", "kebab", "camel", "pascal",
];
/// `countries_by_continent`'s continents.
pub(crate) const CONTINENTS: &[&str] = &[
    "Africa",
    "Asia",
    "Europe",
    "North America",
    "South America",
    "Oceania",
];
/// `correlation`'s methods.
pub(crate) const METHODS: &[&str] = &["pearson", "spearman"];
/// `list_units`' categories.
pub(crate) const UNIT_CATEGORIES: &[&str] = &[
    "length",
    "mass",
    "temperature",
    "time",
    "data",
    "volume",
    "speed",
];

use Tool::*;
use Ty::*;

/// Every shipped function the generator uses, in tool order.
pub(crate) const FUNCTIONS: &[Function] = &[
    f("calculate", Calculator, &[req("expression", Str)]),
    f(
        "percent_change",
        Calculator,
        &[req("old_value", Num), req("new_value", Num)],
    ),
    f("summary_statistics", Calculator, &[req("numbers", Arr)]),
    f(
        "convert_units",
        Units,
        &[
            req("value", Num),
            req("from_unit", Str),
            req("to_unit", Str),
        ],
    ),
    f(
        "list_units",
        Units,
        &[Param {
            values: UNIT_CATEGORIES,
            ..opt("category", Str, Def::None)
        }],
    ),
    f("day_of_week", Calendar, &[req("date", Str)]),
    f("add_days", Calendar, &[req("date", Str), req("days", Int)]),
    f(
        "add_months",
        Calendar,
        &[req("date", Str), req("months", Int)],
    ),
    f(
        "days_between",
        Calendar,
        &[req("start_date", Str), req("end_date", Str)],
    ),
    f("is_leap_year", Calendar, &[req("year", Int)]),
    f(
        "days_in_month",
        Calendar,
        &[req("year", Int), req("month", Int)],
    ),
    f("text_length", Text, &[req("text", Str)]),
    f("word_count", Text, &[req("text", Str)]),
    f(
        "regex_match",
        Text,
        &[
            req("text", Str),
            req("pattern", Str),
            opt("max_matches", Int, Def::Int(20)),
            opt("case_insensitive", Bool, Def::Bool(false)),
        ],
    ),
    f(
        "regex_replace",
        Text,
        &[
            req("text", Str),
            req("pattern", Str),
            req("replacement", Str),
            opt("max_replacements", Int, Def::None),
            opt("case_insensitive", Bool, Def::Bool(false)),
        ],
    ),
    f(
        "change_case",
        Text,
        &[
            req("text", Str),
            Param {
                values: CASES,
                ..req("case", Str)
            },
        ],
    ),
    f("country_info", Countries, &[req("country", Str)]),
    f("country_capital", Countries, &[req("country", Str)]),
    f("countries_by_currency", Countries, &[req("currency", Str)]),
    f(
        "countries_by_continent",
        Countries,
        &[
            Param {
                values: CONTINENTS,
                ..req("continent", Str)
            },
            Param {
                values: &["name", "population"],
                ..opt("sort_by", Str, Def::Str("name"))
            },
            opt("limit", Int, Def::None),
        ],
    ),
    f("fs_pwd", Filesystem, &[]),
    f("fs_cd", Filesystem, &[req("path", Str)]),
    f("fs_ls", Filesystem, &[opt("path", Str, Def::Str("."))]),
    f(
        "fs_mkdir",
        Filesystem,
        &[req("path", Str), opt("parents", Bool, Def::Bool(false))],
    ),
    f(
        "fs_write_file",
        Filesystem,
        &[
            req("path", Str),
            req("content", Str),
            opt("append", Bool, Def::Bool(false)),
        ],
    ),
    f("fs_read_file", Filesystem, &[req("path", Str)]),
    f(
        "fs_rm",
        Filesystem,
        &[req("path", Str), opt("recursive", Bool, Def::Bool(false))],
    ),
    f(
        "fs_mv",
        Filesystem,
        &[req("source", Str), req("destination", Str)],
    ),
    f(
        "fs_find",
        Filesystem,
        &[
            opt("path", Str, Def::Str(".")),
            opt("name", Str, Def::Str("*")),
            Param {
                values: &["file", "dir"],
                ..opt("type", Str, Def::None)
            },
        ],
    ),
    f(
        "percentile",
        Stats,
        &[req("values", Arr), req("percentile", Num)],
    ),
    f("linear_regression", Stats, &[req("x", Arr), req("y", Arr)]),
    f(
        "correlation",
        Stats,
        &[
            req("x", Arr),
            req("y", Arr),
            Param {
                values: METHODS,
                ..opt("method", Str, Def::Str("pearson"))
            },
        ],
    ),
    f("zscores", Stats, &[req("values", Arr)]),
    f(
        "moving_average",
        Stats,
        &[req("values", Arr), req("window", Int)],
    ),
    f(
        "weighted_mean",
        Stats,
        &[req("values", Arr), req("weights", Arr)],
    ),
    f("search_products", Cart, &[req("query", Str)]),
    f(
        "add_to_cart",
        Cart,
        &[req("product_id", Str), opt("quantity", Int, Def::Int(1))],
    ),
    f(
        "remove_from_cart",
        Cart,
        &[req("product_id", Str), opt("quantity", Int, Def::None)],
    ),
    f("view_cart", Cart, &[]),
    f("apply_coupon", Cart, &[req("code", Str)]),
    f("checkout", Cart, &[]),
    f("order_status", Cart, &[req("order_id", Str)]),
];

/// The names of [`FUNCTIONS`], in order.
pub(crate) const NAMES: [&str; 42] = [
    "calculate",
    "percent_change",
    "summary_statistics",
    "convert_units",
    "list_units",
    "day_of_week",
    "add_days",
    "add_months",
    "days_between",
    "is_leap_year",
    "days_in_month",
    "text_length",
    "word_count",
    "regex_match",
    "regex_replace",
    "change_case",
    "country_info",
    "country_capital",
    "countries_by_currency",
    "countries_by_continent",
    "fs_pwd",
    "fs_cd",
    "fs_ls",
    "fs_mkdir",
    "fs_write_file",
    "fs_read_file",
    "fs_rm",
    "fs_mv",
    "fs_find",
    "percentile",
    "linear_regression",
    "correlation",
    "zscores",
    "moving_average",
    "weighted_mean",
    "search_products",
    "add_to_cart",
    "remove_from_cart",
    "view_cart",
    "apply_coupon",
    "checkout",
    "order_status",
];

/// The function called `name`.
pub(crate) fn function(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// The names of `tool`'s functions, in spec order.
pub(crate) fn tool_functions(tool: Tool) -> Vec<&'static str> {
    FUNCTIONS
        .iter()
        .filter(|f| f.tool == tool)
        .map(|f| f.name)
        .collect()
}

/// A string value.
pub(crate) fn s(text: &str) -> Value {
    Value::String(text.to_string())
}

/// Strings as values.
pub(crate) fn strs<S: AsRef<str>>(texts: &[S]) -> Vec<Value> {
    texts.iter().map(|t| s(t.as_ref())).collect()
}

/// A ground-truth call of `name` with `given` acceptable values; every optional parameter not
/// given is listed as omittable (`""`) or at its default. Unknown names give a call with only
/// the given parameters (the tests catch that).
pub(crate) fn expect(name: &str, given: Vec<(&str, Vec<Value>)>) -> crate::checker::ExpectedCall {
    let mut params: BTreeMap<String, Vec<Value>> =
        given.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    if let Some(func) = function(name) {
        for p in func.params.iter().filter(|p| !p.required) {
            params.entry(p.name.to_string()).or_insert_with(|| {
                let mut alts = vec![s("")];
                match p.default {
                    Def::None => {}
                    Def::Bool(b) => alts.push(Value::Bool(b)),
                    Def::Int(i) => alts.push(Value::from(i)),
                    Def::Str(t) => alts.push(s(t)),
                }
                alts
            });
        }
    }
    crate::checker::ExpectedCall::new(name, params)
}
