//! Loading one tool component and running calls in one of its instances.
//!
//! A [`LoadedTool`] is compiled and pre-linked once; a [`ToolInstance`] is one store (one
//! episode's view of the tool): a live instance of a stateless tool, or a live `session` of a
//! stateful one. Instances that trap are discarded by their owner (see
//! [`crate::registry::EpisodeTools`]).

use std::path::{Path, PathBuf};

use wasmtime::component::{
    Component, ComponentExportIndex, Func, ResourceAny, TypedFunc, types::ComponentItem,
};
use wasmtime::{Engine, Store};

use super::Sandbox;
use super::bindings::{STATEFUL_EXPORT, STATELESS_EXPORT, WIT_VERSION, stateful, stateless};
use super::cache::CacheStatus;
use super::config::SandboxConfig;
use super::engine::deadline_ticks;
use super::host::HostState;
use super::outcome::{CallOutcome, Outcome};
use crate::error::{Error, Result};

/// Whether a tool keeps state across the calls of an episode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ToolKind {
    /// Exports `tz:tool/stateless`.
    Stateless,
    /// Exports `tz:tool/stateful` (one `session` per episode).
    Stateful,
}

enum Pre {
    Stateless(stateless::ToolPre<HostState>),
    Stateful(stateful::SessionToolPre<HostState>),
}

/// A compiled, pre-linked tool component.
pub struct LoadedTool {
    /// The component's file.
    pub path: PathBuf,
    /// The tool's name: the file stem.
    pub name: String,
    /// Stateless or stateful.
    pub kind: ToolKind,
    /// Whether the compiled code came from the cache.
    pub cache: CacheStatus,
    /// The raw `spec` JSON the tool returned.
    pub spec_json: String,
    pre: Pre,
    /// The export index of `call` (stateless) or `[method]session.call` (stateful).
    call_index: ComponentExportIndex,
    /// The export indices of `[method]session.load` and `[method]session.state` (stateful).
    session_indices: Option<(ComponentExportIndex, ComponentExportIndex)>,
}

/// `call`'s result. Strings are copied out of guest memory while the call returns: wasmtime
/// (48) runs the guest's post-return function, which frees them, before `call` returns, so a
/// lazily lifted `WasmStr` would be read after the guest freed it (and its allocator reused
/// the bytes). The copy is bounded by the store's memory limit; a text over
/// `max_output_bytes` is then refused (`output_too_large`).
type RawResult = (Result<String, String>,);
/// `session.load`'s result.
type RawLoad = (Result<(), String>,);
/// `session.state`'s result.
type RawState = (String,);

enum Inst {
    Stateless(Func),
    Stateful(Session),
}

/// A live session and its methods, each type-checked when the session was created.
#[derive(Clone, Copy)]
struct Session {
    resource: ResourceAny,
    call: Func,
    load: Func,
    state: Func,
}

/// One store holding one instance (or session) of a tool.
pub struct ToolInstance {
    store: Store<HostState>,
    inst: Inst,
}

/// What instantiating produced: an instance, or an outcome when the guest failed
/// (a trap, out of fuel, memory limit) while starting.
pub type Instantiated = std::result::Result<ToolInstance, CallOutcome>;

fn component_error(path: &Path, message: impl Into<String>) -> Error {
    Error::Component {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Finds which world `component` implements.
fn detect_kind(engine: &Engine, component: &Component, path: &Path) -> Result<ToolKind> {
    let ty = component.component_type();
    let mut found = Vec::new();
    for (name, item) in ty.exports(engine) {
        if matches!(item.ty, ComponentItem::ComponentInstance(_)) {
            found.push(name.to_string());
        }
    }
    let stateless = found.iter().any(|n| n == STATELESS_EXPORT);
    let stateful = found.iter().any(|n| n == STATEFUL_EXPORT);
    match (stateless, stateful) {
        (true, false) => Ok(ToolKind::Stateless),
        (false, true) => Ok(ToolKind::Stateful),
        (true, true) => Err(component_error(
            path,
            "exports both tz:tool/stateless and tz:tool/stateful; a component implements one world",
        )),
        (false, false) => {
            let other: Vec<_> = found.iter().filter(|n| n.starts_with("tz:tool/")).collect();
            let hint = if other.is_empty() {
                format!("it exports {found:?}")
            } else {
                format!("it exports {other:?}, built against another version of wit/tool.wit")
            };
            Err(component_error(
                path,
                format!(
                    "exports neither tz:tool/stateless@{WIT_VERSION} nor tz:tool/stateful@{WIT_VERSION} ({hint}); build it against this repository's wit/"
                ),
            ))
        }
    }
}

impl LoadedTool {
    /// Compiles (or loads from cache), links and asks the tool for its spec.
    pub fn load(sandbox: &Sandbox, path: &Path) -> Result<LoadedTool> {
        let wasm = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        if !wasm.starts_with(b"\0asm") {
            return Err(component_error(
                path,
                "not a WebAssembly file (bad magic bytes)",
            ));
        }
        if wasm.get(4..8) == Some(&[1, 0, 0, 0]) {
            return Err(component_error(
                path,
                "a core wasm module, not a component: build for wasm32-wasip2 or run `wasm-tools component new`",
            ));
        }
        let (component, cache) =
            super::cache::load(sandbox.engine(), &wasm, sandbox.cache_dir())
                .map_err(|e| component_error(path, format!("does not compile: {e:#}")))?;
        let kind = detect_kind(sandbox.engine(), &component, path)?;
        let linked = sandbox
            .linker()
            .instantiate_pre(&component)
            .map_err(|e| component_error(path, format!("imports something the sandbox does not provide (only WASI 0.2 is available): {e:#}")))?;
        let pre = match kind {
            ToolKind::Stateless => Pre::Stateless(
                stateless::ToolPre::new(linked)
                    .map_err(|e| component_error(path, format!("{e:#}")))?,
            ),
            ToolKind::Stateful => Pre::Stateful(
                stateful::SessionToolPre::new(linked)
                    .map_err(|e| component_error(path, format!("{e:#}")))?,
            ),
        };
        let (export, method) = match kind {
            ToolKind::Stateless => (STATELESS_EXPORT, "call"),
            ToolKind::Stateful => (STATEFUL_EXPORT, "[method]session.call"),
        };
        let index = |method: &str| {
            component
                .get_export_index(None, export)
                .and_then(|iface| component.get_export_index(Some(&iface), method))
                .ok_or_else(|| component_error(path, format!("{export} has no `{method}` export")))
        };
        let call_index = index(method)?;
        let session_indices = match kind {
            ToolKind::Stateless => None,
            ToolKind::Stateful => Some((
                index("[method]session.load")?,
                index("[method]session.state")?,
            )),
        };
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut tool = LoadedTool {
            path: path.to_path_buf(),
            name,
            kind,
            cache,
            spec_json: String::new(),
            pre,
            call_index,
            session_indices,
        };
        tool.spec_json = tool.fetch_spec(sandbox.config())?;
        Ok(tool)
    }

    fn fetch_spec(&self, cfg: &SandboxConfig) -> Result<String> {
        let spec_error = |message: String| Error::Spec {
            path: self.path.clone(),
            message,
        };
        let mut store = self.new_store(cfg, 0);
        let result = match &self.pre {
            Pre::Stateless(pre) => pre
                .instantiate(&mut store)
                .and_then(|t| t.tz_tool_stateless().call_spec(&mut store)),
            Pre::Stateful(pre) => pre
                .instantiate(&mut store)
                .and_then(|t| t.tz_tool_stateful().call_spec(&mut store)),
        };
        let json = result.map_err(|e| {
            let outcome = Outcome::from_guest_error(&e);
            spec_error(format!("calling spec() failed: {}", outcome.detail()))
        })?;
        if json.len() > 4 << 20 {
            return Err(spec_error(format!(
                "spec() returned {} bytes; the limit is 4 MiB",
                json.len()
            )));
        }
        Ok(json)
    }

    fn new_store(&self, cfg: &SandboxConfig, seed: u64) -> Store<HostState> {
        let engine = match &self.pre {
            Pre::Stateless(p) => p.engine(),
            Pre::Stateful(p) => p.engine(),
        };
        let mut store = Store::new(engine, HostState::new(cfg, seed));
        store.limiter(|s| &mut s.limiter);
        // Fuel is always enabled by the engine, so these cannot fail.
        let _ = store.set_fuel(cfg.fuel_per_instantiate);
        store.set_epoch_deadline(deadline_ticks(cfg.timeout_ms));
        store.epoch_deadline_trap();
        store
    }

    /// Creates a store and an instance (and, for stateful tools, a session seeded with `seed`).
    ///
    /// Every failure is an outcome: the guest's (a trap, a limit, an ABI violation such as a
    /// constructor returning a handle it never created) poisons the tool for the episode;
    /// [`Outcome::PoolExhausted`] (more than `max_live_stores` stores alive) does not.
    pub fn instantiate(&self, cfg: &SandboxConfig, seed: u64) -> Instantiated {
        let mut store = self.new_store(cfg, seed);
        store.data().time.start_call();
        let inst = self.start(&mut store, seed);
        let used = cfg.fuel_per_instantiate - store.get_fuel().unwrap_or(0);
        match inst {
            Ok(inst) => Ok(ToolInstance { store, inst }),
            Err(e) => Err(CallOutcome {
                outcome: Outcome::from_instantiate_error(&e, cfg.max_live_stores),
                fuel_used: used,
            }),
        }
    }

    fn start(&self, store: &mut Store<HostState>, seed: u64) -> wasmtime::Result<Inst> {
        match &self.pre {
            Pre::Stateless(pre) => {
                let instance = pre.instance_pre().instantiate(&mut *store)?;
                let call = instance
                    .get_func(&mut *store, self.call_index)
                    .ok_or_else(|| wasmtime::format_err!("the `call` export is missing"))?;
                call.typed::<(&str, &str), RawResult>(&*store)?;
                Ok(Inst::Stateless(call))
            }
            Pre::Stateful(pre) => {
                let instance = pre.instance_pre().instantiate(&mut *store)?;
                let tool = stateful::SessionTool::new(&mut *store, &instance)?;
                let session = tool
                    .tz_tool_stateful()
                    .session()
                    .call_constructor(&mut *store, seed)?;
                let func = |store: &mut Store<HostState>, index, what: &str| {
                    instance
                        .get_func(&mut *store, index)
                        .ok_or_else(|| wasmtime::format_err!("the `{what}` method is missing"))
                };
                let (load_index, state_index) = self
                    .session_indices
                    .ok_or_else(|| wasmtime::format_err!("the session methods are missing"))?;
                let call = func(store, self.call_index, "call")?;
                call.typed::<(ResourceAny, &str, &str), RawResult>(&*store)?;
                let load = func(store, load_index, "load")?;
                load.typed::<(ResourceAny, &str), RawLoad>(&*store)?;
                let state = func(store, state_index, "state")?;
                state.typed::<(ResourceAny,), RawState>(&*store)?;
                Ok(Inst::Stateful(Session {
                    resource: session,
                    call,
                    load,
                    state,
                }))
            }
        }
    }
}

impl ToolInstance {
    /// Calls `name` with `arguments` (already validated JSON) under the per-call limits.
    pub fn call(&mut self, cfg: &SandboxConfig, name: &str, arguments: &str) -> CallOutcome {
        self.start_call(cfg);
        let result = match &self.inst {
            // SAFETY (both arms): `start` checked the function's type with `Func::typed` for
            // exactly these parameter and result types when the instance was created, and a
            // component function's type never changes; this is how wasmtime's own bindings
            // call exports. Checking again per call measured +10-15% on a live call.
            #[allow(unsafe_code)]
            Inst::Stateless(call) => {
                unsafe { TypedFunc::<(&str, &str), RawResult>::new_unchecked(*call) }
                    .call(&mut self.store, (name, arguments))
            }
            #[allow(unsafe_code)]
            Inst::Stateful(s) => {
                unsafe { TypedFunc::<(ResourceAny, &str, &str), RawResult>::new_unchecked(s.call) }
                    .call(&mut self.store, (s.resource, name, arguments))
            }
        };
        let fuel_used = self.fuel_used(cfg);
        let outcome = match result {
            Ok((Ok(text),)) => {
                self.lift(text, cfg.max_output_bytes, |result| Outcome::Ok { result })
            }
            Ok((Err(text),)) => self.lift(text, cfg.max_output_bytes, |message| {
                Outcome::ToolError { message }
            }),
            Err(e) => Outcome::from_guest_error(&e),
        };
        CallOutcome { outcome, fuel_used }
    }

    /// Starts the per-call limits (fuel, deadline, virtual clock) for one guest entry.
    fn start_call(&mut self, cfg: &SandboxConfig) {
        let _ = self.store.set_fuel(cfg.fuel_per_call);
        self.store
            .set_epoch_deadline(deadline_ticks(cfg.timeout_ms));
        self.store.data().time.start_call();
    }

    fn fuel_used(&self, cfg: &SandboxConfig) -> u64 {
        cfg.fuel_per_call - self.store.get_fuel().unwrap_or(0)
    }

    /// The live session, or the outcome for a stateless tool (which has neither `load` nor
    /// `state`).
    fn session(&self) -> std::result::Result<Session, CallOutcome> {
        match &self.inst {
            Inst::Stateful(s) => Ok(*s),
            Inst::Stateless(_) => Err(CallOutcome {
                outcome: Outcome::ToolError {
                    message: "a stateless tool has no session to load or to read the state of"
                        .into(),
                },
                fuel_used: 0,
            }),
        }
    }

    /// Loads a session's initial state from `config` (`session.load`), under the per-call
    /// limits. `Ok` with an empty result on success; the tool's `err` is a [`Outcome::ToolError`].
    pub fn load(&mut self, cfg: &SandboxConfig, config: &str) -> CallOutcome {
        let s = match self.session() {
            Ok(s) => s,
            Err(out) => return out,
        };
        self.start_call(cfg);
        // SAFETY: `start` checked `load`'s type for exactly these types (see `call`).
        #[allow(unsafe_code)]
        let result = unsafe { TypedFunc::<(ResourceAny, &str), RawLoad>::new_unchecked(s.load) }
            .call(&mut self.store, (s.resource, config));
        let outcome = match result {
            Ok((Ok(()),)) => Outcome::Ok {
                result: String::new(),
            },
            Ok((Err(text),)) => self.lift(text, cfg.max_output_bytes, |message| {
                Outcome::ToolError { message }
            }),
            Err(e) => Outcome::from_guest_error(&e),
        };
        let fuel_used = self.fuel_used(cfg);
        CallOutcome { outcome, fuel_used }
    }

    /// The session's state (`session.state`) as `Ok { result: json }`, under the per-call
    /// limits; a state text over `max_state_bytes` is [`Outcome::OutputTooLarge`].
    pub fn state(&mut self, cfg: &SandboxConfig) -> CallOutcome {
        let s = match self.session() {
            Ok(s) => s,
            Err(out) => return out,
        };
        self.start_call(cfg);
        // SAFETY: `start` checked `state`'s type for exactly these types (see `call`).
        #[allow(unsafe_code)]
        let result = unsafe { TypedFunc::<(ResourceAny,), RawState>::new_unchecked(s.state) }
            .call(&mut self.store, (s.resource,));
        let outcome = match result {
            Ok((text,)) => self.lift(text, cfg.max_state_bytes, |result| Outcome::Ok { result }),
            Err(e) => Outcome::from_guest_error(&e),
        };
        let fuel_used = self.fuel_used(cfg);
        CallOutcome { outcome, fuel_used }
    }

    /// A result text if it fits `limit`, else [`Outcome::OutputTooLarge`].
    fn lift(&self, text: String, limit: usize, make: impl FnOnce(String) -> Outcome) -> Outcome {
        if text.len() > limit {
            Outcome::OutputTooLarge {
                bytes: text.len() as u64,
                limit: limit as u64,
            }
        } else {
            make(text)
        }
    }

    /// What the guest wrote to stdout and stderr so far (bounded by `max_stdio_bytes`).
    pub fn stdio(&self) -> (Vec<u8>, Vec<u8>) {
        let d = self.store.data();
        (d.stdout.contents().to_vec(), d.stderr.contents().to_vec())
    }
}
