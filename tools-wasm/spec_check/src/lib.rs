//! Checks across all shipped tools, which no single tool crate can make: function names are
//! unique over every tool (the host refuses duplicates), every spec is well-formed, and the
//! set is large enough for tool-use training. BFCL's class tools keep BFCL's own docs (camelCase
//! names such as `startEngine`, no `additionalProperties`), so only our own tools are held to
//! the house rules of `check_spec`; every tool's names count for uniqueness.
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
            ("gorilla_file_system", gorilla_file_system::SPEC.to_string()),
            ("math_api", math_api::SPEC.to_string()),
            ("message_api", message_api::SPEC.to_string()),
            ("posting_api", posting_api::SPEC.to_string()),
            ("ticket_api", ticket_api::SPEC.to_string()),
            ("trading_bot", trading_bot::SPEC.to_string()),
            ("travel_booking", travel_booking::SPEC.to_string()),
            ("vehicle_control", vehicle_control::SPEC.to_string()),
        ]
    }

    /// The tools whose specs are BFCL's function docs.
    const BFCL: &[&str] = &[
        "gorilla_file_system",
        "math_api",
        "message_api",
        "posting_api",
        "ticket_api",
        "trading_bot",
        "travel_booking",
        "vehicle_control",
    ];

    /// The function names of `spec`: checked against the house rules for our own tools.
    fn names(tool: &str, spec: &str) -> Vec<String> {
        if !BFCL.contains(&tool) {
            return tz_tool_common::check_spec(spec).unwrap_or_else(|e| panic!("{tool}: {e}"));
        }
        let v: serde_json::Value = serde_json::from_str(spec).expect("spec is JSON");
        v.as_array()
            .expect("an array")
            .iter()
            .map(|f| f["name"].as_str().expect("a name").to_string())
            .collect()
    }

    #[test]
    fn function_names_are_unique_across_all_tools() {
        let mut seen: Vec<(String, &str)> = Vec::new();
        for (tool, spec) in specs() {
            let names = names(tool, &spec);
            for n in names {
                if let Some((_, other)) = seen.iter().find(|(m, _)| *m == n) {
                    panic!("function '{n}' is in both {other} and {tool}");
                }
                seen.push((n, tool));
            }
        }
        assert!(seen.len() >= 15, "only {} functions", seen.len());
        // 29 of our own tools' functions and BFCL's 128 multi-turn class functions.
        assert_eq!(seen.len(), 29 + 128);
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
