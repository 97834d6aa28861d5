//! `TicketAPI` scripts: a drawn ticket queue and user, and turns on the tickets they create or
//! find (open a ticket, edit it, close or resolve "the ticket you just opened"; look a ticket
//! up, resolve it, open a follow-up; list my open tickets, close them all, log out; open two,
//! close the less urgent, show the other).
//!
//! New tickets take their ids from the queue's `ticket_counter`, as the class does, so the
//! world knows "the ticket you just opened". Every existing ticket has the keys the class's
//! functions read (`status`, `created_by`, ...). When the drawn user is logged out, the first
//! turn that needs a login (creating or listing tickets) gives the credentials and starts with
//! `ticket_login`.

use serde_json::{Value, json};

use super::Split;
use super::bfcl_script::{
    Class, Login, Script, Step, call, call0, introduced, login_once, say, with_login,
};
use super::pools;
use super::rng::Rng;
use crate::spec::ToolCall;

/// One ticket of the queue.
#[derive(Debug, Clone)]
struct Ticket {
    id: i64,
    title: String,
    description: String,
    status: &'static str,
    priority: i64,
    created_by: String,
}

/// A `TicketAPI` world.
#[derive(Debug, Clone)]
pub(crate) struct Tickets {
    user: String,
    password: String,
    logged_in: bool,
    queue: Vec<Ticket>,
    counter: i64,
}

/// A username: `maria_k`, `tom.ops`, `priya42`.
pub(crate) fn username(rng: &mut Rng) -> String {
    let person = rng.pick(&pools::PEOPLE).to_lowercase();
    match rng.below(4) {
        0 => format!("{person}_{}", (b'a' + rng.below(26) as u8) as char),
        1 => format!(
            "{person}.{}",
            rng.pick(&["ops", "it", "dev", "support", "hr"])
        ),
        2 => format!("{person}{}", rng.range(1, 99)),
        _ => format!("{person}_{}", rng.pick(&["admin", "team", "work", "desk"])),
    }
}

/// A password of letters, digits and one symbol (no quotes or spaces).
pub(crate) fn password(rng: &mut Rng) -> String {
    const WORDS: [&str; 12] = [
        "Sunset", "Maple", "Falcon", "River", "Copper", "Orbit", "Tiger", "Cedar", "Nova",
        "Harbor", "Pixel", "Summit",
    ];
    let sym = *rng.pick(&["!", "#", "$", "@", "%"]);
    format!("{}{}{sym}", rng.pick(&WORDS), rng.range(10, 9999))
}

/// A ticket title.
fn title(rng: &mut Rng) -> String {
    let thing = *rng.pick(&pools::THINGS);
    let place = *rng.pick(&pools::PLACES);
    let project = *rng.pick(&pools::PROJECTS);
    match rng.below(8) {
        0 => format!("{} not working", capitalize(thing)),
        1 => format!("VPN access for {}", rng.pick(&pools::PEOPLE)),
        2 => format!("Broken {thing} at the {place}"),
        3 => format!("Login issue on the {project} portal"),
        4 => format!("Request for a new {thing}"),
        5 => format!("{} deployment failed", capitalize(project)),
        6 => format!("Printer jam at the {place}"),
        _ => format!("Refund for order {}", rng.range(1000, 99999)),
    }
}

/// A one-sentence ticket description.
fn description(rng: &mut Rng) -> String {
    let thing = *rng.pick(&pools::THINGS);
    let place = *rng.pick(&pools::PLACES);
    let who = *rng.pick(&pools::PEOPLE);
    let day = *rng.pick(&pools::WEEKDAYS);
    let project = *rng.pick(&pools::PROJECTS);
    match rng.below(6) {
        0 => format!("The {thing} at the {place} stopped working on {day}."),
        1 => format!("{who} cannot open the {project} dashboard since {day}."),
        2 => format!("Please replace the {thing} before {day}."),
        3 => format!("The {project} build fails after the last update."),
        4 => format!(
            "{who} reports error 5{:02} when saving files.",
            rng.range(0, 99)
        ),
        _ => format!("Customer {who} was charged twice on {day}."),
    }
}

/// A resolution note.
fn resolution(rng: &mut Rng) -> String {
    let thing = *rng.pick(&pools::THINGS);
    let who = *rng.pick(&pools::PEOPLE);
    let project = *rng.pick(&pools::PROJECTS);
    match rng.below(6) {
        0 => format!("Replaced the {thing}."),
        1 => format!("Reset the password for {who}."),
        2 => format!("Restarted the {project} service."),
        3 => "Fixed after a reboot.".to_string(),
        4 => format!("Refund issued to {who}."),
        _ => format!("Rolled back the {project} update."),
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Tickets {
    /// A queue of 2-4 tickets (the first an open one of the user) and a user, logged in half
    /// the time.
    pub(crate) fn draw(rng: &mut Rng) -> Self {
        let user = username(rng);
        let mut id = rng.range(1, 400);
        let mut queue = Vec::new();
        for i in 0..2 + rng.below(3) {
            let mine = i == 0 || rng.chance(0.5);
            let status = match i {
                0 => "Open",
                _ => *rng.pick(&["Open", "Open", "In Progress", "Closed"]),
            };
            queue.push(Ticket {
                id,
                title: title(rng),
                description: description(rng),
                status,
                priority: rng.range(1, 5),
                created_by: if mine { user.clone() } else { username(rng) },
            });
            id += rng.range(1, 40);
        }
        Self {
            user,
            password: password(rng),
            logged_in: rng.chance(0.5),
            queue,
            counter: id + rng.range(0, 30),
        }
    }

    /// The scenario `_load_scenario` takes.
    pub(crate) fn scenario(&self) -> Value {
        let queue: Vec<Value> = self
            .queue
            .iter()
            .map(|t| {
                json!({
                    "id": t.id, "title": t.title, "description": t.description,
                    "status": t.status, "priority": t.priority, "created_by": t.created_by,
                })
            })
            .collect();
        let user = if self.logged_in {
            json!(self.user)
        } else {
            Value::Null
        };
        json!({"ticket_queue": queue, "ticket_counter": self.counter, "current_user": user})
    }

    /// The credentials sentence and `ticket_login` call when logged out (then logged in).
    pub(crate) fn login(&mut self, rng: &mut Rng, split: Split) -> (Option<String>, Vec<ToolCall>) {
        login_once(
            rng,
            split,
            &LOGIN,
            "ticket_login",
            Login {
                logged_in: &mut self.logged_in,
                user: &self.user,
                password: &self.password,
            },
        )
    }

    /// `create_ticket` (the new ticket's id is the counter).
    pub(crate) fn create(
        &mut self,
        title: &str,
        description: &str,
        priority: i64,
    ) -> (i64, ToolCall) {
        let id = self.counter;
        self.counter += 1;
        self.queue.push(Ticket {
            id,
            title: title.to_string(),
            description: description.to_string(),
            status: "Open",
            priority,
            created_by: self.user.clone(),
        });
        let c = call(
            "create_ticket",
            json!({"title": title, "description": description, "priority": priority}),
        );
        (id, c)
    }

    /// `close_ticket`.
    pub(crate) fn close(&mut self, id: i64) -> ToolCall {
        if let Some(t) = self.queue.iter_mut().find(|t| t.id == id) {
            t.status = "Closed";
        }
        call("close_ticket", json!({"ticket_id": id}))
    }
}

/// A new ticket's title, description and priority.
pub(crate) fn new_ticket(rng: &mut Rng) -> (String, String, i64) {
    (title(rng), description(rng), rng.range(1, 5))
}

/// A script on one drawn queue.
pub(crate) fn script(rng: &mut Rng, split: Split) -> Script {
    let mut world = Tickets::draw(rng);
    let scenario = world.scenario();
    let steps = match rng.below(4) {
        0 => create_edit_close(rng, split, &mut world),
        1 => lookup_resolve(rng, split, &mut world),
        2 => close_mine(rng, split, &mut world),
        _ => two_tickets(rng, split, &mut world),
    };
    Script {
        worlds: vec![(Class::Tickets, scenario)],
        steps,
    }
}

fn create_edit_close(rng: &mut Rng, split: Split, w: &mut Tickets) -> Vec<Step> {
    let (login, mut calls) = w.login(rng, split);
    let (t, d, p) = new_ticket(rng);
    let (id, create) = w.create(&t, &d, p);
    calls.push(create);
    let (p2, d2, res) = (
        1 + (p + rng.range(0, 3)) % 5,
        description(rng),
        resolution(rng),
    );
    let ids = id.to_string();
    let (p, p2) = (p.to_string(), p2.to_string());
    let v = [
        ("title", t.as_str()),
        ("desc", &d),
        ("p", &p),
        ("p2", &p2),
        ("desc2", &d2),
        ("id", &ids),
        ("res", &res),
    ];
    let text = say(rng, &CREATE, split, &v);
    let mut steps = vec![Step::new(with_login(rng, login, text), calls)];
    let edit = if rng.chance(0.5) {
        let c = call(
            "edit_ticket",
            json!({"ticket_id": id, "updates": {"priority": p2.parse::<i64>().unwrap_or(1)}}),
        );
        Step::new(say(rng, &EDIT_PRIORITY, split, &v), vec![c])
    } else {
        let c = call(
            "edit_ticket",
            json!({"ticket_id": id, "updates": {"description": d2}}),
        );
        Step::new(say(rng, &EDIT_DESC, split, &v), vec![c])
    };
    steps.push(edit);
    if rng.chance(0.5) {
        steps.push(Step::new(
            say(rng, &CLOSE_NEW, split, &v),
            vec![w.close(id)],
        ));
    } else {
        let c = call(
            "resolve_ticket",
            json!({"ticket_id": id, "resolution": res}),
        );
        steps.push(Step::new(say(rng, &RESOLVE_NEW, split, &v), vec![c]));
    }
    steps
}

fn lookup_resolve(rng: &mut Rng, split: Split, w: &mut Tickets) -> Vec<Step> {
    let open: Vec<Ticket> = w
        .queue
        .iter()
        .filter(|t| t.status != "Closed")
        .cloned()
        .collect();
    let old = rng.pick(&open).clone();
    let ids = old.id.to_string();
    let res = resolution(rng);
    let follow = format!("Follow-up: {}", old.title);
    let (_, d, p) = new_ticket(rng);
    let ps = p.to_string();
    let v = [
        ("id", ids.as_str()),
        ("res", &res),
        ("title", &follow),
        ("desc", &d),
        ("p", &ps),
    ];
    let get = call("get_ticket", json!({"ticket_id": old.id}));
    let resolve = call(
        "resolve_ticket",
        json!({"ticket_id": old.id, "resolution": res}),
    );
    let mut steps = vec![
        Step::new(say(rng, &GET_TICKET, split, &v), vec![get]).answer(old.status),
        Step::new(say(rng, &RESOLVE_OLD, split, &v), vec![resolve]),
    ];
    if rng.chance(0.7) {
        let (login, mut calls) = w.login(rng, split);
        calls.push(w.create(&follow, &d, p).1);
        let text = say(rng, &FOLLOW_UP, split, &v);
        steps.push(Step::new(with_login(rng, login, text), calls));
    }
    steps
}

fn close_mine(rng: &mut Rng, split: Split, w: &mut Tickets) -> Vec<Step> {
    let (login, mut calls) = w.login(rng, split);
    calls.push(call("get_user_tickets", json!({"status": "Open"})));
    let mine: Vec<i64> = w
        .queue
        .iter()
        .filter(|t| t.created_by == w.user && t.status == "Open")
        .map(|t| t.id)
        .collect();
    let text = say(rng, &MY_OPEN, split, &[]);
    let closes = mine.iter().map(|id| w.close(*id)).collect();
    let text = with_login(rng, login, text);
    let text = introduced(rng, split, &w.user, text);
    let mut steps = vec![
        Step::new(text, calls),
        Step::new(say(rng, &CLOSE_ALL, split, &[]), closes),
    ];
    if rng.chance(0.7) {
        steps.push(Step::new(
            say(rng, &LOGOUT, split, &[]),
            vec![call0("logout")],
        ));
    }
    steps
}

fn two_tickets(rng: &mut Rng, split: Split, w: &mut Tickets) -> Vec<Step> {
    let (login, mut calls) = w.login(rng, split);
    let (t1, d1, p1) = new_ticket(rng);
    let (t2, d2, _) = new_ticket(rng);
    let p2 = 1 + (p1 + rng.range(0, 3)) % 5;
    let (id1, c1) = w.create(&t1, &d1, p1);
    let (id2, c2) = w.create(&t2, &d2, p2);
    calls.extend([c1, c2]);
    let (ps1, ps2) = (p1.to_string(), p2.to_string());
    let v = [
        ("t1", t1.as_str()),
        ("d1", &d1),
        ("p1", &ps1),
        ("t2", &t2),
        ("d2", &d2),
        ("p2", &ps2),
    ];
    let (low, other) = if p1 < p2 { (id1, id2) } else { (id2, id1) };
    let text = say(rng, &CREATE_TWO, split, &v);
    let get = call("get_ticket", json!({"ticket_id": other}));
    vec![
        Step::new(with_login(rng, login, text), calls),
        Step::new(say(rng, &CLOSE_LOWER, split, &v), vec![w.close(low)]),
        Step::new(say(rng, &OTHER_SHOW, split, &v), vec![get]),
    ]
}

const LOGIN: [&str; 8] = [
    "I'm not logged in to the ticket system yet: my username is {user} and my password is {password}.",
    "You'll need to log me in first (username {user}, password {password}).",
    "Log in as {user} with password {password} first.",
    "My ticketing credentials are {user} / {password}.",
    "Sign me in as {user}, password {password}, before you do that.",
    "Use my login: username {user}, password {password}.",
    "First log in to the support portal as {user} (password: {password}).",
    "You may need my credentials for the ticket system: {user} and {password}.",
];
const CREATE: [&str; 12] = [
    "Open a support ticket titled '{title}' with the description '{desc}' and priority {p}.",
    "Please create a ticket called '{title}'. Description: '{desc}'. Priority {p}.",
    "I need a new ticket: title '{title}', description '{desc}', priority level {p}.",
    "File a ticket named '{title}' at priority {p}; describe it as '{desc}'.",
    "Can you raise a ticket? Title: '{title}'. Details: '{desc}'. Priority: {p}.",
    "Create a priority-{p} ticket with the title '{title}' and the description '{desc}'.",
    "Log a new issue titled '{title}' ('{desc}'), priority {p}.",
    "Submit a ticket for me: '{title}', described as '{desc}', with priority {p}.",
    "Put in a ticket called '{title}' saying '{desc}'. Make it priority {p}.",
    "Start a ticket titled '{title}' with priority {p} and this description: '{desc}'.",
    "We need a ticket for this: '{title}'. Description '{desc}', priority {p}.",
    "Report an issue: title '{title}', description '{desc}', priority {p} out of 5.",
];
const EDIT_PRIORITY: [&str; 8] = [
    "Change the priority of that ticket to {p2}.",
    "Actually, set its priority to {p2}.",
    "Set the new ticket's priority to {p2}, please.",
    "Update the ticket you just created: priority {p2}.",
    "On second thought, make it priority {p2}.",
    "Edit that ticket so its priority is {p2}.",
    "Please adjust the priority of ticket {id} to {p2}.",
    "Modify the ticket's priority to level {p2}.",
];
const EDIT_DESC: [&str; 8] = [
    "Change its description to '{desc2}'.",
    "Update the ticket's description: '{desc2}'.",
    "Replace the description of that ticket with '{desc2}'.",
    "Edit the ticket you opened so the description reads '{desc2}'.",
    "The details changed. Set the description to '{desc2}'.",
    "Please rewrite the description of ticket {id} as '{desc2}'.",
    "Modify that ticket: new description '{desc2}'.",
    "Let's correct the description of the new ticket to '{desc2}'.",
];
const CLOSE_NEW: [&str; 8] = [
    "Close the ticket you just opened.",
    "Now close that ticket, it's handled.",
    "Go ahead and close the new ticket.",
    "The issue went away; please close the ticket.",
    "We're done with it. Close ticket {id}.",
    "Mark the ticket you created as closed.",
    "Close it out, please.",
    "Please close ticket number {id}.",
];
const RESOLVE_NEW: [&str; 8] = [
    "Resolve that ticket with the resolution '{res}'.",
    "It's fixed: resolve the ticket, resolution '{res}'.",
    "Mark the new ticket resolved. Resolution: '{res}'.",
    "Please resolve ticket {id} and note '{res}' as the resolution.",
    "Close the loop by resolving it: '{res}'.",
    "Record the resolution '{res}' and resolve the ticket.",
    "Resolve the ticket you opened with '{res}'.",
    "Set the ticket to resolved with the note '{res}'.",
];
const GET_TICKET: [&str; 12] = [
    "What's the status of ticket {id}?",
    "Pull up ticket {id} for me.",
    "Can you show me the details of ticket #{id}?",
    "I'd like to see ticket {id}.",
    "Look up support ticket {id}.",
    "Fetch ticket number {id}, please.",
    "What does ticket {id} say?",
    "Check on ticket {id} for me.",
    "Get me the information on ticket {id}.",
    "Show ticket {id}.",
    "Find ticket {id} and tell me about it.",
    "Open up ticket {id} so I can read it.",
];
const RESOLVE_OLD: [&str; 8] = [
    "Resolve it with the note '{res}'.",
    "Mark that ticket as resolved; resolution: '{res}'.",
    "That's been fixed. Resolve it with '{res}'.",
    "Please resolve ticket {id}. Resolution: '{res}'.",
    "Set it to resolved and record '{res}'.",
    "Resolve the ticket, writing '{res}' as the resolution.",
    "It's done: '{res}'. Resolve the ticket accordingly.",
    "Close it as resolved with the resolution '{res}'.",
];
const FOLLOW_UP: [&str; 8] = [
    "Then open a follow-up ticket titled '{title}' with the description '{desc}', priority {p}.",
    "Also create a new ticket '{title}' describing '{desc}', at priority {p}.",
    "Please file a follow-up: '{title}', '{desc}', priority {p}.",
    "Create another ticket called '{title}' (priority {p}) with the description '{desc}'.",
    "I also need a fresh ticket: title '{title}', description '{desc}', priority {p}.",
    "Open a ticket named '{title}' with priority {p} and description '{desc}' as a follow-up.",
    "Start a follow-up ticket, '{title}', priority {p}: '{desc}'.",
    "Add a new ticket for the follow-up work: '{title}', priority {p}, description '{desc}'.",
];
const MY_OPEN: [&str; 12] = [
    "Show me all my open tickets.",
    "Which of my tickets are still open?",
    "List the tickets I've created that are open.",
    "What open tickets do I have?",
    "Pull up my tickets with status Open.",
    "Can you list my open support tickets?",
    "I want to see every ticket of mine that's still open.",
    "Get my tickets, only the open ones.",
    "Give me the list of my open tickets.",
    "Any open tickets under my name?",
    "Check which tickets I opened are still marked Open.",
    "Fetch my open tickets, please.",
];
const CLOSE_ALL: [&str; 8] = [
    "Close all of them.",
    "Please close every one of those tickets.",
    "They're all done. Close them.",
    "Go ahead and close each of those open tickets.",
    "Close every ticket on that list.",
    "Mark all of them closed.",
    "Let's clear them out: close them all.",
    "Close those tickets, all of them.",
];
const LOGOUT: [&str; 8] = [
    "That's all. Log me out.",
    "Please log me out of the ticket system.",
    "Sign me out now.",
    "I'm done, log out.",
    "Log out of the support portal for me.",
    "End my ticketing session, please.",
    "Now log out.",
    "Sign out of the ticketing system.",
];
const CREATE_TWO: [&str; 8] = [
    "Open two tickets: '{t1}' ('{d1}', priority {p1}) and then '{t2}' ('{d2}', priority {p2}).",
    "Create a ticket titled '{t1}' with description '{d1}' and priority {p1}, and after it another titled '{t2}' with description '{d2}' and priority {p2}.",
    "I need two new tickets. First: '{t1}', '{d1}', priority {p1}. Second: '{t2}', '{d2}', priority {p2}.",
    "Please file '{t1}' (priority {p1}, description '{d1}') and then '{t2}' (priority {p2}, description '{d2}').",
    "Raise two tickets in order: '{t1}' described as '{d1}' at priority {p1}, and '{t2}' described as '{d2}' at priority {p2}.",
    "Two issues to report: '{t1}' ('{d1}'), priority {p1}; and '{t2}' ('{d2}'), priority {p2}. Create a ticket for each, in that order.",
    "Log '{t1}' with priority {p1} and description '{d1}', then log '{t2}' with priority {p2} and description '{d2}'.",
    "Make two tickets, in this order: '{t1}' (priority {p1}; '{d1}') and '{t2}' (priority {p2}; '{d2}').",
];
const CLOSE_LOWER: [&str; 8] = [
    "Close the less urgent of the two.",
    "Actually, the lower-priority one isn't needed. Close it.",
    "Please close whichever of those two has the lower priority.",
    "Close the new ticket with the lower priority.",
    "Of the two new tickets, close the less important one.",
    "The less urgent ticket can be closed now.",
    "Close the lower-priority ticket you just opened.",
    "Drop the less pressing one: close it.",
];
const OTHER_SHOW: [&str; 8] = [
    "Now show me the other one.",
    "What does the remaining ticket look like now?",
    "Pull up the other ticket.",
    "Show me the new ticket that's still open.",
    "Get the details of the other new ticket.",
    "And the other one? Show it to me.",
    "Display the remaining ticket's details.",
    "Let me see the ticket you didn't close.",
];
