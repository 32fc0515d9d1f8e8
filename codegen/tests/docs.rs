//! `seam docs`: the HTML reference of `idl/` names and anchors every type, loads nothing from
//! outside the page, escapes the contracts' text, and is the same on every run.

use std::path::{Path, PathBuf};

use seam_codegen::emit::docs::emit_docs;
use seam_codegen::model::ContractSet;
use seam_codegen::source::MemorySources;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn idl_model() -> ContractSet {
    let compilation = seam_codegen::check_paths(&[root().join("idl")]).expect("idl/ is readable");
    assert!(!compilation.has_errors(), "idl/ has errors");
    compilation.model
}

fn page(model: &ContractSet) -> String {
    let files = emit_docs(model, "Contracts").expect("docs render");
    assert_eq!(
        files
            .keys()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>(),
        ["index.html"],
        "the docs are one page"
    );
    files.into_values().next().unwrap()
}

fn model_of(files: &[(&str, &str)]) -> ContractSet {
    let mut sources = MemorySources::new();
    for (path, text) in files {
        sources.insert(*path, *text);
    }
    let roots: Vec<PathBuf> = files.iter().map(|(p, _)| PathBuf::from(p)).collect();
    let compilation = seam_codegen::check(&sources, &roots).unwrap();
    assert!(
        !compilation.has_errors(),
        "{}",
        compilation.rendered_text().concat()
    );
    compilation.model
}

/// The values of every `name="..."` attribute in the page.
fn attribute_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&needle) {
        let value = &rest[start + needle.len()..];
        let end = value.find('"').expect("attribute values are quoted");
        out.push(&value[..end]);
        rest = &value[end..];
    }
    out
}

#[test]
fn every_package_and_type_has_its_section_anchor_and_link() {
    let model = idl_model();
    let html = page(&model);
    assert!(model.types.len() >= 60, "idl/ has its types");
    for name in model.types.keys() {
        assert!(
            html.contains(&format!("<article class=\"type\" id=\"{name}\""))
                || html.contains(&format!(
                    "<article class=\"type is-deprecated\" id=\"{name}\""
                )),
            "no section with the anchor of `{name}`"
        );
        assert!(
            html.contains(&format!("href=\"#{name}\"")),
            "no link to `{name}`"
        );
        assert!(
            html.contains(&format!("<code class=\"type-name\">{}</code>", name.name)),
            "the name of `{name}` is not shown"
        );
    }
    for package in model.packages.keys() {
        assert!(
            html.contains(&format!("id=\"pkg-{package}\"")),
            "no section for package `{package}`"
        );
    }
    // Every in-page link points at an anchor of the page.
    let ids: std::collections::BTreeSet<&str> = attribute_values(&html, "id").into_iter().collect();
    for href in attribute_values(&html, "href") {
        if let Some(anchor) = href.strip_prefix('#') {
            assert!(ids.contains(anchor), "dangling link `{href}`");
        }
    }
    assert!(
        html.contains("<input id=\"search\" type=\"search\""),
        "no search box"
    );
    assert!(
        html.contains("href=\"openapi.json\""),
        "no link to openapi.json"
    );
}

#[test]
fn the_page_loads_nothing_from_outside() {
    let html = page(&idl_model());
    for attribute in [
        "src",
        "href",
        "srcset",
        "action",
        "poster",
        "data",
        "formaction",
    ] {
        for value in attribute_values(&html, attribute) {
            let lower = value.trim().to_ascii_lowercase();
            assert!(
                !lower.starts_with("http:")
                    && !lower.starts_with("https:")
                    && !lower.starts_with("//"),
                "{attribute}=\"{value}\" leaves the page"
            );
        }
    }
    // No external script, stylesheet, font or CSS import; a CSP forbids them anyway.
    assert!(!html.contains("<script src"), "external script");
    assert!(!html.contains("rel=\"stylesheet\""), "external stylesheet");
    assert!(!html.contains("@import"), "CSS import");
    assert!(!html.contains("@font-face"), "web font");
    assert!(!html.contains("url("), "CSS url()");
    assert!(html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"));
    // The only resource the page names is its inline favicon.
    assert_eq!(attribute_values(&html, "src"), Vec::<&str>::new());
}

#[test]
fn output_is_byte_identical_across_runs_and_file_orders() {
    let model = idl_model();
    let first = page(&model);
    assert_eq!(first, page(&model), "two runs differ");
    assert_eq!(first, page(&idl_model()), "two compilations differ");

    let files = seam_codegen::source::discover_files(&[root().join("idl")]).unwrap();
    let mut sources = MemorySources::new();
    for path in &files {
        sources.insert(path.clone(), std::fs::read_to_string(path).unwrap());
    }
    let render = |roots: Vec<PathBuf>| {
        let compilation = seam_codegen::check(&sources, &roots).unwrap();
        page(&compilation.model)
    };
    let sorted = render(files.clone());
    let reversed = render(files.iter().rev().cloned().collect());
    assert_eq!(
        sorted, reversed,
        "the order files are found in changes the page"
    );
    // Paths on the page are relative to the contract set, whatever path it was read from.
    assert_eq!(sorted, first);
    assert!(!first.contains(&root().display().to_string()));
}

#[test]
fn text_from_the_contracts_is_escaped() {
    let model = model_of(&[(
        "evil.ir",
        r#"package evil;

/// Docs with <script>alert("doc")</script> & 'quotes'.
///
/// Second paragraph with `a<b` code.
enum Marks { lt = "<b>", amp = "a&b" }

/// Pattern <em>.
type Tagged = str(pattern = "^<[a-z]+>$");

@tag("</td><script>")
struct Member {
    /// Field doc </td></tr><img src=x onerror=alert(1)>.
    @example("<img src=x onerror=alert(2)>")
    @deprecated("use <other> & more")
    note: str = "</code><script>alert(3)</script>";
    marks: Marks = "<b>";
    tagged: Tagged? = null;
}

@tag_field("kind")
union Either = Member;
"#,
    )]);
    let html = page(&model);
    for raw in [
        "<script>alert",
        "<img src=x",
        "<b>",
        "<em>",
        "</td><script>",
        "a&b",
        "'quotes'",
        "<other>",
    ] {
        assert!(!html.contains(raw), "`{raw}` reached the page unescaped");
    }
    // The text is there, escaped.
    assert!(html
        .contains("&lt;script&gt;alert(&quot;doc&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;."));
    assert!(
        html.contains("<code>a&lt;b</code>"),
        "backticks become code"
    );
    assert!(
        html.contains("<p>Second paragraph"),
        "blank lines separate paragraphs"
    );
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    // The data-search attribute is escaped too, and holds the lowercased doc.
    assert!(html.contains("data-search=\"evil.marks enum docs with &#60;script&#62;"));
    // One script element only: the page's own.
    assert_eq!(html.matches("<script").count(), 1);
}

#[test]
fn the_page_shows_options_members_defaults_and_examples() {
    let model = idl_model();
    let html = page(&model);
    // A union with its tag field and members' tags.
    assert!(
        html.contains("@tag_field(&#34;event&#34;)")
            || html.contains("@tag_field(&quot;event&quot;)")
    );
    // An open enum and an integer enum.
    assert!(html.contains("<code>@open</code>"));
    assert!(html.contains("<code>: int</code>"));
    // A struct's mode, patch, rename and array-like options.
    for chip in ["@strict", "@compat", "@patch", "@array_like"] {
        assert!(html.contains(&format!("<code>{chip}</code>")), "{chip}");
    }
    assert!(
        html.contains("@rename(&#34;camel&#34;)") || html.contains("@rename(&quot;camel&quot;)")
    );
    // Required fields, defaults, constraints, examples and the JSON example of each type.
    assert!(html.contains("<span class=\"badge badge-required\">required</span>"));
    assert!(html.contains("<code class=\"default\">"));
    assert!(html.contains("<li><code>ge = 1</code></li>"));
    assert!(html.contains("class=\"examples\""));
    assert_eq!(
        html.matches("<details class=\"example\" open>").count(),
        model.types.len()
    );
}
