//! WIT glue (wasm32 only): exports [`crate::spec`] and [`crate::call`] as `tz:tool/stateless`.
// The generated bindings use `unsafe` for the canonical ABI.
#![allow(unsafe_code)]

wit_bindgen::generate!({ path: "wit", world: "tool" });

struct Component;

impl exports::tz::tool::stateless::Guest for Component {
    fn spec() -> String {
        crate::spec()
    }

    fn call(name: String, arguments: String) -> Result<String, String> {
        crate::call(&name, &arguments)
    }
}

export!(Component);
