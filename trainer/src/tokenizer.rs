//! The exact tokenizer: a `tokenizers` BPE either read from a Hugging Face `tokenizer.json` or
//! rebuilt from a GGUF's metadata (tokens, merges, token types, special ids, pre-tokenizer
//! name), plus the model's chat template rendered with minijinja.

use std::path::Path;

use serde::Serialize;
use tokenizers::models::bpe::{BPE, Vocab};
use tokenizers::pre_tokenizers::byte_level::ByteLevel;
use tokenizers::pre_tokenizers::digits::Digits;
use tokenizers::pre_tokenizers::sequence::Sequence;
use tokenizers::pre_tokenizers::split::{Split, SplitPattern};
use tokenizers::{AddedToken, PreTokenizerWrapper, SplitDelimiterBehavior};

use crate::{Error, Result};

const QWEN2_PATTERN: &str = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";
const LLAMA3_PATTERN: &str = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

/// One chat message for [`Tokenizer::apply_chat_template`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChatMessage {
    /// `system`, `user`, `assistant` or `tool`.
    pub role: String,
    /// The text.
    pub content: String,
}

impl ChatMessage {
    /// A message with the given role.
    pub fn new(role: &str, content: &str) -> Self {
        Self {
            role: role.into(),
            content: content.into(),
        }
    }
}

/// A tokenizer with the ids the sampler needs and the chat template.
#[derive(Clone)]
pub struct Tokenizer {
    inner: tokenizers::Tokenizer,
    /// Ids that end a completion.
    pub eos_ids: Vec<u32>,
    /// Beginning-of-sequence id, if the model has one.
    pub bos_id: Option<u32>,
    /// Id used for padding (the pad token, else the first eos).
    pub pad_id: u32,
    /// The Jinja chat template, if the checkpoint ships one.
    pub chat_template: Option<String>,
}

impl std::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokenizer")
            .field("vocab", &self.inner.get_vocab_size(true))
            .field("eos_ids", &self.eos_ids)
            .field("bos_id", &self.bos_id)
            .field("pad_id", &self.pad_id)
            .finish()
    }
}

fn tok_err(e: impl std::fmt::Display) -> Error {
    Error::Tokenizer(e.to_string())
}

impl Tokenizer {
    /// Wraps a `tokenizers` tokenizer.
    pub fn new(
        inner: tokenizers::Tokenizer,
        eos_ids: Vec<u32>,
        bos_id: Option<u32>,
        pad_id: Option<u32>,
        chat_template: Option<String>,
    ) -> Result<Self> {
        let pad_id = pad_id
            .or_else(|| eos_ids.first().copied())
            .ok_or_else(|| tok_err("the tokenizer has neither a pad nor an eos token"))?;
        Ok(Self {
            inner,
            eos_ids,
            bos_id,
            pad_id,
            chat_template,
        })
    }

    /// Reads a Hugging Face `tokenizer.json`.
    pub fn from_file(
        path: &Path,
        eos_ids: Vec<u32>,
        bos_id: Option<u32>,
        pad_id: Option<u32>,
        chat_template: Option<String>,
    ) -> Result<Self> {
        let inner = tokenizers::Tokenizer::from_file(path)
            .map_err(|e| tok_err(format!("cannot read {}: {e}", path.display())))?;
        Self::new(inner, eos_ids, bos_id, pad_id, chat_template)
    }

    /// Rebuilds a byte-level BPE (`tokenizer.ggml.model = "gpt2"`) from GGUF metadata. Control
    /// tokens (type 3) become special added tokens; `pre` selects the pre-tokenizer as llama.cpp
    /// names it (`smollm` splits digits individually before the GPT-2 byte-level split).
    pub fn from_bpe_parts(
        tokens: &[String],
        merges: &[String],
        token_types: &[i32],
        pre: &str,
    ) -> Result<tokenizers::Tokenizer> {
        let vocab: Vocab = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
        let merges = merges
            .iter()
            .map(|m| {
                m.split_once(' ')
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .ok_or_else(|| tok_err(format!("malformed merge {m:?}")))
            })
            .collect::<Result<Vec<_>>>()?;
        let bpe = BPE::builder()
            .vocab_and_merges(vocab, merges)
            .build()
            .map_err(tok_err)?;
        let mut tok = tokenizers::Tokenizer::new(bpe);
        let byte_level = ByteLevel::new(false, true, true);
        // The regex split of the checkpoint's tokenizer.json, then byte-level without its regex.
        let split = |pattern: &str| -> Result<PreTokenizerWrapper> {
            let split = Split::new(
                SplitPattern::Regex(pattern.into()),
                SplitDelimiterBehavior::Isolated,
                false,
            )
            .map_err(tok_err)?;
            Ok(Sequence::new(vec![
                split.into(),
                ByteLevel::new(false, false, false).into(),
            ])
            .into())
        };
        let pre_tokenizer: PreTokenizerWrapper = match pre {
            "" | "default" | "gpt2" => byte_level.into(),
            // Parity-tested against transformers (tests/parity.rs).
            "smollm" => Sequence::new(vec![Digits::new(true).into(), byte_level.into()]).into(),
            // As written in the Qwen2 / Llama 3 tokenizer.json files; not parity-tested here.
            "qwen2" => split(QWEN2_PATTERN)?,
            "llama3" | "llama-bpe" => split(LLAMA3_PATTERN)?,
            other => {
                return Err(tok_err(format!(
                    "GGUF pre-tokenizer {other:?} is not supported; load the model's Hugging Face \
                     directory (tokenizer.json) instead"
                )));
            }
        };
        tok.with_pre_tokenizer(Some(pre_tokenizer));
        tok.with_decoder(Some(ByteLevel::new(false, true, true)));
        let special: Vec<AddedToken> = tokens
            .iter()
            .zip(token_types)
            .filter(|(_, ty)| **ty == 3)
            .map(|(t, _)| AddedToken::from(t.clone(), true))
            .collect();
        tok.add_special_tokens(special).map_err(tok_err)?;
        Ok(tok)
    }

    /// The underlying `tokenizers` tokenizer.
    pub fn inner(&self) -> &tokenizers::Tokenizer {
        &self.inner
    }

    /// Vocabulary size including added tokens.
    pub fn vocab_size(&self) -> usize {
        self.inner.get_vocab_size(true)
    }

    /// Token ids of `text`; special tokens written in the text (`<|im_start|>`) map to their ids.
    /// Adds no BOS: chat templates write what the model expects.
    pub fn encode(&self, text: &str) -> Result<Vec<u32>> {
        Ok(self
            .inner
            .encode_fast(text, false)
            .map_err(tok_err)?
            .get_ids()
            .to_vec())
    }

    /// Text of `ids`, leaving out special tokens when `skip_special` is set.
    pub fn decode(&self, ids: &[u32], skip_special: bool) -> Result<String> {
        self.inner.decode(ids, skip_special).map_err(tok_err)
    }

    /// The id of a token string, if it exists.
    pub fn token_id(&self, token: &str) -> Option<u32> {
        self.inner.token_to_id(token)
    }

    /// Renders `messages` with the checkpoint's chat template, followed by the assistant header
    /// when `add_generation_prompt` is set.
    pub fn apply_chat_template(
        &self,
        messages: &[ChatMessage],
        add_generation_prompt: bool,
    ) -> Result<String> {
        let template = self.chat_template.as_deref().ok_or_else(|| {
            Error::Template("the model ships no chat template; drop --chat".into())
        })?;
        let mut env = minijinja::Environment::new();
        env.add_function(
            "raise_exception",
            |msg: String| -> std::result::Result<String, minijinja::Error> {
                Err(minijinja::Error::new(
                    minijinja::ErrorKind::InvalidOperation,
                    msg,
                ))
            },
        );
        env.add_template("chat", template)
            .map_err(|e| Error::Template(e.to_string()))?;
        let token = |id: Option<u32>| {
            id.and_then(|i| self.inner.id_to_token(i))
                .unwrap_or_default()
        };
        let ctx = minijinja::context! {
            messages => messages,
            add_generation_prompt => add_generation_prompt,
            bos_token => token(self.bos_id),
            eos_token => token(self.eos_ids.first().copied()),
        };
        env.get_template("chat")
            .and_then(|t| t.render(ctx))
            .map_err(|e| Error::Template(e.to_string()))
    }
}
