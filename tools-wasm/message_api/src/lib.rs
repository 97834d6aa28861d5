//! Tool `message_api` (stateful, world `session-tool`): BFCL's `MessageAPI` (users, login,
//! messages in a shared workspace inbox), written in Rust to behave as the official Python
//! class does (results, error texts, exceptions, state). Replayed against traces of the
//! Python class in `traces.jsonl` (see [`tz_tool_common::bfcl::trace`]); `spec.json` is
//! BFCL's function docs for the class.
//!
//! State (the public attributes BFCL compares): `generated_ids` (a Python `set` of the
//! message ids drawn so far, written as a sorted list), `user_count`, `user_map` (name to
//! user id), `inbox` (a list of one-entry dicts `{receiver_id: message}`), `message_count`,
//! `current_user`. Message ids come from `random.Random(random_seed)` (default seed 200191)
//! through [`PyRandom`], `randint(10000, 99999)` until an unused one comes up.
//!
//! The class's quirks are kept: a scenario's `generated_ids` arrives as a list, so the first
//! `send_message` draws an id and then raises `'list' object has no attribute 'add'`;
//! `add_contact` increments `user_count` before it finds the new id taken (the increment
//! stays); `delete_message` finds the latest message to the receiver but removes the first
//! message equal to it; `view_messages_sent` lists every message, whoever sent it.
//!
//! Differences from the Python class:
//! * `random_seed: null` seeds Python's generator from the operating system; here it takes
//!   the default seed (the generator is private, so state comparisons are unaffected). A
//!   seed that is a str or a container, or a float of magnitude 2^63 or more, is refused at
//!   load (see [`PyRandom::from_seed`]).
//! * A scenario whose `user_map` is not an object, or whose `inbox` is not a list of
//!   objects, is refused at load; Python accepts it and fails (or misbehaves) in the methods.
//! * Ints beyond 64 bits (a `user_count` or `message_count` incremented past `i64::MAX`)
//!   raise an error here.
//! * `search_messages` lowercases with Rust's Unicode tables, which may be a version apart
//!   from Python 3.11's.
#![warn(missing_docs)]

pub mod py;
pub mod scenario;

use tz_tool_common::bfcl::pyops::{Op, augmented, check_args, hashable, no_attribute};
use tz_tool_common::bfcl::pyops::{position, type_name};
use tz_tool_common::bfcl::{ApiClass, no_method};
use tz_tool_common::py::{PyVal, py_str};
use tz_tool_common::pyrandom::PyRandom;

use py::zfill;
use scenario::{DEFAULT_SEED, GeneratedIds, default_inbox, default_user_map, first_item};

/// The functions, as BFCL documents them (`multi_turn_func_doc/message_api.json`).
pub const SPEC: &str = include_str!("../spec.json");

tz_tool_common::bfcl_component!(crate::MessageApi, crate::SPEC);
tz_tool_common::bfcl_class_tests!(crate::MessageApi, traces >= 100, calls >= 375);

/// BFCL's `MessageAPI`.
#[derive(Debug, Clone)]
pub struct MessageApi {
    random: PyRandom,
    generated_ids: GeneratedIds,
    user_count: PyVal,
    user_map: Vec<(PyVal, PyVal)>,
    inbox: Vec<PyVal>,
    message_count: PyVal,
    current_user: PyVal,
}

fn not_logged_in() -> PyVal {
    PyVal::error("No user is currently logged in.")
}

impl MessageApi {
    fn has_value(&self, value: &PyVal) -> bool {
        self.user_map.iter().any(|(_, v)| v.py_eq(value))
    }

    /// `_generate_id()`: draws until an id not in `generated_ids`, then adds it.
    fn generate_id(&mut self) -> Result<i64, String> {
        let mut new_id = self.random.randint(10000, 99999);
        while self.generated_ids.contains(new_id)? {
            new_id = self.random.randint(10000, 99999);
        }
        match &mut self.generated_ids {
            GeneratedIds::Set(ids) => {
                ids.push(new_id);
                Ok(new_id)
            }
            GeneratedIds::Given(value) => Err(no_attribute(value, "add")),
        }
    }

    fn send_message(&mut self, receiver_id: PyVal, message: PyVal) -> Result<PyVal, String> {
        if !self.current_user.truthy() {
            return Ok(not_logged_in());
        }
        if !self.has_value(&receiver_id) {
            return Ok(PyVal::error(format!(
                "Receiver ID '{}' not found.",
                py_str(&receiver_id)
            )));
        }
        let message_id = self.generate_id()?;
        hashable(&receiver_id)?;
        self.inbox
            .push(PyVal::Dict(vec![(receiver_id.clone(), message)]));
        self.message_count = augmented(&self.message_count, Op::Add, &PyVal::Int(1))?;
        Ok(PyVal::dict([
            ("sent_status", PyVal::Bool(true)),
            ("message_id", PyVal::one("new_id", PyVal::Int(message_id))),
            (
                "message",
                PyVal::str(format!(
                    "Message sent to '{}' successfully.",
                    py_str(&receiver_id)
                )),
            ),
        ]))
    }

    fn delete_message(&mut self, receiver_id: PyVal) -> Result<PyVal, String> {
        if !self.current_user.truthy() {
            return Ok(not_logged_in());
        }
        let mut found = None;
        for message in self.inbox.iter().rev() {
            let (receiver, _) = first_item(message)?;
            if receiver.py_eq(&receiver_id) {
                found = Some((message.clone(), receiver));
                break;
            }
        }
        let Some((message, receiver)) = found else {
            return Ok(PyVal::error(format!(
                "Receiver ID {} not found.",
                py_str(&receiver_id)
            )));
        };
        // `list.remove` takes the first element equal to it, not necessarily the one found.
        if let Some(i) = self.inbox.iter().position(|m| m.py_eq(&message)) {
            self.inbox.remove(i);
        }
        Ok(PyVal::dict([
            ("deleted_status", PyVal::Bool(true)),
            ("receiver_id", receiver),
            (
                "message",
                PyVal::str(format!(
                    "Receiver {}'s latest message deleted successfully.",
                    py_str(&receiver_id)
                )),
            ),
        ]))
    }

    fn view_messages_sent(&self) -> Result<PyVal, String> {
        if !self.current_user.truthy() {
            return Ok(not_logged_in());
        }
        let mut sent: Vec<(PyVal, PyVal)> = Vec::new();
        for message in &self.inbox {
            let (receiver, content) = first_item(message)?;
            match sent.iter_mut().find(|(k, _)| k.py_eq(&receiver)) {
                Some((_, PyVal::List(list))) => list.push(content),
                _ => sent.push((receiver, PyVal::List(vec![content]))),
            }
        }
        Ok(PyVal::one("messages", PyVal::Dict(sent)))
    }

    fn add_contact(&mut self, user_name: PyVal) -> Result<PyVal, String> {
        if position(&self.user_map, &user_name)?.is_some() {
            return Ok(PyVal::error(format!(
                "User name '{}' already exists.",
                py_str(&user_name)
            )));
        }
        self.user_count = augmented(&self.user_count, Op::Add, &PyVal::Int(1))?;
        let user_id = format!("USR{}", zfill(&self.user_count, 3));
        if self.has_value(&PyVal::str(user_id.as_str())) {
            return Ok(PyVal::error(format!("User ID '{user_id}' already exists.")));
        }
        self.user_map
            .push((user_name.clone(), PyVal::str(user_id.as_str())));
        Ok(PyVal::dict([
            ("added_status", PyVal::Bool(true)),
            ("user_id", PyVal::str(user_id)),
            (
                "message",
                PyVal::str(format!(
                    "Contact '{}' added successfully.",
                    py_str(&user_name)
                )),
            ),
        ]))
    }

    fn search_messages(&self, keyword: PyVal) -> Result<PyVal, String> {
        if !self.current_user.truthy() {
            return Ok(not_logged_in());
        }
        let PyVal::Str(keyword) = &keyword else {
            return Err(no_attribute(&keyword, "lower"));
        };
        let keyword = keyword.to_lowercase();
        let mut results = Vec::new();
        for message in &self.inbox {
            let (receiver, content) = first_item(message)?;
            let PyVal::Str(text) = &content else {
                return Err(no_attribute(&content, "lower"));
            };
            if text.to_lowercase().contains(&keyword) {
                results.push(PyVal::dict([
                    ("receiver_id", receiver),
                    ("message", content.clone()),
                ]));
            }
        }
        Ok(PyVal::one("results", PyVal::List(results)))
    }

    fn get_message_stats(&self) -> Result<PyVal, String> {
        if !self.current_user.truthy() {
            return Ok(not_logged_in());
        }
        let mut received = 0i64;
        let mut contacts: Vec<PyVal> = Vec::new();
        for message in &self.inbox {
            let (receiver, _) = first_item(message)?;
            received += 1;
            if !contacts.iter().any(|c| c.py_eq(&receiver)) {
                contacts.push(receiver);
            }
        }
        Ok(PyVal::one(
            "stats",
            PyVal::dict([
                ("received_count", PyVal::Int(received)),
                ("total_contacts", PyVal::Int(contacts.len() as i64)),
            ]),
        ))
    }
}

impl ApiClass for MessageApi {
    const CLASS: &'static str = "MessageAPI";

    fn load(scenario: &PyVal, _long_context: bool) -> Result<Self, String> {
        let get = |key: &str| scenario.get(key);
        let user_map = match get("user_map") {
            None => default_user_map(),
            Some(PyVal::Dict(items)) => items.clone(),
            Some(other) => {
                return Err(format!(
                    "MessageAPI: user_map must be an object, not {}",
                    type_name(other)
                ));
            }
        };
        let inbox = match get("inbox") {
            None => default_inbox(),
            Some(PyVal::List(items)) if items.iter().all(|m| matches!(m, PyVal::Dict(_))) => {
                items.clone()
            }
            Some(_) => return Err("MessageAPI: inbox must be a list of objects".into()),
        };
        Ok(Self {
            random: PyRandom::from_seed(get("random_seed"), DEFAULT_SEED)?,
            generated_ids: match get("generated_ids") {
                None => GeneratedIds::Set(Vec::new()),
                Some(value) => GeneratedIds::Given(value.clone()),
            },
            user_count: get("user_count").cloned().unwrap_or(PyVal::Int(4)),
            user_map,
            inbox,
            message_count: get("message_count").cloned().unwrap_or(PyVal::Int(3)),
            current_user: get("current_user").cloned().unwrap_or(PyVal::None),
        })
    }

    fn call(&mut self, name: &str, args: &PyVal) -> Result<PyVal, String> {
        let params: &[&str] = match name {
            "list_users"
            | "message_get_login_status"
            | "view_messages_sent"
            | "get_message_stats" => &[],
            "get_user_id" => &["user"],
            "message_login" => &["user_id"],
            "send_message" => &["receiver_id", "message"],
            "delete_message" => &["receiver_id"],
            "add_contact" => &["user_name"],
            "search_messages" => &["keyword"],
            _ => return Err(no_method(self, name)),
        };
        check_args(args, Self::CLASS, name, params, params.len())?;
        let mut values = params.iter().map(|p| args.get_or(p, PyVal::None));
        let mut arg = || values.next().unwrap_or(PyVal::None);
        match name {
            "list_users" => Ok(PyVal::one(
                "user_list",
                PyVal::List(self.user_map.iter().map(|(k, _)| k.clone()).collect()),
            )),
            "get_user_id" => {
                let user = arg();
                Ok(match position(&self.user_map, &user)? {
                    Some(i) => PyVal::one("user_id", self.user_map[i].1.clone()),
                    None => PyVal::error(format!(
                        "User '{}' not found in the workspace.",
                        py_str(&user)
                    )),
                })
            }
            "message_login" => {
                let user_id = arg();
                if !self.has_value(&user_id) {
                    return Ok(PyVal::dict([
                        ("login_status", PyVal::Bool(false)),
                        (
                            "message",
                            PyVal::str(format!("User ID '{}' not found.", py_str(&user_id))),
                        ),
                    ]));
                }
                let message = format!("User '{}' logged in successfully.", py_str(&user_id));
                self.current_user = user_id;
                Ok(PyVal::dict([
                    ("login_status", PyVal::Bool(true)),
                    ("message", PyVal::str(message)),
                ]))
            }
            "message_get_login_status" => Ok(PyVal::one(
                "login_status",
                PyVal::Bool(self.current_user.truthy()),
            )),
            "send_message" => {
                let receiver_id = arg();
                let message = arg();
                self.send_message(receiver_id, message)
            }
            "delete_message" => self.delete_message(arg()),
            "view_messages_sent" => self.view_messages_sent(),
            "add_contact" => self.add_contact(arg()),
            "search_messages" => self.search_messages(arg()),
            _ => self.get_message_stats(),
        }
    }

    fn state(&self) -> PyVal {
        let generated_ids = match &self.generated_ids {
            GeneratedIds::Set(ids) => {
                let mut sorted = ids.clone();
                sorted.sort_unstable();
                PyVal::List(sorted.into_iter().map(PyVal::Int).collect())
            }
            GeneratedIds::Given(value) => value.clone(),
        };
        PyVal::dict([
            ("generated_ids", generated_ids),
            ("user_count", self.user_count.clone()),
            ("user_map", PyVal::Dict(self.user_map.clone())),
            ("inbox", PyVal::List(self.inbox.clone())),
            ("message_count", self.message_count.clone()),
            ("current_user", self.current_user.clone()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(scenario: &str) -> Result<MessageApi, String> {
        MessageApi::load(&PyVal::parse(scenario).expect("JSON"), false)
    }

    #[test]
    fn scenarios_this_class_cannot_represent_are_refused_at_load() {
        for bad in [
            r#"{"user_map": ["Alice"]}"#,
            r#"{"inbox": {"USR002": "hi"}}"#,
            r#"{"inbox": ["hi"]}"#,
            r#"{"random_seed": "abc"}"#,
            r#"{"random_seed": [1]}"#,
            r#"{"random_seed": 1e300}"#,
        ] {
            assert!(load(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_null_seed_draws_the_default_seeds_ids() {
        let send = |class: &mut MessageApi| {
            let args = PyVal::parse(r#"{"receiver_id": "USR002", "message": "m"}"#);
            let out = class.call("send_message", &args.expect("JSON"));
            tz_tool_common::py::bfcl_text(&out.expect("sent"))
        };
        let mut null = load(r#"{"random_seed": null, "current_user": "USR001"}"#).expect("load");
        let mut default = load(r#"{"current_user": "USR001"}"#).expect("load");
        assert_eq!(send(&mut null), send(&mut default));
        assert!(send(&mut null).contains("41772"));
    }
}
