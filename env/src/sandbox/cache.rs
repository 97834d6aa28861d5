//! Compiled-component cache on disk.
//!
//! Compiling a component is slow (milliseconds for a small Rust tool, 15-20 s for an
//! interpreter); a hit maps the entry (`Component::deserialize_file`) after checking its
//! checksum: `tz tools list` on the 18 MB CPython tool alone takes 90 ms, most of it the two
//! SHA-256s (of the 18 MB wasm and the 43 MB entry). Entries are keyed by the
//! SHA-256 of the wasm bytes and the engine's `precompile_compatibility_hash` (wasmtime
//! version and every code-generation setting), and each entry carries the SHA-256 of its own
//! bytes in its file name's sidecar. An entry whose key or checksum does not match, or that
//! wasmtime refuses, is recompiled and replaced, never trusted. Writes go to a temporary file
//! that is renamed into place, so a crash never leaves a partial entry.
//!
//! Threat model: the cache directory must be writable only by the user running `tz` (as with
//! any cache of native code); the checksum protects against corruption and truncation, not
//! against an attacker who can write both files.

use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use wasmtime::Engine;
use wasmtime::component::Component;

/// Where a component was found or compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheStatus {
    /// Loaded from a valid cache entry.
    Hit,
    /// Compiled and written to the cache.
    Miss,
    /// An entry existed but was stale or damaged; recompiled and replaced.
    Replaced,
    /// No cache in use (disabled, or the directory is not writable).
    Disabled,
}

/// A `Hasher` that feeds SHA-256, so `impl Hash` values get a stable digest.
struct ShaHasher(Sha256);

impl Hasher for ShaHasher {
    fn finish(&self) -> u64 {
        0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

/// Hex key of `engine`'s code-generation settings.
pub fn engine_key(engine: &Engine) -> String {
    let mut h = ShaHasher(Sha256::new());
    engine.precompile_compatibility_hash().hash(&mut h);
    hex::encode(&h.0.finalize()[..12])
}

/// Compiles `wasm` for `engine`, through the cache in `dir` when given.
pub fn load(
    engine: &Engine,
    wasm: &[u8],
    dir: Option<&Path>,
) -> wasmtime::Result<(Component, CacheStatus)> {
    let Some(dir) = dir else {
        return Ok((compile(engine, wasm)?, CacheStatus::Disabled));
    };
    let key = format!(
        "{}-{}",
        hex::encode(&Sha256::digest(wasm)[..16]),
        engine_key(engine)
    );
    let entry = dir.join(format!("{key}.cwasm"));
    let sum = dir.join(format!("{key}.sha256"));
    let existed = entry.exists();
    if existed && let Some(c) = try_load(engine, &entry, &sum) {
        return Ok((c, CacheStatus::Hit));
    }
    let component = compile(engine, wasm)?;
    let status = match store(&component, dir, &entry, &sum) {
        Ok(()) if existed => CacheStatus::Replaced,
        Ok(()) => CacheStatus::Miss,
        Err(_) => CacheStatus::Disabled,
    };
    Ok((component, status))
}

/// Compiles `wasm` after checking it against [`super::precheck::COMPILE_LIMITS`].
fn compile(engine: &Engine, wasm: &[u8]) -> wasmtime::Result<Component> {
    super::precheck::check(wasm, &super::precheck::COMPILE_LIMITS)
        .map_err(|e| wasmtime::format_err!("the component {e}"))?;
    Component::new(engine, wasm)
}

fn try_load(engine: &Engine, entry: &Path, sum: &Path) -> Option<Component> {
    let expected = std::fs::read_to_string(sum).ok()?;
    let file = std::fs::File::open(entry).ok()?;
    // SAFETY: the map is read-only and dropped before this function returns; the cache
    // directory is the user's own (see the module docs), so no one truncates the file under us.
    #[allow(unsafe_code)]
    let bytes = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    if hex::encode(Sha256::digest(&bytes[..])) != expected.trim() {
        return None;
    }
    // SAFETY: the bytes were produced by `Component::serialize` of this engine
    // configuration (the file name carries the engine's compatibility hash) and their SHA-256
    // matches the digest written with them, so they are not truncated or damaged. wasmtime
    // additionally checks the version and settings header and refuses a mismatch.
    // `deserialize_file` maps the file itself (copy-on-write) instead of copying 10-50 MB of
    // an interpreter's code: a cached CPython tool loads in a third of the time.
    #[allow(unsafe_code)]
    let component = unsafe { Component::deserialize_file(engine, entry) };
    component.ok()
}

fn store(component: &Component, dir: &Path, entry: &Path, sum: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let bytes = component
        .serialize()
        .map_err(|e| std::io::Error::other(format!("{e}")))?;
    let digest = hex::encode(Sha256::digest(&bytes));
    write_atomic(dir, entry, &bytes)?;
    write_atomic(dir, sum, digest.as_bytes())
}

fn write_atomic(dir: &Path, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp: PathBuf = dir.join(format!(
        ".tmp-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&tmp, target)
}
