//! Checks across all shipped tools, which no single tool crate can make: function names are
//! unique over every tool (the host refuses duplicates), every spec is well-formed, and the
//! set is large enough for tool-use training.
//!
//! The crate has no code of its own; `cargo test` runs the checks below.

#[cfg(test)]
mod tests {
    /// (tool, spec) for every shipped tool, in the order `scripts/build-tools.sh` lists them.
    fn specs() -> Vec<(&'static str, String)> {
        vec![
            ("calculator", calculator::spec()),
            ("units", units::spec()),
            ("calendar", calendar::spec()),
            ("text", text::spec()),
            ("countries", countries::spec()),
            ("filesystem", filesystem::spec()),
            ("schema_mock", schema_mock::spec()),
        ]
    }

    #[test]
    fn function_names_are_unique_across_all_tools() {
        let mut seen: Vec<(String, &str)> = Vec::new();
        for (tool, spec) in specs() {
            let names = tz_tool_common::check_spec(&spec).unwrap_or_else(|e| panic!("{tool}: {e}"));
            for n in names {
                if let Some((_, other)) = seen.iter().find(|(m, _)| *m == n) {
                    panic!("function '{n}' is in both {other} and {tool}");
                }
                seen.push((n, tool));
            }
        }
        assert!(seen.len() >= 15, "only {} functions", seen.len());
        assert_eq!(seen.len(), 29);
    }

    #[test]
    fn there_are_at_least_six_components() {
        assert!(specs().len() >= 6);
    }

    #[test]
    fn every_spec_entry_is_an_openai_style_function() {
        for (tool, spec) in specs() {
            let v: serde_json::Value = serde_json::from_str(&spec).unwrap();
            for f in v.as_array().unwrap() {
                let keys: Vec<&String> = f.as_object().unwrap().keys().collect();
                assert_eq!(keys.len(), 3, "{tool}: {f}");
                assert_eq!(f["parameters"]["type"], "object", "{tool}");
            }
        }
    }
}
