//! Hostile and careless input, through the real binary: nothing panics,
//! nothing that should not be published is, and what reaches a page or a
//! terminal is safe. (Markup, links, symbolic links, output folders and
//! credentials have fixtures of their own in tests/fixtures/invalid/.)

mod common;

use std::path::Path;

use common::{TempDir, run, run_env};

fn handbook(label: &str) -> TempDir {
    let dir = TempDir::new(label);
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/regulations")).unwrap();
    std::fs::create_dir_all(root.join("content/pages")).unwrap();
    std::fs::write(
        root.join("handbook.yaml"),
        "title: 手引き\norganization: ○○病院\nedition: 第1版\n",
    )
    .unwrap();
    dir
}

fn write(root: &Path, rel: &str, text: &str) {
    std::fs::write(root.join(rel), text).unwrap();
}

fn all_html(dir: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            (
                e.path().display().to_string(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn control_characters_reach_neither_a_page_nor_the_terminal() {
    let dir = handbook("hostile-controls");
    let root = dir.path();
    write(
        root,
        "content/pages/a.md",
        "---\ntitle: 案内\n---\n本文\u{1b}[2Jです\u{7}。\n",
    );
    // A YAML escape makes an ESC the file itself does not hold.
    write(
        root,
        "content/contacts.yaml",
        "contacts:\n  - id: it\n    name: \"情報\\e]0;x\\a部門\"\n    kind: internal\n    extension: \"2100\"\n",
    );
    let out = run(&[&"build", &"--root", &root]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    for bad in ['\u{1b}', '\u{7}'] {
        assert!(!out.stderr.contains(bad), "{:?} on the terminal", bad);
    }
    assert!(out.stderr.contains('␛'), "{}", out.stderr);
    let pages = all_html(&root.join("public"));
    assert!(pages.len() > 3);
    for (path, html) in pages {
        let bad: Vec<char> = html
            .chars()
            .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        assert!(bad.is_empty(), "{path}: {bad:?}");
    }
}

#[test]
fn an_oversized_source_is_refused_with_its_size() {
    let dir = handbook("hostile-size");
    let root = dir.path();
    let body = "第１条　甲。\n".repeat(17 * 1024 * 1024 / 18);
    write(
        root,
        "content/regulations/big.md",
        &format!("---\ntitle: 大きな規程\neffective: 2025-04-01\n---\n{body}"),
    );
    let out = run(&[&"check", &"--root", &root]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("error[E008]"), "{}", out.stderr);
    assert!(out.stderr.contains("content/regulations/big.md"));
}

#[test]
fn impossible_build_dates_are_refused_not_panicked_on() {
    let dir = handbook("hostile-epoch");
    for epoch in ["8210266876799", "-99999999999", "253402300800", "x"] {
        let out = run_env(
            &[&"check", &"--root", &dir.path()],
            &[("SOURCE_DATE_EPOCH", epoch)],
        );
        assert_eq!(out.code, Some(2), "{epoch}: {}", out.stderr);
        assert!(out.stderr.contains("SOURCE_DATE_EPOCH"), "{}", out.stderr);
    }
}

#[test]
fn a_new_regulation_title_cannot_break_its_front_matter() {
    let dir = handbook("hostile-title");
    let root = dir.path();
    let out = run(&[
        &"new",
        &"regulation",
        &"a",
        &"--root",
        &root,
        &"--title",
        &"x\nowner: y",
    ]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(!root.join("content/regulations/a.md").exists());
    let out = run(&[
        &"new",
        &"regulation",
        &"b",
        &"--root",
        &root,
        &"--title",
        &"規程: \"特別\" #1 \\",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let out = run(&[&"build", &"--root", &root]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let page = std::fs::read_to_string(root.join("public/regulations/b.html")).unwrap();
    assert!(page.contains("規程: &quot;特別&quot; #1 \\"), "{page}");
}

#[test]
fn captions_written_with_character_references_show_the_characters() {
    let dir = handbook("hostile-caption");
    let root = dir.path();
    write(
        root,
        "content/regulations/a.md",
        "---\ntitle: 甲規程\neffective: 2025-04-01\n---\n（&lt;重要&gt;の定義）\n第１条　甲。\n",
    );
    let out = run(&[&"build", &"--root", &root]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let page = std::fs::read_to_string(root.join("public/regulations/a.html")).unwrap();
    assert!(page.contains("（&lt;重要&gt;の定義）"), "{page}");
    assert!(!page.contains("&amp;lt;"));
}

/// A template of the handbook's own that names a value pages do not have
/// fails only while a page is made: the build says so as a problem of
/// that file (E036, its line, in Japanese), exits 1 as for any content
/// error, and leaves the previous output as it was.
#[test]
fn a_template_failing_while_a_page_is_made_is_the_handbooks_problem() {
    let dir = handbook("template-runtime");
    let root = dir.path();
    write(
        root,
        "content/regulations/a.md",
        "---\ntitle: 甲規程\neffective: 2025-04-01\n---\n第１条　本文。\n",
    );
    let out = root.join("public");
    let first = run(&[&"build", &"--root", &root, &"--out", &out]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let before = common::snapshot(&out);
    std::fs::create_dir_all(root.join("templates")).unwrap();
    // Far enough down that Tera's gutter is wider than one digit.
    let base =
        include_str!("../templates/base.html").replacen("</body>", "{{ nosuch.thing }}</body>", 1);
    let line = base.lines().position(|l| l.contains("nosuch")).unwrap() + 1;
    assert!(line >= 10);
    write(root, "templates/base.html", &base);
    let r = run(&[&"build", &"--root", &root, &"--out", &out]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("error[E036]")
            && r.stderr.contains(&format!("templates/base.html:{line}:"))
            && r.stderr.contains("直し方"),
        "{}",
        r.stderr
    );
    assert!(
        common::snapshot(&out) == before,
        "the previous output changed"
    );
}

/// An excerpt (a title ending in （抄）) leaves articles out on purpose:
/// its gaps are not reported as articles lost in pasting (W007), while a
/// whole regulation's are.
#[test]
fn an_excerpt_is_not_warned_for_its_gaps() {
    let dir = handbook("excerpt");
    let root = dir.path();
    let body = "effective: 2025-04-01\n---\n第１条　甲。\n第５条　乙。\n";
    write(
        root,
        "content/regulations/a.md",
        &format!("---\ntitle: 甲規程（抄）\n{body}"),
    );
    write(
        root,
        "content/regulations/b.md",
        &format!("---\ntitle: 乙規程\n{body}"),
    );
    let r = run(&[&"check", &"--root", &root]);
    assert!(!r.stderr.contains("a.md:6"), "{}", r.stderr);
    assert!(
        r.stderr.contains("W007") && r.stderr.contains("b.md:6:1"),
        "{}",
        r.stderr
    );
}
