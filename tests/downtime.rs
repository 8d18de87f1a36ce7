//! The downtime kit through the real binary, on `valid/downtime`: the
//! emergency page's numbers by day and by night, the poster, the role
//! cards, the pocket-card sheet, the BCP page and the register of printed
//! copies (and `check --strict` failing, naming the copy, when a copy is
//! older than a change). Printing them is in tests/browser/downtime.test.mjs.

mod common;

use std::path::{Path, PathBuf};

use common::{Output, TempDir, copy_dir, run};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/downtime")
}

/// Builds `root` (optionally `--as-of`) into a temporary folder.
fn build(root: &Path, as_of: Option<&str>) -> (TempDir, PathBuf) {
    let tmp = TempDir::new("downtime");
    let public = tmp.path().join("public");
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> =
        vec![&"build", &"--root", &root, &"--out", &public];
    let flag = "--as-of";
    if let Some(d) = &as_of {
        args.push(&flag);
        args.push(d);
    }
    let out = run(&args);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    (tmp, public)
}

fn read(public: &Path, file: &str) -> String {
    std::fs::read_to_string(public.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn assert_contains_all(what: &str, html: &str, wants: &[&str]) {
    let missing: Vec<&&str> = wants.iter().filter(|w| !html.contains(**w)).collect();
    assert!(missing.is_empty(), "{what}: missing {missing:?}\n{html}");
}

/// The text of each element that starts with `open`, up to `close`.
fn pieces<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    html.split(open)
        .skip(1)
        .map(|s| s.split(close).next().unwrap_or(s))
        .collect()
}

/// Where `needle` first is in `html`, for asserting order.
fn at(html: &str, needle: &str) -> usize {
    html.find(needle)
        .unwrap_or_else(|| panic!("no {needle} in\n{html}"))
}

#[test]
fn the_emergency_page_gives_both_numbers_with_their_hours_and_separates_whose_job_it_is() {
    let (_tmp, public) = build(&fixture(), None);
    let html = read(&public, "incident.html");
    assert_contains_all(
        "incident.html",
        &html,
        &[
            // The daytime number with its weekday window, and the 夜間・休日
            // one; the page's clock script marks the one for now.
            r#"<a class="call day" href="tel:0312345600" data-when="day" data-window="510-1035"><span class="visually-hidden">情報システム部門</span><span class="call-when">日中（平日 8:30〜17:15）</span><span class="call-number">03-1234-5600</span><span class="call-ext">内線 2100</span>"#,
            r#"<a class="call night" href="tel:09012345678" data-when="night" data-window="510-1035"><span class="visually-hidden">情報システム部門</span><span class="call-when">夜間・休日</span><span class="call-number">090-1234-5678</span>"#,
            // 当直管理者 is the one to call outside 8:30–17:15 on weekdays.
            r#"<span class="call ext-only night" data-when="night" data-window="510-1035"><span class="call-when">夜間・休日</span><span class="call-number">内線 2999</span>"#,
            // A contact with no number says where to find one.
            r#"<a class="call-info" href="contacts.html#c-dept-head">院内電話帳を参照</a>"#,
            "詳しく：<a href=\"procedures/emr.html\">電子カルテ 復旧手順</a>",
        ],
    );
    let finder = at(&html, "<h2 id=\"now-heading\">発見した職員がすること</h2>");
    let dont = at(&html, "してはいけないこと");
    let org = at(
        &html,
        "<h2 id=\"who-heading\">情報システム部門・委員会が行う報告</h2>",
    );
    assert!(finder < dont && dont < org, "the finder's part comes first");
    assert!(html[org..].contains("発見した職員は上の手順までで十分です"));
    // The clock script is inline, after <main> (the binder and search read
    // <main>), and fetches nothing; the only script loaded is the theme's
    // own, from the folder.
    let main_end = at(&html, "</main>");
    let clock = at(&html, "querySelectorAll('[data-window]')");
    assert!(clock > main_end);
    assert!(!html.contains("fetch("));
    let srcs: Vec<&str> = html
        .split("src=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(srcs, ["theme/site.js"]);
    // Nothing is overdue on the build date; half a year on, the buttons
    // say so as the contact chart does.
    assert!(!html.contains("番号要確認"));
    let (_later, public) = build(&fixture(), Some("2026-06-01"));
    let html = read(&public, "incident.html");
    let it = pieces(&html, "<li class=\"call-group", "</li>")
        .into_iter()
        .find(|g| g.contains("c-it-dept"))
        .expect("情報システム部門's call buttons");
    assert!(it.starts_with(" stale\">"), "{it}");
    assert!(it.contains("<strong class=\"badge warn\">番号要確認</strong>"));
}

#[test]
fn the_poster_has_the_steps_the_numbers_by_day_and_night_the_donts_and_a_qr_code() {
    let (_tmp, public) = build(&fixture(), None);
    let html = read(&public, "poster.html");
    let posters = pieces(&html, "<article class=\"poster\"", "</article>");
    assert_eq!(posters.len(), 1);
    let poster = posters[0];
    assert!(poster.starts_with(" data-fit-mm=\"277\""));
    let steps = pieces(poster, "<span class=\"p-step\">", "</span>");
    assert_eq!(
        steps,
        [
            "端末をネットワークから切り離す",
            "部門責任者に報告する（夜間・休日は当直管理者）",
            "情報システム部門に連絡する",
            "紙運用に切り替える"
        ]
    );
    let rows = pieces(poster, "<tr><th scope=\"row\">", "</tr>");
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(
        rows[0].starts_with("部門責任者") && rows[0].contains("colspan=\"2\">院内電話帳を参照")
    );
    assert!(rows[1].starts_with("当直管理者"));
    assert!(
        rows[1].contains("<td>—</td><td class=\"night\"><span class=\"dial\">内線 2999</span>")
    );
    assert!(
        rows[2]
            .starts_with("情報システム部門<span class=\"p-hours\">日中＝平日 8:30〜17:15</span>")
    );
    assert!(rows[2].contains(
        "<span class=\"dial\">03-1234-5600<span class=\"dial-ext\">内線 2100</span></span>"
    ));
    assert!(rows[2].contains("<td class=\"night\"><span class=\"dial\">090-1234-5678</span>"));
    assert_contains_all(
        "poster",
        poster,
        &[
            "<li>再起動しない</li>",
            "<svg class=\"qr\"",
            "https://intranet.example.jp/hb/incident.html",
            "第2版",
            "<span class=\"print-date\">",
            "印刷物は管理外文書です",
        ],
    );
}

#[test]
fn one_role_card_per_role_with_its_actions_in_the_order_of_time() {
    let (_tmp, public) = build(&fixture(), None);
    let html = read(&public, "cards.html");
    let cards = pieces(
        &html,
        "<article class=\"role-card\" id=\"role-",
        "</article>",
    );
    let ids: Vec<&str> = cards
        .iter()
        .map(|c| c.split('"').next().unwrap_or(""))
        .collect();
    // The finder first, then in the order of the escalation flow; the
    // vendor and the police have no actions, so no cards.
    assert_eq!(
        ids,
        ["finder", "dept-head", "night-manager", "it-dept", "manager"]
    );
    let headings = |card: &str| -> Vec<String> {
        pieces(card, "<th scope=\"colgroup\" colspan=\"4\">", "</th>")
            .into_iter()
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        headings(cards[0]),
        ["最初の15分", "その日のうちに（24時間以内）"]
    );
    assert_eq!(headings(cards[3]), ["1時間以内", "復旧まで"]);
    assert_eq!(
        headings(cards[4]),
        ["その日のうちに（24時間以内）", "復旧後（事後対応）"]
    );
    // The finder's first rows are the emergency page's steps; then the
    // plan's, with the form to fill in.
    let finder = cards[0];
    let texts = pieces(finder, "<span class=\"what-text\">", "</span>");
    assert_eq!(texts.len(), 5);
    assert_eq!(texts[0], "端末をネットワークから切り離す");
    assert_eq!(texts[4], "報告書1枚目に記入する");
    // Every action row has its tick box, time and name columns.
    for card in &cards {
        let rows = pieces(card, "<tr class=\"action-row\">", "</tr>");
        assert!(!rows.is_empty());
        for r in rows {
            assert!(r.contains("<span class=\"tick-box\""), "{r}");
            assert!(
                r.contains("<td class=\"time\">＿＿：＿＿</td><td class=\"by\"></td>"),
                "{r}"
            );
        }
    }
    assert!(cards[4].contains("<span class=\"what-within\">（30日以内）</span>"));
    // Whom the finder calls (the flow, then the steps), by day and night,
    // and the forms it fills.
    let calls = pieces(finder, "<table class=\"card-calls stack\">", "</table>")[0];
    let callees = pieces(
        calls,
        "<tr><th scope=\"row\"><a href=\"contacts.html#c-",
        "\"",
    );
    assert_eq!(callees, ["dept-head", "night-manager", "it-dept"]);
    assert!(calls.contains("日中（平日 8:30〜17:15）</span> <a class=\"tel\" href=\"tel:0312345600\">03-1234-5600</a>（内線 2100）"));
    assert!(
        calls.contains(
            "夜間・休日</span> <a class=\"tel\" href=\"tel:09012345678\">090-1234-5678</a>"
        )
    );
    assert!(finder.contains("記入する様式：<a href=\"forms/report.html\">事故報告書</a>"));
}

#[test]
fn the_pocket_card_sheet_has_ten_cards_with_the_first_three_steps_and_cut_marks() {
    let (_tmp, public) = build(&fixture(), None);
    let html = read(&public, "wallet.html");
    let cards = pieces(&html, "<article class=\"wallet-card\"", "</article>");
    assert_eq!(cards.len(), 10);
    // Read once by a screen reader, not ten times.
    assert!(cards[0].starts_with(" aria-label=\"携帯カード\""));
    assert!(
        cards[1..]
            .iter()
            .all(|c| c.starts_with(" aria-hidden=\"true\""))
    );
    let steps = pieces(cards[0], "<li>", "</li>");
    assert_eq!(
        steps,
        [
            "端末をネットワークから切り離す",
            "部門責任者に報告する（夜間・休日は当直管理者）",
            "情報システム部門に連絡する"
        ]
    );
    assert!(cards[0].contains("090-1234-5678") && cards[0].contains("内線 2999"));
    // 91×55 mm cards, two across and five down, centred on A4: cut marks
    // at x = 14, 105, 196 mm and y = 11, 66, …, 286 mm.
    assert!(html.contains("<path d=\"M14 5V9M14 288V292M105 5V9M105 288V292M196 5V9M196 288V292M5 11H12M198 11H205M5 66H12"));
    assert!(html.contains("M5 286H12M198 286H205\"/>"));
}

#[test]
fn the_bcp_page_follows_the_five_phases_and_links_procedures_contacts_and_forms() {
    let (_tmp, public) = build(&fixture(), None);
    let html = read(&public, "bcp.html");
    let phases: Vec<&str> = pieces(&html, "<span class=\"phase-num\">", "</h3>");
    assert_eq!(
        phases,
        [
            "1</span> 平時の備え",
            "2</span> 検知",
            "3</span> 初動対応",
            "4</span> 復旧",
            "5</span> 事後対応"
        ]
    );
    assert_contains_all(
        "bcp.html",
        &html,
        &[
            // The system's target against its procedure's RTO, which meets it.
            "<tr id=\"system-emr\"><td>2</td><th scope=\"row\">電子カルテ</th><td>6時間</td>",
            "<a href=\"procedures/emr.html\">4時間</a></td><td>3時間（令和7年11月1日）</td>",
            // 紙運用: the plan's own and the procedure's.
            "<li>区画ごとに切り離す</li>",
            "<li>紙カルテで記録する</li>",
            // 体制 and whose actions, by contact and by role card.
            "<a href=\"contacts.html#c-manager\">安全管理責任者</a>",
            "<a href=\"cards.html#role-it-dept\">情報システム部門</a>",
            "様式：<a href=\"forms/report.html\">事故報告書</a>",
            // The finder's steps are the emergency page's.
            "<a href=\"incident.html\">緊急時対応</a>の「発見した職員がすること」のとおり",
        ],
    );
    assert!(!html.contains("目標に届かない"));
    // page:bcp and the other new names resolve.
    let page = read(&public, "pages/plan.html");
    assert_contains_all(
        "pages/plan.html",
        &page,
        &[
            "href=\"../bcp.html\"",
            "href=\"../distribution.html\"",
            "href=\"../poster.html\"",
        ],
    );
    // The BCP is in the binder and in search; the printed kit is not
    // searched (it repeats the emergency page).
    let binder = read(&public, "print.html");
    assert!(binder.contains("aria-label=\"事業継続計画（BCP）\""));
    assert!(binder.contains("aria-label=\"役割別アクションカード\""));
    let index = read(&public, "search-index.js");
    assert!(index.contains("bcp.html"));
    for kit in ["poster.html", "cards.html", "wallet.html"] {
        assert!(!index.contains(kit), "{kit} is searched");
    }
}

fn check_strict(root: &Path) -> Output {
    run(&[&"check", &"--strict", &"--root", &root])
}

#[test]
fn a_copy_printed_before_the_last_contacts_change_fails_check_strict_naming_it() {
    let out = check_strict(&fixture());
    assert_eq!(out.code, Some(0), "{}", out.stderr);

    // The 情報システム部門's night number changes after the copies were
    // printed (2025-12-10).
    let tmp = TempDir::new("downtime-copy");
    copy_dir(&fixture(), tmp.path());
    let contacts = tmp.path().join("content/contacts.yaml");
    let text = std::fs::read_to_string(&contacts).unwrap();
    std::fs::write(
        &contacts,
        text.replace("    updated: 2025-11-01", "    updated: 2025-12-20"),
    )
    .unwrap();
    let out = check_strict(tmp.path());
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("warning[W031]"), "{}", out.stderr);
    assert!(out.stderr.contains("冊子 第1号（外来ナースステーション）"));
    assert!(out.stderr.contains("冊子 第2号（当直室）"));
    assert!(
        out.stderr
            .contains("連絡体制図（情報システム部門）（令和7年12月20日）")
    );
    // Copy 3 was never printed: nothing to replace.
    assert!(!out.stderr.contains("第3号"));
    assert!(out.stderr.contains("--> content/distribution.yaml:5:14"));

    let (_out, public) = build(tmp.path(), None);
    let html = read(&public, "distribution.html");
    let rows = pieces(&html, "<tr id=\"copy-", "</tr>");
    assert_eq!(rows.len(), 3);
    assert!(rows[0].starts_with("1\" class=\"outdated\""));
    assert!(rows[0].contains("差し替えが必要"));
    assert!(rows[0].contains("<li>連絡体制図（情報システム部門）（令和7年12月20日 変更）</li>"));
    assert!(rows[2].starts_with("3\" class=\"unprinted\""));
}
