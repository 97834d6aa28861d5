//! Requests for the `countries` tool: capitals (`country_capital`, or `country_info` when both
//! are offered), currencies, populations and calling codes (`country_info`), countries by
//! currency and by continent. The rows below are copied from
//! `tools-wasm/countries/src/data.rs`; every name, alias and ISO code listed as an acceptable
//! `country` value is one the tool resolves.

use serde_json::Value;

use super::catalog::{Tool, expect, s};
use super::phrasing::{and_list, fill, template};
use super::rng::Rng;
use super::{Request, Split};

/// One country: name, ISO codes, capital, currency name, aliases (rows also carry the
/// currency code and continent, as in the tool's data, for cross-checking by eye).
struct Country {
    name: &'static str,
    iso2: &'static str,
    iso3: &'static str,
    capital: &'static str,
    currency_name: &'static str,
    aliases: &'static [&'static str],
}

#[allow(clippy::too_many_arguments)]
const fn country(
    name: &'static str,
    iso2: &'static str,
    iso3: &'static str,
    capital: &'static str,
    _currency: &'static str,
    currency_name: &'static str,
    _continent: &'static str,
    aliases: &'static [&'static str],
) -> Country {
    Country {
        name,
        iso2,
        iso3,
        capital,
        currency_name,
        aliases,
    }
}

#[rustfmt::skip]
const COUNTRIES: &[Country] = &[
    country("Côte d'Ivoire", "CI", "CIV", "Yamoussoukro", "XOF", "West African CFA franc", "Africa", &["Ivory Coast", "Cote d'Ivoire"]),
    country("Egypt", "EG", "EGY", "Cairo", "EGP", "Egyptian pound", "Africa", &[]),
    country("Ghana", "GH", "GHA", "Accra", "GHS", "Ghanaian cedi", "Africa", &[]),
    country("Kenya", "KE", "KEN", "Nairobi", "KES", "Kenyan shilling", "Africa", &[]),
    country("Morocco", "MA", "MAR", "Rabat", "MAD", "Moroccan dirham", "Africa", &[]),
    country("Nigeria", "NG", "NGA", "Abuja", "NGN", "Nigerian naira", "Africa", &[]),
    country("Senegal", "SN", "SEN", "Dakar", "XOF", "West African CFA franc", "Africa", &[]),
    country("China", "CN", "CHN", "Beijing", "CNY", "Chinese yuan renminbi", "Asia", &["PRC", "People's Republic of China"]),
    country("India", "IN", "IND", "New Delhi", "INR", "Indian rupee", "Asia", &["Bharat"]),
    country("Indonesia", "ID", "IDN", "Jakarta", "IDR", "Indonesian rupiah", "Asia", &[]),
    country("Japan", "JP", "JPN", "Tokyo", "JPY", "Japanese yen", "Asia", &[]),
    country("Pakistan", "PK", "PAK", "Islamabad", "PKR", "Pakistani rupee", "Asia", &[]),
    country("Philippines", "PH", "PHL", "Manila", "PHP", "Philippine peso", "Asia", &["The Philippines"]),
    country("South Korea", "KR", "KOR", "Seoul", "KRW", "South Korean won", "Asia", &["Korea", "Republic of Korea"]),
    country("Thailand", "TH", "THA", "Bangkok", "THB", "Thai baht", "Asia", &["Siam"]),
    country("Turkey", "TR", "TUR", "Ankara", "TRY", "Turkish lira", "Asia", &["Türkiye", "Turkiye"]),
    country("Vietnam", "VN", "VNM", "Hanoi", "VND", "Vietnamese dong", "Asia", &["Viet Nam"]),
    country("Austria", "AT", "AUT", "Vienna", "EUR", "Euro", "Europe", &[]),
    country("France", "FR", "FRA", "Paris", "EUR", "Euro", "Europe", &["French Republic"]),
    country("Germany", "DE", "DEU", "Berlin", "EUR", "Euro", "Europe", &["Deutschland", "Federal Republic of Germany"]),
    country("Greece", "GR", "GRC", "Athens", "EUR", "Euro", "Europe", &["Hellas"]),
    country("Iceland", "IS", "ISL", "Reykjavík", "ISK", "Icelandic króna", "Europe", &[]),
    country("Ireland", "IE", "IRL", "Dublin", "EUR", "Euro", "Europe", &["Republic of Ireland", "Eire"]),
    country("Italy", "IT", "ITA", "Rome", "EUR", "Euro", "Europe", &["Italia"]),
    country("Netherlands", "NL", "NLD", "Amsterdam", "EUR", "Euro", "Europe", &["Holland", "The Netherlands"]),
    country("Norway", "NO", "NOR", "Oslo", "NOK", "Norwegian krone", "Europe", &[]),
    country("Poland", "PL", "POL", "Warsaw", "PLN", "Polish złoty", "Europe", &[]),
    country("Portugal", "PT", "PRT", "Lisbon", "EUR", "Euro", "Europe", &[]),
    country("Spain", "ES", "ESP", "Madrid", "EUR", "Euro", "Europe", &["España", "Espana"]),
    country("Sweden", "SE", "SWE", "Stockholm", "SEK", "Swedish krona", "Europe", &[]),
    country("Switzerland", "CH", "CHE", "Bern", "CHF", "Swiss franc", "Europe", &["Swiss Confederation"]),
    country("United Kingdom", "GB", "GBR", "London", "GBP", "Pound sterling", "Europe", &["UK", "U.K.", "Great Britain", "Britain", "United Kingdom of Great Britain and Northern Ireland"]),
    country("Canada", "CA", "CAN", "Ottawa", "CAD", "Canadian dollar", "North America", &[]),
    country("Cuba", "CU", "CUB", "Havana", "CUP", "Cuban peso", "North America", &[]),
    country("Mexico", "MX", "MEX", "Mexico City", "MXN", "Mexican peso", "North America", &["México"]),
    country("United States", "US", "USA", "Washington, D.C.", "USD", "United States dollar", "North America", &["United States of America", "U.S.", "U.S.A.", "America", "The United States"]),
    country("Argentina", "AR", "ARG", "Buenos Aires", "ARS", "Argentine peso", "South America", &[]),
    country("Brazil", "BR", "BRA", "Brasília", "BRL", "Brazilian real", "South America", &["Brasil"]),
    country("Chile", "CL", "CHL", "Santiago", "CLP", "Chilean peso", "South America", &[]),
    country("Colombia", "CO", "COL", "Bogotá", "COP", "Colombian peso", "South America", &[]),
    country("Peru", "PE", "PER", "Lima", "PEN", "Peruvian sol", "South America", &[]),
    country("Australia", "AU", "AUS", "Canberra", "AUD", "Australian dollar", "Oceania", &[]),
    country("New Zealand", "NZ", "NZL", "Wellington", "NZD", "New Zealand dollar", "Oceania", &["Aotearoa"]),
];

/// Currencies asked about: (code, name as the tool's data spells it).
const CURRENCIES: [(&str, &str); 8] = [
    ("EUR", "Euro"),
    ("XOF", "West African CFA franc"),
    ("CHF", "Swiss franc"),
    ("AUD", "Australian dollar"),
    ("USD", "United States dollar"),
    ("GBP", "Pound sterling"),
    ("JPY", "Japanese yen"),
    ("NZD", "New Zealand dollar"),
];

/// Names read with "the" in English ("the Netherlands"); the tool drops a leading "the".
const WITH_THE: [&str; 4] = [
    "Netherlands",
    "Philippines",
    "United Kingdom",
    "United States",
];

/// The ways a request may name `c`: its name or one of its aliases.
fn mention(rng: &mut Rng, c: &Country) -> String {
    if !c.aliases.is_empty() && rng.chance(0.25) {
        rng.pick(c.aliases).to_string()
    } else if WITH_THE.contains(&c.name) {
        format!("the {}", c.name)
    } else {
        c.name.to_string()
    }
}

/// Every spelling the tool resolves to `c`.
fn spellings(c: &Country) -> Vec<Value> {
    let mut out = vec![s(c.name), s(c.iso2), s(c.iso3)];
    out.extend(c.aliases.iter().map(|a| s(a)));
    let the = s(&format!("The {}", c.name));
    if WITH_THE.contains(&c.name) && !out.contains(&the) {
        out.push(the);
    }
    out
}

fn capital_calls(c: &Country) -> Vec<crate::task::ExpectedCall> {
    vec![
        expect("country_capital", vec![("country", spellings(c))]),
        expect("country_info", vec![("country", spellings(c))]),
    ]
}

/// A request for one countries function.
pub(crate) fn request(rng: &mut Rng, split: Split) -> Request {
    let c = rng.pick(COUNTRIES);
    let name = mention(rng, c);
    match rng.below(7) {
        0..=2 => {
            const T: [&str; 5] = [
                "What is the capital of {c}?",
                "Which city is the capital of {c}?",
                "Tell me the capital city of {c}.",
                "I'm writing a quiz. What's {c}'s capital?",
                "Name the capital of {c}, please.",
            ];
            let text = fill(template(rng, &T, split), &[("c", &name)]);
            let mut calls = capital_calls(c);
            let primary = calls.remove(0);
            Request::one(
                text,
                Tool::Countries,
                primary,
                calls,
                Some(c.capital.into()),
            )
        }
        3 => {
            const T: [&str; 8] = [
                "What currency is used in {c}?",
                "Which currency does {c} use?",
                "What is the population of {c}?",
                "How many people live in {c}?",
                "What is the international dialing code for {c}?",
                "Give me the basic facts about {c}: population, currency and calling code.",
                "What money do they use in {c}?",
                "Roughly how many inhabitants does {c} have?",
            ];
            let t = template(rng, &T, split);
            let text = fill(t, &[("c", &name)]);
            let asks_currency =
                t.contains("currency is") || t.contains("currency does") || t.contains("money");
            let answer = asks_currency.then(|| c.currency_name.to_string());
            let call = expect("country_info", vec![("country", spellings(c))]);
            Request::one(text, Tool::Countries, call, vec![], answer)
        }
        4 => {
            const T: [&str; 4] = [
                "Which countries use the {n}?",
                "List the countries whose currency is the {n}.",
                "Where is the {n} the official currency?",
                "In which countries can I pay with the {n}?",
            ];
            let (code, cur) = *rng.pick(&CURRENCIES);
            let named = if cur == "Euro" { "euro" } else { cur };
            let text = fill(template(rng, &T, split), &[("n", named)]);
            let call = expect(
                "countries_by_currency",
                vec![("currency", vec![s(code), s(cur)])],
            );
            Request::one(text, Tool::Countries, call, vec![], None)
        }
        _ => continent(rng, split),
    }
}

fn continent(rng: &mut Rng, split: Split) -> Request {
    let k = *rng.pick(super::catalog::CONTINENTS);
    if rng.chance(0.5) {
        const T: [&str; 4] = [
            "List the countries in {k}.",
            "Which countries are in {k}?",
            "Give me all the countries of {k} in alphabetical order.",
            "What countries does {k} have?",
        ];
        let text = fill(template(rng, &T, split), &[("k", k)]);
        let call = expect("countries_by_continent", vec![("continent", vec![s(k)])]);
        return Request::one(text, Tool::Countries, call, vec![], None);
    }
    const T: [&str; 4] = [
        "What are the {n} most populous countries in {k}?",
        "Name the {n} largest countries of {k} by population.",
        "Which {n} countries in {k} have the most people?",
        "Show me the top {n} countries by population in {k}.",
    ];
    let n = rng.range(2, 10);
    let text = fill(template(rng, &T, split), &[("n", &n.to_string()), ("k", k)]);
    let call = expect(
        "countries_by_continent",
        vec![
            ("continent", vec![s(k)]),
            ("sort_by", vec![s("population")]),
            ("limit", vec![Value::from(n)]),
        ],
    );
    Request::one(text, Tool::Countries, call, vec![], None)
}

/// The capitals of 2-3 countries in one request.
pub(crate) fn parallel(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 4] = [
        "What are the capitals of {l}?",
        "Tell me the capital cities of {l}.",
        "I need the capitals of {l}.",
        "Which cities are the capitals of {l}?",
    ];
    let k = 2 + rng.below(2);
    let picked: Vec<&Country> = {
        let idx: Vec<usize> = (0..COUNTRIES.len()).collect();
        rng.sample(&idx, k)
            .into_iter()
            .map(|i| &COUNTRIES[i])
            .collect()
    };
    let names: Vec<String> = picked.iter().map(|c| mention(rng, c)).collect();
    let text = fill(template(rng, &T, split), &[("l", &and_list(&names))]);
    let capitals: Vec<&str> = picked.iter().map(|c| c.capital).collect();
    Request {
        text,
        tools: vec![Tool::Countries],
        calls: picked.iter().map(|c| capital_calls(c)).collect(),
        answer: Some(capitals.join("; ")),
    }
}
