//! Allocator settings for a process that trains or samples on the CPU.
//!
//! Every candle op allocates its output, and a training step allocates and frees gigabytes of
//! temporaries (activations, gradients, `[rows × vocab]` logit chunks). glibc's malloc serves
//! blocks above its mmap threshold (dynamic, at most 32 MiB) with a fresh `mmap` and gives them
//! back with `munmap` when freed, and trims the heap top back to the kernel past its trim
//! threshold, so the next step faults every page in again and the kernel zeroes each one. A
//! profile of the SmolLM2 step showed about 10% of its time in page faults and `clear_page`.
//!
//! [`keep_freed_memory`] fixes the mmap threshold at its maximum, 32 MiB (the dynamic one only
//! grows to a freed block's size, one block at a time), and turns trimming off, so freed memory
//! stays in the process for the next step. The cost is that RSS stays at its peak between steps
//! instead of falling back; the peak itself barely moves (9,218 → 9,238 MiB on the 8 × 256 step
//! without recomputation). It changes no value computed. On that step, alternated on a quiet
//! machine: 17.8 s with a 1 GiB trim threshold, 15.6 s with none (a step frees ~8 GiB, which a
//! finite threshold hands back and the next step faults in again).

/// glibc's largest accepted mmap threshold on 64-bit targets (`DEFAULT_MMAP_THRESHOLD_MAX`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 32 << 20;

/// Freed memory at the heap top kept before it is trimmed: glibc stores the value as a `size_t`,
/// so −1 is the largest threshold there is, and the heap is never trimmed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const TRIM_THRESHOLD: libc::c_int = -1;

/// Tunes glibc's malloc to keep freed memory for reuse (see the module doc). Call it once at
/// the start of `main`, before other threads allocate. Returns whether both settings were
/// accepted; elsewhere than glibc on Linux it does nothing and returns `false`.
pub fn keep_freed_memory() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: `mallopt` only changes malloc's thresholds; it takes plain integers and is
        // safe to call at any time (glibc serializes it with the arena locks).
        #[allow(unsafe_code)]
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
                && libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn glibc_accepts_both_thresholds() {
        assert!(super::keep_freed_memory());
    }
}
