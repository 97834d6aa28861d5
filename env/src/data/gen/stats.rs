//! Requests for the `stats` tool (Python, `tools-wasm/stats/app.py`): percentiles, linear
//! regressions, Pearson and Spearman correlations, z-scores, moving averages and weighted
//! means over series drawn from scenes (see `stats_values`), and the parallel requests that
//! need two or three of them (two percentiles of one series, both correlations, two windows).
//!
//! `expected_answer` is the one number a request asks for (a percentile, a correlation, a
//! slope, R², a weighted mean, one value's z-score), computed here with the tool's formulas
//! and written as the tool writes numbers (12 significant digits, integers without `.0`).
//! Requests for a whole list (a line's slope and intercept, every z-score, a moving average)
//! have none.
//!
//! Percentiles 0, 50 and 100 are never drawn (the calculator's `summary_statistics` also
//! gives the minimum, median and maximum); a correlation accepts x and y in either order
//! (r is symmetric); a weighted mean with percentage weights accepts them as percentages or
//! as fractions (`[20, 30, 50]` or `[0.2, 0.3, 0.5]`).

use serde_json::Value;

use super::catalog::{Tool, expect, s};
use super::phrasing::{and_list, fill, num_values, number, ordinal, template};
use super::rng::Rng;
use super::stats_values::{
    self as sv, Num, PAIR_SCENES, PairScene, SCENES, Series, draw_num, draw_pairs, draw_series,
};
use super::{Request, Split};
use crate::checker::ExpectedCall;

/// A request for one stats function.
pub(crate) fn request(rng: &mut Rng, split: Split) -> Request {
    match rng.below(6) {
        0 => percentile(rng, split),
        1 => regression(rng, split),
        2 => correlation(rng, split),
        3 => zscores(rng, split),
        4 => moving_average(rng, split),
        _ => weighted_mean(rng, split),
    }
}

/// A request needing two or three stats calls.
pub(crate) fn parallel(rng: &mut Rng, split: Split) -> Request {
    match rng.below(3) {
        0 => two_percentiles(rng, split),
        1 => both_correlations(rng, split),
        _ => two_windows(rng, split),
    }
}

fn one(text: String, call: ExpectedCall, also: Vec<ExpectedCall>, answer: Option<f64>) -> Request {
    Request::one(text, Tool::Stats, call, also, answer.map(number))
}

/// A series of 3-12 numbers from a random scene.
fn series(rng: &mut Rng, min: usize) -> (&'static sv::Scene, Series) {
    let scene = rng.pick(&SCENES);
    let n = min + rng.below(13 - min);
    let s = draw_series(rng, scene, n);
    (scene, s)
}

/// A series as text: commas mostly, semicolons sometimes.
fn list(rng: &mut Rng, s: &Series) -> String {
    s.text(rng.chance(0.15))
}

/// A percentile other than 0, 50 and 100: a common one most of the time.
fn draw_p(rng: &mut Rng) -> Num {
    if rng.chance(0.6) {
        return Num::int(*rng.pick(&[5i64, 10, 20, 25, 75, 80, 90, 95, 99]));
    }
    if rng.chance(0.1) {
        return Num::fixed(*rng.pick(&[25i64, 975, 995, 999, 125, 875]), 1);
    }
    loop {
        let p = rng.range(1, 99);
        if p != 50 {
            return Num::int(p);
        }
    }
}

/// `90th`, `97.5th`.
fn nth(p: &Num) -> String {
    if p.value.is_i64() {
        ordinal(p.x as u32)
    } else {
        format!("{}th", p.text)
    }
}

fn percentile_call(s: &Series, p: &Num) -> ExpectedCall {
    expect(
        "percentile",
        vec![("values", vec![s.value()]), ("percentile", num_values(p.x))],
    )
}

fn percentile(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 16] = [
        "What's the {nth} percentile of these {what}: {l}?",
        "Compute the {nth} percentile of {l}.",
        "Here are some {what}: {l}. Which value marks the {nth} percentile?",
        "I need the p{p} of these {what}: {l}.",
        "Find the {nth} percentile for the following {what}: {l}.",
        "Our {what} were {l}. What's the {nth} percentile?",
        "Below which value do {p}% of these {what} fall? Interpolate linearly: {l}.",
        "Calculate percentile {p} of the data {l}.",
        "For our SLA report I need the {nth} percentile of these {what}: {l}.",
        "Work out the {nth} percentile of this list of {what}: {l}.",
        "Take these {what}: {l}. What is their {nth} percentile?",
        "What value sits at the {nth} percentile of {l}?",
        "Tell me the {nth} percentile of {l}, please.",
        "What is P{p} for the sample {l}?",
        "Please determine the {nth} percentile of the {what} {l}.",
        "Given the {what} {l}, where is the {nth} percentile?",
    ];
    let (scene, s) = series(rng, 3);
    let p = draw_p(rng);
    let l = list(rng, &s);
    let v = [
        ("nth", nth(&p)),
        ("p", p.text.clone()),
        ("what", scene.what.to_string()),
        ("l", l),
    ];
    let text = fill_owned(template(rng, &T, split), &v);
    let answer = sv::percentile(&s.xs(), p.x);
    one(text, percentile_call(&s, &p), vec![], Some(answer))
}

/// x/y data written in one of three forms: two lists, pairs, or generic x and y lists.
fn xy_text(rng: &mut Rng, scene: &PairScene, xs: &Series, ys: &Series) -> String {
    match rng.below(3) {
        0 => format!(
            "{}: {}; {}: {}",
            scene.x,
            xs.text(false),
            scene.y,
            ys.text(false)
        ),
        1 => {
            let pairs: Vec<String> =
                xs.0.iter()
                    .zip(&ys.0)
                    .map(|(x, y)| format!("({}, {})", x.text, y.text))
                    .collect();
            format!("({}, {}) = {}", scene.x, scene.y, pairs.join(", "))
        }
        _ => format!("x = {} and y = {}", xs.text(false), ys.text(false)),
    }
}

/// A drawn x/y data set: its scene, the series and the text.
fn xy(rng: &mut Rng) -> (&'static PairScene, Series, Series, String) {
    let scene = rng.pick(&PAIR_SCENES);
    let n = 3 + rng.below(10);
    let (xs, ys) = draw_pairs(rng, scene, n);
    let text = xy_text(rng, scene, &xs, &ys);
    (scene, xs, ys, text)
}

fn regression(rng: &mut Rng, split: Split) -> Request {
    const FIT: [&str; 10] = [
        "Fit a line through these points: {data}.",
        "Run a linear regression of {y} on {x}: {data}.",
        "What's the line of best fit for {data}?",
        "Find the least-squares line predicting {y} from {x}. Data: {data}.",
        "I measured {data}. Give me the regression line.",
        "Can you fit y = mx + b to {data}?",
        "Estimate a linear model of {y} against {x} from {data}.",
        "Regress {y} on {x} using {data}.",
        "What straight line best describes how {y} depends on {x}? {data}.",
        "Do an ordinary least squares fit on {data}.",
    ];
    const SLOPE: [&str; 8] = [
        "By how much does {y} change per unit of {x}? Data: {data}.",
        "What's the slope of the best-fit line through {data}?",
        "Fit a line to {data} and tell me its slope.",
        "How steep is the linear trend of {y} over {x} in {data}?",
        "From {data}, estimate the change in {y} for each extra unit of {x}.",
        "What slope does a least-squares fit of {data} give?",
        "I'd like the regression slope of {y} on {x} for {data}.",
        "Give me the slope of the linear regression on {data}.",
    ];
    const R2: [&str; 8] = [
        "How well does a straight line fit {data}? Give me R².",
        "What's the R-squared of a linear fit to {data}?",
        "Fit {y} against {x} ({data}) and report the coefficient of determination.",
        "How much of the variation in {y} does {x} explain linearly? {data}.",
        "Compute the r² of the regression line through {data}.",
        "Is the relation in {data} close to linear? Tell me the R^2.",
        "Regress {y} on {x} for {data}; what's the R squared?",
        "What coefficient of determination does a line through {data} reach?",
    ];
    let (scene, xs, ys, data) = xy(rng);
    let v = [("x", scene.x), ("y", scene.y), ("data", data.as_str())];
    let (slope, _, r2) = sv::regression(&xs.xs(), &ys.xs());
    let (text, answer) = match rng.below(3) {
        0 => (fill(template(rng, &FIT, split), &v), None),
        1 => (fill(template(rng, &SLOPE, split), &v), Some(slope)),
        _ => (fill(template(rng, &R2, split), &v), Some(r2)),
    };
    let call = expect(
        "linear_regression",
        vec![("x", vec![xs.value()]), ("y", vec![ys.value()])],
    );
    one(text, call, vec![], answer)
}

/// A correlation call and the same with x and y swapped (r is symmetric).
fn correlation_calls(xs: &Series, ys: &Series, spearman: bool) -> (ExpectedCall, ExpectedCall) {
    let method = |given: &mut Vec<(&str, Vec<Value>)>| {
        if spearman {
            given.push(("method", vec![s("spearman")]));
        }
    };
    let mut a = vec![("x", vec![xs.value()]), ("y", vec![ys.value()])];
    let mut b = vec![("x", vec![ys.value()]), ("y", vec![xs.value()])];
    method(&mut a);
    method(&mut b);
    (expect("correlation", a), expect("correlation", b))
}

fn correlation(rng: &mut Rng, split: Split) -> Request {
    const PEARSON: [&str; 12] = [
        "What's the correlation between {x} and {y}? {data}.",
        "Compute the Pearson correlation of {data}.",
        "How strongly are {x} and {y} correlated in {data}?",
        "Give me Pearson's r for {data}.",
        "Is there a linear relationship between {x} and {y}? Here's the data: {data}.",
        "Calculate the correlation coefficient for {data}.",
        "I collected {data}. How correlated are they?",
        "Find r, the correlation between {x} and {y}, from {data}.",
        "Measure the linear correlation in {data}.",
        "Do {x} and {y} move together? Correlate {data}.",
        "What Pearson correlation do {x} and {y} have in {data}?",
        "Tell me how correlated {x} and {y} are: {data}.",
    ];
    const SPEARMAN: [&str; 8] = [
        "What's the Spearman rank correlation between {x} and {y}? {data}.",
        "Compute Spearman's rho for {data}.",
        "How monotonic is the relation between {x} and {y}? Use a rank correlation on {data}.",
        "Give me the rank correlation (Spearman) of {data}.",
        "Rank both series and correlate them: {data}.",
        "Calculate the Spearman correlation coefficient for {data}.",
        "Is {y} monotonically related to {x}? Spearman on {data}, please.",
        "I want Spearman's ρ between {x} and {y} from {data}.",
    ];
    let (scene, xs, ys, data) = xy(rng);
    let v = [("x", scene.x), ("y", scene.y), ("data", data.as_str())];
    let spearman = rng.chance(0.4);
    let (text, r) = if spearman {
        let text = fill(template(rng, &SPEARMAN, split), &v);
        (text, sv::spearman(&xs.xs(), &ys.xs()))
    } else {
        let text = fill(template(rng, &PEARSON, split), &v);
        (text, sv::pearson(&xs.xs(), &ys.xs()))
    };
    let (call, swapped) = correlation_calls(&xs, &ys, spearman);
    one(text, call, vec![swapped], Some(r))
}

fn zscores(rng: &mut Rng, split: Split) -> Request {
    const ALL: [&str; 12] = [
        "Standardize these {what}: {l}.",
        "What are the z-scores of {l}?",
        "Convert {l} to z-scores.",
        "Compute the standard score of each of these {what}: {l}.",
        "How many standard deviations from the mean is each of {l}?",
        "Normalize these {what} to z-scores, please: {l}.",
        "I have {what} {l}. Give me each value's z-score.",
        "Turn the list {l} into z-scores.",
        "Which of these {what} are outliers? Show me their z-scores: {l}.",
        "Z-score every value in {l}.",
        "Express each of these {what} in standard deviations from the mean: {l}.",
        "Get me the z-scores for the {what} {l}.",
    ];
    const ONE: [&str; 8] = [
        "What's the z-score of {v} among these {what}: {l}?",
        "How many standard deviations from the mean is {v} in {l}?",
        "In the list {l}, what is the standard score of {v}?",
        "Our {what} were {l}. How unusual is {v}, as a z-score?",
        "Compute the z-score of the value {v} within {l}.",
        "Is {v} an outlier in {l}? Give me its z-score.",
        "Given the {what} {l}, what z-score does {v} have?",
        "Find the z-score for {v} in this data: {l}.",
    ];
    let (scene, s) = series(rng, 3);
    let l = list(rng, &s);
    let call = expect("zscores", vec![("values", vec![s.value()])]);
    if rng.chance(0.4) {
        let k = rng.below(s.0.len());
        let z = sv::zscores(&s.xs())[k];
        let v = [
            ("v", s.0[k].text.as_str()),
            ("what", scene.what),
            ("l", l.as_str()),
        ];
        return one(fill(template(rng, &ONE, split), &v), call, vec![], Some(z));
    }
    let v = [("what", scene.what), ("l", l.as_str())];
    one(fill(template(rng, &ALL, split), &v), call, vec![], None)
}

/// A window for a series of `n`: 2 up to `n - 1` (at most 7; a window of `n` is the mean).
fn draw_window(rng: &mut Rng, n: usize) -> i64 {
    rng.range(2, (n as i64 - 1).min(7))
}

fn moving_average_call(s: &Series, w: i64) -> ExpectedCall {
    expect(
        "moving_average",
        vec![
            ("values", vec![s.value()]),
            ("window", vec![Value::from(w)]),
        ],
    )
}

fn moving_average(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 12] = [
        "Compute the {w}-point moving average of {l}.",
        "Smooth these {what} with a window of {w}: {l}.",
        "What's the rolling mean over {w} values of {l}?",
        "Give me a {w}-period moving average of these {what}: {l}.",
        "I logged these {what}: {l}. Show me the trailing average over every {w} in a row.",
        "Calculate a simple moving average with window {w} for {l}.",
        "Average each run of {w} consecutive values in {l}.",
        "Plot-ready please: the moving average (window {w}) of {l}.",
        "Take the {what} {l} and compute their {w}-step rolling average.",
        "What does a moving average of width {w} give for {l}?",
        "Run a {w}-value sliding mean over {l}.",
        "Apply a trailing moving average of size {w} to these {what}: {l}.",
    ];
    let (scene, s) = series(rng, 4);
    let w = draw_window(rng, s.0.len());
    let l = list(rng, &s);
    let ws = w.to_string();
    let v = [("w", ws.as_str()), ("what", scene.what), ("l", l.as_str())];
    let text = fill(template(rng, &T, split), &v);
    one(text, moving_average_call(&s, w), vec![], None)
}

/// Percentages that sum to 100, in multiples of 5, each at least 5.
fn percent_weights(rng: &mut Rng, k: usize) -> Vec<i64> {
    let mut cuts: Vec<i64> = rng
        .sample(&(1..20).collect::<Vec<i64>>(), k - 1)
        .into_iter()
        .collect();
    cuts.sort_unstable();
    cuts.push(20);
    let mut prev = 0;
    cuts.iter()
        .map(|c| {
            let w = (c - prev) * 5;
            prev = *c;
            w
        })
        .collect()
}

fn weighted_mean(rng: &mut Rng, split: Split) -> Request {
    match rng.below(3) {
        0 => graded(rng, split),
        1 => weighted_plain(rng, split),
        _ => prices(rng, split),
    }
}

fn graded(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 10] = [
        "My grades {g} weigh {w}. What's my weighted average?",
        "I scored {g} on assignments worth {w} of the final grade. What's my overall grade?",
        "Compute my course grade: the scores are {g} and they count {w}.",
        "The components of the grade are weighted {w}, and I got {g}. What's the weighted mean?",
        "What's the weighted average of {g} if they're weighted {w}?",
        "Exams {g} count for {w} of the total, in that order. Where do I stand?",
        "Weight {g} by {w} and give me the average.",
        "My project scores were {g}, weighted {w}. Final mark?",
        "With weights of {w}, what's the weighted mean of {g}?",
        "If {g} make up {w} of the grade respectively, what's my grade?",
    ];
    let k = 2 + rng.below(5);
    let grades: Vec<Num> = (0..k).map(|_| Num::int(rng.range(40, 100))).collect();
    let weights = percent_weights(rng, k);
    let g: Vec<String> = grades.iter().map(|n| n.text.clone()).collect();
    let w: Vec<String> = weights.iter().map(|p| format!("{p}%")).collect();
    let text = fill(
        template(rng, &T, split),
        &[("g", &and_list(&g)), ("w", &and_list(&w))],
    );
    let values = Series(grades);
    let as_percent = Series(weights.iter().map(|p| Num::int(*p)).collect());
    let as_fraction = Series(weights.iter().map(|p| Num::fixed(*p, 2)).collect());
    let answer = sv::weighted_mean(&values.xs(), &as_percent.xs());
    let call = expect(
        "weighted_mean",
        vec![
            ("values", vec![values.value()]),
            ("weights", vec![as_percent.value(), as_fraction.value()]),
        ],
    );
    one(text, call, vec![], Some(answer))
}

fn weighted_plain(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 8] = [
        "Compute the weighted mean of {l} with weights {wl}.",
        "What's the weighted average of the values {l}, weighted by {wl}?",
        "Values: {l}. Weights: {wl}. Weighted mean?",
        "Take {l} and weight them {wl}, in order. What's the average?",
        "Find the weighted mean where the {what} are {l} and their weights are {wl}.",
        "I have {what} {l} with weights {wl}. What's the weighted average?",
        "Give me the average of {l} weighted by {wl}.",
        "Weighted by {wl}, what do the {what} {l} average to?",
    ];
    let (scene, s) = series(rng, 3);
    let n = s.0.len();
    let ws = if rng.chance(0.5) {
        Series((0..n).map(|_| Num::int(rng.range(1, 12))).collect())
    } else {
        let w = sv::Scene::weights();
        Series((0..n).map(|_| draw_num(rng, &w)).collect())
    };
    let (l, wl) = (s.text(false), ws.text(false));
    let v = [("l", l.as_str()), ("wl", wl.as_str()), ("what", scene.what)];
    let text = fill(template(rng, &T, split), &v);
    let answer = sv::weighted_mean(&s.xs(), &ws.xs());
    let call = expect(
        "weighted_mean",
        vec![("values", vec![s.value()]), ("weights", vec![ws.value()])],
    );
    one(text, call, vec![], Some(answer))
}

fn prices(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 8] = [
        "I bought {items}. What was the average price per {unit}?",
        "Over the season we paid {items}. What's the weighted average price per {unit}?",
        "Our purchases: {items}. What did a {unit} cost us on average?",
        "We ordered {items}. Compute the average cost per {unit}, weighted by quantity.",
        "Across these buys, {items}, what's the mean price per {unit}?",
        "The shop sold {items}. What's the volume-weighted average price per {unit}?",
        "Work out the quantity-weighted average price: {items}.",
        "Given {items}, what is the average price I paid per {unit}?",
    ];
    const UNITS: [(&str, &str); 5] = [
        ("kg", "kg"),
        ("liter", "liters"),
        ("box", "boxes"),
        ("ticket", "tickets"),
        ("meter", "meters"),
    ];
    let (unit, units) = *rng.pick(&UNITS);
    let k = 2 + rng.below(4);
    let qty: Vec<Num> = (0..k).map(|_| Num::int(rng.range(1, 40))).collect();
    let price = sv::Scene::prices();
    let prices: Vec<Num> = (0..k).map(|_| draw_num(rng, &price)).collect();
    let items: Vec<String> = qty
        .iter()
        .zip(&prices)
        .map(|(q, p)| {
            let u = if q.x == 1.0 { unit } else { units };
            format!("{} {u} at ${}", q.text, p.text)
        })
        .collect();
    let v = [("items", and_list(&items)), ("unit", unit.to_string())];
    let text = fill_owned(template(rng, &T, split), &v);
    let (values, weights) = (Series(prices), Series(qty));
    let answer = sv::weighted_mean(&values.xs(), &weights.xs());
    let call = expect(
        "weighted_mean",
        vec![
            ("values", vec![values.value()]),
            ("weights", vec![weights.value()]),
        ],
    );
    one(text, call, vec![], Some(answer))
}

fn two_percentiles(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 8] = [
        "What are the {ps} percentiles of these {what}: {l}?",
        "Give me the {ps} percentiles of {l}.",
        "For the {what} {l}, compute the {ps} percentiles.",
        "I need percentiles {pn} of {l}.",
        "Find the {ps} percentiles of this data: {l}.",
        "Report the {ps} percentiles for these {what}: {l}.",
        "Where are the {ps} percentiles of {l}?",
        "Calculate the {ps} percentiles of the {what} {l}.",
    ];
    let (scene, s) = series(rng, 4);
    let k = 2 + usize::from(rng.chance(0.3));
    let mut ps: Vec<Num> = Vec::new();
    while ps.len() < k {
        let p = draw_p(rng);
        if ps.iter().all(|q| q.x != p.x) {
            ps.push(p);
        }
    }
    ps.sort_by(|a, b| a.x.total_cmp(&b.x));
    let nths: Vec<String> = ps.iter().map(nth).collect();
    let texts: Vec<String> = ps.iter().map(|p| p.text.clone()).collect();
    let l = list(rng, &s);
    let v = [
        ("ps", and_list(&nths)),
        ("pn", and_list(&texts)),
        ("what", scene.what.to_string()),
        ("l", l),
    ];
    let text = fill_owned(template(rng, &T, split), &v);
    let xs = s.xs();
    let answers: Vec<String> = ps
        .iter()
        .map(|p| number(sv::percentile(&xs, p.x)))
        .collect();
    Request {
        text,
        tools: vec![Tool::Stats],
        calls: ps.iter().map(|p| vec![percentile_call(&s, p)]).collect(),
        answer: Some(answers.join("; ")),
    }
}

fn both_correlations(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 8] = [
        "Give me both the Pearson and the Spearman correlation of {data}.",
        "Compare the linear (Pearson) and rank (Spearman) correlations between {x} and {y}: {data}.",
        "How do Pearson's r and Spearman's rho differ for {data}?",
        "Compute the Pearson and Spearman coefficients for {x} vs {y}: {data}.",
        "I want two numbers for {data}: Pearson's correlation and Spearman's.",
        "Check both the Pearson and the rank correlation of {x} and {y} in {data}.",
        "What are the Pearson and Spearman correlations in {data}?",
        "For {data}, report Pearson's r alongside Spearman's rank correlation.",
    ];
    let (scene, xs, ys, data) = xy(rng);
    let v = [("x", scene.x), ("y", scene.y), ("data", data.as_str())];
    let text = fill(template(rng, &T, split), &v);
    let (p, p2) = correlation_calls(&xs, &ys, false);
    let (sp, sp2) = correlation_calls(&xs, &ys, true);
    let (a, b) = (xs.xs(), ys.xs());
    let answer = format!(
        "{}; {}",
        number(sv::pearson(&a, &b)),
        number(sv::spearman(&a, &b))
    );
    Request {
        text,
        tools: vec![Tool::Stats],
        calls: vec![vec![p, p2], vec![sp, sp2]],
        answer: Some(answer),
    }
}

fn two_windows(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 8] = [
        "Compute both the {w1}- and the {w2}-point moving averages of {l}.",
        "Smooth these {what} twice, with windows of {w1} and {w2}: {l}.",
        "Give me rolling means over {w1} and over {w2} values of {l}.",
        "I'd like {w1}-period and {w2}-period moving averages of these {what}: {l}.",
        "Compare a {w1}-value and a {w2}-value moving average of {l}.",
        "Calculate simple moving averages with windows {w1} and {w2} for {l}.",
        "What do moving averages of width {w1} and {w2} give for the {what} {l}?",
        "Run sliding means of {w1} and {w2} over {l}.",
    ];
    let scene = rng.pick(&SCENES);
    let n = 5 + rng.below(8);
    let s = draw_series(rng, scene, n);
    let w1 = draw_window(rng, n);
    let mut w2 = draw_window(rng, n);
    while w2 == w1 {
        w2 = draw_window(rng, n);
    }
    let (w1, w2) = (w1.min(w2), w1.max(w2));
    let l = list(rng, &s);
    let v = [
        ("w1", w1.to_string()),
        ("w2", w2.to_string()),
        ("what", scene.what.to_string()),
        ("l", l),
    ];
    let text = fill_owned(template(rng, &T, split), &v);
    Request {
        text,
        tools: vec![Tool::Stats],
        calls: vec![
            vec![moving_average_call(&s, w1)],
            vec![moving_average_call(&s, w2)],
        ],
        answer: None,
    }
}

/// [`fill`] with owned values.
fn fill_owned(template: &str, values: &[(&str, String)]) -> String {
    let v: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    fill(template, &v)
}
