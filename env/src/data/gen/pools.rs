//! Shared vocabulary the generated values are built from: people, places, cities, chores,
//! things and times. Sentences, file contents and off-topic requests combine these, so a
//! split of thousands of tasks rarely repeats a value (a short fixed list would cycle).
//!
//! Every entry is plain text without quotes or backslashes (values are quoted in requests
//! and written into JSON-compared ground truths verbatim).

use super::rng::Rng;

/// First names.
pub(crate) const PEOPLE: [&str; 28] = [
    "Sam", "Alex", "Maria", "Priya", "Tom", "Aisha", "Jonas", "Mei", "Carlos", "Fatima", "Olga",
    "Kwame", "Lena", "Diego", "Hana", "Omar", "Grace", "Ivan", "Noor", "Paul", "Yuki", "Ben",
    "Sofia", "Raj", "Chloe", "Mateo", "Ingrid", "Tariq",
];

/// Places in a town (read after "the").
pub(crate) const PLACES: [&str; 20] = [
    "library",
    "train station",
    "office",
    "gym",
    "bakery",
    "park",
    "airport",
    "museum",
    "post office",
    "market",
    "cafe",
    "harbor",
    "stadium",
    "bank",
    "clinic",
    "bookshop",
    "town hall",
    "pharmacy",
    "cinema",
    "bus stop",
];

/// Cities.
pub(crate) const CITIES: [&str; 24] = [
    "Paris",
    "Tokyo",
    "Lisbon",
    "Nairobi",
    "Toronto",
    "Sydney",
    "Berlin",
    "Lima",
    "Seoul",
    "Cairo",
    "Oslo",
    "Denver",
    "Boston",
    "Madrid",
    "Mumbai",
    "Istanbul",
    "Prague",
    "Dublin",
    "Hanoi",
    "Chicago",
    "Vienna",
    "Santiago",
    "Cape Town",
    "Auckland",
];

/// Everyday chores, as a verb phrase ("remember to ...").
pub(crate) const CHORES: [&str; 24] = [
    "buy milk",
    "call the bank",
    "renew the car insurance",
    "book a dentist appointment",
    "pay the electricity bill",
    "water the plants",
    "pick up the dry cleaning",
    "send the invoice",
    "back up the laptop",
    "return the library books",
    "order new printer ink",
    "fix the bike light",
    "clean the fridge",
    "update the budget sheet",
    "feed the cat",
    "book the train tickets",
    "cancel the gym membership",
    "charge the camera",
    "print the boarding passes",
    "defrost the freezer",
    "renew my passport",
    "check the smoke alarm",
    "take out the recycling",
    "confirm the hotel booking",
];

/// Things people bring, buy or lose (read after "the").
pub(crate) const THINGS: [&str; 20] = [
    "umbrella",
    "laptop charger",
    "spare keys",
    "blue folder",
    "birthday cake",
    "projector",
    "camping stove",
    "guest list",
    "signed contract",
    "first aid kit",
    "red scarf",
    "extension cord",
    "picnic blanket",
    "tickets",
    "sunglasses",
    "notebook",
    "water bottle",
    "headphones",
    "library card",
    "winter coat",
];

/// Shopping items.
pub(crate) const GROCERIES: [&str; 20] = [
    "eggs",
    "bread",
    "rice",
    "apples",
    "coffee",
    "butter",
    "spinach",
    "lemons",
    "pasta",
    "tomatoes",
    "cheese",
    "yogurt",
    "oats",
    "onions",
    "honey",
    "tea",
    "bananas",
    "garlic",
    "flour",
    "olive oil",
];

/// Project or topic names (read after "the").
pub(crate) const PROJECTS: [&str; 16] = [
    "website",
    "Atlas",
    "onboarding",
    "migration",
    "garden",
    "kitchen",
    "Phoenix",
    "newsletter",
    "hiring",
    "Orion",
    "billing",
    "mobile app",
    "research",
    "conference",
    "Q3 launch",
    "charity",
];

/// Clock times as people write them.
pub(crate) const TIMES: [&str; 16] = [
    "7:30", "8:15", "9am", "9:45", "10am", "10:30", "11am", "noon", "1pm", "1:45", "2:30pm", "3pm",
    "4:15", "5pm", "6:30pm", "8pm",
];

/// The English weekday names, Monday first.
pub(crate) const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Month names in lowercase, for file and folder names.
pub(crate) const MONTHS_LOWER: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A one-line note: a reminder, an appointment, a list (ends with a period).
pub(crate) fn note(rng: &mut Rng) -> String {
    let who = *rng.pick(&PEOPLE);
    let day = *rng.pick(&WEEKDAYS);
    let time = *rng.pick(&TIMES);
    match rng.below(12) {
        0 => format!("Meeting with {who} moved to {day} at {time}."),
        1 => format!("Remember to {} before {day}.", rng.pick(&CHORES)),
        2 => format!("{who} will bring the {} on {day}.", rng.pick(&THINGS)),
        3 => format!(
            "Flight {}{} to {} departs at {time}.",
            ["LX", "BA", "AF", "KL", "IB", "NH"][rng.below(6)],
            rng.range(100, 999),
            rng.pick(&CITIES)
        ),
        4 => format!("Dinner with {who} at the {} on {day}.", rng.pick(&PLACES)),
        5 => format!("Call {who} about the {} project.", rng.pick(&PROJECTS)),
        6 => {
            let items = rng.sample(&GROCERIES, 3);
            format!("Buy {}, {} and {}.", items[0], items[1], items[2])
        }
        7 => format!("Draft the {} proposal by {day}.", rng.pick(&PROJECTS)),
        8 => {
            let two = rng.sample(&CHORES, 2);
            format!("TODO: {} and {}.", two[0], two[1])
        }
        9 => format!(
            "Left the {} at the {}.",
            rng.pick(&THINGS),
            rng.pick(&PLACES)
        ),
        10 => format!(
            "Budget for the {} project: {} dollars.",
            rng.pick(&PROJECTS),
            rng.range(2, 90) * 50
        ),
        _ => format!("Pick up {who} from the {} at {time}.", rng.pick(&PLACES)),
    }
}
