//! Progress on standard error: an indicatif bar when it is a terminal, plain lines otherwise
//! (logs and CI). `tz train` and `tz eval` share the bar; what each reports is its own.

use std::io::IsTerminal;
use std::time::Instant;

/// A bar of `len` units drawn with `template` (indicatif's syntax), or `None` off a terminal.
pub(crate) fn terminal_bar(len: u64, template: &str) -> Option<indicatif::ProgressBar> {
    std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(len);
        let style = indicatif::ProgressStyle::with_template(template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style);
        bar
    })
}

/// `tz eval`'s progress: examples done of the total, the running accuracy, examples/s, ETA.
pub(crate) struct EvalProgress {
    bar: Option<indicatif::ProgressBar>,
    total: usize,
    started: Instant,
}

impl EvalProgress {
    pub(crate) fn new(total: usize) -> Self {
        Self {
            bar: terminal_bar(
                total as u64,
                "{bar:30} {pos}/{len} examples {msg} [{elapsed_precise}, ETA {eta}]",
            ),
            total,
            started: Instant::now(),
        }
    }

    /// After a batch: `done` examples scored, `correct` of them valid.
    pub(crate) fn update(&self, done: usize, correct: usize) {
        let rate = done as f64 / self.started.elapsed().as_secs_f64().max(1e-9);
        let msg = format!(
            "accuracy {:.3} {rate:.2} examples/s",
            correct as f64 / done.max(1) as f64
        );
        match &self.bar {
            Some(bar) => {
                bar.set_position(done as u64);
                bar.set_message(msg);
            }
            None => eprintln!("eval: {done}/{} examples, {msg}", self.total),
        }
    }

    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
