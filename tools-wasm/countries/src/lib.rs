//! Tool `countries`: facts about the world's countries from an embedded offline dataset
//! ([`data`]: 197 countries, populations estimated for 2023).
//!
//! Functions: `country_info`, `country_capital`, `countries_by_currency`,
//! `countries_by_continent`. Countries are found by name, alias ("USA", "UK", "Ivory
//! Coast") or ISO code, ignoring case, dots, accents and a leading "the"; unknown names get
//! the closest known names by edit distance.
#![warn(missing_docs)]

#[cfg(target_arch = "wasm32")]
mod component;
pub mod data;

use data::{CONTINENTS, COUNTRIES, Country, POPULATION_YEAR};
use serde_json::{Value, json};
use tz_tool_common::fuzzy::edit_distance;
use tz_tool_common::spec::spec_json;
use tz_tool_common::{Args, FunctionSpec, Param, clip};

fn functions() -> Vec<FunctionSpec> {
    let country = || {
        Param::string(
            "country",
            "Country name, common alias or ISO code, e.g. 'France', 'USA', 'UK', 'DE'",
        )
    };
    vec![
        FunctionSpec::new(
            "country_info",
            "Returns everything known about a country: name, ISO codes, capital, population (2023 estimate), currency code and name, international calling code, continent.",
            vec![country()],
        ),
        FunctionSpec::new(
            "country_capital",
            "Returns the capital city of a country: {\"country\", \"capital\"}.",
            vec![country()],
        ),
        FunctionSpec::new(
            "countries_by_currency",
            "Lists the countries that use a currency, given its ISO 4217 code ('EUR') or name ('euro'; a partial name like 'dollar' matches every currency containing it). Returns {\"currencies\": [{\"code\", \"name\", \"countries\"}]}.",
            vec![Param::string(
                "currency",
                "Currency code or name, e.g. 'EUR', 'Swiss franc', 'dollar'",
            )],
        ),
        FunctionSpec::new(
            "countries_by_continent",
            "Lists the countries of a continent with their 2023 populations, sorted by name or by population (largest first). Returns {\"continent\", \"count\", \"countries\": [{\"name\", \"population\"}]}.",
            vec![
                Param::one_of("continent", "The continent", CONTINENTS),
                Param::one_of(
                    "sort_by",
                    "Sort order (default name)",
                    &["name", "population"],
                )
                .optional(),
                Param::integer("limit", "List at most this many countries (default all)")
                    .optional()
                    .with("minimum", json!(1)),
            ],
        ),
    ]
}

/// The tool's spec: a JSON array of function descriptions.
pub fn spec() -> String {
    spec_json(&functions())
}

/// Calls function `name` with JSON `arguments`.
pub fn call(name: &str, arguments: &str) -> Result<String, String> {
    let args = Args::parse(arguments)?;
    let out = match name {
        "country_info" => info(find(args.str("country")?)?),
        "country_capital" => {
            let c = find(args.str("country")?)?;
            json!({ "country": c.name, "capital": c.capital })
        }
        "countries_by_currency" => by_currency(args.str("currency")?)?,
        "countries_by_continent" => by_continent(
            args.str("continent")?,
            args.opt_str("sort_by")?.unwrap_or("name"),
            args.opt_i64("limit")?,
        )?,
        _ => {
            let names: Vec<&str> = functions().iter().map(|f| f.name).collect();
            return Err(tz_tool_common::unknown_function(name, &names));
        }
    };
    Ok(tz_tool_common::json_text(&out))
}

fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ș' | 'ş' => 's',
        'ł' => 'l',
        '’' => '\'',
        c => c,
    }
}

/// A name reduced for matching: lowercase, accents folded, dots dropped, whitespace collapsed,
/// a leading "the " removed.
pub fn normalize(name: &str) -> String {
    let lower: String = name
        .to_lowercase()
        .chars()
        .map(fold)
        .filter(|&c| c != '.')
        .collect();
    let joined = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    joined.strip_prefix("the ").unwrap_or(&joined).to_string()
}

/// The country called `query`, or an error naming the closest known names.
pub fn find(query: &str) -> Result<&'static Country, String> {
    let q = normalize(query);
    let found = COUNTRIES.iter().find(|c| {
        normalize(c.name) == q
            || c.iso2.eq_ignore_ascii_case(&q)
            || c.iso3.eq_ignore_ascii_case(&q)
            || c.aliases.iter().any(|a| normalize(a) == q)
    });
    if let Some(c) = found {
        return Ok(c);
    }
    let names = COUNTRIES
        .iter()
        .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()));
    let close = tz_tool_common::fuzzy::closest(&q, names, 3);
    // Only the nearest ones: "Frnace" suggests France, not also Greece.
    let best = close.first().map_or(0, |n| edit_distance(&q, n));
    let close: Vec<&str> = close
        .into_iter()
        .filter(|n| edit_distance(&q, n) <= best)
        .collect();
    if close.is_empty() {
        return Err(format!(
            "unknown country '{}'; give an English country name, a common alias or an ISO code (e.g. 'Germany', 'UK', 'JP')",
            clip(query)
        ));
    }
    let quoted: Vec<String> = close.iter().map(|n| format!("'{n}'")).collect();
    Err(format!(
        "unknown country '{}'; did you mean {}?",
        clip(query),
        quoted.join(" or ")
    ))
}

/// Everything about `c`.
pub fn info(c: &Country) -> Value {
    json!({
        "name": c.name,
        "iso2": c.iso2,
        "iso3": c.iso3,
        "capital": c.capital,
        "population": c.population,
        "population_year": POPULATION_YEAR,
        "currency_code": c.currency_code,
        "currency_name": c.currency_name,
        "calling_code": c.calling_code,
        "continent": c.continent,
    })
}

/// The countries using the currency `query` (code, name, or part of a name).
pub fn by_currency(query: &str) -> Result<Value, String> {
    let q = normalize(query);
    let mut codes: Vec<(&str, &str)> = Vec::new();
    for c in COUNTRIES {
        if !codes.iter().any(|(code, _)| *code == c.currency_code) {
            codes.push((c.currency_code, c.currency_name));
        }
    }
    let exact: Vec<(&str, &str)> = codes
        .iter()
        .copied()
        .filter(|(code, name)| code.eq_ignore_ascii_case(&q) || normalize(name) == q)
        .collect();
    let matched = if !exact.is_empty() {
        exact
    } else if q.chars().count() >= 3 {
        codes
            .iter()
            .copied()
            .filter(|(_, name)| normalize(name).contains(&q))
            .collect()
    } else {
        Vec::new()
    };
    if matched.is_empty() {
        let names = codes.iter().map(|(_, name)| *name);
        return Err(tz_tool_common::fuzzy::suggest(
            &format!("no country uses a currency '{}'", clip(query)),
            &q,
            names,
            "give an ISO 4217 code (e.g. 'EUR', 'JPY') or a currency name",
        ));
    }
    let mut groups: Vec<Value> = matched
        .iter()
        .map(|(code, name)| {
            let countries: Vec<&str> = COUNTRIES
                .iter()
                .filter(|c| c.currency_code == *code)
                .map(|c| c.name)
                .collect();
            json!({ "code": code, "name": name, "countries": countries })
        })
        .collect();
    groups.sort_by(|a, b| a["code"].as_str().cmp(&b["code"].as_str()));
    Ok(json!({ "currencies": groups }))
}

/// The countries of `continent`, sorted by name or population, at most `limit`.
pub fn by_continent(continent: &str, sort_by: &str, limit: Option<i64>) -> Result<Value, String> {
    let Some(cont) = CONTINENTS
        .iter()
        .find(|k| normalize(k) == normalize(continent))
    else {
        return Err(format!(
            "unknown continent '{}'; continents: {}",
            clip(continent),
            CONTINENTS.join(", ")
        ));
    };
    let mut list: Vec<&Country> = COUNTRIES.iter().filter(|c| c.continent == *cont).collect();
    match sort_by {
        "name" => list.sort_by_key(|c| normalize(c.name)),
        "population" => {
            list.sort_by(|a, b| b.population.cmp(&a.population).then(a.name.cmp(b.name)))
        }
        other => {
            return Err(format!(
                "unknown sort_by '{}'; use 'name' or 'population'",
                clip(other)
            ));
        }
    }
    let count = list.len();
    if let Some(n) = limit {
        if n < 1 {
            return Err("limit must be at least 1".into());
        }
        list.truncate(usize::try_from(n).unwrap_or(usize::MAX));
    }
    let countries: Vec<Value> = list
        .iter()
        .map(|c| json!({ "name": c.name, "population": c.population }))
        .collect();
    Ok(json!({ "continent": cont, "count": count, "countries": countries }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(name: &str, args: Value) -> Value {
        serde_json::from_str(&call(name, &args.to_string()).unwrap()).unwrap()
    }

    fn err(name: &str, args: Value) -> String {
        call(name, &args.to_string()).unwrap_err()
    }

    #[test]
    fn spec_is_well_formed_and_every_function_dispatches() {
        let names = tz_tool_common::check_spec(&spec()).unwrap();
        assert_eq!(names.len(), 4);
        for n in names {
            assert!(
                call(&n, "{}")
                    .unwrap_err()
                    .starts_with("missing required parameter")
            );
        }
    }

    #[test]
    fn the_dataset_is_complete_and_unambiguous() {
        assert_eq!(COUNTRIES.len(), 197);
        let mut keys: Vec<String> = Vec::new();
        for c in COUNTRIES {
            assert!(CONTINENTS.contains(&c.continent), "{}", c.name);
            assert_eq!(c.iso2.len(), 2, "{}", c.name);
            assert_eq!(c.iso3.len(), 3, "{}", c.name);
            assert_eq!(c.currency_code.len(), 3, "{}", c.name);
            assert!(c.calling_code.starts_with('+'), "{}", c.name);
            assert!(c.population > 0 && !c.capital.is_empty(), "{}", c.name);
            let mut own = vec![
                normalize(c.name),
                c.iso2.to_lowercase(),
                c.iso3.to_lowercase(),
            ];
            own.extend(c.aliases.iter().map(|a| normalize(a)));
            own.sort();
            own.dedup();
            for k in own {
                assert!(!keys.contains(&k), "'{k}' names two countries");
                keys.push(k);
            }
        }
        // Every name resolves to its own entry.
        for c in COUNTRIES {
            assert_eq!(find(c.name).unwrap().name, c.name);
        }
    }

    #[test]
    fn country_info_returns_every_field() {
        assert_eq!(
            ok("country_info", json!({"country": "japan"})),
            json!({"name": "Japan", "iso2": "JP", "iso3": "JPN", "capital": "Tokyo",
                "population": 124_500_000, "population_year": 2023, "currency_code": "JPY",
                "currency_name": "Japanese yen", "calling_code": "+81", "continent": "Asia"})
        );
    }

    #[test]
    fn aliases_codes_accents_and_case_are_accepted() {
        let name = |q: &str| find(q).unwrap().name;
        assert_eq!(name("USA"), "United States");
        assert_eq!(name("u.s."), "United States");
        assert_eq!(name("the United States"), "United States");
        assert_eq!(name("UK"), "United Kingdom");
        assert_eq!(name("gb"), "United Kingdom");
        assert_eq!(name("DEU"), "Germany");
        assert_eq!(name("ivory coast"), "Côte d'Ivoire");
        assert_eq!(name("Cote d’Ivoire"), "Côte d'Ivoire");
        assert_eq!(name("  SÃO TOMÉ AND PRÍNCIPE "), "São Tomé and Príncipe");
        assert_eq!(name("Holland"), "Netherlands");
        assert_eq!(name("Burma"), "Myanmar");
    }

    #[test]
    fn unknown_countries_get_close_suggestions() {
        assert_eq!(
            err("country_capital", json!({"country": "Frnace"})),
            "unknown country 'Frnace'; did you mean 'France'?"
        );
        assert_eq!(
            err("country_info", json!({"country": "Austrlia"})),
            "unknown country 'Austrlia'; did you mean 'Austria' or 'Australia'?"
        );
        assert_eq!(
            err("country_info", json!({"country": "Nigerai"})),
            "unknown country 'Nigerai'; did you mean 'Niger' or 'Nigeria'?"
        );
        let huge = err("country_info", json!({"country": "x".repeat(10_000)}));
        assert!(
            huge.len() < 300,
            "the query is not echoed in full: {}",
            huge.len()
        );
        assert!(
            err("country_info", json!({"country": "Atlantis"}))
                .starts_with("unknown country 'Atlantis'; give an English country name")
        );
    }

    #[test]
    fn country_capital_names_the_capital() {
        assert_eq!(
            ok("country_capital", json!({"country": "Australia"})),
            json!({"country": "Australia", "capital": "Canberra"})
        );
        assert_eq!(
            ok("country_capital", json!({"country": "CA"}))["capital"],
            "Ottawa"
        );
    }

    #[test]
    fn countries_by_currency_accepts_codes_names_and_parts() {
        let chf = ok("countries_by_currency", json!({"currency": "chf"}));
        assert_eq!(
            chf,
            json!({"currencies": [{"code": "CHF", "name": "Swiss franc",
                "countries": ["Liechtenstein", "Switzerland"]}]})
        );
        let euro = ok("countries_by_currency", json!({"currency": "Euro"}));
        let members = euro["currencies"][0]["countries"].as_array().unwrap();
        assert_eq!(members.len(), 26);
        assert!(members.contains(&json!("France")));
        let dollars = ok("countries_by_currency", json!({"currency": "dollar"}));
        assert!(dollars["currencies"].as_array().unwrap().len() > 10);
        assert_eq!(
            err("countries_by_currency", json!({"currency": "Swiss frank"})),
            "no country uses a currency 'Swiss frank'; did you mean 'Swiss franc'? give an ISO 4217 code (e.g. 'EUR', 'JPY') or a currency name"
        );
        assert!(
            err("countries_by_currency", json!({"currency": "zz"})).starts_with("no country uses")
        );
    }

    #[test]
    fn countries_by_continent_sorts_and_limits() {
        let top = ok(
            "countries_by_continent",
            json!({"continent": "Africa", "sort_by": "population", "limit": 2}),
        );
        assert_eq!(
            top,
            json!({"continent": "Africa", "count": 54, "countries": [
                {"name": "Nigeria", "population": 223_800_000},
                {"name": "Ethiopia", "population": 126_500_000}]})
        );
        let sa = ok(
            "countries_by_continent",
            json!({"continent": "South America"}),
        );
        assert_eq!(sa["count"], 12);
        assert_eq!(sa["countries"][0]["name"], "Argentina");
        let counts: Vec<usize> = CONTINENTS
            .iter()
            .map(|k| {
                by_continent(k, "name", None).unwrap()["count"]
                    .as_u64()
                    .unwrap() as usize
            })
            .collect();
        assert_eq!(counts, [54, 48, 46, 23, 12, 14]);
        assert_eq!(
            err("countries_by_continent", json!({"continent": "Antarctica"})),
            "unknown continent 'Antarctica'; continents: Africa, Asia, Europe, North America, South America, Oceania"
        );
        assert_eq!(
            by_continent("Europe", "size", None).unwrap_err(),
            "unknown sort_by 'size'; use 'name' or 'population'"
        );
        assert_eq!(
            by_continent("Europe", "name", Some(0)).unwrap_err(),
            "limit must be at least 1"
        );
    }

    #[test]
    fn unknown_functions_are_named() {
        assert!(err("capital", json!({})).contains("did you mean 'country_capital'?"));
    }
}
