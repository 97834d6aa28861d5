//! Values for the `stats` requests: number series drawn from scenes (response times in
//! milliseconds, temperatures with one decimal, prices with two, step counts in the
//! thousands ...), x/y series with a noisy linear relation, and the tool's formulas, so the
//! generator can state the answer the tool will give.
//!
//! A series is written the way people write one (`12.5, 3.75, 8.25`) and goes into the ground
//! truth as the same numbers. A series is either all integers or all decimals with a non-zero
//! fraction: BFCL's checker types list items by the declared type (`number`, a float) or by the
//! answer's first item, so a list mixing `3` and `2.5` would reject a model that writes `3`.
//!
//! The formulas follow the tool's spec (`tools-wasm/stats/app.py`): percentiles by linear
//! interpolation between closest ranks, ordinary least squares, Pearson's r (Spearman's as
//! Pearson's of average ranks), population z-scores, trailing moving averages and weighted
//! means.

use serde_json::Value;

use super::rng::Rng;

/// One number as written and as a value.
#[derive(Debug, Clone)]
pub(crate) struct Num {
    /// As the user writes it (`12.5`, `-3`, `0.125`).
    pub text: String,
    /// Its value.
    pub x: f64,
    /// Its JSON value: an integer when written without a point.
    pub value: Value,
}

impl Num {
    /// An integer.
    pub(crate) fn int(n: i64) -> Self {
        Self {
            text: n.to_string(),
            x: n as f64,
            value: Value::from(n),
        }
    }

    /// `mantissa / 10^places`, written with `places` decimals (`places` 0: an integer).
    pub(crate) fn fixed(mantissa: i64, places: u32) -> Self {
        if places == 0 {
            return Self::int(mantissa);
        }
        let scale = 10i64.pow(places);
        let sign = if mantissa < 0 { "-" } else { "" };
        let (whole, frac) = (mantissa.abs() / scale, mantissa.abs() % scale);
        let text = format!("{sign}{whole}.{frac:0width$}", width = places as usize);
        let x: f64 = text.parse().unwrap_or(mantissa as f64 / scale as f64);
        let value = serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number);
        Self { text, x, value }
    }
}

/// A series: its numbers, in order.
#[derive(Debug, Clone)]
pub(crate) struct Series(pub Vec<Num>);

impl Series {
    /// The values.
    pub(crate) fn xs(&self) -> Vec<f64> {
        self.0.iter().map(|n| n.x).collect()
    }

    /// The series as one JSON array (the ground truth's value).
    pub(crate) fn value(&self) -> Value {
        Value::Array(self.0.iter().map(|n| n.value.clone()).collect())
    }

    /// `1, 2, 3` (or `1; 2; 3` when `semicolons`).
    pub(crate) fn text(&self, semicolons: bool) -> String {
        let texts: Vec<&str> = self.0.iter().map(|n| n.text.as_str()).collect();
        texts.join(if semicolons { "; " } else { ", " })
    }

    /// Whether every value is the same.
    pub(crate) fn is_constant(&self) -> bool {
        self.0.windows(2).all(|w| w[0].x == w[1].x)
    }
}

/// What a series measures and where its values lie: `lo..=hi` with `places` decimals.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scene {
    /// A plural noun phrase (`response times in ms`).
    pub what: &'static str,
    lo: i64,
    hi: i64,
    places: u32,
}

impl Scene {
    /// Weights with one decimal (0.1 to 5).
    pub(crate) fn weights() -> Self {
        scene("weights", 0, 5, 1)
    }

    /// Unit prices in dollars and cents (0.01 to 24.99).
    pub(crate) fn prices() -> Self {
        scene("prices", 0, 25, 2)
    }
}

const fn scene(what: &'static str, lo: i64, hi: i64, places: u32) -> Scene {
    Scene {
        what,
        lo,
        hi,
        places,
    }
}

/// The scenes of single series (several magnitudes; integers and 1-3 decimals).
pub(crate) const SCENES: [Scene; 16] = [
    scene("response times in ms", 40, 2400, 0),
    scene("daily temperatures in °C", -12, 38, 1),
    scene("exam scores", 35, 100, 0),
    scene("package weights in kg", 0, 30, 2),
    scene("monthly sales figures", 1200, 98000, 0),
    scene("sensor readings", 0, 1, 3),
    scene("prices in dollars", 1, 480, 2),
    scene("heights in cm", 142, 201, 0),
    scene("commute times in minutes", 6, 95, 0),
    scene("daily step counts", 1500, 24000, 0),
    scene("page load times in seconds", 0, 9, 2),
    scene("rainfall amounts in mm", 0, 85, 1),
    scene("measurements", -50, 50, 1),
    scene("numbers", 1, 999, 0),
    scene("values", -5000, 5000, 0),
    scene("lap times in seconds", 52, 75, 2),
];

/// A number of `scene` (decimals always have a non-zero fraction).
pub(crate) fn draw_num(rng: &mut Rng, scene: &Scene) -> Num {
    let scale = 10i64.pow(scene.places);
    let (lo, hi) = (scene.lo * scale, scene.hi * scale);
    loop {
        let m = rng.range(lo, hi);
        if scene.places == 0 || m % scale != 0 {
            return Num::fixed(m, scene.places);
        }
    }
}

/// A series of `n` numbers of `scene`, not all equal.
pub(crate) fn draw_series(rng: &mut Rng, scene: &Scene, n: usize) -> Series {
    loop {
        let s = Series((0..n).map(|_| draw_num(rng, scene)).collect());
        if !s.is_constant() {
            return s;
        }
    }
}

/// Two measured quantities with a noisy linear relation `y = a + b x + noise`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PairScene {
    /// The x quantity (`hours studied`).
    pub x: &'static str,
    /// The y quantity (`exam score`).
    pub y: &'static str,
    x_lo: i64,
    x_hi: i64,
    x_places: u32,
    a: f64,
    b: f64,
    noise: f64,
    y_places: u32,
}

#[allow(clippy::too_many_arguments)]
const fn pair(
    x: &'static str,
    y: &'static str,
    (x_lo, x_hi, x_places): (i64, i64, u32),
    a: f64,
    b: f64,
    noise: f64,
    y_places: u32,
) -> PairScene {
    PairScene {
        x,
        y,
        x_lo,
        x_hi,
        x_places,
        a,
        b,
        noise,
        y_places,
    }
}

/// The scenes of x/y series.
pub(crate) const PAIR_SCENES: [PairScene; 12] = [
    pair("hours studied", "exam score", (1, 12, 0), 45.0, 4.5, 8.0, 0),
    pair(
        "ad spend in $k",
        "sales in $k",
        (1, 50, 1),
        20.0,
        3.0,
        15.0,
        1,
    ),
    pair(
        "temperature in °C",
        "ice creams sold",
        (10, 35, 0),
        -50.0,
        12.0,
        40.0,
        0,
    ),
    pair(
        "car age in years",
        "price in dollars",
        (1, 15, 0),
        30000.0,
        -1800.0,
        2500.0,
        0,
    ),
    pair(
        "distance in km",
        "delivery time in minutes",
        (1, 40, 1),
        10.0,
        2.2,
        6.0,
        0,
    ),
    pair(
        "floor area in m²",
        "monthly rent",
        (30, 150, 0),
        200.0,
        11.0,
        150.0,
        0,
    ),
    pair("week", "sign-ups", (1, 30, 0), 100.0, 15.0, 30.0, 0),
    pair("dose in mg", "response", (5, 100, 0), 0.5, 0.04, 0.6, 2),
    pair("x", "y", (-20, 20, 0), 3.0, -1.5, 6.0, 1),
    pair(
        "altitude in km",
        "air pressure in kPa",
        (0, 8, 1),
        101.0,
        -10.5,
        2.0,
        1,
    ),
    pair(
        "price in dollars",
        "units sold",
        (2, 40, 0),
        900.0,
        -18.0,
        60.0,
        0,
    ),
    pair(
        "study time in minutes",
        "errors made",
        (10, 120, 0),
        30.0,
        -0.2,
        4.0,
        0,
    ),
];

/// `n` distinct x values of `scene` and their noisy y values (y never constant).
pub(crate) fn draw_pairs(rng: &mut Rng, scene: &PairScene, n: usize) -> (Series, Series) {
    let xscale = 10i64.pow(scene.x_places);
    let (lo, hi) = (scene.x_lo * xscale, scene.x_hi * xscale);
    let n = n.min((hi - lo + 1) as usize);
    loop {
        let mut ms: Vec<i64> = Vec::with_capacity(n);
        while ms.len() < n {
            let m = rng.range(lo, hi);
            if !ms.contains(&m) {
                ms.push(m);
            }
        }
        if rng.chance(0.5) {
            ms.sort_unstable();
        }
        let xs = Series(ms.iter().map(|m| Num::fixed(*m, scene.x_places)).collect());
        let yscale = 10i64.pow(scene.y_places);
        let ys = Series(
            xs.0.iter()
                .map(|x| {
                    let noise = (rng.below(2001) as f64 / 1000.0 - 1.0) * scene.noise;
                    let y = scene.a + scene.b * x.x + noise;
                    Num::fixed((y * yscale as f64).round() as i64, scene.y_places)
                })
                .collect(),
        );
        if !ys.is_constant() && !xs.is_constant() {
            return (xs, ys);
        }
    }
}

/// The `p`th percentile of `xs` by linear interpolation between closest ranks (numpy's
/// default): sorted s, h = (n-1) p / 100, v = s[⌊h⌋] + (h - ⌊h⌋)(s[⌊h⌋+1] - s[⌊h⌋]).
pub(crate) fn percentile(xs: &[f64], p: f64) -> f64 {
    let mut s = xs.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * p / 100.0;
    let lo = h.floor();
    let (f, frac) = (lo as usize, h - lo);
    if frac == 0.0 || f + 1 >= n {
        return s[f.min(n - 1)];
    }
    s[f] + frac * (s[f + 1] - s[f])
}

/// The correctly rounded sum of `xs`: Shewchuk's exact partials with the final
/// round-half-even correction, as Python's `math.fsum` computes it (finite inputs).
pub(crate) fn fsum(xs: impl IntoIterator<Item = f64>) -> f64 {
    let mut partials: Vec<f64> = Vec::new();
    for mut x in xs {
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        partials.push(x);
    }
    let Some(mut n) = partials.len().checked_sub(1) else {
        return 0.0;
    };
    let mut hi = partials[n];
    let mut lo = 0.0;
    while n > 0 {
        let x = hi;
        n -= 1;
        let y = partials[n];
        hi = x + y;
        lo = y - (hi - x);
        if lo != 0.0 {
            break;
        }
    }
    if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
        let y = lo * 2.0;
        let x = hi + y;
        if y == x - hi {
            hi = x;
        }
    }
    hi
}

/// The arithmetic mean, from the correctly rounded sum.
fn mean(xs: &[f64]) -> f64 {
    fsum(xs.iter().copied()) / xs.len() as f64
}

/// (Σ(x-x̄)², Σ(y-ȳ)², Σ(x-x̄)(y-ȳ)), each sum correctly rounded. The tool scales each
/// series by a power of two first (against overflow); that is exact and changes no result
/// for the values drawn here, so it is left out.
fn moments(xs: &[f64], ys: &[f64]) -> (f64, f64, f64) {
    let (mx, my) = (mean(xs), mean(ys));
    let dx: Vec<f64> = xs.iter().map(|x| x - mx).collect();
    let dy: Vec<f64> = ys.iter().map(|y| y - my).collect();
    (
        fsum(dx.iter().map(|d| d * d)),
        fsum(dy.iter().map(|d| d * d)),
        fsum(dx.iter().zip(&dy).map(|(a, b)| a * b)),
    )
}

/// Pearson's r: sxy / (√sxx √syy), clamped to [-1, 1].
pub(crate) fn pearson(xs: &[f64], ys: &[f64]) -> f64 {
    let (sxx, syy, sxy) = moments(xs, ys);
    (sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0)
}

/// Average ranks from 1 (ties share the mean of their ranks).
pub(crate) fn ranks(xs: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    let mut out = vec![0.0; xs.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && xs[order[j + 1]] == xs[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for k in &order[i..=j] {
            out[*k] = rank;
        }
        i = j + 1;
    }
    out
}

/// Spearman's ρ: Pearson's r of the average ranks.
pub(crate) fn spearman(xs: &[f64], ys: &[f64]) -> f64 {
    pearson(&ranks(xs), &ranks(ys))
}

/// Ordinary least squares of y on x: slope sxy/sxx, intercept ȳ - slope x̄, and
/// r² = (sxy/sxx)(sxy/syy) (at most 1).
pub(crate) fn regression(xs: &[f64], ys: &[f64]) -> (f64, f64, f64) {
    let (sxx, syy, sxy) = moments(xs, ys);
    let slope = sxy / sxx;
    let intercept = mean(ys) - slope * mean(xs);
    let r2 = if syy == 0.0 {
        1.0
    } else {
        ((sxy / sxx) * (sxy / syy)).min(1.0)
    };
    (slope, intercept, r2)
}

/// The population z-score of each value: (x - μ) / σ.
pub(crate) fn zscores(xs: &[f64]) -> Vec<f64> {
    let m = mean(xs);
    let sd = (fsum(xs.iter().map(|x| (x - m) * (x - m))) / xs.len() as f64).sqrt();
    xs.iter().map(|x| (x - m) / sd).collect()
}

/// Σ w x / Σ w (both sums correctly rounded).
pub(crate) fn weighted_mean(xs: &[f64], ws: &[f64]) -> f64 {
    fsum(xs.iter().zip(ws).map(|(x, w)| x * w)) / fsum(ws.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_with_their_decimals_and_parse_to_their_values() {
        let n = Num::fixed(-305, 2);
        assert_eq!(n.text, "-3.05");
        assert_eq!(n.x, -3.05);
        assert_eq!(n.value, serde_json::json!(-3.05));
        assert_eq!(Num::fixed(42, 0).value, serde_json::json!(42));
        assert_eq!(Num::fixed(7, 3).text, "0.007");
    }

    #[test]
    fn series_are_all_integers_or_all_decimals_and_never_constant() {
        let mut rng = Rng::new(5, 1);
        for scene in &SCENES {
            for _ in 0..50 {
                let n = 3 + rng.below(10);
                let s = draw_series(&mut rng, scene, n);
                assert!(!s.is_constant());
                let ints = s.0.iter().filter(|n| n.value.is_i64()).count();
                assert!(ints == 0 || ints == s.0.len(), "{}", s.text(false));
            }
        }
    }

    #[test]
    fn formulas_agree_with_hand_computed_values() {
        // numpy.percentile([1, 2, 3, 4], 90) == 3.7; [15, 20, 35, 40, 50] at 40 == 29.
        assert!((percentile(&[4.0, 1.0, 3.0, 2.0], 90.0) - 3.7).abs() < 1e-12);
        assert_eq!(percentile(&[15.0, 20.0, 35.0, 40.0, 50.0], 40.0), 29.0);
        assert_eq!(percentile(&[1.0, 5.0], 100.0), 5.0);
        let (m, b, r2) = regression(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]);
        assert_eq!((m, b, r2), (2.0, 0.0, 1.0));
        assert_eq!(ranks(&[10.0, 20.0, 10.0, 5.0]), vec![2.5, 4.0, 2.5, 1.0]);
        assert!((spearman(&[1.0, 2.0, 3.0], &[1.0, 8.0, 27.0]) - 1.0).abs() < 1e-12);
        assert_eq!(zscores(&[1.0, 3.0]), vec![-1.0, 1.0]);
        let w = weighted_mean(&[88.0, 92.0, 75.0], &[20.0, 30.0, 50.0]);
        assert!((w - 82.7).abs() < 1e-9);
    }

    #[test]
    fn fsum_is_correctly_rounded_where_a_plain_sum_is_not() {
        // Python: math.fsum([0.1] * 10) == 1.0; sum(...) == 0.9999999999999999.
        assert_eq!(fsum([0.1; 10]), 1.0);
        assert_ne!([0.1; 10].iter().sum::<f64>(), 1.0);
        // math.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]) == 1e-100.
        assert_eq!(
            fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]),
            1e-100
        );
        // The half-way correction: math.fsum([1.0, 2**-53, 2**-105]) == 1.0000000000000002
        // (the plain sum is 1.0), and math.fsum([1.0, 2**-53, -2**-105]) == 1.0.
        let (half, tiny) = (2f64.powi(-53), 2f64.powi(-105));
        assert_eq!(fsum([1.0, half, tiny]), 1.0000000000000002);
        assert_eq!(fsum([1.0, half, -tiny]), 1.0);
        assert_eq!(fsum(Vec::new()), 0.0);
    }
}
