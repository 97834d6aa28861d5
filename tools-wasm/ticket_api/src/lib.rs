//! Tool `ticket_api` (stateful, world `session-tool`): BFCL's `TicketAPI` (support tickets),
//! written in Rust to behave as the official Python class does (results, error texts, state).
//! Replayed against traces of the Python class in `traces.jsonl` (see
//! [`tz_tool_common::bfcl::trace`]); `spec.json` is BFCL's function docs for the class.
//!
//! State (the public attributes BFCL compares): `ticket_queue` (a list of ticket dicts, kept
//! as the Python values they are, since a scenario may give any keys), `ticket_counter`,
//! `current_user`.
//!
//! One difference: `edit_ticket` with several invalid field names lists them in the order
//! given; Python lists them in `set` order, which depends on the process's hash seed.
#![warn(missing_docs)]

use tz_tool_common::bfcl::pyops::{Cmp, Op, append, augmented, bind, compare, no_attribute};
use tz_tool_common::bfcl::pyops::{optional, required};
use tz_tool_common::bfcl::{ApiClass, no_method};
use tz_tool_common::py::{PyVal, py_str};

/// The functions, as BFCL documents them (`multi_turn_func_doc/ticket_api.json`).
pub const SPEC: &str = include_str!("../spec.json");

tz_tool_common::bfcl_component!(crate::TicketApi, crate::SPEC);
tz_tool_common::bfcl_class_tests!(crate::TicketApi, traces >= 51, calls >= 101);

/// BFCL's `TicketAPI`.
#[derive(Debug, Clone)]
pub struct TicketApi {
    ticket_queue: PyVal,
    ticket_counter: PyVal,
    current_user: PyVal,
}

impl TicketApi {
    fn find(&mut self, ticket_id: &PyVal) -> Result<Option<&mut PyVal>, String> {
        let PyVal::List(tickets) = &mut self.ticket_queue else {
            return Ok(None);
        };
        for ticket in tickets.iter_mut() {
            let id = ticket.get("id").ok_or("'id'")?;
            if id.py_eq(ticket_id) {
                return Ok(Some(ticket));
            }
        }
        Ok(None)
    }

    fn not_found(ticket_id: &PyVal) -> PyVal {
        PyVal::error(format!("Ticket with ID {} not found.", py_str(ticket_id)))
    }

    fn create_ticket(
        &mut self,
        title: PyVal,
        description: PyVal,
        priority: PyVal,
    ) -> Result<PyVal, String> {
        if !self.current_user.truthy() {
            return Ok(PyVal::error(
                "User not authenticated. Please log in to create a ticket.",
            ));
        }
        if compare(&priority, Cmp::Lt, &PyVal::Int(1))?
            || compare(&priority, Cmp::Gt, &PyVal::Int(5))?
        {
            return Ok(PyVal::error(
                "Invalid priority. Priority must be between 1 and 5.",
            ));
        }
        let ticket = PyVal::dict([
            ("id", self.ticket_counter.clone()),
            ("title", title),
            ("description", description),
            ("status", PyVal::str("Open")),
            ("priority", priority),
            ("created_by", self.current_user.clone()),
        ]);
        append(&mut self.ticket_queue, ticket.clone())?;
        self.ticket_counter = augmented(&self.ticket_counter, Op::Add, &PyVal::Int(1))?;
        Ok(ticket)
    }

    /// `close_ticket` (no `resolution`) or `resolve_ticket`.
    fn set_status(
        &mut self,
        id: &PyVal,
        resolution: Option<PyVal>,
        status: &str,
        verb: &str,
    ) -> Result<PyVal, String> {
        let shown = py_str(id);
        let Some(ticket) = self.find(id)? else {
            return Ok(Self::not_found(id));
        };
        if ticket.get("status").ok_or("'status'")?.as_str() == Some(status) {
            return Ok(PyVal::error(format!(
                "Ticket with ID {shown} is already {}.",
                status.to_lowercase()
            )));
        }
        ticket.set("status", PyVal::str(status));
        if let Some(resolution) = resolution {
            ticket.set("resolution", resolution);
        }
        Ok(PyVal::one(
            "status",
            PyVal::str(format!("Ticket {shown} has been {verb} successfully.")),
        ))
    }

    fn edit_ticket(&mut self, id: &PyVal, updates: PyVal) -> Result<PyVal, String> {
        let shown = py_str(id);
        let Some(ticket) = self.find(id)? else {
            return Ok(Self::not_found(id));
        };
        let PyVal::Dict(items) = updates else {
            return Err(no_attribute(&updates, "keys"));
        };
        let valid = ["title", "description", "status", "priority"];
        let invalid: Vec<String> = items
            .iter()
            .map(|(k, _)| py_str(k))
            .filter(|k| !valid.contains(&k.as_str()))
            .collect();
        if !invalid.is_empty() {
            return Ok(PyVal::error(format!(
                "Invalid fields for update: {}",
                invalid.join(", ")
            )));
        }
        for (key, value) in items {
            if value != PyVal::None {
                ticket.set(&py_str(&key), value);
            }
        }
        Ok(PyVal::one(
            "status",
            PyVal::str(format!("Ticket {shown} has been updated successfully.")),
        ))
    }

    fn get_user_tickets(&self, status: &PyVal) -> Result<PyVal, String> {
        if !self.current_user.truthy() {
            return Ok(PyVal::List(vec![PyVal::error(
                "User not authenticated. Please log in to view tickets.",
            )]));
        }
        let mut out = Vec::new();
        if let PyVal::List(tickets) = &self.ticket_queue {
            for ticket in tickets {
                if !ticket
                    .get("created_by")
                    .ok_or("'created_by'")?
                    .py_eq(&self.current_user)
                {
                    continue;
                }
                if status.truthy() {
                    let want = status.as_str().unwrap_or_default().to_lowercase();
                    let have = ticket.get("status").ok_or("'status'")?;
                    if have.as_str().map(str::to_lowercase) != Some(want) {
                        continue;
                    }
                }
                out.push(ticket.clone());
            }
        }
        Ok(PyVal::List(out))
    }
}

impl ApiClass for TicketApi {
    const CLASS: &'static str = "TicketAPI";

    fn load(scenario: &PyVal, _long_context: bool) -> Result<Self, String> {
        let get = |key: &str, default: PyVal| scenario.get_or(key, default);
        Ok(Self {
            ticket_queue: get("ticket_queue", PyVal::List(Vec::new())),
            ticket_counter: get("ticket_counter", PyVal::Int(1)),
            current_user: get("current_user", PyVal::None),
        })
    }

    fn call(&mut self, name: &str, args: &PyVal) -> Result<PyVal, String> {
        let id = || required("ticket_id");
        match name {
            "create_ticket" => {
                let params = [
                    required("title"),
                    optional("description", PyVal::str("")),
                    optional("priority", PyVal::Int(1)),
                ];
                let [title, description, priority] = bind(args, Self::CLASS, name, params)?;
                self.create_ticket(title, description, priority)
            }
            "get_ticket" => {
                let [id] = bind(args, Self::CLASS, name, [id()])?;
                Ok(match self.find(&id)? {
                    Some(ticket) => ticket.clone(),
                    None => Self::not_found(&id),
                })
            }
            "close_ticket" => {
                let [id] = bind(args, Self::CLASS, name, [id()])?;
                self.set_status(&id, None, "Closed", "closed")
            }
            "resolve_ticket" => {
                let params = [id(), required("resolution")];
                let [id, resolution] = bind(args, Self::CLASS, name, params)?;
                self.set_status(&id, Some(resolution), "Resolved", "resolved")
            }
            "edit_ticket" => {
                let [id, updates] = bind(args, Self::CLASS, name, [id(), required("updates")])?;
                self.edit_ticket(&id, updates)
            }
            "ticket_login" => {
                let params = [required("username"), required("password")];
                let [user, password] = bind(args, Self::CLASS, name, params)?;
                let ok = user.truthy() && password.truthy();
                if ok {
                    self.current_user = user;
                }
                Ok(PyVal::one("success", PyVal::Bool(ok)))
            }
            "ticket_get_login_status" => {
                bind(args, Self::CLASS, name, [])?;
                Ok(PyVal::one(
                    "login_status",
                    PyVal::Bool(self.current_user.truthy()),
                ))
            }
            "logout" => {
                bind(args, Self::CLASS, name, [])?;
                let was = self.current_user.truthy();
                if was {
                    self.current_user = PyVal::None;
                }
                Ok(PyVal::one("success", PyVal::Bool(was)))
            }
            "get_user_tickets" => {
                let [status] = bind(args, Self::CLASS, name, [optional("status", PyVal::None)])?;
                self.get_user_tickets(&status)
            }
            _ => Err(no_method(self, name)),
        }
    }

    fn state(&self) -> PyVal {
        PyVal::dict([
            ("ticket_queue", self.ticket_queue.clone()),
            ("ticket_counter", self.ticket_counter.clone()),
            ("current_user", self.current_user.clone()),
        ])
    }
}
