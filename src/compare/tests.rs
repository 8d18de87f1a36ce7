use super::*;
use crate::content::regulation::parse_body;
use crate::source::SourceFile;

fn body(text: &str) -> Body {
    let file = SourceFile::new("r.md".into(), "r.md".into(), text.into());
    let (b, diags) = parse_body(&file, text, 1);
    assert!(diags.is_empty(), "{diags:?}");
    b
}

fn marked(spans: &Option<Vec<Span>>) -> String {
    match spans {
        None => "-".into(),
        Some(v) => v
            .iter()
            .map(|s| {
                if s.changed {
                    format!("[{}]", s.text)
                } else {
                    s.text.clone()
                }
            })
            .collect(),
    }
}

/// Each row as `備考 | old label → new label`, then `new ‖ old` per line.
fn table(old: &str, new: &str) -> Vec<String> {
    let c = compare(&body(old), &body(new));
    let mut out = Vec::new();
    for s in &c.sections {
        if let Some(t) = &s.title {
            out.push(format!("## {t}"));
        }
        for r in &s.rows {
            out.push(format!(
                "{} | {} → {}",
                r.remark(),
                r.old_label.as_deref().unwrap_or("-"),
                r.new_label.as_deref().unwrap_or("-")
            ));
            for l in &r.lines {
                out.push(format!("  {} ‖ {}", marked(&l.new), marked(&l.old)));
            }
        }
    }
    out
}

const OLD: &str = "\
第１章　総則

（目的）
第一条　この規程は、情報を守ることを目的とする。

（報告）
第二条　職員は、事故を速やかに報告する。
２　報告は、書面で行う。
３　報告を受けた者は、記録を保存する。

（罰則）
第三条　違反した者は、処分する。

附　則
この規程は、令和五年四月一日から施行する。
";

#[test]
fn unchanged_versions_have_no_rows() {
    assert!(compare(&body(OLD), &body(OLD)).is_empty());
}

#[test]
fn a_changed_paragraph_is_underlined_and_the_rest_left_out() {
    let new = OLD.replace("事故を速やかに報告する", "事故を直ちに報告する");
    assert_eq!(
        table(OLD, &new),
        vec![
            "変更 | 第二条 → 第二条",
            "  （報告） ‖ （報告）",
            "  第二条　事故を[直ち]に報告する。 ‖ 第二条　事故を[速やか]に報告する。"
                .replace("第二条　事故", "第二条　職員は、事故")
                .as_str(),
            "  ２～３　（略） ‖ ２～３　（略）",
        ]
    );
}

#[test]
fn added_deleted_and_renumbered_articles() {
    let new = OLD
        .replace(
            "（罰則）\n第三条　違反した者は、処分する。",
            "（教育）\n第三条　職員は、研修を受ける。\n\n（罰則）\n第四条　違反した者は、処分する。",
        )
        .replace("（目的）\n第一条　この規程は、情報を守ることを目的とする。\n\n", "");
    let rows = table(OLD, &new);
    assert_eq!(
        rows,
        vec![
            "削除 | 第一条 → -",
            "  - ‖ [（目的）]",
            "  - ‖ [第一条　この規程は、情報を守ることを目的とする。]",
            "新設 | - → 第三条",
            "  [（教育）] ‖ -",
            "  [第三条　職員は、研修を受ける。] ‖ -",
            "条ずれ（第三条→第四条） | 第三条 → 第四条",
            "  第[四]条　（略） ‖ 第[三]条　（略）",
        ]
    );
}

#[test]
fn supplementary_provisions_are_compared_and_new_ones_added() {
    let new = format!(
        "{}\n附　則　（令和七年規程第二号）\nこの規程は、令和七年四月一日から施行する。\n",
        OLD.replace("令和五年四月一日", "令和五年五月一日")
    );
    let rows = table(OLD, &new);
    assert_eq!(
        rows,
        vec![
            "## 附　則",
            "変更 | - → -",
            "  この規程は、令和[五]年[五]月一日から施行する。 ‖ この規程は、令和[五]年[四]月一日から施行する。"
                .replace("令和[五]年[五]月", "令和五年[五]月")
                .replace("令和[五]年[四]月", "令和五年[四]月")
                .as_str(),
            "## 附　則　（令和七年規程第二号）",
            "新設 | - → -",
            "  [この規程は、令和七年四月一日から施行する。] ‖ -",
        ]
    );
}

#[test]
fn an_added_item_shows_alone_with_its_paragraph_left_out() {
    let old = "第一条　次に掲げる者は、報告する。\n一　職員\n二　委託先\n";
    let new = "第一条　次に掲げる者は、報告する。\n一　職員\n二　委託先\n三　来訪者\n";
    assert_eq!(
        table(old, new),
        vec![
            "変更 | 第一条 → 第一条",
            "  第一条　（略） ‖ 第一条　（略）",
            "  一～二　（略） ‖ 一～二　（略）",
            "  [三　来訪者] ‖ -",
        ]
    );
}

#[test]
fn the_first_line_of_an_article_is_left_out_on_its_own() {
    let new = OLD.replace("記録を保存する", "記録を五年間保存する");
    assert_eq!(
        table(OLD, &new),
        vec![
            "変更 | 第二条 → 第二条",
            "  （報告） ‖ （報告）",
            "  第二条　（略） ‖ 第二条　（略）",
            "  ２　（略） ‖ ２　（略）",
            "  ３　報告を受けた者は、記録を[五年間]保存する。 ‖ ３　報告を受けた者は、記録を保存する。",
        ]
    );
}

#[test]
fn a_renumbered_article_with_an_edit_is_a_change_that_moved() {
    let new = OLD
        .replace(
            "（報告）\n第二条",
            "（定義）\n第二条　この規程で事故とは、情報の漏えいをいう。\n\n（報告）\n第三条",
        )
        .replace(
            "第三条　違反した者は、処分する。",
            "第四条　違反した者は、懲戒処分とする。",
        );
    let rows = table(OLD, &new);
    assert_eq!(rows[0], "新設 | - → 第二条");
    assert!(
        rows.contains(&"条ずれ（第二条→第三条） | 第二条 → 第三条".to_string()),
        "{rows:#?}"
    );
    assert!(
        rows.contains(&"変更・条ずれ（第三条→第四条） | 第三条 → 第四条".to_string()),
        "{rows:#?}"
    );
}

#[test]
fn a_left_out_run_is_named_by_its_outermost_level() {
    let old = "第一条　次の者は、報告する。\n一　職員\n  イ　正職員\n  ロ　臨時職員\n二　委託先\n";
    let new = old.replace("二　委託先", "二　委託先の従業者");
    assert_eq!(
        table(old, &new),
        vec![
            "変更 | 第一条 → 第一条",
            "  第一条　（略） ‖ 第一条　（略）",
            "  一　（略） ‖ 一　（略）",
            "  二　委託先[の従業者] ‖ 二　委託先",
        ]
    );
}

#[test]
fn a_changed_table_row_and_appendix_are_compared() {
    let old = "第一条　次の表による。\n  * - 一年\n    - 一労働日\n  * - 二年\n    - 二労働日\n\n附　則\n施行する。\n\n# 別表第一（第一条関係）\n\n  # 一　製造の事業\n\n  # 二　鉱業\n";
    let new = "第一条　次の表による。\n  * - 一年\n    - 一労働日\n  * - 二年\n    - 三労働日\n\n附　則\n施行する。\n\n# 別表第一（第一条関係）\n\n  # 一　製造の事業\n\n  # 二　鉱業の事業\n";
    let t = table(old, new);
    assert!(
        t.contains(&"  ｜二年｜[三]労働日｜ ‖ ｜二年｜[二]労働日｜".to_string()),
        "{t:#?}"
    );
    assert!(
        t.contains(&"## 別表第一（第一条関係）".to_string()),
        "{t:#?}"
    );
    assert!(t.iter().any(|l| l.contains("鉱業[の事業]")), "{t:#?}");
}
