//! Importers, filter and masking on the real shared data (`../shared/data`, or the folder named
//! by `TZ_SHARED_DIR`). A missing folder fails these tests with its path: they never pass silently.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::filter::filter_parseable;
use super::mask::mask_task;
use super::*;
use crate::task::{read_tasks, write_tasks};

/// The shared data folder: `$TZ_SHARED_DIR/data`, else `<workspace>/../shared/data`.
fn data_dir() -> PathBuf {
    let dir = match std::env::var_os("TZ_SHARED_DIR") {
        Some(shared) => PathBuf::from(shared).join("data"),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data")),
    };
    assert!(
        dir.is_dir(),
        "shared data folder {} is missing: set TZ_SHARED_DIR to the shared folder (the one holding data/)",
        dir.display()
    );
    dir
}

fn bfcl(category: &str) -> ImportReport {
    let path = data_dir()
        .join("bfcl")
        .join(format!("BFCL_v4_{category}.json"));
    bfcl::import_file(&path).unwrap_or_else(|e| panic!("importing {}: {e}", path.display()))
}

#[test]
fn every_bfcl_question_of_the_three_shared_categories_imports() {
    for (category, expected) in [
        ("simple_python", 400),
        ("multiple", 200),
        ("irrelevance", 240),
    ] {
        let report = bfcl(category);
        assert!(
            report.skipped.is_empty(),
            "{category}: {:?}",
            report.skipped.first()
        );
        assert_eq!(report.tasks.len(), expected, "{category}");
        for task in &report.tasks {
            assert_eq!(task.category.as_deref(), Some(category));
            assert!(
                task.problems().is_empty(),
                "{}: {:?}",
                task.id,
                task.problems()
            );
            for spec in task.inline_specs() {
                assert_eq!(spec.parameters["type"], "object", "{}", task.id);
            }
            let turn = &task.turns[0];
            assert_eq!(
                turn.accepts_no_call(),
                category == "irrelevance",
                "{}",
                task.id
            );
        }
    }
}

#[test]
fn the_bfcl_folder_imports_in_category_order_and_passes_the_filter() {
    let report = bfcl::import_dir(&data_dir().join("bfcl")).expect("imports");
    assert_eq!(report.tasks.len(), 840);
    assert_eq!(report.tasks[0].id, "simple_python_0");
    assert_eq!(report.tasks[400].id, "multiple_0");
    let (kept, filtered) = filter_parseable(report.tasks, &[]);
    assert_eq!(filtered.dropped, 0, "{:?}", filtered.examples);
    assert_eq!(kept.len(), 840);
}

#[test]
fn a_bfcl_question_file_without_its_answers_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("BFCL_v4_parallel.json");
    std::fs::write(&path, "").expect("writes");
    let err = bfcl::import_file(&path)
        .expect_err("no answers")
        .to_string();
    assert!(
        err.contains("possible_answer/BFCL_v4_parallel.json"),
        "{err}"
    );
}

#[test]
fn the_rlla_sft_rows_import_with_counted_skips() {
    let path = data_dir().join("rlla/rlla_4k_raw/rlla_sft.jsonl");
    let report = rlla::import(&path).expect("imports");
    assert_eq!(report.tasks.len() + report.skipped.len(), 400);
    let skips: Vec<String> = report.skipped.iter().map(ToString::to_string).collect();
    let counts = report.skip_counts();
    assert_eq!(
        counts,
        BTreeMap::from([(SkipReason::BadTools, 1)]),
        "{skips:?}"
    );
    assert!(
        skips[0].contains("tool `translate` is listed twice"),
        "{skips:?}"
    );
    let no_call = report
        .tasks
        .iter()
        .filter(|t| t.turns[0].accepts_no_call())
        .count();
    assert_eq!(no_call, 54);
    // 40 inputs hold an earlier assistant step; 29 of them an earlier user turn (SOURCE.md's 29).
    let with_history = report.tasks.iter().filter(|t| t.messages.len() > 1).count();
    assert_eq!(with_history, 40);
    let users = |t: &crate::task::Task| {
        t.messages
            .iter()
            .filter(|m| m.role == crate::task::Role::User)
            .count()
    };
    assert_eq!(report.tasks.iter().filter(|t| users(t) > 1).count(), 29);
    assert!(report.tasks.iter().all(|t| t.problems().is_empty()));
    let (kept, filtered) = filter_parseable(report.tasks, &[]);
    assert_eq!(
        (kept.len(), filtered.dropped),
        (344, 55),
        "{:?}",
        filtered.by_kind
    );
    let kinds = [
        ("missing_required", 37),
        ("unknown_function", 1),
        ("unknown_param", 8),
        ("wrong_type", 24),
    ];
    assert_eq!(filtered.by_kind, BTreeMap::from(kinds));
}

#[test]
fn the_rlla_test_rows_import_with_counted_skips() {
    let path = data_dir().join("rlla/rlla_4k/test.jsonl");
    let report = rlla::import(&path).expect("imports");
    assert!(report.skipped.is_empty(), "{:?}", report.skipped.first());
    assert_eq!(report.tasks.len(), 80);
    assert_eq!(report.tasks[0].id, "rlla_test_0");
    let (kept, filtered) = filter_parseable(report.tasks, &[]);
    assert_eq!(
        (kept.len(), filtered.dropped),
        (63, 17),
        "{:?}",
        filtered.by_kind
    );
    let kinds = [
        ("missing_required", 10),
        ("unknown_function", 1),
        ("wrong_type", 6),
    ];
    assert_eq!(filtered.by_kind, BTreeMap::from(kinds));
}

#[test]
fn imported_tasks_survive_a_write_and_load_round_trip() {
    let mut tasks = bfcl("multiple").tasks;
    tasks.extend(
        rlla::import(&data_dir().join("rlla/rlla_4k/test.jsonl"))
            .expect("imports")
            .tasks,
    );
    let mut bytes = Vec::new();
    write_tasks(&mut bytes, &tasks).expect("writes");
    let report = read_tasks(bytes.as_slice(), "mem").expect("reads");
    assert!(report.errors.is_empty(), "{:?}", report.errors.first());
    assert_eq!(report.tasks, tasks);
}

#[test]
fn masking_the_real_data_is_consistent_and_keeps_every_task_valid() {
    let mut tasks = bfcl::import_dir(&data_dir().join("bfcl"))
        .expect("imports")
        .tasks;
    tasks.extend(
        rlla::import(&data_dir().join("rlla/rlla_4k_raw/rlla_sft.jsonl"))
            .expect("imports")
            .tasks,
    );
    let (valid, _) = filter_parseable(tasks, &[]);
    for task in &valid {
        let (masked, map) = mask_task(task).expect("inline tools mask");
        assert!(masked.problems().is_empty(), "{}", task.id);
        assert!(
            super::filter::problems(&masked, &[]).is_empty(),
            "{} invalid after masking",
            task.id
        );
        for spec in masked.inline_specs() {
            assert!(spec.name.starts_with("func_"), "{}", task.id);
        }
        // Unmasking every masked ground-truth call gives back the original call.
        let pairs = task.turns[0]
            .ground_truth
            .iter()
            .flatten()
            .zip(masked.turns[0].ground_truth.iter().flatten());
        for (original, masked_call) in pairs {
            let as_call = |c: &crate::checker::ExpectedCall| {
                crate::spec::ToolCall::new(
                    c.name.clone(),
                    serde_json::Value::Object(c.params.clone()),
                )
            };
            assert_eq!(
                map.unmask_call(&as_call(masked_call)),
                as_call(original),
                "{}",
                task.id
            );
        }
    }
}

#[test]
fn importing_and_masking_twice_gives_byte_identical_files() {
    let run = || {
        let mut tasks = bfcl::import_dir(&data_dir().join("bfcl"))
            .expect("imports")
            .tasks;
        let rows = data_dir().join("rlla/rlla_4k_raw/rlla_sft.jsonl");
        tasks.extend(rlla::import(&rows).expect("imports").tasks);
        let masked: Vec<_> = filter_parseable(tasks, &[])
            .0
            .iter()
            .map(|t| mask_task(t).expect("masks").0)
            .collect();
        let mut bytes = Vec::new();
        write_tasks(&mut bytes, &masked).expect("writes");
        bytes
    };
    assert!(run() == run());
}

#[test]
fn the_source_names_the_importer_and_a_folder_imports_all_of_bfcl() {
    assert_eq!("rlla".parse::<Source>(), Ok(Source::Rlla));
    assert!(
        "csv"
            .parse::<Source>()
            .is_err_and(|e| e.contains("expected rlla or bfcl"))
    );
    let report = import(Source::Bfcl, &data_dir().join("bfcl")).expect("imports");
    assert_eq!(report.tasks.len(), 840);
    let rows = data_dir().join("rlla/rlla_4k/test.jsonl");
    assert_eq!(
        import(Source::Rlla, &rows).expect("imports").tasks.len(),
        80
    );
}
