//! `MessageAPI` scripts (`message_api`): a drawn workspace of users and an inbox, and turns on
//! the messages and contacts they create (send a friend a message, delete "that message", view
//! what I sent; add a contact, message them, search my messages; check my stats, send a
//! message, check again; list the users, message two of them in order).
//!
//! Users are `USR001`.. in `user_map` order, `user_count` their number, so a new contact's id
//! is `USR{user_count + 1}` as the class computes it. Message ids come from the class's seeded
//! random generator (`random_seed`, drawn); the reference and the model's sessions share it,
//! so scripts that send several messages fix their order in the text. When nobody is logged
//! in, the first turn that needs it gives the user's id and starts with `message_login`.

use serde_json::{Map, Value, json};

use super::Split;
use super::bfcl_script::{Class, Script, Step, call, call0, intro, say, with_login};
use super::pools;
use super::rng::Rng;
use crate::spec::ToolCall;

/// A `MessageAPI` world.
#[derive(Debug, Clone)]
pub(crate) struct Messages {
    /// (name, id) in `user_map` order; the first is the session's user.
    users: Vec<(String, String)>,
    count: usize,
    inbox: Vec<(String, String)>,
    logged_in: bool,
    seed: i64,
}

fn user_id(n: usize) -> String {
    format!("USR{n:03}")
}

impl Messages {
    /// 4-6 users, 2-4 messages in the inbox, logged in half the time.
    pub(crate) fn draw(rng: &mut Rng) -> Self {
        let n = 4 + rng.below(3);
        let names = rng.sample(&pools::PEOPLE, n);
        let users: Vec<(String, String)> = names
            .iter()
            .enumerate()
            .map(|(i, name)| (name.to_string(), user_id(i + 1)))
            .collect();
        let inbox = (0..2 + rng.below(3))
            .map(|_| {
                let to = users[1 + rng.below(n - 1)].1.clone();
                (to, pools::note(rng))
            })
            .collect();
        Self {
            users,
            count: n,
            inbox,
            logged_in: rng.chance(0.5),
            seed: rng.range(1000, 999_999),
        }
    }

    /// The scenario `_load_scenario` takes.
    pub(crate) fn scenario(&self) -> Value {
        let mut map = Map::new();
        for (name, id) in &self.users {
            map.insert(name.clone(), json!(id));
        }
        let inbox: Vec<Value> = self
            .inbox
            .iter()
            .map(|(to, text)| json!({ to.clone(): text }))
            .collect();
        let current = if self.logged_in {
            json!(self.users[0].1)
        } else {
            Value::Null
        };
        json!({
            "user_count": self.count, "user_map": map, "inbox": inbox,
            "message_count": self.inbox.len(), "current_user": current,
            "random_seed": self.seed,
        })
    }

    /// The login sentence and `message_login` call when nobody is logged in.
    pub(crate) fn login(&mut self, rng: &mut Rng, split: Split) -> (Option<String>, Vec<ToolCall>) {
        if self.logged_in {
            return (None, Vec::new());
        }
        self.logged_in = true;
        let (me, id) = self.users[0].clone();
        let text = say(rng, &LOGIN, split, &[("me", &me), ("id", &id)]);
        (
            Some(text),
            vec![call("message_login", json!({"user_id": id}))],
        )
    }

    /// A user other than the session's, with their id.
    pub(crate) fn friend(&self, rng: &mut Rng) -> (String, String) {
        self.users[1 + rng.below(self.users.len() - 1)].clone()
    }

    /// `send_message` to `id`.
    pub(crate) fn send(&mut self, id: &str, text: &str) -> ToolCall {
        self.inbox.push((id.to_string(), text.to_string()));
        call("send_message", json!({"receiver_id": id, "message": text}))
    }

    /// `get_user_id` then `send_message`, to user `name`.
    pub(crate) fn send_to(&mut self, name: &str, id: &str, text: &str) -> Vec<ToolCall> {
        vec![
            call("get_user_id", json!({"user": name})),
            self.send(id, text),
        ]
    }
}

/// A word of `text` to search for (4+ letters), or `the`.
fn keyword(rng: &mut Rng, text: &str) -> String {
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_end_matches(['.', ',', ':']))
        .filter(|w| w.len() >= 4 && w.chars().all(char::is_alphabetic))
        .collect();
    if words.is_empty() {
        "the".to_string()
    } else {
        rng.pick(&words).to_string()
    }
}

/// A script on one drawn workspace.
pub(crate) fn script(rng: &mut Rng, split: Split) -> Script {
    let mut world = Messages::draw(rng);
    let scenario = world.scenario();
    let steps = match rng.below(4) {
        0 => send_delete(rng, split, &mut world),
        1 => new_contact(rng, split, &mut world),
        2 => stats(rng, split, &mut world),
        _ => send_two(rng, split, &mut world),
    };
    Script {
        worlds: vec![(Class::Messages, scenario)],
        steps,
    }
}

fn send_delete(rng: &mut Rng, split: Split, w: &mut Messages) -> Vec<Step> {
    let (login, mut calls) = w.login(rng, split);
    let (friend, id) = w.friend(rng);
    let msg = pools::note(rng);
    calls.extend(w.send_to(&friend, &id, &msg));
    let v = [("friend", friend.as_str()), ("msg", &msg)];
    let text = say(rng, &SEND, split, &v);
    let delete = call("delete_message", json!({"receiver_id": id}));
    let mut steps = vec![
        Step::new(with_login(rng, login, text), calls),
        Step::new(say(rng, &DELETE_LAST, split, &v), vec![delete]),
    ];
    if rng.chance(0.7) {
        let view = call0("view_messages_sent");
        steps.push(Step::new(say(rng, &VIEW_SENT, split, &v), vec![view]));
    }
    steps
}

fn new_contact(rng: &mut Rng, split: Split, w: &mut Messages) -> Vec<Step> {
    let mut new = rng.pick(&pools::PEOPLE).to_string();
    while w.users.iter().any(|(n, _)| *n == new) {
        new = format!(
            "{} {}",
            rng.pick(&pools::PEOPLE),
            rng.pick(&["Lee", "Khan", "Silva", "Novak", "Berg"])
        );
    }
    w.count += 1;
    let id = user_id(w.count);
    w.users.push((new.clone(), id.clone()));
    let msg = pools::note(rng);
    let kw = keyword(rng, &msg);
    let v = [("new", new.as_str()), ("msg", &msg), ("kw", &kw)];
    let add = call("add_contact", json!({"user_name": new}));
    let (login, mut calls) = w.login(rng, split);
    calls.push(w.send(&id, &msg));
    let text = say(rng, &SEND_NEW, split, &v);
    let mut steps = vec![
        Step::new(say(rng, &ADD_CONTACT, split, &v), vec![add]),
        Step::new(with_login(rng, login, text), calls),
    ];
    if rng.chance(0.7) {
        let search = call("search_messages", json!({"keyword": kw}));
        steps.push(Step::new(say(rng, &SEARCH_MSG, split, &v), vec![search]));
    }
    steps
}

fn stats(rng: &mut Rng, split: Split, w: &mut Messages) -> Vec<Step> {
    let (login, mut calls) = w.login(rng, split);
    calls.push(call0("get_message_stats"));
    let (friend, id) = w.friend(rng);
    let msg = pools::note(rng);
    let v = [("friend", friend.as_str()), ("msg", &msg)];
    let text = say(rng, &STATS0, split, &v);
    let sends = w.send_to(&friend, &id, &msg);
    let text = with_login(rng, login, text);
    let text = format!("{} {text}", intro(rng, split, &w.users[0].0));
    vec![
        Step::new(text, calls),
        Step::new(say(rng, &SEND, split, &v), sends),
        Step::new(
            say(rng, &STATS_AGAIN, split, &v),
            vec![call0("get_message_stats")],
        ),
    ]
}

fn send_two(rng: &mut Rng, split: Split, w: &mut Messages) -> Vec<Step> {
    let (a, ida) = w.friend(rng);
    let (mut b, mut idb) = w.friend(rng);
    while b == a {
        (b, idb) = w.friend(rng);
    }
    let msg = pools::note(rng);
    let v = [("a", a.as_str()), ("b", &b), ("msg", &msg)];
    let (login, mut calls) = w.login(rng, split);
    calls.extend(w.send_to(&a, &ida, &msg));
    calls.extend(w.send_to(&b, &idb, &msg));
    let text = say(rng, &SEND_TWO, split, &v);
    let list = say(rng, &LIST_USERS, split, &v);
    let list = format!("{} {list}", intro(rng, split, &w.users[0].0));
    let mut steps = vec![
        Step::new(list, vec![call0("list_users")]),
        Step::new(with_login(rng, login, text), calls),
    ];
    if rng.chance(0.6) {
        let view = call0("view_messages_sent");
        steps.push(Step::new(say(rng, &VIEW_SENT, split, &v), vec![view]));
    }
    steps
}

const LOGIN: [&str; 8] = [
    "I'm {me} and my user id is {id}; log me in to the messaging app first.",
    "You'll need to log me in to messages first: my user ID is {id}.",
    "Log in to messages as {id} (that's me, {me}) before you start.",
    "My messaging user id is {id}, in case you need to log in.",
    "First sign me in to the message app with user ID {id}.",
    "Please log me in to messaging as user {id} first.",
    "I haven't logged in to messages yet; my ID is {id}.",
    "Use my user id {id} to log in to the message app.",
];
const SEND: [&str; 12] = [
    "Send a message to {friend} saying '{msg}'",
    "Message {friend}: '{msg}'",
    "Can you tell {friend} '{msg}' over the messaging app?",
    "Please send {friend} this message: '{msg}'",
    "Drop {friend} a message: '{msg}'",
    "I need to let {friend} know: '{msg}' Send it as a message.",
    "Write to {friend} with '{msg}'",
    "Send '{msg}' to {friend}.",
    "Shoot {friend} a quick message that says '{msg}'",
    "Pass this on to {friend} by message: '{msg}'",
    "Could you message {friend} the following: '{msg}'",
    "Let {friend} know '{msg}' by sending a message.",
];
const DELETE_LAST: [&str; 8] = [
    "Actually, delete that message.",
    "On second thought, remove the message you just sent.",
    "Please delete the last message to {friend}.",
    "Undo that: delete the message to {friend}.",
    "Scratch that message; delete it.",
    "Delete the message I just sent to {friend}.",
    "Take back that message, please delete it.",
    "Remove my latest message to {friend}.",
];
pub(crate) const VIEW_SENT: [&str; 8] = [
    "Show me all the messages I've sent.",
    "What messages have I sent so far?",
    "List my sent messages.",
    "Pull up everything I've sent.",
    "Let me see my sent messages now.",
    "Display the messages I've sent, grouped by receiver.",
    "Which messages have gone out from me?",
    "Give me an overview of my sent messages.",
];
const ADD_CONTACT: [&str; 12] = [
    "Add {new} as a new contact.",
    "Please add a contact named {new} to the workspace.",
    "Create a contact for {new}.",
    "I met {new} today; add them to my contacts.",
    "Can you add {new} to the workspace contacts?",
    "Put {new} in my contacts.",
    "Register {new} as a contact.",
    "Add a new user called {new}.",
    "Save {new} as a contact, please.",
    "New contact: {new}. Add them.",
    "Include {new} in my contact list.",
    "Set up {new} as a contact in the workspace.",
];
const SEND_NEW: [&str; 8] = [
    "Now send them the message '{msg}'",
    "Send your new contact this: '{msg}'",
    "Message {new}: '{msg}'",
    "Welcome {new} with the message '{msg}'",
    "Send '{msg}' to the contact you just added.",
    "Please message the new contact: '{msg}'",
    "Write to {new}: '{msg}'",
    "Drop them a message saying '{msg}'",
];
const SEARCH_MSG: [&str; 8] = [
    "Search my messages for '{kw}'.",
    "Which messages mention '{kw}'?",
    "Find messages containing '{kw}'.",
    "Look through the messages for '{kw}'.",
    "Are there messages about '{kw}'? Search for them.",
    "Run a search for '{kw}' in my messages.",
    "Show me every message with '{kw}' in it.",
    "Check which messages include the word '{kw}'.",
];
const STATS0: [&str; 12] = [
    "How many messages have I got? Show me my message stats.",
    "Give me my messaging statistics.",
    "What are my message stats?",
    "Pull up the statistics for my messages.",
    "Show my messaging stats: received count and contacts.",
    "Check my message statistics, please.",
    "Get my message stats.",
    "Let me see how many messages and contacts I have.",
    "Can you fetch my message statistics?",
    "I'd like an overview of my messaging stats.",
    "Report my message stats.",
    "What do my message numbers look like?",
];
const STATS_AGAIN: [&str; 8] = [
    "And what are the stats now?",
    "Check the message stats again.",
    "Show me the updated message statistics.",
    "How do my stats look now?",
    "Get my message stats once more.",
    "Pull the stats again, please.",
    "Let me see the statistics after that.",
    "What are my message numbers now?",
];
const LIST_USERS: [&str; 12] = [
    "Who's in the workspace?",
    "List all the users.",
    "Show me every user in the workspace.",
    "Which users can I message?",
    "Give me the list of users.",
    "Who can I send messages to? List the users.",
    "Pull up the workspace's user list.",
    "Let me see all the users here.",
    "Can you list everyone in the workspace?",
    "What users are there?",
    "Display the users of the workspace.",
    "Tell me who the users are.",
];
const SEND_TWO: [&str; 8] = [
    "Send '{msg}' to {a} first, then to {b}.",
    "Message {a} and then {b}, both with '{msg}'",
    "I need '{msg}' sent to {a}, and after that to {b}.",
    "First message {a}, then {b}: '{msg}'",
    "Send the same message to {a} and then {b}: '{msg}'",
    "Please send {a} the message '{msg}', and then send it to {b} too.",
    "Tell {a}, then {b}: '{msg}'",
    "Message '{msg}' to {a}; afterwards send it to {b}.",
];
