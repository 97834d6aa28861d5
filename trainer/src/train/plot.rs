//! `plot.svg`: the run's curves over optimizer steps in four panels (reward parts, strict
//! accuracy and the share of episodes with a call, completion length, clip ratio), rewritten
//! after every step. Plain SVG written by hand: any browser or image viewer shows it, and it
//! needs no plotting library.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One panel: a title and the metric names drawn in it.
struct Panel {
    title: &'static str,
    series: &'static [&'static str],
}

const PANELS: [Panel; 4] = [
    Panel {
        title: "reward and its parts",
        series: &[
            "reward",
            "rewards/format",
            "rewards/strict",
            "rewards/general",
        ],
    },
    Panel {
        title: "strict accuracy and episodes with a call",
        series: &[
            "strict_accuracy",
            "eval/strict_accuracy",
            "tool_calls/frac_episodes",
        ],
    },
    Panel {
        title: "completion length (tokens)",
        series: &["completions/mean_length"],
    },
    Panel {
        title: "clip ratio",
        series: &[
            "clip_ratio/low_mean",
            "clip_ratio/high_mean",
            "clip_ratio/region_mean",
        ],
    },
];

const COLORS: [&str; 4] = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e"];
const W: f64 = 480.0;
const H: f64 = 260.0;
const PAD: f64 = 40.0;

/// The SVG text of `rows` (one metrics map per logged line, each with a `step`).
pub fn svg(rows: &[BTreeMap<String, f64>]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" font-family="sans-serif" font-size="11">"#,
        2.0 * W,
        2.0 * H
    );
    out.push_str(r#"<rect width="100%" height="100%" fill="white"/>"#);
    for (i, panel) in PANELS.iter().enumerate() {
        let (x0, y0) = ((i % 2) as f64 * W, (i / 2) as f64 * H);
        draw_panel(&mut out, panel, rows, x0, y0);
    }
    out.push_str("</svg>\n");
    out
}

fn draw_panel(out: &mut String, panel: &Panel, rows: &[BTreeMap<String, f64>], x0: f64, y0: f64) {
    let points: Vec<Vec<(f64, f64)>> = panel
        .series
        .iter()
        .map(|name| {
            rows.iter()
                .filter_map(|r| Some((*r.get("step")?, *r.get(*name)?)))
                .filter(|(_, v)| v.is_finite())
                .collect()
        })
        .collect();
    let all: Vec<&(f64, f64)> = points.iter().flatten().collect();
    let (xmin, xmax) = bounds(all.iter().map(|p| p.0));
    let (ymin, ymax) = bounds(all.iter().map(|p| p.1));
    let sx = |x: f64| x0 + PAD + (x - xmin) / (xmax - xmin) * (W - 2.0 * PAD);
    let sy = |y: f64| y0 + H - PAD - (y - ymin) / (ymax - ymin) * (H - 2.0 * PAD);
    let _ = write!(
        out,
        r##"<text x="{}" y="{}" font-weight="bold">{}</text><rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#888"/>"##,
        x0 + PAD,
        y0 + 18.0,
        panel.title,
        x0 + PAD,
        y0 + PAD,
        W - 2.0 * PAD,
        H - 2.0 * PAD
    );
    for (v, anchor) in [(ymin, H - PAD), (ymax, PAD)] {
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            x0 + PAD - 4.0,
            y0 + anchor + 4.0,
            short(v)
        );
    }
    for (v, x) in [(xmin, PAD), (xmax, W - PAD)] {
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            x0 + x,
            y0 + H - PAD + 14.0,
            short(v)
        );
    }
    for (k, (name, pts)) in panel.series.iter().zip(&points).enumerate() {
        let color = COLORS[k % COLORS.len()];
        let path: Vec<String> = pts
            .iter()
            .map(|(x, y)| format!("{:.1},{:.1}", sx(*x), sy(*y)))
            .collect();
        if path.len() > 1 {
            let _ = write!(
                out,
                r#"<polyline fill="none" stroke="{color}" stroke-width="1.5" points="{}"/>"#,
                path.join(" ")
            );
        }
        for (x, y) in pts {
            let _ = write!(
                out,
                r#"<circle cx="{:.1}" cy="{:.1}" r="2" fill="{color}"/>"#,
                sx(*x),
                sy(*y)
            );
        }
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" fill="{color}">{name}</text>"#,
            x0 + W - PAD - 150.0,
            y0 + PAD + 14.0 + 13.0 * k as f64
        );
    }
}

fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if hi - lo < 1e-9 {
        return (lo - 0.5, hi + 0.5);
    }
    (lo, hi)
}

fn short(v: f64) -> String {
    if v.abs() >= 100.0 || v == v.trunc() {
        format!("{v:.0}")
    } else {
        format!("{v:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plot_draws_every_logged_series_and_survives_empty_input() {
        let rows: Vec<BTreeMap<String, f64>> = (0..3)
            .map(|s| {
                BTreeMap::from([
                    ("step".to_string(), s as f64),
                    ("reward".to_string(), s as f64 * 0.5),
                    ("strict_accuracy".to_string(), 0.1 * s as f64),
                ])
            })
            .collect();
        let text = svg(&rows);
        assert!(text.starts_with("<svg") && text.ends_with("</svg>\n"));
        assert_eq!(text.matches("<polyline").count(), 2);
        assert!(svg(&[]).contains("strict accuracy"));
    }
}
