//! `seam generate` never writes outside its output directory, whatever a package or type is
//! named (issue 8, point 4): every output path goes through `generate::output_path`, which
//! accepts plain, portable file names only; names the grammar allows but that would make two
//! outputs one file (on a case-insensitive file system, or in the Rust module tree) are typed
//! errors before anything is written.

#[path = "support/tree.rs"]
mod tree;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use seam_codegen::generate::{
    check_file_name, output_path, GenerateError, Generator, NameProblem, OutputPathError,
};
use tree::{snapshot, write_contracts};

/// File names a path component may not be, with the reason given.
const HOSTILE_NAMES: &[(&str, NameProblem)] = &[
    ("", NameProblem::Empty),
    (".", NameProblem::DotOrDotDot),
    ("..", NameProblem::DotOrDotDot),
    (".hidden", NameProblem::Hidden),
    (".lib.rs.seam-1-0.tmp", NameProblem::Hidden),
    ("a/b", NameProblem::Separator),
    ("..\\..\\b", NameProblem::Hidden),
    ("a\\b", NameProblem::Separator),
    ("a\0b", NameProblem::Nul),
    ("a\nb", NameProblem::ControlCharacter),
    ("tab\there", NameProblem::ControlCharacter),
    ("del\u{7f}", NameProblem::ControlCharacter),
    ("C:", NameProblem::WindowsForbiddenCharacter),
    ("stream:name", NameProblem::WindowsForbiddenCharacter),
    ("a<b", NameProblem::WindowsForbiddenCharacter),
    ("a>b", NameProblem::WindowsForbiddenCharacter),
    ("a\"b", NameProblem::WindowsForbiddenCharacter),
    ("a|b", NameProblem::WindowsForbiddenCharacter),
    ("what?", NameProblem::WindowsForbiddenCharacter),
    ("*.rs", NameProblem::WindowsForbiddenCharacter),
    ("trailing.", NameProblem::TrailingDotOrSpace),
    ("trailing ", NameProblem::TrailingDotOrSpace),
    ("con", NameProblem::WindowsDeviceName),
    ("CON.rs", NameProblem::WindowsDeviceName),
    ("con .rs", NameProblem::WindowsDeviceName),
    ("aux.Foo.json", NameProblem::WindowsDeviceName),
    ("Nul.json", NameProblem::WindowsDeviceName),
    ("prn.rs", NameProblem::WindowsDeviceName),
    ("com1.rs", NameProblem::WindowsDeviceName),
    ("COM0", NameProblem::WindowsDeviceName),
    ("lpt9.rs", NameProblem::WindowsDeviceName),
    ("LPT¹.rs", NameProblem::WindowsDeviceName),
    ("conin$", NameProblem::WindowsDeviceName),
];

/// Names that look close to trouble but are fine.
const PLAIN_NAMES: &[&str] = &[
    "lib.rs",
    "type.rs",
    "mod.rs",
    "self.rs",
    "r#type.rs",
    "a.b.Foo.json",
    "console.rs",
    "con_x.rs",
    "com10.rs",
    "lpt.rs",
    "nul1.json",
    "a b.rs",
    "ünïcödé.rs",
    "x..y",
];

#[test]
fn hostile_file_names_are_refused_with_the_reason() {
    for &(name, expected) in HOSTILE_NAMES {
        assert_eq!(check_file_name(name), Err(expected), "{name:?}");
    }
    assert_eq!(check_file_name(&"x".repeat(256)), Err(NameProblem::TooLong));
    for name in PLAIN_NAMES {
        assert_eq!(check_file_name(name), Ok(()), "{name:?}");
    }
    assert_eq!(check_file_name(&"x".repeat(255)), Ok(()));
}

#[test]
fn hostile_paths_never_leave_the_output_directory() {
    let out = Path::new("work/generated");
    let refused: &[(&str, NameProblem)] = &[
        ("../escape.rs", NameProblem::DotOrDotDot),
        ("src/../../escape.rs", NameProblem::DotOrDotDot),
        ("src/..", NameProblem::DotOrDotDot),
        ("./src/a.rs", NameProblem::DotOrDotDot),
        ("src/./a.rs", NameProblem::DotOrDotDot),
        ("/etc/passwd", NameProblem::Absolute),
        ("", NameProblem::Empty),
        ("src//a.rs", NameProblem::Empty),
        ("src/", NameProblem::Empty),
        ("src/\0.rs", NameProblem::Nul),
        ("src/con.rs", NameProblem::WindowsDeviceName),
        ("schema/aux.Foo.json", NameProblem::WindowsDeviceName),
        ("schema/.x.json", NameProblem::Hidden),
    ];
    for &(relative, problem) in refused {
        match output_path(out, Path::new(relative)) {
            Err(OutputPathError::UnsafeComponent {
                problem: found,
                path,
                ..
            }) => {
                assert_eq!(found, problem, "{relative:?}");
                assert_eq!(path, Path::new(relative));
            }
            other => panic!("{relative:?} gave {other:?}"),
        }
    }
    // Paths that are absolute or climb out on one platform and odd names on another: refused
    // everywhere, for whichever reason applies.
    for relative in [
        "C:\\Windows\\system.ini",
        "C:escape.rs",
        "\\\\server\\share\\x.rs",
        "src\\..\\..\\x.rs",
    ] {
        assert!(
            output_path(out, Path::new(relative)).is_err(),
            "{relative:?}"
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        let not_utf8 = Path::new(std::ffi::OsStr::from_bytes(b"src/\xff.rs"));
        assert!(matches!(
            output_path(out, not_utf8),
            Err(OutputPathError::UnsafeComponent {
                problem: NameProblem::NotUtf8,
                ..
            })
        ));
    }
    for relative in [
        "src/type.rs",
        "src/crate/super/fn.rs",
        "schema/a.b.Foo.json",
        "contract_index.json",
    ] {
        let path = output_path(out, Path::new(relative)).expect(relative);
        assert_eq!(path, out.join(relative));
        assert!(path.starts_with(out));
    }
    let message = output_path(out, Path::new("../escape.rs"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        "`../escape.rs` cannot be an output path: `..` is `.` or `..`"
    );
}

/// Package and type names that are keywords in Rust, or close to Windows device names, or
/// equal but for case across packages: all legal, all generated inside the output directory.
#[test]
fn unusual_but_legal_names_generate_inside_the_output_directory() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("contracts");
    let contract = |package: &str, body: &str| {
        (
            PathBuf::from(format!("{package}.ir")),
            format!("package {package};\n\n{body}"),
        )
    };
    write_contracts(
        &input,
        &[
            contract(
                "type",
                "struct Type {\n    type: int;\n    self: str;\n    match: bool;\n}\n\nenum Mod { self, crate, super }\n",
            ),
            contract("mod", "struct Crate {\n    mod: int;\n}\n"),
            contract("self", "struct Self {\n    crate: int;\n}\n"),
            contract("crate", "struct Top {\n    x: int;\n}\n"),
            contract("crate.super.fn", "struct Fn {\n    fn: int;\n}\n"),
            contract("a.self.deep", "struct Deep {\n    x: int;\n}\n"),
            contract("console.com10.lpt", "struct Con {\n    aux: int;\n}\n"),
            contract("a", "struct Foo {\n    x: int;\n}\n"),
            contract("b", "struct FOO {\n    x: int;\n}\n"),
        ],
    );
    let out = dir.path().join("out");
    let report = Generator::new(&input, &out)
        .run()
        .expect("legal names generate");
    assert!(report.changed.iter().all(|path| path.starts_with(&out)));

    let everything = snapshot(dir.path());
    let outside: Vec<&String> = everything
        .keys()
        .filter(|path| !path.starts_with("out/") && !path.starts_with("contracts/"))
        .collect();
    assert!(outside.is_empty(), "written outside: {outside:?}");
    let written = snapshot(&out);
    for expected in [
        "src/type.rs",
        "src/mod.rs",
        "src/self.rs",
        "src/crate.rs",
        "src/crate/super.rs",
        "src/crate/super/fn.rs",
        "src/console/com10/lpt.rs",
        "src/a/self/deep.rs",
        "schema/type.Type.json",
        "schema/self.Self.json",
        "schema/a.Foo.json",
        "schema/b.FOO.json",
    ] {
        assert!(written.contains_key(expected), "{expected} missing");
    }
    assert_eq!(written.len(), report.changed.len());
    assert_module_tree_resolves(&out.join("src"));

    let again = Generator::new(&input, &out).run().unwrap();
    assert!(again.changed.is_empty() && again.removed.is_empty());
}

/// Follows every `pub mod` from `lib.rs` the way rustc does and checks that each finds its file
/// and that every generated Rust file is reached once. Keywords without a raw form (`self_`) need
/// `#[path]`, which starts from the declaring file's directory; a file loaded through `#[path]`
/// looks for its children beside itself, as `lib.rs` and `mod.rs` files do.
fn assert_module_tree_resolves(src: &Path) {
    let mut reached = BTreeSet::new();
    let mut queue = vec![(src.join("lib.rs"), true)];
    while let Some((file, children_beside)) = queue.pop() {
        assert!(
            reached.insert(file.clone()),
            "{} reached twice",
            file.display()
        );
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let dir = file.parent().unwrap();
        let mut explicit_path = None;
        for line in text.lines().map(str::trim) {
            if let Some(path) = line
                .strip_prefix("#[path = \"")
                .and_then(|rest| rest.strip_suffix("\"]"))
            {
                explicit_path = Some(path.to_string());
            } else if let Some(ident) = line
                .strip_prefix("pub mod ")
                .and_then(|rest| rest.strip_suffix(';'))
            {
                let name = ident.trim_start_matches("r#");
                let child = match explicit_path.take() {
                    Some(path) => (dir.join(path), true),
                    None if children_beside => (dir.join(format!("{name}.rs")), false),
                    None => {
                        let stem = file.file_stem().unwrap();
                        (dir.join(stem).join(format!("{name}.rs")), false)
                    }
                };
                assert!(
                    child.0.is_file(),
                    "`pub mod {ident};` in {} finds no {}",
                    file.display(),
                    child.0.display()
                );
                queue.push(child);
            } else if !line.starts_with("#[") {
                explicit_path = None;
            }
        }
    }
    let generated: BTreeSet<PathBuf> = snapshot(src)
        .keys()
        .map(|relative| src.join(relative))
        .collect();
    assert_eq!(reached, generated);
}

/// What the refusal must name.
enum Refusal {
    CaseCollision(&'static str, &'static str),
    ModuleClash(&'static str, &'static str),
    Unsafe(NameProblem),
}

#[test]
fn names_that_would_overwrite_each_other_are_refused_before_anything_is_written() {
    let cases: &[(&str, &str, Refusal)] = &[
        (
            "p",
            "struct Foo {\n    x: int;\n}\n\nstruct FOO {\n    x: int;\n}\n",
            Refusal::CaseCollision("schema/p.FOO.json", "schema/p.Foo.json"),
        ),
        (
            "p",
            "enum RunState { a }\n\nenum Runstate { b }\n",
            Refusal::CaseCollision("schema/p.RunState.json", "schema/p.Runstate.json"),
        ),
        (
            "lib",
            "struct A {\n    x: int;\n}\n",
            Refusal::ModuleClash("lib", "src/lib.rs"),
        ),
        (
            "lib.inner",
            "struct A {\n    x: int;\n}\n",
            Refusal::ModuleClash("lib.inner", "src/lib.rs"),
        ),
        (
            "registry",
            "struct A {\n    x: int;\n}\n",
            Refusal::ModuleClash("registry", "src/registry.rs"),
        ),
        (
            "a.mod",
            "struct A {\n    x: int;\n}\n",
            Refusal::ModuleClash("a.mod", "src/a/mod.rs"),
        ),
        (
            "a.b.mod.c",
            "struct A {\n    x: int;\n}\n",
            Refusal::ModuleClash("a.b.mod.c", "src/a/b/mod.rs"),
        ),
        (
            "con",
            "struct A {\n    x: int;\n}\n",
            Refusal::Unsafe(NameProblem::WindowsDeviceName),
        ),
        (
            "tools.aux",
            "struct A {\n    x: int;\n}\n",
            Refusal::Unsafe(NameProblem::WindowsDeviceName),
        ),
    ];
    for (package, body, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("contracts");
        write_contracts(
            &input,
            &[(
                PathBuf::from("x.ir"),
                format!("package {package};\n\n{body}"),
            )],
        );
        let out = dir.path().join("out");
        let error = match Generator::new(&input, &out).run() {
            Err(GenerateError::OutputPath(error)) => error,
            other => panic!("package {package}: expected an output path error, got {other:?}"),
        };
        match (expected, &error) {
            (
                Refusal::CaseCollision(first, second),
                OutputPathError::CaseCollision {
                    first: found_first,
                    second: found_second,
                },
            ) => {
                assert_eq!(found_first, Path::new(first));
                assert_eq!(found_second, Path::new(second));
            }
            (
                Refusal::ModuleClash(name, path),
                OutputPathError::ModuleClash {
                    package: found_package,
                    path: found_path,
                    ..
                },
            ) => {
                assert_eq!(found_package, name);
                assert_eq!(found_path, Path::new(path));
            }
            (Refusal::Unsafe(problem), OutputPathError::UnsafeComponent { problem: found, .. }) => {
                assert_eq!(found, problem, "package {package}")
            }
            _ => panic!("package {package}: unexpected {error:?}"),
        }
        assert!(!out.exists(), "package {package}: something was written");
    }
}

#[test]
fn the_single_file_name_is_checked_too() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("contracts");
    write_contracts(
        &input,
        &[(
            PathBuf::from("x.ir"),
            "package lib;\n\nstruct A {\n    x: int;\n}\n".into(),
        )],
    );
    let out = dir.path().join("out");
    for (name, problem) in [
        ("../escape.rs", NameProblem::DotOrDotDot),
        ("/tmp/escape.rs", NameProblem::Absolute),
        ("nested/../../escape.rs", NameProblem::DotOrDotDot),
    ] {
        let error = Generator::new(&input, &out)
            .single_file(name)
            .run()
            .unwrap_err();
        assert!(
            matches!(&error, GenerateError::OutputPath(OutputPathError::UnsafeComponent { problem: found, .. }) if *found == problem),
            "{name}: {error:?}"
        );
    }
    assert!(!dir.path().join("escape.rs").exists() && !out.exists());
    // One file of nested modules has no `src/lib.rs` to clash with.
    let report = Generator::new(&input, &out)
        .single_file("contracts.rs")
        .run()
        .expect("package `lib` is fine in a single file");
    assert_eq!(report.changed, [out.join("contracts.rs")]);
}
