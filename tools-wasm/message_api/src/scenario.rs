//! Loading a MessageAPI scenario: the class's defaults (`DEFAULT_STATE`), the
//! `generated_ids` container, and reading a message dict's one entry.

use tz_tool_common::py::PyVal;

use tz_tool_common::bfcl::pyops::{contains, no_attribute};

/// The class's default `random_seed`.
pub const DEFAULT_SEED: i64 = 200191;

/// `self.generated_ids`: the class's own `set`, or whatever value a scenario gave.
#[derive(Debug, Clone)]
pub enum GeneratedIds {
    /// A `set` of ints (the default), in insertion order.
    Set(Vec<i64>),
    /// A scenario's value (a JSON list, so a Python `list`, which has no `add`).
    Given(PyVal),
}

/// The default `user_map`.
pub fn default_user_map() -> Vec<(PyVal, PyVal)> {
    [
        ("Alice", "USR001"),
        ("Bob", "USR002"),
        ("Catherine", "USR003"),
        ("Daniel", "USR004"),
    ]
    .into_iter()
    .map(|(k, v)| (PyVal::str(k), PyVal::str(v)))
    .collect()
}

/// The default `inbox`.
pub fn default_inbox() -> Vec<PyVal> {
    [
        ("USR002", "My name is Alice. I want to connect."),
        ("USR003", "Could you upload the file?"),
        ("USR004", "Could you upload the file?"),
    ]
    .into_iter()
    .map(|(k, v)| PyVal::one(k, PyVal::str(v)))
    .collect()
}

/// The first `(key, value)` of a message dict (`list(message.items())[0]`).
pub fn first_item(message: &PyVal) -> Result<(PyVal, PyVal), String> {
    match message {
        PyVal::Dict(items) => items
            .first()
            .cloned()
            .ok_or_else(|| "list index out of range".to_string()),
        other => Err(no_attribute(other, "items")),
    }
}

impl GeneratedIds {
    /// `new_id in self.generated_ids`.
    pub fn contains(&self, id: i64) -> Result<bool, String> {
        let needle = PyVal::Int(id);
        match self {
            GeneratedIds::Set(ids) => Ok(ids.contains(&id)),
            GeneratedIds::Given(value) => contains(value, &needle),
        }
    }
}
