//! Versions, the 新旧対照表 and what changed, through the real binary on
//! `tests/fixtures/valid/revisions` (a regulation in force since 2024, an
//! earlier version from 2020, and a revision that takes effect in 2099).

mod common;

use std::path::{Path, PathBuf};

use common::{TempDir, run};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/revisions")
}

fn build(root: &Path, extra: &[&str]) -> TempDir {
    let tmp = TempDir::new("revisions");
    let public = tmp.path().join("public");
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> =
        vec![&"build", &"--root", &root, &"--out", &public];
    for e in extra {
        args.push(e);
    }
    let out = run(&args);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    tmp
}

fn read(tmp: &TempDir, path: &str) -> String {
    std::fs::read_to_string(tmp.path().join("public").join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text between `from` and the next `to` after it.
fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from}"));
    let rest = &html[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

#[test]
fn every_version_has_its_page_marked_with_its_standing() {
    let tmp = build(&fixture(), &[]);
    let current = read(&tmp, "regulations/rules.html");
    assert!(
        current.contains("事故を直ちに報告する"),
        "the 2024 version is in force"
    );
    assert!(
        !current.contains("研修を受ける"),
        "the 2099 text is not in force yet"
    );
    assert!(current.contains("令和81年4月1日から改正後の規程が施行されます"));
    assert!(current.contains("href=\"../regulations/rules.2099-04-01.html\""));

    let old = read(&tmp, "regulations/rules.2020-04-01.html");
    assert!(old.contains("事故を速やかに報告する"));
    assert!(
        old.contains("旧版です。令和2年4月1日から令和6年3月31日まで施行されていました。"),
        "{}",
        between(&old, "<main", "<h1")
    );
    assert!(old.contains("<span class=\"badge superseded\">旧版</span>"));
    assert!(old.contains("href=\"../regulations/rules.html\">現行版を見る</a>"));

    let pending = read(&tmp, "regulations/rules.2099-04-01.html");
    assert!(pending.contains("施行予定です。令和81年4月1日から施行されます。"));
    assert!(pending.contains("研修を受ける"));
    // The pending version does not announce itself as a revision to come;
    // the old one still announces it.
    assert!(
        !pending.contains("pending-notice"),
        "{}",
        between(&pending, "<main", "<dl")
    );
    assert!(old.contains("令和81年4月1日から改正後の規程が施行されます"));
}

#[test]
fn the_history_links_each_version_and_its_comparison() {
    let tmp = build(&fixture(), &[]);
    let page = read(&tmp, "regulations/rules.html");
    let history = between(&page, "id=\"history\"", "</section>");
    let rows: Vec<&str> = history.split("<tr").skip(2).collect();
    assert_eq!(rows.len(), 3, "{history}");
    assert!(rows[0].contains("制定") && rows[0].contains("rules.2020-04-01.html\">旧版</a>"));
    assert!(
        !rows[0].contains("新旧対照表"),
        "the first version has nothing before it"
    );
    assert!(rows[1].contains("この版（現行）"));
    assert!(rows[1].contains("rules.2024-04-01.compare.html\">新旧対照表</a>"));
    assert!(rows[2].contains("rules.2099-04-01.html\">施行予定</a>"));
    assert!(rows[2].contains("rules.2099-04-01.compare.html\">新旧対照表</a>"));
}

#[test]
fn the_comparison_page_follows_the_configured_layout() {
    let tmp = build(&fixture(), &[]);
    let html = read(&tmp, "regulations/rules.2024-04-01.compare.html");
    // order: old-new with the captions of handbook.yaml.
    assert!(html.contains(
        "<thead><tr><th scope=\"col\">現行</th><th scope=\"col\">改正案</th><th scope=\"col\">備考</th></tr></thead>"
    ));
    // The old side first: 速やか struck through… underlined, then 直ち.
    let row = between(&html, "<tbody class=\"entry change-changed\">", "</tbody>");
    let old_at = row.find("<del>速やか</del>").expect("old text underlined");
    let new_at = row.find("<ins>直ち</ins>").expect("new text underlined");
    assert!(old_at < new_at, "{row}");
    assert!(row.contains("２　（略）"));
    // The new 附則 is there, whole.
    assert!(html.contains("附　則　（令和六年規程第一号）（新設）"));
    assert!(html.contains("<ins>この規程は、令和六年四月一日から施行する。</ins>"));
}

#[test]
fn a_renumbering_is_not_a_deletion_and_an_addition() {
    let tmp = build(&fixture(), &[]);
    let html = read(&tmp, "regulations/rules.2099-04-01.compare.html");
    assert!(html.contains("条ずれ（第三条→第四条）"), "{html}");
    assert!(html.contains("<td class=\"remark\">新設"));
    assert!(!html.contains(">削除"), "nothing was deleted");
}

#[test]
fn the_changes_page_lists_every_revision_newest_first() {
    let tmp = build(&fixture(), &[]);
    let html = read(&tmp, "changes.html");
    let body = between(&html, "<tbody>", "</tbody>");
    let dates: Vec<&str> = body
        .split("<time datetime=\"")
        .skip(1)
        .map(|s| &s[..10])
        .collect();
    assert_eq!(dates, ["2099-04-01", "2024-04-01", "2020-04-01"]);
    assert!(body.contains("<span class=\"badge pending\">施行予定</span>"));
    assert!(body.contains("href=\"regulations/rules.2024-04-01.compare.html\""));
    assert!(body.contains("報告期限の明確化"));
}

#[test]
fn as_of_builds_the_handbook_as_it_stood_or_will_stand() {
    let tmp = build(&fixture(), &["--as-of", "2021-01-01"]);
    let page = read(&tmp, "regulations/rules.html");
    assert!(
        page.contains("事故を速やかに報告する"),
        "the 2020 version stood then"
    );
    assert!(page.contains("rules.2024-04-01.html"));
    let tmp = build(&fixture(), &["--as-of", "2099-04-01"]);
    let page = read(&tmp, "regulations/rules.html");
    assert!(
        page.contains("研修を受ける"),
        "the 2099 version is in force that day"
    );
    let old = read(&tmp, "regulations/rules.2024-04-01.html");
    assert!(old.contains("令和6年4月1日から令和81年3月31日まで施行されていました"));
}

#[test]
fn search_finds_the_text_in_force_only() {
    let tmp = build(&fixture(), &[]);
    let index = read(&tmp, "search-index.js");
    assert!(index.contains("直ちに報告"));
    assert!(
        !index.contains("速やかに報告"),
        "an old version is not searched"
    );
    assert!(
        !index.contains("研修を受ける"),
        "a coming version is not searched"
    );
}

#[test]
fn compare_writes_a_standalone_table_from_versions_or_files() {
    let tmp = TempDir::new("compare");
    let out = tmp.path().join("table.html");
    let root = fixture();
    let r = run(&[
        &"compare",
        &"--root",
        &root,
        &"rules@2020-04-01",
        &"rules",
        &"-o",
        &out,
        &"--order",
        &"new-old",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.contains("<style>"),
        "styles inline: one file to hand out"
    );
    assert!(!html.contains("<link"), "nothing to fetch");
    assert!(html.contains("<th scope=\"col\">改正案</th><th scope=\"col\">現行</th>"));
    assert!(html.contains("条ずれ（第三条→第四条）"));

    let plain = tmp.path().join("plain.html");
    let old = root.join("content/regulations/rules/2020-04-01.md");
    let new = root.join("content/regulations/rules/2024-04-01.md");
    let r = run(&[&"compare", &old, &new, &"-o", &plain]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let html = std::fs::read_to_string(&plain).unwrap();
    assert!(html.contains("<th scope=\"col\">改正後</th><th scope=\"col\">改正前</th>"));
    assert!(html.contains("<ins>直ち</ins>"));

    let r = run(&[
        &"compare",
        &"--root",
        &root,
        &"rules@2019-01-01",
        &"rules",
        &"-o",
        &plain,
    ]);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr.contains("版: 2020-04-01, 2024-04-01, 2099-04-01"),
        "{}",
        r.stderr
    );
}

#[test]
fn archive_files_the_current_version_once() {
    let tmp = TempDir::new("archive");
    let root = tmp.path().join("hb");
    let r = run(&[&"init", &root]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let r = run(&[&"new", &"regulation", &"rules", &"--root", &root]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let source = std::fs::read(root.join("content/regulations/rules.md")).unwrap();
    let r = run(&[&"archive", &"rules", &"--root", &root]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let filed: Vec<PathBuf> = std::fs::read_dir(root.join("content/regulations/rules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(filed.len(), 1);
    assert_eq!(
        std::fs::read(&filed[0]).unwrap(),
        source,
        "filed byte for byte"
    );
    let again = run(&[&"archive", &"rules", &"--root", &root]);
    assert_eq!(again.code, Some(2));
    assert!(again.stderr.contains("すでにあります"), "{}", again.stderr);
}

/// What the committee must not be shown: a table between two versions
/// filed under one date (the revision was made without a history entry;
/// either could be taken for the other, and the table came out empty), or
/// a text with a mention pointing nowhere (E030, as the build says).
#[test]
fn compare_refuses_versions_of_one_date_and_broken_mentions() {
    let tmp = TempDir::new("compare-refuses");
    let root = tmp.path().join("hb");
    assert_eq!(run(&[&"init", &root]).code, Some(0));
    let source = "---\ntitle: 端末規程\neffective: 2025-04-01\n---\n\
                  第１条　職員は、端末を適切に使用する。\n\
                  第２条　職員は、パスワードを他人に教えてはならない。\n";
    let file = root.join("content/regulations/term.md");
    std::fs::write(&file, source).unwrap();
    assert_eq!(run(&[&"archive", &"term", &"--root", &root]).code, Some(0));
    std::fs::write(&file, source.replace("教えて", "教え、又は書いて")).unwrap();
    let out = tmp.path().join("table.html");
    let r = run(&[
        &"compare",
        &"--root",
        &root,
        &"term@2025-04-01",
        &"term",
        &"-o",
        &out,
    ]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("E024"), "{}", r.stderr);
    assert!(!out.exists(), "no table written");

    let old = tmp.path().join("old.md");
    let new = tmp.path().join("new.md");
    std::fs::write(&old, source).unwrap();
    std::fs::write(
        &new,
        source.replace("第２条　職員は", "第２条　職員は、第９条により"),
    )
    .unwrap();
    let r = run(&[&"compare", &old, &new, &"-o", &out]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("E030") && r.stderr.contains("new.md:6:"),
        "{}",
        r.stderr
    );
    assert!(!out.exists(), "no table written");
}
