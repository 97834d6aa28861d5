//! The `class_multi_turn` category: state-checked scripts of 2-4 user turns on BFCL's
//! multi-turn API classes (the `tools-wasm` components `gorilla_file_system`, `ticket_api`,
//! `posting_api`, `message_api` and `trading_bot`), judged as BFCL judges its multi-turn
//! categories (see [`crate::episode::state_check`]).
//!
//! A script draws a *world* for each class it uses (a file tree, a ticket queue, a Twitter
//! account with tweets, a messaging workspace, a brokerage account; every name, text and number
//! from the seed, see `pools`), then writes its turns against that world: each turn's text comes
//! from a template list, and its `reference_calls` are computed from the world as the previous
//! turns left it. The worlds model the classes' state transitions the scripts rely on (ids from
//! counters, files moved into folders, the working directory, who is logged in), so later turns
//! can say "close the ticket you just opened", "move that file into the folder you created" or
//! "sell half of what you bought", and the generator knows the id, the path or the amount.
//! A turn that needs a login the world lacks starts with the credentials and the login call.
//!
//! The task offers every function of every class it involves (by name), sets `tool_config` to
//! each class's drawn scenario (`{"scenario", "long_context": false}`), and gives each turn its
//! reference calls plus `ground_truth`: one alternative that accepts exactly those calls, for
//! the reward's partial credit. Half the scripts on one class also involve a second class they
//! never call, as BFCL's entries often do (its state must simply stay unchanged).
//!
//! Every reference call succeeds on the drawn world (no `{"error": ...}` result); the
//! end-to-end test `tests/gen_multi_turn.rs` checks that by running them, and that an oracle
//! playing them passes the state check.

use serde_json::{Value, json};

use super::phrasing::{self, fill, template};
use super::pools;
use super::rng::Rng;
use super::{
    Kind, Split, bfcl_fs, bfcl_message, bfcl_mixed, bfcl_ticket, bfcl_trading, bfcl_twitter,
};
use crate::checker::ExpectedCall;
use crate::spec::ToolCall;
use crate::task::{Message, Task, ToolRef, Turn};

/// A BFCL API class the category scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Class {
    /// `GorillaFileSystem` (`gorilla_file_system`).
    Files,
    /// `TicketAPI` (`ticket_api`).
    Tickets,
    /// `TwitterAPI` (`posting_api`).
    Twitter,
    /// `MessageAPI` (`message_api`).
    Messages,
    /// `TradingBot` (`trading_bot`).
    Trading,
}

impl Class {
    /// Every scripted class.
    pub(crate) const ALL: [Class; 5] = [
        Class::Files,
        Class::Tickets,
        Class::Twitter,
        Class::Messages,
        Class::Trading,
    ];

    /// The tool (component file stem) that hosts the class.
    pub(crate) fn tool(self) -> &'static str {
        match self {
            Class::Files => "gorilla_file_system",
            Class::Tickets => "ticket_api",
            Class::Twitter => "posting_api",
            Class::Messages => "message_api",
            Class::Trading => "trading_bot",
        }
    }

    /// Every function of the class, in the order of its `spec.json`.
    pub(crate) fn functions(self) -> &'static [&'static str] {
        match self {
            Class::Files => &[
                "cat", "cd", "cp", "diff", "du", "echo", "find", "grep", "ls", "mkdir", "mv",
                "pwd", "rm", "rmdir", "sort", "tail", "touch", "wc",
            ],
            Class::Tickets => &[
                "close_ticket",
                "create_ticket",
                "edit_ticket",
                "get_ticket",
                "get_user_tickets",
                "logout",
                "resolve_ticket",
                "ticket_get_login_status",
                "ticket_login",
            ],
            Class::Twitter => &[
                "authenticate_twitter",
                "comment",
                "follow_user",
                "get_tweet",
                "get_tweet_comments",
                "get_user_stats",
                "get_user_tweets",
                "list_all_following",
                "mention",
                "post_tweet",
                "posting_get_login_status",
                "retweet",
                "search_tweets",
                "unfollow_user",
            ],
            Class::Messages => &[
                "add_contact",
                "delete_message",
                "get_message_stats",
                "get_user_id",
                "list_users",
                "message_get_login_status",
                "message_login",
                "search_messages",
                "send_message",
                "view_messages_sent",
            ],
            Class::Trading => &[
                "add_to_watchlist",
                "cancel_order",
                "filter_stocks_by_price",
                "fund_account",
                "get_account_info",
                "get_available_stocks",
                "get_current_time",
                "get_order_details",
                "get_order_history",
                "get_stock_info",
                "get_symbol_by_name",
                "get_transaction_history",
                "get_watchlist",
                "notify_price_change",
                "place_order",
                "remove_stock_from_watchlist",
                "trading_get_login_status",
                "trading_login",
                "trading_logout",
                "withdraw_funds",
            ],
        }
    }

    /// A freshly drawn scenario of the class, for a class the script involves but never calls.
    fn scenario(self, rng: &mut Rng) -> Value {
        match self {
            Class::Files => bfcl_fs::Files::draw(rng).scenario(),
            Class::Tickets => bfcl_ticket::Tickets::draw(rng).scenario(),
            Class::Twitter => bfcl_twitter::Twitter::draw(rng).scenario(),
            Class::Messages => bfcl_message::Messages::draw(rng).scenario(),
            Class::Trading => bfcl_trading::Trading::draw(rng).scenario(),
        }
    }
}

/// Every function the category may offer, class by class.
pub(crate) fn function_names() -> Vec<&'static str> {
    Class::ALL
        .iter()
        .flat_map(|c| c.functions().iter().copied())
        .collect()
}

/// One user turn of a script: its words and the calls that serve it.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    /// The user's words.
    pub text: String,
    /// The reference calls, in order.
    pub calls: Vec<ToolCall>,
    /// The answer the calls' results give, when short and computed.
    pub answer: Option<String>,
}

impl Step {
    /// A turn without a computed answer.
    pub(crate) fn new(text: String, calls: Vec<ToolCall>) -> Self {
        Self {
            text,
            calls,
            answer: None,
        }
    }

    /// The same turn with `answer`.
    pub(crate) fn answer(mut self, answer: impl Into<String>) -> Self {
        self.answer = Some(answer.into());
        self
    }
}

/// A script: the classes it involves with their initial scenarios, and its turns.
#[derive(Debug, Clone)]
pub(crate) struct Script {
    /// Each involved class and its scenario, in the order the script first uses them.
    pub worlds: Vec<(Class, Value)>,
    /// The user turns (2-4).
    pub steps: Vec<Step>,
}

/// A call of `name` with the arguments `args` (a JSON object).
pub(crate) fn call(name: &str, args: Value) -> ToolCall {
    ToolCall::new(name, args)
}

/// A call of `name` without arguments.
pub(crate) fn call0(name: &str) -> ToolCall {
    ToolCall::new(name, json!({}))
}

/// A template of `templates` for `split` with its holes filled from `vars`, without a full
/// stop after a quoted value that ends a sentence itself (`'Fixed.'.` becomes `'Fixed.'`).
pub(crate) fn say(
    rng: &mut Rng,
    templates: &[&str],
    split: Split,
    vars: &[(&str, &str)],
) -> String {
    let mut text = fill(template(rng, templates, split), vars);
    for end in [".", "!", "?"] {
        for quote in ["'", "\""] {
            text = text.replace(&format!("{end}{quote}."), &format!("{end}{quote}"));
        }
    }
    text
}

/// Account credentials for a class whose calls need a login first.
pub(crate) struct Login<'a> {
    /// Whether the session is logged in (set by [`login_once`]).
    pub logged_in: &'a mut bool,
    /// The username.
    pub user: &'a str,
    /// The password.
    pub password: &'a str,
}

/// When not logged in: the credentials sentence (a template of `templates`, holes `user` and
/// `password`) and the login call `function(username, password)`, and the session is logged in
/// from then on; nothing when it already is.
pub(crate) fn login_once(
    rng: &mut Rng,
    split: Split,
    templates: &[&str],
    function: &str,
    login: Login<'_>,
) -> (Option<String>, Vec<ToolCall>) {
    if *login.logged_in {
        return (None, Vec::new());
    }
    *login.logged_in = true;
    let v = [("user", login.user), ("password", login.password)];
    let text = say(rng, templates, split, &v);
    let c = call(
        function,
        json!({"username": login.user, "password": login.password}),
    );
    (Some(text), vec![c])
}

/// The person a username is made from: `maria_k` -> `Maria`.
pub(crate) fn person_of(username: &str) -> String {
    let name: String = username
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => username.to_string(),
    }
}

/// `login` (a sentence giving credentials, or nothing) joined to `text`: before it or after it.
pub(crate) fn with_login(rng: &mut Rng, login: Option<String>, text: String) -> String {
    match login {
        None => text,
        Some(l) if rng.chance(0.5) => format!("{l} {text}"),
        Some(l) => format!("{text} {l}"),
    }
}

/// A sentence introducing the user `name` (a first turn without values of its own starts with
/// one, so that such turns rarely repeat).
pub(crate) fn intro(rng: &mut Rng, split: Split, name: &str) -> String {
    const INTRO: [&str; 12] = [
        "I'm {name} from {city}.",
        "{name} here, working from {city} today.",
        "This is {name}; I'm at the {place} right now.",
        "I'm {name}, and I'm busy with the {project} project today.",
        "Hello, {name} speaking, from our {city} office.",
        "It's {name}. I only have a few minutes before the {project} meeting.",
        "I'm {name}, just back from {city}.",
        "{name} here. I'm sitting in the {place} with my laptop.",
        "Good day, this is {name} in {city}.",
        "I'm {name} and I'm wrapping up the {project} work.",
        "My name's {name}; I'm at the {place} until noon.",
        "{name} again, writing from {city}.",
    ];
    let city = *rng.pick(&pools::CITIES);
    let place = *rng.pick(&pools::PLACES);
    let project = *rng.pick(&pools::PROJECTS);
    let v = [
        ("name", name),
        ("city", city),
        ("place", place),
        ("project", project),
    ];
    say(rng, &INTRO, split, &v)
}

/// `text` after an introduction of the person behind `username`.
pub(crate) fn introduced(rng: &mut Rng, split: Split, username: &str, text: String) -> String {
    format!("{} {text}", intro(rng, split, &person_of(username)))
}

/// A script on one class or two, chosen at random.
fn script(rng: &mut Rng, split: Split) -> Script {
    match rng.below(16) {
        0..=3 => bfcl_fs::script(rng, split),
        4..=6 => bfcl_ticket::script(rng, split),
        7..=8 => bfcl_twitter::script(rng, split),
        9..=10 => bfcl_message::script(rng, split),
        11..=13 => bfcl_trading::script(rng, split),
        _ => bfcl_mixed::script(rng, split),
    }
}

/// Optional parameters the scripts may pass at their documented default, as (function,
/// parameter, default): leaving such a parameter out gives the same state and result.
const DEFAULTS: [(&str, &str, &str); 7] = [
    ("post_tweet", "tags", "[]"),
    ("post_tweet", "mentions", "[]"),
    ("wc", "mode", "\"l\""),
    ("tail", "lines", "10"),
    ("find", "path", "\".\""),
    ("create_ticket", "description", "\"\""),
    ("create_ticket", "priority", "1"),
];

/// A reference call as an expected call that accepts exactly its arguments (as the BFCL
/// multi-turn importer writes its ground truth), and leaving out an optional one given at
/// its default (listed in [`DEFAULTS`]).
fn exact(call: &ToolCall) -> ExpectedCall {
    let at_default = |param: &str, value: &Value| {
        DEFAULTS.iter().any(|(f, p, d)| {
            *f == call.name
                && *p == param
                && serde_json::from_str::<Value>(d).ok().as_ref() == Some(value)
        })
    };
    let params = call
        .arguments
        .as_object()
        .map(|args| {
            args.iter()
                .map(|(k, v)| {
                    let mut values = vec![v.clone()];
                    if at_default(k, v) {
                        values.push(Value::String(String::new()));
                    }
                    (k.clone(), Value::Array(values))
                })
                .collect()
        })
        .unwrap_or_default();
    ExpectedCall {
        name: call.name.clone(),
        params,
    }
}

/// A later turn's text: an optional acknowledgement and an optional connective before it
/// (many later turns carry no values of their own, such as "Cancel it.", so these keep them
/// from repeating across tasks).
pub(crate) fn later(rng: &mut Rng, text: &str) -> String {
    const CONNECTIVES: [&str; 14] = [
        "Next, ",
        "Now, ",
        "Also, ",
        "Then, ",
        "One more thing: ",
        "Right, ",
        "OK so, ",
        "Following up: ",
        "And now, ",
        "Next step: ",
        "After that, ",
        "Moving on, ",
        "Good, so ",
        "Another thing: ",
    ];
    const CONNECTED: [&str; 8] = [
        "now", "then", "also", "and", "next", "actually", "after", "on",
    ];
    let ack = phrasing::ack(rng);
    let first = text.split([' ', ',']).next().unwrap_or("").to_lowercase();
    if CONNECTED.contains(&first.as_str()) || rng.chance(0.4) {
        return format!("{ack}{text}");
    }
    let connective = *rng.pick(&CONNECTIVES);
    format!("{ack}{connective}{}", phrasing::lower_first(text))
}

/// One `class_multi_turn` task for `split` (its id is set by the caller).
pub(super) fn build(split: Split, rng: &mut Rng) -> Task {
    let mut script = script(rng, split);
    if script.worlds.len() == 1 && rng.chance(0.5) {
        let used = script.worlds[0].0;
        let others: Vec<Class> = Class::ALL.into_iter().filter(|c| *c != used).collect();
        let extra = *rng.pick(&others);
        let scenario = extra.scenario(rng);
        script.worlds.push((extra, scenario));
    }
    let tools = script
        .worlds
        .iter()
        .flat_map(|(class, _)| class.functions().iter())
        .map(|name| ToolRef::Named((*name).to_string()))
        .collect();
    let tool_config = script
        .worlds
        .iter()
        .map(|(class, scenario)| {
            let config = json!({"scenario": scenario, "long_context": false});
            (class.tool().to_string(), config)
        })
        .collect();
    let turns = script
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| Turn {
            user: (i > 0).then(|| later(rng, &step.text)),
            ground_truth: vec![step.calls.iter().map(exact).collect()],
            expected_answer: step.answer.clone(),
            any_call: false,
            reference_calls: Some(step.calls.clone()),
            new_tools: Vec::new(),
        })
        .collect();
    let first = script.steps.first().map_or("", |s| s.text.as_str());
    Task {
        id: String::new(),
        demonstrations: Vec::new(),
        source: Some("gen".into()),
        category: Some(Kind::ClassMultiTurn.as_str().into()),
        messages: vec![Message::user(phrasing::polish(rng, first))],
        tools,
        tool_config,
        turns,
        single_step: false,
    }
}
