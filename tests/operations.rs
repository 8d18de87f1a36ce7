//! The operational pages through the real binary, on `valid/operations`:
//! freshness warnings that come and go with `--as-of`, `check --strict`, and
//! the HTML of the contact chart, severity matrix, incident front door,
//! procedures and training records.

mod common;

use std::path::{Path, PathBuf};

use common::{Output, TempDir, run};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/operations")
}

fn check(extra: &[&str]) -> Output {
    let root = fixture();
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"check", &"--root", &root];
    for a in extra {
        args.push(a);
    }
    run(&args)
}

/// The codes of the diagnostics printed, in order.
fn codes(out: &Output) -> Vec<String> {
    out.stderr
        .lines()
        .filter_map(|l| {
            let l = l
                .strip_prefix("warning[")
                .or_else(|| l.strip_prefix("error["))?;
            Some(l.split(']').next()?.to_string())
        })
        .collect()
}

/// Builds the fixture (optionally `--as-of`) and reads one output file.
fn built(file: &str, as_of: Option<&str>) -> String {
    let tmp = TempDir::new("ops");
    let public = tmp.path().join("public");
    let root = fixture();
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> =
        vec![&"build", &"--root", &root, &"--out", &public];
    let flag = "--as-of";
    if let Some(d) = &as_of {
        args.push(&flag);
        args.push(d);
    }
    let out = run(&args);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    std::fs::read_to_string(public.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn assert_contains_all(what: &str, html: &str, wants: &[&str]) {
    let missing: Vec<&&str> = wants.iter().filter(|w| !html.contains(**w)).collect();
    assert!(missing.is_empty(), "{what}: missing {missing:?}\n{html}");
}

#[test]
fn freshness_warnings_follow_as_of() {
    // On the build date (2026-01-01) everything is current.
    let out = check(&[]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(codes(&out), Vec::<String>::new(), "{}", out.stderr);

    // Half a year later: numbers unchecked for 90+ days, the restore drill
    // and the phishing drill overdue, the follow-up past its due date.
    let out = check(&["--as-of", "2026-06-01"]);
    assert_eq!(
        out.code,
        Some(0),
        "warnings alone do not fail: {}",
        out.stderr
    );
    let c = codes(&out);
    for (code, n) in [("W010", 3), ("W011", 1), ("W013", 1), ("W014", 1)] {
        assert_eq!(
            c.iter().filter(|x| *x == code).count(),
            n,
            "{code} in {c:?}\n{}",
            out.stderr
        );
    }
    assert!(out.stderr.contains("標的型メール訓練"), "{}", out.stderr);
    assert!(
        !out.stderr.contains("情報セキュリティ教育"),
        "{}",
        out.stderr
    );

    // 和暦 works as well, and --strict turns the warnings into a failure.
    let out = check(&["--as-of", "令和8年6月1日", "--strict"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("--strict"), "{}", out.stderr);
    let out = check(&["--strict"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);

    // As it stood before the numbers were checked and before the latest
    // drill: the earlier drill, which overran its RTO, is the last one.
    let out = check(&["--as-of", "2025-10-15"]);
    let c = codes(&out);
    assert_eq!(c.iter().filter(|x| *x == "W010").count(), 3, "{c:?}");
    assert!(c.contains(&"W012".to_string()), "{}", out.stderr);
    assert!(
        out.stderr.contains("まだ確かめられていません"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_bad_as_of_date_is_a_usage_error() {
    let out = check(&["--as-of", "2026-02-30"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("2026-02-30"), "{}", out.stderr);
}

#[test]
fn contact_chart_page() {
    let html = built("contacts.html", None);
    assert_contains_all(
        "contacts.html",
        &html,
        &[
            r#"id="c-it-dept""#,
            r#"<a class="tel" href="tel:0312345600">03-1234-5600</a>"#,
            r#"href="tel:09012345678""#,
            // `#` of a short code is percent-encoded in the URI.
            r#"href="tel:%239110""#,
            // The flow diagram is inline SVG whose boxes link to the entries.
            r#"<svg"#,
            r#"class="flowchart""#,
            r##"href="#c-vendor""##,
            // People: the first is 責任者, the rest 代行者.
            "責任者",
            "代行者",
            "番号確認日",
            // Source values are escaped.
            "保守窓口 &lt;script&gt;alert(1)&lt;/script&gt;",
        ],
    );
    assert!(!html.contains("<script>alert"), "unescaped value");
    assert!(
        !html.contains("要確認</strong>"),
        "nothing is stale on the build date"
    );
    // The escalation drawn top to bottom for a phone: each contact who
    // reports, once, with the condition on the line to whom they call.
    assert!(html.contains(r#"<ol class="flow-list flow-tree">"#));
    assert_eq!(html.matches(r#"<li class="flow-source">"#).count(), 2);
    assert!(html.contains(r#"<span class="flow-when">直ちに</span>"#));
    // The condition is written on its arrow in the diagram too.
    assert!(html.contains(">直ちに</text>"));
    let stale = built("contacts.html", Some("2026-06-01"));
    assert_eq!(stale.matches("要確認</strong>").count(), 3, "{stale}");
}

#[test]
fn severity_matrix_page() {
    let html = built("severity.html", None);
    let table = html
        .split(r#"<table class="matrix">"#)
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .expect("the matrix table");
    // Rows in the order first named: it-dept, police (mandatory), vendor (optional).
    let rows: Vec<&str> = table.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 3, "{table}");
    assert!(rows[0].contains("情報システム部門"));
    assert!(rows[0].matches(r#"class="mark mandatory""#).count() == 2);
    assert!(rows[1].contains("警察") && rows[1].contains("届出：速やかに"));
    assert!(rows[2].contains(r#"class="mark optional""#));
    assert!(rows[2].contains(r#"href="tel:0120123456""#));
    assert!(rows[1].contains(r#"href="contacts.html#c-police""#));
}

#[test]
fn incident_front_door() {
    let html = built("incident.html", None);
    assert_contains_all(
        "incident.html",
        &html,
        &[
            "いますぐやること",
            "端末をネットワークから切り離す",
            // Both numbers, each saying when it applies; no weekday hours
            // are written, so no clock marks one.
            r#"<a class="call day" href="tel:0312345600"><span class="visually-hidden">情報システム部門</span><span class="call-when">日中</span><span class="call-number">03-1234-5600</span><span class="call-ext">内線 2100</span>"#,
            r#"<a class="call night" href="tel:09012345678"><span class="visually-hidden">情報システム部門</span><span class="call-when">夜間・休日</span><span class="call-number">090-1234-5678</span>"#,
            "組織として行う報告",
            r#"href="procedures/emr.html""#,
            "してはいけないこと",
            "深刻度：大",
            "深刻度：小",
            // The police report is due for 大 only.
            "期限：警察へ届出は<strong>速やかに</strong>",
        ],
    );
    assert_eq!(html.matches("期限：").count(), 1, "deadline only at 大");
    // Without weekday hours nothing says which number applies now, so the
    // page has no clock script.
    assert!(!html.contains("data-window") && !html.contains("[data-window]"));
    // One click from every page: the header links to the front door.
    for page in [
        "index.html",
        "contacts.html",
        "training.html",
        "pages/guide.html",
    ] {
        let html = built(page, None);
        let href = if page.contains('/') {
            "../incident.html"
        } else {
            "incident.html"
        };
        assert!(
            html.contains(&format!(r#"class="emergency-button" href="{href}""#)),
            "{page} has no emergency button"
        );
    }
}

#[test]
fn procedure_page_has_checklist_and_drills_against_rto() {
    let html = built("procedures/emr.html", None);
    assert_eq!(html.matches(r#"<input type="checkbox">"#).count(), 2);
    assert_contains_all(
        "procedures/emr.html",
        &html,
        &[
            "目標復旧時間（RTO）</dt><dd>4時間",
            "目標復旧時点（RPO）</dt><dd>1時間",
            "3時間20分",
            "RTO 内",
            "RTO 超過",
            "紙カルテで記録する",
            "14世代",
            r#"href="../contacts.html#c-vendor""#,
        ],
    );
    let list = built("procedures/index.html", None);
    assert!(list.contains(r#"href="../procedures/emr.html""#), "{list}");
    let later = built("procedures/index.html", Some("2026-06-01"));
    assert!(later.contains("期限切れ"), "{later}");
}

#[test]
fn training_page_has_summary_chart_and_due_dates() {
    let html = built("training.html", None);
    assert_contains_all(
        "training.html",
        &html,
        &[
            // 年度 in 和暦 as every date, with the 西暦 beside it.
            r#"<th scope="row">令和6年度<span class="seireki">（2024年度）</span></th>"#,
            r#"<th scope="row">令和7年度<span class="seireki">（2025年度）</span></th>"#,
            "90／100（90.0%）",
            r#"class="barchart""#,
            "未受講者の補講",
            // education: last held 令和7年6月12日, due a year later.
            "令和8年6月12日",
        ],
    );
    assert!(!html.contains("期限切れ"), "{html}");
    let later = built("training.html", Some("2026-06-01"));
    assert!(later.contains("期限切れ"), "{later}");
}

#[test]
fn references_to_contacts_and_procedures_show_name_and_number() {
    let html = built("pages/guide.html", None);
    assert_contains_all(
        "pages/guide.html",
        &html,
        &[
            // An internal contact: its extension; empty link text → its name.
            r#"<a href="../contacts.html#c-it-dept">情報システム部門</a>（内線 2100）"#,
            r#"<a href="../contacts.html#c-vendor">窓口</a>（<a class="tel" href="tel:0120123456">0120-123-456</a>）"#,
            r#"<a href="../procedures/emr.html">電子カルテシステム 復旧手順</a>"#,
        ],
    );
}
