//! Reports as Markdown: one report's table, and two reports side by side with deltas and the
//! examples whose verdict changed.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Report, Score};

fn pct(x: f64) -> String {
    format!("{:.2}", 100.0 * x)
}

fn score_cell(s: &Option<Score>) -> String {
    match s {
        Some(s) if s.complete => pct(s.accuracy),
        Some(s) => format!("{} (incomplete)", pct(s.accuracy)),
        None => "n/a".into(),
    }
}

fn summary_rows(r: &Report) -> [(&'static str, &Option<Score>); 5] {
    [
        ("non-live (BFCL)", &r.summary.non_live),
        ("live (BFCL)", &r.summary.live),
        ("irrelevance (BFCL)", &r.summary.irrelevance),
        ("relevance (BFCL)", &r.summary.relevance),
        ("multi-turn (BFCL)", &r.summary.multi_turn),
    ]
}

/// One report as a Markdown table: categories, then BFCL's summary scores.
pub fn markdown(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| category | examples | correct | accuracy % |");
    let _ = writeln!(out, "|---|---:|---:|---:|");
    for c in &r.categories {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            c.category,
            c.examples,
            c.correct,
            pct(c.accuracy)
        );
    }
    let correct = r.examples.iter().filter(|e| e.valid).count();
    let _ = writeln!(
        out,
        "| **all** | {} | {} | {} |",
        r.examples.len(),
        correct,
        pct(r.accuracy())
    );
    for (name, score) in summary_rows(r) {
        if score.is_some() {
            let _ = writeln!(out, "| {name} | | | {} |", score_cell(score));
        }
    }
    if !r.skipped.is_empty() {
        let _ = writeln!(
            out,
            "\n{} example(s) skipped (see `skipped` in the JSON).",
            r.skipped.len()
        );
    }
    out
}

/// Two reports side by side (accuracy of A, of B, B − A) and the examples whose verdict changed.
pub fn compare_markdown(a: &Report, b: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| category | A % | B % | Δ (B − A) |");
    let _ = writeln!(out, "|---|---:|---:|---:|");
    let mut names: Vec<&str> = a.categories.iter().map(|c| c.category.as_str()).collect();
    for c in &b.categories {
        if !names.contains(&c.category.as_str()) {
            names.push(&c.category);
        }
    }
    let acc = |r: &Report, n: &str| {
        r.categories
            .iter()
            .find(|c| c.category == n)
            .map(|c| c.accuracy)
    };
    for n in names {
        row(&mut out, n, acc(a, n), acc(b, n));
    }
    row(&mut out, "**all**", Some(a.accuracy()), Some(b.accuracy()));
    for ((name, sa), (_, sb)) in summary_rows(a).into_iter().zip(summary_rows(b)) {
        if sa.is_some() || sb.is_some() {
            row(
                &mut out,
                name,
                sa.as_ref().map(|s| s.accuracy),
                sb.as_ref().map(|s| s.accuracy),
            );
        }
    }
    let verdicts: BTreeMap<(&str, &str), bool> = a
        .examples
        .iter()
        .map(|e| ((e.category.as_str(), e.id.as_str()), e.valid))
        .collect();
    let changed: Vec<String> = b
        .examples
        .iter()
        .filter_map(|e| {
            let before = *verdicts.get(&(e.category.as_str(), e.id.as_str()))?;
            (before != e.valid).then(|| {
                let arrow = if e.valid {
                    "fail → pass"
                } else {
                    "pass → fail"
                };
                format!("- `{}` ({}): {arrow}", e.id, e.category)
            })
        })
        .collect();
    let _ = writeln!(out, "\n{} example(s) changed verdict", changed.len());
    for line in changed {
        let _ = writeln!(out, "{line}");
    }
    out
}

fn row(out: &mut String, name: &str, a: Option<f64>, b: Option<f64>) {
    let cell = |x: Option<f64>| x.map(pct).unwrap_or_else(|| "n/a".into());
    let delta = match (a, b) {
        (Some(a), Some(b)) => format!("{:+.2}", 100.0 * (b - a)),
        _ => "n/a".into(),
    };
    let _ = writeln!(out, "| {name} | {} | {} | {delta} |", cell(a), cell(b));
}
