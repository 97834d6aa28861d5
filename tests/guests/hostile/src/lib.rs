//! A hostile tool for the sandbox tests: each function tries something a sandbox must stop or
//! make deterministic (files, sockets, environment, sleeping, clocks, random, loops,
//! allocation, recursion, huge output). Built by `scripts/build-test-guests.sh`; never shipped.

use std::io::Read;
use std::time::{Duration, Instant, SystemTime};

wit_bindgen::generate!({ path: "../../../wit", world: "tool" });

use exports::tz::tool::stateless::Guest;

struct Hostile;

const FUNCTIONS: &[&str] = &[
    "read_file",
    "list_root",
    "connect",
    "env_vars",
    "args",
    "read_stdin",
    "sleep_ms",
    "busy_wait_ms",
    "clock",
    "random",
    "spin",
    "alloc_mib",
    "recurse",
    "output_bytes",
    "print_stdout",
    "panic",
];

fn arg_u64(arguments: &str, key: &str) -> u64 {
    // Tiny extraction: `{"key": 123}`; enough for tests (no JSON crate in the guest).
    arguments
        .split(&format!("\"{key}\""))
        .nth(1)
        .and_then(|rest| {
            let digits: String = rest
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(|c| c.is_ascii_digit())
                .collect();
            digits.parse().ok()
        })
        .unwrap_or(0)
}

#[inline(never)]
fn recurse(depth: u64, pad: &mut [u8; 64]) -> u64 {
    pad[0] = pad[0].wrapping_add(1);
    if depth == 0 {
        return u64::from(pad[0]);
    }
    recurse(depth - 1, pad) + u64::from(std::hint::black_box(pad[1]))
}

impl Guest for Hostile {
    fn spec() -> String {
        let items: Vec<String> = FUNCTIONS
            .iter()
            .map(|name| {
                format!(
                    r#"{{"name":"{name}","description":"hostile: {name}","parameters":{{"type":"object","properties":{{"n":{{"type":"integer","minimum":0}},"path":{{"type":"string"}}}}}}}}"#
                )
            })
            .collect();
        format!("[{}]", items.join(","))
    }

    fn call(name: String, arguments: String) -> Result<String, String> {
        let n = arg_u64(&arguments, "n");
        match name.as_str() {
            "read_file" => std::fs::read_to_string("/etc/passwd")
                .map(|s| format!("read {} bytes", s.len()))
                .map_err(|e| format!("refused: {e}")),
            "list_root" => std::fs::read_dir("/")
                .map(|d| format!("listed {} entries", d.count()))
                .map_err(|e| format!("refused: {e}")),
            "connect" => std::net::TcpStream::connect("127.0.0.1:22")
                .map(|_| "connected".to_string())
                .map_err(|e| format!("refused: {e}")),
            "env_vars" => Ok(format!("{} variables", std::env::vars().count())),
            "args" => Ok(format!("{} arguments", std::env::args().count())),
            "read_stdin" => {
                let mut buf = String::new();
                match std::io::stdin().read_to_string(&mut buf) {
                    Ok(k) => Ok(format!("read {k} bytes")),
                    Err(e) => Err(format!("refused: {e}")),
                }
            }
            "sleep_ms" => {
                let start = Instant::now();
                std::thread::sleep(Duration::from_millis(n));
                Ok(format!("slept {} ns", start.elapsed().as_nanos()))
            }
            "busy_wait_ms" => {
                let start = Instant::now();
                while start.elapsed() < Duration::from_millis(n) {}
                Ok("waited".into())
            }
            "clock" => {
                let wall = SystemTime::now()
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0);
                Ok(format!("wall={wall}"))
            }
            "random" => {
                let mut map = std::collections::HashMap::new();
                map.insert(1u8, 1u8);
                // HashMap's RandomState draws from wasi:random; make the draw visible.
                let state = std::hash::RandomState::new();
                use std::hash::BuildHasher;
                Ok(format!("hash={}", state.hash_one(42u64)))
            }
            "spin" => loop {
                std::hint::black_box(n);
            },
            "alloc_mib" => {
                let mut keep: Vec<Vec<u8>> = Vec::new();
                for _ in 0..n {
                    keep.push(vec![1u8; 1 << 20]);
                }
                Ok(format!("allocated {} MiB", keep.len()))
            }
            "recurse" => {
                let mut pad = [0u8; 64];
                Ok(format!("depth result {}", recurse(n, &mut pad)))
            }
            "output_bytes" => Ok("x".repeat(n as usize)),
            "print_stdout" => {
                for _ in 0..n {
                    println!("spam spam spam spam spam spam spam spam");
                }
                Ok("printed".into())
            }
            "panic" => panic!("hostile panic"),
            _ => Err(format!("unknown function {name}")),
        }
    }
}

export!(Hostile);
