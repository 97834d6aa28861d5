//! Requests that none of the shipped tools can serve (no clock, no network, no creative
//! writing, no knowledge beyond the tools' data): the right move is to call nothing.
//! When the `cart` tool is offered, the frames about ordering food or a package's shipping are
//! left out (a model might reasonably reach for the cart there).
//!
//! Each request is a frame with holes (`{city}`, `{person}`, `{topic}` ...) filled from the
//! lists below and from `pools`, so the category does not cycle through a few dozen
//! sentences. Frames are templates: the last quarter is held out for the test split.

use super::Split;
use super::phrasing::{fill, polish, template};
use super::pools::{CHORES, CITIES, GROCERIES, PEOPLE, PLACES, TIMES, WEEKDAYS};
use super::rng::Rng;

const FRAMES: [&str; 40] = [
    "Write a short poem about {topic}.",
    "What's the weather forecast for {city} {when}?",
    "Translate \"{phrase}\" into {lang}.",
    "Book me a flight from {city} to {city2} {when}.",
    "What is {company}'s stock price right now?",
    "Send a message to {person} that I'm running late.",
    "Recommend a good {genre} {medium}.",
    "Tell me a joke about {topic}.",
    "How do I {howto}?",
    "Set an alarm for {time} {when}.",
    "Order a {food} to my address.",
    "Who won the {sport} last night?",
    "Summarize the plot of {book} in three sentences.",
    "Play some {music} music.",
    "What does the word \"{word}\" mean?",
    "Find me a hotel in {city} for under {n} euros a night.",
    "Turn off the lights in the {room}.",
    "Who is the current {role} of {country}?",
    "What's the exchange rate between the {cur} and the {cur2} today?",
    "Write a cover letter for a {job} position.",
    "Suggest a name for my new {pet}.",
    "What time is it in {city} right now?",
    "Draw a picture of a {animal} wearing a hat.",
    "Remind me to {chore} on {day}.",
    "What are the opening hours of the {museum}?",
    "Compose a {occasion} message for my colleague {person}.",
    "Is there a lot of traffic on the way to the {place} right now?",
    "What's the best {dish} restaurant near me?",
    "Plan a three-day itinerary for {city}.",
    "What should I cook tonight with {grocery} and {grocery2}?",
    "Which movie won the Oscar for best picture in {year}?",
    "Call {person} on speakerphone.",
    "Tell me a fun fact about {animal}s.",
    "Write a haiku about {topic}.",
    "Read me today's top news headlines from {city}.",
    "Check whether my package from {city} has shipped yet.",
    "Give me three tips for a job interview as a {job}.",
    "Explain how to {howto}, step by step.",
    "Find a {genre} {medium} similar to {book}.",
    "Text {person} that I'll be at the {place} at {time}.",
];

const WHEN: [&str; 6] = [
    "tomorrow",
    "this weekend",
    "next Monday",
    "tonight",
    "on Friday",
    "next week",
];
const LANGS: [&str; 12] = [
    "Spanish",
    "French",
    "German",
    "Japanese",
    "Italian",
    "Portuguese",
    "Korean",
    "Dutch",
    "Swahili",
    "Turkish",
    "Polish",
    "Greek",
];
const PHRASES: [&str; 12] = [
    "good morning",
    "where is the train station",
    "thank you very much",
    "how much does this cost",
    "I am allergic to peanuts",
    "see you tomorrow",
    "happy birthday",
    "the bill, please",
    "nice to meet you",
    "I'm lost",
    "can you help me",
    "have a good trip",
];
const COMPANIES: [&str; 10] = [
    "Apple",
    "Tesla",
    "Toyota",
    "Samsung",
    "Microsoft",
    "Siemens",
    "Netflix",
    "Sony",
    "Airbus",
    "Nike",
];
const GENRES: [&str; 8] = [
    "science fiction",
    "mystery",
    "fantasy",
    "historical",
    "horror",
    "romance",
    "thriller",
    "comedy",
];
const MEDIA: [&str; 4] = ["novel", "movie", "podcast", "TV series"];
const TOPICS: [&str; 12] = [
    "programmers",
    "cats",
    "the ocean",
    "autumn",
    "coffee",
    "Mondays",
    "the moon",
    "trains",
    "gardening",
    "friendship",
    "rainy days",
    "mountains",
];
const HOWTO: [&str; 12] = [
    "bake sourdough bread",
    "fix a flat bicycle tire",
    "tie a bowline knot",
    "change a car battery",
    "remove a wine stain",
    "start a vegetable garden",
    "improve my sleep",
    "learn to juggle",
    "unclog a sink",
    "write a cover letter",
    "train for a 10k run",
    "care for a bonsai tree",
];
const FOODS: [&str; 8] = [
    "large pepperoni pizza",
    "pad thai",
    "sushi platter for two",
    "veggie burger",
    "chicken curry",
    "falafel wrap",
    "bowl of ramen",
    "family-size lasagna",
];
const SPORTS: [&str; 6] = [
    "football match",
    "basketball game",
    "tennis final",
    "cricket match",
    "rugby match",
    "hockey game",
];
const BOOKS: [&str; 10] = [
    "Hamlet",
    "Pride and Prejudice",
    "Moby-Dick",
    "Don Quixote",
    "The Odyssey",
    "Frankenstein",
    "War and Peace",
    "Jane Eyre",
    "The Great Gatsby",
    "Dracula",
];
const MUSIC: [&str; 8] = [
    "relaxing",
    "jazz",
    "classical",
    "upbeat",
    "lo-fi",
    "country",
    "reggae",
    "piano",
];
const WORDS: [&str; 10] = [
    "ephemeral",
    "serendipity",
    "ubiquitous",
    "quixotic",
    "sonder",
    "laconic",
    "petrichor",
    "ineffable",
    "gregarious",
    "mellifluous",
];
const ROOMS: [&str; 6] = [
    "living room",
    "kitchen",
    "bedroom",
    "hallway",
    "garage",
    "office",
];
const ROLES: [&str; 3] = ["prime minister", "president", "head of state"];
const COUNTRIES: [&str; 8] = [
    "Canada",
    "Japan",
    "Kenya",
    "Brazil",
    "Norway",
    "India",
    "Australia",
    "Spain",
];
const CURRENCIES: [&str; 6] = ["euro", "dollar", "yen", "pound", "Swiss franc", "rupee"];
const JOBS: [&str; 8] = [
    "junior developer",
    "nurse",
    "barista",
    "data analyst",
    "teacher",
    "graphic designer",
    "sales manager",
    "chef",
];
const PETS: [&str; 7] = [
    "puppy", "kitten", "goldfish", "parrot", "hamster", "turtle", "rabbit",
];
const ANIMALS: [&str; 6] = ["cat", "dog", "penguin", "giraffe", "fox", "owl"];
const MUSEUMS: [&str; 7] = [
    "Louvre",
    "Prado",
    "British Museum",
    "Rijksmuseum",
    "Uffizi",
    "Met",
    "Acropolis Museum",
];
const OCCASIONS: [&str; 7] = [
    "birthday",
    "farewell",
    "congratulations",
    "thank-you",
    "get-well",
    "anniversary",
    "retirement",
];
const DISHES: [&str; 6] = ["ramen", "tapas", "pizza", "dim sum", "taco", "vegan"];

/// Frames a shopping cart might seem to serve (ordering food, a package's shipping), never
/// drawn when the `cart` tool is offered.
const SHOPPING: [&str; 2] = [
    "Order a {food} to my address.",
    "Check whether my package from {city} has shipped yet.",
];

/// A request no shipped tool can serve (none that `cart` might seem to serve when
/// `with_cart`).
pub(crate) fn request(rng: &mut Rng, split: Split, with_cart: bool) -> String {
    let mut frame = template(rng, &FRAMES, split);
    while with_cart && SHOPPING.contains(&frame) {
        frame = template(rng, &FRAMES, split);
    }
    let cities = rng.sample(&CITIES, 2);
    let curs = rng.sample(&CURRENCIES, 2);
    let food = rng.sample(&GROCERIES, 2);
    let n = (rng.range(6, 30) * 10).to_string();
    let year = rng.range(1990, 2020).to_string();
    let values: [(&str, &str); 35] = [
        ("city2", cities[1]),
        ("city", cities[0]),
        ("when", *rng.pick(&WHEN)),
        ("phrase", *rng.pick(&PHRASES)),
        ("lang", *rng.pick(&LANGS)),
        ("company", *rng.pick(&COMPANIES)),
        ("person", *rng.pick(&PEOPLE)),
        ("genre", *rng.pick(&GENRES)),
        ("medium", *rng.pick(&MEDIA)),
        ("topic", *rng.pick(&TOPICS)),
        ("howto", *rng.pick(&HOWTO)),
        ("time", *rng.pick(&TIMES)),
        ("food", *rng.pick(&FOODS)),
        ("sport", *rng.pick(&SPORTS)),
        ("book", *rng.pick(&BOOKS)),
        ("music", *rng.pick(&MUSIC)),
        ("word", *rng.pick(&WORDS)),
        ("n", &n),
        ("room", *rng.pick(&ROOMS)),
        ("role", *rng.pick(&ROLES)),
        ("country", *rng.pick(&COUNTRIES)),
        ("cur2", curs[1]),
        ("cur", curs[0]),
        ("job", *rng.pick(&JOBS)),
        ("pet", *rng.pick(&PETS)),
        ("animal", *rng.pick(&ANIMALS)),
        ("chore", *rng.pick(&CHORES)),
        ("day", *rng.pick(&WEEKDAYS)),
        ("museum", *rng.pick(&MUSEUMS)),
        ("occasion", *rng.pick(&OCCASIONS)),
        ("place", *rng.pick(&PLACES)),
        ("dish", *rng.pick(&DISHES)),
        ("grocery2", food[1]),
        ("grocery", food[0]),
        ("year", &year),
    ];
    polish(rng, &fill(frame, &values))
}
