//! Rules over the evidence an inspection asks for, as of a date: the
//! checklist's answers (every item answered, dated in the edition's 年度,
//! a いいえ with a 目標日 not yet passed, a はい with evidence), the vendors'
//! returned 事業者確認用 sheets, and the 周知 of each revision in force.

use chrono::NaiveDate;

use crate::content::Handbook;
use crate::content::checklist::{Answer, Checklist, Edition};
use crate::content::contacts::Kind;
use crate::content::date::{nendo, wareki};
use crate::content::fields::At;
use crate::diag::{Diagnostic, nearest};

pub fn run(hb: &Handbook, as_of: NaiveDate, diags: &mut Vec<Diagnostic>) {
    if let Some(c) = &hb.checklist
        && c.complete
        && let Some(edition) = &c.edition
    {
        checklist(hb, c, edition, as_of, diags);
    }
    vendors(hb, as_of, diags);
    notices(hb, as_of, diags);
}

fn at(hb: &Handbook, d: Diagnostic, pos: At) -> Diagnostic {
    super::located(hb, d, pos)
}

fn checklist(
    hb: &Handbook,
    c: &Checklist,
    edition: &Edition,
    as_of: NaiveDate,
    diags: &mut Vec<Diagnostic>,
) {
    let file = c.file.as_str();
    let on = wareki(as_of);
    let fiscal_start = edition.fiscal_start();
    let mut seen: Vec<(&str, At)> = Vec::new();
    for e in &c.entries {
        let Some((group, item)) = edition.item(&e.item) else {
            let ids: Vec<&str> = edition.items().map(|(_, i)| i.id.as_str()).collect();
            let help = match nearest(&e.item, &ids) {
                Some(n) => format!(
                    "{n} のことですか？ {}の項目: {}",
                    edition.name,
                    ids.join(", ")
                ),
                None => format!("{}の項目: {}", edition.name, ids.join(", ")),
            };
            diags.push(
                at(
                    hb,
                    Diagnostic::error(
                        "E071",
                        file,
                        format!("{}に項目 {} はありません", edition.name, e.item),
                    )
                    .en(format!(
                        "the {} checklist has no item {}",
                        edition.id, e.item
                    )),
                    e.item_at,
                )
                .help(help)
                .help_en(format!("items of {}: {}", edition.id, ids.join(", "))),
            );
            continue;
        };
        let number = Edition::number(group, item);
        if let Some((_, first)) = seen.iter().find(|(i, _)| *i == e.item) {
            diags.push(
                at(
                    hb,
                    Diagnostic::error(
                        "E072",
                        file,
                        format!("項目 {number} の回答が二つあります（{}行目にも）", first.0),
                    )
                    .en(format!(
                        "item {} is answered twice (also on line {})",
                        e.item, first.0
                    )),
                    e.item_at,
                )
                .help("回答は項目ごとに一つにまとめてください")
                .help_en("keep one answer per item"),
            );
            continue;
        }
        seen.push((&e.item, e.item_at));
        let answer = match e.answer {
            Some(a) => Some(a),
            // Already E012: what was meant is not known.
            None if e.answer_unreadable => None,
            None => {
                diags.push(
                    at(
                        hb,
                        Diagnostic::warning(
                            "W022",
                            file,
                            format!("項目 {number}「{}」が未回答です", item.text),
                        )
                        .en(format!("item {} is not answered", e.item)),
                        e.item_at,
                    )
                    .help("`answer: はい` または `answer: いいえ` を書いてください")
                    .help_en("add `answer: はい` or `answer: いいえ`"),
                );
                continue;
            }
        };
        match answer {
            None => {}
            Some((Answer::Yes, answer_at)) if e.evidence.is_empty() => diags.push(
                at(
                    hb,
                    Diagnostic::warning(
                        "W024",
                        file,
                        format!("項目 {number} は「はい」ですが、根拠（evidence）がありません"),
                    )
                    .en(format!("item {} is answered はい with no evidence link", e.item)),
                    answer_at,
                )
                .help("`evidence:` に根拠となる条文やページを書いてください（例: reg:ID#第3条、contact:ID、procedure:ID、page:ID、training:ID）")
                .help_en("list the evidence under `evidence:` (reg:ID#第3条, contact:ID, procedure:ID, page:ID, training:ID)"),
            ),
            Some((Answer::No, answer_at)) => match e.target {
                None if !e.unreadable_date => diags.push(
                    at(
                        hb,
                        Diagnostic::warning(
                            "W023",
                            file,
                            format!("項目 {number} は「いいえ」ですが、目標日（target）がありません"),
                        )
                        .en(format!("item {} is answered いいえ with no target date", e.item)),
                        answer_at,
                    )
                    .help("対策を終える予定の日を `target:` に書いてください（年度内の日付）")
                    .help_en("write the day the measure is to be in place as `target:` (within the fiscal year)"),
                ),
                Some((target, target_at)) if target < as_of => diags.push(
                    at(
                        hb,
                        Diagnostic::warning(
                            "W020",
                            file,
                            format!(
                                "項目 {number}「{}」は「いいえ」のまま、目標日 {} を過ぎています（{on}現在）",
                                item.text,
                                wareki(target)
                            ),
                        )
                        .en(format!(
                            "item {} is still いいえ and its target date {} has passed",
                            e.item,
                            target.format("%Y-%m-%d")
                        )),
                        target_at,
                    )
                    .help("対策を終えたら `answer: はい` と確認日・根拠を書き、終わっていなければ新しい目標日を決めて `target:` を直してください")
                    .help_en("once the measure is in place answer はい with the date and evidence; otherwise agree a new target date"),
                ),
                _ => {}
            },
            Some((Answer::Yes, _)) => {}
        }
        match e.checked {
            None if !e.unreadable_date => diags.push(
                at(
                    hb,
                    Diagnostic::warning(
                        "W021",
                        file,
                        format!("項目 {number} に確認日（checked）がありません"),
                    )
                    .en(format!("item {} has no date it was checked", e.item)),
                    e.item_at,
                )
                .help("実施状況を確かめた日を `checked:` に書いてください")
                .help_en("write the day the answer was checked as `checked:`"),
            ),
            Some((d, d_at)) if d < fiscal_start => diags.push(
                at(
                    hb,
                    Diagnostic::warning(
                        "W021",
                        file,
                        format!(
                            "項目 {number} の確認日 {} は{}の年度（{}から）より前です",
                            wareki(d),
                            edition.name,
                            wareki(fiscal_start)
                        ),
                    )
                    .en(format!(
                        "item {} was checked on {}, before the fiscal year of the {} edition",
                        e.item,
                        d.format("%Y-%m-%d"),
                        edition.id
                    )),
                    d_at,
                )
                .help("この年度版の項目として改めて確認し、`checked:` をその日付にしてください")
                .help_en("check the item again for this edition and set `checked:` to that day"),
            ),
            Some((d, d_at)) if d > as_of => diags.push(
                at(
                    hb,
                    Diagnostic::warning(
                        "W021",
                        file,
                        format!(
                            "項目 {number} は{on}の時点でまだ確認されていません（確認日 {}）",
                            wareki(d)
                        ),
                    )
                    .en(format!(
                        "item {} had not been checked yet on {}",
                        e.item,
                        as_of.format("%Y-%m-%d")
                    )),
                    d_at,
                )
                .help("確認日は確かめた日（今日以前）にしてください")
                .help_en("the date checked is the day it was checked, not a day to come"),
            ),
            _ => {}
        }
    }
    for (group, item) in edition.items() {
        if c.entries.iter().any(|e| e.item == item.id) {
            continue;
        }
        diags.push(
            at(
                hb,
                Diagnostic::warning(
                    "W022",
                    file,
                    format!(
                        "項目 {}「{}」が未回答です",
                        Edition::number(group, item),
                        item.text
                    ),
                )
                .en(format!(
                    "item {} of the {} checklist is not answered",
                    item.id, edition.id
                )),
                c.edition_at,
            )
            .help(format!(
                "`answers:` に `- item: {}` と回答（はい／いいえ）、確認日を加えてください",
                item.id
            ))
            .help_en(format!(
                "add `- item: {}` with its answer and date under `answers:`",
                item.id
            )),
        );
    }
}

fn vendors(hb: &Handbook, as_of: NaiveDate, diags: &mut Vec<Diagnostic>) {
    let Some(chart) = &hb.contacts else { return };
    let file = chart.file.as_str();
    let on = wareki(as_of);
    let year = crate::content::training::fiscal_year(as_of);
    for c in &chart.contacts {
        let v = &c.vendor;
        if c.kind_unreadable {
            // Already E012: whether it is a vendor is not known.
            continue;
        }
        if c.kind != Kind::Vendor {
            if let Some(first) = v.first_at {
                diags.push(
                    at(
                        hb,
                        Diagnostic::error(
                            "E046",
                            file,
                            format!(
                                "「{}」は委託先・ベンダー（kind: vendor）ではないので、保守・MDS/SDS・事業者確認用・契約の欄は書けません",
                                c.name
                            ),
                        )
                        .en(format!(
                            "「{}」 is not a vendor (kind: vendor), so it has no maintenance, MDS/SDS, returned-sheet or contract fields",
                            c.name
                        )),
                        first,
                    )
                    .help("ベンダーなら `kind: vendor` に直し、そうでなければこれらの欄を消してください")
                    .help_en("make it `kind: vendor`, or remove these fields"),
                );
            }
            continue;
        }
        if !v.remote() || v.sheet_unreadable || v.sheet_this_year(as_of).is_some() {
            continue;
        }
        let (message, en, pos) = match v.sheet_returned {
            Some((d, d_at)) if d > as_of => (
                format!(
                    "「{}」の事業者確認用チェックリストは{on}の時点でまだ返送されていません（返送日 {}）",
                    c.name,
                    wareki(d)
                ),
                format!(
                    "「{}」 had not returned its checklist sheet yet on {}",
                    c.name,
                    as_of.format("%Y-%m-%d")
                ),
                d_at,
            ),
            Some((d, d_at)) => (
                format!(
                    "リモートメンテナンスを行う「{}」から、{}の事業者確認用チェックリストが返送されていません（前回 {}）",
                    c.name,
                    nendo(year),
                    wareki(d)
                ),
                format!(
                    "「{}」 maintains remotely and has returned no checklist sheet in fiscal year {year} (last {})",
                    c.name,
                    d.format("%Y-%m-%d")
                ),
                d_at,
            ),
            None => (
                format!(
                    "リモートメンテナンスを行う「{}」から、事業者確認用チェックリストが返送されていません",
                    c.name
                ),
                format!(
                    "「{}」 maintains remotely and has returned no checklist sheet",
                    c.name
                ),
                v.remote_maintenance.map_or(c.at, |(_, a)| a),
            ),
        };
        diags.push(
            at(hb, Diagnostic::warning("W025", file, message).en(en), pos)
                .help("事業者確認用チェックリストを送って返送を受け、`sheet_returned:` に受け取った日を書いてください（年度ごと、4月始まり）")
                .help_en("send the vendor the 事業者確認用 sheet, and write the day it came back as `sheet_returned:` (once each fiscal year, from April)"),
        );
    }
}

/// References of the 周知 records, and the W026 rule.
fn notices(hb: &Handbook, as_of: NaiveDate, diags: &mut Vec<Diagnostic>) {
    let Some(t) = &hb.training else { return };
    if !t.complete {
        return;
    }
    let file = t.file.as_str();
    let ids: Vec<&str> = hb.regulations.iter().map(|r| r.id.as_str()).collect();
    for s in t.all_sessions() {
        let notice_kind = t.kinds.iter().any(|k| k.id == s.kind.id && k.notice);
        match (&s.regulation, s.revision) {
            (Some(r), rev) => {
                let Some(reg) = hb.regulation(&r.id) else {
                    let help = match nearest(&r.id, &ids) {
                        Some(n) => format!(
                            "{n} のことですか？ 規程の id は content/regulations/ のファイル名です"
                        ),
                        None => format!(
                            "規程の id は content/regulations/ のファイル名です: {}",
                            ids.join(", ")
                        ),
                    };
                    diags.push(
                        at(
                            hb,
                            Diagnostic::error(
                                "E042",
                                file,
                                format!("規程 `{}` はありません", r.id),
                            )
                            .en(format!("no regulation `{}`", r.id)),
                            r.at,
                        )
                        .help(help)
                        .help_en("regulation ids are the file names in content/regulations/"),
                    );
                    continue;
                };
                match rev {
                    Some((d, d_at)) => {
                        if !crate::routes::noticed_revisions(reg).contains(&d) {
                            let dates: Vec<String> = crate::routes::noticed_revisions(reg)
                                .iter()
                                .map(|d| d.format("%Y-%m-%d").to_string())
                                .collect();
                            diags.push(
                                at(
                                    hb,
                                    Diagnostic::error(
                                        "E042",
                                        file,
                                        format!(
                                            "「{}」の改定履歴に {} の改定はありません",
                                            reg.title,
                                            wareki(d)
                                        ),
                                    )
                                    .en(format!(
                                        "the 改定履歴 of 「{}」 has no revision of {}",
                                        reg.title,
                                        d.format("%Y-%m-%d")
                                    )),
                                    d_at,
                                )
                                .help(format!(
                                    "`revision:` には改定履歴の日付を書いてください: {}",
                                    dates.join(", ")
                                ))
                                .help_en(format!(
                                    "`revision:` is a date of the 改定履歴: {}",
                                    dates.join(", ")
                                )),
                            );
                        }
                    }
                    None if s.revision_unreadable => {}
                    None => diags.push(missing(hb, file, "revision", s.at)),
                }
            }
            (None, Some((_, d_at))) => diags.push(missing(hb, file, "regulation", d_at)),
            (None, None) if notice_kind => {
                diags.push(missing(hb, file, "regulation", s.at));
            }
            (None, None) => {}
        }
    }
    let days = hb.config.review.notice_days;
    for reg in &hb.regulations {
        let newest = reg.newest();
        let current = newest
            .history
            .iter()
            .filter(|h| h.date != NaiveDate::MIN && h.date <= as_of)
            .max_by_key(|h| h.date);
        let Some(h) = current else { continue };
        let since = (as_of - h.date).num_days();
        if since <= i64::from(days)
            || t.coverage(&reg.id, h.date, as_of).sessions > 0
            || t.notice_uncertain(&reg.id)
        {
            continue;
        }
        diags.push(
            at(
                hb,
                Diagnostic::warning(
                    "W026",
                    &newest.file,
                    format!(
                        "「{}」の{}の改定（{}）は施行から{since}日たちますが、周知の記録がありません",
                        reg.title,
                        wareki(h.date),
                        h.note
                    ),
                )
                .en(format!(
                    "the revision of 「{}」 of {} has been in force for {since} days with no record that staff were told",
                    reg.title,
                    h.date.format("%Y-%m-%d")
                )),
                h.at,
            )
            .help(format!(
                "周知したら {} に `regulation: {}` と `revision: {}` を付けた記録を加えてください（期限は review.notice_days: {days}日）。周知確認書は規程のページの改定履歴から印刷できます",
                crate::content::training::FILE,
                reg.id,
                h.date.format("%Y-%m-%d")
            ))
            .help_en(format!(
                "record the session in {} with `regulation: {}` and `revision: {}` (review.notice_days: {days})",
                crate::content::training::FILE,
                reg.id,
                h.date.format("%Y-%m-%d")
            )),
        );
    }
}

fn missing(hb: &Handbook, file: &str, field: &str, pos: At) -> Diagnostic {
    let (ja, en) = if field == "regulation" {
        (
            "周知の記録には、周知した規程（`regulation:`）が必要です",
            "a 周知 record needs the regulation (`regulation:`)",
        )
    } else {
        (
            "周知の記録には、周知した改定の日付（`revision:`）が必要です",
            "a 周知 record needs the revision's date (`revision:`)",
        )
    };
    at(hb, Diagnostic::error("E011", file, ja).en(en), pos)
        .help("`regulation:` に規程の id、`revision:` に改定履歴の日付を書いてください")
        .help_en("write the regulation's id as `regulation:` and the 改定履歴 date as `revision:`")
}
