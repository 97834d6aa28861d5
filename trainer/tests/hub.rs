//! `--model org/name`: fetching a model repository with the real hf-hub client from a local
//! HTTP server that answers like the Hugging Face hub (`/{repo}/resolve/{revision}/{file}`
//! with ranges, `etag` and `x-repo-commit`), then loading it; and the errors where the hub
//! is unreachable or the repository does not exist. No network is needed.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;

use common::{max_diff, reshard, tiny_checkpoint, tiny_config};
use sha2::{Digest, Sha256};
use tz_trainer::load::hub::{HubClient, HubSpec};
use tz_trainer::{Batch, Checkpoint, Error, Padding, candle_core::Device};

const COMMIT: &str = "0123456789abcdef0123456789abcdef01234567";

/// Serves files of `root` as repository `repo` at revision `main` until the test ends.
fn serve(root: PathBuf, repo: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
            let mut range = None;
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                    break;
                }
                if let Some(v) = h.to_ascii_lowercase().strip_prefix("range: bytes=") {
                    let (a, b) = v.trim().split_once('-').unwrap();
                    range = Some((a.parse::<usize>().unwrap(), b.parse::<usize>().ok()));
                }
            }
            let prefix = format!("/{repo}/resolve/main/");
            let body = path
                .strip_prefix(&prefix)
                .filter(|f| !f.contains(".."))
                .and_then(|f| std::fs::read(root.join(f)).ok());
            let Some(body) = body else {
                let _ = stream.write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
                continue;
            };
            let etag: String = Sha256::digest(&body)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let (start, end) = match range {
                Some((a, b)) => (a, b.unwrap_or(body.len() - 1).min(body.len() - 1)),
                None => (0, body.len() - 1),
            };
            let part = &body[start..=end];
            let head = format!(
                "HTTP/1.1 206 Partial Content\r\nContent-Length: {}\r\nContent-Range: bytes {start}-{end}/{}\r\netag: \"{etag}\"\r\nx-repo-commit: {COMMIT}\r\nConnection: close\r\n\r\n",
                part.len(),
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(part);
        }
    });
    url
}

#[test]
fn a_hub_repository_is_fetched_into_the_cache_and_loads_like_its_directory() {
    for sharded in [false, true] {
        let ckpt = tiny_checkpoint(&tiny_config("qwen2", false), 9);
        let repo_dir = tempfile::tempdir().unwrap();
        ckpt.save_hf_dir(repo_dir.path()).unwrap();
        if sharded {
            reshard(repo_dir.path(), &ckpt);
        }
        let url = serve(repo_dir.path().to_path_buf(), "tz-test/tiny-qwen2");
        let cache = tempfile::tempdir().unwrap();
        let client = HubClient {
            endpoint: Some(url),
            cache_dir: Some(cache.path().to_path_buf()),
            progress: false,
        };
        let spec = HubSpec::parse("tz-test/tiny-qwen2").unwrap();
        let dir = client.fetch(&spec).unwrap();
        assert!(dir.starts_with(cache.path()), "{}", dir.display());
        assert!(
            dir.ends_with(format!("snapshots/{COMMIT}")),
            "{}",
            dir.display()
        );
        let loaded = Checkpoint::from_hf_dir(&dir, &Device::Cpu).unwrap();
        let seqs = vec![vec![3u32, 5, 7, 11], vec![2, 4]];
        let batch = Batch::new(&seqs, 0, Padding::Right, &Device::Cpu).unwrap();
        let want = ckpt.model().unwrap().forward(&batch).unwrap();
        let got = loaded.model().unwrap().forward(&batch).unwrap();
        assert_eq!(max_diff(&got, &want), 0.0, "sharded {sharded}");

        // Cached: a second fetch needs no hub at all.
        let offline = HubClient {
            endpoint: Some("http://127.0.0.1:1".into()),
            cache_dir: Some(cache.path().to_path_buf()),
            progress: false,
        };
        assert_eq!(offline.fetch(&spec).unwrap(), dir);
    }
}

#[test]
fn an_unreachable_hub_or_a_missing_repository_is_a_clear_error() {
    let cache = tempfile::tempdir().unwrap();
    let spec = HubSpec::parse("tz-test/absent@v2").unwrap();
    let unreachable = HubClient {
        endpoint: Some("http://127.0.0.1:1".into()),
        cache_dir: Some(cache.path().to_path_buf()),
        progress: false,
    };
    let err = unreachable.fetch(&spec).unwrap_err();
    assert!(matches!(err, Error::Hub { .. }), "{err:?}");
    let msg = err.to_string();
    for part in ["tz-test/absent@v2", "http://127.0.0.1:1", "--model DIR"] {
        assert!(msg.contains(part), "{part:?} missing from: {msg}");
    }

    let empty = tempfile::tempdir().unwrap();
    let url = serve(empty.path().to_path_buf(), "tz-test/absent");
    let missing = HubClient {
        endpoint: Some(url),
        cache_dir: Some(cache.path().to_path_buf()),
        progress: false,
    };
    let msg = missing
        .fetch(&HubSpec::parse("tz-test/absent").unwrap())
        .unwrap_err()
        .to_string();
    assert!(msg.contains("404"), "{msg}");
}
