//! `seam breaking` fixtures: every case under `tests/breaking/` is a directory
//! `<rule>__<what>` holding an `old/` and a `new/` contract set. The test checks both sets,
//! compares them, asserts that the rule the name promises is reported (a `none__<what>` case
//! asserts that nothing is), and snapshots the text and JSON reports with insta. A case whose
//! `<what>` starts with `accepted` asserts that every finding is accepted by `@allow_breaking`
//! (so `seam breaking` exits 0); its GitHub report is snapshotted too.
//!
//! Update the snapshots after an intended change with `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test -p seam-codegen --test breaking`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use seam_codegen::breaking::{self, Finding, SideSources};

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/breaking");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/breaking exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

/// The rule a case promises, from its directory name (`field-removed__strict_required`);
/// `None` for a `none__` case.
fn promised_rule(case: &Path) -> Option<&'static str> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let rule = name.split("__").next().unwrap();
    if rule == "none" {
        return None;
    }
    Some(
        breaking::RULES
            .iter()
            .copied()
            .find(|r| *r == rule)
            .unwrap_or_else(|| panic!("case `{name}` does not start with a rule or `none`")),
    )
}

/// Checks one side of a case with paths relative to the crate, so snapshots do not depend on
/// where the repository is checked out.
fn load_side(case: &Path, side: &str) -> (seam_codegen::model::ContractSet, SideSources) {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let dir = case
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .join(side);
    let compilation = seam_codegen::check_paths(std::slice::from_ref(&dir)).expect("readable");
    assert!(
        !compilation.has_errors(),
        "{}: the {side} set has errors:\n{}",
        case.display(),
        compilation.rendered_text().concat()
    );
    let sources = SideSources::new(side, &compilation.sources, &dir);
    (compilation.model, sources)
}

fn run_case(case: &Path) -> (Vec<Finding>, String) {
    let (old, old_sources) = load_side(case, "old");
    let (new, new_sources) = load_side(case, "new");
    let findings = breaking::compare(&old, &new);
    let text = breaking::render_text(&findings, &old_sources, &new_sources);
    (findings, text)
}

#[test]
fn every_case_reports_its_rule_and_matches_its_snapshot() {
    let mut failures = Vec::new();
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let (findings, text) = run_case(&case);
        match promised_rule(&case) {
            None if !findings.is_empty() => {
                failures.push(format!("{name}: expected no finding, got:\n{text}"))
            }
            Some(rule) if !findings.iter().any(|f| f.rule == rule) => {
                failures.push(format!("{name}: expected a `{rule}` finding, got:\n{text}"))
            }
            _ => {}
        }
        let accepted_case = name
            .split("__")
            .nth(1)
            .is_some_and(|w| w.starts_with("accepted"));
        if accepted_case && (findings.is_empty() || breaking::is_breaking(&findings)) {
            failures.push(format!(
                "{name}: expected only accepted findings, got:\n{text}"
            ));
        }
        if !accepted_case && findings.iter().any(|f| f.is_accepted()) {
            failures.push(format!("{name}: unexpected accepted finding:\n{text}"));
        }
        insta::with_settings!({
            snapshot_path => "snapshots/breaking",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name.clone(), text);
            insta::assert_json_snapshot!(format!("{name}.json"), breaking::to_json(&findings));
            if accepted_case {
                insta::assert_snapshot!(
                    format!("{name}.github"),
                    breaking::render_github(&findings, "old", "new")
                );
            }
        });
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn comparing_a_set_with_itself_finds_nothing() {
    for case in cases() {
        for side in ["old", "new"] {
            let (model, _) = load_side(&case, side);
            let findings = breaking::compare(&model, &model);
            assert!(
                findings.is_empty(),
                "{}/{side}: {findings:?}",
                case.display()
            );
        }
    }
    let repo_idl = Path::new(env!("CARGO_MANIFEST_DIR")).join("../idl");
    let compilation = seam_codegen::check_paths(&[repo_idl]).unwrap();
    assert!(breaking::compare(&compilation.model, &compilation.model).is_empty());
}

#[test]
fn every_rule_has_a_case() {
    let covered: BTreeSet<&str> = cases().iter().filter_map(|c| promised_rule(c)).collect();
    let missing: Vec<&str> = breaking::RULES
        .iter()
        .copied()
        .filter(|r| !covered.contains(r))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a case under tests/breaking: {missing:?}"
    );
}

#[test]
fn every_rule_is_documented() {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/evolution.md"))
            .unwrap();
    let missing: Vec<&str> = breaking::RULES
        .iter()
        .copied()
        .filter(|r| !docs.contains(&format!("`{r}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "rules missing from docs/evolution.md: {missing:?}"
    );
}
