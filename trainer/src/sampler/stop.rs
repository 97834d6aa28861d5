//! Stop strings, checked at every sampled token without decoding the whole completion again.
//!
//! The rule being kept: a completion stops at the first token after which its decoded text
//! (special tokens skipped) contains a stop string. Decoding every token at every step costs time
//! quadratic in the length; [`StopStrings::completed_by`] decodes only a window at the end, which
//! gives the same answer at every step, for these reasons:
//!
//! - A token that decodes to nothing (a special token, or an id the tokenizer does not know:
//!   `decode` drops both before its decoder runs) leaves the text unchanged, so it cannot complete
//!   a stop string that was not already there: nothing to decode.
//! - The byte-level decoder (GPT-2 style: every model family here) maps each remaining token to at
//!   least one byte, concatenates the bytes and converts them with `String::from_utf8_lossy`. A
//!   stop string `s` of `n` bytes (valid UTF-8, without U+FFFD) occurs in that text exactly where
//!   its bytes occur: a lead byte never continues a preceding sequence, so its characters decode
//!   as themselves wherever they stand. Appending the newest token changes only the text from the
//!   start of a trailing incomplete character on, and that character then includes the token's
//!   bytes; so an occurrence that was not there before ends in the newest token's bytes, and its
//!   other `n - 1` bytes at most lie in the `n - 1` non-silent tokens before it.
//! - Hence the decoded text of the last `n` non-silent tokens (with the silent ones between them)
//!   holds the new occurrence. Conversely, any occurrence in that window is in the full
//!   text, because the window's bytes are a suffix of the full text's bytes and only its first
//!   characters can decode differently (as U+FFFD, which no stop string contains).
//!
//! Where the premises fail (another decoder, a stop string holding U+FFFD) the whole completion
//! is decoded at each step, as before. The unit test below compares both ways on random tokens,
//! multi-byte characters split across tokens and special tokens in between (a window one token
//! shorter, or one that counts silent tokens, fails it).

use std::collections::HashSet;

use tokenizers::DecoderWrapper;

use crate::Result;
use crate::tokenizer::Tokenizer;

/// The stop strings of one `generate` call and what checking them needs.
pub(crate) struct StopStrings<'a> {
    strings: &'a [String],
    /// How many non-silent tokens the decoded window holds: the longest stop string's byte
    /// length.
    window: usize,
    /// Special tokens: `decode` skips them.
    special: HashSet<u32>,
    /// Decode the whole completion: the window's premises do not hold.
    whole: bool,
}

impl<'a> StopStrings<'a> {
    pub(crate) fn new(tokenizer: &Tokenizer, strings: &'a [String]) -> Self {
        let inner = tokenizer.inner();
        let byte_level = matches!(inner.get_decoder(), Some(DecoderWrapper::ByteLevel(_)));
        let special = if strings.is_empty() {
            HashSet::new()
        } else {
            inner
                .get_added_tokens_decoder()
                .into_iter()
                .filter(|(_, t)| t.special)
                .map(|(id, _)| id)
                .collect()
        };
        Self {
            strings,
            window: strings.iter().map(String::len).max().unwrap_or(0),
            special,
            whole: !byte_level || strings.iter().any(|s| s.contains('\u{FFFD}')),
        }
    }

    /// Whether `id` adds nothing to the decoded text.
    fn silent(&self, tokenizer: &Tokenizer, id: u32) -> bool {
        self.special.contains(&id) || tokenizer.inner().id_to_token(id).is_none()
    }

    /// Whether the text of `tokens` (special tokens skipped) contains a stop string, given that
    /// the text of `tokens` without its last token did not.
    pub(crate) fn completed_by(&self, tokenizer: &Tokenizer, tokens: &[u32]) -> Result<bool> {
        let Some(&last) = tokens.last() else {
            return Ok(false);
        };
        if self.strings.is_empty() || self.silent(tokenizer, last) {
            return Ok(false);
        }
        let mut from = tokens.len();
        if self.whole {
            from = 0;
        } else {
            let mut kept = 0;
            while from > 0 && kept < self.window {
                from -= 1;
                kept += usize::from(!self.silent(tokenizer, tokens[from]));
            }
        }
        let text = tokenizer.decode(&tokens[from..], true)?;
        Ok(self.strings.iter().any(|s| text.contains(s.as_str())))
    }

    /// The text of `tokens`, cut before the first stop string.
    pub(crate) fn cut(&self, tokenizer: &Tokenizer, tokens: &[u32]) -> Result<String> {
        let mut text = tokenizer.decode(tokens, true)?;
        if let Some(at) = self
            .strings
            .iter()
            .filter_map(|s| text.find(s.as_str()))
            .min()
        {
            text.truncate(at);
        }
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;

    /// GPT-2's byte-to-character map: printable bytes stand for themselves, the others for
    /// `U+0100` onwards in order.
    fn byte_char(b: u8) -> char {
        let printable = |b: u8| (33..=126).contains(&b) || (161..=172).contains(&b) || b >= 174;
        if printable(b) {
            return b as char;
        }
        let rank = (0..b).filter(|&x| !printable(x)).count() as u32;
        char::from_u32(256 + rank).unwrap_or('?')
    }

    fn token(bytes: &[u8]) -> String {
        bytes.iter().map(|&b| byte_char(b)).collect()
    }

    /// A byte-level tokenizer: ids 0-255 are the bytes, then multi-byte tokens (whole and split
    /// UTF-8 characters, pieces of the stop strings) and two special tokens.
    fn tokenizer() -> (Tokenizer, Vec<u32>) {
        let pieces: [&[u8]; 10] = [
            b"\nUser",
            b"\n\n",
            b"\nUs",
            b"er:",
            "é".as_bytes(),
            &"→".as_bytes()[..2],
            &"→".as_bytes()[2..],
            "é→".as_bytes(),
            b" the",
            b"r:\n",
        ];
        let mut tokens: Vec<String> = (0..=255u8).map(|b| token(&[b])).collect();
        tokens.extend(pieces.iter().map(|p| token(p)));
        tokens.extend(["<eos>".to_string(), "<|im_end|>".to_string()]);
        let mut types = vec![1; tokens.len() - 2];
        types.extend([3, 3]);
        let inner = Tokenizer::from_bpe_parts(&tokens, &[], &types, "").unwrap();
        let eos = tokens.len() as u32 - 2;
        let tok = Tokenizer::new(inner, vec![eos], None, None, None).unwrap();
        // The ids random completions draw from: the interesting bytes, every multi-byte token,
        // both special tokens, and an id the tokenizer does not know.
        let mut ids: Vec<u32> = b"\nUser: xy\xc3\xa9\xe2\x86\x92"
            .iter()
            .map(|&b| b as u32)
            .collect();
        ids.extend(256..tokens.len() as u32 + 1);
        (tok, ids)
    }

    #[test]
    fn the_decoded_window_stops_exactly_where_decoding_everything_stops() {
        let (tok, ids) = tokenizer();
        let stops: Vec<String> = ["\nUser:", "é→", "r:\n\n", "→ x"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let window = StopStrings::new(&tok, &stops);
        assert!(!window.whole);
        let mut whole = StopStrings::new(&tok, &stops);
        whole.whole = true;
        let full_text_hit = |tokens: &[u32]| {
            let text = tok.decode(tokens, true).unwrap();
            stops.iter().any(|s| text.contains(s.as_str()))
        };
        let silent: Vec<u32> = ids[ids.len() - 3..].to_vec(); // <eos>, <|im_end|>, unknown
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut hits = 0;
        for _ in 0..400 {
            // Random tokens, and now and then a stop string spelled byte by byte (characters
            // split across tokens) with silent tokens between its bytes.
            let mut next: Vec<u32> = Vec::new();
            let mut tokens = Vec::new();
            for _ in 0..80 {
                if next.is_empty() {
                    if rng.random_range(0..4) == 0 {
                        let stop = &stops[rng.random_range(0..stops.len())];
                        for &b in stop.as_bytes().iter().rev() {
                            next.push(b as u32);
                            while rng.random_range(0..3) == 0 {
                                next.push(silent[rng.random_range(0..silent.len())]);
                            }
                        }
                    } else {
                        next.push(ids[rng.random_range(0..ids.len())]);
                    }
                }
                tokens.extend(next.pop());
                let want = full_text_hit(&tokens);
                assert_eq!(
                    window.completed_by(&tok, &tokens).unwrap(),
                    want,
                    "{tokens:?}"
                );
                assert_eq!(
                    whole.completed_by(&tok, &tokens).unwrap(),
                    want,
                    "{tokens:?}"
                );
                if want {
                    hits += 1;
                    let text = window.cut(&tok, &tokens).unwrap();
                    assert!(stops.iter().all(|s| !text.contains(s.as_str())));
                    break;
                }
            }
        }
        assert!(
            hits > 100,
            "only {hits} of 400 completions met a stop string"
        );
    }

    #[test]
    fn without_stop_strings_nothing_is_decoded_and_nothing_stops() {
        let (tok, _) = tokenizer();
        let none = StopStrings::new(&tok, &[]);
        assert!(!none.completed_by(&tok, &[10, 85, 115]).unwrap());
        assert!(!none.completed_by(&tok, &[]).unwrap());
    }
}
