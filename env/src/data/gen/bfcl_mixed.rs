//! Scripts on two BFCL classes at once, where a later turn uses what an earlier turn found
//! in the other class: tweet the first line of a file just read (then comment on the tweet or
//! retweet it); open a support ticket about a stock order just placed, then cancel the order
//! and close the ticket; message a friend the text of a file just read, then view the sent
//! messages.

use serde_json::json;

use super::Split;
use super::bfcl_fs::{Files, cat};
use super::bfcl_message::{Messages, VIEW_SENT};
use super::bfcl_script::{Class, Script, Step, call, call0, say, with_login};
use super::bfcl_ticket::Tickets;
use super::bfcl_trading::{Trading, buy_turn};
use super::bfcl_twitter::{COMMENT_OWN, RETWEET_OWN, Twitter, comment_text};
use super::rng::Rng;

/// A script on two classes.
pub(crate) fn script(rng: &mut Rng, split: Split) -> Script {
    match rng.below(3) {
        0 => tweet_file(rng, split),
        1 => order_ticket(rng, split),
        _ => message_file(rng, split),
    }
}

/// A turn reading a file of a first-level folder; the folder and file.
fn read_file(rng: &mut Rng, split: Split, fs: &mut Files) -> (Step, String) {
    let (path, file) = fs.pick_file(rng, 1, false);
    let dir = path.join("/");
    let mut calls = fs.go(&path);
    let text = say(rng, &FS_SHOW, split, &[("dir", &dir), ("file", &file)]);
    let read = cat(fs, text, &file);
    calls.extend(read.calls);
    (Step { calls, ..read }, file)
}

fn tweet_file(rng: &mut Rng, split: Split) -> Script {
    let mut fs = Files::draw(rng);
    let mut tw = Twitter::draw(rng);
    let worlds = vec![
        (Class::Files, fs.scenario()),
        (Class::Twitter, tw.scenario()),
    ];
    let (read, file) = read_file(rng, split, &mut fs);
    let line = fs
        .content(&file)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    let (login, mut calls) = tw.login(rng, split);
    let (id, post) = tw.post(&line, &[], &[]);
    calls.push(post);
    let comment = comment_text(rng);
    let v = [("file", file.as_str()), ("comment", &comment)];
    let text = say(rng, &TWEET_LINE, split, &v);
    let last = if rng.chance(0.5) {
        let c = call(
            "comment",
            json!({"tweet_id": id, "comment_content": comment}),
        );
        Step::new(say(rng, &COMMENT_OWN, split, &v), vec![c])
    } else {
        let c = call("retweet", json!({"tweet_id": id}));
        Step::new(say(rng, &RETWEET_OWN, split, &v), vec![c])
    };
    let steps = vec![read, Step::new(with_login(rng, login, text), calls), last];
    Script { worlds, steps }
}

fn order_ticket(rng: &mut Rng, split: Split) -> Script {
    let mut trading = Trading::draw(rng);
    let mut tickets = Tickets::draw(rng);
    let worlds = vec![
        (Class::Trading, trading.scenario()),
        (Class::Tickets, tickets.scenario()),
    ];
    let bought = buy_turn(rng, split, &mut trading);
    let (sym, n) = (bought.symbol, bought.shares);
    let title = match rng.below(3) {
        0 => format!("Order for {sym} stuck"),
        1 => format!("Question about my {sym} order"),
        _ => format!("{sym} purchase not filled"),
    };
    let desc = match rng.below(3) {
        0 => format!("I placed an order for {n} {sym} shares and it is still open."),
        1 => format!("My buy order of {n} {sym} shares has not gone through."),
        _ => format!("Please check my pending purchase of {n} shares of {sym}."),
    };
    let p = rng.range(2, 5);
    let ps = p.to_string();
    let v = [("title", title.as_str()), ("desc", &desc), ("p", &ps)];
    let (login, mut calls) = tickets.login(rng, split);
    let (tid, create) = tickets.create(&title, &desc, p);
    calls.push(create);
    let text = say(rng, &ORDER_TICKET, split, &v);
    let cancel = call("cancel_order", json!({"order_id": bought.id}));
    let close = tickets.close(tid);
    let steps = vec![
        bought.step,
        Step::new(with_login(rng, login, text), calls),
        Step::new(say(rng, &CANCEL_AND_CLOSE, split, &v), vec![cancel, close]),
    ];
    Script { worlds, steps }
}

fn message_file(rng: &mut Rng, split: Split) -> Script {
    let mut fs = Files::draw(rng);
    let mut messages = Messages::draw(rng);
    let worlds = vec![
        (Class::Files, fs.scenario()),
        (Class::Messages, messages.scenario()),
    ];
    let (read, file) = read_file(rng, split, &mut fs);
    let content = fs.content(&file);
    let (friend, id) = messages.friend(rng);
    let (login, mut calls) = messages.login(rng, split);
    calls.extend(messages.send_to(&friend, &id, &content));
    let v = [("file", file.as_str()), ("friend", &friend)];
    let text = say(rng, &SEND_FILE, split, &v);
    let mut steps = vec![read, Step::new(with_login(rng, login, text), calls)];
    if rng.chance(0.7) {
        let view = call0("view_messages_sent");
        steps.push(Step::new(say(rng, &VIEW_SENT, split, &v), vec![view]));
    }
    Script { worlds, steps }
}

const FS_SHOW: [&str; 12] = [
    "What's in {file} in my {dir} folder?",
    "Show me the contents of {file}; it's in {dir}.",
    "Go to {dir} and read {file} to me.",
    "Open {file} from the {dir} directory.",
    "Can you display {file} in {dir}?",
    "I need the text of {file}, which is in {dir}.",
    "Read out {file} from {dir}.",
    "Print {file} from my {dir} folder.",
    "Let me see {file} in {dir}.",
    "Cat {file} in the {dir} folder.",
    "Pull up {file} from {dir}.",
    "What does {file} in {dir} say?",
];
const TWEET_LINE: [&str; 8] = [
    "Tweet the first line of that file, word for word, without tags.",
    "Post the file's first line as a tweet, exactly as written.",
    "Share its first line on Twitter, unchanged.",
    "Make a tweet out of the first line of {file}, verbatim.",
    "Put the first line of {file} on Twitter exactly.",
    "Post a tweet whose content is exactly the first line of that file.",
    "Publish the opening line of {file} as a tweet, no tags.",
    "Use the first line of the file as the text of a new tweet.",
];
const ORDER_TICKET: [&str; 8] = [
    "Open a support ticket about it titled '{title}', description '{desc}', priority {p}.",
    "Please file a ticket named '{title}' with the description '{desc}' at priority {p}.",
    "Something looks off with that order. Create a ticket '{title}' ('{desc}'), priority {p}.",
    "Raise a ticket for it: title '{title}', description '{desc}', priority {p}.",
    "Log a ticket called '{title}' describing '{desc}'; priority {p}.",
    "Create a priority-{p} ticket titled '{title}' that says '{desc}'",
    "I want support to look at it. Ticket title: '{title}', description: '{desc}', priority {p}.",
    "Submit a ticket '{title}' with priority {p} and the description '{desc}'",
];
const CANCEL_AND_CLOSE: [&str; 8] = [
    "Cancel that order and close the ticket you opened.",
    "Never mind: cancel the order, then close the ticket.",
    "Please cancel the order and close the support ticket too.",
    "Call off the order and close the ticket about it.",
    "I'll sort it out myself. Cancel the order and close the ticket.",
    "Cancel the stock order, and also close the ticket.",
    "Drop the order and close its ticket.",
    "Cancel the order; the ticket can be closed as well.",
];
const SEND_FILE: [&str; 8] = [
    "Send that text to {friend} as a message, exactly as it is.",
    "Message {friend} the file's content, verbatim.",
    "Forward the content of {file} to {friend} in a message.",
    "Please send {friend} exactly what {file} says.",
    "Share the file's text with {friend} by message, unchanged.",
    "Send {friend} a message containing the full content of {file}.",
    "Pass the content of {file} on to {friend}, word for word.",
    "Message the whole text of {file} to {friend}.",
];
