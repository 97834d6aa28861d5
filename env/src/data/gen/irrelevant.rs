//! Requests that none of the shipped tools can serve (no clock, no network, no creative
//! writing, no knowledge beyond the tools' data): the right move is to call nothing.

use super::Split;
use super::phrasing::template;
use super::rng::Rng;

const REQUESTS: [&str; 28] = [
    "Write a short poem about the sea.",
    "What's the weather forecast for Paris tomorrow?",
    "Translate \"good morning\" into Spanish.",
    "Book me a flight from Boston to Denver next Monday.",
    "What is Apple's stock price right now?",
    "Send an email to my team saying the meeting is cancelled.",
    "Recommend a good science fiction novel.",
    "Tell me a joke about programmers.",
    "How do I bake sourdough bread?",
    "Set an alarm for 6:30 tomorrow morning.",
    "Order a large pepperoni pizza to my address.",
    "Who won the football match last night?",
    "Summarize the plot of Hamlet in three sentences.",
    "Play some relaxing music.",
    "What does the word \"ephemeral\" mean?",
    "Find me a hotel in Rome for under 100 euros a night.",
    "Turn off the lights in the living room.",
    "Who is the current prime minister of Canada?",
    "What's the exchange rate between the euro and the dollar today?",
    "Write a cover letter for a junior developer position.",
    "Suggest a name for my new puppy.",
    "What time is it in Tokyo right now?",
    "Draw a picture of a cat wearing a hat.",
    "Remind me to call my mother on Sunday.",
    "What are the opening hours of the Louvre?",
    "Compose a birthday message for my colleague Maria.",
    "How do I fix a flat bicycle tire?",
    "Which movie won the Oscar for best picture this year?",
];

/// A request no shipped tool can serve.
pub(crate) fn request(rng: &mut Rng, split: Split) -> String {
    format!(
        "{}{}",
        super::phrasing::opener(rng),
        template(rng, &REQUESTS, split)
    )
}
