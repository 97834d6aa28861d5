//! "Did you mean ...?" suggestions by Levenshtein edit distance.

/// Queries longer than this get no suggestions (keeps the quadratic distance cheap).
pub const MAX_QUERY_CHARS: usize = 64;

/// The Levenshtein edit distance between `a` and `b`, over chars, case-insensitive.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Up to `n` candidates closest to `query`, nearest first (ties keep the candidates' order).
/// A candidate qualifies when its edit distance is at most a third of the query's length plus
/// one, or when one of the two contains the other (the contained one of 3+ chars: "convert" suggests
/// "convert_units"). Duplicates are reported once.
pub fn closest<'a>(
    query: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    if query.chars().count() > MAX_QUERY_CHARS {
        return Vec::new();
    }
    let q = query.to_lowercase();
    let limit = q.chars().count() / 3 + 1;
    let mut scored: Vec<(usize, usize, &str)> = candidates
        .into_iter()
        .enumerate()
        .map(|(i, c)| (edit_distance(query, c), i, c))
        .filter(|(d, _, c)| {
            let c = c.to_lowercase();
            let contains = |a: &str, b: &str| b.chars().count() >= 3 && a.contains(b);
            *d <= limit || contains(&c, &q) || contains(&q, &c)
        })
        .collect();
    scored.sort();
    let mut out: Vec<&str> = Vec::new();
    for (_, _, c) in scored {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(c)) {
            out.push(c);
        }
        if out.len() == n {
            break;
        }
    }
    out
}

/// `msg`, then "; did you mean 'X'?" when a candidate is close to `query`, then `tail`.
pub fn suggest<'a>(
    msg: &str,
    query: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    tail: &str,
) -> String {
    match closest(query, candidates, 1).first() {
        Some(best) => format!("{msg}; did you mean '{best}'? {tail}"),
        None => format!("{msg}; {tail}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggest_adds_a_hint_only_when_one_is_close() {
        assert_eq!(
            suggest("unknown x 'a'", "Frnace", ["France"], "valid: France"),
            "unknown x 'a'; did you mean 'France'? valid: France"
        );
        assert_eq!(
            suggest("unknown x 'a'", "zzz", ["France"], "valid: France"),
            "unknown x 'a'; valid: France"
        );
    }

    #[test]
    fn edit_distance_counts_insertions_deletions_substitutions() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("France", "france"), 0);
        assert_eq!(edit_distance("Frnace", "France"), 2);
    }

    #[test]
    fn closest_orders_by_distance_and_drops_far_candidates() {
        let names = ["Germany", "France", "Finland", "Japan"];
        assert_eq!(closest("Frnace", names, 2), vec!["France"]);
        assert_eq!(
            closest("conv", ["convert_units", "list_units"], 2),
            vec!["convert_units"]
        );
        assert!(closest("zzzzzzzzzzzz", names, 3).is_empty());
        assert!(closest("furlong", ["gallon"], 3).is_empty());
        let huge = "France".repeat(1000);
        assert!(
            closest(&huge, names, 3).is_empty(),
            "long queries are not compared"
        );
        assert_eq!(closest("japan", ["Japan", "JAPAN"], 3), vec!["Japan"]);
    }
}
