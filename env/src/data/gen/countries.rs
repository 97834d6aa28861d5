//! Requests for the `countries` tool: capitals (`country_capital`, or `country_info` when both
//! are offered), currencies, populations, calling codes, continents and ISO codes
//! (`country_info`), countries by currency and by continent. The countries are the tool's own
//! rows (`country_table`), so answers come from the tool's data and every name, alias and
//! ISO code listed as an acceptable `country` value is one the tool resolves.

use serde_json::Value;

use super::catalog::{Tool, expect, s};
use super::country_table::{COUNTRIES, Country};
use super::phrasing::{and_list, fill, template};
use super::rng::Rng;
use super::{Request, Split};
use crate::checker::ExpectedCall;

/// Names read with "the" in English ("the Netherlands", "the UK"); the tool drops a leading
/// "the", and names containing one of [`THE_WORDS`] take it too.
const WITH_THE: [&str; 16] = [
    "Netherlands",
    "Philippines",
    "Bahamas",
    "Gambia",
    "Maldives",
    "Seychelles",
    "Comoros",
    "UK",
    "U.K.",
    "UAE",
    "U.S.",
    "U.S.A.",
    "DRC",
    "DR Congo",
    "DPRK",
    "PRC",
];
const THE_WORDS: [&str; 8] = [
    "Republic",
    "Federation",
    "Kingdom",
    "States",
    "Confederation",
    "Holy See",
    "Emirates",
    "Islands",
];

fn takes_the(name: &str) -> bool {
    !name.starts_with("The ")
        && (WITH_THE.contains(&name) || THE_WORDS.iter().any(|w| name.contains(w)))
}

/// How a request names `c`: its name or (a quarter of the time) an alias, with "the" where
/// English puts one.
fn mention(rng: &mut Rng, c: &Country) -> String {
    let aliases: Vec<&str> = c.aliases.iter().copied().filter(|a| *a != "CAR").collect();
    let name = if !aliases.is_empty() && rng.chance(0.25) {
        *rng.pick(&aliases)
    } else {
        c.name
    };
    if takes_the(name) {
        format!("the {name}")
    } else {
        name.to_string()
    }
}

/// Every spelling the tool resolves to `c`, with "The ..." for names read with "the".
fn spellings(c: &Country) -> Vec<Value> {
    let mut out = vec![s(c.name), s(c.iso2), s(c.iso3)];
    out.extend(c.aliases.iter().map(|a| s(a)));
    for name in std::iter::once(&c.name).chain(c.aliases) {
        let the = s(&format!("The {name}"));
        if takes_the(name) && !out.contains(&the) {
            out.push(the);
        }
    }
    out
}

fn info_call(c: &Country) -> ExpectedCall {
    expect("country_info", vec![("country", spellings(c))])
}

fn capital_calls(c: &Country) -> Vec<ExpectedCall> {
    vec![
        expect("country_capital", vec![("country", spellings(c))]),
        info_call(c),
    ]
}

/// A country with a single-city capital (the tool words split or disputed capitals out).
fn with_capital(rng: &mut Rng) -> &'static Country {
    loop {
        let c = rng.pick(COUNTRIES);
        if !c.capital.contains('(') {
            return c;
        }
    }
}

const CAPITAL: [&str; 16] = [
    "What is the capital of {c}?",
    "Which city is the capital of {c}?",
    "Tell me the capital city of {c}.",
    "I'm writing a quiz. What's {c}'s capital?",
    "I'm flying to {c} next month. What's the capital there?",
    "What city serves as the capital of {c}?",
    "My friend is from {c}. Which city is its capital?",
    "Capital of {c}?",
    "Remind me, what's the capital of {c}?",
    "Where is the seat of government of {c}, i.e. its capital?",
    "For my geography homework: what is the capital of {c}?",
    "Do you know the capital of {c}?",
    "Name the capital of {c}, please.",
    "Which city is {c}'s capital?",
    "What's the capital city of {c} called?",
    "Look up the capital of {c} for me.",
];

/// `country_info` questions: (templates, the answer they ask for).
fn info_question(rng: &mut Rng, c: &Country) -> (&'static [&'static str], Option<String>) {
    match rng.below(6) {
        0 => (
            &[
                "What currency is used in {c}?",
                "Which currency does {c} use?",
                "What money do they use in {c}?",
                "I'm traveling to {c}. Which currency should I bring?",
                "What's the official currency of {c}?",
                "What do people pay with in {c}?",
                "Which currency would I need in {c}?",
                "Tell me the currency of {c}.",
            ],
            Some(c.currency_name.to_string()),
        ),
        1 => (
            &[
                "What is the population of {c}?",
                "How many people live in {c}?",
                "Roughly how many inhabitants does {c} have?",
                "What's the population of {c} these days?",
                "How populous is {c}?",
                "How many residents does {c} have?",
                "Give me the population figure for {c}.",
                "What's {c}'s population?",
            ],
            Some(c.population.to_string()),
        ),
        2 => (
            &[
                "What is the international dialing code for {c}?",
                "Which calling code do I use to phone {c}?",
                "I need to call someone in {c}. What's the country code?",
                "What's the phone prefix for {c}?",
                "Which country calling code belongs to {c}?",
                "What do I dial before a number in {c}?",
                "Tell me the telephone country code of {c}.",
                "What's the international calling code of {c}?",
            ],
            Some(c.calling_code.to_string()),
        ),
        3 => (
            &[
                "Which continent is {c} in?",
                "On what continent is {c}?",
                "Is {c} in Europe, Asia, Africa, the Americas or Oceania?",
                "What continent does {c} belong to?",
                "Tell me which continent {c} is on.",
                "Where in the world is {c}? Which continent?",
                "Which continent would I find {c} on?",
                "{c} is on which continent?",
            ],
            Some(c.continent.to_string()),
        ),
        4 => (
            &[
                "What is the ISO country code of {c}?",
                "Which two-letter ISO code does {c} have?",
                "Give me the ISO codes for {c}.",
                "What's the ISO 3166 code of {c}?",
                "I'm filling in a form. What's the country code (ISO) for {c}?",
                "Which three-letter code stands for {c}?",
                "Look up the ISO code of {c}.",
                "What are the alpha-2 and alpha-3 codes of {c}?",
            ],
            Some(format!("{}, {}", c.iso2, c.iso3)),
        ),
        _ => (
            &[
                "Give me the basic facts about {c}: population, currency and calling code.",
                "Tell me about {c}: its capital, population and currency.",
                "What do you know about {c}? Population, currency, calling code.",
                "Summarize the key facts of {c} for me.",
                "I'm moving to {c}. What are the main facts about it?",
                "Give me an overview of {c}: capital, continent, currency.",
                "Show me the country profile of {c}.",
                "What are the key statistics for {c}?",
            ],
            None,
        ),
    }
}

/// A request for one countries function.
pub(crate) fn request(rng: &mut Rng, split: Split) -> Request {
    match rng.below(8) {
        0..=2 => {
            let c = with_capital(rng);
            let name = mention(rng, c);
            let text = fill(template(rng, &CAPITAL, split), &[("c", &name)]);
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
        3 | 4 => {
            let c = rng.pick(COUNTRIES);
            let name = mention(rng, c);
            let (ts, answer) = info_question(rng, c);
            let text = fill(template(rng, ts, split), &[("c", &name)]);
            Request::one(text, Tool::Countries, info_call(c), vec![], answer)
        }
        5 => by_currency(rng, split),
        _ => continent(rng, split),
    }
}

fn by_currency(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 12] = [
        "Which countries use {n}?",
        "List the countries whose currency is {n}.",
        "In which countries can I pay with {n}?",
        "I have some cash in {n}. Where can I spend it?",
        "Which nations have {n} as their currency?",
        "Show me every country that uses {n}.",
        "What countries is {n} the currency of?",
        "Find the countries where {n} is legal tender.",
        "Where is {n} the official currency?",
        "Name all the countries using {n}.",
        "Which countries pay in {n}?",
        "Tell me where people use {n}.",
    ];
    let c = loop {
        let c = rng.pick(COUNTRIES);
        let shared = COUNTRIES
            .iter()
            .filter(|o| o.currency_code == c.currency_code)
            .count();
        if shared > 1 || rng.chance(0.4) {
            break c;
        }
    };
    let (code, cur) = (c.currency_code, c.currency_name);
    let named = match rng.below(4) {
        0 => format!("the currency {code}"),
        _ if cur == "Euro" => "the euro".to_string(),
        _ => format!("the {cur}"),
    };
    let text = fill(template(rng, &T, split), &[("n", &named)]);
    let countries: Vec<&str> = COUNTRIES
        .iter()
        .filter(|o| o.currency_code == code)
        .map(|o| o.name)
        .collect();
    let call = expect(
        "countries_by_currency",
        vec![("currency", vec![s(code), s(cur)])],
    );
    Request::one(
        text,
        Tool::Countries,
        call,
        vec![],
        Some(countries.join(", ")),
    )
}

fn continent(rng: &mut Rng, split: Split) -> Request {
    let k = *rng.pick(super::catalog::CONTINENTS);
    if rng.chance(0.4) {
        const T: [&str; 8] = [
            "List the countries in {k}.",
            "Which countries are in {k}?",
            "Give me all the countries of {k} in alphabetical order.",
            "I'm making a map of {k}. Which countries does it include?",
            "Show me every country in {k}.",
            "Name the countries located in {k}.",
            "What countries does {k} have?",
            "Which countries belong to {k}?",
        ];
        let text = fill(template(rng, &T, split), &[("k", k)]);
        let call = expect("countries_by_continent", vec![("continent", vec![s(k)])]);
        return Request::one(text, Tool::Countries, call, vec![], None);
    }
    const T: [&str; 12] = [
        "What are the {n} most populous countries in {k}?",
        "Name the {n} largest countries of {k} by population.",
        "Which {n} countries in {k} have the most people?",
        "Rank the top {n} countries of {k} by population.",
        "For a report on {k}, list its {n} biggest countries by population.",
        "Give me the {n} countries with the largest populations in {k}.",
        "Which are the {n} most populated nations of {k}?",
        "List {k}'s {n} most populous countries, largest first.",
        "Show me the top {n} countries by population in {k}.",
        "What are the {n} countries in {k} with the highest population?",
        "I need the {n} most populous countries of {k}.",
        "Sort the countries of {k} by population and give me the first {n}.",
    ];
    let n = rng.range(2, 12);
    let text = fill(template(rng, &T, split), &[("n", &n.to_string()), ("k", k)]);
    let call = expect(
        "countries_by_continent",
        vec![
            ("continent", vec![s(k)]),
            ("sort_by", vec![s("population")]),
            ("limit", vec![Value::from(n)]),
        ],
    );
    let mut ranked: Vec<&Country> = COUNTRIES.iter().filter(|c| c.continent == k).collect();
    ranked.sort_by(|a, b| b.population.cmp(&a.population).then(a.name.cmp(b.name)));
    let top: Vec<&str> = ranked.iter().take(n as usize).map(|c| c.name).collect();
    Request::one(text, Tool::Countries, call, vec![], Some(top.join(", ")))
}

/// The capitals, populations or currencies of 2-3 countries in one request.
pub(crate) fn parallel(rng: &mut Rng, split: Split) -> Request {
    let k = 2 + rng.below(2);
    let mut picked: Vec<&'static Country> = Vec::new();
    while picked.len() < k {
        let c = with_capital(rng);
        if !picked.iter().any(|p| p.name == c.name) {
            picked.push(c);
        }
    }
    let names: Vec<String> = picked.iter().map(|c| mention(rng, c)).collect();
    let (ts, calls, answers): (&[&str], Vec<Vec<ExpectedCall>>, Vec<String>) = match rng.below(3) {
        0 | 1 => (
            &[
                "What are the capitals of {l}?",
                "Tell me the capital cities of {l}.",
                "I'm visiting {l} this year. What are their capitals?",
                "Give me the capital of each of {l}.",
                "Which cities are the capitals of {l}?",
                "List the capitals of {l}.",
                "I need the capitals of {l}.",
                "Name the capital cities of {l}, please.",
            ],
            picked.iter().map(|c| capital_calls(c)).collect(),
            picked.iter().map(|c| c.capital.to_string()).collect(),
        ),
        _ => (
            &[
                "What are the populations of {l}?",
                "How many people live in {l}, respectively?",
                "Compare the populations of {l}.",
                "Give me the population of each of {l}.",
                "Of {l}, which has the most people? Give me each population.",
                "List the population figures for {l}.",
                "Look up how many inhabitants {l} have.",
                "I need population numbers for {l}.",
            ],
            picked.iter().map(|c| vec![info_call(c)]).collect(),
            picked.iter().map(|c| c.population.to_string()).collect(),
        ),
    };
    let text = fill(template(rng, ts, split), &[("l", &and_list(&names))]);
    Request {
        text,
        tools: vec![Tool::Countries],
        calls,
        answer: Some(answers.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_with_the_are_also_accepted_with_it() {
        let find = |n: &str| COUNTRIES.iter().find(|c| c.name == n);
        let uk = find("United Kingdom").unwrap_or_else(|| panic!("uk"));
        let all = spellings(uk);
        for want in ["The United Kingdom", "The UK", "GB", "Britain"] {
            assert!(all.contains(&s(want)), "{want}");
        }
        let mut rng = Rng::new(1, 1);
        for _ in 0..200 {
            let c = rng.pick(COUNTRIES);
            let m = mention(&mut rng, c);
            let spelled = m.strip_prefix("the ").map(|r| format!("The {r}"));
            let ok = all_spellings_contain(c, &m)
                || spelled.is_some_and(|t| all_spellings_contain(c, &t));
            assert!(ok, "{m}");
        }
    }

    fn all_spellings_contain(c: &Country, name: &str) -> bool {
        spellings(c).contains(&s(name))
    }
}
