//! Requests for the `calculator` tool: percentages, arithmetic, roots and powers (`calculate`,
//! with the few natural spellings of each expression as alternatives), percentage changes and
//! summary statistics (a median also as the `stats` tool's 50th percentile, where offered).
//! Answers are computed here and formatted as the tool formats them.

use serde_json::Value;

use super::catalog::{Tool, expect, s, strs};
use super::phrasing::{fill, int_text, num_values, number, template};
use super::rng::Rng;
use super::{Request, Split};

/// A request for one calculator function.
pub(crate) fn request(rng: &mut Rng, split: Split) -> Request {
    match rng.below(8) {
        0 | 1 => percent_of(rng, split),
        2 | 3 => arithmetic(rng, split),
        4 => root_or_power(rng, split),
        5 => two_steps(rng, split),
        6 => percent_change(rng, split),
        _ => statistics(rng, split),
    }
}

fn calc(text: String, expressions: &[String], answer: f64) -> Request {
    let call = expect("calculate", vec![("expression", strs(expressions))]);
    Request::one(text, Tool::Calculator, call, vec![], Some(number(answer)))
}

fn percent_of(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 16] = [
        "What is {p}% of {x}?",
        "Calculate {p} percent of {x}.",
        "How much is {p}% of {x}?",
        "I need to know {p}% of {x}. What does that come to?",
        "Work out {p} percent of {x} for me.",
        "What do you get when you take {p}% of {x}?",
        "A jacket costs {x} dollars and is {p}% off. How much do I save?",
        "What's a {p}% tip on a bill of {x}?",
        "Please compute {p} percent of {x}.",
        "If a tax of {p}% applies to {x}, how much tax is that?",
        "Find {p}% of {x}.",
        "My budget is {x} and {p}% of it goes to rent. How much is the rent?",
        "Could you figure out what {p} percent of {x} is?",
        "Out of {x} people surveyed, {p}% said yes. How many people is that?",
        "What amount is {p}% of {x}?",
        "Determine {p}% of the number {x}.",
    ];
    let p = if rng.chance(0.6) {
        *rng.pick(&[
            3i64, 5, 8, 10, 12, 15, 17, 18, 20, 25, 30, 35, 40, 45, 60, 75, 85, 90,
        ])
    } else {
        rng.range(1, 99)
    };
    let x = rng.range(20, 9999);
    let d = number(p as f64 / 100.0);
    let text = fill(
        template(rng, &T, split),
        &[("p", &p.to_string()), ("x", &int_text(rng, x))],
    );
    let e = [
        format!("{p}/100*{x}"),
        format!("{x}*{p}/100"),
        format!("{p}*{x}/100"),
        format!("({p}/100)*{x}"),
        format!("{x}*({p}/100)"),
        format!("{d}*{x}"),
        format!("{x}*{d}"),
    ];
    calc(text, &e, p as f64 * x as f64 / 100.0)
}

fn arithmetic(rng: &mut Rng, split: Split) -> Request {
    let op = rng.below(4);
    let (mut a, mut b) = (rng.range(12, 99999), rng.range(2, 999));
    if rng.chance(0.5) {
        a /= 10;
    }
    if op == 2 && a < b {
        (a, b) = (b, a);
    }
    let (at, bt) = (int_text(rng, a), int_text(rng, b));
    let vals = [("a", at.as_str()), ("b", bt.as_str())];
    match op {
        0 => {
            const T: [&str; 12] = [
                "What is {a} plus {b}?",
                "Add {a} and {b}.",
                "What's the sum of {a} and {b}?",
                "Compute {a} + {b}.",
                "If I add {b} to {a}, what do I get?",
                "I had {a} points and earned {b} more. How many points do I have now?",
                "Please total {a} and {b}.",
                "Our shop sold {a} items online and {b} in store. How many in all?",
                "Can you add up {a} and {b} for me?",
                "What do {a} and {b} make together?",
                "Sum {a} and {b}, please.",
                "Calculate the total of {a} and {b}.",
            ];
            let text = fill(template(rng, &T, split), &vals);
            calc(
                text,
                &[format!("{a}+{b}"), format!("{b}+{a}")],
                (a + b) as f64,
            )
        }
        1 => {
            const T: [&str; 12] = [
                "Multiply {a} by {b}.",
                "What is {a} times {b}?",
                "What's the product of {a} and {b}?",
                "Compute {a} × {b}.",
                "How much is {a} multiplied by {b}?",
                "Each box holds {a} screws. How many screws are in {b} boxes?",
                "Please work out {a} * {b}.",
                "A ticket costs {a} cents. What do {b} tickets cost, in cents?",
                "Can you multiply {a} and {b} for me?",
                "What is the result of {a} multiplied by {b}?",
                "I need {a} × {b} calculated.",
                "Give me the product of {a} and {b}.",
            ];
            let text = fill(template(rng, &T, split), &vals);
            calc(
                text,
                &[format!("{a}*{b}"), format!("{b}*{a}")],
                (a * b) as f64,
            )
        }
        2 => {
            const T: [&str; 10] = [
                "What is {a} minus {b}?",
                "Subtract {b} from {a}.",
                "Compute {a} - {b}.",
                "What's left if you take {b} away from {a}?",
                "I had {a} dollars and spent {b}. How much do I have left?",
                "What's the difference between {a} and {b}?",
                "Please calculate {a} minus {b}.",
                "Take {b} from {a}. What remains?",
                "A tank holds {a} liters and {b} leak out. How much is left?",
                "How much is {a} less {b}?",
            ];
            let text = fill(template(rng, &T, split), &vals);
            calc(text, &[format!("{a}-{b}")], (a - b) as f64)
        }
        _ => {
            const T: [&str; 10] = [
                "Divide {a} by {b}.",
                "What is {a} divided by {b}?",
                "Compute {a} / {b}.",
                "How much is {a} split into {b} equal parts?",
                "We spent {a} dollars and there are {b} of us. What's each person's share?",
                "What do I get if I divide {a} by {b}?",
                "Please work out {a} ÷ {b}.",
                "What is the quotient of {a} and {b}?",
                "If {a} is shared equally among {b} people, how much does each get?",
                "Calculate {a} over {b}.",
            ];
            let text = fill(template(rng, &T, split), &vals);
            calc(text, &[format!("{a}/{b}")], a as f64 / b as f64)
        }
    }
}

fn root_or_power(rng: &mut Rng, split: Split) -> Request {
    if rng.chance(0.5) {
        const T: [&str; 8] = [
            "What is the square root of {x}?",
            "Find the square root of {x}.",
            "Compute sqrt({x}).",
            "What number squared gives {x}?",
            "Take the square root of {x}, please.",
            "A square field has an area of {x} square meters. How long is one side?",
            "What's the square root of the number {x}?",
            "I need the square root of {x}.",
        ];
        let r = rng.range(2, 200);
        let x = if rng.chance(0.6) {
            r * r
        } else {
            rng.range(2, 99999)
        };
        let text = fill(template(rng, &T, split), &[("x", &x.to_string())]);
        let e = [
            format!("sqrt({x})"),
            format!("{x}^0.5"),
            format!("{x}**0.5"),
            format!("{x}^(1/2)"),
            format!("pow({x},0.5)"),
            format!("pow({x}, 0.5)"),
        ];
        calc(text, &e, (x as f64).sqrt())
    } else {
        const T: [&str; 8] = [
            "What is {a} to the power of {b}?",
            "Compute {a}^{b}.",
            "Raise {a} to the power {b}.",
            "What do you get when {a} is raised to the power of {b}?",
            "A colony of bacteria grows by a factor of {a} every hour. By what factor has it grown after {b} hours?",
            "Calculate {a} raised to the {b}th power.",
            "How much is {a} to the {b}th power?",
            "What's {a} multiplied by itself {b} times, i.e. {a}^{b}?",
        ];
        let a = rng.range(2, 25);
        let b = rng.range(4, 9);
        let text = fill(
            template(rng, &T, split),
            &[("a", &a.to_string()), ("b", &b.to_string())],
        );
        let e = [
            format!("{a}^{b}"),
            format!("{a}**{b}"),
            format!("pow({a},{b})"),
            format!("pow({a}, {b})"),
        ];
        calc(text, &e, (a as f64).powi(b as i32))
    }
}

fn two_steps(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 8] = [
        "Add {a} and {b}, then multiply the sum by {c}.",
        "What is ({a} + {b}) × {c}?",
        "Take the sum of {a} and {b} and multiply it by {c}.",
        "A class has {a} girls and {b} boys, and each student needs {c} pencils. How many pencils is that?",
        "Compute ({a} + {b}) * {c}, please.",
        "I buy {c} packs, each with {a} red and {b} blue beads. How many beads in total?",
        "If I add {a} to {b} and multiply the total by {c}, what do I get?",
        "What's {c} times the sum of {a} and {b}?",
    ];
    let (a, b, c) = (rng.range(2, 500), rng.range(2, 500), rng.range(2, 40));
    let text = fill(
        template(rng, &T, split),
        &[
            ("a", &a.to_string()),
            ("b", &b.to_string()),
            ("c", &c.to_string()),
        ],
    );
    let e = [
        format!("({a}+{b})*{c}"),
        format!("{c}*({a}+{b})"),
        format!("({b}+{a})*{c}"),
        format!("{c}*({b}+{a})"),
    ];
    calc(text, &e, ((a + b) * c) as f64)
}

fn percent_change(rng: &mut Rng, split: Split) -> Request {
    const T: [&str; 12] = [
        "The price went from {a} to {b}. What is the percentage change?",
        "By what percent did sales change going from {a} to {b}?",
        "Compute the percent change from {a} to {b}.",
        "Our visitors went from {a} last month to {b} this month. What's the change in percent?",
        "My rent was {a} and is now {b}. By how many percent did it change?",
        "A stock moved from {a} to {b}. What's the percentage change?",
        "Membership went from {a} to {b} members. What's that as a percent change?",
        "What percent change takes {a} to {b}?",
        "What is the percentage increase or decrease from {a} to {b}?",
        "Last year we had {a} orders, this year {b}. How much did that change, in percent?",
        "Give me the relative change from {a} to {b} as a percentage.",
        "How big is the change from {a} to {b}, in percent?",
    ];
    let a = rng.range(10, 5000);
    let b = (a as f64 * (0.3 + rng.below(150) as f64 / 100.0)).round() as i64;
    let b = if b == a { a + 1 } else { b };
    let text = fill(
        template(rng, &T, split),
        &[("a", &int_text(rng, a)), ("b", &int_text(rng, b))],
    );
    let call = expect(
        "percent_change",
        vec![
            ("old_value", num_values(a as f64)),
            ("new_value", num_values(b as f64)),
        ],
    );
    let pct = (b - a) as f64 / a as f64 * 100.0;
    Request::one(text, Tool::Calculator, call, vec![], Some(number(pct)))
}

fn statistics(rng: &mut Rng, split: Split) -> Request {
    let len = 4 + rng.below(6);
    let top = *rng.pick(&[20i64, 60, 120, 250]);
    let xs: Vec<i64> = (0..len).map(|_| rng.range(1, top)).collect();
    let list = xs.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    let numbers = vec![Value::Array(xs.iter().map(|x| Value::from(*x)).collect())];
    let call = expect("summary_statistics", vec![("numbers", numbers.clone())]);
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<i64>() as f64 / n;
    if rng.chance(0.5) {
        const T: [&str; 8] = [
            "Find the median of these numbers: {l}.",
            "What's the median of {l}?",
            "Give me the median value of the list {l}.",
            "My commute times this week in minutes were {l}. What was the median?",
            "Compute the median of {l}, please.",
            "Here are some test scores: {l}. What's the median score?",
            "Which value is in the middle of {l} (the median)?",
            "The daily rainfall in mm was {l}. Find the median.",
        ];
        let mut sorted = xs.clone();
        sorted.sort_unstable();
        let mid = sorted.len() / 2;
        let median = if sorted.len() % 2 == 1 {
            sorted[mid] as f64
        } else {
            (sorted[mid - 1] + sorted[mid]) as f64 / 2.0
        };
        let text = fill(template(rng, &T, split), &[("l", &list)]);
        let pct = expect(
            "percentile",
            vec![("values", numbers), ("percentile", num_values(50.0))],
        );
        return Request::one(
            text,
            Tool::Calculator,
            call,
            vec![pct],
            Some(number(median)),
        );
    }
    const T: [&str; 12] = [
        "What is the average of {l}?",
        "Compute the mean of these values: {l}.",
        "Give me the mean of {l}.",
        "My scores were {l}. What's my average?",
        "We sold {l} cups of coffee on the last few days. What's the daily average?",
        "Average these numbers for me: {l}.",
        "What's the arithmetic mean of {l}?",
        "I logged {l} push-ups per day. What's my mean?",
        "Find the average of the list {l}.",
        "The parcels weighed {l} kg. What was the average weight?",
        "Could you compute the mean of {l}?",
        "What do {l} average out to?",
    ];
    let text = fill(template(rng, &T, split), &[("l", &list)]);
    let sum = xs.iter().map(i64::to_string).collect::<Vec<_>>().join("+");
    let also = expect(
        "calculate",
        vec![("expression", vec![s(&format!("({sum})/{len}"))])],
    );
    Request::one(text, Tool::Calculator, call, vec![also], Some(number(mean)))
}
