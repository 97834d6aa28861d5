//! Fetching a Hugging Face model repository (`--model org/name[@revision]`) into the local
//! Hugging Face cache with `hf-hub`, so it loads like any model directory.
//!
//! Only the files a model directory needs are fetched: `config.json`, `tokenizer.json`, the
//! optional `generation_config.json` and `tokenizer_config.json`, and the weights
//! (`model.safetensors`, or `model.safetensors.index.json` and every shard it lists). The
//! endpoint, cache directory and token follow hf-hub's environment (`HF_ENDPOINT`,
//! `HF_HOME`, `HF_TOKEN`). Where the hub cannot be reached the error says so and how to load
//! the model from a directory instead.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use hf_hub::api::sync::{ApiBuilder, ApiError, ApiRepo};
use hf_hub::{Cache, Repo, RepoType};

use crate::{Error, Result};

/// Where a hub model comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubSpec {
    /// `org/name`.
    pub repo: String,
    /// Branch, tag or commit (`main` when not given).
    pub revision: String,
}

impl HubSpec {
    /// Parses `org/name` or `org/name@revision`; `None` when `spec` does not look like one
    /// (exactly one `/`, both sides made of the characters hub ids use).
    pub fn parse(spec: &str) -> Option<HubSpec> {
        let (repo, revision) = match spec.split_once('@') {
            Some((r, rev)) if !rev.is_empty() => (r, rev),
            Some(_) => return None,
            None => (spec, "main"),
        };
        let (org, name) = repo.split_once('/')?;
        let ok = |s: &str| {
            !s.is_empty()
                && !s.starts_with('.')
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        (ok(org) && ok(name)).then(|| HubSpec {
            repo: repo.to_string(),
            revision: revision.to_string(),
        })
    }
}

/// Where to fetch from and cache to; [`HubClient::from_env`] reads hf-hub's environment.
#[derive(Debug, Clone, Default)]
pub struct HubClient {
    /// Hub URL (default `https://huggingface.co` or `$HF_ENDPOINT`).
    pub endpoint: Option<String>,
    /// Cache root (default `$HF_HOME/hub` or `~/.cache/huggingface/hub`).
    pub cache_dir: Option<PathBuf>,
    /// Draw hf-hub's download progress bars on stderr.
    pub progress: bool,
}

impl HubClient {
    /// The client hf-hub's environment describes; progress bars when stderr is a terminal.
    pub fn from_env() -> Self {
        use std::io::IsTerminal;
        Self {
            progress: std::io::stderr().is_terminal(),
            ..Self::default()
        }
    }

    /// Fetches `spec`'s model files (or finds them cached) and returns the snapshot
    /// directory holding them.
    pub fn fetch(&self, spec: &HubSpec) -> Result<PathBuf> {
        if let Some(dir) = self.cached(spec) {
            return Ok(dir);
        }
        let mut builder = ApiBuilder::from_env()
            .with_progress(self.progress)
            .with_retries(2);
        if let Some(endpoint) = &self.endpoint {
            builder = builder.with_endpoint(endpoint.clone());
        }
        if let Some(dir) = &self.cache_dir {
            builder = builder.with_cache_dir(dir.clone());
        }
        let api = builder.build().map_err(|e| self.error(spec, &e))?;
        let repo = api.repo(Repo::with_revision(
            spec.repo.clone(),
            RepoType::Model,
            spec.revision.clone(),
        ));
        let get = |file: &str| repo.get(file).map_err(|e| self.error(spec, &e));
        let config = get("config.json")?;
        get("tokenizer.json")?;
        for optional in ["generation_config.json", "tokenizer_config.json"] {
            optional_get(&repo, optional).map_err(|e| self.error(spec, &e))?;
        }
        match optional_get(&repo, "model.safetensors").map_err(|e| self.error(spec, &e))? {
            Some(_) => {}
            None => {
                let index = get("model.safetensors.index.json")?;
                for shard in shard_names(&index)? {
                    get(&shard)?;
                }
            }
        }
        config
            .parent()
            .map(Path::to_path_buf)
            .ok_or_else(|| Error::Hub {
                repo: spec.repo.clone(),
                message: format!("unexpected cache path {}", config.display()),
            })
    }

    /// The snapshot directory when every needed file is already in the cache (so a cached
    /// model loads with no hub at all, as hf-hub's own `get` does file by file).
    fn cached(&self, spec: &HubSpec) -> Option<PathBuf> {
        let cache = match &self.cache_dir {
            Some(dir) => Cache::new(dir.clone()),
            None => Cache::from_env(),
        };
        let repo = cache.repo(Repo::with_revision(
            spec.repo.clone(),
            RepoType::Model,
            spec.revision.clone(),
        ));
        let config = repo.get("config.json")?;
        repo.get("tokenizer.json")?;
        if repo.get("model.safetensors").is_none() {
            let index = repo.get("model.safetensors.index.json")?;
            for shard in shard_names(&index).ok()? {
                repo.get(&shard)?;
            }
        }
        config.parent().map(Path::to_path_buf)
    }

    fn error(&self, spec: &HubSpec, e: &ApiError) -> Error {
        let endpoint = self
            .endpoint
            .clone()
            .or_else(|| std::env::var("HF_ENDPOINT").ok())
            .unwrap_or_else(|| "https://huggingface.co".into());
        Error::Hub {
            repo: format!("{}@{}", spec.repo, spec.revision),
            message: format!("{e} (hub {endpoint})"),
        }
    }
}

/// `Ok(None)` when the hub answers that `file` does not exist (HTTP 404).
fn optional_get(repo: &ApiRepo, file: &str) -> std::result::Result<Option<PathBuf>, ApiError> {
    match repo.get(file) {
        Ok(p) => Ok(Some(p)),
        Err(ApiError::RequestError(e)) if matches!(*e, ureq::Error::Status(404, _)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The distinct shard files `model.safetensors.index.json` lists, in sorted order.
fn shard_names(index: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(index).map_err(|e| Error::io(index, e))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Error::Config(format!("{}: {e}", index.display())))?;
    let map = value
        .get("weight_map")
        .and_then(|m| m.as_object())
        .ok_or_else(|| Error::Config(format!("{}: no weight_map object", index.display())))?;
    let mut names = BTreeSet::new();
    for (tensor, file) in map {
        let file = file.as_str().unwrap_or_default();
        // A shard name is a plain file name: never a path out of the snapshot.
        if file.is_empty() || file.contains('/') || file.contains('\\') || file.starts_with('.') {
            return Err(Error::Config(format!(
                "{}: tensor {tensor} maps to an unusable file name {file:?}",
                index.display()
            )));
        }
        names.insert(file.to_string());
    }
    Ok(names.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hub_ids_parse_and_paths_do_not() {
        let s = HubSpec::parse("HuggingFaceTB/SmolLM2-135M").unwrap();
        assert_eq!(
            (s.repo.as_str(), s.revision.as_str()),
            ("HuggingFaceTB/SmolLM2-135M", "main")
        );
        let s = HubSpec::parse("Qwen/Qwen2.5-0.5B@v1.0").unwrap();
        assert_eq!(s.revision, "v1.0");
        for bad in [
            "model.gguf",
            "a/b/c",
            "/abs/path",
            "./x/y",
            "org/",
            "org/name@",
            "a b/c",
        ] {
            assert_eq!(HubSpec::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn shard_names_are_distinct_and_must_stay_in_the_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index.json");
        std::fs::write(
            &index,
            r#"{"weight_map":{"a":"model-00002.safetensors","b":"model-00001.safetensors","c":"model-00001.safetensors"}}"#,
        )
        .unwrap();
        assert_eq!(
            shard_names(&index).unwrap(),
            ["model-00001.safetensors", "model-00002.safetensors"]
        );
        std::fs::write(&index, r#"{"weight_map":{"a":"../../etc/passwd"}}"#).unwrap();
        assert!(
            shard_names(&index)
                .unwrap_err()
                .to_string()
                .contains("unusable")
        );
    }
}
