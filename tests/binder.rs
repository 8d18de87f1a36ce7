//! The print binder `print.html` through the real binary: binder order,
//! unique ids, links that stay inside the binder, the cover, and the page
//! rules. Printing it for real is in tests/browser/binder.test.mjs.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::{TempDir, run};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the handbook at `root` and reads its `print.html`.
fn binder(root: &Path) -> String {
    let tmp = TempDir::new("binder");
    let public = tmp.path().join("public");
    let out = run(&[&"build", &"--root", &root, &"--out", &public]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    std::fs::read_to_string(public.join("print.html")).expect("print.html is written")
}

/// Every value of `attr="…"` in `html`.
fn values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.split(needle.as_str())
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect()
}

#[test]
fn chapters_come_in_binder_order_each_with_its_pages() {
    let html = binder(&manifest());
    let order = [
        "第1章　緊急時対応",
        "第2章　役割別アクションカード",
        "第3章　連絡体制図",
        "第4章　深刻度と報告先",
        "第5章　事業継続計画（BCP）",
        "第6章　復旧手順",
        "第7章　規程",
        "第8章　教育・訓練",
        "第9章　点検・立入検査",
        "第10章　資料",
        "第11章　様式（空欄）",
    ];
    let labels: Vec<&str> = html
        .split("<p class=\"chapter-label\">")
        .skip(1)
        .filter_map(|s| s.split("</p>").next())
        .collect();
    assert_eq!(labels, order);
    // Each chapter's running header is a named page.
    for (i, name) in order.iter().enumerate() {
        let n = i + 1;
        assert!(html.contains(&format!("@page ch{n} {{")), "no @page ch{n}");
        assert!(html.contains(&format!("content: \"{name}\"")), "{name}");
    }
    // The contact chart's chapter is landscape; the forms keep their margins.
    assert!(html.contains("@page ch3 { size: A4 landscape;"));
    assert!(html.contains("@page ch11 { margin: 10mm 12mm 10mm;"));
    // Parts, each a page of the handbook, in order.
    let parts: Vec<&str> = html
        .split("<section class=\"binder-part ")
        .skip(1)
        .filter_map(|s| s.split("aria-label=\"").nth(1)?.split('"').next())
        .collect();
    assert_eq!(
        parts,
        [
            "緊急時対応",
            "役割別アクションカード",
            "連絡体制図",
            "深刻度と報告先",
            "事業継続計画（BCP）",
            "一覧（RTO・RPO・訓練）",
            "電子カルテシステム 復旧手順",
            "医用画像管理システム（PACS） 復旧手順",
            "医療情報システム安全管理規程",
            "セキュリティ事故の検出と是正・予防処置規定",
            "教育・訓練の記録",
            "サイバーセキュリティ対策チェックリスト",
            "委託先・ベンダー",
            "このハンドブックについて",
            "配布管理台帳",
            "セキュリティ事故報告書",
            "バックアップ復旧訓練記録",
            "教育・訓練 出席簿",
        ]
    );
    // The forms are there as forms, blank.
    assert!(html.contains("<form class=\"paper-form\""));
    assert!(!html.contains(" checked"));
}

#[test]
fn ids_are_unique_and_every_fragment_link_lands() {
    let html = binder(&manifest());
    let ids = values(&html, "id");
    let mut seen = BTreeMap::new();
    for id in &ids {
        *seen.entry(*id).or_insert(0) += 1;
    }
    let dup: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(dup.is_empty(), "duplicate ids: {dup:?}");
    let ids: BTreeSet<&str> = ids.into_iter().collect();
    let mut fragments = 0;
    for href in values(&html, "href") {
        if let Some(frag) = href.strip_prefix('#') {
            fragments += 1;
            assert!(ids.contains(frag), "href=\"{href}\" has no target");
        }
    }
    assert!(fragments > 100, "only {fragments} in-binder links");
    for label in values(&html, "aria-labelledby") {
        for id in label.split(' ') {
            assert!(ids.contains(id), "aria-labelledby {id} has no target");
        }
    }
    for r in values(&html, "for") {
        assert!(ids.contains(r), "label for={r} has no target");
    }
    // The flow chart's arrowheads still find their marker.
    for u in html.split("url(#").skip(1) {
        let id = u.split(')').next().unwrap_or("");
        assert!(ids.contains(id), "url(#{id}) has no target");
    }
}

#[test]
fn links_to_pages_in_the_binder_become_links_within_it() {
    let html = binder(&manifest());
    // print.html sits at the root: no link climbs out of it.
    for attr in ["href", "src"] {
        for v in values(&html, attr) {
            assert!(!v.starts_with("../"), "{attr}=\"{v}\" leaves the folder");
        }
    }
    // A regulation's link to the contact chart, and the incident page's
    // links to contacts, point into chapter 3.
    assert!(html.contains("href=\"#ch3\"") || html.contains("href=\"#ch3_"));
    let into_contacts = values(&html, "href")
        .into_iter()
        .filter(|h| h.starts_with("#ch3_c-"))
        .count();
    assert!(
        into_contacts > 10,
        "{into_contacts} links into the phone list"
    );
    // A page that is not in the binder keeps a file link with .html.
    assert!(html.contains("href=\"index.html\""));
    assert!(!html.contains("href=\"contacts.html"));
}

#[test]
fn contents_and_cross_references_have_a_place_for_their_page_number() {
    let html = binder(&manifest());
    // The contents: one place per chapter and per part, each naming the
    // anchor the PDF's page is read from.
    let toc = html
        .split("<nav class=\"binder-toc\"")
        .nth(1)
        .and_then(|s| s.split("</nav>").next())
        .expect("a contents");
    let places: Vec<&str> = toc
        .split("<span class=\"pageref toc-page\" data-ref=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert!(
        places.contains(&"ch1") && places.contains(&"ch10-1"),
        "{places:?}"
    );
    assert!(places.contains(&"ch6-2"), "{places:?}");
    // Every link from one part to another is followed by its place; links
    // within a part are not.
    let body = html.split("</nav>").last().unwrap_or_default();
    let mut cross = 0;
    for piece in body.split("<a ").skip(1) {
        let Some(href) = piece
            .split('>')
            .next()
            .and_then(|t| t.split("href=\"#").nth(1))
            .and_then(|v| v.split('"').next())
        else {
            continue;
        };
        let after = piece.split("</a>").nth(1).unwrap_or_default();
        if after.starts_with("<span class=\"pageref see-page\"") {
            cross += 1;
            assert!(
                after.starts_with(&format!(
                    "<span class=\"pageref see-page\" data-ref=\"{href}\"></span>"
                )),
                "the place after #{href} names another target: {}",
                &after[..after.len().min(120)]
            );
        }
    }
    assert!(
        cross > 50,
        "only {cross} cross-references with a page number place"
    );
    // print.html itself has no numbers: they are written in by `handbook pdf`.
    assert!(!html.contains("class=\"pr-num\""));
    assert!(html.contains("data-fill=\"number\"></td>"));
}

#[test]
fn the_cover_carries_edition_date_version_and_a_qr_code_when_there_is_an_intranet() {
    let html = binder(&manifest());
    let cover = html
        .split("<section class=\"binder-cover\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("a cover");
    for want in [
        "情報セキュリティ・事業継続ハンドブック",
        "○○病院",
        "第1版",
        "<time datetime=\"2026-01-01\">令和8年1月1日</time>",
        "<svg class=\"qr\"",
        "https://intranet.example.jp/handbook/",
        "最新版はイントラネットで確認",
    ] {
        assert!(cover.contains(want), "cover lacks {want}:\n{cover}");
    }
    assert!(html.contains("counter(page) \" / \" counter(pages)"));
    assert!(html.contains("印刷物は管理外文書　最新版はイントラネットで確認"));
    assert!(html.contains("○○病院　第1版　作成日 令和8年1月1日"));

    // Without a base_url there is no QR code.
    let basic = binder(&manifest().join("tests/fixtures/valid/basic"));
    assert!(!basic.contains("<svg class=\"qr\""));
    assert!(basic.contains("第1章　規程"));
}

#[test]
fn a_page_template_without_main_is_refused_with_a_clear_message() {
    let tmp = TempDir::new("binder-nomain");
    let root = tmp.path().join("hb");
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::create_dir_all(root.join("content/pages")).unwrap();
    std::fs::write(
        root.join("handbook.yaml"),
        "title: T\norganization: O\nedition: 第1版\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/pages/a.md"),
        "---\ntitle: A\n---\n\n本文\n",
    )
    .unwrap();
    std::fs::write(
        root.join("templates/page.html"),
        "<!DOCTYPE html><html lang=\"ja\"><title>x</title><div>{{ body | safe }}</div></html>",
    )
    .unwrap();
    let public = tmp.path().join("public");
    let out = run(&[&"build", &"--root", &root, &"--out", &public]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("pages/a.html に <main> 要素がありません"),
        "{}",
        out.stderr
    );
    assert!(!public.exists(), "nothing is written");
}

#[test]
fn pdf_without_a_browser_says_what_to_install() {
    let tmp = TempDir::new("binder-pdf");
    let public = tmp.path().join("public");
    let out = common::run_env(
        &[&"pdf", &"--root", &manifest(), &"--out", &public],
        &[("CHROMIUM", "/nonexistent/chromium")],
    );
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("CHROMIUM=/nonexistent/chromium はファイルではありません"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("apt install chromium"));
    assert!(!public.exists(), "no build without a printer");
    // The same in English when asked for.
    let out = common::run_env(
        &[
            &"pdf",
            &"--root",
            &manifest(),
            &"--out",
            &public,
            &"--lang",
            &"en",
        ],
        &[("CHROMIUM", "/nonexistent/chromium")],
    );
    assert!(
        out.stderr
            .starts_with("error: CHROMIUM=/nonexistent/chromium is not a file"),
        "{}",
        out.stderr
    );
}

#[test]
fn pdf_without_pdfinfo_says_what_to_install_before_building() {
    let tmp = TempDir::new("binder-pdfinfo");
    let public = tmp.path().join("public");
    // Any file stands in for the browser: it is never started.
    let out = common::run_env(
        &[&"pdf", &"--root", &manifest(), &"--out", &public],
        &[("CHROMIUM", "/bin/sh"), ("PDFINFO", "/nonexistent/pdfinfo")],
    );
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("PDFINFO=/nonexistent/pdfinfo はファイルではありません"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("poppler-utils"), "{}", out.stderr);
    assert!(!public.exists(), "no build without the page-number tool");
}

#[test]
fn pdf_of_a_copy_the_register_lacks_names_the_copies_it_has() {
    let tmp = TempDir::new("binder-copy");
    let public = tmp.path().join("public");
    let out = common::run_env(
        &[
            &"pdf",
            &"--root",
            &manifest(),
            &"--out",
            &public,
            &"--copy",
            &"99",
        ],
        &[("CHROMIUM", "/bin/sh"), ("PDFINFO", "/bin/sh")],
    );
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "content/distribution.yaml に第99号はありません。書かれている冊子: 1、2、3、4、5"
        ),
        "{}",
        out.stderr
    );
}

/// A handbook's own print.html sees each part's HTML itself (the built-in
/// one gets a mark in its place, spliced after rendering): a filter on it
/// applies, and the document is the same as the built-in one otherwise.
#[test]
fn a_handbooks_own_print_template_sees_the_parts_themselves() {
    let tmp = TempDir::new("own-print");
    let root = tmp.path().join("hb");
    std::fs::create_dir_all(root.join("templates")).expect("mkdir");
    std::fs::copy(manifest().join("handbook.yaml"), root.join("handbook.yaml")).expect("copy");
    common::copy_dir(&manifest().join("content"), &root.join("content"));
    let builtin = binder(&root);
    let own = std::fs::read_to_string(manifest().join("templates/print.html"))
        .expect("built-in print.html")
        .replace(
            "{{ p.html | safe }}",
            "{{ p.html | replace(from=\"<h2\", to=\"<h2 data-own\") | safe }}",
        );
    assert!(own.contains("data-own"), "the template changed");
    std::fs::write(root.join("templates/print.html"), own).expect("write template");
    let html = binder(&root);
    assert!(
        html.contains("<h2 data-own"),
        "the filter applied to the parts"
    );
    assert!(
        !html.contains("handbook-part-"),
        "no mark left in the document"
    );
    assert_eq!(html.replace("<h2 data-own", "<h2"), builtin);
}

/// A build writes the print documents from parts it put aside on disk and
/// the search index as a stream; rendered in memory (as the preview and
/// `handbook search` do) every file is the same, and nothing put aside is
/// left in the output.
#[test]
fn a_build_writes_what_rendering_in_memory_makes_and_leaves_nothing_aside() {
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let info = handbook::build_info::BuildInfo {
        date,
        as_of: date,
        commit: None,
    };
    let tmp = TempDir::new("spill");
    let public = tmp.path().join("public");
    let loaded = handbook::pipeline::build(&manifest(), &public, &info, false).expect("builds");
    assert!(!loaded.has_errors());
    let built = common::snapshot(&public);
    let (_, files) = handbook::pipeline::render_only(&manifest(), &info).expect("renders");
    let rendered: BTreeMap<String, Vec<u8>> = files.into_iter().collect();
    let built_names: BTreeSet<&String> = built
        .keys()
        .filter(|n| !n.starts_with(".handbook-build"))
        .collect();
    assert_eq!(built_names, rendered.keys().collect::<BTreeSet<_>>());
    for (name, bytes) in &rendered {
        assert!(built[name] == *bytes, "{name} differs");
    }
    for name in ["print.html", "inspection-print.html", "search-index.js"] {
        assert!(rendered[name].len() > 10_000, "{name}");
    }
}
