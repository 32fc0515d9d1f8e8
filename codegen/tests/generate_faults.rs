//! `seam generate` under faults (issue 8, point 4): writes go through temporary files and
//! renames and leave none behind; a failed write leaves the previous outputs as they were; a
//! process killed at any point leaves every file either old or new, and the next run repairs the
//! tree; runs at the same time on one directory happen one after the other; only files seam
//! generated are ever removed.
//!
//! The killed and concurrent cases run the real `seam` binary. They are deterministic: the
//! binary's test hook `SEAM_TEST_PAUSE_AFTER_STEPS=N` stops it after its N-th change to the
//! output directory and waits, and the tests kill it or let it go from there. Nothing here
//! depends on timing.

#[path = "../benches/support/synth.rs"]
mod synth;
#[path = "support/tree.rs"]
mod tree;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::OnceLock;

use seam_codegen::generate::{GenerateError, Generator, LOCK_FILE};
use tree::{differences, outputs_only, scratch_files, snapshot, write_contracts, write_tree, Tree};

const PAUSE_AFTER_STEPS: &str = "SEAM_TEST_PAUSE_AFTER_STEPS";

/// The old version of a synthetic contract set: three synthetic packages and one more that the
/// new version drops.
fn old_contracts() -> Vec<(PathBuf, String)> {
    let mut files = synth::generate(3, 6);
    files.push((
        PathBuf::from("gone.ir"),
        "package gone;\n\n/// Dropped in the new version.\nstruct Gone {\n    id: int;\n}\n".into(),
    ));
    files
}

/// The new version: one package's constraints change, a fourth synthetic package is added and
/// `gone` is dropped, so a run over the old outputs rewrites, adds and removes files.
fn new_contracts() -> Vec<(PathBuf, String)> {
    synth::generate(4, 6)
        .into_iter()
        .map(|(path, text)| {
            let text = if path.ends_with("p1.ir") {
                text.replace("le = 1000000", "le = 999999")
            } else {
                text
            };
            (path, text)
        })
        .collect()
}

/// Both versions on disk, with the complete output of each as the library emits it (what a run
/// into an empty directory writes, file for file; `a_run_leaves_no_temporary_or_lock_file`
/// compares the two).
struct Fixture {
    dir: tempfile::TempDir,
    old_input: PathBuf,
    new_input: PathBuf,
    old: Tree,
    new: Tree,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let old_input = dir.path().join("old-contracts");
        let new_input = dir.path().join("new-contracts");
        write_contracts(&old_input, &old_contracts());
        write_contracts(&new_input, &new_contracts());
        let (old, new) = reference_outputs().clone();
        Fixture {
            dir,
            old_input,
            new_input,
            old,
            new,
        }
    }

    /// A fresh output directory holding the old version's complete outputs.
    fn out_with_old_outputs(&self, name: &str) -> PathBuf {
        let out = self.dir.path().join(name);
        write_tree(&out, &self.old);
        out
    }
}

/// The complete outputs of the old and the new version, emitted once for all tests.
fn reference_outputs() -> &'static (Tree, Tree) {
    static OUTPUTS: OnceLock<(Tree, Tree)> = OnceLock::new();
    OUTPUTS.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        write_contracts(&dir.path().join("old"), &old_contracts());
        write_contracts(&dir.path().join("new"), &new_contracts());
        (
            emitted(&dir.path().join("old")),
            emitted(&dir.path().join("new")),
        )
    })
}

/// Every output of the contract set in `input`, by path relative to the output directory.
fn emitted(input: &Path) -> Tree {
    let compilation = seam_codegen::check_paths(&[input.to_path_buf()]).expect("the set loads");
    assert!(
        !compilation.has_errors(),
        "{:?}",
        compilation.rendered_text()
    );
    let info = seam_codegen::generate::read_set_info(input).expect("no settings");
    seam_codegen::generate::emit_all(&compilation, &info)
        .expect("the set emits")
        .into_iter()
        .map(|(path, text)| (path.to_string_lossy().replace('\\', "/"), text.into_bytes()))
        .collect()
}

/// The changes a run makes to go from `from` to `to`: each new or changed file is written to a
/// temporary file and later renamed; each output that is no longer generated is removed.
fn plan(from: &Tree, to: &Tree) -> (u64, u64) {
    let staged = to
        .iter()
        .filter(|(path, bytes)| from.get(*path) != Some(*bytes));
    let removed = from.keys().filter(|path| !to.contains_key(*path));
    (staged.count() as u64, removed.count() as u64)
}

fn generate_command(input: &Path, out: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_seam"));
    command
        .arg("generate")
        .arg(input)
        .arg("--out")
        .arg(out)
        .env_remove(PAUSE_AFTER_STEPS)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Runs `seam generate --check` and returns its exit code.
fn check_exit_code(input: &Path, out: &Path) -> Option<i32> {
    let mut command = generate_command(input, out);
    command.arg("--check");
    command.status().expect("seam runs").code()
}

fn run_to_completion(input: &Path, out: &Path) {
    let output = generate_command(input, out)
        .stderr(Stdio::piped())
        .output()
        .expect("seam runs");
    assert!(
        output.status.success(),
        "seam generate failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A `seam` process whose stderr is read line by line, so that a test can wait for what it says.
struct Process {
    child: Child,
    stderr: BufReader<ChildStderr>,
    said: String,
}

impl Process {
    fn start(mut command: Command) -> Process {
        let mut child = command
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("seam starts");
        let stderr = BufReader::new(child.stderr.take().expect("a piped stderr"));
        Process {
            child,
            stderr,
            said: String::new(),
        }
    }

    /// A `seam generate` that stops after `steps` changes to `out`, holding the lock.
    fn paused(input: &Path, out: &Path, steps: u64) -> Process {
        let mut command = generate_command(input, out);
        command.env(PAUSE_AFTER_STEPS, steps.to_string());
        let mut process = Process::start(command);
        process.wait_for("seam: paused after");
        process
    }

    /// Reads stderr until a line contains `needle`; the process ending first is a failure.
    fn wait_for(&mut self, needle: &str) {
        loop {
            let mut line = String::new();
            let read = self
                .stderr
                .read_line(&mut line)
                .expect("stderr is readable");
            self.said.push_str(&line);
            if line.contains(needle) {
                return;
            }
            assert!(
                read > 0,
                "seam ended without saying {needle:?}; it said:\n{}",
                self.said
            );
        }
    }

    /// SIGKILL on Unix: no destructor or handler runs, as when a build is stopped hard.
    fn kill(mut self) {
        self.child.kill().expect("seam can be killed");
        self.child.wait().expect("seam is reaped");
    }

    /// Closes stdin (which lets a paused process go on) and waits for the process to succeed.
    fn finish(mut self) {
        drop(self.child.stdin.take());
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut self.stderr, &mut rest).expect("stderr is readable");
        self.said.push_str(&rest);
        let status = self.child.wait().expect("seam is reaped");
        assert!(status.success(), "seam failed; it said:\n{}", self.said);
    }
}

#[test]
fn a_run_leaves_no_temporary_or_lock_file() {
    let fixture = Fixture::new();
    let out = fixture.out_with_old_outputs("clean");
    let report = Generator::new(&fixture.new_input, &out).run().unwrap();
    assert!(!report.changed.is_empty() && !report.removed.is_empty());
    let after = snapshot(&out);
    assert!(
        scratch_files(&after).is_empty(),
        "{:?}",
        scratch_files(&after)
    );
    assert_eq!(
        after,
        fixture.new,
        "{:?}",
        differences(&after, &fixture.new)
    );
}

#[test]
fn a_failed_write_is_a_typed_error_and_leaves_the_previous_outputs() {
    let fixture = Fixture::new();
    // The new version plus a package in a directory of its own, `src/fresh/`.
    let input = fixture.dir.path().join("blocked-contracts");
    let mut contracts = new_contracts();
    contracts.push((
        PathBuf::from("fresh.ir"),
        "package fresh.start;\n\nstruct Fresh {\n    id: int;\n}\n".into(),
    ));
    write_contracts(&input, &contracts);
    let out = fixture.out_with_old_outputs("blocked");
    // A file stands where the directory `src/fresh/` must go. It is not seam's (no header), so
    // it is never removed, and no one, root included, can create a directory over it.
    std::fs::write(out.join("src/fresh"), "in the way\n").unwrap();
    let mut expected = fixture.old.clone();
    expected.insert("src/fresh".into(), b"in the way\n".to_vec());

    let error = Generator::new(&input, &out).run().unwrap_err();
    match &error {
        GenerateError::Write { path, .. } => {
            assert!(path.starts_with(out.join("src/fresh")), "{error}")
        }
        other => panic!("expected a write error, got {other:?}"),
    }
    // Every other new file had been written to a temporary file before this failure: none was
    // renamed, and all were removed, with the lock file.
    let after = snapshot(&out);
    assert_eq!(after, expected, "{:?}", differences(&after, &expected));
}

#[cfg(unix)]
#[test]
fn a_read_only_output_directory_is_a_typed_error_and_leaves_the_previous_outputs() {
    use std::os::unix::fs::PermissionsExt as _;
    let fixture = Fixture::new();
    let out = fixture.out_with_old_outputs("read-only");
    let schema = out.join("schema");
    std::fs::set_permissions(&schema, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root writes into read-only directories: then there is nothing to show.
    let probe = schema.join("probe");
    if std::fs::write(&probe, "").is_ok() {
        std::fs::remove_file(&probe).unwrap();
        std::fs::set_permissions(&schema, std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("skipped: this user can write into read-only directories");
        return;
    }
    let error = Generator::new(&fixture.new_input, &out).run().unwrap_err();
    std::fs::set_permissions(&schema, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(
        matches!(&error, GenerateError::Write { path, source }
            if path.starts_with(&schema) && source.kind() == std::io::ErrorKind::PermissionDenied),
        "{error:?}"
    );
    let after = snapshot(&out);
    assert_eq!(
        after,
        fixture.old,
        "{:?}",
        differences(&after, &fixture.old)
    );
}

/// A type renamed only in case (`Foo` to `FOO`): on a case-insensitive file system the old
/// schema file and the new one are one file, which must not be removed as obsolete. A hard
/// link gives the two names one file here, as such a file system would.
#[cfg(unix)]
#[test]
fn an_output_renamed_only_in_case_is_not_removed_when_it_is_the_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("contracts"), dir.path().join("out"));
    let contract = |name: &str| {
        vec![(
            PathBuf::from("p.ir"),
            format!("package p;\n\nstruct {name} {{\n    x: int;\n}}\n"),
        )]
    };
    write_contracts(&input, &contract("Foo"));
    Generator::new(&input, &out).run().unwrap();
    let (old, new) = (out.join("schema/p.Foo.json"), out.join("schema/p.FOO.json"));
    assert!(old.is_file());

    // The names differ and the files do too (a case-sensitive file system): the old one goes.
    write_contracts(&input, &contract("FOO"));
    let report = Generator::new(&input, &out).run().unwrap();
    assert_eq!(report.removed, vec![old.clone()]);
    assert!(new.is_file() && !old.exists());

    // The names differ but the file is one: nothing is removed, and the new content is there.
    write_contracts(&input, &contract("Foo"));
    Generator::new(&input, &out).run().unwrap();
    std::fs::hard_link(&old, &new).unwrap();
    write_contracts(&input, &contract("FOO"));
    let report = Generator::new(&input, &out).run().unwrap();
    assert_eq!(report.removed, Vec::<PathBuf>::new());
    let schema = std::fs::read_to_string(&new).unwrap();
    assert!(schema.contains("p.FOO.json"), "{schema}");
}

#[test]
fn only_files_seam_generated_are_removed_and_leftover_temporaries_are() {
    let fixture = Fixture::new();
    let out = fixture.out_with_old_outputs("owned");
    // What a killed run leaves: temporary files, in the output directory and below it.
    let leftovers = [
        ".lib.rs.seam-4000000-0.tmp",
        "src/.registry.rs.seam-4000000-1.tmp",
        "src/synth/.p0.rs.seam-4000000-2.tmp",
        "schema/.bundle.json.seam-4000000-3.tmp",
        ".openapi.json.seam-4000000-4.tmp",
    ];
    for leftover in leftovers {
        std::fs::write(out.join(leftover), "half a file").unwrap();
    }
    // What a user keeps there: files without seam's header, JSON that is not a type schema seam
    // wrote (one even named like one), and a link to a directory outside holding a file with
    // seam's header, which must not be followed.
    let outside = fixture.dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let header = seam_codegen::emit::rust::HEADER;
    std::fs::write(
        outside.join("precious.rs"),
        format!("{header}// not yours\n"),
    )
    .unwrap();
    let user_files = [
        ("src/notes.rs", "// written by hand\n".to_string()),
        ("schema/custom.json", "{}\n".to_string()),
        (
            "schema/mine.Custom.json",
            "{\"$id\": \"mine.Custom.json\"}\n".to_string(),
        ),
        ("notes.txt", "kept\n".to_string()),
    ];
    for (path, text) in &user_files {
        std::fs::write(out.join(path), text).unwrap();
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, out.join("src/linked")).unwrap();

    let report = Generator::new(&fixture.new_input, &out).run().unwrap();
    let removed: Vec<String> = report
        .removed
        .iter()
        .map(|p| p.strip_prefix(&out).unwrap().display().to_string())
        .collect();
    assert_eq!(removed, ["schema/gone.Gone.json", "src/gone.rs"]);

    let after = snapshot(&out);
    let mut expected = fixture.new.clone();
    for (path, text) in &user_files {
        expected.insert(path.to_string(), text.as_bytes().to_vec());
    }
    #[cfg(unix)]
    expected.insert(
        "src/linked".into(),
        outside.to_string_lossy().as_bytes().to_vec(),
    );
    assert_eq!(after, expected, "{:?}", differences(&after, &expected));
    assert!(outside.join("precious.rs").exists());
}

/// The main case: a run over the old outputs, killed with SIGKILL after each of a spread of
/// steps, from "lock taken, nothing written" to "everything done, lock not yet released".
#[test]
fn a_run_killed_at_any_step_leaves_each_file_old_or_new_and_the_next_run_completes() {
    let fixture = Fixture::new();
    let (staged, removed) = plan(&fixture.old, &fixture.new);
    assert!(staged >= 8 && removed >= 2, "{staged} {removed}");
    let renamed_all = 2 * staged;
    let total = renamed_all + removed;
    let points: BTreeSet<u64> = [
        0,
        1,
        staged,
        staged + 1,
        staged + staged / 2,
        renamed_all,
        total,
    ]
    .into_iter()
    .filter(|step| *step <= total)
    .collect();

    let every_path: BTreeSet<&String> = fixture.old.keys().chain(fixture.new.keys()).collect();
    for &step in &points {
        let out = fixture.out_with_old_outputs(&format!("killed-after-{step}"));
        Process::paused(&fixture.new_input, &out, step).kill();

        let after = snapshot(&out);
        let outputs = outputs_only(&after);
        for path in every_path.iter().copied().chain(outputs.keys()) {
            let found = outputs.get(path);
            assert!(
                found == fixture.old.get(path) || found == fixture.new.get(path),
                "killed after {step} steps: `{path}` is neither its old nor its new version"
            );
        }
        if step <= staged {
            assert_eq!(
                outputs,
                fixture.old,
                "killed after {step} steps, before any rename: {:?} changed",
                differences(&outputs, &fixture.old)
            );
        }
        if step == total {
            assert_eq!(
                outputs,
                fixture.new,
                "{:?}",
                differences(&outputs, &fixture.new)
            );
        }
        // The temporary files of the writes not yet renamed stay, and so does the lock file,
        // which the killed process could not remove.
        let temporaries = if step <= staged {
            step
        } else {
            renamed_all.saturating_sub(step)
        };
        let scratch = scratch_files(&after);
        assert!(
            scratch.contains(&LOCK_FILE) && scratch.len() as u64 == temporaries + 1,
            "killed after {step} steps: {scratch:?}"
        );

        // The next run repairs everything and leaves nothing of its own behind.
        run_to_completion(&fixture.new_input, &out);
        let repaired = snapshot(&out);
        assert_eq!(
            repaired,
            fixture.new,
            "after a run killed after {step} steps, the next run left {:?} different",
            differences(&repaired, &fixture.new)
        );
    }
    let last = fixture.dir.path().join(format!(
        "killed-after-{}",
        points.last().expect("some points")
    ));
    assert_eq!(check_exit_code(&fixture.new_input, &last), Some(0));
}

#[test]
fn two_runs_at_once_with_the_same_input_leave_its_outputs() {
    let fixture = Fixture::new();
    let out = fixture.out_with_old_outputs("same-input");
    let first = Process::start(generate_command(&fixture.new_input, &out));
    let second = Process::start(generate_command(&fixture.new_input, &out));
    first.finish();
    second.finish();
    let after = snapshot(&out);
    assert_eq!(
        after,
        fixture.new,
        "{:?}",
        differences(&after, &fixture.new)
    );
    assert_eq!(check_exit_code(&fixture.new_input, &out), Some(0));
}

#[test]
fn two_runs_at_once_with_different_inputs_leave_one_complete_tree() {
    let fixture = Fixture::new();
    for round in 0..2 {
        let out = fixture.out_with_old_outputs(&format!("different-inputs-{round}"));
        let (first, second) = if round == 0 {
            (&fixture.old_input, &fixture.new_input)
        } else {
            (&fixture.new_input, &fixture.old_input)
        };
        let first = Process::start(generate_command(first, &out));
        let second = Process::start(generate_command(second, &out));
        first.finish();
        second.finish();
        let after = snapshot(&out);
        let (winner, loser) = if after == fixture.old {
            (&fixture.old_input, &fixture.new_input)
        } else if after == fixture.new {
            (&fixture.new_input, &fixture.old_input)
        } else {
            panic!(
                "round {round}: a mixed tree; differs from the old outputs in {:?} and from the new in {:?}",
                differences(&after, &fixture.old),
                differences(&after, &fixture.new)
            );
        };
        assert_eq!(check_exit_code(winner, &out), Some(0));
        assert_eq!(check_exit_code(loser, &out), Some(1));
    }
}

/// What makes the previous test pass whatever the timing: a run holding the lock (paused half-way
/// through its renames) makes a second run wait, and the second then writes its whole output.
#[test]
fn a_run_waits_for_the_run_holding_the_lock_and_then_writes_its_whole_output() {
    let fixture = Fixture::new();
    let out = fixture.dir.path().join("serialised");
    let (staged, _) = plan(&Tree::new(), &fixture.old);
    let first = Process::paused(&fixture.old_input, &out, staged + 3);
    assert_eq!(
        outputs_only(&snapshot(&out)).len(),
        3,
        "three files renamed"
    );

    let mut second = Process::start(generate_command(&fixture.new_input, &out));
    second.wait_for("Blocking waiting for the lock");
    first.finish();
    second.finish();

    let after = snapshot(&out);
    assert_eq!(
        after,
        fixture.new,
        "{:?}",
        differences(&after, &fixture.new)
    );
    assert_eq!(check_exit_code(&fixture.new_input, &out), Some(0));
}

/// `--check` writes nothing, not even a lock file, but waits for a run that is writing, so it
/// never reports a half-written tree.
#[test]
fn check_waits_for_a_run_that_is_writing() {
    let fixture = Fixture::new();
    let out = fixture.dir.path().join("checked");
    let (staged, _) = plan(&Tree::new(), &fixture.old);
    let writer = Process::paused(&fixture.old_input, &out, staged + 3);

    let mut command = generate_command(&fixture.old_input, &out);
    command.arg("--check");
    let mut check = Process::start(command);
    check.wait_for("Blocking waiting for the lock");
    writer.finish();
    check.finish();
    assert_eq!(snapshot(&out), fixture.old);
}
