//! Summary formulas against hand-computed values, verdicts of BFCL tasks, comparisons.

use super::*;

fn cat(name: &str, examples: usize, correct: usize) -> CategoryScore {
    CategoryScore {
        category: name.into(),
        examples,
        correct,
        accuracy: correct as f64 / examples as f64,
    }
}

#[test]
fn non_live_is_an_unweighted_mean_whose_simple_part_averages_three_languages() {
    let scores = [
        cat("simple_python", 400, 300),   // 0.75
        cat("simple_java", 100, 50),      // 0.5
        cat("simple_javascript", 50, 25), // 0.5
        cat("multiple", 200, 100),        // 0.5
        cat("parallel", 200, 200),        // 1.0
        cat("parallel_multiple", 200, 0), // 0.0
    ];
    let s = summarize(&scores);
    let non_live = s.non_live.expect("non-live");
    let simple = (0.75 + 0.5 + 0.5) / 3.0;
    assert!((non_live.accuracy - (simple + 0.5 + 1.0 + 0.0) / 4.0).abs() < 1e-12);
    assert!(non_live.complete);
    assert_eq!(s.live, None);
}

#[test]
fn a_missing_category_counts_as_zero_and_marks_the_score_incomplete() {
    let s = summarize(&[cat("simple_python", 10, 10), cat("multiple", 10, 5)]);
    let non_live = s.non_live.expect("non-live");
    // simple = (1 + 0 + 0) / 3; parallel and parallel_multiple are 0.
    assert!((non_live.accuracy - (1.0 / 3.0 + 0.5) / 4.0).abs() < 1e-12);
    assert!(!non_live.complete);
}

#[test]
fn live_is_weighted_by_example_counts_and_irrelevance_averages_both() {
    let s = summarize(&[
        cat("live_simple", 300, 150),
        cat("live_multiple", 100, 100),
        cat("irrelevance", 100, 80),
        cat("live_irrelevance", 10, 5),
    ]);
    let live = s.live.expect("live");
    assert!((live.accuracy - 250.0 / 400.0).abs() < 1e-12);
    assert!(!live.complete);
    let irrelevance = s.irrelevance.expect("irrelevance");
    assert!((irrelevance.accuracy - (0.8 + 0.5) / 2.0).abs() < 1e-12);
}

#[test]
fn bfcl_category_names_map_to_checker_categories() {
    assert_eq!(
        checker_category("live_parallel_multiple"),
        Some(Category::ParallelMultiple)
    );
    assert_eq!(checker_category("simple_java"), Some(Category::Simple));
    assert_eq!(
        checker_category("live_relevance"),
        Some(Category::Relevance)
    );
    assert_eq!(checker_category("weather"), None);
}

fn example(id: &str, category: &str, valid: bool) -> ExampleResult {
    ExampleResult {
        id: id.into(),
        category: category.into(),
        prompt_sha256: String::new(),
        output: String::new(),
        calls: Vec::new(),
        violations: Vec::new(),
        valid,
        reason: None,
        error_type: None,
    }
}

#[test]
fn compare_lists_deltas_and_the_examples_whose_verdict_changed() {
    let a = Report::new(
        "bfcl",
        BTreeMap::new(),
        Vec::new(),
        Vec::new(),
        vec![
            example("a", "multiple", true),
            example("b", "multiple", false),
        ],
    );
    let b = Report::new(
        "bfcl",
        BTreeMap::new(),
        Vec::new(),
        Vec::new(),
        vec![
            example("a", "multiple", false),
            example("b", "multiple", false),
        ],
    );
    let text = compare_markdown(&a, &b);
    assert!(
        text.contains("| multiple | 50.00 | 0.00 | -50.00 |"),
        "{text}"
    );
    assert!(text.contains("1 example(s) changed verdict"), "{text}");
    assert!(text.contains("- `a` (multiple): pass → fail"), "{text}");
    let table = markdown(&a);
    assert!(table.contains("| multiple | 2 | 1 | 50.00 |"), "{table}");
    assert!(
        table.contains("| non-live (BFCL) | | | 12.50 (incomplete) |"),
        "{table}"
    );
}
