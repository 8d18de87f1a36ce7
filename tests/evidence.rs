//! The inspection evidence, as an inspector would try it: the checklist
//! sheet lists every item of the built-in edition with its answer, dates
//! and working evidence links; `check --strict` fails on a いいえ past its
//! 目標日 and on a remote-maintenance vendor with no returned sheet, naming
//! them with file:line:column; every revision has a 周知確認書; the
//! inspector's index links every evidence page.

use std::path::{Path, PathBuf};

mod common;
use common::{TempDir, run, run_env};

/// The day the example's records are current on (as tests/example.rs and
/// scripts/test.sh): 2026-11-20 in Japan.
const EXAMPLE_EPOCH: &str = "1795132800";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(path: &str) -> PathBuf {
    root().join("tests/fixtures").join(path)
}

/// The example handbook built as of its records' day, in a temp folder.
fn example_site() -> TempDir {
    let tmp = TempDir::new("evidence-example");
    let out = tmp.path().join("site");
    let r = run_env(
        &[&"build", &"--root", &root(), &"--out", &out],
        &[("SOURCE_DATE_EPOCH", EXAMPLE_EPOCH)],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    tmp
}

fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every `href="…"` of `html`.
fn hrefs(html: &str) -> Vec<String> {
    html.split(" href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&amp;", "&"))
        .collect()
}

/// A relative link from the page at `from` lands on a file, and on an
/// element with its fragment's id.
fn assert_lands(site: &Path, from: &str, href: &str) {
    if href.contains(':') {
        return;
    }
    let dir = Path::new(from).parent().unwrap_or(Path::new(""));
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (href, None),
    };
    let target = if path.is_empty() {
        site.join(from)
    } else {
        site.join(dir).join(path)
    };
    let html = std::fs::read_to_string(&target)
        .unwrap_or_else(|e| panic!("{from}: the link {href} leads nowhere ({e})"));
    if let Some(f) = fragment {
        assert!(
            html.contains(&format!(" id=\"{f}\"")),
            "{from}: the link {href} has no #{f} to land on"
        );
    }
}

#[test]
fn strict_check_fails_on_a_no_past_its_target_naming_the_item() {
    let out = run(&[
        &"check",
        &"--strict",
        &"--root",
        &fixture("invalid/checklist-overdue"),
    ]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("warning[W020]"), "{}", out.stderr);
    assert!(out.stderr.contains("項目 1-①"), "{}", out.stderr);
    assert!(
        out.stderr.contains("content/checklist.yaml:6:13"),
        "{}",
        out.stderr
    );
    // Without --strict it is a warning only.
    let out = run(&[&"check", &"--root", &fixture("invalid/checklist-overdue")]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // Before the 目標日 it is no problem at all.
    let out = run(&[
        &"check",
        &"--strict",
        &"--as-of",
        &"2025-12-26",
        &"--root",
        &fixture("invalid/checklist-overdue"),
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
}

#[test]
fn strict_check_fails_on_a_remote_vendor_with_no_sheet_this_year_naming_it() {
    let dir = fixture("invalid/vendor-sheet-missing");
    let out = run(&[&"check", &"--strict", &"--root", &dir]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("warning[W025]"), "{}", out.stderr);
    assert!(
        out.stderr.contains("「電子カルテ保守窓口」"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("content/contacts.yaml:6:21"),
        "{}",
        out.stderr
    );
    // A 年度 starts in April: the sheet of 2025-03-20 answered 年度 2024,
    // so on 2025-03-31 the vendor is still fine, on 2025-04-01 not.
    let strict_on = |date: &str| {
        run(&[&"check", &"--strict", &"--as-of", &date, &"--root", &dir])
            .stderr
            .contains("「電子カルテ保守窓口」")
    };
    assert!(!strict_on("2025-03-31"));
    assert!(strict_on("2025-04-01"));
}

#[test]
fn the_example_checklist_sheet_answers_every_item_with_working_evidence() {
    let tmp = example_site();
    let site = tmp.path().join("site");
    let html = read(&site, "checklist.html");
    let mut diags = Vec::new();
    let editions = handbook::content::checklist::builtin(&mut diags);
    let r7 = editions
        .iter()
        .find(|e| e.id == "r7")
        .expect("the built-in 令和7年度版");
    assert!(html.contains("令和7年度版"));
    for (group, item) in r7.items() {
        let number = handbook::content::checklist::Edition::number(group, item);
        let row = html
            .split(&format!("<tr id=\"item-{}\"", item.id))
            .nth(1)
            .and_then(|s| s.split("</tr>").next())
            .unwrap_or_else(|| panic!("checklist.html has no row for {number}"));
        assert!(row.contains(&number), "{number}");
        assert!(row.contains(&item.text), "{number}: {}", item.text);
        assert!(
            row.contains("class=\"choice chosen\""),
            "{number} is not answered"
        );
        assert!(
            row.contains("<time datetime=\"2026-"),
            "{number} has no 確認日"
        );
        let links = hrefs(row);
        assert!(!links.is_empty(), "{number} has no evidence link");
        for href in links {
            assert_lands(&site, "checklist.html", &href);
        }
    }
    // The one いいえ carries its 目標日.
    let row = html.split("<tr id=\"item-2-10\"").nth(1).unwrap();
    assert!(row.contains("chosen\">いいえ"), "{row}");
    assert!(row.contains("datetime=\"2027-03-31\""), "{row}");
    // The evidence reads as what it is.
    assert!(html.contains(">医療情報システム安全管理規程 第3条</a>"));
    assert!(html.contains(">連絡体制図：医療情報システム安全管理責任者</a>"));
    assert!(html.contains(">教育・訓練の記録（インシデント対応訓練）</a>"));
    // The sources of the edition are cited.
    assert!(html.contains("https://www.mhlw.go.jp/stf/shingi/0000516275_00006.html"));
}

#[test]
fn every_revision_has_a_notice_sheet_linked_from_its_regulation() {
    let tmp = example_site();
    let site = tmp.path().join("site");
    let revisions = [
        ("medical-info-safety", &["2025-04-01", "2027-04-01"][..]),
        (
            "security-incident",
            &[
                "2005-04-01",
                "2005-07-01",
                "2010-04-01",
                "2012-04-01",
                "2016-04-01",
                "2018-04-01",
            ][..],
        ),
    ];
    for (id, dates) in revisions {
        let page = read(&site, &format!("regulations/{id}.html"));
        for date in dates {
            let rel = format!("regulations/{id}.{date}.notice.html");
            assert!(
                page.contains(&format!("href=\"../{rel}\"")),
                "regulations/{id}.html does not link {rel}"
            );
            let sheet = read(&site, &rel);
            // One sheet per department of handbook.yaml, each with rows to sign.
            assert_eq!(
                sheet.matches("<section class=\"notice-sheet\"").count(),
                7,
                "{rel}"
            );
            assert!(sheet.contains("<td class=\"dept\">外来</td>"), "{rel}");
            assert!(sheet.contains(">署名</th>"), "{rel}");
            for href in hrefs(&sheet) {
                assert_lands(&site, &rel, &href);
            }
        }
    }
    // What changed, with its 新旧対照表.
    let sheet = read(
        &site,
        "regulations/medical-info-safety.2027-04-01.notice.html",
    );
    assert!(sheet.contains("href=\"../regulations/medical-info-safety.2027-04-01.compare.html\""));
    assert!(
        sheet.contains("第１７条（新設）"),
        "the changed articles are listed"
    );
    assert!(sheet.contains("承認 令和8年10月16日"));
    // Coverage on the regulation page and the training page.
    let page = read(&site, "regulations/medical-info-safety.html");
    assert!(page.contains("1回 396／415名（95.4%）"));
    let training = read(&site, "training.html");
    assert!(training.contains("規程改定の周知"));
    assert!(training.contains("1回 352／380名（92.6%）"));
}

#[test]
fn the_inspection_index_links_every_piece_of_evidence_and_bundles_them() {
    let tmp = example_site();
    let site = tmp.path().join("site");
    assert!(read(&site, "index.html").contains("href=\"inspection.html\""));
    let html = read(&site, "inspection.html");
    let links = hrefs(&html);
    for want in [
        "contacts.html",
        "procedures/index.html",
        "procedures/emr.html",
        "procedures/pacs.html",
        "training.html",
        "checklist.html",
        "vendors.html",
        "regulations/medical-info-safety.html",
        "regulations/security-incident.html",
        "inspection-print.html",
    ] {
        assert!(
            links.iter().any(|l| l == want),
            "inspection.html does not link {want}"
        );
    }
    for href in &links {
        assert_lands(&site, "inspection.html", href);
    }
    // Each with its 最終更新: the latest 確認日, drill, session, sheet.
    for date in [
        "2026-10-06",
        "2026-09-11",
        "2026-11-13",
        "2026-10-20",
        "2026-07-03",
    ] {
        assert!(html.contains(&format!("datetime=\"{date}\"")), "{date}");
    }
    // Approval and 施行 dates of the regulations.
    assert!(html.contains("令和7年3月14日"));
    // The bundle holds the evidence pages, in order.
    let bundle = read(&site, "inspection-print.html");
    let mut at = 0;
    for title in [
        "立入検査用資料一覧",
        "連絡体制図",
        "電子カルテシステム 復旧手順",
        "教育・訓練の記録",
        "サイバーセキュリティ対策チェックリスト",
        "委託先・ベンダー",
        "規程一覧",
    ] {
        let i = bundle[at..]
            .find(&format!("aria-label=\"{title}\""))
            .unwrap_or_else(|| panic!("the bundle lacks 「{title}」 (or has it out of order)"));
        at += i;
    }
}

#[test]
fn vendors_show_what_they_returned_this_year() {
    let tmp = TempDir::new("evidence-valid");
    let out = tmp.path().join("site");
    let dir = fixture("valid/evidence");
    let r = run(&[&"build", &"--root", &dir, &"--out", &out]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let html = read(&out, "vendors.html");
    assert!(html.contains("今年度返送済"), "{html}");
    assert!(html.contains("保守契約 A-1"));
    // A year later the same sheet is last year's, and the page says so.
    let r = run(&[
        &"build",
        &"--root",
        &dir,
        &"--out",
        &out,
        &"--as-of",
        &"2026-04-01",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let html = read(&out, "vendors.html");
    assert!(html.contains("要対応"), "{html}");
    assert!(!html.contains("今年度返送済"));
    // The handbook's own edition is used, and two departments get two sheets.
    assert!(read(&out, "checklist.html").contains("テスト年度版"));
    let sheet = read(&out, "regulations/rules.2025-04-01.notice.html");
    assert_eq!(sheet.matches("<section class=\"notice-sheet\"").count(), 2);
}
