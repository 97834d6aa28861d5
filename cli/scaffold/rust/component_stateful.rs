//! WIT glue (wasm32 only): exports [`crate::spec`] and [`crate::Session`] as
//! `tz:tool/stateful`. The WIT methods take `&self`, so the session sits in a `RefCell`.
// The generated bindings use `unsafe` for the canonical ABI.
#![allow(unsafe_code)]

use std::cell::RefCell;

wit_bindgen::generate!({ path: "wit", world: "session-tool" });

struct Component;

impl exports::tz::tool::stateful::Guest for Component {
    type Session = Session;

    fn spec() -> String {
        crate::spec()
    }
}

struct Session(RefCell<crate::Session>);

impl exports::tz::tool::stateful::GuestSession for Session {
    fn new(seed: u64) -> Self {
        Session(RefCell::new(crate::Session::new(seed)))
    }

    fn load(&self, config: String) -> Result<(), String> {
        self.0.borrow_mut().load(&config)
    }

    fn state(&self) -> String {
        self.0.borrow().state()
    }

    fn call(&self, name: String, arguments: String) -> Result<String, String> {
        self.0.borrow_mut().call(&name, &arguments)
    }
}

export!(Component);
