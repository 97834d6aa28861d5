//! Every command's standard output and standard input, and `-` as a path.
//!
//! Output goes through [`Out`]: a closed pipe (`tz score … | head -1`) ends the command
//! quietly with exit code 0, as ripgrep does, instead of a panic; diagnostics go to stderr.
//! Wherever a command takes a path, `-` means standard output (or input); where a command
//! writes two files it refuses `-` with a message.

use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::anyhow;

use crate::Failure;

/// Buffered standard output that turns a closed pipe into [`Failure::Closed`].
pub struct Out {
    inner: std::io::BufWriter<std::io::Stdout>,
}

impl Out {
    /// Standard output.
    pub fn stdout() -> Self {
        Self {
            inner: std::io::BufWriter::new(std::io::stdout()),
        }
    }

    /// Writes `text` and a newline.
    pub fn line(&mut self, text: impl std::fmt::Display) -> Result<(), Failure> {
        writeln!(self.inner, "{text}").map_err(io_failure)
    }

    /// Writes `text` as it is.
    pub fn text(&mut self, text: &str) -> Result<(), Failure> {
        self.inner.write_all(text.as_bytes()).map_err(io_failure)
    }

    /// Flushes (a command's last step).
    pub fn flush(&mut self) -> Result<(), Failure> {
        self.inner.flush().map_err(io_failure)
    }

    /// The writer itself, for serializers.
    pub fn writer(&mut self) -> &mut impl Write {
        &mut self.inner
    }
}

impl Drop for Out {
    fn drop(&mut self) {
        let _ = self.inner.flush();
    }
}

/// A write error as a failure: a closed pipe is the reader's choice, not an error.
pub fn io_failure(e: std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Failure::Closed
    } else {
        Failure::Run(anyhow!("cannot write to standard output: {e}"))
    }
}

/// Whether `path` is `-` (standard input or output).
pub fn is_dash(path: &Path) -> bool {
    path == Path::new("-")
}

/// A reader for `path`, or standard input for `-`.
pub fn open_input(path: &Path) -> Result<Box<dyn BufRead>, Failure> {
    if is_dash(path) {
        return Ok(Box::new(std::io::BufReader::new(std::io::stdin())));
    }
    let file = std::fs::File::open(path)
        .map_err(|e| Failure::Usage(anyhow!("cannot read {}: {e}", path.display())))?;
    Ok(Box::new(std::io::BufReader::new(file)))
}

/// Refuses `-` for an option that names one of several outputs.
pub fn refuse_dash(path: &Path, why: &str) -> Result<(), Failure> {
    if is_dash(path) {
        return Err(Failure::Usage(anyhow!("`-` cannot be used here: {why}")));
    }
    Ok(())
}
