//! Runs the `consumer` binary as a user would (from the workspace root) and checks its exit
//! codes and output, the committed MessagePack fixture and the outputs quoted in the README.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn consumer(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_consumer"))
        .args(args)
        .current_dir(workspace_root())
        .output()
        .expect("run the consumer binary")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

fn readme() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

fn temp_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(name)
}

#[test]
fn good_config_decodes_the_artifact_and_round_trips_the_log() {
    let log = temp_path("run.jsonl");
    let out = consumer(&[
        "examples/consumer/data/config.toml",
        "--log-file",
        log.to_str().unwrap(),
    ]);
    let stdout = text(&out.stdout);
    assert!(
        out.status.success(),
        "status {}\n{stdout}{}",
        out.status,
        text(&out.stderr)
    );
    assert_eq!(text(&out.stderr), "");

    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(
        lines[0].starts_with("config: version 1, max_plan_depth 64,"),
        "{stdout}"
    );
    // The patch from JSON: a value set, a field cleared by `null`, an absent field kept.
    assert_eq!(
        lines[1],
        r#"overrides: max_plan_depth 64 -> 256, explain Some("physical") -> None, tasks ["build_views", "write_delta"] -> ["build_views"], capture_substrait kept true"#
    );
    assert!(
        lines[2].starts_with("artifact: view silver_orders,"),
        "{stdout}"
    );
    assert!(
        lines[2].contains("substrait 18 bytes, validation valid (datafusion), fingerprint sha256:")
    );
    assert_eq!(
        lines[3],
        format!(
            "log: wrote 4 events to {}, read them back equal",
            log.display()
        )
    );

    let written = fs::read_to_string(&log).unwrap();
    let kinds: Vec<&str> = written
        .lines()
        .map(|line| &line[..line.find(',').unwrap()])
        .collect();
    assert_eq!(
        kinds,
        [
            r#"{"event":"run_started""#,
            r#"{"event":"task_finished""#,
            r#"{"event":"diagnostic""#,
            r#"{"event":"run_finished""#,
        ]
    );

    // The README quotes this run: its config, overrides and artifact lines must still be what
    // it prints.
    let readme = readme();
    assert!(
        readme.contains(&format!("{}\n{}\n{}\n", lines[0], lines[1], lines[2])),
        "README is out of date:\n{stdout}"
    );
}

#[test]
fn default_config_path_and_temp_log() {
    let out = consumer(&[]);
    let stdout = text(&out.stdout);
    assert!(
        out.status.success(),
        "status {}\n{stdout}{}",
        out.status,
        text(&out.stderr)
    );
    assert!(stdout.starts_with("config: version 1,"), "{stdout}");
    assert!(stdout.contains(", read them back equal\n"), "{stdout}");
}

#[test]
fn bad_config_lists_every_problem_and_exits_1() {
    let out = consumer(&["examples/consumer/data/bad_config.toml"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(text(&out.stdout), "");

    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[0],
        "error: examples/consumer/data/bad_config.toml is invalid (9 problems):"
    );
    for expected in [
        "  plan.max_plan_depth: Expected `int` <= 512",
        "  plan.explain: Invalid enum value 'verbose'",
        "  plan.requested_tasks[1]: Expected `str` of length >= 1",
        "  runtime: Object contains unknown field `target_partition`",
        "  logging.level: Invalid enum value 'TRACE'",
        "  maintenance.vacuum_window_start: Expected `time` with a timezone component",
    ] {
        assert!(
            lines.contains(&expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    assert_eq!(lines.len(), 10, "{stderr}");
    assert!(
        readme().contains(&stderr),
        "README is out of date:\n{stderr}"
    );
}

#[test]
fn missing_config_and_bad_usage() {
    let out = consumer(&["examples/consumer/data/no_such.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("error: cannot read examples/consumer/data/no_such.toml: ")
    );

    let out = consumer(&["--log-file"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("usage: consumer"));
}

#[test]
fn committed_fixture_is_what_write_fixtures_writes() {
    let fresh = temp_path("plan_artifact.msgpack");
    let out = consumer(&["--write-fixtures", fresh.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let committed = workspace_root().join("examples/consumer/data/plan_artifact.msgpack");
    assert!(
        fs::read(&committed).unwrap() == fs::read(&fresh).unwrap(),
        "the committed fixture is stale: run `cargo run -p seam-example-consumer -- --write-fixtures`"
    );
}
