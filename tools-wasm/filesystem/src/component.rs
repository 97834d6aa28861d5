//! WIT glue (wasm32 only): exports [`crate::spec`] and [`crate::Session`] as
//! `tz:tool/stateful`. The WIT `call` takes `&self`, so the session sits in a `RefCell`.
// The generated bindings use `unsafe` for the canonical ABI and carry no docs.
#![allow(unsafe_code, missing_docs)]

use std::cell::RefCell;

wit_bindgen::generate!({ path: "../../wit", world: "session-tool" });

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

    fn call(&self, name: String, arguments: String) -> Result<String, String> {
        // A component instance is single-threaded and `call` does not re-enter, so the
        // borrow cannot fail; answer with an error rather than panic all the same.
        match self.0.try_borrow_mut() {
            Ok(mut session) => session.call(&name, &arguments),
            Err(_) => Err("the session is busy".to_string()),
        }
    }

    fn load(&self, config: String) -> Result<(), String> {
        match self.0.try_borrow_mut() {
            Ok(mut session) => session.load(&config),
            Err(_) => Err("the session is busy".to_string()),
        }
    }

    fn state(&self) -> String {
        self.0
            .try_borrow()
            .map(|session| session.state())
            .unwrap_or_default()
    }
}

export!(Component);
