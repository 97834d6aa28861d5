//! An oversized result is refused, and what the host spends on it is bounded by the store's
//! memory limit: wasmtime frees a result's guest string (post-return) before the call returns,
//! so the host must copy it to read it, and can only copy what the guest's memory holds. Its
//! own test binary, because it counts the bytes the global allocator hands out (guest memory
//! comes from the pooling allocator's own mappings and is not counted).

#[allow(dead_code)]
#[path = "sandbox/common.rs"]
mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use tz_env::sandbox::{Outcome, SandboxConfig};

/// The system allocator, counting the largest single allocation since the last reset.
struct Counting;

static LARGEST: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        // SAFETY: same layout contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LARGEST.fetch_max(new_size, Ordering::Relaxed);
        // SAFETY: forwarded unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn a_result_over_the_cap_is_refused_and_its_copy_is_bounded_by_the_guest_memory_limit() {
    let cfg = SandboxConfig {
        memory_mib: 64,
        ..common::test_config()
    };
    // `ok` of 48 MiB starting at address 0: the tool's memory grows to 49 MiB first.
    let body = "(drop (memory.grow (i32.const 800))) (call $ok (i32.const 0) (i32.const 50331648))";
    let (_d, reg) = common::wat_registry(&common::spec_of(&["big"]), body, "", cfg.clone());
    let mut episode = reg.episode(0);
    LARGEST.store(0, Ordering::Relaxed);
    let out = episode.call("big", "{}").expect("an outcome");
    let largest = LARGEST.load(Ordering::Relaxed);
    assert_eq!(
        out.outcome,
        Outcome::OutputTooLarge {
            bytes: 48 << 20,
            limit: 64 * 1024
        }
    );
    assert!(
        largest <= cfg.memory_bytes(),
        "the host allocated {largest} bytes at once, more than the guest's memory limit"
    );
}
