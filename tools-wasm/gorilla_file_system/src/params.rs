//! Binding a call's keyword arguments to a `GorillaFileSystem` method's parameters (the shared
//! [`tz_tool_common::bfcl::pyops::bind`], with Python 3.11's `TypeError` texts:
//! `GorillaFileSystem.cd() missing 1 required positional argument: 'folder'`), and reading a
//! `str` argument.

use tz_tool_common::bfcl::pyops::{self, Param, type_name};
use tz_tool_common::py::PyVal;

pub use tz_tool_common::bfcl::pyops::{optional, required};

/// The arguments of `GorillaFileSystem.{method}(**args)` in parameter order.
pub fn bind<const N: usize>(
    method: &str,
    args: &PyVal,
    params: [Param<'_>; N],
) -> Result<[PyVal; N], String> {
    pyops::bind(args, crate::CLASS, method, params)
}

/// A `str` argument. Wrong types never pass the host's schema check; where one comes all
/// the same, the error is a `TypeError`-like text of this crate's own wording.
pub fn text<'a>(value: &'a PyVal, method: &str, name: &str) -> Result<&'a str, String> {
    value.as_str().ok_or_else(|| {
        format!(
            "{}.{method}(): argument '{name}' must be str, not {}",
            crate::CLASS,
            type_name(value)
        )
    })
}
