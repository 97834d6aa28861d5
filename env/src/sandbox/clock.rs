//! Virtual, seeded clocks: guests never see the host's time, and never wait for it.
//!
//! Each store has one [`VirtualTime`]: nanoseconds since a seed-derived origin. Reading a clock
//! advances it by [`TICK_NS`], so busy-wait loops see time pass and results stay
//! deterministic. Sleeping (`wasi:clocks/monotonic-clock` `subscribe-duration` /
//! `subscribe-instant`, which Rust's `thread::sleep` and `wasi:io/poll` use) is virtual too:
//! the clock jumps forward and the pollable is ready at once. A sleep that would carry the
//! call past its virtual budget (`timeout_ms`) traps with [`VirtualDeadline`], which the
//! sandbox reports as a deadline outcome. So a guest can never block a host thread inside a
//! clock call; that is how the sandbox closes the sync API's blind spot (epoch interruption
//! cannot stop a guest blocked in a host call).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use wasmtime::component::{HasData, Resource, ResourceTable};
use wasmtime_wasi::p2::bindings::clocks::monotonic_clock;
use wasmtime_wasi::p2::{DynPollable, Pollable, subscribe};
use wasmtime_wasi::{HostMonotonicClock, HostWallClock};

/// Virtual nanoseconds each clock read advances time by.
pub const TICK_NS: u64 = 1_000;

/// Unix time of 2025-01-01T00:00:00Z, the earliest virtual wall-clock origin.
const WALL_EPOCH_S: u64 = 1_735_689_600;

/// A store's virtual time, shared by its wall clock, its monotonic clock and its sleeps.
#[derive(Debug, Clone)]
pub struct VirtualTime {
    inner: Arc<TimeState>,
}

#[derive(Debug)]
struct TimeState {
    /// Virtual monotonic nanoseconds.
    now_ns: AtomicU64,
    /// Wall-clock origin in nanoseconds since the Unix epoch.
    wall_origin_ns: u64,
    /// Virtual time at which the current call started.
    call_start_ns: AtomicU64,
    /// Virtual nanoseconds a call may sleep.
    call_budget_ns: u64,
}

impl VirtualTime {
    /// Time for one store, its origin derived from `seed`; calls may sleep `budget` in total.
    pub fn new(seed: u64, budget: Duration) -> Self {
        let mono = super::seed::derive(seed, super::seed::Purpose::MonotonicClock);
        let wall = super::seed::derive(seed, super::seed::Purpose::WallClock);
        let year_s = 365 * 24 * 3600;
        Self {
            inner: Arc::new(TimeState {
                now_ns: AtomicU64::new(mono % 1_000_000_000_000_000),
                wall_origin_ns: (WALL_EPOCH_S + wall % year_s) * 1_000_000_000,
                call_start_ns: AtomicU64::new(0),
                call_budget_ns: u64::try_from(budget.as_nanos()).unwrap_or(u64::MAX),
            }),
        }
    }

    /// Marks the start of a call: the sleep budget restarts from now.
    pub fn start_call(&self) {
        let now = self.inner.now_ns.load(Ordering::Relaxed);
        self.inner.call_start_ns.store(now, Ordering::Relaxed);
    }

    /// Reads the monotonic clock (and advances it by one tick).
    pub fn read(&self) -> u64 {
        self.inner.now_ns.fetch_add(TICK_NS, Ordering::Relaxed)
    }

    fn sleep_until(&self, when: u64) -> Result<(), VirtualDeadline> {
        let start = self.inner.call_start_ns.load(Ordering::Relaxed);
        let deadline = start.saturating_add(self.inner.call_budget_ns);
        if when > deadline {
            return Err(VirtualDeadline {
                requested_ns: when.saturating_sub(start),
                budget_ns: self.inner.call_budget_ns,
            });
        }
        self.inner.now_ns.fetch_max(when, Ordering::Relaxed);
        Ok(())
    }

    /// A wall clock view of this time, for `WasiCtxBuilder::wall_clock`.
    pub fn wall_clock(&self) -> impl HostWallClock + 'static {
        WallView(self.clone())
    }

    /// A monotonic clock view of this time, for `WasiCtxBuilder::monotonic_clock`.
    pub fn monotonic_clock(&self) -> impl HostMonotonicClock + 'static {
        MonoView(self.clone())
    }
}

struct WallView(VirtualTime);

impl HostWallClock for WallView {
    fn resolution(&self) -> Duration {
        Duration::from_nanos(TICK_NS)
    }
    fn now(&self) -> Duration {
        let t = self.0.read();
        Duration::from_nanos(self.0.inner.wall_origin_ns.saturating_add(t))
    }
}

struct MonoView(VirtualTime);

impl HostMonotonicClock for MonoView {
    fn resolution(&self) -> u64 {
        TICK_NS
    }
    fn now(&self) -> u64 {
        self.0.read()
    }
}

/// The trap raised when a guest sleeps past its call's virtual time budget.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("guest slept {requested_ns} ns of virtual time in one call; the budget is {budget_ns} ns")]
pub struct VirtualDeadline {
    /// Virtual nanoseconds since the call started that the sleep would reach.
    pub requested_ns: u64,
    /// The call's budget.
    pub budget_ns: u64,
}

/// A pollable that is always ready: the sleep already happened, virtually.
struct Ready;

#[wasmtime_wasi::async_trait]
impl Pollable for Ready {
    async fn ready(&mut self) {}
}

/// What the monotonic-clock host functions see of the store.
pub struct ClockView<'a> {
    /// The store's virtual time.
    pub time: &'a VirtualTime,
    /// The store's resource table (pollables live there).
    pub table: &'a mut ResourceTable,
}

/// `HasData` marker for [`ClockView`].
pub struct VirtualClocks;

impl HasData for VirtualClocks {
    type Data<'a> = ClockView<'a>;
}

impl ClockView<'_> {
    fn ready_pollable(&mut self) -> wasmtime::Result<Resource<DynPollable>> {
        let res = self.table.push(Ready)?;
        subscribe(self.table, res)
    }
}

impl monotonic_clock::Host for ClockView<'_> {
    fn now(&mut self) -> wasmtime::Result<monotonic_clock::Instant> {
        Ok(self.time.read())
    }

    fn resolution(&mut self) -> wasmtime::Result<monotonic_clock::Duration> {
        Ok(TICK_NS)
    }

    fn subscribe_instant(
        &mut self,
        when: monotonic_clock::Instant,
    ) -> wasmtime::Result<Resource<DynPollable>> {
        self.time.sleep_until(when).map_err(wasmtime::Error::new)?;
        self.ready_pollable()
    }

    fn subscribe_duration(
        &mut self,
        duration: monotonic_clock::Duration,
    ) -> wasmtime::Result<Resource<DynPollable>> {
        let now = self.time.inner.now_ns.load(Ordering::Relaxed);
        self.time
            .sleep_until(now.saturating_add(duration))
            .map_err(wasmtime::Error::new)?;
        self.ready_pollable()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_times_and_another_seed_other_times() {
        let new = |seed| VirtualTime::new(seed, Duration::from_secs(1));
        let (a, b, c) = (new(7), new(7), new(8));
        assert_eq!(a.read(), b.read());
        assert_eq!(a.wall_clock().now(), b.wall_clock().now());
        let (a, c2) = (new(7), new(8));
        assert_ne!(a.read(), c.read());
        assert_ne!(a.wall_clock().now(), c2.wall_clock().now());
    }

    #[test]
    fn reading_the_clock_advances_it_by_one_tick() {
        let t = VirtualTime::new(1, Duration::from_secs(1));
        let first = t.read();
        assert_eq!(t.read(), first + TICK_NS);
    }

    #[test]
    fn a_sleep_within_budget_jumps_time_and_one_past_it_is_refused() {
        let t = VirtualTime::new(1, Duration::from_millis(10));
        t.start_call();
        let start = t.read();
        t.sleep_until(start + 5_000_000).expect("within budget");
        assert!(t.read() >= start + 5_000_000);
        let err = t.sleep_until(start + 20_000_000).expect_err("past budget");
        assert_eq!(err.budget_ns, 10_000_000);
    }
}
